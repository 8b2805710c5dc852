//! What the Channels tab asks for: the record's channel links, then their names from Graph in
//! one `$batch` per ten channels.

use crate::api::dataverse;
use crate::api::graph::{self, ChannelNames};
use crate::keyed::Map;
use crate::session::Session;
use crate::state::{Channel, ChannelsAction, Load};
use yew::Callback;

/// Loads the connected channels; Graph's names are decoration over the stored ones, so a Graph
/// failure leaves them unknown rather than failing the tab.
pub async fn channels(session: &Session, dispatch: &Callback<ChannelsAction>) {
    dispatch.emit(ChannelsAction::Loading);
    let links = match dataverse::channel_links(&session.api, &session.record_id).await {
        Ok(links) => links,
        Err(error) => {
            let message = super::crm_message(session, &error);
            super::fail(
                session,
                dispatch,
                ChannelsAction::Loaded(Load::Failed(message)),
            );
            return;
        }
    };
    let ids: Vec<(String, String, String)> = links
        .iter()
        .filter_map(|l| Some((l.id.clone(), l.team_id.clone()?, l.channel_id.clone()?)))
        .collect();
    let mut names: Map<String, ChannelNames> = graph::channel_names(&session.api, &ids)
        .await
        .unwrap_or_default();
    let channels = links
        .into_iter()
        .map(|link| Channel {
            names: names.remove(&link.id).unwrap_or(ChannelNames::Unknown),
            link,
        })
        .collect();
    dispatch.emit(ChannelsAction::Loaded(Load::Ready(channels)));
}
