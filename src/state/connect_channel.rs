//! The "Connect a channel" dialog: the user's teams and the picked team's channels, the new
//! channel and team forms, and the write in flight, changed only through
//! [`ConnectChannelAction`].

use super::Load;
use crate::api::graph::Named;
use std::rc::Rc;
use yew::Reducible;

/// Everything the dialog shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectChannelState {
    /// The user's teams.
    pub teams: Load<Vec<Named>>,
    /// The picked team.
    pub team: Option<Named>,
    /// The picked team's channels (empty until a team is picked).
    pub channels: Load<Vec<Named>>,
    /// The picked channel.
    pub channel: Option<Named>,
    /// The new channel's name.
    pub new_channel: String,
    /// The new channel's description.
    pub new_description: String,
    /// The new team's name.
    pub new_team: String,
    /// The write in flight.
    pub busy: Option<Busy>,
    /// Why the last write failed.
    pub error: Option<String>,
    /// A team Graph accepted but that is not connected yet: trying again resumes it.
    pub started: Option<StartedTeam>,
}

/// What the dialog is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Busy {
    /// Writing the link of an existing channel.
    Connecting,
    /// Creating a channel, then connecting it.
    CreatingChannel,
    /// Creating a team, then connecting its General channel.
    CreatingTeam,
}

/// A team whose creation Graph accepted (`POST /teams` answered 202), kept until it is connected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartedTeam {
    /// The name the user gave it.
    pub name: String,
    /// Its id, from the 202's `Location`.
    pub team: String,
    /// The operation to poll.
    pub operation: String,
}

/// The only ways the dialog's state changes.
#[derive(Clone, Debug, PartialEq)]
pub enum ConnectChannelAction {
    /// The teams are loading, arrived or failed.
    Teams(Load<Vec<Named>>),
    /// A team was picked by id (an empty or unknown id picks none).
    PickTeam(String),
    /// A team's channels are loading, arrived or failed.
    Channels {
        /// The team they belong to: an answer for a team no longer picked is dropped.
        team: String,
        /// The channels.
        channels: Load<Vec<Named>>,
    },
    /// A channel was picked by id.
    PickChannel(String),
    /// The new channel's name was edited.
    NewChannel(String),
    /// The new channel's description was edited.
    NewDescription(String),
    /// The new team's name was edited.
    NewTeam(String),
    /// A write started.
    Working(Busy),
    /// The write failed, with what the user is told.
    Failed(String),
    /// Graph accepted a new team.
    TeamStarted(StartedTeam),
    /// Graph says the started team failed: trying again creates a new one.
    TeamGone,
}

impl Default for ConnectChannelState {
    fn default() -> Self {
        Self {
            teams: Load::Loading,
            team: None,
            channels: Load::Ready(Vec::new()),
            channel: None,
            new_channel: String::new(),
            new_description: String::new(),
            new_team: String::new(),
            busy: None,
            error: None,
            started: None,
        }
    }
}

impl ConnectChannelState {
    /// Whether a write is in flight (every field and button waits).
    pub fn working(&self) -> bool {
        self.busy.is_some()
    }

    /// Whether Connect is enabled: a channel is picked and nothing is in flight.
    pub fn can_connect(&self) -> bool {
        !self.working() && self.channel.is_some()
    }

    /// Whether Create channel is enabled: a team is picked, a name typed, nothing in flight.
    pub fn can_create_channel(&self) -> bool {
        !self.working() && self.team.is_some() && !self.new_channel.trim().is_empty()
    }

    /// Whether Create team is enabled: a name typed and nothing in flight.
    pub fn can_create_team(&self) -> bool {
        !self.working() && !self.new_team.trim().is_empty()
    }

    /// Whether the button that starts this write is enabled.
    pub fn can(&self, write: Busy) -> bool {
        match write {
            Busy::Connecting => self.can_connect(),
            Busy::CreatingChannel => self.can_create_channel(),
            Busy::CreatingTeam => self.can_create_team(),
        }
    }

    /// The started team to resume for this name: trying again never makes a second team.
    pub fn resumable(&self, name: &str) -> Option<StartedTeam> {
        self.started.clone().filter(|team| team.name == name)
    }
}

impl Reducible for ConnectChannelState {
    type Action = ConnectChannelAction;

    fn reduce(self: Rc<Self>, action: ConnectChannelAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ConnectChannelAction::Teams(teams) => next.teams = teams,
            ConnectChannelAction::PickTeam(id) => {
                next.team = find(&self.teams, &id);
                next.channel = None;
                next.channels = match next.team {
                    Some(_) => Load::Loading,
                    None => Load::Ready(Vec::new()),
                };
            }
            ConnectChannelAction::Channels { team, channels } => {
                if self.team.as_ref().map(|t| &t.id) != Some(&team) {
                    return self;
                }
                next.channels = channels;
            }
            ConnectChannelAction::PickChannel(id) => next.channel = find(&self.channels, &id),
            ConnectChannelAction::NewChannel(text) => next.new_channel = text,
            ConnectChannelAction::NewDescription(text) => next.new_description = text,
            ConnectChannelAction::NewTeam(text) => next.new_team = text,
            ConnectChannelAction::Working(busy) => {
                next.busy = Some(busy);
                next.error = None;
            }
            ConnectChannelAction::Failed(message) => {
                next.busy = None;
                next.error = Some(message);
            }
            ConnectChannelAction::TeamStarted(team) => next.started = Some(team),
            ConnectChannelAction::TeamGone => next.started = None,
        }
        Rc::new(next)
    }
}

fn find(list: &Load<Vec<Named>>, id: &str) -> Option<Named> {
    list.ready()?.iter().find(|item| item.id == id).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str) -> Named {
        Named {
            id: id.into(),
            display_name: Some(id.to_uppercase()),
            web_url: None,
            membership_type: None,
        }
    }

    fn with_teams() -> Rc<ConnectChannelState> {
        Rc::new(ConnectChannelState::default()).reduce(ConnectChannelAction::Teams(Load::Ready(
            vec![named("sales"), named("legal")],
        )))
    }

    #[test]
    fn picking_a_team_loads_its_channels_and_forgets_the_picked_channel() {
        let state = with_teams().reduce(ConnectChannelAction::PickTeam("sales".into()));
        assert_eq!(state.team, Some(named("sales")));
        assert_eq!(state.channels, Load::Loading);
        let state = state.reduce(ConnectChannelAction::Channels {
            team: "sales".into(),
            channels: Load::Ready(vec![named("general")]),
        });
        let state = state.reduce(ConnectChannelAction::PickChannel("general".into()));
        assert!(state.can_connect());
        let state = state.reduce(ConnectChannelAction::PickTeam(String::new()));
        assert_eq!((state.team.clone(), state.channel.clone()), (None, None));
        assert_eq!(state.channels, Load::Ready(Vec::new()));
        assert!(!state.can_connect());
    }

    #[test]
    fn channels_of_a_team_no_longer_picked_are_dropped() {
        let state = with_teams()
            .reduce(ConnectChannelAction::PickTeam("sales".into()))
            .reduce(ConnectChannelAction::PickTeam("legal".into()));
        let same = state.clone().reduce(ConnectChannelAction::Channels {
            team: "sales".into(),
            channels: Load::Ready(vec![named("general")]),
        });
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn buttons_wait_for_what_they_need_and_for_the_write_in_flight() {
        let state = with_teams();
        assert!(!state.can_create_channel(), "no team picked");
        assert!(!state.can_create_team(), "no name");
        let state = state
            .reduce(ConnectChannelAction::PickTeam("sales".into()))
            .reduce(ConnectChannelAction::NewChannel("  ".into()))
            .reduce(ConnectChannelAction::NewTeam("Deal room".into()));
        assert!(!state.can_create_channel(), "a blank name");
        assert!(state.can_create_team());
        let state = state.reduce(ConnectChannelAction::NewChannel("Key accounts".into()));
        assert!(state.can_create_channel());
        assert!(state.can(Busy::CreatingChannel) && !state.can(Busy::Connecting));
        let busy = state.reduce(ConnectChannelAction::Working(Busy::CreatingChannel));
        assert!(busy.working());
        assert!(!busy.can_create_channel() && !busy.can_create_team() && !busy.can_connect());
        let failed = busy.reduce(ConnectChannelAction::Failed("taken".into()));
        assert!(failed.can_create_channel());
        assert_eq!(failed.error.as_deref(), Some("taken"));
    }

    #[test]
    fn a_started_team_is_resumed_by_its_name_until_graph_says_it_failed() {
        let team = StartedTeam {
            name: "Deal room".into(),
            team: "t1".into(),
            operation: "o1".into(),
        };
        let state = with_teams().reduce(ConnectChannelAction::TeamStarted(team.clone()));
        assert_eq!(state.resumable("Deal room"), Some(team));
        assert_eq!(
            state.resumable("Other"),
            None,
            "another name is another team"
        );
        let state = state.reduce(ConnectChannelAction::TeamGone);
        assert_eq!(state.resumable("Deal room"), None);
    }
}
