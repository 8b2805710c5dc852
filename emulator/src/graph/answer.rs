//! How Graph answers: JSON with the headers Graph sends, its error shape (also for injected
//! faults), and the absolute root for `@odata.context` and next links.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// An error in Graph's wire shape: `{"error":{"code","message","innerError":{...}}}`.
#[derive(Debug)]
pub struct GraphError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Graph's error code, e.g. `InvalidAuthenticationToken`.
    pub code: &'static str,
    /// The message Graph would give.
    pub message: String,
}

/// Results of Graph handlers.
pub type GraphResult<T = Response> = Result<T, GraphError>;

impl GraphError {
    /// A 400 `BadRequest`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// A 404 `NotFound` (or another code, e.g. `ImageNotFound`).
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// A 403 `Forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden", message)
    }

    /// A 401 `InvalidAuthenticationToken`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    /// Any status and code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for GraphError {
    fn from(error: rusqlite::Error) -> Self {
        GraphError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalServerError",
            format!("The emulator failed: {error}"),
        )
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(error_body(self.code, &self.message))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"",
                ),
            );
        }
        response
    }
}

/// Graph's error JSON for a code and message.
pub fn error_body(code: &str, message: &str) -> Value {
    let request_id = uuid::Uuid::new_v4().to_string();
    json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
                "request-id": request_id,
                "client-request-id": request_id,
            }
        }
    })
}

/// The body of an injected Graph fault; a 429 carries the throttling details Graph adds.
pub fn fault_body(status: StatusCode, code: &str) -> Value {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let mut body = error_body(code, "Please retry again later.");
        let inner = &mut body["error"]["innerError"];
        inner["code"] = json!("429");
        inner["status"] = json!("429");
        inner["message"] = json!("Please retry after");
        body
    } else {
        error_body(code, "Injected fault.")
    }
}

/// The absolute Graph root as the client reached it, for `@odata.context` and next links.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}/graph/v1.0")
}

/// A JSON answer with the headers Graph sends with one.
pub fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
                ),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::HeaderName::from_static("odata-version"), HeaderValue::from_static("4.0")),
            (header::HeaderName::from_static("x-ms-resource-unit"), HeaderValue::from_static("1")),
        ],
        body.to_string(),
    )
        .into_response()
}

/// A request body as JSON; Graph's 400 when it is not.
pub fn json_body(body: &str) -> GraphResult<Value> {
    serde_json::from_str(body)
        .map_err(|e| GraphError::bad_request(format!("Invalid request body: {e}")))
}
