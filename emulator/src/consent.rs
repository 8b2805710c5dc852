//! Tenant-wide admin consent, as at Entra: `GET /{tenant}/adminconsent?client_id=&redirect_uri=`
//! shows a sign-in page listing the permissions; only a Global Administrator's sign-in consents.
//! Consent records the enterprise application, turns the tenant flag on in every instance, and
//! redirects back with `admin_consent=True`.

use crate::state::AppState;
use crate::wire::{iso, urlencode};
use crate::{clock, identity, suggestions};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

/// The enterprise application's name, as Dynamics 365 registers it.
pub const APP_NAME: &str = "Dynamics 365 Microsoft Teams Collaboration Integration";

/// `GET /{tenant}/adminconsent`: the sign-in and consent page.
pub async fn page(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match check_request(&state, &tenant, &query) {
        Ok(_) => Html(render(&query, None)).into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, Html(render_error(&error))).into_response(),
    }
}

/// `POST /{tenant}/adminconsent`: signs the administrator in and consents for the tenant.
pub async fn submit(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let tenant_id = match check_request(&state, &tenant, &query) {
        Ok(tenant_id) => tenant_id,
        Err(error) => return (StatusCode::BAD_REQUEST, Html(render_error(&error))).into_response(),
    };
    let username = form.get("username").map(String::as_str).unwrap_or("");
    let password = form.get("password").map(String::as_str).unwrap_or("");
    let conn = state.db();
    let user: Option<(String, String, String, bool)> = conn
        .query_row(
            "SELECT id, tenant_id, password, global_admin FROM users WHERE user_principal_name = ?1",
            params![username],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ok()
        .flatten();
    let problem = match &user {
        None => Some("AADSTS50034: The user account does not exist in this directory.".to_owned()),
        Some((_, _, expected, _)) if expected != password => Some("AADSTS50126: Error validating credentials due to invalid username or password.".to_owned()),
        Some((_, user_tenant, _, _)) if *user_tenant != tenant_id => Some("AADSTS50020: The user account is not from this tenant.".to_owned()),
        Some((_, _, _, false)) => Some(format!("AADSTS90094: The grant requires admin permission. Only a Global Administrator can consent to {APP_NAME} for the whole organization.")),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        return (StatusCode::OK, Html(render(&query, Some(&problem)))).into_response();
    }
    let (admin, _, _, _) = user.unwrap_or_default();
    let now = iso(clock::now(&conn));
    let granted = identity::DELEGATED_GRAPH
        .iter()
        .map(|p| format!("Delegated {p}"))
        .chain(
            identity::APPLICATION_GRAPH
                .iter()
                .map(|p| format!("Application {p}")),
        )
        .collect::<Vec<_>>()
        .join(", ");
    let stored = conn
        .execute("UPDATE tenants SET teams_consent = 1 WHERE id = ?1", params![tenant_id])
        .and_then(|_| {
            conn.execute(
                "INSERT INTO enterprise_apps (tenant_id, app_id, name, permissions, consented, consented_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (tenant_id, app_id) DO UPDATE SET permissions = excluded.permissions, consented = excluded.consented, consented_by = excluded.consented_by",
                params![tenant_id, identity::DEMO_APP_ID, APP_NAME, granted, now, admin],
            )
        })
        .and_then(|_| suggestions::enqueue_tenant(&conn, &tenant_id));
    if let Err(e) = stored {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(render_error(&format!("AADSTS90033: {e}"))),
        )
            .into_response();
    }
    let redirect = query.get("redirect_uri").cloned().unwrap_or_default();
    let separator = if redirect.contains('?') { '&' } else { '?' };
    let mut location = format!("{redirect}{separator}admin_consent=True&tenant={tenant_id}");
    if let Some(state_value) = query.get("state") {
        location.push_str(&format!("&state={}", urlencode(state_value)));
    }
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

/// The tenant id, if the request names the app and a redirect URI Entra would accept.
fn check_request(
    state: &AppState,
    tenant: &str,
    query: &HashMap<String, String>,
) -> Result<String, String> {
    if query.get("client_id").map(String::as_str) != Some(identity::DEMO_APP_ID) {
        return Err(format!(
            "AADSTS700016: Application with identifier '{}' was not found in the directory.",
            query.get("client_id").map(String::as_str).unwrap_or("")
        ));
    }
    let redirect = query.get("redirect_uri").map(String::as_str).unwrap_or("");
    // The app's registered reply URLs: the demo page on this machine.
    if !(redirect.starts_with("http://127.0.0.1:") || redirect.starts_with("http://localhost:")) {
        return Err("AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.".into());
    }
    identity::resolve_tenant(&state.db(), tenant)
        .ok_or_else(|| format!("AADSTS90002: Tenant '{tenant}' not found."))
}

fn render(query: &HashMap<String, String>, problem: Option<&str>) -> String {
    let username = query
        .get("login_hint")
        .map(|h| escape(h))
        .unwrap_or_default();
    let permissions: String = identity::DELEGATED_GRAPH
        .iter()
        .map(|p| format!("<li>{} <small>(delegated)</small></li>", escape(p)))
        .chain(
            identity::APPLICATION_GRAPH
                .iter()
                .map(|p| format!("<li>{} <small>(application)</small></li>", escape(p))),
        )
        .collect();
    let error = problem
        .map(|p| format!("<p class=\"error\" role=\"alert\">{}</p>", escape(p)))
        .unwrap_or_default();
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Permissions requested</title>
<style>body{{font:15px "Segoe UI",system-ui,sans-serif;background:#f2f2f2;display:flex;justify-content:center;padding-top:6vh}}
main{{background:#fff;width:440px;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}}h1{{font-size:24px;font-weight:600;margin:0 0 12px}}
label{{display:block;margin-top:12px}}input{{width:100%;box-sizing:border-box;padding:6px 0;border:0;border-bottom:1px solid #666;font:inherit}}
button{{margin-top:20px;background:#0067b8;color:#fff;border:0;padding:8px 32px;font:inherit;cursor:pointer}}.error{{color:#e81123}}small{{color:#666}}</style></head>
<body><main><p>Microsoft (emulated)</p><h1>Permissions requested</h1>
<p><strong>{app}</strong> wants to act for everyone in your organization. Accept for your organization:</p><ul>{permissions}</ul>
<p>Only a Global Administrator can accept.</p>{error}
<form method="post"><label>Email or phone<input name="username" type="email" autocomplete="username" value="{username}" required></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Accept</button></form></main></body></html>"#,
        app = escape(APP_NAME),
    )
}

fn render_error(message: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title></head><body><main><h1>Sorry, but we're having trouble signing you in.</h1><p role=\"alert\">{}</p></main></body></html>", escape(message))
}

/// Text for HTML: nothing a request carries may become markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
