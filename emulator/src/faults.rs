//! Injected faults (set through `/_emulator/faults`): the middleware that answers a matching
//! request with the fault's delay, status, body and `Retry-After` instead of the real answer.

use crate::graph::batch::BatchPart;
use crate::state::AppState;
use crate::{error, graph};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection, OptionalExtension};

/// Answers with an injected fault when one matches the request (see `/_emulator/faults`): after
/// its delay, with its status (Graph's or Dataverse's error JSON unless a body was given, and
/// `Retry-After` when set), or, for a delay-only fault (status 0), with the real answer.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/_emulator") || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    // A delay stands for the network: the parts of a `$batch` do not cross it again.
    let batch_part = request.extensions().get::<BatchPart>().is_some();
    let fault = take_fault(&state.db(), request.method().as_str(), &path, batch_part);
    let fault = match fault {
        Ok(Some(fault)) => fault,
        Ok(None) => return next.run(request).await,
        Err(e) => return error::DataverseError::from(e).into_response(),
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(fault.delay_ms)).await;
    }
    if fault.status == 0 {
        return next.run(request).await;
    }
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = fault.body.unwrap_or_else(|| {
        if path.starts_with("/graph/") {
            graph::fault_body(status, graph_code(status)).to_string()
        } else {
            serde_json::json!({"error": {"code": error::CODE_SERVER, "message": "Injected fault."}})
                .to_string()
        }
    });
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if let Some(value) = fault
        .retry_after
        .and_then(|v| HeaderValue::from_str(&v).ok())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Graph's error code for a status.
fn graph_code(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "InvalidAuthenticationToken",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        503 => "ServiceNotAvailable",
        504 => "GatewayTimeout",
        _ => "InternalServerError",
    }
}

/// One use of an injected fault.
struct Fault {
    status: u16,
    body: Option<String>,
    delay_ms: u64,
    retry_after: Option<String>,
}

/// Consumes one use of the oldest fault matching method and path.
fn take_fault(
    conn: &Connection,
    method: &str,
    path: &str,
    batch_part: bool,
) -> rusqlite::Result<Option<Fault>> {
    let found = conn
        .query_row(
            "SELECT id, status, body, delay_ms, retry_after FROM faults
             WHERE remaining > 0 AND (method IS NULL OR method = ?1)
               AND CASE WHEN substr(path, -1) = '$'
                        THEN substr(?2, -(length(path) - 1)) = substr(path, 1, length(path) - 1)
                        ELSE instr(?2, path) > 0 END
               AND NOT (?3 AND status = 0)
             ORDER BY id LIMIT 1",
            params![method, path, batch_part],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    Fault {
                        status: r.get(1)?,
                        body: r.get(2)?,
                        delay_ms: r.get(3)?,
                        retry_after: r.get(4)?,
                    },
                ))
            },
        )
        .optional()?;
    let Some((id, fault)) = found else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE faults SET remaining = remaining - 1 WHERE id = ?1",
        params![id],
    )?;
    Ok(Some(fault))
}
