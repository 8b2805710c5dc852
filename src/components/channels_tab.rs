//! The Channels tab: the Teams channels connected to the record, as "Team > Channel" with names
//! read from Graph now; a team or channel deleted in Teams shows as missing, not as an error.

use super::{focus, retry_error, ChatRow, ChatRowProps, ConnectChannel, ConnectChannelProps};
use crate::hooks::use_effect_on;
use crate::hooks::{use_focus_neighbour, use_session};
use crate::spawn;
use crate::state::{ChannelsAction, ChannelsData, Load, Section};
use crate::view::{self, Offer, Rights};
use crate::{load, writes};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ChannelsTab`].
#[derive(Properties, PartialEq)]
pub struct ChannelsTabProps {
    /// Whether the tab shows (it loads the first time it does).
    pub active: bool,
    /// Extra hosts "Open in Teams" may open.
    pub teams_hosts: Rc<Vec<String>>,
    /// Whether the user may read the record (`None` until `RetrievePrincipalAccess` answers).
    pub can_read: Option<bool>,
    /// What the user may do: connect (append-to access), disconnect (the delete privilege).
    pub rights: Rights,
}

/// The connected channels, each with Open in Teams and Disconnect.
#[function_component(ChannelsTab)]
pub fn channels_tab(props: &ChannelsTabProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let data = use_reducer(ChannelsData::default);
    let dispatch: Callback<ChannelsAction> = {
        let dispatcher = data.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let dialog = use_state(bool::default);
    let button_ref = use_node_ref();
    let section_ref = use_node_ref();
    let reload = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |()| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::channels::channels(&session, &dispatch).await });
        })
    };
    {
        let (reload, started) = (reload.clone(), use_mut_ref(bool::default));
        use_effect_on((props.active, props.can_read), move |(active, can_read)| {
            if *active && *can_read != Some(false) && !started.replace(true) {
                reload.emit(());
            }
        });
    }
    // A disconnected row goes away: focus moves to its neighbour (or Connect a channel) rather
    // than being dropped onto the page.
    let neighbour = use_focus_neighbour(&section_ref, &button_ref);
    let on_offer = {
        let (session, dispatch, section_ref) =
            (session.clone(), dispatch.clone(), section_ref.clone());
        Callback::from(move |offer: Offer| {
            let Offer::DisconnectChannel(id) = offer else {
                return;
            };
            let key = view::RowKey::Channel(id.clone()).to_string();
            *neighbour.borrow_mut() = focus::neighbour_row(&section_ref, &key);
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { writes::channels::disconnect(&session, id, &dispatch).await });
        })
    };
    let body = match &data.channels {
        _ if props.can_read == Some(false) => {
            html! { <p class="tc-empty" role="status">{ t.no_read_channels }</p> }
        }
        Load::Loading => html! { <p class="tc-empty" role="status">{ t.loading }</p> },
        Load::Failed(message) => retry_error(message, t.retry, reload.clone()),
        Load::Ready(list) if list.is_empty() => html! { <p class="tc-empty">{ t.no_channels }</p> },
        Load::Ready(list) => html! {
            <ul class="tc-list" aria-labelledby="tc-channels-heading">
                { for list.iter().enumerate().map(|(index, channel)| {
                    let row = view::channel_row(channel, t);
                    let offers = view::row_actions(Section::Connected, &row, &props.rights, &props.teams_hosts);
                    let key = row.key.to_string();
                    let props = ChatRowProps {
                        row,
                        presence: None,
                        photo: None,
                        tabbable: index == 0,
                        offers,
                        on_offer: on_offer.clone(),
                        on_open: Callback::noop(),
                    };
                    html! { <ChatRow {key} ..props /> }
                }) }
            </ul>
        },
    };
    let open_dialog = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| dialog.set(true))
    };
    let on_done = {
        let (dialog, reload) = (dialog.clone(), reload);
        Callback::from(move |connected: bool| {
            dialog.set(false);
            if connected {
                reload.emit(());
            }
        })
    };
    html! {
        <section class="tc-section tc-tab-body" aria-labelledby="tc-channels-heading" ref={section_ref}>
            if props.rights.append {
                <div class="tc-toolbar">
                    <button type="button" class="tc-primary tc-connect-channel" ref={button_ref.clone()}
                        onclick={open_dialog}>{ t.connect_a_channel }</button>
                </div>
            }
            if *dialog {
                <ConnectChannel ..ConnectChannelProps { connected: Rc::new(data.connected_ids()), fallback: button_ref, on_done } />
            }
            <h3 class="tc-section-title" id="tc-channels-heading">{ t.section_channels }</h3>
            <p class="tc-notice" role="status" aria-live="polite">{ data.notice.clone().unwrap_or_default() }</p>
            <div class="tc-lists" onkeydown={Callback::from(focus::rove)}>{ body }</div>
        </section>
    }
}
