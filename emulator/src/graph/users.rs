//! `/me`, people search, photos, the Teams licensing check and presence.

use super::answer::{base_url, json_response, GraphError, GraphResult};
use super::caller::Caller;
use crate::clock;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::types::FromSql;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The most ids one `getPresencesByUserId` call takes.
pub const MAX_PRESENCE_IDS: usize = 650;
/// What reading another user's photo takes.
const PHOTO_SCOPES: &[&str] = &[
    "User.ReadBasic.All",
    "User.Read.All",
    "Directory.Read.All",
    "ProfilePhoto.Read.All",
    "User.Read",
];
/// Photo sizes Graph serves.
const PHOTO_SIZES: &[&str] = &[
    "48x48", "64x64", "96x96", "120x120", "240x240", "360x360", "432x432", "504x504", "648x648",
];

/// Which users a query keeps.
type UserFilter = Box<dyn Fn(&Map<String, Value>) -> bool>;

const USER_COLUMNS: &str = "id, display_name, given_name, surname, mail, user_principal_name, job_title, office_location, mobile_phone, business_phone, preferred_language, user_type";

fn user_json(r: &Row) -> rusqlite::Result<Map<String, Value>> {
    let business: Option<String> = r.get(9)?;
    let mut user = Map::new();
    user.insert(
        "businessPhones".into(),
        json!(business.into_iter().collect::<Vec<_>>()),
    );
    user.insert("displayName".into(), json!(r.get::<_, String>(1)?));
    user.insert("givenName".into(), json!(r.get::<_, Option<String>>(2)?));
    user.insert("jobTitle".into(), json!(r.get::<_, Option<String>>(6)?));
    user.insert("mail".into(), json!(r.get::<_, Option<String>>(4)?));
    user.insert("mobilePhone".into(), json!(r.get::<_, Option<String>>(8)?));
    user.insert(
        "officeLocation".into(),
        json!(r.get::<_, Option<String>>(7)?),
    );
    user.insert(
        "preferredLanguage".into(),
        json!(r.get::<_, Option<String>>(10)?),
    );
    user.insert("surname".into(), json!(r.get::<_, Option<String>>(3)?));
    user.insert("userPrincipalName".into(), json!(r.get::<_, String>(5)?));
    user.insert("userType".into(), json!(r.get::<_, String>(11)?));
    user.insert("id".into(), json!(r.get::<_, String>(0)?));
    Ok(user)
}

/// `GET /me`.
pub async fn me(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> GraphResult {
    caller.require(&[
        "User.Read",
        "User.ReadWrite",
        "User.ReadBasic.All",
        "User.Read.All",
        "Directory.Read.All",
    ])?;
    let id = caller.user()?;
    let conn = state.db();
    let mut user = conn.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        params![id],
        user_json,
    )?;
    user.insert(
        "@odata.context".into(),
        json!(format!("{}/$metadata#users/$entity", base_url(&headers))),
    );
    Ok(json_response(StatusCode::OK, Value::Object(user)))
}

/// `GET /organization`: the caller's tenant, as List organization answers it (its `id` is the
/// tenant id); `$select` narrows it to the properties named.
pub async fn organization(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> GraphResult {
    caller.require(&["User.Read", "Organization.Read.All", "Directory.Read.All"])?;
    let name: String = state.db().query_row(
        "SELECT name FROM tenants WHERE id = ?1",
        params![caller.tenant_id],
        |r| r.get(0),
    )?;
    let mut org = Map::new();
    org.insert("id".into(), json!(caller.tenant_id));
    org.insert("displayName".into(), json!(name));
    org.insert("tenantType".into(), json!("AAD"));
    if let Some(select) = query.get("$select") {
        let keep: Vec<&str> = select.split(',').map(str::trim).collect();
        org.retain(|key, _| keep.contains(&key.as_str()));
    }
    Ok(json_response(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#organization", base_url(&headers)),
            "value": [org],
        }),
    ))
}

/// `GET /users` with `$search` (needs `ConsistencyLevel: eventual`), `$filter=startswith(...)`,
/// `$select`, `$top` and `$count`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> GraphResult {
    caller.require(&["User.ReadBasic.All", "User.Read.All", "Directory.Read.All"])?;
    let eventual = headers
        .get("consistencylevel")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("eventual"));
    let top: usize = match query.get("$top") {
        Some(top) => top
            .parse()
            .ok()
            .filter(|t| (1..=999).contains(t))
            .ok_or_else(|| {
                GraphError::bad_request(
                    "Invalid page size specified: '$top' must be between 1 and 999.",
                )
            })?,
        None => 100,
    };
    let matcher: UserFilter = if let Some(search) = query.get("$search") {
        if !eventual {
            return Err(GraphError::new(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
            ));
        }
        let terms = parse_search(search)?;
        Box::new(move |user| {
            terms.iter().all(|(property, term)| {
                user.get(property.as_str())
                    .and_then(Value::as_str)
                    .is_some_and(|value| tokens_start_with(value, term))
            })
        })
    } else if let Some(filter) = query.get("$filter") {
        let (property, prefix) = parse_startswith(filter)?;
        Box::new(move |user| {
            user.get(property.as_str())
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_lowercase().starts_with(&prefix))
        })
    } else {
        Box::new(|_| true)
    };
    let conn = state.db();
    let mut statement = conn.prepare(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE tenant_id = ?1 ORDER BY display_name"
    ))?;
    let users: Vec<Map<String, Value>> = statement
        .query_map(params![caller.tenant_id], user_json)?
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|u| matcher(u))
        .collect();
    let count = users.len();
    let select: Option<Vec<String>> = query
        .get("$select")
        .map(|s| s.split(',').map(|p| p.trim().to_owned()).collect());
    let value: Vec<Value> = users
        .into_iter()
        .take(top)
        .map(|mut user| {
            if let Some(select) = &select {
                user.retain(|key, _| select.iter().any(|s| s == key));
            }
            Value::Object(user)
        })
        .collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{}/$metadata#users", base_url(&headers))),
    );
    if query.get("$count").is_some_and(|c| c == "true") {
        if !eventual {
            return Err(GraphError::new(
                StatusCode::BAD_REQUEST,
                "Request_UnsupportedQuery",
                "$count is only supported with the ConsistencyLevel:eventual header.",
            ));
        }
        body.insert("@odata.count".into(), json!(count));
    }
    body.insert("value".into(), Value::Array(value));
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `"displayName:ava" OR "mail:ava"` → (property, lower-case term) pairs; a term without a
/// property searches the display name.
fn parse_search(raw: &str) -> GraphResult<Vec<(String, String)>> {
    let raw = raw.trim();
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| {
            GraphError::bad_request(
                "Syntax error: the $search value must be quoted, e.g. \"displayName:ava\".",
            )
        })?;
    let (property, term) = inner.split_once(':').unwrap_or(("displayName", inner));
    if ![
        "displayName",
        "mail",
        "userPrincipalName",
        "givenName",
        "surname",
        "jobTitle",
    ]
    .contains(&property)
    {
        return Err(GraphError::bad_request(format!(
            "Unsupported property '{property}' in $search."
        )));
    }
    Ok(vec![(property.to_owned(), term.to_lowercase())])
}

/// Graph's `$search` matches the start of any word of the property.
fn tokens_start_with(value: &str, term: &str) -> bool {
    let value = value.to_lowercase();
    value.starts_with(term)
        || value
            .split([' ', '.', '@', '-'])
            .any(|word| word.starts_with(term))
}

/// `startswith(displayName,'a')` → (`displayName`, `a`).
fn parse_startswith(filter: &str) -> GraphResult<(String, String)> {
    let invalid = || GraphError::bad_request(format!("Invalid filter clause: {filter}"));
    let inner = filter
        .trim()
        .strip_prefix("startswith(")
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(invalid)?;
    let (property, literal) = inner.split_once(',').ok_or_else(invalid)?;
    let literal = literal
        .trim()
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .ok_or_else(invalid)?;
    let property = property.trim();
    if ![
        "displayName",
        "mail",
        "userPrincipalName",
        "givenName",
        "surname",
    ]
    .contains(&property)
    {
        return Err(invalid());
    }
    Ok((
        property.to_owned(),
        literal.replace("''", "'").to_lowercase(),
    ))
}

/// `GET /users/{id}/photos/{size}/$value`: the image bytes, or 404 `ImageNotFound`.
pub async fn photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((user, size, value)): Path<(String, String, String)>,
) -> GraphResult {
    caller.require(PHOTO_SCOPES)?;
    if value != "$value" {
        return Err(GraphError::bad_request(format!(
            "Resource not found for the segment '{value}'."
        )));
    }
    if !PHOTO_SIZES.contains(&size.as_str()) {
        return Err(GraphError::not_found(
            "ImageNotFound",
            "The photo wasn't found.",
        ));
    }
    let conn = state.db();
    let photo: Option<Vec<u8>> = user_column(&conn, &caller, &user, "photo")?;
    let sized: bool = user_column(&conn, &caller, &user, "photo_sized")?;
    photo_answer(photo.filter(|_| sized))
}

/// `GET /users/{id}/photo/$value`: the photo as stored, sized variants or not.
pub async fn photo_as_stored(
    State(state): State<AppState>,
    caller: Caller,
    Path((user, value)): Path<(String, String)>,
) -> GraphResult {
    caller.require(PHOTO_SCOPES)?;
    if value != "$value" {
        return Err(GraphError::bad_request(format!(
            "Resource not found for the segment '{value}'."
        )));
    }
    let photo: Option<Vec<u8>> = user_column(&state.db(), &caller, &user, "photo")?;
    photo_answer(photo)
}

/// The image bytes, or Graph's 404 `ImageNotFound`.
fn photo_answer(photo: Option<Vec<u8>>) -> GraphResult {
    match photo {
        None => Err(GraphError::not_found(
            "ImageNotFound",
            "The photo wasn't found.",
        )),
        Some(bytes) => Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, HeaderValue::from_static("image/png"))],
            bytes,
        )
            .into_response()),
    }
}

/// `GET /users/{id}/licenseDetails/getTeamsLicensingDetails`.
pub async fn teams_licensing(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(user): Path<String>,
) -> GraphResult {
    caller.require(&["User.Read.All", "Directory.Read.All", "User.Read"])?;
    let licensed: bool = user_column(&state.db(), &caller, &user, "teams_licensed")?;
    Ok(json_response(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#microsoft.graph.teamsLicensingDetails", base_url(&headers)),
            "hasTeamsLicense": licensed,
        }),
    ))
}

/// The body of `getPresencesByUserId`.
#[derive(serde::Deserialize)]
pub struct PresenceRequest {
    ids: Vec<String>,
}

/// `POST /communications/getPresencesByUserId` for at most 650 ids.
pub async fn presences(
    State(state): State<AppState>,
    caller: Caller,
    body: Result<Json<PresenceRequest>, axum::extract::rejection::JsonRejection>,
) -> GraphResult<Response> {
    caller.require(&["Presence.Read.All"])?;
    let Json(body) =
        body.map_err(|e| GraphError::bad_request(format!("Invalid request body: {e}")))?;
    if body.ids.is_empty() || body.ids.len() > MAX_PRESENCE_IDS {
        return Err(GraphError::bad_request(format!(
            "The number of ids must be between 1 and {MAX_PRESENCE_IDS}, got {}.",
            body.ids.len()
        )));
    }
    let conn = state.db();
    let minute = clock::now(&conn).timestamp() / 60;
    let mut value = Vec::new();
    for id in &body.ids {
        let row = conn
            .query_row(
                "SELECT p.user_id, p.availability, p.activity, p.cycle, p.out_of_office, u.rowid
                 FROM presence p JOIN users u ON u.id = p.user_id
                 WHERE p.user_id = ?1 COLLATE NOCASE AND u.tenant_id = ?2",
                params![id, caller.tenant_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        r.get::<_, bool>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()?;
        let (availability, activity, out_of_office) = match &row {
            Some((_, availability, activity, cycle, ooo, rowid)) if *cycle => {
                let (a, b) = CYCLE[((minute / 2 + rowid) as usize) % CYCLE.len()];
                let _ = (availability, activity);
                (a.to_owned(), b.to_owned(), *ooo)
            }
            Some((_, availability, activity, _, ooo, _)) => {
                (availability.clone(), activity.clone(), *ooo)
            }
            None => (
                "PresenceUnknown".to_owned(),
                "PresenceUnknown".to_owned(),
                false,
            ),
        };
        value.push(json!({
            "id": row.as_ref().map(|r| r.0.clone()).unwrap_or_else(|| id.clone()),
            "availability": availability,
            "activity": activity,
            "outOfOfficeSettings": { "message": null, "isOutOfOffice": out_of_office },
        }));
    }
    Ok(json_response(StatusCode::OK, json!({ "value": value })))
}

/// One column of a user of the caller's tenant (by id, in any case); Graph's 404 when there is
/// no such user.
fn user_column<T: FromSql>(
    conn: &Connection,
    caller: &Caller,
    user: &str,
    column: &str,
) -> GraphResult<T> {
    conn.query_row(
        &format!("SELECT {column} FROM users WHERE id = ?1 COLLATE NOCASE AND tenant_id = ?2"),
        params![user, caller.tenant_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| {
        GraphError::not_found(
            "Request_ResourceNotFound",
            format!("Resource '{user}' does not exist or one of its queried reference-property objects are not present."),
        )
    })
}

/// How presence changes over time for users seeded with `cycle`: a step every two minutes.
const CYCLE: &[(&str, &str)] = &[
    ("Available", "Available"),
    ("Busy", "InACall"),
    ("Available", "Available"),
    ("Away", "Away"),
    ("BeRightBack", "BeRightBack"),
    ("DoNotDisturb", "Presenting"),
];
