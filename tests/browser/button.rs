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

/// The open's requests under way: `GET /me/chats` reached the emulator.
async fn chats_requested() -> usize {
    log("?path=/me/chats&listener=main").await.len()
}

/// A pointer resting on Collaborate for 150 ms loads the chats before the click; one passing
/// over it loads nothing; nothing polls until the pane opens; the click then costs no request
/// the prefetch made and shows the rows at once.
#[wasm_bindgen_test]
async fn a_resting_pointer_loads_the_chats_before_the_click() {
    let opts = signed_in("megan", "button").await;
    // Polling at its fastest, so a prefetch that started polling would show in the log.
    set(&opts, "presenceIntervalSeconds", 1.into());
    let (host, handle, _) = mount(&opts).await;
    sleep(300).await;
    clear_log().await;
    let button = collaborate_button(&host).unwrap();
    let pointer = |kind: &str| {
        button
            .dispatch_event(&web_sys::PointerEvent::new(kind).unwrap())
            .unwrap();
    };
    pointer("pointerenter");
    sleep(60).await;
    pointer("pointerleave");
    sleep(400).await;
    assert_eq!(
        chats_requested().await,
        0,
        "a pointer passing over asks for nothing"
    );
    pointer("pointerenter");
    for _ in 0..50 {
        if chats_requested().await > 0 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        chats_requested().await,
        1,
        "resting 150 ms starts the open's first round"
    );
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false"),
        "the pane stays closed"
    );
    quiet().await;
    let prefetched = log("?listener=main").await.len();
    sleep(2_500).await;
    assert_eq!(
        log("?listener=main").await.len(),
        prefetched,
        "nothing polls while the pane is closed"
    );
    button.click();
    settle().await;
    assert!(
        !rows(&host, "other").is_empty(),
        "the rows show in the first frame after the click"
    );
    pointer("pointerleave");
    pointer("pointerenter");
    sleep(400).await;
    assert_eq!(
        chats_requested().await,
        1,
        "the click and a second rest ask for nothing more"
    );
    handle.unmount();
}

/// Keyboard focus on Collaborate is intent too.
#[wasm_bindgen_test]
async fn focusing_the_button_loads_the_chats_before_the_click() {
    let opts = signed_in("megan", "button").await;
    let (host, handle, _) = mount(&opts).await;
    sleep(300).await;
    assert_eq!(
        chats_requested().await,
        0,
        "mounting asks Graph for nothing"
    );
    collaborate_button(&host).unwrap().focus().unwrap();
    for _ in 0..50 {
        if chats_requested().await > 0 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(chats_requested().await, 1);
    handle.unmount();
}

/// The status line that says rows shown from memory are being read again.
fn updating(host: &HtmlElement) -> String {
    shadow(host)
        .query_selector("#tc-panel-chats p.tc-sr[role=status]")
        .unwrap()
        .map(|p| p.text_content().unwrap())
        .unwrap_or_default()
}

/// Reopening shows the last rows at once, before any request, says once that they are being
/// updated, then updates them in place: a chat made meanwhile appears.
#[wasm_bindgen_test]
async fn reopening_shows_the_last_rows_at_once_then_updates_them() {
    let opts = signed_in("megan", "button").await;
    set(&opts, "chatListIntervalSeconds", 1.into());
    let (host, handle, _) = mount(&opts).await;
    let button = collaborate_button(&host).unwrap();
    button.click();
    loaded(&host).await;
    quiet().await;
    // Closed with its close button: focus comes back to Collaborate, which is no intent to open.
    let close: HtmlElement = shadow(&host)
        .query_selector(".tc-close")
        .unwrap()
        .unwrap()
        .unchecked_into();
    close.click();
    settle().await;
    // Meanwhile a new chat is made in Teams, and Graph answers slowly.
    create_chat(
        "group",
        Some("Made while closed"),
        &[
            "aaaaaaaa-0000-4000-8000-000000000009".into(),
            "aaaaaaaa-0000-4000-8000-000000000010".into(),
        ],
    )
    .await;
    sleep(1_100).await;
    post_control(
        "/_emulator/faults",
        serde_json::json!({"path": "/me/chats", "status": 0, "delayMs": 1500}),
    )
    .await;
    clear_log().await;
    let before = rows(&host, "other").len();
    button.click();
    settle().await;
    assert_eq!(
        rows(&host, "other").len(),
        before,
        "the last rows, at once, before any answer"
    );
    assert_eq!(updating(&host), "Updating the chats…");
    let lists = shadow(&host).query_selector(".tc-lists").unwrap().unwrap();
    assert_eq!(lists.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(!titles(&host, "other").contains(&"Made while closed".to_owned()));
    until("the new chat, in place", || {
        titles(&host, "other").contains(&"Made while closed".to_owned())
    })
    .await;
    until("the status cleared", || updating(&host).is_empty()).await;
    assert_eq!(lists.get_attribute("aria-busy").as_deref(), Some("false"));
    assert_eq!(
        log("?path=/me/chats&listener=main").await.len(),
        1,
        "one read of the first page"
    );
    handle.unmount();
}

/// The rows kept for a reopen belong to the record and the token source: another record starts
/// afresh, with nothing of the last one's.
#[wasm_bindgen_test]
async fn another_record_forgets_the_last_records_rows() {
    let opts = signed_in("megan", "button").await;
    let (host, handle, _) = mount(&opts).await;
    collaborate_button(&host).unwrap().click();
    loaded(&host).await;
    assert!(titles(&host, "connected").contains(&"Contoso Pharmaceuticals – Q1 renewal".to_owned()));
    let record = js_sys::Object::new();
    set(&record, "entityName", "account".into());
    set(&record, "id", "7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c81".into());
    set(&record, "name", "Contoso Pharmaceuticals".into());
    set(&opts, "record", record.into());
    handle.update(opts.clone().into()).unwrap();
    until("the account's pane", || collaborate_button(&host).is_some()).await;
    sleep(300).await;
    settle().await;
    let button = collaborate_button(&host).unwrap();
    if button.get_attribute("aria-expanded").as_deref() != Some("true") {
        button.click();
    }
    for _ in 0..100 {
        if section_text(&host, "connected").contains("No chats") {
            break;
        }
        sleep(100).await;
    }
    assert!(
        section_text(&host, "connected").contains("No chats"),
        "{}",
        shadow(&host).text_content().unwrap_or_default()
    );
    assert!(
        !titles(&host, "connected").contains(&"Contoso Pharmaceuticals – Q1 renewal".to_owned()),
        "Ava's connected chats are not the account's: {:?}",
        titles(&host, "connected")
    );
    handle.unmount();
}
