//! Helpers shared by the browser tests: emulator controls, hosts, options, waiting for events.

use gloo_net::http::Request;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use teams_collaborate::Handle;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, ShadowRoot};

/// The emulator `cargo xtask test` starts; fixed so the wasm binary needs no rebuild.
pub const EMULATOR: &str = "http://127.0.0.1:18787";
/// A loopback port nothing listens on: "the emulator is down".
pub const DEAD_DATAVERSE: &str = "http://127.0.0.1:9/dataverse/down";
pub const RECORD_ID: &str = "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13";
/// Ava Reyes, the seed's contact the tests open.
pub const AVA: &str = RECORD_ID;
/// The emulator's first CRM instance, where Ava lives.
pub const CONTOSO: &str = "http://127.0.0.1:18787/dataverse/contoso";

/// The demo application's client id at the emulator's token endpoint.
const APP_ID: &str = "c9a559d2-7aab-4f13-a6ed-e7e9c52aec87";

/// Creates a Dataverse instance in a tenant of its own, signs its user in and opens a CRM
/// session (the cookie a web resource inside Dynamics 365 has); returns its `dataverseUrl`.
pub async fn instance(tenant_consent: bool, instance_enabled: bool) -> String {
    instance_with(json!({"tenantConsent": tenant_consent, "instanceEnabled": instance_enabled}))
        .await
}

/// [`instance`] with the body of `POST /_emulator/instances` (e.g. `{"chatSettings": false}`
/// for an org without the chat settings table).
pub async fn instance_with(body: Value) -> String {
    let created = post("/_emulator/instances", body).await;
    let url = format!("{EMULATOR}{}", created["dataverseUrl"].as_str().unwrap());
    let token = sign_in(
        created["username"].as_str().unwrap(),
        &format!("{url}/.default"),
    )
    .await;
    let session = Request::post(&format!("{url}/session"))
        .header("Authorization", &format!("Bearer {token}"))
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await
        .unwrap();
    assert!(session.ok(), "session: {}", session.status());
    url
}

/// A token from the emulator's token endpoint for a user and scope.
pub async fn sign_in(username: &str, scope: &str) -> String {
    let form = web_sys::UrlSearchParams::new().unwrap();
    for (key, value) in [
        ("grant_type", "password"),
        ("client_id", APP_ID),
        ("username", username),
        ("password", "demo"),
        ("scope", scope),
    ] {
        form.append(key, value);
    }
    let response = Request::post(&format!("{EMULATOR}/organizations/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(String::from(form.to_string()))
        .unwrap()
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("sign-in failed: {body}"))
        .to_owned()
}

/// Makes the next `count` requests whose path contains `path` answer `status` with `body`.
pub async fn fault(path: &str, status: u16, body: Option<&str>, count: u32) {
    post(
        "/_emulator/faults",
        json!({"path": path, "status": status, "body": body, "count": count}),
    )
    .await;
}

async fn post(path: &str, body: Value) -> Value {
    let response = Request::post(&format!("{EMULATOR}{path}"))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap_or_else(|e| panic!("the emulator must run on {EMULATOR}: {e}"));
    assert!(response.ok(), "{path}: {}", response.status());
    response.json().await.unwrap()
}

/// The path of an instance URL, for scoping a fault to it.
pub fn path_of(dataverse_url: &str) -> String {
    dataverse_url.trim_start_matches(EMULATOR).to_owned()
}

/// A fresh `<div>` in the document.
pub fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Options for a record, with a `getToken` that records its calls in `getToken.calls`.
pub fn options(dataverse_url: &str) -> Object {
    let record = object(&[
        ("entityName", "contact".into()),
        ("id", RECORD_ID.into()),
        ("name", "Ava Reyes".into()),
    ]);
    object(&[
        ("record", record.into()),
        ("dataverseUrl", dataverse_url.into()),
        ("graphUrl", format!("{EMULATOR}/graph/v1.0").into()),
        ("getToken", recording_get_token().into()),
    ])
}

/// `getToken` that answers null for Dataverse (session) and a test token for Graph, and pushes
/// `[resource, forceRefresh]` onto its own `calls` array.
pub fn recording_get_token() -> Function {
    let make = Function::new_no_args(
        "const getToken = (resource, context) => {
             getToken.calls.push([resource, context.forceRefresh]);
             return Promise.resolve(resource === 'graph' ? 'test-graph-token' : null);
         };
         getToken.calls = [];
         return getToken;",
    );
    make.call0(&JsValue::NULL).unwrap().unchecked_into()
}

/// The `[resource, forceRefresh]` pairs a recording `getToken` was called with.
pub fn token_calls(get_token: &JsValue) -> Vec<(String, bool)> {
    let calls = Reflect::get(get_token, &"calls".into()).unwrap();
    if calls.is_undefined() {
        return Vec::new();
    }
    Array::from(&calls)
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_bool().unwrap(),
            )
        })
        .collect()
}

pub fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object
}

pub fn set(object: &Object, key: &str, value: JsValue) {
    Reflect::set(object, &key.into(), &value).unwrap();
}

/// The `{visible, reason}` of a state event.
#[derive(Debug, PartialEq)]
pub struct State {
    pub visible: bool,
    pub reason: String,
}

/// Resolves with the next `teams-collaborate-state` event on `target`; create it before acting.
pub fn next_state(target: &Element) -> impl std::future::Future<Output = State> {
    let target = target.clone();
    let promise = Promise::new(&mut |resolve, _reject| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        target
            .add_event_listener_with_callback_and_add_event_listener_options(
                "teams-collaborate-state",
                &resolve,
                &options,
            )
            .unwrap();
    });
    async move {
        let event = JsFuture::from(promise).await.unwrap();
        let detail = Reflect::get(&event, &"detail".into()).unwrap();
        State {
            visible: Reflect::get(&detail, &"visible".into())
                .unwrap()
                .as_bool()
                .unwrap(),
            reason: Reflect::get(&detail, &"reason".into())
                .unwrap()
                .as_string()
                .unwrap(),
        }
    }
}

/// Mounts on a fresh host and waits for the first state event, then for Yew to render.
pub async fn mount(options: &Object) -> (HtmlElement, Handle, State) {
    let host = host();
    let state = next_state(&host);
    let handle = teams_collaborate::mount(host.clone().into(), options.into())
        .unwrap_or_else(|e| panic!("mount failed: {e:?}"));
    let state = state.await;
    settle().await;
    (host, handle, state)
}

/// Lets Yew finish rendering.
pub async fn settle() {
    yew::scheduler::flush().await;
}

/// Waits `ms` milliseconds of real time.
pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

pub fn shadow(host: &Element) -> ShadowRoot {
    host.shadow_root().expect("an open shadow root")
}

/// How many nodes the shadow root holds (0 when hidden).
pub fn shadow_children(host: &Element) -> u32 {
    host.shadow_root()
        .map(|s| s.child_nodes().length())
        .unwrap_or(0)
}

pub fn find(host: &Element, selector: &str) -> Option<HtmlElement> {
    shadow(host)
        .query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

/// The Collaborate button, found by its role and accessible name.
pub fn collaborate_button(host: &Element) -> Option<HtmlElement> {
    let buttons = shadow(host).query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == "Collaborate")
}

/// Overrides a read-only `navigator` property for one test; call the returned function to undo.
pub fn override_navigator(property: &str, value: JsValue) -> impl FnOnce() {
    let navigator = web_sys::window().unwrap().navigator();
    let descriptor = object(&[("value", value), ("configurable", true.into())]);
    Object::define_property(&navigator, &property.into(), &descriptor);
    let property = property.to_owned();
    move || {
        let navigator = web_sys::window().unwrap().navigator();
        Reflect::delete_property(&navigator, &property.into()).unwrap();
    }
}

/// Puts the emulator back to its seed, signs a demo user in (`megan`, `alex`, `diego`, `joni`,
/// ...: a CRM session for contoso and a Graph token) and returns options for the contact Ava
/// Reyes in `mode`; `getToken` records its calls.
pub async fn signed_in(user: &str, mode: &str) -> js_sys::Object {
    signed_in_with(user, mode, "https://graph.microsoft.com/.default").await
}

/// [`signed_in`] with a Graph token for `graph_scope` only (e.g. without Files.Read.All).
pub async fn signed_in_with(user: &str, mode: &str, graph_scope: &str) -> js_sys::Object {
    // A test that failed left its component polling: stop it before it skews this one.
    teams_collaborate::embed::unmount_all();
    sleep(50).await;
    post_control("/_emulator/reset", Value::Null).await;
    // The suggestions service recomputes the seed's suggestions after a reset: now, not later.
    post_control("/_emulator/suggestions/run", Value::Null).await;
    let username = format!("{user}@contoso.com");
    let crm = sign_in(&username, &format!("{CONTOSO}/.default")).await;
    let session = Request::post(&format!("{CONTOSO}/session"))
        .header("Authorization", &format!("Bearer {crm}"))
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await
        .unwrap();
    assert!(session.ok());
    let graph = sign_in(&username, graph_scope).await;
    let get_token = Function::new_with_args(
        "token",
        "const getToken = (resource, context) => {
             getToken.calls.push([resource, context.forceRefresh]);
             return Promise.resolve(resource === 'graph' ? token : null);
         };
         getToken.calls = [];
         return getToken;",
    )
    .call1(&JsValue::NULL, &graph.into())
    .unwrap();
    let record = object(&[
        ("entityName", "contact".into()),
        ("id", AVA.into()),
        ("name", "Ava Reyes".into()),
    ]);
    object(&[
        ("record", record.into()),
        ("dataverseUrl", CONTOSO.into()),
        ("graphUrl", format!("{EMULATOR}/graph/v1.0").into()),
        ("getToken", get_token),
        ("mode", mode.into()),
    ])
}

/// Makes a chat in Graph as Megan (its first member is her), as Teams would while the component
/// looks on: `chat_type` `group` or `oneOnOne`, an optional topic, the other members' ids.
pub async fn create_chat(chat_type: &str, topic: Option<&str>, others: &[String]) {
    const MEGAN: &str = "aaaaaaaa-0000-4000-8000-000000000001";
    let token = sign_in("megan@contoso.com", "https://graph.microsoft.com/.default").await;
    let bind = |id: &str| serde_json::json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"], "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{id}')")});
    let members: Vec<Value> = std::iter::once(bind(MEGAN))
        .chain(others.iter().map(|id| bind(id)))
        .collect();
    let mut body = serde_json::json!({"chatType": chat_type, "members": members});
    if let Some(topic) = topic {
        body["topic"] = topic.into();
    }
    let created = Request::post(&format!("{EMULATOR}/graph/v1.0/chats"))
        .header("Authorization", &format!("Bearer {token}"))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(created.ok(), "{}", created.status());
}

/// Posts to one of the emulator's test controls and returns its JSON answer.
pub async fn post_control(path: &str, body: Value) -> Value {
    let request = Request::post(&format!("{EMULATOR}{path}"));
    let response = if body.is_null() {
        request.send().await
    } else {
        request.json(&body).unwrap().send().await
    }
    .unwrap();
    assert!(response.ok(), "{path}: {}", response.status());
    response.json().await.unwrap_or(Value::Null)
}

/// Waits until nothing new has reached the emulator for half a second (a loaded list still
/// fetches its decoration: presence, photos and the photos without sized variants).
pub async fn quiet() {
    let mut seen = usize::MAX;
    for _ in 0..40 {
        let now = log("?listener=main").await.len();
        if now == seen {
            return;
        }
        seen = now;
        sleep(500).await;
    }
}

/// What reached the emulator, without CORS preflights (the cross-origin test page's, not the
/// component's: a web resource inside Dynamics 365 is same-origin with Dataverse, and browsers
/// cache Graph's preflights).
pub async fn log(query: &str) -> Vec<Value> {
    values(&format!("{EMULATOR}/_emulator/requests{query}"), None)
        .await
        .into_iter()
        .filter(|r| r["method"] != "OPTIONS")
        .collect()
}

/// The `value` array of a collection the emulator answers, read with `token` when given.
pub async fn values(url: &str, token: Option<&str>) -> Vec<Value> {
    let mut request = Request::get(url);
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let body: Value = request.send().await.unwrap().json().await.unwrap();
    body["value"].as_array().unwrap().clone()
}

/// Waits (up to 15 s) until `ready` holds.
pub async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..300 {
        settle().await;
        if ready() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// The rows of a section (`connected`, `suggested`, `other`).
pub fn rows(host: &HtmlElement, section: &str) -> Vec<HtmlElement> {
    let list = shadow(host)
        .query_selector_all(&format!("#tc-{section}-heading ~ ul .tc-row"))
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The titles of a section's rows.
pub fn titles(host: &HtmlElement, section: &str) -> Vec<String> {
    rows(host, section)
        .iter()
        .map(|row| {
            row.query_selector(".tc-title")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        })
        .collect()
}

/// All the text of a section.
pub fn section_text(host: &HtmlElement, section: &str) -> String {
    shadow(host)
        .query_selector(&format!("section[aria-labelledby='tc-{section}-heading']"))
        .unwrap()
        .map(|s| s.text_content().unwrap())
        .unwrap_or_default()
}

/// Waits until every section of the Chats tab has rows.
pub async fn loaded(host: &HtmlElement) {
    until("the three sections", || {
        !rows(host, "connected").is_empty()
            && !rows(host, "suggested").is_empty()
            && !rows(host, "other").is_empty()
    })
    .await;
}

/// The row of a section with this title.
pub fn row_named(host: &HtmlElement, section: &str, title: &str) -> HtmlElement {
    rows(host, section)
        .into_iter()
        .find(|r| {
            r.query_selector(".tc-title")
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
                == title
        })
        .unwrap_or_else(|| panic!("no row {title} in {section}: {:?}", titles(host, section)))
}

/// Records what the page writes to `console.<level>` until the returned function restores it.
pub fn record_console(level: &str) -> (Array, impl FnOnce()) {
    let console = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = Reflect::get(&console, &level.into()).unwrap();
    let messages = Array::new();
    let recorder = Function::new_with_args(
        "messages",
        "return (...args) => messages.push(args.join(' '));",
    )
    .call1(&JsValue::NULL, &messages)
    .unwrap();
    Reflect::set(&console, &level.into(), &recorder).unwrap();
    let level = level.to_owned();
    (messages, move || {
        Reflect::set(&console, &level.as_str().into(), &original).unwrap();
    })
}

/// Forces garbage collections (Chromium runs with `--js-flags=--expose-gc`, see `webdriver.json`)
/// and gives FinalizationRegistry callbacks their turn.
pub async fn collect_garbage() {
    let gc = Reflect::get(&js_sys::global(), &"gc".into()).unwrap();
    let gc: Function = gc
        .dyn_into()
        .expect("window.gc: Chromium must run with --js-flags=--expose-gc (webdriver.json)");
    for _ in 0..3 {
        gc.call0(&JsValue::NULL).unwrap();
        sleep(100).await;
    }
}

/// The menu items a row offers (opens its menu, reads it, closes it).
pub async fn menu_items(row: &HtmlElement) -> Vec<String> {
    let Some(button) = row.query_selector(".tc-menu-button").unwrap() else {
        return Vec::new();
    };
    button.unchecked_ref::<HtmlElement>().click();
    settle().await;
    let items = row.query_selector_all("[role=menuitem]").unwrap();
    let labels = (0..items.length())
        .map(|i| items.item(i).unwrap().text_content().unwrap())
        .collect();
    button.unchecked_ref::<HtmlElement>().click();
    settle().await;
    labels
}

/// Opens a row's menu and picks the item with this label.
pub async fn choose(row: &HtmlElement, label: &str) {
    let button: HtmlElement = row
        .query_selector(".tc-menu-button")
        .unwrap()
        .expect("a row menu")
        .unchecked_into();
    button.click();
    settle().await;
    let items = row.query_selector_all("[role=menuitem]").unwrap();
    let item = (0..items.length())
        .filter_map(|i| items.item(i))
        .find(|i| i.text_content().unwrap() == label)
        .unwrap_or_else(|| panic!("no menu item {label}"));
    item.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

/// The messages posted to chats since the log was cleared.
pub async fn posted_messages() -> Vec<Value> {
    log("?path=/messages&listener=main")
        .await
        .into_iter()
        .filter(|e| e["method"] == "POST" && e["path"].as_str().unwrap().ends_with("/messages"))
        .collect()
}

/// Empties the emulator's request log.
pub async fn clear_log() {
    let _ = gloo_net::http::Request::delete(&format!("{EMULATOR}/_emulator/requests"))
        .send()
        .await
        .unwrap();
}
