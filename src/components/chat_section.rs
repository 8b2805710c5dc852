//! A section of the Chats tab: a heading and a list, with loading, empty and error states.

use super::{retry_error, ChatRow, ChatRowProps};
use crate::keyed::Map;
use crate::state::{Load, Presence, Section};
use crate::text::Strings;
use crate::view::{self, Offer, Rights, Row, RowKey};
use std::rc::Rc;
use yew::prelude::*;

/// What [`chat_section`] shows.
pub struct ChatSectionProps {
    /// Which section this is: it decides what its rows offer.
    pub section: Section,
    /// The heading.
    pub title: &'static str,
    /// A stable id for the heading (the list is labelled by it).
    pub id: &'static str,
    /// The rows, or why there are none yet.
    pub rows: Load<Vec<Row>>,
    /// What an empty section says.
    pub empty: &'static str,
    /// Whether the filter is active (an empty result then says so).
    pub filtered: bool,
    /// Presence by lower-case user id.
    pub presence: Rc<Map<String, Presence>>,
    /// Photos by lower-case user id.
    pub photos: Rc<Map<String, Option<String>>>,
    /// The key of the row in the tab order.
    pub tabbable: Option<RowKey>,
    /// What the user may do.
    pub rights: Rights,
    /// Chats the user may disconnect without the write privilege (the record type's rules for
    /// the owner and the connector).
    pub unlinkable: Rc<Vec<String>>,
    /// Extra hosts "Open in Teams" may open.
    pub teams_hosts: Rc<Vec<String>>,
    /// Fired by Retry.
    pub on_retry: Callback<()>,
    /// Fired with what a row's menu picked.
    pub on_offer: Callback<Offer>,
    /// Fired by a row that opens its chat.
    pub on_open: Callback<RowKey>,
    /// Anything under the list (e.g. "Show more").
    pub children: Html,
}

/// One section; it fails on its own with a message and Retry. A function, not a component:
/// it keeps no state, its tab renders it whenever its rows could have changed, and each row is a
/// component that skips a render when nothing of its own changed.
pub fn chat_section(props: ChatSectionProps, t: &Strings) -> Html {
    let heading = format!("{}-heading", props.id);
    let body = match &props.rows {
        Load::Loading => html! {
            <>
                <p class="tc-sr" role="status">{ t.loading }</p>
                <ul class="tc-list" aria-hidden="true">
                    { for (0..3).map(|_| html! { <li class="tc-skeleton"><span class="tc-skel-avatar"></span><span class="tc-skel-lines"><span></span><span></span></span></li> }) }
                </ul>
            </>
        },
        Load::Failed(message) => retry_error(message, t.retry, props.on_retry.clone()),
        Load::Ready(rows) if rows.is_empty() => html! {
            <p class="tc-empty">{ if props.filtered { t.no_match } else { props.empty } }</p>
        },
        Load::Ready(rows) => html! {
            <ul class="tc-list" aria-labelledby={heading.clone()}>
                { for rows.iter().map(|row| {
                    let person = row.person.as_deref();
                    let rights = match row.key.chat_id() {
                        Some(chat) if props.unlinkable.iter().any(|c| c == chat) => Rights { disconnect_chats: true, ..props.rights },
                        _ => props.rights,
                    };
                    let offers = view::row_actions(props.section, row, &rights, &props.teams_hosts);
                    let row_props = ChatRowProps {
                        row: row.clone(),
                        presence: person.and_then(|p| props.presence.get(p).cloned()),
                        photo: person.and_then(|p| props.photos.get(p).cloned().flatten()),
                        tabbable: props.tabbable.as_ref() == Some(&row.key),
                        offers,
                        on_offer: props.on_offer.clone(),
                        on_open: props.on_open.clone(),
                    };
                    html! { <ChatRow key={row.key.to_string()} ..row_props /> }
                }) }
            </ul>
        },
    };
    html! {
        <section class="tc-section" aria-labelledby={heading.clone()}>
            <h3 class="tc-section-title" id={heading}>{ props.title }</h3>
            { body }
            { props.children.clone() }
        </section>
    }
}
