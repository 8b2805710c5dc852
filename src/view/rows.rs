//! Turns loaded data into the three sections' rows: pure, so every rule is tested natively.

use crate::api::dataverse::{Link, Suggestion};
use crate::api::graph::{Chat, ChatLookup, ChatType, EventDetail, Identity, Member};
use crate::keyed::{Map, Set};
use crate::text::{self, Strings};
use std::fmt;

/// A row of a section.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Unique across the pane.
    pub key: RowKey,
    /// What the row stands for.
    pub kind: RowKind,
    /// The title: topic, member names, or the person's name.
    pub title: String,
    /// The plain-text preview, or why the person is suggested.
    pub preview: Option<String>,
    /// When the last message was sent, in milliseconds since the epoch.
    pub time: Option<i64>,
    /// Unread for the signed-in user.
    pub unread: bool,
    /// Whose photo and presence the avatar shows (the other person of a one-on-one chat).
    pub person: Option<String>,
    /// That person is a guest of the tenant (a new chat adds them in the guest role).
    pub guest: bool,
    /// The Teams deep link.
    pub web_url: Option<String>,
}

/// What a row stands for, unique across the pane.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RowKey {
    /// A chat, by its id (the conversation id).
    Chat(String),
    /// A suggested person, by their lower-case Entra object id.
    Person(String),
    /// A connected channel, by its link row's id.
    Channel(String),
}

impl RowKey {
    /// The id inside the key.
    pub fn id(&self) -> &str {
        match self {
            RowKey::Chat(id) | RowKey::Person(id) | RowKey::Channel(id) => id,
        }
    }

    /// The chat's id, for a chat's row.
    pub fn chat_id(&self) -> Option<&str> {
        match self {
            RowKey::Chat(id) => Some(id),
            _ => None,
        }
    }
}

/// The key as the DOM holds it (`data-key`, and Yew's key): `chat:<id>`, `person:<id>` or
/// `channel:<id>`.
impl fmt::Display for RowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, id) = match self {
            RowKey::Chat(id) => ("chat", id),
            RowKey::Person(id) => ("person", id),
            RowKey::Channel(id) => ("channel", id),
        };
        write!(f, "{kind}:{id}")
    }
}

/// What a row is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A chat the user is in.
    Chat(ChatType),
    /// A suggested person.
    Person,
    /// A connected chat the user is not in.
    Locked {
        /// Who connected it, when Dataverse said.
        connected_by: Option<String>,
    },
    /// A Teams channel connected to the record.
    Channel,
}

/// The loaded pieces the sections are built from.
pub struct Inputs<'a> {
    /// The signed-in user's id.
    pub me: &'a str,
    /// The chat list pages loaded so far.
    pub chats: &'a [Chat],
    /// The record's Associate link rows.
    pub links: &'a [Link],
    /// Get chat answers for connected chats not in the loaded pages.
    pub lookups: &'a Map<String, ChatLookup>,
    /// The record's suggested people.
    pub suggestions: &'a [Suggestion],
    /// The filter text.
    pub filter: &'a str,
    /// The mount's strings (locked rows and previews are worded with them).
    pub strings: &'a Strings,
}

/// The three sections.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sections {
    /// Chats connected to this record.
    pub connected: Vec<Row>,
    /// Suggested group chats, then suggested people.
    pub suggested: Vec<Row>,
    /// Everything else the user has, newest first.
    pub other: Vec<Row>,
    /// Connected chats whose get chat failed: not shown, and said so (with Retry).
    pub unavailable: usize,
}

/// How many rows of "Other chats" count as on screen before the user scrolls or pages.
pub const OTHER_ROWS_ON_SCREEN: usize = 20;

/// The people whose avatars are on screen when the pane opens: those of the connected and
/// suggested rows and of the first rows of "Other chats", once each. Ids are lower case.
pub fn first_people(sections: &Sections) -> Vec<String> {
    let mut seen = Set::new();
    sections
        .connected
        .iter()
        .chain(sections.suggested.iter())
        .chain(sections.other.iter().take(OTHER_ROWS_ON_SCREEN))
        .filter_map(|row| row.person.clone())
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

/// The connected chat ids not in the loaded pages, to look up with get chat.
pub fn missing_connected(chats: &[Chat], links: &[Link]) -> Vec<String> {
    let loaded: Set<&str> = chats.iter().map(|c| c.id.as_str()).collect();
    let mut missing: Vec<String> = Vec::new();
    for link in links {
        if !loaded.contains(link.chat_id.as_str()) && !missing.contains(&link.chat_id) {
            missing.push(link.chat_id.clone());
        }
    }
    missing
}

/// Builds the sections: connected (deduplicated, joined from the pages, else looked up, else
/// locked), suggested (group chats with suggested people first, then the people), other (minus
/// connected, hidden and already suggested chats, newest first by the time each row shows);
/// the filter applies to every section.
pub fn sections(inputs: &Inputs) -> Sections {
    let by_id: Map<&str, &Chat> = inputs.chats.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut shown: Set<String> = Set::new();

    let mut connected = Vec::new();
    let mut unavailable = 0;
    for link in inputs.links {
        if !shown.insert(link.chat_id.clone()) {
            continue;
        }
        let row = match by_id.get(link.chat_id.as_str()).copied() {
            Some(chat) => chat_row(chat, inputs.me, inputs.strings),
            None => match inputs.lookups.get(&link.chat_id) {
                Some(ChatLookup::Found(chat)) => chat_row(chat, inputs.me, inputs.strings),
                Some(ChatLookup::NotAMember) => locked_row(link, inputs.strings),
                Some(ChatLookup::Failed(_)) => {
                    unavailable += 1;
                    continue;
                }
                // Not looked up yet: nothing honest to show for it.
                None => continue,
            },
        };
        connected.push(row);
    }

    let suggested_people: Vec<&Suggestion> = inputs
        .suggestions
        .iter()
        .filter(|s| !s.aad_user_id.eq_ignore_ascii_case(inputs.me))
        .collect();
    let mut suggested = Vec::new();
    for chat in inputs.chats {
        let with_suggested = chat.chat_type == ChatType::Group
            && chat.members.iter().any(|m| {
                suggested_people.iter().any(|s| {
                    m.user_id
                        .as_deref()
                        .is_some_and(|id| id.eq_ignore_ascii_case(&s.aad_user_id))
                })
            });
        let hidden = chat.viewpoint.as_ref().is_some_and(|v| v.is_hidden);
        if with_suggested && !hidden && !shown.contains(&chat.id) {
            shown.insert(chat.id.clone());
            suggested.push(chat_row(chat, inputs.me, inputs.strings));
        }
    }
    for person in &suggested_people {
        suggested.push(Row {
            key: RowKey::Person(person.aad_user_id.to_ascii_lowercase()),
            kind: RowKind::Person,
            title: person.display_name.clone(),
            preview: (!person.description.is_empty()).then(|| person.description.clone()),
            time: None,
            unread: false,
            person: Some(person.aad_user_id.to_ascii_lowercase()),
            guest: false,
            web_url: None,
        });
    }

    let mut other: Vec<Row> = inputs
        .chats
        .iter()
        .filter(|c| !shown.contains(&c.id) && !c.viewpoint.as_ref().is_some_and(|v| v.is_hidden))
        .map(|c| chat_row(c, inputs.me, inputs.strings))
        .collect();
    // Newest first by the time each row shows (its last message's, else the chat's last
    // update), across the pages loaded so far: Graph orders a page by the last message alone.
    newest_first(&mut other);

    let mut result = Sections {
        connected,
        suggested,
        other,
        unavailable,
    };
    let needle = text::lower(inputs.filter.trim());
    if !needle.is_empty() {
        for rows in [
            &mut result.connected,
            &mut result.suggested,
            &mut result.other,
        ] {
            rows.retain(|row| text::lower(&row.title).contains(&needle));
        }
    }
    result
}

/// A chat's row as the signed-in user sees it.
pub fn chat_row(chat: &Chat, me: &str, t: &Strings) -> Row {
    let others: Vec<&crate::api::graph::Member> = chat
        .members
        .iter()
        .filter(|m| {
            !m.user_id
                .as_deref()
                .is_some_and(|id| id.eq_ignore_ascii_case(me))
        })
        .collect();
    let title = chat
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let names: Vec<String> = others
                .iter()
                .filter_map(|m| m.display_name.clone())
                .collect();
            // Graph expands at most 25 members: past that the count is unknown.
            text::names_title_of(t, &names, chat.members.len() >= text::EXPANDED_MEMBERS)
        });
    let preview = chat.last_message_preview.as_ref();
    let time = preview
        .and_then(|p| p.created_date_time.as_deref())
        .or(chat.last_updated_date_time.as_deref())
        .and_then(text::parse_iso_millis);
    // Only List chats gives a `viewpoint`: a chat read through Get chat has none, and shows no
    // unread mark rather than a wrong one. With a viewpoint, never read means unread.
    let read = chat.viewpoint.as_ref().map(|v| {
        v.last_message_read_date_time
            .as_deref()
            .and_then(text::parse_iso_millis)
    });
    let sent = preview
        .and_then(|p| p.created_date_time.as_deref())
        .and_then(text::parse_iso_millis);
    let from_me = preview
        .and_then(|p| p.from.as_ref())
        .and_then(|f| f.user.as_ref())
        .and_then(|u| u.id.as_deref())
        .is_some_and(|id| id.eq_ignore_ascii_case(me));
    let unread = match (sent, read) {
        (Some(sent), Some(Some(read))) => sent > read && !from_me,
        (Some(_), Some(None)) => !from_me,
        _ => false,
    };
    let other = (chat.chat_type == ChatType::OneOnOne)
        .then(|| others.first())
        .flatten();
    let person = other
        .and_then(|m| m.user_id.clone())
        .map(|id| id.to_ascii_lowercase());
    Row {
        guest: other.is_some_and(|m| m.guest),
        key: RowKey::Chat(chat.id.clone()),
        kind: RowKind::Chat(chat.chat_type.clone()),
        title,
        preview: preview_text(chat, me, t),
        time,
        unread,
        person,
        web_url: chat.web_url.clone(),
    }
}

/// Sorts rows newest first by their time, rows without one last, keeping the order of equals.
/// Rows arrive nearly in order (Graph sorts each page by its last message), so an insertion sort
/// is close to linear here; the standard library's sort would add 1.8 KB gzipped to the wasm.
fn newest_first(rows: &mut [Row]) {
    for next in 1..rows.len() {
        let mut at = next;
        while at > 0 && rows[at - 1].time < rows[at].time {
            rows.swap(at - 1, at);
            at -= 1;
        }
    }
}

fn locked_row(link: &Link, t: &Strings) -> Row {
    let by = link.connected_by.clone();
    Row {
        key: RowKey::Chat(link.chat_id.clone()),
        title: match &by {
            Some(name) => text::fill(t.connected_by, "name", name),
            None => t.connected_chat.into(),
        },
        preview: Some(t.not_in_chat.into()),
        kind: RowKind::Locked { connected_by: by },
        time: None,
        unread: false,
        person: None,
        guest: false,
        web_url: None,
    }
}

/// The last message as plain text: system events worded, deleted messages said so.
pub fn preview_text(chat: &Chat, me: &str, t: &Strings) -> Option<String> {
    let preview = chat.last_message_preview.as_ref()?;
    if preview.is_deleted {
        return Some(t.deleted_message.into());
    }
    if preview.message_type.as_deref() == Some("systemEventMessage") {
        return preview
            .event_detail
            .as_ref()
            .map(|detail| system_event(detail, &chat.members, me, t));
    }
    let body = preview.body.as_ref()?;
    let content = body.content.as_deref().unwrap_or("");
    let plain = if body.content_type.as_deref() == Some("html") {
        text::plain_text(content)
    } else {
        content.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let plain = if plain.is_empty() {
        t.sent_attachment.to_owned()
    } else {
        plain
    };
    let sender = preview.from.as_ref().and_then(|f| f.user.as_ref());
    let from_me = sender
        .and_then(|u| u.id.as_deref())
        .is_some_and(|id| id.eq_ignore_ascii_case(me));
    Some(if from_me {
        text::fill(t.you_said, "text", &text::isolate(&plain))
    } else {
        plain
    })
}

/// Words a system event from its detail and the chat's members (names the event leaves out
/// are taken from them).
pub fn system_event(detail: &EventDetail, members: &[Member], me: &str, t: &Strings) -> String {
    let name_of = |identity: &Identity| -> String {
        let id = identity.id.as_deref().unwrap_or("");
        if !id.is_empty() && id.eq_ignore_ascii_case(me) {
            return t.you.into();
        }
        identity
            .display_name
            .clone()
            .or_else(|| {
                members
                    .iter()
                    .find(|m| {
                        m.user_id
                            .as_deref()
                            .is_some_and(|u| u.eq_ignore_ascii_case(id))
                    })
                    .and_then(|m| m.display_name.clone())
            })
            .unwrap_or_else(|| t.someone.into())
    };
    let initiator = detail
        .initiator
        .as_ref()
        .map(name_of)
        .unwrap_or_else(|| t.someone.into());
    let members = || -> String {
        let names: Vec<String> = detail.members.iter().map(name_of).collect();
        text::names_title(t, &names)
    };
    let kind = detail.kind.as_str();
    let by = |template: &str| text::fill(template, "who", &initiator);
    match kind.strip_prefix("#microsoft.graph.").unwrap_or(kind) {
        "membersAddedEventMessageDetail" => text::fill(&by(t.event_added), "members", &members()),
        "membersDeletedEventMessageDetail" => {
            text::fill(&by(t.event_removed), "members", &members())
        }
        "membersJoinedEventMessageDetail" => text::fill(t.event_joined, "members", &members()),
        "membersLeftEventMessageDetail" => text::fill(t.event_left, "members", &members()),
        "chatRenamedEventMessageDetail" => match detail.chat_display_name.as_deref() {
            Some(name) => text::fill(&by(t.event_renamed), "name", name),
            None => by(t.event_unnamed),
        },
        "callEndedEventMessageDetail" => t.call_ended.into(),
        "callStartedEventMessageDetail" => by(t.event_call_started),
        "teamsAppInstalledEventMessageDetail" => by(t.event_app_added),
        _ => t.chat_updated.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::parse_chats;
    use crate::api::json::values;
    use crate::text::EN;
    use serde_json::json;

    const ME: &str = "me";

    fn chats() -> Vec<Chat> {
        parse_chats(&values(vec![
            json!({"id": "g1", "topic": "Renewal", "chatType": "group", "members": [{"userId": "me", "displayName": "Megan"}, {"userId": "alex", "displayName": "Alex"}],
                   "viewpoint": {"isHidden": false, "lastMessageReadDateTime": "2026-11-27T10:00:00Z"},
                   "lastMessagePreview": {"createdDateTime": "2026-11-27T11:00:00.500Z", "isDeleted": false, "messageType": "message", "body": {"contentType": "html", "content": "<p>Hi &amp; bye</p>"}, "from": {"user": {"id": "alex", "displayName": "Alex"}}}}),
            json!({"id": "o1", "topic": null, "chatType": "oneOnOne", "members": [{"userId": "me", "displayName": "Megan"}, {"userId": "LEE", "displayName": "Lee Gu"}],
                   "viewpoint": {"isHidden": false, "lastMessageReadDateTime": "2026-11-27T12:00:00Z"},
                   "lastMessagePreview": {"createdDateTime": "2026-11-27T11:00:00Z", "isDeleted": true, "messageType": "message", "body": {"contentType": "text", "content": ""}}}),
            json!({"id": "h1", "topic": "Hidden", "chatType": "group", "members": [], "viewpoint": {"isHidden": true}}),
            json!({"id": "m1", "topic": "Pipeline", "chatType": "meeting", "members": [{"userId": "me"}, {"userId": "x", "displayName": "X"}],
                   "lastMessagePreview": {"createdDateTime": "2026-11-26T11:00:00Z", "messageType": "systemEventMessage", "eventDetail": {"@odata.type": "#microsoft.graph.membersAddedEventMessageDetail", "members": [{"id": "x", "displayName": null}], "initiator": {"user": {"id": "me", "displayName": "Megan"}}}}}),
            json!({"id": "g2", "topic": "  ", "chatType": "group", "members": [{"userId": "me"}, {"userId": "a", "displayName": "A"}, {"userId": "b", "displayName": "B"}, {"userId": "c", "displayName": "C"}, {"userId": "d", "displayName": "D"}, {"userId": "e", "displayName": "E"}]}),
        ]))
        .0
    }

    fn link(chat: &str, by: &str) -> Link {
        Link {
            id: format!("l-{chat}"),
            chat_id: chat.into(),
            connected_by: Some(by.into()),
            connected_by_id: None,
        }
    }

    #[test]
    fn rows_read_like_teams() {
        let all = chats();
        let group = chat_row(&all[0], ME, &EN);
        assert_eq!(group.title, "Renewal");
        assert_eq!(group.preview.as_deref(), Some("Hi & bye"));
        assert!(group.unread, "sent after the last read, by someone else");
        let one = chat_row(&all[1], ME, &EN);
        assert_eq!(one.title, "Lee Gu");
        assert_eq!(
            one.person.as_deref(),
            Some("lee"),
            "the avatar is the other person, ids lower-cased"
        );
        assert_eq!(one.preview.as_deref(), Some(EN.deleted_message));
        assert!(!one.unread);
        assert_eq!(
            chat_row(&all[3], ME, &EN).preview.as_deref(),
            Some("You added X")
        );
        assert_eq!(
            chat_row(&all[4], ME, &EN).title,
            "A, B, C and 2 more",
            "a blank topic falls back to names"
        );
    }

    #[test]
    fn a_chat_read_through_get_chat_shows_no_unread_mark() {
        let mut group = chats()[0].clone();
        group.viewpoint = None;
        assert!(!chat_row(&group, ME, &EN).unread, "no viewpoint: not known");
        let mut never_read = chats()[0].clone();
        if let Some(v) = never_read.viewpoint.as_mut() {
            v.last_message_read_date_time = None;
        }
        assert!(chat_row(&never_read, ME, &EN).unread, "never read: unread");
    }

    #[test]
    fn a_full_expansion_of_members_is_no_count() {
        let mut crowd = chats()[4].clone();
        crowd.members = (0..25)
            .map(|i| crate::api::graph::Member {
                user_id: Some(format!("u{i}")),
                display_name: Some(format!("P{i}")),
                guest: false,
                tenant_id: None,
            })
            .collect();
        assert_eq!(chat_row(&crowd, ME, &EN).title, "P0, P1, P2 and others");
    }

    #[test]
    fn sections_place_every_chat_once() {
        let all = chats();
        let links = vec![
            link("g1", "Megan"),
            link("g1", "Megan"),
            link("gone", "Adele"),
            link("far", "Ann"),
        ];
        let mut lookups = Map::new();
        lookups.insert("gone".to_owned(), ChatLookup::NotAMember);
        let mut far = all[4].clone();
        far.id = "far".into();
        lookups.insert("far".to_owned(), ChatLookup::Found(Box::new(far)));
        assert_eq!(missing_connected(&all, &links), ["gone", "far"]);
        let suggestions = vec![
            Suggestion {
                aad_user_id: "ME".into(),
                display_name: "Megan".into(),
                description: "Record owner".into(),
            },
            Suggestion {
                aad_user_id: "x".into(),
                display_name: "X".into(),
                description: "Logged an activity".into(),
            },
        ];
        let s = sections(&Inputs {
            me: ME,
            chats: &all,
            links: &links,
            lookups: &lookups,
            suggestions: &suggestions,
            filter: "",
            strings: &EN,
        });
        let keys = |rows: &[Row]| rows.iter().map(|r| r.key.to_string()).collect::<Vec<_>>();
        assert_eq!(
            keys(&s.connected),
            ["chat:g1", "chat:gone", "chat:far"],
            "deduplicated, looked up, locked"
        );
        assert_eq!(s.connected[1].title, "Connected by Adele");
        assert_eq!(
            s.connected[1].kind,
            RowKind::Locked {
                connected_by: Some("Adele".into())
            }
        );
        assert_eq!(
            keys(&s.suggested),
            ["person:x"],
            "the meeting with X is not a group chat; the user is not suggested to herself"
        );
        assert_eq!(
            keys(&s.other),
            ["chat:o1", "chat:m1", "chat:g2"],
            "minus connected and hidden"
        );

        let filtered = sections(&Inputs {
            me: ME,
            chats: &all,
            links: &links,
            lookups: &lookups,
            suggestions: &suggestions,
            filter: " LEE ",
            strings: &EN,
        });
        assert!(filtered.connected.is_empty() && filtered.suggested.is_empty());
        assert_eq!(keys(&filtered.other), ["chat:o1"]);
    }

    #[test]
    fn other_chats_are_newest_first_by_the_time_they_show() {
        // Page order is by last message: a chat without messages comes last on its page even
        // when it changed more recently, and a later page can hold a newer chat.
        let chats = parse_chats(&values(vec![
            json!({"id": "msg-2d", "chatType": "group", "members": [],
                   "lastUpdatedDateTime": "2026-11-25T09:00:00Z",
                   "lastMessagePreview": {"createdDateTime": "2026-11-25T09:00:00Z", "messageType": "message", "body": {"contentType": "text", "content": "hi"}}}),
            json!({"id": "quiet-1d", "chatType": "group", "members": [],
                   "lastUpdatedDateTime": "2026-11-26T09:00:00Z", "lastMessagePreview": null}),
            json!({"id": "page2-now", "chatType": "group", "members": [],
                   "lastMessagePreview": {"createdDateTime": "2026-11-27T09:00:00Z", "messageType": "message", "body": {"contentType": "text", "content": "hi"}}}),
            json!({"id": "no-time", "chatType": "group", "members": []}),
        ]))
        .0;
        let s = sections(&Inputs {
            me: ME,
            chats: &chats,
            links: &[],
            lookups: &Map::new(),
            suggestions: &[],
            filter: "",
            strings: &EN,
        });
        let keys: Vec<String> = s.other.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "chat:page2-now",
                "chat:quiet-1d",
                "chat:msg-2d",
                "chat:no-time"
            ]
        );
        let times: Vec<Option<i64>> = s.other.iter().map(|r| r.time).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    }

    #[test]
    fn group_chats_with_suggested_people_come_first() {
        let all = chats();
        let suggestions = vec![Suggestion {
            aad_user_id: "ALEX".into(),
            display_name: "Alex".into(),
            description: String::new(),
        }];
        let s = sections(&Inputs {
            me: ME,
            chats: &all,
            links: &[],
            lookups: &Map::new(),
            suggestions: &suggestions,
            filter: "",
            strings: &EN,
        });
        let keys: Vec<String> = s.suggested.iter().map(|r| r.key.to_string()).collect();
        assert_eq!(keys, ["chat:g1", "person:alex"]);
        assert!(
            s.other.iter().all(|r| r.key != RowKey::Chat("g1".into())),
            "never twice in the pane"
        );
    }

    #[test]
    fn a_hostile_chat_reads_as_text_whole() {
        let topic = format!("<script>alert(1)</script>\u{202E}{}", "é".repeat(10_000));
        let (chats, dropped) = parse_chats(&values(vec![
            json!({"id": "x1", "topic": topic, "chatType": "group", "webUrl": "javascript:alert(1)",
                   "members": [{"userId": "me"}, {"userId": "a", "displayName": "<img src=x onerror=alert(1)>"}],
                   "lastMessagePreview": {"createdDateTime": "2026-11-27T11:00:00.12éZ", "messageType": "message",
                       "body": {"contentType": "html", "content": "<img src=x onerror=alert(1)>javascript:alert(1)"},
                       "from": {"user": {"id": "a"}}}}),
            json!({"id": "x2", "topic": null, "chatType": "oneOnOne",
                   "members": [{"userId": "me"}, {"userId": "b", "displayName": "\u{202E}data:text/html,x"}],
                   "lastMessagePreview": {"messageType": "message", "body": {"contentType": "text", "content": "\u{FFFD} <b>hi</b>"}}}),
        ]));
        assert_eq!(dropped, 0);
        let row = chat_row(&chats[0], ME, &EN);
        assert_eq!(
            row.title, topic,
            "no truncation, no escaping: the view renders it as text"
        );
        assert_eq!(row.preview.as_deref(), Some("javascript:alert(1)"));
        assert_eq!(row.time, None, "a hostile timestamp reads as no time");
        assert_eq!(
            row.web_url.as_deref(),
            Some("javascript:alert(1)"),
            "kept here; the row refuses to open it (links::is_teams_url)"
        );
        let row = chat_row(&chats[1], ME, &EN);
        assert_eq!(
            row.title, "\u{2068}\u{202E}data:text/html,x\u{2069}",
            "the override is isolated inside the name"
        );
        assert_eq!(row.preview.as_deref(), Some("\u{FFFD} <b>hi</b>"));
    }
}
