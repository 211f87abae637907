#!/usr/bin/env python3
"""Queues COUNT pending user.updated events straight into webhook_inbox, for the drain
benchmark of scripts/bench-ingest (the worker is what is measured, not the receiver).

  fill_inbox.py sqlite PATH COUNT
  fill_inbox.py csv FILE COUNT      (a file for psql's \\copy into PostgreSQL)
"""
import csv, sqlite3, sys, time
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from deliveries import user_event

kind, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
now = int(time.time() * 1000)
rows = (("msg_drain_%d" % i, "user.updated", now, user_event(i, 10000, 1_800_000_000_000).encode(), now)
        for i in range(count))
if kind == "sqlite":
    db = sqlite3.connect(target)
    db.executemany("INSERT INTO webhook_inbox (svix_id, event_type, received_at, payload, state, attempts, next_attempt_at)"
                   " VALUES (?, ?, ?, ?, 'pending', 0, ?)", rows)
    db.commit()
else:
    with open(target, "w", newline="") as out:
        writer = csv.writer(out)
        for svix_id, event_type, received, payload, due in rows:
            writer.writerow([svix_id, event_type, received, "\\x" + payload.hex(), "pending", 0, due])
