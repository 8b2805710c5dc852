//! "Connect a channel": pick one of the user's teams and one of its channels, or create a
//! channel in it, or create a team (its General channel is connected once Graph has made it).

use super::dialog::dialog;
use super::{focus, retry_error};
use crate::hooks::use_effect_on;
use crate::hooks::{use_dialog, use_session};
use crate::session::Session;
use crate::spawn;
use crate::state::{Busy, ConnectChannelAction, ConnectChannelState, Load, Named};
use crate::text::Strings;
use crate::{load, writes};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`ConnectChannel`].
#[derive(Properties, PartialEq)]
pub struct ConnectChannelProps {
    /// Ids of the channels already connected to the record: listed, but not again connectable.
    pub connected: Rc<Vec<String>>,
    /// Where focus goes when the dialog closes, if what opened it is gone.
    pub fallback: NodeRef,
    /// Fired when a channel was connected (the list reloads) or the dialog is dismissed.
    pub on_done: Callback<bool>,
}

/// The dialog.
#[function_component(ConnectChannel)]
pub fn connect_channel(props: &ConnectChannelProps) -> Html {
    let session = use_session();
    let t = session.strings;
    let state = use_reducer(ConnectChannelState::default);
    let dialog_ref = use_dialog("select, button", &props.fallback);
    let dispatch: Callback<ConnectChannelAction> = {
        let dispatcher = state.dispatcher();
        Callback::from(move |action| dispatcher.dispatch(action))
    };
    let load_teams = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |()| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::connect_channel::teams(&session, &dispatch).await });
        })
    };
    {
        let load_teams = load_teams.clone();
        use_effect_on((), move |_| load_teams.emit(()));
    }
    let load_channels = {
        let (session, dispatch) = (session.clone(), dispatch.clone());
        Callback::from(move |team: String| {
            let (session, dispatch) = (session.clone(), dispatch.clone());
            spawn(async move { load::connect_channel::channels(&session, team, &dispatch).await });
        })
    };
    let pick_team = {
        let (dispatch, load_channels) = (dispatch.clone(), load_channels.clone());
        Callback::from(move |event: Event| {
            let id = event.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.emit(ConnectChannelAction::PickTeam(id.clone()));
            if !id.is_empty() {
                load_channels.emit(id);
            }
        })
    };
    let retry_channels = {
        let team = state.team.as_ref().map(|team| team.id.clone());
        load_channels.reform(move |()| team.clone().unwrap_or_default())
    };
    let pick_channel = dispatch.reform(|event: Event| {
        ConnectChannelAction::PickChannel(
            event.target_unchecked_into::<HtmlSelectElement>().value(),
        )
    });
    let text_input = |action: fn(String) -> ConnectChannelAction| {
        dispatch.reform(move |event: InputEvent| {
            action(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let write = |busy: Busy| write_button(busy, &state, &dispatch, &session, &props.on_done);
    let working = state.working();
    let fields = html! {
        <>
            if let Load::Failed(message) = &state.teams {
                { retry_error(message, t.retry, load_teams) }
            }
            <label class="tc-field">{ t.team }
                <select aria-label={t.team} onchange={pick_team} disabled={working}>
                    <option value="">{ if matches!(state.teams, Load::Loading) { t.loading_teams } else { t.choose_team } }</option>
                    { options(&state.teams, &[], t) }
                </select>
            </label>
            if state.team.is_some() {
                if let Load::Failed(message) = &state.channels {
                    { retry_error(message, t.retry, retry_channels) }
                }
                <label class="tc-field">{ t.channel }
                    <select aria-label={t.channel} onchange={pick_channel} disabled={working}>
                        <option value="">{ t.choose_channel }</option>
                        { options(&state.channels, &props.connected, t) }
                    </select>
                </label>
                <button type="button" class="tc-primary" onclick={write(Busy::Connecting)} disabled={!state.can_connect()}>{ t.connect_channel }</button>
                <label class="tc-field">{ t.new_channel }
                    <input aria-label={t.new_channel} type="text" value={state.new_channel.clone()} oninput={text_input(ConnectChannelAction::NewChannel)} maxlength="50" disabled={working} />
                </label>
                <label class="tc-field">{ t.description }
                    <input aria-label={t.description} type="text" value={state.new_description.clone()} oninput={text_input(ConnectChannelAction::NewDescription)} maxlength="1024" disabled={working} />
                </label>
                <button type="button" class="tc-secondary" onclick={write(Busy::CreatingChannel)} disabled={!state.can_create_channel()}>{ t.create_channel }</button>
            }
            <label class="tc-field">{ t.new_team }
                <input aria-label={t.new_team} type="text" value={state.new_team.clone()} oninput={text_input(ConnectChannelAction::NewTeam)} maxlength="256" disabled={working} />
            </label>
            <button type="button" class="tc-secondary" onclick={write(Busy::CreatingTeam)} disabled={!state.can_create_team()}>{ t.create_team }</button>
            if let Some(busy) = state.busy { <p role="status" class="tc-muted">{ progress(busy, t) }</p> }
            if let Some(message) = &state.error { <p role="alert" class="tc-dialog-error">{ message.clone() }</p> }
            <div class="tc-dialog-buttons">
                <button type="button" class="tc-secondary" onclick={props.on_done.reform(|_: MouseEvent| false)}>{ t.cancel }</button>
            </div>
        </>
    };
    let on_close = props.on_done.reform(|()| false);
    dialog(
        "tc-channel-title",
        t.connect_a_channel,
        &dialog_ref,
        &on_close,
        fields,
    )
}

/// What a write's button does: shows the write as working at once (every field and button waits
/// from then on), runs it, and closes the dialog once connected.
fn write_button(
    busy: Busy,
    state: &UseReducerHandle<ConnectChannelState>,
    dispatch: &Callback<ConnectChannelAction>,
    session: &Rc<Session>,
    on_done: &Callback<bool>,
) -> Callback<MouseEvent> {
    let (state, dispatch, session, on_done) = (
        state.clone(),
        dispatch.clone(),
        session.clone(),
        on_done.clone(),
    );
    Callback::from(move |event: MouseEvent| {
        if !state.can(busy) {
            return;
        }
        focus::hold_focus(&event);
        dispatch.emit(ConnectChannelAction::Working(busy));
        let (state, dispatch, session, on_done) = (
            state.clone(),
            dispatch.clone(),
            session.clone(),
            on_done.clone(),
        );
        spawn(async move {
            if write_for(busy, &state, &session, &dispatch).await {
                on_done.emit(true);
            }
        });
    })
}

/// Runs the write a button stands for (already shown as working), with what the dialog holds;
/// true once connected.
async fn write_for(
    busy: Busy,
    state: &ConnectChannelState,
    session: &Session,
    dispatch: &Callback<ConnectChannelAction>,
) -> bool {
    match (busy, state.team.clone(), state.channel.clone()) {
        (Busy::Connecting, Some(team), Some(channel)) => {
            writes::channels::connect(session, team, channel, dispatch).await
        }
        (Busy::CreatingChannel, Some(team), _) => {
            let (name, description) = (state.new_channel.trim(), state.new_description.trim());
            writes::channels::create_channel(session, team, name, description, dispatch).await
        }
        (Busy::CreatingTeam, _, _) => {
            let name = state.new_team.trim();
            let resume = state.resumable(name);
            writes::channels::create_team(session, name, resume, dispatch).await
        }
        // Not reached: `ConnectChannelState::can` checked what each write needs.
        _ => false,
    }
}

/// A select's options: teams or channels, those already connected listed but not pickable.
fn options(list: &Load<Vec<Named>>, connected: &[String], t: &Strings) -> Html {
    let Load::Ready(list) = list else {
        return Html::default();
    };
    list.iter()
        .map(|item| {
            let name = item.display_name.clone().unwrap_or_default();
            if connected.contains(&item.id) {
                html! { <option value={item.id.clone()} disabled=true>{ format!("{name} {}", t.already_connected) }</option> }
            } else {
                html! { <option value={item.id.clone()}>{ name }</option> }
            }
        })
        .collect()
}

/// What the dialog says while a write is in flight.
fn progress(busy: Busy, t: &Strings) -> &'static str {
    match busy {
        Busy::Connecting => t.connecting,
        Busy::CreatingChannel => t.creating_channel,
        Busy::CreatingTeam => t.creating_team,
    }
}
