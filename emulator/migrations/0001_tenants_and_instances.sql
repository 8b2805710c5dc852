-- One Entra tenant holds several CRM instances; consent is the tenant's, the switch each instance's.
CREATE TABLE tenants (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    teams_consent INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE instances (
    name              TEXT PRIMARY KEY,
    tenant_id         TEXT NOT NULL REFERENCES tenants(id),
    organization_id   TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    settings_id       TEXT NOT NULL,
    embed_enabled     INTEGER NOT NULL DEFAULT 0,
    -- Row version for @odata.etag; bumped on every write to the instance's rows.
    version           INTEGER NOT NULL DEFAULT 1
);

-- Test-only fault injection: the next `remaining` requests matching method and path fail.
CREATE TABLE faults (
    id        INTEGER PRIMARY KEY,
    method    TEXT,
    path      TEXT NOT NULL,
    status    INTEGER NOT NULL,
    body      TEXT,
    remaining INTEGER NOT NULL
);
