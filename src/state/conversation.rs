//! An open conversation: its messages (merged by id, in `createdDateTime` order), the earlier
//! pages, the messages on their way, reactions and edits in flight, and the hosted images
//! shown, changed only through [`ConversationAction`].

use super::Load;
use crate::api::graph::{Identity, Member, Message, MessagePage, Reaction};
use crate::text;
use std::rc::Rc;
use yew::Reducible;

/// The chat whose conversation is open in the pane.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenChat {
    /// Its id.
    pub id: String,
    /// Its title, as its row shows it.
    pub title: String,
    /// A group chat (people can be added to it).
    pub group: bool,
    /// Its members when it opened.
    pub members: Vec<Member>,
    /// Its Teams link.
    pub web_url: Option<String>,
    /// The DOM key of the row it opened from: Back to chats returns there.
    pub row_key: String,
}

/// Whether a message reached the chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Graph has it.
    Sent,
    /// On its way.
    Sending,
    /// The send failed: it stays, with Retry.
    NotSent,
}

/// A message the user sent that Graph has not answered for yet, or refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    /// Its number in this conversation.
    pub local: u32,
    /// The HTML sent.
    pub html: String,
    /// The text typed, kept for Retry.
    pub text: String,
    /// The mentions sent: (id, user id, name).
    pub mentions: Vec<(i64, String, String)>,
    /// Where it is.
    pub delivery: Delivery,
}

/// Everything an open conversation shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationData {
    /// The messages, oldest first.
    pub messages: Load<Vec<Message>>,
    /// The next (older) page, when Graph gave one.
    pub next_link: Option<String>,
    /// The "Load earlier messages" request.
    pub earlier: Load<()>,
    /// Messages on their way or refused, in the order they were sent.
    pub outbox: Vec<Outgoing>,
    /// The chat's members (people added here join at once).
    pub members: Vec<Member>,
    /// Hosted images asked for: their URL, and their `blob:` URL once fetched.
    pub images: Vec<(String, Option<String>)>,
    /// What the user should hear about the last action that failed.
    pub notice: Option<String>,
    /// The next outgoing message's number.
    next_local: u32,
}

/// The only ways an open conversation changes.
#[derive(Clone, Debug, PartialEq)]
pub enum ConversationAction {
    /// The newest page arrived.
    Loaded(MessagePage),
    /// The newest page failed.
    Failed(String),
    /// "Load earlier messages" was pressed.
    EarlierRequested,
    /// An earlier page arrived.
    Earlier(MessagePage),
    /// An earlier page failed.
    EarlierFailed(String),
    /// New and edited messages arrived (the live query).
    Changed(Vec<Message>),
    /// A message was sent from the compose box: it shows at once.
    Queued {
        /// The HTML sent.
        html: String,
        /// The text typed.
        text: String,
        /// Its mentions.
        mentions: Vec<(i64, String, String)>,
    },
    /// Graph created an outgoing message.
    Sent {
        /// Its number.
        local: u32,
        /// What Graph answered.
        message: Box<Message>,
    },
    /// Graph refused an outgoing message.
    NotSent(u32),
    /// Retry: the same message goes again.
    Resend(u32),
    /// A reaction was added (`on`) or taken back: shown at once.
    React {
        /// The message.
        message: String,
        /// The emoji.
        emoji: String,
        /// The signed-in user.
        me: String,
        /// Added or taken back.
        on: bool,
    },
    /// An edit was saved: the message says it at once.
    Edited {
        /// The message.
        message: String,
        /// Its new HTML.
        html: String,
    },
    /// A hosted image was fetched (or not: `None`).
    Image {
        /// Its hosted-content URL.
        src: String,
        /// Its `blob:` URL.
        url: Option<String>,
    },
    /// A hosted image is being fetched.
    ImageRequested(String),
    /// People were added to the chat.
    MembersAdded(Vec<Member>),
    /// Shows or clears the notice.
    Notice(Option<String>),
}

impl ConversationData {
    /// An empty conversation of a chat with these members, loading.
    pub fn new(members: Vec<Member>) -> Self {
        Self {
            messages: Load::Loading,
            next_link: None,
            earlier: Load::Ready(()),
            outbox: Vec::new(),
            members,
            images: Vec::new(),
            notice: None,
            next_local: 1,
        }
    }

    /// The newest `lastModifiedDateTime` seen: what the live query asks about.
    pub fn since(&self) -> Option<&str> {
        self.messages
            .ready()?
            .iter()
            .filter_map(|m| m.last_modified.as_deref().or(Some(m.created.as_str())))
            .max_by_key(|stamp| text::parse_iso_millis(stamp))
    }

    /// The number the next queued message gets.
    pub fn next_local(&self) -> u32 {
        self.next_local
    }

    /// The outgoing message with this number.
    pub fn outgoing(&self, local: u32) -> Option<&Outgoing> {
        self.outbox.iter().find(|out| out.local == local)
    }

    /// The `blob:` URL of a hosted image, once fetched.
    pub fn image(&self, src: &str) -> Option<&str> {
        self.images
            .iter()
            .find(|(s, _)| s == src)
            .and_then(|(_, url)| url.as_deref())
    }

    /// Whether a hosted image was asked for already.
    pub fn image_asked(&self, src: &str) -> bool {
        self.images.iter().any(|(s, _)| s == src)
    }
}

impl Reducible for ConversationData {
    type Action = ConversationAction;

    fn reduce(self: Rc<Self>, action: ConversationAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ConversationAction::Loaded(page) => {
                let mut list = next.messages.ready().cloned().unwrap_or_default();
                merge(&mut list, page.messages);
                next.messages = Load::Ready(list);
                next.next_link = page.next_link;
            }
            ConversationAction::Failed(message) => {
                if !matches!(self.messages, Load::Ready(_)) {
                    next.messages = Load::Failed(message);
                }
            }
            ConversationAction::EarlierRequested => next.earlier = Load::Loading,
            ConversationAction::Earlier(page) => {
                if let Load::Ready(list) = &mut next.messages {
                    merge(list, page.messages);
                }
                next.next_link = page.next_link;
                next.earlier = Load::Ready(());
            }
            ConversationAction::EarlierFailed(message) => next.earlier = Load::Failed(message),
            ConversationAction::Changed(messages) => {
                // A message that reached the chat although its answer was lost is the user's
                // own with the same body: it is no longer on its way.
                next.outbox.retain(|out| {
                    !messages.iter().any(|m| {
                        m.from.is_some()
                            && m.body.as_ref().and_then(|b| b.content.as_deref()) == Some(&out.html)
                            && is_new(&self, m)
                    })
                });
                if let Load::Ready(list) = &mut next.messages {
                    merge(list, messages);
                }
            }
            ConversationAction::Queued {
                html,
                text,
                mentions,
            } => {
                next.outbox.push(Outgoing {
                    local: self.next_local,
                    html,
                    text,
                    mentions,
                    delivery: Delivery::Sending,
                });
                next.next_local += 1;
            }
            ConversationAction::Sent { local, message } => {
                next.outbox.retain(|out| out.local != local);
                if let Load::Ready(list) = &mut next.messages {
                    merge(list, vec![*message]);
                }
            }
            ConversationAction::NotSent(local) => set_delivery(&mut next, local, Delivery::NotSent),
            ConversationAction::Resend(local) => set_delivery(&mut next, local, Delivery::Sending),
            ConversationAction::React {
                message,
                emoji,
                me,
                on,
            } => {
                let Some(found) = next.messages_mut().find(|m| m.id == message) else {
                    return self;
                };
                let mine = |r: &Reaction| {
                    crate::view::emoji_of(&r.kind) == emoji
                        && r.user.as_ref().and_then(|u| u.id.as_deref()) == Some(me.as_str())
                };
                if on {
                    if found.reactions.iter().any(mine) {
                        return self;
                    }
                    found.reactions.push(Reaction {
                        kind: emoji,
                        user: Some(Identity {
                            id: Some(me),
                            display_name: None,
                        }),
                    });
                } else {
                    found.reactions.retain(|r| !mine(r));
                }
            }
            ConversationAction::Edited { message, html } => {
                if let Some(found) = next.messages_mut().find(|m| m.id == message) {
                    if let Some(body) = &mut found.body {
                        body.content = Some(html);
                        body.content_type = Some("html".into());
                    }
                    if found.last_edited.is_none() {
                        found.last_edited = Some(found.created.clone());
                    }
                }
            }
            ConversationAction::ImageRequested(src) => {
                if self.image_asked(&src) {
                    return self;
                }
                next.images.push((src, None));
            }
            ConversationAction::Image { src, url } => {
                match next.images.iter_mut().find(|(s, _)| *s == src) {
                    Some(slot) => slot.1 = url,
                    None => next.images.push((src, url)),
                }
            }
            ConversationAction::MembersAdded(members) => {
                for member in members {
                    let known = next.members.iter().any(|m| {
                        m.user_id.is_some()
                            && m.user_id.as_deref().map(str::to_ascii_lowercase)
                                == member.user_id.as_deref().map(str::to_ascii_lowercase)
                    });
                    if !known {
                        next.members.push(member);
                    }
                }
            }
            ConversationAction::Notice(notice) => next.notice = notice,
        }
        Rc::new(next)
    }
}

impl ConversationData {
    fn messages_mut(&mut self) -> impl Iterator<Item = &mut Message> {
        match &mut self.messages {
            Load::Ready(list) => list.iter_mut(),
            _ => [].iter_mut(),
        }
    }
}

/// Whether a message is not in the list yet.
fn is_new(data: &ConversationData, message: &Message) -> bool {
    !data
        .messages
        .ready()
        .is_some_and(|list| list.iter().any(|m| m.id == message.id))
}

fn set_delivery(data: &mut ConversationData, local: u32, delivery: Delivery) {
    if let Some(out) = data.outbox.iter_mut().find(|out| out.local == local) {
        out.delivery = delivery;
    }
}

/// Merges messages into a list kept in `createdDateTime` order: one with a known id replaces it
/// (an edit, a reaction), a new one goes in its place. Graph pages by `lastModifiedDateTime`,
/// so an older page can hold a message created later; pages hold 50, so inserting one by one
/// costs nothing worth a sort's code in the wasm.
fn merge(list: &mut Vec<Message>, incoming: Vec<Message>) {
    let key = |m: &Message| (text::parse_iso_millis(&m.created), m.id.clone());
    for message in incoming {
        if let Some(at) = list.iter().position(|m| m.id == message.id) {
            list.remove(at);
        }
        let k = key(&message);
        let at = list
            .iter()
            .rposition(|m| key(m) <= k)
            .map_or(0, |at| at + 1);
        list.insert(at, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::parse_message_page;

    fn page(json: &str, next: Option<&str>) -> MessagePage {
        let mut page = parse_message_page(&format!("{{\"value\":[{json}]}}")).unwrap();
        page.next_link = next.map(str::to_owned);
        page
    }

    fn message(id: &str, created: &str, modified: &str) -> String {
        format!(
            r#"{{"id":"{id}","createdDateTime":"{created}","lastModifiedDateTime":"{modified}","from":{{"user":{{"id":"a"}}}},"body":{{"contentType":"html","content":"m{id}"}}}}"#
        )
    }

    fn ids(data: &ConversationData) -> Vec<String> {
        let list = data.messages.ready().unwrap();
        list.iter().map(|m| m.id.clone()).collect()
    }

    #[test]
    fn pages_merge_by_id_in_created_order() {
        // Graph pages by lastModifiedDateTime: message 2 was edited last, so it comes first.
        let first = page(
            &[
                message("2", "2026-11-27T10:02:00Z", "2026-11-27T11:00:00Z"),
                message("4", "2026-11-27T10:04:00Z", "2026-11-27T10:04:00Z"),
                message("3", "2026-11-27T10:03:00Z", "2026-11-27T10:03:00Z"),
            ]
            .join(","),
            Some("next"),
        );
        let data =
            Rc::new(ConversationData::new(Vec::new())).reduce(ConversationAction::Loaded(first));
        assert_eq!(ids(&data), ["2", "3", "4"]);
        assert_eq!(data.since(), Some("2026-11-27T11:00:00Z"));
        let data = data.reduce(ConversationAction::EarlierRequested);
        assert_eq!(data.earlier, Load::Loading);
        let older = page(
            &[
                message("1", "2026-11-27T10:01:00Z", "2026-11-27T10:01:00Z"),
                message("5", "2026-11-27T10:05:00Z", "2026-11-27T10:05:00Z"),
                message("2", "2026-11-27T10:02:00Z", "2026-11-27T11:00:00Z"),
            ]
            .join(","),
            None,
        );
        let data = data.reduce(ConversationAction::Earlier(older));
        assert_eq!(
            ids(&data),
            ["1", "2", "3", "4", "5"],
            "no duplicate, in place"
        );
        assert_eq!(data.next_link, None);
        assert_eq!(data.earlier, Load::Ready(()));
    }

    #[test]
    fn an_edit_replaces_the_message_where_it_is() {
        let data =
            Rc::new(ConversationData::new(Vec::new())).reduce(ConversationAction::Loaded(page(
                &[
                    message("1", "2026-11-27T10:01:00Z", "2026-11-27T10:01:00Z"),
                    message("2", "2026-11-27T10:02:00Z", "2026-11-27T10:02:00Z"),
                ]
                .join(","),
                None,
            )));
        let edited = page(
            &message("1", "2026-11-27T10:01:00Z", "2026-11-27T12:00:00Z"),
            None,
        );
        let data = data.reduce(ConversationAction::Changed(edited.messages));
        assert_eq!(ids(&data), ["1", "2"]);
        assert_eq!(data.since(), Some("2026-11-27T12:00:00Z"));
    }

    #[test]
    fn a_message_shows_at_once_and_is_never_lost_or_doubled() {
        let data = Rc::new(ConversationData::new(Vec::new()))
            .reduce(ConversationAction::Loaded(page("", None)))
            .reduce(ConversationAction::Queued {
                html: "hi".into(),
                text: "hi".into(),
                mentions: Vec::new(),
            });
        assert_eq!(data.outbox[0].delivery, Delivery::Sending);
        let failed = data.reduce(ConversationAction::NotSent(1));
        assert_eq!(failed.outbox[0].delivery, Delivery::NotSent);
        assert_eq!(failed.outbox[0].text, "hi", "kept for Retry");
        let again = failed.reduce(ConversationAction::Resend(1));
        assert_eq!(again.outbox[0].delivery, Delivery::Sending);
        let sent_message = page(
            &message("9", "2026-11-27T10:09:00Z", "2026-11-27T10:09:00Z"),
            None,
        )
        .messages
        .remove(0);
        let sent = again.reduce(ConversationAction::Sent {
            local: 1,
            message: Box::new(sent_message),
        });
        assert!(sent.outbox.is_empty());
        assert_eq!(ids(&sent), ["9"]);
    }

    #[test]
    fn a_send_whose_answer_was_lost_is_found_by_the_live_query() {
        let data = Rc::new(ConversationData::new(Vec::new()))
            .reduce(ConversationAction::Loaded(page("", None)))
            .reduce(ConversationAction::Queued {
                html: "m9".into(),
                text: "m9".into(),
                mentions: Vec::new(),
            })
            .reduce(ConversationAction::NotSent(1));
        let arrived = page(
            &message("9", "2026-11-27T10:09:00Z", "2026-11-27T10:09:00Z"),
            None,
        );
        let data = data.reduce(ConversationAction::Changed(arrived.messages));
        assert!(data.outbox.is_empty(), "Retry would have sent it twice");
        assert_eq!(ids(&data), ["9"]);
    }

    #[test]
    fn reactions_show_at_once_and_come_off() {
        let data =
            Rc::new(ConversationData::new(Vec::new())).reduce(ConversationAction::Loaded(page(
                &message("1", "2026-11-27T10:01:00Z", "2026-11-27T10:01:00Z"),
                None,
            )));
        let react = |on| ConversationAction::React {
            message: "1".into(),
            emoji: "👍".into(),
            me: "me".into(),
            on,
        };
        let data = data.reduce(react(true));
        let same = data.clone().reduce(react(true));
        assert!(Rc::ptr_eq(&data, &same), "twice is once");
        assert_eq!(data.messages.ready().unwrap()[0].reactions.len(), 1);
        let data = data.reduce(react(false));
        assert!(data.messages.ready().unwrap()[0].reactions.is_empty());
    }

    #[test]
    fn images_are_asked_for_once() {
        let data = Rc::new(ConversationData::new(Vec::new()))
            .reduce(ConversationAction::ImageRequested("src".into()));
        assert!(data.image_asked("src"));
        assert_eq!(data.image("src"), None);
        let same = data
            .clone()
            .reduce(ConversationAction::ImageRequested("src".into()));
        assert!(Rc::ptr_eq(&data, &same));
        let data = data.reduce(ConversationAction::Image {
            src: "src".into(),
            url: Some("blob:x".into()),
        });
        assert_eq!(data.image("src"), Some("blob:x"));
    }
}
