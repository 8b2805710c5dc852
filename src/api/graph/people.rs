//! People: presence, photos and people search.

use crate::api::batch::{self, Part};
use crate::api::json::{self, Fields, FromJson, Get, Value};
use crate::api::url::encode;
use crate::api::{http, Api, Resource, Result};
use crate::keyed::Map;

/// The most ids one `getPresencesByUserId` call takes.
pub const PRESENCE_IDS_PER_CALL: usize = 650;

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

/// Presence of many users: one `getPresencesByUserId` call per 650 ids.
pub async fn presences(api: &Api, ids: &[String]) -> Result<Map<String, Presence>> {
    let mut found = Map::new();
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
/// A user whose sized photo is missing (404) may still have a photo without sized variants:
/// those are asked for once more, at `/photo/$value`, in one more `$batch`.
pub async fn photos(api: &Api, ids: &[String]) -> Result<Map<String, Option<String>>> {
    let parts = |ids: &mut dyn Iterator<Item = &String>, path: &str| -> Vec<Part> {
        ids.map(|id| Part::get(id.clone(), format!("/users/{}/{path}/$value", encode(id))))
            .collect()
    };
    let answers = batch::run(api, parts(&mut ids.iter(), "photos/48x48")).await?;
    let without_sizes: Vec<String> = answers
        .iter()
        .filter(|(_, a)| a.status == 404)
        .map(|(id, _)| id.clone())
        .collect();
    let mut photos: Map<String, Option<String>> = answers
        .iter()
        .map(|(id, answer)| (id.clone(), parse_photo(answer)))
        .collect();
    if !without_sizes.is_empty() {
        // A failed fallback keeps the first answer: no photo.
        if let Ok(again) = batch::run(api, parts(&mut without_sizes.iter(), "photo")).await {
            for (id, answer) in again {
                photos.insert(id, parse_photo(&answer));
            }
        }
    }
    Ok(photos)
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
