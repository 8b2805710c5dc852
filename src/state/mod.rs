//! Each screen's state and the only ways it changes: one pure reducer per screen of the pane
//! (the pane itself, the Chats tab, the Channels tab, and the two dialogs), tested natively.

mod channels;
mod chats;
mod connect_channel;
mod conversation;
mod new_chat;
mod pane;

pub use channels::{Channel, ChannelsAction, ChannelsData};
pub use chats::{pending_link_id, ChatsAction, ChatsData, Connected, Section};
pub use connect_channel::{Busy, ConnectChannelAction, ConnectChannelState, StartedTeam};
pub use conversation::{ConversationAction, ConversationData, Delivery, OpenChat, Outgoing};
pub use new_chat::{NewChatAction, NewChatState};
pub use pane::{PaneAction, PaneState, Tab};

/// The wire types the screens' state holds, for the components that render them.
pub use crate::api::dataverse::Suggestion;
/// The wire types the screens' state holds, for the components that render them.
pub use crate::api::graph::{ChatLookup, ChatType, Member, Named, Participant, Person, Presence};

/// A load: in flight, done, or failed with a message for the user.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    /// Not asked for yet, or in flight.
    Loading,
    /// Arrived.
    Ready(T),
    /// Failed; the message says what the user can do.
    Failed(String),
}

impl<T> Load<T> {
    /// The value when ready.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(value) => Some(value),
            _ => None,
        }
    }
}
