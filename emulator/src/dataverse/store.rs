//! The Dataverse tables besides the flags, as data: what each table holds (system users,
//! records such as contacts, accounts, incidents and leads, activities, chat links, suggestions and
//! channel links), its rows as JSON, and what a system user may do with a record. SQL and data
//! only: the Web API over them is `tables`.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

/// Every access right, as `RetrievePrincipalAccess` spells them.
pub const ALL_RIGHTS: &[&str] = &[
    "ReadAccess",
    "WriteAccess",
    "AppendAccess",
    "AppendToAccess",
    "CreateAccess",
    "DeleteAccess",
    "ShareAccess",
    "AssignAccess",
];
/// One table: its entity set, logical name, key and columns, and what users may write.
pub struct Table {
    /// The entity set name, e.g. `contacts`.
    pub set: &'static str,
    /// The logical name, e.g. `contact`.
    pub logical: &'static str,
    /// The primary key column.
    pub key: &'static str,
    /// Every column a query may select or filter on.
    pub columns: &'static [&'static str],
    /// Columns an update may change.
    pub updatable: &'static [&'static str],
    /// Whether users may delete rows (with the delete privilege).
    pub deletable: bool,
    /// Whether rows are records with owners and access rights.
    pub is_record: bool,
    /// The table's `ObjectTypeCode` (`EntityDefinitions`).
    pub object_type_code: i64,
    /// The columns a create may give and what the table reference says of them (empty: users
    /// cannot create rows).
    pub schema: &'static [Column],
    /// Single-valued navigation properties (`$expand`, `nav/column` in `$filter`, `@odata.bind`).
    pub navigations: &'static [Navigation],
    /// Attribute metadata: display names (English, German) and choice labels.
    pub attributes: &'static [Attribute],
    /// Whether reading needs the table's `prvRead` privilege (the link tables predate the check).
    pub read_privilege: bool,
    /// Whether the table comes with the Teams Chat Settings solution, which an instance may lack.
    pub chat_settings_solution: bool,
}

impl Table {
    /// Whether rows carry `statecode` (0 Active, 1 Inactive) and `statuscode` (1, 2).
    pub fn stateful(&self) -> bool {
        self.columns.contains(&"statecode")
    }

    /// A writable column by name.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.schema.iter().find(|c| c.name == name)
    }
}

/// A writable column as the table reference defines it.
pub struct Column {
    /// The logical name.
    pub name: &'static str,
    /// Its type, with the limits Dataverse enforces.
    pub kind: Kind,
    /// `SystemRequired`: Dataverse refuses a create without it. (`ApplicationRequired` is the
    /// forms' business, not the server's, and is not checked.)
    pub required: bool,
}

/// A single-valued navigation property: the lookup column behind it and the set it points to.
pub struct Navigation {
    /// The navigation property, e.g. `msdyn_entitytype`.
    pub name: &'static str,
    /// The lookup's Web API column, e.g. `_msdyn_entitytype_value`.
    pub column: &'static str,
    /// The entity set of the referenced table, e.g. `entities`.
    pub target: &'static str,
}

/// One attribute's metadata: its type, display name in English (1033) and German (1031), and
/// for choices and yes/no columns the options' labels (value, English, German).
pub struct Attribute {
    /// The logical name (a lookup's, e.g. `parentcustomerid`, not `_parentcustomerid_value`).
    pub name: &'static str,
    /// The metadata type, e.g. `String`, `Lookup`, `Picklist`, `Boolean`.
    pub kind: &'static str,
    /// The English display name.
    pub en: &'static str,
    /// The German display name.
    pub de: &'static str,
    /// Option labels; a Boolean's are 0 (false) and 1 (true).
    pub options: &'static [(i64, &'static str, &'static str)],
}

impl Attribute {
    /// The `@odata.type` of its metadata entity.
    pub fn odata_type(&self) -> String {
        format!("#Microsoft.Dynamics.CRM.{}AttributeMetadata", self.kind)
    }
}

/// The type of a writable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// String (or Memo) of at most this many characters.
    Text(usize),
    /// Uniqueidentifier: a GUID in its JSON form, without braces.
    Guid,
    /// Integer (whole number).
    Integer,
    /// Picklist, State or Status: one of these values.
    Choice(&'static [i64]),
    /// Boolean (Two options): true or false.
    Bool,
}

/// Every table the emulator serves besides the flags.
pub const TABLES: &[Table] = &[
    Table {
        set: "systemusers",
        logical: "systemuser",
        key: "systemuserid",
        columns: &[
            "systemuserid",
            "fullname",
            "internalemailaddress",
            "azureactivedirectoryobjectid",
            "isdisabled",
            "_businessunitid_value",
        ],
        updatable: &[],
        deletable: false,
        is_record: false,
        object_type_code: 8,
        schema: &[],
        navigations: &[],
        attributes: &[],
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "contacts",
        logical: "contact",
        key: "contactid",
        columns: &[
            "contactid",
            "fullname",
            "firstname",
            "lastname",
            "emailaddress1",
            "jobtitle",
            "telephone1",
            "_parentcustomerid_value",
            "preferredcontactmethodcode",
            "_ownerid_value",
            "createdon",
        ],
        updatable: &[],
        deletable: false,
        is_record: true,
        object_type_code: 2,
        schema: &[],
        navigations: &[],
        attributes: crate::dataverse::chat_settings::CONTACT_ATTRIBUTES,
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "accounts",
        logical: "account",
        key: "accountid",
        columns: &["accountid", "name", "_ownerid_value", "createdon"],
        updatable: &[],
        deletable: false,
        is_record: true,
        object_type_code: 1,
        schema: &[],
        navigations: &[],
        attributes: crate::dataverse::chat_settings::ACCOUNT_ATTRIBUTES,
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "incidents",
        logical: "incident",
        key: "incidentid",
        columns: &[
            "incidentid",
            "title",
            "ticketnumber",
            "_ownerid_value",
            "createdon",
        ],
        updatable: &[],
        deletable: false,
        is_record: true,
        object_type_code: 112,
        schema: &[],
        navigations: &[],
        attributes: crate::dataverse::chat_settings::INCIDENT_ATTRIBUTES,
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "leads",
        logical: "lead",
        key: "leadid",
        columns: &[
            "leadid",
            "fullname",
            "firstname",
            "lastname",
            "subject",
            "companyname",
            "jobtitle",
            "emailaddress1",
            "telephone1",
            "_ownerid_value",
            "createdon",
        ],
        updatable: &[],
        deletable: false,
        is_record: true,
        object_type_code: 4,
        schema: &[],
        navigations: &[],
        attributes: crate::dataverse::chat_settings::LEAD_ATTRIBUTES,
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "activitypointers",
        logical: "activitypointer",
        key: "activityid",
        columns: &[
            "activityid",
            "subject",
            "activitytypecode",
            "_regardingobjectid_value",
            "_createdby_value",
            "createdon",
        ],
        updatable: &[],
        deletable: false,
        is_record: false,
        object_type_code: 4200,
        schema: &[],
        navigations: &[],
        attributes: &[],
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "msdyn_teamschatassociations",
        logical: "msdyn_teamschatassociation",
        key: "msdyn_teamschatassociationid",
        columns: &[
            "msdyn_teamschatassociationid",
            "msdyn_teamschatid",
            "msdyn_regardingobjectid",
            "msdyn_regardingobjectname",
            "msdyn_entityrecordstate",
            "msdyn_teamschatassociationname",
            "statecode",
            "statuscode",
            "_createdby_value",
            "createdon",
            "modifiedon",
        ],
        updatable: &["msdyn_entityrecordstate"],
        deletable: true,
        is_record: false,
        object_type_code: 10243,
        schema: CHAT_LINK_SCHEMA,
        navigations: &[],
        attributes: &[],
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "msdyn_teamschatsuggestions",
        logical: "msdyn_teamschatsuggestion",
        key: "msdyn_teamschatsuggestionid",
        columns: &[
            "msdyn_teamschatsuggestionid",
            "msdyn_regardingobjectid",
            "msdyn_computedon",
            "msdyn_suggestions",
            "msdyn_name",
        ],
        updatable: &[],
        deletable: false,
        is_record: false,
        object_type_code: 10244,
        schema: &[],
        navigations: &[],
        attributes: &[],
        read_privilege: false,
        chat_settings_solution: false,
    },
    Table {
        set: "msdyn_teamscollaborations",
        logical: "msdyn_teamscollaboration",
        key: "msdyn_teamscollaborationid",
        columns: &[
            "msdyn_teamscollaborationid",
            "msdyn_teamid",
            "msdyn_channelid",
            "msdyn_groupid",
            "msdyn_teamname",
            "msdyn_channelname",
            "msdyn_tenantid",
            "msdyn_channeltype",
            "msdyn_weburl",
            "msdyn_teamsiteurl",
            "msdyn_channelfolderrelativeurl",
            "regardingobjectid",
            "regardingobjecttypename",
            "regardingobjecttypecode",
            "statecode",
            "statuscode",
            "_createdby_value",
            "createdon",
        ],
        updatable: &[],
        deletable: true,
        is_record: false,
        object_type_code: 10245,
        schema: CHANNEL_LINK_SCHEMA,
        navigations: &[],
        attributes: &[],
        read_privilege: false,
        chat_settings_solution: false,
    },
    crate::dataverse::chat_settings::CHAT_SETTINGS,
    crate::dataverse::chat_settings::ENTITIES,
    crate::dataverse::chat_settings::SAVED_QUERIES,
];

/// The table behind an entity set.
pub fn table(set: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.set == set)
}

/// The table whose logical name this is.
pub fn table_by_logical(logical: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.logical == logical)
}

/// All rows of a table in an instance.
pub fn rows(
    conn: &Connection,
    instance: &str,
    set: &str,
) -> rusqlite::Result<Vec<(Map<String, Value>, i64)>> {
    conn.prepare(
        "SELECT data, version FROM dv_rows WHERE instance = ?1 AND entity_set = ?2 ORDER BY rowid",
    )?
    .query_map(params![instance, set], decode)?
    .collect()
}

/// One row by key.
pub fn row(
    conn: &Connection,
    instance: &str,
    set: &str,
    id: &str,
) -> rusqlite::Result<Option<(Map<String, Value>, i64)>> {
    conn.query_row(
        "SELECT data, version FROM dv_rows WHERE instance = ?1 AND entity_set = ?2 AND id = ?3",
        params![instance, set, id.to_ascii_lowercase()],
        decode,
    )
    .optional()
}

/// Writes a row (insert or replace), bumping its version.
pub fn put(
    conn: &Connection,
    instance: &str,
    set: &str,
    id: &str,
    data: &Map<String, Value>,
) -> rusqlite::Result<()> {
    let mut data = data.clone();
    if table(set).is_some_and(Table::stateful) && !data.contains_key("statecode") {
        // A new row is Active, as Dataverse creates rows.
        data.insert("statecode".into(), Value::from(0));
        data.insert("statuscode".into(), Value::from(1));
    }
    conn.execute(
        "INSERT INTO dv_rows (instance, entity_set, id, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (instance, entity_set, id) DO UPDATE SET data = excluded.data, version = version + 1",
        params![instance, set, id.to_ascii_lowercase(), Value::Object(data).to_string()],
    )
    .map(|_| ())
}

/// The system user of an instance with this Entra object id.
pub fn systemuser_by_aad(
    conn: &Connection,
    instance: &str,
    aad: &str,
) -> rusqlite::Result<Option<Map<String, Value>>> {
    Ok(rows(conn, instance, "systemusers")?
        .into_iter()
        .map(|(row, _)| row)
        .find(|row| {
            row["azureactivedirectoryobjectid"]
                .as_str()
                .is_some_and(|id| id.eq_ignore_ascii_case(aad))
        }))
}

/// A record by id in any record table, with its entity set.
pub fn find_record(
    conn: &Connection,
    instance: &str,
    id: &str,
) -> rusqlite::Result<Option<(&'static Table, Map<String, Value>)>> {
    for table in TABLES.iter().filter(|t| t.is_record) {
        if let Some((row, _)) = row(conn, instance, table.set, id)? {
            return Ok(Some((table, row)));
        }
    }
    Ok(None)
}

/// A system user's rights on a record: every right for its owner and System Administrators,
/// explicit ones where seeded, else read and append-to.
pub fn record_rights(
    conn: &Connection,
    instance: &str,
    systemuserid: &str,
    record: &Map<String, Value>,
    record_id: &str,
) -> rusqlite::Result<Vec<String>> {
    let user = row(conn, instance, "systemusers", systemuserid)?.map(|(u, _)| u);
    let admin = user.as_ref().is_some_and(is_system_administrator);
    let owner = record
        .get("_ownerid_value")
        .and_then(Value::as_str)
        .is_some_and(|o| o.eq_ignore_ascii_case(systemuserid));
    if admin || owner {
        return Ok(ALL_RIGHTS.iter().map(|r| (*r).to_owned()).collect());
    }
    let explicit: Option<String> = conn
        .query_row(
            "SELECT rights FROM record_access WHERE instance = ?1 AND record_id = ?2 AND systemuserid = ?3",
            params![instance, record_id.to_ascii_lowercase(), systemuserid.to_ascii_lowercase()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match explicit {
        Some(rights) => rights
            .split(',')
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect(),
        None => DEFAULT_RIGHTS.iter().map(|r| (*r).to_owned()).collect(),
    })
}

/// Whether a system user's row gives them the System Administrator role.
pub fn is_system_administrator(user: &Map<String, Value>) -> bool {
    user.get("emulator_roles")
        .and_then(Value::as_str)
        .is_some_and(|r| r.split(',').any(|r| r == "System Administrator"))
}

/// Whether a system user may read a record row (the row's key names the record).
pub fn can_read(
    conn: &Connection,
    instance: &str,
    systemuserid: &str,
    table: &Table,
    row: &Map<String, Value>,
) -> bool {
    let id = row
        .get(table.key)
        .and_then(Value::as_str)
        .unwrap_or_default();
    record_rights(conn, instance, systemuserid, row, id)
        .is_ok_and(|r| r.iter().any(|r| r == "ReadAccess"))
}

/// Deletes a row by key.
pub fn remove(conn: &Connection, instance: &str, set: &str, id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM dv_rows WHERE instance = ?1 AND entity_set = ?2 AND id = ?3",
        params![instance, set, id.to_ascii_lowercase()],
    )
    .map(|_| ())
}

/// Whether an instance has the Teams Chat Settings solution, so its tables exist there.
pub fn has_chat_settings(conn: &Connection, instance: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT chat_settings FROM instances WHERE name = ?1",
        params![instance],
        |r| r.get(0),
    )
    .optional()
    .map(|found| found.unwrap_or(false))
}

/// A system user's UI language (1033 English unless their settings say otherwise), which
/// metadata labels and formatted values follow.
pub fn user_language(conn: &Connection, instance: &str, systemuserid: &str) -> i64 {
    row(conn, instance, "systemusers", systemuserid)
        .ok()
        .flatten()
        .and_then(|(user, _)| user.get("emulator_uilanguageid").and_then(Value::as_i64))
        .unwrap_or(1033)
}

/// An instance's organization id and the business unit `WhoAmI` reports.
pub fn instance_ids(conn: &Connection, instance: &str) -> rusqlite::Result<(String, String)> {
    conn.query_row(
        "SELECT organization_id, settings_id FROM instances WHERE name = ?1",
        params![instance],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// A `dv_rows` row's data (a JSON object; empty if unreadable) and version.
fn decode(r: &rusqlite::Row) -> rusqlite::Result<(Map<String, Value>, i64)> {
    let data: String = r.get(0)?;
    Ok((
        serde_json::from_str::<Value>(&data)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default(),
        r.get(1)?,
    ))
}

/// What a user who neither owns a record nor administers the instance may do with it by default.
const DEFAULT_RIGHTS: &[&str] = &["ReadAccess", "AppendToAccess"];

/// `msdyn_teamschatassociation` as its table reference defines the columns a create may give.
const CHAT_LINK_SCHEMA: &[Column] = &[
    Column {
        name: "msdyn_teamschatid",
        kind: Kind::Text(100),
        required: false,
    },
    Column {
        name: "msdyn_regardingobjectid",
        kind: Kind::Text(100),
        required: true,
    },
    Column {
        name: "msdyn_regardingobjectname",
        kind: Kind::Text(100),
        required: false,
    },
    Column {
        name: "msdyn_entityrecordstate",
        kind: Kind::Choice(&[0, 1]),
        required: false,
    },
    Column {
        name: "msdyn_teamschatassociationname",
        kind: Kind::Text(100),
        required: false,
    },
];

/// `msdyn_teamscollaboration` as its table reference defines the columns a create may give.
const CHANNEL_LINK_SCHEMA: &[Column] = &[
    Column {
        name: "msdyn_teamid",
        kind: Kind::Text(100),
        required: true,
    },
    Column {
        name: "msdyn_channelid",
        kind: Kind::Text(100),
        required: true,
    },
    Column {
        name: "msdyn_groupid",
        kind: Kind::Guid,
        required: false,
    },
    Column {
        name: "msdyn_tenantid",
        kind: Kind::Guid,
        required: false,
    },
    Column {
        name: "msdyn_teamname",
        kind: Kind::Text(300),
        required: false,
    },
    Column {
        name: "msdyn_channelname",
        kind: Kind::Text(300),
        required: false,
    },
    Column {
        name: "msdyn_channeltype",
        kind: Kind::Text(10),
        required: false,
    },
    Column {
        name: "msdyn_weburl",
        kind: Kind::Text(4000),
        required: false,
    },
    Column {
        name: "msdyn_teamsiteurl",
        kind: Kind::Text(300),
        required: true,
    },
    Column {
        name: "msdyn_channelfolderrelativeurl",
        kind: Kind::Text(300),
        required: true,
    },
    Column {
        name: "regardingobjectid",
        kind: Kind::Guid,
        required: true,
    },
    Column {
        name: "regardingobjecttypename",
        kind: Kind::Text(200),
        required: true,
    },
    Column {
        name: "regardingobjecttypecode",
        kind: Kind::Integer,
        required: false,
    },
];
