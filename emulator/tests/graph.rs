//! The emulator's Microsoft Graph and token endpoint: documented shapes (compared with the
//! fixtures copied from Microsoft's docs), limits, errors, paging, batching, faults and CORS.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{assert_shape, emulator, get, post_json, request, send, Answer};
use serde_json::{json, Value};
use teams_collaborate_emulator::{app, identity};

const TENANT: &str = "6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d";
const MEGAN: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const ALEX: &str = "aaaaaaaa-0000-4000-8000-000000000003";
const DIEGO: &str = "aaaaaaaa-0000-4000-8000-000000000004";
const ISAIAH: &str = "aaaaaaaa-0000-4000-8000-000000000006";
const JOHANNA: &str = "aaaaaaaa-0000-4000-8000-000000000007";
const GUEST: &str = "9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d";
const GROUP_CHAT: &str = "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2";
const HIDDEN_CHAT: &str =
    "19:aaaaaaaa-0000-4000-8000-000000000001_aaaaaaaa-0000-4000-8000-000000000015@unq.gbl.spaces";
const NOT_MINE_403: &str = "19:b0a4dprepb0a4dprepb0a4dprep0001@thread.v2";
const NOT_MINE_404: &str = "19:1ega1h01d1ega1h01d1ega1h01d0002@thread.v2";
const SALES_TEAM: &str = "bbbbbbbb-0000-4000-8000-000000000001";
const ARCHIVED_TEAM: &str = "bbbbbbbb-0000-4000-8000-000000000003";
const HR_TEAM: &str = "bbbbbbbb-0000-4000-8000-000000000004";
const GRAPH: &str = "/graph/v1.0";
const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

/// Sends a Graph request with a bearer token (none when `token` is empty).
async fn graph(app: &Router, token: &str, method: &str, path: &str, body: Option<Value>) -> Answer {
    graph_with(app, token, method, path, body, &[]).await
}

/// Sends a Graph `GET` with a bearer token (none when `token` is empty).
async fn graph_get(app: &Router, token: &str, path: &str) -> Answer {
    graph(app, token, "GET", path, None).await
}

/// Asks Graph for presences (`{"ids": [...]}`).
async fn presences(app: &Router, token: &str, body: Value) -> Answer {
    graph(
        app,
        token,
        "POST",
        "/communications/getPresencesByUserId",
        Some(body),
    )
    .await
}

/// Sends a Graph request from the demo page's origin, with extra headers.
async fn graph_with(
    app: &Router,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let token = (!token.is_empty()).then_some(token);
    let headers: Vec<(&str, &str)> = std::iter::once(("Origin", "http://127.0.0.1:9000"))
        .chain(headers.iter().copied())
        .collect();
    let uri = format!("{GRAPH}{path}");
    send(app, request(method, &uri, token, body, &headers)).await
}

async fn token_request(app: &Router, tenant: &str, form: &[(&str, &str)]) -> Answer {
    let body = form
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace(' ', "%20")
                    .replace(':', "%3A")
                    .replace('/', "%2F")
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let request = Request::post(format!("/{tenant}/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

/// The form of the demo app's password grant.
fn password_grant<'a>(
    username: &'a str,
    password: &'a str,
    scope: &'a str,
) -> [(&'a str, &'a str); 5] {
    [
        ("grant_type", "password"),
        ("client_id", identity::DEMO_APP_ID),
        ("username", username),
        ("password", password),
        ("scope", scope),
    ]
}

/// A delegated token for a demo user (`megan`, `joni`, ...) with the given scope.
async fn token_for(app: &Router, user: &str, scope: &str) -> String {
    let username = format!("{user}@contoso.com");
    let answer = token_request(
        app,
        "contoso.com",
        &password_grant(&username, "demo", scope),
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.bytes)
    );
    answer.json()["access_token"].as_str().unwrap().to_owned()
}

async fn megan(app: &Router) -> String {
    token_for(app, "megan", GRAPH_SCOPE).await
}

fn fixture(name: &str) -> Value {
    common::fixture("graph", name)
}

/// The body of `POST /teams` for a team from the standard template.
fn new_team(name: &str) -> Value {
    json!({"template@odata.bind": "https://graph.microsoft.com/v1.0/teamsTemplates('standard')", "displayName": name})
}

/// The display names of a collection's items, in order.
fn display_names(collection: &Value) -> Vec<&str> {
    collection["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["displayName"].as_str().unwrap())
        .collect()
}

mod documented_shapes {
    use super::*;

    async fn check(fixture_name: &str, answer: Answer, status: StatusCode, skip: &[&str]) {
        assert_eq!(
            answer.status,
            status,
            "{fixture_name}: {}",
            String::from_utf8_lossy(&answer.bytes)
        );
        assert_shape(&fixture(fixture_name), &answer.json(), "$", skip);
    }

    #[tokio::test]
    async fn reads() {
        let app = emulator();
        let t = megan(&app).await;
        let cases: Vec<(&str, String, StatusCode)> = vec![
            ("me.json", "/me".to_owned(), StatusCode::OK),
            ("list-chats.json", "/me/chats".to_owned(), StatusCode::OK),
            (
                "list-chats-expand-members.json",
                "/me/chats?$expand=members".to_owned(),
                StatusCode::OK,
            ),
            (
                "list-chats-last-message-preview.json",
                "/me/chats?$expand=lastMessagePreview&$top=2".to_owned(),
                StatusCode::OK,
            ),
            (
                "list-chats-orderby-last-message.json",
                "/me/chats?$orderby=lastMessagePreview/createdDateTime%20desc&$top=2".to_owned(),
                StatusCode::OK,
            ),
            (
                "get-chat.json",
                format!("/chats/{GROUP_CHAT}?$expand=members"),
                StatusCode::OK,
            ),
            (
                "get-chat-last-message-preview.json",
                format!("/chats/{GROUP_CHAT}?$expand=lastMessagePreview"),
                StatusCode::OK,
            ),
            (
                "teams-licensing-details.json",
                format!("/users/{ALEX}/licenseDetails/getTeamsLicensingDetails"),
                StatusCode::OK,
            ),
            (
                "joined-teams.json",
                "/me/joinedTeams".to_owned(),
                StatusCode::OK,
            ),
            (
                "get-team.json",
                format!("/teams/{SALES_TEAM}"),
                StatusCode::OK,
            ),
            (
                "list-channels.json",
                format!("/teams/{SALES_TEAM}/channels"),
                StatusCode::OK,
            ),
        ];
        for (name, path, status) in cases {
            let path = path.replace(' ', "%20");
            check(name, graph_get(&app, &t, &path).await, status, &[]).await;
        }
        let general = graph_get(&app, &t, &format!("/teams/{SALES_TEAM}/channels"))
            .await
            .json()["value"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        check(
            "get-channel.json",
            graph_get(&app, &t, &format!("/teams/{SALES_TEAM}/channels/{general}")).await,
            StatusCode::OK,
            &[],
        )
        .await;
        let primary = graph_get(&app, &t, &format!("/teams/{SALES_TEAM}/primaryChannel")).await;
        assert_eq!(
            primary.json()["id"],
            general,
            "the primary channel is General"
        );
        check("get-primary-channel.json", primary, StatusCode::OK, &[]).await;
        check(
            "get-channel-files-folder.json",
            graph_get(
                &app,
                &t,
                &format!("/teams/{SALES_TEAM}/channels/{general}/filesFolder"),
            )
            .await,
            StatusCode::OK,
            &[],
        )
        .await;
        let search = graph_with(
            &app,
            &t,
            "GET",
            "/users?$search=%22displayName:a%22&$count=true",
            None,
            &[("ConsistencyLevel", "eventual")],
        )
        .await;
        check("list-users-search.json", search, StatusCode::OK, &[]).await;
        let presence = presences(&app, &t, json!({"ids": [MEGAN, ALEX]})).await;
        check(
            "get-presences-by-user-id.json",
            presence,
            StatusCode::OK,
            &[],
        )
        .await;
    }

    /// List organization answers the caller's tenant: the id a chat's members carry.
    #[tokio::test]
    async fn the_organization_is_the_callers_tenant() {
        let app = emulator();
        let t = megan(&app).await;
        let chats = graph_get(&app, &t, "/me/chats?$expand=members")
            .await
            .json();
        let tenant = chats["value"][0]["members"][0]["tenantId"].clone();
        assert!(tenant.is_string(), "{chats}");
        let org = graph_get(&app, &t, "/organization?$select=id").await;
        assert_eq!(org.status, StatusCode::OK);
        let org = org.json();
        assert_eq!(org["value"][0]["id"], tenant);
        assert!(
            org["value"][0].get("displayName").is_none(),
            "$select narrows"
        );
    }

    #[tokio::test]
    async fn writes() {
        let app = emulator();
        let t = megan(&app).await;
        let bind = |id: &str| json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": ["owner"], "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{id}')")});
        let group = graph(&app, &t, "POST", "/chats", Some(json!({"chatType": "group", "topic": "Group chat title", "members": [bind(MEGAN), bind(ALEX), bind(DIEGO)]}))).await;
        check("create-chat-group.json", group, StatusCode::CREATED, &[]).await;
        let one = graph(
            &app,
            &t,
            "POST",
            "/chats",
            Some(json!({"chatType": "oneOnOne", "members": [bind(MEGAN), bind(DIEGO)]})),
        )
        .await;
        check("create-chat-oneonone.json", one, StatusCode::CREATED, &[]).await;
        let channel = graph(&app, &t, "POST", &format!("/teams/{SALES_TEAM}/channels"), Some(json!({"displayName": "Architecture Discussion", "description": "Debates", "membershipType": "standard"}))).await;
        check("create-channel.json", channel, StatusCode::CREATED, &[]).await;
        let added = graph(&app, &t, "POST", &format!("/chats/{GROUP_CHAT}/members"), Some(json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{}')", "aaaaaaaa-0000-4000-8000-000000000010"), "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z", "roles": []}))).await;
        let documented = fixture("add-chat-member.json");
        assert_eq!(
            added.status.as_u16(),
            documented["status"].as_u64().unwrap() as u16
        );
        assert!(added.bytes.is_empty(), "no body, as documented");
        assert!(added
            .header("location")
            .unwrap()
            .starts_with(&format!("/chats({GROUP_CHAT})/members('")));
    }

    #[tokio::test]
    async fn errors() {
        let app = emulator();
        let t = megan(&app).await;
        let no_header = graph_get(&app, &t, "/users?$search=%22displayName:a%22").await;
        check(
            "error-search-without-consistencylevel.json",
            no_header,
            StatusCode::BAD_REQUEST,
            &[],
        )
        .await;
        let missing = graph_get(&app, "", "/me").await;
        // errors.md's sample is an upload error; only its envelope (code, message, innerError) carries over.
        check(
            "error.json",
            missing,
            StatusCode::UNAUTHORIZED,
            &["$.error.innerError.request-id", "$.error.innerError.date"],
        )
        .await;
        let fault = post_json(
            "/_emulator/faults",
            json!({"path": "/graph/v1.0/me", "status": 429, "retryAfter": "2.128"}),
        );
        assert_eq!(send(&app, fault).await.status, StatusCode::CREATED);
        let throttled = graph_get(&app, &t, "/me").await;
        assert_eq!(throttled.header("retry-after"), Some("2.128"));
        check(
            "error-throttled-429.json",
            throttled,
            StatusCode::TOO_MANY_REQUESTS,
            &[],
        )
        .await;
    }

    #[tokio::test]
    async fn batch_and_team_operation() {
        let app = emulator();
        let t = megan(&app).await;
        let batch = graph(
            &app,
            &t,
            "POST",
            "/$batch",
            Some(json!({"requests": [
                {"id": "1", "method": "GET", "url": "/me"},
                {"id": "2", "method": "GET", "url": format!("/teams/{HR_TEAM}")},
            ]})),
        )
        .await;
        // The sample's parts answer other requests (memberOf, a file): compare the envelope only.
        check(
            "batch.json",
            batch,
            StatusCode::OK,
            &["$.responses[0].body"],
        )
        .await;
        let created = graph(&app, &t, "POST", "/teams", Some(new_team("New team"))).await;
        assert_eq!(created.status, StatusCode::ACCEPTED);
        let location = created.header("location").unwrap().to_owned();
        let (team, operation) = parse_operation_location(&location);
        let polled = graph_get(&app, &t, &format!("/teams/{team}/operations/{operation}")).await;
        // The documented sample is a chat operation (beta): its `values` is not a team's.
        check("team-operation.json", polled, StatusCode::OK, &["$.values"]).await;
    }
}

/// `/teams('{team}')/operations('{op}')` → (team, op).
fn parse_operation_location(location: &str) -> (String, String) {
    let parts: Vec<&str> = location.split('\'').collect();
    assert_eq!(parts.len(), 5, "{location}");
    (parts[1].to_owned(), parts[3].to_owned())
}

mod identity_and_tokens {
    use super::*;

    #[tokio::test]
    async fn password_grant_gives_an_entra_shaped_token() {
        let app = emulator();
        let answer = token_request(
            &app,
            "contoso.com",
            &password_grant("Megan@Contoso.com", "demo", GRAPH_SCOPE),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        let body = answer.json();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], identity::LIFETIME);
        assert!(body["scope"]
            .as_str()
            .unwrap()
            .contains("https://graph.microsoft.com/Chat.ReadWrite.All"));
        let me = graph_get(&app, body["access_token"].as_str().unwrap(), "/me").await;
        assert_eq!(me.json()["id"], MEGAN);
    }

    #[tokio::test]
    async fn bad_sign_ins_get_entra_errors() {
        let app = emulator();
        type Form<'a> = &'a [(&'a str, &'a str)];
        let cases: [(Form, u64, &str); 5] = [
            (
                &password_grant("megan@contoso.com", "wrong", GRAPH_SCOPE),
                50126,
                "invalid_grant",
            ),
            (
                &password_grant("nobody@contoso.com", "demo", GRAPH_SCOPE),
                50034,
                "invalid_grant",
            ),
            (
                &[
                    ("grant_type", "password"),
                    ("client_id", "00000000-0000-0000-0000-000000000000"),
                    ("username", "megan@contoso.com"),
                    ("password", "demo"),
                    ("scope", GRAPH_SCOPE),
                ],
                700016,
                "unauthorized_client",
            ),
            (
                &password_grant("megan@contoso.com", "demo", "Sites.Read.All"),
                65001,
                "invalid_grant",
            ),
            (
                &[
                    ("grant_type", "implicit"),
                    ("client_id", identity::DEMO_APP_ID),
                ],
                70003,
                "unsupported_grant_type",
            ),
        ];
        for (form, code, error) in cases {
            let answer = token_request(&app, "contoso.com", form).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{form:?}");
            let body = answer.json();
            assert_eq!(body["error"], error, "{body}");
            assert_eq!(body["error_codes"][0], code, "{body}");
            assert!(body["error_description"]
                .as_str()
                .unwrap()
                .starts_with(&format!("AADSTS{code}:")));
        }
    }

    #[tokio::test]
    async fn without_consent_graph_tokens_are_refused() {
        let app = emulator();
        let off = Request::patch(
            "/dataverse/contoso/api/data/v9.2/organizations(0b7e4a52-9c1d-4f3e-8a6b-5d2c1e0f9a01)",
        )
        .header("Content-Type", "application/json")
        .header(
            "Authorization",
            format!(
                "Bearer {}",
                token_for(
                    &app,
                    "adele",
                    "http://127.0.0.1:8080/dataverse/contoso/.default"
                )
                .await
            ),
        )
        .body(Body::from(
            json!({"ismsteamscollaborationenabled": false}).to_string(),
        ))
        .unwrap();
        assert_eq!(send(&app, off).await.status, StatusCode::NO_CONTENT);
        let answer = token_request(
            &app,
            "contoso.com",
            &password_grant("megan@contoso.com", "demo", GRAPH_SCOPE),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(answer.json()["error_codes"][0], 65001);
        assert!(answer.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("has not consented"));
    }

    #[tokio::test]
    async fn client_credentials_for_the_background_service() {
        let app = emulator();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", identity::SERVICE_APP_ID),
            ("client_secret", identity::SERVICE_SECRET),
            ("scope", GRAPH_SCOPE),
        ];
        let answer = token_request(&app, TENANT, &form).await;
        assert_eq!(answer.status, StatusCode::OK);
        let app_token = answer.json()["access_token"].as_str().unwrap().to_owned();
        let licensing = graph_get(
            &app,
            &app_token,
            &format!("/users/{ISAIAH}/licenseDetails/getTeamsLicensingDetails"),
        )
        .await;
        assert_eq!(licensing.json()["hasTeamsLicense"], false);
        // An application has no /me.
        let me = graph_get(&app, &app_token, "/me").await;
        assert_eq!(me.status, StatusCode::BAD_REQUEST);
        assert!(me.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("delegated authentication flow"));
        let wrong = token_request(
            &app,
            TENANT,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", identity::SERVICE_APP_ID),
                ("client_secret", "nope"),
                ("scope", GRAPH_SCOPE),
            ],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.json()["error"], "invalid_client");
    }

    #[tokio::test]
    async fn missing_bad_expired_and_foreign_tokens_get_401() {
        let app = emulator();
        let good = megan(&app).await;
        let dataverse = token_for(
            &app,
            "megan",
            "http://127.0.0.1:8080/dataverse/contoso/.default",
        )
        .await;
        let cases = [
            ("", "Access token is empty."),
            ("not-a-token", "JWT is not well formed"),
            (dataverse.as_str(), "Invalid audience"),
        ];
        for (token, message) in cases {
            let answer = graph_get(&app, token, "/me").await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{token}");
            assert!(answer
                .header("www-authenticate")
                .unwrap()
                .starts_with("Bearer"));
            let error = &answer.json()["error"];
            assert_eq!(error["code"], "InvalidAuthenticationToken");
            assert!(
                error["message"].as_str().unwrap().contains(message),
                "{error}"
            );
        }
        let clock = post_json(
            "/_emulator/clock",
            json!({"advanceSeconds": identity::LIFETIME + 1}),
        );
        assert_eq!(send(&app, clock).await.status, StatusCode::OK);
        let expired = graph_get(&app, &good, "/me").await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
        assert!(expired.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired"));
    }

    #[tokio::test]
    async fn a_missing_scope_is_403_with_graphs_message() {
        let app = emulator();
        let presence_only = token_for(&app, "megan", "Presence.Read.All").await;
        let answer = graph_get(&app, &presence_only, "/me/chats").await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        let message = answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.starts_with(
                "Missing scope permissions on the request. API requires one of 'Chat.ReadBasic"
            ),
            "{message}"
        );
        assert!(
            message.ends_with("Scopes on the request 'Presence.Read.All'"),
            "{message}"
        );
        assert_eq!(
            presences(&app, &presence_only, json!({"ids": [ALEX]}))
                .await
                .status,
            StatusCode::OK
        );
    }
}

mod chats {
    use super::*;

    async fn all_pages(app: &Router, token: &str, first: &str) -> (Vec<Value>, usize) {
        let mut chats = Vec::new();
        let mut pages = 0;
        let mut next = Some(format!("{GRAPH}{first}"));
        while let Some(url) = next {
            let path = url
                .split_once("/graph/v1.0")
                .map(|(_, p)| p.to_owned())
                .unwrap_or(url);
            let answer = graph_get(app, token, &path.replace(' ', "%20")).await;
            assert_eq!(answer.status, StatusCode::OK);
            let body = answer.json();
            chats.extend(body["value"].as_array().unwrap().iter().cloned());
            next = body["@odata.nextLink"].as_str().map(str::to_owned);
            pages += 1;
            assert!(pages < 100, "paging must end");
        }
        (chats, pages)
    }

    #[tokio::test]
    async fn paging_visits_every_chat_once_newest_first() {
        let app = emulator();
        let t = megan(&app).await;
        let (chats, pages) = all_pages(&app, &t, "/me/chats?$top=2&$expand=members,lastMessagePreview&$orderby=lastMessagePreview/createdDateTime desc").await;
        assert_eq!(chats.len(), 9, "Megan is in nine seeded chats");
        assert_eq!(pages, 5);
        let mut ids: Vec<_> = chats.iter().map(|c| c["id"].as_str().unwrap()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 9, "no chat twice");
        let times: Vec<&str> = chats
            .iter()
            .filter_map(|c| c["lastMessagePreview"]["createdDateTime"].as_str())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {times:?}"
        );
        assert!(
            chats.last().unwrap()["lastMessagePreview"].is_null(),
            "a chat without messages comes last, with a null preview"
        );
        assert!(chats
            .iter()
            .all(|c| c["members"].as_array().unwrap().len() >= 2));
        assert!(!ids.contains(&NOT_MINE_403) && !ids.contains(&NOT_MINE_404));
        let hidden = chats.iter().find(|c| c["id"] == HIDDEN_CHAT).unwrap();
        assert_eq!(
            hidden["viewpoint"]["isHidden"], true,
            "hidden chats are listed, marked by viewpoint"
        );
        let kinds: std::collections::BTreeSet<_> = chats
            .iter()
            .map(|c| c["chatType"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["group", "meeting", "oneOnOne"]
        );
    }

    #[tokio::test]
    async fn previews_carry_html_deleted_and_system_events() {
        let app = emulator();
        let t = megan(&app).await;
        let (chats, _) = all_pages(&app, &t, "/me/chats?$top=50&$expand=lastMessagePreview").await;
        let previews: Vec<&Value> = chats
            .iter()
            .map(|c| &c["lastMessagePreview"])
            .filter(|p| !p.is_null())
            .collect();
        assert!(previews
            .iter()
            .any(|p| p["isDeleted"] == true && p["body"]["content"] == ""));
        let group = chats.iter().find(|c| c["id"] == GROUP_CHAT).unwrap();
        assert_eq!(
            group["lastMessagePreview"]["from"]["user"]["displayName"],
            "Johanna Lorenz"
        );
        let messages = graph_get(&app, &t, "/me/chats?$top=50&$expand=lastMessagePreview").await;
        assert_eq!(messages.status, StatusCode::OK);
        assert!(
            chats
                .iter()
                .any(|c| c["topic"].as_str().is_some_and(|t| t.chars().count() > 100)),
            "a long topic"
        );
    }

    #[tokio::test]
    async fn list_limits() {
        let app = emulator();
        let t = megan(&app).await;
        for bad in [
            "/me/chats?$top=51",
            "/me/chats?$top=0",
            "/me/chats?$orderby=lastMessagePreview/createdDateTime%20asc",
            "/me/chats?$expand=messages",
            "/me/chats?$skiptoken=garbage",
            "/me/chats?$select=topic",
        ] {
            let answer = graph_get(&app, &t, bad).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(answer.json()["error"]["code"], "BadRequest");
        }
        assert_eq!(
            graph_get(&app, &t, "/me/chats?$top=50").await.status,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn at_most_25_members_are_expanded() {
        let app = emulator();
        let scale = post_json("/_emulator/scale", json!({"people": 30, "chats": 0}));
        assert_eq!(send(&app, scale).await.status, StatusCode::CREATED);
        let t = megan(&app).await;
        let search = graph_with(
            &app,
            &t,
            "GET",
            "/users?$search=%22displayName:person%22&$top=30",
            None,
            &[("ConsistencyLevel", "eventual")],
        )
        .await
        .json();
        let mut members = vec![
            json!({"user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{MEGAN}')")}),
        ];
        for user in search["value"].as_array().unwrap() {
            members.push(json!({"user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{}')", user["id"].as_str().unwrap())}));
        }
        assert_eq!(members.len(), 31);
        let created = graph(
            &app,
            &t,
            "POST",
            "/chats",
            Some(json!({"chatType": "group", "topic": "Big", "members": members})),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED);
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let chat = graph_get(&app, &t, &format!("/chats/{id}?$expand=members"))
            .await
            .json();
        assert_eq!(chat["members"].as_array().unwrap().len(), 25);
    }

    #[tokio::test]
    async fn non_members_get_403_or_404() {
        let app = emulator();
        let t = megan(&app).await;
        let forbidden =
            graph_get(&app, &t, &format!("/chats/{NOT_MINE_403}?$expand=members")).await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let missing = graph_get(&app, &t, &format!("/chats/{NOT_MINE_404}")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let unknown = graph_get(&app, &t, "/chats/19:doesnotexist@thread.v2").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.json()["error"]["code"], "NotFound");
        let mine = graph_get(&app, &t, &format!("/chats/{GROUP_CHAT}"))
            .await
            .json();
        assert!(mine.get("members").is_none(), "members only when expanded");
        assert!(mine["webUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://teams.microsoft.com/l/chat/19%3A"));
    }

    #[tokio::test]
    async fn creating_chats() {
        let app = emulator();
        let t = megan(&app).await;
        let bind = |id: &str| json!({"user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{id}')")});
        let first = graph(
            &app,
            &t,
            "POST",
            "/chats",
            Some(json!({"chatType": "oneOnOne", "members": [bind(MEGAN), bind(ALEX)]})),
        )
        .await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(
            first.json()["id"],
            format!("19:{MEGAN}_{ALEX}@unq.gbl.spaces"),
            "the existing one-on-one chat"
        );
        let by_upn = graph(&app, &t, "POST", "/chats", Some(json!({"chatType": "group", "members": [json!({"user@odata.bind": "https://graph.microsoft.com/v1.0/users('megan@contoso.com')"}), bind(ALEX)]}))).await;
        assert_eq!(by_upn.status, StatusCode::CREATED);
        assert!(by_upn.json()["topic"].is_null());
        let bad: Vec<(Value, StatusCode)> = vec![
            (
                json!({"chatType": "oneOnOne", "topic": "x", "members": [bind(MEGAN), bind(ALEX)]}),
                StatusCode::BAD_REQUEST,
            ),
            (
                json!({"chatType": "group", "members": [bind(ALEX), bind(DIEGO)]}),
                StatusCode::BAD_REQUEST,
            ),
            (
                json!({"chatType": "meeting", "members": [bind(MEGAN), bind(ALEX)]}),
                StatusCode::BAD_REQUEST,
            ),
            (
                json!({"chatType": "group", "members": [bind(MEGAN), bind(ISAIAH)]}),
                StatusCode::FORBIDDEN,
            ),
            (
                json!({"chatType": "group", "members": [bind(MEGAN), bind("00000000-0000-0000-0000-000000000000")]}),
                StatusCode::NOT_FOUND,
            ),
            (json!({"chatType": "group"}), StatusCode::BAD_REQUEST),
        ];
        for (body, status) in bad {
            assert_eq!(
                graph(&app, &t, "POST", "/chats", Some(body.clone()))
                    .await
                    .status,
                status,
                "{body}"
            );
        }
        let joni = token_for(&app, "joni", GRAPH_SCOPE).await;
        let refused = graph(&app, &joni, "POST", "/chats", Some(json!({"chatType": "group", "members": [bind("aaaaaaaa-0000-4000-8000-000000000008"), bind(ALEX)]}))).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "Joni's Teams policy forbids creating chats"
        );
        assert_eq!(refused.json()["error"]["code"], "Forbidden");
    }

    #[tokio::test]
    async fn guests_are_found_as_guests_and_must_join_chats_with_the_guest_role() {
        let app = emulator();
        let t = megan(&app).await;
        let found = graph_with(
            &app,
            &t,
            "GET",
            "/users?$search=%22displayName:kai%22&$select=id,displayName,userType",
            None,
            &[("ConsistencyLevel", "eventual")],
        )
        .await
        .json();
        assert_eq!(found["value"][0]["id"], GUEST);
        assert_eq!(found["value"][0]["userType"], "Guest");
        let me = graph_get(&app, &t, "/me").await.json();
        assert_eq!(me["userType"], "Member");
        let member = |id: &str, role: &str| json!({"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": [role], "user@odata.bind": format!("https://graph.microsoft.com/v1.0/users('{id}')")});
        let as_owner = graph(&app, &t, "POST", "/chats", Some(json!({"chatType": "group", "members": [member(MEGAN, "owner"), member(ALEX, "owner"), member(GUEST, "owner")]}))).await;
        assert_eq!(
            as_owner.status,
            StatusCode::BAD_REQUEST,
            "chat-post.md: in-tenant guests need the guest role"
        );
        let as_guest = graph(&app, &t, "POST", "/chats", Some(json!({"chatType": "group", "members": [member(MEGAN, "owner"), member(ALEX, "owner"), member(GUEST, "guest")]}))).await;
        assert_eq!(as_guest.status, StatusCode::CREATED);
        let chat = as_guest.json()["id"].as_str().unwrap().to_owned();
        let members = graph_get(&app, &t, &format!("/chats/{chat}?$expand=members"))
            .await
            .json();
        let guest = members["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["userId"] == GUEST)
            .unwrap()
            .clone();
        assert_eq!(guest["roles"], json!(["guest"]));
    }
}

mod people {
    use super::*;

    #[tokio::test]
    async fn presence_for_many_users() {
        let app = emulator();
        let t = megan(&app).await;
        let answer = presences(&app, &t, json!({"ids": [MEGAN, "aaaaaaaa-0000-4000-8000-000000000011", "00000000-0000-0000-0000-000000000000"]})).await.json();
        let value = answer["value"].as_array().unwrap();
        assert_eq!(value[0]["availability"], "Available");
        assert_eq!(value[1]["activity"], "OutOfOffice");
        assert_eq!(value[1]["outOfOfficeSettings"]["isOutOfOffice"], true);
        assert_eq!(value[2]["availability"], "PresenceUnknown");
        let too_many: Vec<String> = (0..651)
            .map(|i| format!("00000000-0000-0000-0000-{i:012}"))
            .collect();
        let refused = presences(&app, &t, json!({"ids": too_many})).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        let at_limit: Vec<String> = (0..650)
            .map(|i| format!("00000000-0000-0000-0000-{i:012}"))
            .collect();
        assert_eq!(
            presences(&app, &t, json!({"ids": at_limit})).await.status,
            StatusCode::OK
        );
        assert_eq!(
            presences(&app, &t, json!({"users": []})).await.status,
            StatusCode::BAD_REQUEST
        );
    }

    #[tokio::test]
    async fn presence_changes_over_time_and_can_be_pinned() {
        let app = emulator();
        let t = megan(&app).await;
        let read = |app: Router, t: String| async move {
            presences(&app, &t, json!({"ids": [ALEX]})).await.json()["value"][0]["availability"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..6 {
            seen.insert(read(app.clone(), t.clone()).await);
            let step = post_json("/_emulator/clock", json!({"advanceSeconds": 120}));
            send(&app, step).await;
        }
        assert!(seen.len() >= 3, "Alex's presence cycles: {seen:?}");
        let pin = post_json(
            "/_emulator/presence",
            json!({"userId": ALEX, "availability": "DoNotDisturb", "activity": "Presenting"}),
        );
        assert_eq!(send(&app, pin).await.status, StatusCode::NO_CONTENT);
        let t = megan(&app).await;
        assert_eq!(read(app.clone(), t).await, "DoNotDisturb");
    }

    #[tokio::test]
    async fn photos_and_their_absence() {
        let app = emulator();
        let t = megan(&app).await;
        let photo = graph_get(&app, &t, &format!("/users/{ALEX}/photos/48x48/$value")).await;
        assert_eq!(photo.status, StatusCode::OK);
        assert_eq!(photo.header("content-type"), Some("image/png"));
        assert_eq!(&photo.bytes[..4], b"\x89PNG");
        let none = graph_get(&app, &t, &format!("/users/{DIEGO}/photos/48x48/$value")).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
        assert_eq!(none.json()["error"]["code"], "ImageNotFound");
        let odd = graph_get(&app, &t, &format!("/users/{ALEX}/photos/50x50/$value")).await;
        assert_eq!(odd.status, StatusCode::NOT_FOUND);
        // Johanna's photo has no sized variants: 404 there, the photo at `/photo/$value`.
        let sized = graph_get(&app, &t, &format!("/users/{JOHANNA}/photos/48x48/$value")).await;
        assert_eq!(sized.status, StatusCode::NOT_FOUND);
        assert_eq!(sized.json()["error"]["code"], "ImageNotFound");
        let stored = graph_get(&app, &t, &format!("/users/{JOHANNA}/photo/$value")).await;
        assert_eq!(stored.status, StatusCode::OK);
        assert_eq!(&stored.bytes[..4], b"\x89PNG");
        let none = graph_get(&app, &t, &format!("/users/{DIEGO}/photo/$value")).await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn people_search() {
        let app = emulator();
        let t = megan(&app).await;
        let search = |q: &'static str| {
            let app = app.clone();
            let t = t.clone();
            async move {
                graph_with(
                    &app,
                    &t,
                    "GET",
                    q,
                    None,
                    &[("ConsistencyLevel", "eventual")],
                )
                .await
            }
        };
        let found = search("/users?$search=%22displayName:lor%22&$select=id,displayName")
            .await
            .json();
        let names: Vec<&str> = display_names(&found);
        assert_eq!(names, ["Johanna Lorenz"], "matches the start of any word");
        assert_eq!(
            found["value"][0].as_object().unwrap().len(),
            2,
            "$select keeps only what was asked"
        );
        let filtered = graph_get(&app, &t, "/users?$filter=startswith(displayName,'A')")
            .await
            .json();
        let names: Vec<&str> = display_names(&filtered);
        assert_eq!(names, ["Adele Vance", "Alex Wilber"]);
        let non_latin = search("/users?$search=%22displayName:%E5%B1%B1%E7%94%B0%22")
            .await
            .json();
        assert_eq!(non_latin["value"][0]["displayName"], "山田 花子");
        assert_eq!(
            graph_get(&app, &t, "/users?$filter=endswith(displayName,'a')")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            graph_get(&app, &t, "/users?$count=true").await.status,
            StatusCode::BAD_REQUEST
        );
    }
}

mod teams_and_channels {
    use super::*;

    #[tokio::test]
    async fn joined_teams_and_channels_as_a_member_sees_them() {
        let app = emulator();
        let t = megan(&app).await;
        let joined = graph_get(&app, &t, "/me/joinedTeams").await.json();
        let names: Vec<&str> = display_names(&joined);
        assert_eq!(
            names,
            ["Contoso Sales", "FY25 Launch", "Service Excellence"]
        );
        let channels = graph_get(&app, &t, &format!("/teams/{SALES_TEAM}/channels"))
            .await
            .json();
        let names: Vec<&str> = display_names(&channels);
        assert_eq!(
            names,
            ["General", "Key accounts", "Deal desk"],
            "a private channel she is not in stays out"
        );
        assert_eq!(
            graph_get(&app, &t, &format!("/teams/{HR_TEAM}"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            graph_get(&app, &t, "/teams/00000000-0000-0000-0000-000000000000")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let leadership = "19:0103c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";
        assert_eq!(
            graph_get(
                &app,
                &t,
                &format!("/teams/{SALES_TEAM}/channels/{leadership}")
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }

    #[tokio::test]
    async fn creating_channels_and_teams() {
        let app = emulator();
        let t = megan(&app).await;
        let created = graph(
            &app,
            &t,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "Ava Reyes deal", "membershipType": "standard"})),
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED);
        assert!(created.json()["webUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://teams.microsoft.com/l/channel/"));
        let again = graph(
            &app,
            &t,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "ava reyes DEAL"})),
        )
        .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "names are unique per team"
        );
        let refused = [
            (
                ARCHIVED_TEAM,
                json!({"displayName": "x"}),
                StatusCode::FORBIDDEN,
            ),
            (HR_TEAM, json!({"displayName": "x"}), StatusCode::FORBIDDEN),
            (
                SALES_TEAM,
                json!({"description": "no name"}),
                StatusCode::BAD_REQUEST,
            ),
        ];
        for (team, body, status) in refused {
            let answer = graph(
                &app,
                &t,
                "POST",
                &format!("/teams/{team}/channels"),
                Some(body.clone()),
            )
            .await;
            assert_eq!(answer.status, status, "{team} {body}");
        }

        let read_only = token_for(&app, "megan", "Directory.Read.All").await;
        let refused = graph(
            &app,
            &read_only,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "y"})),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "creating needs Channel.Create"
        );

        let team = graph(
            &app,
            &t,
            "POST",
            "/teams",
            Some(new_team("Ava Reyes account team")),
        )
        .await;
        assert_eq!(team.status, StatusCode::ACCEPTED);
        assert!(team.bytes.is_empty());
        let (id, operation) = parse_operation_location(team.header("location").unwrap());
        assert_eq!(
            team.header("content-location").unwrap(),
            format!("/teams('{id}')")
        );
        let first = graph_get(&app, &t, &format!("/teams/{id}/operations/{operation}"))
            .await
            .json();
        assert_eq!(first["status"], "inProgress");
        let step = post_json("/_emulator/clock", json!({"advanceSeconds": 5}));
        send(&app, step).await;
        let t = megan(&app).await;
        let done = graph_get(&app, &t, &format!("/teams/{id}/operations/{operation}"))
            .await
            .json();
        assert_eq!(done["status"], "succeeded");
        assert_eq!(done["attemptsCount"], 2);
        assert_eq!(done["targetResourceId"], id);
        let created = graph_get(&app, &t, &format!("/teams/{id}")).await.json();
        assert_eq!(created["displayName"], "Ava Reyes account team");
        let general = graph_get(&app, &t, &format!("/teams/{id}/primaryChannel"))
            .await
            .json();
        assert_eq!(general["displayName"], "General", "a new team has General");
    }
}

mod files_folders {
    use super::*;

    const KEY_ACCOUNTS: &str = "19:0101c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";
    const DEAL_DESK: &str = "19:0102c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";

    fn folder(team: &str, channel: &str) -> String {
        format!("/teams/{team}/channels/{channel}/filesFolder")
    }

    #[tokio::test]
    async fn a_teams_internal_id_and_tenant_and_its_channels_folders() {
        let app = emulator();
        let t = megan(&app).await;
        let team = graph_get(&app, &t, &format!("/teams/{SALES_TEAM}"))
            .await
            .json();
        assert_eq!(
            team["internalId"], "19:0100c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2",
            "the thread id, as the General channel's id"
        );
        assert_eq!(team["tenantId"], TENANT);
        let standard = graph_get(&app, &t, &folder(SALES_TEAM, KEY_ACCOUNTS)).await;
        assert_eq!(standard.status, StatusCode::OK);
        assert_eq!(
            standard.json()["webUrl"],
            "https://contoso.sharepoint.com/sites/ContosoSales/Shared%20Documents/Key%20accounts"
        );
        assert_eq!(
            standard.json()["parentReference"]["driveType"],
            "documentLibrary"
        );
        // A private channel's files live in a site of its own.
        let private = graph_get(&app, &t, &folder(SALES_TEAM, DEAL_DESK))
            .await
            .json();
        assert_eq!(
            private["webUrl"],
            "https://contoso.sharepoint.com/sites/ContosoSales-Dealdesk/Shared%20Documents/Deal%20desk"
        );
        let leadership = "19:0103c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2";
        assert_eq!(
            graph_get(&app, &t, &folder(SALES_TEAM, leadership))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "a private channel she is not in"
        );
        assert_eq!(
            graph_get(&app, &t, &folder(SALES_TEAM, "19:nope@thread.tacv2"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            graph_get(&app, &t, &folder(HR_TEAM, KEY_ACCOUNTS))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "not her team"
        );
    }

    #[tokio::test]
    async fn the_folder_needs_files_read_all() {
        let app = emulator();
        let scope = "https://graph.microsoft.com/Directory.Read.All https://graph.microsoft.com/Chat.ReadWrite.All";
        let t = token_for(&app, "megan", scope).await;
        assert_eq!(
            graph_get(&app, &t, &format!("/teams/{SALES_TEAM}"))
                .await
                .status,
            StatusCode::OK,
            "the team itself is readable"
        );
        let refused = graph_get(&app, &t, &folder(SALES_TEAM, KEY_ACCOUNTS)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Files.Read.All"));
        let with_files = token_for(
            &app,
            "megan",
            "https://graph.microsoft.com/Files.Read.All https://graph.microsoft.com/Directory.Read.All",
        )
        .await;
        assert_eq!(
            graph_get(&app, &with_files, &folder(SALES_TEAM, KEY_ACCOUNTS))
                .await
                .status,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn a_new_channels_folder_takes_ten_seconds() {
        let app = emulator();
        let t = megan(&app).await;
        let created = graph(
            &app,
            &t,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "Fresh"})),
        )
        .await;
        let id = created.json()["id"].as_str().unwrap().to_owned();
        let early = graph_get(&app, &t, &folder(SALES_TEAM, &id)).await;
        assert_eq!(early.status, StatusCode::NOT_FOUND);
        assert_eq!(early.json()["error"]["code"], "NotFound");
        assert!(early.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not ready yet"));
        let moved = send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 9})),
        )
        .await;
        assert_eq!(moved.status, StatusCode::OK);
        assert_eq!(
            graph_get(&app, &t, &folder(SALES_TEAM, &id)).await.status,
            StatusCode::NOT_FOUND,
            "still provisioning after 9 s"
        );
        send(
            &app,
            post_json("/_emulator/clock", json!({"advanceSeconds": 2})),
        )
        .await;
        assert_eq!(
            graph_get(&app, &t, &folder(SALES_TEAM, &id)).await.status,
            StatusCode::OK
        );
        // Tests not about the wait turn it off.
        let set = send(
            &app,
            post_json("/_emulator/folders", json!({"provisioningSeconds": 0})),
        )
        .await;
        assert_eq!(set.status, StatusCode::NO_CONTENT);
        let quick = graph(
            &app,
            &t,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "Quick"})),
        )
        .await;
        let quick = quick.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            graph_get(&app, &t, &folder(SALES_TEAM, &quick))
                .await
                .status,
            StatusCode::OK
        );
    }
}

mod batching {
    use super::*;

    #[tokio::test]
    async fn parts_have_their_own_status_headers_and_bodies() {
        let app = emulator();
        let t = megan(&app).await;
        let answer = graph(&app, &t, "POST", "/$batch", Some(json!({"requests": [
            {"id": "me", "method": "GET", "url": "/me"},
            {"id": "photo", "method": "GET", "url": format!("/users/{ALEX}/photos/48x48/$value")},
            {"id": "nophoto", "method": "GET", "url": format!("/users/{DIEGO}/photos/48x48/$value")},
            {"id": "presence", "method": "POST", "url": "/communications/getPresencesByUserId", "headers": {"Content-Type": "application/json"}, "body": {"ids": [ALEX]}},
            {"id": "after", "method": "GET", "url": format!("/chats/{NOT_MINE_403}")},
            {"id": "dependent", "method": "GET", "url": "/me", "dependsOn": ["after"]},
        ]}))).await;
        assert_eq!(answer.status, StatusCode::OK);
        let responses = answer.json()["responses"].as_array().unwrap().clone();
        let by_id = |id: &str| responses.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(by_id("me")["status"], 200);
        assert_eq!(by_id("me")["body"]["id"], MEGAN);
        assert_eq!(by_id("photo")["headers"]["Content-Type"], "image/png");
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(by_id("photo")["body"].as_str().unwrap())
            .unwrap();
        assert_eq!(&bytes[..4], b"\x89PNG", "binary bodies come as base64");
        assert_eq!(by_id("nophoto")["status"], 404);
        assert_eq!(by_id("nophoto")["body"]["error"]["code"], "ImageNotFound");
        assert_eq!(by_id("presence")["body"]["value"][0]["id"], ALEX);
        assert_eq!(by_id("after")["status"], 403);
        assert_eq!(by_id("dependent")["status"], 424);
    }

    #[tokio::test]
    async fn a_throttled_part_fails_alone_with_its_retry_after() {
        let app = emulator();
        let t = megan(&app).await;
        let fault = post_json(
            "/_emulator/faults",
            json!({"path": format!("/users/{ALEX}/photos"), "status": 429, "retryAfter": "3"}),
        );
        send(&app, fault).await;
        let answer = graph(
            &app,
            &t,
            "POST",
            "/$batch",
            Some(json!({"requests": [
                {"id": "1", "method": "GET", "url": format!("/users/{ALEX}/photos/48x48/$value")},
                {"id": "2", "method": "GET", "url": "/me"},
            ]})),
        )
        .await
        .json();
        assert_eq!(answer["responses"][0]["status"], 429);
        assert_eq!(answer["responses"][0]["headers"]["Retry-After"], "3");
        assert_eq!(answer["responses"][1]["status"], 200);
        let log = send(&app, get("/_emulator/requests?listener=batch"))
            .await
            .json();
        assert_eq!(
            log["value"].as_array().unwrap().len(),
            2,
            "each part is logged as a batch part"
        );
    }

    #[tokio::test]
    async fn malformed_batches_are_400() {
        let app = emulator();
        let t = megan(&app).await;
        let too_many: Vec<Value> = (0..21)
            .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
            .collect();
        let cases = [
            json!({"requests": too_many}),
            json!({"requests": []}),
            json!({"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]}),
            json!({"requests": [{"id": "a", "method": "GET", "url": "https://evil.example/me"}]}),
            json!({"requests": [{"method": "GET", "url": "/me"}]}),
            json!({"nothing": true}),
        ];
        for body in cases {
            let answer = graph(&app, &t, "POST", "/$batch", Some(body.clone())).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        }
        let twenty: Vec<Value> = (0..20)
            .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
            .collect();
        assert_eq!(
            graph(
                &app,
                &t,
                "POST",
                "/$batch",
                Some(json!({"requests": twenty}))
            )
            .await
            .status,
            StatusCode::OK
        );
    }
}

mod cors_faults_and_log {
    use super::*;

    #[tokio::test]
    async fn graph_cors_and_the_expose_switch() {
        let app = emulator();
        let preflight = Request::builder()
            .method("OPTIONS")
            .uri(format!("{GRAPH}/me/chats"))
            .header("Origin", "http://127.0.0.1:9000")
            .header("Access-Control-Request-Method", "GET")
            .header(
                "Access-Control-Request-Headers",
                "authorization,consistencylevel",
            )
            .body(Body::empty())
            .unwrap();
        let answer = send(&app, preflight).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
        assert!(answer
            .header("access-control-allow-headers")
            .unwrap()
            .contains("consistencylevel"));
        let t = megan(&app).await;
        let exposed = graph_get(&app, &t, "/me").await;
        assert!(exposed
            .header("access-control-expose-headers")
            .unwrap()
            .contains("Retry-After"));
        let switch = post_json(
            "/_emulator/graph-cors",
            json!({"exposeRetryAfterAndLocation": false}),
        );
        assert_eq!(send(&app, switch).await.status, StatusCode::NO_CONTENT);
        let hidden = graph_get(&app, &t, "/me").await;
        let header = hidden.header("access-control-expose-headers").unwrap();
        assert!(
            !header.contains("Retry-After") && !header.contains("Location"),
            "{header}"
        );
    }

    #[tokio::test]
    async fn faults_delay_and_503() {
        let app = emulator();
        let t = megan(&app).await;
        let add = |body: Value| post_json("/_emulator/faults", body);
        assert_eq!(
            send(&app, add(json!({"path": "/graph/v1.0/me", "delayMs": 300})))
                .await
                .status,
            StatusCode::CREATED
        );
        let started = std::time::Instant::now();
        let slow = graph_get(&app, &t, "/me").await;
        assert_eq!(
            slow.status,
            StatusCode::OK,
            "a delay-only fault still answers"
        );
        assert!(started.elapsed() >= std::time::Duration::from_millis(300));
        send(
            &app,
            add(json!({"path": "/graph/v1.0/me", "status": 503, "retryAfter": "0.5"})),
        )
        .await;
        let unavailable = graph_get(&app, &t, "/me").await;
        assert_eq!(unavailable.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(unavailable.header("retry-after"), Some("0.5"));
        assert_eq!(
            unavailable.header("access-control-allow-origin"),
            Some("*"),
            "faults carry Graph's CORS"
        );
        assert_eq!(
            send(&app, add(json!({"path": "/x", "status": 0})))
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }

    #[tokio::test]
    async fn the_log_records_method_path_query_status_headers_and_body() {
        let app = emulator();
        let t = megan(&app).await;
        presences(&app, &t, json!({"ids": [ALEX]})).await;
        graph_get(&app, &t, "/me/chats?$top=5").await;
        let log = send(&app, get("/_emulator/requests?path=/graph/"))
            .await
            .json();
        let entries = log["value"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["method"], "POST");
        assert!(entries[0]["body"].as_str().unwrap().contains(ALEX));
        assert_eq!(
            entries[0]["headers"]["authorization"],
            format!("Bearer {t}")
        );
        assert_eq!(entries[1]["query"], "$top=5");
        assert_eq!(entries[1]["status"], 200);
        send(
            &app,
            Request::delete("/_emulator/requests")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let empty = send(&app, get("/_emulator/requests")).await.json();
        assert!(empty["value"].as_array().unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_spy_listener_logs_what_reaches_it_over_a_socket() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let state = common::state();
        let main = app(state.clone());
        let spy = teams_collaborate_emulator::log::spy(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, spy).await });
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(format!("GET /leak?x=1 HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer secret\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 404"));
        let log = send(&main, get("/_emulator/requests?listener=spy"))
            .await
            .json();
        assert_eq!(log["value"][0]["path"], "/leak");
        assert_eq!(log["value"][0]["headers"]["authorization"], "Bearer secret");
        server.abort();
    }
}

mod audiences {
    use super::*;

    async fn dataverse_read(app: &Router, instance: &str, token: Option<&str>) -> Answer {
        let mut request = Request::get(format!("/dataverse/{instance}/api/data/v9.2/organizations?$select=ismsteamscollaborationenabled"));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        send(app, request.body(Body::empty()).unwrap()).await
    }

    #[tokio::test]
    async fn a_token_is_refused_outside_its_audience() {
        let app = emulator();
        let graph_token = megan(&app).await;
        let contoso = token_for(
            &app,
            "megan",
            "http://127.0.0.1:8080/dataverse/contoso/.default",
        )
        .await;
        assert_eq!(
            dataverse_read(&app, "contoso", Some(&contoso)).await.status,
            StatusCode::OK
        );
        for (instance, token) in [
            ("contoso", graph_token.as_str()),
            ("fabrikam", contoso.as_str()),
            ("contoso", "forged"),
        ] {
            let answer = dataverse_read(&app, instance, Some(token)).await;
            assert_eq!(
                answer.status,
                StatusCode::UNAUTHORIZED,
                "{instance} with {token}"
            );
            assert!(
                answer.bytes.is_empty(),
                "Dataverse answers 401 with an empty body"
            );
            assert!(answer
                .header("www-authenticate")
                .unwrap()
                .starts_with("Bearer"));
        }
        // A Dataverse token at Graph is refused too (see missing_bad_expired_and_foreign_tokens_get_401).
        assert_eq!(
            graph_get(&app, &contoso, "/me").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}

mod over_a_socket {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// One HTTP/1.1 exchange over a real TCP connection; returns status and body.
    async fn http(
        addr: std::net::SocketAddr,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text[9..12].parse().unwrap();
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    #[tokio::test]
    async fn every_endpoint_answers_over_tcp() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move { axum::serve(listener, emulator()).await });

        let form = format!(
            "grant_type=password&client_id={}&username=megan%40contoso.com&password=demo&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            identity::DEMO_APP_ID
        );
        let (status, body) = http(
            addr,
            "POST",
            "/contoso.com/oauth2/v2.0/token",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &form,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let token: Value = serde_json::from_str(&body).unwrap();
        let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
        let auth = [
            ("Authorization", bearer.as_str()),
            ("Content-Type", "application/json"),
            ("ConsistencyLevel", "eventual"),
        ];
        let bind = |id: &str| {
            format!("{{\"user@odata.bind\":\"https://graph.microsoft.com/v1.0/users('{id}')\"}}")
        };
        let chat = GROUP_CHAT.replace(':', "%3A").replace('@', "%40");
        let cases: Vec<(&str, String, String, u16)> = vec![
            ("GET", "/graph/v1.0/me".into(), String::new(), 200),
            ("GET", "/graph/v1.0/me/chats?$top=50&$expand=members,lastMessagePreview&$orderby=lastMessagePreview/createdDateTime%20desc".into(), String::new(), 200),
            ("GET", format!("/graph/v1.0/chats/{chat}?$expand=members"), String::new(), 200),
            ("POST", "/graph/v1.0/chats".into(), format!("{{\"chatType\":\"group\",\"topic\":\"Socket\",\"members\":[{},{}]}}", bind(MEGAN), bind(ALEX)), 201),
            ("POST", format!("/graph/v1.0/chats/{chat}/members"), bind("aaaaaaaa-0000-4000-8000-000000000012"), 201),
            ("POST", "/graph/v1.0/communications/getPresencesByUserId".into(), format!("{{\"ids\":[\"{ALEX}\"]}}"), 200),
            ("GET", format!("/graph/v1.0/users/{ALEX}/photos/48x48/$value"), String::new(), 200),
            ("GET", format!("/graph/v1.0/users/{ALEX}/licenseDetails/getTeamsLicensingDetails"), String::new(), 200),
            ("GET", "/graph/v1.0/users?$search=%22displayName:al%22".into(), String::new(), 200),
            ("GET", "/graph/v1.0/me/joinedTeams".into(), String::new(), 200),
            ("GET", format!("/graph/v1.0/teams/{SALES_TEAM}"), String::new(), 200),
            ("GET", format!("/graph/v1.0/teams/{SALES_TEAM}/channels"), String::new(), 200),
            ("GET", format!("/graph/v1.0/teams/{SALES_TEAM}/channels/19%3A0100c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3%40thread.tacv2"), String::new(), 200),
            ("POST", format!("/graph/v1.0/teams/{SALES_TEAM}/channels"), "{\"displayName\":\"Over TCP\"}".into(), 201),
            ("POST", "/graph/v1.0/teams".into(), "{\"template@odata.bind\":\"https://graph.microsoft.com/v1.0/teamsTemplates('standard')\",\"displayName\":\"TCP team\"}".into(), 202),
            ("POST", "/graph/v1.0/$batch".into(), "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me\"}]}".into(), 200),
            ("GET", "/graph/v1.0/me/chats?$top=51".into(), String::new(), 400),
        ];
        for (method, path, body, want) in cases {
            let (status, answer) = http(addr, method, &path, &auth, &body).await;
            assert_eq!(status, want, "{method} {path}: {answer}");
        }
        let (status, _) = http(addr, "GET", "/graph/v1.0/me", &[], "").await;
        assert_eq!(status, 401, "no token over the wire either");
        server.abort();
    }
}

mod creating_under_teams_rules {
    use super::*;

    #[tokio::test]
    async fn invalid_names_and_the_teams_policy() {
        let app = emulator();
        let t = megan(&app).await;
        for bad in [
            "",
            "a/b",
            "what?",
            "_hidden",
            "trailing.",
            "quote'",
            &"x".repeat(51),
        ] {
            let answer = graph(
                &app,
                &t,
                "POST",
                &format!("/teams/{SALES_TEAM}/channels"),
                Some(json!({"displayName": bad})),
            )
            .await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad:?}");
        }
        let ok = graph(
            &app,
            &t,
            "POST",
            &format!("/teams/{SALES_TEAM}/channels"),
            Some(json!({"displayName": "Q1 – renewal (EMEA)"})),
        )
        .await;
        assert_eq!(ok.status, StatusCode::CREATED);
        // Joni's Teams policy forbids creating: 403 for a channel and for a team.
        let joni = token_for(&app, "joni", GRAPH_SCOPE).await;
        let team_of_joni = "bbbbbbbb-0000-4000-8000-000000000001";
        let channel = graph(
            &app,
            &joni,
            "POST",
            &format!("/teams/{team_of_joni}/channels"),
            Some(json!({"displayName": "Joni channel"})),
        )
        .await;
        assert_eq!(channel.status, StatusCode::FORBIDDEN);
        assert!(channel.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Teams policy"));
        let team = graph(&app, &joni, "POST", "/teams", Some(new_team("Joni's team"))).await;
        assert_eq!(team.status, StatusCode::FORBIDDEN);
    }
}
