"""The benchmark's rows, the same bytes as Benchmarks/StoreBench/Rows.swift.

Row n (0-based) in phase p (1 = insert path, 2 = update path) is a pure function of (n, p),
so Swift, Python and the pgbench script (which rebuilds it in SQL) write identical rows.
`scripts/bench-store` checks that by comparing `--print-row` output and table digests.

    python3 benchrows.py print-row N PHASE          # the 16 column values, one a line
    python3 benchrows.py pgbench-script [BATCH]     # the pgbench reference script, on stdout
    python3 benchrows.py template                   # the raw JSON template (a pgbench -D value)
"""

import re
import sys

COLUMNS = [
    "id", "primary_email_address", "username", "first_name", "last_name", "external_id",
    "banned", "locked", "created_at", "updated_at", "last_sign_in_at", "last_active_at",
    "public_metadata", "private_metadata", "unsafe_metadata", "raw",
]

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
         "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas"]

# A Clerk User object (the shape of user.updated's `data`), ~1.5 KB once filled in.
# Placeholders are PostgreSQL format()'s positional %N$s, so the SQL side is format(TEMPLATE, ...):
#  1 25-digit row number   2 external_id   3 username   4 first_name   5 last_name
#  6 public_metadata       7 private_metadata          8 email        9 created_at
# 10 updated_at           11 last_sign_in_at          12 banned      13 locked
# 14 last_active_at
TEMPLATE = (
    '{"object":"user","id":"user_2x%1$s","external_id":"%2$s",'
    '"primary_email_address_id":"idn_2x%1$s","primary_phone_number_id":null,"primary_web3_wallet_id":null,'
    '"username":"%3$s","first_name":"%4$s","last_name":"%5$s",'
    '"image_url":"https://img.clerk.com/eyJ0eXBlIjoicHJveHkiLCJzcmMiOiJ1c2VyXzJ4%1$s","has_image":true,'
    '"public_metadata":%6$s,"private_metadata":%7$s,"unsafe_metadata":{},'
    '"email_addresses":[{"id":"idn_2x%1$s","object":"email_address","email_address":"%8$s","reserved":false,'
    '"verification":{"status":"verified","strategy":"from_oauth_google","attempts":null,"expire_at":null},'
    '"linked_to":[{"type":"oauth_google","id":"idn_2y%1$s"}],"matches_sso_connection":false,'
    '"created_at":%9$s,"updated_at":%10$s}],'
    '"phone_numbers":[],"web3_wallets":[],"passkeys":[],"password_enabled":false,"two_factor_enabled":false,'
    '"totp_enabled":false,"backup_code_enabled":false,"mfa_enabled_at":null,"mfa_disabled_at":null,'
    '"external_accounts":[],'
    '"saml_accounts":[],"enterprise_accounts":[],"last_sign_in_at":%11$s,"banned":%12$s,"locked":%13$s,'
    '"lockout_expires_in_seconds":null,"verification_attempts_remaining":100,'
    '"updated_at":%10$s,"created_at":%9$s,"delete_self_enabled":true,"create_organization_enabled":true,'
    '"create_organizations_limit":null,"last_active_at":%14$s,"legal_accepted_at":%9$s}'
)

CREATED_BASE = 1_700_000_000_000  # ms
DAY_MS = 86_400_000


def fill(template, args):
    return re.sub(r"%(\d+)\$s", lambda m: args[int(m.group(1)) - 1], template)


def row(n, phase):
    """The 16 column values of row n in the given phase, as sqlite3 binds them."""
    first = FIRST[n % 16]
    last = LAST[n // 16 % 16]
    number = "%025d" % n
    username = "%s_%s_%d" % (first.lower(), last.lower(), n)
    email = "%s.%s+%d@example.com" % (first.lower(), last.lower(), n)
    external_id = "crm_%d" % n
    banned = n % 97 == 0
    locked = n % 89 == 0
    created = CREATED_BASE + n * 1000
    updated = created + phase * DAY_MS
    last_sign_in = updated - 60_000
    last_active = updated
    public = '{"plan":"pro","seats":%d}' % (n % 50 + 1)
    private = '{"crm_id":"crm_%d","score":%d}' % (n, n % 1000)
    raw = fill(TEMPLATE, [number, external_id, username, first, last, public, private, email,
                          str(created), str(updated), str(last_sign_in),
                          "true" if banned else "false", "true" if locked else "false", str(last_active)])
    return ("user_2x" + number, email, username, first, last, external_id,
            int(banned), int(locked), created, updated, last_sign_in, last_active,
            public, private, "{}", raw)


def upsert_sql(placeholder):
    """The mirror's upsert; placeholder(i) spells the i-th (1-based) parameter."""
    columns = ", ".join(COLUMNS)
    values = ", ".join(placeholder(i + 1) for i in range(len(COLUMNS)))
    updates = ", ".join("%s = excluded.%s" % (c, c) for c in COLUMNS[1:])
    return ("INSERT INTO users (%s) VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s "
            "WHERE excluded.updated_at > users.updated_at" % (columns, values, updates))


def sql_array(names):
    return "(ARRAY[%s])" % ",".join("'%s'" % name for name in names)


def pgbench_script(batch):
    """One pgbench transaction = BEGIN; `batch` single-row upserts; COMMIT: what the Swift
    per-row variant does. Variables: :base (first row number of the batch, advanced by the
    script), :phase, :tmpl (TEMPLATE, sent as a parameter like the Swift side's raw bytes).
    pgbench computes the integers client-side (\\set); the strings are built in SQL from them."""
    first, last = sql_array(FIRST), sql_array(LAST)
    first_l, last_l = sql_array([x.lower() for x in FIRST]), sql_array([x.lower() for x in LAST])
    num = "lpad(:n::text, 25, '0')"
    fn, ln = "%s[:fi]" % first, "%s[:li]" % last
    username = "%s[:fi] || '_' || %s[:li] || '_' || :n::text" % (first_l, last_l)
    email = "%s[:fi] || '.' || %s[:li] || '+' || :n::text || '@example.com'" % (first_l, last_l)
    ext = "'crm_' || :n::text"
    public = "'{\"plan\":\"pro\",\"seats\":' || :seats::text || '}'"
    private = "'{\"crm_id\":\"crm_' || :n::text || '\",\"score\":' || :score::text || '}'"
    raw = ("format(:tmpl::text, %s, %s, %s, %s, %s, %s, %s, %s, :c::text, :u::text, :s::text, "
           ":ban::text, :lock::text, :u::text)" % (num, ext, username, fn, ln, public, private, email))
    values = [
        "'user_2x' || " + num, email, username, fn, ln, ext, ":ban::boolean", ":lock::boolean",
        ":c::bigint", ":u::bigint", ":s::bigint", ":u::bigint", "(%s)::jsonb" % public, "(%s)::jsonb" % private,
        "'{}'::jsonb", "(%s)::json" % raw,
    ]
    sql = upsert_sql(lambda i: values[i - 1])
    lines = ["BEGIN;"]
    for k in range(batch):
        lines += [
            "\\set n :base + %d" % k,
            "\\set fi :n % 16 + 1",
            "\\set li (:n / 16) % 16 + 1",
            "\\set c %d + :n * 1000" % CREATED_BASE,
            "\\set u :c + :phase * %d" % DAY_MS,
            "\\set s :u - 60000",
            "\\set seats :n % 50 + 1",
            "\\set score :n % 1000",
            "\\set ban (:n % 97) = 0",
            "\\set lock (:n % 89) = 0",
            sql + ";",
        ]
    lines += ["COMMIT;", "\\set base :base + %d" % batch]
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) >= 4 and argv[1] == "print-row":
        for value in row(int(argv[2]), int(argv[3])):
            print(value)
    elif len(argv) >= 2 and argv[1] == "pgbench-script":
        sys.stdout.write(pgbench_script(int(argv[2]) if len(argv) > 2 else 500))
    elif len(argv) >= 2 and argv[1] == "template":
        sys.stdout.write(TEMPLATE)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
