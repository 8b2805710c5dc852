//! What a row's menu offers: which actions, decided from the row, its section and the user's
//! rights. Pure, so every rule is tested natively.

use super::{Row, RowKind};
use crate::api::dataverse::Link;
use crate::api::graph::{ChatType, Participant};
use crate::links;
use crate::settings::TypeSettings;
use crate::state::Section;
use crate::text::Strings;

/// What the user may do here: Dataverse enforces each, and the pane offers only what will go
/// through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    /// Append-to access on the record (`RetrievePrincipalAccess`): connecting chats and channels.
    pub append: bool,
    /// The create privilege on the chat link table, read at mount: connecting a chat (with
    /// append-to access).
    pub connect_chats: bool,
    /// The write privilege on the chat link table, read at mount: disconnecting a chat.
    pub disconnect_chats: bool,
    /// The delete privilege on the channel link table, read at mount: disconnecting a channel.
    pub remove_channels: bool,
}

impl Rights {
    /// Whether a chat may be connected (or started connected): append-to access on the record
    /// and the create privilege on the link table, both of which Dataverse checks.
    pub fn connects_chats(&self) -> bool {
        self.append && self.connect_chats
    }
}

/// One entry of a row's menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// Connect this group chat to the record.
    Connect(String),
    /// Disconnect this chat from the record.
    Disconnect(String),
    /// Open the new connected chat dialog with this person picked.
    StartWith(Participant),
    /// Disconnect this channel (by its link row's id).
    DisconnectChannel(String),
    /// Open this Teams link in a new tab.
    OpenInTeams(String),
}

impl Offer {
    /// What the menu item says.
    pub fn label(&self, t: &Strings) -> &'static str {
        match self {
            Offer::Connect(_) => t.connect,
            Offer::Disconnect(_) => t.disconnect,
            Offer::StartWith(_) => t.start_connected_chat,
            Offer::DisconnectChannel(_) => t.disconnect_channel,
            Offer::OpenInTeams(_) => t.open_in_teams,
        }
    }
}

/// Whether Enter (or a click on its title) opens the row's chat in the pane: every chat the user
/// is in; a locked row, a person and a channel do not open.
pub fn opens(row: &Row) -> bool {
    matches!(row.kind, RowKind::Chat(_)) && row.key.chat_id().is_some()
}

/// The menu of a row in a section: a connected chat can be disconnected; a group chat elsewhere
/// can be connected; a one-on-one chat or a suggested person offers a new connected chat with
/// them; a channel can be disconnected (its section is not looked at); every chat and channel
/// with a link on a Teams host can be opened in Teams, last. A locked row offers nothing.
pub fn row_actions(
    section: Section,
    row: &Row,
    rights: &Rights,
    teams_hosts: &[String],
) -> Vec<Offer> {
    let offer = match (&row.kind, row.key.chat_id(), &row.person) {
        (RowKind::Channel, _, _) => rights
            .remove_channels
            .then(|| Offer::DisconnectChannel(row.key.id().to_owned())),
        (RowKind::Chat(_), Some(chat), _) if section == Section::Connected => rights
            .disconnect_chats
            .then(|| Offer::Disconnect(chat.to_owned())),
        _ if section == Section::Connected || !rights.connects_chats() => None,
        (RowKind::Chat(ChatType::Group), Some(chat), _) => Some(Offer::Connect(chat.to_owned())),
        (RowKind::Chat(ChatType::OneOnOne) | RowKind::Person, _, Some(person)) => {
            Some(Offer::StartWith(Participant {
                id: person.clone(),
                name: row.title.clone(),
                guest: row.guest,
            }))
        }
        _ => None,
    };
    let mut offers: Vec<Offer> = offer.into_iter().collect();
    let opens = matches!(row.kind, RowKind::Chat(_) | RowKind::Channel);
    if let Some(url) = row.web_url.as_ref().filter(|_| opens) {
        if links::is_teams_url(url, teams_hosts) {
            offers.push(Offer::OpenInTeams(url.clone()));
        }
    }
    offers
}

/// Whether the Chats tab shows suggestions: only where chats can be connected and the
/// administrator left them on (`msdyn_enablelogicbasedsuggestion`).
pub fn shows_suggestions(settings: &TypeSettings) -> bool {
    settings.connects && settings.suggestions
}

/// The connected chats the administrator's rules let this user disconnect besides what the link
/// table's write privilege allows: every one for the record's owner where
/// `msdyn_recordownercanunlink` is on, the ones they connected where
/// `msdyn_recentchatlinkercanunlink` is (user ids compare case-insensitively).
pub fn unlinkable(
    links: &[Link],
    user: Option<&str>,
    owner: Option<&str>,
    settings: &TypeSettings,
) -> Vec<String> {
    let Some(user) = user.filter(|_| settings.connects) else {
        return Vec::new();
    };
    let is = |id: Option<&str>| id.is_some_and(|id| id.eq_ignore_ascii_case(user));
    let owns = settings.owner_unlinks && is(owner);
    links
        .iter()
        .filter(|link| owns || (settings.linker_unlinks && is(link.connected_by_id.as_deref())))
        .map(|link| link.chat_id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::RowKey;

    const TEAMS: &str = "https://teams.microsoft.com/l/chat/19%3Ax/0";

    fn row(key: RowKey, kind: RowKind, person: Option<&str>, url: Option<&str>) -> Row {
        Row {
            key,
            kind,
            title: "Lee Gu".into(),
            preview: None,
            time: None,
            unread: false,
            person: person.map(str::to_owned),
            guest: person == Some("kai"),
            web_url: url.map(str::to_owned),
        }
    }

    fn group() -> Row {
        let key = RowKey::Chat("g".into());
        row(key, RowKind::Chat(ChatType::Group), None, Some(TEAMS))
    }

    fn all() -> Rights {
        Rights {
            append: true,
            connect_chats: true,
            disconnect_chats: true,
            remove_channels: true,
        }
    }

    #[test]
    fn a_connected_chat_offers_disconnect_only_with_the_link_privilege() {
        let offers = row_actions(Section::Connected, &group(), &all(), &[]);
        let open = Offer::OpenInTeams(TEAMS.into());
        assert_eq!(offers, [Offer::Disconnect("g".into()), open.clone()]);
        let rights = Rights {
            disconnect_chats: false,
            ..all()
        };
        let offers = row_actions(Section::Connected, &group(), &rights, &[]);
        assert_eq!(offers, [open], "Open in Teams needs no right");
    }

    #[test]
    fn a_group_chat_elsewhere_offers_connect_with_append_to_access() {
        for section in [Section::Suggested, Section::Other] {
            let offers = row_actions(section, &group(), &all(), &[]);
            assert_eq!(offers[0], Offer::Connect("g".into()), "{section:?}");
            for rights in [
                Rights {
                    append: false,
                    ..all()
                },
                Rights {
                    connect_chats: false,
                    ..all()
                },
            ] {
                let offers = row_actions(section, &group(), &rights, &[]);
                assert_eq!(offers, [Offer::OpenInTeams(TEAMS.into())], "{rights:?}");
            }
        }
    }

    #[test]
    fn one_on_one_chats_and_people_offer_a_new_connected_chat_with_them() {
        let one = row(
            RowKey::Chat("o".into()),
            RowKind::Chat(ChatType::OneOnOne),
            Some("kai"),
            None,
        );
        let person = row(
            RowKey::Person("lee".into()),
            RowKind::Person,
            Some("lee"),
            None,
        );
        let start = |id: &str, guest| {
            Offer::StartWith(Participant {
                id: id.into(),
                name: "Lee Gu".into(),
                guest,
            })
        };
        let offers = row_actions(Section::Other, &one, &all(), &[]);
        assert_eq!(offers, [start("kai", true)], "a guest stays a guest");
        let offers = row_actions(Section::Suggested, &person, &all(), &[]);
        assert_eq!(offers, [start("lee", false)]);
        let meeting = row(
            RowKey::Chat("m".into()),
            RowKind::Chat(ChatType::Meeting),
            None,
            None,
        );
        assert!(row_actions(Section::Other, &meeting, &all(), &[]).is_empty());
    }

    #[test]
    fn a_locked_row_offers_nothing() {
        let kind = RowKind::Locked { connected_by: None };
        let locked = row(RowKey::Chat("l".into()), kind, None, Some(TEAMS));
        assert!(row_actions(Section::Connected, &locked, &all(), &[]).is_empty());
        assert!(!opens(&locked), "nor opens");
    }

    #[test]
    fn chats_open_and_people_and_channels_do_not() {
        assert!(opens(&group()));
        let person = row(RowKey::Person("p".into()), RowKind::Person, Some("p"), None);
        assert!(!opens(&person));
        let channel = row(RowKey::Channel("c".into()), RowKind::Channel, None, None);
        assert!(!opens(&channel));
    }

    #[test]
    fn a_channel_offers_disconnect_with_the_delete_privilege_and_open_in_teams() {
        let url = "https://teams.microsoft.com/l/channel/19%3Ac/Key";
        let channel = row(
            RowKey::Channel("l1".into()),
            RowKind::Channel,
            None,
            Some(url),
        );
        let offers = row_actions(Section::Connected, &channel, &all(), &[]);
        let open = Offer::OpenInTeams(url.into());
        assert_eq!(
            offers,
            [Offer::DisconnectChannel("l1".into()), open.clone()]
        );
        let rights = Rights {
            remove_channels: false,
            ..all()
        };
        assert_eq!(
            row_actions(Section::Connected, &channel, &rights, &[]),
            [open]
        );
    }

    #[test]
    fn only_teams_links_open() {
        let mut chat = group();
        chat.web_url = Some("https://evil.example/l/chat".into());
        let offers = row_actions(Section::Other, &chat, &all(), &[]);
        assert_eq!(offers, [Offer::Connect("g".into())]);
        let hosts = ["evil.example".to_owned()];
        let offers = row_actions(Section::Other, &chat, &all(), &hosts);
        assert_eq!(offers.len(), 2, "a host the page allows");
        chat.web_url = Some("javascript:alert(1)".into());
        assert_eq!(row_actions(Section::Other, &chat, &all(), &hosts).len(), 1);
    }

    fn link(chat: &str, by: Option<&str>) -> Link {
        Link {
            id: format!("l-{chat}"),
            chat_id: chat.into(),
            connected_by: None,
            connected_by_id: by.map(str::to_owned),
        }
    }

    #[test]
    fn the_owner_and_the_connector_disconnect_only_where_the_type_lets_them() {
        let links = [
            link("a", Some("me")),
            link("b", Some("other")),
            link("c", None),
        ];
        let on = TypeSettings {
            owner_unlinks: true,
            linker_unlinks: true,
            ..TypeSettings::FALLBACK
        };
        assert_eq!(
            unlinkable(&links, Some("ME"), Some("me"), &on),
            ["a", "b", "c"]
        );
        assert_eq!(unlinkable(&links, Some("me"), Some("boss"), &on), ["a"]);
        let owner_only = TypeSettings {
            linker_unlinks: false,
            ..on.clone()
        };
        assert!(unlinkable(&links, Some("me"), Some("boss"), &owner_only).is_empty());
        assert!(unlinkable(&links, Some("me"), Some("me"), &TypeSettings::FALLBACK).is_empty());
        assert!(
            unlinkable(&links, None, Some("me"), &on).is_empty(),
            "no user, no rule"
        );
        let off = TypeSettings {
            connects: false,
            ..on
        };
        assert!(unlinkable(&links, Some("me"), Some("me"), &off).is_empty());
    }

    #[test]
    fn suggestions_show_where_chats_connect_and_the_type_wants_them() {
        assert!(shows_suggestions(&TypeSettings::FALLBACK));
        assert!(!shows_suggestions(&TypeSettings::OFF));
        let no = TypeSettings {
            suggestions: false,
            ..TypeSettings::FALLBACK
        };
        assert!(!shows_suggestions(&no));
    }
}
