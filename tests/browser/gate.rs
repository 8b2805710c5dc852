//! The visibility gate end to end: flags from the emulator, device signals, the state event.

use crate::common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const MAC_SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";

fn ready() -> State {
    State {
        visible: true,
        reason: "ready".into(),
    }
}

fn hidden(reason: &str) -> State {
    State {
        visible: false,
        reason: reason.into(),
    }
}

#[wasm_bindgen_test]
async fn visible_with_both_flags_on() {
    let dataverse = instance(true, true).await;
    let opts = options(&dataverse);
    let (host, handle, state) = mount(&opts).await;
    assert_eq!(state, ready());
    assert!(
        collaborate_button(&host).is_some(),
        "the Collaborate button renders"
    );
    // The flags, WhoAmI, the entity definition (set name and type code), the record type's
    // chat settings and the three privileges were read at mount with the session (a null
    // token), never a forced refresh, and nothing from Graph before anyone clicked.
    let calls = token_calls(&js_sys::Reflect::get(&opts, &"getToken".into()).unwrap());
    assert_eq!(
        calls,
        vec![("dataverse".to_owned(), false); 8],
        "and the three link-table privileges (create and write chat links, delete channel links)"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hidden_when_the_tenant_has_not_consented() {
    let (host, handle, state) = mount(&options(&instance(false, true).await)).await;
    assert_eq!(state, hidden("tenant-consent-off"));
    assert_eq!(shadow_children(&host), 0, "an empty shadow root");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hidden_when_the_instance_is_off() {
    let (host, handle, state) = mount(&options(&instance(true, false).await)).await;
    assert_eq!(state, hidden("instance-off"));
    assert_eq!(shadow_children(&host), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hidden_on_each_host_mobile_signal() {
    let dataverse = instance(true, true).await;
    let signals: [(&str, JsValue); 5] = [
        ("client", "Mobile".into()),
        ("formFactor", 2.into()),
        ("formFactor", 3.into()),
        ("userAgent", IPHONE.into()),
        ("client", "mobile".into()),
    ];
    for (key, value) in signals {
        let opts = options(&dataverse);
        set(&opts, key, value.clone());
        let (host, handle, state) = mount(&opts).await;
        assert_eq!(state, hidden("mobile"), "{key} = {value:?}");
        assert_eq!(shadow_children(&host), 0, "{key} = {value:?}");
        // A device that never shows the component costs no Dataverse request.
        let calls = token_calls(&js_sys::Reflect::get(&opts, &"getToken".into()).unwrap());
        assert!(calls.is_empty(), "{key}: {calls:?}");
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn hidden_when_client_hints_say_mobile() {
    let dataverse = instance(true, true).await;
    let hints = object(&[("mobile", true.into())]);
    let restore = override_navigator("userAgentData", hints.into());
    let (host, handle, state) = mount(&options(&dataverse)).await;
    restore();
    assert_eq!(state, hidden("mobile"));
    assert_eq!(shadow_children(&host), 0);
    handle.unmount();

    let hints = object(&[("mobile", false.into())]);
    let restore = override_navigator("userAgentData", hints.into());
    let (_, handle, state) = mount(&options(&dataverse)).await;
    restore();
    assert_eq!(
        state,
        ready(),
        "mobile: false from client hints is not a mobile signal"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hidden_for_ipados_posing_as_a_mac() {
    let dataverse = instance(true, true).await;
    let restore_ua = override_navigator("userAgent", MAC_SAFARI.into());
    let restore_touch = override_navigator("maxTouchPoints", 5.into());
    let (_, handle, state) = mount(&options(&dataverse)).await;
    restore_touch();
    assert_eq!(state, hidden("mobile"));
    handle.unmount();

    // The same Mac string without touch is a desktop.
    let (_, handle, state) = mount(&options(&dataverse)).await;
    restore_ua();
    assert_eq!(state, ready());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hidden_when_the_flags_cannot_be_read() {
    // The emulator is down.
    let (host, handle, state) = mount(&options(DEAD_DATAVERSE)).await;
    assert_eq!(state, hidden("flags-unreadable"));
    assert_eq!(shadow_children(&host), 0);
    handle.unmount();

    // A 500 on one flag, bad JSON on the other, or a body of the wrong shape.
    let cases: [(&str, u16, Option<&str>); 4] = [
        ("organizations", 500, None),
        ("msdyn_msteamssettingsv2", 500, None),
        ("organizations", 200, Some("{\"value\": [")),
        (
            "msdyn_msteamssettingsv2",
            200,
            Some("{\"value\": [{\"msdyn_embedcollabteamsintegrationenabled\": \"yes\"}]}"),
        ),
    ];
    for (set_name, status, body) in cases {
        let dataverse = instance(true, true).await;
        fault(
            &format!("{}/api/data/v9.2/{set_name}", path_of(&dataverse)),
            status,
            body,
            1,
        )
        .await;
        let (host, handle, state) = mount(&options(&dataverse)).await;
        assert_eq!(
            state,
            hidden("flags-unreadable"),
            "{set_name} {status} {body:?}"
        );
        assert_eq!(shadow_children(&host), 0);
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_401_is_retried_once_with_a_forced_refresh_then_fails_closed() {
    let dataverse = instance(true, true).await;
    let organizations = format!("{}/api/data/v9.2/organizations", path_of(&dataverse));
    fault(&organizations, 401, Some(""), 1).await;
    let opts = options(&dataverse);
    let (_, handle, state) = mount(&opts).await;
    assert_eq!(state, ready(), "one 401, then the retry succeeds");
    let calls = token_calls(&js_sys::Reflect::get(&opts, &"getToken".into()).unwrap());
    assert!(calls.contains(&("dataverse".into(), true)), "{calls:?}");
    handle.unmount();

    fault(&organizations, 401, Some(""), 2).await;
    let (_, handle, state) = mount(&options(&dataverse)).await;
    assert_eq!(
        state,
        hidden("flags-unreadable"),
        "a second 401 is not retried again"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_host_that_knows_the_flags_makes_no_flag_request() {
    for (tenant, instance_on, want) in [
        (true, true, ready()),
        (false, true, hidden("tenant-consent-off")),
        (true, false, hidden("instance-off")),
    ] {
        // The Dataverse URL points nowhere: any flag read would fail closed.
        let opts = options(DEAD_DATAVERSE);
        let record = js_sys::Reflect::get(&opts, &"record".into()).unwrap();
        js_sys::Reflect::set(&record, &"entitySetName".into(), &"contacts".into()).unwrap();
        let flags = object(&[
            ("tenantConsent", tenant.into()),
            ("instanceEnabled", instance_on.into()),
        ]);
        set(&opts, "flags", flags.into());
        // The host knows the record type's settings too.
        set(&opts, "recordTypeSettings", object(&[]).into());
        let (_, handle, state) = mount(&opts).await;
        assert_eq!(state, want);
        let calls = token_calls(&js_sys::Reflect::get(&opts, &"getToken".into()).unwrap());
        assert_eq!(
            calls.len(),
            1,
            "WhoAmI only (it fails here, so no privilege is read): no flag or settings read, and the host gave the entity set: {calls:?}"
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn update_re_runs_the_gate() {
    let dataverse = instance(true, true).await;
    let opts = options(&dataverse);
    let (host, handle, state) = mount(&opts).await;
    assert_eq!(state, ready());

    // The host passes its options again, as `{...options, formFactor}` would: the same getToken.
    let same_token = js_sys::Reflect::get(&opts, &"getToken".into()).unwrap();
    let phone = options(&dataverse);
    set(&phone, "formFactor", 3.into());
    set(&phone, "getToken", same_token.clone());
    let next = next_state(&host);
    handle.update(phone.into()).unwrap();
    assert_eq!(next.await, hidden("mobile"));
    assert_eq!(shadow_children(&host), 0);

    let desktop = options(&dataverse);
    set(&desktop, "formFactor", 1.into());
    set(&desktop, "getToken", same_token);
    let get_token = js_sys::Reflect::get(&desktop, &"getToken".into()).unwrap();
    let before = token_calls(&get_token).len();
    let next = next_state(&host);
    handle.update(desktop.clone().into()).unwrap();
    assert_eq!(next.await, ready());
    settle().await;
    assert!(collaborate_button(&host).is_some());
    // The flags, the user and the privileges were read once at mount and kept: showing again
    // costs no request.
    assert_eq!(
        token_calls(&get_token).len(),
        before,
        "{:?}",
        token_calls(&get_token)
    );
    handle.unmount();
}
