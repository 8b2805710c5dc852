//! Microsoft Graph v1.0, the subset teams-collaborate uses, under `/graph/v1.0`.

pub mod batch;
mod chats;
mod teams;
mod users;

use crate::clock;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

/// The audience of Graph tokens.
pub const AUDIENCE: &str = "https://graph.microsoft.com";

/// The Graph routes; `nest` them under `/graph/v1.0`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(users::me))
        .route("/me/chats", get(chats::list))
        .route("/me/joinedTeams", get(teams::joined))
        .route("/chats", post(chats::create))
        .route("/chats/{chat}", get(chats::get))
        .route("/chats/{chat}/members", post(chats::add_member))
        .route(
            "/communications/getPresencesByUserId",
            post(users::presences),
        )
        .route("/users", get(users::list))
        .route("/users/{user}/photos/{size}/{value}", get(users::photo))
        .route(
            "/users/{user}/licenseDetails/getTeamsLicensingDetails",
            get(users::teams_licensing),
        )
        .route("/teams", post(teams::create))
        .route("/teams/{team}", get(teams::get))
        .route(
            "/teams/{team}/channels",
            get(teams::channels).post(teams::create_channel),
        )
        .route("/teams/{team}/channels/{channel}", get(teams::channel))
        .route("/teams/{team}/primaryChannel", get(teams::primary_channel))
        .route(
            "/teams/{team}/operations/{operation}",
            get(teams::operation),
        )
        .route("/$batch", post(batch::run))
        .fallback(unknown_segment)
}

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

async fn unknown_segment(request: Request) -> GraphError {
    let path = request.uri().path();
    let segment = path
        .trim_start_matches("/graph/v1.0")
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    GraphError::bad_request(format!("Resource not found for the segment '{segment}'."))
}

/// The signed-in caller of a Graph request, from its bearer token.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The user's id; `None` for an application token.
    pub user_id: Option<String>,
    /// The caller's tenant.
    pub tenant_id: String,
    /// Scopes (delegated) or roles (application) the token carries.
    pub scopes: Vec<String>,
}

impl Caller {
    /// The user of a delegated token; an application token cannot call `/me`-style endpoints.
    pub fn user(&self) -> GraphResult<&str> {
        self.user_id.as_deref().ok_or_else(|| {
            GraphError::bad_request("/me request is only valid with delegated authentication flow.")
        })
    }

    /// Fails with Graph's 403 unless the token carries one of `accepted`.
    pub fn require(&self, accepted: &[&str]) -> GraphResult<()> {
        if accepted
            .iter()
            .any(|scope| self.scopes.iter().any(|s| s == scope))
        {
            return Ok(());
        }
        Err(GraphError::forbidden(format!(
            "Missing scope permissions on the request. API requires one of '{}'. Scopes on the request '{}'",
            accepted.join(", "),
            self.scopes.join(", ")
        )))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = GraphError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> GraphResult<Caller> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| GraphError::unauthenticated("Access token is empty."))?;
        let conn = state.db();
        let row = conn
            .query_row(
                "SELECT tenant_id, user_id, audience, scopes, expires_at FROM tokens WHERE token = ?1",
                params![token],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, i64>(4)?,
                    ))
                },
            )
            .optional()?;
        let Some((tenant_id, user_id, audience, scopes, expires_at)) = row else {
            return Err(GraphError::unauthenticated(
                "IDX14100: JWT is not well formed, there are no dots (.).",
            ));
        };
        if audience != AUDIENCE {
            return Err(GraphError::unauthenticated(
                "Access token validation failure. Invalid audience.",
            ));
        }
        if clock::now(&conn).timestamp() >= expires_at {
            return Err(GraphError::unauthenticated(
                "Lifetime validation failed, the token is expired.",
            ));
        }
        Ok(Caller {
            user_id,
            tenant_id,
            scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        })
    }
}

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

/// Splits `$expand=a,b` into its parts, refusing any outside `allowed`.
pub fn expansions(raw: Option<&String>, allowed: &[&str]) -> GraphResult<Vec<String>> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            if allowed.contains(&part) {
                Ok(part.to_owned())
            } else {
                Err(GraphError::bad_request(format!(
                    "Could not find a navigation property named '{part}' on type 'microsoft.graph.chat'."
                )))
            }
        })
        .collect()
}
