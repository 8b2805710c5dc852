//! The Dynamics 365 packaging: the JS web resource (wasm embedded) mounts with a fake Xrm, and
//! the command script opens the side pane with the record in `data`.

use crate::common::*;
use js_sys::{Function, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A fake `Xrm` and form context for Ava Reyes in the contoso org, recording side-pane calls.
fn fake_xrm() -> (JsValue, JsValue) {
    let make = Function::new_with_args(
        "clientUrl, id",
        "const calls = [];
         const entity = {
           getEntityName: () => 'contact',
           getId: () => '{' + id.toUpperCase() + '}',
           getPrimaryAttributeValue: () => 'Ava Reyes',
           getEntitySetName: () => 'contacts',
         };
         const formContext = { data: { entity } };
         const xrm = {
           calls,
           Utility: { getGlobalContext: () => ({ getClientUrl: () => clientUrl, client: { getFormFactor: () => 1, getClient: () => 'Web' } }) },
           App: { sidePanes: {
             createPane: (options) => { calls.push(['createPane', options]); return Promise.resolve({ navigate: (page) => { calls.push(['navigate', page]); return Promise.resolve(); } }); },
           } },
         };
         return [xrm, formContext];",
    );
    let pair = js_sys::Array::from(
        &make
            .call2(
                &JsValue::NULL,
                &format!("{EMULATOR}/dataverse/contoso").into(),
                &AVA.into(),
            )
            .unwrap(),
    );
    (pair.get(0), pair.get(1))
}

async fn import(url: &str) -> JsValue {
    let import = Function::new_with_args("url", "return import(url);");
    JsFuture::from(
        import
            .call1(&JsValue::NULL, &url.into())
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_packaged_web_resource_mounts_from_xrm() {
    // Megan's CRM session and Graph token, as on her Dynamics 365 form.
    let opts = signed_in("megan", "pane").await;
    let get_token = Reflect::get(&opts, &"getToken".into()).unwrap();
    let module = import(&format!("{EMULATOR}/pkg/d365/app.js")).await;
    let load: Function = Reflect::get(&module, &"load".into())
        .unwrap()
        .unchecked_into();
    JsFuture::from(
        load.call0(&JsValue::NULL)
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .unwrap();
    let mount_from_xrm: Function = Reflect::get(&module, &"mountFromXrm".into())
        .unwrap()
        .unchecked_into();
    let (xrm, form_context) = fake_xrm();
    let host = host();
    let state = next_state(&host);
    let options = object(&[
        ("xrm", xrm),
        ("formContext", form_context),
        ("getToken", get_token),
        ("mode", "pane".into()),
        // The adapter defaults to https://graph.microsoft.com/v1.0; the emulator stands in here.
        ("graphUrl", format!("{EMULATOR}/graph/v1.0").into()),
    ]);
    let handle = mount_from_xrm
        .call2(&JsValue::NULL, &host, &options)
        .unwrap();
    let state = state.await;
    assert!(state.visible, "{state:?}");
    loaded(&host).await;
    // The adapter read the record off the form: braces stripped, lower case.
    let requests = log("?path=RetrievePrincipalAccess&listener=main").await;
    assert!(
        requests
            .iter()
            .any(|r| r["query"].as_str().unwrap_or("").contains(AVA)),
        "{requests:?}"
    );
    // The pane's page keeps no reference to the handle (pane.html discards it): a garbage
    // collection must not unmount it.
    drop(handle);
    collect_garbage().await;
    assert!(
        !rows(&host, "other").is_empty(),
        "the garbage collector unmounted the side pane"
    );
    let unmount_all: Function = Reflect::get(&module, &"unmountAll".into())
        .unwrap()
        .unchecked_into();
    unmount_all.call0(&JsValue::NULL).unwrap();
    assert_eq!(shadow_children(&host), 0);
}

#[wasm_bindgen_test]
async fn the_command_script_opens_the_side_pane_with_the_record() {
    let response = gloo_net::http::Request::get(&format!("{EMULATOR}/pkg/d365/command.js"))
        .send()
        .await
        .unwrap();
    assert!(
        response.ok(),
        "cargo xtask test packages the web resources first"
    );
    let script = response.text().await.unwrap();
    let (xrm, form_context) = fake_xrm();
    let run = Function::new_with_args(
        "Xrm, formContext",
        &format!("{script}\nreturn teamsCollaborateOpen(formContext);"),
    );
    let done = run.call2(&JsValue::NULL, &xrm, &form_context).unwrap();
    JsFuture::from(done.unchecked_into::<Promise>())
        .await
        .unwrap();
    let calls = js_sys::Array::from(&Reflect::get(&xrm, &"calls".into()).unwrap());
    assert_eq!(calls.length(), 2);
    let created = js_sys::Array::from(&calls.get(0));
    assert_eq!(
        Reflect::get(&created.get(1), &"paneId".into()).unwrap(),
        "TeamsCollaborate"
    );
    let navigated = js_sys::Array::from(&calls.get(1));
    let page = navigated.get(1);
    assert_eq!(
        Reflect::get(&page, &"pageType".into()).unwrap(),
        "webresource"
    );
    assert_eq!(
        Reflect::get(&page, &"webresourceName".into()).unwrap(),
        "new_/teamscollaborate/pane.html"
    );
    let data: Value = serde_json::from_str(
        &Reflect::get(&page, &"data".into())
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(data["id"], AVA);
    assert_eq!(data["entityName"], "contact");
    assert_eq!(data["name"], "Ava Reyes");
}
