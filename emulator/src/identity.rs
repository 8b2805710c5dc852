//! An Entra-shaped token endpoint: `POST /{tenant}/oauth2/v2.0/token` with `grant_type=password`
//! (a demo user, delegated scopes) or `client_credentials` (the background service, application
//! permissions). Tokens are opaque, carry one audience, and expire by the emulator clock.

use crate::state::AppState;
use crate::{clock, graph};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use std::collections::HashMap;

/// The demo application's client id (the CRM's Teams collaboration app).
pub const DEMO_APP_ID: &str = "c9a559d2-7aab-4f13-a6ed-e7e9c52aec87";
/// The background service's client id and secret (application permissions).
pub const SERVICE_APP_ID: &str = "5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e";
/// The background service's secret.
pub const SERVICE_SECRET: &str = "demo-service-secret";
/// Seconds a token lives.
pub const LIFETIME: i64 = 3599;

/// The delegated Graph permissions the demo app was granted at consent.
pub const DELEGATED_GRAPH: &[&str] = &[
    "Chat.ReadWrite.All",
    "Directory.Read.All",
    "Presence.Read.All",
    "User.ReadBasic.All",
    "Team.Create",
    "Channel.Create",
    "Files.Read.All",
];
/// The application permissions of the background service.
pub const APPLICATION_GRAPH: &[&str] = &["User.Read.All"];

/// `POST /{tenant}/oauth2/v2.0/token`.
pub async fn token(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let conn = state.db();
    match issue(&conn, &tenant, &form) {
        Ok(body) => (StatusCode::OK, Json(body)).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The id of a tenant named by id or by a verified domain of its users.
pub fn resolve_tenant(conn: &Connection, named: &str) -> Option<String> {
    conn.query_row(
        "SELECT t.id FROM tenants t WHERE t.id = ?1 COLLATE NOCASE
            OR EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = t.id AND u.user_principal_name LIKE '%@' || ?1)",
        params![named],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

fn issue(
    conn: &Connection,
    tenant: &str,
    form: &HashMap<String, String>,
) -> Result<serde_json::Value, EntraError> {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let client_id = field("client_id");
    if !["password", "client_credentials"].contains(&field("grant_type")) {
        return Err(EntraError::new(
            "unsupported_grant_type",
            70003,
            &format!(
                "The app requested an unsupported grant type '{}'.",
                field("grant_type")
            ),
        ));
    }
    let (audience, requested) = parse_scope(field("scope"))?;
    let (tenant_id, user_id, granted): (String, Option<String>, Vec<&str>) = match field(
        "grant_type",
    ) {
        "password" => {
            if client_id != DEMO_APP_ID {
                return Err(EntraError::unknown_client(client_id));
            }
            let found = conn
                .query_row(
                    "SELECT id, tenant_id, password FROM users WHERE user_principal_name = ?1",
                    params![field("username")],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                        ))
                    },
                )
                .optional()
                .map_err(EntraError::internal)?;
            let Some((user, user_tenant, password)) = found else {
                return Err(EntraError::grant(
                    50034,
                    "The user account does not exist in this directory.",
                ));
            };
            if password != field("password") {
                return Err(EntraError::grant(
                    50126,
                    "Error validating credentials due to invalid username or password.",
                ));
            }
            if !tenant_matches(conn, tenant, &user_tenant) {
                return Err(EntraError::grant(50020, "The user account is from an external identity provider and does not exist in this tenant."));
            }
            let granted = if audience == graph::AUDIENCE {
                DELEGATED_GRAPH.to_vec()
            } else {
                vec!["user_impersonation"]
            };
            (user_tenant, Some(user), granted)
        }
        "client_credentials" => {
            if client_id != SERVICE_APP_ID {
                return Err(EntraError::unknown_client(client_id));
            }
            if field("client_secret") != SERVICE_SECRET {
                return Err(EntraError::new(
                    "invalid_client",
                    7000215,
                    "Invalid client secret provided.",
                ));
            }
            let tenant_id = resolve_tenant(conn, tenant).ok_or_else(|| {
                EntraError::new(
                    "invalid_request",
                    90002,
                    &format!("Tenant '{tenant}' not found."),
                )
            })?;
            if requested.iter().any(|s| s != ".default") {
                return Err(EntraError::new("invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier."));
            }
            (tenant_id, None, APPLICATION_GRAPH.to_vec())
        }
        other => {
            return Err(EntraError::new(
                "unsupported_grant_type",
                70003,
                &format!("The app requested an unsupported grant type '{other}'."),
            ));
        }
    };
    // Until a global administrator consents for the tenant, Entra refuses the app's Graph tokens.
    if audience == graph::AUDIENCE && !consented(conn, &tenant_id) {
        return Err(EntraError::grant(
            65001,
            &format!("The user or administrator has not consented to use the application with ID '{client_id}' named 'Dynamics 365 Microsoft Teams Collaboration Integration'. Send an interactive authorization request for this user and resource."),
        ));
    }
    let scopes: Vec<&str> = if requested.iter().any(|s| s == ".default") {
        granted
    } else {
        for scope in &requested {
            if !granted.contains(&scope.as_str()) {
                return Err(EntraError::grant(65001, &format!("The user or administrator has not consented to use the application with ID '{client_id}' for the scope '{scope}'.")));
            }
        }
        requested.iter().map(String::as_str).collect()
    };
    let token = format!(
        "emu.{}.{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let expires_at = clock::now(conn).timestamp() + LIFETIME;
    conn.execute(
        "INSERT INTO tokens (token, tenant_id, user_id, client_id, audience, scopes, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![token, tenant_id, user_id, client_id, audience, scopes.join(" "), expires_at],
    )
    .map_err(EntraError::internal)?;
    Ok(json!({
        "token_type": "Bearer",
        "scope": scopes.iter().map(|s| if audience == graph::AUDIENCE && *s != "user_impersonation" { format!("{}/{s}", graph::AUDIENCE) } else { format!("{audience}/{s}") }).collect::<Vec<_>>().join(" "),
        "expires_in": LIFETIME,
        "ext_expires_in": LIFETIME,
        "access_token": token,
    }))
}

/// Splits `scope` into one audience and the permissions asked for (`.default` for all granted).
/// `https://graph.microsoft.com/.default`, bare Graph scopes (`Chat.Read`), and
/// `<origin>/dataverse/<instance>/.default` (audience `dataverse/<instance>`) are understood.
fn parse_scope(scope: &str) -> Result<(String, Vec<String>), EntraError> {
    let mut audience: Option<String> = None;
    let mut permissions = Vec::new();
    for part in scope.split_whitespace() {
        if ["openid", "profile", "offline_access", "email"].contains(&part) {
            continue;
        }
        let (resource, permission) = match part.rsplit_once('/') {
            Some((resource, permission)) => (resource.to_owned(), permission.to_owned()),
            None => (graph::AUDIENCE.to_owned(), part.to_owned()),
        };
        let resource = match resource.split_once("/dataverse/") {
            Some((_, instance)) => format!("dataverse/{}", instance.trim_end_matches('/')),
            None if resource == graph::AUDIENCE
                || resource == "https://graph.microsoft.com/v1.0" =>
            {
                graph::AUDIENCE.to_owned()
            }
            None => {
                return Err(EntraError::new(
                    "invalid_resource",
                    500011,
                    &format!(
                        "The resource principal named {resource} was not found in the tenant."
                    ),
                ))
            }
        };
        if audience.as_ref().is_some_and(|a| *a != resource) {
            return Err(EntraError::new("invalid_request", 28000, "Provided value for the input parameter scope is not valid because it contains more than one resource."));
        }
        audience = Some(resource);
        permissions.push(permission);
    }
    let audience = audience.ok_or_else(|| {
        EntraError::new(
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.",
        )
    })?;
    Ok((audience, permissions))
}

/// A tenant named by id or by a verified domain (or `organizations`/`common` for any).
fn tenant_matches(conn: &Connection, named: &str, actual: &str) -> bool {
    ["organizations", "common"].contains(&named)
        || resolve_tenant(conn, named).as_deref() == Some(actual)
}

fn consented(conn: &Connection, tenant: &str) -> bool {
    conn.query_row(
        "SELECT teams_consent FROM tenants WHERE id = ?1",
        params![tenant],
        |r| r.get(0),
    )
    .unwrap_or(false)
}

/// Entra's OAuth error JSON: `{"error","error_description","error_codes",...}`, status 400.
#[derive(Debug)]
pub struct EntraError {
    error: &'static str,
    code: u32,
    description: String,
}

impl EntraError {
    fn new(error: &'static str, code: u32, description: &str) -> Self {
        Self {
            error,
            code,
            description: description.to_owned(),
        }
    }

    fn grant(code: u32, description: &str) -> Self {
        Self::new("invalid_grant", code, description)
    }

    fn unknown_client(client_id: &str) -> Self {
        Self::new(
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory."),
        )
    }

    fn internal(error: rusqlite::Error) -> Self {
        Self::new(
            "server_error",
            90033,
            &format!("A transient error has occurred: {error}"),
        )
    }
}

impl IntoResponse for EntraError {
    fn into_response(self) -> Response {
        let trace = uuid::Uuid::new_v4().to_string();
        let now = chrono::Utc::now();
        let status = if self.error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        (
            status,
            Json(json!({
                "error": self.error,
                "error_description": format!("AADSTS{}: {}\r\nTrace ID: {trace}\r\nCorrelation ID: {trace}\r\nTimestamp: {}", self.code, self.description, now.format("%Y-%m-%d %H:%M:%SZ")),
                "error_codes": [self.code],
                "timestamp": now.format("%Y-%m-%d %H:%M:%SZ").to_string(),
                "trace_id": trace,
                "correlation_id": trace,
            })),
        )
            .into_response()
    }
}
