//! The demo tenant's Graph side: people, chats with messages, presence, teams and channels.
//! Times are relative to the emulator clock at seeding, so the demo always looks recent.

use crate::photo::solid_png;
use crate::wire::{iso, membership_id, urlencode};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};

/// The demo tenant's id.
pub const DEMO_TENANT: &str = "6f8c2a41-5b0e-4c57-9d3a-1e2f3a4b5c6d";
/// The demo tenant's domain.
pub const DOMAIN: &str = "contoso.com";
/// Every demo user's password (the emulator is a local stand-in, not a directory).
pub const DEMO_PASSWORD: &str = "demo";

/// A seeded person: id suffix, name, job, Teams licence, photo colour (none: no photo).
struct Person {
    n: u8,
    name: &'static str,
    upn: &'static str,
    job: &'static str,
    licensed: bool,
    photo: Option<[u8; 3]>,
}

const PEOPLE: &[Person] = &[
    Person {
        n: 1,
        name: "Megan Bowen",
        upn: "megan",
        job: "Account Manager",
        licensed: true,
        photo: Some([0x5b, 0x5f, 0xc7]),
    },
    Person {
        n: 2,
        name: "Adele Vance",
        upn: "adele",
        job: "IT Administrator",
        licensed: true,
        photo: Some([0xc4, 0x31, 0x48]),
    },
    Person {
        n: 3,
        name: "Alex Wilber",
        upn: "alex",
        job: "Sales Engineer",
        licensed: true,
        photo: Some([0x0f, 0x6c, 0xbd]),
    },
    Person {
        n: 4,
        name: "Diego Siciliani",
        upn: "diego",
        job: "Legal Counsel",
        licensed: true,
        photo: None,
    },
    Person {
        n: 5,
        name: "Grady Archie",
        upn: "grady",
        job: "Logistics Lead",
        licensed: true,
        photo: Some([0x13, 0xa1, 0x0e]),
    },
    Person {
        n: 6,
        name: "Isaiah Langer",
        upn: "isaiah",
        job: "Contractor",
        licensed: false,
        photo: Some([0x8a, 0x8a, 0x8a]),
    },
    Person {
        n: 7,
        name: "Johanna Lorenz",
        upn: "johanna",
        job: "Procurement Analyst",
        licensed: true,
        photo: Some([0xca, 0x50, 0x10]),
    },
    Person {
        n: 8,
        name: "Joni Sherman",
        upn: "joni",
        job: "Paralegal",
        licensed: true,
        photo: None,
    },
    Person {
        n: 9,
        name: "Lee Gu",
        upn: "lee",
        job: "Sales Director",
        licensed: true,
        photo: Some([0x03, 0x83, 0x87]),
    },
    Person {
        n: 10,
        name: "Lidia Holloway",
        upn: "lidia",
        job: "Customer Success",
        licensed: true,
        photo: None,
    },
    Person {
        n: 11,
        name: "Lynne Robbins",
        upn: "lynne",
        job: "Finance Partner",
        licensed: true,
        photo: Some([0x88, 0x17, 0x98]),
    },
    Person {
        n: 12,
        name: "Miriam Graham",
        upn: "miriam",
        job: "VP Sales",
        licensed: true,
        photo: Some([0x00, 0x78, 0xd4]),
    },
    Person {
        n: 13,
        name: "Nestor Wilke",
        upn: "nestor",
        job: "Operations",
        licensed: false,
        photo: None,
    },
    Person {
        n: 14,
        name: "Patti Fernandez",
        upn: "patti",
        job: "President",
        licensed: true,
        photo: Some([0xe3, 0x00, 0x8c]),
    },
    Person {
        n: 15,
        name: "Pradeep Gupta",
        upn: "pradeep",
        job: "Accountant",
        licensed: true,
        photo: None,
    },
    Person {
        n: 16,
        name: "山田 花子",
        upn: "hanako",
        job: "Regional Manager, Japan",
        licensed: true,
        photo: Some([0xff, 0xb9, 0x00]),
    },
    Person {
        n: 17,
        name: "نور الهدى",
        upn: "nour",
        job: "Partner Manager, MEA",
        licensed: true,
        photo: None,
    },
];

/// The id of seeded user `n` (1 is Megan Bowen, the demo's signed-in user).
pub fn user_id(n: u8) -> String {
    format!("aaaaaaaa-0000-4000-8000-0000000000{n:02}")
}

/// The display name of seeded user `n`.
pub fn display_name(n: u8) -> &'static str {
    PEOPLE
        .iter()
        .find(|p| p.n == n)
        .map(|p| p.name)
        .unwrap_or("")
}

/// The user principal name of a seeded user, e.g. `megan@contoso.com`.
pub fn upn(short: &str) -> String {
    format!("{short}@{DOMAIN}")
}

/// Writes the Graph side of the demo tenant.
pub fn graph(conn: &Connection, tenant: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    for p in PEOPLE {
        let (given, surname) = p.name.split_once(' ').unwrap_or((p.name, ""));
        conn.execute(
            "INSERT INTO users (id, tenant_id, display_name, given_name, surname, mail, user_principal_name,
                job_title, office_location, business_phone, preferred_language, password, teams_licensed,
                can_create_chats, global_admin, photo)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, 'en-US', ?10, ?11, ?12, ?13, ?14)",
            params![
                user_id(p.n),
                tenant,
                p.name,
                given,
                surname,
                upn(p.upn),
                p.job,
                format!("{}/{}", 18 + p.n % 3, 1100 + u32::from(p.n)),
                format!("+1 425 555 01{:02}", p.n),
                DEMO_PASSWORD,
                p.licensed,
                // Joni's Teams policy does not allow creating chats.
                p.upn != "joni",
                p.upn == "adele",
                p.photo.map(|rgb| solid_png(48, rgb)),
            ],
        )?;
        let (availability, activity, cycle) = match p.n {
            1 => ("Available", "Available", false),
            2 => ("Busy", "InACall", true),
            3 => ("Available", "Available", true),
            5 => ("Away", "Away", true),
            9 => ("DoNotDisturb", "Presenting", false),
            11 => ("Away", "OutOfOffice", false),
            12 => ("BeRightBack", "BeRightBack", true),
            14 => ("BusyIdle", "BusyIdle", false),
            16 => ("AvailableIdle", "AvailableIdle", true),
            _ => ("Offline", "OffWork", false),
        };
        conn.execute(
            "INSERT INTO presence (user_id, availability, activity, cycle, out_of_office) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![user_id(p.n), availability, activity, cycle, p.n == 11],
        )?;
    }
    // Johanna's photo is kept in Entra ID only: no sized variants, served at `/photo/$value`.
    conn.execute(
        "UPDATE users SET photo_sized = 0 WHERE id = ?1",
        params![user_id(7)],
    )?;
    // An invited guest from a partner: found by people search, added to chats with the guest role.
    conn.execute(
        "INSERT INTO users (id, tenant_id, display_name, given_name, surname, mail, user_principal_name,
            job_title, password, teams_licensed, user_type)
         VALUES (?1, ?2, 'Kai Carter (Fabrikam)', 'Kai', 'Carter', 'kai.carter@fabrikam.com',
            'kai.carter_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'Partner engineer', ?3, 1, 'Guest')",
        params![GUEST, tenant, DEMO_PASSWORD],
    )?;
    conn.execute(
        "INSERT INTO presence (user_id, availability, activity) VALUES (?1, 'Available', 'Available')",
        params![GUEST],
    )?;
    crate::conversations::seed(conn, tenant, now)?;
    teams(conn, tenant, now)
}

/// The demo tenant's guest user (userType Guest), Kai Carter of Fabrikam.
pub const GUEST: &str = "9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d";

/// A channel: name, membership type, members (private channels only).
type ChannelSeed = (&'static str, &'static str, &'static [u8]);
/// A team: number, name, description, archived, members (the first owns it), channels.
type TeamSeed = (
    u8,
    &'static str,
    &'static str,
    bool,
    &'static [u8],
    &'static [ChannelSeed],
);

fn teams(conn: &Connection, tenant: &str, now: DateTime<Utc>) -> rusqlite::Result<()> {
    // (team number, name, description, archived, members (first is owner), channels)
    let teams: [TeamSeed; 4] = [
        (
            1,
            "Contoso Sales",
            "Everything about selling to our key accounts.",
            false,
            &[1, 2, 3, 4, 9, 12],
            &[
                ("Key accounts", "standard", &[]),
                ("Deal desk", "private", &[1, 9]),
                ("Leadership", "private", &[9, 12]),
            ],
        ),
        (
            2,
            "Service Excellence",
            "Cases, escalations and customer success.",
            false,
            &[10, 1, 11, 15],
            &[
                ("Escalations", "standard", &[]),
                ("Partner desk", "shared", &[10, 1]),
            ],
        ),
        (
            3,
            "FY25 Launch",
            "Archived launch team.",
            true,
            &[12, 1, 3],
            &[("Launch plan", "standard", &[])],
        ),
        (
            4,
            "HR Confidential",
            "People matters.",
            false,
            &[2, 14],
            &[],
        ),
    ];
    for (n, name, description, archived, members, channels) in teams {
        let team_id = format!("bbbbbbbb-0000-4000-8000-0000000000{n:02}");
        let created = iso(now - Duration::days(300 - i64::from(n) * 10));
        conn.execute(
            "INSERT INTO teams (id, tenant_id, display_name, description, visibility, is_archived, created)
             VALUES (?1, ?2, ?3, ?4, 'private', ?5, ?6)",
            params![team_id, tenant, name, description, archived, created],
        )?;
        for (i, member) in members.iter().enumerate() {
            conn.execute(
                "INSERT INTO team_members (team_id, user_id, role) VALUES (?1, ?2, ?3)",
                params![
                    team_id,
                    user_id(*member),
                    if i == 0 { "owner" } else { "member" }
                ],
            )?;
        }
        let general = ("General", "standard", &[][..]);
        for (c, (channel, membership, channel_members)) in std::iter::once(general)
            .chain(channels.iter().copied())
            .enumerate()
        {
            let channel_id =
                format!("19:{n:02}{c:02}c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2");
            conn.execute(
                "INSERT INTO channels (id, team_id, display_name, description, membership_type, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![channel_id, team_id, channel, format!("{channel} of {name}"), membership, created],
            )?;
            for member in channel_members {
                conn.execute(
                    "INSERT INTO channel_members (channel_id, user_id) VALUES (?1, ?2)",
                    params![channel_id, user_id(*member)],
                )?;
            }
        }
    }
    Ok(())
}

/// Adds `people` users and `chats` group chats of the demo user, for benchmarks.
pub fn scale(
    conn: &Connection,
    tenant: &str,
    people: u32,
    chats: u32,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let start: u32 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    let tx = conn.unchecked_transaction()?;
    let mut ids = Vec::new();
    for i in 0..people {
        let n = start + i;
        let id = format!("cccccccc-0000-4000-8000-{n:012}");
        tx.execute(
            "INSERT INTO users (id, tenant_id, display_name, given_name, surname, mail, user_principal_name, password, teams_licensed)
             VALUES (?1, ?2, ?3, 'Person', ?4, ?5, ?5, ?6, 1)",
            params![id, tenant, format!("Person {n:05}"), format!("{n:05}"), format!("person{n}@{DOMAIN}"), DEMO_PASSWORD],
        )?;
        tx.execute(
            "INSERT INTO presence (user_id, availability, activity, cycle) VALUES (?1, 'Available', 'Available', 1)",
            params![id],
        )?;
        ids.push(id);
    }
    let megan = user_id(1);
    for c in 0..chats {
        let id = format!("19:scale{c:06}{}@thread.v2", uuid::Uuid::new_v4().simple());
        let at = now - Duration::minutes(i64::from(c) * 7 + 1);
        tx.execute(
            "INSERT INTO chats (id, tenant_id, chat_type, topic, created, last_updated) VALUES (?1, ?2, 'group', ?3, ?4, ?4)",
            params![id, tenant, format!("Generated chat {c:04}"), iso(at)],
        )?;
        let mut members = vec![megan.clone()];
        for k in 0..3usize {
            let pick = ids
                .get((c as usize * 3 + k) % ids.len().max(1))
                .cloned()
                .unwrap_or_else(|| user_id(3 + k as u8));
            if !members.contains(&pick) {
                members.push(pick);
            }
        }
        for member in &members {
            tx.execute(
                "INSERT INTO chat_members (chat_id, user_id, membership_id, roles, added) VALUES (?1, ?2, ?3, 'owner', ?4)",
                params![id, member, membership_id(&id, member), iso(at)],
            )?;
        }
        tx.execute(
            "INSERT INTO messages (chat_id, id, created, last_modified, from_user, from_name, content)
             VALUES (?1, ?2, ?3, ?3, ?4, (SELECT display_name FROM users WHERE id = ?4), ?5)",
            params![id, at.timestamp_millis().to_string(), iso(at), members[members.len() - 1], format!("Message in generated chat {c}")],
        )?;
    }
    tx.commit()
}

/// A seeded channel link: the team (number, name), the channel (number in the team, name), its id
/// when not the seeded one's, its type as written, the SharePoint site path, whether
/// `msdyn_teamid` is the thread id (else the group GUID), the record (id, logical name, type
/// code), whether the row is active, and who wrote it.
struct ChannelLinkSeed {
    team: (u8, &'static str),
    channel: (u8, &'static str),
    channel_id: Option<&'static str>,
    kind: Option<&'static str>,
    site: &'static str,
    thread_team_id: bool,
    record: (&'static str, &'static str, i64),
    active: bool,
    by: u8,
}

/// The demo CRM record (a contact) the demo page shows.
pub const AVA_REYES: &str = "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13";

/// The demo account, Contoso Pharmaceuticals (Ava's company).
pub const CONTOSO_PHARMA: &str = "7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c81";

/// The demo lead, Priya Natarajan of Northwind Biologics, owned by Megan like Ava.
pub const PRIYA_LEAD: &str = "9e4c5f60-7182-4c3d-8e4f-5a6b7c8d9ea1";

/// The contact view the contact row of the chat settings names (`msdyn_contextviewid`, stored
/// in braces and capitals as the settings page writes it): five columns.
pub const CONTACT_CHAT_VIEW: &str = "a2b1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c51";

/// The chat settings rows: contact (everything on, the view), account (auto-name and the note
/// off, the owner may disconnect), incident (whoever connected may disconnect, suggestions off),
/// and an older contact row that was deactivated. Lead has none.
pub const CHAT_SETTINGS_CONTACT: &str = "f1000000-0000-4000-8000-000000000001";
/// The account's chat settings row.
pub const CHAT_SETTINGS_ACCOUNT: &str = "f1000000-0000-4000-8000-000000000002";
/// The incident's chat settings row.
pub const CHAT_SETTINGS_INCIDENT: &str = "f1000000-0000-4000-8000-000000000003";
/// A deactivated contact row (statecode 1) with everything off.
pub const CHAT_SETTINGS_CONTACT_OLD: &str = "f1000000-0000-4000-8000-000000000004";

/// The `entity` row id of a table, by its object type code.
pub fn entity_id(object_type_code: i64) -> String {
    format!("e0000000-0000-4000-8000-{object_type_code:012}")
}

/// Writes the Teams Chat Settings rows of an instance that has the solution: `entity` rows for
/// contact, account, incident and lead, the contact view, and the configuration rows (owned by
/// the instance's System Administrator `owner`).
pub fn chat_settings(
    conn: &Connection,
    instance: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    use crate::dataverse::store::{is_system_administrator, put, rows};
    let Some(owner) = rows(conn, instance, "systemusers")?
        .into_iter()
        .map(|(user, _)| user)
        .find(is_system_administrator)
    else {
        return Ok(());
    };
    let owner_id = owner["systemuserid"].clone();
    let unit = owner
        .get("_businessunitid_value")
        .cloned()
        .unwrap_or_default();
    let created = iso(now - Duration::days(30));
    let object = |value: serde_json::Value| value.as_object().cloned().unwrap_or_default();
    for (logical, set, name, code) in [
        ("contact", "contacts", "Contact", 2),
        ("account", "accounts", "Account", 1),
        ("incident", "incidents", "Case", 112),
        ("lead", "leads", "Lead", 4),
    ] {
        let id = entity_id(code);
        put(
            conn,
            instance,
            "entities",
            &id,
            &object(serde_json::json!({
                "entityid": id, "logicalname": logical, "name": name, "entitysetname": set,
                "logicalcollectionname": set, "collectionname": set, "objecttypecode": code,
                "componentstate": 0, "solutionid": ACTIVE_SOLUTION, "versionnumber": 1000 + code,
            })),
        )?;
    }
    let view = serde_json::json!({
        "savedqueryid": CONTACT_CHAT_VIEW,
        "name": "Contacts for Teams chats",
        "description": "The columns a chat's note shows for a contact.",
        "returnedtypecode": "contact",
        "querytype": 0,
        "isdefault": false,
        "isquickfindquery": false,
        "layoutxml": r#"<grid name="resultset" object="2" jump="fullname" select="1" icon="1" preview="1"><row name="result" id="contactid"><cell name="fullname" width="300" /><cell name="parentcustomerid" width="150" /><cell name="jobtitle" width="150" /><cell name="telephone1" width="125" /><cell name="preferredcontactmethodcode" width="150" /></row></grid>"#,
        "fetchxml": r#"<fetch version="1.0" output-format="xml-platform" mapping="logical" distinct="false"><entity name="contact"><attribute name="fullname" /><attribute name="parentcustomerid" /><attribute name="jobtitle" /><attribute name="telephone1" /><attribute name="preferredcontactmethodcode" /><attribute name="contactid" /><order attribute="fullname" descending="false" /><filter type="and"><condition attribute="statecode" operator="eq" value="0" /></filter></entity></fetch>"#,
        "statecode": 0,
        "statuscode": 1,
        "createdon": created,
    });
    put(
        conn,
        instance,
        "savedqueries",
        CONTACT_CHAT_VIEW,
        &object(view),
    )?;
    // (id, entity, view, auto-name, kickoff, owner unlinks, linker unlinks, suggestions, state)
    let view_id = format!("{{{}}}", CONTACT_CHAT_VIEW.to_ascii_uppercase());
    let settings = [
        (
            CHAT_SETTINGS_CONTACT,
            2,
            Some(view_id.as_str()),
            true,
            true,
            true,
            true,
            true,
            0,
        ),
        (
            CHAT_SETTINGS_ACCOUNT,
            1,
            None,
            false,
            false,
            true,
            false,
            true,
            0,
        ),
        (
            CHAT_SETTINGS_INCIDENT,
            112,
            None,
            true,
            true,
            false,
            true,
            false,
            0,
        ),
        (
            CHAT_SETTINGS_CONTACT_OLD,
            2,
            None,
            false,
            false,
            false,
            false,
            false,
            1,
        ),
    ];
    for (id, code, view, auto_name, kickoff, owner_unlinks, linker_unlinks, suggestions, state) in
        settings
    {
        let logical = match code {
            2 => "contact",
            1 => "account",
            _ => "incident",
        };
        let row = serde_json::json!({
            "msdyn_entitylinkchatconfigurationid": id,
            "msdyn_name": logical,
            "msdyn_uniquename": format!("msdyn_{logical}_chatconfiguration{}", if state == 1 { "_old" } else { "" }),
            "_msdyn_entitytype_value": entity_id(code),
            "msdyn_contextviewid": view,
            "msdyn_enableaiintroductionmessage": suggestions && code == 2,
            "msdyn_enableaisuggestion": suggestions && code == 2,
            "msdyn_enableautonamechats": auto_name,
            "msdyn_enablekickoffmessage": kickoff,
            "msdyn_enablelogicbasedsuggestion": suggestions,
            "msdyn_filteringattributes": null,
            "msdyn_isenabledforbot": false,
            "msdyn_recentchatlinkercanunlink": linker_unlinks,
            "msdyn_recordownercanunlink": owner_unlinks,
            "msdyn_usercanjoinchat": state == 0,
            "statecode": state,
            "statuscode": state + 1,
            "_ownerid_value": owner_id,
            "_owninguser_value": owner_id,
            "_owningteam_value": null,
            "_owningbusinessunit_value": unit,
            "_createdby_value": owner_id,
            "_createdonbehalfby_value": null,
            "_modifiedby_value": owner_id,
            "_modifiedonbehalfby_value": null,
            "createdon": created,
            "modifiedon": created,
            "overriddencreatedon": null,
            "overwritetime": "1900-01-01T00:00:00Z",
            "importsequencenumber": null,
            "timezoneruleversionnumber": 4,
            "utcconversiontimezonecode": null,
            "versionnumber": 2_000_000 + code,
            "componentidunique": id.replace("f1000000", "c0000000"),
            "componentstate": 0,
            "ismanaged": false,
            "iscustomizable": {"Value": true, "CanBeChanged": true, "ManagedPropertyLogicalName": "iscustomizableanddeletable"},
            "solutionid": ACTIVE_SOLUTION,
        });
        put(
            conn,
            instance,
            "msdyn_entitylinkchatconfigurations",
            id,
            &object(row),
        )?;
    }
    Ok(())
}

/// The `solutionid` of rows outside any managed solution (the Active solution).
const ACTIVE_SOLUTION: &str = "fd140aaf-4df4-11dd-bd17-0019b9312238";

/// The `systemuserid` of seeded user `n` in an instance (each instance has its own ids).
pub fn systemuser_id(instance_index: u8, n: u8) -> String {
    format!("dddddddd-00{instance_index:02}-4000-8000-0000000000{n:02}")
}

/// Every privilege a regular CRM user holds on the Teams tables.
const USER_PRIVILEGES: &str = "prvCreatemsdyn_teamschatassociation,prvReadmsdyn_teamschatassociation,prvWritemsdyn_teamschatassociation,prvReadmsdyn_teamschatsuggestion,prvCreatemsdyn_teamscollaboration,prvReadmsdyn_teamscollaboration,prvDeletemsdyn_teamscollaboration,prvReadmsdyn_entitylinkchatconfiguration";
/// A read-only user may read the Teams tables but change nothing.
/// A salesperson whose role may not delete channel links (Lee): disconnects chats, not channels.
const KEEPS_CHANNELS_PRIVILEGES: &str = "prvCreatemsdyn_teamschatassociation,prvReadmsdyn_teamschatassociation,prvWritemsdyn_teamschatassociation,prvReadmsdyn_teamschatsuggestion,prvCreatemsdyn_teamscollaboration,prvReadmsdyn_teamscollaboration,prvReadmsdyn_entitylinkchatconfiguration";
/// A salesperson whose role may connect channels but not chats (Grady): no chat link create.
const NO_CHAT_LINKS_PRIVILEGES: &str = "prvReadmsdyn_teamschatassociation,prvWritemsdyn_teamschatassociation,prvReadmsdyn_teamschatsuggestion,prvCreatemsdyn_teamscollaboration,prvReadmsdyn_teamscollaboration,prvDeletemsdyn_teamscollaboration,prvReadmsdyn_entitylinkchatconfiguration";
const READ_ONLY_PRIVILEGES: &str = "prvReadmsdyn_teamschatassociation,prvReadmsdyn_teamschatsuggestion,prvReadmsdyn_teamscollaboration,prvReadmsdyn_entitylinkchatconfiguration";

/// Writes one CRM instance's rows: system users for the tenant's people (with roles), records
/// with owners, access exceptions, activities, chat links and a channel link.
pub fn dataverse(
    conn: &Connection,
    instance: &str,
    instance_index: u8,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    use crate::dataverse::store::put;
    let su = |n: u8| systemuser_id(instance_index, n);
    // contoso: Miriam administers it; fabrikam: Patti. Alex is read-only in both.
    let admin = if instance_index == 1 { 12 } else { 14 };
    for p in PEOPLE {
        let (roles, privileges) = match p.n {
            n if n == admin => ("System Administrator,Salesperson", USER_PRIVILEGES),
            3 => ("Read-only user", READ_ONLY_PRIVILEGES),
            9 => (
                "Salesperson (keeps channel links)",
                KEEPS_CHANNELS_PRIVILEGES,
            ),
            5 => ("Salesperson (no chat links)", NO_CHAT_LINKS_PRIVILEGES),
            _ => ("Salesperson", USER_PRIVILEGES),
        };
        let row = serde_json::json!({
            "systemuserid": su(p.n),
            "fullname": p.name,
            "internalemailaddress": upn(p.upn),
            "azureactivedirectoryobjectid": user_id(p.n),
            "isdisabled": false,
            "_businessunitid_value": format!("ffffffff-0000-4000-8000-0000000000{instance_index:02}"),
            "emulator_roles": roles,
            "emulator_privileges": privileges,
            // Johanna works in German: metadata labels and formatted values follow.
            "emulator_uilanguageid": if p.n == 7 { 1031 } else { 1033 },
        });
        put(
            conn,
            instance,
            "systemusers",
            &su(p.n),
            row.as_object().expect("an object"),
        )?;
    }
    let created = iso(now - Duration::days(60));
    let record = |set: &str, id: &str, fields: serde_json::Value| -> rusqlite::Result<()> {
        let mut row = fields.as_object().cloned().unwrap_or_default();
        row.insert("createdon".into(), serde_json::json!(created));
        put(conn, instance, set, id, &row)
    };
    if instance_index == 1 {
        record(
            "contacts",
            AVA_REYES,
            serde_json::json!({"contactid": AVA_REYES, "fullname": "Ava Reyes", "firstname": "Ava", "lastname": "Reyes", "emailaddress1": "ava.reyes@contoso.com", "jobtitle": "Procurement Lead", "telephone1": "+1 425 555 0142", "_parentcustomerid_value": CONTOSO_PHARMA, "preferredcontactmethodcode": 2, "_ownerid_value": su(1)}),
        )?;
        record(
            "contacts",
            "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a14",
            serde_json::json!({"contactid": "6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a14", "fullname": "Ben Ito", "firstname": "Ben", "lastname": "Ito", "emailaddress1": "ben.ito@fabrikam.com", "jobtitle": "Buyer", "telephone1": "+1 206 555 0187", "preferredcontactmethodcode": 3, "_ownerid_value": su(3)}),
        )?;
        record(
            "accounts",
            CONTOSO_PHARMA,
            serde_json::json!({"accountid": CONTOSO_PHARMA, "name": "Contoso Pharmaceuticals", "_ownerid_value": su(9)}),
        )?;
        record(
            "incidents",
            "8d3b4e5f-6071-4b2c-9d3e-4f5a6b7c8d91",
            serde_json::json!({"incidentid": "8d3b4e5f-6071-4b2c-9d3e-4f5a6b7c8d91", "title": "Cold-chain shipment delayed", "ticketnumber": "CAS-01042-Q7R2", "_ownerid_value": su(10)}),
        )?;
        // Alex may only read Ava's record; Diego may not even see it.
        for (n, rights) in [(3u8, "ReadAccess"), (4u8, "")] {
            conn.execute(
                "INSERT INTO record_access (instance, record_id, systemuserid, rights) VALUES (?1, ?2, ?3, ?4)",
                params![instance, AVA_REYES, su(n), rights],
            )?;
        }
        lead(conn, instance, instance_index, now)?;
        let activities = [
            (
                "a1000000-0000-4000-8000-000000000001",
                "Follow-up on the cold-chain packaging quote",
                "phonecall",
                3u8,
            ),
            (
                "a1000000-0000-4000-8000-000000000002",
                "Re: Q1 supply agreement draft",
                "email",
                7,
            ),
            (
                "a1000000-0000-4000-8000-000000000003",
                "Site visit notes",
                "task",
                6,
            ),
            (
                "a1000000-0000-4000-8000-000000000004",
                "Pricing call",
                "phonecall",
                3,
            ),
        ];
        for (id, subject, kind, by) in activities {
            record(
                "activitypointers",
                id,
                serde_json::json!({"activityid": id, "subject": subject, "activitytypecode": kind, "_regardingobjectid_value": AVA_REYES, "_createdby_value": su(by)}),
            )?;
        }
        // Two tabs raced: the same chat is connected twice. Adele connected a chat Megan is not
        // in; one link was disconnected; one was written with braces and capitals.
        let links = [
            (
                "c1000000-0000-4000-8000-000000000001",
                "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2",
                AVA_REYES.to_owned(),
                0,
                1u8,
            ),
            (
                "c1000000-0000-4000-8000-000000000002",
                "19:2f3c5d7e9a1b4c6d8e0f1a2b3c4d5e6f@thread.v2",
                AVA_REYES.to_owned(),
                0,
                1,
            ),
            (
                "c1000000-0000-4000-8000-000000000003",
                "19:b0a4dprepb0a4dprepb0a4dprep0001@thread.v2",
                AVA_REYES.to_owned(),
                0,
                2,
            ),
            (
                "c1000000-0000-4000-8000-000000000004",
                "19:meeting_NjZmYjE0ZTYtZDI1Ny00OWVhLWI1ZjEtMjU4OTQ2ZTk0ZGQx@thread.v2",
                AVA_REYES.to_owned(),
                1,
                1,
            ),
            (
                "c1000000-0000-4000-8000-000000000005",
                "19:7a8b9c0d1e2f4a5b6c7d8e9f0a1b2c3d@thread.v2",
                format!("{{{}}}", AVA_REYES.to_uppercase()),
                0,
                7,
            ),
        ];
        for (id, chat, regarding, state, by) in links {
            record(
                "msdyn_teamschatassociations",
                id,
                serde_json::json!({
                    "msdyn_teamschatassociationid": id, "msdyn_teamschatid": chat, "msdyn_regardingobjectid": regarding,
                    "msdyn_regardingobjectname": "contact", "msdyn_entityrecordstate": state, "msdyn_teamschatassociationname": chat,
                    "_createdby_value": su(by), "modifiedon": created,
                }),
            )?;
        }
        // A link deactivated in Dynamics 365 (statecode 1, its record state still Associate):
        // the chat is not connected.
        let international = crate::conversations::INTERNATIONAL_CHAT;
        record(
            "msdyn_teamschatassociations",
            "c1000000-0000-4000-8000-000000000006",
            serde_json::json!({
                "msdyn_teamschatassociationid": "c1000000-0000-4000-8000-000000000006", "msdyn_teamschatid": international,
                "msdyn_regardingobjectid": AVA_REYES, "msdyn_regardingobjectname": "contact", "msdyn_entityrecordstate": 0,
                "msdyn_teamschatassociationname": international, "statecode": 1, "statuscode": 2,
                "_createdby_value": su(1), "modifiedon": created,
            }),
        )?;
        // Channel links, every required column filled as Dataverse demands. Key accounts is
        // written the way Microsoft's own integration writes it: a thread-id msdyn_teamid (the
        // team's internalId), the group GUID beside it, the SharePoint columns.
        let channel_link = |id: &str, link: ChannelLinkSeed| {
            let thread = |n: u8, c: u8| {
                format!("19:{n:02}{c:02}c4a7e1f0b2d3a4c5e6f7a8b9c0d1e2f3@thread.tacv2")
            };
            let group = format!("bbbbbbbb-0000-4000-8000-0000000000{:02x}", link.team.0);
            let channel_id = link
                .channel_id
                .map_or_else(|| thread(link.team.0, link.channel.0), str::to_owned);
            let site = format!("https://contoso.sharepoint.com/sites/{}", link.site);
            let site_path = site.trim_start_matches("https://contoso.sharepoint.com");
            let mut row = serde_json::json!({
                "msdyn_teamscollaborationid": id,
                "msdyn_teamid": if link.thread_team_id { thread(link.team.0, 0) } else { group.clone() },
                "msdyn_groupid": group,
                "msdyn_tenantid": DEMO_TENANT,
                "msdyn_teamname": link.team.1,
                "msdyn_channelid": channel_id,
                "msdyn_channelname": link.channel.1,
                "msdyn_channeltype": link.kind,
                "msdyn_weburl": format!("https://teams.microsoft.com/l/channel/{}/{}?groupId={group}&tenantId={DEMO_TENANT}", urlencode(&channel_id), urlencode(link.channel.1)),
                "msdyn_teamsiteurl": site,
                "msdyn_channelfolderrelativeurl": format!("{site_path}/Shared Documents/{}", link.channel.1),
                "regardingobjectid": link.record.0,
                "regardingobjecttypename": link.record.1,
                "regardingobjecttypecode": link.record.2,
                "statecode": if link.active { 0 } else { 1 },
                "statuscode": if link.active { 1 } else { 2 },
                "_createdby_value": su(link.by),
            });
            if let Some(map) = row.as_object_mut() {
                map.retain(|_, v| !v.is_null());
            }
            record("msdyn_teamscollaborations", id, row)
        };
        let ava = (AVA_REYES, "contact", 2);
        channel_link(
            "d1000000-0000-4000-8000-000000000001",
            ChannelLinkSeed {
                team: (1, "Contoso Sales"),
                channel: (1, "Key accounts"),
                channel_id: None,
                kind: Some("Standard"),
                site: "ContosoSales",
                thread_team_id: true,
                record: ava,
                active: true,
                by: 1,
            },
        )?;
        // A channel deleted in Teams after it was connected (an older row: its msdyn_teamid is
        // the group GUID): the pane shows it as missing.
        channel_link(
            "d1000000-0000-4000-8000-000000000002",
            ChannelLinkSeed {
                team: (2, "Service Excellence"),
                channel: (9, "Old escalations"),
                channel_id: Some("19:deadbeefdeadbeefdeadbeefdeadbeef@thread.tacv2"),
                kind: None,
                site: "ServiceExcellence",
                thread_team_id: false,
                record: ava,
                active: true,
                by: 10,
            },
        )?;
        // A whole team deleted in Teams.
        channel_link(
            "d1000000-0000-4000-8000-000000000003",
            ChannelLinkSeed {
                team: (0xff, "Q3 Tiger team"),
                channel: (0, "General"),
                channel_id: Some("19:0000000000000000000000000000dead@thread.tacv2"),
                kind: Some("Standard"),
                site: "Q3Tigerteam",
                thread_team_id: false,
                record: ava,
                active: true,
                by: 9,
            },
        )?;
        // The account has a channel too, a private one (its files in a site of its own).
        channel_link(
            "d1000000-0000-4000-8000-000000000004",
            ChannelLinkSeed {
                team: (1, "Contoso Sales"),
                channel: (2, "Deal desk"),
                channel_id: None,
                kind: Some("Private"),
                site: "ContosoSales-Dealdesk",
                thread_team_id: true,
                record: ("7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c81", "account", 1),
                active: true,
                by: 9,
            },
        )?;
        // A link deactivated in Dynamics 365 (statecode 1): not connected any more.
        channel_link(
            "d1000000-0000-4000-8000-000000000005",
            ChannelLinkSeed {
                team: (2, "Service Excellence"),
                channel: (1, "Escalations"),
                channel_id: None,
                kind: Some("Standard"),
                site: "ServiceExcellence",
                thread_team_id: true,
                record: ava,
                active: false,
                by: 10,
            },
        )?;
        // A stale suggestions row from an earlier computation, its record id in braces: Dataverse
        // has no unique key on the table, so readers must take the newest `msdyn_computedon`.
        // The background service writes Ava's current row beside it.
        record(
            "msdyn_teamschatsuggestions",
            "e1000000-0000-4000-8000-000000000001",
            serde_json::json!({
                "msdyn_teamschatsuggestionid": "e1000000-0000-4000-8000-000000000001",
                "msdyn_regardingobjectid": format!("{{{AVA_REYES}}}"),
                "msdyn_name": "Suggestions for Ava Reyes (stale)",
                "msdyn_computedon": iso(now - Duration::days(400)),
                "msdyn_suggestions": serde_json::json!([{
                    "AADUserId": user_id(16), "systemUserId": su(16),
                    "displayName": "Stale Suggestion", "description": "Computed a year ago",
                }]).to_string(),
            }),
        )?;
    } else {
        record(
            "accounts",
            "7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c82",
            serde_json::json!({"accountid": "7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c82", "name": "Fabrikam Inc", "_ownerid_value": su(14)}),
        )?;
        record(
            "incidents",
            "8d3b4e5f-6071-4b2c-9d3e-4f5a6b7c8d92",
            serde_json::json!({"incidentid": "8d3b4e5f-6071-4b2c-9d3e-4f5a6b7c8d92", "title": "Portal sign-in fails", "ticketnumber": "CAS-02001-F1B3", "_ownerid_value": su(10)}),
        )?;
    }
    if crate::dataverse::store::has_chat_settings(conn, instance)? {
        chat_settings(conn, instance, now)?;
    }
    Ok(())
}

/// The demo lead (Priya Natarajan, owned by Megan) with the same exceptions as Ava's record:
/// Alex may only read it, Diego may not see it; Lee logged a call on it. Also how a database
/// from before the lead gains it.
pub fn lead(
    conn: &Connection,
    instance: &str,
    instance_index: u8,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let su = |n: u8| systemuser_id(instance_index, n);
    let row = serde_json::json!({
        "leadid": PRIYA_LEAD, "fullname": "Priya Natarajan", "firstname": "Priya", "lastname": "Natarajan",
        "subject": "Cold storage for clinical trials", "companyname": "Northwind Biologics",
        "jobtitle": "Director of Clinical Supply", "emailaddress1": "pnatarajan@northwind.example",
        "telephone1": "+1 617 555 0173", "_ownerid_value": su(1), "createdon": iso(now - Duration::days(12)),
    });
    crate::dataverse::store::put(
        conn,
        instance,
        "leads",
        PRIYA_LEAD,
        row.as_object().expect("an object"),
    )?;
    for (n, rights) in [(3u8, "ReadAccess"), (4u8, "")] {
        conn.execute(
            "INSERT OR REPLACE INTO record_access (instance, record_id, systemuserid, rights) VALUES (?1, ?2, ?3, ?4)",
            params![instance, PRIYA_LEAD, su(n), rights],
        )?;
    }
    // Lee logged a call, so the lead has a suggested contact besides its owner.
    let call = "a1000000-0000-4000-8000-000000000005";
    let activity = serde_json::json!({
        "activityid": call, "subject": "Discovery call with Priya", "activitytypecode": "phonecall",
        "_regardingobjectid_value": PRIYA_LEAD, "_createdby_value": su(9), "createdon": iso(now - Duration::days(5)),
    });
    crate::dataverse::store::put(
        conn,
        instance,
        "activitypointers",
        call,
        activity.as_object().expect("an object"),
    )
}

/// A test instance's only user: a System Administrator with a Teams licence, password `demo`.
pub fn tester(conn: &Connection, tenant: &str, instance: &str) -> rusqlite::Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let username = format!("tester@{instance}.test");
    conn.execute(
        "INSERT INTO users (id, tenant_id, display_name, mail, user_principal_name, password, teams_licensed, global_admin)
         VALUES (?1, ?2, 'Test User', ?3, ?3, ?4, 1, 1)",
        params![id, tenant, username, DEMO_PASSWORD],
    )?;
    let systemuserid = uuid::Uuid::new_v4().to_string();
    let row = serde_json::json!({
        "systemuserid": systemuserid, "fullname": "Test User", "internalemailaddress": username,
        "azureactivedirectoryobjectid": id, "isdisabled": false,
        "emulator_roles": "System Administrator", "emulator_privileges": USER_PRIVILEGES,
    });
    crate::dataverse::store::put(
        conn,
        instance,
        "systemusers",
        &systemuserid,
        row.as_object().expect("an object"),
    )?;
    Ok(username)
}
