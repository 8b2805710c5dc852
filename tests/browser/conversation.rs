//! The conversation inside the pane, against the emulator's seeded chats: opening and going
//! back, the messages as Teams shows them, the HTML rebuilt (never injected), compose, edits,
//! reactions, the live view, read marks, drafts, adding people, and faults.

use crate::common::*;
use js_sys::{Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

const RENEWAL: &str = "Contoso Pharmaceuticals – Q1 renewal";
const RENEWAL_ID: &str = "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2";
const FABRIKAM_ID: &str = "19:5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b@thread.v2";
const ALEX: &str = "aaaaaaaa-0000-4000-8000-000000000003";

fn key(target: &Element, key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    target
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
}

/// The row of a chat whose title starts with `title`, in any section.
fn row_starting(host: &HtmlElement, title: &str) -> HtmlElement {
    ["connected", "suggested", "other"]
        .iter()
        .flat_map(|section| rows(host, section))
        .find(|row| {
            row.query_selector(".tc-title")
                .unwrap()
                .and_then(|t| t.text_content())
                .is_some_and(|t| t.starts_with(title))
        })
        .unwrap_or_else(|| panic!("no row {title}"))
}

/// Megan, pane mode (button mode with `mode`), with messages polled every second.
async fn megan(mode: &str) -> (HtmlElement, teams_collaborate::Handle) {
    let opts = signed_in("megan", mode).await;
    set(&opts, "messagesIntervalSeconds", 1.into());
    let (host, handle, _) = mount(&opts).await;
    if mode == "button" {
        collaborate_button(&host).unwrap().click();
        settle().await;
    }
    loaded(&host).await;
    (host, handle)
}

/// Opens a chat with Enter on its row and waits for its messages.
async fn open(host: &HtmlElement, title: &str) {
    let row = row_starting(host, title);
    row.focus().unwrap();
    key(&row, "Enter", false);
    settle().await;
    until("the conversation's messages", || {
        find(host, ".tc-conversation").is_some()
            && (find(host, ".tc-log .tc-msg").is_some() || find(host, ".tc-no-messages").is_some())
    })
    .await;
    settle().await;
}

fn log_items(host: &HtmlElement) -> Vec<HtmlElement> {
    let list = shadow(host).query_selector_all(".tc-log .tc-msg").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn texts(host: &HtmlElement) -> Vec<String> {
    log_items(host)
        .iter()
        .map(|m| m.text_content().unwrap_or_default())
        .collect()
}

fn compose_box(host: &HtmlElement) -> HtmlTextAreaElement {
    find(host, ".tc-compose-box")
        .expect("the compose box")
        .unchecked_into()
}

/// Types `text` into the compose box (as one input event).
async fn type_text(host: &HtmlElement, text: &str) {
    let area = compose_box(host);
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
}

/// The POSTs whose path holds `path_part` and ends with `end`.
async fn posts(path_part: &str, end: &str) -> Vec<Value> {
    log(&format!("?path={path_part}&listener=main"))
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST" && r["path"].as_str().is_some_and(|p| p.ends_with(end)))
        .collect()
}

#[wasm_bindgen_test]
async fn enter_opens_a_chat_and_back_returns_to_its_row() {
    let (host, handle) = megan("pane").await;
    open(&host, RENEWAL).await;
    let title = find(&host, ".tc-conversation-title")
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(title, RENEWAL);
    let active = shadow(&host)
        .active_element()
        .expect("focus moves into the conversation, not lost with the hidden row");
    assert!(
        active.class_list().contains("tc-compose-box"),
        "focus on the compose box: {}",
        active.outer_html()
    );
    let tabs = find(&host, ".tc-tab-area").unwrap();
    assert!(tabs.hidden(), "the conversation takes the tabs' place");
    let header = find(&host, ".tc-conversation-header")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        header.contains("Alex Wilber, Diego Siciliani and Johanna Lorenz"),
        "{header}"
    );
    for label in ["Back to chats", "People", "Add people", "Open in Teams"] {
        assert!(header.contains(label), "{label}: {header}");
    }
    // People lists the members.
    let people = shadow(&host)
        .query_selector(".tc-conversation-members button")
        .unwrap()
        .unwrap();
    people.unchecked_ref::<HtmlElement>().click();
    settle().await;
    let members = find(&host, "#tc-members").unwrap();
    assert!(!members.hidden() && members.text_content().unwrap().contains("Johanna Lorenz"));

    // Escape from the log goes back, focus on the row it opened from.
    let log = find(&host, ".tc-log").unwrap();
    log.focus().unwrap();
    key(&log, "Escape", false);
    settle().await;
    settle().await;
    assert!(find(&host, ".tc-conversation").is_none());
    assert!(!find(&host, ".tc-tab-area").unwrap().hidden());
    let active = shadow(&host).active_element().expect("focus kept");
    assert_eq!(
        active
            .query_selector(".tc-title")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        RENEWAL,
        "focus back on the row"
    );

    // A click on a title opens too; a locked row does not open; Back to chats goes back.
    let locked = row_starting(&host, "Connected by");
    locked.focus().unwrap();
    key(&locked, "Enter", false);
    settle().await;
    assert!(
        find(&host, ".tc-conversation").is_none(),
        "a locked row does not open"
    );
    row_starting(&host, RENEWAL)
        .query_selector(".tc-title")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(
        find(&host, ".tc-conversation").is_some(),
        "a click on the title opens"
    );
    find(&host, ".tc-back").unwrap().click();
    settle().await;
    assert!(find(&host, ".tc-conversation").is_none());
    handle.unmount();
}

#[wasm_bindgen_test]
async fn messages_read_as_teams_shows_them() {
    let (host, handle) = megan("pane").await;
    // Capture blob URLs revoked when the conversation closes.
    let revoked = js_sys::Array::new();
    let url_class = Reflect::get(&js_sys::global(), &"URL".into()).unwrap();
    let original = Reflect::get(&url_class, &"revokeObjectURL".into()).unwrap();
    let recorder = Function::new_with_args(
        "calls, original",
        "return (url) => { calls.push(url); original(url); };",
    )
    .call2(&JsValue::NULL, &revoked, &original)
    .unwrap();
    Reflect::set(&url_class, &"revokeObjectURL".into(), &recorder).unwrap();
    open(&host, RENEWAL).await;
    let all = texts(&host);
    assert!(
        all.first().unwrap().contains("Kicking off the Q1 renewal"),
        "oldest first: {all:?}"
    );
    assert!(
        all.last()
            .unwrap()
            .contains("Procurement is fine with the new payment terms."),
        "newest last"
    );
    let list = find(&host, ".tc-log").unwrap();
    assert_eq!(list.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(
        list.get_attribute("aria-label").as_deref(),
        Some(&*format!("Messages in {RENEWAL}"))
    );
    assert!(
        list.scroll_top() + list.client_height() >= list.scroll_height() - 30,
        "scrolled to the newest ({} + {} of {})",
        list.scroll_top(),
        list.client_height(),
        list.scroll_height()
    );
    let joined = all.join("\n");
    for expected in [
        "Edited",
        "This message was deleted",
        "You added Diego Siciliani",
        "Contoso Pharma price list FY25.xlsx",
        "Open Contoso Pharma price list FY25.xlsx",
    ] {
        assert!(joined.contains(expected), "{expected} in {joined}");
    }
    // The quoted reply shows the quoted message's sender and preview.
    let quote = find(&host, ".tc-quote")
        .expect("a quote block")
        .text_content()
        .unwrap();
    assert!(
        quote.contains("Johanna Lorenz") && quote.contains("cold-chain surcharge"),
        "{quote}"
    );
    // A mention reads as the person's name; the file opens over https only.
    let mention = find(&host, ".tc-mention").expect("a mention chip");
    assert_eq!(
        mention
            .query_selector(".tc-sr")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Alex Wilber"
    );
    let link = shadow(&host).query_selector(".tc-file a").unwrap().unwrap();
    assert!(link
        .get_attribute("href")
        .unwrap()
        .starts_with("https://contoso.sharepoint.com/"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // Reactions: emoji and count, who reacted in the accessible name.
    let reaction = find(&host, ".tc-reaction").expect("a reaction");
    let label = reaction.get_attribute("aria-label").unwrap();
    assert!(
        label.starts_with("👍 2: ") && label.contains("Alex Wilber"),
        "{label}"
    );
    // One author's messages within five minutes share a header.
    let headers = shadow(&host)
        .query_selector_all(".tc-log .tc-msg-first")
        .unwrap()
        .length();
    assert!(
        headers >= 5 && (headers as usize) < log_items(&host).len(),
        "{headers} headers"
    );
    // The inline image: fetched with the Graph token from its hostedContents URL, shown as blob:.
    until("the inline image", || find(&host, ".tc-msg-img").is_some()).await;
    let image = find(&host, ".tc-msg-img").unwrap();
    let src = image.get_attribute("src").unwrap();
    assert!(src.starts_with("blob:"), "{src}");
    assert_eq!(
        image.get_attribute("alt").as_deref(),
        Some("Order volume by quarter")
    );
    let fetched = log("?path=/hostedContents/&listener=main").await;
    assert_eq!(fetched.len(), 1, "fetched once");
    assert!(fetched[0]["headers"]["authorization"]
        .as_str()
        .unwrap_or("")
        .starts_with("Bearer "));
    // Closing the conversation frees the image.
    find(&host, ".tc-back").unwrap().click();
    settle().await;
    Reflect::set(&url_class, &"revokeObjectURL".into(), &original).unwrap();
    assert!(
        revoked.includes(&src.into(), 0),
        "the blob: URL was revoked"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn load_earlier_follows_the_next_link() {
    let (host, handle) = megan("pane").await;
    open(&host, "Grady Archie").await;
    let first = log_items(&host).len();
    assert_eq!(first, 50, "the newest page");
    let earlier = find(&host, ".tc-conversation .tc-show-more").expect("Load earlier messages");
    assert_eq!(earlier.text_content().unwrap(), "Load earlier messages");
    earlier.click();
    until("the earlier page", || log_items(&host).len() > first).await;
    assert_eq!(log_items(&host).len(), 65);
    assert!(
        find(&host, ".tc-conversation .tc-show-more").is_none(),
        "no more pages"
    );
    let requests = log("?path=/messages&listener=main").await;
    assert!(requests
        .iter()
        .all(|r| r["query"].as_str().unwrap_or("").contains("$top=50")
            || r["query"].as_str().unwrap_or("").contains("skiptoken")));
    assert!(
        requests
            .iter()
            .all(|r| r["headers"]["prefer"] == "include-unknown-enum-members"),
        "{requests:?}"
    );
    handle.unmount();
}

/// Posts a message into the renewal chat as Alex, one of its members.
async fn post_as_alex(html: &str) {
    let token = sign_in("alex@contoso.com", "https://graph.microsoft.com/.default").await;
    let response = gloo_net::http::Request::post(&format!(
        "{EMULATOR}/graph/v1.0/chats/{RENEWAL_ID}/messages"
    ))
    .header("Authorization", &format!("Bearer {token}"))
    .json(&json!({"body": {"contentType": "html", "content": html}}))
    .unwrap()
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[wasm_bindgen_test]
async fn hostile_html_is_rebuilt_inert_and_requests_nothing() {
    let opts = signed_in("megan", "pane").await;
    let spy = "http://127.0.0.1:18788";
    let deep = format!("{}deep{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let hostile = [
        "<script>window.__pwned = 1</script>script".to_owned(),
        "<img src=x onerror=\"window.__pwned = 2\">onerror".to_owned(),
        format!("<iframe src=\"{spy}/iframe\"></iframe>iframe"),
        "<svg><script>window.__pwned = 3</script><a href=\"javascript:x\">s</a></svg>svg".to_owned(),
        format!("<style>p {{ background: url({spy}/css) }}</style>style"),
        format!("<p style=\"background: url({spy}/inline)\">inline-style</p>"),
        "<a href=\"javascript:window.__pwned=4\">js-link</a>".to_owned(),
        "<a href=\"data:text/html,<script>window.__pwned=5</script>\">data-link</a>".to_owned(),
        "<a href=\"vbscript:msgbox(1)\">vb-link</a>".to_owned(),
        format!("<img src=\"{spy}/pixel.gif\" alt=\"tracking\">"),
        format!("<base href=\"{spy}/\"><a href=\"relative\">base</a>"),
        format!("<form action=\"{spy}/form\"><input name=q value=v><button>go</button></form>form"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url={spy}/refresh\">meta"),
        "<template><template><img src=x onerror=\"window.__pwned=6\"></template></template>template".to_owned(),
        format!("<object data=\"{spy}/object\"></object><embed src=\"{spy}/embed\">embed"),
        deep,
    ];
    for html in &hostile {
        post_as_alex(html).await;
    }
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    open(&host, RENEWAL).await;
    sleep(500).await;
    let log_element = find(&host, ".tc-log").unwrap();
    // Only the allowlist's elements, and no attribute but those named, inside the messages.
    let bodies = shadow(&host).query_selector_all(".tc-msg-body *").unwrap();
    let allowed = [
        "p",
        "div",
        "span",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "strike",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "img",
        "br",
    ];
    for index in 0..bodies.length() {
        let element: Element = bodies.item(index).unwrap().unchecked_into();
        let name = element.local_name();
        assert!(allowed.contains(&name.as_str()), "<{name}> in a message");
        let names = element.get_attribute_names();
        for attribute in names.iter().filter_map(|n| n.as_string()) {
            let ok = match name.as_str() {
                "a" => ["href", "target", "rel"].contains(&attribute.as_str()),
                "img" => ["src", "alt", "class"].contains(&attribute.as_str()),
                _ => attribute == "class" || attribute == "aria-hidden",
            };
            assert!(ok, "<{name} {attribute}> in a message");
            if attribute == "href" {
                let href = element.get_attribute("href").unwrap();
                assert!(
                    href.starts_with("https://") || href.starts_with("mailto:"),
                    "{href}"
                );
            }
            if attribute == "src" {
                assert!(element.get_attribute("src").unwrap().starts_with("blob:"));
            }
        }
    }
    let text = log_element.text_content().unwrap();
    for kept in [
        "onerror",
        "iframe",
        "svg",
        "inline-style",
        "js-link",
        "data-link",
        "vb-link",
        "tracking",
        "base",
        "form",
        "meta",
        "template",
        "embed",
        "deep",
    ] {
        assert!(text.contains(kept), "the text {kept} stays");
    }
    assert!(
        !text.contains("window.__pwned"),
        "script text is dropped with its element"
    );
    sleep(500).await;
    assert_eq!(
        Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap(),
        JsValue::UNDEFINED
    );
    let reached = log("?listener=spy").await;
    assert!(
        reached.is_empty(),
        "a message made the browser request {reached:?}"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn enter_sends_once_as_escaped_html_shift_enter_does_not() {
    let (host, handle) = megan("pane").await;
    open(&host, "Fabrikam onboarding").await;
    assert!(find(&host, ".tc-no-messages").is_some(), "no messages yet");
    let area = compose_box(&host);
    assert_eq!(
        area.get_attribute("aria-label").as_deref(),
        Some("Type a message")
    );
    type_text(&host, "Terms <b>are</b> \"fine\" & 'final'\nsecond line").await;
    key(&area, "Enter", true);
    settle().await;
    assert!(
        posts("/messages", "").await.is_empty(),
        "Shift+Enter adds a line, sends nothing"
    );
    key(&area, "Enter", false);
    key(&area, "Enter", false);
    settle().await;
    assert!(
        texts(&host)
            .iter()
            .any(|t| t.contains("Sending…") || t.contains("Terms")),
        "shown at once"
    );
    until("the sent message", || {
        texts(&host)
            .iter()
            .any(|t| t.contains("second line") && !t.contains("Sending"))
    })
    .await;
    sleep(300).await;
    let sent = posts("5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "/messages").await;
    assert_eq!(sent.len(), 1, "a double Enter sends once");
    let body: Value = serde_json::from_str(sent[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["body"]["contentType"], "html");
    assert_eq!(
        body["body"]["content"],
        "Terms &lt;b&gt;are&lt;/b&gt; &quot;fine&quot; &amp; &#39;final&#39;<br>second line"
    );
    assert_eq!(compose_box(&host).value(), "", "the box is empty again");
    // What the list shows is the text, not markup.
    assert!(texts(&host)
        .iter()
        .any(|t| t.contains("Terms <b>are</b> \"fine\" & 'final'")));
    // Product contract 5: no message text goes to Dataverse, and the Graph token goes to Graph
    // only. Every request of the conversation is in the log: none but Graph's carry either.
    let entries = log("?listener=main").await;
    let graph_tokens: Vec<&str> = entries
        .iter()
        .filter(|e| e["path"].as_str().unwrap().starts_with("/graph/"))
        .filter_map(|e| e["headers"]["authorization"].as_str())
        .collect();
    assert!(!graph_tokens.is_empty());
    for entry in entries
        .iter()
        .filter(|e| !e["path"].as_str().unwrap().starts_with("/graph/"))
    {
        let path = entry["path"].as_str().unwrap();
        let body = entry["body"].as_str().unwrap_or("");
        assert!(
            !body.contains("Terms") && !body.contains("second line"),
            "message text sent to {path}: {body}"
        );
        let auth = entry["headers"]["authorization"].as_str().unwrap_or("");
        assert!(
            !graph_tokens.contains(&auth),
            "the Graph token sent to {path}"
        );
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn at_offers_the_members_and_sends_a_mention() {
    let (host, handle) = megan("pane").await;
    open(&host, RENEWAL).await;
    type_text(&host, "Thanks @Joh").await;
    let options = shadow(&host)
        .query_selector_all(".tc-mention-option")
        .unwrap();
    assert_eq!(
        options.length(),
        1,
        "{}",
        find(&host, ".tc-compose").unwrap().outer_html()
    );
    assert_eq!(
        options.item(0).unwrap().text_content().unwrap(),
        "Johanna Lorenz"
    );
    let area = compose_box(&host);
    key(&area, "Enter", false);
    settle().await;
    assert_eq!(compose_box(&host).value(), "Thanks @Johanna Lorenz ");
    type_text(&host, "Thanks @Johanna Lorenz for this").await;
    key(&compose_box(&host), "Enter", false);
    until("the mention sent", || {
        texts(&host)
            .last()
            .is_some_and(|t| t.contains("for this") && !t.contains("Sending"))
    })
    .await;
    let sent = posts("2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f", "/messages").await;
    let body: Value = serde_json::from_str(sent.last().unwrap()["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["body"]["content"],
        "Thanks <at id=\"0\">Johanna Lorenz</at> for this"
    );
    assert_eq!(body["mentions"][0]["id"], 0);
    assert_eq!(body["mentions"][0]["mentionText"], "Johanna Lorenz");
    assert_eq!(
        body["mentions"][0]["mentioned"]["user"]["id"],
        "aaaaaaaa-0000-4000-8000-000000000007"
    );
    handle.unmount();
}

/// The fault kinds a send meets, and how each one must end: with exactly one message.
fn send_faults() -> Vec<Value> {
    vec![
        json!({"status": 429, "retryAfter": "1"}),
        json!({"status": 503, "retryAfter": "1"}),
        json!({"status": 401}),
        json!({"status": 500}),
        json!({"status": 0, "delayMs": 1500}),
        json!({"status": 200, "body": "{not json"}),
    ]
}

#[wasm_bindgen_test]
async fn a_send_under_every_fault_ends_with_exactly_one_message() {
    let (host, handle) = megan("pane").await;
    open(&host, "Fabrikam onboarding").await;
    for (index, fault) in send_faults().into_iter().enumerate() {
        let mut fault = fault;
        fault["method"] = json!("POST");
        // The request's path holds the chat id percent-encoded.
        fault["path"] = json!("5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b%40thread.v2/messages$");
        fault["count"] = json!(1);
        post_control("/_emulator/faults", fault.clone()).await;
        let text = format!("attempt {index}");
        type_text(&host, &text).await;
        key(&compose_box(&host), "Enter", false);
        settle().await;
        // Ends sent, or as "Not sent" with Retry, which sends it once more.
        until(&format!("{fault}: settled"), || {
            texts(&host)
                .iter()
                .any(|t| t.contains(&text) && !t.contains("Sending"))
        })
        .await;
        let failed = find(&host, ".tc-msg-failed .tc-retry");
        if fault["status"] == 500 || fault["status"] == 200 {
            assert!(failed.is_some(), "{fault}: the send failed and says so");
        }
        if let Some(retry) = failed {
            assert!(texts(&host)
                .iter()
                .any(|t| t.contains(&text) && t.contains("Not sent")));
            retry.click();
            until(&format!("{fault}: retried"), || {
                find(&host, ".tc-msg-failed").is_none()
                    && texts(&host)
                        .iter()
                        .any(|t| t.contains(&text) && !t.contains("Sending"))
            })
            .await;
        }
        // A lost answer is found by the live query rather than sent twice.
        sleep(2500).await;
        let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
        let stored = values(
            &format!("{EMULATOR}/graph/v1.0/chats/{FABRIKAM_ID}/messages?$top=50"),
            Some(&token),
        )
        .await;
        let copies = stored
            .iter()
            .filter(|m| m["body"]["content"].as_str() == Some(text.as_str()))
            .count();
        assert_eq!(copies, 1, "{fault}: {copies} copies stored");
        let shown = texts(&host).iter().filter(|t| t.contains(&text)).count();
        assert_eq!(shown, 1, "{fault}: shown {shown} times");
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn edits_and_reactions_go_to_graph_and_show() {
    let (host, handle) = megan("pane").await;
    open(&host, RENEWAL).await;
    // React to the newest message with the picker, then take it back from its reaction.
    let newest = log_items(&host).pop().unwrap();
    let react = newest
        .query_selector(".tc-msg-action")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(react.text_content().unwrap(), "React");
    react.click();
    settle().await;
    let choices = newest.query_selector_all(".tc-reaction-choice").unwrap();
    assert_eq!(choices.length(), 6, "the six Teams reactions");
    choices
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    let newest = log_items(&host).pop().unwrap();
    let mine = newest
        .query_selector(".tc-reaction")
        .unwrap()
        .expect("shown at once");
    assert_eq!(mine.get_attribute("aria-pressed").as_deref(), Some("true"));
    sleep(500).await;
    let set = posts("/setReaction", "").await;
    assert_eq!(set.len(), 1);
    assert!(set[0]["body"].as_str().unwrap().contains("❤️"));
    mine.unchecked_into::<HtmlElement>().click();
    sleep(500).await;
    assert_eq!(posts("/unsetReaction", "").await.len(), 1);
    assert!(log_items(&host)
        .pop()
        .unwrap()
        .query_selector(".tc-reaction")
        .unwrap()
        .is_none());

    // Edit Megan's own message (the image caption).
    let own = log_items(&host)
        .into_iter()
        .find(|m| {
            m.class_list().contains("tc-own") && m.text_content().unwrap().contains("order volume")
        })
        .expect("Megan's message");
    let edit = own
        .query_selector_all(".tc-msg-action")
        .unwrap()
        .item(1)
        .expect("Edit")
        .unchecked_into::<HtmlElement>();
    assert_eq!(edit.text_content().unwrap(), "Edit");
    edit.click();
    settle().await;
    let area: HtmlTextAreaElement = shadow(&host)
        .query_selector(".tc-msg-edit textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    area.set_value("Order volume by quarter (updated)");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    find(&host, ".tc-msg-edit .tc-primary").unwrap().click();
    until("the edit", || {
        texts(&host)
            .iter()
            .any(|t| t.contains("(updated)") && t.contains("Edited"))
    })
    .await;
    let patches: Vec<Value> = log("?path=/messages/&listener=main")
        .await
        .into_iter()
        .filter(|r| r["method"] == "PATCH")
        .collect();
    assert_eq!(patches.len(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn new_messages_arrive_live_and_stop_when_closed() {
    // Button mode: the pane's height is bounded, so the log scrolls.
    let (host, handle) = megan("button").await;
    open(&host, RENEWAL).await;
    let before = log_items(&host).len();
    let reply = post_control(
        "/_emulator/replies/now",
        json!({"chatId": RENEWAL_ID, "fromUserId": ALEX, "text": "Live one"}),
    )
    .await;
    assert_eq!(reply["text"], "Live one");
    until("the live message", || {
        texts(&host).iter().any(|t| t.contains("Live one"))
    })
    .await;
    assert_eq!(log_items(&host).len(), before + 1);
    let log_element = find(&host, ".tc-log").unwrap();
    assert!(
        log_element.scroll_top() + log_element.client_height() >= log_element.scroll_height() - 30,
        "still at the bottom"
    );
    let polls = log("?path=2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f&listener=main").await;
    assert!(
        polls.iter().any(|p| {
            let q = p["query"].as_str().unwrap_or("");
            q.contains("$filter=lastModifiedDateTime%20gt%20")
                && q.contains("$orderby=lastModifiedDateTime%20desc")
        }),
        "{polls:?}"
    );
    // Scrolled up: a new message brings "New messages" instead of moving the reader.
    log_element.set_scroll_top(0);
    log_element
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    settle().await;
    post_control(
        "/_emulator/replies/now",
        json!({"chatId": RENEWAL_ID, "fromUserId": ALEX, "text": "While you read"}),
    )
    .await;
    until("the New messages button", || {
        find(&host, ".tc-new-messages").is_some()
    })
    .await;
    assert_eq!(log_element.scroll_top(), 0, "the reader stays");
    find(&host, ".tc-new-messages").unwrap().click();
    settle().await;
    assert!(find(&host, ".tc-new-messages").is_none());
    // Closed: nothing polls.
    find(&host, ".tc-back").unwrap().click();
    settle().await;
    sleep(300).await;
    let count = log("?path=2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f&listener=main")
        .await
        .len();
    sleep(2500).await;
    assert_eq!(
        log("?path=2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f&listener=main")
            .await
            .len(),
        count,
        "no polling once closed"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn opening_a_chat_marks_it_read_and_clears_its_dot() {
    let (host, handle) = megan("pane").await;
    let row = row_starting(&host, RENEWAL);
    assert!(row.class_list().contains("tc-unread"), "unread in the seed");
    open(&host, RENEWAL).await;
    sleep(500).await;
    let marked = posts("/markChatReadForUser", "").await;
    assert_eq!(marked.len(), 1);
    let body: Value = serde_json::from_str(marked[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["user"]["id"], "aaaaaaaa-0000-4000-8000-000000000001");
    assert!(body["user"]["tenantId"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    find(&host, ".tc-back").unwrap().click();
    settle().await;
    assert!(
        !row_starting(&host, RENEWAL)
            .class_list()
            .contains("tc-unread"),
        "the dot is gone"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_draft_survives_going_back_and_closing_the_pane() {
    let (host, handle) = megan("button").await;
    open(&host, RENEWAL).await;
    type_text(&host, "half a thought").await;
    find(&host, ".tc-back").unwrap().click();
    settle().await;
    open(&host, RENEWAL).await;
    assert_eq!(compose_box(&host).value(), "half a thought");
    let button = collaborate_button(&host).unwrap();
    button.click();
    settle().await;
    button.click();
    settle().await;
    assert_eq!(
        compose_box(&host).value(),
        "half a thought",
        "kept while the pane was closed"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn add_people_adds_them_to_a_group_chat() {
    let (host, handle) = megan("pane").await;
    open(&host, "Fabrikam onboarding").await;
    let add = shadow(&host)
        .query_selector_all(".tc-conversation-members button")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(add.text_content().unwrap(), "Add people");
    add.click();
    settle().await;
    let input: web_sys::HtmlInputElement = find(&host, "[role=dialog] input[type=search]")
        .unwrap()
        .unchecked_into();
    input.set_value("Lee");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    until("Lee found", || find(&host, ".tc-person-option").is_some()).await;
    find(&host, ".tc-person-option").unwrap().click();
    settle().await;
    find(&host, "[role=dialog] .tc-primary").unwrap().click();
    until("the dialog to close", || {
        find(&host, "[role=dialog]").is_none()
    })
    .await;
    let header = find(&host, ".tc-conversation-members")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(header.contains("Lee Gu"), "{header}");
    assert_eq!(
        posts("5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", "/members")
            .await
            .len(),
        1
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_log_is_reached_by_tab_and_walked_with_arrows() {
    let (host, handle) = megan("pane").await;
    open(&host, RENEWAL).await;
    let log_element = find(&host, ".tc-log").unwrap();
    assert_eq!(log_element.get_attribute("tabindex").as_deref(), Some("0"));
    log_element.focus().unwrap();
    key(&log_element, "ArrowUp", false);
    let newest = shadow(&host).active_element().unwrap();
    assert!(
        newest
            .text_content()
            .unwrap()
            .contains("Procurement is fine"),
        "ArrowUp from the log: the newest"
    );
    key(&newest, "ArrowUp", false);
    let before = shadow(&host).active_element().unwrap();
    assert!(
        before.text_content().unwrap().contains("Redlines"),
        "then the one before"
    );
    key(&before, "ArrowDown", false);
    assert!(shadow(&host)
        .active_element()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Procurement"));
    handle.unmount();
}

/// The faults a write without an answer body meets (a malformed body means nothing to it).
fn write_faults() -> Vec<Value> {
    send_faults()
        .into_iter()
        .filter(|f| f["status"] != 200)
        .collect()
}

/// The stored message whose text holds `text`, as Graph has it for Megan.
async fn stored(chat: &str, text: &str) -> Value {
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let response = gloo_net::http::Request::get(&format!(
        "{EMULATOR}/graph/v1.0/chats/{chat}/messages?$top=50"
    ))
    .header("Authorization", &format!("Bearer {token}"))
    .send()
    .await
    .unwrap();
    let body = response.text().await.unwrap();
    let page: Value = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("{}: {e}: {body}", response.status()));
    page["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["body"]["content"]
                .as_str()
                .is_some_and(|c| c.contains(text))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no stored message with {text}"))
}

fn notice(host: &HtmlElement) -> String {
    find(host, ".tc-conversation .tc-notice")
        .and_then(|n| n.text_content())
        .unwrap_or_default()
}

/// Reactions, edits and added people under every fault: what is shown ends as what Graph
/// stored, and a write that failed says so and keeps what was typed.
#[wasm_bindgen_test]
async fn reactions_edits_and_added_people_under_every_fault_end_as_graph_has_them() {
    const QUESTION: &str = "Procurement is fine";
    let people = ["Lee", "Grady", "Lidia", "Joni", "Pradeep"];
    for (index, fault) in write_faults().into_iter().enumerate() {
        let (host, handle) = megan("pane").await;
        open(&host, RENEWAL).await;
        let failing = fault["status"] == 500;
        let with = |method: &str, path: &str| {
            let mut f = fault.clone();
            f["method"] = json!(method);
            f["path"] = json!(path);
            f
        };

        // React, under the fault.
        post_control("/_emulator/faults", with("POST", "/setReaction$")).await;
        let message = || {
            log_items(&host)
                .into_iter()
                .find(|m| m.text_content().unwrap().contains(QUESTION))
                .unwrap()
        };
        message()
            .query_selector(".tc-msg-action")
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        settle().await;
        message()
            .query_selector_all(".tc-reaction-choice")
            .unwrap()
            .item(2)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        sleep(2500).await;
        let stored_reactions = stored(RENEWAL_ID, QUESTION).await["reactions"].clone();
        let stored_mine = stored_reactions
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["user"]["user"]["id"] == "aaaaaaaa-0000-4000-8000-000000000001");
        let shown_mine = message()
            .query_selector(".tc-reaction[aria-pressed=true]")
            .unwrap()
            .is_some();
        assert_eq!(shown_mine, stored_mine, "{fault}: reaction shown as stored");
        assert_eq!(stored_mine, !failing, "{fault}: {stored_reactions}");
        if failing {
            assert_eq!(
                notice(&host),
                "The reaction could not be saved. Try again.",
                "{fault}"
            );
        }

        // Edit Megan's own message, under the fault.
        post_control("/_emulator/faults", with("PATCH", "/messages/")).await;
        let own = || {
            log_items(&host)
                .into_iter()
                .find(|m| {
                    m.class_list().contains("tc-own")
                        && m.text_content().unwrap().contains("order volume")
                })
                .expect("Megan's message")
        };
        own()
            .query_selector_all(".tc-msg-action")
            .unwrap()
            .item(1)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        settle().await;
        let new_text = format!("Order volume, take {index}");
        let area: HtmlTextAreaElement = find(&host, ".tc-msg-edit textarea")
            .unwrap()
            .unchecked_into();
        area.set_value(&new_text);
        area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        settle().await;
        find(&host, ".tc-msg-edit .tc-primary").unwrap().click();
        sleep(2500).await;
        let saved = texts(&host)
            .iter()
            .any(|t| t.contains(&new_text) && t.contains("Edited"));
        assert_eq!(saved, !failing, "{fault}: edited {:?}", texts(&host));
        if failing {
            assert_eq!(
                notice(&host),
                "The message could not be changed. Try again.",
                "{fault}"
            );
            let kept: HtmlTextAreaElement = find(&host, ".tc-msg-edit textarea")
                .expect("the edit box stays open")
                .unchecked_into();
            assert_eq!(kept.value(), new_text, "{fault}: nothing typed is lost");
            // Save again: the fault was used up.
            find(&host, ".tc-msg-edit .tc-primary").unwrap().click();
            until(&format!("{fault}: saved on the second try"), || {
                texts(&host).iter().any(|t| t.contains(&new_text))
                    && find(&host, ".tc-msg-edit").is_none()
            })
            .await;
        }
        stored(RENEWAL_ID, &new_text).await;

        // Add a person to the group chat, under the fault.
        post_control("/_emulator/faults", with("POST", "/members$")).await;
        let add = shadow(&host)
            .query_selector_all(".tc-conversation-members button")
            .unwrap()
            .item(1)
            .unwrap()
            .unchecked_into::<HtmlElement>();
        add.click();
        settle().await;
        let input: web_sys::HtmlInputElement = find(&host, "[role=dialog] input[type=search]")
            .unwrap()
            .unchecked_into();
        input.set_value(people[index]);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        until(&format!("{} found", people[index]), || {
            find(&host, ".tc-person-option").is_some()
        })
        .await;
        let person = find(&host, ".tc-person-option").unwrap();
        let name = person.text_content().unwrap();
        person.click();
        settle().await;
        find(&host, "[role=dialog] .tc-primary").unwrap().click();
        until(&format!("{fault}: added or refused"), || {
            find(&host, "[role=dialog]").is_none() || find(&host, ".tc-dialog-error").is_some()
        })
        .await;
        let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
        let chat: Value = gloo_net::http::Request::get(&format!(
            "{EMULATOR}/graph/v1.0/chats/{RENEWAL_ID}?$expand=members"
        ))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let members = chat["members"].as_array().unwrap();
        let joined = members
            .iter()
            .filter(|m| {
                m["displayName"]
                    .as_str()
                    .is_some_and(|n| name.starts_with(n))
            })
            .count();
        assert_eq!(
            joined,
            usize::from(!failing),
            "{fault}: {name} in {members:?}"
        );
        if failing {
            let dialog = find(&host, "[role=dialog]").expect("the dialog stays");
            assert!(
                dialog
                    .text_content()
                    .unwrap()
                    .contains("The people could not be added. Try again."),
                "{fault}"
            );
        } else {
            assert!(find(&host, "[role=dialog]").is_none(), "{fault}: closed");
            let added = members
                .iter()
                .filter_map(|m| m["displayName"].as_str())
                .find(|n| name.starts_with(n))
                .unwrap();
            let listed = find(&host, "#tc-members").unwrap().text_content().unwrap();
            assert!(listed.contains(added), "{fault}: {added} in {listed}");
        }
        handle.unmount();
    }
}

/// What one open costs: the newest 50 messages, the read mark, and each inline image once;
/// nothing else (the tenant comes from the member entry, not `GET /organization`).
#[wasm_bindgen_test]
async fn opening_a_conversation_costs_three_requests_with_one_image() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    settle().await;
    quiet().await;
    clear_log().await;
    open(&host, RENEWAL).await;
    until("the image shown", || {
        find(&host, "img.tc-msg-img").is_some()
    })
    .await;
    sleep(300).await;
    let requests: Vec<String> = log("?listener=main")
        .await
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    for (method, end) in [
        ("GET ", "/messages"),
        ("POST ", "/markChatReadForUser"),
        ("GET ", "/$value"),
    ] {
        assert!(
            requests
                .iter()
                .any(|r| r.starts_with(method) && r.ends_with(end)),
            "{method}…{end} in {requests:#?}"
        );
    }
    handle.unmount();
}
