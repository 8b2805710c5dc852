//! The Chats tab against the emulator's demo tenant: Megan Bowen on the contact Ava Reyes.

use crate::common::*;
use gloo_net::http::Request;
use js_sys::{Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement};

const ALEX: &str = "aaaaaaaa-0000-4000-8000-000000000003";
const LEE: &str = "aaaaaaaa-0000-4000-8000-000000000009";
const JOHANNA: &str = "aaaaaaaa-0000-4000-8000-000000000007";
const DIEGO: &str = "aaaaaaaa-0000-4000-8000-000000000004";

/// Puts the emulator back to its seed, signs Megan in (a CRM session for contoso, a Graph
/// token) and returns options for the contact Ava Reyes; `getToken` records its calls.
async fn megan(mode: &str) -> js_sys::Object {
    signed_in("megan", mode).await
}

#[wasm_bindgen_test]
async fn sections_show_the_seed() {
    let opts = megan("pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    until("the looked-up connected chats", || {
        rows(&host, "connected").len() == 3
    })
    .await;
    assert_eq!(
        titles(&host, "connected"),
        [
            "Contoso Pharmaceuticals – Q1 renewal",
            "Connected by Adele Vance",
            "Cold-chain packaging quote follow-up with procurement, legal, finance and logistics – please keep this thread focused on the contract and the delivery schedule",
        ],
        "deduplicated (two rows for the first chat), locked for the chat Megan is not in, braces matched"
    );
    let locked = row_named(&host, "connected", "Connected by Adele Vance");
    assert!(locked
        .text_content()
        .unwrap()
        .contains("You are not in this chat"));
    let suggested = titles(&host, "suggested");
    assert!(
        suggested.ends_with(&[
            "Adele Vance".to_owned(),
            "Johanna Lorenz".to_owned(),
            "Alex Wilber".to_owned()
        ]),
        "{suggested:?}"
    );
    assert!(
        !suggested.contains(&"Megan Bowen".to_owned()),
        "not suggested to herself"
    );
    assert!(
        !suggested.contains(&"Isaiah Langer".to_owned()),
        "no Teams licence"
    );
    assert!(
        !suggested.contains(&"Stale Suggestion".to_owned()),
        "the newest suggestions row wins over the seed's stale one"
    );
    let other = titles(&host, "other");
    assert!(
        other.contains(&"Weekly pipeline review".to_owned()),
        "meetings are listed: {other:?}"
    );
    assert!(
        !other.contains(&"Pradeep Gupta".to_owned()),
        "hidden chats are not"
    );
    assert!(
        !other
            .iter()
            .any(|t| suggested.contains(t) && t != "Alex Wilber"),
        "a chat appears once"
    );
    assert!(row_named(&host, "other", "Alex Wilber")
        .class_name()
        .contains("tc-unread"));
    until("presence", || {
        row_named(&host, "other", "Lee Gu")
            .text_content()
            .unwrap()
            .contains(", Do not disturb")
    })
    .await;
    let lee = row_named(&host, "other", "Lee Gu");
    assert!(lee
        .text_content()
        .unwrap()
        .contains("This message was deleted"));
    assert!(
        lee.text_content().unwrap().contains(", Do not disturb"),
        "the badge's label is read with the name"
    );
    until("photos", || {
        row_named(&host, "other", "Alex Wilber")
            .query_selector("img")
            .unwrap()
            .is_some()
    })
    .await;
    let img = row_named(&host, "other", "Alex Wilber")
        .query_selector("img")
        .unwrap()
        .unwrap();
    assert!(img
        .get_attribute("src")
        .unwrap()
        .starts_with("data:image/png;base64,"));
    let group = row_named(&host, "connected", "Contoso Pharmaceuticals – Q1 renewal");
    assert_eq!(
        group
            .query_selector(".tc-avatar-initials")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "CR"
    );
    let time = group.query_selector("time").unwrap().unwrap();
    assert!(
        time.text_content().unwrap().contains("minute"),
        "Intl.RelativeTimeFormat: {}",
        time.text_content().unwrap()
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_filter_narrows_every_section_without_a_request() {
    let opts = megan("pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    sleep(300).await;
    let before = log("?listener=main").await.len();
    let input: HtmlInputElement = shadow(&host)
        .query_selector("input[type=search]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        input.get_attribute("aria-label").as_deref(),
        Some("Filter chats by name")
    );
    for text in ["l", "le", "lee"] {
        input.set_value(text);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
    }
    until("the filter", || titles(&host, "other") == ["Lee Gu"]).await;
    assert!(rows(&host, "connected").is_empty());
    assert!(section_text(&host, "connected").contains("No chats match the filter."));
    assert_eq!(
        log("?listener=main").await.len(),
        before,
        "typing costs no request"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn show_more_follows_the_next_link() {
    let opts = megan("pane").await;
    post_control("/_emulator/scale", json!({"people": 10, "chats": 60})).await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let first = rows(&host, "other").len();
    let more: HtmlElement = shadow(&host)
        .query_selector(".tc-show-more")
        .unwrap()
        .expect("Show more")
        .unchecked_into();
    assert_eq!(more.text_content().unwrap(), "Show more");
    more.click();
    until("the second page", || rows(&host, "other").len() > first).await;
    assert!(
        titles(&host, "other")
            .iter()
            .any(|t| t == "Fabrikam onboarding (new)"),
        "the oldest chat is on page two"
    );
    assert!(
        shadow(&host)
            .query_selector(".tc-show-more")
            .unwrap()
            .is_none(),
        "no more pages"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_section_says_so_and_retries_alone() {
    let opts = megan("pane").await;
    fault("/msdyn_teamschatsuggestions", 500, None, 1).await;
    let (host, handle, _) = mount(&opts).await;
    until("the suggestion error", || {
        section_text(&host, "suggested").contains("Can't load this record's chats.")
    })
    .await;
    until("the other sections", || {
        !rows(&host, "connected").is_empty() && !rows(&host, "other").is_empty()
    })
    .await;
    let retry: HtmlElement = shadow(&host)
        .query_selector("section[aria-labelledby='tc-suggested-heading'] .tc-retry")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(shadow(&host)
        .query_selector("section[aria-labelledby='tc-suggested-heading'] [role=alert]")
        .unwrap()
        .is_some());
    retry.click();
    until("suggestions after Retry", || {
        titles(&host, "suggested").contains(&"Adele Vance".to_owned())
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn graph_unreachable_without_a_token() {
    let opts = megan("pane").await;
    set(
        &opts,
        "getToken",
        Function::new_with_args("resource", "return Promise.resolve(null)").into(),
    );
    let (host, handle, _) = mount(&opts).await;
    until("the Graph error", || {
        section_text(&host, "other").contains("Can't reach Microsoft Teams.")
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn throttling_is_waited_out_at_the_top_and_inside_a_batch() {
    for expose in [true, false] {
        let opts = megan("pane").await;
        post_control(
            "/_emulator/graph-cors",
            json!({"exposeRetryAfterAndLocation": expose}),
        )
        .await;
        fault("/graph/v1.0/me/chats", 429, None, 1).await;
        post_control(
            "/_emulator/faults",
            json!({"path": "/graph/v1.0/me/chats", "status": 429, "retryAfter": "0.2", "count": 1}),
        )
        .await;
        post_control("/_emulator/faults", json!({"path": format!("/users/{ALEX}/photos"), "status": 429, "retryAfter": "0.3", "count": 1})).await;
        let (host, handle, _) = mount(&opts).await;
        loaded(&host).await;
        until("Alex's photo after the throttled part", || {
            row_named(&host, "other", "Alex Wilber")
                .query_selector("img")
                .unwrap()
                .is_some()
        })
        .await;
        let lists = log("?path=/graph/v1.0/me/chats&listener=main").await;
        assert_eq!(
            lists
                .iter()
                .map(|e| e["status"].as_u64().unwrap())
                .collect::<Vec<_>>(),
            [429, 429, 200],
            "expose {expose}"
        );
        let parts = log(&format!("?path=/users/{ALEX}/photos&listener=batch")).await;
        assert_eq!(
            parts
                .iter()
                .map(|e| e["status"].as_u64().unwrap())
                .collect::<Vec<_>>(),
            [429, 200],
            "the part alone was retried"
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_401_is_refreshed_once() {
    let opts = megan("pane").await;
    fault("/graph/v1.0/me/chats", 401, None, 1).await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let calls = token_calls(&Reflect::get(&opts, &"getToken".into()).unwrap());
    assert_eq!(
        calls.iter().filter(|c| c.0 == "graph" && c.1).count(),
        1,
        "{calls:?}"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_malformed_chat_is_dropped_alone() {
    let opts = megan("pane").await;
    let page = json!({"value": [
        {"id": 42, "chatType": "group"},
        {"id": "19:ok@thread.v2", "topic": "Still here", "chatType": "group", "members": [], "lastMessagePreview": null},
    ]});
    fault("/graph/v1.0/me/chats", 200, Some(&page.to_string()), 1).await;
    let (host, handle, _) = mount(&opts).await;
    until("the page", || {
        titles(&host, "other").contains(&"Still here".to_owned())
    })
    .await;
    assert!(!section_text(&host, "other").contains("Can't reach"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_missing_photo_falls_back_to_initials() {
    let opts = megan("pane").await;
    post_control(
        "/_emulator/faults",
        // Both the sized photo and the fallback to `/photo/$value`.
        json!({"path": format!("/users/{LEE}/photo"), "status": 404, "count": 5}),
    )
    .await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    until("photos", || {
        row_named(&host, "other", "Alex Wilber")
            .query_selector("img")
            .unwrap()
            .is_some()
    })
    .await;
    let lee = row_named(&host, "other", "Lee Gu");
    assert!(lee.query_selector("img").unwrap().is_none());
    assert_eq!(
        lee.query_selector(".tc-avatar-initials")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "LG"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn presence_refresh_touches_only_the_changed_badges() {
    // The seeded users whose presence steps with the emulator clock every two minutes are pinned
    // first, so only Lee's change can land while the badges are observed.
    for (n, availability) in [
        (2, "Busy"),
        (3, "Available"),
        (5, "Away"),
        (12, "BeRightBack"),
        (16, "AvailableIdle"),
    ] {
        post_control(
            "/_emulator/presence",
            json!({"userId": format!("aaaaaaaa-0000-4000-8000-0000000000{n:02}"), "availability": availability, "activity": availability}),
        )
        .await;
    }
    let opts = megan("pane").await;
    set(&opts, "presenceIntervalSeconds", 1.into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    sleep(1500).await;
    let records = js_sys::Array::new();
    let observer_records = records.clone();
    let callback =
        wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(move |list: js_sys::Array| {
            for record in list.iter() {
                observer_records.push(&record);
            }
        });
    let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_attributes(true);
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    observer
        .observe_with_options(&shadow(&host), &init)
        .unwrap();
    post_control(
        "/_emulator/presence",
        json!({"userId": LEE, "availability": "Available", "activity": "Available"}),
    )
    .await;
    until("Lee's badge", || {
        row_named(&host, "other", "Lee Gu")
            .query_selector(".tc-badge.available")
            .unwrap()
            .is_some()
    })
    .await;
    observer.disconnect();
    let lee_row = row_named(&host, "other", "Lee Gu");
    let mut touched_badges = 0;
    for record in records.iter() {
        let target: web_sys::Node = Reflect::get(&record, &"target".into())
            .unwrap()
            .unchecked_into();
        let element = target
            .dyn_ref::<web_sys::Element>()
            .cloned()
            .or_else(|| target.parent_element());
        let Some(element) = element else { continue };
        let in_badge = element.closest(".tc-badge, .tc-sr").unwrap().is_some();
        if in_badge {
            touched_badges += 1;
            assert!(
                lee_row.contains(Some(&element)),
                "a badge of someone else changed: {:?}",
                element.outer_html()
            );
        }
    }
    assert!(touched_badges > 0, "Lee's badge changed in place");
    assert!(lee_row.text_content().unwrap().contains(", Available"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_rows_across_sections() {
    let opts = megan("pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let all = shadow(&host).query_selector_all(".tc-row").unwrap();
    let first: HtmlElement = all.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        shadow(&host)
            .query_selector_all(".tc-row[tabindex='0']")
            .unwrap()
            .length(),
        1,
        "one tab stop"
    );
    first.focus().unwrap();
    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let target: HtmlElement = shadow(&host).active_element().unwrap().unchecked_into();
        target
            .dispatch_event(
                &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                    .unwrap(),
            )
            .unwrap();
    };
    let focused_index = || {
        let active = shadow(&host).active_element().unwrap();
        let active: web_sys::Node = active.into();
        (0..all.length())
            .position(|i| all.item(i).unwrap() == active)
            .unwrap()
    };
    for _ in 0..3 {
        press("ArrowDown");
    }
    assert_eq!(
        focused_index(),
        3,
        "from the connected section into the suggested one"
    );
    press("ArrowUp");
    assert_eq!(focused_index(), 2);
    press("End");
    assert_eq!(focused_index(), all.length() as usize - 1);
    press("Home");
    assert_eq!(focused_index(), 0);
    let tabs = shadow(&host).query_selector_all("[role=tab]").unwrap();
    assert_eq!(tabs.length(), 2);
    let chats: HtmlElement = tabs.item(0).unwrap().unchecked_into();
    assert_eq!(
        chats.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    chats.focus().unwrap();
    press("ArrowRight");
    settle().await;
    let channels: HtmlElement = tabs.item(1).unwrap().unchecked_into();
    assert_eq!(
        channels.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert!(shadow(&host)
        .get_element_by_id("tc-panel-chats")
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .hidden());
    handle.unmount();
}

/// Requests to open the pane, from the emulator's log, at the seed and at a large tenant: the
/// same count, and at most three sequential round trips (each request delayed 500 ms).
#[wasm_bindgen_test]
async fn opening_the_pane_costs_few_requests_at_any_size() {
    let mut counts = Vec::new();
    for large in [false, true] {
        let opts = megan("button").await;
        if large {
            post_control("/_emulator/scale", json!({"people": 1000, "chats": 500})).await;
        }
        let (host, handle, _) = mount(&opts).await;
        sleep(300).await;
        post_control(
            "/_emulator/faults",
            json!({"path": "/", "delayMs": 500, "count": 100}),
        )
        .await;
        clear_log().await;
        let started = js_sys::Date::now();
        collaborate_button(&host).unwrap().click();
        loaded(&host).await;
        // Settled: no new request for a second.
        let mut seen = 0;
        for _ in 0..40 {
            sleep(1000).await;
            let now = log("?listener=main").await.len();
            if now == seen {
                break;
            }
            seen = now;
        }
        let elapsed = js_sys::Date::now() - started;
        let _ = Request::delete(&format!("{EMULATOR}/_emulator/faults"))
            .send()
            .await
            .unwrap();
        let all = log("?listener=main").await;
        // Photos without sized variants are asked for once more, at `/photo/$value`, after the
        // photos' answer: one more `$batch` that fills avatars and holds up nothing else.
        let (fallbacks, requests): (Vec<Value>, Vec<Value>) = all.into_iter().partition(|r| {
            r["body"]
                .as_str()
                .is_some_and(|b| b.contains("/photo/$value"))
        });
        assert!(fallbacks.len() <= 1, "{fallbacks:?}");
        let paths: Vec<String> = requests
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["method"].as_str().unwrap(),
                    r["path"].as_str().unwrap()
                )
            })
            .collect();
        // 5 in the first round (me, chats, access, links, suggestions); get chat, presence and
        // photos in the second: 5 + ceil(connected/20) + ceil(people/650) + ceil(photos/20).
        assert!(
            requests.len() <= 8,
            "{} requests: {paths:?}",
            requests.len()
        );
        // Every request waits 500 ms at the emulator: the last answer of round k comes k × 500 ms
        // after the click, so three rounds end before 2 s and a fourth would not.
        let last = requests
            .iter()
            .filter_map(|r| r["at"].as_str())
            .map(js_sys::Date::parse)
            .fold(0.0, f64::max);
        let depth_ms = last - started;
        web_sys::console::log_1(&format!("opening the pane ({} tenant): {} requests, the last answered {depth_ms} ms after the click ({elapsed} ms with settling)", if large { "large" } else { "seed" }, requests.len()).into());
        assert!(
            depth_ms < 2_000.0,
            "at most three sequential round trips: {depth_ms} ms; {paths:?}"
        );
        // Dataverse's guidance: every read says `If-None-Match: null`, so the browser's cache
        // never answers a list read right after a write.
        let dataverse_gets: Vec<&Value> = requests
            .iter()
            .filter(|r| {
                r["method"] == "GET" && r["path"].as_str().is_some_and(|p| p.contains("/api/data/"))
            })
            .collect();
        assert!(!dataverse_gets.is_empty(), "{paths:?}");
        for r in dataverse_gets {
            assert_eq!(r["headers"]["if-none-match"], "null", "{}", r["path"]);
        }
        web_sys::console::log_1(&format!("photo fallback batches: {}", fallbacks.len()).into());
        counts.push(requests.len() + fallbacks.len());
        handle.unmount();
    }
    assert_eq!(
        counts[0], counts[1],
        "the cost does not grow with the tenant"
    );
}

#[wasm_bindgen_test]
async fn the_context_menu_key_opens_the_row_menu_and_open_in_teams_opens_a_teams_link() {
    let opts = megan("pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let row = row_named(&host, "other", "Alex Wilber");
    row.focus().unwrap();
    let press = |target: &HtmlElement, key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        target
            .dispatch_event(
                &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                    .unwrap(),
            )
            .unwrap();
    };
    // Enter opens a chat; Shift+F10 (or the context-menu key) opens its menu.
    press(&row, "ContextMenu");
    settle().await;
    let first: HtmlElement = row
        .query_selector("[role=menu] [role=menuitem]")
        .unwrap()
        .expect("the row menu")
        .unchecked_into();
    let active = shadow(&host).active_element().unwrap();
    assert_eq!(
        active.text_content(),
        first.text_content(),
        "focus moves into the menu"
    );
    let item = open_in_teams_item(&row);
    let button = row.query_selector(".tc-menu-button").unwrap().unwrap();
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("More options for Alex Wilber")
    );

    press(&item, "Escape");
    settle().await;
    assert!(row.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(
        shadow(&host)
            .active_element()
            .unwrap()
            .get_attribute("data-key"),
        row.get_attribute("data-key"),
        "focus back on the row"
    );
    assert!(
        shadow(&host)
            .query_selector("[role=region]")
            .unwrap()
            .is_some(),
        "the pane stays"
    );

    // Capture window.open: only an https Teams link, without an opener.
    let window = web_sys::window().unwrap();
    let original = Reflect::get(&window, &"open".into()).unwrap();
    let opened = js_sys::Array::new();
    let recorder = Function::new_with_args(
        "calls",
        "return (...args) => { calls.push(args); return null; };",
    )
    .call1(&JsValue::NULL, &opened)
    .unwrap();
    Reflect::set(&window, &"open".into(), &recorder).unwrap();
    press(&row, "ContextMenu");
    settle().await;
    open_in_teams_item(&row).click();
    settle().await;
    Reflect::set(&window, &"open".into(), &original).unwrap();
    assert_eq!(opened.length(), 1);
    let call = js_sys::Array::from(&opened.get(0));
    let url = call.get(0).as_string().unwrap();
    assert!(
        url.starts_with("https://teams.microsoft.com/l/chat/19%3A"),
        "{url}"
    );
    assert_eq!(call.get(1).as_string().as_deref(), Some("_blank"));
    assert!(call.get(2).as_string().unwrap().contains("noopener"));
    assert!(
        row.query_selector("[role=menu]").unwrap().is_none(),
        "the menu closes"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn closing_the_pane_mid_load_cancels_it_and_opening_again_loads() {
    let opts = megan("button").await;
    let (host, handle, _) = mount(&opts).await;
    // The emulator holds Graph's answers for 1.5 s: the pane closes while they are on their way.
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/graph/v1.0/me", "delayMs": 1500, "count": 10}),
    )
    .await;
    let button = collaborate_button(&host).unwrap();
    button.click();
    settle().await;
    sleep(300).await;
    let (warnings, restore) = record_console("warn");
    button.click();
    settle().await;
    // Had the load gone on, its answers would have filled the (hidden) list by now.
    sleep(2000).await;
    restore();
    let warnings: Vec<String> = warnings.iter().filter_map(|w| w.as_string()).collect();
    assert!(
        warnings.iter().all(|w| !w.contains("abort")),
        "a request cancelled with the pane is not logged as a failure: {warnings:?}"
    );
    assert!(
        rows(&host, "other").is_empty(),
        "the load was cancelled with the pane"
    );
    assert!(
        !section_text(&host, "other").contains("Can't reach"),
        "a cancelled load is no failure"
    );
    let _ = Request::delete(&format!("{EMULATOR}/_emulator/faults"))
        .send()
        .await
        .unwrap();
    button.click();
    loaded(&host).await;
    handle.unmount();
}

fn open_in_teams_item(row: &HtmlElement) -> HtmlElement {
    let items = row.query_selector_all("[role=menuitem]").unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .find(|i| i.text_content().unwrap() == "Open in Teams")
        .expect("Open in Teams")
        .unchecked_into()
}

/// The ids asked for in every presence request so far.
async fn presence_asked() -> Vec<String> {
    log("?path=/communications/getPresencesByUserId&listener=main")
        .await
        .iter()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["body"].as_str()?).ok())
        .flat_map(|body| {
            body["ids"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|id| id.as_str().map(str::to_ascii_lowercase))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn people_scrolled_into_view_get_their_presence() {
    let opts = megan("pane").await;
    // Forty more people, each in a one-on-one chat with Megan: more rows than fit on screen.
    post_control("/_emulator/scale", json!({"people": 40, "chats": 0})).await;
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let graph = |path: String| {
        Request::get(&format!("{EMULATOR}/graph/v1.0{path}"))
            .header("Authorization", &format!("Bearer {token}"))
    };
    let people: Value =
        graph("/users?$filter=startswith(displayName,'Person')&$select=id&$top=100".into())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let ids: Vec<String> = people["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 40);
    for id in &ids {
        create_chat("oneOnOne", None, std::slice::from_ref(id)).await;
    }
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    sleep(1000).await;
    settle().await;
    // The last row of the first page is far below the fold: nobody asked for its presence.
    let last = rows(&host, "other")
        .into_iter()
        .rfind(|row| row.has_attribute("data-person"))
        .expect("one-on-one rows");
    let person = last.get_attribute("data-person").unwrap();
    let viewport = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        last.get_bounding_client_rect().top() > viewport,
        "off screen"
    );
    assert!(
        !presence_asked().await.contains(&person),
        "not asked before it shows"
    );
    assert!(
        last.query_selector(".tc-badge.available")
            .unwrap()
            .is_none(),
        "presence unknown until it shows"
    );

    post_control(
        "/_emulator/presence",
        json!({"userId": person, "availability": "Available", "activity": "Available"}),
    )
    .await;
    last.scroll_into_view();
    until("its presence badge", || {
        last.query_selector(".tc-badge.available")
            .unwrap()
            .is_some()
    })
    .await;
    assert!(
        presence_asked().await.contains(&person),
        "asked once it showed"
    );
    handle.unmount();
}

/// A throttled request waits out its `Retry-After`; meanwhile the pane says Teams is busy, and
/// stops saying so once the answer came.
#[wasm_bindgen_test]
async fn a_throttled_request_shows_teams_is_busy_while_it_waits() {
    let opts = megan("pane").await;
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/me/chats", "status": 429, "retryAfter": "2.5", "count": 1}),
    )
    .await;
    let (host, handle, _) = mount(&opts).await;
    let busy = || {
        shadow(&host)
            .query_selector(".tc-busy")
            .unwrap()
            .map(|n| n.text_content().unwrap())
            .unwrap_or_default()
    };
    until("the busy state", || {
        busy().contains("Microsoft Teams is busy")
    })
    .await;
    let status = shadow(&host).query_selector(".tc-busy").unwrap().unwrap();
    assert_eq!(
        status.get_attribute("role").as_deref(),
        Some("status"),
        "announced politely"
    );
    until("the chats after the wait", || {
        !rows(&host, "other").is_empty()
    })
    .await;
    until("the busy state gone", || busy().is_empty()).await;
    let throttled = log("?path=/me/chats&listener=main").await;
    assert_eq!(throttled[0]["status"], 429);
    assert!(throttled.iter().any(|e| e["status"] == 200), "tried again");
    handle.unmount();
}

/// Graph expands at most 25 members: a bigger chat's title says "and others", never a count
/// it cannot know.
#[wasm_bindgen_test]
async fn a_chat_past_25_members_says_and_others() {
    let opts = megan("pane").await;
    post_control("/_emulator/scale", json!({"people": 30, "chats": 0})).await;
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let people = values(
        &format!("{EMULATOR}/graph/v1.0/users?$filter=startswith(displayName,'Person')&$select=id&$top=100"),
        Some(&token),
    )
    .await;
    assert_eq!(people.len(), 30);
    let ids: Vec<String> = people
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    create_chat("group", None, &ids).await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    until("the big chat", || {
        titles(&host, "other")
            .iter()
            .any(|t| t.starts_with("Person"))
    })
    .await;
    let title = titles(&host, "other")
        .into_iter()
        .find(|t| t.starts_with("Person"))
        .unwrap();
    assert!(title.ends_with(" and others"), "{title}");
    assert!(!title.contains('+') && !title.contains("25"), "{title}");
    handle.unmount();
}

/// Johanna's photo has no sized variants (48x48 is 404): it is asked for once more at
/// `/photo/$value`, and shown.
#[wasm_bindgen_test]
async fn a_photo_without_sized_variants_is_read_once_from_photo_value() {
    let opts = megan("pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    until("Johanna's photo", || {
        row_named(&host, "suggested", "Johanna Lorenz")
            .query_selector("img")
            .unwrap()
            .is_some()
    })
    .await;
    let src = row_named(&host, "suggested", "Johanna Lorenz")
        .query_selector("img")
        .unwrap()
        .unwrap()
        .get_attribute("src")
        .unwrap();
    assert!(src.starts_with("data:image/png;base64,"), "{src}");
    let parts = log(&format!("?path=/users/{JOHANNA}/photo&listener=batch")).await;
    let paths: Vec<&str> = parts.iter().filter_map(|e| e["path"].as_str()).collect();
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.ends_with("/photo/$value"))
            .count(),
        1,
        "asked once: {paths:?}"
    );
    // Diego has no photo at all: initials after both answers, and no third ask.
    let diego = log(&format!("?path=/users/{DIEGO}/photo&listener=batch")).await;
    assert!(diego.len() <= 2, "{diego:?}");
    handle.unmount();
}
