//! Dataverse Web API v9.2, one path per CRM instance: `/dataverse/<instance>/api/data/v9.2/...`.
//!
//! Callers are identified by a bearer token for the instance or by the session cookie that
//! `POST /dataverse/<instance>/session` sets (the stand-in for a web resource's own session);
//! anyone else gets Dataverse's 401. Tables other than the two flags are JSON rows with the Web
//! API's own property names, queried with `$select`, `$filter`, `$top` and `$orderby`.

mod answer;
pub mod chat_settings;
mod flags;
pub mod odata;
mod principal;
mod session;
pub mod store;
mod tables;

pub use principal::{Principal, SESSION_COOKIE};
pub use session::{end_session, start_session};

use crate::error::DataverseError;
use crate::state::AppState;
use answer::method_not_allowed;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use std::collections::HashMap;

/// The Web API routes of one instance; `nest` them under `/dataverse/{instance}/api/data/v9.2`.
pub fn router() -> Router<AppState> {
    Router::new().route("/{*path}", any(dispatch))
}

/// Sends a Web API request to the flags, a function or the other tables' rows.
async fn dispatch(
    State(state): State<AppState>,
    method: Method,
    Path((instance, path)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    // A Result, so that a body that cannot be read is refused before the caller is checked.
    principal: Result<Principal, DataverseError>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, DataverseError> {
    let principal = principal?;
    let first = path.split(['(', '/']).next().unwrap_or("");
    if flags::serves(first) {
        return match method {
            Method::GET => flags::read(&state, &instance, &path, &query, &headers),
            Method::PATCH => flags::update(&state, &principal, &instance, &path, &headers, &body),
            _ => Err(method_not_allowed(&method)),
        };
    }
    let conn = state.db();
    match (method, first) {
        (Method::GET, "WhoAmI") => tables::who_am_i(&conn, &principal, &instance, &headers),
        (Method::GET, "EntityDefinitions") => {
            tables::entity_definition(&conn, &principal, &path, &query, &instance, &headers)
        }
        (Method::GET, "systemusers") if path.contains("RetrievePrincipalAccess") => {
            tables::retrieve_principal_access(&conn, &instance, &path, &query, &headers)
        }
        (Method::GET, "systemusers") if path.contains("RetrieveUserPrivilegeByPrivilegeName") => {
            tables::retrieve_user_privilege(&conn, &instance, &path, &headers)
        }
        (Method::GET, _) => tables::read(&conn, &principal, &instance, &path, &query, &headers),
        (Method::POST, _) => tables::create(&conn, &principal, &instance, &path, &headers, &body),
        (Method::PATCH, _) => tables::update(&conn, &principal, &instance, &path, &headers, &body),
        (Method::DELETE, _) => tables::delete(&conn, &principal, &instance, &path),
        (other, _) => Err(method_not_allowed(&other)),
    }
}
