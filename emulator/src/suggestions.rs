//! The background service: computes each record's suggested contacts the way the CRM's service
//! does. It signs in with `client_credentials` (application permission User.Read.All), takes the
//! record owner, the users who connected chats to the record and those who logged activities on
//! it (in that order, no duplicates), keeps those Graph says hold a Teams licence, and writes
//! `msdyn_teamschatsuggestions.msdyn_suggestions`. Records are queued when links change.

use crate::dataverse::store;
use crate::state::AppState;
use crate::wire::iso;
use crate::{clock, identity};
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use rusqlite::{params, Connection};
use serde_json::{json, Map, Value};
use tower::ServiceExt;

/// How often the worker looks at the queue.
const POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// Queues a record for recomputation.
pub fn enqueue(
    conn: &Connection,
    instance: &str,
    record_id: &str,
    entity: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO suggestion_queue (instance, record_id, entity) VALUES (?1, ?2, ?3)",
        params![instance, record_id.to_ascii_lowercase(), entity],
    )
    .map(|_| ())
}

/// Queues every record of every instance of a tenant (after consent, or at seeding).
pub fn enqueue_tenant(conn: &Connection, tenant: &str) -> rusqlite::Result<()> {
    let instances: Vec<String> = conn
        .prepare("SELECT name FROM instances WHERE tenant_id = ?1")?
        .query_map(params![tenant], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for instance in instances {
        for table in store::TABLES.iter().filter(|t| t.is_record) {
            for (row, _) in store::rows(conn, &instance, table.set)? {
                if let Some(id) = row.get(table.key).and_then(Value::as_str) {
                    enqueue(conn, &instance, id, table.logical)?;
                }
            }
        }
    }
    Ok(())
}

/// Runs the service for as long as the emulator runs.
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            drain(&state).await;
            tokio::time::sleep(POLL).await;
        }
    });
}

/// Computes every queued record once; returns how many were written.
pub async fn drain(state: &AppState) -> usize {
    let queued: Vec<(String, String, String)> = {
        let conn = state.db();
        let Ok(mut statement) =
            conn.prepare("SELECT instance, record_id, entity FROM suggestion_queue")
        else {
            return 0;
        };
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .unwrap_or_default();
        drop(statement);
        let _ = conn.execute("DELETE FROM suggestion_queue", []);
        rows
    };
    let mut written = 0;
    for (instance, record, _) in queued {
        match compute(state, &instance, &record).await {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(problem) => eprintln!("suggestions for {instance}/{record}: {problem}"),
        }
    }
    written
}

/// Computes one record's suggestions; `Ok(false)` when the record is gone.
async fn compute(state: &AppState, instance: &str, record_id: &str) -> Result<bool, String> {
    let (tenant, candidates) = {
        let conn = state.db();
        let tenant: String = conn
            .query_row(
                "SELECT tenant_id FROM instances WHERE name = ?1",
                params![instance],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        let Some((_, record)) =
            store::find_record(&conn, instance, record_id).map_err(|e| e.to_string())?
        else {
            return Ok(false);
        };
        (
            tenant,
            candidates(&conn, instance, record_id, &record).map_err(|e| e.to_string())?,
        )
    };
    let router = state.router().ok_or("the emulator has no router yet")?;
    let token = app_token(&router, &tenant).await?;
    let mut suggestions = Vec::new();
    for (systemuser, description) in candidates {
        let Some(aad) = systemuser
            .get("azureactivedirectoryobjectid")
            .and_then(Value::as_str)
        else {
            continue;
        };
        if licensed(&router, &token, aad).await? {
            suggestions.push(json!({
                "AADUserId": aad,
                "systemUserId": systemuser["systemuserid"],
                "displayName": systemuser["fullname"],
                "description": description,
            }));
        }
    }
    let conn = state.db();
    let id = suggestion_id(instance, record_id);
    let mut row = Map::new();
    row.insert("msdyn_teamschatsuggestionid".into(), json!(id));
    row.insert("msdyn_regardingobjectid".into(), json!(record_id));
    row.insert(
        "msdyn_name".into(),
        json!(format!("Suggestions for {record_id}")),
    );
    row.insert("msdyn_computedon".into(), json!(iso(clock::now(&conn))));
    row.insert(
        "msdyn_suggestions".into(),
        json!(Value::Array(suggestions).to_string()),
    );
    store::put(&conn, instance, "msdyn_teamschatsuggestions", &id, &row)
        .map_err(|e| e.to_string())?;
    Ok(true)
}

/// Owner, then who connected chats, then who logged activities; first reason wins.
fn candidates(
    conn: &Connection,
    instance: &str,
    record_id: &str,
    record: &Map<String, Value>,
) -> rusqlite::Result<Vec<(Map<String, Value>, &'static str)>> {
    let mut ordered: Vec<(String, &'static str)> = Vec::new();
    if let Some(owner) = record.get("_ownerid_value").and_then(Value::as_str) {
        ordered.push((owner.to_owned(), "Record owner"));
    }
    let regarding = |row: &Map<String, Value>, column: &str| {
        row.get(column)
            .and_then(Value::as_str)
            .is_some_and(|r| r.trim_matches(['{', '}']).eq_ignore_ascii_case(record_id))
    };
    for (link, _) in store::rows(conn, instance, "msdyn_teamschatassociations")? {
        if regarding(&link, "msdyn_regardingobjectid")
            && link.get("msdyn_entityrecordstate").and_then(Value::as_i64) == Some(0)
        {
            if let Some(by) = link.get("_createdby_value").and_then(Value::as_str) {
                ordered.push((by.to_owned(), "Connected a chat to this record"));
            }
        }
    }
    for (activity, _) in store::rows(conn, instance, "activitypointers")? {
        if regarding(&activity, "_regardingobjectid_value") {
            if let Some(by) = activity.get("_createdby_value").and_then(Value::as_str) {
                ordered.push((by.to_owned(), "Logged an activity on this record"));
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    let mut people = Vec::new();
    for (systemuserid, reason) in ordered {
        let key = systemuserid.to_ascii_lowercase();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if let Some((user, _)) = store::row(conn, instance, "systemusers", &systemuserid)? {
            people.push((user, reason));
        }
    }
    Ok(people)
}

/// Signs in as the service through the emulator's own token endpoint.
async fn app_token(router: &axum::Router, tenant: &str) -> Result<String, String> {
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
        identity::SERVICE_APP_ID,
        identity::SERVICE_SECRET
    );
    let request = Request::post(format!("/{tenant}/oauth2/v2.0/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .map_err(|e| e.to_string())?;
    let (status, body) = call(router, request).await?;
    body.get("access_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "the service could not sign in ({status}): {}",
                body.get("error_description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
            )
        })
}

/// Asks Graph whether a user holds a Teams licence.
async fn licensed(router: &axum::Router, token: &str, aad: &str) -> Result<bool, String> {
    let request = Request::get(format!(
        "/graph/v1.0/users/{aad}/licenseDetails/getTeamsLicensingDetails"
    ))
    .header("Authorization", format!("Bearer {token}"))
    .body(Body::empty())
    .map_err(|e| e.to_string())?;
    let (status, body) = call(router, request).await?;
    match status {
        200 => Ok(body
            .get("hasTeamsLicense")
            .and_then(Value::as_bool)
            .unwrap_or(false)),
        // A user Graph does not know cannot be suggested.
        404 => Ok(false),
        other => Err(format!("the licensing check answered {other}")),
    }
}

async fn call(router: &axum::Router, request: Request<Body>) -> Result<(u16, Value), String> {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// The suggestion row of a record: one per record and instance.
fn suggestion_id(instance: &str, record_id: &str) -> String {
    let hash = format!("{instance}/{record_id}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    format!(
        "eeeeeeee-{:04x}-4000-8000-{:012x}",
        (hash >> 48) as u16,
        hash & 0xffff_ffff_ffff
    )
}
