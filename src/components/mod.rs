//! Yew components: one per file, props named after the component. Components hold props, hooks
//! and `html!` only: what they show comes from `view`, what they load from `load`, what they
//! write from `writes`, and the session (with the mount's strings) from `hooks::use_session`.
//!
//! A component is built from a literal of its props (`<ChatRow key={k} ..props />`), not from
//! attributes: html! would build those through the props' builder, which costs the wasm about
//! 170 bytes gzipped per place a component is used.
//!
//! State that starts empty starts from the type's `default` function (`use_state(bool::default)`)
//! rather than a closure: every closure is a type of its own, so each would ship its own copy of
//! the hook in the wasm.

mod add_people;
mod app;
mod channels_tab;
mod chat_row;
mod chat_section;
mod chats_tab;
mod collaborate_button;
mod compose;
mod connect_channel;
mod conversation;
pub mod dialog;
pub mod focus;
mod icons;
mod message;
mod new_chat;
mod pane;
mod people_picker;
mod row_menu;
mod tabs;

pub use add_people::{AddPeople, AddPeopleProps};
pub use app::{app, AppProps, Root, RootProps};
pub use channels_tab::{ChannelsTab, ChannelsTabProps};
pub use chat_row::{ChatRow, ChatRowProps};
pub use chat_section::{chat_section, ChatSectionProps};
pub use chats_tab::{ChatsTab, ChatsTabProps};
pub use collaborate_button::{collaborate_button, CollaborateButtonProps};
pub use compose::{mention_query, Compose, ComposeProps};
pub use connect_channel::{ConnectChannel, ConnectChannelProps};
pub use conversation::{Conversation, ConversationProps, Drafts};
pub use message::{MessageContext, MessageItem, MessageItemProps};
pub use new_chat::{NewChat, NewChatProps};
pub use pane::{Pane, PaneProps};

/// The id the button's `aria-controls` points at; ids are scoped to the shadow root.
pub const PANE_ID: &str = "tc-pane";

/// A click handler that fires `callback`. Every plain button shares this one `reform`: a closure
/// per call site would each ship its own copy.
#[inline(never)]
pub fn on_click(callback: &yew::Callback<()>) -> yew::Callback<yew::MouseEvent> {
    callback.reform(|_: yew::MouseEvent| ())
}

/// A boolean ARIA state's value, without formatting a `bool` at every attribute.
pub fn aria(on: bool) -> yew::AttrValue {
    yew::AttrValue::Static(if on { "true" } else { "false" })
}

/// A class list from its parts, the empty ones left out, for `~className={class(&[..])}`.
///
/// A `class={..}` whose value is not a literal goes through Yew's `Classes`, an `IndexSet` that
/// brings a hash table and its hashing into the wasm (3 KB gzipped in all). So a class that
/// changes is set as the `className` property (`~className`), and on SVG, which has no such
/// property, as a static attribute list (`icons`); literal `class="…"` attributes are fine.
pub fn class(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    parts.join(" ")
}

/// A part that failed: what happened, said to assistive technology, and Retry.
pub fn retry_error(message: &str, retry: &'static str, on_retry: yew::Callback<()>) -> yew::Html {
    yew::html! {
        <div class="tc-section-error">
            <p role="alert">{ message.to_owned() }</p>
            <button type="button" class="tc-retry" onclick={on_click(&on_retry)}>{ retry }</button>
        </div>
    }
}
