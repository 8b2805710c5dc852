//! Test-only controls under `/_emulator`: fresh instances, fault injection, presence, the clock,
//! Graph's CORS switch, the request log, a large tenant for benchmarks, reset, health.

use crate::db;
use crate::error::DataverseError;
use crate::state::AppState;
use crate::wire::iso;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::params;
use serde::Deserialize;
use serde_json::json;

/// The control routes; `nest` them under `/_emulator`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/instances", post(create_instance))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/presence", post(set_presence))
        .route("/clock", post(move_clock))
        .route("/graph-cors", post(graph_cors))
        .route("/folders", post(folders))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/scale", post(scale))
        .route("/activities", post(add_activity))
        .route("/suggestions/run", post(run_suggestions))
        .route("/replies", get(replies_settings).post(set_replies))
        .route("/replies/now", post(reply_now))
        .route("/reset", post(reset))
}

/// The body of `POST /_emulator/instances`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewInstance {
    #[serde(default = "yes")]
    tenant_consent: bool,
    #[serde(default = "yes")]
    instance_enabled: bool,
    /// Whether the instance has the Teams Chat Settings solution (its table and seeded rows).
    #[serde(default = "yes")]
    chat_settings: bool,
}

fn yes() -> bool {
    true
}

/// Creates an instance in a tenant of its own, so a test can flip its flags without touching
/// any other test's; answers `{"instance", "dataverseUrl"}` (the URL relative to the emulator).
async fn create_instance(
    State(state): State<AppState>,
    Json(body): Json<NewInstance>,
) -> Result<impl IntoResponse, DataverseError> {
    let tenant = uuid::Uuid::new_v4().to_string();
    let name = format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let conn = state.db();
    conn.execute(
        "INSERT INTO tenants (id, name, teams_consent) VALUES (?1, ?2, ?3)",
        params![tenant, format!("Test tenant {name}"), body.tenant_consent],
    )?;
    conn.execute(
        "INSERT INTO instances (name, tenant_id, organization_id, organization_name, settings_id, embed_enabled, chat_settings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            name,
            tenant,
            uuid::Uuid::new_v4().to_string(),
            format!("Test {name}"),
            uuid::Uuid::new_v4().to_string(),
            body.instance_enabled,
            body.chat_settings
        ],
    )?;
    let username = crate::seed::tester(&conn, &tenant, &name)?;
    if body.chat_settings {
        crate::seed::chat_settings(&conn, &name, crate::clock::now(&conn))?;
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "instance": name,
            "dataverseUrl": format!("/dataverse/{name}"),
            "tenantId": tenant,
            "username": username,
            "password": crate::seed::DEMO_PASSWORD,
        })),
    ))
}

/// The body of `POST /_emulator/faults`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewFault {
    /// The HTTP method to match; any when absent.
    method: Option<String>,
    /// A substring of the request path to match; ending in `$`, the path must end with it
    /// (`/graph/v1.0/me$` matches `/me` but not `/me/chats`).
    path: String,
    /// The status to answer with; 0 (or absent) with `delayMs` only delays the real answer.
    #[serde(default)]
    status: u16,
    /// Milliseconds to wait before answering.
    #[serde(default)]
    delay_ms: u64,
    /// A `Retry-After` header value, e.g. `"2"` or `"1.5"`.
    retry_after: Option<String>,
    /// The body to answer with; Dataverse's error JSON when absent.
    body: Option<String>,
    /// How many matching requests fail (default 1).
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

/// Makes the next `count` requests matching method and path answer `status` with `body`.
async fn add_fault(
    State(state): State<AppState>,
    Json(fault): Json<NewFault>,
) -> Result<impl IntoResponse, DataverseError> {
    let valid_status = fault.status == 0 || (100..600).contains(&fault.status);
    if !valid_status || fault.path.is_empty() || (fault.status == 0 && fault.delay_ms == 0) {
        return Err(DataverseError::bad_payload(
            "path must be non-empty, and status an HTTP status (or 0 with delayMs)",
        ));
    }
    let conn = state.db();
    conn.execute(
        "INSERT INTO faults (method, path, status, body, remaining, delay_ms, retry_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            fault.method.map(|m| m.to_ascii_uppercase()),
            fault.path,
            fault.status,
            fault.body,
            fault.count,
            fault.delay_ms,
            fault.retry_after
        ],
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": conn.last_insert_rowid() })),
    ))
}

async fn clear_faults(State(state): State<AppState>) -> Result<StatusCode, DataverseError> {
    state.db().execute("DELETE FROM faults", [])?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts the seed back: every instance, tenant and fault made since is gone.
async fn reset(State(state): State<AppState>) -> Result<StatusCode, DataverseError> {
    db::reset(&state.db())?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body of `POST /_emulator/presence`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewPresence {
    user_id: String,
    availability: String,
    activity: String,
}

/// Pins a user's presence (it stops changing with the clock).
async fn set_presence(
    State(state): State<AppState>,
    Json(body): Json<NewPresence>,
) -> Result<StatusCode, DataverseError> {
    let changed = state.db().execute(
        "UPDATE presence SET availability = ?2, activity = ?3, cycle = 0 WHERE user_id = ?1 COLLATE NOCASE",
        params![body.user_id, body.availability, body.activity],
    )?;
    if changed == 0 {
        return Err(DataverseError::row_not_found("user", &body.user_id));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The body of `POST /_emulator/clock`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockMove {
    advance_seconds: i64,
}

/// Moves the emulator clock (token expiry, presence, team creation).
async fn move_clock(
    State(state): State<AppState>,
    Json(body): Json<ClockMove>,
) -> Result<impl IntoResponse, DataverseError> {
    let conn = state.db();
    crate::clock::advance(&conn, body.advance_seconds)?;
    Ok(Json(json!({ "now": iso(crate::clock::now(&conn)) })))
}

/// The body of `POST /_emulator/graph-cors`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GraphCors {
    expose_retry_after_and_location: bool,
}

/// Whether Graph's CORS answers expose `Retry-After` and `Location` (Graph's behaviour varied).
async fn graph_cors(
    State(state): State<AppState>,
    Json(body): Json<GraphCors>,
) -> Result<StatusCode, DataverseError> {
    crate::clock::set_setting(
        &state.db(),
        "graph_expose_headers",
        if body.expose_retry_after_and_location {
            "true"
        } else {
            "false"
        },
    )?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body of `POST /_emulator/folders`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Folders {
    provisioning_seconds: u32,
}

/// How long a new channel's SharePoint folder takes to exist (10 s unless set): tests that
/// create channels but are not about that wait set 0.
async fn folders(
    State(state): State<AppState>,
    Json(body): Json<Folders>,
) -> Result<StatusCode, DataverseError> {
    crate::clock::set_setting(
        &state.db(),
        crate::graph::FOLDER_PROVISIONING_SETTING,
        &body.provisioning_seconds.to_string(),
    )?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /_emulator/requests[?listener=main|batch|spy][&path=substring]`: the request log.
async fn requests(
    State(state): State<AppState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<impl IntoResponse, DataverseError> {
    let conn = state.db();
    let mut statement = conn.prepare(
        "SELECT at, listener, method, path, query, status, headers, body FROM request_log
         WHERE (?1 IS NULL OR listener = ?1) AND (?2 IS NULL OR instr(path, ?2) > 0) ORDER BY id",
    )?;
    let rows = statement
        .query_map(params![query.get("listener"), query.get("path")], |r| {
            let headers: String = r.get(6)?;
            Ok(json!({
                "at": r.get::<_, String>(0)?,
                "listener": r.get::<_, String>(1)?,
                "method": r.get::<_, String>(2)?,
                "path": r.get::<_, String>(3)?,
                "query": r.get::<_, Option<String>>(4)?,
                "status": r.get::<_, u16>(5)?,
                "headers": serde_json::from_str::<serde_json::Value>(&headers).unwrap_or_default(),
                "body": r.get::<_, Option<String>>(7)?,
            }))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(json!({ "value": rows })))
}

async fn clear_requests(State(state): State<AppState>) -> Result<StatusCode, DataverseError> {
    state.db().execute("DELETE FROM request_log", [])?;
    Ok(StatusCode::NO_CONTENT)
}

/// The body of `POST /_emulator/scale`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Scale {
    #[serde(default = "default_chats")]
    chats: u32,
    #[serde(default = "default_people")]
    people: u32,
}

fn default_chats() -> u32 {
    500
}

fn default_people() -> u32 {
    1000
}

/// Grows the demo tenant for benchmarks: `people` more users and `chats` more chats of the demo
/// user (group chats of four, each with one message).
async fn scale(
    State(state): State<AppState>,
    Json(body): Json<Scale>,
) -> Result<impl IntoResponse, DataverseError> {
    if body.chats > 5_000 || body.people > 10_000 {
        return Err(DataverseError::bad_payload(
            "at most 5000 chats and 10000 people",
        ));
    }
    let conn = state.db();
    crate::seed::scale(
        &conn,
        crate::seed::DEMO_TENANT,
        body.people,
        body.chats,
        crate::clock::now(&conn),
    )?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "people": body.people, "chats": body.chats })),
    ))
}

/// The body of `POST /_emulator/activities`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewActivity {
    instance: String,
    record_id: String,
    /// The `systemuserid` of who logged it.
    by: String,
    subject: String,
}

/// Logs an activity on a record (as if a user logged a call) and queues its suggestions.
async fn add_activity(
    State(state): State<AppState>,
    Json(body): Json<NewActivity>,
) -> Result<impl IntoResponse, DataverseError> {
    let conn = state.db();
    let record = body.record_id.to_ascii_lowercase();
    let Some((table, _)) = crate::dataverse::store::find_record(&conn, &body.instance, &record)?
    else {
        return Err(DataverseError::row_not_found("record", &record));
    };
    let id = uuid::Uuid::new_v4().to_string();
    let row = json!({
        "activityid": id, "subject": body.subject, "activitytypecode": "task",
        "_regardingobjectid_value": record, "_createdby_value": body.by.to_ascii_lowercase(),
        "createdon": iso(crate::clock::now(&conn)),
    });
    crate::dataverse::store::put(
        &conn,
        &body.instance,
        "activitypointers",
        &id,
        row.as_object().expect("an object"),
    )?;
    crate::suggestions::enqueue(&conn, &body.instance, &record, table.logical)?;
    Ok((StatusCode::CREATED, Json(json!({ "activityid": id }))))
}

/// Runs the suggestions service over its queue now (tests need not wait for its next round).
async fn run_suggestions(State(state): State<AppState>) -> impl IntoResponse {
    let written = crate::suggestions::drain(&state).await;
    Json(json!({ "written": written }))
}

/// The replies' settings as JSON.
fn replies_json(settings: &crate::replies::Settings) -> serde_json::Value {
    json!({
        "enabled": settings.enabled,
        "everySeconds": settings.every_seconds,
        "nextAt": settings.next_at.and_then(|at| chrono::DateTime::from_timestamp(at, 0)).map(iso),
    })
}

/// `GET /_emulator/replies`: whether other members reply on their own, and how often.
async fn replies_settings(State(state): State<AppState>) -> impl IntoResponse {
    let conn = state.db();
    Json(replies_json(&crate::replies::settings(&state, &conn)))
}

/// The body of `POST /_emulator/replies`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RepliesSwitch {
    enabled: bool,
    every_seconds: Option<i64>,
}

/// Switches the replies on or off (and their pace, in emulator seconds).
async fn set_replies(
    State(state): State<AppState>,
    Json(body): Json<RepliesSwitch>,
) -> Result<impl IntoResponse, DataverseError> {
    if body.every_seconds.is_some_and(|s| s < 1) {
        return Err(DataverseError::bad_payload(
            "everySeconds must be at least 1",
        ));
    }
    let conn = state.db();
    crate::replies::configure(&conn, body.enabled, body.every_seconds)?;
    Ok(Json(replies_json(&crate::replies::settings(&state, &conn))))
}

/// The body of `POST /_emulator/replies/now`; everything optional.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReplyNow {
    chat_id: Option<String>,
    from_user_id: Option<String>,
    text: Option<String>,
}

/// Makes one reply at once (whether replies are on or not): 201 with what was posted.
async fn reply_now(
    State(state): State<AppState>,
    body: Option<Json<ReplyNow>>,
) -> Result<impl IntoResponse, DataverseError> {
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let conn = state.db();
    let reply = crate::replies::reply(
        &conn,
        body.chat_id.as_deref(),
        body.from_user_id.as_deref(),
        body.text.as_deref(),
    )
    .map_err(DataverseError::bad_payload)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "chatId": reply.chat_id,
            "messageId": reply.message_id,
            "fromUserId": reply.from_user_id,
            "text": reply.text,
            "createdDateTime": reply.created,
        })),
    ))
}
