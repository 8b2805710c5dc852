//! Dataverse Web API v9.2, one path per CRM instance: `/dataverse/<instance>/api/data/v9.2/...`.
//!
//! Callers are identified by a bearer token for the instance or by the session cookie that
//! `POST /dataverse/<instance>/session` sets (the stand-in for a web resource's own session);
//! anyone else gets Dataverse's 401. Tables other than the two flags are JSON rows with the Web
//! API's own property names, queried with `$select`, `$filter`, `$top` and `$orderby`.

mod flags;
pub mod odata;
pub mod store;
mod tables;

use crate::clock;
use crate::error::DataverseError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tc_session";

/// The Web API routes of one instance; `nest` them under `/dataverse/{instance}/api/data/v9.2`.
pub fn router() -> Router<AppState> {
    Router::new().route("/{*path}", any(dispatch))
}

/// Who is calling, as Dataverse knows them in this instance.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The caller's `systemuserid` in this instance.
    pub systemuserid: String,
    /// The caller's Entra object id.
    pub aad_id: String,
    /// The caller's full name.
    pub fullname: String,
    /// Security roles, e.g. "System Administrator".
    pub roles: Vec<String>,
    /// Table privileges, e.g. `prvWritemsdyn_teamschatassociation`.
    pub privileges: Vec<String>,
    /// Whether the caller is a Global Administrator of the tenant.
    pub global_admin: bool,
}

impl Principal {
    /// System Administrators hold every privilege.
    pub fn is_system_administrator(&self) -> bool {
        self.roles.iter().any(|r| r == "System Administrator")
    }

    /// Fails with Dataverse's privilege error unless the caller holds `privilege`.
    pub fn require(&self, privilege: &str) -> Result<(), DataverseError> {
        if self.is_system_administrator()
            || self
                .privileges
                .iter()
                .any(|p| p.eq_ignore_ascii_case(privilege))
        {
            Ok(())
        } else {
            Err(DataverseError::forbidden(&format!(
                "Principal user (Id={}, type=8, roleCount={}) is missing {privilege} privilege.",
                self.systemuserid,
                self.roles.len()
            )))
        }
    }
}

async fn dispatch(
    State(state): State<AppState>,
    method: Method,
    Path((instance, path)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    match route(&state, &method, &instance, &path, &query, &headers, &body) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn route(
    state: &AppState,
    method: &Method,
    instance: &str,
    path: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: &str,
) -> Result<Response, DataverseError> {
    require_instance(&state.db(), instance)?;
    let principal = principal(&state.db(), headers, instance)?;
    let first = path.split(['(', '/']).next().unwrap_or("");
    if flags::serves(first) {
        return match *method {
            Method::GET => flags::read(state, instance, path, query, headers),
            Method::PATCH => flags::update(state, &principal, instance, path, headers, body),
            _ => Err(method_not_allowed(method)),
        };
    }
    let conn = state.db();
    match (method.clone(), first) {
        (Method::GET, "WhoAmI") => tables::who_am_i(&conn, &principal, instance, headers),
        (Method::GET, "EntityDefinitions") => {
            tables::entity_definition(path, query, instance, headers)
        }
        (Method::GET, "systemusers") if path.contains("RetrievePrincipalAccess") => {
            tables::retrieve_principal_access(&conn, instance, path, query, headers)
        }
        (Method::GET, "systemusers") if path.contains("RetrieveUserPrivilegeByPrivilegeName") => {
            tables::retrieve_user_privilege(&conn, instance, path, headers)
        }
        (Method::GET, _) => tables::read(&conn, &principal, instance, path, query, headers),
        (Method::POST, _) => tables::create(&conn, &principal, instance, path, headers, body),
        (Method::PATCH, _) => tables::update(&conn, &principal, instance, path, headers, body),
        (Method::DELETE, _) => tables::delete(&conn, &principal, instance, path),
        (other, _) => Err(method_not_allowed(&other)),
    }
}

/// An unknown instance is a 404 before anything else (a real org would not resolve at all).
fn require_instance(conn: &Connection, instance: &str) -> Result<(), DataverseError> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM instances WHERE name = ?1",
        params![instance],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(DataverseError {
            status: StatusCode::NOT_FOUND,
            code: crate::error::CODE_NOT_FOUND,
            message: format!("The organization '{instance}' does not exist."),
        })
    }
}

fn method_not_allowed(method: &Method) -> DataverseError {
    DataverseError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: crate::error::CODE_ODATA,
        message: format!("The requested resource does not support http method '{method}'."),
    }
}

/// The caller, from a bearer token for this instance or the session cookie; Dataverse's 401
/// (empty body, `WWW-Authenticate`) for anything else.
pub fn principal(
    conn: &Connection,
    headers: &HeaderMap,
    instance: &str,
) -> Result<Principal, DataverseError> {
    let token = bearer(headers)
        .or_else(|| session_cookie(headers))
        .ok_or_else(DataverseError::unauthorized)?;
    let found: Option<(Option<String>, String, i64)> = conn
        .query_row(
            "SELECT user_id, audience, expires_at FROM tokens WHERE token = ?1",
            params![token],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let user = match found {
        Some((Some(user), audience, expires_at))
            if audience == format!("dataverse/{instance}")
                && clock::now(conn).timestamp() < expires_at =>
        {
            user
        }
        _ => return Err(DataverseError::unauthorized()),
    };
    let global_admin: bool = conn
        .query_row(
            "SELECT global_admin FROM users WHERE id = ?1",
            params![user],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    let row = store::systemuser_by_aad(conn, instance, &user)?.ok_or_else(|| {
        DataverseError::forbidden("The user is not a member of the organization.")
    })?;
    let list = |key: &str| -> Vec<String> {
        row.get(key)
            .and_then(Value::as_str)
            .map(|s| {
                s.split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Principal {
        systemuserid: row["systemuserid"].as_str().unwrap_or_default().to_owned(),
        aad_id: user,
        fullname: row["fullname"].as_str().unwrap_or_default().to_owned(),
        roles: list("emulator_roles"),
        privileges: list("emulator_privileges"),
        global_admin,
    })
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_owned())
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// `POST /dataverse/{instance}/session` with a bearer token for the instance: sets the session
/// cookie that stands for a signed-in CRM session (what a web resource inside Dynamics 365 has).
pub async fn start_session(
    State(state): State<AppState>,
    Path(instance): Path<String>,
    headers: HeaderMap,
) -> Result<Response, DataverseError> {
    require_instance(&state.db(), &instance)?;
    let principal = principal(&state.db(), &headers, &instance)?;
    let token = bearer(&headers).ok_or_else(DataverseError::unauthorized)?;
    let cookie =
        format!("{SESSION_COOKIE}={token}; Path=/dataverse/{instance}/; HttpOnly; SameSite=Lax");
    let mut response = (
        StatusCode::OK,
        axum::Json(json!({ "UserId": principal.systemuserid, "fullname": principal.fullname })),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `DELETE /dataverse/{instance}/session`: signs out.
pub async fn end_session(Path(instance): Path<String>) -> Response {
    let cookie = format!(
        "{SESSION_COOKIE}=; Path=/dataverse/{instance}/; HttpOnly; SameSite=Lax; Max-Age=0"
    );
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Splits `set` or `set(<key>)` into the set name and the key (braces and case ignored).
pub fn split_key(path: &str) -> Result<(&str, Option<String>), DataverseError> {
    let path = path.trim_end_matches('/');
    let (name, key) = match path.split_once('(') {
        Some((name, rest)) => {
            let key = rest
                .strip_suffix(')')
                .ok_or_else(|| DataverseError::segment_not_found(path))?;
            (
                name,
                Some(key.trim_matches(['{', '}']).to_ascii_lowercase()),
            )
        }
        None => (path, None),
    };
    if name.contains('/') || key.as_ref().is_some_and(|k| k.contains('/')) {
        return Err(DataverseError::segment_not_found(path));
    }
    Ok((name, key))
}

/// The absolute Web API root of an instance, as the client reached it.
pub fn base_url(headers: &HeaderMap, instance: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}/dataverse/{instance}/api/data/v9.2")
}

/// A JSON answer with Dataverse's content type and OData version.
pub fn odata_json(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; odata.metadata=minimal"),
            ),
            (
                header::HeaderName::from_static("odata-version"),
                HeaderValue::from_static("4.0"),
            ),
        ],
        body.to_string(),
    )
        .into_response()
}
