//! Other people "reply" now and then, so a live conversation view has something to show: every
//! `everySeconds` of emulator time a member of one of Megan's chats posts a short message. It runs
//! only in the binary (`spawn_worker`), on by default with a database file (the demo) and off with
//! `:memory:` (the browser tests); `/_emulator/replies` switches it and `/_emulator/replies/now`
//! makes one reply at once, which is how tests drive a live view deterministically.

use crate::clock::{self, set_setting, setting};
use crate::messages::{self, NewMessage};
use crate::seed::{user_id, DEMO_TENANT};
use crate::state::AppState;
use crate::wire::iso;
use rusqlite::{params, Connection, OptionalExtension};

/// Seconds of emulator time between replies unless set.
pub const DEFAULT_EVERY_SECONDS: i64 = 45;
/// How often the worker looks at the clock.
const TICK: std::time::Duration = std::time::Duration::from_secs(1);
/// What people say.
const LINES: &[&str] = &[
    "Sounds good.",
    "I'll take a look this afternoon.",
    "Thanks, that helps!",
    "Can we sync tomorrow morning?",
    "Just sent the updated file.",
    "👍",
    "On it.",
    "Looping in finance on this one.",
    "Agreed, let's go with option B.",
    "Running five minutes late to the call.",
];

/// The replies' settings, as `/_emulator/replies` shows them.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Whether replies come on their own.
    pub enabled: bool,
    /// Emulator seconds between them.
    pub every_seconds: i64,
    /// When the next one is due (emulator clock), when enabled.
    pub next_at: Option<i64>,
}

/// One reply that was posted.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The chat.
    pub chat_id: String,
    /// The new message's id.
    pub message_id: String,
    /// Who said it.
    pub from_user_id: String,
    /// What they said.
    pub text: String,
    /// When (createdDateTime).
    pub created: String,
}

/// The current settings; `enabled` falls back to the state's default (on for the demo).
pub fn settings(state: &AppState, conn: &Connection) -> Settings {
    let enabled = setting(conn, "replies_enabled")
        .map(|v| v == "true")
        .unwrap_or(state.replies_by_default);
    Settings {
        enabled,
        every_seconds: setting(conn, "replies_every_seconds")
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_EVERY_SECONDS),
        next_at: setting(conn, "replies_next_at").and_then(|v| v.parse().ok()),
    }
}

/// Switches replies on or off (and sets their pace); the next one is due a period from now.
pub fn configure(
    conn: &Connection,
    enabled: bool,
    every_seconds: Option<i64>,
) -> rusqlite::Result<()> {
    set_setting(
        conn,
        "replies_enabled",
        if enabled { "true" } else { "false" },
    )?;
    if let Some(every) = every_seconds {
        set_setting(conn, "replies_every_seconds", &every.to_string())?;
    }
    conn.execute("DELETE FROM settings WHERE key = 'replies_next_at'", [])
        .map(|_| ())
}

/// Runs beside the APIs: once a second, posts a reply when one is due.
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(problem) = tick(&state) {
                eprintln!("replies: {problem}");
            }
            tokio::time::sleep(TICK).await;
        }
    });
}

/// Posts a reply if replies are on and one is due; schedules the next.
pub fn tick(state: &AppState) -> Result<Option<Reply>, String> {
    let conn = state.db();
    let current = settings(state, &conn);
    if !current.enabled {
        return Ok(None);
    }
    let now = clock::now(&conn).timestamp();
    let next = (now + current.every_seconds.max(1)).to_string();
    match current.next_at {
        Some(due) if now >= due => {
            set_setting(&conn, "replies_next_at", &next).map_err(|e| e.to_string())?;
            reply(&conn, None, None, None).map(Some)
        }
        Some(_) => Ok(None),
        None => {
            set_setting(&conn, "replies_next_at", &next).map_err(|e| e.to_string())?;
            Ok(None)
        }
    }
}

/// Posts one reply: in `chat` (else the next of Megan's chats that have messages, in turn), from
/// `from` (else the next other member, in turn), saying `text` (else the next canned line).
pub fn reply(
    conn: &Connection,
    chat: Option<&str>,
    from: Option<&str>,
    text: Option<&str>,
) -> Result<Reply, String> {
    let count: usize = setting(conn, "replies_count")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let megan = user_id(1);
    let chat = match chat {
        Some(chat) => {
            let exists: bool = conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM chats WHERE id = ?1)",
                    params![chat],
                    |r| r.get(0),
                )
                .map_err(|e| e.to_string())?;
            if !exists {
                return Err(format!("no chat '{chat}'"));
            }
            chat.to_owned()
        }
        None => {
            let chats: Vec<String> = conn
                .prepare(
                    "SELECT c.id FROM chats c JOIN chat_members cm ON cm.chat_id = c.id AND cm.user_id = ?1
                     WHERE c.tenant_id = ?2 AND cm.is_hidden = 0
                       AND EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id)
                     ORDER BY c.id",
                )
                .and_then(|mut s| {
                    s.query_map(params![megan, DEMO_TENANT], |r| r.get(0))?
                        .collect()
                })
                .map_err(|e| e.to_string())?;
            chats
                .get(count % chats.len().max(1))
                .cloned()
                .ok_or("Megan is in no chat with messages")?
        }
    };
    let others: Vec<String> = conn
        .prepare(
            "SELECT cm.user_id FROM chat_members cm JOIN users u ON u.id = cm.user_id
             WHERE cm.chat_id = ?1 AND cm.user_id <> ?2 AND u.teams_licensed = 1 ORDER BY cm.user_id",
        )
        .and_then(|mut s| {
            s.query_map(params![chat, megan], |r| r.get(0))?
                .collect()
        })
        .map_err(|e| e.to_string())?;
    let from = match from {
        Some(from) => {
            let member: Option<String> = conn
                .query_row(
                    "SELECT user_id FROM chat_members WHERE chat_id = ?1 AND user_id = ?2 COLLATE NOCASE",
                    params![chat, from],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| e.to_string())?;
            member.ok_or_else(|| format!("'{from}' is not a member of '{chat}'"))?
        }
        None => others
            .get(count % others.len().max(1))
            .cloned()
            .ok_or_else(|| format!("nobody but Megan is in '{chat}'"))?,
    };
    let text = text
        .map(str::to_owned)
        .unwrap_or_else(|| LINES[count % LINES.len()].to_owned());
    let now = clock::now(conn);
    let message_id = messages::insert(conn, &NewMessage::new(&chat, &from, "text", &text, now))
        .map_err(|e| e.to_string())?;
    set_setting(conn, "replies_count", &(count + 1).to_string()).map_err(|e| e.to_string())?;
    Ok(Reply {
        chat_id: chat,
        message_id,
        from_user_id: from,
        text,
        created: iso(now),
    })
}
