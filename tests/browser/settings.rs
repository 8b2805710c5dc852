//! The administrator's chat settings per record type (product.md §2b): the contact's row of
//! `msdyn_entitylinkchatconfiguration`, changed as Miriam (System Administrator) through the Web
//! API, and what the Chats tab makes of it; the fallbacks where the table is missing or refused.

use crate::common::*;
use gloo_net::http::Request;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement};

/// The contact's settings row in the seed.
const CONTACT_ROW: &str = "f1000000-0000-4000-8000-000000000001";
const FABRIKAM_CHAT: &str = "Fabrikam onboarding (new)";
const NOT_CONNECTABLE: &str = "Chats can't be connected to this kind of record.";
const RECORD_URL: &str =
    "https://contoso.crm.dynamics.com/main.aspx?etn=contact&pagetype=entityrecord&id=1";

/// Changes the contact's settings row as Miriam, as the admin centre would.
async fn contact_settings(change: Value) {
    let token = sign_in("miriam@contoso.com", &format!("{CONTOSO}/.default")).await;
    let response = Request::patch(&format!(
        "{CONTOSO}/api/data/v9.2/msdyn_entitylinkchatconfigurations({CONTACT_ROW})"
    ))
    .header("Authorization", &format!("Bearer {token}"))
    .json(&change)
    .unwrap()
    .send()
    .await
    .unwrap();
    assert!(response.ok(), "the settings write: {}", response.status());
}

fn has(host: &HtmlElement, selector: &str) -> bool {
    shadow(host).query_selector(selector).unwrap().is_some()
}

/// Waits until the other chats are in (the one section every setting keeps).
async fn other_loaded(host: &HtmlElement) {
    until("the other chats", || !rows(host, "other").is_empty()).await;
    settle().await;
}

/// How many of the connected rows offer Disconnect, and how many offer anything (a locked row,
/// a chat the user is not in, offers nothing whatever the rules).
async fn disconnectable(host: &HtmlElement) -> (usize, usize) {
    let (mut offering, mut with_menu) = (0, 0);
    for row in &rows(host, "connected") {
        let offers = menu_items(row).await;
        with_menu += usize::from(!offers.is_empty());
        offering += usize::from(offers.contains(&"Disconnect from this record".to_owned()));
    }
    (offering, with_menu)
}

/// Opens "New connected chat" and returns the dialog.
async fn open_new_chat(host: &HtmlElement) -> web_sys::Element {
    shadow(host)
        .query_selector(".tc-new-chat")
        .unwrap()
        .expect("New connected chat")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    shadow(host)
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("the dialog")
}

fn name_field(dialog: &web_sys::Element) -> HtmlInputElement {
    dialog
        .query_selector("input[type=text]")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn start_button(dialog: &web_sys::Element) -> HtmlElement {
    dialog
        .query_selector(".tc-primary")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

/// The checkbox of a suggested person (or any checkbox) in the dialog, found by its label.
fn checkbox(dialog: &web_sys::Element, label: &str) -> HtmlInputElement {
    let labels = dialog.query_selector_all("label").unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .find(|l| l.text_content().unwrap() == label)
        .unwrap_or_else(|| panic!("no {label} in the dialog"))
        .unchecked_into::<web_sys::Element>();
    let input: HtmlInputElement = match label.get_attribute("for") {
        Some(id) => dialog
            .query_selector(&format!("[id='{id}']"))
            .unwrap()
            .unwrap()
            .unchecked_into(),
        None => label
            .query_selector("input")
            .unwrap()
            .unwrap()
            .unchecked_into(),
    };
    input
}

async fn requests_to(path: &str) -> Vec<Value> {
    log(&format!("?path={path}&listener=main")).await
}

#[wasm_bindgen_test]
async fn a_record_type_without_an_active_row_connects_nothing_and_says_so_once() {
    let opts = signed_in("megan", "pane").await;
    // The administrator turns chats off for contacts: the row is deactivated.
    contact_settings(json!({"statecode": 1, "statuscode": 2})).await;
    clear_log().await;
    let (host, handle, _) = mount(&opts).await;
    other_loaded(&host).await;

    assert!(!has(&host, "#tc-connected-heading"), "no connected section");
    assert!(
        !has(&host, "#tc-suggested-heading"),
        "no suggestions to connect"
    );
    assert!(!has(&host, ".tc-new-chat"), "no New connected chat");
    let text = shadow(&host).text_content().unwrap_or_default();
    assert_eq!(
        text.matches(NOT_CONNECTABLE).count(),
        1,
        "said once: {text}"
    );
    let row = row_named(&host, "other", FABRIKAM_CHAT);
    assert_eq!(menu_items(&row).await, ["Open in Teams"], "no Connect");
    for row in rows(&host, "other") {
        let offers = menu_items(&row).await;
        assert!(
            !offers.contains(&"Start a connected chat".to_owned()),
            "{offers:?}"
        );
    }
    assert!(
        requests_to("msdyn_teamschatsuggestions").await.is_empty(),
        "suggestions that cannot be used are not read"
    );
    assert!(
        requests_to("msdyn_teamschatassociations").await.is_empty(),
        "nor the links that are not shown"
    );
    // The read was one request, filtered on the type through the lookup.
    let reads = requests_to("msdyn_entitylinkchatconfigurations").await;
    assert_eq!(reads.len(), 1, "{reads:?}");
    let query = reads[0]["query"].as_str().unwrap_or_default().to_owned();
    let query = js_sys::decode_uri_component(&query)
        .map(String::from)
        .unwrap_or(query);
    assert!(
        query.contains("msdyn_entitytype/logicalname eq 'contact' and statecode eq 0"),
        "{query}"
    );

    // Other chats still open in the pane.
    row.query_selector(".tc-title")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    until("the conversation", || has(&host, ".tc-conversation-header")).await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn auto_name_off_starts_the_name_empty_and_start_waits_for_one() {
    let opts = signed_in("megan", "pane").await;
    contact_settings(json!({"msdyn_enableautonamechats": false})).await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let dialog = open_new_chat(&host).await;
    let name = name_field(&dialog);
    assert_eq!(name.value(), "", "not named after the record");
    assert!(name.required());
    checkbox(&dialog, "Adele Vance").click();
    settle().await;
    assert!(
        start_button(&dialog).has_attribute("disabled"),
        "someone is picked, but the chat has no name"
    );
    name.set_value("Cold-chain follow-up");
    name.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    assert!(!start_button(&dialog).has_attribute("disabled"));
    handle.unmount();

    // On (the seed's contact row): named after the record, as before.
    let opts = signed_in("megan", "pane").await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let dialog = open_new_chat(&host).await;
    assert_eq!(name_field(&dialog).value(), "Ava Reyes");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_note_starts_as_the_type_says_and_carries_the_views_five_values() {
    let opts = signed_in("megan", "pane").await;
    contact_settings(json!({"msdyn_enablekickoffmessage": false})).await;
    set(&opts, "recordUrl", RECORD_URL.into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    let dialog = open_new_chat(&host).await;
    let note = checkbox(&dialog, "Post a link to this record");
    assert!(!note.checked(), "off where the type turns the note off");
    handle.unmount();

    // On (the seed): checked, and the note holds the view's columns with their labels.
    let opts = signed_in("megan", "pane").await;
    set(&opts, "recordUrl", RECORD_URL.into());
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    clear_log().await;
    let dialog = open_new_chat(&host).await;
    assert!(checkbox(&dialog, "Post a link to this record").checked());
    checkbox(&dialog, "Adele Vance").click();
    settle().await;
    start_button(&dialog).click();
    let mut posted = Vec::new();
    for _ in 0..100 {
        posted = posted_messages().await;
        if !posted.is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(posted.len(), 1, "{posted:?}");
    let body: Value = serde_json::from_str(posted[0]["body"].as_str().unwrap()).unwrap();
    let content = body["body"]["content"].as_str().unwrap();
    let details = content
        .split("</p><p>")
        .nth(1)
        .expect("a paragraph of details")
        .trim_end_matches("</p>");
    assert_eq!(
        details.split("<br>").collect::<Vec<_>>(),
        [
            "Full Name: Ava Reyes",
            "Company Name: Contoso Pharmaceuticals",
            "Job Title: Procurement Lead",
            "Business Phone: +1 425 555 0142",
            "Preferred Method of Contact: Email",
        ],
        "the view's five columns, labelled, and nothing else: {content}"
    );
    assert!(
        !content.contains("ava.reyes@contoso.com"),
        "a column the view does not name stays out: {content}"
    );
    // The view, then its labels and the record in one round.
    let views = requests_to("savedqueries").await;
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(requests_to("/Attributes").await.len(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn suggestions_off_shows_no_suggestions_and_reads_none() {
    let opts = signed_in("megan", "pane").await;
    contact_settings(json!({"msdyn_enablelogicbasedsuggestion": false})).await;
    clear_log().await;
    let (host, handle, _) = mount(&opts).await;
    until("connected and other chats", || {
        !rows(&host, "connected").is_empty() && !rows(&host, "other").is_empty()
    })
    .await;
    settle().await;
    assert!(!has(&host, "#tc-suggested-heading"));
    assert!(has(&host, ".tc-new-chat"), "chats still connect");
    assert!(requests_to("msdyn_teamschatsuggestions").await.is_empty());
    handle.unmount();
}

/// Mounts the pane as Megan, who owns Ava Reyes but whose role here lacks the link table's
/// write privilege, with the contact's two disconnect rules set, and waits for the sections.
async fn megan_under_unlink_rules(
    owner: bool,
    linker: bool,
) -> (HtmlElement, teams_collaborate::Handle) {
    let opts = signed_in("megan", "pane").await;
    fault(
        "prvWritemsdyn_teamschatassociation",
        200,
        Some(r#"{"RolePrivileges":[]}"#),
        1,
    )
    .await;
    contact_settings(
        json!({"msdyn_recordownercanunlink": owner, "msdyn_recentchatlinkercanunlink": linker}),
    )
    .await;
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    (host, handle)
}

#[wasm_bindgen_test]
async fn the_records_owner_disconnects_where_the_type_lets_owners() {
    let (host, handle) = megan_under_unlink_rules(true, false).await;
    let (offering, all) = disconnectable(&host).await;
    assert!(all > 1);
    assert_eq!(
        offering, all,
        "the owner may disconnect every connected chat"
    );
    handle.unmount();

    let (host, handle) = megan_under_unlink_rules(false, false).await;
    assert_eq!(disconnectable(&host).await.0, 0, "owners not let: none");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn whoever_connected_a_chat_disconnects_it_where_the_type_lets_connectors() {
    let (host, handle) = megan_under_unlink_rules(false, true).await;
    let (offering, all) = disconnectable(&host).await;
    assert!(
        offering > 0 && offering < all,
        "only the chats Megan connected: {offering} of {all}"
    );
    // She connects another: she may disconnect it at once.
    choose(
        &row_named(&host, "other", FABRIKAM_CHAT),
        "Connect to this record",
    )
    .await;
    let row = row_named(&host, "connected", FABRIKAM_CHAT);
    assert!(menu_items(&row)
        .await
        .contains(&"Disconnect from this record".to_owned()));
    handle.unmount();

    let (host, handle) = megan_under_unlink_rules(false, false).await;
    assert_eq!(disconnectable(&host).await.0, 0, "connectors not let: none");
    handle.unmount();
}
#[wasm_bindgen_test]
async fn a_refused_read_works_as_enabled_and_warns_once() {
    let opts = signed_in("megan", "pane").await;
    // Chats are off for contacts, but Megan may not read the settings: the fallback applies.
    contact_settings(json!({"statecode": 1, "statuscode": 2})).await;
    fault("msdyn_entitylinkchatconfigurations", 403, None, 1).await;
    let (warnings, restore) = record_console("warn");
    let (host, handle, _) = mount(&opts).await;
    loaded(&host).await;
    restore();
    assert!(has(&host, "#tc-connected-heading") && has(&host, ".tc-new-chat"));
    let dialog = open_new_chat(&host).await;
    assert_eq!(name_field(&dialog).value(), "Ava Reyes", "auto-name on");
    let warned: Vec<String> = warnings
        .iter()
        .filter_map(|w| w.as_string())
        .filter(|w| w.contains("msdyn_entitylinkchatconfigurations"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("403"), "{}", warned[0]);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn an_org_without_the_table_works_as_enabled_and_warns_once() {
    let dataverse = instance_with(json!({"chatSettings": false})).await;
    let (warnings, restore) = record_console("warn");
    let (host, handle, state) = mount(&options(&dataverse)).await;
    restore();
    assert!(state.visible, "{state:?}");
    let warned: Vec<String> = warnings
        .iter()
        .filter_map(|w| w.as_string())
        .filter(|w| w.contains("msdyn_entitylinkchatconfigurations"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("404"), "{}", warned[0]);
    let _ = host;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_hosts_settings_skip_the_read() {
    let opts = signed_in("megan", "pane").await;
    clear_log().await;
    set(
        &opts,
        "recordTypeSettings",
        object(&[("enableLogicBasedSuggestion", false.into())]).into(),
    );
    let (host, handle, _) = mount(&opts).await;
    until("connected and other chats", || {
        !rows(&host, "connected").is_empty() && !rows(&host, "other").is_empty()
    })
    .await;
    assert!(!has(&host, "#tc-suggested-heading"));
    assert!(
        requests_to("msdyn_entitylinkchatconfigurations")
            .await
            .is_empty(),
        "no read"
    );
    handle.unmount();

    let opts = signed_in("megan", "pane").await;
    set(
        &opts,
        "recordTypeSettings",
        object(&[("enabled", false.into())]).into(),
    );
    let (host, handle, _) = mount(&opts).await;
    other_loaded(&host).await;
    assert!(!has(&host, "#tc-connected-heading"));
    handle.unmount();
}

#[wasm_bindgen_test]
fn a_views_first_five_cells_in_order_without_related_columns() {
    let layout = r#"<grid name="resultset" object="2" jump="fullname" select="1" icon="1" preview="1"><row name="result" id="contactid"><cell name="fullname" width="300" /><cell width="150" name='parentcustomerid' /><cell name="a_1.name" width="100"/><cell name="jobtitle" width="100" /><cell name = "telephone1" width="100" /><cell name="preferredcontactmethodcode" width="100" /><cell name="emailaddress1" width="100" /></row></grid>"#;
    assert_eq!(
        teams_collaborate::settings::view_columns(layout),
        [
            "fullname",
            "parentcustomerid",
            "jobtitle",
            "telephone1",
            "preferredcontactmethodcode"
        ]
    );
    for nothing in [
        "",
        "<grid><row/></grid>",
        "<grid><cell name=\"x\"",
        "not xml",
    ] {
        assert!(
            teams_collaborate::settings::view_columns(nothing).is_empty(),
            "{nothing}"
        );
    }
    assert_eq!(
        teams_collaborate::settings::view_columns(
            r#"<grid><cell nickname="x" name="jobtitle"/><cell name="bad name'"/></grid>"#
        ),
        ["jobtitle"]
    );
}
