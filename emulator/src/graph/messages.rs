//! Chat messages: list (`$top`, `$orderby`, `$filter` and `$skiptoken` paging as chat-list-messages
//! documents them), get, send, edit, react, hosted contents, and marking a chat read.

use super::answer::{base_url, json_body, json_response, GraphError, GraphResult};
use super::caller::Caller;
use super::chats::require_member;
use crate::clock;
use crate::messages::{self, Message, NewMessage, GRAPH_ROOT, LEGACY_REACTIONS};
use crate::state::AppState;
use crate::wire::{iso, urlencode};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Utc};
use rusqlite::{params, params_from_iter, Connection};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The largest page `$top` may ask for (chat-list-messages.md).
pub const MAX_TOP: usize = 50;
/// The page size without `$top` (not documented; the same as List chats').
const DEFAULT_TOP: usize = 20;
/// List and get messages, hosted contents (chat-list-messages.md, chatmessage-get.md,
/// chatmessagehostedcontent-get.md); the delegated `.All` grant of the seed reads too.
const READ_SCOPES: &[&str] = &[
    "Chat.Read",
    "Chat.ReadWrite",
    "Chat.Read.All",
    "Chat.ReadWrite.All",
];
/// Send a message (chat-post-messages-permissions.md).
const SEND_SCOPES: &[&str] = &[
    "ChatMessage.Send",
    "Chat.ReadWrite",
    "Group.ReadWrite.All",
    "Chat.ReadWrite.All",
];
/// Edit a message (chatmessage-update.md, "Permissions for chat").
const EDIT_SCOPES: &[&str] = &["Chat.ReadWrite", "Chat.ReadWrite.All"];
/// Set and unset a reaction (chatmessage-setreaction.md, -unsetreaction.md).
const REACT_SCOPES: &[&str] = &["Chat.ReadWrite", "ChatMessage.Send", "Chat.ReadWrite.All"];
/// Mark a chat read (chat-markchatreadforuser.md).
const MARK_READ_SCOPES: &[&str] = &["Chat.ReadWrite", "Chat.ReadWrite.All"];

/// `$orderby` of List messages: only these two, descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    LastModified,
    Created,
}

impl Order {
    fn column(self) -> &'static str {
        match self {
            Order::LastModified => "last_modified",
            Order::Created => "created",
        }
    }

    fn property(self) -> &'static str {
        match self {
            Order::LastModified => "lastModifiedDateTime",
            Order::Created => "createdDateTime",
        }
    }

    fn token(self) -> &'static str {
        match self {
            Order::LastModified => "m",
            Order::Created => "c",
        }
    }
}

/// One `$filter` clause: `<property> gt|lt <DateTimeOffset>`.
#[derive(Clone, Debug)]
struct Bound {
    property: Order,
    greater: bool,
    at: String,
}

/// `GET /chats/{id}/messages`: `$top` (at most 50), `$orderby` (`lastModifiedDateTime desc`, the
/// default, or `createdDateTime desc`), `$filter` on the ordered property (else ignored, as
/// documented), `@odata.nextLink` with an opaque `$skiptoken`, and `messageType`
/// `unknownFutureValue` for system events unless `Prefer: include-unknown-enum-members`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(chat): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    let options = system_options(query, &["$top", "$orderby", "$filter", "$skiptoken"])?;
    let top = match options.get("$top") {
        Some(top) => parse_top(top)?,
        None => DEFAULT_TOP,
    };
    let explicit_order = options
        .get("$orderby")
        .map(|o| parse_orderby(o))
        .transpose()?;
    let order = explicit_order.unwrap_or(Order::LastModified);
    let bounds = match options.get("$filter") {
        Some(filter) => parse_filter(filter)?,
        None => Vec::new(),
    };
    // "You can only filter results if the request URL contains the $orderBy and $filter query
    // parameters configured for the same property; otherwise, the $filter query option is ignored."
    let applied: Vec<&Bound> = if explicit_order.is_some()
        && !bounds.is_empty()
        && bounds.iter().all(|b| b.property == order)
    {
        bounds.iter().collect()
    } else {
        Vec::new()
    };
    let after = options
        .get("$skiptoken")
        .map(|token| {
            decode_skiptoken(token, order).ok_or_else(|| {
                GraphError::bad_request(format!("The skip token '{token}' is not valid."))
            })
        })
        .transpose()?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let column = order.column();
    let mut sql = format!(
        "SELECT {} FROM messages WHERE chat_id = ?",
        messages::COLUMNS
    );
    let mut args: Vec<String> = vec![chat.clone()];
    for bound in &applied {
        sql.push_str(&format!(
            " AND {column} {} ?",
            if bound.greater { ">" } else { "<" }
        ));
        args.push(bound.at.clone());
    }
    if let Some((key, id)) = &after {
        sql.push_str(&format!(
            " AND ({column} < ? OR ({column} = ? AND CAST(id AS INTEGER) < CAST(? AS INTEGER)))"
        ));
        args.extend([key.clone(), key.clone(), id.clone()]);
    }
    sql.push_str(&format!(
        " ORDER BY {column} DESC, CAST(id AS INTEGER) DESC LIMIT {}",
        top + 1
    ));
    let mut rows: Vec<Message> = conn
        .prepare(&sql)?
        .query_map(params_from_iter(args.iter()), Message::from_row)?
        .collect::<Result<_, _>>()?;
    let more = rows.len() > top;
    rows.truncate(top);
    let base = base_url(&headers);
    let unknown = prefers_unknown_members(&headers);
    let value: Vec<Value> = rows
        .iter()
        .map(|m| message_json(&conn, m, &base, unknown).map(Value::Object))
        .collect::<Result<_, _>>()?;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{base}/$metadata#chats('{}')/messages",
            urlencode(&chat)
        )),
    );
    body.insert("@odata.count".into(), json!(value.len()));
    if let (true, Some(last)) = (more, rows.last()) {
        let key = match order {
            Order::LastModified => &last.last_modified,
            Order::Created => &last.created,
        };
        let mut link = format!("{base}/chats/{chat}/messages?$top={top}");
        if let Some(orderby) = options.get("$orderby") {
            link.push_str(&format!("&$orderby={}", query_encode(orderby)));
        }
        if let Some(filter) = options.get("$filter") {
            link.push_str(&format!("&$filter={}", query_encode(filter)));
        }
        link.push_str(&format!(
            "&$skiptoken={}",
            encode_skiptoken(order, key, &last.id)
        ));
        body.insert("@odata.nextLink".into(), json!(link));
    }
    body.insert("value".into(), Value::Array(value));
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `GET /chats/{id}/messages/{id}` (no OData query options).
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((chat, id)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    system_options(query, &[])?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let message = find(&conn, &chat, &id)?;
    let base = base_url(&headers);
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{base}/$metadata#chats('{}')/messages/$entity",
            urlencode(&chat)
        )),
    );
    body.extend(message_json(
        &conn,
        &message,
        &base,
        prefers_unknown_members(&headers),
    )?);
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `POST /chats/{id}/messages`: 201 with the new chatMessage. Only `body` is required; `mentions`
/// must each have their `<at id="n">mentionText</at>` marker in an HTML body (Graph's 400
/// otherwise); an `<at>` no mention names is kept as its text, as Graph keeps it.
pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(chat): Path<String>,
    body: String,
) -> GraphResult {
    caller.require(SEND_SCOPES)?;
    let user = caller.user()?.to_owned();
    let request = write_body(&headers, &body)?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let (content_type, content) = item_body(request.get("body"))?.ok_or_else(missing_body)?;
    let mentions = mentions(request.get("mentions"))?;
    let content = check_mentions(&content_type, &content, &mentions)?;
    let attachments = attachments(request.get("attachments"))?;
    let now = clock::now(&conn);
    let id = messages::insert(
        &conn,
        &NewMessage {
            attachments: Value::Array(attachments),
            mentions: Value::Array(mentions),
            ..NewMessage::new(&chat, &user, &content_type, &content, now)
        },
    )?;
    // The sender has read their own message (Teams moves the sender's read horizon).
    messages::mark_read(&conn, &chat, &user, now)?;
    let message = find(&conn, &chat, &id)?;
    let base = base_url(&headers);
    let mut answer = Map::new();
    answer.insert(
        "@odata.context".into(),
        json!(format!(
            "{base}/$metadata#chats('{}')/messages/$entity",
            urlencode(&chat)
        )),
    );
    answer.extend(message_json(
        &conn,
        &message,
        &base,
        prefers_unknown_members(&headers),
    )?);
    Ok(json_response(StatusCode::CREATED, Value::Object(answer)))
}

/// `PATCH /chats/{id}/messages/{id}`: 204. Only the sender edits; the body, mentions and
/// attachments given replace the stored ones; lastEditedDateTime and lastModifiedDateTime move.
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((chat, id)): Path<(String, String)>,
    body: String,
) -> GraphResult<Response> {
    caller.require(EDIT_SCOPES)?;
    let user = caller.user()?.to_owned();
    let request = write_body(&headers, &body)?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let message = find(&conn, &chat, &id)?;
    if message.from_user.as_deref() != Some(user.as_str()) {
        return Err(GraphError::forbidden(
            "Only the sender of a message can update it.",
        ));
    }
    if message.deleted_at.is_some() {
        return Err(GraphError::bad_request(
            "The message was deleted and cannot be updated.",
        ));
    }
    let new_body = item_body(request.get("body"))?;
    let new_mentions = match request.get("mentions") {
        None => None,
        some => Some(mentions(some)?),
    };
    let new_attachments = match request.get("attachments") {
        None => None,
        some => Some(attachments(some)?),
    };
    let (content_type, content) = new_body
        .clone()
        .unwrap_or((message.content_type.clone(), message.content.clone()));
    // Mentions not given stay while the (new) body still marks them; an edit that removed a
    // marker removed that mention.
    let new_mentions = match (new_mentions, &new_body) {
        (Some(given), _) => Some(given),
        (None, None) => None,
        (None, Some(_)) => Some(still_marked(
            &content_type,
            &content,
            serde_json::from_str::<Vec<Value>>(&message.mentions).unwrap_or_default(),
        )),
    };
    let effective_mentions = match &new_mentions {
        Some(m) => m.clone(),
        None => serde_json::from_str::<Vec<Value>>(&message.mentions).unwrap_or_default(),
    };
    let content = check_mentions(&content_type, &content, &effective_mentions)?;
    let now = clock::now(&conn);
    messages::edit(
        &conn,
        &chat,
        &id,
        new_body
            .as_ref()
            .map(|_| (content_type.as_str(), content.as_str())),
        new_mentions.map(Value::Array).as_ref(),
        new_attachments.map(Value::Array).as_ref(),
        now,
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /chats/{id}/messages/{id}/setReaction` `{"reactionType": "<unicode>"}`: 204. Setting a
/// reaction the user already has changes nothing (and still answers 204).
pub async fn set_reaction(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
    body: String,
) -> GraphResult<Response> {
    react(state, caller, headers, path, body, true).await
}

/// `POST /chats/{id}/messages/{id}/unsetReaction` `{"reactionType": "<unicode>"}`: 204, also when
/// the user had no such reaction.
pub async fn unset_reaction(
    state: State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    path: Path<(String, String)>,
    body: String,
) -> GraphResult<Response> {
    react(state, caller, headers, path, body, false).await
}

async fn react(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((chat, id)): Path<(String, String)>,
    body: String,
    set: bool,
) -> GraphResult<Response> {
    caller.require(REACT_SCOPES)?;
    let user = caller.user()?.to_owned();
    let request = write_body(&headers, &body)?;
    let reaction = request
        .get("reactionType")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| GraphError::bad_request("The request body must give a 'reactionType'."))?
        .to_owned();
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    let message = find(&conn, &chat, &id)?;
    if message.deleted_at.is_some() {
        return Err(GraphError::bad_request(
            "The message was deleted and cannot be reacted to.",
        ));
    }
    let now = clock::now(&conn);
    if set {
        messages::set_reaction(&conn, &chat, &id, &user, &reaction, now)?;
    } else {
        messages::unset_reaction(&conn, &chat, &id, &user, &reaction, now)?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /chats/{id}/messages/{id}/hostedContents`: ids only (`contentBytes` and `contentType`
/// are always null, as documented).
pub async fn hosted_contents(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((chat, id)): Path<(String, String)>,
    Query(query): Query<Vec<(String, String)>>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    system_options(query, &[])?;
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    find(&conn, &chat, &id)?;
    let value: Vec<Value> = messages::hosted_content_ids(&conn, &chat, &id)?
        .into_iter()
        .map(|hosted| json!({"id": hosted, "contentBytes": null, "contentType": null}))
        .collect();
    Ok(json_response(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#chats('{}')/messages('{id}')/hostedContents", base_url(&headers), urlencode(&chat)),
            "@odata.count": value.len(),
            "value": value,
        }),
    ))
}

/// `GET /chats/{id}/messages/{id}/hostedContents/{id}`: the entity, bytes and type null.
pub async fn hosted_content(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((chat, id, hosted)): Path<(String, String, String)>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    find(&conn, &chat, &id)?;
    find_hosted(&conn, &chat, &id, &hosted)?;
    Ok(json_response(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#chats('{}')/messages('{id}')/hostedContents/$entity", base_url(&headers), urlencode(&chat)),
            "id": hosted,
            "contentBytes": null,
            "contentType": null,
        }),
    ))
}

/// `GET /chats/{id}/messages/{id}/hostedContents/{id}/$value`: the bytes, with their content type.
pub async fn hosted_content_value(
    State(state): State<AppState>,
    caller: Caller,
    Path((chat, id, hosted, value)): Path<(String, String, String, String)>,
) -> GraphResult {
    caller.require(READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    if value != "$value" {
        return Err(GraphError::bad_request(format!(
            "Resource not found for the segment '{value}'."
        )));
    }
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    find(&conn, &chat, &id)?;
    let (content_type, bytes) = find_hosted(&conn, &chat, &id, &hosted)?;
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        bytes,
    )
        .into_response())
}

/// `POST /chats/{id}/markChatReadForUser` `{"user": {"id", "tenantId"}}`: 204; the user's
/// `viewpoint.lastMessageReadDateTime` becomes now. A delegated caller marks only their own read.
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(chat): Path<String>,
    body: String,
) -> GraphResult<Response> {
    caller.require(MARK_READ_SCOPES)?;
    let user = caller.user()?.to_owned();
    let request = write_body(&headers, &body)?;
    let named = request
        .get("user")
        .and_then(Value::as_object)
        .and_then(|u| u.get("id"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            GraphError::bad_request(
                "The request body must name the 'user' ({\"id\", \"tenantId\"}).",
            )
        })?;
    let tenant = request["user"].get("tenantId").and_then(Value::as_str);
    let conn = state.db();
    require_member(&conn, &chat, &user)?;
    if !named.eq_ignore_ascii_case(&user)
        || tenant.is_some_and(|t| !t.eq_ignore_ascii_case(&caller.tenant_id))
    {
        return Err(GraphError::forbidden(
            "A chat can only be marked read for the signed-in user.",
        ));
    }
    messages::mark_read(&conn, &chat, &user, clock::now(&conn))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// A message of a chat the caller is in; Graph's 404 when there is none.
fn find(conn: &Connection, chat: &str, id: &str) -> GraphResult<Message> {
    messages::get(conn, chat, id)?.ok_or_else(|| {
        GraphError::not_found(
            "NotFound",
            format!("Message '{id}' was not found in chat '{chat}'."),
        )
    })
}

fn find_hosted(
    conn: &Connection,
    chat: &str,
    message: &str,
    id: &str,
) -> GraphResult<(String, Vec<u8>)> {
    messages::hosted_content(conn, chat, message, id)?.ok_or_else(|| {
        GraphError::not_found(
            "NotFound",
            format!("Hosted content '{id}' was not found on message '{message}'."),
        )
    })
}

/// A chatMessage as Graph answers it. System events read `unknownFutureValue` unless the client
/// asked for the evolvable enum's newer members; a deleted message has an empty body; Graph's
/// own URLs in the body (hosted contents) point at the emulator's root.
pub(crate) fn message_json(
    conn: &Connection,
    message: &Message,
    base: &str,
    include_unknown_members: bool,
) -> rusqlite::Result<Map<String, Value>> {
    let deleted = message.deleted_at.is_some();
    let message_type = if message.message_type == "systemEventMessage" && !include_unknown_members {
        "unknownFutureValue".to_owned()
    } else {
        message.message_type.clone()
    };
    let from = match &message.from_user {
        None => Value::Null,
        Some(id) => {
            let tenant: Option<String> = conn
                .query_row(
                    "SELECT tenant_id FROM users WHERE id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .ok();
            json!({
                "application": null,
                "device": null,
                "conversation": null,
                "user": {
                    "@odata.type": "#microsoft.graph.teamworkUserIdentity",
                    "id": id,
                    "displayName": message.from_name,
                    "userIdentityType": "aadUser",
                    "tenantId": tenant,
                },
            })
        }
    };
    let parsed = |text: &str| -> Value {
        if deleted {
            Value::Array(Vec::new())
        } else {
            serde_json::from_str(text).unwrap_or(Value::Array(Vec::new()))
        }
    };
    let reactions: Vec<Value> = if deleted {
        Vec::new()
    } else {
        messages::reactions(conn, &message.chat_id, &message.id)?
            .into_iter()
            .map(|r| {
                json!({
                    "reactionType": r.reaction_type,
                    "displayName": reaction_name(&r.reaction_type),
                    "reactionContentUrl": null,
                    "createdDateTime": r.created,
                    "user": {
                        "application": null,
                        "device": null,
                        "user": {"id": r.user_id, "displayName": r.display_name, "userIdentityType": "aadUser"},
                    },
                })
            })
            .collect()
    };
    let content = if deleted {
        String::new()
    } else {
        message
            .content
            .replace(&format!("{GRAPH_ROOT}/chats/"), &format!("{base}/chats/"))
    };
    let mut m = Map::new();
    m.insert("id".into(), json!(message.id));
    m.insert("replyToId".into(), json!(message.reply_to_id));
    m.insert(
        "etag".into(),
        json!(etag(&message.last_modified, &message.id)),
    );
    m.insert("messageType".into(), json!(message_type));
    m.insert("createdDateTime".into(), json!(message.created));
    m.insert("lastModifiedDateTime".into(), json!(message.last_modified));
    m.insert("lastEditedDateTime".into(), json!(message.last_edited));
    m.insert("deletedDateTime".into(), json!(message.deleted_at));
    m.insert("subject".into(), Value::Null);
    m.insert("summary".into(), Value::Null);
    m.insert("chatId".into(), json!(message.chat_id));
    m.insert("importance".into(), json!("normal"));
    m.insert("locale".into(), json!("en-us"));
    m.insert("webUrl".into(), Value::Null);
    m.insert("channelIdentity".into(), Value::Null);
    m.insert("onBehalfOf".into(), Value::Null);
    m.insert("policyViolation".into(), Value::Null);
    m.insert(
        "eventDetail".into(),
        message
            .event_detail
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or(Value::Null),
    );
    m.insert("from".into(), from);
    m.insert(
        "body".into(),
        json!({"contentType": message.content_type, "content": content}),
    );
    m.insert("attachments".into(), parsed(&message.attachments));
    m.insert("mentions".into(), parsed(&message.mentions));
    m.insert("reactions".into(), Value::Array(reactions));
    m.insert("messageHistory".into(), Value::Array(Vec::new()));
    Ok(m)
}

/// The etag: the message's version, its id until it is first modified (as in Graph's samples).
fn etag(last_modified: &str, id: &str) -> String {
    DateTime::parse_from_rfc3339(last_modified)
        .map(|t| t.timestamp_millis().to_string())
        .unwrap_or_else(|_| id.to_owned())
}

/// chatMessageReaction.displayName for the Teams reactions; null for any other.
fn reaction_name(reaction: &str) -> Value {
    const NAMES: &[&str] = &["Like", "Heart", "Laugh", "Surprised", "Sad", "Angry"];
    LEGACY_REACTIONS
        .iter()
        .zip(NAMES)
        .find(|((word, emoji), _)| *word == reaction || *emoji == reaction)
        .map(|(_, name)| json!(name))
        .unwrap_or(Value::Null)
}

/// Whether the request asked for the newer members of evolvable enums.
pub(crate) fn prefers_unknown_members(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| {
            p.trim()
                .eq_ignore_ascii_case("include-unknown-enum-members")
        })
}

/// The request's OData system query options (`$...`, compared case-insensitively), refusing any
/// outside `allowed` and any given twice, as Graph's OData layer does.
fn system_options(
    query: Vec<(String, String)>,
    allowed: &[&str],
) -> GraphResult<HashMap<String, String>> {
    let mut options = HashMap::new();
    for (key, value) in query {
        if !key.starts_with('$') {
            continue;
        }
        let key = key.to_ascii_lowercase();
        if !allowed.contains(&key.as_str()) {
            return Err(GraphError::bad_request(format!(
                "Query option '{}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.",
                option_name(&key)
            )));
        }
        if options.insert(key.clone(), value).is_some() {
            return Err(GraphError::bad_request(format!(
                "Query option '{key}' was specified more than once, but it must be specified at most once."
            )));
        }
    }
    Ok(options)
}

/// `$select` → `Select`, as OData names its query options in errors.
fn option_name(key: &str) -> String {
    const NAMES: &[&str] = &[
        "Select",
        "Expand",
        "Filter",
        "OrderBy",
        "Top",
        "Skip",
        "Count",
        "Search",
        "Format",
        "SkipToken",
        "DeltaToken",
        "Apply",
        "Compute",
    ];
    let bare = key.trim_start_matches('$');
    NAMES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(bare))
        .map(|n| (*n).to_owned())
        .unwrap_or_else(|| bare.to_owned())
}

/// `$top`: a non-negative integer no larger than 50 (Graph's own messages for both).
fn parse_top(raw: &str) -> GraphResult<usize> {
    let top: usize = raw.trim().parse().map_err(|_| {
        GraphError::bad_request(format!(
            "Invalid value '{raw}' for $top query option found. The $top query option requires a non-negative integer value."
        ))
    })?;
    if top > MAX_TOP {
        return Err(GraphError::bad_request(format!(
            "The query specified in the URI is not valid. The limit of '{MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '{top}'."
        )));
    }
    Ok(top)
}

/// `$orderby`: `lastModifiedDateTime desc` or `createdDateTime desc`; ascending (also implied,
/// with no direction) is not supported.
fn parse_orderby(raw: &str) -> GraphResult<Order> {
    let normal = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if normal.eq_ignore_ascii_case("lastModifiedDateTime desc") {
        Ok(Order::LastModified)
    } else if normal.eq_ignore_ascii_case("createdDateTime desc") {
        Ok(Order::Created)
    } else {
        Err(GraphError::bad_request(format!(
            "The $orderby value '{raw}' is not supported. Supported: 'lastModifiedDateTime desc' and 'createdDateTime desc'; ascending order is not supported."
        )))
    }
}

/// `$filter`: `lastModifiedDateTime gt|lt <DateTimeOffset>` and `createdDateTime lt
/// <DateTimeOffset>` clauses joined by `and`, as chat-list-messages documents.
fn parse_filter(raw: &str) -> GraphResult<Vec<Bound>> {
    const KNOWN: &[&str] = &[
        "id",
        "replyToId",
        "etag",
        "messageType",
        "lastEditedDateTime",
        "deletedDateTime",
        "subject",
        "summary",
        "chatId",
        "importance",
        "locale",
        "webUrl",
        "from",
        "body",
        "attachments",
        "mentions",
        "reactions",
    ];
    let syntax =
        || GraphError::bad_request(format!("Invalid filter clause: Syntax error in '{raw}'."));
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    if tokens.is_empty() {
        return Err(syntax());
    }
    let mut bounds = Vec::new();
    let mut at = 0;
    loop {
        let (Some(property), Some(operator), Some(value)) =
            (tokens.get(at), tokens.get(at + 1), tokens.get(at + 2))
        else {
            return Err(syntax());
        };
        let kind = match operator.to_ascii_lowercase().as_str() {
            "gt" => "GreaterThan",
            "lt" => "LessThan",
            "ge" => "GreaterThanOrEqual",
            "le" => "LessThanOrEqual",
            "eq" => "Equal",
            "ne" => "NotEqual",
            _ => return Err(syntax()),
        };
        let order = if property.eq_ignore_ascii_case("lastModifiedDateTime") {
            Order::LastModified
        } else if property.eq_ignore_ascii_case("createdDateTime") {
            Order::Created
        } else if KNOWN.iter().any(|k| k.eq_ignore_ascii_case(property)) {
            return Err(not_allowed(property, kind));
        } else {
            return Err(GraphError::bad_request(format!(
                "Invalid filter clause: Could not find a property named '{property}' on type 'microsoft.graph.chatMessage'."
            )));
        };
        let allowed = match order {
            Order::LastModified => matches!(kind, "GreaterThan" | "LessThan"),
            Order::Created => kind == "LessThan",
        };
        if !allowed {
            return Err(not_allowed(order.property(), kind));
        }
        if value.starts_with('\'') || value.starts_with('"') {
            return Err(GraphError::bad_request(format!(
                "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind '{kind}'."
            )));
        }
        let time = DateTime::parse_from_rfc3339(value).map_err(|_| {
            GraphError::bad_request(format!(
                "Invalid filter clause: The DateTimeOffset text '{value}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range."
            ))
        })?;
        bounds.push(Bound {
            property: order,
            greater: kind == "GreaterThan",
            at: iso(time.with_timezone(&Utc)),
        });
        match tokens.get(at + 3) {
            None => return Ok(bounds),
            Some(joint) if joint.eq_ignore_ascii_case("and") => at += 4,
            Some(joint) if joint.eq_ignore_ascii_case("or") => {
                return Err(GraphError::bad_request(
                    "Invalid filter clause: The operationKind 'Or' is not allowed in $filter query.",
                ))
            }
            Some(_) => return Err(syntax()),
        }
    }
}

fn not_allowed(property: &str, kind: &str) -> GraphError {
    GraphError::bad_request(format!(
        "Invalid filter clause: The entity property '{property}' and operationKind '{kind}' is not allowed in $filter query."
    ))
}

/// The opaque `$skiptoken`: the order and the sort key and id of the page's last message.
fn encode_skiptoken(order: Order, key: &str, id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(json!({"o": order.token(), "k": key, "i": id}).to_string())
}

fn decode_skiptoken(token: &str, order: Order) -> Option<(String, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    if value.get("o")?.as_str()? != order.token() {
        return None;
    }
    Some((
        value.get("k")?.as_str()?.to_owned(),
        value.get("i")?.as_str()?.to_owned(),
    ))
}

/// A query option's value for a next link: spaces and the few reserved characters escaped.
fn query_encode(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('&', "%26")
        .replace('+', "%2B")
        .replace('#', "%23")
}

/// A write's JSON body (an object). Graph refuses a body without `Content-Type`.
fn write_body(headers: &HeaderMap, body: &str) -> GraphResult<Map<String, Value>> {
    if !body.trim().is_empty() && headers.get(header::CONTENT_TYPE).is_none() {
        return Err(GraphError::bad_request(
            "Write requests (excluding DELETE) must contain the Content-Type header declaration.",
        ));
    }
    if body.trim().is_empty() {
        return Ok(Map::new());
    }
    match json_body(body)? {
        Value::Object(object) => Ok(object),
        _ => Err(GraphError::bad_request("Invalid request body was sent.")),
    }
}

fn missing_body() -> GraphError {
    GraphError::bad_request("Missing body content")
}

/// An itemBody: `contentType` (`text`, the default, or `html`) and non-empty `content`.
fn item_body(body: Option<&Value>) -> GraphResult<Option<(String, String)>> {
    let Some(body) = body.filter(|b| !b.is_null()) else {
        return Ok(None);
    };
    let body = body.as_object().ok_or_else(missing_body)?;
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(missing_body)?;
    let content_type = match body.get("contentType") {
        None | Some(Value::Null) => "text".to_owned(),
        Some(Value::String(kind)) if kind.eq_ignore_ascii_case("text") => "text".to_owned(),
        Some(Value::String(kind)) if kind.eq_ignore_ascii_case("html") => "html".to_owned(),
        Some(other) => {
            return Err(GraphError::bad_request(format!(
                "Cannot convert the literal '{}' to the expected type 'microsoft.graph.bodyType'.",
                other.as_str().unwrap_or(&other.to_string())
            )))
        }
    };
    Ok(Some((content_type, content.to_owned())))
}

/// chatMessageMention entries: `id` (Int32), `mentionText`, and `mentioned` naming a user (or an
/// application, tag or conversation); stored in the shape Graph answers with.
fn mentions(raw: Option<&Value>) -> GraphResult<Vec<Value>> {
    let invalid = || GraphError::bad_request("Invalid request body was sent.");
    let Some(raw) = raw.filter(|m| !m.is_null()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for mention in raw.as_array().ok_or_else(invalid)? {
        let id = mention
            .get("id")
            .and_then(Value::as_i64)
            .filter(|id| i32::try_from(*id).is_ok())
            .ok_or_else(invalid)?;
        let text = mention
            .get("mentionText")
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        let mentioned = mention
            .get("mentioned")
            .and_then(Value::as_object)
            .ok_or_else(invalid)?;
        let identity = |key: &str| mentioned.get(key).cloned().unwrap_or(Value::Null);
        if ["user", "application", "tag", "conversation"]
            .iter()
            .all(|k| identity(k).is_null())
        {
            return Err(invalid());
        }
        let user = match identity("user") {
            Value::Object(user) => {
                let id = user.get("id").and_then(Value::as_str).ok_or_else(invalid)?;
                json!({
                    "id": id,
                    "displayName": user.get("displayName").cloned().unwrap_or(Value::Null),
                    "userIdentityType": user.get("userIdentityType").cloned().unwrap_or(json!("aadUser")),
                })
            }
            _ => Value::Null,
        };
        let mut identities = json!({
            "application": identity("application"),
            "device": null,
            "conversation": identity("conversation"),
            "user": user,
        });
        if !identity("tag").is_null() {
            identities["tag"] = identity("tag");
        }
        out.push(json!({"id": id, "mentionText": text, "mentioned": identities}));
    }
    Ok(out)
}

/// Every mention needs its marker `<at id="n">mentionText</at>` in an HTML body, else Graph's 400;
/// an `<at>` marker that no mention names is kept as its text (nobody is mentioned), as Graph does.
fn check_mentions(content_type: &str, content: &str, mentions: &[Value]) -> GraphResult<String> {
    let markers = if content_type == "html" {
        at_markers(content)
    } else {
        Vec::new()
    };
    for mention in mentions {
        let id = mention["id"].as_i64().unwrap_or(-1);
        let text = mention["mentionText"].as_str().unwrap_or("");
        let found = markers.iter().any(|m| {
            m.id.as_deref() == Some(id.to_string().as_str()) && html_text(&m.inner) == text
        });
        if !found {
            return Err(GraphError::bad_request(format!(
                "Body does not contain marker for mention with Id '{id}'. Add '{text}' to the body."
            )));
        }
    }
    let named = |id: &Option<String>| {
        mentions
            .iter()
            .any(|m| id.as_deref() == Some(m["id"].as_i64().unwrap_or(-1).to_string().as_str()))
    };
    let mut kept = content.to_owned();
    for marker in markers.iter().rev() {
        if !named(&marker.id) {
            kept.replace_range(marker.start..marker.end, &marker.inner);
        }
    }
    Ok(kept)
}

/// The mentions whose `<at>` marker (id and text) is still in the body.
fn still_marked(content_type: &str, content: &str, mentions: Vec<Value>) -> Vec<Value> {
    mentions
        .into_iter()
        .filter(|m| check_mentions(content_type, content, std::slice::from_ref(m)).is_ok())
        .collect()
}

/// One `<at ...>inner</at>` element of an HTML body.
struct AtMarker {
    id: Option<String>,
    inner: String,
    start: usize,
    end: usize,
}

/// The `<at>` elements of an HTML body, in order.
fn at_markers(html: &str) -> Vec<AtMarker> {
    let lower = html.to_ascii_lowercase();
    let mut markers = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower[from..].find("<at") {
        let start = from + offset;
        let after_name = start + 3;
        let boundary = lower[after_name..].chars().next();
        if !matches!(boundary, Some(c) if c.is_whitespace() || c == '>') {
            from = after_name;
            continue;
        }
        let Some(open_end) = lower[after_name..].find('>').map(|i| after_name + i) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</at>").map(|i| open_end + i) else {
            break;
        };
        let attributes = &html[after_name..open_end];
        markers.push(AtMarker {
            id: attribute(attributes, "id"),
            inner: html[open_end + 1..close].to_owned(),
            start,
            end: close + "</at>".len(),
        });
        from = close + "</at>".len();
    }
    markers
}

/// An attribute's value in an element's attribute text (`id="0"`, `id='0'`, `id = 0`).
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(offset) = lower[from..].find(name) {
        let at = from + offset;
        let before_ok = at == 0 || lower[..at].ends_with(|c: char| c.is_whitespace());
        let rest = attributes[at + name.len()..].trim_start();
        if before_ok {
            if let Some(value) = rest.strip_prefix('=') {
                let value = value.trim_start();
                let (quote, body) = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                    _ => (None, value),
                };
                let end = match quote {
                    Some(q) => body.find(q).unwrap_or(body.len()),
                    None => body
                        .find(|c: char| c.is_whitespace() || c == '/')
                        .unwrap_or(body.len()),
                };
                return Some(body[..end].to_owned());
            }
        }
        from = at + name.len();
    }
    None
}

/// The text of an HTML fragment: tags dropped, the common entities decoded.
fn html_text(fragment: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// chatMessageAttachment entries, each an object with an `id`, stored in Graph's shape.
fn attachments(raw: Option<&Value>) -> GraphResult<Vec<Value>> {
    let invalid = || GraphError::bad_request("Invalid request body was sent.");
    let Some(raw) = raw.filter(|a| !a.is_null()) else {
        return Ok(Vec::new());
    };
    raw.as_array()
        .ok_or_else(invalid)?
        .iter()
        .map(|attachment| {
            let object = attachment.as_object().ok_or_else(invalid)?;
            let field = |key: &str| object.get(key).cloned().unwrap_or(Value::Null);
            if !field("id").is_string() || !field("contentType").is_string() {
                return Err(invalid());
            }
            Ok(json!({
                "id": field("id"),
                "contentType": field("contentType"),
                "contentUrl": field("contentUrl"),
                "content": field("content"),
                "name": field("name"),
                "thumbnailUrl": field("thumbnailUrl"),
                "teamsAppId": field("teamsAppId"),
            }))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_as_documented() {
        let bounds =
            parse_filter("lastModifiedDateTime gt 2022-09-22T00:00:00.000Z and lastModifiedDateTime lt 2022-09-24T00:00:00Z").unwrap();
        assert_eq!(bounds.len(), 2);
        assert!(bounds[0].greater && !bounds[1].greater);
        assert_eq!(bounds[1].at, "2022-09-24T00:00:00.000Z");
        assert!(parse_filter("createdDateTime lt 2022-09-24T00:00:00Z").is_ok());
        for bad in [
            "createdDateTime gt 2022-09-24T00:00:00Z",
            "lastModifiedDateTime ge 2022-09-24T00:00:00Z",
            "lastModifiedDateTime gt '2022-09-24T00:00:00Z'",
            "lastModifiedDateTime gt yesterday",
            "messageType eq 'message'",
            "nonsense gt 2022-09-24T00:00:00Z",
            "lastModifiedDateTime gt 2022-09-24T00:00:00Z or lastModifiedDateTime lt 2022-09-25T00:00:00Z",
            "lastModifiedDateTime gt",
        ] {
            assert!(parse_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn mention_markers_match_ids_and_text() {
        let mention = json!({"id": 0, "mentionText": "Ava Reyes"});
        let ok = check_mentions(
            "html",
            "Hi <at id=\"0\">Ava Reyes</at>!",
            std::slice::from_ref(&mention),
        );
        assert_eq!(ok.unwrap(), "Hi <at id=\"0\">Ava Reyes</at>!");
        assert!(check_mentions(
            "html",
            "Hi <at id=\"1\">Ava Reyes</at>",
            std::slice::from_ref(&mention)
        )
        .is_err());
        assert!(check_mentions(
            "html",
            "Hi <at id=\"0\">Ava</at>",
            std::slice::from_ref(&mention)
        )
        .is_err());
        assert!(check_mentions("text", "Hi <at id=\"0\">Ava Reyes</at>", &[mention]).is_err());
        assert_eq!(
            check_mentions(
                "html",
                "Hi <at id='3'>Ben</at> and <attachment id=\"a\"></attachment>",
                &[]
            )
            .unwrap(),
            "Hi Ben and <attachment id=\"a\"></attachment>"
        );
    }
}
