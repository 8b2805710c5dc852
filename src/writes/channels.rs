//! What the user does to the record's channels: disconnect one, connect one of their channels,
//! or create a channel or a team and connect it. Nothing is written to Dataverse until Graph
//! has what the link names. The dialog shows a write as working before it starts one; these
//! end it with a failure said in the dialog, or return true once connected.

use crate::api::graph::{self, Named};
use crate::api::{dataverse, http, warn, Error};
use crate::session::Session;
use crate::state::{ChannelsAction, ConnectChannelAction, StartedTeam};
use crate::text::Strings;
use yew::Callback;

/// Disconnects a channel: its link row is deleted. It leaves the list at once and comes back,
/// with a message, if the delete fails.
pub async fn disconnect(session: &Session, id: String, dispatch: &Callback<ChannelsAction>) {
    dispatch.emit(ChannelsAction::DisconnectStarted(id.clone()));
    match dataverse::delete_channel_link(&session.api, &id).await {
        Ok(()) => dispatch.emit(ChannelsAction::DisconnectDone(id)),
        Err(error) => {
            warn(&error);
            dispatch.emit(ChannelsAction::DisconnectFailed {
                id,
                message: session.strings.channel_disconnect_failed.into(),
            });
        }
    }
}

/// Connects one of the user's channels; true once the link is written.
pub async fn connect(
    session: &Session,
    team: Named,
    channel: Named,
    dispatch: &Callback<ConnectChannelAction>,
) -> bool {
    link(session, &team, &channel, false, dispatch).await
}

/// Creates a standard channel in a team, then connects it; true once the link is written.
pub async fn create_channel(
    session: &Session,
    team: Named,
    name: &str,
    description: &str,
    dispatch: &Callback<ConnectChannelAction>,
) -> bool {
    match graph::create_channel(&session.api, &team.id, name, description).await {
        Ok(channel) => link(session, &team, &channel, true, dispatch).await,
        Err(error) => {
            failed(dispatch, create_error(session.strings, &error));
            false
        }
    }
}

/// Creates a team (or resumes `resume`, one Graph already accepted: never a second team), waits
/// for Teams to finish it, then connects its General channel; true once the link is written.
pub async fn create_team(
    session: &Session,
    name: &str,
    resume: Option<StartedTeam>,
    dispatch: &Callback<ConnectChannelAction>,
) -> bool {
    let started = match resume {
        Some(team) => team,
        None => match graph::start_team(&session.api, name).await {
            Ok((team, operation)) => {
                let team = StartedTeam {
                    name: name.to_owned(),
                    team,
                    operation,
                };
                dispatch.emit(ConnectChannelAction::TeamStarted(team.clone()));
                team
            }
            Err(error) => {
                failed(dispatch, create_error(session.strings, &error));
                return false;
            }
        },
    };
    match finish_team(session, &started).await {
        Ok((team, general)) => link(session, &team, &general, true, dispatch).await,
        Err(Unfinished { message, gone }) => {
            if gone {
                dispatch.emit(ConnectChannelAction::TeamGone);
            }
            failed(dispatch, message);
            false
        }
    }
}

/// Writes the channel's link row with every column it needs (product.md §4): the team's thread
/// id and tenant and the channel's SharePoint folder are read first, in one `$batch`. A channel
/// just created may not have its folder yet: then the read is tried again for up to a minute.
/// Nothing is written unless everything was read; a failure is said in the dialog.
async fn link(
    session: &Session,
    team: &Named,
    channel: &Named,
    new: bool,
    dispatch: &Callback<ConnectChannelAction>,
) -> bool {
    let t = session.strings;
    let facts = channel_facts(session, &team.id, &channel.id, new).await;
    let type_code = match session.type_code {
        Some(code) => Ok(code),
        None => dataverse::entity_definition(&session.api, &session.entity_name)
            .await
            .map(|d| d.type_code),
    };
    let (facts, type_code) = match (facts, type_code) {
        (Ok(facts), Ok(code)) => (facts, code),
        (Err(error), _) | (_, Err(error)) => {
            warn(&error);
            let message = match error {
                Error::Status { status: 403, .. } => t.files_permission_needed,
                Error::Status { status: 404, .. } => t.channel_folder_not_ready,
                _ => t.channel_connect_failed,
            };
            failed(dispatch, message.into());
            return false;
        }
    };
    let row = dataverse::ChannelLinkRow {
        team_thread_id: facts.team_thread_id,
        group_id: team.id.clone(),
        tenant_id: facts.tenant_id,
        team_name: team.display_name.clone().unwrap_or_default(),
        channel_id: channel.id.clone(),
        channel_name: channel.display_name.clone().unwrap_or_default(),
        channel_type: channel_type(channel.membership_type.as_deref()),
        web_url: channel.web_url.clone().unwrap_or_default(),
        site_url: facts.site_url,
        folder: facts.folder,
        record_id: session.record_id.clone(),
        entity_name: session.entity_name.clone(),
        type_code,
    };
    match dataverse::create_channel_link(&session.api, &row).await {
        Ok(()) => true,
        Err(error) => {
            failed(dispatch, t.channel_connect_failed.into());
            warn(&error);
            false
        }
    }
}

/// The channel's facts; for a channel just created, a folder not there yet (404) is asked for
/// again after 1, 2, 4, 8 s and then every 15 s, a minute in all.
async fn channel_facts(
    session: &Session,
    team: &str,
    channel: &str,
    new: bool,
) -> Result<graph::ChannelFacts, Error> {
    let mut waited = 0.0;
    let mut delay = 1_000.0;
    loop {
        match graph::channel_facts(&session.api, team, channel).await {
            Err(Error::Status { status: 404, .. }) if new && waited < FOLDER_WAIT_MS => {
                http::sleep(delay).await;
                waited += delay;
                delay = (delay * 2.0).min(15_000.0);
            }
            answer => return answer,
        }
    }
}

/// How long a new channel's folder is waited for.
const FOLDER_WAIT_MS: f64 = 60_000.0;

/// The channel type as the table reference writes it; none for any other membership type.
fn channel_type(membership: Option<&str>) -> Option<&'static str> {
    match membership {
        Some("standard") => Some("Standard"),
        Some("private") => Some("Private"),
        Some("shared") => Some("Shared"),
        _ => None,
    }
}

fn failed(dispatch: &Callback<ConnectChannelAction>, message: String) {
    dispatch.emit(ConnectChannelAction::Failed(message));
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
            http::sleep(team_poll_delay_ms(poll)).await;
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
            membership_type: None,
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

/// What a failed create tells the user: Teams forbids it, the name is taken or invalid, or
/// something else went wrong.
fn create_error(t: &Strings, error: &Error) -> String {
    warn(error);
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
    use crate::text::EN;

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

    #[test]
    fn channel_types_are_written_as_the_reference_writes_them() {
        assert_eq!(channel_type(Some("standard")), Some("Standard"));
        assert_eq!(channel_type(Some("private")), Some("Private"));
        assert_eq!(channel_type(Some("shared")), Some("Shared"));
        assert_eq!(channel_type(Some("unknownFutureValue")), None);
        assert_eq!(channel_type(None), None);
    }

    #[test]
    fn a_failed_create_says_why() {
        let status = |status| Error::Status {
            status,
            code: None,
            message: String::new(),
        };
        assert_eq!(create_error(&EN, &status(403)), EN.create_teams_forbidden);
        assert_eq!(create_error(&EN, &status(409)), EN.channel_name_taken);
        assert_eq!(create_error(&EN, &status(400)), EN.teams_name_invalid);
        assert_eq!(create_error(&EN, &status(500)), EN.create_teams_failed);
        let offline = Error::Network("offline".into());
        assert_eq!(create_error(&EN, &offline), EN.create_teams_failed);
    }
}
