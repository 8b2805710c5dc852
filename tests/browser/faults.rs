//! Faults on every endpoint the component reads, chats, channels and conversations: throttling
//! (429, 503, at the top and inside `$batch`), server errors, slow answers, malformed JSON and
//! expired tokens.
//! Whatever fails, the pane ends as it would without the fault, or with a section error whose
//! Retry brings it there: never blank, never dead.

use crate::common::*;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlSelectElement};

/// Where a read happens: the Chats tab, the Channels tab, the Connect a channel dialog, or an
/// open conversation: as it opens, as Load earlier messages pages back, and as a reply arrives
/// live (those two faulted once the conversation is open).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Chats,
    Channels,
    Dialog,
    Conversation,
    Earlier,
    Live,
}

const RENEWAL: &str = "Contoso Pharmaceuticals – Q1 renewal";
const RENEWAL_HEX: &str = "2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f";
/// The seeded chat long enough to page (65 messages).
const PAGING: &str = "Grady Archie";

/// One endpoint the component reads: the request method, a fault path (see
/// `/_emulator/faults`; `$` anchors the end) and where its answer shows.
struct Endpoint {
    method: &'static str,
    path: &'static str,
    place: Place,
    /// A `$batch` part: its fault hits one part, not the whole batch.
    part: bool,
    /// Read by the visibility gate, which fails closed (hidden) by contract when it cannot read.
    gate: bool,
    /// A hosted image: one that cannot be fetched shows its description instead, without Retry.
    image: bool,
}

const fn read(method: &'static str, path: &'static str, place: Place) -> Endpoint {
    Endpoint {
        method,
        path,
        place,
        part: false,
        gate: false,
        image: false,
    }
}

const fn part(path: &'static str, place: Place) -> Endpoint {
    Endpoint {
        method: "GET",
        path,
        place,
        part: true,
        gate: false,
        image: false,
    }
}

const fn gate(path: &'static str) -> Endpoint {
    Endpoint {
        method: "GET",
        path,
        place: Place::Chats,
        part: false,
        gate: true,
        image: false,
    }
}

/// Every read the component makes against the demo tenant, in the order it makes them.
const ENDPOINTS: &[Endpoint] = &[
    gate("/msdyn_msteamssettingsv2"),
    gate("/api/data/v9.2/organizations"),
    read("GET", "/WhoAmI", Place::Chats),
    read("GET", "/EntityDefinitions", Place::Chats),
    read("GET", "RetrieveUserPrivilegeByPrivilegeName", Place::Chats),
    read("GET", "/graph/v1.0/me$", Place::Chats),
    read("GET", "/graph/v1.0/me/chats", Place::Chats),
    read("GET", "RetrievePrincipalAccess", Place::Chats),
    read("GET", "/msdyn_teamschatassociations", Place::Chats),
    read("GET", "/msdyn_teamschatsuggestions", Place::Chats),
    read("POST", "/graph/v1.0/$batch", Place::Chats),
    part("/graph/v1.0/chats/", Place::Chats),
    part("/photos/", Place::Chats),
    read("POST", "/getPresencesByUserId", Place::Chats),
    read("GET", "/msdyn_teamscollaborations", Place::Channels),
    part("/graph/v1.0/teams/", Place::Channels),
    read("GET", "/me/joinedTeams", Place::Dialog),
    read("GET", "/channels$", Place::Dialog),
    read(
        "GET",
        "2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f%40thread.v2/messages$",
        Place::Conversation,
    ),
    read("POST", "/markChatReadForUser", Place::Conversation),
    Endpoint {
        image: true,
        ..read("GET", "/$value", Place::Conversation)
    },
    read("GET", "/messages$", Place::Earlier),
    read("GET", "/messages$", Place::Live),
];

/// A fault and what the component must make of it.
struct Fault {
    name: &'static str,
    body: Value,
    /// Waited out or refreshed without the user: the pane ends exactly as without the fault.
    transient: bool,
}

fn throttled(status: u16) -> Fault {
    Fault {
        name: if status == 429 { "429" } else { "503" },
        body: json!({"status": status, "retryAfter": "0.2"}),
        transient: true,
    }
}

/// What the user sees of one place: each section's titles, empty text or error.
fn snapshot(host: &HtmlElement, place: Place) -> Vec<String> {
    let shadow = shadow(host);
    let describe = |scope: &web_sys::Element| -> String {
        if let Some(alert) = scope.query_selector("[role=alert]").unwrap() {
            return format!("error: {}", alert.text_content().unwrap());
        }
        if scope.query_selector(".tc-skeleton").unwrap().is_some() {
            return "loading".into();
        }
        let list = scope.query_selector_all(".tc-row .tc-title").unwrap();
        let titles: Vec<String> = (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect();
        if titles.is_empty() {
            scope.text_content().unwrap()
        } else {
            titles.join(" | ")
        }
    };
    match place {
        Place::Chats => ["connected", "suggested", "other"]
            .iter()
            .map(|section| {
                shadow
                    .query_selector(&format!("section[aria-labelledby='tc-{section}-heading']"))
                    .unwrap()
                    .map(|s| describe(&s))
                    .unwrap_or_else(|| "missing".into())
            })
            .collect(),
        Place::Conversation | Place::Earlier | Place::Live => {
            let Some(conversation) = shadow.query_selector(".tc-conversation").unwrap() else {
                return vec!["missing".into()];
            };
            let alert = conversation
                .query_selector("[role=alert]")
                .unwrap()
                .map(|a| format!("error: {}", a.text_content().unwrap()))
                .unwrap_or_default();
            let all = |selector: &str| -> Vec<String> {
                let list = conversation.query_selector_all(selector).unwrap();
                (0..list.length())
                    .map(|i| list.item(i).unwrap().text_content().unwrap())
                    .collect()
            };
            let messages = all(".tc-log .tc-msg");
            if messages.is_empty() {
                return vec![if alert.is_empty() {
                    "loading".into()
                } else {
                    alert
                }];
            }
            let images = conversation.query_selector_all("img.tc-msg-img").unwrap();
            vec![
                format!("{} messages", messages.len()),
                messages.join(" | "),
                format!("{} images", images.length()),
                format!("earlier: {}", all(".tc-show-more").len()),
                alert,
            ]
        }
        Place::Channels => vec![shadow
            .get_element_by_id("tc-panel-channels")
            .map(|p| describe(&p))
            .unwrap_or_else(|| "missing".into())],
        Place::Dialog => {
            let Some(dialog) = shadow.query_selector("[role=dialog]").unwrap() else {
                return vec!["no dialog".into()];
            };
            let options = |label: &str| -> String {
                dialog
                    .query_selector(&format!("select[aria-label='{label}']"))
                    .unwrap()
                    .map(|s| s.text_content().unwrap())
                    .unwrap_or_default()
            };
            let alert = dialog
                .query_selector("[role=alert]")
                .unwrap()
                .map(|a| format!("error: {}", a.text_content().unwrap()))
                .unwrap_or_default();
            vec![options("Team"), options("Channel"), alert]
        }
    }
}

fn settled(view: &[String]) -> bool {
    !view
        .iter()
        .any(|s| s == "loading" || s.contains("Loading") || s == "missing" || s == "no dialog")
}

/// What retries: Retry, and in a conversation Load earlier messages (which stays to try again).
fn retry_buttons(host: &HtmlElement) -> Vec<HtmlElement> {
    let list = shadow(host)
        .query_selector_all(".tc-retry, .tc-conversation .tc-show-more:not([disabled])")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// Mounts Megan's pane with `opts` and brings `place` on screen (the Channels tab; the dialog
/// with the first team picked).
async fn open(opts: &js_sys::Object, place: Place) -> (HtmlElement, teams_collaborate::Handle) {
    set(opts, "messagesIntervalSeconds", 1.into());
    let (host, handle, _) = mount(opts).await;
    if place == Place::Chats {
        return (host, handle);
    }
    if matches!(place, Place::Conversation | Place::Earlier | Place::Live) {
        loaded(&host).await;
        let title = if place == Place::Earlier {
            PAGING
        } else {
            RENEWAL
        };
        let row = ["connected", "suggested", "other"]
            .iter()
            .flat_map(|section| rows(&host, section))
            .find(|row| {
                row.query_selector(".tc-title")
                    .unwrap()
                    .and_then(|t| t.text_content())
                    .is_some_and(|t| t.starts_with(title))
            })
            .unwrap_or_else(|| panic!("no row {title}"));
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        row.dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
        settle().await;
        if place != Place::Conversation {
            // Faulted once open: wait for the first page as it comes without the fault.
            until("the conversation", || {
                settled(&snapshot(&host, place)) && !snapshot(&host, place)[0].starts_with("error")
            })
            .await;
        }
        return (host, handle);
    }
    until("the tabs", || {
        shadow(&host).get_element_by_id("tc-tab-channels").is_some()
    })
    .await;
    find(&host, "#tc-tab-channels").unwrap().click();
    if place == Place::Dialog {
        until("Connect a channel", || {
            connect_button(&host).is_some_and(|b| !b.has_attribute("disabled"))
        })
        .await;
        connect_button(&host).unwrap().click();
        settle().await;
        pick_first_team(&host).await;
    }
    (host, handle)
}

/// What happens in an open conversation once it is shown: Load earlier messages, or a reply
/// that the live view fetches.
async fn act(host: &HtmlElement, place: Place) {
    match place {
        Place::Earlier => {
            until("Load earlier messages", || {
                find(host, ".tc-show-more").is_some()
            })
            .await;
            find(host, ".tc-show-more").unwrap().click();
            settle().await;
        }
        Place::Live => {
            post_control(
                "/_emulator/replies/now",
                json!({
                    "chatId": format!("19:{RENEWAL_HEX}@thread.v2"),
                    "fromUserId": "aaaaaaaa-0000-4000-8000-000000000003",
                    "text": "Live under a fault"
                }),
            )
            .await;
        }
        _ => {}
    }
}

fn connect_button(host: &HtmlElement) -> Option<HtmlElement> {
    find(host, ".tc-connect-channel")
}

/// Picks the first team once the team list has come (or failed, then Retry brings it).
async fn pick_first_team(host: &HtmlElement) {
    let teams = || -> Option<HtmlSelectElement> {
        find(host, "select[aria-label='Team']").map(|s| s.unchecked_into())
    };
    for _ in 0..300 {
        settle().await;
        if let Some(select) = teams().filter(|s| s.length() > 1) {
            select.set_selected_index(1);
            select
                .dispatch_event(&web_sys::Event::new("change").unwrap())
                .unwrap();
            settle().await;
            return;
        }
        if let Some(retry) = retry_buttons(host).first() {
            retry.click();
        }
        sleep(50).await;
    }
    panic!("no team to pick");
}

/// Runs `fault` on every endpoint and checks how the pane ends.
async fn every_endpoint_survives(fault: Fault) {
    let mut baselines: Vec<(Place, Vec<String>)> = Vec::new();
    for place in [
        Place::Chats,
        Place::Channels,
        Place::Dialog,
        Place::Conversation,
        Place::Earlier,
        Place::Live,
    ] {
        let (host, handle) = open(&signed_in("megan", "pane").await, place).await;
        act(&host, place).await;
        let mut view = Vec::new();
        // Complete: settled, and unchanged for a second (round 2 may still add locked rows).
        until(&format!("the {place:?} baseline"), || {
            view = snapshot(&host, place);
            settled(&view) && !view.iter().any(|s| s.starts_with("error"))
        })
        .await;
        loop {
            sleep(1_000).await;
            settle().await;
            let again = snapshot(&host, place);
            if again == view {
                break;
            }
            view = again;
        }
        handle.unmount();
        baselines.push((place, view));
    }
    for endpoint in ENDPOINTS {
        if endpoint.gate && !fault.transient {
            // The gate hides the button when it cannot read the flags: `tests/browser/gate.rs`.
            continue;
        }
        if endpoint.part && fault.name == "slow" {
            // A delay stands for the network, which a batch part does not cross again.
            continue;
        }
        let case = format!("{} on {} {}", fault.name, endpoint.method, endpoint.path);
        let expected = &baselines
            .iter()
            .find(|(p, _)| *p == endpoint.place)
            .unwrap()
            .1;
        // `signed_in` resets the emulator (and its faults); the fault goes in after it.
        let opts = signed_in("megan", "pane").await;
        let mut body = fault.body.clone();
        body["path"] = endpoint.path.into();
        body["method"] = endpoint.method.into();
        let late = matches!(endpoint.place, Place::Earlier | Place::Live);
        if !late {
            post_control("/_emulator/faults", body.clone()).await;
        }
        let (host, handle) = open(&opts, endpoint.place).await;
        if late {
            post_control("/_emulator/faults", body).await;
        }
        act(&host, endpoint.place).await;
        // Settled: either as without the fault, or a section error offering Retry.
        let mut view = Vec::new();
        for attempt in 0..=300 {
            settle().await;
            view = snapshot(&host, endpoint.place);
            if settled(&view) && (view == *expected || !retry_buttons(&host).is_empty()) {
                break;
            }
            assert!(
                attempt < 300,
                "{case}: never settled: {view:?}, expected {expected:?}"
            );
            sleep(50).await;
        }
        if view != *expected && endpoint.image {
            // The picture is not there, its description is, and the messages are all shown.
            assert!(
                !fault.transient,
                "{case}: a transient fault must be waited out, got {view:?}"
            );
            assert_eq!(view[..2], expected[..2], "{case}");
            assert_eq!(view[2], "0 images", "{case}");
            assert!(
                find(&host, ".tc-msg-img-pending").is_some(),
                "{case}: the image's description stands in"
            );
        } else if view != *expected {
            assert!(
                !fault.transient,
                "{case}: a transient fault must be waited out, got {view:?}"
            );
            assert!(
                view.iter().any(|s| s.starts_with("error")),
                "{case}: a failure says so: {view:?}"
            );
            // Retry brings it back (the fault was used up).
            for _ in 0..3 {
                for retry in retry_buttons(&host) {
                    retry.click();
                }
                settle().await;
                sleep(300).await;
                if snapshot(&host, endpoint.place) == *expected {
                    break;
                }
            }
            for attempt in 0..=300 {
                settle().await;
                view = snapshot(&host, endpoint.place);
                if view == *expected {
                    break;
                }
                assert!(
                    attempt < 300,
                    "{case}: after Retry {view:?}, expected {expected:?}"
                );
                sleep(50).await;
            }
        }
        // Still alive: the filter narrows the chats without a request.
        if endpoint.place == Place::Chats {
            let filter: web_sys::HtmlInputElement = find(&host, "input[type=search]")
                .unwrap_or_else(|| panic!("{case}: the filter box"))
                .unchecked_into();
            filter.set_value("zzzz-no-such-chat");
            filter
                .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
                .unwrap();
            until(&format!("the filter ({case})"), || {
                rows(&host, "other").is_empty() && titles(&host, "connected").is_empty()
            })
            .await;
        }
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn too_many_requests_is_waited_out_everywhere() {
    every_endpoint_survives(throttled(429)).await;
}

#[wasm_bindgen_test]
async fn service_unavailable_is_waited_out_everywhere() {
    every_endpoint_survives(throttled(503)).await;
}

#[wasm_bindgen_test]
async fn an_expired_token_is_refreshed_everywhere() {
    every_endpoint_survives(Fault {
        name: "401",
        body: json!({"status": 401}),
        transient: true,
    })
    .await;
}

#[wasm_bindgen_test]
async fn slow_answers_only_take_longer() {
    every_endpoint_survives(Fault {
        name: "slow",
        body: json!({"status": 0, "delayMs": 1500}),
        transient: true,
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_server_error_shows_retry_everywhere() {
    every_endpoint_survives(Fault {
        name: "500",
        body: json!({"status": 500}),
        transient: false,
    })
    .await;
}

/// A `Retry-After` longer than a minute is not retried early (that only extends the throttling):
/// the section says so at once, with Retry.
#[wasm_bindgen_test]
async fn a_long_throttle_is_not_retried_early_and_shows_retry_everywhere() {
    every_endpoint_survives(Fault {
        name: "429 for two minutes",
        body: json!({"status": 429, "retryAfter": "120"}),
        transient: false,
    })
    .await;
}

#[wasm_bindgen_test]
async fn malformed_json_shows_retry_everywhere() {
    every_endpoint_survives(Fault {
        name: "malformed",
        body: json!({"status": 200, "body": "{\"value\": [{\"id\": "}),
        transient: false,
    })
    .await;
}
