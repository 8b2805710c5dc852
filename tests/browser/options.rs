//! Bad options throw a JS `Error` naming the field, and nothing is rendered.

use crate::common::*;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn record_with(key: &str, value: JsValue) -> Object {
    let opts = options("https://org.crm.dynamics.com");
    let record = Reflect::get(&opts, &"record".into()).unwrap();
    Reflect::set(&record, &key.into(), &value).unwrap();
    opts
}

fn with(key: &str, value: JsValue) -> Object {
    let opts = options("https://org.crm.dynamics.com");
    set(&opts, key, value);
    opts
}

fn without(key: &str) -> Object {
    let opts = options("https://org.crm.dynamics.com");
    Reflect::delete_property(&opts, &key.into()).unwrap();
    opts
}

fn assert_throws_naming(options: JsValue, field: &str) {
    let host = host();
    let error = match teams_collaborate::mount(host.clone().into(), options) {
        Ok(_) => panic!("mount accepted bad {field}"),
        Err(error) => error,
    };
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "{field}: a JS Error"
    );
    let message: String = js_sys::Error::from(error.clone()).message().into();
    assert!(
        message.contains(&format!("\"{field}\"")),
        "{field}: {message}"
    );
    assert_eq!(
        Reflect::get(&error, &"field".into()).unwrap(),
        field,
        "{message}"
    );
    assert!(host.shadow_root().is_none(), "{field}: nothing rendered");
    assert_eq!(host.child_nodes().length(), 0);
}

#[wasm_bindgen_test]
fn bad_options_throw_with_the_field_named() {
    let not_a_function: JsValue = "token".into();
    let cases: Vec<(JsValue, &str)> = vec![
        (JsValue::NULL, "options"),
        ("options".into(), "options"),
        (without("record").into(), "record"),
        (with("record", "contact".into()).into(), "record"),
        (record_with("id", JsValue::UNDEFINED).into(), "record.id"),
        (record_with("id", "not-a-guid".into()).into(), "record.id"),
        (record_with("id", 42.into()).into(), "record.id"),
        (
            record_with("entityName", JsValue::UNDEFINED).into(),
            "record.entityName",
        ),
        (
            record_with("entityName", "".into()).into(),
            "record.entityName",
        ),
        (record_with("name", 7.into()).into(), "record.name"),
        (without("dataverseUrl").into(), "dataverseUrl"),
        (
            with("dataverseUrl", "/dataverse/contoso".into()).into(),
            "dataverseUrl",
        ),
        (
            with("graphUrl", "graph.microsoft.com/v1.0".into()).into(),
            "graphUrl",
        ),
        (
            with("graphUrl", "javascript:alert(1)".into()).into(),
            "graphUrl",
        ),
        (without("getToken").into(), "getToken"),
        (with("getToken", not_a_function).into(), "getToken"),
        (with("mode", "sidebar".into()).into(), "mode"),
        (with("formFactor", 7.into()).into(), "formFactor"),
        (with("formFactor", "3".into()).into(), "formFactor"),
        (with("flags", true.into()).into(), "flags"),
        (
            with(
                "flags",
                object(&[
                    ("tenantConsent", "yes".into()),
                    ("instanceEnabled", true.into()),
                ])
                .into(),
            )
            .into(),
            "flags.tenantConsent",
        ),
        (
            with("flags", object(&[("tenantConsent", true.into())]).into()).into(),
            "flags.instanceEnabled",
        ),
        (
            with("teamsHosts", "teams.contoso.com".into()).into(),
            "teamsHosts",
        ),
        (
            with("presenceIntervalSeconds", 0.into()).into(),
            "presenceIntervalSeconds",
        ),
        (
            with("chatListIntervalSeconds", 2.5.into()).into(),
            "chatListIntervalSeconds",
        ),
        (
            with("messagesIntervalSeconds", (-1).into()).into(),
            "messagesIntervalSeconds",
        ),
        (
            with(
                "recordUrl",
                "http://contoso.crm.dynamics.com/main.aspx".into(),
            )
            .into(),
            "recordUrl",
        ),
        (
            with("recordUrl", "javascript:alert(1)".into()).into(),
            "recordUrl",
        ),
        (with("recordUrl", 5.into()).into(), "recordUrl"),
        (
            with("recordTypeSettings", true.into()).into(),
            "recordTypeSettings",
        ),
        (
            with(
                "recordTypeSettings",
                object(&[("enableKickoffMessage", "yes".into())]).into(),
            )
            .into(),
            "recordTypeSettings.enableKickoffMessage",
        ),
        (
            with(
                "recordTypeSettings",
                object(&[("enabled", 1.into())]).into(),
            )
            .into(),
            "recordTypeSettings.enabled",
        ),
        (
            with(
                "recordTypeSettings",
                object(&[("contextViewId", "view".into())]).into(),
            )
            .into(),
            "recordTypeSettings.contextViewId",
        ),
    ];
    for (options, field) in cases {
        assert_throws_naming(options, field);
    }
}

#[wasm_bindgen_test]
fn the_element_must_be_an_element() {
    let error = teams_collaborate::mount(
        "#slot".into(),
        options("https://org.crm.dynamics.com").into(),
    )
    .err()
    .expect("a string is not an element");
    assert_eq!(Reflect::get(&error, &"field".into()).unwrap(), "element");
}

#[wasm_bindgen_test]
async fn braces_and_upper_case_ids_are_accepted() {
    let opts = record_with("id", format!("{{{}}}", RECORD_ID.to_uppercase()).into());
    let flags = object(&[
        ("tenantConsent", true.into()),
        ("instanceEnabled", true.into()),
    ]);
    set(&opts, "flags", flags.into());
    let (host, handle, state) = mount(&opts).await;
    assert!(state.visible);
    assert!(collaborate_button(&host).is_some());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_bad_update_throws_and_keeps_what_is_shown() {
    let opts = options("https://org.crm.dynamics.com");
    let flags = object(&[
        ("tenantConsent", true.into()),
        ("instanceEnabled", true.into()),
    ]);
    set(&opts, "flags", flags.into());
    let (host, handle, _) = mount(&opts).await;
    let bad = record_with("id", "nope".into());
    let error = handle.update(bad.into()).expect_err("update validates too");
    assert_eq!(Reflect::get(&error, &"field".into()).unwrap(), "record.id");
    settle().await;
    assert!(collaborate_button(&host).is_some());
    handle.unmount();
}
