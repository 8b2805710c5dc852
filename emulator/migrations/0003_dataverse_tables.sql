-- Dataverse rows of every table the emulator serves besides the two flags, as JSON documents
-- (the Web API's own shape), keyed by instance, entity set and primary key.
CREATE TABLE dv_rows (
    instance   TEXT NOT NULL REFERENCES instances(name),
    entity_set TEXT NOT NULL,
    id         TEXT NOT NULL,
    data       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (instance, entity_set, id)
);

-- Access rights of one user on one record, where they differ from the default (owners and
-- system administrators have every right; anyone else reads and appends to).
CREATE TABLE record_access (
    instance     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    systemuserid TEXT NOT NULL,
    rights       TEXT NOT NULL,
    PRIMARY KEY (instance, record_id, systemuserid)
);

-- Records whose suggested contacts the background service must compute again.
CREATE TABLE suggestion_queue (
    instance  TEXT NOT NULL,
    record_id TEXT NOT NULL,
    entity    TEXT NOT NULL,
    PRIMARY KEY (instance, record_id)
);

-- Enterprise applications a tenant consented to, with the permissions granted.
CREATE TABLE enterprise_apps (
    tenant_id   TEXT NOT NULL,
    app_id      TEXT NOT NULL,
    name        TEXT NOT NULL,
    permissions TEXT NOT NULL,
    consented   TEXT NOT NULL,
    consented_by TEXT NOT NULL,
    PRIMARY KEY (tenant_id, app_id)
);
