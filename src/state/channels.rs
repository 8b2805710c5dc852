//! What the Channels tab shows: the record's channel links with their names from Graph, and a
//! disconnect in flight, changed only through [`ChannelsAction`].

use super::Load;
use crate::api::dataverse::ChannelLink;
use crate::api::graph::ChannelNames;
use std::rc::Rc;
use yew::Reducible;

/// A connected channel: its link row and what Graph says of it now.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    /// The link row in `msdyn_teamscollaborations`.
    pub link: ChannelLink,
    /// The team's and channel's names now, or why they are not known.
    pub names: ChannelNames,
}

/// Everything the Channels tab shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelsData {
    /// The connected channels.
    pub channels: Load<Vec<Channel>>,
    /// Channels taken away by a disconnect in flight, with their places, to put back if it fails.
    pub removed: Vec<(usize, Channel)>,
    /// What the user should hear about the last action that failed.
    pub notice: Option<String>,
}

impl Default for ChannelsData {
    fn default() -> Self {
        Self {
            channels: Load::Loading,
            removed: Vec::new(),
            notice: None,
        }
    }
}

impl ChannelsData {
    /// The ids of the channels connected now: the dialog lists them but does not offer them.
    pub fn connected_ids(&self) -> Vec<String> {
        self.channels
            .ready()
            .map(|list| {
                list.iter()
                    .filter_map(|c| c.link.channel_id.clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The only ways the Channels tab's data changes.
#[derive(Clone, Debug, PartialEq)]
pub enum ChannelsAction {
    /// A load started (the first time the tab shows, on Retry, after a connect).
    Loading,
    /// The links and names arrived, or the load failed.
    Loaded(Load<Vec<Channel>>),
    /// A disconnect started: the channel leaves the list at once.
    DisconnectStarted(String),
    /// The link row was deleted.
    DisconnectDone(String),
    /// The disconnect failed: the channel comes back where it was, and the user is told.
    DisconnectFailed {
        /// The link row's id.
        id: String,
        /// What the user is told.
        message: String,
    },
}

impl Reducible for ChannelsData {
    type Action = ChannelsAction;

    fn reduce(self: Rc<Self>, action: ChannelsAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ChannelsAction::Loading => next.channels = Load::Loading,
            ChannelsAction::Loaded(channels) => next.channels = channels,
            ChannelsAction::DisconnectStarted(id) => {
                let Load::Ready(list) = &mut next.channels else {
                    return self;
                };
                let Some(at) = list.iter().position(|c| c.link.id == id) else {
                    return self;
                };
                next.removed.push((at, list.remove(at)));
                next.notice = None;
            }
            ChannelsAction::DisconnectDone(id) => next.removed.retain(|(_, c)| c.link.id != id),
            ChannelsAction::DisconnectFailed { id, message } => {
                if let Some(gone) = next.removed.iter().position(|(_, c)| c.link.id == id) {
                    let (at, channel) = next.removed.remove(gone);
                    if let Load::Ready(list) = &mut next.channels {
                        list.insert(at.min(list.len()), channel);
                    }
                }
                next.notice = Some(message);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(id: &str) -> Channel {
        Channel {
            link: ChannelLink {
                id: id.into(),
                team_id: Some("team".into()),
                channel_id: Some(format!("c-{id}")),
                team_name: None,
                channel_name: None,
                web_url: None,
            },
            names: ChannelNames::Unknown,
        }
    }

    fn ids(data: &ChannelsData) -> Vec<String> {
        let list = data.channels.ready().expect("ready");
        list.iter().map(|c| c.link.id.clone()).collect()
    }

    #[test]
    fn a_disconnect_is_optimistic_and_a_failure_puts_the_channel_back_in_its_place() {
        let data =
            Rc::new(ChannelsData::default()).reduce(ChannelsAction::Loaded(Load::Ready(vec![
                channel("a"),
                channel("b"),
                channel("c"),
            ])));
        assert_eq!(data.connected_ids(), ["c-a", "c-b", "c-c"]);
        let data = data.reduce(ChannelsAction::DisconnectStarted("b".into()));
        assert_eq!(ids(&data), ["a", "c"], "gone at once");
        let failed = data.clone().reduce(ChannelsAction::DisconnectFailed {
            id: "b".into(),
            message: "no".into(),
        });
        assert_eq!(ids(&failed), ["a", "b", "c"], "back where it was");
        assert_eq!(failed.notice.as_deref(), Some("no"));
        let done = data.reduce(ChannelsAction::DisconnectDone("b".into()));
        assert_eq!(ids(&done), ["a", "c"]);
        assert!(done.removed.is_empty());
    }

    #[test]
    fn a_disconnect_of_an_unknown_channel_changes_nothing() {
        let data = Rc::new(ChannelsData::default());
        let same = data
            .clone()
            .reduce(ChannelsAction::DisconnectStarted("x".into()));
        assert!(Rc::ptr_eq(&data, &same));
    }
}
