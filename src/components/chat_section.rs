//! A section of the Chats tab: a heading and a list, with loading, empty and error states.

use super::{ChatRow, RowAction};
use crate::api::graph::Presence;
use crate::state::Load;
use crate::view::Row;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// Gives a row its menu actions.
pub type RowActions = dyn Fn(&Row) -> Vec<RowAction>;

/// The actions of a row, by row; compared by identity.
#[derive(Clone)]
pub struct ActionsFor(pub Rc<RowActions>);

impl PartialEq for ActionsFor {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Props of [`ChatSection`].
#[derive(Properties, PartialEq)]
pub struct ChatSectionProps {
    /// The heading.
    pub title: AttrValue,
    /// A stable id for the heading (the list is labelled by it).
    pub id: AttrValue,
    /// The rows, or why there are none yet.
    pub rows: Load<Vec<Row>>,
    /// What an empty section says.
    pub empty: AttrValue,
    /// Whether the filter is active (an empty result then says so).
    pub filtered: bool,
    /// Presence by lower-case user id.
    pub presence: Rc<HashMap<String, Presence>>,
    /// Photos by lower-case user id.
    pub photos: Rc<HashMap<String, Option<String>>>,
    /// The key of the row in the tab order.
    pub tabbable: Option<String>,
    /// Fired by Retry.
    pub on_retry: Callback<()>,
    /// The locale for relative times.
    pub locale: Option<AttrValue>,
    /// Extra hosts "Open in Teams" may open.
    pub teams_hosts: Rc<Vec<String>>,
    /// The actions of each row.
    pub actions: ActionsFor,
    /// Anything under the list (e.g. "Show more").
    #[prop_or_default]
    pub children: Html,
}

/// One section; it fails on its own with a message and Retry.
#[function_component(ChatSection)]
pub fn chat_section(props: &ChatSectionProps) -> Html {
    let t = super::use_strings();
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
        Load::Failed(message) => super::retry_error(message, props.on_retry.clone()),
        Load::Ready(rows) if rows.is_empty() => html! {
            <p class="tc-empty">{ if props.filtered { AttrValue::from(t.no_match) } else { props.empty.clone() } }</p>
        },
        Load::Ready(rows) => html! {
            <ul class="tc-list" aria-labelledby={heading.clone()}>
                { for rows.iter().map(|row| {
                    let person = row.person.as_deref();
                    html! {
                        <ChatRow
                            key={row.key.clone()}
                            row={row.clone()}
                            presence={person.and_then(|p| props.presence.get(p).cloned())}
                            photo={person.and_then(|p| props.photos.get(p).cloned().flatten())}
                            tabbable={props.tabbable.as_deref() == Some(row.key.as_str())}
                            locale={props.locale.clone()}
                            teams_hosts={props.teams_hosts.clone()}
                            actions={(props.actions.0)(row)}
                        />
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="tc-section" aria-labelledby={heading.clone()}>
            <h3 class="tc-section-title" id={heading}>{ props.title.clone() }</h3>
            { body }
            { props.children.clone() }
        </section>
    }
}
