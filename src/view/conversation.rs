//! A conversation, ready to render: its members line, and its messages as rows, grouped by
//! author, worded, with their reactions and their delivery. Pure, so every rule is tested natively.

use super::rows::system_event;
use crate::api::graph::{Attachment, Member, Mention, Message};
use crate::state::{Delivery, Outgoing};
use crate::text::{self, Strings};

/// Within this long, one author's messages share a header.
pub const GROUP_MS: i64 = 5 * 60 * 1000;

/// The six Teams reactions, as sent, with the legacy words Graph may still answer with.
pub const REACTIONS: [(&str, &str); 6] = [
    ("👍", "like"),
    ("❤️", "heart"),
    ("😆", "laugh"),
    ("😮", "surprised"),
    ("😢", "sad"),
    ("😡", "angry"),
];

/// One row of the message list.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageRow {
    /// Unique in the list: the message's id, or `out:<n>` for one not yet sent.
    pub key: String,
    /// The server's id, once it has one.
    pub id: Option<String>,
    /// Its number while on its way (for Retry).
    pub local: Option<u32>,
    /// Who wrote it (none for system events).
    pub author: Option<Author>,
    /// Whether it starts a group (its author and time show).
    pub header: bool,
    /// When it was sent, in milliseconds since the epoch.
    pub time: Option<i64>,
    /// What it says.
    pub body: Body,
    /// Its text was edited after it was sent.
    pub edited: bool,
    /// The signed-in user wrote it.
    pub own: bool,
    /// Whether it reached the chat.
    pub delivery: Delivery,
    /// Its reactions, one per emoji.
    pub reactions: Vec<ReactionSummary>,
    /// Whom its `<at>` tags name.
    pub mentions: Vec<Mention>,
    /// What its `<attachment>` tags stand for.
    pub attachments: Vec<Attachment>,
}

/// A message's author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Author {
    /// Their name.
    pub name: String,
    /// Their lower-case id, for the photo.
    pub person: Option<String>,
}

/// What a message says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// HTML, rebuilt from the allowlist when shown.
    Html(String),
    /// Plain text.
    Text(String),
    /// A system event, worded.
    System(String),
    /// "This message was deleted".
    Deleted,
}

/// One emoji's reactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReactionSummary {
    /// The emoji.
    pub emoji: String,
    /// Who reacted with it.
    pub names: Vec<String>,
    /// The signed-in user is one of them.
    pub mine: bool,
}

/// The members line of a conversation's header: "Ava Reyes, Ben Ito and 3 more".
pub fn members_line(members: &[Member], me: &str, t: &Strings) -> String {
    let names: Vec<String> = members
        .iter()
        .filter(|m| {
            !m.user_id
                .as_deref()
                .is_some_and(|id| id.eq_ignore_ascii_case(me))
        })
        .filter_map(|m| m.display_name.clone())
        .collect();
    // Graph expands at most 25 members: past that the count is unknown.
    let more = if members.len() >= text::EXPANDED_MEMBERS {
        t.others.to_owned()
    } else {
        text::fill(t.more, "n", &names.len().saturating_sub(2).to_string())
    };
    match names.as_slice() {
        [a, b, _, _, ..] => format!("{}, {}{}{more}", text::isolate(a), text::isolate(b), t.and,),
        _ => text::names_title(t, &names),
    }
}

/// The emoji a reaction type shows: a legacy word as its emoji, anything else as it is.
pub fn emoji_of(kind: &str) -> &str {
    REACTIONS
        .iter()
        .find(|(_, word)| *word == kind)
        .map_or(kind, |(emoji, _)| emoji)
}

/// The message list: sent messages (already in `createdDateTime` order), then those still on
/// their way; one author's messages within [`GROUP_MS`] share a header.
pub fn message_rows(
    messages: &[Message],
    outbox: &[Outgoing],
    members: &[Member],
    me: &str,
    t: &Strings,
) -> Vec<MessageRow> {
    let name_of = |id: &str| {
        members
            .iter()
            .find(|m| {
                m.user_id
                    .as_deref()
                    .is_some_and(|u| u.eq_ignore_ascii_case(id))
            })
            .and_then(|m| m.display_name.clone())
    };
    let mut rows: Vec<MessageRow> = messages
        .iter()
        .map(|message| {
            let author = message.from.as_ref().map(|from| {
                let person = from.id.as_deref().map(str::to_ascii_lowercase);
                let name = from
                    .display_name
                    .clone()
                    .or_else(|| name_of(from.id.as_deref()?))
                    .unwrap_or_else(|| t.someone.into());
                Author { name, person }
            });
            let own = author
                .as_ref()
                .and_then(|a| a.person.as_deref())
                .is_some_and(|p| p.eq_ignore_ascii_case(me));
            MessageRow {
                key: message.id.clone(),
                id: Some(message.id.clone()),
                local: None,
                author,
                header: true,
                time: text::parse_iso_millis(&message.created),
                body: body_of(message, members, me, t),
                edited: message.last_edited.is_some() && message.deleted.is_none(),
                own,
                delivery: Delivery::Sent,
                reactions: reactions_of(message, &name_of, me, t),
                mentions: message.mentions.clone(),
                attachments: message.attachments.clone(),
            }
        })
        .collect();
    let me_author = Author {
        name: name_of(me).unwrap_or_else(|| t.you.into()),
        person: Some(me.to_ascii_lowercase()),
    };
    rows.extend(outbox.iter().map(|out| MessageRow {
        key: format!("out:{}", out.local),
        id: None,
        local: Some(out.local),
        author: Some(me_author.clone()),
        header: true,
        time: None,
        body: Body::Html(out.html.clone()),
        edited: false,
        own: true,
        delivery: out.delivery,
        reactions: Vec::new(),
        mentions: Vec::new(),
        attachments: Vec::new(),
    }));
    for at in 1..rows.len() {
        let (before, row) = (&rows[at - 1], &rows[at]);
        let same_author =
            matches!((&before.author, &row.author), (Some(a), Some(b)) if a.person == b.person);
        let close = match (before.time, row.time) {
            (Some(a), Some(b)) => (b - a).abs() <= GROUP_MS,
            // Not sent yet: it follows the last message whatever the time.
            (_, None) => true,
            _ => false,
        };
        let system = matches!(row.body, Body::System(_)) || matches!(before.body, Body::System(_));
        rows[at].header = !(same_author && close && !system);
    }
    rows
}

fn body_of(message: &Message, members: &[Member], me: &str, t: &Strings) -> Body {
    if message.deleted.is_some() {
        return Body::Deleted;
    }
    if message.message_type.as_deref() == Some("systemEventMessage") {
        return Body::System(match &message.event_detail {
            Some(detail) => system_event(detail, members, me, t),
            None => t.chat_updated.into(),
        });
    }
    let body = message.body.as_ref();
    let content = body.and_then(|b| b.content.clone()).unwrap_or_default();
    match body.and_then(|b| b.content_type.as_deref()) {
        Some("html") => Body::Html(content),
        _ => Body::Text(content),
    }
}

fn reactions_of(
    message: &Message,
    name_of: &dyn Fn(&str) -> Option<String>,
    me: &str,
    t: &Strings,
) -> Vec<ReactionSummary> {
    let mut summaries: Vec<ReactionSummary> = Vec::new();
    for reaction in &message.reactions {
        let emoji = emoji_of(&reaction.kind);
        let who = reaction.user.as_ref();
        let id = who.and_then(|u| u.id.as_deref()).unwrap_or("");
        let mine = !id.is_empty() && id.eq_ignore_ascii_case(me);
        let name = if mine {
            t.you.to_owned()
        } else {
            who.and_then(|u| u.display_name.clone())
                .or_else(|| name_of(id))
                .unwrap_or_else(|| t.someone.into())
        };
        match summaries.iter_mut().find(|s| s.emoji == emoji) {
            Some(summary) => {
                summary.names.push(name);
                summary.mine |= mine;
            }
            None => summaries.push(ReactionSummary {
                emoji: emoji.to_owned(),
                names: vec![name],
                mine,
            }),
        }
    }
    summaries
}

/// A reaction's accessible name: "👍 2: Ava Reyes and Ben Ito".
pub fn reaction_label(summary: &ReactionSummary, t: &Strings) -> String {
    let text = text::fill(t.reacted, "emoji", &summary.emoji);
    let text = text::fill(&text, "count", &summary.names.len().to_string());
    text::fill(&text, "names", &text::names_title(t, &summary.names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::{parse_message_page, Member};
    use crate::text::EN;

    fn member(id: &str, name: &str) -> Member {
        Member {
            user_id: Some(id.into()),
            display_name: Some(name.into()),
            guest: false,
            tenant_id: None,
        }
    }

    fn messages(json: &str) -> Vec<Message> {
        parse_message_page(&format!("{{\"value\":[{json}]}}"))
            .unwrap()
            .messages
    }

    #[test]
    fn the_members_line_names_two_then_counts() {
        let members = [
            member("me", "Megan"),
            member("a", "Ava Reyes"),
            member("b", "Ben Ito"),
            member("c", "C"),
            member("d", "D"),
            member("e", "E"),
        ];
        assert_eq!(
            members_line(&members, "ME", &EN),
            "Ava Reyes, Ben Ito and 3 more"
        );
        assert_eq!(
            members_line(&members[..3], "me", &EN),
            "Ava Reyes and Ben Ito"
        );
        assert_eq!(
            members_line(&members[..4], "me", &EN),
            "Ava Reyes, Ben Ito and C"
        );
        // Graph expands 25 members at most: a full list says "and others", not a count.
        let crowd: Vec<Member> = (0..25)
            .map(|i| member(&format!("u{i}"), &format!("Person {i}")))
            .collect();
        assert_eq!(
            members_line(&crowd, "me", &EN),
            "Person 0, Person 1 and others"
        );
    }

    #[test]
    fn one_authors_messages_within_five_minutes_share_a_header() {
        let list = messages(
            r##"{"id":"1","createdDateTime":"2026-11-27T10:00:00Z","from":{"user":{"id":"a","displayName":"Ava"}},"body":{"contentType":"text","content":"one"}},
               {"id":"2","createdDateTime":"2026-11-27T10:04:00Z","from":{"user":{"id":"a","displayName":"Ava"}},"body":{"contentType":"text","content":"two"}},
               {"id":"3","createdDateTime":"2026-11-27T10:10:00Z","from":{"user":{"id":"a","displayName":"Ava"}},"body":{"contentType":"text","content":"three"}},
               {"id":"4","createdDateTime":"2026-11-27T10:11:00Z","from":{"user":{"id":"me","displayName":"Megan"}},"body":{"contentType":"html","content":"<p>four</p>"},"lastEditedDateTime":"2026-11-27T10:12:00Z"},
               {"id":"5","createdDateTime":"2026-11-27T10:12:00Z","messageType":"systemEventMessage","eventDetail":{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"id":"b"}],"initiator":{"user":{"id":"me"}}}},
               {"id":"6","createdDateTime":"2026-11-27T10:13:00Z","deletedDateTime":"2026-11-27T10:14:00Z","lastEditedDateTime":"2026-11-27T10:13:30Z","from":{"user":{"id":"me"}},"body":{"contentType":"html","content":""}}"##,
        );
        let members = [member("me", "Megan"), member("b", "Ben Ito")];
        let rows = message_rows(&list, &[], &members, "me", &EN);
        let headers: Vec<bool> = rows.iter().map(|r| r.header).collect();
        assert_eq!(headers, [true, false, true, true, true, true]);
        assert_eq!(rows[3].body, Body::Html("<p>four</p>".into()));
        assert!(rows[3].own && rows[3].edited);
        assert_eq!(rows[4].body, Body::System("You added Ben Ito".into()));
        assert_eq!(rows[5].body, Body::Deleted);
        assert!(!rows[5].edited, "a deleted message says so, not Edited");
        assert_eq!(
            rows[5].author.as_ref().unwrap().name,
            "Megan",
            "named from the members"
        );
    }

    #[test]
    fn messages_on_their_way_follow_with_their_delivery() {
        let outbox = [Outgoing {
            local: 1,
            html: "hi".into(),
            text: "hi".into(),
            mentions: Vec::new(),
            delivery: Delivery::NotSent,
        }];
        let rows = message_rows(&[], &outbox, &[member("me", "Megan")], "me", &EN);
        assert_eq!(rows[0].key, "out:1");
        assert_eq!(rows[0].delivery, Delivery::NotSent);
        assert_eq!(rows[0].author.as_ref().unwrap().name, "Megan");
    }

    #[test]
    fn reactions_group_by_emoji_legacy_words_included() {
        let list = messages(
            r##"{"id":"1","createdDateTime":"2026-11-27T10:00:00Z","from":{"user":{"id":"a"}},"body":{"contentType":"text","content":"x"},
                "reactions":[{"reactionType":"like","user":{"user":{"id":"b","displayName":null}}},
                             {"reactionType":"👍","user":{"user":{"id":"me"}}},
                             {"reactionType":"💯","user":{"user":{"id":"a","displayName":"Ava"}}}]}"##,
        );
        let rows = message_rows(&list, &[], &[member("b", "Ben Ito")], "me", &EN);
        let r = &rows[0].reactions;
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].emoji, "👍");
        assert_eq!(r[0].names, ["Ben Ito", "You"]);
        assert!(r[0].mine);
        assert_eq!(reaction_label(&r[0], &EN), "👍 2: Ben Ito and You");
        assert_eq!(r[1].emoji, "💯");
        assert!(!r[1].mine);
    }

    #[test]
    fn legacy_reaction_words_are_emoji() {
        for (emoji, word) in REACTIONS {
            assert_eq!(emoji_of(word), emoji);
            assert_eq!(emoji_of(emoji), emoji);
        }
    }
}
