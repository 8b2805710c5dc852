//! Microsoft Graph v1.0 calls and their wire types, written against Microsoft's documentation.

use super::batch::{self, Part};
use super::json::{self, Fields, FromJson, Get, Value};
use super::{http, Api, Error, Resource, Result};
use std::collections::HashMap;

/// The most ids one `getPresencesByUserId` call takes.
pub const PRESENCE_IDS_PER_CALL: usize = 650;
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

/// The signed-in user's view of a chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewpoint {
    /// Hidden for this user.
    pub is_hidden: bool,
    /// When this user last read the chat.
    pub last_message_read_date_time: Option<String>,
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

/// A message body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemBody {
    /// `text` or `html`.
    pub content_type: Option<String>,
    /// The content.
    pub content: Option<String>,
}

/// A message's sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sender {
    /// The user, when a user sent it.
    pub user: Option<Identity>,
}

/// A user identity inside a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The user's id.
    pub id: Option<String>,
    /// The user's name.
    pub display_name: Option<String>,
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

/// A user's presence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presence {
    /// The user's id.
    pub id: String,
    /// PascalCase availability; anything unknown reads as unknown.
    pub availability: Option<String>,
    /// PascalCase activity.
    pub activity: Option<String>,
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

impl FromJson for Viewpoint {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            is_hidden: f.opt_flag("isHidden")?.unwrap_or(false),
            last_message_read_date_time: f.opt_text("lastMessageReadDateTime")?,
        })
    }
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
        })
    }
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

impl FromJson for ItemBody {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            content_type: f.opt_text("contentType")?,
            content: f.opt_text("content")?,
        })
    }
}

impl FromJson for Sender {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            user: f.opt("user", Identity::from_json)?,
        })
    }
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

impl FromJson for Presence {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            availability: f.opt_text("availability")?,
            activity: f.opt_text("activity")?,
        })
    }
}

impl FromJson for Named {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            display_name: f.opt_text("displayName")?,
            web_url: f.opt_text("webUrl")?,
        })
    }
}

impl FromJson for Person {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            display_name: f.opt_text("displayName")?,
            mail: f.opt_text("mail")?,
            job_title: f.opt_text("jobTitle")?,
            guest: f.opt_text("userType")?.as_deref() == Some("Guest"),
        })
    }
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
pub async fn get_chats(api: &Api, ids: &[String]) -> Result<HashMap<String, ChatLookup>> {
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

/// Presence of many users: one `getPresencesByUserId` call per 650 ids.
pub async fn presences(api: &Api, ids: &[String]) -> Result<HashMap<String, Presence>> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(PRESENCE_IDS_PER_CALL) {
        let body = http::write(
            api,
            Resource::Graph,
            gloo_net::http::Method::POST,
            &format!("{}communications/getPresencesByUserId", api.graph_root()),
            Some(&json::object([(
                "ids",
                json::array(chunk.iter().map(|id| json::text(id))),
            )])),
            &[],
        )
        .await?;
        for presence in parse_presences(&body)? {
            found.insert(presence.id.to_ascii_lowercase(), presence);
        }
    }
    Ok(found)
}

/// A body of `getPresencesByUserId`; presence is decoration: an entry that does not parse is
/// dropped alone and its user reads as unknown.
pub fn parse_presences(body: &str) -> Result<Vec<Presence>> {
    Ok(json::parse_items(&json::parse_collection(body)?, "presence").0)
}

/// 48×48 photos of many users, 20 to a `$batch`: a `data:` URL, or `None` where there is none.
pub async fn photos(api: &Api, ids: &[String]) -> Result<HashMap<String, Option<String>>> {
    let parts: Vec<Part> = ids
        .iter()
        .map(|id| {
            Part::get(
                id.clone(),
                format!("/users/{}/photos/48x48/$value", encode(id)),
            )
        })
        .collect();
    let answers = batch::run(api, parts).await?;
    Ok(answers
        .into_iter()
        .map(|(id, answer)| {
            let url = parse_photo(&answer);
            (id, url)
        })
        .collect())
}

/// One photo answer of a `$batch` as a `data:` URL: only a 200 whose body is base64.
pub fn parse_photo(answer: &batch::Answer) -> Option<String> {
    (answer.status == 200)
        .then(|| answer.body.as_str().map(str::to_owned))
        .flatten()
        .filter(|b64| {
            b64.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        })
        .map(|b64| {
            let kind = answer
                .content_type
                .as_deref()
                .filter(|t| t.starts_with("image/"))
                .unwrap_or("image/jpeg");
            format!("data:{kind};base64,{b64}")
        })
}

/// What Graph says of a connected channel now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelNames {
    /// Both exist: their current names and the channel's link.
    Found {
        /// The team's name.
        team: String,
        /// The channel's name.
        channel: String,
        /// The channel's Teams link.
        web_url: Option<String>,
    },
    /// The team or the channel is gone (or the user can no longer see it).
    Missing,
    /// Graph could not say.
    Unknown,
}

/// The current team and channel names of connected channels, 20 reads to a `$batch`.
pub async fn channel_names(
    api: &Api,
    channels: &[(String, String, String)],
) -> Result<HashMap<String, ChannelNames>> {
    let mut parts = Vec::new();
    for (key, team, channel) in channels {
        parts.push(Part::get(
            format!("t:{key}"),
            format!("/teams/{}?$select=displayName", encode(team)),
        ));
        parts.push(Part::get(
            format!("c:{key}"),
            format!(
                "/teams/{}/channels/{}?$select=displayName,webUrl",
                encode(team),
                encode(channel)
            ),
        ));
    }
    let answers = batch::run(api, parts).await?;
    Ok(channels
        .iter()
        .map(|(key, _, _)| {
            let names = parse_channel_names(
                answers.get(&format!("t:{key}")),
                answers.get(&format!("c:{key}")),
            );
            (key.clone(), names)
        })
        .collect())
}

/// What the team read and the channel read of a `$batch` say of a connected channel.
pub fn parse_channel_names(
    team: Option<&batch::Answer>,
    channel: Option<&batch::Answer>,
) -> ChannelNames {
    // Ok with the name and link, Err(true) when gone, Err(false) when Graph could not say.
    let name = |answer: Option<&batch::Answer>| -> Result<(String, Option<String>), bool> {
        match answer {
            // A 200 without a name is not an answer: the stored names stay.
            Some(a) if a.status == 200 => match a.body.get("displayName").and_then(Value::as_str) {
                Some(name) => Ok((
                    name.to_owned(),
                    a.body
                        .get("webUrl")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                )),
                None => Err(false),
            },
            Some(a) if matches!(a.status, 403 | 404) => Err(true),
            _ => Err(false),
        }
    };
    match (name(team), name(channel)) {
        (Ok((team, _)), Ok((channel, web_url))) => ChannelNames::Found {
            team,
            channel,
            web_url,
        },
        (Err(true), _) | (_, Err(true)) => ChannelNames::Missing,
        _ => ChannelNames::Unknown,
    }
}

/// A team or channel to pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// Its id.
    pub id: String,
    /// Its name.
    pub display_name: Option<String>,
    /// Its Teams link (channels).
    pub web_url: Option<String>,
}

/// The user's teams (`GET /me/joinedTeams`).
pub async fn joined_teams(api: &Api) -> Result<Vec<Named>> {
    list_named(
        api,
        // No `$select`: List joinedTeams documents no query options (it answers id,
        // displayName and description anyway).
        &format!("{}me/joinedTeams", api.graph_root()),
    )
    .await
}

/// A team's channels the user can see.
pub async fn channels(api: &Api, team: &str) -> Result<Vec<Named>> {
    list_named(
        api,
        &format!(
            "{}teams/{}/channels?$select=id,displayName,webUrl",
            api.graph_root(),
            encode(team)
        ),
    )
    .await
}

/// A team's General channel (`GET /teams/{id}/primaryChannel`): List channels promises no
/// order, so the first listed is not necessarily General.
pub async fn primary_channel(api: &Api, team: &str) -> Result<Named> {
    let url = format!(
        "{}teams/{}/primaryChannel?$select=id,displayName,webUrl",
        api.graph_root(),
        encode(team)
    );
    parse_named(&http::get(api, Resource::Graph, &url, &[]).await?)
}

async fn list_named(api: &Api, url: &str) -> Result<Vec<Named>> {
    let body = http::get(api, Resource::Graph, url, &[]).await?;
    parse_named_list(&body)
}

/// A body of `GET /me/joinedTeams` or of a team's channels: a malformed one is dropped alone.
pub fn parse_named_list(body: &str) -> Result<Vec<Named>> {
    Ok(json::parse_items(&json::parse_collection(body)?, "team or channel").0)
}

/// The body of a created channel.
pub fn parse_named(body: &str) -> Result<Named> {
    json::parse(body)
}

/// Creates a standard channel in a team (201 with the channel).
pub async fn create_channel(api: &Api, team: &str, name: &str, description: &str) -> Result<Named> {
    let body = json::object([
        ("displayName", json::text(name)),
        ("description", json::text(description)),
        ("membershipType", json::text("standard")),
    ]);
    let url = format!("{}teams/{}/channels", api.graph_root(), encode(team));
    let text = http::write(
        api,
        Resource::Graph,
        gloo_net::http::Method::POST,
        &url,
        Some(&body),
        &[],
    )
    .await?;
    parse_named(&text)
}

/// Starts creating a team: `POST /teams` inside `$batch` (so its 202's `Location` is readable
/// whatever CORS exposes); returns the team and operation ids.
pub async fn start_team(api: &Api, name: &str) -> Result<(String, String)> {
    let body = team_body(&api.graph_root(), name);
    let answers = batch::run(api, vec![Part::post("team".into(), "/teams".into(), body)]).await?;
    parse_team_started(answers.get("team").cloned())
}

/// The body of `POST /teams`: the standard template, bound through the same Graph root the
/// component calls (a national cloud's own host, not always graph.microsoft.com).
pub fn team_body(graph_root: &str, name: &str) -> Value {
    json::object([
        (
            "template@odata.bind",
            json::text(&format!("{graph_root}teamsTemplates('standard')")),
        ),
        ("displayName", json::text(name)),
        ("description", json::text(name)),
    ])
}

/// The `POST /teams` answer of a `$batch`: the team and operation ids from its `Location`.
pub fn parse_team_started(answer: Option<batch::Answer>) -> Result<(String, String)> {
    let answer = answer.ok_or_else(|| Error::Json("no answer for POST /teams".into()))?;
    if answer.status != 202 {
        let message = answer
            .body
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        return Err(Error::Status {
            status: answer.status,
            code: None,
            message,
        });
    }
    let location = answer.location.unwrap_or_default();
    let ids: Vec<&str> = location.split('\'').collect();
    match ids.as_slice() {
        [_, team, _, operation, _] => Ok(((*team).to_owned(), (*operation).to_owned())),
        _ => Err(Error::Json(format!("unexpected Location '{location}'"))),
    }
}

/// The status of a team operation: `inProgress`, `succeeded`, `failed`, ...
pub async fn team_operation(api: &Api, team: &str, operation: &str) -> Result<String> {
    let url = format!(
        "{}teams/{}/operations/{}",
        api.graph_root(),
        encode(team),
        encode(operation)
    );
    let body = http::get(api, Resource::Graph, &url, &[]).await?;
    parse_team_operation(&body)
}

/// The status of a team operation body; a missing or odd status reads as `unknown`.
pub fn parse_team_operation(body: &str) -> Result<String> {
    let body = json::parse_value(body)?;
    Ok(body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned())
}

/// A person from people search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The user's id.
    pub id: String,
    /// Their name.
    pub display_name: Option<String>,
    /// Their mail.
    pub mail: Option<String>,
    /// Their job title.
    pub job_title: Option<String>,
    /// A guest of the tenant (Entra `userType` Guest).
    pub guest: bool,
}

/// Someone picked for a new chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// Their Entra object id.
    pub id: String,
    /// Their name, for the dialog's chips.
    pub name: String,
    /// A guest of the tenant: Create chat needs them in the `guest` role, not `owner`.
    pub guest: bool,
}

/// People whose names start with `text` (Graph's `$search`, which needs `ConsistencyLevel`).
pub async fn search_people(api: &Api, text: &str) -> Result<Vec<Person>> {
    let term: String = text.chars().filter(|c| *c != '"' && *c != '\\').collect();
    let url = format!(
        "{}users?$search=%22displayName:{}%22&$select=id,displayName,mail,jobTitle,userType&$top=10",
        api.graph_root(),
        encode(term.trim())
    );
    let body = http::get(
        api,
        Resource::Graph,
        &url,
        &[("ConsistencyLevel", "eventual")],
    )
    .await?;
    parse_people(&body)
}

/// A body of people search: a malformed person is dropped alone.
pub fn parse_people(body: &str) -> Result<Vec<Person>> {
    Ok(json::parse_items(&json::parse_collection(body)?, "person").0)
}

/// Creates a group chat of the user and `people` with a topic (`POST /chats`).
pub async fn create_group_chat(
    api: &Api,
    me: &str,
    people: &[Participant],
    topic: &str,
) -> Result<Chat> {
    let body = chat_body(&api.graph_root(), me, people, topic);
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
    let bind = |(id, guest): (&str, bool)| {
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
    };
    let members = json::array(
        std::iter::once((me, false))
            .chain(people.iter().map(|p| (p.id.as_str(), p.guest)))
            .map(bind),
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

/// The body of a created (or read) chat.
pub fn parse_chat(body: &str) -> Result<Chat> {
    json::parse(body)
}

/// Percent-encodes an id for a URL path segment.
pub fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::values;
    use serde_json::json;

    fn as_json(value: &Value) -> serde_json::Value {
        serde_json::from_str(&json::to_string(value)).unwrap()
    }

    fn person(id: &str, guest: bool) -> Participant {
        Participant {
            id: id.into(),
            name: id.into(),
            guest,
        }
    }

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
    fn guests_are_read_from_user_type_and_member_roles() {
        let people = parse_people(r#"{"value":[{"id":"kai","userType":"Guest"},{"id":"ava","userType":"Member"},{"id":"lee"}]}"#).unwrap();
        let guests: Vec<bool> = people.iter().map(|p| p.guest).collect();
        assert_eq!(guests, [true, false, false]);
        let chat = parse_chat(r#"{"id":"c","chatType":"oneOnOne","members":[{"userId":"kai","roles":["guest"]},{"userId":"me","roles":["owner"]},{"userId":"odd","roles":[1]}]}"#).unwrap();
        let guests: Vec<bool> = chat.members.iter().map(|m| m.guest).collect();
        assert_eq!(
            guests,
            [true, false, false],
            "odd roles do not drop the member"
        );
    }

    #[test]
    fn bodies_bind_through_the_graph_root_in_use() {
        let root = "https://graph.microsoft.us/v1.0/";
        let chat = as_json(&chat_body(
            root,
            "me-id",
            &[person("ava-id", false)],
            " Renewal ",
        ));
        assert_eq!(chat["chatType"], "group");
        assert_eq!(chat["topic"], "Renewal");
        let binds: Vec<&str> = chat["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["user@odata.bind"].as_str().unwrap())
            .collect();
        assert_eq!(
            binds,
            [
                "https://graph.microsoft.us/v1.0/users('me-id')",
                "https://graph.microsoft.us/v1.0/users('ava-id')"
            ]
        );
        let team = as_json(&team_body(root, "Ava team"));
        assert_eq!(
            team["template@odata.bind"],
            "https://graph.microsoft.us/v1.0/teamsTemplates('standard')"
        );
        assert_eq!(team["displayName"], "Ava team");
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

    #[test]
    fn ids_are_encoded_for_paths() {
        assert_eq!(encode("19:ab@thread.v2"), "19%3Aab%40thread.v2");
    }
}
