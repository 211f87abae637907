"""Reference for the SQLite half of scripts/bench-store: Python's built-in sqlite3.

Same schema (migrations/sqlite/0001_initial.sql), same pragmas as the store's writer
(WAL, synchronous=FULL, foreign_keys=ON), same upsert, same rows (benchrows.py), one
BEGIN IMMEDIATE ... COMMIT per batch with executemany. Two phases: insert path (new ids into
an empty table), then update path (the same ids, newer updated_at: every row replaced).

    python3 sqlite_upsert.py --sqlite PATH [--rows 100000] [--batch 500] [--migration FILE]

Prints lines like the Swift side: `sqlite insert rows_per_s=... seconds=... rows=... variant=python-sqlite3`.
"""

import argparse
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchrows  # noqa: E402


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--migration", default=os.path.join(here, "..", "..", "migrations", "sqlite", "0001_initial.sql"))
    args = parser.parse_args()

    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.sqlite + suffix):
            os.remove(args.sqlite + suffix)
    db = sqlite3.connect(args.sqlite, isolation_level=None)  # autocommit: we say BEGIN/COMMIT
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    assert mode.lower() == "wal", mode
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    with open(args.migration) as f:
        db.executescript("BEGIN IMMEDIATE;" + f.read() + ";COMMIT;")

    sql = benchrows.upsert_sql(lambda i: "?%d" % i)
    totals = [0.0, 0]
    for phase, name in ((1, "insert"), (2, "update")):
        rows = [benchrows.row(n, phase) for n in range(args.rows)]  # generated before timing
        start = time.perf_counter()
        for first in range(0, args.rows, args.batch):
            db.execute("BEGIN IMMEDIATE")
            db.executemany(sql, rows[first:first + args.batch])
            db.execute("COMMIT")
        seconds = time.perf_counter() - start
        totals[0] += seconds
        totals[1] += len(rows)
        report(name, len(rows), seconds)
        check(db, args.rows, phase)
        del rows
    report("combined", totals[1], totals[0])
    db.close()


def report(phase, rows, seconds):
    print("sqlite %s rows_per_s=%.0f seconds=%.3f rows=%d variant=python-sqlite3" % (phase, rows / seconds, seconds, rows),
          flush=True)


def check(db, rows, phase):
    """Every row present, and every row carries this phase's updated_at."""
    count, current = db.execute(
        "SELECT count(*), sum(updated_at = created_at + ?1) FROM users", (phase * benchrows.DAY_MS,)).fetchone()
    if count != rows or current != rows:
        sys.exit("sqlite_upsert: phase %d left %d rows, %d current (want %d)" % (phase, count, current, rows))


if __name__ == "__main__":
    main()
