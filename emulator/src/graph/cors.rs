//! Graph's CORS: any origin, no credentials, and a switch for the exposed headers.

use crate::clock;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// CORS as Graph answers browsers: any origin, no credentials; whether `Retry-After` and
/// `Location` are exposed is a switch (`/_emulator/graph-cors`), since Graph's behaviour varied.
pub async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        let mut response = StatusCode::OK.into_response();
        let headers = response.headers_mut();
        headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
        headers.insert(
            "access-control-allow-methods",
            HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
        );
        let requested = request
            .headers()
            .get("access-control-request-headers")
            .cloned()
            .unwrap_or(HeaderValue::from_static("authorization, content-type"));
        headers.insert("access-control-allow-headers", requested);
        headers.insert("access-control-max-age", HeaderValue::from_static("3600"));
        return response;
    }
    let expose_extra =
        clock::setting(&state.db(), "graph_expose_headers").as_deref() != Some("false");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    if let Ok(id) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("request-id", id.clone());
        headers.entry("client-request-id").or_insert(id);
    }
    let exposed = if expose_extra {
        "request-id, client-request-id, Retry-After, Location"
    } else {
        "request-id, client-request-id"
    };
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(exposed),
    );
    response
}
