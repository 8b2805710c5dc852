//! The two feature flags: `organizations.ismsteamscollaborationenabled` (the tenant's consent,
//! shared by every instance of the tenant, changed only by a global administrator) and
//! `msdyn_msteamssettingsv2.msdyn_embedcollabteamsintegrationenabled` (the instance's switch,
//! changed only by a System Administrator of that instance).

use super::answer::{base_url, entity, json_object, method_not_allowed, no_content, odata_json};
use super::odata;
use super::principal::Principal;
use crate::error::DataverseError;
use crate::state::AppState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Whether a path's first segment names one of the flag tables.
pub fn serves(segment: &str) -> bool {
    EntitySet::parse(segment).is_some()
}

/// The entity sets this emulator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntitySet {
    Organizations,
    TeamsSettings,
}

impl EntitySet {
    fn parse(name: &str) -> Option<EntitySet> {
        match name {
            "organizations" => Some(EntitySet::Organizations),
            "msdyn_msteamssettingsv2" => Some(EntitySet::TeamsSettings),
            _ => None,
        }
    }

    fn set_name(self) -> &'static str {
        match self {
            EntitySet::Organizations => "organizations",
            EntitySet::TeamsSettings => "msdyn_msteamssettingsv2",
        }
    }

    fn logical_name(self) -> &'static str {
        match self {
            EntitySet::Organizations => "organization",
            EntitySet::TeamsSettings => "msdyn_msteamssettingsv2",
        }
    }

    fn key(self) -> &'static str {
        match self {
            EntitySet::Organizations => "organizationid",
            EntitySet::TeamsSettings => "msdyn_msteamssettingsv2id",
        }
    }

    /// The one boolean column of the set that can be written.
    fn flag(self) -> &'static str {
        match self {
            EntitySet::Organizations => "ismsteamscollaborationenabled",
            EntitySet::TeamsSettings => "msdyn_embedcollabteamsintegrationenabled",
        }
    }

    fn columns(self) -> &'static [&'static str] {
        match self {
            EntitySet::Organizations => {
                &["organizationid", "name", "ismsteamscollaborationenabled"]
            }
            EntitySet::TeamsSettings => &[
                "msdyn_msteamssettingsv2id",
                "msdyn_name",
                "msdyn_embedcollabteamsintegrationenabled",
            ],
        }
    }
}

/// A parsed resource path: an entity set, optionally one row of it by key.
struct Target {
    set: EntitySet,
    id: Option<String>,
}

fn parse_target(path: &str) -> Result<Target, DataverseError> {
    let (name, id) = odata::split_key(path)?;
    let set = EntitySet::parse(name).ok_or_else(|| DataverseError::segment_not_found(name))?;
    Ok(Target { set, id })
}

/// One instance's rows as the Web API shows them.
struct Instance {
    organization_id: String,
    organization_name: String,
    settings_id: String,
    consent: bool,
    embed_enabled: bool,
    version: i64,
}

fn load_instance(conn: &Connection, name: &str) -> Result<Instance, DataverseError> {
    conn.query_row(
        "SELECT i.organization_id, i.organization_name, i.settings_id, t.teams_consent, i.embed_enabled, i.version
         FROM instances i JOIN tenants t ON t.id = i.tenant_id WHERE i.name = ?1",
        params![name],
        |r| {
            Ok(Instance {
                organization_id: r.get(0)?,
                organization_name: r.get(1)?,
                settings_id: r.get(2)?,
                consent: r.get(3)?,
                embed_enabled: r.get(4)?,
                version: r.get(5)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| DataverseError::organization_not_found(name))
}

impl Instance {
    fn row(&self, set: EntitySet) -> Map<String, Value> {
        let mut row = Map::new();
        match set {
            EntitySet::Organizations => {
                row.insert("organizationid".into(), json!(self.organization_id));
                row.insert("name".into(), json!(self.organization_name));
                row.insert("ismsteamscollaborationenabled".into(), json!(self.consent));
            }
            EntitySet::TeamsSettings => {
                row.insert("msdyn_msteamssettingsv2id".into(), json!(self.settings_id));
                row.insert("msdyn_name".into(), json!("Teams collaboration settings"));
                row.insert(
                    "msdyn_embedcollabteamsintegrationenabled".into(),
                    json!(self.embed_enabled),
                );
            }
        }
        row
    }

    fn id_of(&self, set: EntitySet) -> &str {
        match set {
            EntitySet::Organizations => &self.organization_id,
            EntitySet::TeamsSettings => &self.settings_id,
        }
    }
}

/// `GET <set>` and `GET <set>(<id>)`, honouring `$select` (the key always comes back).
pub fn read(
    state: &AppState,
    instance: &str,
    path: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let target = parse_target(path)?;
    let set = target.set;
    let loaded = load_instance(&state.db(), instance)?;
    let selected = match query.get("$select") {
        Some(list) => {
            let columns: Vec<&str> = list.split(',').map(str::trim).collect();
            if let Some(unknown) = columns.iter().find(|c| !set.columns().contains(c)) {
                return Err(DataverseError::unknown_property(
                    unknown,
                    set.logical_name(),
                ));
            }
            Some(columns)
        }
        None => None,
    };
    let mut row = loaded.row(set);
    if let Some(columns) = &selected {
        row.retain(|name, _| name == set.key() || columns.contains(&name.as_str()));
    }
    row.insert(
        "@odata.etag".into(),
        json!(format!("W/\"{}\"", loaded.version)),
    );

    let select_suffix = selected
        .map(|c| format!("({})", c.join(",")))
        .unwrap_or_default();
    let context_base = format!(
        "{}/$metadata#{}{}",
        base_url(headers, instance),
        set.set_name(),
        select_suffix
    );
    let body = match target.id {
        None => json!({ "@odata.context": context_base, "value": [Value::Object(row)] }),
        Some(id) if id == loaded.id_of(set) => entity(format!("{context_base}/$entity"), row),
        Some(id) => return Err(DataverseError::row_not_found(set.logical_name(), &id)),
    };
    Ok(odata_json(StatusCode::OK, body))
}

/// `PATCH <set>(<id>)` with a JSON object setting the set's flag; 204 on success.
pub fn update(
    state: &AppState,
    principal: &Principal,
    instance: &str,
    path: &str,
    headers: &HeaderMap,
    body: &str,
) -> Result<Response, DataverseError> {
    let target = parse_target(path)?;
    let set = target.set;
    let Some(id) = target.id else {
        return Err(method_not_allowed(&Method::PATCH));
    };
    let fields = json_object(body)?;
    let conn = state.db();
    let loaded = load_instance(&conn, instance)?;
    if id != loaded.id_of(set) {
        return Err(DataverseError::row_not_found(set.logical_name(), &id));
    }
    // Consent is a global administrator's; the instance switch a System Administrator's.
    match set {
        EntitySet::Organizations if !principal.global_admin => {
            return Err(DataverseError::forbidden(
                "Only a Global Administrator of the tenant can change its consent to Microsoft Teams collaboration (give it at /<tenant>/adminconsent).",
            ))
        }
        EntitySet::TeamsSettings if !principal.is_system_administrator() => {
            return Err(DataverseError::forbidden(&format!(
                "Only a System Administrator of this environment can turn the Microsoft Teams integration on or off; {} is not one.",
                principal.fullname
            )))
        }
        _ => {}
    }
    let mut new_flag = None;
    for (name, value) in &fields {
        if name == set.flag() {
            new_flag = Some(value.as_bool().ok_or_else(|| {
                DataverseError::bad_payload(format!("'{name}' must be a boolean"))
            })?);
        } else if set.columns().contains(&name.as_str()) {
            return Err(DataverseError::bad_payload(format!(
                "'{name}' cannot be changed"
            )));
        } else {
            return Err(DataverseError::unknown_property(name, set.logical_name()));
        }
    }
    if let Some(flag) = new_flag {
        match set {
            // Consent is the tenant's: every instance of the tenant sees it.
            EntitySet::Organizations => conn.execute(
                "UPDATE tenants SET teams_consent = ?1 WHERE id = (SELECT tenant_id FROM instances WHERE name = ?2)",
                params![flag, instance],
            )?,
            EntitySet::TeamsSettings => conn.execute(
                "UPDATE instances SET embed_enabled = ?1 WHERE name = ?2",
                params![flag, instance],
            )?,
        };
        conn.execute(
            "UPDATE instances SET version = version + 1 WHERE name = ?1",
            params![instance],
        )?;
    }
    let entity_id = format!("{}/{}({})", base_url(headers, instance), set.set_name(), id);
    let mut response = no_content(&entity_id);
    response
        .headers_mut()
        .insert("OData-Version", HeaderValue::from_static("4.0"));
    Ok(response)
}
