//! Teams and channels: names of connected channels, the user's teams, and creating channels
//! and teams.

use crate::api::batch::{self, Part};
use crate::api::json::{self, Fields, FromJson, Get, Value};
use crate::api::url::encode;
use crate::api::{http, Api, Error, Resource, Result};
use crate::keyed::Map;

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
) -> Result<Map<String, ChannelNames>> {
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
    /// Its `membershipType` (channels): `standard`, `private`, `shared`.
    pub membership_type: Option<String>,
}

impl FromJson for Named {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("id")?,
            display_name: f.opt_text("displayName")?,
            web_url: f.opt_text("webUrl")?,
            membership_type: f.opt_text("membershipType")?,
        })
    }
}

/// What a channel link needs from Graph beyond the names the user picked: the team's thread id
/// and tenant, and where the channel's files live in SharePoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelFacts {
    /// The team's `internalId` (its thread id).
    pub team_thread_id: String,
    /// The team's `tenantId`.
    pub tenant_id: String,
    /// The SharePoint site of the channel's files.
    pub site_url: String,
    /// The channel's folder, server-relative and decoded.
    pub folder: String,
}

/// Reads a channel's facts in one `$batch`: the team (`internalId`, `tenantId`) and the
/// channel's `filesFolder` (which needs Files.Read.All; a 403 there is that permission).
pub async fn channel_facts(api: &Api, team: &str, channel: &str) -> Result<ChannelFacts> {
    let (team, channel) = (encode(team), encode(channel));
    let parts = vec![
        Part::get(
            "team".into(),
            format!("/teams/{team}?$select=internalId,tenantId"),
        ),
        Part::get(
            "folder".into(),
            format!("/teams/{team}/channels/{channel}/filesFolder"),
        ),
    ];
    let answers = batch::run(api, parts).await?;
    let missing = || Error::Json("a part of the channel's reads has no answer".into());
    let folder = answers.get("folder").ok_or_else(missing)?.ok()?;
    let team = answers.get("team").ok_or_else(missing)?.ok()?;
    parse_channel_facts(team, folder)
}

/// The team's ids and the channel's folder, from their answers.
pub fn parse_channel_facts(team: &Value, folder: &Value) -> Result<ChannelFacts> {
    let text = |value: &Value, key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| Error::Json(format!("no {key}")))
    };
    let (site_url, folder) = split_folder_url(&text(folder, "webUrl")?)
        .ok_or_else(|| Error::Json("a filesFolder webUrl without a site and folder".into()))?;
    Ok(ChannelFacts {
        team_thread_id: text(team, "internalId")?,
        tenant_id: text(team, "tenantId")?,
        site_url,
        folder,
    })
}

/// A channel folder's `webUrl` (`<site>/<library>/<folder>`) as the site URL (that URL less its
/// last two segments) and the folder's server-relative path, decoded.
pub fn split_folder_url(web_url: &str) -> Option<(String, String)> {
    let url = web_url.trim_end_matches('/');
    let rest = url.strip_prefix("https://")?;
    let path_start = rest.find('/')? + "https://".len();
    let folder_start = url.rfind('/')?;
    let library_start = url[..folder_start].rfind('/')?;
    if library_start <= path_start {
        return None;
    }
    Some((
        url[..library_start].to_owned(),
        super::super::url::decode(&url[path_start..]),
    ))
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
            "{}teams/{}/channels?$select=id,displayName,webUrl,membershipType",
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
        "{}teams/{}/primaryChannel?$select=id,displayName,webUrl,membershipType",
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
    let body = team_body(api.graph_root(), name);
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
    answer.ok()?;
    if answer.status != 202 {
        return Err(Error::Json(format!(
            "POST /teams answered {}",
            answer.status
        )));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_url_splits_into_its_site_and_decoded_folder() {
        let (site, folder) = split_folder_url(
            "https://contoso.sharepoint.com/sites/ContosoSales/Shared%20Documents/Key%20accounts",
        )
        .unwrap();
        assert_eq!(site, "https://contoso.sharepoint.com/sites/ContosoSales");
        assert_eq!(folder, "/sites/ContosoSales/Shared Documents/Key accounts");
        // A private channel's files live in a site of its own.
        let (site, folder) = split_folder_url(
            "https://contoso.sharepoint.com/sites/ContosoSales-Pricing/Shared Documents/Pricing/",
        )
        .unwrap();
        assert_eq!(
            site,
            "https://contoso.sharepoint.com/sites/ContosoSales-Pricing"
        );
        assert_eq!(
            folder,
            "/sites/ContosoSales-Pricing/Shared Documents/Pricing"
        );
        for bad in [
            "http://contoso.sharepoint.com/sites/a/b/c",
            "https://contoso.sharepoint.com/Documents",
            "https://contoso.sharepoint.com",
            "",
        ] {
            assert_eq!(split_folder_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn channel_facts_need_every_part() {
        let team = json::parse_value(
            r#"{"internalId":"19:abc@thread.tacv2","tenantId":"6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d"}"#,
        )
        .unwrap();
        let folder = json::parse_value(
            r#"{"name":"General","webUrl":"https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/General"}"#,
        )
        .unwrap();
        let facts = parse_channel_facts(&team, &folder).unwrap();
        assert_eq!(facts.team_thread_id, "19:abc@thread.tacv2");
        assert_eq!(facts.site_url, "https://contoso.sharepoint.com/sites/Sales");
        assert_eq!(facts.folder, "/sites/Sales/Shared Documents/General");
        let no_tenant = json::parse_value(r#"{"internalId":"19:abc@thread.tacv2"}"#).unwrap();
        assert!(parse_channel_facts(&no_tenant, &folder).is_err());
        let no_url = json::parse_value(r#"{"name":"General"}"#).unwrap();
        assert!(parse_channel_facts(&team, &no_url).is_err());
    }
}
