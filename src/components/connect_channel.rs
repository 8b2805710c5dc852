//! "Connect a channel": pick one of the user's teams and one of its channels, or create a
//! channel in it, or create a team (its General channel is connected once Graph has made it).

use super::new_chat::hold_focus;
use crate::api::graph::{self, Named};
use crate::api::{dataverse, Error};
use crate::load::Session;
use crate::state::Load;
use crate::text::Strings;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`ConnectChannel`].
#[derive(Properties, PartialEq)]
pub struct ConnectChannelProps {
    /// The API and the record.
    pub session: Rc<Session>,
    /// Ids of the channels already connected to the record: listed, but not again connectable.
    pub connected: Rc<Vec<String>>,
    /// Fired when a channel was connected (the list reloads) or the dialog is dismissed.
    pub on_done: Callback<bool>,
}

/// The dialog; focus stays inside it, Escape closes it.
#[function_component(ConnectChannel)]
pub fn connect_channel(props: &ConnectChannelProps) -> Html {
    let t = super::use_strings();
    let teams = use_state(|| Load::<Vec<Named>>::Loading);
    let team = use_state(Option::<Named>::default);
    let channels = use_state(|| Load::<Vec<Named>>::Ready(Vec::new()));
    let channel = use_state(Option::<Named>::default);
    let new_channel = use_state(String::new);
    let new_description = use_state(String::new);
    let new_team = use_state(String::new);
    let busy = use_state(|| None::<&'static str>);
    let error = use_state(Option::<String>::default);
    let started = use_state(|| None::<StartedTeam>);
    let dialog_ref = use_node_ref();

    let load_teams = {
        let (teams, session) = (teams.clone(), props.session.clone());
        Callback::from(move |()| {
            teams.set(Load::Loading);
            let (teams, session) = (teams.clone(), session.clone());
            spawn_local(async move {
                teams.set(match graph::joined_teams(&session.api).await {
                    Ok(list) => Load::Ready(list),
                    Err(_) => Load::Failed(t.graph_unreachable.into()),
                });
            });
        })
    };
    {
        let (load_teams, dialog_ref) = (load_teams.clone(), dialog_ref.clone());
        use_effect_with((), move |_| {
            if let Some(first) = dialog_ref
                .cast::<HtmlElement>()
                .and_then(|d| d.query_selector("select, button").ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = first.focus();
            }
            load_teams.emit(());
        });
    }
    let load_channels = {
        let (channels, session) = (channels.clone(), props.session.clone());
        Callback::from(move |picked: Named| {
            channels.set(Load::Loading);
            let (channels, session) = (channels.clone(), session.clone());
            spawn_local(async move {
                channels.set(match graph::channels(&session.api, &picked.id).await {
                    Ok(list) => Load::Ready(list),
                    Err(_) => Load::Failed(t.graph_unreachable.into()),
                });
            });
        })
    };
    let pick_team = {
        let (teams, team, channels, channel, load_channels) = (
            teams.clone(),
            team.clone(),
            channels.clone(),
            channel.clone(),
            load_channels.clone(),
        );
        Callback::from(move |event: Event| {
            let id = event.target_unchecked_into::<HtmlSelectElement>().value();
            let picked = teams
                .ready()
                .and_then(|list| list.iter().find(|t| t.id == id).cloned());
            team.set(picked.clone());
            channel.set(None);
            match picked {
                Some(picked) => load_channels.emit(picked),
                None => channels.set(Load::Ready(Vec::new())),
            }
        })
    };
    let retry_channels = {
        let (team, load_channels) = (team.clone(), load_channels.clone());
        Callback::from(move |()| {
            if let Some(picked) = (*team).clone() {
                load_channels.emit(picked);
            }
        })
    };
    let pick_channel = {
        let (channels, channel) = (channels.clone(), channel.clone());
        Callback::from(move |event: Event| {
            let id = event.target_unchecked_into::<HtmlSelectElement>().value();
            channel.set(
                channels
                    .ready()
                    .and_then(|list| list.iter().find(|c| c.id == id).cloned()),
            );
        })
    };
    let link = {
        let (session, on_done, busy, error) = (
            props.session.clone(),
            props.on_done.clone(),
            busy.clone(),
            error.clone(),
        );
        move |team: Named, channel: Named| {
            let (session, on_done, busy, error) = (
                session.clone(),
                on_done.clone(),
                busy.clone(),
                error.clone(),
            );
            spawn_local(async move {
                let result = dataverse::create_channel_link(
                    &session.api,
                    &session.record_id,
                    &session.entity_name,
                    (&team.id, team.display_name.as_deref().unwrap_or("")),
                    (
                        &channel.id,
                        channel.display_name.as_deref().unwrap_or(""),
                        channel.web_url.as_deref().unwrap_or(""),
                    ),
                )
                .await;
                busy.set(None);
                match result {
                    Ok(()) => on_done.emit(true),
                    Err(_) => error.set(Some(t.channel_connect_failed.into())),
                }
            });
        }
    };
    let connect = {
        let (team, channel, busy, link, dialog_ref) = (
            team.clone(),
            channel.clone(),
            busy.clone(),
            link.clone(),
            dialog_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if let (Some(team), Some(channel)) = ((*team).clone(), (*channel).clone()) {
                hold_focus(&dialog_ref);
                busy.set(Some(t.connecting));
                link(team, channel);
            }
        })
    };
    let create_channel = {
        let (team, name, description, busy, error, session, link, dialog_ref) = (
            team.clone(),
            new_channel.clone(),
            new_description.clone(),
            busy.clone(),
            error.clone(),
            props.session.clone(),
            link.clone(),
            dialog_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (Some(team), name) = ((*team).clone(), name.trim().to_owned()) else {
                return;
            };
            if name.is_empty() {
                return;
            }
            hold_focus(&dialog_ref);
            busy.set(Some(t.creating_channel));
            error.set(None);
            let description = description.trim().to_owned();
            let (busy, error, session, link) =
                (busy.clone(), error.clone(), session.clone(), link.clone());
            spawn_local(async move {
                match graph::create_channel(&session.api, &team.id, &name, &description).await {
                    Ok(channel) => link(team, channel),
                    Err(e) => {
                        busy.set(None);
                        error.set(Some(create_error(session.strings, &e)));
                    }
                }
            });
        })
    };
    let create_team = {
        let (name, busy, error, started, session, link, dialog_ref) = (
            new_team.clone(),
            busy.clone(),
            error.clone(),
            started.clone(),
            props.session.clone(),
            link.clone(),
            dialog_ref.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return;
            }
            hold_focus(&dialog_ref);
            busy.set(Some(t.creating_team));
            error.set(None);
            // Trying again after Graph accepted this team finishes it: never a second team.
            let resume = (*started).clone().filter(|team| team.name == name);
            let (busy, error, started, session, link) = (
                busy.clone(),
                error.clone(),
                started.clone(),
                session.clone(),
                link.clone(),
            );
            spawn_local(async move {
                let team = match resume {
                    Some(team) => team,
                    None => match graph::start_team(&session.api, &name).await {
                        Ok((team, operation)) => {
                            let team = StartedTeam {
                                name,
                                team,
                                operation,
                            };
                            started.set(Some(team.clone()));
                            team
                        }
                        Err(e) => {
                            busy.set(None);
                            error.set(Some(create_error(session.strings, &e)));
                            return;
                        }
                    },
                };
                match finish_team(&session, &team).await {
                    Ok((team, general)) => link(team, general),
                    Err(Unfinished { message, gone }) => {
                        if gone {
                            started.set(None);
                        }
                        busy.set(None);
                        error.set(Some(message));
                    }
                }
            });
        })
    };
    let on_keydown = {
        let (on_done, dialog_ref) = (props.on_done.clone(), dialog_ref.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                event.stop_propagation();
                on_done.emit(false);
            }
            "Tab" => super::new_chat::trap_focus(&event, &dialog_ref),
            _ => {}
        })
    };
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |event: InputEvent| {
            state.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let working = busy.is_some();
    let team_options = match &*teams {
        Load::Ready(list) => list.iter().map(|t| html! { <option value={t.id.clone()}>{ t.display_name.clone().unwrap_or_default() }</option> }).collect::<Html>(),
        _ => html! {},
    };
    let channel_options = match &*channels {
        Load::Ready(list) => list
            .iter()
            .map(|c| {
                let name = c.display_name.clone().unwrap_or_default();
                if props.connected.contains(&c.id) {
                    html! { <option value={c.id.clone()} disabled=true>{ format!("{name} {}", t.already_connected) }</option> }
                } else {
                    html! { <option value={c.id.clone()}>{ name }</option> }
                }
            })
            .collect::<Html>(),
        _ => html! {},
    };
    html! {
        <div class="tc-dialog-backdrop">
            <div class="tc-dialog" role="dialog" aria-modal="true" aria-labelledby="tc-channel-title" tabindex="-1" ref={dialog_ref} onkeydown={on_keydown}>
                <h3 id="tc-channel-title" class="tc-dialog-title">{ t.connect_a_channel }</h3>
                if let Load::Failed(message) = &*teams {
                    { super::retry_error(message, load_teams.clone()) }
                }
                <label class="tc-field">{ t.team }
                    <select aria-label={t.team} onchange={pick_team} disabled={working}>
                        <option value="">{ if matches!(*teams, Load::Loading) { t.loading_teams } else { t.choose_team } }</option>
                        { team_options }
                    </select>
                </label>
                if team.is_some() {
                    if let Load::Failed(message) = &*channels {
                        { super::retry_error(message, retry_channels) }
                    }
                    <label class="tc-field">{ t.channel }
                        <select aria-label={t.channel} onchange={pick_channel} disabled={working}>
                            <option value="">{ t.choose_channel }</option>
                            { channel_options }
                        </select>
                    </label>
                    <button type="button" class="tc-primary" onclick={connect} disabled={working || channel.is_none()}>{ t.connect_channel }</button>
                    <label class="tc-field">{ t.new_channel }
                        <input aria-label={t.new_channel} type="text" value={(*new_channel).clone()} oninput={text_input(&new_channel)} maxlength="50" disabled={working} />
                    </label>
                    <label class="tc-field">{ t.description }
                        <input aria-label={t.description} type="text" value={(*new_description).clone()} oninput={text_input(&new_description)} maxlength="1024" disabled={working} />
                    </label>
                    <button type="button" class="tc-secondary" onclick={create_channel} disabled={working || new_channel.trim().is_empty()}>{ t.create_channel }</button>
                }
                <label class="tc-field">{ t.new_team }
                    <input aria-label={t.new_team} type="text" value={(*new_team).clone()} oninput={text_input(&new_team)} maxlength="256" disabled={working} />
                </label>
                <button type="button" class="tc-secondary" onclick={create_team} disabled={working || new_team.trim().is_empty()}>{ t.create_team }</button>
                if let Some(progress) = *busy { <p role="status" class="tc-muted">{ progress }</p> }
                if let Some(message) = &*error { <p role="alert" class="tc-dialog-error">{ message.clone() }</p> }
                <div class="tc-dialog-buttons">
                    <button type="button" class="tc-secondary" onclick={props.on_done.reform(|_: MouseEvent| false)}>{ t.cancel }</button>
                </div>
            </div>
        </div>
    }
}

/// A team whose creation Graph accepted (`POST /teams` answered 202), kept until it is connected.
#[derive(Clone, Debug, PartialEq)]
struct StartedTeam {
    /// The name the user gave it.
    name: String,
    /// Its id, from the 202's `Location`.
    team: String,
    /// The operation to poll.
    operation: String,
}

/// Why a started team could not be connected yet; `gone` when Graph says its creation failed
/// (trying again then creates a new team), else trying again resumes this one.
struct Unfinished {
    message: String,
    gone: bool,
}

/// Waits for a started team's operation, then reads its General channel. A failed poll is only
/// a poll: the next one asks again. Polls back off from 1 s to Graph's documented 30 s between
/// checks (a team is usually ready within seconds), about five minutes in all.
async fn finish_team(
    session: &Session,
    started: &StartedTeam,
) -> Result<(Named, Named), Unfinished> {
    let unfinished = |gone| Unfinished {
        message: session.strings.create_teams_failed.into(),
        gone,
    };
    let mut succeeded = false;
    for poll in 0..TEAM_POLLS {
        if poll > 0 {
            crate::api::http::sleep(team_poll_delay_ms(poll)).await;
        }
        match graph::team_operation(&session.api, &started.team, &started.operation)
            .await
            .as_deref()
        {
            Ok("succeeded") => {
                succeeded = true;
                break;
            }
            Ok("failed") => return Err(unfinished(true)),
            _ => {}
        }
    }
    if !succeeded {
        return Err(unfinished(false));
    }
    let general = graph::primary_channel(&session.api, &started.team)
        .await
        .map_err(|e| Unfinished {
            message: create_error(session.strings, &e),
            gone: false,
        })?;
    Ok((
        Named {
            id: started.team.clone(),
            display_name: Some(started.name.clone()),
            web_url: None,
        },
        general,
    ))
}

/// How many times a team operation is asked about before the dialog gives up (trying again
/// resumes the same team).
const TEAM_POLLS: u32 = 15;

/// The wait before a team operation's `poll`-th check: 1, 2, 4, 8, 16, then 30 s.
fn team_poll_delay_ms(poll: u32) -> f64 {
    (1_000.0 * 2f64.powi(poll.saturating_sub(1) as i32)).min(30_000.0)
}

fn create_error(t: &Strings, error: &Error) -> String {
    match error {
        Error::Status { status: 403, .. } => t.create_teams_forbidden.into(),
        Error::Status { status: 409, .. } => t.channel_name_taken.into(),
        Error::Status { status: 400, .. } => t.teams_name_invalid.into(),
        _ => t.create_teams_failed.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_polls_back_off_to_thirty_seconds_for_about_five_minutes() {
        let delays: Vec<f64> = (1..TEAM_POLLS).map(team_poll_delay_ms).collect();
        assert_eq!(
            &delays[..6],
            &[1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0, 30_000.0]
        );
        assert!(delays[5..].iter().all(|d| *d == 30_000.0));
        let total: f64 = delays.iter().sum();
        assert!((240_000.0..=330_000.0).contains(&total), "{total} ms");
    }
}
