//! The pane's effects, as hooks: loading a screen when it shows, polling, watching which rows
//! are on screen, and keeping focus where a keyboard user expects it. Components call these and
//! render; the rules they follow live in `state`, `load` and `view`.

mod focus;
mod use_anchored;
mod use_chats;
mod use_conversation;
mod use_on_screen;
mod use_polling;

pub use focus::{use_dialog, use_focus_follows_row, use_focus_neighbour, FollowRow};
pub use use_anchored::{supports_popover, use_anchored_pane};
pub use use_chats::{use_chats, use_people_on_screen, ChatsHandle};
pub use use_conversation::{use_conversation, use_stick_to_bottom, ConversationHandle};
pub use use_on_screen::{use_rows_on_screen, Visible};
pub use use_polling::use_polling;

use crate::session::Session;
use std::rc::Rc;
use yew::prelude::*;

/// The mount's session, which [`App`](crate::components::App) provides to every component under
/// it: the API, the record, the user's rights on the link tables, and the language.
#[hook]
pub fn use_session() -> Rc<Session> {
    use_context::<Rc<Session>>().expect("every component renders under App, which provides it")
}
