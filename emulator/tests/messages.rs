//! The conversation view's Graph calls: List, get, send, edit, react, hosted contents and
//! markChatReadForUser, compared with the samples copied from Microsoft's docs, with their
//! limits, refusals, scopes and side effects on List chats; the seeded conversations; and the
//! replies control.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{assert_shape, emulator, get, post_json, request, send, Answer};
use rusqlite::params;
use serde_json::{json, Value};
use teams_collaborate_emulator::conversations::{
    IMAGE_HOSTED_CONTENT, INTERNATIONAL_CHAT, KICKOFF_TEXT, LONG_TOPIC_CHAT, MEETING_CHAT,
    PAGING_CHAT, RENEWAL_CHAT,
};
use teams_collaborate_emulator::{app, identity, AppState};

const TENANT: &str = "6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d";
const MEGAN: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const ALEX: &str = "aaaaaaaa-0000-4000-8000-000000000003";
const JOHANNA: &str = "aaaaaaaa-0000-4000-8000-000000000007";
const LIDIA: &str = "aaaaaaaa-0000-4000-8000-000000000010";
const ALEX_CHAT: &str =
    "19:aaaaaaaa-0000-4000-8000-000000000001_aaaaaaaa-0000-4000-8000-000000000003@unq.gbl.spaces";
const NOT_MINE_403: &str = "19:b0a4dprepb0a4dprepb0a4dprep0001@thread.v2";
const NOT_MINE_404: &str = "19:1ega1h01d1ega1h01d1ega1h01d0002@thread.v2";
const GRAPH: &str = "/graph/v1.0";
const BASE: &str = "http://127.0.0.1:8080/graph/v1.0";
const PREFER: (&str, &str) = ("Prefer", "include-unknown-enum-members");

/// A Graph request with a bearer token and extra headers.
async fn graph_with(
    app: &Router,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let uri = format!("{GRAPH}{path}");
    send(app, request(method, &uri, Some(token), body, headers)).await
}

async fn graph(app: &Router, token: &str, method: &str, path: &str, body: Option<Value>) -> Answer {
    graph_with(app, token, method, path, body, &[]).await
}

async fn graph_get(app: &Router, token: &str, path: &str) -> Answer {
    graph(app, token, "GET", path, None).await
}

/// A delegated Graph token for a demo user (`megan`, `alex`...), every granted scope.
async fn token_for(app: &Router, user: &str, scope: &str) -> String {
    let form = [
        ("grant_type", "password"),
        ("client_id", identity::DEMO_APP_ID),
        ("username", &format!("{user}@contoso.com")),
        ("password", "demo"),
        ("scope", scope),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", v.replace(':', "%3A").replace('/', "%2F")))
    .collect::<Vec<_>>()
    .join("&");
    let request = Request::post("/contoso.com/oauth2/v2.0/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let answer = send(app, request).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["access_token"].as_str().unwrap().to_owned()
}

async fn megan(app: &Router) -> String {
    token_for(app, "megan", "https://graph.microsoft.com/.default").await
}

/// A token with exactly `scopes`, as a tenant that granted fewer (or other) permissions would
/// issue it: written straight into the store.
fn token_with_scopes(state: &AppState, user: &str, scopes: &str) -> String {
    let token = format!("scoped-{}-{}", user, scopes.replace(' ', "+"));
    state
        .db()
        .execute(
            "INSERT OR REPLACE INTO tokens (token, tenant_id, user_id, client_id, audience, scopes, expires_at)
             VALUES (?1, ?2, ?3, ?4, 'https://graph.microsoft.com', ?5, 4102444800)",
            params![token, TENANT, user, identity::DEMO_APP_ID, scopes],
        )
        .unwrap();
    token
}

fn fixture(name: &str) -> Value {
    common::fixture("graph", name)
}

/// Every message of a chat, following `@odata.nextLink` from `first`; and how many pages.
async fn all_pages(app: &Router, token: &str, first: &str) -> (Vec<Value>, usize) {
    let mut messages = Vec::new();
    let mut pages = 0;
    let mut next = Some(format!("{BASE}{first}"));
    while let Some(url) = next {
        assert!(
            url.starts_with(BASE),
            "next links stay under the base: {url}"
        );
        let path = url.trim_start_matches(BASE).replace(' ', "%20");
        let answer = graph_with(app, token, "GET", &path, None, &[PREFER]).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let body = answer.json();
        messages.extend(body["value"].as_array().unwrap().iter().cloned());
        next = body["@odata.nextLink"].as_str().map(str::to_owned);
        pages += 1;
        assert!(pages < 50, "paging must end");
    }
    (messages, pages)
}

fn bodies(messages: &[Value]) -> Vec<&str> {
    messages
        .iter()
        .map(|m| m["body"]["content"].as_str().unwrap())
        .collect()
}

/// The seeded message whose body contains `text`.
async fn message_with(app: &Router, token: &str, chat: &str, text: &str) -> Value {
    let (messages, _) = all_pages(app, token, &format!("/chats/{chat}/messages?$top=50")).await;
    messages
        .into_iter()
        .find(|m| m["body"]["content"].as_str().unwrap().contains(text))
        .unwrap_or_else(|| panic!("no message with {text:?} in {chat}"))
}

/// The chat as List chats shows it (with its preview).
async fn listed_chat(app: &Router, token: &str, chat: &str) -> Value {
    let list = graph_get(app, token, "/me/chats?$top=50&$expand=lastMessagePreview")
        .await
        .json();
    list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == chat)
        .cloned()
        .unwrap()
}

mod documented_shapes {
    use super::*;

    fn check(name: &str, answer: &Answer, status: StatusCode, skip: &[&str]) {
        assert_eq!(answer.status, status, "{name}: {}", answer.text());
        assert_shape(&fixture(name), &answer.json(), "$", skip);
    }

    /// The wrappers of bodiless answers: the status, and no body.
    fn check_bodiless(name: &str, answer: &Answer) {
        let documented = fixture(name);
        assert_eq!(
            answer.status.as_u16(),
            documented["status"].as_u64().unwrap() as u16,
            "{name}: {}",
            answer.text()
        );
        assert!(answer.bytes.is_empty(), "{name}: no body");
    }

    #[tokio::test]
    async fn list_get_and_system_events() {
        let app = emulator();
        let t = megan(&app).await;
        let plain = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=2")).await;
        check("list-chat-messages.json", &plain, StatusCode::OK, &[]);
        let with_prefer = graph_with(
            &app,
            &t,
            "GET",
            &format!("/chats/{RENEWAL_CHAT}/messages?$top=2"),
            None,
            &[PREFER],
        )
        .await;
        check(
            "list-chat-messages-prefer.json",
            &with_prefer,
            StatusCode::OK,
            &[],
        );
        let by_created = graph_get(
            &app,
            &t,
            &format!("/chats/{RENEWAL_CHAT}/messages?$top=2&$orderBy=createdDateTime%20desc"),
        )
        .await;
        check(
            "list-chat-messages-orderby-created.json",
            &by_created,
            StatusCode::OK,
            &[],
        );
        let since = "2000-01-01T00:00:00.000Z";
        let until = "2100-01-01T00:00:00.000Z";
        let filtered = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=2&$orderBy=lastModifiedDateTime%20desc&$filter=lastModifiedDateTime%20gt%20{since}%20and%20lastModifiedDateTime%20lt%20{until}")).await;
        check(
            "list-chat-messages-filter-modified.json",
            &filtered,
            StatusCode::OK,
            &[],
        );
        let newest = &plain.json()["value"][0];
        let id = newest["id"].as_str().unwrap();
        let one = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages/{id}")).await;
        check("get-chat-message.json", &one, StatusCode::OK, &[]);
        assert_eq!(one.json()["from"]["user"]["id"], JOHANNA);
        assert_eq!(one.json()["from"]["user"]["tenantId"], TENANT);
        // The documented third sample is a system event (chat renamed): both spellings of it.
        let renamed = message_with(&app, &t, LONG_TOPIC_CHAT, "<systemEventMessage/>").await;
        assert_eq!(renamed["messageType"], "systemEventMessage");
        assert_shape(
            &fixture("list-chat-messages-prefer.json")["value"][2],
            &renamed,
            "$.value[2]",
            &[],
        );
        let (meeting, _) = all_pages(&app, &t, &format!("/chats/{MEETING_CHAT}/messages")).await;
        let ended = meeting
            .iter()
            .find(|m| {
                m["eventDetail"]["@odata.type"] == "#microsoft.graph.callEndedEventMessageDetail"
            })
            .unwrap();
        assert_shape(&fixture("system-message-call-ended.json"), ended, "$", &[]);
        let (renewal, _) = all_pages(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages")).await;
        let added = renewal
            .iter()
            .find(|m| {
                m["eventDetail"]["@odata.type"] == "#microsoft.graph.membersAddedEventMessageDetail"
            })
            .unwrap();
        assert_shape(
            &fixture("system-message-members-added.json"),
            added,
            "$",
            &[],
        );
    }

    #[tokio::test]
    async fn writes() {
        let app = emulator();
        let t = megan(&app).await;
        let sent = graph(
            &app,
            &t,
            "POST",
            &format!("/chats/{RENEWAL_CHAT}/messages"),
            Some(json!({"body": {"content": "Hello world"}})),
        )
        .await;
        check("send-chat-message.json", &sent, StatusCode::CREATED, &[]);
        assert_eq!(
            sent.json()["body"]["contentType"],
            "text",
            "text unless said"
        );
        let mention = graph(&app, &t, "POST", &format!("/chats/{RENEWAL_CHAT}/messages"), Some(json!({
            "body": {"contentType": "html", "content": "Hello World <at id=\"0\">Alex Wilber</at>"},
            "mentions": [{"id": 0, "mentionText": "Alex Wilber", "mentioned": {"user": {"displayName": "Alex Wilber", "id": ALEX, "userIdentityType": "aadUser"}}}],
        }))).await;
        check(
            "send-message-mention.json",
            &mention,
            StatusCode::CREATED,
            &[],
        );
        let id = mention.json()["id"].as_str().unwrap().to_owned();
        let path = format!("/chats/{RENEWAL_CHAT}/messages/{id}");
        let edited = graph(
            &app,
            &t,
            "PATCH",
            &path,
            Some(json!({"body": {"contentType": "text", "content": "Edit text only"}})),
        )
        .await;
        check_bodiless("update-chat-message.json", &edited);
        let set = graph(
            &app,
            &t,
            "POST",
            &format!("{path}/setReaction"),
            Some(json!({"reactionType": "💘"})),
        )
        .await;
        check_bodiless("set-reaction.json", &set);
        let unset = graph(
            &app,
            &t,
            "POST",
            &format!("{path}/unsetReaction"),
            Some(json!({"reactionType": "💘"})),
        )
        .await;
        check_bodiless("unset-reaction.json", &unset);
        let read = graph(
            &app,
            &t,
            "POST",
            &format!("/chats/{RENEWAL_CHAT}/markChatReadForUser"),
            Some(json!({"user": {"id": MEGAN, "tenantId": TENANT}})),
        )
        .await;
        check_bodiless("mark-chat-read.json", &read);
    }

    #[tokio::test]
    async fn hosted_contents() {
        let app = emulator();
        let t = megan(&app).await;
        let image = message_with(&app, &t, RENEWAL_CHAT, "<img").await;
        let id = image["id"].as_str().unwrap();
        let path = format!("/chats/{RENEWAL_CHAT}/messages/{id}/hostedContents");
        check(
            "list-hosted-contents.json",
            &graph_get(&app, &t, &path).await,
            StatusCode::OK,
            &[],
        );
        let one = graph_get(&app, &t, &format!("{path}/{IMAGE_HOSTED_CONTENT}")).await;
        check("get-hosted-content.json", &one, StatusCode::OK, &[]);
        let value = graph_get(&app, &t, &format!("{path}/{IMAGE_HOSTED_CONTENT}/$value")).await;
        let documented = fixture("hosted-content-value.json");
        assert_eq!(
            value.status.as_u16(),
            documented["status"].as_u64().unwrap() as u16
        );
        assert_eq!(
            value.header("content-type"),
            documented["headers"]["content-type"].as_str()
        );
        assert_eq!(&value.bytes[..4], b"\x89PNG");
        let missing = graph_get(&app, &t, &format!("{path}/bm9uZQ/$value")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

mod listing {
    use super::*;

    #[tokio::test]
    async fn a_long_chat_pages_by_fifty_newest_first_each_message_once() {
        let app = emulator();
        let t = megan(&app).await;
        let (messages, pages) =
            all_pages(&app, &t, &format!("/chats/{PAGING_CHAT}/messages?$top=50")).await;
        assert_eq!(
            messages.len(),
            65,
            "64 checklist messages and Lidia's question"
        );
        assert_eq!(pages, 2);
        let mut ids: Vec<&str> = messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
        let times: Vec<&str> = messages
            .iter()
            .map(|m| m["lastModifiedDateTime"].as_str().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 65, "no message twice");
        assert_eq!(messages[0]["from"]["user"]["id"], LIDIA);
        let first = graph_get(&app, &t, &format!("/chats/{PAGING_CHAT}/messages?$top=50"))
            .await
            .json();
        let next = first["@odata.nextLink"].as_str().unwrap();
        assert!(
            next.starts_with(&format!(
                "{BASE}/chats/{PAGING_CHAT}/messages?$top=50&$skiptoken="
            )),
            "{next}"
        );
        assert_eq!(first["@odata.count"], 50);
        let (by_default, default_pages) =
            all_pages(&app, &t, &format!("/chats/{PAGING_CHAT}/messages")).await;
        assert_eq!(by_default.len(), 65);
        assert_eq!(default_pages, 4, "20 a page without $top");
        let (by_created, _) = all_pages(
            &app,
            &t,
            &format!("/chats/{PAGING_CHAT}/messages?$top=7&$orderby=createdDateTime%20desc"),
        )
        .await;
        let created: Vec<&str> = by_created
            .iter()
            .map(|m| m["createdDateTime"].as_str().unwrap())
            .collect();
        assert_eq!(created.len(), 65);
        assert!(created.windows(2).all(|w| w[0] > w[1]));
    }

    #[tokio::test]
    async fn next_links_follow_the_host_the_request_came_to() {
        let app = emulator();
        let t = megan(&app).await;
        let answer = send(
            &app,
            Request::get(format!("{GRAPH}/chats/{PAGING_CHAT}/messages?$top=2"))
                .header("Host", "localhost:18787")
                .header("Authorization", format!("Bearer {t}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .json();
        assert!(answer["@odata.nextLink"]
            .as_str()
            .unwrap()
            .starts_with("http://localhost:18787/graph/v1.0/chats/"));
        assert_eq!(
            answer["@odata.context"],
            format!("http://localhost:18787/graph/v1.0/$metadata#chats('19%3Ac0ffee00c0ffee00c0ffee00c0ffee00%40thread.v2')/messages")
        );
    }

    #[tokio::test]
    async fn top_orderby_and_filter_are_refused_as_graph_refuses_them() {
        let app = emulator();
        let t = megan(&app).await;
        let at = "2020-01-01T00:00:00Z";
        let cases: Vec<(String, &str)> = vec![
            ("$top=51".into(), "The query specified in the URI is not valid. The limit of '50' for Top query has been exceeded. The value from the incoming request is '51'."),
            ("$top=-1".into(), "requires a non-negative integer value"),
            ("$top=ten".into(), "requires a non-negative integer value"),
            ("$top=5&$top=6".into(), "specified more than once"),
            ("$orderby=lastModifiedDateTime%20asc".into(), "ascending order is not supported"),
            ("$orderby=createdDateTime".into(), "ascending order is not supported"),
            ("$orderby=id%20desc".into(), "is not supported"),
            (format!("$orderby=createdDateTime%20desc&$filter=createdDateTime%20gt%20{at}"), "The entity property 'createdDateTime' and operationKind 'GreaterThan' is not allowed in $filter query."),
            (format!("$orderby=lastModifiedDateTime%20desc&$filter=lastModifiedDateTime%20ge%20{at}"), "operationKind 'GreaterThanOrEqual' is not allowed"),
            (format!("$orderby=lastModifiedDateTime%20desc&$filter=lastModifiedDateTime%20gt%20'{at}'"), "incompatible types"),
            ("$filter=messageType%20eq%20'message'".into(), "The entity property 'messageType' and operationKind 'Equal' is not allowed"),
            (format!("$filter=sentDateTime%20lt%20{at}"), "Could not find a property named 'sentDateTime'"),
            ("$filter=lastModifiedDateTime%20gt%20yesterday".into(), "DateTimeOffset text 'yesterday'"),
            ("$select=body".into(), "Query option 'Select' is not allowed."),
            ("$expand=replies".into(), "Query option 'Expand' is not allowed."),
            ("$skip=10".into(), "Query option 'Skip' is not allowed."),
            ("$count=true".into(), "Query option 'Count' is not allowed."),
            ("$skiptoken=garbage".into(), "skip token"),
        ];
        for (query, message) in cases {
            let answer =
                graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?{query}")).await;
            assert_eq!(
                answer.status,
                StatusCode::BAD_REQUEST,
                "{query}: {}",
                answer.text()
            );
            let body = answer.json();
            assert_eq!(body["error"]["code"], "BadRequest", "{query}");
            assert!(
                body["error"]["message"].as_str().unwrap().contains(message),
                "{query}: {}",
                body["error"]["message"]
            );
        }
        for fine in [
            "$top=50",
            "$top=1",
            "$orderBy=createdDateTime%20desc",
            "$ORDERBY=lastModifiedDateTime%20DESC",
        ] {
            assert_eq!(
                graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?{fine}"))
                    .await
                    .status,
                StatusCode::OK,
                "{fine}"
            );
        }
        let one = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=1"))
            .await
            .json();
        let id = one["value"][0]["id"].as_str().unwrap();
        let selected = graph_get(
            &app,
            &t,
            &format!("/chats/{RENEWAL_CHAT}/messages/{id}?$select=body"),
        )
        .await;
        assert_eq!(
            selected.status,
            StatusCode::BAD_REQUEST,
            "get takes no query options"
        );
    }

    #[tokio::test]
    async fn a_filter_applies_only_with_the_orderby_of_its_property() {
        let app = emulator();
        let t = megan(&app).await;
        let all = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=50"))
            .await
            .json();
        let all = all["value"].as_array().unwrap().clone();
        let newest = all[0]["lastModifiedDateTime"].as_str().unwrap().to_owned();
        let path = |query: &str| {
            format!(
                "/chats/{RENEWAL_CHAT}/messages?$top=50&{}",
                query.replace(' ', "%20")
            )
        };
        let count = |answer: Answer| {
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            answer.json()["value"].as_array().unwrap().len()
        };
        // The live view's poll: nothing newer than the newest seen.
        let poll =
            format!("$orderby=lastModifiedDateTime desc&$filter=lastModifiedDateTime gt {newest}");
        assert_eq!(count(graph_get(&app, &t, &path(&poll)).await), 0);
        // Without the matching $orderby the filter is ignored, as documented.
        let ignored = format!("$filter=lastModifiedDateTime gt {newest}");
        assert_eq!(count(graph_get(&app, &t, &path(&ignored)).await), all.len());
        let mismatched =
            format!("$orderby=createdDateTime desc&$filter=lastModifiedDateTime gt {newest}");
        assert_eq!(
            count(graph_get(&app, &t, &path(&mismatched)).await),
            all.len()
        );
        // createdDateTime lt, ordered by createdDateTime: the older ones only.
        let mut created: Vec<String> = all
            .iter()
            .map(|m| m["createdDateTime"].as_str().unwrap().to_owned())
            .collect();
        created.sort();
        let middle = &created[created.len() / 2];
        let older = format!("$orderby=createdDateTime desc&$filter=createdDateTime lt {middle}");
        assert_eq!(
            count(graph_get(&app, &t, &path(&older)).await),
            created.len() / 2
        );
        // A new message shows in the poll.
        graph(
            &app,
            &t,
            "POST",
            &format!("/chats/{RENEWAL_CHAT}/messages"),
            Some(json!({"body": {"content": "New one"}})),
        )
        .await;
        let polled = graph_get(&app, &t, &path(&poll)).await.json();
        assert_eq!(bodies(polled["value"].as_array().unwrap()), ["New one"]);
    }

    #[tokio::test]
    async fn system_events_read_unknown_future_value_unless_preferred() {
        let app = emulator();
        let t = megan(&app).await;
        let path = format!("/chats/{MEETING_CHAT}/messages");
        let types = |body: Value| -> Vec<String> {
            body["value"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["messageType"].as_str().unwrap().to_owned())
                .collect()
        };
        let plain = types(graph_get(&app, &t, &path).await.json());
        assert!(plain.contains(&"unknownFutureValue".to_owned()));
        assert!(!plain.contains(&"systemEventMessage".to_owned()));
        let preferred = types(
            graph_with(
                &app,
                &t,
                "GET",
                &path,
                None,
                &[(
                    "Prefer",
                    "odata.maxpagesize=5, include-unknown-enum-members",
                )],
            )
            .await
            .json(),
        );
        assert!(preferred.contains(&"systemEventMessage".to_owned()));
        assert!(!preferred.contains(&"unknownFutureValue".to_owned()));
        let event = graph_get(&app, &t, &path).await.json()["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["messageType"] == "unknownFutureValue")
            .unwrap()
            .clone();
        let id = event["id"].as_str().unwrap();
        let one = graph_with(&app, &t, "GET", &format!("{path}/{id}"), None, &[PREFER])
            .await
            .json();
        assert_eq!(one["messageType"], "systemEventMessage", "get too");
        assert!(one["from"].is_null());
        assert_eq!(one["body"]["content"], "<systemEventMessage/>");
    }

    #[tokio::test]
    async fn me_chats_messages_is_the_same_list() {
        let app = emulator();
        let t = megan(&app).await;
        let a = graph_get(&app, &t, &format!("/chats/{ALEX_CHAT}/messages"))
            .await
            .json();
        let b = graph_get(&app, &t, &format!("/me/chats/{ALEX_CHAT}/messages"))
            .await
            .json();
        assert_eq!(a["value"], b["value"]);
    }
}

mod seeded_conversations {
    use super::*;

    #[tokio::test]
    async fn the_renewal_chat_shows_every_kind_of_content() {
        let app = emulator();
        let t = megan(&app).await;
        let (messages, _) =
            all_pages(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=50")).await;
        let kickoff = messages
            .iter()
            .find(|m| {
                m["body"]["content"]
                    .as_str()
                    .unwrap()
                    .contains(KICKOFF_TEXT)
            })
            .unwrap();
        assert_eq!(kickoff["mentions"][0]["mentionText"], "Alex Wilber");
        assert_eq!(kickoff["mentions"][0]["mentioned"]["user"]["id"], ALEX);
        assert!(kickoff["body"]["content"]
            .as_str()
            .unwrap()
            .contains("<at id=\"1\">Johanna Lorenz</at>"));
        let reactions: Vec<(&str, &str)> = kickoff["reactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["reactionType"].as_str().unwrap(),
                    r["user"]["user"]["id"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(reactions.len(), 3, "{reactions:?}");
        assert!(reactions.contains(&("like", JOHANNA)), "a legacy word");
        assert!(reactions.contains(&("👍", ALEX)));
        assert!(
            kickoff["lastModifiedDateTime"].as_str() > kickoff["createdDateTime"].as_str(),
            "reactions modify"
        );
        let image = messages
            .iter()
            .find(|m| m["body"]["content"].as_str().unwrap().contains("<img"))
            .unwrap();
        let src_start = format!("src=\"{BASE}/chats/{RENEWAL_CHAT}/messages/{}/hostedContents/{IMAGE_HOSTED_CONTENT}/$value\"", image["id"].as_str().unwrap());
        assert!(
            image["body"]["content"]
                .as_str()
                .unwrap()
                .contains(&src_start),
            "{}",
            image["body"]["content"]
        );
        let file = messages
            .iter()
            .find(|m| m["attachments"][0]["contentType"] == "reference")
            .unwrap();
        assert!(file["attachments"][0]["contentUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://"));
        assert_eq!(
            file["attachments"][0]["name"],
            "Contoso Pharma price list FY25.xlsx"
        );
        let marker = format!(
            "<attachment id=\"{}\"></attachment>",
            file["attachments"][0]["id"].as_str().unwrap()
        );
        assert!(file["body"]["content"].as_str().unwrap().contains(&marker));
        let quote = messages
            .iter()
            .find(|m| m["attachments"][0]["contentType"] == "messageReference")
            .unwrap();
        let reference: Value =
            serde_json::from_str(quote["attachments"][0]["content"].as_str().unwrap()).unwrap();
        assert_eq!(
            reference["messageSender"]["user"]["displayName"],
            "Johanna Lorenz"
        );
        assert!(reference["messagePreview"]
            .as_str()
            .unwrap()
            .starts_with("Can we hold the cold-chain surcharge"));
        let quoted = messages
            .iter()
            .find(|m| m["id"] == reference["messageId"])
            .unwrap();
        assert!(
            quoted["lastEditedDateTime"].is_string(),
            "the quoted message was edited"
        );
        let deleted = messages
            .iter()
            .find(|m| m["deletedDateTime"].is_string())
            .unwrap();
        assert_eq!(deleted["body"]["content"], "");
        assert!(messages.iter().any(|m| m["eventDetail"]["@odata.type"]
            == "#microsoft.graph.membersAddedEventMessageDetail"));
    }

    #[tokio::test]
    async fn other_chats_have_calls_renames_and_other_scripts() {
        let app = emulator();
        let t = megan(&app).await;
        let (international, _) =
            all_pages(&app, &t, &format!("/chats/{INTERNATIONAL_CHAT}/messages")).await;
        let text = bodies(&international).join("\n");
        assert!(text.contains("来週の打ち合わせ"));
        assert!(text.contains("شكراً"));
        assert!(text.contains("<at id=\"0\">山田 花子</at>"));
        let (meeting, _) = all_pages(&app, &t, &format!("/chats/{MEETING_CHAT}/messages")).await;
        let kinds: Vec<&str> = meeting
            .iter()
            .filter_map(|m| m["eventDetail"]["@odata.type"].as_str())
            .collect();
        assert!(kinds.contains(&"#microsoft.graph.callStartedEventMessageDetail"));
        assert!(kinds.contains(&"#microsoft.graph.callEndedEventMessageDetail"));
        let (long, _) = all_pages(&app, &t, &format!("/chats/{LONG_TOPIC_CHAT}/messages")).await;
        let renamed = long.iter().find(|m| !m["eventDetail"].is_null()).unwrap();
        let chat = listed_chat(&app, &t, LONG_TOPIC_CHAT).await;
        assert_eq!(
            renamed["eventDetail"]["chatDisplayName"], chat["topic"],
            "renamed to the topic it has"
        );
    }

    #[tokio::test]
    async fn previews_are_each_chats_newest_message() {
        let app = emulator();
        let t = megan(&app).await;
        let list = graph_get(&app, &t, "/me/chats?$top=50&$expand=lastMessagePreview")
            .await
            .json();
        for chat in list["value"].as_array().unwrap() {
            let id = chat["id"].as_str().unwrap();
            let newest = graph_with(
                &app,
                &t,
                "GET",
                &format!("/chats/{id}/messages?$top=1&$orderby=createdDateTime%20desc"),
                None,
                &[PREFER],
            )
            .await
            .json();
            match newest["value"].as_array().unwrap().first() {
                None => assert!(chat["lastMessagePreview"].is_null(), "{id}"),
                Some(message) => {
                    assert_eq!(chat["lastMessagePreview"]["id"], message["id"], "{id}");
                    assert_eq!(
                        chat["lastMessagePreview"]["body"]["content"], message["body"]["content"],
                        "{id}"
                    );
                    assert!(
                        chat["lastUpdatedDateTime"].as_str() <= message["createdDateTime"].as_str()
                            || !message["eventDetail"].is_null(),
                        "messages do not move lastUpdatedDateTime: {id}"
                    );
                }
            }
        }
        let renewal = listed_chat(&app, &t, RENEWAL_CHAT).await;
        assert_eq!(
            renewal["lastMessagePreview"]["body"]["content"],
            "Procurement is fine with the new payment terms."
        );
    }
}

mod writing {
    use super::*;

    async fn send_message(app: &Router, t: &str, chat: &str, body: Value) -> Answer {
        graph(
            app,
            t,
            "POST",
            &format!("/chats/{chat}/messages"),
            Some(body),
        )
        .await
    }

    #[tokio::test]
    async fn sending_updates_the_preview_not_last_updated_and_reads_the_chat_for_the_sender() {
        let app = emulator();
        let t = megan(&app).await;
        let before = listed_chat(&app, &t, ALEX_CHAT).await;
        let sent = send_message(
            &app,
            &t,
            ALEX_CHAT,
            json!({"body": {"contentType": "html", "content": "<p>See you at <b>3</b></p>"}}),
        )
        .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text());
        let sent = sent.json();
        assert_eq!(sent["from"]["user"]["id"], MEGAN);
        assert_eq!(sent["from"]["user"]["displayName"], "Megan Bowen");
        assert_eq!(sent["chatId"], ALEX_CHAT);
        assert_eq!(sent["createdDateTime"], sent["lastModifiedDateTime"]);
        assert_eq!(sent["etag"], sent["id"]);
        let after = listed_chat(&app, &t, ALEX_CHAT).await;
        assert_eq!(after["lastMessagePreview"]["id"], sent["id"]);
        assert_eq!(
            after["lastMessagePreview"]["body"]["content"],
            "<p>See you at <b>3</b></p>"
        );
        assert_eq!(
            after["lastUpdatedDateTime"], before["lastUpdatedDateTime"],
            "chat.md: not updated when a message is sent"
        );
        assert!(
            after["viewpoint"]["lastMessageReadDateTime"].as_str()
                >= sent["createdDateTime"].as_str()
        );
    }

    #[tokio::test]
    async fn sending_refuses_what_graph_refuses() {
        let app = emulator();
        let t = megan(&app).await;
        let mention = |id: i64, text: &str| json!({"id": id, "mentionText": text, "mentioned": {"user": {"id": ALEX, "displayName": "Alex Wilber", "userIdentityType": "aadUser"}}});
        let cases = [
            (json!({}), "Missing body content"),
            (json!({"body": {"contentType": "html"}}), "Missing body content"),
            (json!({"body": {"content": ""}}), "Missing body content"),
            (json!({"body": {"contentType": "markdown", "content": "hi"}}), "microsoft.graph.bodyType"),
            (json!({"body": {"contentType": "html", "content": "Hi <at id=\"0\">Alex</at>"}, "mentions": [mention(0, "Alex Wilber")]}), "Body does not contain marker for mention with Id '0'. Add 'Alex Wilber' to the body."),
            (json!({"body": {"contentType": "html", "content": "Hi <at id=\"1\">Alex Wilber</at>"}, "mentions": [mention(0, "Alex Wilber")]}), "marker for mention with Id '0'"),
            (json!({"body": {"content": "Hi <at id=\"0\">Alex Wilber</at>"}, "mentions": [mention(0, "Alex Wilber")]}), "marker for mention with Id '0'"),
            (json!({"body": {"contentType": "html", "content": "Hi"}, "mentions": [{"id": 0, "mentionText": "x"}]}), "Invalid request body was sent."),
        ];
        for (body, message) in cases {
            let answer = send_message(&app, &t, RENEWAL_CHAT, body.clone()).await;
            assert_eq!(
                answer.status,
                StatusCode::BAD_REQUEST,
                "{body}: {}",
                answer.text()
            );
            assert!(
                answer.json()["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(message),
                "{body}: {}",
                answer.text()
            );
        }
        let no_content_type = send(
            &app,
            Request::post(format!("{GRAPH}/chats/{RENEWAL_CHAT}/messages"))
                .header("Host", "127.0.0.1:8080")
                .header("Authorization", format!("Bearer {t}"))
                .body(Body::from(json!({"body": {"content": "hi"}}).to_string()))
                .unwrap(),
        )
        .await;
        assert_eq!(no_content_type.status, StatusCode::BAD_REQUEST);
        assert!(no_content_type
            .text()
            .contains("must contain the Content-Type header"));
        // An <at> that no mention names is kept as its text: nobody is mentioned.
        let orphan = send_message(&app, &t, RENEWAL_CHAT, json!({"body": {"contentType": "html", "content": "Hi <at id=\"0\">Alex Wilber</at>!"}})).await;
        assert_eq!(orphan.status, StatusCode::CREATED);
        assert_eq!(orphan.json()["body"]["content"], "Hi Alex Wilber!");
        assert_eq!(orphan.json()["mentions"], json!([]));
    }

    #[tokio::test]
    async fn only_the_sender_edits_and_an_edit_is_marked() {
        let app = emulator();
        let t = megan(&app).await;
        let alex = token_for(&app, "alex", "https://graph.microsoft.com/.default").await;
        let sent = send_message(
            &app,
            &t,
            RENEWAL_CHAT,
            json!({"body": {"content": "Draft"}}),
        )
        .await
        .json();
        let id = sent["id"].as_str().unwrap();
        let path = format!("/chats/{RENEWAL_CHAT}/messages/{id}");
        let by_alex = graph(
            &app,
            &alex,
            "PATCH",
            &path,
            Some(json!({"body": {"content": "Hijacked"}})),
        )
        .await;
        assert_eq!(by_alex.status, StatusCode::FORBIDDEN, "{}", by_alex.text());
        assert_eq!(by_alex.json()["error"]["code"], "Forbidden");
        let johannas = message_with(&app, &t, RENEWAL_CHAT, "Procurement is fine").await;
        let not_mine = graph(
            &app,
            &t,
            "PATCH",
            &format!(
                "/chats/{RENEWAL_CHAT}/messages/{}",
                johannas["id"].as_str().unwrap()
            ),
            Some(json!({"body": {"content": "x"}})),
        )
        .await;
        assert_eq!(not_mine.status, StatusCode::FORBIDDEN);
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 5})),
        )
        .await;
        let edited = graph(&app, &t, "PATCH", &path, Some(json!({"body": {"contentType": "html", "content": "<p>Final <at id=\"0\">Alex Wilber</at></p>"}, "mentions": [{"id": 0, "mentionText": "Alex Wilber", "mentioned": {"user": {"id": ALEX, "displayName": "Alex Wilber", "userIdentityType": "aadUser"}}}]}))).await;
        assert_eq!(edited.status, StatusCode::NO_CONTENT, "{}", edited.text());
        let after = graph_get(&app, &t, &path).await.json();
        assert_eq!(
            after["body"]["content"],
            "<p>Final <at id=\"0\">Alex Wilber</at></p>"
        );
        assert_eq!(after["mentions"][0]["mentioned"]["user"]["id"], ALEX);
        assert!(after["lastEditedDateTime"].is_string());
        assert_eq!(after["lastEditedDateTime"], after["lastModifiedDateTime"]);
        assert!(after["lastModifiedDateTime"].as_str() > after["createdDateTime"].as_str());
        assert_ne!(after["etag"], after["id"], "a new version");
        let unmarked =
            json!([{"id": 0, "mentionText": "Alex Wilber", "mentioned": {"user": {"id": ALEX}}}]);
        let bad = graph(&app, &t, "PATCH", &path, Some(json!({"body": {"contentType": "html", "content": "<p>no marker</p>"}, "mentions": unmarked}))).await;
        assert_eq!(
            bad.status,
            StatusCode::BAD_REQUEST,
            "a mention given needs its marker"
        );
        let dropped = graph(
            &app,
            &t,
            "PATCH",
            &path,
            Some(json!({"body": {"contentType": "html", "content": "<p>no marker</p>"}})),
        )
        .await;
        assert_eq!(
            dropped.status,
            StatusCode::NO_CONTENT,
            "an edit that drops the marker drops the mention"
        );
        assert_eq!(
            graph_get(&app, &t, &path).await.json()["mentions"],
            json!([])
        );
        let unknown = graph(
            &app,
            &t,
            "PATCH",
            &format!("/chats/{RENEWAL_CHAT}/messages/1"),
            Some(json!({"body": {"content": "x"}})),
        )
        .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.json()["error"]["code"], "NotFound");
    }

    #[tokio::test]
    async fn reactions_are_one_per_user_and_kind_and_modify_the_message() {
        let app = emulator();
        let t = megan(&app).await;
        let kickoff = message_with(&app, &t, RENEWAL_CHAT, KICKOFF_TEXT).await;
        let id = kickoff["id"].as_str().unwrap();
        let path = format!("/chats/{RENEWAL_CHAT}/messages/{id}");
        let react = |verb: &'static str, kind: &'static str| {
            let app = app.clone();
            let t = t.clone();
            let path = path.clone();
            async move {
                graph(
                    &app,
                    &t,
                    "POST",
                    &format!("{path}/{verb}"),
                    Some(json!({"reactionType": kind})),
                )
                .await
            }
        };
        let count = |message: &Value, user: &str| {
            message["reactions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["user"]["user"]["id"] == user)
                .count()
        };
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 5})),
        )
        .await;
        assert_eq!(
            react("setReaction", "😆").await.status,
            StatusCode::NO_CONTENT
        );
        let once = graph_get(&app, &t, &path).await.json();
        assert_eq!(count(&once, MEGAN), 1);
        assert!(once["lastModifiedDateTime"].as_str() > kickoff["lastModifiedDateTime"].as_str());
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 5})),
        )
        .await;
        assert_eq!(
            react("setReaction", "😆").await.status,
            StatusCode::NO_CONTENT,
            "setting it again is fine"
        );
        let twice = graph_get(&app, &t, &path).await.json();
        assert_eq!(count(&twice, MEGAN), 1, "and changes nothing");
        assert_eq!(twice["lastModifiedDateTime"], once["lastModifiedDateTime"]);
        let mine = twice["reactions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["user"]["user"]["id"] == MEGAN)
            .unwrap();
        assert_eq!(mine["reactionType"], "😆");
        assert_eq!(mine["displayName"], "Laugh");
        assert!(mine["createdDateTime"].is_string());
        assert_eq!(
            react("setReaction", "👍").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            count(&graph_get(&app, &t, &path).await.json(), MEGAN),
            2,
            "several kinds"
        );
        assert_eq!(
            react("unsetReaction", "👍").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            react("unsetReaction", "😆").await.status,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            react("unsetReaction", "😆").await.status,
            StatusCode::NO_CONTENT,
            "taking back what is not there is fine"
        );
        assert_eq!(count(&graph_get(&app, &t, &path).await.json(), MEGAN), 0);
        // Johanna's legacy `like` is her 👍.
        let johanna = token_for(&app, "johanna", "https://graph.microsoft.com/.default").await;
        let unlike = graph(
            &app,
            &johanna,
            "POST",
            &format!("{path}/unsetReaction"),
            Some(json!({"reactionType": "👍"})),
        )
        .await;
        assert_eq!(unlike.status, StatusCode::NO_CONTENT);
        assert_eq!(count(&graph_get(&app, &t, &path).await.json(), JOHANNA), 0);
        let missing = graph(
            &app,
            &t,
            "POST",
            &format!("{path}/setReaction"),
            Some(json!({})),
        )
        .await;
        assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    }

    #[tokio::test]
    async fn marking_a_chat_read_clears_its_unread_state_for_the_caller_only() {
        let app = emulator();
        let t = megan(&app).await;
        let unread = |chat: &Value| {
            chat["viewpoint"]["lastMessageReadDateTime"].as_str()
                < chat["lastMessagePreview"]["createdDateTime"].as_str()
        };
        assert!(
            unread(&listed_chat(&app, &t, ALEX_CHAT).await),
            "Alex wrote 12 minutes ago"
        );
        let path = format!("/chats/{ALEX_CHAT}/markChatReadForUser");
        let someone_else = graph(
            &app,
            &t,
            "POST",
            &path,
            Some(json!({"user": {"id": ALEX, "tenantId": TENANT}})),
        )
        .await;
        assert_eq!(someone_else.status, StatusCode::FORBIDDEN);
        let other_tenant = graph(
            &app,
            &t,
            "POST",
            &path,
            Some(
                json!({"user": {"id": MEGAN, "tenantId": "00000000-0000-0000-0000-000000000000"}}),
            ),
        )
        .await;
        assert_eq!(other_tenant.status, StatusCode::FORBIDDEN);
        let nobody = graph(&app, &t, "POST", &path, Some(json!({}))).await;
        assert_eq!(nobody.status, StatusCode::BAD_REQUEST);
        assert!(unread(&listed_chat(&app, &t, ALEX_CHAT).await));
        let read = graph(
            &app,
            &t,
            "POST",
            &path,
            Some(json!({"user": {"id": MEGAN, "tenantId": TENANT}})),
        )
        .await;
        assert_eq!(read.status, StatusCode::NO_CONTENT, "{}", read.text());
        assert!(!unread(&listed_chat(&app, &t, ALEX_CHAT).await));
        let alex = token_for(&app, "alex", "https://graph.microsoft.com/.default").await;
        let alex_view = graph_get(&app, &alex, "/me/chats?$top=50").await.json();
        let alex_chat = alex_view["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == ALEX_CHAT)
            .unwrap();
        assert_eq!(
            alex_chat["viewpoint"]["lastMessageReadDateTime"], "0001-01-01T00:00:00Z",
            "Alex's own read state is his"
        );
    }

    #[tokio::test]
    async fn adding_a_member_posts_the_event_and_moves_last_updated() {
        let app = emulator();
        let t = megan(&app).await;
        let before = listed_chat(&app, &t, RENEWAL_CHAT).await;
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 5})),
        )
        .await;
        let added = graph(&app, &t, "POST", &format!("/chats/{RENEWAL_CHAT}/members"), Some(json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{LIDIA}')"), "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z", "roles": []}))).await;
        assert_eq!(added.status, StatusCode::CREATED);
        assert!(added.bytes.is_empty());
        let after = listed_chat(&app, &t, RENEWAL_CHAT).await;
        assert!(after["lastUpdatedDateTime"].as_str() > before["lastUpdatedDateTime"].as_str());
        let newest = graph_with(
            &app,
            &t,
            "GET",
            &format!("/chats/{RENEWAL_CHAT}/messages?$top=1"),
            None,
            &[PREFER],
        )
        .await
        .json();
        let event = &newest["value"][0];
        assert_eq!(event["messageType"], "systemEventMessage");
        assert_eq!(
            event["eventDetail"]["@odata.type"],
            "#microsoft.graph.membersAddedEventMessageDetail"
        );
        assert_eq!(event["eventDetail"]["members"][0]["id"], LIDIA);
        assert_eq!(event["eventDetail"]["initiator"]["user"]["id"], MEGAN);
        assert_eq!(after["lastMessagePreview"]["id"], event["id"]);
        assert_shape(
            &fixture("system-message-members-added.json"),
            event,
            "$",
            &[],
        );
    }
}

mod access {
    use super::*;

    #[tokio::test]
    async fn each_call_needs_its_documented_scopes() {
        let state = common::state();
        let app = app(state.clone());
        let kickoff = {
            let t = megan(&app).await;
            message_with(&app, &t, RENEWAL_CHAT, KICKOFF_TEXT).await
        };
        let id = kickoff["id"].as_str().unwrap().to_owned();
        let message = format!("/chats/{RENEWAL_CHAT}/messages/{id}");
        let calls: Vec<(&str, String, Option<Value>)> = vec![
            ("GET", format!("/chats/{RENEWAL_CHAT}/messages"), None),
            ("GET", message.clone(), None),
            ("GET", format!("{message}/hostedContents"), None),
            (
                "POST",
                format!("/chats/{RENEWAL_CHAT}/messages"),
                Some(json!({"body": {"content": "hi"}})),
            ),
            (
                "PATCH",
                message.clone(),
                Some(json!({"body": {"content": "edit"}})),
            ),
            (
                "POST",
                format!("{message}/setReaction"),
                Some(json!({"reactionType": "👍"})),
            ),
            (
                "POST",
                format!("{message}/unsetReaction"),
                Some(json!({"reactionType": "👍"})),
            ),
            (
                "POST",
                format!("/chats/{RENEWAL_CHAT}/markChatReadForUser"),
                Some(json!({"user": {"id": MEGAN, "tenantId": TENANT}})),
            ),
        ];
        // What each token may do, call by call (list, get, hosted, send, edit, set, unset, read).
        let tokens: [(&str, [bool; 8]); 5] = [
            ("Presence.Read.All", [false; 8]),
            ("Chat.ReadBasic", [false; 8]),
            (
                "Chat.Read",
                [true, true, true, false, false, false, false, false],
            ),
            (
                "ChatMessage.Send",
                [false, false, false, true, false, true, true, false],
            ),
            ("Chat.ReadWrite", [true; 8]),
        ];
        for (scopes, allowed) in tokens {
            let t = token_with_scopes(&state, MEGAN, scopes);
            for ((method, path, body), ok) in calls.iter().zip(allowed) {
                let answer = graph(&app, &t, method, path, body.clone()).await;
                if ok {
                    assert!(
                        answer.status.is_success(),
                        "{scopes}: {method} {path}: {}",
                        answer.text()
                    );
                } else {
                    assert_eq!(
                        answer.status,
                        StatusCode::FORBIDDEN,
                        "{scopes}: {method} {path}"
                    );
                    let message = answer.json()["error"]["message"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    assert!(
                        message.starts_with(
                            "Missing scope permissions on the request. API requires one of '"
                        ),
                        "{message}"
                    );
                    assert!(
                        message.ends_with(&format!("Scopes on the request '{scopes}'")),
                        "{message}"
                    );
                }
            }
        }
        // The seed's own grant, Chat.ReadWrite.All, does everything.
        let granted = megan(&app).await;
        assert_eq!(
            graph_get(&app, &granted, &format!("/chats/{RENEWAL_CHAT}/messages"))
                .await
                .status,
            StatusCode::OK
        );
        let no_token = send(
            &app,
            request(
                "GET",
                &format!("{GRAPH}/chats/{RENEWAL_CHAT}/messages"),
                None,
                None,
                &[],
            ),
        )
        .await;
        assert_eq!(no_token.status, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn non_members_get_the_chats_403_or_404() {
        let app = emulator();
        let t = megan(&app).await;
        for (chat, status) in [
            (NOT_MINE_403, StatusCode::FORBIDDEN),
            (NOT_MINE_404, StatusCode::NOT_FOUND),
            ("19:nosuchchat@thread.v2", StatusCode::NOT_FOUND),
        ] {
            let cases = [
                ("GET", format!("/chats/{chat}/messages"), None),
                ("GET", format!("/chats/{chat}/messages/1"), None),
                (
                    "POST",
                    format!("/chats/{chat}/messages"),
                    Some(json!({"body": {"content": "hi"}})),
                ),
                (
                    "POST",
                    format!("/chats/{chat}/messages/1/setReaction"),
                    Some(json!({"reactionType": "👍"})),
                ),
                (
                    "POST",
                    format!("/chats/{chat}/markChatReadForUser"),
                    Some(json!({"user": {"id": MEGAN, "tenantId": TENANT}})),
                ),
            ];
            for (method, path, body) in cases {
                let answer = graph(&app, &t, method, &path, body).await;
                assert_eq!(answer.status, status, "{method} {path}: {}", answer.text());
            }
        }
        let unknown = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages/123")).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    }
}

mod plumbing {
    use super::*;

    #[tokio::test]
    async fn every_call_works_inside_batch() {
        let app = emulator();
        let t = megan(&app).await;
        let kickoff = message_with(&app, &t, RENEWAL_CHAT, KICKOFF_TEXT).await;
        let id = kickoff["id"].as_str().unwrap();
        let json_header = json!({"Content-Type": "application/json"});
        let answer = graph(&app, &t, "POST", "/$batch", Some(json!({"requests": [
            {"id": "list", "method": "GET", "url": format!("/chats/{RENEWAL_CHAT}/messages?$top=50"), "headers": {"Prefer": "include-unknown-enum-members"}},
            {"id": "send", "method": "POST", "url": format!("/chats/{RENEWAL_CHAT}/messages"), "headers": json_header, "body": {"body": {"content": "From a batch"}}},
            {"id": "react", "method": "POST", "url": format!("/chats/{RENEWAL_CHAT}/messages/{id}/setReaction"), "headers": json_header, "body": {"reactionType": "🎉"}},
            {"id": "read", "method": "POST", "url": format!("/chats/{RENEWAL_CHAT}/markChatReadForUser"), "headers": json_header, "body": {"user": {"id": MEGAN, "tenantId": TENANT}}},
            {"id": "image", "method": "GET", "url": format!("/chats/{RENEWAL_CHAT}/messages/{}/hostedContents/{IMAGE_HOSTED_CONTENT}/$value", message_with(&app, &t, RENEWAL_CHAT, "<img").await["id"].as_str().unwrap())},
        ]}))).await;
        assert_eq!(answer.status, StatusCode::OK);
        let responses = answer.json()["responses"].as_array().unwrap().clone();
        let part = |id: &str| responses.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(part("list")["status"], 200);
        assert!(
            part("list")["body"]["value"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["messageType"] == "systemEventMessage"),
            "part headers reach the handler"
        );
        assert_eq!(part("send")["status"], 201);
        assert_eq!(part("send")["body"]["body"]["content"], "From a batch");
        assert_eq!(part("react")["status"], 204);
        assert_eq!(part("read")["status"], 204);
        assert_eq!(part("image")["status"], 200);
        assert_eq!(part("image")["headers"]["Content-Type"], "image/png");
        use base64::Engine;
        let png = base64::engine::general_purpose::STANDARD
            .decode(part("image")["body"].as_str().unwrap())
            .unwrap();
        assert_eq!(&png[..4], b"\x89PNG");
        let log = send(
            &app,
            get("/_emulator/requests?listener=batch&path=/messages"),
        )
        .await
        .json();
        assert_eq!(
            log["value"].as_array().unwrap().len(),
            4,
            "each part is logged"
        );
    }

    #[tokio::test]
    async fn faults_and_the_request_log_cover_messages() {
        let app = emulator();
        let t = megan(&app).await;
        let fault = post_json(
            "/_emulator/faults",
            json!({"method": "POST", "path": "/messages$", "status": 429, "retryAfter": "2"}),
        );
        assert_eq!(send(&app, fault).await.status, StatusCode::CREATED);
        let throttled = graph(
            &app,
            &t,
            "POST",
            &format!("/chats/{RENEWAL_CHAT}/messages"),
            Some(json!({"body": {"content": "hi"}})),
        )
        .await;
        assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(throttled.header("retry-after"), Some("2"));
        assert_eq!(
            graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages"))
                .await
                .status,
            StatusCode::OK,
            "a GET is not matched"
        );
        let sent = graph(
            &app,
            &t,
            "POST",
            &format!("/chats/{RENEWAL_CHAT}/messages"),
            Some(json!({"body": {"content": "hi"}})),
        )
        .await;
        assert_eq!(sent.status, StatusCode::CREATED, "one use only");
        let log = send(&app, get("/_emulator/requests?path=/messages"))
            .await
            .json();
        let statuses: Vec<u64> = log["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["status"].as_u64().unwrap())
            .collect();
        assert_eq!(statuses, [429, 200, 201]);
    }
}

mod replies {
    use super::*;

    #[tokio::test]
    async fn replies_are_off_in_tests_and_one_comes_on_demand() {
        let app = emulator();
        let t = megan(&app).await;
        let settings = send(&app, get("/_emulator/replies")).await.json();
        assert_eq!(
            settings["enabled"], false,
            "off unless the binary runs on a database file"
        );
        let before = listed_chat(&app, &t, RENEWAL_CHAT).await;
        let reply = send(
            &app,
            post_json(
                "/_emulator/replies/now",
                json!({"chatId": RENEWAL_CHAT, "fromUserId": ALEX, "text": "Live from Alex"}),
            ),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        let reply = reply.json();
        assert_eq!(reply["chatId"], RENEWAL_CHAT);
        assert_eq!(reply["fromUserId"], ALEX);
        let newest = graph_get(&app, &t, &format!("/chats/{RENEWAL_CHAT}/messages?$top=1"))
            .await
            .json();
        assert_eq!(newest["value"][0]["id"], reply["messageId"]);
        assert_eq!(newest["value"][0]["body"]["content"], "Live from Alex");
        assert_eq!(
            newest["value"][0]["from"]["user"]["displayName"],
            "Alex Wilber"
        );
        let after = listed_chat(&app, &t, RENEWAL_CHAT).await;
        assert_eq!(after["lastMessagePreview"]["id"], reply["messageId"]);
        assert!(
            after["viewpoint"]["lastMessageReadDateTime"].as_str()
                < after["lastMessagePreview"]["createdDateTime"].as_str(),
            "unread for Megan"
        );
        assert_eq!(after["lastUpdatedDateTime"], before["lastUpdatedDateTime"]);
        // With nothing given: one of Megan's chats, someone else in it.
        let any = send(
            &app,
            Request::post("/_emulator/replies/now")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(any.status, StatusCode::CREATED, "{}", any.text());
        assert_ne!(any.json()["fromUserId"], MEGAN);
        for bad in [
            json!({"chatId": "19:nope@thread.v2"}),
            json!({"chatId": RENEWAL_CHAT, "fromUserId": LIDIA}),
            json!({"chatID": RENEWAL_CHAT}),
        ] {
            let answer = send(&app, post_json("/_emulator/replies/now", bad.clone())).await;
            assert!(answer.status.is_client_error(), "{bad}: {}", answer.status);
        }
    }

    #[tokio::test]
    async fn switched_on_replies_come_every_n_seconds_of_emulator_time() {
        let state = common::state();
        let app = app(state.clone());
        let t = megan(&app).await;
        let count = |state: &AppState| -> i64 {
            state
                .db()
                .query_row("SELECT count(*) FROM messages", [], |r| r.get(0))
                .unwrap()
        };
        let start = count(&state);
        assert!(
            teams_collaborate_emulator::replies::tick(&state)
                .unwrap()
                .is_none(),
            "off"
        );
        let on = send(
            &app,
            post_json(
                "/_emulator/replies",
                json!({"enabled": true, "everySeconds": 30}),
            ),
        )
        .await;
        assert_eq!(on.status, StatusCode::OK);
        assert_eq!(on.json()["everySeconds"], 30);
        assert!(
            teams_collaborate_emulator::replies::tick(&state)
                .unwrap()
                .is_none(),
            "the first tick schedules"
        );
        assert!(send(&app, get("/_emulator/replies")).await.json()["nextAt"].is_string());
        assert!(
            teams_collaborate_emulator::replies::tick(&state)
                .unwrap()
                .is_none(),
            "not due yet"
        );
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 31})),
        )
        .await;
        let reply = teams_collaborate_emulator::replies::tick(&state)
            .unwrap()
            .expect("due");
        assert_eq!(count(&state), start + 1);
        let newest = graph_get(
            &app,
            &t,
            &format!("/chats/{}/messages?$top=1", reply.chat_id),
        )
        .await
        .json();
        assert_eq!(newest["value"][0]["id"], reply.message_id.as_str());
        assert!(
            teams_collaborate_emulator::replies::tick(&state)
                .unwrap()
                .is_none(),
            "the next is 30 s away"
        );
        let off = send(
            &app,
            post_json("/_emulator/replies", json!({"enabled": false})),
        )
        .await;
        assert_eq!(off.json()["enabled"], false);
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 120})),
        )
        .await;
        assert!(teams_collaborate_emulator::replies::tick(&state)
            .unwrap()
            .is_none());
        assert_eq!(
            send(
                &app,
                post_json(
                    "/_emulator/replies",
                    json!({"enabled": true, "everySeconds": 0})
                )
            )
            .await
            .status,
            StatusCode::BAD_REQUEST
        );
        send(
            &app,
            Request::post("/_emulator/reset")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            send(&app, get("/_emulator/replies")).await.json()["enabled"],
            false,
            "reset puts the default back"
        );
    }

    #[tokio::test]
    async fn the_binary_default_is_on_for_the_demo() {
        let state = common::state().with_replies(true);
        let app = app(state);
        assert_eq!(
            send(&app, get("/_emulator/replies")).await.json()["enabled"],
            true
        );
    }
}

mod migration {
    #[test]
    fn an_older_database_keeps_its_messages_in_the_new_shape() {
        let path = super::common::older_database(
            "migration",
            4,
            "INSERT INTO tenants (id, name, teams_consent) VALUES ('t', 'Old', 1);
                 INSERT INTO instances (name, tenant_id, organization_id, organization_name, settings_id) VALUES ('old', 't', 'o', 'Old', 's');
                 INSERT INTO dv_rows (instance, entity_set, id, data) VALUES ('old', 'accounts', 'a', '{}');
                 INSERT INTO users (id, tenant_id, display_name, user_principal_name, password) VALUES ('u', 't', 'Old User', 'old@x.test', 'demo');
                 INSERT INTO chats (id, tenant_id, chat_type, created, last_updated) VALUES ('19:old@thread.v2', 't', 'group', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
                 INSERT INTO messages (chat_id, id, created, from_user, content) VALUES ('19:old@thread.v2', '1', '2024-01-01T00:00:01.000Z', 'u', 'kept');
                 INSERT INTO messages (chat_id, id, created, from_user, content, deleted) VALUES ('19:old@thread.v2', '2', '2024-01-01T00:00:02.000Z', 'u', 'gone', 1);",
        );
        let conn = teams_collaborate_emulator::db::open(path.to_str().unwrap()).unwrap();
        let kept = teams_collaborate_emulator::messages::get(&conn, "19:old@thread.v2", "1")
            .unwrap()
            .unwrap();
        assert_eq!(kept.content, "kept");
        assert_eq!(kept.last_modified, kept.created);
        assert_eq!(kept.from_name.as_deref(), Some("Old User"));
        let gone = teams_collaborate_emulator::messages::get(&conn, "19:old@thread.v2", "2")
            .unwrap()
            .unwrap();
        assert_eq!(gone.deleted_at.as_deref(), Some("2024-01-01T00:00:02.000Z"));
        assert_eq!(gone.content, "");
        drop(conn);
        let _ = std::fs::remove_file(&path);
    }
}
