-- clerk-mirror schema, SQLite. Timestamps are Unix milliseconds, as Clerk sends them.
-- Booleans are INTEGER 0/1. JSON is TEXT, kept exactly as Clerk sent it.

-- users, sessions and webhook_inbox are rowid tables: their rows (raw JSON, payloads) run to
-- kilobytes, and SQLite advises WITHOUT ROWID only for rows under ~1/20 of a page.
CREATE TABLE users (
    id                    TEXT PRIMARY KEY,
    primary_email_address TEXT,
    username              TEXT,
    first_name            TEXT,
    last_name             TEXT,
    external_id           TEXT,
    banned                INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1)),
    locked                INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    last_sign_in_at       INTEGER,
    last_active_at        INTEGER,
    public_metadata       TEXT NOT NULL DEFAULT '{}',
    private_metadata      TEXT,
    unsafe_metadata       TEXT,
    raw                   TEXT NOT NULL
);

-- Every ordering and filter of GET /v1/users is served by an index; id breaks ties.
CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_updated_at ON users (updated_at, id);
CREATE INDEX users_primary_email_address ON users (primary_email_address, id);
CREATE INDEX users_username ON users (username, id);
CREATE INDEX users_external_id ON users (external_id);
CREATE INDEX users_first_name ON users (first_name, id);
CREATE INDEX users_last_name ON users (last_name, id);
CREATE INDEX users_last_active_at ON users (last_active_at, id);
CREATE INDEX users_last_sign_in_at ON users (last_sign_in_at, id);

CREATE TABLE user_email_addresses (
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email_address_id TEXT NOT NULL,
    email_address    TEXT NOT NULL, -- lower-cased
    verified         INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    is_primary       INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (user_id, email_address_id)
) WITHOUT ROWID;

CREATE INDEX user_email_addresses_email ON user_email_addresses (email_address);

-- Clerk never reuses ids: a tombstone keeps a deleted user deleted, whatever arrives later.
CREATE TABLE user_tombstones (
    id         TEXT PRIMARY KEY,
    deleted_at INTEGER NOT NULL,
    source     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    client_id      TEXT,
    status         TEXT NOT NULL,
    last_active_at INTEGER,
    expire_at      INTEGER,
    abandon_at     INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    raw            TEXT NOT NULL
);

CREATE INDEX sessions_user_id ON sessions (user_id, created_at);
CREATE INDEX sessions_client_id ON sessions (client_id, created_at);
CREATE INDEX sessions_created_at ON sessions (created_at, id);

CREATE TABLE webhook_inbox (
    svix_id         TEXT PRIMARY KEY,
    event_type      TEXT,
    received_at     INTEGER NOT NULL,
    payload         BLOB NOT NULL, -- the raw body, byte for byte
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'done', 'ignored', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    applied_at      INTEGER,
    last_error      TEXT
);

CREATE INDEX webhook_inbox_due ON webhook_inbox (state, next_attempt_at);
CREATE INDEX webhook_inbox_received_at ON webhook_inbox (received_at);

-- Users whose stored row tied with an incoming one (equal updated_at, other content):
-- the reconciler fetches each from the Backend API.
CREATE TABLE user_refresh_requests (
    user_id      TEXT PRIMARY KEY,
    requested_at INTEGER NOT NULL,
    reason       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_runs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,    -- full, incremental, user
    trigger        TEXT NOT NULL,    -- schedule, startup, command, admin
    state          TEXT NOT NULL DEFAULT 'running'
                   CHECK (state IN ('running', 'complete', 'failed', 'interrupted')),
    started_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    pages          INTEGER NOT NULL DEFAULT 0,
    users_seen     INTEGER NOT NULL DEFAULT 0,
    created        INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    upstream_count INTEGER,
    error          TEXT
);

CREATE INDEX sync_runs_kind_state ON sync_runs (kind, state, started_at);

-- Small named values the mirror keeps between runs (watermarks, leases).
CREATE TABLE mirror_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
