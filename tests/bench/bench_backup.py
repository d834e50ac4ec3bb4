"""Backup + restore round trip of a large demo shop, against the bare SQLite floor.

    python tests/bench/bench_backup.py [--db /tmp/large.db]

Builds the large demo database first if the file is missing (``shopdesk demo --scale
large``). Works on a copy, so the demo file is never changed. Prints each figure with its
floor (SQLite's own backup API / a bare file copy) and the ratio, then checks that every
table has the same number of rows after the restore as the database had when backed up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shopdesk import db as database  # noqa: E402
from shopdesk.services.access import COMMAND_LINE  # noqa: E402
from shopdesk.services.shop import backup, restore  # noqa: E402


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


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


def _line(what: str, seconds: float, floor: float, floor_what: str) -> None:
    print(f"{what:<38} {seconds * 1000:9.0f} ms   floor {floor * 1000:8.0f} ms "
          f"({floor_what})   ratio {seconds / floor:5.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/large.db"))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"Making the large demo shop at {args.db} (once; reused next time)…")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--scale", "large",
                        "--db", str(args.db)], check=True)
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    try:
        live = work / "shop.sqlite3"
        _bare_backup(args.db, live)
        size = live.stat().st_size
        db = database.open(live)
        counts = _row_counts(live)
        rows = sum(counts.values())
        biggest = sorted(counts.items(), key=lambda x: -x[1])[:4]
        print(f"Database: {size / 1e6:.1f} MB, {len(counts)} tables, {rows:,} rows "
              f"({', '.join(f'{n:,} {t}' for t, n in biggest)})")

        floor_copy, _ = _timed(lambda: _bare_backup(live, work / "floor.sqlite3"))
        floor_check, _ = _timed(lambda: sqlite3.connect(work / "floor.sqlite3").execute(
            "PRAGMA integrity_check").fetchall())
        folder = work / "backups"
        made_s, made = _timed(lambda: backup.make_backup(COMMAND_LINE, db, folder))
        _line("backup (copy + verify + fsync + rename)", made_s, floor_copy,
              "sqlite3 Connection.backup")
        _line("  same, floor incl. integrity_check", made_s, floor_copy + floor_check,
              "backup + integrity_check")

        db.execute_sql("UPDATE shop_settings SET name = 'Changed after the backup'")
        floor_restore, _ = _timed(lambda: shutil.copyfile(made.path, work / "floor2.sqlite3"))
        restored_s, result = _timed(lambda: restore.restore_backup(
            COMMAND_LINE, db, live, made.path, folder,
            now=dt.datetime.now() + dt.timedelta(seconds=5)))
        _line("restore (verify, safety copy, swap, open)", restored_s,
              floor_restore + floor_copy, "file copy + sqlite backup")
        _line("  same, floor incl. one integrity_check", restored_s,
              floor_restore + floor_copy + floor_check, "copy + backup + integrity_check")
        result.db.close()

        after = _row_counts(live)
        after.pop("audit_entry", None)
        before = {k: v for k, v in counts.items() if k != "audit_entry"}
        mismatched = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
                      if before.get(t) != after.get(t)}
        name = sqlite3.connect(live).execute("SELECT name FROM shop_settings").fetchone()[0]
        verdict = f"all {len(before)} tables match" if not mismatched else f"MISMATCH {mismatched}"
        print(f"Row counts after restore: {verdict} (audit_entry gains the restore's own "
              f"entry); shop name back to {name!r}")
        return 1 if mismatched or name == "Changed after the backup" else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
