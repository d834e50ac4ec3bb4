"""Backup + restore round trip of the large demo shop, against the bare SQLite floor.

    python -m tests.bench backup

Works on its own copy of the large demo. Each figure's floor is the least the work needs
through SQLite itself: a backup is a copy (SQLite's backup API) plus one integrity_check; a
restore is a file copy, a backup-API copy and one integrity_check. Then checks that every table
has the same number of rows after the restore as the database had when backed up (a mismatch
stops the benchmark: an error row in the table). Target: 1.5x the floor.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
from pathlib import Path

from shopdesk import db as database
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.shop import backup, restore
from tests.bench.harness import Bench, ratio, timed
from tests.bench.runner import script

WRITES = True  # restores over the shop
TARGET = 1.5


def _row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def _bare_backup(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    dst.close()
    src.close()


def run(bench: Bench) -> None:
    work = bench.folder("backup")
    live = bench.db
    size = live.stat().st_size
    db = database.open(live)
    counts = _row_counts(live)
    rows = sum(counts.values())
    biggest = sorted(counts.items(), key=lambda x: -x[1])[:4]
    bench.note(f"Database: {size / 1e6:.1f} MB, {len(counts)} tables, {rows:,} rows "
               f"({', '.join(f'{n:,} {t}' for t, n in biggest)})")

    floor_copy, _ = timed(lambda: _bare_backup(live, work / "floor.sqlite3"))
    floor_check, _ = timed(lambda: sqlite3.connect(work / "floor.sqlite3").execute(
        "PRAGMA integrity_check").fetchall())
    folder = work / "backups"
    made_s, made = timed(lambda: backup.make_backup(COMMAND_LINE, db, folder))
    bench.figure("backup (copy + verify + fsync + rename)", made_s, ratio(TARGET),
                 floor_copy + floor_check)
    bench.note(f"backup against the bare copy alone (no integrity_check): "
               f"{made_s / floor_copy:.2f}x")

    db.execute_sql("UPDATE shop_settings SET name = 'Changed after the backup'")
    floor_restore, _ = timed(lambda: shutil.copyfile(made.path, work / "floor2.sqlite3"))
    restored_s, result = timed(lambda: restore.restore_backup(
        COMMAND_LINE, db, live, made.path, folder,
        now=dt.datetime.now() + dt.timedelta(seconds=5)))
    bench.figure("restore (verify, safety copy, swap, open)", restored_s, ratio(TARGET),
                 floor_restore + floor_copy + floor_check)
    result.db.close()

    after = _row_counts(live)
    after.pop("audit_entry", None)
    before = {k: v for k, v in counts.items() if k != "audit_entry"}
    mismatched = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
                  if before.get(t) != after.get(t)}
    name = sqlite3.connect(live).execute("SELECT name FROM shop_settings").fetchone()[0]
    if mismatched or name == "Changed after the backup":
        raise SystemExit(f"restore lost data: row counts {mismatched}, shop name {name!r}")
    bench.note(f"Row counts after restore: all {len(before)} tables match (audit_entry gains "
               f"the restore's own entry); shop name back to {name!r}")


if __name__ == "__main__":
    sys.exit(script("backup"))
