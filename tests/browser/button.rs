//! The Collaborate button and its pane: names, states, keyboard, focus; pane mode; unmount.

use crate::common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

fn shown_options() -> js_sys::Object {
    let opts = options("https://org.crm.dynamics.com");
    let flags = object(&[
        ("tenantConsent", true.into()),
        ("instanceEnabled", true.into()),
    ]);
    set(&opts, "flags", flags.into());
    opts
}

fn press(target: &HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn pane(host: &HtmlElement) -> HtmlElement {
    find(host, "[role=region]").expect("the pane region")
}

fn accessible_name_of_region(host: &HtmlElement, region: &HtmlElement) -> String {
    if let Some(label) = region.get_attribute("aria-label") {
        return label;
    }
    let id = region.get_attribute("aria-labelledby").expect("a label");
    shadow(host)
        .get_element_by_id(&id)
        .unwrap()
        .text_content()
        .unwrap()
}

fn focused(host: &HtmlElement) -> Option<web_sys::Element> {
    shadow(host).active_element()
}

#[wasm_bindgen_test]
async fn the_button_opens_and_closes_the_pane() {
    let (host, handle, _) = mount(&shown_options()).await;
    let button = collaborate_button(&host).expect("a button named Collaborate");
    assert_eq!(button.tag_name(), "BUTTON");
    assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let region = pane(&host);
    assert_eq!(button.get_attribute("aria-controls"), Some(region.id()));
    assert_eq!(accessible_name_of_region(&host, &region), "Teams chats");
    assert!(region.hidden(), "closed at first");

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert!(!pane(&host).hidden());

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(pane(&host).hidden());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn escape_closes_and_returns_focus_to_the_button() {
    let (host, handle, _) = mount(&shown_options()).await;
    let button = collaborate_button(&host).unwrap();
    button.focus().unwrap();
    button.click();
    settle().await;
    let close = find(&host, ".tc-close").expect("a close button in the pane");
    close.focus().unwrap();
    assert_eq!(focused(&host).as_ref(), Some(close.unchecked_ref()));

    press(&close, "Escape");
    settle().await;
    assert!(pane(&host).hidden());
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        focused(&host).as_ref(),
        Some(button.unchecked_ref()),
        "focus back on the button"
    );

    // Escape on a closed pane does nothing (and is left to the page around it).
    press(&button, "Escape");
    settle().await;
    assert!(pane(&host).hidden());
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );

    // Other keys do nothing to an open pane.
    button.click();
    settle().await;
    press(&pane(&host), "a");
    settle().await;
    assert!(!pane(&host).hidden());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_close_button_closes_and_returns_focus() {
    let (host, handle, _) = mount(&shown_options()).await;
    let button = collaborate_button(&host).unwrap();
    button.click();
    settle().await;
    let close = find(&host, ".tc-close").unwrap();
    assert_eq!(
        close.get_attribute("aria-label").as_deref(),
        Some("Close Teams chats")
    );
    close.click();
    settle().await;
    assert!(pane(&host).hidden());
    assert_eq!(focused(&host).as_ref(), Some(button.unchecked_ref()));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn pane_mode_renders_the_pane_alone() {
    let opts = shown_options();
    set(&opts, "mode", "pane".into());
    let (host, handle, state) = mount(&opts).await;
    assert!(state.visible);
    assert!(collaborate_button(&host).is_none());
    let region = pane(&host);
    assert!(!region.hidden());
    assert_eq!(accessible_name_of_region(&host, &region), "Teams chats");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn unmount_leaves_the_element_empty() {
    let (host, handle, _) = mount(&shown_options()).await;
    assert!(shadow_children(&host) > 0);
    handle.unmount();
    settle().await;
    assert_eq!(shadow_children(&host), 0);
    assert_eq!(host.child_nodes().length(), 0);
    handle.unmount(); // twice is harmless
    assert!(
        handle.update(shown_options().into()).is_err(),
        "an unmounted handle refuses updates"
    );
}

#[wasm_bindgen_test]
async fn an_answer_after_unmount_renders_nothing() {
    let dataverse = instance(true, true).await;
    let host = host();
    let handle = teams_collaborate::mount(host.clone().into(), options(&dataverse).into()).unwrap();
    handle.unmount();
    // Give the flag reads time to come back; nothing may render or be announced.
    let announced = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = announced.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || flag.set(true));
    host.add_event_listener_with_callback(
        "teams-collaborate-state",
        listener.as_ref().unchecked_ref(),
    )
    .unwrap();
    sleep(500).await;
    settle().await;
    assert_eq!(shadow_children(&host), 0);
    assert!(!announced.get(), "no state event after unmount");
}

#[wasm_bindgen_test]
async fn the_state_event_bubbles_and_crosses_shadow_boundaries() {
    // The component sits inside another shadow root, as in a CRM form built of web components.
    let outer = host();
    let outer_root = outer
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let inner: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    outer_root.append_child(&inner).unwrap();
    // Only a composed event leaves the outer shadow root and reaches its host.
    let heard = next_state(&outer);
    let handle = teams_collaborate::mount(inner.into(), shown_options().into()).unwrap();
    assert!(heard.await.visible);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_listener_may_unmount_during_the_state_event() {
    let host = host();
    let slot: std::rc::Rc<std::cell::RefCell<Option<teams_collaborate::Handle>>> =
        Default::default();
    let from_listener = slot.clone();
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        if let Some(handle) = from_listener.borrow().as_ref() {
            handle.unmount();
        }
    });
    host.add_event_listener_with_callback(
        "teams-collaborate-state",
        listener.as_ref().unchecked_ref(),
    )
    .unwrap();
    let heard = next_state(&host);
    *slot.borrow_mut() =
        Some(teams_collaborate::mount(host.clone().into(), shown_options().into()).unwrap());
    heard.await;
    settle().await;
    assert_eq!(shadow_children(&host), 0, "unmounted from inside the event");
    // The page is still alive: mounting again works.
    let heard = next_state(&host);
    let again = teams_collaborate::mount(host.clone().into(), shown_options().into()).unwrap();
    assert!(heard.await.visible);
    again.unmount();
}

#[wasm_bindgen_test]
async fn mounting_twice_on_one_element_replaces_the_first() {
    let dataverse = instance(true, true).await;
    let host = host();
    let first = teams_collaborate::mount(host.clone().into(), options(&dataverse).into()).unwrap();
    let heard = next_state(&host);
    let pane = options(&dataverse);
    set(&pane, "mode", "pane".into());
    let second = teams_collaborate::mount(host.clone().into(), pane.into()).unwrap();
    assert!(heard.await.visible);
    sleep(300).await;
    settle().await;
    // Only the second mount's pane is there; the first never adds its button back.
    assert!(collaborate_button(&host).is_none());
    assert_eq!(
        shadow(&host)
            .query_selector_all(".tc-root")
            .unwrap()
            .length(),
        1
    );
    first.unmount(); // the replaced handle no longer owns anything
    assert_eq!(
        shadow(&host)
            .query_selector_all(".tc-root")
            .unwrap()
            .length(),
        1
    );
    second.unmount();
    assert_eq!(shadow_children(&host), 0);
}

#[wasm_bindgen_test]
async fn freeing_the_handle_unmounts() {
    let (host, handle, _) = mount(&shown_options()).await;
    assert!(shadow_children(&host) > 0);
    drop(handle); // what JS `handle.free()` or the end of a `using` block does
    assert_eq!(shadow_children(&host), 0);
}

/// A JavaScript handle that nobody holds any more, after a forced garbage collection and its
/// finalizers: the mount is still there. `free()` (and `using`) still unmounts.
#[wasm_bindgen_test]
async fn a_dropped_handle_lives_until_unmounted() {
    let host = host();
    let state = next_state(&host);
    let handle = teams_collaborate::embed::mount_js(host.clone().into(), shown_options().into())
        .expect("mounted");
    assert!(state.await.visible);
    drop(handle);
    collect_garbage().await;
    assert!(
        shadow_children(&host) > 0 && find(&host, ".tc-button").is_some(),
        "the garbage collector unmounted a mount nobody unmounted"
    );
    teams_collaborate::embed::unmount_all();
    assert_eq!(shadow_children(&host), 0);

    let host = crate::common::host();
    let handle = teams_collaborate::embed::mount_js(host.clone().into(), shown_options().into())
        .expect("mounted");
    let free: js_sys::Function = js_sys::Reflect::get(&handle, &"free".into())
        .unwrap()
        .unchecked_into();
    free.call0(&handle).unwrap();
    assert_eq!(shadow_children(&host), 0, "free() unmounts");
}

/// The wasm linear memory's size in bytes.
fn wasm_memory_bytes() -> u32 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length()
}

/// Mounts on a fresh host of an emulated instance, opens and closes the pane, and unmounts.
async fn mount_open_close_unmount(dataverse: &str) {
    let (host, handle, _) = mount(&options(dataverse)).await;
    let button = collaborate_button(&host).expect("a button named Collaborate");
    button.click();
    settle().await;
    assert!(!pane(&host).hidden(), "the button opens the pane");
    button.click();
    settle().await;
    handle.unmount();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_new_mount_reuses_an_unmounted_root_and_starts_fresh() {
    let (first, handle, _) = mount(&shown_options()).await;
    let root = find(&first, ".tc-root").expect("the app root");
    collaborate_button(&first).unwrap().click();
    settle().await;
    assert!(!pane(&first).hidden());
    handle.unmount();
    assert_eq!(shadow_children(&first), 0);

    // Yew never frees a root's listeners, so roots are reused: the same element moves to the
    // next mount, with nothing of the last one's state and its events still delivered.
    let (second, handle, _) = mount(&shown_options()).await;
    let reused = find(&second, ".tc-root").expect("the app root");
    assert!(reused == root, "the unmounted root is used again");
    assert!(pane(&second).hidden(), "the pane starts closed");
    let button = collaborate_button(&second).unwrap();
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    button.click();
    settle().await;
    assert!(!pane(&second).hidden(), "clicks reach the moved root");
    press(&pane(&second), "Escape");
    settle().await;
    assert!(pane(&second).hidden(), "keys reach the moved root");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn repeated_mounts_do_not_grow_wasm_memory() {
    let dataverse = instance(true, true).await;
    for _ in 0..10 {
        mount_open_close_unmount(&dataverse).await;
    }
    let before = wasm_memory_bytes();
    for _ in 0..100 {
        mount_open_close_unmount(&dataverse).await;
    }
    let grown = wasm_memory_bytes() - before;
    // One 64 KB page of slack for the allocator; a new Yew root per mount cost about 3 KB each.
    assert!(
        grown <= 64 * 1024,
        "100 mounts grew wasm memory by {grown} bytes"
    );
}
