//! Teams and channels: joined teams, a team, its channels, creating a channel or a team (202 with
//! a `Location` to poll), and the team operations to poll.

use super::answer::{base_url, json_body, json_response, GraphError, GraphResult};
use super::caller::Caller;
use crate::clock;
use crate::state::AppState;
use crate::wire::{iso, urlencode};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

const TEAM_READ: &[&str] = &[
    "Team.ReadBasic.All",
    "TeamSettings.Read.All",
    "TeamSettings.ReadWrite.All",
    "Directory.Read.All",
    "Group.Read.All",
];
const CHANNEL_READ: &[&str] = &[
    "Channel.ReadBasic.All",
    "ChannelSettings.Read.All",
    "Directory.Read.All",
    "Group.Read.All",
];
/// What `filesFolder` takes: the stored docs page lists Files.Read.All, Files.ReadWrite.All and,
/// for backward compatibility, Group.Read.All and Group.ReadWrite.All; newer permission tables
/// also name Files.Read, Files.ReadWrite and the Sites ones. Any of them will do.
const FILES_READ: &[&str] = &[
    "Files.Read.All",
    "Files.ReadWrite.All",
    "Files.Read",
    "Files.ReadWrite",
    "Sites.Read.All",
    "Sites.ReadWrite.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
];
/// Seconds after a channel is created before SharePoint has its folder, unless the setting
/// [`FOLDER_PROVISIONING_SETTING`] says otherwise.
pub const FOLDER_PROVISIONING_SECONDS: i64 = 10;
/// The emulator setting (`POST /_emulator/folders`) that changes it.
pub const FOLDER_PROVISIONING_SETTING: &str = "folder_provisioning_seconds";
/// Graph's message while a new channel's folder is being provisioned.
pub const FOLDER_NOT_READY: &str =
    "Folder location for this channel is not ready yet, please try again later.";
/// The document library every team site has, as its URL spells it.
const DOCUMENTS: &str = "Shared%20Documents";
/// Seconds a new team takes before its operation reports success.
const TEAM_CREATION_SECONDS: i64 = 2;

/// `GET /me/joinedTeams`.
pub async fn joined(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> GraphResult {
    caller.require(TEAM_READ)?;
    let user = caller.user()?.to_owned();
    let conn = state.db();
    let ids: Vec<String> = conn
        .prepare("SELECT t.id FROM teams t JOIN team_members m ON m.team_id = t.id WHERE m.user_id = ?1 ORDER BY t.display_name")?
        .query_map(params![user], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let value: Vec<Value> = ids
        .iter()
        .map(|id| {
            // joinedTeams carries the team's shape, most properties null (as Graph answers).
            team_json(&conn, id).map(|team| {
                let mut short = Map::new();
                for (key, value) in team {
                    let kept = ["id", "displayName", "description", "isArchived", "tenantId"]
                        .contains(&key.as_str());
                    short.insert(key, if kept { value } else { Value::Null });
                }
                Value::Object(short)
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(counted(
        format!("{}/$metadata#teams", base_url(&headers)),
        value,
    ))
}

/// `GET /teams/{id}` for a member of the team.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(team): Path<String>,
) -> GraphResult {
    let conn = state.db();
    team_member(&conn, &caller, TEAM_READ, &team)?;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{}/$metadata#teams/$entity", base_url(&headers))),
    );
    body.extend(team_json(&conn, &team)?);
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `GET /teams/{id}/channels`: standard channels, and private ones the caller belongs to.
pub async fn channels(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(team): Path<String>,
) -> GraphResult {
    let conn = state.db();
    let user = team_member(&conn, &caller, CHANNEL_READ, &team)?;
    let ids: Vec<String> = conn
        .prepare(
            "SELECT c.id FROM channels c WHERE c.team_id = ?1 AND (c.membership_type = 'standard'
               OR EXISTS (SELECT 1 FROM channel_members cm WHERE cm.channel_id = c.id AND cm.user_id = ?2))
             ORDER BY c.created, c.rowid",
        )?
        .query_map(params![team, user], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let value: Vec<Value> = ids
        .iter()
        .map(|id| channel_json(&conn, &team, id).map(Value::Object))
        .collect::<Result<_, _>>()?;
    Ok(counted(
        format!("{}/$metadata#teams('{team}')/channels", base_url(&headers)),
        value,
    ))
}

/// `GET /teams/{id}/channels/{id}`; a private channel the caller is not in is 403.
pub async fn channel(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((team, channel)): Path<(String, String)>,
) -> GraphResult {
    let conn = state.db();
    let user = team_member(&conn, &caller, CHANNEL_READ, &team)?;
    let found: Option<(String, bool)> = conn
        .query_row(
            "SELECT membership_type, EXISTS (SELECT 1 FROM channel_members cm WHERE cm.channel_id = c.id AND cm.user_id = ?3)
             FROM channels c WHERE c.id = ?1 AND c.team_id = ?2",
            params![channel, team, user],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        None => {
            return Err(GraphError::not_found(
                "NotFound",
                format!("Channel '{channel}' was not found."),
            ))
        }
        Some((kind, false)) if kind != "standard" => {
            return Err(GraphError::forbidden(
                "The caller is not a member of this private channel.",
            ))
        }
        Some(_) => {}
    }
    Ok(json_response(
        StatusCode::OK,
        channel_entity(&conn, &headers, &team, &channel, "channels")?,
    ))
}

/// `GET /teams/{id}/primaryChannel`: the General channel, made with the team.
pub async fn primary_channel(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(team): Path<String>,
) -> GraphResult {
    let conn = state.db();
    team_member(&conn, &caller, CHANNEL_READ, &team)?;
    let general = general_channel(&conn, &team)?.ok_or_else(|| {
        GraphError::not_found("NotFound", format!("Team '{team}' has no channels."))
    })?;
    Ok(json_response(
        StatusCode::OK,
        channel_entity(&conn, &headers, &team, &general, "primaryChannel")?,
    ))
}

/// `GET /teams/{id}/channels/{id}/filesFolder`: the channel's folder in SharePoint, a driveItem
/// (a standard channel's in the team's site, a private one's in a site of its own). A channel
/// created less than [`FOLDER_PROVISIONING_SECONDS`] ago has no folder yet: Graph answers 404.
pub async fn files_folder(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((team, channel)): Path<(String, String)>,
) -> GraphResult {
    caller.require(FILES_READ)?;
    let user = caller.user()?.to_owned();
    let conn = state.db();
    require_team_member(&conn, &team, &user)?;
    let found: Option<(String, String, String, bool, String, String)> = conn
        .query_row(
            "SELECT c.display_name, c.membership_type, c.created,
                EXISTS (SELECT 1 FROM channel_members cm WHERE cm.channel_id = c.id AND cm.user_id = ?3),
                t.display_name, (SELECT name FROM tenants WHERE id = t.tenant_id)
             FROM channels c JOIN teams t ON t.id = c.team_id WHERE c.id = ?1 AND c.team_id = ?2 COLLATE NOCASE",
            params![channel, team, user],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?;
    let Some((name, kind, created, member, team_name, tenant_name)) = found else {
        return Err(GraphError::not_found(
            "NotFound",
            format!("Channel '{channel}' was not found."),
        ));
    };
    if kind != "standard" && !member {
        return Err(GraphError::forbidden(
            "The caller is not a member of this private channel.",
        ));
    }
    let created = chrono::DateTime::parse_from_rfc3339(&created)
        .map(|c| c.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let provisioning = clock::setting(&conn, FOLDER_PROVISIONING_SETTING)
        .and_then(|s| s.parse().ok())
        .unwrap_or(FOLDER_PROVISIONING_SECONDS);
    if (clock::now(&conn) - created).num_seconds() < provisioning {
        return Err(GraphError::not_found("NotFound", FOLDER_NOT_READY));
    }
    let site = site_url(
        &tenant_name,
        &team_name,
        (kind != "standard").then_some(&name),
    );
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#teams('{team}')/channels('{}')/filesFolder/$entity",
            base_url(&headers),
            urlencode(&channel)
        )),
    );
    body.insert("id".into(), json!(drive_item_id(&channel)));
    body.insert("createdDateTime".into(), json!(iso(created)));
    body.insert("lastModifiedDateTime".into(), json!(iso(created)));
    body.insert("name".into(), json!(name));
    body.insert(
        "webUrl".into(),
        json!(format!("{site}/{DOCUMENTS}/{}", urlencode(&name))),
    );
    body.insert("size".into(), json!(0));
    body.insert(
        "parentReference".into(),
        json!({
            "driveId": format!("b!{}", drive_item_id(&site)),
            "driveType": "documentLibrary",
        }),
    );
    body.insert(
        "fileSystemInfo".into(),
        json!({ "createdDateTime": iso(created), "lastModifiedDateTime": iso(created) }),
    );
    body.insert("folder".into(), json!({ "childCount": 0 }));
    Ok(json_response(StatusCode::OK, Value::Object(body)))
}

/// `POST /teams/{id}/channels` (standard or private): 201 with the channel.
pub async fn create_channel(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(team): Path<String>,
    body: String,
) -> GraphResult {
    caller.require(&[
        "Channel.Create",
        "Directory.ReadWrite.All",
        "Group.ReadWrite.All",
    ])?;
    let user = caller.user()?.to_owned();
    let body = json_body(&body)?;
    let name = body
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    check_channel_name(name)?;
    let kind = body
        .get("membershipType")
        .and_then(Value::as_str)
        .unwrap_or("standard");
    if !["standard", "private"].contains(&kind) {
        return Err(GraphError::bad_request(format!(
            "membershipType '{kind}' is not supported here."
        )));
    }
    let conn = state.db();
    require_teams_policy(&conn, &user)?;
    require_team_member(&conn, &team, &user)?;
    let archived: bool = conn.query_row(
        "SELECT is_archived FROM teams WHERE id = ?1",
        params![team],
        |r| r.get(0),
    )?;
    if archived {
        return Err(GraphError::forbidden(
            "The team is archived: channels cannot be created in it.",
        ));
    }
    let taken: bool = conn.query_row(
        "SELECT count(*) > 0 FROM channels WHERE team_id = ?1 AND display_name = ?2 COLLATE NOCASE",
        params![team, name],
        |r| r.get(0),
    )?;
    if taken {
        return Err(GraphError::new(
            StatusCode::CONFLICT,
            "NameAlreadyExists",
            format!("Channel name already existed, please use other name: '{name}'."),
        ));
    }
    let id = format!("19:{}@thread.tacv2", uuid::Uuid::new_v4().simple());
    conn.execute(
        "INSERT INTO channels (id, team_id, display_name, description, membership_type, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, team, name, body.get("description").and_then(Value::as_str), kind, iso(clock::now(&conn))],
    )?;
    if kind == "private" {
        conn.execute(
            "INSERT INTO channel_members (channel_id, user_id) VALUES (?1, ?2)",
            params![id, user],
        )?;
    }
    Ok(json_response(
        StatusCode::CREATED,
        channel_entity(&conn, &headers, &team, &id, "channels")?,
    ))
}

/// `POST /teams`: 202, no body, `Location: /teams('{id}')/operations('{id}')`.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: String,
) -> GraphResult<Response> {
    caller.require(&[
        "Team.Create",
        "Directory.ReadWrite.All",
        "Group.ReadWrite.All",
    ])?;
    let user = caller.user()?.to_owned();
    let body = json_body(&body)?;
    if body
        .get("template@odata.bind")
        .and_then(Value::as_str)
        .is_none()
    {
        return Err(GraphError::bad_request("template@odata.bind is required, e.g. \"https://graph.microsoft.com/v1.0/teamsTemplates('standard')\"."));
    }
    let name = body
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 256)
        .ok_or_else(|| GraphError::bad_request("displayName is required."))?;
    let conn = state.db();
    require_teams_policy(&conn, &user)?;
    let now = clock::now(&conn);
    let team = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO teams (id, tenant_id, display_name, description, visibility, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![team, caller.tenant_id, name, body.get("description").and_then(Value::as_str), body.get("visibility").and_then(Value::as_str).unwrap_or("private"), iso(now)],
    )?;
    conn.execute(
        "INSERT INTO team_members (team_id, user_id, role) VALUES (?1, ?2, 'owner')",
        params![team, user],
    )?;
    conn.execute(
        "INSERT INTO channels (id, team_id, display_name, description, membership_type, created) VALUES (?1, ?2, 'General', NULL, 'standard', ?3)",
        params![format!("19:{}@thread.tacv2", uuid::Uuid::new_v4().simple()), team, iso(now)],
    )?;
    let operation = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO team_operations (id, team_id, created, done_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            operation,
            team,
            iso(now),
            now.timestamp() + TEAM_CREATION_SECONDS
        ],
    )?;
    let mut response = StatusCode::ACCEPTED.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::LOCATION,
            format!("/teams('{team}')/operations('{operation}')"),
        ),
        (header::CONTENT_LOCATION, format!("/teams('{team}')")),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    Ok(response)
}

/// `GET /teams/{id}/operations/{id}`: `inProgress` until the team is ready, then `succeeded`.
pub async fn operation(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path((team, operation)): Path<(String, String)>,
) -> GraphResult {
    caller.require(TEAM_READ)?;
    let conn = state.db();
    let found: Option<(String, i64, i64)> = conn
        .query_row(
            "SELECT created, done_at, attempts FROM team_operations WHERE id = ?1 AND team_id = ?2",
            params![operation, team],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (created, done_at, attempts) = found.ok_or_else(|| {
        GraphError::not_found(
            "NotFound",
            format!("Operation '{operation}' was not found."),
        )
    })?;
    conn.execute(
        "UPDATE team_operations SET attempts = attempts + 1 WHERE id = ?1",
        params![operation],
    )?;
    let now = clock::now(&conn);
    let done = now.timestamp() >= done_at;
    Ok(json_response(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#teams('{team}')/operations/$entity", base_url(&headers)),
            "id": operation,
            "operationType": "createTeam",
            "createdDateTime": created,
            "status": if done { "succeeded" } else { "inProgress" },
            "lastActionDateTime": iso(now),
            "attemptsCount": attempts + 1,
            "targetResourceId": team,
            "targetResourceLocation": format!("/teams('{team}')"),
            "error": null,
        }),
    ))
}

/// A team's SharePoint site, named after the team as Microsoft 365 names group sites
/// (`https://contoso.sharepoint.com/sites/ContosoSales`); a private or shared channel has a site
/// of its own (`.../sites/ContosoSales-Dealdesk`).
fn site_url(tenant: &str, team: &str, channel: Option<&String>) -> String {
    let alnum = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    };
    let host = alnum(tenant).to_ascii_lowercase();
    let mut site = alnum(team);
    if let Some(channel) = channel {
        site = format!("{site}-{}", alnum(channel));
    }
    format!("https://{host}.sharepoint.com/sites/{site}")
}

/// A stable driveItem-like id for a name.
fn drive_item_id(seed: &str) -> String {
    let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("01{:016X}{:016X}", hash, hash.rotate_left(17))
}

/// A whole collection with its `@odata.count`, as Graph lists teams and channels.
fn counted(context: String, value: Vec<Value>) -> Response {
    json_response(
        StatusCode::OK,
        json!({ "@odata.context": context, "@odata.count": value.len(), "value": value }),
    )
}

/// The characters Teams refuses in a channel name.
const FORBIDDEN_IN_CHANNEL_NAMES: &[char] = &[
    '~', '#', '%', '&', '*', '{', '}', '+', '/', '\\', ':', '<', '>', '?', '|', '\'', '"',
];

/// A channel name: 1 to 50 characters, none of Teams' forbidden ones, not starting with `_` or
/// `.`, not ending with `.`.
fn check_channel_name(name: &str) -> GraphResult<()> {
    let valid = !name.is_empty()
        && name.chars().count() <= 50
        && !name.contains(FORBIDDEN_IN_CHANNEL_NAMES)
        && !name.starts_with(['_', '.'])
        && !name.ends_with('.');
    if valid {
        Ok(())
    } else {
        Err(GraphError::bad_request(format!(
            "Channel name '{name}' is invalid: 1 to 50 characters, none of ~ # % & * {{ }} + / \\ : < > ? | ' \", not starting with _ or . nor ending with ."
        )))
    }
}

/// A user whose Teams policy forbids creating teams and channels (and chats) gets Graph's 403.
fn require_teams_policy(conn: &Connection, user: &str) -> GraphResult<()> {
    let allowed: bool = conn.query_row(
        "SELECT can_create_chats FROM users WHERE id = ?1",
        params![user],
        |r| r.get(0),
    )?;
    if allowed {
        Ok(())
    } else {
        Err(GraphError::forbidden(
            "The user is not allowed to create teams or channels by the Teams policy of the organization.",
        ))
    }
}

/// The caller's user id, once the token carries one of `scopes` and the user is a member of
/// `team`.
fn team_member(
    conn: &Connection,
    caller: &Caller,
    scopes: &[&str],
    team: &str,
) -> GraphResult<String> {
    caller.require(scopes)?;
    let user = caller.user()?.to_owned();
    require_team_member(conn, team, &user)?;
    Ok(user)
}

fn require_team_member(conn: &Connection, team: &str, user: &str) -> GraphResult<()> {
    let found: Option<bool> = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = ?2) FROM teams t WHERE t.id = ?1 COLLATE NOCASE",
            params![team, user],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(true) => Ok(()),
        Some(false) => Err(GraphError::forbidden(
            "The caller is not a member of this team.",
        )),
        None => Err(GraphError::not_found(
            "NotFound",
            format!("No team found with Group Id {team}"),
        )),
    }
}

/// A team's General channel: the first made, with the team.
fn general_channel(conn: &Connection, team: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT id FROM channels WHERE team_id = ?1 ORDER BY created, rowid LIMIT 1",
        params![team],
        |r| r.get(0),
    )
    .optional()
}

fn team_json(conn: &Connection, id: &str) -> rusqlite::Result<Map<String, Value>> {
    let (tenant, name, description, visibility, archived, created): (String, String, Option<String>, String, bool, String) = conn.query_row(
        "SELECT tenant_id, display_name, description, visibility, is_archived, created FROM teams WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let general = general_channel(conn, id)?;
    let mut team = Map::new();
    team.insert("id".into(), json!(id));
    team.insert("createdDateTime".into(), json!(created));
    team.insert("displayName".into(), json!(name));
    team.insert("description".into(), json!(description));
    team.insert("classification".into(), Value::Null);
    team.insert("specialization".into(), json!("none"));
    team.insert("visibility".into(), json!(visibility));
    team.insert(
        "webUrl".into(),
        json!(format!(
            "https://teams.microsoft.com/l/team/{}/conversations?groupId={id}&tenantId={tenant}",
            urlencode(general.as_deref().unwrap_or_default())
        )),
    );
    team.insert("isArchived".into(), json!(archived));
    team.insert("tenantId".into(), json!(tenant));
    team.insert("isMembershipLimitedToOwners".into(), json!(false));
    team.insert("memberSettings".into(), json!({ "allowCreateUpdateChannels": true, "allowCreatePrivateChannels": true, "allowDeleteChannels": true, "allowAddRemoveApps": true, "allowCreateUpdateRemoveTabs": true, "allowCreateUpdateRemoveConnectors": true }));
    team.insert(
        "guestSettings".into(),
        json!({ "allowCreateUpdateChannels": false, "allowDeleteChannels": false }),
    );
    team.insert("messagingSettings".into(), json!({ "allowUserEditMessages": true, "allowUserDeleteMessages": true, "allowOwnerDeleteMessages": true, "allowTeamMentions": true, "allowChannelMentions": true }));
    team.insert("funSettings".into(), json!({ "allowGiphy": true, "giphyContentRating": "moderate", "allowStickersAndMemes": true, "allowCustomMemes": true }));
    team.insert(
        "discoverySettings".into(),
        json!({ "showInTeamsSearchAndSuggestions": false }),
    );
    // The team's thread id: the General channel's id, as Teams gives both.
    team.insert("internalId".into(), json!(general));
    team.insert("tagSettings".into(), Value::Null);
    team.insert("summary".into(), Value::Null);
    Ok(team)
}

/// A channel as a single entity reached through the team's `segment` (`channels` or
/// `primaryChannel`), with the `@odata.context` Graph gives that path.
fn channel_entity(
    conn: &Connection,
    headers: &HeaderMap,
    team: &str,
    id: &str,
    segment: &str,
) -> rusqlite::Result<Value> {
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/$metadata#teams('{team}')/{segment}/$entity",
            base_url(headers)
        )),
    );
    body.extend(channel_json(conn, team, id)?);
    Ok(Value::Object(body))
}

fn channel_json(conn: &Connection, team: &str, id: &str) -> rusqlite::Result<Map<String, Value>> {
    let (tenant, name, description, kind, created): (String, String, Option<String>, String, String) = conn.query_row(
        "SELECT t.tenant_id, c.display_name, c.description, c.membership_type, c.created FROM channels c JOIN teams t ON t.id = c.team_id WHERE c.id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let mut channel = Map::new();
    channel.insert("id".into(), json!(id));
    channel.insert("createdDateTime".into(), json!(created));
    channel.insert("displayName".into(), json!(name));
    channel.insert("description".into(), json!(description));
    channel.insert("isFavoriteByDefault".into(), Value::Null);
    channel.insert("email".into(), json!(""));
    channel.insert("tenantId".into(), json!(tenant));
    channel.insert(
        "webUrl".into(),
        json!(format!(
            "https://teams.microsoft.com/l/channel/{}/{}?groupId={team}&tenantId={tenant}",
            urlencode(id),
            urlencode(&name)
        )),
    );
    channel.insert("membershipType".into(), json!(kind));
    channel.insert("layoutType".into(), json!("post"));
    channel.insert("isArchived".into(), json!(false));
    Ok(channel)
}
