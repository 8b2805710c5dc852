//! Connect, disconnect, new connected chat, open in Teams, and the security rules, against the
//! emulator's demo tenant.

use crate::common::*;
use js_sys::{Function, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement};

const FABRIKAM_CHAT: &str = "Fabrikam onboarding (new)";
const GROUP_TITLE: &str = "Contoso Pharmaceuticals – Q1 renewal";

/// Link rows of a chat title's chat for Ava, straight from the emulator.
async fn link_rows(chat_id: &str) -> Vec<Value> {
    let token = sign_in(
        "megan@contoso.com",
        "http://127.0.0.1:18787/dataverse/contoso/.default",
    )
    .await;
    let filter = format!("msdyn_teamschatid eq '{chat_id}'").replace(' ', "%20");
    let url = format!(
        "{EMULATOR}/dataverse/contoso/api/data/v9.2/msdyn_teamschatassociations?$filter={filter}"
    );
    values(&url, Some(&token)).await
}

async fn chat_id_of(title: &str) -> String {
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let url = format!("{EMULATOR}/graph/v1.0/me/chats?$top=50");
    values(&url, Some(&token))
        .await
        .iter()
        .find(|c| c["topic"] == title)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every body the component sent to Dataverse holds only the fields product.md lists.
async fn assert_dataverse_bodies_are_minimal() {
    let allowed = [
        "msdyn_teamschatid",
        "msdyn_regardingobjectid",
        "msdyn_regardingobjectname",
        "msdyn_entityrecordstate",
        "msdyn_teamschatassociationname",
    ];
    for entry in log("?path=/dataverse/&listener=main").await {
        if entry["method"] == "GET"
            || entry["body"].is_null()
            || entry["path"].as_str().unwrap().ends_with("/session")
        {
            continue;
        }
        let body: Value = serde_json::from_str(entry["body"].as_str().unwrap()).unwrap();
        for key in body.as_object().unwrap().keys() {
            assert!(
                allowed.contains(&key.as_str()),
                "{} wrote {key}: {body}",
                entry["path"]
            );
        }
        let text = body.to_string();
        for secret in [
            "Procurement",
            "Q1 renewal",
            "Fabrikam onboarding",
            "Megan",
            "Bearer",
        ] {
            assert!(
                !text.contains(secret),
                "no conversation text or name is stored: {text}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn connect_shows_at_once_is_written_minimally_and_survives_a_reload() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let row = row_named(&host, "other", FABRIKAM_CHAT);
    assert_eq!(
        menu_items(&row).await,
        ["Connect to this record", "Open in Teams"]
    );
    choose(&row, "Connect to this record").await;
    assert!(
        titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned()),
        "shown at once"
    );
    let chat = chat_id_of(FABRIKAM_CHAT).await;
    until("the write", || true).await;
    for _ in 0..40 {
        if !link_rows(&chat).await.is_empty() {
            break;
        }
        sleep(50).await;
    }
    let rows_now = link_rows(&chat).await;
    assert_eq!(rows_now.len(), 1);
    assert_eq!(rows_now[0]["msdyn_entityrecordstate"], 0);
    assert_eq!(rows_now[0]["msdyn_regardingobjectid"], AVA);
    assert_eq!(rows_now[0]["msdyn_regardingobjectname"], "contact");
    assert_eq!(rows_now[0]["msdyn_teamschatassociationname"], chat.as_str());
    assert_dataverse_bodies_are_minimal().await;
    handle.unmount();

    // A fresh mount (a reload) still shows it connected.
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    until("the connected chat after a reload", || {
        titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned())
    })
    .await;
    assert!(!titles(&host, "other").contains(&FABRIKAM_CHAT.to_owned()));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_connect_goes_back_and_says_so() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    post_control("/_emulator/faults", json!({"method": "POST", "path": "/msdyn_teamschatassociations", "status": 500, "count": 1})).await;
    until("the sections", || !rows(&host, "connected").is_empty()).await;
    choose(
        &row_named(&host, "other", FABRIKAM_CHAT),
        "Connect to this record",
    )
    .await;
    until("the rollback", || {
        !titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned())
            && section_text(&host, "other").contains(FABRIKAM_CHAT)
    })
    .await;
    let notice = shadow(&host)
        .query_selector(".tc-notice")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(notice.contains("Couldn't connect the chat"), "{notice}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_double_click_writes_one_row_and_reconnecting_reactivates_it() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    post_control("/_emulator/faults", json!({"method": "POST", "path": "/msdyn_teamschatassociations", "delayMs": 600, "count": 1})).await;
    let row = row_named(&host, "other", FABRIKAM_CHAT);
    choose(&row, "Connect to this record").await;
    // The row moved to the connected section; its menu there offers Disconnect, not Connect, and
    // the other copy is gone: a second connect cannot be asked for while the first is in flight.
    assert!(!titles(&host, "other").contains(&FABRIKAM_CHAT.to_owned()));
    let chat = chat_id_of(FABRIKAM_CHAT).await;
    sleep(900).await;
    assert_eq!(link_rows(&chat).await.len(), 1);

    choose(
        &row_named(&host, "connected", FABRIKAM_CHAT),
        "Disconnect from this record",
    )
    .await;
    until("the disconnect", || {
        section_text(&host, "other").contains(FABRIKAM_CHAT)
    })
    .await;
    sleep(300).await;
    let after = link_rows(&chat).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["msdyn_entityrecordstate"], 1);

    choose(
        &row_named(&host, "other", FABRIKAM_CHAT),
        "Connect to this record",
    )
    .await;
    sleep(500).await;
    let again = link_rows(&chat).await;
    assert_eq!(
        again.len(),
        1,
        "the Disassociate row is reactivated, not duplicated"
    );
    assert_eq!(again[0]["msdyn_entityrecordstate"], 0);
    assert_dataverse_bodies_are_minimal().await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn disconnect_clears_every_racing_row() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let chat = chat_id_of(GROUP_TITLE).await;
    assert_eq!(
        link_rows(&chat)
            .await
            .iter()
            .filter(|r| r["msdyn_entityrecordstate"] == 0)
            .count(),
        2,
        "two tabs raced"
    );
    assert_eq!(
        titles(&host, "connected")
            .iter()
            .filter(|t| *t == GROUP_TITLE)
            .count(),
        1,
        "read as one chat"
    );
    choose(
        &row_named(&host, "connected", GROUP_TITLE),
        "Disconnect from this record",
    )
    .await;
    assert!(
        !titles(&host, "connected").contains(&GROUP_TITLE.to_owned()),
        "gone at once"
    );
    sleep(500).await;
    assert!(
        link_rows(&chat)
            .await
            .iter()
            .all(|r| r["msdyn_entityrecordstate"] == 1),
        "both rows cleared"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_disconnect_comes_back() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    post_control("/_emulator/faults", json!({"method": "PATCH", "path": "/msdyn_teamschatassociations", "status": 403, "count": 1})).await;
    choose(
        &row_named(&host, "connected", GROUP_TITLE),
        "Disconnect from this record",
    )
    .await;
    until("the rollback", || {
        titles(&host, "connected").contains(&GROUP_TITLE.to_owned())
    })
    .await;
    let notice = shadow(&host)
        .query_selector(".tc-notice")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(notice.contains("Couldn't disconnect"), "{notice}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn each_privilege_case_shows_only_what_is_allowed() {
    // Alex reads Ava's record but may not append to it or write the link table.
    let opts = signed_in("alex", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    until("Alex's sections", || {
        !rows(&host, "connected").is_empty() && !rows(&host, "other").is_empty()
    })
    .await;
    assert!(
        shadow(&host)
            .query_selector(".tc-new-chat")
            .unwrap()
            .is_none(),
        "no New connected chat"
    );
    for row in rows(&host, "connected") {
        assert!(!menu_items(&row)
            .await
            .iter()
            .any(|i| i.contains("Disconnect")));
    }
    for row in rows(&host, "other") {
        assert!(!menu_items(&row)
            .await
            .iter()
            .any(|i| i.contains("Connect") || i.contains("Start")));
    }
    handle.unmount();

    // Diego may not read the record: no connected chats, and he is told why.
    let opts = signed_in("diego", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    until("Diego's message", || {
        section_text(&host, "connected")
            .contains("You don't have permission to see the chats connected to this record.")
    })
    .await;
    assert!(rows(&host, "connected").is_empty());
    handle.unmount();

    // Grady may append to Ava's record, but his role may not create chat links
    // (prvCreatemsdyn_teamschatassociation): he connects no chat, yet still connects channels.
    let opts = signed_in("grady", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    until("Grady's suggestions", || {
        !rows(&host, "suggested").is_empty()
    })
    .await;
    assert!(
        shadow(&host)
            .query_selector(".tc-new-chat")
            .unwrap()
            .is_none(),
        "no New connected chat without the create privilege"
    );
    for row in rows(&host, "suggested") {
        let items = menu_items(&row).await;
        assert!(
            !items
                .iter()
                .any(|i| i.contains("Connect") || i.contains("Start")),
            "{items:?}"
        );
    }
    let privileges = log("?path=RetrieveUserPrivilegeByPrivilegeName&listener=main").await;
    assert!(
        privileges.iter().any(|e| e["path"]
            .as_str()
            .is_some_and(|p| p.contains("prvCreatemsdyn_teamschatassociation"))),
        "read at mount"
    );
    handle.unmount();
    let (host, handle) = channels_tab("grady", |t| !t.contains("Loading")).await;
    until("Connect a channel", || {
        shadow(&host)
            .query_selector(".tc-connect-channel")
            .unwrap()
            .is_some()
    })
    .await;
    handle.unmount();
}

async fn pick_and_start(host: &HtmlElement, suggestion: &str, search: Option<(&str, &str)>) {
    let dialog = pick(host, suggestion, search).await;
    let start = dialog.query_selector(".tc-primary").unwrap().unwrap();
    start.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

/// Opens the New connected chat dialog and picks a suggestion (and a person found by search).
async fn pick(
    host: &HtmlElement,
    suggestion: &str,
    search: Option<(&str, &str)>,
) -> web_sys::Element {
    let button: HtmlElement = shadow(host)
        .query_selector(".tc-new-chat")
        .unwrap()
        .expect("New connected chat")
        .unchecked_into();
    button.click();
    settle().await;
    let dialog = shadow(host)
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("the dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let name: HtmlInputElement = dialog
        .query_selector("input[type=text]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(name.value(), "Ava Reyes", "named after the record");
    let labels = dialog.query_selector_all("label").unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .find(|l| l.text_content().unwrap() == suggestion)
        .expect("the suggestion");
    label.unchecked_ref::<HtmlElement>().click();
    settle().await;
    if let Some((text, person)) = search {
        let input: HtmlInputElement = dialog
            .query_selector("input[type=search]")
            .unwrap()
            .unwrap()
            .unchecked_into();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        until("people found", || {
            dialog
                .query_selector(".tc-person-option")
                .unwrap()
                .is_some()
        })
        .await;
        let options = dialog.query_selector_all(".tc-person-option").unwrap();
        let option = (0..options.length())
            .filter_map(|i| options.item(i))
            .find(|o| o.text_content().unwrap().starts_with(person))
            .expect("the person");
        option.unchecked_ref::<HtmlElement>().click();
        settle().await;
    }
    dialog
}

/// The dialog's "Post a link to this record" checkbox, when it offers one.
fn post_link_box(dialog: &web_sys::Element) -> Option<HtmlInputElement> {
    let labels = dialog.query_selector_all("label").unwrap();
    (0..labels.length())
        .filter_map(|i| labels.item(i))
        .find(|l| l.text_content().unwrap() == "Post a link to this record")
        .map(|l| {
            l.unchecked_into::<web_sys::Element>()
                .query_selector("input[type=checkbox]")
                .unwrap()
                .expect("the checkbox inside its label")
                .unchecked_into()
        })
}

#[wasm_bindgen_test]
async fn a_new_connected_chat_can_start_with_a_link_to_the_record() {
    const RECORD: &str =
        "https://contoso.crm.dynamics.com/main.aspx?etn=contact&pagetype=entityrecord&id=1";
    let opts = signed_in("megan", "pane").await;
    set(&opts, "recordUrl", RECORD.into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let named = |host: &HtmlElement| {
        titles(host, "connected")
            .iter()
            .filter(|t| *t == "Ava Reyes")
            .count()
    };

    // On by default: the chat is created, connected, then the link is posted to it.
    clear_log().await;
    let before = named(&host);
    let dialog = pick(&host, "Adele Vance", None).await;
    let link = post_link_box(&dialog).expect("the dialog offers the link");
    assert!(
        link.checked(),
        "on by default when the record's URL is known"
    );
    dialog
        .query_selector(".tc-primary")
        .unwrap()
        .unwrap()
        .unchecked_ref::<HtmlElement>()
        .click();
    until("the new chat is connected", || named(&host) == before + 1).await;
    until("the link posted", || {
        shadow(&host)
            .query_selector("[role=dialog]")
            .unwrap()
            .is_none()
    })
    .await;
    let mut posted = Vec::new();
    for _ in 0..50 {
        posted = posted_messages().await;
        if !posted.is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(posted.len(), 1, "{posted:?}");
    assert_eq!(posted[0]["status"], 201, "{}", posted[0]);
    let body: Value = serde_json::from_str(posted[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["body"]["contentType"], "html");
    let content = body["body"]["content"].as_str().unwrap();
    assert!(
        content.contains(
            "<a href=\"https://contoso.crm.dynamics.com/main.aspx?etn=contact&amp;pagetype=entityrecord&amp;id=1\">Ava Reyes</a>"
        ),
        "the record's name, linked and escaped: {content}"
    );
    let connected = log("?path=/dataverse/&listener=main")
        .await
        .into_iter()
        .find(|e| {
            e["method"] == "POST"
                && e["body"]
                    .as_str()
                    .is_some_and(|b| b.contains("msdyn_teamschatid"))
        })
        .expect("the connect");
    let body: Value = serde_json::from_str(connected["body"].as_str().unwrap()).unwrap();
    let chat = body["msdyn_teamschatid"].as_str().unwrap();
    let hex = chat.trim_start_matches("19:").split('@').next().unwrap();
    assert!(
        posted[0]["path"].as_str().unwrap().contains(hex),
        "posted to the chat just connected: {} vs {chat}",
        posted[0]["path"]
    );
    assert!(
        !connected["body"].as_str().unwrap().contains("contoso.crm"),
        "nothing of the message to Dataverse"
    );
    assert_dataverse_bodies_are_minimal().await;

    // Unchecked: nothing is posted.
    clear_log().await;
    let before = named(&host);
    let dialog = pick(&host, "Adele Vance", None).await;
    post_link_box(&dialog).unwrap().click();
    settle().await;
    assert!(!post_link_box(&dialog).unwrap().checked());
    dialog
        .query_selector(".tc-primary")
        .unwrap()
        .unwrap()
        .unchecked_ref::<HtmlElement>()
        .click();
    until("the second chat is connected", || {
        named(&host) == before + 1
    })
    .await;
    sleep(300).await;
    assert!(posted_messages().await.is_empty(), "unchecked: no message");

    // A failed post is said, and the chat stays connected.
    post_control(
        "/_emulator/faults",
        json!({"method": "POST", "path": "/messages$", "status": 500, "count": 1}),
    )
    .await;
    let before = named(&host);
    pick_and_start(&host, "Adele Vance", None).await;
    until("the failure is said", || {
        shadow(&host)
            .query_selector(".tc-notice")
            .unwrap()
            .is_some_and(|n| {
                n.text_content().unwrap()
                    == "The chat is connected, but the link to this record could not be posted."
            })
    })
    .await;
    assert_eq!(named(&host), before + 1, "the chat stays connected");
    handle.unmount();

    // Without the record's URL, the dialog does not offer it.
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let dialog = pick(&host, "Adele Vance", None).await;
    assert!(post_link_box(&dialog).is_none(), "no URL, no offer");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_new_connected_chat_is_created_then_connected() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    pick_and_start(&host, "Adele Vance", Some(("lee", "Lee Gu"))).await;
    until("the new chat in the connected section", || {
        titles(&host, "connected").contains(&"Ava Reyes".to_owned())
    })
    .await;
    assert!(
        shadow(&host)
            .query_selector("[role=dialog]")
            .unwrap()
            .is_none(),
        "the dialog closed"
    );
    let created = log("?path=/graph/v1.0/chats&listener=main")
        .await
        .into_iter()
        .find(|e| e["method"] == "POST")
        .unwrap();
    let body: Value = serde_json::from_str(created["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["chatType"], "group");
    assert_eq!(body["topic"], "Ava Reyes");
    let members: Vec<String> = body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["user@odata.bind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(members.len(), 3, "{members:?}");
    assert_dataverse_bodies_are_minimal().await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_guest_found_by_search_joins_the_new_chat_as_a_guest() {
    const KAI: &str = "9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d";
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    clear_log().await;
    pick_and_start(&host, "Adele Vance", Some(("kai", "Kai Carter"))).await;
    until("the dialog closed on success", || {
        shadow(&host)
            .query_selector("[role=dialog]")
            .unwrap()
            .is_none()
    })
    .await;
    let created = log("?path=/graph/v1.0/chats&listener=main")
        .await
        .into_iter()
        .find(|e| e["method"] == "POST")
        .unwrap();
    assert_eq!(created["status"], 201, "{created}");
    let body: Value = serde_json::from_str(created["body"].as_str().unwrap()).unwrap();
    let roles = |id: &str| {
        body["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user@odata.bind"].as_str().unwrap().contains(id))
            .map(|m| m["roles"].clone())
            .unwrap()
    };
    assert_eq!(
        roles(KAI),
        json!(["guest"]),
        "Create chat: in-tenant guests join as guests"
    );
    assert_eq!(
        roles("aaaaaaaa-0000-4000-8000-000000000002"),
        json!(["owner"]),
        "Adele is a member"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn creating_without_teams_permission_says_so_and_writes_no_link() {
    let opts = signed_in("joni", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    until("Joni's sections", || !rows(&host, "suggested").is_empty()).await;
    pick_and_start(&host, "Adele Vance", None).await;
    until("the 403 message", || {
        shadow(&host)
            .query_selector("[role=dialog] [role=alert]")
            .unwrap()
            .is_some_and(|a| {
                a.text_content()
                    .unwrap()
                    .contains("permission to create chats")
            })
    })
    .await;
    assert!(
        log("?path=/msdyn_teamschatassociations&listener=main")
            .await
            .iter()
            .all(|e| e["method"] == "GET"),
        "no link was written"
    );
    // Escape closes the dialog and returns focus to its button.
    let dialog: HtmlElement = shadow(&host)
        .query_selector("[role=dialog]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    dialog
        .dispatch_event(
            &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap(),
        )
        .unwrap();
    settle().await;
    assert!(shadow(&host)
        .query_selector("[role=dialog]")
        .unwrap()
        .is_none());
    assert!(shadow(&host)
        .active_element()
        .unwrap()
        .class_name()
        .contains("tc-new-chat"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn open_in_teams_announces_the_chat() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let heard = js_sys::Array::new();
    let recorder = Function::new_with_args("heard", "return (event) => heard.push(event.detail);")
        .call1(&JsValue::NULL, &heard)
        .unwrap();
    host.add_event_listener_with_callback("teams-collaborate-open-chat", recorder.unchecked_ref())
        .unwrap();
    let window = web_sys::window().unwrap();
    let original = Reflect::get(&window, &"open".into()).unwrap();
    Reflect::set(
        &window,
        &"open".into(),
        &Function::new_no_args("return null;"),
    )
    .unwrap();
    choose(&row_named(&host, "other", "Alex Wilber"), "Open in Teams").await;
    Reflect::set(&window, &"open".into(), &original).unwrap();
    assert_eq!(heard.length(), 1);
    let detail = heard.get(0);
    assert!(Reflect::get(&detail, &"chatId".into())
        .unwrap()
        .as_string()
        .unwrap()
        .ends_with("@unq.gbl.spaces"));
    assert!(Reflect::get(&detail, &"webUrl".into())
        .unwrap()
        .as_string()
        .unwrap()
        .starts_with("https://teams.microsoft.com/"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn no_token_ever_reaches_a_foreign_origin() {
    let opts = signed_in("megan", "pane").await;
    let spy = "http://127.0.0.1:18788";
    let page = json!({
        "@odata.nextLink": format!("{spy}/graph/v1.0/me/chats?$skiptoken=stolen"),
        "value": [{"id": "19:foreign@thread.v2", "topic": "Foreign link", "chatType": "group", "members": [], "webUrl": format!("{spy}/l/chat/x"), "lastMessagePreview": null}],
    });
    fault("/graph/v1.0/me/chats", 200, Some(&page.to_string()), 1).await;
    let (host, handle, _) = mount(&opts).await;
    until("the crafted page", || {
        titles(&host, "other").contains(&"Foreign link".to_owned())
    })
    .await;
    let row = row_named(&host, "other", "Foreign link");
    assert!(
        !menu_items(&row).await.contains(&"Open in Teams".to_owned()),
        "a foreign webUrl is never opened"
    );
    if let Some(more) = shadow(&host).query_selector(".tc-show-more").unwrap() {
        more.unchecked_ref::<HtmlElement>().click();
        sleep(500).await;
    }
    let reached = log("?listener=spy").await;
    assert!(
        reached
            .iter()
            .all(|r| r["headers"].get("authorization").is_none()),
        "a token reached the spy: {reached:?}"
    );
    assert!(
        section_text(&host, "other").contains("Can't reach Microsoft Teams.") || reached.is_empty()
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failure_between_the_two_writes_leaves_no_link_and_says_so() {
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    post_control("/_emulator/faults", json!({"method": "POST", "path": "/msdyn_teamschatassociations", "status": 500, "count": 1})).await;
    pick_and_start(&host, "Johanna Lorenz", None).await;
    until("the message", || {
        shadow(&host)
            .query_selector("[role=dialog] [role=alert]")
            .unwrap()
            .is_some_and(|a| {
                a.text_content()
                    .unwrap()
                    .contains("created in Microsoft Teams but couldn't be connected")
            })
    })
    .await;
    let created = log("?path=/graph/v1.0/chats&listener=main")
        .await
        .into_iter()
        .filter(|e| e["method"] == "POST")
        .count();
    assert_eq!(created, 1, "the chat exists in Teams");
    let links: Vec<Value> = log("?path=/msdyn_teamschatassociations&listener=main")
        .await
        .into_iter()
        .filter(|e| e["method"] != "GET")
        .collect();
    assert_eq!(links.len(), 1, "one failed link write, no other");
    assert_eq!(links[0]["status"], 500);
    assert!(
        !titles(&host, "connected").contains(&"Ava Reyes".to_owned()),
        "nothing shows as connected"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_channels_tab_lists_names_from_graph_shows_missing_ones_and_disconnects() {
    let (host, handle) = channels_tab("megan", |t| !t.contains("Loading")).await;
    let channel_rows = || {
        let list = shadow(&host)
            .query_selector_all("#tc-panel-channels .tc-row")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into::<HtmlElement>())
            .collect::<Vec<_>>()
    };
    until("the channels", || channel_rows().len() == 3).await;
    let texts: Vec<String> = channel_rows()
        .iter()
        .map(|r| r.text_content().unwrap())
        .collect();
    assert!(
        texts[0].starts_with("CSContoso Sales > Key accounts")
            || texts[0].contains("Contoso Sales > Key accounts"),
        "{texts:?}"
    );
    assert!(
        texts[2].contains("Q3 Tiger team > General") && texts[2].contains("Not found in Teams"),
        "a deleted team reads as missing: {texts:?}"
    );
    assert!(
        texts[1].contains("Service Excellence > Old escalations")
            && texts[1].contains("Not found in Teams"),
        "{texts:?}"
    );
    let key_accounts = channel_rows()[0].clone();
    assert_eq!(
        menu_items(&key_accounts).await,
        ["Disconnect from this record", "Open in Teams"]
    );
    let missing = channel_rows()[1].clone();
    assert_eq!(
        menu_items(&missing).await,
        ["Disconnect from this record"],
        "no link to open for a missing channel"
    );
    // The names came from Graph, in one batch.
    let batches = log("?path=/graph/v1.0/$batch&listener=main").await.len();
    assert!(batches >= 1);
    choose(&key_accounts, "Disconnect from this record").await;
    until("the disconnect", || channel_rows().len() == 2).await;
    sleep(300).await;
    let deletes: Vec<Value> = log("?path=/msdyn_teamscollaborations&listener=main")
        .await
        .into_iter()
        .filter(|e| e["method"] == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0]["status"], 204);
    assert!(
        deletes[0]["path"]
            .as_str()
            .unwrap()
            .contains("d1000000-0000-4000-8000-000000000001"),
        "the row Microsoft's own integration wrote (a thread-id msdyn_teamid) was the one listed and disconnected: {}",
        deletes[0]["path"]
    );
    let reads = log("?path=/msdyn_teamscollaborations&listener=main").await;
    assert!(
        reads
            .iter()
            .filter(|e| e["method"] == "GET")
            .all(|e| e["query"].as_str().is_some_and(|q| q.contains("statecode"))),
        "inactive links (the seed's deactivated Escalations) are filtered out: {reads:?}"
    );
    handle.unmount();
}

/// Opens the Channels tab for `user` and waits until `ready` holds for the panel's text.
async fn channels_tab(
    user: &str,
    ready: impl Fn(&str) -> bool,
) -> (HtmlElement, teams_collaborate::Handle) {
    channels_tab_with(&signed_in(user, "pane").await, ready).await
}

/// [`channels_tab`] for a component mounted with `opts`.
async fn channels_tab_with(
    opts: &js_sys::Object,
    ready: impl Fn(&str) -> bool,
) -> (HtmlElement, teams_collaborate::Handle) {
    let (host, handle, _) = mount(opts).await;
    until("the tabs", || {
        shadow(&host).get_element_by_id("tc-tab-channels").is_some()
    })
    .await;
    let tab: HtmlElement = shadow(&host)
        .get_element_by_id("tc-tab-channels")
        .unwrap()
        .unchecked_into();
    tab.click();
    let text = || {
        shadow(&host)
            .get_element_by_id("tc-panel-channels")
            .unwrap()
            .text_content()
            .unwrap()
    };
    until("the channels panel", || ready(&text())).await;
    (host, handle)
}

#[wasm_bindgen_test]
async fn a_read_only_user_sees_channels_but_cannot_connect_or_disconnect() {
    let (host, handle) = channels_tab("alex", |t| t.contains("Key accounts")).await;
    assert!(
        shadow(&host)
            .query_selector(".tc-connect-channel")
            .unwrap()
            .is_none(),
        "no Connect a channel without append-to access"
    );
    let row: HtmlElement = shadow(&host)
        .query_selector("#tc-panel-channels .tc-row")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(menu_items(&row).await, ["Open in Teams"]);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn disconnecting_a_channel_follows_the_channel_links_delete_privilege() {
    // Lee's role writes chat links but may not delete channel links.
    let (host, handle) = channels_tab("lee", |t| t.contains("Key accounts")).await;
    let row: HtmlElement = shadow(&host)
        .query_selector("#tc-panel-channels .tc-row")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(menu_items(&row).await, ["Open in Teams"]);
    assert!(
        shadow(&host)
            .query_selector(".tc-connect-channel")
            .unwrap()
            .is_some(),
        "he may still connect channels"
    );
    // (The emulator's tests check that his role still writes chat links.)
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_user_without_access_to_the_record_sees_no_channels() {
    let (host, handle) =
        channels_tab("diego", |t| t.contains("permission to see the channels")).await;
    let panel = shadow(&host)
        .get_element_by_id("tc-panel-channels")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(!panel.contains("Key accounts"), "{panel}");
    assert!(shadow(&host)
        .query_selector(".tc-connect-channel")
        .unwrap()
        .is_none());
    handle.unmount();
}

mod channel_dialog {
    use super::*;
    use web_sys::HtmlSelectElement;

    async fn open_channels(user: &str) -> (HtmlElement, teams_collaborate::Handle) {
        open_channels_with(&signed_in(user, "pane").await).await
    }

    async fn open_channels_with(opts: &js_sys::Object) -> (HtmlElement, teams_collaborate::Handle) {
        // The connected channels have loaded (the picker marks them).
        let (host, handle) = channels_tab_with(opts, |t| !t.contains("Loading")).await;
        until("Connect a channel", || {
            shadow(&host)
                .query_selector(".tc-connect-channel")
                .unwrap()
                .is_some()
        })
        .await;
        let button: HtmlElement = shadow(&host)
            .query_selector(".tc-connect-channel")
            .unwrap()
            .expect("Connect a channel")
            .unchecked_into();
        button.click();
        settle().await;
        (host, handle)
    }

    fn dialog(host: &HtmlElement) -> web_sys::Element {
        shadow(host)
            .query_selector("[role=dialog]")
            .unwrap()
            .expect("the dialog")
    }

    async fn choose_option(host: &HtmlElement, index: usize, label: &str) {
        until("the options", || {
            let selects = dialog(host).query_selector_all("select").unwrap();
            selects
                .item(index as u32)
                .is_some_and(|s| s.text_content().unwrap().contains(label))
        })
        .await;
        let select: HtmlSelectElement = dialog(host)
            .query_selector_all("select")
            .unwrap()
            .item(index as u32)
            .unwrap()
            .unchecked_into();
        let options = select.options();
        let value = (0..options.length())
            .filter_map(|i| options.item(i))
            .find(|o| o.text_content().unwrap() == label)
            .map(|o| o.unchecked_into::<web_sys::HtmlOptionElement>().value())
            .expect("the option");
        select.set_value(&value);
        select
            .dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        settle().await;
    }

    async fn type_into(host: &HtmlElement, index: usize, text: &str) {
        let input: HtmlInputElement = dialog(host)
            .query_selector_all("input[type=text]")
            .unwrap()
            .item(index as u32)
            .unwrap()
            .unchecked_into();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        settle().await;
    }

    async fn press_button(host: &HtmlElement, label: &str) {
        let buttons = dialog(host).query_selector_all("button").unwrap();
        let button = (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().unwrap() == label)
            .expect(label);
        button.unchecked_ref::<HtmlElement>().click();
        settle().await;
    }

    fn channel_titles(host: &HtmlElement) -> Vec<String> {
        let list = shadow(host)
            .query_selector_all("#tc-panel-channels .tc-row .tc-title")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap())
            .collect()
    }

    const SALES_TEAM: &str = "bbbbbbbb-0000-4000-8000-000000000001";
    const SALES_THREAD: &str = "19:0100c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";
    const DEAL_DESK: &str = "19:0102c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";
    const TENANT: &str = "6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d";

    /// New channels' folders exist at once (the emulator's 10 s wait is another test's subject).
    async fn folders_ready_at_once() {
        post_control("/_emulator/folders", json!({"provisioningSeconds": 0})).await;
    }

    /// A channel's id in a team, from Graph.
    async fn channel_id_of(team: &str, name: &str) -> String {
        let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
        values(
            &format!("{EMULATOR}/graph/v1.0/teams/{team}/channels"),
            Some(&token),
        )
        .await
        .iter()
        .find(|c| c["displayName"] == name)
        .expect(name)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// What a stored channel link must name: the team (group id, thread id, name), the
    /// channel's id, its type as written, and the SharePoint site's path under `/sites/`.
    struct Link<'a> {
        team: (&'a str, &'a str, &'a str),
        channel: &'a str,
        kind: &'a str,
        site: &'a str,
    }

    /// Reads Ava's link row for the channel `name` back from Dataverse and checks every column
    /// product.md section 4 lists, with the value each must have.
    async fn assert_stored_link(name: &str, link: Link<'_>) {
        let token = sign_in("megan@contoso.com", &format!("{CONTOSO}/.default")).await;
        let filter = format!(
            "msdyn_channelid eq '{}' and regardingobjectid eq {AVA}",
            link.channel
        )
        .replace(' ', "%20")
        .replace(':', "%3A")
        .replace('@', "%40");
        let rows = values(
            &format!("{CONTOSO}/api/data/v9.2/msdyn_teamscollaborations?$filter={filter}"),
            Some(&token),
        )
        .await;
        assert_eq!(rows.len(), 1, "one row for {name}: {rows:?}");
        let row = &rows[0];
        let site = format!("https://contoso.sharepoint.com/sites/{}", link.site);
        let expected = [
            ("msdyn_groupid", json!(link.team.0)),
            ("msdyn_teamid", json!(link.team.1)),
            ("msdyn_teamname", json!(link.team.2)),
            ("msdyn_tenantid", json!(TENANT)),
            ("msdyn_channelid", json!(link.channel)),
            ("msdyn_channelname", json!(name)),
            ("msdyn_channeltype", json!(link.kind)),
            ("msdyn_teamsiteurl", json!(site)),
            (
                "msdyn_channelfolderrelativeurl",
                json!(format!("/sites/{}/Shared Documents/{name}", link.site)),
            ),
            ("regardingobjectid", json!(AVA)),
            ("regardingobjecttypename", json!("contact")),
            ("regardingobjecttypecode", json!(2)),
            ("statecode", json!(0)),
        ];
        for (column, value) in expected {
            assert_eq!(row[column], value, "{name}: {column} in {row}");
        }
        let web = row["msdyn_weburl"].as_str().unwrap_or_default();
        assert!(
            web.starts_with("https://teams.microsoft.com/l/channel/"),
            "{name}: msdyn_weburl {web}"
        );
    }

    /// The standard channel `name` just made in Contoso Sales is stored as Ava's link, its id as
    /// Graph made it.
    async fn assert_new_sales_channel_linked(name: &str) {
        let id = channel_id_of(SALES_TEAM, name).await;
        assert_stored_link(
            name,
            Link {
                team: (SALES_TEAM, SALES_THREAD, "Contoso Sales"),
                channel: &id,
                kind: "Standard",
                site: "ContosoSales",
            },
        )
        .await;
    }

    async fn alert(host: &HtmlElement) -> String {
        until("a message", || {
            shadow(host)
                .query_selector("[role=dialog] [role=alert]")
                .unwrap()
                .is_some()
        })
        .await;
        dialog(host)
            .query_selector("[role=alert]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    }

    /// Sends one write from the dialog under every fault on `fault` (method and path): `fill`
    /// picks or types, then `button` sends; the channel `wanted` ends listed once and `written`
    /// counts one write. A 500 is told, and pressing `button` again finishes the write.
    async fn write_survives_every_fault(
        fault: (&str, &str),
        fill: impl AsyncFn(&HtmlElement),
        button: &str,
        wanted: &str,
        written: impl AsyncFn() -> usize,
    ) {
        let wanted = wanted.to_owned();
        for (name, fault_body) in super::write_faults() {
            let case = format!("{} {} {name}", fault.0, fault.1);
            let (host, handle) = open_channels("megan").await;
            folders_ready_at_once().await;
            super::add_fault(&fault_body, fault.0, fault.1).await;
            fill(&host).await;
            press_button(&host, button).await;
            let failed = || {
                shadow(&host)
                    .query_selector("[role=dialog] .tc-dialog-error")
                    .unwrap()
                    .is_some()
            };
            until(&format!("{case}: done or told"), || {
                channel_titles(&host).contains(&wanted) || failed()
            })
            .await;
            if failed() {
                assert_eq!(name, "500", "{case} must be waited out");
                press_button(&host, button).await;
                until(&format!("{case}: done on the second try"), || {
                    channel_titles(&host).contains(&wanted)
                })
                .await;
            }
            sleep(300).await;
            settle().await;
            let shown = channel_titles(&host)
                .iter()
                .filter(|t| **t == wanted)
                .count();
            assert_eq!(shown, 1, "{case}: listed once");
            assert_eq!(
                written().await,
                1,
                "{case}: written once, not none, not twice"
            );
            handle.unmount();
        }
    }

    #[wasm_bindgen_test]
    async fn connecting_a_channel_survives_every_fault_once() {
        write_survives_every_fault(
            ("POST", "/msdyn_teamscollaborations"),
            async |host: &HtmlElement| {
                choose_option(host, 0, "Contoso Sales").await;
                choose_option(host, 1, "Deal desk").await;
            },
            "Connect",
            "Contoso Sales > Deal desk",
            async || super::succeeded("POST", "/msdyn_teamscollaborations").await,
        )
        .await;
    }

    #[wasm_bindgen_test]
    async fn creating_a_channel_survives_every_fault_once() {
        write_survives_every_fault(
            ("POST", "/channels$"),
            async |host: &HtmlElement| {
                choose_option(host, 0, "Contoso Sales").await;
                type_into(host, 0, "Ava Reyes renewal").await;
            },
            "Create channel",
            "Contoso Sales > Ava Reyes renewal",
            async || super::succeeded("POST", "/channels").await,
        )
        .await;
    }

    #[wasm_bindgen_test]
    async fn connecting_an_existing_channel() {
        let (host, handle) = open_channels("megan").await;
        choose_option(&host, 0, "Contoso Sales").await;
        choose_option(&host, 1, "Deal desk").await;
        // Key accounts is connected already: listed, but not to be connected twice.
        let options = dialog(&host).query_selector_all("option").unwrap();
        let taken: web_sys::HtmlOptionElement = (0..options.length())
            .filter_map(|i| options.item(i))
            .find(|o| o.text_content().unwrap() == "Key accounts (already connected)")
            .expect("Key accounts is listed as connected")
            .unchecked_into();
        assert!(taken.disabled());
        press_button(&host, "Connect").await;
        until("the new channel", || {
            channel_titles(&host).contains(&"Contoso Sales > Deal desk".to_owned())
        })
        .await;
        assert!(shadow(&host)
            .query_selector("[role=dialog]")
            .unwrap()
            .is_none());
        let posts: Vec<Value> = log("?path=/msdyn_teamscollaborations&listener=main")
            .await
            .into_iter()
            .filter(|e| e["method"] == "POST")
            .collect();
        let body: Value = serde_json::from_str(posts[0]["body"].as_str().unwrap()).unwrap();
        let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "msdyn_channelfolderrelativeurl",
                "msdyn_channelid",
                "msdyn_channelname",
                "msdyn_channeltype",
                "msdyn_groupid",
                "msdyn_teamid",
                "msdyn_teamname",
                "msdyn_teamsiteurl",
                "msdyn_tenantid",
                "msdyn_weburl",
                "regardingobjectid",
                "regardingobjecttypecode",
                "regardingobjecttypename",
            ],
            "product.md section 4, nothing more"
        );
        // The reads it took: the team and the channel's folder in one $batch.
        let parts = log("?listener=batch").await;
        let batched = |p: &str| {
            parts
                .iter()
                .any(|e| e["path"].as_str().is_some_and(|x| x.ends_with(p)))
        };
        assert!(batched("/filesFolder") && batched(SALES_TEAM), "{parts:?}");
        // A private channel's files live in a site of its own.
        assert_stored_link(
            "Deal desk",
            Link {
                team: (SALES_TEAM, SALES_THREAD, "Contoso Sales"),
                channel: DEAL_DESK,
                kind: "Private",
                site: "ContosoSales-Dealdesk",
            },
        )
        .await;
        handle.unmount();
    }

    #[wasm_bindgen_test]
    async fn creating_a_channel_and_the_409_for_a_taken_name() {
        let (host, handle) = open_channels("megan").await;
        folders_ready_at_once().await;
        choose_option(&host, 0, "Contoso Sales").await;
        type_into(&host, 0, "Key accounts").await;
        press_button(&host, "Create channel").await;
        assert!(alert(&host).await.contains("already exists"));
        type_into(&host, 0, "Ava Reyes renewal").await;
        type_into(&host, 1, "Renewal talks, 2027").await;
        press_button(&host, "Create channel").await;
        until("the created channel", || {
            channel_titles(&host).contains(&"Contoso Sales > Ava Reyes renewal".to_owned())
        })
        .await;
        let created: Vec<Value> = log("?path=/channels&listener=main")
            .await
            .into_iter()
            .filter(|e| e["method"] == "POST" && e["status"] == 201)
            .collect();
        assert_eq!(created.len(), 1, "{created:?}");
        let body: Value = serde_json::from_str(created[0]["body"].as_str().unwrap()).unwrap();
        assert_eq!(body["displayName"], "Ava Reyes renewal");
        assert_eq!(body["description"], "Renewal talks, 2027");
        assert_new_sales_channel_linked("Ava Reyes renewal").await;
        handle.unmount();
    }

    #[wasm_bindgen_test]
    async fn creating_a_team_waits_for_its_operation() {
        let (host, handle) = open_channels("megan").await;
        folders_ready_at_once().await;
        // The 202's Location is read from the batch answer even when CORS hides it.
        post_control(
            "/_emulator/graph-cors",
            json!({"exposeRetryAfterAndLocation": false}),
        )
        .await;
        type_into(&host, 0, "Ava Reyes account team").await;
        press_button(&host, "Create team").await;
        assert!(
            dialog(&host)
                .text_content()
                .unwrap()
                .contains("Creating the team"),
            "progress is shown"
        );
        until("the new team's General channel", || {
            channel_titles(&host).contains(&"Ava Reyes account team > General".to_owned())
        })
        .await;
        let polls = log("?path=/operations/&listener=main").await.len();
        assert!(polls >= 1, "the operation was polled");
        let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
        let joined = values(
            &format!("{EMULATOR}/graph/v1.0/me/joinedTeams"),
            Some(&token),
        )
        .await;
        let team = joined
            .iter()
            .find(|t| t["displayName"] == "Ava Reyes account team")
            .expect("the new team")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let general = channel_id_of(&team, "General").await;
        // A new team's thread id is its General channel's.
        assert_stored_link(
            "General",
            Link {
                team: (&team, &general, "Ava Reyes account team"),
                channel: &general,
                kind: "Standard",
                site: "AvaReyesaccountteam",
            },
        )
        .await;
        handle.unmount();
    }

    /// `POST /teams` (a `$batch` part), the operation polls and the new team's channel list, each
    /// under every write fault: one team is made and its General channel connected once. A 500
    /// after Graph accepted the team is told, and trying again finishes that team.
    #[wasm_bindgen_test]
    async fn creating_a_team_survives_every_fault_once() {
        const TEAM: &str = "Ava Reyes account team";
        for fault in [
            ("POST", "/teams$"),
            ("GET", "/operations/"),
            ("GET", "/primaryChannel"),
        ] {
            write_survives_every_fault(
                fault,
                async |host: &HtmlElement| type_into(host, 0, TEAM).await,
                "Create team",
                &format!("{TEAM} > General"),
                // Teams made: the accepted `POST /teams` parts of the `$batch`.
                async || {
                    log("?path=/teams&listener=batch")
                        .await
                        .into_iter()
                        .filter(|e| {
                            e["method"] == "POST"
                                && e["status"] == 202
                                && e["path"].as_str().is_some_and(|p| p.ends_with("/teams"))
                        })
                        .count()
                },
            )
            .await;
        }
        // The new team's General channel is asked for by name: List channels promises no order.
        assert!(
            !log("?path=/primaryChannel").await.is_empty(),
            "General is read with GET /teams/{{id}}/primaryChannel"
        );
    }

    /// A new channel's folder takes 10 s of emulator time to exist: the dialog waits, reads
    /// again with backoff, and writes the link only once the folder is there.
    #[wasm_bindgen_test]
    async fn a_new_channels_folder_is_waited_for_before_anything_is_written() {
        let (host, handle) = open_channels("megan").await;
        choose_option(&host, 0, "Contoso Sales").await;
        type_into(&host, 0, "Ava Reyes pricing").await;
        press_button(&host, "Create channel").await;
        let folder_reads = || async {
            log("?path=/filesFolder&listener=batch")
                .await
                .into_iter()
                .map(|e| e["status"].as_i64().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        for _ in 0..100 {
            if folder_reads().await.contains(&404) {
                break;
            }
            sleep(100).await;
        }
        assert_eq!(folder_reads().await.first(), Some(&404), "not ready yet");
        assert!(
            dialog(&host).text_content().unwrap().contains("Creating"),
            "still working: {}",
            dialog(&host).text_content().unwrap()
        );
        assert!(
            shadow(&host)
                .query_selector("[role=dialog] [role=alert]")
                .unwrap()
                .is_none(),
            "no error while waiting"
        );
        assert_eq!(
            super::succeeded("POST", "/msdyn_teamscollaborations").await,
            0,
            "nothing written before the folder exists"
        );
        post_control("/_emulator/clock", json!({"advanceSeconds": 11})).await;
        until("the channel, once its folder exists", || {
            channel_titles(&host).contains(&"Contoso Sales > Ava Reyes pricing".to_owned())
        })
        .await;
        let reads = folder_reads().await;
        assert!(reads.len() >= 2 && reads.last() == Some(&200), "{reads:?}");
        assert_new_sales_channel_linked("Ava Reyes pricing").await;
        handle.unmount();
    }

    /// `filesFolder` needs Files.Read.All: without it the dialog says so and writes nothing.
    #[wasm_bindgen_test]
    async fn without_files_read_all_connecting_is_refused_and_nothing_written() {
        let scopes = [
            "Chat.ReadWrite.All",
            "Directory.Read.All",
            "Presence.Read.All",
            "User.ReadBasic.All",
            "Team.Create",
            "Channel.Create",
        ]
        .map(|s| format!("https://graph.microsoft.com/{s}"))
        .join(" ");
        let opts = signed_in_with("megan", "pane", &scopes).await;
        let (host, handle) = open_channels_with(&opts).await;
        choose_option(&host, 0, "Contoso Sales").await;
        choose_option(&host, 1, "Deal desk").await;
        press_button(&host, "Connect").await;
        let message = alert(&host).await;
        assert!(
            message.contains("Files.Read.All") && message.contains("administrator"),
            "{message}"
        );
        let folder = log("?path=/filesFolder&listener=batch").await;
        assert_eq!(folder[0]["status"], 403, "Graph refused: {folder:?}");
        assert_eq!(
            log("?path=/msdyn_teamscollaborations&listener=main")
                .await
                .iter()
                .filter(|e| e["method"] == "POST")
                .count(),
            0,
            "nothing written"
        );
        assert!(!channel_titles(&host).contains(&"Contoso Sales > Deal desk".to_owned()));
        handle.unmount();
    }

    /// An existing channel whose folder Graph cannot find is not waited for: told, not written.
    #[wasm_bindgen_test]
    async fn a_channel_without_a_folder_is_told_and_nothing_written() {
        let (host, handle) = open_channels("megan").await;
        super::add_fault(&json!({"status": 404}), "GET", "/filesFolder").await;
        choose_option(&host, 0, "Contoso Sales").await;
        choose_option(&host, 1, "Deal desk").await;
        press_button(&host, "Connect").await;
        let message = alert(&host).await;
        assert!(message.contains("channel's files"), "{message}");
        assert_eq!(
            super::succeeded("POST", "/msdyn_teamscollaborations").await,
            0
        );
        handle.unmount();
    }

    #[wasm_bindgen_test]
    async fn escape_closes_the_dialog_and_focus_returns() {
        let (host, handle) = open_channels("megan").await;
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Escape");
        init.set_bubbles(true);
        dialog(&host)
            .dispatch_event(
                &web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                    .unwrap(),
            )
            .unwrap();
        settle().await;
        assert!(shadow(&host)
            .query_selector("[role=dialog]")
            .unwrap()
            .is_none());
        assert!(shadow(&host)
            .active_element()
            .unwrap()
            .class_name()
            .contains("tc-connect-channel"));
        handle.unmount();
    }

    #[wasm_bindgen_test]
    async fn a_user_without_teams_permission_is_told() {
        let (host, handle) = open_channels("joni").await;
        type_into(&host, 0, "Joni team").await;
        press_button(&host, "Create team").await;
        assert!(alert(&host)
            .await
            .contains("permission to create teams or channels"));
        handle.unmount();
    }
}

/// Waits until `chat`'s link rows for Ava satisfy `done`, then returns them.
async fn rows_when(chat: &str, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..100 {
        let rows = link_rows(chat).await;
        if done(&rows) {
            return rows;
        }
        sleep(100).await;
    }
    panic!("{what}: {:?}", link_rows(chat).await);
}

fn associated(rows: &[Value]) -> usize {
    rows.iter()
        .filter(|r| r["msdyn_entityrecordstate"] == 0 && r["msdyn_regardingobjectid"] == AVA)
        .count()
}

#[wasm_bindgen_test]
async fn connect_and_disconnect_survive_every_fault_without_losing_or_doubling_a_write() {
    let chat = chat_id_of(FABRIKAM_CHAT).await;
    for (name, fault) in write_faults() {
        let opts = signed_in("megan", "pane").await;
        let (host, handle, _) = mount(&opts).await;
        loaded(&host).await;
        add_fault(&fault, "POST", "/msdyn_teamschatassociations").await;
        choose(
            &row_named(&host, "other", FABRIKAM_CHAT),
            "Connect to this record",
        )
        .await;
        // Shown at once; then either written, or gone back with a notice (and the user retries).
        let notice = || {
            shadow(&host)
                .query_selector(".tc-notice")
                .unwrap()
                .and_then(|n| n.text_content())
                .unwrap_or_default()
        };
        for _ in 0..100 {
            settle().await;
            if !notice().is_empty() {
                break;
            }
            if associated(&link_rows(&chat).await) == 1 {
                break;
            }
            sleep(100).await;
        }
        if !notice().is_empty() {
            assert_eq!(name, "500", "{name} must be waited out: {}", notice());
            assert!(titles(&host, "other").contains(&FABRIKAM_CHAT.to_owned()));
            assert_eq!(link_rows(&chat).await.len(), 0, "{name}: nothing written");
            choose(
                &row_named(&host, "other", FABRIKAM_CHAT),
                "Connect to this record",
            )
            .await;
        }
        let rows = rows_when(&chat, &format!("{name}: one Associate row"), |r| {
            associated(r) == 1
        })
        .await;
        sleep(300).await;
        assert_eq!(
            link_rows(&chat).await.len(),
            rows.len(),
            "{name}: no second row"
        );
        assert_eq!(rows.len(), 1, "{name}: one row, not two: {rows:?}");
        assert!(titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned()));

        // The same fault on the disconnect.
        add_fault(&fault, "PATCH", "/msdyn_teamschatassociations").await;
        choose(
            &row_named(&host, "connected", FABRIKAM_CHAT),
            "Disconnect from this record",
        )
        .await;
        for _ in 0..100 {
            settle().await;
            if titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned())
                || associated(&link_rows(&chat).await) == 0
            {
                break;
            }
            sleep(100).await;
        }
        if titles(&host, "connected").contains(&FABRIKAM_CHAT.to_owned()) {
            assert_eq!(name, "500", "{name}: a disconnect came back");
            choose(
                &row_named(&host, "connected", FABRIKAM_CHAT),
                "Disconnect from this record",
            )
            .await;
        }
        let rows = rows_when(&chat, &format!("{name}: disconnected"), |r| {
            associated(r) == 0
        })
        .await;
        assert_eq!(rows.len(), 1, "{name}: the row is kept as Disassociate");
        until(&format!("{name}: back under Other chats"), || {
            titles(&host, "other").contains(&FABRIKAM_CHAT.to_owned())
        })
        .await;
        handle.unmount();
    }
}

/// The faults every write meets once: waited out, refreshed, slow, or a 500 the user retries.
fn write_faults() -> [(&'static str, Value); 5] {
    [
        ("429", json!({"status": 429, "retryAfter": "0.2"})),
        ("503", json!({"status": 503, "retryAfter": "0.2"})),
        ("401", json!({"status": 401})),
        ("slow", json!({"status": 0, "delayMs": 1500})),
        ("500", json!({"status": 500})),
    ]
}

async fn add_fault(fault: &Value, method: &str, path: &str) {
    let mut add = fault.clone();
    add["method"] = method.into();
    add["path"] = path.into();
    post_control("/_emulator/faults", add).await;
}

/// Requests that reached the emulator and succeeded.
async fn succeeded(method: &str, path: &str) -> usize {
    log(&format!("?path={path}&listener=main"))
        .await
        .into_iter()
        .filter(|e| {
            e["method"] == method && (200..300).contains(&e["status"].as_u64().unwrap_or(0))
        })
        .count()
}

#[wasm_bindgen_test]
async fn a_new_connected_chat_and_the_people_search_survive_every_fault() {
    for (name, fault) in write_faults() {
        let opts = signed_in("megan", "pane").await;
        let (host, handle, _) = mount(&opts).await;
        loaded(&host).await;
        // The people search: found anyway, or said with Retry that finds them.
        add_fault(&fault, "GET", "/graph/v1.0/users$").await;
        add_fault(&fault, "POST", "/graph/v1.0/chats$").await;
        find(&host, ".tc-new-chat").unwrap().click();
        settle().await;
        let search: HtmlInputElement = find(&host, "[role=dialog] input[type=search]")
            .unwrap()
            .unchecked_into();
        search.set_value("lee");
        search
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        until(&format!("{name}: people or Retry"), || {
            find(&host, "[role=dialog] .tc-person-option").is_some()
                || find(&host, "[role=dialog] .tc-retry").is_some()
        })
        .await;
        if let Some(retry) = find(&host, "[role=dialog] .tc-retry") {
            assert_eq!(name, "500", "{name} must be waited out");
            assert!(find(&host, "[role=dialog] [role=alert]").is_some());
            retry.click();
            until(&format!("{name}: people after Retry"), || {
                find(&host, "[role=dialog] .tc-person-option").is_some()
            })
            .await;
        }
        find(&host, "[role=dialog] .tc-person-option")
            .unwrap()
            .click();
        settle().await;
        find(&host, "[role=dialog] .tc-primary").unwrap().click();
        settle().await;
        until(&format!("{name}: created or told"), || {
            titles(&host, "connected").contains(&"Ava Reyes".to_owned())
                || find(&host, "[role=dialog] .tc-dialog-error").is_some()
        })
        .await;
        if find(&host, "[role=dialog] .tc-dialog-error").is_some() {
            assert_eq!(name, "500", "{name} must be waited out");
            assert_eq!(succeeded("POST", "/graph/v1.0/chats").await, 0);
            find(&host, "[role=dialog] .tc-primary").unwrap().click();
            until(&format!("{name}: created on the second try"), || {
                titles(&host, "connected").contains(&"Ava Reyes".to_owned())
            })
            .await;
        }
        sleep(300).await;
        assert_eq!(
            succeeded("POST", "/graph/v1.0/chats").await,
            1,
            "{name}: one chat in Teams"
        );
        let chat = chat_id_of("Ava Reyes").await;
        let rows = rows_when(&chat, &format!("{name}: its link"), |r| associated(r) == 1).await;
        assert_eq!(rows.len(), 1, "{name}: one link row");
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn disconnecting_a_channel_survives_every_fault() {
    for (name, fault) in write_faults() {
        let opts = signed_in("megan", "pane").await;
        let (host, handle, _) = mount(&opts).await;
        until("the tabs", || find(&host, "#tc-tab-channels").is_some()).await;
        find(&host, "#tc-tab-channels").unwrap().click();
        let panel_titles = || -> Vec<String> {
            let list = shadow(&host)
                .query_selector_all("#tc-panel-channels .tc-row .tc-title")
                .unwrap();
            (0..list.length())
                .map(|i| list.item(i).unwrap().text_content().unwrap())
                .collect()
        };
        until("the channels", || !panel_titles().is_empty()).await;
        let before = panel_titles();

        // Disconnect the first channel with the fault on its DELETE.
        add_fault(&fault, "DELETE", "/msdyn_teamscollaborations(").await;
        let first = before[0].clone();
        let row: HtmlElement = shadow(&host)
            .query_selector("#tc-panel-channels .tc-row")
            .unwrap()
            .unwrap()
            .unchecked_into();
        choose(&row, "Disconnect from this record").await;
        assert!(!panel_titles().contains(&first), "{name}: removed at once");
        // Then either the DELETE succeeds (after waiting out its fault), or it comes back.
        let came_back = || {
            panel_titles().contains(&first)
                && find(&host, "#tc-panel-channels .tc-notice")
                    .is_some_and(|n| !n.text_content().unwrap_or_default().is_empty())
        };
        for _ in 0..60 {
            settle().await;
            if came_back() || succeeded("DELETE", "/msdyn_teamscollaborations").await > 0 {
                break;
            }
            sleep(100).await;
        }
        if came_back() {
            assert_eq!(name, "500", "{name} must be waited out");
            let row: HtmlElement = shadow(&host)
                .query_selector("#tc-panel-channels .tc-row")
                .unwrap()
                .unwrap()
                .unchecked_into();
            choose(&row, "Disconnect from this record").await;
            for _ in 0..60 {
                if succeeded("DELETE", "/msdyn_teamscollaborations").await > 0 {
                    break;
                }
                sleep(100).await;
            }
        }
        sleep(300).await;
        assert_eq!(
            succeeded("DELETE", "/msdyn_teamscollaborations").await,
            1,
            "{name}: deleted once"
        );
        settle().await;
        assert!(
            !panel_titles().contains(&first),
            "{name}: and it stays gone"
        );
        handle.unmount();
    }
}
