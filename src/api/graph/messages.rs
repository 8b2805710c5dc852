//! A chat's messages: list (newest first, paged), the live query for what changed, send, edit,
//! react, hosted images, mark read, and adding members.

use super::chats::{EventDetail, Identity, ItemBody};
use super::people::Participant;
use crate::api::json::{self, Fields, FromJson, Get, Value};
use crate::api::url::encode;
use crate::api::{http, Api, Error, Resource, Result};
use gloo_net::http::Method;

/// The most messages one page of List messages in a chat holds (Graph's maximum).
pub const MESSAGES_PER_PAGE: usize = 50;

/// Without it, Graph answers system events as `unknownFutureValue`.
const PREFER: (&str, &str) = ("Prefer", "include-unknown-enum-members");

/// One message of a chat (`chatMessage`).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Its id.
    pub id: String,
    /// When it was sent.
    pub created: String,
    /// When it last changed: sent, edited, reacted to.
    pub last_modified: Option<String>,
    /// When its text was last edited ("Edited").
    pub last_edited: Option<String>,
    /// When it was deleted; its body is then empty.
    pub deleted: Option<String>,
    /// `message` or `systemEventMessage`.
    pub message_type: Option<String>,
    /// Who sent it (a user; none for system events).
    pub from: Option<Identity>,
    /// Its body.
    pub body: Option<ItemBody>,
    /// What a system event says happened.
    pub event_detail: Option<EventDetail>,
    /// Files, quoted messages, cards.
    pub attachments: Vec<Attachment>,
    /// Who its `<at id>` tags name.
    pub mentions: Vec<Mention>,
    /// Its reactions.
    pub reactions: Vec<Reaction>,
}

/// A message's attachment (`chatMessageAttachment`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The id its `<attachment id>` tag names.
    pub id: String,
    /// `reference` (a file), `messageReference` (a quoted message), a card type, ...
    pub content_type: Option<String>,
    /// Where the file is.
    pub content_url: Option<String>,
    /// For a quoted message: a JSON string with its sender and preview.
    pub content: Option<String>,
    /// The file's name.
    pub name: Option<String>,
}

/// A mentioned user (`chatMessageMention`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The id its `<at id>` tag names.
    pub id: i64,
    /// The text of the tag.
    pub text: Option<String>,
    /// The user mentioned.
    pub user: Option<Identity>,
}

/// A reaction (`chatMessageReaction`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reaction {
    /// The emoji, or one of the legacy words (`like`, `heart`, ...).
    pub kind: String,
    /// Who reacted.
    pub user: Option<Identity>,
}

/// A page of messages.
#[derive(Clone, Debug, PartialEq)]
pub struct MessagePage {
    /// The messages that parsed.
    pub messages: Vec<Message>,
    /// The next (older) page, when Graph gave one.
    pub next_link: Option<String>,
}

impl FromJson for Message {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            created: f.text("createdDateTime")?,
            last_modified: f.opt_text("lastModifiedDateTime")?,
            last_edited: f.opt_text("lastEditedDateTime")?,
            deleted: f.opt_text("deletedDateTime")?,
            message_type: f.opt_text("messageType")?,
            from: value.pointer("/from/user").and_then(Identity::from_json),
            body: f.opt("body", ItemBody::from_json)?,
            event_detail: f.value("eventDetail").and_then(EventDetail::from_json),
            // Attachments, mentions and reactions are read leniently: one that does not parse
            // is left out, never the message.
            attachments: lenient(&f, "attachments"),
            mentions: lenient(&f, "mentions"),
            reactions: lenient(&f, "reactions"),
        })
    }
}

impl FromJson for Attachment {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            content_type: f.opt_text("contentType")?,
            content_url: f.opt_text("contentUrl")?,
            content: f.opt_text("content")?,
            name: f.opt_text("name")?,
        })
    }
}

impl FromJson for Mention {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.opt_int("id")??,
            text: f.opt_text("mentionText")?,
            user: value
                .pointer("/mentioned/user")
                .and_then(Identity::from_json),
        })
    }
}

impl FromJson for Reaction {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            kind: f.text("reactionType")?,
            user: value.pointer("/user/user").and_then(Identity::from_json),
        })
    }
}

/// The newest page of a chat's messages (`$top=50`, newest first by `lastModifiedDateTime`,
/// Graph's default), or the page at `next` (a previous page's `@odata.nextLink`).
pub async fn list_messages(api: &Api, chat: &str, next: Option<&str>) -> Result<MessagePage> {
    let url = match next {
        Some(next) => next.to_owned(),
        None => format!(
            "{}chats/{}/messages?$top={MESSAGES_PER_PAGE}",
            api.graph_root(),
            encode(chat)
        ),
    };
    parse_message_page(&http::get(api, Resource::Graph, &url, &[PREFER]).await?)
}

/// What changed in a chat since `since` (the newest `lastModifiedDateTime` seen): the documented
/// pairing of `$filter=lastModifiedDateTime gt` with `$orderby=lastModifiedDateTime desc`.
pub async fn changed_messages(api: &Api, chat: &str, since: &str) -> Result<MessagePage> {
    let filter = encode(&format!("lastModifiedDateTime gt {since}"));
    let url = format!(
        "{}chats/{}/messages?$top={MESSAGES_PER_PAGE}&$orderby=lastModifiedDateTime%20desc&$filter={filter}",
        api.graph_root(),
        encode(chat)
    );
    parse_message_page(&http::get(api, Resource::Graph, &url, &[PREFER]).await?)
}

/// A body of List messages: a malformed message is dropped alone.
pub fn parse_message_page(body: &str) -> Result<MessagePage> {
    let page = json::parse_value(body)?;
    let fields =
        Fields::of(&page).ok_or_else(|| Error::Json("the page is not an object".into()))?;
    let values = fields
        .value("value")
        .and_then(Get::as_array)
        .ok_or_else(|| Error::Json("the page has no value array".into()))?;
    Ok(MessagePage {
        messages: json::parse_items(values, "message").0,
        next_link: fields
            .opt_text("@odata.nextLink")
            .ok_or_else(|| Error::Json("the next link is not text".into()))?,
    })
}

/// Sends a message (`POST /chats/{id}/messages`, 201 with the message).
pub async fn send_message(api: &Api, chat: &str, body: &Value) -> Result<Message> {
    let url = format!("{}chats/{}/messages", api.graph_root(), encode(chat));
    let text = http::write(api, Resource::Graph, Method::POST, &url, Some(body), &[]).await?;
    json::parse(&text)
}

/// Replaces a message's body (`PATCH /chats/{id}/messages/{id}`, 204).
pub async fn edit_message(api: &Api, chat: &str, message: &str, body: &Value) -> Result<()> {
    let url = message_url(api, chat, message, "");
    http::write(api, Resource::Graph, Method::PATCH, &url, Some(body), &[]).await?;
    Ok(())
}

/// Adds (`true`) or takes back (`false`) the signed-in user's reaction, a unicode emoji.
pub async fn react(api: &Api, chat: &str, message: &str, emoji: &str, on: bool) -> Result<()> {
    let action = if on { "/setReaction" } else { "/unsetReaction" };
    let url = message_url(api, chat, message, action);
    let body = json::object([("reactionType", json::text(emoji))]);
    http::write(api, Resource::Graph, Method::POST, &url, Some(&body), &[]).await?;
    Ok(())
}

/// Marks the chat read for the signed-in user (`markChatReadForUser`, 204).
pub async fn mark_read(api: &Api, chat: &str, me: &str, tenant: &str) -> Result<()> {
    let url = format!(
        "{}chats/{}/markChatReadForUser",
        api.graph_root(),
        encode(chat)
    );
    let user = json::object([("id", json::text(me)), ("tenantId", json::text(tenant))]);
    let body = json::object([("user", user)]);
    http::write(api, Resource::Graph, Method::POST, &url, Some(&body), &[]).await?;
    Ok(())
}

/// The signed-in user's tenant (`GET /organization`), for a chat whose members do not say it.
pub async fn my_tenant(api: &Api) -> Result<String> {
    let url = format!("{}organization?$select=id", api.graph_root());
    let list = json::parse_collection(&http::get(api, Resource::Graph, &url, &[]).await?)?;
    list.first()
        .and_then(|org| org.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(Error::MissingRow("organization"))
}

/// Adds people to a group chat (`POST /chats/{id}/members`, 201), each in the role a new chat
/// gives them (guests as guests).
pub async fn add_member(api: &Api, chat: &str, person: &Participant) -> Result<()> {
    let url = format!("{}chats/{}/members", api.graph_root(), encode(chat));
    let body = super::chats::member_body(api.graph_root(), &person.id, person.guest);
    http::write(api, Resource::Graph, Method::POST, &url, Some(&body), &[]).await?;
    Ok(())
}

/// The body of a message sent from the compose box: HTML, with the mentions its `<at>` tags
/// name (`(id, user id, name)`).
pub fn message_body(html: &str, mentions: &[(i64, String, String)]) -> Value {
    let body = json::object([
        ("contentType", json::text("html")),
        ("content", json::text(html)),
    ]);
    if mentions.is_empty() {
        return json::object([("body", body)]);
    }
    let mentions = json::array(mentions.iter().map(|(id, user, name)| {
        let identity = json::object([
            ("id", json::text(user)),
            ("displayName", json::text(name)),
            ("userIdentityType", json::text("aadUser")),
        ]);
        json::object([
            ("id", json::int(*id)),
            ("mentionText", json::text(name)),
            ("mentioned", json::object([("user", identity)])),
        ])
    }));
    json::object([("body", body), ("mentions", mentions)])
}

fn message_url(api: &Api, chat: &str, message: &str, action: &str) -> String {
    format!(
        "{}chats/{}/messages/{}{action}",
        api.graph_root(),
        encode(chat),
        encode(message)
    )
}

/// A list field read item by item: what does not parse is left out.
fn lenient<T: FromJson>(fields: &Fields, key: &str) -> Vec<T> {
    fields
        .value(key)
        .and_then(Get::as_array)
        .map(|items| items.iter().filter_map(T::from_json).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::testing::as_json;

    #[test]
    fn a_message_reads_its_sender_mentions_reactions_and_attachments() {
        let page = parse_message_page(
            r##"{"value":[{"id":"1","createdDateTime":"2026-11-27T10:00:00Z","lastModifiedDateTime":"2026-11-27T10:05:00Z",
                "lastEditedDateTime":null,"deletedDateTime":null,"messageType":"message",
                "from":{"application":null,"device":null,"user":{"id":"ava","displayName":"Ava Reyes","userIdentityType":"aadUser"}},
                "body":{"contentType":"html","content":"<p>Hi <at id=\"0\">Ben</at></p><attachment id=\"f1\"></attachment>"},
                "attachments":[{"id":"f1","contentType":"reference","contentUrl":"https://contoso.sharepoint.com/a.docx","content":null,"name":"a.docx"},{"id":7}],
                "mentions":[{"id":0,"mentionText":"Ben","mentioned":{"user":{"id":"ben","displayName":"Ben Ito"}}}],
                "reactions":[{"reactionType":"like","createdDateTime":"2026-11-27T10:05:00Z","user":{"user":{"id":"ben","displayName":null}}},{"reactionType":3}]},
               {"id":2},
               {"id":"3","createdDateTime":"2026-11-27T09:00:00Z","messageType":"systemEventMessage","from":null,"body":{"contentType":"html","content":"<systemEventMessage/>"},
                "eventDetail":{"@odata.type":"#microsoft.graph.membersAddedEventMessageDetail","members":[{"id":"ben","displayName":null}],"initiator":{"user":{"id":"ava"}}}}],
              "@odata.nextLink":"https://graph.microsoft.com/v1.0/chats/c/messages?$skiptoken=x"}"##,
        )
        .unwrap();
        assert_eq!(
            page.messages.len(),
            2,
            "the malformed message alone is dropped"
        );
        let m = &page.messages[0];
        assert_eq!(
            m.from.as_ref().unwrap().display_name.as_deref(),
            Some("Ava Reyes")
        );
        assert_eq!(
            m.attachments.len(),
            1,
            "the malformed attachment alone is left out"
        );
        assert_eq!(
            m.mentions[0].user.as_ref().unwrap().id.as_deref(),
            Some("ben")
        );
        assert_eq!(m.reactions.len(), 1);
        assert_eq!(m.reactions[0].kind, "like");
        assert_eq!(
            page.messages[1]
                .event_detail
                .as_ref()
                .unwrap()
                .members
                .len(),
            1
        );
        assert!(page.next_link.is_some());
    }

    #[test]
    fn a_message_body_carries_its_mentions() {
        let plain = as_json(&message_body("<p>Hi</p>", &[]));
        assert_eq!(plain["body"]["contentType"], "html");
        assert!(plain.get("mentions").is_none());
        let body = as_json(&message_body(
            "<p><at id=\"0\">Ava Reyes</at> hi</p>",
            &[(0, "ava".into(), "Ava Reyes".into())],
        ));
        assert_eq!(body["mentions"][0]["id"], 0);
        assert_eq!(body["mentions"][0]["mentionText"], "Ava Reyes");
        assert_eq!(body["mentions"][0]["mentioned"]["user"]["id"], "ava");
    }
}
