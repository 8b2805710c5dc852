-- The Microsoft Graph side of the tenant: people, chats, messages, presence, teams, tokens.
CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    tenant_id           TEXT NOT NULL REFERENCES tenants(id),
    display_name        TEXT NOT NULL,
    given_name          TEXT,
    surname             TEXT,
    mail                TEXT,
    user_principal_name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    job_title           TEXT,
    office_location     TEXT,
    mobile_phone        TEXT,
    business_phone      TEXT,
    preferred_language  TEXT,
    password            TEXT NOT NULL,
    teams_licensed      INTEGER NOT NULL DEFAULT 1,
    can_create_chats    INTEGER NOT NULL DEFAULT 1,
    global_admin        INTEGER NOT NULL DEFAULT 0,
    photo               BLOB
);

-- A user's presence; `cycle` users change with the emulator clock unless a test pinned them.
CREATE TABLE presence (
    user_id      TEXT PRIMARY KEY REFERENCES users(id),
    availability TEXT NOT NULL,
    activity     TEXT NOT NULL,
    cycle        INTEGER NOT NULL DEFAULT 0,
    out_of_office INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chats (
    id                    TEXT PRIMARY KEY,
    tenant_id             TEXT NOT NULL,
    chat_type             TEXT NOT NULL,
    topic                 TEXT,
    created               TEXT NOT NULL,
    last_updated          TEXT NOT NULL,
    -- What Graph answers a user who is not a member: 403 or 404 (both happen).
    nonmember_status      INTEGER NOT NULL DEFAULT 403,
    meeting_join_url      TEXT
);

CREATE TABLE chat_members (
    chat_id       TEXT NOT NULL REFERENCES chats(id),
    user_id       TEXT NOT NULL REFERENCES users(id),
    membership_id TEXT NOT NULL,
    roles         TEXT NOT NULL DEFAULT 'owner',
    added         TEXT NOT NULL,
    is_hidden     INTEGER NOT NULL DEFAULT 0,
    last_read     TEXT,
    PRIMARY KEY (chat_id, user_id)
);

CREATE TABLE messages (
    chat_id      TEXT NOT NULL REFERENCES chats(id),
    id           TEXT NOT NULL,
    created      TEXT NOT NULL,
    from_user    TEXT,
    message_type TEXT NOT NULL DEFAULT 'message',
    content_type TEXT NOT NULL DEFAULT 'text',
    content      TEXT NOT NULL DEFAULT '',
    event_detail TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, id)
);

CREATE TABLE teams (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    display_name TEXT NOT NULL,
    description  TEXT,
    visibility   TEXT NOT NULL DEFAULT 'private',
    is_archived  INTEGER NOT NULL DEFAULT 0,
    created      TEXT NOT NULL
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL DEFAULT 'member',
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE channels (
    id              TEXT PRIMARY KEY,
    team_id         TEXT NOT NULL REFERENCES teams(id),
    display_name    TEXT NOT NULL,
    description     TEXT,
    membership_type TEXT NOT NULL DEFAULT 'standard',
    created         TEXT NOT NULL
);

-- Members of private channels (standard channels are open to the whole team).
CREATE TABLE channel_members (
    channel_id TEXT NOT NULL REFERENCES channels(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (channel_id, user_id)
);

CREATE TABLE team_operations (
    id         TEXT PRIMARY KEY,
    team_id    TEXT NOT NULL,
    created    TEXT NOT NULL,
    -- Emulator seconds (clock included) at which the operation reports success.
    done_at    INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
);

-- Issued access tokens: opaque strings with an audience, scopes and an expiry (emulator clock).
CREATE TABLE tokens (
    token      TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    user_id    TEXT,
    client_id  TEXT NOT NULL,
    audience   TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Emulator settings: the clock offset, whether Graph exposes Retry-After and Location to browsers.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE request_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    listener TEXT NOT NULL,
    method   TEXT NOT NULL,
    path     TEXT NOT NULL,
    query    TEXT,
    status   INTEGER NOT NULL,
    headers  TEXT NOT NULL,
    body     TEXT
);

ALTER TABLE faults ADD COLUMN delay_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE faults ADD COLUMN retry_after TEXT;
