//! Chats: the signed-in user, the chat list, get chat, and creating a group chat.

use super::people::Participant;
use crate::api::batch::{self, Part};
use crate::api::json::{self, Fields, FromJson, Get, Value};
use crate::api::url::encode;
use crate::api::{http, Api, Error, Resource, Result};
use crate::keyed::Map;

/// The page size of the chat list.
pub const CHATS_PER_PAGE: usize = 50;

/// The signed-in user (`GET /me`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Me {
    /// The user's Entra object id.
    pub id: String,
    /// The user's display name.
    pub display_name: Option<String>,
}

impl FromJson for Me {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            display_name: f.opt_text("displayName")?,
        })
    }
}

/// A chat, as list chats and get chat return it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chat {
    /// The chat's id (the conversation id).
    pub id: String,
    /// The topic; none for one-on-one chats and untitled groups.
    pub topic: Option<String>,
    /// `oneOnOne`, `group`, `meeting`, or a value added later.
    pub chat_type: ChatType,
    /// When the chat last changed.
    pub last_updated_date_time: Option<String>,
    /// The Teams deep link.
    pub web_url: Option<String>,
    /// The signed-in user's view: hidden, last read.
    pub viewpoint: Option<Viewpoint>,
    /// Members, when expanded (at most 25).
    pub members: Vec<Member>,
    /// The last message, when expanded; null for a chat without messages.
    pub last_message_preview: Option<MessagePreview>,
}

impl FromJson for Chat {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            topic: f.opt_text("topic")?,
            chat_type: ChatType::parse(&f.text("chatType")?),
            last_updated_date_time: f.opt_text("lastUpdatedDateTime")?,
            web_url: f.opt_text("webUrl")?,
            viewpoint: f.opt("viewpoint", Viewpoint::from_json)?,
            members: f.list("members")?,
            last_message_preview: f.opt("lastMessagePreview", MessagePreview::from_json)?,
        })
    }
}

/// A chat's type; unknown future values are kept as `Other`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChatType {
    /// A one-on-one chat.
    OneOnOne,
    /// A group chat.
    Group,
    /// A meeting's chat.
    Meeting,
    /// Anything else Graph may add.
    Other,
}

impl ChatType {
    /// Graph's camelCase name; anything unknown is `Other`.
    pub fn parse(name: &str) -> Self {
        match name {
            "oneOnOne" => Self::OneOnOne,
            "group" => Self::Group,
            "meeting" => Self::Meeting,
            _ => Self::Other,
        }
    }
}

/// The signed-in user's view of a chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewpoint {
    /// Hidden for this user.
    pub is_hidden: bool,
    /// When this user last read the chat.
    pub last_message_read_date_time: Option<String>,
}

impl FromJson for Viewpoint {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            is_hidden: f.opt_flag("isHidden")?.unwrap_or(false),
            last_message_read_date_time: f.opt_text("lastMessageReadDateTime")?,
        })
    }
}

/// A chat member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member's Entra object id.
    pub user_id: Option<String>,
    /// The member's name.
    pub display_name: Option<String>,
    /// A guest of the tenant (`roles` holds `guest`).
    pub guest: bool,
    /// The member's home tenant.
    pub tenant_id: Option<String>,
}

impl FromJson for Member {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            user_id: f.opt_text("userId")?,
            display_name: f.opt_text("displayName")?,
            // Roles only decide how the member joins a new chat: odd ones do not drop it.
            guest: f
                .list::<String>("roles")
                .is_some_and(|roles| roles.iter().any(|r| r == "guest")),
            tenant_id: f.opt_text("tenantId")?,
        })
    }
}

/// The last message of a chat.
#[derive(Clone, Debug, PartialEq)]
pub struct MessagePreview {
    /// When it was sent.
    pub created_date_time: Option<String>,
    /// Deleted messages keep their place with an empty body.
    pub is_deleted: bool,
    /// `message` or `systemEventMessage`.
    pub message_type: Option<String>,
    /// For system events: what happened.
    pub event_detail: Option<EventDetail>,
    /// The body.
    pub body: Option<ItemBody>,
    /// Who sent it.
    pub from: Option<Sender>,
}

impl FromJson for MessagePreview {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            created_date_time: f.opt_text("createdDateTime")?,
            is_deleted: f.opt_flag("isDeleted")?.unwrap_or(false),
            message_type: f.opt_text("messageType")?,
            event_detail: f.value("eventDetail").and_then(EventDetail::from_json),
            body: f.opt("body", ItemBody::from_json)?,
            from: f.opt("from", Sender::from_json)?,
        })
    }
}

/// What a system event message says happened (its `eventDetail`), read leniently: a part that
/// does not parse is left out, never the chat.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EventDetail {
    /// The `@odata.type`, e.g. `#microsoft.graph.membersAddedEventMessageDetail`.
    pub kind: String,
    /// Who did it (`initiator.user`).
    pub initiator: Option<Identity>,
    /// The members added, removed, joined or left.
    pub members: Vec<Identity>,
    /// A renamed chat's new name.
    pub chat_display_name: Option<String>,
}

impl FromJson for EventDetail {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            kind: f.text("@odata.type").unwrap_or_default(),
            initiator: value
                .pointer("/initiator/user")
                .and_then(Identity::from_json),
            members: f
                .value("members")
                .and_then(Get::as_array)
                .map(|members| members.iter().filter_map(Identity::from_json).collect())
                .unwrap_or_default(),
            chat_display_name: f.text("chatDisplayName"),
        })
    }
}

/// A message body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemBody {
    /// `text` or `html`.
    pub content_type: Option<String>,
    /// The content.
    pub content: Option<String>,
}

impl FromJson for ItemBody {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            content_type: f.opt_text("contentType")?,
            content: f.opt_text("content")?,
        })
    }
}

/// A message's sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    /// The user, when a user sent it.
    pub user: Option<Identity>,
}

impl FromJson for Sender {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            user: f.opt("user", Identity::from_json)?,
        })
    }
}

/// A user identity inside a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The user's id.
    pub id: Option<String>,
    /// The user's name.
    pub display_name: Option<String>,
}

impl FromJson for Identity {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.opt_text("id")?,
            display_name: f.opt_text("displayName")?,
        })
    }
}

/// One page of the chat list.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatPage {
    /// The chats that parsed.
    pub chats: Vec<Chat>,
    /// How many chats were malformed and dropped (each logged).
    pub dropped: usize,
    /// The next page, when Graph gave one.
    pub next_link: Option<String>,
}

/// `GET /me`.
pub async fn me(api: &Api) -> Result<Me> {
    let body = http::get(
        api,
        Resource::Graph,
        &format!("{}me?$select=id,displayName", api.graph_root()),
        &[],
    )
    .await?;
    parse_me(&body)
}

/// The body of `GET /me`.
pub fn parse_me(body: &str) -> Result<Me> {
    json::parse(body)
}

/// The first page of the user's chats, newest first, with members and the last message.
pub fn first_chats_url(api: &Api) -> String {
    format!(
        "{}me/chats?$expand=members,lastMessagePreview&$top={CHATS_PER_PAGE}&$orderby=lastMessagePreview/createdDateTime%20desc",
        api.graph_root()
    )
}

/// One page of `GET /me/chats`; `page` is the previous page's `@odata.nextLink`.
pub async fn list_chats(api: &Api, page: Option<&str>) -> Result<ChatPage> {
    let url = page
        .map(str::to_owned)
        .unwrap_or_else(|| first_chats_url(api));
    let body = http::get(api, Resource::Graph, &url, &[]).await?;
    parse_chat_page(&body)
}

/// A body of `GET /me/chats`: a malformed chat is dropped alone, a malformed page is an error.
pub fn parse_chat_page(body: &str) -> Result<ChatPage> {
    let page = json::parse_value(body)?;
    let fields =
        Fields::of(&page).ok_or_else(|| Error::Json("the page is not an object".into()))?;
    let values = fields
        .value("value")
        .and_then(Get::as_array)
        .ok_or_else(|| Error::Json("the page has no value array".into()))?;
    let next_link = fields
        .opt_text("@odata.nextLink")
        .ok_or_else(|| Error::Json("the next link is not text".into()))?;
    let (chats, dropped) = parse_chats(values);
    Ok(ChatPage {
        chats,
        dropped,
        next_link,
    })
}

/// Parses each chat on its own: a malformed one is dropped (and counted), never the page.
pub fn parse_chats(values: &[Value]) -> (Vec<Chat>, usize) {
    json::parse_items(values, "chat")
}

/// What get chat answered for one id.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatLookup {
    /// The chat, with members.
    Found(Box<Chat>),
    /// 403 or 404: the user is not in it.
    NotAMember,
    /// Anything else went wrong for this chat.
    Failed(String),
}

/// `GET /chats/{id}?$expand=members` for many chats, 20 to a `$batch`.
pub async fn get_chats(api: &Api, ids: &[String]) -> Result<Map<String, ChatLookup>> {
    let parts: Vec<Part> = ids
        .iter()
        .map(|id| Part::get(id.clone(), format!("/chats/{}?$expand=members", encode(id))))
        .collect();
    let answers = batch::run(api, parts).await?;
    Ok(answers
        .into_iter()
        .map(|(id, answer)| (id, parse_chat_lookup(answer)))
        .collect())
}

/// One get chat answer of a `$batch`.
pub fn parse_chat_lookup(answer: batch::Answer) -> ChatLookup {
    match answer.status {
        200..=299 => match Chat::from_json(&answer.body) {
            Some(chat) => ChatLookup::Found(Box::new(chat)),
            None => ChatLookup::Failed("the chat has another shape".into()),
        },
        403 | 404 => ChatLookup::NotAMember,
        other => ChatLookup::Failed(format!("Graph answered {other}")),
    }
}

/// Creates a group chat of the user and `people` with a topic (`POST /chats`).
pub async fn create_group_chat(
    api: &Api,
    me: &str,
    people: &[Participant],
    topic: &str,
) -> Result<Chat> {
    let body = chat_body(api.graph_root(), me, people, topic);
    let text = http::write(
        api,
        Resource::Graph,
        gloo_net::http::Method::POST,
        &format!("{}chats", api.graph_root()),
        Some(&body),
        &[],
    )
    .await?;
    parse_chat(&text)
}

/// The body of `POST /chats` for a group chat: the caller and the people, each bound through the
/// Graph root the component calls (a national cloud's own host, not always graph.microsoft.com).
/// A blank topic is left out, which Graph allows, rather than sent empty. Every member is an
/// owner but the tenant's guests, who must have the guest role (Create chat's docs).
pub fn chat_body(graph_root: &str, me: &str, people: &[Participant], topic: &str) -> Value {
    let members = json::array(
        std::iter::once((me, false))
            .chain(people.iter().map(|p| (p.id.as_str(), p.guest)))
            .map(|(id, guest)| member_body(graph_root, id, guest)),
    );
    let topic = topic.trim();
    if topic.is_empty() {
        json::object([("chatType", json::text("group")), ("members", members)])
    } else {
        json::object([
            ("chatType", json::text("group")),
            ("topic", json::text(topic)),
            ("members", members),
        ])
    }
}

/// A chat member bound through the Graph root the component calls: an owner, or a guest in the
/// guest role (Create chat and Add member both require it).
pub fn member_body(graph_root: &str, id: &str, guest: bool) -> Value {
    json::object([
        (
            "@odata.type",
            json::text("#microsoft.graph.aadUserConversationMember"),
        ),
        (
            "roles",
            json::array([json::text(if guest { "guest" } else { "owner" })]),
        ),
        (
            "user@odata.bind",
            json::text(&format!("{graph_root}users('{id}')")),
        ),
    ])
}

/// The body of a created (or read) chat.
pub fn parse_chat(body: &str) -> Result<Chat> {
    json::parse(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::graph::testing::{as_json, person};
    use crate::api::json::values;
    use serde_json::json;

    #[test]
    fn guests_join_a_new_chat_as_guests_and_everyone_else_as_owner() {
        let chat = as_json(&chat_body(
            "https://graph.microsoft.com/v1.0/",
            "me",
            &[person("ava", false), person("kai", true)],
            "Deal",
        ));
        let roles: Vec<&serde_json::Value> = chat["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| &m["roles"])
            .collect();
        assert_eq!(
            roles,
            [&json!(["owner"]), &json!(["owner"]), &json!(["guest"])]
        );
    }

    #[test]
    fn a_blank_topic_is_left_out() {
        let chat = as_json(&chat_body(
            "https://g/v1.0/",
            "me",
            &[person("a", false)],
            "  ",
        ));
        assert!(chat.get("topic").is_none(), "{chat}");
        assert_eq!(chat["members"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_malformed_chat_is_dropped_alone() {
        let values = values(vec![
            json!({"id": "19:a@thread.v2", "topic": null, "chatType": "group", "members": [], "lastMessagePreview": null}),
            json!({"id": 42, "chatType": "group"}),
            json!({"id": "19:b@thread.v2", "chatType": "somethingNew", "viewpoint": {"isHidden": true, "lastMessageReadDateTime": "2026-11-01T00:00:00Z"}}),
        ]);
        let (chats, dropped) = parse_chats(&values);
        assert_eq!(dropped, 1);
        assert_eq!(chats.len(), 2);
        assert_eq!(
            chats[1].chat_type,
            ChatType::Other,
            "unknown chat types are kept"
        );
        assert!(chats[1].viewpoint.as_ref().unwrap().is_hidden);
    }
}
