//! A local stand-in for the parts of Microsoft Graph and Dataverse that teams-collaborate uses,
//! plus the demo page. `app()` builds the whole router, so tests can call it without a socket.

pub mod control;
pub mod dataverse;
pub mod db;
pub mod error;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

/// Shared state: the database and the folders served as static files.
#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<Connection>>,
    www: PathBuf,
    pkg: PathBuf,
}

impl AppState {
    /// State over an open database, serving `www` at `/` and `pkg` at `/pkg/`.
    pub fn new(conn: Connection, www: PathBuf, pkg: PathBuf) -> Self {
        Self {
            db: Arc::new(Mutex::new(conn)),
            www,
            pkg,
        }
    }

    /// The database; a handler that panicked while holding it leaves it usable.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The whole emulator: Dataverse, test controls and static files, with CORS and fault injection.
pub fn app(state: AppState) -> Router {
    let services = Router::new()
        .nest("/dataverse/{instance}/api/data/v9.2", dataverse::router())
        .nest("/_emulator", control::router())
        .layer(middleware::from_fn_with_state(state.clone(), inject_faults))
        .layer(cors());
    // ServeDir answers `/` with index.html and anything unknown with 404, never with the page.
    services
        .nest_service("/pkg", ServeDir::new(&state.pkg))
        .fallback_service(ServeDir::new(&state.www))
        .with_state(state)
}

/// CORS the way Dataverse answers a registered origin: the origin mirrored, with credentials,
/// so the component can call from a test page on another port or with a session cookie.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::ACCEPT,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            HeaderName::from_static("odata-version"),
            HeaderName::from_static("odata-maxversion"),
            HeaderName::from_static("prefer"),
        ])
        .expose_headers([
            HeaderName::from_static("odata-entityid"),
            HeaderName::from_static("odata-version"),
        ])
}

/// Answers with an injected fault when one matches the request (see `/_emulator/faults`).
async fn inject_faults(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/_emulator") || request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let fault = take_fault(&state.db(), request.method().as_str(), &path);
    match fault {
        Ok(Some((status, body))) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = body.unwrap_or_else(|| {
                serde_json::json!({"error": {"code": error::CODE_SERVER, "message": "Injected fault."}})
                    .to_string()
            });
            (
                status,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json; odata.metadata=minimal"),
                )],
                body,
            )
                .into_response()
        }
        Ok(None) => next.run(request).await,
        Err(e) => error::DataverseError::from(e).into_response(),
    }
}

/// Consumes one use of the oldest fault matching method and path.
fn take_fault(
    conn: &Connection,
    method: &str,
    path: &str,
) -> rusqlite::Result<Option<(u16, Option<String>)>> {
    let found = conn
        .query_row(
            "SELECT id, status, body FROM faults
             WHERE remaining > 0 AND (method IS NULL OR method = ?1) AND instr(?2, path) > 0
             ORDER BY id LIMIT 1",
            params![method, path],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u16>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((id, status, body)) = found else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE faults SET remaining = remaining - 1 WHERE id = ?1",
        params![id],
    )?;
    Ok(Some((status, body)))
}
