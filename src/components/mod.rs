//! Yew components: one per file, props named after the component.

mod app;
mod chat_pane;
mod collaborate_button;

pub use app::{App, AppProps};
pub use chat_pane::{ChatPane, ChatPaneProps};
pub use collaborate_button::{CollaborateButton, CollaborateButtonProps};

/// The id the button's `aria-controls` points at; ids are scoped to the shadow root.
pub const PANE_ID: &str = "tc-pane";
