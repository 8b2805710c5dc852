//! What the Web API's handlers share: JSON answers with Dataverse's content type and OData
//! version, single entities, the 204 that names a written row, the instance's absolute root for
//! `@odata.context` and `OData-EntityId`, the 405, and reading a body as a JSON object.

use crate::error::{DataverseError, CODE_ODATA};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

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

/// One entity as the Web API shows it: its properties and their `@odata.context`.
pub fn entity(context: String, properties: Map<String, Value>) -> Value {
    let mut body = Map::new();
    body.insert("@odata.context".into(), json!(context));
    body.extend(properties);
    Value::Object(body)
}

/// A 204 whose `OData-EntityId` names the row written.
pub fn no_content(entity_id: &str) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(entity_id) {
        response.headers_mut().insert("OData-EntityId", value);
    }
    response
}

/// A request body as the JSON object an entity takes; Dataverse's 400 otherwise.
pub fn json_object(body: &str) -> Result<Map<String, Value>, DataverseError> {
    match serde_json::from_str(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(DataverseError::bad_payload(
            "the body must be a JSON object",
        )),
        Err(e) => Err(DataverseError::bad_payload(e)),
    }
}

/// Dataverse's 405 for a method the resource does not take.
pub fn method_not_allowed(method: &Method) -> DataverseError {
    DataverseError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        code: CODE_ODATA,
        message: format!("The requested resource does not support http method '{method}'."),
    }
}
