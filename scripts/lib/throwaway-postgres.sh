# Sourced by the benchmark scripts: a throwaway PostgreSQL server, durable (fsync on,
# synchronous_commit on), as the postgres user when run as root, in a temporary folder, on a
# free port. Call `pg_start FOLDER`; `pg_stop` (put it in your EXIT trap) always stops it.
# After pg_start: pg_port, psql_q (quiet psql), pg_url DB, fresh_pg_db DB.

pg_find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_start() {
    pg_dir=$1
    pg_bin=$(pg_find_bin)
    [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --create-home postgres
        pg_user=postgres
    else
        pg_user=$(id -un)
    fi
    mkdir -p "$pg_dir"
    chmod 755 "$pg_dir"
    [ "$(id -u)" = 0 ] && chown "$pg_user" "$pg_dir"
    pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 >"$pg_dir/initdb.log" 2>&1 ||
        { cat "$pg_dir/initdb.log" >&2; return 1; }
    pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null ||
        { cat "$pg_dir/server.log" >&2; return 1; }
}

pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_stop() {
    [ -n "${pg_dir:-}" ] && [ -f "$pg_dir/data/postmaster.pid" ] || return 0
    pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 ||
        pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
}

psql_q() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -At "$@"; }
pg_url() { echo "postgres://postgres@127.0.0.1:$pg_port/$1?sslmode=disable"; }
fresh_pg_db() { psql_q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
