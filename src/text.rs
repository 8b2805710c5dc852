//! UI strings, in one place.

/// The button's accessible name and label.
pub const COLLABORATE: &str = "Collaborate";
/// The pane region's accessible name and heading.
pub const PANE_TITLE: &str = "Teams chats";
/// The close button's accessible name.
pub const CLOSE_PANE: &str = "Close Teams chats";
/// What the empty pane says until the chat list arrives.
pub const PANE_EMPTY: &str = "Chats and channels connected to this record will appear here.";
