//! Languages, right-to-left layout, themes, and hostile text from Teams shown as inert text.

use crate::common::*;
use js_sys::Reflect;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

fn root(host: &HtmlElement) -> Element {
    shadow(host)
        .query_selector(".tc")
        .unwrap()
        .expect("the root")
}

fn heading_texts(host: &HtmlElement) -> Vec<String> {
    let list = shadow(host)
        .query_selector_all(".tc-section-title")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap())
        .collect()
}

fn computed(element: &Element, property: &str) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(element)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_locale_option_speaks_german() {
    let opts = signed_in("megan", "pane").await;
    set(&opts, "locale", "de-DE".into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    assert_eq!(root(&host).get_attribute("lang").as_deref(), Some("de-DE"));
    assert_eq!(root(&host).get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(
        heading_texts(&host)[..3],
        [
            "Mit diesem Datensatz verbundene Chats",
            "Vorgeschlagene Chats und Kontakte",
            "Weitere Chats"
        ]
    );
    let filter = find(&host, "input[type=search]").unwrap();
    assert_eq!(
        filter.get_attribute("aria-label").as_deref(),
        Some("Chats nach Namen filtern")
    );
    assert_eq!(
        find(&host, "#tc-tab-channels")
            .unwrap()
            .text_content()
            .unwrap(),
        "Kanäle"
    );
    handle.unmount();
    // A later mount in English is English again: the language follows each mount's options.
    let opts = signed_in("megan", "button").await;
    set(&opts, "locale", "en-US".into());
    let (host, handle, _) = mount(&opts).await;
    assert!(collaborate_button(&host).is_some());
    handle.unmount();
}

/// Types into a mount's filter as a user would.
fn filter_by(host: &HtmlElement, text: &str) {
    let filter: web_sys::HtmlInputElement =
        find(host, "input[type=search]").unwrap().unchecked_into();
    filter.set_value(text);
    filter
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn two_mounts_on_one_page_keep_their_own_languages() {
    let english = signed_in("megan", "pane").await;
    set(&english, "locale", "en-US".into());
    let german = js_sys::Object::assign(&js_sys::Object::new(), &english);
    set(&german, "locale", "de-DE".into());
    // The English mount's chat list fails late: its message is made after the German mount
    // has rendered.
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/me/chats", "status": 500, "delayMs": 1500}),
    )
    .await;
    let (en, en_handle, _) = mount(&english).await;
    let (de, de_handle, _) = mount(&german).await;
    loaded(&de).await;
    let alert = |host: &HtmlElement| {
        find(host, ".tc-section-error [role=alert]").and_then(|e| e.text_content())
    };
    until("the English mount's error", || alert(&en).is_some()).await;
    assert_eq!(alert(&en).as_deref(), Some("Can't reach Microsoft Teams."));
    // Each renders on its own later (the filter), still in its own language.
    filter_by(&de, "zzzz");
    settle().await;
    filter_by(&en, "zzzz");
    settle().await;
    let empty = |host: &HtmlElement| find(host, ".tc-empty").and_then(|e| e.text_content());
    assert_eq!(empty(&en).as_deref(), Some("No chats match the filter."));
    assert_eq!(
        empty(&de).as_deref(),
        Some("Keine Chats entsprechen dem Filter.")
    );
    en_handle.unmount();
    de_handle.unmount();
}

#[wasm_bindgen_test]
async fn without_a_locale_the_browser_language_is_used() {
    let restore = override_navigator("language", "de-AT".into());
    let opts = signed_in("megan", "button").await;
    let (host, handle, _) = mount(&opts).await;
    let button = find(&host, ".tc-button").expect("the button");
    restore();
    assert_eq!(button.text_content().unwrap().trim(), "Zusammenarbeiten");
    assert_eq!(root(&host).get_attribute("lang").as_deref(), Some("de-AT"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_right_to_left_locale_mirrors_the_layout() {
    // Button mode, so that the pane has its close button to check.
    let opts = signed_in("megan", "button").await;
    set(&opts, "locale", "ar-SA".into());
    let (host, handle, _) = mount(&opts).await;
    collaborate_button(&host).expect("the button").click();
    loaded(&host).await;
    assert_eq!(root(&host).get_attribute("dir").as_deref(), Some("rtl"));
    // Strings we do not have fall back to English; the layout still reads right to left.
    assert_eq!(heading_texts(&host)[0], "Chats connected to this record");
    // A one-on-one row: its avatar carries a presence badge.
    let row = rows(&host, "other")
        .into_iter()
        .find(|row| row.query_selector(".tc-badge").unwrap().is_some())
        .expect("a row with a presence badge");
    let avatar = row
        .query_selector(".tc-avatar")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    let title = row
        .query_selector(".tc-title")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    assert!(
        avatar.left() >= title.right() - 1.0,
        "the avatar sits right of the title: avatar {} title {}",
        avatar.left(),
        title.right()
    );
    let badge = row
        .query_selector(".tc-badge")
        .unwrap()
        .unwrap()
        .get_bounding_client_rect();
    assert!(
        badge.left() <= avatar.left() + 4.0,
        "the presence badge sits on the avatar's start (left) edge in RTL"
    );
    // The title and close button swap sides too.
    let heading = find(&host, ".tc-pane-title")
        .unwrap()
        .get_bounding_client_rect();
    let close = find(&host, ".tc-close").expect("the close button");
    assert!(
        close.get_bounding_client_rect().right() <= heading.left() + 1.0,
        "the close button sits left of the title in RTL"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_dark_theme_and_host_tokens_reach_inside_the_shadow_root() {
    let opts = signed_in("megan", "pane").await;
    set(&opts, "theme", "dark".into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    assert!(root(&host)
        .class_name()
        .split_whitespace()
        .any(|c| c == "tc-dark"));
    let pane = find(&host, ".tc-pane").unwrap();
    assert_eq!(computed(&pane, "background-color"), "rgb(41, 41, 41)");
    assert_eq!(computed(&pane, "color"), "rgb(255, 255, 255)");
    handle.unmount();

    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    assert!(root(&host)
        .class_name()
        .split_whitespace()
        .any(|c| c == "tc-light"));
    let pane = find(&host, ".tc-pane").unwrap();
    assert_eq!(computed(&pane, "background-color"), "rgb(255, 255, 255)");
    // A host token overrides the default from outside.
    host.style()
        .set_property("--teams-collaborate-surface", "rgb(1, 2, 3)")
        .unwrap();
    assert_eq!(computed(&pane, "background-color"), "rgb(1, 2, 3)");
    handle.unmount();

    let opts = signed_in("megan", "pane").await;
    set(&opts, "theme", "Dark".into());
    let error = teams_collaborate::mount(host.clone().into(), opts.into())
        .err()
        .expect("an unknown theme is refused");
    let field = Reflect::get(&error, &"field".into()).unwrap();
    assert_eq!(field.as_string().as_deref(), Some("theme"));
}

/// `/me/chats` as the emulator answers it for Megan.
async fn megans_chats() -> Value {
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let response = gloo_net::http::Request::get(&format!(
        "{EMULATOR}/graph/v1.0/me/chats?$expand=members,lastMessagePreview&$top=50"
    ))
    .header("Authorization", &format!("Bearer {token}"))
    .send()
    .await
    .unwrap();
    response.json().await.unwrap()
}

#[wasm_bindgen_test]
async fn hostile_text_from_teams_is_shown_as_inert_text() {
    let opts = signed_in("megan", "pane").await;
    let mut page = megans_chats().await;
    let chats = page["value"].as_array_mut().unwrap();
    let group: Vec<usize> = (0..chats.len())
        .filter(|&i| chats[i]["chatType"] != "oneOnOne")
        .collect();
    assert!(group.len() >= 4, "the seed has group chats to dress up");
    let long = "L".repeat(10_000);
    let hostile = [
        "<script>window.__pwned = 1</script>".to_owned(),
        "<img src=x onerror=\"window.__pwned = 2\">".to_owned(),
        "\u{202E}gnp.exe – bidi".to_owned(),
        long.clone(),
    ];
    for (index, topic) in group.iter().zip(&hostile) {
        chats[*index]["topic"] = topic.clone().into();
    }
    chats[group[0]]["webUrl"] = "javascript:window.__pwned = 3".into();
    chats[group[1]]["webUrl"] = "data:text/html,<script>window.__pwned=4</script>".into();
    chats[group[2]]["lastMessagePreview"] = json!({
        "id": "1", "createdDateTime": "2026-11-27T10:00:00Z", "isDeleted": false,
        "messageType": "message",
        "body": {"contentType": "html", "content": "<img src=x onerror=\"window.__pwned=5\"><a href=\"javascript:x\">tap</a> here"},
        "from": {"user": {"id": "x", "displayName": "<b>Eve</b>"}}
    });
    // One item that does not parse: it goes alone.
    chats.push(json!({"id": 42, "topic": {"no": "string"}}));
    // A lone surrogate, which a Rust string cannot hold: spliced into the JSON text.
    let mut body = page.to_string();
    body = body.replacen(
        &format!("\"topic\":\"{}\"", hostile[3]),
        "\"topic\":\"lone \\ud800 surrogate\"",
        1,
    );
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/graph/v1.0/me/chats", "status": 200, "body": body, "count": 5}),
    )
    .await;
    let (host, handle, _) = mount(&opts).await;
    until("the hostile list", || {
        let all: Vec<String> = ["connected", "suggested", "other"]
            .iter()
            .flat_map(|s| titles(&host, s))
            .collect();
        all.iter().any(|t| t.contains("<script>"))
    })
    .await;
    settle().await;
    sleep(300).await;
    let all: Vec<String> = ["connected", "suggested", "other"]
        .iter()
        .flat_map(|s| titles(&host, s))
        .collect();
    assert!(all.contains(&hostile[0]), "{all:?}");
    assert!(all.contains(&hostile[1]));
    assert!(all.contains(&hostile[2]), "a bidi override is text too");
    assert!(
        all.iter().any(|t| t == "lone \u{FFFD} surrogate"),
        "a lone surrogate reads as U+FFFD: {all:?}"
    );
    let shadow = shadow(&host);
    assert!(shadow.query_selector("script").unwrap().is_none());
    assert!(shadow
        .query_selector("img[src='x'], [onerror]")
        .unwrap()
        .is_none());
    assert!(
        shadow.query_selector("a").unwrap().is_none(),
        "no link from remote text"
    );
    let previews = shadow.query_selector_all(".tc-preview").unwrap();
    let previews: Vec<String> = (0..previews.length())
        .map(|i| previews.item(i).unwrap().text_content().unwrap())
        .collect();
    assert!(previews.iter().any(|p| p == "tap here"), "{previews:?}");
    // No "Open in Teams" for a javascript: or data: link.
    for title in [&hostile[0], &hostile[1]] {
        let row = ["connected", "suggested", "other"]
            .iter()
            .flat_map(|s| rows(&host, s))
            .find(|r| {
                r.query_selector(".tc-title")
                    .unwrap()
                    .unwrap()
                    .text_content()
                    .as_ref()
                    == Some(title)
            })
            .unwrap();
        if let Some(button) = row.query_selector(".tc-menu-button").unwrap() {
            button.unchecked_ref::<HtmlElement>().click();
            settle().await;
            assert!(
                !row.text_content().unwrap().contains("Open in Teams"),
                "no Open in Teams for {title}"
            );
            button.unchecked_ref::<HtmlElement>().click();
            settle().await;
        }
    }
    sleep(200).await;
    let pwned = Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert_eq!(pwned, JsValue::UNDEFINED, "no remote text ever ran");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn hostile_team_and_channel_names_are_text() {
    let opts = signed_in("megan", "pane").await;
    let name = "<img src=x onerror=\"window.__pwned = 6\">\u{202E}Sales";
    // Every team read (the names batch and the dialog's list) answers with the hostile name.
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/me/joinedTeams", "status": 200, "count": 5,
               "body": json!({"value": [
                   {"id": "t-1", "displayName": name},
                   {"id": 7},
                   {"id": "t-2", "displayName": "x".repeat(10_000)}
               ]}).to_string()}),
    )
    .await;
    // And every team and channel name read for the connected channels (parts of a $batch).
    post_control(
        "/_emulator/faults",
        json!({"method": "GET", "path": "/graph/v1.0/teams/", "status": 200, "count": 20,
               "body": json!({"displayName": name, "webUrl": "javascript:window.__pwned = 7"}).to_string()}),
    )
    .await;
    let (host, handle, _) = mount(&opts).await;
    until("the tabs", || {
        shadow(&host).get_element_by_id("tc-tab-channels").is_some()
    })
    .await;
    find(&host, "#tc-tab-channels").unwrap().click();
    let panel = || {
        shadow(&host)
            .get_element_by_id("tc-panel-channels")
            .unwrap()
    };
    until("the hostile channel names", || {
        panel().text_content().unwrap().contains("<img")
    })
    .await;
    let titles = panel().query_selector_all(".tc-title").unwrap();
    let first = titles.item(0).unwrap().text_content().unwrap();
    assert_eq!(first, format!("{name} > {name}"), "team > channel, as text");
    let connect = || find(&host, ".tc-connect-channel");
    until("Connect a channel", || connect().is_some()).await;
    connect().unwrap().click();
    until("the hostile team", || {
        find(&host, "select[aria-label='Team']")
            .is_some_and(|s| s.text_content().unwrap().contains("<img"))
    })
    .await;
    let options = find(&host, "select[aria-label='Team']")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(options.contains(name), "{options}");
    assert!(
        options.contains(&"x".repeat(10_000)),
        "one bad team never fails the list"
    );
    assert!(shadow(&host)
        .query_selector("img[src='x'], [onerror]")
        .unwrap()
        .is_none());
    let pwned = Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert_eq!(pwned, JsValue::UNDEFINED);
    handle.unmount();
}

/// Case mapping comes from the browser in the wasm (see `text::lower`): names in any script
/// still match and get their initials.
#[wasm_bindgen_test]
fn case_mapping_by_the_browser_covers_every_script() {
    use teams_collaborate::text;
    assert_eq!(text::lower("ÄRGER mit ΣΟΦΊΑ İz"), "ärger mit σοφία i̇z");
    assert_eq!(text::upper("straße"), "STRASSE");
    assert_eq!(text::initials("émile zola"), "ÉZ");
    assert_eq!(text::initials("ögedei"), "Ö");
    assert_eq!(text::initials("山田 太郎"), "山太");
    // Words count from a letter or digit of any script (the browser's Unicode tables).
    assert_eq!(text::initials("(Fabrikam) Kai Carter"), "KC");
    assert_eq!(text::initials("٣ نور"), "٣ن");
    assert_eq!(text::initials("— · …"), "?");
    assert_eq!(text::initials("Ⅻ Ωmega"), "ⅫΩ", "letter numbers and Greek");
}
