//! The `<teams-collaborate>` custom element: attributes, properties, upgrade, errors.

use crate::common::*;
use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Document, HtmlElement};

/// The document, with the element defined: a test binary does not run the module's start
/// function the way `init()` does, so each test defines it (a second definition is a no-op).
fn document() -> Document {
    teams_collaborate::embed::define_element();
    web_sys::window().unwrap().document().unwrap()
}

fn set_attributes(element: &HtmlElement, dataverse: &str) {
    for (name, value) in [
        ("entity-name", "contact"),
        ("record-id", RECORD_ID),
        ("record-name", "Ava Reyes"),
        ("entity-set-name", "contacts"),
        ("dataverse-url", dataverse),
        ("graph-url", &format!("{EMULATOR}/graph/v1.0")),
    ] {
        element.set_attribute(name, value).unwrap();
    }
}

/// A `<teams-collaborate>` with every record and URL attribute set, not yet in the document.
fn new_element(dataverse: &str) -> HtmlElement {
    let element: HtmlElement = document()
        .create_element("teams-collaborate")
        .unwrap()
        .unchecked_into();
    set_attributes(&element, dataverse);
    element
}

/// Puts the element in the document and waits for its first state event.
async fn connect(element: &HtmlElement) -> State {
    let state = next_state(element);
    document().body().unwrap().append_child(element).unwrap();
    state.await
}

/// Replaces `console.error` with a recorder until the returned function restores it.
#[wasm_bindgen_test]
async fn attributes_and_get_token_render_the_button() {
    let dataverse = instance(true, true).await;
    let element = new_element(&dataverse);
    let get_token = recording_get_token();
    Reflect::set(&element, &"getToken".into(), &get_token).unwrap();
    assert_eq!(
        connect(&element).await,
        State {
            visible: true,
            reason: "ready".into()
        }
    );
    settle().await;
    assert!(collaborate_button(&element).is_some());
    assert!(
        !token_calls(&get_token).is_empty(),
        "the element's getToken was used"
    );

    // An attribute change re-renders: pane mode drops the button.
    element.set_attribute("mode", "pane").unwrap();
    sleep(50).await;
    settle().await;
    assert!(collaborate_button(&element).is_none());
    assert!(find(&element, "[role=region]").is_some());

    // Removing the element unmounts the component.
    element.remove();
    assert_eq!(shadow_children(&element), 0);
}

#[wasm_bindgen_test]
async fn a_listener_may_remove_the_element_during_the_state_event() {
    let element = new_element(DEAD_DATAVERSE);
    Reflect::set(&element, &"getToken".into(), &recording_get_token()).unwrap();
    // The host hides its slot when the component says it is hidden.
    let remove =
        Function::new_with_args("event", "if (!event.detail.visible) event.target.remove();");
    element
        .add_event_listener_with_callback("teams-collaborate-state", &remove)
        .unwrap();
    assert_eq!(connect(&element).await.reason, "flags-unreadable");
    settle().await;
    assert!(!element.is_connected());
    assert_eq!(shadow_children(&element), 0);
}

#[wasm_bindgen_test]
async fn the_options_property_carries_the_rest() {
    // Dataverse is unreachable: only the host's flags, from `options`, can make it visible.
    let element = new_element(DEAD_DATAVERSE);
    let flags = object(&[
        ("tenantConsent", true.into()),
        ("instanceEnabled", true.into()),
    ]);
    let options = object(&[("flags", flags.clone().into()), ("formFactor", 1.into())]);
    Reflect::set(&element, &"options".into(), &options).unwrap();
    Reflect::set(&element, &"getToken".into(), &recording_get_token()).unwrap();
    assert_eq!(
        connect(&element).await,
        State {
            visible: true,
            reason: "ready".into()
        }
    );

    // A new options object re-renders with the new host context.
    let state = next_state(&element);
    let phone = object(&[("flags", flags.into()), ("formFactor", 3.into())]);
    Reflect::set(&element, &"options".into(), &phone).unwrap();
    assert_eq!(
        state.await,
        State {
            visible: false,
            reason: "mobile".into()
        }
    );
    element.remove();
}

#[wasm_bindgen_test]
async fn invalid_attributes_render_nothing_and_say_which() {
    let dataverse = instance(true, true).await;
    let element = new_element(&dataverse);
    element.set_attribute("record-id", "not-a-guid").unwrap();
    Reflect::set(&element, &"getToken".into(), &recording_get_token()).unwrap();
    let (messages, restore) = record_console("error");
    let state = connect(&element).await;
    restore();
    assert_eq!(
        state,
        State {
            visible: false,
            reason: "invalid-options".into()
        }
    );
    assert_eq!(messages.length(), 1, "one console error");
    let message = messages.get(0).as_string().unwrap();
    assert!(message.contains("\"record-id\""), "{message}");
    assert_eq!(shadow_children(&element), 0);

    // Fixing the attribute shows it; breaking another one hides it again.
    let state = next_state(&element);
    element.set_attribute("record-id", RECORD_ID).unwrap();
    assert_eq!(state.await.reason, "ready");
    let (messages, restore) = record_console("error");
    let state = next_state(&element);
    element.set_attribute("dataverse-url", "not a url").unwrap();
    let state = state.await;
    restore();
    assert_eq!(state.reason, "invalid-options");
    assert!(messages
        .get(0)
        .as_string()
        .unwrap()
        .contains("\"dataverse-url\""));
    assert_eq!(shadow_children(&element), 0);
    element.remove();
}

#[wasm_bindgen_test]
async fn get_token_set_before_the_upgrade_is_picked_up() {
    let dataverse = instance(true, true).await;
    // A document without a browsing context does not upgrade custom elements.
    let inert = document()
        .implementation()
        .unwrap()
        .create_html_document_with_title("inert")
        .unwrap();
    let element: HtmlElement = inert
        .create_element("teams-collaborate")
        .unwrap()
        .unchecked_into();
    set_attributes(&element, &dataverse);
    let get_token = recording_get_token();
    Reflect::set(&element, &"getToken".into(), &get_token).unwrap();
    assert!(
        Reflect::get_own_property_descriptor(&element, &"getToken".into())
            .unwrap()
            .is_object(),
        "before the upgrade, getToken is a plain own property"
    );
    let adopted: HtmlElement = document().adopt_node(&element).unwrap().unchecked_into();
    let state = next_state(&adopted);
    document().body().unwrap().append_child(&adopted).unwrap();
    assert_eq!(state.await.reason, "ready");
    assert!(!token_calls(&get_token).is_empty());
    assert!(
        Reflect::get_own_property_descriptor(&adopted, &"getToken".into())
            .unwrap()
            .is_undefined(),
        "the own property gave way to the element's accessor"
    );
    adopted.remove();
}

#[wasm_bindgen_test]
fn defining_the_element_twice_is_harmless() {
    teams_collaborate::embed::define_element();
    teams_collaborate::embed::define_element();
    let registry = web_sys::window().unwrap().custom_elements();
    assert!(registry.get("teams-collaborate").is_function());
}
