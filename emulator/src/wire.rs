//! Formats the APIs and the seed write alike: Graph's timestamps, ids percent-encoded as Teams
//! deep links carry them, and conversation member ids. It uses nothing else of the crate, so
//! any module may use it.

use base64::Engine;
use chrono::{DateTime, Utc};

/// Graph's timestamp format: RFC 3339 in UTC with milliseconds.
pub fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Percent-encodes a path segment the way Teams deep links carry ids.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A conversation member id: opaque to clients, stable for a chat and user.
pub fn membership_id(chat_id: &str, user_id: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{chat_id}##{user_id}"))
}
