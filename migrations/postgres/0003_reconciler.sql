-- The full pass marks each user it sees with its sync run id; afterwards, users created
-- before the pass that carry another mark are the candidates for removal (each confirmed
-- with GET /v1/users/{id} first).
ALTER TABLE users ADD COLUMN seen_run bigint;
