//! Dataverse Web API v9.2 calls.

use super::json::{self, Fields, FromJson, Get, Value};
use super::url::encode;
use super::{http, Api, Error, Resource, Result};
use crate::settings::{self, TypeSettings};

/// Reads the tenant consent flag, `organizations.ismsteamscollaborationenabled`.
///
/// A null value reads as off; no organization row at all cannot be read.
pub async fn read_tenant_consent(api: &Api) -> Result<bool> {
    let url = format!(
        "{}organizations?$select=ismsteamscollaborationenabled",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_tenant_consent(&body)
}

/// The body of the consent read: a null flag reads as off, no row is an error.
pub fn parse_tenant_consent(body: &str) -> Result<bool> {
    let rows = json::parse_collection(body)?;
    let row = rows.first().ok_or(Error::MissingRow("organizations"))?;
    flag(row, "ismsteamscollaborationenabled")
}

/// Reads the instance switch, `msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled`.
///
/// An instance whose settings row was never written has not turned the feature on.
pub async fn read_instance_enabled(api: &Api) -> Result<bool> {
    let url = format!(
        "{}msdyn_msteamssettingsv2?$select=msdyn_embedcollabteamsintegrationenabled",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_instance_enabled(&body)
}

/// The body of the instance switch read: no row or a null switch reads as off.
pub fn parse_instance_enabled(body: &str) -> Result<bool> {
    match json::parse_collection(body)?.first() {
        Some(row) => flag(row, "msdyn_embedcollabteamsintegrationenabled"),
        None => Ok(false),
    }
}

/// A row's true-or-false column, where null reads as off.
fn flag(row: &Value, column: &str) -> Result<bool> {
    Fields::of(row)
        .and_then(|f| f.opt_flag(column))
        .map(|flag| flag.unwrap_or(false))
        .ok_or_else(|| Error::Json(format!("{column} is not true or false")))
}

/// A required text property of a body.
fn text_of(body: &str, property: &str) -> Result<String> {
    json::parse_value(body)?
        .get(property)
        .and_then(Get::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::Json(format!("no {property} text")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_rows_parse_the_documented_shape() {
        let body = r#"{"@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#organizations(ismsteamscollaborationenabled)","value":[{"@odata.etag":"W/\"1\"","ismsteamscollaborationenabled":true,"organizationid":"0a1b2c3d-0000-0000-0000-000000000001"}]}"#;
        assert_eq!(parse_tenant_consent(body), Ok(true));
        assert_eq!(
            parse_tenant_consent(r#"{"value":[{"ismsteamscollaborationenabled":null}]}"#),
            Ok(false)
        );
        assert_eq!(
            parse_tenant_consent(r#"{"value":[]}"#),
            Err(Error::MissingRow("organizations"))
        );

        let body = r#"{"value":[{"msdyn_embedcollabteamsintegrationenabled":null}]}"#;
        assert_eq!(parse_instance_enabled(body), Ok(false));
        assert_eq!(parse_instance_enabled(r#"{"value":[]}"#), Ok(false));
    }

    #[test]
    fn a_flag_of_the_wrong_type_is_an_error() {
        let body = r#"{"value":[{"ismsteamscollaborationenabled":"true"}]}"#;
        assert!(parse_tenant_consent(body).is_err());
    }
}

/// `WhoAmI`: the caller's `systemuserid`.
pub async fn who_am_i(api: &Api) -> Result<String> {
    let body = http::get(
        api,
        Resource::Dataverse,
        &format!("{}WhoAmI", api.dataverse_root()),
        &[],
    )
    .await?;
    parse_who_am_i(&body)
}

/// The body of `WhoAmI`: its `UserId`.
pub fn parse_who_am_i(body: &str) -> Result<String> {
    text_of(body, "UserId")
}

/// What a channel link needs to know of the record's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityDefinition {
    /// Its entity set name, e.g. `contacts` for `contact`.
    pub set_name: String,
    /// Its `ObjectTypeCode`, e.g. 2 for `contact`.
    pub type_code: i64,
}

/// A table's entity set name and object type code, in one read.
pub async fn entity_definition(api: &Api, logical_name: &str) -> Result<EntityDefinition> {
    let url = format!(
        "{}EntityDefinitions(LogicalName='{logical_name}')?$select=EntitySetName,ObjectTypeCode",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_entity_definition(&body)
}

/// The body of an entity definition read.
pub fn parse_entity_definition(body: &str) -> Result<EntityDefinition> {
    let value = json::parse_value(body)?;
    let f = Fields::of(&value).ok_or_else(|| Error::Json("not an object".into()))?;
    match (f.opt_text("EntitySetName"), f.opt_int("ObjectTypeCode")) {
        (Some(Some(set_name)), Some(Some(type_code))) => Ok(EntityDefinition {
            set_name,
            type_code,
        }),
        _ => Err(Error::Json("no EntitySetName or ObjectTypeCode".into())),
    }
}

/// The caller's access rights on a record (`RetrievePrincipalAccess`), e.g. `ReadAccess`.
pub async fn access_rights(
    api: &Api,
    user_id: &str,
    entity_set: &str,
    record_id: &str,
) -> Result<Vec<String>> {
    let url = format!(
        "{}systemusers({user_id})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={{'@odata.id':'{entity_set}({record_id})'}}",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_access_rights(&body)
}

/// The body of `RetrievePrincipalAccess`: its `AccessRights`, split, without `None`.
pub fn parse_access_rights(body: &str) -> Result<Vec<String>> {
    Ok(text_of(body, "AccessRights")?
        .split(',')
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty() && r != "None")
        .collect())
}

/// A chat-to-record link row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The row's id.
    pub id: String,
    /// The chat's conversation id.
    pub chat_id: String,
    /// Who connected it.
    pub connected_by: Option<String>,
    /// Their `systemuserid` (lower case): they may disconnect it where the record type lets the
    /// connector do so.
    pub connected_by_id: Option<String>,
}

impl FromJson for Link {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("msdyn_teamschatassociationid")?,
            chat_id: f.opt_text("msdyn_teamschatid")?.filter(|c| !c.is_empty())?,
            connected_by: f.opt_text(&format!("_createdby_value{FORMATTED}"))?,
            connected_by_id: f
                .opt_text("_createdby_value")?
                .map(|id| id.to_ascii_lowercase()),
        })
    }
}

/// The Associate link rows of a record (its id with and without braces, any case).
pub async fn connected_links(api: &Api, record_id: &str) -> Result<Vec<Link>> {
    let filter = format!(
        "(msdyn_regardingobjectid eq '{id}' or msdyn_regardingobjectid eq '{{{id}}}') and msdyn_entityrecordstate eq 0 and statecode eq 0",
        id = record_id
    );
    let url = format!(
        "{}msdyn_teamschatassociations?$select=msdyn_teamschatid,_createdby_value&$filter={}",
        api.dataverse_root(),
        encode(&filter)
    );
    let body = http::get(api, Resource::Dataverse, &url, &[PREFER_FORMATTED]).await?;
    parse_links(&body)
}

/// A body of link rows: a malformed row, or one without a chat, is dropped alone.
pub fn parse_links(body: &str) -> Result<Vec<Link>> {
    // A row without a chat reads as malformed, so it is dropped with the others.
    Ok(json::parse_items(&json::parse_collection(body)?, "chat link row").0)
}

/// A suggested contact for the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The person's Entra object id.
    pub aad_user_id: String,
    /// Their name.
    pub display_name: String,
    /// Why they are suggested, e.g. "Record owner".
    pub description: String,
}

impl FromJson for Suggestion {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            aad_user_id: f.text("AADUserId")?,
            display_name: f.text("displayName")?,
            description: f.opt_text("description")?.unwrap_or_default(),
        })
    }
}

/// The record's suggested contacts, most relevant first (the service's `msdyn_suggestions`).
pub async fn suggestions(api: &Api, record_id: &str) -> Result<Vec<Suggestion>> {
    let filter = format!(
        "msdyn_regardingobjectid eq '{id}' or msdyn_regardingobjectid eq '{{{id}}}'",
        id = record_id
    );
    let url = format!(
        "{}msdyn_teamschatsuggestions?$select=msdyn_suggestions,msdyn_computedon&$filter={}&$orderby=msdyn_computedon%20desc",
        api.dataverse_root(),
        encode(&filter)
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_suggestion_rows(&body)
}

/// A body of suggestion rows, newest first: the first row's suggestions; a malformed row is
/// dropped alone.
pub fn parse_suggestion_rows(body: &str) -> Result<Vec<Suggestion>> {
    let rows = json::parse_collection(body)?;
    // A row whose suggestions are not text is malformed and skipped like a null one.
    let first = rows
        .iter()
        .filter_map(|row| Fields::of(row)?.opt_text("msdyn_suggestions"))
        .find_map(|text| text);
    match first {
        Some(suggestions) => parse_suggestions(&suggestions),
        None => Ok(Vec::new()),
    }
}

/// `msdyn_suggestions` is a JSON string; a person without an id or name is skipped.
pub fn parse_suggestions(text: &str) -> Result<Vec<Suggestion>> {
    let values = json::parse_value(text)?;
    let values = values
        .as_array()
        .ok_or_else(|| Error::Json("the suggestions are not a list".into()))?;
    Ok(json::parse_items::<Suggestion>(values, "suggested person")
        .0
        .into_iter()
        .filter(|s| !s.aad_user_id.is_empty())
        .collect())
}

#[cfg(test)]
mod more_tests {
    use super::*;

    #[test]
    fn a_channel_link_body_holds_every_required_column_and_the_names() {
        let row = ChannelLinkRow {
            team_thread_id: "19:t@thread.tacv2".into(),
            group_id: "g".into(),
            tenant_id: "tenant".into(),
            team_name: "Contoso Sales".into(),
            channel_id: "19:c@thread.tacv2".into(),
            channel_name: "Key accounts".into(),
            channel_type: Some("Standard"),
            web_url: "https://teams.microsoft.com/l/channel/x".into(),
            site_url: "https://contoso.sharepoint.com/sites/ContosoSales".into(),
            folder: "/sites/ContosoSales/Shared Documents/Key accounts".into(),
            record_id: "6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13".into(),
            entity_name: "contact".into(),
            type_code: 2,
        };
        let body: serde_json::Value =
            serde_json::from_str(&json::to_string(&channel_link_body(&row))).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "msdyn_teamid": "19:t@thread.tacv2",
                "msdyn_groupid": "g",
                "msdyn_tenantid": "tenant",
                "msdyn_teamname": "Contoso Sales",
                "msdyn_channelid": "19:c@thread.tacv2",
                "msdyn_channelname": "Key accounts",
                "msdyn_channeltype": "Standard",
                "msdyn_weburl": "https://teams.microsoft.com/l/channel/x",
                "msdyn_teamsiteurl": "https://contoso.sharepoint.com/sites/ContosoSales",
                "msdyn_channelfolderrelativeurl": "/sites/ContosoSales/Shared Documents/Key accounts",
                "regardingobjectid": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13",
                "regardingobjecttypename": "contact",
                "regardingobjecttypecode": 2
            })
        );
        let other = ChannelLinkRow {
            channel_type: None,
            ..row
        };
        let body = json::to_string(&channel_link_body(&other));
        assert!(!body.contains("msdyn_channeltype"), "left out: {body}");
    }

    #[test]
    fn native_rows_are_found_by_their_group_id() {
        let rows = parse_channel_links(
            r#"{"value":[
            {"msdyn_teamscollaborationid":"a","msdyn_teamid":"19:t@thread.tacv2","msdyn_groupid":"0a1b2c3d-0000-4000-8000-000000000001","msdyn_channelid":"c"},
            {"msdyn_teamscollaborationid":"b","msdyn_teamid":"0a1b2c3d-0000-4000-8000-000000000002","msdyn_channelid":"c"},
            {"msdyn_teamscollaborationid":"c","msdyn_teamid":"19:t@thread.tacv2","msdyn_channelid":"c"}
        ]}"#,
        )
        .unwrap();
        let teams: Vec<Option<&str>> = rows.iter().map(|r| r.team_id.as_deref()).collect();
        assert_eq!(
            teams,
            [
                Some("0a1b2c3d-0000-4000-8000-000000000001"),
                Some("0a1b2c3d-0000-4000-8000-000000000002"),
                None
            ],
            "the group id, else a GUID team id; a thread id alone names no team path"
        );
    }

    #[test]
    fn a_link_body_holds_only_the_conversation_id_and_the_record() {
        let body = link_body(
            "19:abc@thread.v2",
            "6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13",
            "contact",
        );
        // Read back from the text that is sent, as Dataverse would read it.
        let body: serde_json::Value = serde_json::from_str(&json::to_string(&body)).unwrap();
        let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "msdyn_entityrecordstate",
                "msdyn_regardingobjectid",
                "msdyn_regardingobjectname",
                "msdyn_teamschatassociationname",
                "msdyn_teamschatid"
            ]
        );
        assert_eq!(
            body["msdyn_regardingobjectid"],
            "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13"
        );
        assert_eq!(body["msdyn_teamschatassociationname"], "19:abc@thread.v2");
    }

    #[test]
    fn suggestions_parse_and_skip_bad_people() {
        let json = r#"[{"AADUserId":"a","systemUserId":"s","displayName":"Megan Bowen","description":"Record owner"},{"displayName":"No id"},{"AADUserId":"b","displayName":"Alex"}]"#;
        let list = parse_suggestions(json).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].description, "Record owner");
        assert!(parse_suggestions("not json").is_err());
    }
}

/// Whether a user holds a privilege, e.g. `prvWritemsdyn_teamschatassociation`.
pub async fn has_privilege(api: &Api, user_id: &str, privilege: &str) -> Result<bool> {
    let url = format!(
        "{}systemusers({user_id})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='{privilege}')",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_has_privilege(&body)
}

/// The body of `RetrieveUserPrivilegeByPrivilegeName`: any role privilege means yes.
pub fn parse_has_privilege(body: &str) -> Result<bool> {
    json::parse_value(body)?
        .get("RolePrivileges")
        .and_then(Get::as_array)
        .map(|privileges| !privileges.is_empty())
        .ok_or_else(|| Error::Json("no RolePrivileges list".into()))
}

/// A link row of one chat and record, in any state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRow {
    /// The row's id.
    pub id: String,
    /// 0 Associate, 1 Disassociate.
    pub state: i64,
}

/// Every link row of a chat and a record (the record id with and without braces).
pub async fn links_of_chat(api: &Api, chat_id: &str, record_id: &str) -> Result<Vec<LinkRow>> {
    let filter = format!(
        "msdyn_teamschatid eq '{chat}' and (msdyn_regardingobjectid eq '{id}' or msdyn_regardingobjectid eq '{{{id}}}') and statecode eq 0",
        chat = chat_id.replace('\'', "''"),
        id = record_id
    );
    let url = format!(
        "{}msdyn_teamschatassociations?$select=msdyn_entityrecordstate&$filter={}",
        api.dataverse_root(),
        encode(&filter)
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_link_rows(&body)
}

/// A body of one chat's link rows in any state (a null state reads as Disassociate); a
/// malformed row is dropped alone.
pub fn parse_link_rows(body: &str) -> Result<Vec<LinkRow>> {
    Ok(json::parse_items(&json::parse_collection(body)?, "chat link row").0)
}

impl FromJson for LinkRow {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("msdyn_teamschatassociationid")?,
            state: f.opt_int("msdyn_entityrecordstate")?.unwrap_or(1),
        })
    }
}

/// The body that connects a chat: the conversation id and the record reference, nothing else
/// (product.md §4 and §5: no topic, name, preview or message text, ever).
pub fn link_body(chat_id: &str, record_id: &str, entity_name: &str) -> Value {
    json::object([
        ("msdyn_teamschatid", json::text(chat_id)),
        (
            "msdyn_regardingobjectid",
            json::text(&record_id.to_ascii_lowercase()),
        ),
        ("msdyn_regardingobjectname", json::text(entity_name)),
        ("msdyn_entityrecordstate", json::int(0)),
        ("msdyn_teamschatassociationname", json::text(chat_id)),
    ])
}

/// Creates an Associate link row.
pub async fn create_link(
    api: &Api,
    chat_id: &str,
    record_id: &str,
    entity_name: &str,
) -> Result<()> {
    let url = format!("{}msdyn_teamschatassociations", api.dataverse_root());
    http::write(
        api,
        Resource::Dataverse,
        gloo_net::http::Method::POST,
        &url,
        Some(&link_body(chat_id, record_id, entity_name)),
        &[],
    )
    .await?;
    Ok(())
}

/// Sets a link row's state (0 Associate, 1 Disassociate); `If-Match: *` so a PATCH never
/// creates a row.
pub async fn set_link_state(api: &Api, link_id: &str, state: i64) -> Result<()> {
    let url = format!(
        "{}msdyn_teamschatassociations({link_id})",
        api.dataverse_root()
    );
    let body = json::object([("msdyn_entityrecordstate", json::int(state))]);
    http::write(
        api,
        Resource::Dataverse,
        gloo_net::http::Method::PATCH,
        &url,
        Some(&body),
        &[("If-Match", "*")],
    )
    .await?;
    Ok(())
}

/// A Teams channel connected to the record (`msdyn_teamscollaborations`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelLink {
    /// The row's id.
    pub id: String,
    /// The team's group id (`msdyn_groupid`), what Graph's team paths take. Rows written before
    /// it was stored, or by an integration that keeps only `msdyn_teamid`, fall back to that when
    /// it is a GUID; a thread id there is no team path.
    pub team_id: Option<String>,
    /// The channel's id.
    pub channel_id: Option<String>,
    /// The team's name when it was connected.
    pub team_name: Option<String>,
    /// The channel's name when it was connected.
    pub channel_name: Option<String>,
    /// The channel's Teams link.
    pub web_url: Option<String>,
}

impl FromJson for ChannelLink {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.text("msdyn_teamscollaborationid")?,
            team_id: f
                .opt_text("msdyn_groupid")?
                .or(f.opt_text("msdyn_teamid")?.filter(|id| is_guid(id))),
            channel_id: f.opt_text("msdyn_channelid")?,
            team_name: f.opt_text("msdyn_teamname")?,
            channel_name: f.opt_text("msdyn_channelname")?,
            web_url: f.opt_text("msdyn_weburl")?,
        })
    }
}

/// The channels connected to a record (`regardingobjectid` is a GUID column: a bare literal).
pub async fn channel_links(api: &Api, record_id: &str) -> Result<Vec<ChannelLink>> {
    let url = format!(
        "{}msdyn_teamscollaborations?$select=msdyn_teamid,msdyn_groupid,msdyn_channelid,msdyn_teamname,msdyn_channelname,msdyn_weburl&$filter={}",
        api.dataverse_root(),
        encode(&format!("regardingobjectid eq {record_id} and statecode eq 0"))
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_channel_links(&body)
}

/// A body of channel link rows: a malformed row is dropped alone.
pub fn parse_channel_links(body: &str) -> Result<Vec<ChannelLink>> {
    Ok(json::parse_items(&json::parse_collection(body)?, "channel link row").0)
}

/// Disconnects a channel: its link row is deleted.
pub async fn delete_channel_link(api: &Api, id: &str) -> Result<()> {
    let url = format!("{}msdyn_teamscollaborations({id})", api.dataverse_root());
    http::write(
        api,
        Resource::Dataverse,
        gloo_net::http::Method::DELETE,
        &url,
        None,
        &[],
    )
    .await?;
    Ok(())
}

/// Everything a channel link row holds (product.md §4): every column the table reference
/// marks required, and the names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelLinkRow {
    /// The team's `internalId` (its thread id).
    pub team_thread_id: String,
    /// The team's id (its group GUID).
    pub group_id: String,
    /// The team's `tenantId`.
    pub tenant_id: String,
    /// The team's name.
    pub team_name: String,
    /// The channel's id.
    pub channel_id: String,
    /// The channel's name.
    pub channel_name: String,
    /// `Standard`, `Private` or `Shared`; none for any other membership type.
    pub channel_type: Option<&'static str>,
    /// The channel's Teams link.
    pub web_url: String,
    /// The SharePoint site holding the channel's files.
    pub site_url: String,
    /// The channel's folder, server-relative and decoded.
    pub folder: String,
    /// The record's GUID.
    pub record_id: String,
    /// The record's entity logical name.
    pub entity_name: String,
    /// The record's table's `ObjectTypeCode`.
    pub type_code: i64,
}

/// The body that connects a channel.
pub fn channel_link_body(row: &ChannelLinkRow) -> Value {
    let mut fields = vec![
        ("msdyn_teamid", json::text(&row.team_thread_id)),
        ("msdyn_groupid", json::text(&row.group_id)),
        ("msdyn_tenantid", json::text(&row.tenant_id)),
        ("msdyn_teamname", json::text(&row.team_name)),
        ("msdyn_channelid", json::text(&row.channel_id)),
        ("msdyn_channelname", json::text(&row.channel_name)),
        ("msdyn_weburl", json::text(&row.web_url)),
        ("msdyn_teamsiteurl", json::text(&row.site_url)),
        ("msdyn_channelfolderrelativeurl", json::text(&row.folder)),
        (
            "regardingobjectid",
            json::text(&row.record_id.to_ascii_lowercase()),
        ),
        ("regardingobjecttypename", json::text(&row.entity_name)),
        ("regardingobjecttypecode", json::int(row.type_code)),
    ];
    if let Some(kind) = row.channel_type {
        fields.push(("msdyn_channeltype", json::text(kind)));
    }
    json::object_of(fields)
}

/// Connects a channel to the record (`POST msdyn_teamscollaborations`).
pub async fn create_channel_link(api: &Api, row: &ChannelLinkRow) -> Result<()> {
    let url = format!("{}msdyn_teamscollaborations", api.dataverse_root());
    http::write(
        api,
        Resource::Dataverse,
        gloo_net::http::Method::POST,
        &url,
        Some(&channel_link_body(row)),
        &[],
    )
    .await?;
    Ok(())
}

/// Whether an id is a GUID (with or without braces).
fn is_guid(id: &str) -> bool {
    crate::options::parse_guid(id).is_some()
}

/// The record-type settings table's entity set (product.md §2b).
pub const CHAT_SETTINGS: &str = "msdyn_entitylinkchatconfigurations";

/// The active settings row of a record type, filtered through its `msdyn_entitytype` lookup;
/// no active row means the type is not enabled.
pub async fn chat_settings(api: &Api, logical_name: &str) -> Result<TypeSettings> {
    let filter = format!("msdyn_entitytype/logicalname eq '{logical_name}' and statecode eq 0");
    let url = format!(
        "{}{CHAT_SETTINGS}?$select={}&$expand=msdyn_entitytype($select=logicalname)&$filter={}",
        api.dataverse_root(),
        settings::ROW_FIELDS.join(","),
        encode(&filter)
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    parse_chat_settings(&body)
}

/// The body of the settings read: the first row's choices (a null choice is off), or
/// [`TypeSettings::OFF`] without a row.
pub fn parse_chat_settings(body: &str) -> Result<TypeSettings> {
    let rows = json::parse_collection(body)?;
    let Some(row) = rows.first() else {
        return Ok(TypeSettings::OFF);
    };
    let on = TypeSettings {
        connects: true,
        ..TypeSettings::OFF
    };
    settings::from_fields(row, &settings::ROW_FIELDS, on)
        .map_err(|field| Error::Json(format!("the chat settings' {field} is malformed")))
}

/// Whether a failed settings read stands for "no settings here": Dataverse answers 404 where
/// the table does not exist and 403 where the caller may not read it.
pub fn settings_absent(error: &Error) -> bool {
    matches!(
        error,
        Error::Status {
            status: 403 | 404,
            ..
        }
    )
}

/// The record's owner (`_ownerid_value`).
pub async fn record_owner(api: &Api, entity_set: &str, record_id: &str) -> Result<Option<String>> {
    let url = format!(
        "{}{entity_set}({record_id})?$select=_ownerid_value",
        api.dataverse_root()
    );
    let body = http::get(api, Resource::Dataverse, &url, &[]).await?;
    let value = json::parse_value(&body)?;
    Ok(value
        .get("_ownerid_value")
        .and_then(Get::as_str)
        .map(str::to_ascii_lowercase))
}

const FORMATTED: &str = "@OData.Community.Display.V1.FormattedValue";
const PREFER_FORMATTED: (&str, &str) = (
    "Prefer",
    "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
);

/// The columns a saved query's `layoutxml` names first (see [`settings::view_columns`]).
pub async fn view_columns(api: &Api, view_id: &str) -> Result<Vec<String>> {
    let url = format!(
        "{}savedqueries({view_id})?$select=layoutxml",
        api.dataverse_root()
    );
    Ok(settings::view_columns(&text_of(
        &http::get(api, Resource::Dataverse, &url, &[]).await?,
        "layoutxml",
    )?))
}

/// The columns' display names in the caller's language (`UserLocalizedLabel`), by logical name.
pub async fn column_labels(
    api: &Api,
    logical_name: &str,
    columns: &[String],
) -> Result<Vec<(String, String)>> {
    let filter = columns
        .iter()
        .map(|c| format!("LogicalName eq '{c}'"))
        .collect::<Vec<_>>()
        .join(" or ");
    let url = format!(
        "{}EntityDefinitions(LogicalName='{logical_name}')/Attributes?$select=LogicalName,DisplayName&$filter={}",
        api.dataverse_root(),
        encode(&filter)
    );
    parse_column_labels(&http::get(api, Resource::Dataverse, &url, &[]).await?)
}

/// The body of an attributes read: each attribute's logical name and label (one without a
/// label is left out, and its column is shown by its logical name).
pub fn parse_column_labels(body: &str) -> Result<Vec<(String, String)>> {
    Ok(json::parse_collection(body)?
        .iter()
        .filter_map(|a| {
            let name = a.get("LogicalName")?.as_str()?;
            let label = a
                .pointer("/DisplayName/UserLocalizedLabel/Label")?
                .as_str()?;
            Some((name.to_owned(), label.to_owned()))
        })
        .collect())
}

/// The record's values with their formatted values (every column: which of the view's columns
/// are lookups, read as `_name_value`, is not known before).
pub async fn record_values(api: &Api, entity_set: &str, record_id: &str) -> Result<Value> {
    let url = format!("{}{entity_set}({record_id})", api.dataverse_root());
    json::parse_value(&http::get(api, Resource::Dataverse, &url, &[PREFER_FORMATTED]).await?)
}

/// A column's value as the note shows it: its formatted value (a lookup's is under
/// `_name_value`), else its text; `None` when it is empty.
pub fn shown_value(record: &Value, column: &str) -> Option<String> {
    let lookup = format!("_{column}_value");
    [
        format!("{column}{FORMATTED}"),
        format!("{lookup}{FORMATTED}"),
        column.to_owned(),
    ]
    .iter()
    .find_map(|key| record.get(key)?.as_str())
    .map(str::trim)
    .filter(|text| !text.is_empty())
    .map(str::to_owned)
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn a_settings_row_reads_its_choices_and_no_row_is_off() {
        let body = r#"{"value":[{"msdyn_entitylinkchatconfigurationid":"f1","msdyn_enableautonamechats":false,"msdyn_enablekickoffmessage":true,"msdyn_contextviewid":"{A2B1C3D4-5E6F-4A7B-8C9D-0E1F2A3B4C51}","msdyn_recordownercanunlink":true,"msdyn_recentchatlinkercanunlink":null,"msdyn_enablelogicbasedsuggestion":true,"msdyn_entitytype":{"logicalname":"contact"}}]}"#;
        assert_eq!(
            parse_chat_settings(body),
            Ok(TypeSettings {
                connects: true,
                auto_name: false,
                note: true,
                context_view: Some("a2b1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c51".into()),
                owner_unlinks: true,
                linker_unlinks: false,
                suggestions: true,
            })
        );
        assert_eq!(
            parse_chat_settings(r#"{"value":[]}"#),
            Ok(TypeSettings::OFF)
        );
        assert!(parse_chat_settings(r#"{"value":[{"msdyn_enableautonamechats":"yes"}]}"#).is_err());
        let bad_view = r#"{"value":[{"msdyn_contextviewid":"not a guid"}]}"#;
        assert!(parse_chat_settings(bad_view).is_err());
    }

    #[test]
    fn only_a_missing_table_or_a_refusal_means_no_settings() {
        let status = |status| Error::Status {
            status,
            code: None,
            message: String::new(),
        };
        assert!(settings_absent(&status(404)));
        assert!(settings_absent(&status(403)));
        assert!(!settings_absent(&status(500)));
        assert!(!settings_absent(&Error::Network("offline".into())));
    }

    #[test]
    fn labels_and_values_as_the_note_shows_them() {
        let body = r#"{"value":[{"LogicalName":"fullname","DisplayName":{"UserLocalizedLabel":{"Label":"Full Name","LanguageCode":1033}}},{"LogicalName":"jobtitle","DisplayName":{"UserLocalizedLabel":null}}]}"#;
        assert_eq!(
            parse_column_labels(body),
            Ok(vec![("fullname".to_owned(), "Full Name".to_owned())])
        );
        let record = json::parse_value(r#"{"fullname":"Ava Reyes","jobtitle":"  ","_parentcustomerid_value":"7c2a","_parentcustomerid_value@OData.Community.Display.V1.FormattedValue":"Contoso Pharmaceuticals","preferredcontactmethodcode":2,"preferredcontactmethodcode@OData.Community.Display.V1.FormattedValue":"Email"}"#).unwrap();
        let shown = |c| shown_value(&record, c);
        assert_eq!(shown("fullname").as_deref(), Some("Ava Reyes"));
        assert_eq!(
            shown("parentcustomerid").as_deref(),
            Some("Contoso Pharmaceuticals")
        );
        assert_eq!(
            shown("preferredcontactmethodcode").as_deref(),
            Some("Email")
        );
        assert_eq!(shown("jobtitle"), None, "blank is no value");
        assert_eq!(shown("telephone1"), None);
    }
}
