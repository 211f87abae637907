-- The read API (GET /v1/users, /v1/sessions): what 0001 had no index for.
-- Text sorts in byte order (SQLite's BINARY) and NULL sorts first when ascending, as on PostgreSQL.

-- users becomes an ordinary rowid table. WITHOUT ROWID keeps whole rows in the primary-key
-- b-tree, interior pages included; with rows of a few KB (raw is the whole User object) a page
-- holds a handful of cells, so the tree is deep and each lookup by id walked ~9 pages: about
-- 3x slower than a rowid table, whose interior pages hold only integers
-- (https://sqlite.org/withoutrowid.html section 4: "best when rows are small"). Same columns.
-- foreign_keys cannot be switched off inside the migration's transaction, and renaming a
-- parent then rewrites its children's references, so user_email_addresses is rebuilt too:
-- no row is deleted by a cascade on the way.
ALTER TABLE users RENAME TO users_0001;
ALTER TABLE user_email_addresses RENAME TO user_email_addresses_0001;

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

CREATE TABLE user_email_addresses (
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email_address_id TEXT NOT NULL,
    email_address    TEXT NOT NULL, -- lower-cased
    verified         INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    is_primary       INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    PRIMARY KEY (user_id, email_address_id)
) WITHOUT ROWID;

INSERT INTO users SELECT * FROM users_0001;
INSERT INTO user_email_addresses SELECT * FROM user_email_addresses_0001;
DROP TABLE user_email_addresses_0001;
DROP TABLE users_0001;

-- 0001's indexes went with the old tables; the same again, id breaking ties.
CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_updated_at ON users (updated_at, id);
CREATE INDEX users_primary_email_address ON users (primary_email_address, id);
CREATE INDEX users_username ON users (username, id);
CREATE INDEX users_external_id ON users (external_id);
CREATE INDEX users_first_name ON users (first_name, id);
CREATE INDEX users_last_name ON users (last_name, id);
CREATE INDEX users_last_active_at ON users (last_active_at, id);
CREATE INDEX users_last_sign_in_at ON users (last_sign_in_at, id);
CREATE INDEX user_email_addresses_email ON user_email_addresses (email_address);

-- Phone numbers, so phone_number filters are index lookups. Written with the user.
CREATE TABLE user_phone_numbers (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone_number_id TEXT NOT NULL,
    phone_number    TEXT NOT NULL, -- as Clerk spells it (E.164)
    PRIMARY KEY (user_id, phone_number_id)
) WITHOUT ROWID;

CREATE INDEX user_phone_numbers_phone ON user_phone_numbers (phone_number);

-- What the partial-match filters (query, email_address_query, phone_number_query,
-- username_query, name_query) search: one row per user, text lower-cased by the writer,
-- several values one per line. search_id is the rowid of the FTS5 index below.
CREATE TABLE user_search (
    search_id INTEGER PRIMARY KEY,
    user_id   TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    emails    TEXT NOT NULL DEFAULT '',
    phones    TEXT NOT NULL DEFAULT '',
    username  TEXT NOT NULL DEFAULT '',
    name      TEXT NOT NULL DEFAULT '' -- "first last"
);

-- A b-tree cannot serve LIKE '%x%'; FTS5's trigram tokenizer can, for substrings of three
-- characters or more (https://sqlite.org/fts5.html#the_trigram_tokenizer). Shorter ones scan
-- user_search. The triggers are FTS5's external-content pattern; they also fire on the
-- cascade from a deleted user.
CREATE VIRTUAL TABLE user_search_fts USING fts5(
    user_id, emails, phones, username, name,
    content = 'user_search', content_rowid = 'search_id', tokenize = 'trigram'
);

CREATE TRIGGER user_search_inserted AFTER INSERT ON user_search BEGIN
    INSERT INTO user_search_fts (rowid, user_id, emails, phones, username, name)
    VALUES (new.search_id, new.user_id, new.emails, new.phones, new.username, new.name);
END;

CREATE TRIGGER user_search_deleted AFTER DELETE ON user_search BEGIN
    INSERT INTO user_search_fts (user_search_fts, rowid, user_id, emails, phones, username, name)
    VALUES ('delete', old.search_id, old.user_id, old.emails, old.phones, old.username, old.name);
END;

CREATE TRIGGER user_search_updated AFTER UPDATE ON user_search BEGIN
    INSERT INTO user_search_fts (user_search_fts, rowid, user_id, emails, phones, username, name)
    VALUES ('delete', old.search_id, old.user_id, old.emails, old.phones, old.username, old.name);
    INSERT INTO user_search_fts (rowid, user_id, emails, phones, username, name)
    VALUES (new.search_id, new.user_id, new.emails, new.phones, new.username, new.name);
END;

-- Users stored before this migration. SQLite's lower() folds ASCII only; the writer folds
-- all of Unicode, and FTS5 folds both sides of a match anyway.
INSERT INTO user_phone_numbers (user_id, phone_number_id, phone_number)
SELECT users.id, json_extract(phone.value, '$.id'), json_extract(phone.value, '$.phone_number')
FROM users, json_each(users.raw, '$.phone_numbers') AS phone
WHERE json_extract(phone.value, '$.id') IS NOT NULL AND json_extract(phone.value, '$.phone_number') IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO user_search (user_id, emails, phones, username, name)
SELECT users.id,
       COALESCE((SELECT group_concat(email_address, char(10)) FROM user_email_addresses WHERE user_id = users.id), ''),
       COALESCE((SELECT group_concat(lower(phone_number), char(10)) FROM user_phone_numbers WHERE user_id = users.id), ''),
       lower(COALESCE(users.username, '')),
       lower(trim(COALESCE(users.first_name, '') || ' ' || COALESCE(users.last_name, '')))
FROM users;

-- banned=true|false with the default ordering walks this instead of every user.
CREATE INDEX users_banned ON users (banned, created_at, id);

-- Newest first within a user, a client or a status, with id breaking ties.
DROP INDEX sessions_user_id;
DROP INDEX sessions_client_id;
CREATE INDEX sessions_user_id ON sessions (user_id, created_at, id);
CREATE INDEX sessions_client_id ON sessions (client_id, created_at, id);
CREATE INDEX sessions_status ON sessions (status, created_at, id);
