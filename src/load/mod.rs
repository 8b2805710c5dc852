//! What each screen asks for, and in which round. Loads take the session and dispatch what
//! arrives into their screen's reducer; components only start them.

pub mod channels;
pub mod chats;
pub mod connect_channel;
pub mod conversation;
pub mod new_chat;

pub(crate) use crate::api::warn;
use crate::api::Error;
use crate::session::Session;
use yew::Callback;

/// Reports a failure, unless the load was cancelled (the pane closed): that is no failure.
pub(crate) fn fail<A: 'static>(session: &Session, dispatch: &Callback<A>, action: A) {
    if !session.api.aborted() {
        dispatch.emit(action);
    }
}

/// What a Dataverse failure tells the user.
pub(crate) fn crm_message(session: &Session, error: &Error) -> String {
    warn(error);
    session.strings.crm_unreachable.into()
}

/// What a Graph failure tells the user.
pub(crate) fn graph_message(session: &Session, error: &Error) -> String {
    warn(error);
    session.strings.graph_unreachable.into()
}
