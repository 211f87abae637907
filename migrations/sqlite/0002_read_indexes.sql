-- The read API (GET /v1/users, /v1/sessions): what 0001 had no index for.
-- Text sorts in byte order (SQLite's BINARY) and NULL sorts first when ascending, as on PostgreSQL.

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
