//! The SQLite store: embedded migrations and the demo seed.

use crate::seed::DEMO_TENANT;
use rusqlite::{params, Connection};
use std::path::Path;

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_tenants_and_instances.sql"),
    include_str!("../migrations/0002_graph.sql"),
    include_str!("../migrations/0003_dataverse_tables.sql"),
    include_str!("../migrations/0004_user_type.sql"),
    include_str!("../migrations/0005_chat_messages.sql"),
    include_str!("../migrations/0006_photo_sizes.sql"),
    include_str!("../migrations/0007_link_state.sql"),
    include_str!("../migrations/0008_chat_settings.sql"),
];

/// Opens (creating if needed) the database at `path`, or in memory for `:memory:`, migrated and
/// seeded when empty.
pub fn open(path: &str) -> rusqlite::Result<Connection> {
    let conn = if path == ":memory:" {
        Connection::open_in_memory()?
    } else {
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        }
        Connection::open(path)?
    };
    conn.pragma_update(None, "foreign_keys", true)?;
    migrate(&conn)?;
    let tenants: i64 = conn.query_row("SELECT count(*) FROM tenants", [], |r| r.get(0))?;
    let users: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0))?;
    if tenants == 0 {
        seed(&conn)?;
    } else if users == 0 {
        // A database from before the Graph migration keeps its flags and gains the people.
        crate::seed::graph(&conn, DEMO_TENANT, crate::clock::now(&conn))?;
    }
    let rows: i64 = conn.query_row("SELECT count(*) FROM dv_rows", [], |r| r.get(0))?;
    if rows == 0 {
        seed_dataverse(&conn)?;
    }
    // A database from before the chat settings gains their rows (and the demo view).
    let entities: i64 = conn.query_row(
        "SELECT count(*) FROM dv_rows WHERE entity_set = 'entities'",
        [],
        |r| r.get(0),
    )?;
    if entities == 0 {
        crate::seed::chat_settings(&conn, "contoso", crate::clock::now(&conn))?;
    }
    // A demo database from before the lead gains it (with its access), and its suggestions.
    let (users, leads): (i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE entity_set = 'systemusers'), count(*) FILTER (WHERE entity_set = 'leads')
         FROM dv_rows WHERE instance = 'contoso'",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if users > 0 && leads == 0 {
        crate::seed::lead(&conn, "contoso", 1, crate::clock::now(&conn))?;
        crate::suggestions::enqueue(&conn, "contoso", crate::seed::PRIYA_LEAD, "lead")?;
    }
    Ok(conn)
}

/// Deletes everything and seeds the demo data again.
pub fn reset(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM dv_rows; DELETE FROM record_access; DELETE FROM suggestion_queue; DELETE FROM enterprise_apps;
         DELETE FROM faults; DELETE FROM request_log; DELETE FROM tokens; DELETE FROM settings;
         DELETE FROM team_operations; DELETE FROM channel_members; DELETE FROM channels;
         DELETE FROM team_members; DELETE FROM teams; DELETE FROM message_reactions;
         DELETE FROM hosted_contents; DELETE FROM messages; DELETE FROM chat_members;
         DELETE FROM chats; DELETE FROM presence; DELETE FROM users;
         DELETE FROM instances; DELETE FROM tenants;",
    )?;
    seed(conn)
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let applied: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", index + 1)?;
    }
    Ok(())
}

/// The demo: one tenant that has consented, `contoso` switched on and `fabrikam` not yet, and
/// the tenant's people, chats, presence, teams and channels.
fn seed(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO tenants (id, name, teams_consent) VALUES (?1, 'Contoso', 1)",
        params![DEMO_TENANT],
    )?;
    let instances = [
        (
            "contoso",
            "0b7e4a52-9c1d-4f3e-8a6b-5d2c1e0f9a01",
            "Contoso Sales",
            "3c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e01",
            true,
            true,
        ),
        (
            "fabrikam",
            "0b7e4a52-9c1d-4f3e-8a6b-5d2c1e0f9a02",
            "Contoso Service",
            "3c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e02",
            false,
            false,
        ),
    ];
    // The last flag: whether the instance has the Teams Chat Settings solution.
    for (name, org_id, org_name, settings_id, enabled, chat_settings) in instances {
        conn.execute(
            "INSERT INTO instances (name, tenant_id, organization_id, organization_name, settings_id, embed_enabled, chat_settings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![name, DEMO_TENANT, org_id, org_name, settings_id, enabled, chat_settings],
        )?;
    }
    crate::seed::graph(conn, DEMO_TENANT, crate::clock::now(conn))?;
    seed_dataverse(conn)
}

/// The demo instances' CRM rows, and their suggestions queued for the background service.
fn seed_dataverse(conn: &Connection) -> rusqlite::Result<()> {
    let now = crate::clock::now(conn);
    crate::seed::dataverse(conn, "contoso", 1, now)?;
    crate::seed::dataverse(conn, "fabrikam", 2, now)?;
    crate::suggestions::enqueue_tenant(conn, DEMO_TENANT)
}
