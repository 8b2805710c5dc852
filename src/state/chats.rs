//! What the Chats tab has loaded and the writes in flight, changed only through [`ChatsAction`].

use super::Load;
use crate::api::dataverse::{Link, Suggestion};
use crate::api::graph::{Chat, ChatLookup, ChatPage, Presence, Viewpoint};
use crate::keyed::Map;
use std::rc::Rc;
use yew::Reducible;

/// What the record's links are to this user.
#[derive(Clone, Debug, PartialEq)]
pub enum Connected {
    /// The user may read the record: its Associate links.
    Links(Vec<Link>),
    /// The user may not read the record: its links are not shown.
    NoAccess,
}

/// Everything the Chats tab shows, changed only through [`ChatsAction`].
#[derive(Clone, Debug, PartialEq)]
pub struct ChatsData {
    /// The signed-in user's Graph id.
    pub me: Option<String>,
    /// The chat list pages loaded so far.
    pub chats: Load<Vec<Chat>>,
    /// The next page's link, when Graph gave one.
    pub next_link: Option<String>,
    /// The "Show more" request.
    pub more: Load<()>,
    /// The record's links.
    pub connected: Load<Connected>,
    /// Get chat answers for connected chats not in the pages.
    pub lookups: Map<String, ChatLookup>,
    /// The record's suggested people.
    pub suggestions: Load<Vec<Suggestion>>,
    /// Presence by lower-case user id.
    pub presence: Map<String, Presence>,
    /// Photos by lower-case user id: a `data:` URL, or `None` when there is none (cached too).
    pub photos: Map<String, Option<String>>,
    /// The filter text.
    pub filter: String,
    /// The user's rights on the record (`RetrievePrincipalAccess`).
    pub rights: Vec<String>,
    /// The record's owner (`systemuserid`), read only where the record type lets its owner
    /// disconnect and the user lacks the link table's write privilege.
    pub owner: Option<String>,
    /// Chats with a connect or disconnect in flight (a second click does nothing).
    pub busy: crate::keyed::Set<String>,
    /// Links taken away by a disconnect in flight, to put back if it fails.
    pub removed: Map<String, Vec<Link>>,
    /// What the user should hear about the last action that failed.
    pub notice: Option<String>,
    /// True while rows shown from memory are read again (a reopen).
    pub refreshing: bool,
}

impl Default for ChatsData {
    fn default() -> Self {
        Self {
            me: None,
            chats: Load::Loading,
            next_link: None,
            more: Load::Ready(()),
            connected: Load::Loading,
            lookups: Map::new(),
            suggestions: Load::Loading,
            presence: Map::new(),
            photos: Map::new(),
            filter: String::new(),
            rights: Vec::new(),
            owner: None,
            busy: crate::keyed::Set::new(),
            removed: Map::new(),
            notice: None,
            refreshing: false,
        }
    }
}

impl ChatsData {
    /// Whether the user may connect chats here: append-to access on the record.
    pub fn may_append(&self) -> bool {
        self.rights.iter().any(|r| r == "AppendToAccess")
    }

    /// Whether the user may read the record: `None` until `RetrievePrincipalAccess` answered.
    pub fn may_read(&self) -> Option<bool> {
        match &self.connected {
            Load::Ready(Connected::NoAccess) => Some(false),
            Load::Ready(Connected::Links(_)) => Some(true),
            _ => None,
        }
    }
}

/// The id of a link not yet written.
pub fn pending_link_id(chat_id: &str) -> String {
    format!("pending:{chat_id}")
}

/// The section a Retry is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Chats connected to this record.
    Connected,
    /// Suggested chats and contacts.
    Suggested,
    /// Other chats.
    Other,
}

/// The only ways the Chats tab's data changes.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatsAction {
    /// `/me` and the first page arrived (also on a refresh: the first page is replaced).
    FirstPage { me: String, page: ChatPage },
    /// The chat list failed.
    ChatsFailed(String),
    /// "Show more" was pressed.
    MoreRequested,
    /// The next page arrived.
    MorePage(ChatPage),
    /// The next page failed.
    MoreFailed(String),
    /// The record's links (or the lack of access) arrived.
    Connected(Connected),
    /// The links failed.
    ConnectedFailed(String),
    /// Get chat answers arrived.
    Lookups(Map<String, ChatLookup>),
    /// The suggestions arrived.
    Suggestions(Vec<Suggestion>),
    /// The suggestions failed.
    SuggestionsFailed(String),
    /// Presence arrived for some users.
    Presence(Map<String, Presence>),
    /// Photos arrived for some users.
    Photos(Map<String, Option<String>>),
    /// The filter text changed.
    Filter(String),
    /// Retry pressed on a failed section: it shows loading again.
    Retry(Section),
    /// Rows shown from memory started (true) or finished (false) being read again.
    Refreshing(bool),
    /// The user's rights on the record arrived.
    Rights(Vec<String>),
    /// The record's owner was read.
    Owner(Option<String>),
    /// A connect started: the chat shows as connected at once.
    ConnectStarted {
        chat_id: String,
        /// The connector's name, when known.
        by: Option<String>,
        /// Their `systemuserid`.
        by_id: Option<String>,
    },
    /// The connect was written.
    ConnectDone(String),
    /// The connect failed: the chat goes back, and the user is told.
    ConnectFailed { chat_id: String, message: String },
    /// A disconnect started: the chat leaves the connected section at once.
    DisconnectStarted(String),
    /// The disconnect was written.
    DisconnectDone(String),
    /// The disconnect failed: the chat comes back, and the user is told.
    DisconnectFailed { chat_id: String, message: String },
    /// A new chat exists (created here): it joins the list.
    ChatCreated(Box<Chat>),
    /// Shows or clears the notice.
    Notice(Option<String>),
    /// The user read the chat (its conversation opened): it is no longer unread.
    Read(String),
}

impl Reducible for ChatsData {
    type Action = ChatsAction;

    fn reduce(self: Rc<Self>, action: ChatsAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ChatsAction::FirstPage { me, page } => {
                // A refresh puts the newest page first and keeps older pages already loaded.
                let fresh: crate::keyed::Set<String> =
                    page.chats.iter().map(|c| c.id.clone()).collect();
                let older: Vec<Chat> = self
                    .chats
                    .ready()
                    .map(|old| {
                        old.iter()
                            .filter(|c| !fresh.contains(&c.id))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                let had_more_pages = self
                    .chats
                    .ready()
                    .is_some_and(|old| old.len() > crate::api::graph::CHATS_PER_PAGE);
                if !had_more_pages {
                    next.next_link = page.next_link;
                }
                let mut chats = page.chats;
                if had_more_pages {
                    chats.extend(older);
                }
                next.me = Some(me);
                next.chats = Load::Ready(chats);
            }
            ChatsAction::ChatsFailed(message) => {
                // A failed refresh keeps what is shown; a failed first load says so.
                if !matches!(self.chats, Load::Ready(_)) {
                    next.chats = Load::Failed(message);
                }
            }
            ChatsAction::MoreRequested => next.more = Load::Loading,
            ChatsAction::MorePage(page) => {
                let mut chats = self.chats.ready().cloned().unwrap_or_default();
                let known: crate::keyed::Set<String> = chats.iter().map(|c| c.id.clone()).collect();
                chats.extend(page.chats.into_iter().filter(|c| !known.contains(&c.id)));
                next.chats = Load::Ready(chats);
                next.next_link = page.next_link;
                next.more = Load::Ready(());
            }
            ChatsAction::MoreFailed(message) => next.more = Load::Failed(message),
            ChatsAction::Connected(connected) => next.connected = Load::Ready(connected),
            ChatsAction::ConnectedFailed(message) => next.connected = Load::Failed(message),
            ChatsAction::Lookups(lookups) => next.lookups.extend(lookups),
            ChatsAction::Suggestions(list) => next.suggestions = Load::Ready(list),
            ChatsAction::SuggestionsFailed(message) => next.suggestions = Load::Failed(message),
            ChatsAction::Presence(presence) => {
                if presence
                    .iter()
                    .all(|(id, p)| self.presence.get(id) == Some(p))
                {
                    return self;
                }
                next.presence.extend(presence);
            }
            ChatsAction::Photos(photos) => next.photos.extend(photos),
            ChatsAction::Filter(text) => next.filter = text,
            ChatsAction::Refreshing(on) => next.refreshing = on,
            ChatsAction::Retry(Section::Other) => next.chats = Load::Loading,
            ChatsAction::Retry(Section::Connected) => next.connected = Load::Loading,
            ChatsAction::Retry(Section::Suggested) => next.suggestions = Load::Loading,
            ChatsAction::Rights(rights) => next.rights = rights,
            ChatsAction::Owner(owner) => next.owner = owner,
            ChatsAction::ConnectStarted { chat_id, by, by_id } => {
                next.busy.insert(chat_id.clone());
                next.notice = None;
                if let Load::Ready(Connected::Links(links)) = &mut next.connected {
                    links.push(Link {
                        id: pending_link_id(&chat_id),
                        chat_id,
                        connected_by: by,
                        connected_by_id: by_id,
                    });
                }
            }
            ChatsAction::ConnectDone(chat_id) => {
                next.busy.remove(&chat_id);
            }
            ChatsAction::ConnectFailed { chat_id, message } => {
                next.busy.remove(&chat_id);
                if let Load::Ready(Connected::Links(links)) = &mut next.connected {
                    links.retain(|l| l.id != pending_link_id(&chat_id));
                }
                next.notice = Some(message);
            }
            ChatsAction::DisconnectStarted(chat_id) => {
                next.busy.insert(chat_id.clone());
                next.notice = None;
                if let Load::Ready(Connected::Links(links)) = &mut next.connected {
                    let (gone, kept): (Vec<Link>, Vec<Link>) =
                        links.drain(..).partition(|l| l.chat_id == chat_id);
                    *links = kept;
                    next.removed.insert(chat_id, gone);
                }
            }
            ChatsAction::DisconnectDone(chat_id) => {
                next.busy.remove(&chat_id);
                next.removed.remove(&chat_id);
            }
            ChatsAction::DisconnectFailed { chat_id, message } => {
                next.busy.remove(&chat_id);
                if let (Some(gone), Load::Ready(Connected::Links(links))) =
                    (next.removed.remove(&chat_id), &mut next.connected)
                {
                    links.extend(gone);
                }
                next.notice = Some(message);
            }
            ChatsAction::ChatCreated(chat) => {
                if let Load::Ready(chats) = &mut next.chats {
                    chats.retain(|c| c.id != chat.id);
                    chats.insert(0, *chat);
                }
            }
            ChatsAction::Notice(notice) => next.notice = notice,
            ChatsAction::Read(chat_id) => {
                if let Load::Ready(chats) = &mut next.chats {
                    for chat in chats.iter_mut().filter(|c| c.id == chat_id) {
                        // Read up to its last message, as Graph now says.
                        let last = chat
                            .last_message_preview
                            .as_ref()
                            .and_then(|p| p.created_date_time.clone());
                        let viewpoint = chat.viewpoint.get_or_insert(Viewpoint {
                            is_hidden: false,
                            last_message_read_date_time: None,
                        });
                        viewpoint.last_message_read_date_time = last;
                    }
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::parse_chats;
    use crate::api::json::values;
    use serde_json::json;

    fn page(ids: &[&str], next: Option<&str>) -> ChatPage {
        let values = values(
            ids.iter()
                .map(|id| json!({"id": id, "chatType": "group"}))
                .collect(),
        );
        ChatPage {
            chats: parse_chats(&values).0,
            dropped: 0,
            next_link: next.map(str::to_owned),
        }
    }

    fn ids(data: &ChatsData) -> Vec<String> {
        data.chats
            .ready()
            .unwrap()
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    #[test]
    fn pages_append_without_duplicates() {
        let data = Rc::new(ChatsData::default());
        let data = data.reduce(ChatsAction::FirstPage {
            me: "me".into(),
            page: page(&["a", "b"], Some("next")),
        });
        assert_eq!(data.next_link.as_deref(), Some("next"));
        let data = data.reduce(ChatsAction::MoreRequested);
        assert_eq!(data.more, Load::Loading);
        let data = data.reduce(ChatsAction::MorePage(page(&["b", "c"], None)));
        assert_eq!(ids(&data), ["a", "b", "c"]);
        assert_eq!(data.next_link, None);
        assert_eq!(data.more, Load::Ready(()));
    }

    #[test]
    fn a_failed_refresh_keeps_the_list_and_a_failed_load_shows_an_error() {
        let data = Rc::new(ChatsData::default()).reduce(ChatsAction::ChatsFailed("down".into()));
        assert_eq!(data.chats, Load::Failed("down".into()));
        let data = data.reduce(ChatsAction::Retry(Section::Other));
        assert_eq!(data.chats, Load::Loading);
        let data = data.reduce(ChatsAction::FirstPage {
            me: "me".into(),
            page: page(&["a"], None),
        });
        let data = data.reduce(ChatsAction::ChatsFailed("blip".into()));
        assert_eq!(ids(&data), ["a"]);
    }

    #[test]
    fn connect_and_disconnect_are_optimistic_and_roll_back() {
        let link = |chat: &str| Link {
            id: format!("l-{chat}"),
            chat_id: chat.into(),
            connected_by: None,
            connected_by_id: None,
        };
        let data = Rc::new(ChatsData::default())
            .reduce(ChatsAction::Connected(Connected::Links(vec![link("a")])));
        let chats = |d: &ChatsData| match &d.connected {
            Load::Ready(Connected::Links(links)) => {
                links.iter().map(|l| l.chat_id.clone()).collect::<Vec<_>>()
            }
            _ => vec![],
        };
        let data = data.reduce(ChatsAction::ConnectStarted {
            chat_id: "b".into(),
            by: Some("Megan".into()),
            by_id: None,
        });
        assert_eq!(chats(&data), ["a", "b"]);
        assert!(data.busy.contains("b"));
        let data = data.reduce(ChatsAction::ConnectFailed {
            chat_id: "b".into(),
            message: "no".into(),
        });
        assert_eq!(chats(&data), ["a"]);
        assert_eq!(data.notice.as_deref(), Some("no"));
        assert!(data.busy.is_empty());

        let data = data.reduce(ChatsAction::DisconnectStarted("a".into()));
        assert!(chats(&data).is_empty());
        let data = data.reduce(ChatsAction::DisconnectFailed {
            chat_id: "a".into(),
            message: "denied".into(),
        });
        assert_eq!(chats(&data), ["a"], "the chat comes back");
        let data = data
            .reduce(ChatsAction::DisconnectStarted("a".into()))
            .reduce(ChatsAction::DisconnectDone("a".into()));
        assert!(chats(&data).is_empty());
        assert!(data.removed.is_empty() && data.busy.is_empty());
    }

    #[test]
    fn unchanged_presence_does_not_re_render() {
        let mut presence = Map::new();
        presence.insert(
            "x".to_owned(),
            Presence {
                id: "x".into(),
                availability: Some("Away".into()),
                activity: None,
            },
        );
        let data = Rc::new(ChatsData::default()).reduce(ChatsAction::Presence(presence.clone()));
        let again = data.clone().reduce(ChatsAction::Presence(presence));
        assert!(Rc::ptr_eq(&data, &again));
    }

    #[test]
    fn reading_a_chat_clears_its_unread_mark() {
        let mut p = page(&["a"], None);
        let listed = crate::api::graph::parse_chats(&values(vec![json!({
            "id": "a", "chatType": "group", "viewpoint": {"isHidden": false},
            "lastMessagePreview": {"createdDateTime": "2026-11-27T11:00:00Z", "messageType": "message", "from": {"user": {"id": "x"}}}
        })]))
        .0
        .remove(0);
        p.chats[0].last_message_preview = listed.last_message_preview;
        p.chats[0].viewpoint = listed.viewpoint;
        let data = Rc::new(ChatsData::default()).reduce(ChatsAction::FirstPage {
            me: "me".into(),
            page: p,
        });
        let row = |d: &ChatsData| {
            crate::view::chat_row(&d.chats.ready().unwrap()[0], "me", &crate::text::EN)
        };
        assert!(row(&data).unread);
        let data = data.reduce(ChatsAction::Read("a".into()));
        assert!(!row(&data).unread);
    }
}
