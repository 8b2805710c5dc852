//! What the New connected chat dialog asks for: people whose names start with what was typed.

use crate::api::graph;
use crate::session::Session;
use crate::state::NewChatAction;
use yew::Callback;

/// People search; a failure keeps its text for Retry.
pub async fn search(session: &Session, text: String, dispatch: &Callback<NewChatAction>) {
    match graph::search_people(&session.api, text.trim()).await {
        Ok(found) => dispatch.emit(NewChatAction::Found(found)),
        Err(error) => {
            super::warn(&error);
            dispatch.emit(NewChatAction::SearchFailed(text));
        }
    }
}
