//! The CRM session a web resource inside Dynamics 365 has, stood in for by a cookie:
//! `POST /dataverse/{instance}/session` sets it, `DELETE` clears it.

use super::principal::{bearer, Principal, SESSION_COOKIE};
use crate::error::DataverseError;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `POST /dataverse/{instance}/session` with a bearer token for the instance: sets the session
/// cookie that stands for a signed-in CRM session (what a web resource inside Dynamics 365 has).
pub async fn start_session(
    Path(instance): Path<String>,
    principal: Principal,
    headers: HeaderMap,
) -> Result<Response, DataverseError> {
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
