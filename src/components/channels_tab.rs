//! The Channels tab: the Teams channels connected to the record, as "Team > Channel" with names
//! read from Graph now; a team or channel deleted in Teams shows as missing, not as an error.

use super::{ChatRow, ConnectChannel, RowAction};
use crate::api::dataverse::{self, ChannelLink};
use crate::api::graph::{self, ChannelNames, ChatType};
use crate::load::Session;
use crate::state::Load;
use crate::text;
use crate::view::{Row, RowKind};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

/// Props of [`ChannelsTab`].
#[derive(Properties, PartialEq)]
pub struct ChannelsTabProps {
    /// The API and the record.
    pub session: Rc<Session>,
    /// Whether the tab shows (it loads the first time it does).
    pub active: bool,
    /// Extra hosts "Open in Teams" may open.
    pub teams_hosts: Rc<Vec<String>>,
    /// Whether the user may read the record (`None` until `RetrievePrincipalAccess` answers).
    pub can_read: Option<bool>,
    /// Whether the user may connect channels (append-to access on the record).
    pub can_append: bool,
    /// Whether the user may disconnect (the link privilege read at mount).
    pub can_disconnect: bool,
}

#[derive(Clone, PartialEq)]
struct Channel {
    link: ChannelLink,
    names: ChannelNames,
}

/// The connected channels, each with Open in Teams and Disconnect.
#[function_component(ChannelsTab)]
pub fn channels_tab(props: &ChannelsTabProps) -> Html {
    let t = super::use_strings();
    let channels = use_state(|| Load::<Vec<Channel>>::Loading);
    let notice = use_state(Option::<String>::default);
    let started = use_mut_ref(|| false);
    let dialog = use_state(bool::default);
    let button_ref = use_node_ref();
    let reload = {
        let (channels, session) = (channels.clone(), props.session.clone());
        Callback::from(move |()| {
            channels.set(Load::Loading);
            let (channels, session) = (channels.clone(), session.clone());
            spawn_local(async move { channels.set(load(&session).await) });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((props.active, props.can_read), move |(active, can_read)| {
            if *active && *can_read != Some(false) && !started.replace(true) {
                reload.emit(());
            }
        });
    }
    // A disconnected row goes away: focus moves to its neighbour (or Connect a channel) rather
    // than being dropped onto the page.
    let section_ref = use_node_ref();
    let refocus = use_mut_ref(|| None::<web_sys::HtmlElement>);
    {
        let (refocus, button_ref, section_ref) =
            (refocus.clone(), button_ref.clone(), section_ref.clone());
        use_effect(move || {
            if refocus.borrow().is_none() {
                return;
            }
            let focus_lost = section_ref
                .cast::<web_sys::HtmlElement>()
                .and_then(|s| s.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok())
                .is_some_and(|root| root.active_element().is_none());
            let target = refocus
                .borrow_mut()
                .take()
                .filter(|e| e.is_connected())
                .or_else(|| button_ref.cast::<web_sys::HtmlElement>());
            if let (true, Some(target)) = (focus_lost, target) {
                let _ = target.focus();
            }
        });
    }
    let disconnect = {
        let (channels, notice, session, refocus, section_ref) = (
            channels.clone(),
            notice.clone(),
            props.session.clone(),
            refocus.clone(),
            section_ref.clone(),
        );
        Callback::from(move |id: String| {
            let Load::Ready(list) = &*channels else {
                return;
            };
            *refocus.borrow_mut() = neighbour_row(&section_ref, &format!("channel:{id}"));
            let before = list.clone();
            channels.set(Load::Ready(
                before.iter().filter(|c| c.link.id != id).cloned().collect(),
            ));
            notice.set(None);
            let (channels, notice, session) = (channels.clone(), notice.clone(), session.clone());
            spawn_local(async move {
                if dataverse::delete_channel_link(&session.api, &id)
                    .await
                    .is_err()
                {
                    channels.set(Load::Ready(before));
                    notice.set(Some(t.channel_disconnect_failed.into()));
                }
            });
        })
    };
    let body = match &*channels {
        _ if props.can_read == Some(false) => {
            html! { <p class="tc-empty" role="status">{ t.no_read_channels }</p> }
        }
        Load::Loading => html! { <p class="tc-empty" role="status">{ t.loading }</p> },
        Load::Failed(message) => html! {
            { super::retry_error(message, reload.clone()) }
        },
        Load::Ready(list) if list.is_empty() => {
            html! { <p class="tc-empty">{ t.no_channels }</p> }
        }
        Load::Ready(list) => html! {
            <ul class="tc-list" aria-labelledby="tc-channels-heading">
                { for list.iter().enumerate().map(|(index, channel)| {
                    let row = row_of(channel);
                    let key = row.key.clone();
                    let id = channel.link.id.clone();
                    let actions = if props.can_disconnect {
                        vec![RowAction { label: t.disconnect_channel.into(), on_select: disconnect.reform(move |()| id.clone()) }]
                    } else {
                        Vec::new()
                    };
                    html! {
                        <ChatRow {key} {row} presence={None} photo={None} tabbable={index == 0}
                            locale={None::<AttrValue>} teams_hosts={props.teams_hosts.clone()} {actions} />
                    }
                }) }
            </ul>
        },
    };
    let open_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(true))
    };
    let dialog_done = {
        let (dialog, reload, button_ref) = (dialog.clone(), reload.clone(), button_ref.clone());
        Callback::from(move |connected: bool| {
            dialog.set(false);
            if connected {
                reload.emit(());
            }
            if let Some(button) = button_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let connected = Rc::new(match &*channels {
        Load::Ready(list) => list
            .iter()
            .filter_map(|c| c.link.channel_id.clone())
            .collect(),
        _ => Vec::new(),
    });
    html! {
        <section class="tc-section" aria-labelledby="tc-channels-heading" ref={section_ref}>
            if props.can_append {
                <div class="tc-toolbar">
                    <button type="button" class="tc-primary tc-connect-channel" ref={button_ref} onclick={open_dialog}>{ t.connect_a_channel }</button>
                </div>
            }
            if *dialog {
                <ConnectChannel session={props.session.clone()} connected={connected} on_done={dialog_done} />
            }
            <h3 class="tc-section-title" id="tc-channels-heading">{ t.section_channels }</h3>
            <p class="tc-notice" role="status" aria-live="polite">{ (*notice).clone().unwrap_or_default() }</p>
            <div class="tc-lists" onkeydown={Callback::from(super::chat_pane::rove)}>{ body }</div>
        </section>
    }
}

/// The row after the one with this key, else the one before it.
fn neighbour_row(section: &NodeRef, key: &str) -> Option<web_sys::HtmlElement> {
    let section = section.cast::<web_sys::HtmlElement>()?;
    let row = section
        .query_selector(&format!(
            ".tc-row[data-key=\"{}\"]",
            key.replace('"', "\\\"")
        ))
        .ok()??;
    row.next_element_sibling()
        .or_else(|| row.previous_element_sibling())
        .and_then(|e| e.dyn_into().ok())
}

/// The record's channel links with their names from Graph (one `$batch` per ten channels).
async fn load(session: &Session) -> Load<Vec<Channel>> {
    let links = match dataverse::channel_links(&session.api, &session.record_id).await {
        Ok(links) => links,
        Err(_) => return Load::Failed(session.strings.crm_unreachable.into()),
    };
    let ids: Vec<(String, String, String)> = links
        .iter()
        .filter_map(|l| Some((l.id.clone(), l.team_id.clone()?, l.channel_id.clone()?)))
        .collect();
    // Names are decoration over the stored ones: a Graph failure leaves them unknown.
    let names: HashMap<String, ChannelNames> = graph::channel_names(&session.api, &ids)
        .await
        .unwrap_or_default();
    Load::Ready(
        links
            .into_iter()
            .map(|link| {
                let names = names
                    .get(&link.id)
                    .cloned()
                    .unwrap_or(ChannelNames::Unknown);
                Channel { link, names }
            })
            .collect(),
    )
}

fn row_of(channel: &Channel) -> Row {
    let link = &channel.link;
    let stored = |value: &Option<String>| value.clone().unwrap_or_else(|| "?".into());
    let stored_title = || {
        format!(
            "{} > {}",
            stored(&link.team_name),
            stored(&link.channel_name)
        )
    };
    let (title, preview, web_url) = match &channel.names {
        ChannelNames::Found {
            team,
            channel: name,
            web_url,
        } => (
            format!("{team} > {name}"),
            None,
            web_url.clone().or_else(|| link.web_url.clone()),
        ),
        ChannelNames::Missing => (
            stored_title(),
            Some(text::tr().channel_missing.to_owned()),
            None,
        ),
        ChannelNames::Unknown => (stored_title(), None, link.web_url.clone()),
    };
    Row {
        key: format!("channel:{}", link.id),
        kind: RowKind::Chat(ChatType::Other),
        title,
        preview,
        time: None,
        unread: false,
        person: None,
        guest: false,
        web_url,
    }
}
