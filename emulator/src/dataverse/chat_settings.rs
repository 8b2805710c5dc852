//! The Teams Chat Settings solution's table, `msdyn_entitylinkchatconfiguration`, with the two
//! system tables it leans on (`entity`, which its `msdyn_entitytype` lookup names, and
//! `savedquery`, whose id `msdyn_contextviewid` holds), and the attribute metadata of the record
//! tables whose views it names. Data only, as the table references define it:
//!
//! - `msdyn_entitylinkchatconfiguration`: PA `reference/entities/msdyn_entitylinkchatconfiguration.md`
//!   (UserOwned; `msdyn_contextviewid` is a String of 100, not a lookup; `msdyn_entitytype` is a
//!   Lookup to `entity`, navigation property `msdyn_entitytype`, relationship
//!   `msdyn_entity_msdyn_entitylinkchatconfiguration`; statecode 0 Active / 1 Inactive,
//!   statuscode 1 / 2; every Boolean defaults to false, labels Yes / No);
//! - `entity`: PA `reference/entities/entity.md` (set `entities`, key `entityid`, `logicalname`,
//!   `name`, `entitysetname`, `objecttypecode`; OwnershipType None);
//! - `savedquery`: PA `reference/entities/savedquery.md` (`layoutxml`, `fetchxml`,
//!   `returnedtypecode` an EntityName, `querytype` 0 for a public view).
//!
//! (PA = `MicrosoftDocs/powerapps-docs`, under `powerapps-docs/developer/data-platform/`.) German
//! labels are the German UI's; the English reference pages cannot confirm them.

use super::store::{Attribute, Column, Kind, Navigation, Table};

/// `msdyn_entitylinkchatconfiguration`: one row per record type whose chats may be connected.
pub const CHAT_SETTINGS: Table = Table {
    set: "msdyn_entitylinkchatconfigurations",
    logical: "msdyn_entitylinkchatconfiguration",
    key: "msdyn_entitylinkchatconfigurationid",
    columns: &[
        "msdyn_entitylinkchatconfigurationid",
        "msdyn_name",
        "msdyn_uniquename",
        "_msdyn_entitytype_value",
        "msdyn_contextviewid",
        "msdyn_enableaiintroductionmessage",
        "msdyn_enableaisuggestion",
        "msdyn_enableautonamechats",
        "msdyn_enablekickoffmessage",
        "msdyn_enablelogicbasedsuggestion",
        "msdyn_filteringattributes",
        "msdyn_isenabledforbot",
        "msdyn_recentchatlinkercanunlink",
        "msdyn_recordownercanunlink",
        "msdyn_usercanjoinchat",
        "statecode",
        "statuscode",
        "_ownerid_value",
        "_owninguser_value",
        "_owningteam_value",
        "_owningbusinessunit_value",
        "_createdby_value",
        "_createdonbehalfby_value",
        "_modifiedby_value",
        "_modifiedonbehalfby_value",
        "createdon",
        "modifiedon",
        "overriddencreatedon",
        "overwritetime",
        "importsequencenumber",
        "timezoneruleversionnumber",
        "utcconversiontimezonecode",
        "versionnumber",
        "componentidunique",
        "componentstate",
        "ismanaged",
        "iscustomizable",
        "solutionid",
    ],
    updatable: &[
        "msdyn_name",
        "msdyn_uniquename",
        "msdyn_contextviewid",
        "msdyn_enableaiintroductionmessage",
        "msdyn_enableaisuggestion",
        "msdyn_enableautonamechats",
        "msdyn_enablekickoffmessage",
        "msdyn_enablelogicbasedsuggestion",
        "msdyn_filteringattributes",
        "msdyn_isenabledforbot",
        "msdyn_recentchatlinkercanunlink",
        "msdyn_recordownercanunlink",
        "msdyn_usercanjoinchat",
        "statecode",
        "statuscode",
    ],
    deletable: true,
    is_record: false,
    // Not in the reference (a solution table's code differs per org): the emulator's own.
    object_type_code: 10246,
    schema: CHAT_SETTINGS_SCHEMA,
    navigations: &[
        Navigation {
            name: "msdyn_entitytype",
            column: "_msdyn_entitytype_value",
            target: "entities",
        },
        Navigation {
            name: "createdby",
            column: "_createdby_value",
            target: "systemusers",
        },
        Navigation {
            name: "modifiedby",
            column: "_modifiedby_value",
            target: "systemusers",
        },
        Navigation {
            name: "owninguser",
            column: "_owninguser_value",
            target: "systemusers",
        },
    ],
    attributes: CHAT_SETTINGS_ATTRIBUTES,
    read_privilege: true,
    chat_settings_solution: true,
};

/// `entity`: the tables of the org, as rows (only RetrieveMultiple, per its reference).
pub const ENTITIES: Table = Table {
    set: "entities",
    logical: "entity",
    key: "entityid",
    columns: &[
        "entityid",
        "logicalname",
        "name",
        "entitysetname",
        "logicalcollectionname",
        "collectionname",
        "objecttypecode",
        "componentstate",
        "solutionid",
        "versionnumber",
    ],
    updatable: &[],
    deletable: false,
    is_record: false,
    // Not in the reference: the emulator's own.
    object_type_code: 9800,
    schema: &[],
    navigations: &[],
    attributes: &[],
    read_privilege: false,
    chat_settings_solution: false,
};

/// `savedquery`: system views; `layoutxml` names the columns a view shows.
pub const SAVED_QUERIES: Table = Table {
    set: "savedqueries",
    logical: "savedquery",
    key: "savedqueryid",
    columns: &[
        "savedqueryid",
        "name",
        "description",
        "returnedtypecode",
        "querytype",
        "isdefault",
        "isquickfindquery",
        "layoutxml",
        "fetchxml",
        "statecode",
        "statuscode",
        "createdon",
    ],
    updatable: &[],
    deletable: false,
    is_record: false,
    object_type_code: 1039,
    schema: &[],
    navigations: &[],
    attributes: &[],
    read_privilege: false,
    chat_settings_solution: false,
};

const YES_NO: &[(i64, &str, &str)] = &[(0, "No", "Nein"), (1, "Yes", "Ja")];
const STATE: &[(i64, &str, &str)] = &[(0, "Active", "Aktiv"), (1, "Inactive", "Inaktiv")];
const STATUS: &[(i64, &str, &str)] = &[(1, "Active", "Aktiv"), (2, "Inactive", "Inaktiv")];

const fn yes_no(name: &'static str, en: &'static str, de: &'static str) -> Attribute {
    Attribute {
        name,
        kind: "Boolean",
        en,
        de,
        options: YES_NO,
    }
}

const fn plain(
    name: &'static str,
    kind: &'static str,
    en: &'static str,
    de: &'static str,
) -> Attribute {
    Attribute {
        name,
        kind,
        en,
        de,
        options: &[],
    }
}

/// The configuration's columns as its reference names them (DisplayName, Type).
const CHAT_SETTINGS_ATTRIBUTES: &[Attribute] = &[
    plain(
        "msdyn_entitylinkchatconfigurationid",
        "Uniqueidentifier",
        "Entity link chat configuration",
        "Konfiguration des Entitätslink-Chats",
    ),
    plain("msdyn_name", "String", "Name", "Name"),
    plain(
        "msdyn_uniquename",
        "String",
        "Unique Name",
        "Eindeutiger Name",
    ),
    plain("msdyn_entitytype", "Lookup", "Entity type", "Entitätstyp"),
    plain(
        "msdyn_contextviewid",
        "String",
        "Context view id",
        "Kontextansichts-ID",
    ),
    yes_no(
        "msdyn_enableaiintroductionmessage",
        "Enable AI introduction message",
        "KI-Einführungsnachricht aktivieren",
    ),
    yes_no(
        "msdyn_enableaisuggestion",
        "Enable AI suggestion",
        "KI-Vorschlag aktivieren",
    ),
    yes_no(
        "msdyn_enableautonamechats",
        "Enable auto name chats",
        "Automatische Chatbenennung aktivieren",
    ),
    yes_no(
        "msdyn_enablekickoffmessage",
        "Enable kickoff message",
        "Startnachricht aktivieren",
    ),
    yes_no(
        "msdyn_enablelogicbasedsuggestion",
        "Enable logic-based suggestion",
        "Logikbasierten Vorschlag aktivieren",
    ),
    plain(
        "msdyn_filteringattributes",
        "String",
        "Filtering Attributes",
        "Filterattribute",
    ),
    yes_no(
        "msdyn_isenabledforbot",
        "Is Enabled For Bot updates",
        "Für Bot-Updates aktiviert",
    ),
    yes_no(
        "msdyn_recentchatlinkercanunlink",
        "Recent chat linker can unlink",
        "Letzter Chatverknüpfer kann Verknüpfung aufheben",
    ),
    yes_no(
        "msdyn_recordownercanunlink",
        "Record owner can unlink",
        "Datensatzbesitzer kann Verknüpfung aufheben",
    ),
    yes_no(
        "msdyn_usercanjoinchat",
        "User can join chat",
        "Benutzer kann Chat beitreten",
    ),
    Attribute {
        name: "statecode",
        kind: "State",
        en: "Status",
        de: "Status",
        options: STATE,
    },
    Attribute {
        name: "statuscode",
        kind: "Status",
        en: "Status Reason",
        de: "Statusgrund",
        options: STATUS,
    },
    plain("ownerid", "Owner", "Owner", "Besitzer"),
    plain("createdby", "Lookup", "Created By", "Erstellt von"),
    plain("createdon", "DateTime", "Created On", "Erstellt am"),
    plain("modifiedby", "Lookup", "Modified By", "Geändert von"),
    plain("modifiedon", "DateTime", "Modified On", "Geändert am"),
];

/// The configuration's writable columns (the reference's "Writable columns", less the
/// system's own: import sequence, time zone and managed properties).
const CHAT_SETTINGS_SCHEMA: &[Column] = &[
    Column {
        name: "msdyn_name",
        kind: Kind::Text(128),
        required: false,
    },
    Column {
        name: "msdyn_uniquename",
        kind: Kind::Text(128),
        required: true,
    },
    Column {
        name: "msdyn_contextviewid",
        kind: Kind::Text(100),
        required: false,
    },
    Column {
        name: "msdyn_filteringattributes",
        kind: Kind::Text(2000),
        required: false,
    },
    Column {
        name: "msdyn_enableaiintroductionmessage",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_enableaisuggestion",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_enableautonamechats",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_enablekickoffmessage",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_enablelogicbasedsuggestion",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_isenabledforbot",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_recentchatlinkercanunlink",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_recordownercanunlink",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "msdyn_usercanjoinchat",
        kind: Kind::Bool,
        required: false,
    },
    Column {
        name: "statecode",
        kind: Kind::Choice(&[0, 1]),
        required: false,
    },
    Column {
        name: "statuscode",
        kind: Kind::Choice(&[1, 2]),
        required: false,
    },
];

/// Contact columns the seeded view names, and a few more (PA `reference/entities/contact.md`
/// display names; `preferredcontactmethodcode` options 1 Any, 2 Email, 3 Phone, 4 Fax, 5 Mail).
pub const CONTACT_ATTRIBUTES: &[Attribute] = &[
    plain("contactid", "Uniqueidentifier", "Contact", "Kontakt"),
    plain("fullname", "String", "Full Name", "Vollständiger Name"),
    plain("firstname", "String", "First Name", "Vorname"),
    plain("lastname", "String", "Last Name", "Nachname"),
    plain("emailaddress1", "String", "Email", "E-Mail"),
    plain("jobtitle", "String", "Job Title", "Position"),
    plain(
        "telephone1",
        "String",
        "Business Phone",
        "Telefon (geschäftlich)",
    ),
    plain("parentcustomerid", "Customer", "Company Name", "Firmenname"),
    Attribute {
        name: "preferredcontactmethodcode",
        kind: "Picklist",
        en: "Preferred Method of Contact",
        de: "Bevorzugte Kontaktmethode",
        options: &[
            (1, "Any", "Beliebig"),
            (2, "Email", "E-Mail"),
            (3, "Phone", "Telefon"),
            (4, "Fax", "Fax"),
            (5, "Mail", "Post"),
        ],
    },
    plain("ownerid", "Owner", "Owner", "Besitzer"),
    plain("createdon", "DateTime", "Created On", "Erstellt am"),
];

/// Account columns (PA `reference/entities/account.md`).
pub const ACCOUNT_ATTRIBUTES: &[Attribute] = &[
    plain("accountid", "Uniqueidentifier", "Account", "Firma"),
    plain("name", "String", "Account Name", "Firmenname"),
    plain("ownerid", "Owner", "Owner", "Besitzer"),
    plain("createdon", "DateTime", "Created On", "Erstellt am"),
];

/// Incident columns (PA `reference/entities/incident.md`).
pub const INCIDENT_ATTRIBUTES: &[Attribute] = &[
    plain("incidentid", "Uniqueidentifier", "Case", "Fall"),
    plain("title", "String", "Case Title", "Falltitel"),
    plain("ticketnumber", "String", "Case Number", "Fallnummer"),
    plain("ownerid", "Owner", "Owner", "Besitzer"),
    plain("createdon", "DateTime", "Created On", "Erstellt am"),
];

/// Lead columns (the lead EntityType of the Web API reference: key `leadid`, primary name
/// `fullname`; `subject` is shown as Topic).
pub const LEAD_ATTRIBUTES: &[Attribute] = &[
    plain("leadid", "Uniqueidentifier", "Lead", "Lead"),
    plain("fullname", "String", "Name", "Name"),
    plain("firstname", "String", "First Name", "Vorname"),
    plain("lastname", "String", "Last Name", "Nachname"),
    plain("subject", "String", "Topic", "Thema"),
    plain("companyname", "String", "Company Name", "Firmenname"),
    plain("jobtitle", "String", "Job Title", "Position"),
    plain("emailaddress1", "String", "Email", "E-Mail"),
    plain(
        "telephone1",
        "String",
        "Business Phone",
        "Telefon (geschäftlich)",
    ),
    plain("ownerid", "Owner", "Owner", "Besitzer"),
    plain("createdon", "DateTime", "Created On", "Erstellt am"),
];
