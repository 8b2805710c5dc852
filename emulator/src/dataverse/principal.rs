//! Who calls Dataverse: the caller of an instance, from a bearer token for it or from the
//! session cookie that `POST /dataverse/<instance>/session` sets (the stand-in for a web
//! resource's own session), as an extractor; anyone else gets Dataverse's 401.

use super::store;
use crate::clock;
use crate::error::DataverseError;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::collections::HashMap;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tc_session";

/// Who is calling, as Dataverse knows them in this instance.
#[derive(Clone, Debug)]
pub struct Principal {
    /// The caller's `systemuserid` in this instance.
    pub systemuserid: String,
    /// The caller's Entra object id.
    pub aad_id: String,
    /// The caller's full name.
    pub fullname: String,
    /// Security roles, e.g. "System Administrator".
    pub roles: Vec<String>,
    /// Table privileges, e.g. `prvWritemsdyn_teamschatassociation`.
    pub privileges: Vec<String>,
    /// Whether the caller is a Global Administrator of the tenant.
    pub global_admin: bool,
}

impl Principal {
    /// System Administrators hold every privilege.
    pub fn is_system_administrator(&self) -> bool {
        self.roles.iter().any(|r| r == "System Administrator")
    }

    /// Fails with Dataverse's privilege error unless the caller holds `privilege`.
    pub fn require(&self, privilege: &str) -> Result<(), DataverseError> {
        if self.is_system_administrator()
            || self
                .privileges
                .iter()
                .any(|p| p.eq_ignore_ascii_case(privilege))
        {
            Ok(())
        } else {
            Err(DataverseError::forbidden(&format!(
                "Principal user (Id={}, type=8, roleCount={}) is missing {privilege} privilege.",
                self.systemuserid,
                self.roles.len()
            )))
        }
    }
}

/// The caller of the instance the route's `{instance}` names: an unknown instance is a 404
/// first; then a bearer token for this instance or the session cookie, else Dataverse's 401
/// (empty body, `WWW-Authenticate`); a user who is not in the instance is a 403.
impl FromRequestParts<AppState> for Principal {
    type Rejection = DataverseError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Principal, DataverseError> {
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(DataverseError::internal)?;
        let instance = params
            .get("instance")
            .ok_or_else(|| DataverseError::internal("the route names no instance"))?;
        require_instance(&state.db(), instance)?;
        identify(&state.db(), &parts.headers, instance)
    }
}

/// The bearer token of a request, if it carries one.
pub fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_owned())
}

/// An unknown instance is a 404 before anything else (a real org would not resolve at all).
fn require_instance(conn: &Connection, instance: &str) -> Result<(), DataverseError> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM instances WHERE name = ?1",
        params![instance],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(DataverseError::organization_not_found(instance))
    }
}

/// The caller, from a bearer token for this instance or the session cookie.
fn identify(
    conn: &Connection,
    headers: &HeaderMap,
    instance: &str,
) -> Result<Principal, DataverseError> {
    let token = bearer(headers)
        .or_else(|| session_cookie(headers))
        .ok_or_else(DataverseError::unauthorized)?;
    let found: Option<(Option<String>, String, i64)> = conn
        .query_row(
            "SELECT user_id, audience, expires_at FROM tokens WHERE token = ?1",
            params![token],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let user = match found {
        Some((Some(user), audience, expires_at))
            if audience == format!("dataverse/{instance}")
                && clock::now(conn).timestamp() < expires_at =>
        {
            user
        }
        _ => return Err(DataverseError::unauthorized()),
    };
    let global_admin: bool = conn
        .query_row(
            "SELECT global_admin FROM users WHERE id = ?1",
            params![user],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    let row = store::systemuser_by_aad(conn, instance, &user)?.ok_or_else(|| {
        DataverseError::forbidden("The user is not a member of the organization.")
    })?;
    let list = |key: &str| -> Vec<String> {
        row.get(key)
            .and_then(Value::as_str)
            .map(|s| {
                s.split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Principal {
        systemuserid: row["systemuserid"].as_str().unwrap_or_default().to_owned(),
        aad_id: user,
        fullname: row["fullname"].as_str().unwrap_or_default().to_owned(),
        roles: list("emulator_roles"),
        privileges: list("emulator_privileges"),
        global_admin,
    })
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}
