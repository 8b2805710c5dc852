//! The chat message store: messages with their reactions and hosted contents, and each member's
//! read state. Graph's handlers (`graph/messages.rs`), the seed and the replies worker all write
//! through here, so a message reads the same whoever wrote it.

use crate::wire::iso;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

/// How Graph's own URLs (hosted contents) are written in stored bodies; answers carry the
/// emulator's root, as requests see it, instead.
pub const GRAPH_ROOT: &str = "https://graph.microsoft.com/v1.0";

/// A message to store.
pub struct NewMessage<'a> {
    /// The chat.
    pub chat_id: &'a str,
    /// The sender's user id; `None` for a system event.
    pub from: Option<&'a str>,
    /// `text` or `html`.
    pub content_type: &'a str,
    /// The body.
    pub content: &'a str,
    /// An eventMessageDetail: makes the message a `systemEventMessage`.
    pub event_detail: Option<Value>,
    /// chatMessageAttachment collection (a JSON array).
    pub attachments: Value,
    /// chatMessageMention collection (a JSON array).
    pub mentions: Value,
    /// When it was sent.
    pub at: DateTime<Utc>,
}

impl<'a> NewMessage<'a> {
    /// A plain message from `from`, with no attachments or mentions.
    pub fn new(
        chat_id: &'a str,
        from: &'a str,
        content_type: &'a str,
        content: &'a str,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            chat_id,
            from: Some(from),
            content_type,
            content,
            event_detail: None,
            attachments: Value::Array(Vec::new()),
            mentions: Value::Array(Vec::new()),
            at,
        }
    }

    /// A system event (`<systemEventMessage/>`, no sender) with its detail.
    pub fn event(chat_id: &'a str, detail: Value, at: DateTime<Utc>) -> Self {
        Self {
            chat_id,
            from: None,
            content_type: "html",
            content: "<systemEventMessage/>",
            event_detail: Some(detail),
            attachments: Value::Array(Vec::new()),
            mentions: Value::Array(Vec::new()),
            at,
        }
    }
}

/// A stored message, as its row holds it.
#[derive(Debug, Clone)]
pub struct Message {
    /// The chat.
    pub chat_id: String,
    /// The id: Teams uses the creation time in milliseconds.
    pub id: String,
    /// createdDateTime.
    pub created: String,
    /// lastModifiedDateTime: created, edited, reacted to or deleted.
    pub last_modified: String,
    /// lastEditedDateTime.
    pub last_edited: Option<String>,
    /// deletedDateTime.
    pub deleted_at: Option<String>,
    /// `message` or `systemEventMessage`.
    pub message_type: String,
    /// The sender's user id.
    pub from_user: Option<String>,
    /// The sender's name when it was sent.
    pub from_name: Option<String>,
    /// `text` or `html`.
    pub content_type: String,
    /// The body as stored.
    pub content: String,
    /// eventMessageDetail JSON.
    pub event_detail: Option<String>,
    /// Attachments JSON.
    pub attachments: String,
    /// Mentions JSON.
    pub mentions: String,
    /// The message this one replies to.
    pub reply_to_id: Option<String>,
}

/// The columns `Message::from_row` reads, in order.
pub const COLUMNS: &str = "chat_id, id, created, last_modified, last_edited, deleted_at, message_type, from_user, from_name, content_type, content, event_detail, attachments, mentions, reply_to_id";

impl Message {
    /// A message from a row selected with `COLUMNS`.
    pub fn from_row(r: &Row) -> rusqlite::Result<Self> {
        Ok(Self {
            chat_id: r.get(0)?,
            id: r.get(1)?,
            created: r.get(2)?,
            last_modified: r.get(3)?,
            last_edited: r.get(4)?,
            deleted_at: r.get(5)?,
            message_type: r.get(6)?,
            from_user: r.get(7)?,
            from_name: r.get(8)?,
            content_type: r.get(9)?,
            content: r.get(10)?,
            event_detail: r.get(11)?,
            attachments: r.get(12)?,
            mentions: r.get(13)?,
            reply_to_id: r.get(14)?,
        })
    }
}

/// A reaction of one user.
#[derive(Debug, Clone)]
pub struct Reaction {
    /// Who reacted.
    pub user_id: String,
    /// Their name.
    pub display_name: Option<String>,
    /// The unicode emoji, or a legacy word.
    pub reaction_type: String,
    /// When.
    pub created: String,
}

/// The legacy reaction words and the emoji Teams shows for them (chatMessageReaction).
pub const LEGACY_REACTIONS: &[(&str, &str)] = &[
    ("like", "👍"),
    ("heart", "❤️"),
    ("laugh", "😆"),
    ("surprised", "😮"),
    ("sad", "😢"),
    ("angry", "😡"),
];

/// A reaction type with a legacy word read as its emoji, so `like` and 👍 are one reaction.
pub fn same_reaction(reaction: &str) -> &str {
    LEGACY_REACTIONS
        .iter()
        .find(|(word, _)| *word == reaction)
        .map(|(_, emoji)| *emoji)
        .unwrap_or(reaction)
}

/// Stores a message and answers its id: the time in milliseconds, moved on while taken.
pub fn insert(conn: &Connection, message: &NewMessage) -> rusqlite::Result<String> {
    let mut millis = message.at.timestamp_millis();
    let id = loop {
        let candidate = millis.to_string();
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE chat_id = ?1 AND id = ?2)",
            params![message.chat_id, candidate],
            |r| r.get(0),
        )?;
        if !taken {
            break candidate;
        }
        millis += 1;
    };
    let at = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or(message.at);
    let kind = if message.event_detail.is_some() {
        "systemEventMessage"
    } else {
        "message"
    };
    conn.execute(
        "INSERT INTO messages (chat_id, id, created, last_modified, message_type, from_user, from_name,
            content_type, content, event_detail, attachments, mentions)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, (SELECT display_name FROM users WHERE id = ?5), ?6, ?7, ?8, ?9, ?10)",
        params![
            message.chat_id,
            id,
            iso(at),
            kind,
            message.from,
            message.content_type,
            message.content,
            message.event_detail.as_ref().map(Value::to_string),
            message.attachments.to_string(),
            message.mentions.to_string(),
        ],
    )?;
    Ok(id)
}

/// One message of a chat.
pub fn get(conn: &Connection, chat: &str, id: &str) -> rusqlite::Result<Option<Message>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM messages WHERE chat_id = ?1 AND id = ?2"),
        params![chat, id],
        Message::from_row,
    )
    .optional()
}

/// A message's reactions, oldest first.
pub fn reactions(conn: &Connection, chat: &str, id: &str) -> rusqlite::Result<Vec<Reaction>> {
    conn.prepare(
        "SELECT r.user_id, u.display_name, r.reaction_type, r.created FROM message_reactions r
         LEFT JOIN users u ON u.id = r.user_id
         WHERE r.chat_id = ?1 AND r.message_id = ?2 ORDER BY r.created, r.user_id",
    )?
    .query_map(params![chat, id], |r| {
        Ok(Reaction {
            user_id: r.get(0)?,
            display_name: r.get(1)?,
            reaction_type: r.get(2)?,
            created: r.get(3)?,
        })
    })?
    .collect()
}

/// Adds `user`'s reaction unless they already reacted so (a legacy word and its emoji are the
/// same reaction); true when it was added, and the message then counts as modified.
pub fn set_reaction(
    conn: &Connection,
    chat: &str,
    id: &str,
    user: &str,
    reaction: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    if find_reaction(conn, chat, id, user, reaction)?.is_some() {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO message_reactions (chat_id, message_id, user_id, reaction_type, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![chat, id, user, reaction, iso(now)],
    )?;
    touch(conn, chat, id, now)?;
    Ok(true)
}

/// Takes back `user`'s reaction; true when there was one to take back.
pub fn unset_reaction(
    conn: &Connection,
    chat: &str,
    id: &str,
    user: &str,
    reaction: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<bool> {
    let Some(stored) = find_reaction(conn, chat, id, user, reaction)? else {
        return Ok(false);
    };
    conn.execute(
        "DELETE FROM message_reactions WHERE chat_id = ?1 AND message_id = ?2 AND user_id = ?3 AND reaction_type = ?4",
        params![chat, id, user, stored],
    )?;
    touch(conn, chat, id, now)?;
    Ok(true)
}

fn find_reaction(
    conn: &Connection,
    chat: &str,
    id: &str,
    user: &str,
    reaction: &str,
) -> rusqlite::Result<Option<String>> {
    let stored: Vec<String> = conn
        .prepare(
            "SELECT reaction_type FROM message_reactions WHERE chat_id = ?1 AND message_id = ?2 AND user_id = ?3",
        )?
        .query_map(params![chat, id, user], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(stored
        .into_iter()
        .find(|r| same_reaction(r) == same_reaction(reaction)))
}

/// Records a modification of the message (an edit, a reaction, a deletion).
pub fn touch(conn: &Connection, chat: &str, id: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE messages SET last_modified = max(last_modified, ?3) WHERE chat_id = ?1 AND id = ?2",
        params![chat, id, iso(now)],
    )
    .map(|_| ())
}

/// Replaces what an edit changes: the body, mentions and attachments (each when given); sets
/// lastEditedDateTime and lastModifiedDateTime.
pub fn edit(
    conn: &Connection,
    chat: &str,
    id: &str,
    body: Option<(&str, &str)>,
    mentions: Option<&Value>,
    attachments: Option<&Value>,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    if let Some((content_type, content)) = body {
        conn.execute(
            "UPDATE messages SET content_type = ?3, content = ?4 WHERE chat_id = ?1 AND id = ?2",
            params![chat, id, content_type, content],
        )?;
    }
    if let Some(mentions) = mentions {
        conn.execute(
            "UPDATE messages SET mentions = ?3 WHERE chat_id = ?1 AND id = ?2",
            params![chat, id, mentions.to_string()],
        )?;
    }
    if let Some(attachments) = attachments {
        conn.execute(
            "UPDATE messages SET attachments = ?3 WHERE chat_id = ?1 AND id = ?2",
            params![chat, id, attachments.to_string()],
        )?;
    }
    conn.execute(
        "UPDATE messages SET last_edited = ?3 WHERE chat_id = ?1 AND id = ?2",
        params![chat, id, iso(now)],
    )?;
    touch(conn, chat, id, now)
}

/// Marks a message deleted: its body, attachments and mentions are gone, as Graph returns them.
pub fn delete(conn: &Connection, chat: &str, id: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE messages SET deleted_at = ?3, content = '', attachments = '[]', mentions = '[]'
         WHERE chat_id = ?1 AND id = ?2",
        params![chat, id, iso(now)],
    )?;
    touch(conn, chat, id, now)
}

/// Stores a hosted content (an inline image) of a message.
pub fn add_hosted_content(
    conn: &Connection,
    chat: &str,
    message: &str,
    id: &str,
    content_type: &str,
    bytes: &[u8],
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO hosted_contents (chat_id, message_id, id, content_type, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![chat, message, id, content_type, bytes],
    )
    .map(|_| ())
}

/// The ids of a message's hosted contents.
pub fn hosted_content_ids(
    conn: &Connection,
    chat: &str,
    message: &str,
) -> rusqlite::Result<Vec<String>> {
    conn.prepare(
        "SELECT id FROM hosted_contents WHERE chat_id = ?1 AND message_id = ?2 ORDER BY id",
    )?
    .query_map(params![chat, message], |r| r.get(0))?
    .collect()
}

/// One hosted content: its content type and bytes.
pub fn hosted_content(
    conn: &Connection,
    chat: &str,
    message: &str,
    id: &str,
) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    conn.query_row(
        "SELECT content_type, bytes FROM hosted_contents WHERE chat_id = ?1 AND message_id = ?2 AND id = ?3",
        params![chat, message, id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Moves `user`'s read horizon in `chat` to `at` (viewpoint.lastMessageReadDateTime).
pub fn mark_read(
    conn: &Connection,
    chat: &str,
    user: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE chat_members SET last_read = ?3 WHERE chat_id = ?1 AND user_id = ?2",
        params![chat, user, iso(at)],
    )
    .map(|_| ())
}
