//! The Web API over the tables besides the flags (their rows are in `store`): queries, reads,
//! creates, updates and deletes, and the functions `WhoAmI`, `EntityDefinitions`,
//! `RetrievePrincipalAccess` and `RetrieveUserPrivilegeByPrivilegeName`.

use super::answer::{base_url, entity, json_object, method_not_allowed, no_content, odata_json};
use super::odata::{self, Expand, Filter};
use super::principal::Principal;
use super::store::{self, Kind, Navigation, Table};
use crate::clock;
use crate::error::{DataverseError, CODE_NOT_FOUND, CODE_ODATA};
use crate::wire::iso;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// `GET WhoAmI`.
pub fn who_am_i(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let (organization, business_unit) = store::instance_ids(conn, instance)?;
    Ok(odata_json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse", base_url(headers, instance)),
            "BusinessUnitId": business_unit,
            "UserId": principal.systemuserid,
            "OrganizationId": organization,
        }),
    ))
}

/// `GET EntityDefinitions(LogicalName='contact')?$select=EntitySetName`, or its
/// `/Attributes` (see `attributes`).
pub fn entity_definition(
    conn: &Connection,
    principal: &Principal,
    path: &str,
    query: &HashMap<String, String>,
    instance: &str,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let (logical, rest) = path
        .strip_prefix("EntityDefinitions(LogicalName='")
        .and_then(|rest| rest.split_once("')"))
        .ok_or_else(|| DataverseError::segment_not_found(path))?;
    let table = store::table_by_logical(logical)
        .filter(|t| {
            !t.chat_settings_solution || store::has_chat_settings(conn, instance).unwrap_or(false)
        })
        .ok_or_else(|| DataverseError {
            status: StatusCode::NOT_FOUND,
            code: CODE_NOT_FOUND,
            message: format!("Could not find entity with logical name '{logical}'."),
        })?;
    match rest.trim_end_matches('/') {
        "" => {}
        "/Attributes" => return attributes(conn, principal, table, query, instance, headers),
        _ => return Err(DataverseError::segment_not_found(path)),
    }
    let properties = [
        ("MetadataId", json!(metadata_id(table.logical))),
        ("LogicalName", json!(table.logical)),
        ("EntitySetName", json!(table.set)),
        ("PrimaryIdAttribute", json!(table.key)),
        ("LogicalCollectionName", json!(table.set)),
        ("ObjectTypeCode", json!(table.object_type_code)),
    ];
    let select: Option<Vec<&str>> = query
        .get("$select")
        .map(|s| s.split(',').map(str::trim).collect());
    if let Some(select) = &select {
        if let Some(unknown) = select
            .iter()
            .find(|s| !properties.iter().any(|(p, _)| p == *s))
        {
            return Err(DataverseError::unknown_property(unknown, "EntityMetadata"));
        }
    }
    let suffix = select
        .as_ref()
        .map(|s| format!("({})", s.join(",")))
        .unwrap_or_default();
    let shown = properties
        .into_iter()
        .filter(|(name, _)| {
            *name == "MetadataId" || select.as_ref().is_none_or(|s| s.contains(name))
        })
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
    let context = format!(
        "{}/$metadata#EntityDefinitions{suffix}/$entity",
        base_url(headers, instance)
    );
    Ok(odata_json(StatusCode::OK, entity(context, shown)))
}

/// `GET EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,DisplayName&$filter=LogicalName eq 'fullname' or ...`:
/// each attribute's `DisplayName` with its English and German `LocalizedLabels` and the
/// `UserLocalizedLabel` of the caller's language (the `Label` complex type), `MetadataId` always.
fn attributes(
    conn: &Connection,
    principal: &Principal,
    table: &Table,
    query: &HashMap<String, String>,
    instance: &str,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    const PROPERTIES: &[&str] = &[
        "MetadataId",
        "LogicalName",
        "EntityLogicalName",
        "AttributeType",
        "DisplayName",
    ];
    refuse_options(query, &["$select", "$filter"])?;
    let select: Option<Vec<&str>> = query
        .get("$select")
        .map(|s| s.split(',').map(str::trim).collect());
    if let Some(unknown) = select.iter().flatten().find(|s| !PROPERTIES.contains(s)) {
        return Err(DataverseError::unknown_property(
            unknown,
            "AttributeMetadata",
        ));
    }
    let filter = match query.get("$filter") {
        Some(text) => {
            let filter = odata::parse(text)
                .map_err(|e| DataverseError::bad_payload(format!("Invalid $filter: {e}")))?;
            if let Some(unknown) = filter
                .properties()
                .into_iter()
                .find(|p| !PROPERTIES[..4].contains(p))
            {
                return Err(DataverseError::unknown_property(
                    unknown,
                    "AttributeMetadata",
                ));
            }
            Some(filter)
        }
        None => None,
    };
    let language = store::user_language(conn, instance, &principal.systemuserid);
    let label = |attribute: &store::Attribute, code: i64| {
        let text = if code == 1031 {
            attribute.de
        } else {
            attribute.en
        };
        json!({
            "Label": text,
            "LanguageCode": code,
            "IsManaged": true,
            "MetadataId": metadata_id(&format!("{}.{}.{code}", table.logical, attribute.name)),
            "HasChanged": null,
        })
    };
    let value: Vec<Value> = table
        .attributes
        .iter()
        .filter_map(|attribute| {
            let mut item = Map::new();
            item.insert("@odata.type".into(), json!(attribute.odata_type()));
            item.insert("LogicalName".into(), json!(attribute.name));
            item.insert("EntityLogicalName".into(), json!(table.logical));
            item.insert("AttributeType".into(), json!(attribute.kind));
            if filter.as_ref().is_some_and(|f| !f.matches(&item)) {
                return None;
            }
            item.insert(
                "MetadataId".into(),
                json!(metadata_id(&format!("{}.{}", table.logical, attribute.name))),
            );
            item.insert(
                "DisplayName".into(),
                json!({
                    "LocalizedLabels": [label(attribute, 1033), label(attribute, 1031)],
                    "UserLocalizedLabel": label(attribute, if language == 1031 { 1031 } else { 1033 }),
                }),
            );
            if let Some(select) = &select {
                item.retain(|k, _| {
                    k == "@odata.type" || k == "MetadataId" || select.contains(&k.as_str())
                });
            }
            Some(Value::Object(item))
        })
        .collect();
    let suffix = select
        .as_ref()
        .map(|s| format!("({})", s.join(",")))
        .unwrap_or_default();
    Ok(odata_json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#EntityDefinitions('{}')/Attributes{suffix}", base_url(headers, instance), table.logical),
            "value": value,
        }),
    ))
}

/// `GET systemusers(<id>)/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={'@odata.id':'contacts(<id>)'}`.
pub fn retrieve_principal_access(
    conn: &Connection,
    instance: &str,
    path: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let user = path
        .strip_prefix("systemusers(")
        .and_then(|rest| {
            rest.split_once(")/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)")
        })
        .map(|(id, _)| id.trim_matches(['{', '}']).to_ascii_lowercase())
        .ok_or_else(|| DataverseError::segment_not_found(path))?;
    if store::row(conn, instance, "systemusers", &user)?.is_none() {
        return Err(DataverseError::row_not_found("systemuser", &user));
    }
    let reference = query
        .get("@t")
        .ok_or_else(|| DataverseError::bad_payload("the parameter alias @t is required"))?;
    let reference: Value = serde_json::from_str(&reference.replace('\'', "\""))
        .map_err(|_| DataverseError::bad_payload("@t must be {'@odata.id':'<set>(<id>)'}"))?;
    let odata_id = reference
        .get("@odata.id")
        .and_then(Value::as_str)
        .ok_or_else(|| DataverseError::bad_payload("@t needs @odata.id"))?;
    let (table, id) = target(odata_id)?;
    let id = id
        .filter(|_| table.is_record)
        .ok_or_else(|| DataverseError::bad_payload("@odata.id must name a record"))?;
    let (record, _) = store::row(conn, instance, table.set, &id)?
        .ok_or_else(|| DataverseError::row_not_found(table.logical, &id))?;
    let rights = store::record_rights(conn, instance, &user, &record, &id)?;
    Ok(odata_json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.RetrievePrincipalAccessResponse", base_url(headers, instance)),
            "AccessRights": if rights.is_empty() { "None".to_owned() } else { rights.join(", ") },
        }),
    ))
}

/// `GET systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='prv...')`:
/// the role privileges that grant it (none: the user lacks it).
pub fn retrieve_user_privilege(
    conn: &Connection,
    instance: &str,
    path: &str,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let (user, rest) = path
        .strip_prefix("systemusers(")
        .and_then(|rest| {
            rest.split_once(
                ")/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='",
            )
        })
        .ok_or_else(|| DataverseError::segment_not_found(path))?;
    let name = rest
        .strip_suffix("')")
        .ok_or_else(|| DataverseError::segment_not_found(path))?;
    let user = user.trim_matches(['{', '}']).to_ascii_lowercase();
    let (row, _) = store::row(conn, instance, "systemusers", &user)?
        .ok_or_else(|| DataverseError::row_not_found("systemuser", &user))?;
    // Privilege names compare like other Dataverse text: case-insensitively (the schema name,
    // e.g. prvDeletemsdyn_TeamsCollaboration, or the logical name).
    let held = row
        .get("emulator_privileges")
        .and_then(Value::as_str)
        .unwrap_or("")
        .split(',')
        .any(|p| p.eq_ignore_ascii_case(name));
    let granted = store::is_system_administrator(&row) || held;
    let privileges = if granted {
        vec![json!({
            "Depth": "Global",
            "PrivilegeId": metadata_id(name),
            "BusinessUnitId": row.get("_businessunitid_value").cloned().unwrap_or(Value::Null),
            "PrivilegeName": name,
            "RecordFilterId": "00000000-0000-0000-0000-000000000000",
            "RecordFilterUniqueName": null,
        })]
    } else {
        Vec::new()
    };
    Ok(odata_json(
        StatusCode::OK,
        json!({
            "@odata.context": format!("{}/$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeNameResponse", base_url(headers, instance)),
            "RolePrivileges": privileges,
        }),
    ))
}

/// `GET <set>` with `$select`, `$filter`, `$top`, `$orderby` and `$expand` (single-valued
/// navigation properties, with a nested `$select`), or `GET <set>(<id>)` with `$select` and
/// `$expand`. A `$filter` may name an expanded table's column (`msdyn_entitytype/logicalname`).
pub fn read(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    path: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<Response, DataverseError> {
    let (table, key) = target(path)?;
    available(conn, instance, table)?;
    if table.read_privilege {
        principal.require(&format!("prvRead{}", table.logical))?;
    }
    refuse_options(
        query,
        &["$select", "$filter", "$top", "$orderby", "$expand"],
    )?;
    let select = selection(table, query)?;
    let expand = expansion(table, query)?;
    let preference = prefer(headers);
    let annotate = preference.contains("OData.Community.Display.V1.FormattedValue")
        || preference.contains("odata.include-annotations=\"*\"");
    let shape = Shape {
        select: select.as_deref(),
        expand: &expand,
        annotate,
        language: store::user_language(conn, instance, &principal.systemuserid),
    };
    let base = base_url(headers, instance);
    let suffix = context_suffix(select.as_deref(), &expand);
    if let Some(key) = key {
        let (data, version) = store::row(conn, instance, table.set, &key)?
            .ok_or_else(|| DataverseError::row_not_found(table.logical, &key))?;
        require_read(conn, principal, instance, table, &data, &key)?;
        let body = entity(
            format!("{base}/$metadata#{}{suffix}/$entity", table.set),
            present(conn, instance, table, data, version, &shape),
        );
        let mut response = odata_json(StatusCode::OK, body);
        if let Ok(etag) = HeaderValue::from_str(&format!("W/\"{version}\"")) {
            response.headers_mut().insert(header::ETAG, etag);
        }
        return Ok(annotated(response, annotate));
    }
    let filter: Option<Filter> = match query.get("$filter") {
        Some(text) => {
            let filter = odata::parse(text)
                .map_err(|e| DataverseError::bad_payload(format!("Invalid $filter: {e}")))?;
            for property in filter.properties() {
                check_filter_property(table, property)?;
            }
            Some(filter)
        }
        None => None,
    };
    let top = match query.get("$top") {
        Some(top) => top
            .parse::<usize>()
            .ok()
            .filter(|t| (1..=5000).contains(t))
            .ok_or_else(|| DataverseError::bad_payload("$top must be a number from 1 to 5000"))?,
        None => 5000,
    };
    let mut found: Vec<(Map<String, Value>, i64)> = store::rows(conn, instance, table.set)?
        .into_iter()
        .filter(|(row, _)| {
            filter
                .as_ref()
                .is_none_or(|f| f.matches(&with_related(conn, instance, table, row, f)))
        })
        .filter(|(row, _)| {
            !table.is_record || store::can_read(conn, instance, &principal.systemuserid, table, row)
        })
        .collect();
    if let Some(order) = query.get("$orderby") {
        let (column, descending) = match order.split_once(' ') {
            Some((c, dir)) if dir.eq_ignore_ascii_case("desc") => (c, true),
            Some((c, dir)) if dir.eq_ignore_ascii_case("asc") => (c, false),
            None => (order.as_str(), false),
            Some(_) => {
                return Err(DataverseError::bad_payload(format!(
                    "Invalid $orderby '{order}'"
                )))
            }
        };
        if !table.columns.contains(&column) {
            return Err(DataverseError::unknown_property(column, table.logical));
        }
        found.sort_by(|(a, _), (b, _)| {
            let ordering = a
                .get(column)
                .map(Value::to_string)
                .cmp(&b.get(column).map(Value::to_string));
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    let value: Vec<Value> = found
        .into_iter()
        .take(top)
        .map(|(data, version)| Value::Object(present(conn, instance, table, data, version, &shape)))
        .collect();
    let response = odata_json(
        StatusCode::OK,
        json!({ "@odata.context": format!("{base}/$metadata#{}{suffix}", table.set), "value": value }),
    );
    Ok(annotated(response, annotate))
}

/// `POST <set>`: 204 with `OData-EntityId`, or 201 with the row for `Prefer: return=representation`.
pub fn create(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    path: &str,
    headers: &HeaderMap,
    body: &str,
) -> Result<Response, DataverseError> {
    let (table, key) = target(path)?;
    available(conn, instance, table)?;
    if key.is_some() {
        return Err(method_not_allowed(&axum::http::Method::POST));
    }
    if table.schema.is_empty() {
        return Err(no_role_grants(principal, "prvCreate", table));
    }
    principal.require(&format!("prvCreate{}", table.logical))?;
    let mut fields = json_object(body)?;
    check_columns(table, &fields, &creatable(table))?;
    validate(table, &fields)?;
    take_binds(table, &mut fields)?;
    require_all(table, &fields)?;
    let id = uuid::Uuid::new_v4().to_string();
    let now = iso(clock::now(conn));
    let mut data = fields;
    data.insert(table.key.into(), json!(id));
    data.insert("createdon".into(), json!(now));
    stamp(table, &mut data, principal, &now, true);
    store::put(conn, instance, table.set, &id, &data)?;
    after_write(conn, instance, table, &data)?;
    let base = base_url(headers, instance);
    let mut response = if prefer(headers).contains("return=representation") {
        let (data, version) = store::row(conn, instance, table.set, &id)?.unwrap_or_default();
        let body = entity(
            format!("{base}/$metadata#{}/$entity", table.set),
            present(conn, instance, table, data, version, &PLAIN),
        );
        let mut created = odata_json(StatusCode::CREATED, body);
        created.headers_mut().insert(
            "Preference-Applied",
            HeaderValue::from_static("return=representation"),
        );
        created
    } else {
        no_content(&format!("{base}/{}({id})", table.set))
    };
    response
        .headers_mut()
        .insert("OData-Version", HeaderValue::from_static("4.0"));
    Ok(response)
}

/// `PATCH <set>(<id>)`: 204. Like Dataverse, a missing row is created (upsert) unless the
/// request says `If-Match: *`.
pub fn update(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    path: &str,
    headers: &HeaderMap,
    body: &str,
) -> Result<Response, DataverseError> {
    let (table, key) = target(path)?;
    available(conn, instance, table)?;
    let key = key.ok_or_else(|| method_not_allowed(&axum::http::Method::PATCH))?;
    if table.updatable.is_empty() {
        return Err(no_role_grants(principal, "prvWrite", table));
    }
    let mut fields = json_object(body)?;
    check_columns(table, &fields, table.updatable)?;
    validate(table, &fields)?;
    take_binds(table, &mut fields)?;
    let existing = store::row(conn, instance, table.set, &key)?;
    let now = iso(clock::now(conn));
    let data = match existing {
        Some((mut data, _)) => {
            principal.require(&format!("prvWrite{}", table.logical))?;
            data.extend(fields);
            stamp(table, &mut data, principal, &now, false);
            data
        }
        None if headers.get(header::IF_MATCH).is_some() => {
            return Err(DataverseError::row_not_found(table.logical, &key))
        }
        None => {
            principal.require(&format!("prvCreate{}", table.logical))?;
            require_all(table, &fields)?;
            let mut data = fields;
            data.insert(table.key.into(), json!(key));
            data.insert("createdon".into(), json!(now));
            stamp(table, &mut data, principal, &now, true);
            data
        }
    };
    store::put(conn, instance, table.set, &key, &data)?;
    after_write(conn, instance, table, &data)?;
    Ok(no_content(&format!(
        "{}/{}({key})",
        base_url(headers, instance),
        table.set
    )))
}

/// `DELETE <set>(<id>)`: 204.
pub fn delete(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    path: &str,
) -> Result<Response, DataverseError> {
    let (table, key) = target(path)?;
    available(conn, instance, table)?;
    let key = key.ok_or_else(|| method_not_allowed(&axum::http::Method::DELETE))?;
    if !table.deletable {
        return Err(no_role_grants(principal, "prvDelete", table));
    }
    principal.require(&format!("prvDelete{}", table.logical))?;
    let (data, _) = store::row(conn, instance, table.set, &key)?
        .ok_or_else(|| DataverseError::row_not_found(table.logical, &key))?;
    store::remove(conn, instance, table.set, &key)?;
    after_write(conn, instance, table, &data)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn metadata_id(logical: &str) -> String {
    let hash = logical
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!(
        "{:08x}-0000-4000-8000-{:012x}",
        (hash >> 32) as u32,
        hash & 0xffff_ffff_ffff
    )
}

/// Echoes the annotations preference, as Dataverse does when it applied it.
fn annotated(mut response: Response, applied: bool) -> Response {
    if applied {
        response.headers_mut().insert(
            "Preference-Applied",
            HeaderValue::from_static(
                "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"",
            ),
        );
    }
    response
}

/// Queues the regarding record's suggestions for the background service after a link changes.
fn after_write(
    conn: &Connection,
    instance: &str,
    table: &Table,
    data: &Map<String, Value>,
) -> rusqlite::Result<()> {
    if table.set != "msdyn_teamschatassociations" {
        return Ok(());
    }
    let regarding = data
        .get("msdyn_regardingobjectid")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let id = regarding.trim_matches(['{', '}']).to_ascii_lowercase();
    if let Some((record_table, _)) = store::find_record(conn, instance, &id)? {
        crate::suggestions::enqueue(conn, instance, &id, record_table.logical)?;
    }
    Ok(())
}

fn selection(
    table: &Table,
    query: &HashMap<String, String>,
) -> Result<Option<Vec<String>>, DataverseError> {
    let Some(list) = query.get("$select") else {
        return Ok(None);
    };
    let columns: Vec<String> = list.split(',').map(|c| c.trim().to_owned()).collect();
    if let Some(unknown) = columns
        .iter()
        .find(|c| !table.columns.contains(&c.as_str()))
    {
        return Err(DataverseError::unknown_property(unknown, table.logical));
    }
    Ok(Some(columns))
}

/// An expanded navigation property with the related row's `$select` (all columns: None).
type Expanded = (&'static Navigation, Option<Vec<String>>);

/// How a read shows rows: the columns selected, the navigation properties expanded, whether
/// formatted values are wanted, and the caller's language for choice labels.
struct Shape<'a> {
    select: Option<&'a [String]>,
    expand: &'a [Expanded],
    annotate: bool,
    language: i64,
}

/// A write's answer: every column, nothing expanded, no annotations.
const PLAIN: Shape<'static> = Shape {
    select: None,
    expand: &[],
    annotate: false,
    language: 1033,
};

/// The row as the Web API shows it: the selected columns and the key, its etag, the expanded
/// rows, and when asked for the formatted values of lookups (with their logical names),
/// choices, yes/no columns and status, in the caller's language.
fn present(
    conn: &Connection,
    instance: &str,
    table: &Table,
    data: Map<String, Value>,
    version: i64,
    shape: &Shape,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), json!(format!("W/\"{version}\"")));
    for column in table.columns {
        let wanted =
            *column == table.key || shape.select.is_none_or(|s| s.iter().any(|c| c == column));
        if !wanted {
            continue;
        }
        let value = data.get(*column).cloned().unwrap_or(Value::Null);
        if shape.annotate {
            for (name, annotation) in
                formatted(conn, instance, table, column, &value, shape.language)
            {
                out.insert(format!("{column}@{name}"), annotation);
            }
        }
        out.insert((*column).to_owned(), value);
    }
    for (navigation, select) in shape.expand {
        let related = data
            .get(navigation.column)
            .and_then(Value::as_str)
            .and_then(|id| {
                store::row(conn, instance, navigation.target, id)
                    .ok()
                    .flatten()
            });
        let value = match (related, store::table(navigation.target)) {
            (Some((row, version)), Some(target)) => {
                let inner = Shape {
                    select: select.as_deref(),
                    expand: &[],
                    annotate: shape.annotate,
                    language: shape.language,
                };
                Value::Object(present(conn, instance, target, row, version, &inner))
            }
            _ => Value::Null,
        };
        out.insert(navigation.name.to_owned(), value);
    }
    out
}

/// The annotations of one value: a lookup's formatted value (the referenced row's name) and
/// logical name; a choice's, yes/no's or status's label.
fn formatted(
    conn: &Connection,
    instance: &str,
    table: &Table,
    column: &str,
    value: &Value,
    language: i64,
) -> Vec<(&'static str, Value)> {
    const FORMATTED: &str = "OData.Community.Display.V1.FormattedValue";
    const LOGICAL: &str = "Microsoft.Dynamics.CRM.lookuplogicalname";
    if column.starts_with('_') && column.ends_with("_value") {
        let Some(id) = value.as_str() else {
            return Vec::new();
        };
        let navigation = table.navigations.iter().find(|n| n.column == column);
        let found = match navigation.and_then(|n| store::table(n.target)) {
            Some(target) => store::row(conn, instance, target.set, id)
                .ok()
                .flatten()
                .map(|(row, _)| (target, row)),
            None => match store::row(conn, instance, "systemusers", id) {
                Ok(Some((user, _))) => store::table("systemusers").map(|t| (t, user)),
                _ => store::find_record(conn, instance, id).ok().flatten(),
            },
        };
        return match found {
            Some((target, row)) => {
                let name = ["fullname", "name", "title"]
                    .iter()
                    .find_map(|c| row.get(*c).filter(|v| !v.is_null()))
                    .cloned()
                    .unwrap_or(Value::Null);
                vec![(FORMATTED, name), (LOGICAL, json!(target.logical))]
            }
            None => Vec::new(),
        };
    }
    let Some(attribute) = table
        .attributes
        .iter()
        .find(|a| a.name == column && !a.options.is_empty())
    else {
        return Vec::new();
    };
    let number = match value {
        Value::Bool(b) => Some(i64::from(*b)),
        other => other.as_i64(),
    };
    attribute
        .options
        .iter()
        .find(|(v, _, _)| Some(*v) == number)
        .map(|(_, en, de)| vec![(FORMATTED, json!(if language == 1031 { de } else { en }))])
        .unwrap_or_default()
}

fn require_read(
    conn: &Connection,
    principal: &Principal,
    instance: &str,
    table: &Table,
    row: &Map<String, Value>,
    id: &str,
) -> Result<(), DataverseError> {
    if !table.is_record || store::can_read(conn, instance, &principal.systemuserid, table, row) {
        return Ok(());
    }
    Err(DataverseError::forbidden(&format!(
        "Principal user (Id={}, type=8) is missing ReadAccess right on the {} record with id {id}.",
        principal.systemuserid, table.logical
    )))
}

/// The request's `Prefer` header, empty when there is none.
fn prefer(headers: &HeaderMap) -> &str {
    headers
        .get("prefer")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Dataverse's 403 for a write no role grants on `table` (`action` is `prvCreate`,
/// `prvWrite` or `prvDelete`).
fn no_role_grants(principal: &Principal, action: &str, table: &Table) -> DataverseError {
    DataverseError::forbidden(&format!(
        "Principal user (Id={}) is missing {action}{} privilege.",
        principal.systemuserid, table.logical
    ))
}

/// Unknown properties are Dataverse's 400; known ones outside `allowed` cannot be written.
fn check_columns(
    table: &Table,
    fields: &Map<String, Value>,
    allowed: &[&str],
) -> Result<(), DataverseError> {
    for name in fields.keys().filter(|k| !k.ends_with("@odata.bind")) {
        if !table.columns.contains(&name.as_str()) {
            return Err(DataverseError::unknown_property(name, table.logical));
        }
        if !allowed.contains(&name.as_str()) {
            return Err(DataverseError::bad_payload(format!(
                "'{name}' cannot be set on {}",
                table.logical
            )));
        }
    }
    Ok(())
}

/// The columns a create may give.
fn creatable(table: &Table) -> Vec<&'static str> {
    table.schema.iter().map(|c| c.name).collect()
}

/// Each written value against its column's type as the table reference gives it: text within
/// its MaxLength (`StringLengthTooLong` past it), a GUID, a whole number, or one of a choice's
/// values (`PicklistValueOutOfRange`). Null clears a column; `require_all` catches a required one.
fn validate(table: &Table, fields: &Map<String, Value>) -> Result<(), DataverseError> {
    for (name, value) in fields {
        let Some(column) = table.column(name) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let edm = match column.kind {
            Kind::Text(limit) => match value.as_str() {
                Some(text) if text.chars().count() > limit => {
                    return Err(DataverseError::string_too_long())
                }
                Some(_) => continue,
                None => "Edm.String",
            },
            Kind::Guid => match value.as_str().map(uuid::Uuid::try_parse) {
                Some(Ok(_)) => continue,
                _ => "Edm.Guid",
            },
            Kind::Integer => match value.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => continue,
                _ => "Edm.Int32",
            },
            Kind::Bool => match value.as_bool() {
                Some(_) => continue,
                None => "Edm.Boolean",
            },
            Kind::Choice(options) => match value.as_i64() {
                Some(n) if options.contains(&n) => continue,
                Some(_) => return Err(DataverseError::picklist_out_of_range()),
                None => "Edm.Int32",
            },
        };
        return Err(DataverseError::bad_payload(format!(
            "Cannot convert the literal '{value}' to the expected type '{edm}' for '{name}' on {}.",
            table.logical
        )));
    }
    Ok(())
}

/// Refuses a new row without every SystemRequired column, as Dataverse does (empty text counts
/// as missing: Dataverse stores it as null).
fn require_all(table: &Table, fields: &Map<String, Value>) -> Result<(), DataverseError> {
    let missing = table.schema.iter().filter(|c| c.required).any(|c| {
        fields
            .get(c.name)
            .is_none_or(|v| v.is_null() || v.as_str().is_some_and(str::is_empty))
    });
    if missing {
        return Err(DataverseError::required_missing());
    }
    Ok(())
}

/// Sets who wrote a row and when, where the table has those columns: on create the creator
/// (and, for a user-owned table, the owner), on every write the modifier.
fn stamp(
    table: &Table,
    data: &mut Map<String, Value>,
    principal: &Principal,
    now: &str,
    created: bool,
) {
    let caller = json!(principal.systemuserid);
    let mut set = |column: &str, value: Value| {
        if table.columns.contains(&column) {
            data.insert(column.to_owned(), value);
        }
    };
    if created {
        set("_createdby_value", caller.clone());
        set("_ownerid_value", caller.clone());
        set("_owninguser_value", caller.clone());
        set("modifiedon", json!(now));
        set("_modifiedby_value", caller);
    } else {
        set("modifiedon", json!(now));
        set("_modifiedby_value", caller);
    }
}

/// Dataverse's 404 for a table of a solution the instance does not have: to the Web API the
/// entity set does not exist.
fn available(conn: &Connection, instance: &str, table: &Table) -> Result<(), DataverseError> {
    if table.chat_settings_solution && !store::has_chat_settings(conn, instance)? {
        return Err(DataverseError::segment_not_found(table.set));
    }
    Ok(())
}

/// Refuses a system query option the emulator does not implement, as OData does, rather than
/// ignoring it and answering something Dataverse would not.
fn refuse_options(
    query: &HashMap<String, String>,
    supported: &[&str],
) -> Result<(), DataverseError> {
    match query
        .keys()
        .find(|k| k.starts_with('$') && !supported.contains(&k.as_str()))
    {
        Some(option) => Err(DataverseError {
            status: StatusCode::BAD_REQUEST,
            code: CODE_ODATA,
            message: format!("The query parameter '{option}' is not supported."),
        }),
        None => Ok(()),
    }
}

/// The `$expand` items, each a navigation property of the table with its nested `$select`
/// checked against the related table.
fn expansion(
    table: &'static Table,
    query: &HashMap<String, String>,
) -> Result<Vec<Expanded>, DataverseError> {
    let Some(text) = query.get("$expand") else {
        return Ok(Vec::new());
    };
    let items = odata::parse_expand(text)
        .map_err(|e| DataverseError::bad_payload(format!("Invalid $expand: {e}")))?;
    items
        .into_iter()
        .map(|Expand { navigation, select }| {
            let found = navigation_of(table, &navigation)?;
            let target =
                store::table(found.target).ok_or_else(|| DataverseError::internal(found.target))?;
            if let Some(unknown) = select
                .iter()
                .flatten()
                .find(|c| !target.columns.contains(&c.as_str()))
            {
                return Err(DataverseError::unknown_property(unknown, target.logical));
            }
            Ok((found, select))
        })
        .collect()
}

/// A navigation property of the table; Dataverse's 400 for a name the type does not have.
fn navigation_of(table: &'static Table, name: &str) -> Result<&'static Navigation, DataverseError> {
    table
        .navigations
        .iter()
        .find(|n| n.name == name)
        .ok_or_else(|| DataverseError::unknown_property(name, table.logical))
}

/// A `$filter` property: a column of the table, or `navigation/column` of a related table.
fn check_filter_property(table: &'static Table, property: &str) -> Result<(), DataverseError> {
    match property.split_once('/') {
        None if table.columns.contains(&property) => Ok(()),
        None => Err(DataverseError::unknown_property(property, table.logical)),
        Some((navigation, column)) => {
            let navigation = navigation_of(table, navigation)?;
            let target = store::table(navigation.target)
                .ok_or_else(|| DataverseError::internal(navigation.target))?;
            if target.columns.contains(&column) {
                Ok(())
            } else {
                Err(DataverseError::unknown_property(column, target.logical))
            }
        }
    }
}

/// The row with the related rows' columns the filter names, as `navigation/column` keys.
fn with_related(
    conn: &Connection,
    instance: &str,
    table: &'static Table,
    row: &Map<String, Value>,
    filter: &Filter,
) -> Map<String, Value> {
    let mut row = row.clone();
    for property in filter.properties() {
        let Some((navigation, column)) = property.split_once('/') else {
            continue;
        };
        let value = navigation_of(table, navigation)
            .ok()
            .and_then(|n| {
                let id = row.get(n.column)?.as_str()?.to_owned();
                store::row(conn, instance, n.target, &id).ok().flatten()
            })
            .and_then(|(related, _)| related.get(column).cloned())
            .unwrap_or(Value::Null);
        row.insert(property.to_owned(), value);
    }
    row
}

/// The `@odata.context` suffix: `(a,b,nav(c))`, or nothing when everything was asked for.
fn context_suffix(select: Option<&[String]>, expand: &[Expanded]) -> String {
    let mut parts: Vec<String> = select.map(<[String]>::to_vec).unwrap_or_default();
    for (navigation, inner) in expand {
        parts.push(format!(
            "{}({})",
            navigation.name,
            inner.as_ref().map(|c| c.join(",")).unwrap_or_default()
        ));
    }
    if select.is_none() && expand.is_empty() {
        String::new()
    } else {
        format!("({})", parts.join(","))
    }
}

/// Turns `navigation@odata.bind` properties (`/entities(<id>)`) into their lookup columns,
/// as Dataverse associates a row on create or update.
fn take_binds(table: &Table, fields: &mut Map<String, Value>) -> Result<(), DataverseError> {
    let binds: Vec<String> = fields
        .keys()
        .filter(|k| k.ends_with("@odata.bind"))
        .cloned()
        .collect();
    for key in binds {
        let value = fields.remove(&key).unwrap_or_default();
        let name = key.trim_end_matches("@odata.bind");
        let navigation = table.navigations.iter().find(|n| n.name == name).ok_or_else(|| {
            DataverseError::bad_payload(format!(
                "An undeclared property '{name}' which only has property annotations in the payload but no property value was found in the payload."
            ))
        })?;
        let reference = value.as_str().unwrap_or_default();
        let reference = reference
            .rsplit_once("/api/data/v9.2/")
            .map_or(reference, |(_, r)| r)
            .trim_start_matches('/');
        let (set, id) = odata::split_key(reference)?;
        let id = id.filter(|_| set == navigation.target).ok_or_else(|| {
            DataverseError::bad_payload(format!("'{key}' must name a row of {}", navigation.target))
        })?;
        fields.insert(navigation.column.to_owned(), json!(id));
    }
    Ok(())
}

/// Splits `set` or `set(<key>)` (braces and case ignored in the key).
fn target(path: &str) -> Result<(&'static Table, Option<String>), DataverseError> {
    let (name, key) = odata::split_key(path)?;
    Ok((
        store::table(name).ok_or_else(|| DataverseError::segment_not_found(name))?,
        key,
    ))
}
