//! Who calls Graph: the signed-in user or application of a bearer token, as an extractor that
//! answers Graph's 401 for a missing, unknown, foreign or expired token.

use super::answer::{GraphError, GraphResult};
use crate::clock;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use rusqlite::{params, OptionalExtension};

/// The audience of Graph tokens.
pub const AUDIENCE: &str = "https://graph.microsoft.com";

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
