//! How the Web API answers: JSON with Dataverse's content type and OData version, the
//! instance's absolute root for `@odata.context` and `OData-EntityId`, and its 405.

use crate::error::{DataverseError, CODE_ODATA};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

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

/// Dataverse's 405 for a method the resource does not take.
pub fn method_not_allowed(method: &Method) -> DataverseError {
    DataverseError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: CODE_ODATA,
        message: format!("The requested resource does not support http method '{method}'."),
    }
}
