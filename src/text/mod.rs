//! Words and text: the UI strings of each language, formatting (names, initials, bidi, times)
//! and HTML turned into plain text. Strings reach code one way: the mount's
//! [`Session`](crate::session::Session) carries its language's [`Strings`].

mod format;
mod html;
mod strings;

pub use format::{
    direction, fill, find, initials, iso_time, isolate, local_time, lower, names_title,
    names_title_of, parse_iso_millis, relative_parts, relative_time, replace_all, upper,
    EXPANDED_MEMBERS,
};
pub use html::{parse_html, plain_text};
pub use strings::{strings_for, Strings, DE, EN};

/// Text an attacker controls: markup, script URLs, bidi overrides, a replacement character.
#[cfg(test)]
pub(crate) const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "\u{202E}fdp.exe\u{202C} \u{2066}x\u{2069} \u{200F}\u{061C}",
    "\u{FFFD}",
];
