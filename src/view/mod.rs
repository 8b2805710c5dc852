//! Pure functions from loaded state to what the pane shows and offers: the sections' rows, a
//! channel's row, a row's menu, a presence badge. Every rule is tested natively.

mod channels;
mod chats;
mod conversation;
mod markup;
mod offers;
mod place;
mod presence;
mod rows;

pub use channels::channel_row;
pub use chats::{chats_view, ChatsView};
pub use conversation::{
    emoji_of, members_line, message_rows, reaction_label, Author, Body, MessageRow,
    ReactionSummary, GROUP_MS, REACTIONS,
};
pub use markup::{
    chat_path, hosted_content, rebuild, safe_href, text_parts, Context, Markup, Part, Tag,
    MAX_DEPTH,
};
pub use offers::{opens, row_actions, shows_suggestions, unlinkable, Offer, Rights};
pub use place::{place, Edge, Placement, Rect};
pub use presence::Availability;
pub use rows::{
    chat_row, first_people, missing_connected, preview_text, sections, Inputs, Row, RowKey,
    RowKind, Sections, OTHER_ROWS_ON_SCREEN,
};
