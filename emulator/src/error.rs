//! Dataverse's error JSON, `{"error":{"code","message"}}`, as one error type.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answered in Dataverse's wire shape.
#[derive(Debug, thiserror::Error)]
#[error("{status}: {message}")]
pub struct DataverseError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Dataverse's hexadecimal error code.
    pub code: &'static str,
    /// The message Dataverse would give.
    pub message: String,
}

/// Dataverse's code for OData errors: an unknown segment or property.
pub const CODE_ODATA: &str = "0x80060888";
/// Dataverse's code for a path segment that names nothing.
pub const CODE_UNKNOWN_SEGMENT: &str = "0x8006088a";
/// Dataverse's code for a row that does not exist.
pub const CODE_NOT_FOUND: &str = "0x80040217";
/// Dataverse's code for a payload it cannot read.
pub const CODE_BAD_PAYLOAD: &str = "0x80048d19";
/// Dataverse's code for a missing privilege (`SecLib::AccessCheckEx failed`).
pub const CODE_PRIVILEGE: &str = "0x80040220";
/// Dataverse's `RequiredFieldMissing`: a create without a SystemRequired column.
pub const CODE_REQUIRED_MISSING: &str = "0x80040200";
/// Dataverse's `StringLengthTooLong`: text longer than its column's MaxLength.
pub const CODE_STRING_TOO_LONG: &str = "0x80044331";
/// Dataverse's `PicklistValueOutOfRange`: a choice value the column does not have.
pub const CODE_PICKLIST_RANGE: &str = "0x8004431a";
/// Dataverse's code for an unexpected server error.
pub const CODE_SERVER: &str = "0x80040216";

impl DataverseError {
    /// A 404 for a path segment that names no entity set or function.
    pub fn segment_not_found(segment: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: CODE_UNKNOWN_SEGMENT,
            message: format!("Resource not found for the segment '{segment}'."),
        }
    }

    /// A 400 for a `$select` or body property the entity does not have.
    pub fn unknown_property(property: &str, entity: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: CODE_ODATA,
            message: format!(
                "Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.{entity}'."
            ),
        }
    }

    /// A 404 for a row id that does not exist.
    pub fn row_not_found(entity: &str, id: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: CODE_NOT_FOUND,
            message: format!("Entity '{entity}' With Id = {id} Does Not Exist"),
        }
    }

    /// A 404 for an instance (organization) that does not exist.
    pub fn organization_not_found(name: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            code: CODE_NOT_FOUND,
            message: format!("The organization '{name}' does not exist."),
        }
    }

    /// A 400 for a body that is not the JSON the entity takes.
    pub fn bad_payload(detail: impl std::fmt::Display) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: CODE_BAD_PAYLOAD,
            message: format!(
                "Error identified in Payload provided by the user for Entity: {detail}"
            ),
        }
    }

    /// A 400 for a create that leaves out a SystemRequired column (the data service error
    /// codes' `RequiredFieldMissing`, its message as listed there).
    pub fn required_missing() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: CODE_REQUIRED_MISSING,
            message: "Required field missing.".into(),
        }
    }

    /// A 400 for text longer than its column allows (`StringLengthTooLong`).
    pub fn string_too_long() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: CODE_STRING_TOO_LONG,
            message: "A validation error occurred. A string value provided is too long.".into(),
        }
    }

    /// A 400 for a choice value outside the column's options (`PicklistValueOutOfRange`).
    pub fn picklist_out_of_range() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: CODE_PICKLIST_RANGE,
            message: "The picklist value is out of the range.".into(),
        }
    }

    /// A 403 for a missing role or privilege.
    pub fn forbidden(message: &str) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            code: CODE_PRIVILEGE,
            message: message.to_owned(),
        }
    }

    /// A 500 for a failure inside the emulator itself.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: CODE_SERVER,
            message: format!("An unexpected error occurred: {detail}"),
        }
    }
}

impl From<rusqlite::Error> for DataverseError {
    fn from(error: rusqlite::Error) -> Self {
        DataverseError::internal(error)
    }
}

impl DataverseError {
    /// A 401: Dataverse answers it with an empty body and a `WWW-Authenticate` challenge.
    pub fn unauthorized() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            code: "",
            message: String::new(),
        }
    }
}

impl IntoResponse for DataverseError {
    fn into_response(self) -> Response {
        if self.status == StatusCode::UNAUTHORIZED {
            return (
                StatusCode::UNAUTHORIZED,
                [(
                    axum::http::header::WWW_AUTHENTICATE,
                    "Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize",
                )],
            )
                .into_response();
        }
        let body = json!({ "error": { "code": self.code, "message": self.message } });
        (self.status, Json(body)).into_response()
    }
}
