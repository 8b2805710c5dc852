//! The emulator's Dataverse flags, controls and CORS: through `app()` and over a real socket.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{emulator, request, send, Answer};
use serde_json::{json, Value};
use teams_collaborate_emulator::{app, identity};

const CONTOSO: &str = "/dataverse/contoso/api/data/v9.2";
const FABRIKAM: &str = "/dataverse/fabrikam/api/data/v9.2";
const CONTOSO_ORG: &str = "0b7e4a52-9c1d-4f3e-8a6b-5d2c1e0f9a01";
const CONTOSO_SETTINGS: &str = "3c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e01";

/// Calls the emulator. Dataverse requests are signed in as whoever may make them: a global
/// administrator (Adele) for the tenant flag, the instance's System Administrator for its
/// switch, Megan (or a test instance's own user) for everything else.
async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> Answer {
    let token = match uri
        .strip_prefix("/dataverse/")
        .and_then(|rest| rest.split('/').next())
    {
        Some(instance) => Some(token(app, &signer(method, uri, instance), instance).await),
        None => None,
    };
    call_with(app, method, uri, body, token.as_deref()).await
}

fn signer(method: &str, uri: &str, instance: &str) -> String {
    let own = format!("tester@{instance}.test");
    let user = match (method, instance) {
        (_, "contoso" | "fabrikam" | "nosuchorg") => "",
        _ => own.as_str(),
    };
    if !user.is_empty() {
        return user.to_owned();
    }
    if method == "PATCH" && uri.contains("/organizations(") {
        "adele@contoso.com".into()
    } else if method == "PATCH" && uri.contains("/msdyn_msteamssettingsv2(") {
        if instance == "fabrikam" {
            "patti@contoso.com".into()
        } else {
            "miriam@contoso.com".into()
        }
    } else {
        "megan@contoso.com".into()
    }
}

/// A Dataverse token for `username` in `instance`.
async fn token(app: &Router, username: &str, instance: &str) -> String {
    let form = format!(
        "grant_type=password&client_id={}&username={}&password=demo&scope=http%3A%2F%2F127.0.0.1%3A8080%2Fdataverse%2F{instance}%2F.default",
        identity::DEMO_APP_ID,
        username.replace('@', "%40")
    );
    let request = Request::post("/organizations/oauth2/v2.0/token")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let answer = send(app, request).await;
    answer.json()["access_token"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_default()
}

async fn call_with(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
    token: Option<&str>,
) -> Answer {
    let origin = [("Origin", "http://127.0.0.1:9000")];
    send(app, request(method, uri, token, body, &origin)).await
}

async fn flag(app: &Router, base: &str, set: &str, column: &str) -> Value {
    let answer = call(app, "GET", &format!("{base}/{set}?$select={column}"), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    answer.json()["value"][0][column].clone()
}

/// The tenant's consent as an instance reads it.
async fn consent(app: &Router, base: &str) -> Value {
    flag(app, base, "organizations", "ismsteamscollaborationenabled").await
}

/// The instance's switch.
async fn switch(app: &Router, base: &str) -> Value {
    flag(
        app,
        base,
        "msdyn_msteamssettingsv2",
        "msdyn_embedcollabteamsintegrationenabled",
    )
    .await
}

#[tokio::test]
async fn flag_reads_have_the_web_api_shape() {
    let app = emulator();
    let answer = call(
        &app,
        "GET",
        &format!("{CONTOSO}/organizations?$select=ismsteamscollaborationenabled"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["odata-version"], "4.0");
    assert!(answer.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body = answer.json();
    assert_eq!(
        body["@odata.context"],
        "http://127.0.0.1:8080/dataverse/contoso/api/data/v9.2/$metadata#organizations(ismsteamscollaborationenabled)"
    );
    let row = body["value"][0].as_object().unwrap();
    // $select keeps the named column and the primary key, as Dataverse does.
    let mut keys: Vec<_> = row.keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "@odata.etag",
            "ismsteamscollaborationenabled",
            "organizationid"
        ]
    );
    assert_eq!(row["ismsteamscollaborationenabled"], true);
    assert_eq!(row["organizationid"], CONTOSO_ORG);

    let settings = call(
        &app,
        "GET",
        &format!(
            "{CONTOSO}/msdyn_msteamssettingsv2?$select=msdyn_embedcollabteamsintegrationenabled"
        ),
        None,
    )
    .await
    .json();
    assert_eq!(
        settings["value"][0]["msdyn_embedcollabteamsintegrationenabled"],
        true
    );
    assert_eq!(
        settings["value"][0]["msdyn_msteamssettingsv2id"],
        CONTOSO_SETTINGS
    );
    assert_eq!(switch(&app, FABRIKAM).await, false);
}

#[tokio::test]
async fn a_single_row_read_by_key() {
    let app = emulator();
    let answer = call(
        &app,
        "GET",
        &format!("{CONTOSO}/organizations({CONTOSO_ORG})?$select=name"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#organizations(name)/$entity"));
    assert_eq!(body["name"], "Contoso Sales");
    let missing = call(
        &app,
        "GET",
        &format!("{CONTOSO}/organizations(00000000-0000-0000-0000-000000000000)"),
        None,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["code"], "0x80040217");
}

#[tokio::test]
async fn bad_requests_get_dataverse_error_json() {
    let app = emulator();
    let cases = [
        (
            "GET",
            format!("{CONTOSO}/organizations?$select=nosuchcolumn"),
            None,
            StatusCode::BAD_REQUEST,
            "0x80060888",
            "nosuchcolumn",
        ),
        (
            "GET",
            format!("{CONTOSO}/nosuchset"),
            None,
            StatusCode::NOT_FOUND,
            "0x8006088a",
            "nosuchset",
        ),
        (
            "GET",
            "/dataverse/nosuchorg/api/data/v9.2/organizations".to_owned(),
            None,
            StatusCode::NOT_FOUND,
            "0x80040217",
            "nosuchorg",
        ),
        (
            "PATCH",
            format!("{CONTOSO}/organizations({CONTOSO_ORG})"),
            Some(json!({"ismsteamscollaborationenabled": "yes"})),
            StatusCode::BAD_REQUEST,
            "0x80048d19",
            "boolean",
        ),
        (
            "PATCH",
            format!("{CONTOSO}/organizations({CONTOSO_ORG})"),
            Some(json!({"nosuchcolumn": true})),
            StatusCode::BAD_REQUEST,
            "0x80060888",
            "nosuchcolumn",
        ),
        (
            "PATCH",
            format!("{CONTOSO}/organizations({CONTOSO_ORG})"),
            Some(json!([1, 2])),
            StatusCode::BAD_REQUEST,
            "0x80048d19",
            "object",
        ),
        (
            "PATCH",
            format!("{CONTOSO}/organizations"),
            Some(json!({})),
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            "PATCH",
        ),
        (
            "PATCH",
            format!("{CONTOSO}/msdyn_msteamssettingsv2({CONTOSO_ORG})"),
            Some(json!({"msdyn_embedcollabteamsintegrationenabled": true})),
            StatusCode::NOT_FOUND,
            "0x80040217",
            CONTOSO_ORG,
        ),
    ];
    for (method, uri, body, status, code, mentions) in cases {
        let answer = call(&app, method, &uri, body).await;
        assert_eq!(answer.status, status, "{method} {uri}: {}", answer.text());
        let error = &answer.json()["error"];
        assert_eq!(error["code"], code, "{method} {uri}");
        assert!(
            error["message"].as_str().unwrap().contains(mentions),
            "{method} {uri}: {error}"
        );
    }
    let adele = token(&app, "adele@contoso.com", "contoso").await;
    let request = Request::patch(format!("{CONTOSO}/organizations({CONTOSO_ORG})"))
        .header("Content-Type", "application/json")
        .header("Authorization", format!("Bearer {adele}"))
        .body(Body::from("{not json"))
        .unwrap();
    let answer = send(&app, request).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["error"]["code"], "0x80048d19");
}

#[tokio::test]
async fn consent_is_the_tenants_and_the_switch_is_the_instances() {
    let app = emulator();
    let off = call(
        &app,
        "PATCH",
        &format!("{CONTOSO}/organizations({CONTOSO_ORG})"),
        Some(json!({"ismsteamscollaborationenabled": false})),
    )
    .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text());
    assert!(off.headers["odata-entityid"]
        .to_str()
        .unwrap()
        .ends_with(&format!("organizations({CONTOSO_ORG})")));
    // Both instances belong to the demo tenant.
    assert_eq!(consent(&app, CONTOSO).await, false);
    assert_eq!(consent(&app, FABRIKAM).await, false);

    let switched = call(
        &app,
        "PATCH",
        &format!(
            "{CONTOSO}/msdyn_msteamssettingsv2({{{}}})",
            CONTOSO_SETTINGS.to_uppercase()
        ),
        Some(json!({"msdyn_embedcollabteamsintegrationenabled": false})),
    )
    .await;
    assert_eq!(
        switched.status,
        StatusCode::NO_CONTENT,
        "GUID keys compare case-insensitively: {}",
        switched.text()
    );
    assert_eq!(switch(&app, CONTOSO).await, false);
    assert_eq!(switch(&app, FABRIKAM).await, false);

    let reset = call(&app, "POST", "/_emulator/reset", None).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(consent(&app, CONTOSO).await, true);
}

#[tokio::test]
async fn test_instances_are_isolated() {
    let app = emulator();
    let created = call(
        &app,
        "POST",
        "/_emulator/instances",
        Some(json!({"tenantConsent": false, "instanceEnabled": true})),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let url = created.json()["dataverseUrl"].as_str().unwrap().to_owned();
    let base = format!("{url}/api/data/v9.2");
    assert_eq!(consent(&app, &base).await, false);
    assert_eq!(switch(&app, &base).await, true);
    assert_eq!(consent(&app, CONTOSO).await, true);
    let bad = call(
        &app,
        "POST",
        "/_emulator/instances",
        Some(json!({"tenantConsnet": false})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn faults_answer_the_next_matching_requests_then_stop() {
    let app = emulator();
    let path = format!("{CONTOSO}/organizations?$select=ismsteamscollaborationenabled");
    let added = call(&app, "POST", "/_emulator/faults", Some(json!({"method": "GET", "path": "/dataverse/contoso/api/data/v9.2/organizations", "status": 500}))).await;
    assert_eq!(added.status, StatusCode::CREATED);
    let failed = call(&app, "GET", &path, None).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(failed.json()["error"]["code"].is_string());
    assert_eq!(
        failed.headers["access-control-allow-origin"], "http://127.0.0.1:9000",
        "faults carry CORS too"
    );
    assert_eq!(call(&app, "GET", &path, None).await.status, StatusCode::OK);

    call(&app, "POST", "/_emulator/faults", Some(json!({"path": "msdyn_msteamssettingsv2", "status": 200, "body": "{\"value\": [", "count": 2}))).await;
    let settings = format!("{CONTOSO}/msdyn_msteamssettingsv2");
    for _ in 0..2 {
        let malformed = call(&app, "GET", &settings, None).await;
        assert_eq!(malformed.status, StatusCode::OK);
        assert!(serde_json::from_str::<Value>(&malformed.text()).is_err());
    }
    // Another path was never affected, and the fault is used up.
    assert_eq!(call(&app, "GET", &path, None).await.status, StatusCode::OK);
    assert_eq!(
        call(&app, "GET", &settings, None).await.status,
        StatusCode::OK
    );

    // A path ending in `$` is anchored: it spares the longer path and hits the exact one.
    let added = call(
        &app,
        "POST",
        "/_emulator/faults",
        Some(json!({"path": "/api/data/v9.2/organizations$", "status": 503})),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED);
    assert_eq!(
        call(&app, "GET", &settings, None).await.status,
        StatusCode::OK
    );
    let longer = format!("{CONTOSO}/organizations(00000000-0000-0000-0000-000000000001)");
    assert_eq!(
        call(&app, "GET", &longer, None).await.status,
        StatusCode::NOT_FOUND,
        "the longer path is spared and reaches the emulator"
    );
    let anchored = call(&app, "GET", &path, None).await;
    assert_eq!(
        anchored.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        anchored.text()
    );
}

#[tokio::test]
async fn cors_mirrors_the_origin_with_credentials() {
    let app = emulator();
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri(format!("{CONTOSO}/organizations"))
        .header("Origin", "http://127.0.0.1:9000")
        .header("Access-Control-Request-Method", "GET")
        .header(
            "Access-Control-Request-Headers",
            "authorization,odata-version,odata-maxversion,accept",
        )
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, preflight).await;
    assert!(answer.status.is_success());
    assert_eq!(
        answer.headers["access-control-allow-origin"],
        "http://127.0.0.1:9000"
    );
    assert_eq!(answer.headers["access-control-allow-credentials"], "true");
    let allowed = answer.headers["access-control-allow-headers"]
        .to_str()
        .unwrap();
    for needed in ["authorization", "odata-version", "odata-maxversion"] {
        assert!(allowed.contains(needed), "{allowed}");
    }
    let read = call(&app, "GET", &format!("{CONTOSO}/organizations"), None).await;
    assert_eq!(
        read.headers["access-control-allow-origin"],
        "http://127.0.0.1:9000"
    );
}

#[tokio::test]
async fn over_a_real_socket() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = emulator();
    let megan = token(&app, "megan@contoso.com", "contoso").await;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET {CONTOSO}/msdyn_msteamssettingsv2?$select=msdyn_embedcollabteamsintegrationenabled HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://127.0.0.1:9000\r\nAuthorization: Bearer {megan}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head
        .to_ascii_lowercase()
        .contains("access-control-allow-origin: http://127.0.0.1:9000"));
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body["value"][0]["msdyn_embedcollabteamsintegrationenabled"],
        true
    );
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .starts_with(&format!("http://{addr}/")));
    server.abort();
}

#[tokio::test]
async fn the_database_persists_on_disk() {
    let dir = std::env::temp_dir().join(format!("tc-emulator-{}", std::process::id()));
    let path = dir.join("nested/emulator.sqlite");
    let path = path.to_str().unwrap();
    {
        let app = app(common::state_at(path));
        let off = call(
            &app,
            "PATCH",
            &format!("{CONTOSO}/msdyn_msteamssettingsv2({CONTOSO_SETTINGS})"),
            Some(json!({"msdyn_embedcollabteamsintegrationenabled": false})),
        )
        .await;
        assert_eq!(off.status, StatusCode::NO_CONTENT);
    }
    let app = app(common::state_at(path));
    assert_eq!(switch(&app, CONTOSO).await, false);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn static_files_and_unknown_paths() {
    let app = emulator();
    let index = call(&app, "GET", "/", None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text().contains("<html"), "the demo page at /");
    let unknown = call(&app, "GET", "/no-such-file.js", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "not the page");
    let graph = call(&app, "GET", "/graph/v1.0/nothing-here", None).await;
    assert_eq!(
        graph.status,
        StatusCode::BAD_REQUEST,
        "Graph's own error, not the page"
    );
    assert_eq!(graph.json()["error"]["code"], "BadRequest");
}
