//! The emulator's clock: real time plus an offset tests can move forward.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// The emulator's current time.
pub fn now(conn: &Connection) -> DateTime<Utc> {
    Utc::now() + Duration::seconds(offset(conn))
}

/// Moves the clock forward (or back) by `seconds`.
pub fn advance(conn: &Connection, seconds: i64) -> rusqlite::Result<()> {
    let offset = offset(conn) + seconds;
    set_setting(conn, "clock_offset_seconds", &offset.to_string())
}

fn offset(conn: &Connection) -> i64 {
    setting(conn, "clock_offset_seconds")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A stored emulator setting.
pub fn setting(conn: &Connection, key: &str) -> Option<String> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

/// Stores an emulator setting.
pub fn set_setting(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
}
