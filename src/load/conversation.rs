//! What an open conversation asks for: the newest page and the chat marked read (one round),
//! earlier pages, what changed since the newest message seen (the live query), and hosted images.

use crate::api::graph::{self, Member};
use crate::api::{http, Error};
use crate::session::Session;
use crate::state::{ChatsAction, ConversationAction};
use yew::Callback;

/// Opens a conversation: its newest 50 messages, and, beside them, the chat marked read for
/// the user (with their tenant: their own member entry's, else `GET /organization`'s).
pub async fn open(
    session: &Session,
    chat: &str,
    me: &str,
    members: &[Member],
    dispatch: &Callback<ConversationAction>,
    chats: &Callback<ChatsAction>,
) {
    let (page, read) = futures::join!(
        graph::list_messages(&session.api, chat, None),
        mark_read(session, chat, me, members)
    );
    match page {
        Ok(page) => dispatch.emit(ConversationAction::Loaded(page)),
        Err(error) => {
            let message = messages_message(session, &error);
            super::fail(session, dispatch, ConversationAction::Failed(message));
        }
    }
    match read {
        Ok(()) => chats.emit(ChatsAction::Read(chat.to_owned())),
        // Unread marks are decoration: the conversation opens all the same.
        Err(error) => super::warn(&error),
    }
}

/// The newest page again (Retry after it failed).
pub async fn newest(session: &Session, chat: &str, dispatch: &Callback<ConversationAction>) {
    match graph::list_messages(&session.api, chat, None).await {
        Ok(page) => dispatch.emit(ConversationAction::Loaded(page)),
        Err(error) => {
            let message = messages_message(session, &error);
            super::fail(session, dispatch, ConversationAction::Failed(message));
        }
    }
}

/// The page before the oldest shown.
pub async fn earlier(
    session: &Session,
    chat: &str,
    next: &str,
    dispatch: &Callback<ConversationAction>,
) {
    match graph::list_messages(&session.api, chat, Some(next)).await {
        Ok(page) => dispatch.emit(ConversationAction::Earlier(page)),
        Err(error) => {
            let message = messages_message(session, &error);
            super::fail(
                session,
                dispatch,
                ConversationAction::EarlierFailed(message),
            );
        }
    }
}

/// New and edited messages since `since`; the error tells the poller to slow down.
pub async fn changes(
    session: &Session,
    chat: &str,
    since: &str,
    dispatch: &Callback<ConversationAction>,
) -> Result<(), Error> {
    let mut page = graph::changed_messages(&session.api, chat, since).await?;
    let mut messages = std::mem::take(&mut page.messages);
    // More than a page changed (a long absence): follow the pages, newest first.
    while let Some(next) = page.next_link.take() {
        page = graph::list_messages(&session.api, chat, Some(&next)).await?;
        messages.append(&mut page.messages);
    }
    if !messages.is_empty() {
        dispatch.emit(ConversationAction::Changed(messages));
    }
    Ok(())
}

/// A hosted image, fetched with the Graph token and shown from a `blob:` URL; one that cannot
/// be fetched shows its description.
pub async fn image(session: &Session, src: String, dispatch: &Callback<ConversationAction>) {
    dispatch.emit(ConversationAction::ImageRequested(src.clone()));
    let url = match http::get_object_url(&session.api, &src).await {
        Ok(url) => Some(url),
        Err(error) => {
            super::warn(&error);
            None
        }
    };
    dispatch.emit(ConversationAction::Image { src, url });
}

async fn mark_read(
    session: &Session,
    chat: &str,
    me: &str,
    members: &[Member],
) -> Result<(), Error> {
    let own = members.iter().find(|m| {
        m.user_id
            .as_deref()
            .is_some_and(|id| id.eq_ignore_ascii_case(me))
    });
    let tenant = match own.and_then(|m| m.tenant_id.clone()) {
        Some(tenant) => tenant,
        None => graph::my_tenant(&session.api).await?,
    };
    graph::mark_read(&session.api, chat, me, &tenant).await
}

fn messages_message(session: &Session, error: &Error) -> String {
    super::warn(error);
    session.strings.messages_unavailable.into()
}
