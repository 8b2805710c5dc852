//! What the Connect a channel dialog asks for: the user's teams, then a picked team's channels.

use crate::api::graph;
use crate::session::Session;
use crate::state::{ConnectChannelAction, Load};
use yew::Callback;

/// The user's teams (`GET /me/joinedTeams`).
pub async fn teams(session: &Session, dispatch: &Callback<ConnectChannelAction>) {
    dispatch.emit(ConnectChannelAction::Teams(Load::Loading));
    let teams = match graph::joined_teams(&session.api).await {
        Ok(list) => Load::Ready(list),
        Err(error) => Load::Failed(super::graph_message(session, &error)),
    };
    dispatch.emit(ConnectChannelAction::Teams(teams));
}

/// A team's channels.
pub async fn channels(session: &Session, team: String, dispatch: &Callback<ConnectChannelAction>) {
    dispatch.emit(ConnectChannelAction::Channels {
        team: team.clone(),
        channels: Load::Loading,
    });
    let channels = match graph::channels(&session.api, &team).await {
        Ok(list) => Load::Ready(list),
        Err(error) => Load::Failed(super::graph_message(session, &error)),
    };
    dispatch.emit(ConnectChannelAction::Channels { team, channels });
}
