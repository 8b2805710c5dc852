//! Yew components: one per file, props named after the component.
//!
//! State that starts empty starts from the type's `default` function (`use_state(bool::default)`)
//! rather than a closure: every closure is a type of its own, so each would ship its own copy of
//! the hook in the wasm.

mod app;
mod channels_tab;
mod chat_pane;
mod chat_row;
mod chat_section;
mod collaborate_button;
mod connect_channel;
mod new_chat;
mod on_screen;

pub use app::{App, AppProps, Root, RootProps};
pub use channels_tab::{ChannelsTab, ChannelsTabProps};
pub use chat_pane::{ChatPane, ChatPaneProps};
pub use chat_row::{ChatRow, ChatRowProps, RowAction};
pub use chat_section::{ActionsFor, ChatSection, ChatSectionProps};
pub use collaborate_button::{CollaborateButton, CollaborateButtonProps};
pub use connect_channel::{ConnectChannel, ConnectChannelProps};
pub use new_chat::{NewChat, NewChatProps};

/// A mount's strings, which [`App`] gives every component under it.
#[derive(Clone, Copy, Debug)]
pub struct Lang(pub &'static crate::text::Strings);

impl PartialEq for Lang {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

/// Makes `t` answer in this mount's language while the calling component renders
/// (Yew renders a component on its own, after another mount may have rendered in another
/// language), and returns the strings for the component's callbacks.
#[yew::hook]
pub fn use_strings() -> &'static crate::text::Strings {
    let strings = yew::use_context::<Lang>().map_or_else(crate::text::tr, |lang| lang.0);
    crate::text::set_strings(strings);
    strings
}

/// The id the button's `aria-controls` points at; ids are scoped to the shadow root.
pub const PANE_ID: &str = "tc-pane";

/// A part that failed: what happened, said to assistive technology, and Retry.
pub fn retry_error(message: &str, on_retry: yew::Callback<()>) -> yew::Html {
    yew::html! {
        <div class="tc-section-error">
            <p role="alert">{ message.to_owned() }</p>
            <button type="button" class="tc-retry" onclick={on_retry.reform(|_: yew::MouseEvent| ())}>{ crate::text::tr().retry }</button>
        </div>
    }
}
