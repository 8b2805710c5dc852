//! What the user does to the record's chats: connect, disconnect, start a new connected chat.
//! Each write shows at once and goes back, with a message, if it fails.

use crate::api::graph::{self, Chat};
use crate::api::{dataverse, warn, Error};
use crate::session::Session;
use crate::settings;
use crate::state::ChatsAction;
use yew::Callback;

/// Connects a group chat: an Associate row means done, a Disassociate row is set back to
/// Associate, else a row is added. The row shows at once and goes back on failure.
pub async fn connect(
    session: &Session,
    chat_id: &str,
    me_name: Option<String>,
    dispatch: &Callback<ChatsAction>,
) {
    dispatch.emit(ChatsAction::ConnectStarted {
        chat_id: chat_id.to_owned(),
        by: me_name,
        by_id: session.user_id.clone(),
    });
    match write_connect(session, chat_id).await {
        Ok(()) => dispatch.emit(ChatsAction::ConnectDone(chat_id.to_owned())),
        Err(error) => {
            warn(&error);
            dispatch.emit(ChatsAction::ConnectFailed {
                chat_id: chat_id.to_owned(),
                message: session.strings.connect_failed.into(),
            });
        }
    }
}

async fn write_connect(session: &Session, chat_id: &str) -> Result<(), Error> {
    let api = &session.api;
    let rows = dataverse::links_of_chat(api, chat_id, &session.record_id).await?;
    if rows.iter().any(|r| r.state == 0) {
        return Ok(());
    }
    match rows.first() {
        Some(row) => dataverse::set_link_state(api, &row.id, 0).await,
        None => {
            dataverse::create_link(api, chat_id, &session.record_id, &session.entity_name).await
        }
    }
}

/// Disconnects a chat: every Associate row of it and the record becomes Disassociate.
pub async fn disconnect(session: &Session, chat_id: &str, dispatch: &Callback<ChatsAction>) {
    dispatch.emit(ChatsAction::DisconnectStarted(chat_id.to_owned()));
    let result = async {
        let rows = dataverse::links_of_chat(&session.api, chat_id, &session.record_id).await?;
        for row in rows.iter().filter(|r| r.state == 0) {
            dataverse::set_link_state(&session.api, &row.id, 1).await?;
        }
        Ok::<(), Error>(())
    }
    .await;
    match result {
        Ok(()) => dispatch.emit(ChatsAction::DisconnectDone(chat_id.to_owned())),
        Err(error) => {
            warn(&error);
            dispatch.emit(ChatsAction::DisconnectFailed {
                chat_id: chat_id.to_owned(),
                message: session.strings.disconnect_failed.into(),
            });
        }
    }
}

/// Starts a connected chat: Graph creates the group chat, then the link row is written; the
/// error says which step failed (nothing is written to Dataverse when Graph fails).
pub async fn new_connected_chat(
    session: &Session,
    me: &str,
    people: &[graph::Participant],
    topic: &str,
    dispatch: &Callback<ChatsAction>,
) -> Result<Chat, &'static str> {
    let chat = graph::create_group_chat(&session.api, me, people, topic)
        .await
        .map_err(|error| {
            warn(&error);
            match error {
                Error::Status { status: 403, .. } => session.strings.create_chat_forbidden,
                _ => session.strings.create_chat_failed,
            }
        })?;
    dispatch.emit(ChatsAction::ChatCreated(Box::new(chat.clone())));
    match dataverse::create_link(
        &session.api,
        &chat.id,
        &session.record_id,
        &session.entity_name,
    )
    .await
    {
        Ok(()) => {
            dispatch.emit(ChatsAction::ConnectStarted {
                chat_id: chat.id.clone(),
                by: None,
                by_id: session.user_id.clone(),
            });
            dispatch.emit(ChatsAction::ConnectDone(chat.id.clone()));
            Ok(chat)
        }
        Err(error) => {
            warn(&error);
            Err(session.strings.created_not_connected)
        }
    }
}

/// Posts the note a new connected chat starts with: the record's name, linked to its page
/// (`https` only, checked when the options were read), and under it the record's values of the
/// first columns of the record type's view, one "Label: value" a line. A failure is said; the
/// chat stays connected (and a note whose values cannot be read goes without them).
pub async fn post_record_link(
    session: &Session,
    chat: &str,
    name: &str,
    url: &str,
    dispatch: &Callback<ChatsAction>,
) {
    let link = format!(
        "<a href=\"{}\">{}</a>",
        super::conversation::escape(url),
        super::conversation::escape(name)
    );
    let mut html = format!(
        "<p>{}</p>",
        crate::text::fill(session.strings.link_posted, "name", &link)
    );
    let details = record_details(session).await;
    if !details.is_empty() {
        let lines: Vec<String> = details
            .iter()
            .map(|(label, value)| {
                format!(
                    "{}: {}",
                    super::conversation::escape(label),
                    super::conversation::escape(value)
                )
            })
            .collect();
        html.push_str(&format!("<p>{}</p>", lines.join("<br>")));
    }
    let body = graph::message_body(&html, &[]);
    if let Err(error) = graph::send_message(&session.api, chat, &body).await {
        warn(&error);
        dispatch.emit(ChatsAction::Notice(Some(
            session.strings.link_failed.into(),
        )));
    }
}

/// The record's values of the first columns of the view the record type names, labelled in the
/// user's language: the view first, then its columns' labels and the record in one round. Empty
/// without a view, or when it cannot be read (said in the console).
async fn record_details(session: &Session) -> Vec<(String, String)> {
    let api = &session.api;
    let (Some(view), Some(set)) = (&session.settings.context_view, &session.entity_set) else {
        return Vec::new();
    };
    let columns = match dataverse::view_columns(api, view).await {
        Ok(columns) if !columns.is_empty() => columns,
        Ok(_) => return Vec::new(),
        Err(error) => {
            warn(&error);
            return Vec::new();
        }
    };
    let (labels, record) = futures::join!(
        dataverse::column_labels(api, &session.entity_name, &columns),
        dataverse::record_values(api, set, &session.record_id)
    );
    match record {
        Ok(record) => settings::note_lines(
            &columns,
            &labels.inspect_err(warn).unwrap_or_default(),
            |column| dataverse::shown_value(&record, column),
        ),
        Err(error) => {
            warn(&error);
            Vec::new()
        }
    }
}
