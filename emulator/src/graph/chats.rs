//! Chats: list (`/me/chats`), get, create, add a member.

use super::answer::{base_url, json_body, json_response, GraphError, GraphResult};
use super::caller::Caller;
use crate::clock;
use crate::state::AppState;
use crate::wire::{iso, membership_id, urlencode};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The largest page `$top` may ask for.
pub const MAX_TOP: usize = 50;
/// The page size when `$top` is absent (not documented; 20 is what clients see).
const DEFAULT_TOP: usize = 20;
/// The most members one chat expands.
pub const MAX_EXPANDED_MEMBERS: usize = 25;
const ORDER_BY_LAST_MESSAGE: &str = "lastMessagePreview/createdDateTime desc";
const READ_SCOPES: &[&str] = &[
    "Chat.ReadBasic",
    "Chat.Read",
    "Chat.ReadWrite",
    "Chat.ReadBasic.All",
    "Chat.Read.All",
    "Chat.ReadWrite.All",
];
const WRITE_SCOPES: &[&str] = &["Chat.Create", "Chat.ReadWrite", "Chat.ReadWrite.All"];

/// `GET /me/chats` with `$top`, `$expand=members,lastMessagePreview`, the one `$orderby`, and
/// opaque `$skiptoken` paging through `@odata.nextLink`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    for key in query.keys() {
        if key.starts_with('$')
            && !["$top", "$expand", "$orderby", "$skiptoken"].contains(&key.as_str())
        {
            return Err(GraphError::bad_request(format!(
                "Query option '{key}' is not supported."
            )));
        }
    }
    let top = match query.get("$top") {
        Some(top) => top
            .parse::<usize>()
            .ok()
            .filter(|t| (1..=MAX_TOP).contains(t))
            .ok_or_else(|| {
                GraphError::bad_request(format!(
                    "Invalid page size specified: '{top}'. Must be between 1 and {MAX_TOP}."
                ))
            })?,
        None => DEFAULT_TOP,
    };
    let expand = expansions(query.get("$expand"), &["members", "lastMessagePreview"])?;
    let by_last_message = match query.get("$orderby").map(String::as_str) {
        None => false,
        Some(ORDER_BY_LAST_MESSAGE) => true,
        Some(other) => {
            return Err(GraphError::bad_request(format!(
            "Query option '$orderby={other}' is not supported; only '{ORDER_BY_LAST_MESSAGE}' is."
        )))
        }
    };
    let offset = match query.get("$skiptoken") {
        Some(token) => {
            decode_skiptoken(token).ok_or_else(|| GraphError::bad_request("Invalid skip token."))?
        }
        None => 0,
    };
    let conn = state.db();
    let order = if by_last_message {
        "(SELECT max(m.created) FROM messages m WHERE m.chat_id = c.id) DESC NULLS LAST, c.created DESC"
    } else {
        "c.last_updated DESC"
    };
    let ids: Vec<String> = conn
        .prepare(&format!(
            "SELECT c.id FROM chats c JOIN chat_members cm ON cm.chat_id = c.id AND cm.user_id = ?1 ORDER BY {order}, c.id"
        ))?
        .query_map(params![user], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let base = base_url(&headers);
    let page: Vec<Value> = ids
        .iter()
        .skip(offset)
        .take(top)
        .map(|id| chat_json(&conn, id, &user, &expand).map(Value::Object))
        .collect::<Result<_, _>>()?;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{base}/$metadata#chats{}", context_suffix(&expand))),
    );
    body.insert("@odata.count".into(), json!(page.len()));
    if offset + top < ids.len() {
        let mut link = format!("{base}/me/chats?$top={top}");
        if let Some(expand) = query.get("$expand") {
            link.push_str(&format!("&$expand={expand}"));
        }
        if by_last_message {
            link.push_str(&format!(
                "&$orderby={}",
                ORDER_BY_LAST_MESSAGE.replace(' ', "%20")
            ));
        }
        link.push_str(&format!("&$skiptoken={}", encode_skiptoken(offset + top)));
        body.insert("@odata.nextLink".into(), json!(link));
    }
    body.insert("value".into(), Value::Array(page));
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `GET /chats/{id}` with optional `$expand=members,lastMessagePreview`; a user who is not a
/// member gets the chat's 403 or 404, as Graph answers.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(chat): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    let expand = expansions(query.get("$expand"), &["members", "lastMessagePreview"])?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#chats{}/$entity",
            base_url(&headers),
            context_suffix(&expand)
        )),
    );
    body.extend(chat_json(&conn, &chat, &user, &expand)?);
    if expand.iter().any(|e| e == "lastMessagePreview") {
        body.insert(
            "lastMessagePreview@odata.context".into(),
            json!(format!(
                "{}/$metadata#chats('{}')/lastMessagePreview/$entity",
                base_url(&headers),
                urlencode(&chat)
            )),
        );
    }
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `POST /chats`: a group chat (with an optional topic) or a one-on-one chat; for one-on-one the
/// existing chat of the two people comes back.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: String,
) -> GraphResult {
    caller.require(WRITE_SCOPES)?;
    let user = caller.user()?.to_owned();
    let body = json_body(&body)?;
    let chat_type = body.get("chatType").and_then(Value::as_str).unwrap_or("");
    let topic = body
        .get("topic")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty());
    let members = body
        .get("members")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            GraphError::bad_request(
                "The request must list the chat's members, the caller included.",
            )
        })?;
    let conn = state.db();
    let allowed: bool = conn.query_row(
        "SELECT can_create_chats FROM users WHERE id = ?1",
        params![user],
        |r| r.get(0),
    )?;
    if !allowed {
        return Err(GraphError::forbidden(
            "The user is not allowed to create chats by the Teams messaging policy of the organization.",
        ));
    }
    let mut ids = Vec::new();
    for member in members {
        let id = bound_user(&conn, member, &caller.tenant_id)?;
        require_guest_role(&conn, member, &id)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if !ids.contains(&user) {
        return Err(GraphError::bad_request(
            "The members of the chat must include the caller.",
        ));
    }
    let now = clock::now(&conn);
    let id = match chat_type {
        "oneOnOne" => {
            if topic.is_some() {
                return Err(GraphError::bad_request(
                    "A topic can only be set on a group chat.",
                ));
            }
            if ids.len() != 2 {
                return Err(GraphError::bad_request(
                    "A one-on-one chat has exactly two members.",
                ));
            }
            let (low, high) = if ids[0] <= ids[1] {
                (&ids[0], &ids[1])
            } else {
                (&ids[1], &ids[0])
            };
            let id = format!("19:{low}_{high}@unq.gbl.spaces");
            let exists: bool = conn.query_row(
                "SELECT count(*) > 0 FROM chats WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )?;
            if !exists {
                insert_chat(&conn, &id, "oneOnOne", None, &ids, &caller.tenant_id, now)?;
            }
            id
        }
        "group" => {
            if ids.len() < 2 {
                return Err(GraphError::bad_request(
                    "A group chat needs at least two members.",
                ));
            }
            let id = format!("19:{}@thread.v2", uuid::Uuid::new_v4().simple());
            insert_chat(&conn, &id, "group", topic, &ids, &caller.tenant_id, now)?;
            id
        }
        other => {
            return Err(GraphError::bad_request(format!(
                "chatType must be 'group' or 'oneOnOne', got '{other}'."
            )))
        }
    };
    let (topic, created, updated, kind): (Option<String>, String, String, String) = conn
        .query_row(
            "SELECT topic, created, last_updated, chat_type FROM chats WHERE id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    Ok(json_response(
        StatusCode::CREATED,
        json!({
            "@odata.context": format!("{}/$metadata#chats/$entity", base_url(&headers)),
            "id": id,
            "topic": topic,
            "createdDateTime": created,
            "lastUpdatedDateTime": updated,
            "chatType": kind,
            "webUrl": web_url(&id, &caller.tenant_id),
            "tenantId": caller.tenant_id,
        }),
    ))
}

/// `POST /chats/{id}/members`: 201 with a `Location`, no body.
pub async fn add_member(
    State(state): State<AppState>,
    caller: Caller,
    Path(chat): Path<String>,
    body: String,
) -> GraphResult<Response> {
    caller.require(&[
        "ChatMember.ReadWrite",
        "Chat.ReadWrite",
        "Chat.ReadWrite.All",
    ])?;
    let user = caller.user()?.to_owned();
    let body = json_body(&body)?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let kind: String = conn.query_row(
        "SELECT chat_type FROM chats WHERE id = ?1",
        params![chat],
        |r| r.get(0),
    )?;
    if kind == "oneOnOne" {
        return Err(GraphError::bad_request(
            "Members cannot be added to a one-on-one chat.",
        ));
    }
    let added = bound_user(&conn, &body, &caller.tenant_id)?;
    let membership = membership_id(&chat, &added);
    let now = clock::now(&conn);
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO chat_members (chat_id, user_id, membership_id, roles, added) VALUES (?1, ?2, ?3, 'owner', ?4)",
        params![chat, added, membership, iso(now)],
    )?;
    if inserted > 0 {
        // A membership change: the chat's lastUpdatedDateTime moves (chat.md) and the chat gets
        // Teams' "added" system message (membersAddedEventMessageDetail).
        conn.execute(
            "UPDATE chats SET last_updated = ?2 WHERE id = ?1",
            params![chat, iso(now)],
        )?;
        let history = body
            .get("visibleHistoryStartDateTime")
            .and_then(Value::as_str)
            .unwrap_or("0001-01-01T00:00:00Z");
        let detail = members_added_detail(&conn, &user, &[added.as_str()], history)?;
        crate::messages::insert(
            &conn,
            &crate::messages::NewMessage::event(&chat, detail, now),
        )?;
    }
    let location = format!("/chats({})/members('{}')", chat, membership);
    let mut response = StatusCode::CREATED.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// The chat's JSON as a member sees it, with the requested expansions.
fn chat_json(
    conn: &Connection,
    id: &str,
    viewer: &str,
    expand: &[String],
) -> rusqlite::Result<Map<String, Value>> {
    let (tenant, kind, topic, created, updated, join_url): (String, String, Option<String>, String, String, Option<String>) = conn.query_row(
        "SELECT tenant_id, chat_type, topic, created, last_updated, meeting_join_url FROM chats WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let (hidden, last_read): (bool, Option<String>) = conn
        .query_row(
            "SELECT is_hidden, last_read FROM chat_members WHERE chat_id = ?1 AND user_id = ?2",
            params![id, viewer],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((false, None));
    let mut chat = Map::new();
    chat.insert("id".into(), json!(id));
    chat.insert("topic".into(), json!(topic));
    chat.insert("createdDateTime".into(), json!(created));
    chat.insert("lastUpdatedDateTime".into(), json!(updated));
    chat.insert("chatType".into(), json!(kind));
    chat.insert("webUrl".into(), json!(web_url(id, &tenant)));
    chat.insert("tenantId".into(), json!(tenant));
    chat.insert(
        "onlineMeetingInfo".into(),
        match join_url {
            Some(url) => json!({ "calendarEventId": null, "joinWebUrl": url, "organizer": null }),
            None => Value::Null,
        },
    );
    chat.insert(
        "viewpoint".into(),
        json!({ "isHidden": hidden, "lastMessageReadDateTime": last_read.unwrap_or_else(|| "0001-01-01T00:00:00Z".into()) }),
    );
    chat.insert("isHiddenForAllMembers".into(), json!(false));
    if expand.iter().any(|e| e == "members") {
        chat.insert(
            "members".into(),
            Value::Array(members_json(conn, id, &tenant)?),
        );
    }
    if expand.iter().any(|e| e == "lastMessagePreview") {
        chat.insert("lastMessagePreview".into(), last_message(conn, id)?);
    }
    Ok(chat)
}

fn members_json(conn: &Connection, chat: &str, tenant: &str) -> rusqlite::Result<Vec<Value>> {
    conn.prepare(
        "SELECT cm.membership_id, cm.roles, u.display_name, u.id, u.mail FROM chat_members cm
         JOIN users u ON u.id = cm.user_id WHERE cm.chat_id = ?1 ORDER BY cm.added, u.display_name LIMIT ?2",
    )?
    .query_map(params![chat, MAX_EXPANDED_MEMBERS as i64], |r| {
        let roles: String = r.get(1)?;
        Ok(json!({
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "id": r.get::<_, String>(0)?,
            "roles": roles.split(',').filter(|s| !s.is_empty()).collect::<Vec<_>>(),
            "displayName": r.get::<_, String>(2)?,
            "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
            "userId": r.get::<_, String>(3)?,
            "email": r.get::<_, Option<String>>(4)?,
            "tenantId": tenant,
        }))
    })?
    .collect()
}

fn last_message(conn: &Connection, chat: &str) -> rusqlite::Result<Value> {
    conn.query_row(
        "SELECT m.id, m.created, m.deleted_at IS NOT NULL, m.message_type, m.event_detail, m.content_type, m.content, m.from_user, m.from_name
         FROM messages m
         WHERE m.chat_id = ?1 ORDER BY m.created DESC, CAST(m.id AS INTEGER) DESC LIMIT 1",
        params![chat],
        |r| {
            let deleted: bool = r.get(2)?;
            let detail: Option<String> = r.get(4)?;
            let from: Option<String> = r.get(7)?;
            Ok(json!({
                "id": r.get::<_, String>(0)?,
                "createdDateTime": r.get::<_, String>(1)?,
                "isDeleted": deleted,
                "messageType": r.get::<_, String>(3)?,
                "eventDetail": detail.and_then(|d| serde_json::from_str::<Value>(&d).ok()),
                "body": {
                    "contentType": r.get::<_, String>(5)?,
                    "content": if deleted { String::new() } else { r.get::<_, String>(6)? },
                },
                "from": from.map(|id| json!({
                    "application": null,
                    "device": null,
                    "user": { "id": id, "displayName": r.get::<_, Option<String>>(8).ok().flatten(), "userIdentityType": "aadUser" },
                })),
            }))
        },
    )
    .optional()
    .map(|preview| preview.unwrap_or(Value::Null))
}

/// A membersAddedEventMessageDetail: who added whom (the members' tenant given, their names left
/// null as Graph's samples show), and how much history they see.
pub fn members_added_detail(
    conn: &Connection,
    initiator: &str,
    added: &[&str],
    visible_history_start: &str,
) -> rusqlite::Result<Value> {
    let mut members = Vec::new();
    for id in added {
        let tenant: Option<String> = conn
            .query_row(
                "SELECT tenant_id FROM users WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        members.push(json!({"id": id, "displayName": null, "userIdentityType": "aadUser", "tenantId": tenant}));
    }
    Ok(json!({
        "@odata.type": "#microsoft.graph.membersAddedEventMessageDetail",
        "visibleHistoryStartDateTime": visible_history_start,
        "members": members,
        "initiator": {
            "application": null,
            "device": null,
            "user": {"id": initiator, "displayName": null, "userIdentityType": "aadUser"},
        },
    }))
}

/// Fails unless `user` is a member of `chat`: with the chat's own 403 or 404, or 404 when the
/// chat does not exist.
pub(super) fn require_member(conn: &Connection, chat: &str, user: &str) -> GraphResult<()> {
    let found: Option<(u16, bool)> = conn
        .query_row(
            "SELECT c.nonmember_status, EXISTS (SELECT 1 FROM chat_members cm WHERE cm.chat_id = c.id AND cm.user_id = ?2)
             FROM chats c WHERE c.id = ?1",
            params![chat, user],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((_, true)) => Ok(()),
        Some((403, false)) => Err(GraphError::forbidden("Forbidden")),
        _ => Err(GraphError::not_found(
            "NotFound",
            format!("Chat '{chat}' was not found."),
        )),
    }
}

/// Create chat: "In-tenant guest users must be assigned the guest role" (chat-post.md).
fn require_guest_role(conn: &Connection, member: &Value, user: &str) -> GraphResult<()> {
    let user_type: String = conn.query_row(
        "SELECT user_type FROM users WHERE id = ?1",
        params![user],
        |r| r.get(0),
    )?;
    let roles: Vec<&str> = member
        .get("roles")
        .and_then(Value::as_array)
        .map(|roles| roles.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if user_type == "Guest" && !roles.contains(&"guest") {
        return Err(GraphError::bad_request(format!(
            "User '{user}' is a guest of the tenant and must be added with the 'guest' role."
        )));
    }
    Ok(())
}

/// Resolves `user@odata.bind` (`.../users('id-or-upn')` or `.../users/id`) to a user of the tenant.
fn bound_user(conn: &Connection, member: &Value, tenant: &str) -> GraphResult<String> {
    let bind = member
        .get("user@odata.bind")
        .and_then(Value::as_str)
        .ok_or_else(|| GraphError::bad_request("Each member needs 'user@odata.bind'."))?;
    let key = bind
        .split_once("users('")
        .and_then(|(_, rest)| rest.split_once("')"))
        .map(|(key, _)| key)
        .or_else(|| bind.rsplit_once("users/").map(|(_, key)| key))
        .ok_or_else(|| GraphError::bad_request(format!("Invalid user binding '{bind}'.")))?;
    let found: Option<(String, bool)> = conn
        .query_row(
            "SELECT id, teams_licensed FROM users WHERE (id = ?1 COLLATE NOCASE OR user_principal_name = ?1) AND tenant_id = ?2",
            params![key, tenant],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((id, true)) => Ok(id),
        Some((_, false)) => Err(GraphError::forbidden(format!(
            "User '{key}' does not have a Microsoft Teams license."
        ))),
        None => Err(GraphError::not_found(
            "NotFound",
            format!("User '{key}' was not found."),
        )),
    }
}

fn insert_chat(
    conn: &Connection,
    id: &str,
    kind: &str,
    topic: Option<&str>,
    members: &[String],
    tenant: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO chats (id, tenant_id, chat_type, topic, created, last_updated) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, tenant, kind, topic, iso(now)],
    )?;
    for member in members {
        conn.execute(
            "INSERT INTO chat_members (chat_id, user_id, membership_id, roles, added)
             VALUES (?1, ?2, ?3, CASE (SELECT user_type FROM users WHERE id = ?2) WHEN 'Guest' THEN 'guest' ELSE 'owner' END, ?4)",
            params![id, member, membership_id(id, member), iso(now)],
        )?;
    }
    Ok(())
}

/// The Teams deep link of a chat.
pub fn web_url(id: &str, tenant: &str) -> String {
    format!(
        "https://teams.microsoft.com/l/chat/{}/0?tenantId={tenant}",
        urlencode(id)
    )
}

fn context_suffix(expand: &[String]) -> String {
    if expand.is_empty() {
        String::new()
    } else {
        format!(
            "({})",
            expand
                .iter()
                .map(|e| format!("{e}()"))
                .collect::<Vec<_>>()
                .join(",")
        )
    }
}

fn encode_skiptoken(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{{\"offset\":{offset}}}"))
}

fn decode_skiptoken(token: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    value.get("offset")?.as_u64().map(|o| o as usize)
}

/// Splits `$expand=a,b` into its parts, refusing any outside `allowed`.
fn expansions(raw: Option<&String>, allowed: &[&str]) -> GraphResult<Vec<String>> {
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
