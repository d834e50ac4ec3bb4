"""Crash safety of backup and restore: a backup process killed (SIGKILL) at random moments
leaves only complete, verified backups (an unfinished copy is a ``.partial`` file no list or
restore takes) and the live database intact; a restored file that fails to open after the
swap puts the previous database back and says so."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shopdesk import db as database
from shopdesk.errors import DatabaseOpenError
from shopdesk.models.base import database_proxy
from shopdesk.services.shop import backup, restore
from tests.services.shop.test_backup import T0, _rename_shop, _shop_name, shop  # noqa: F401

ROOT = Path(__file__).resolve().parents[3]


def _worker(live: Path, folder: Path, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.backup_worker", str(live), str(folder),
         str(rounds)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


def test_killed_backups_leave_only_verified_backups_and_the_live_database_intact(
        shop):  # noqa: F811 - the fixture
    _db, owner, live, folder = shop
    for i in range(300):  # some bulk, so a copy takes a moment
        _rename_shop(owner, f"Main Street Motors {i}")
    rng = random.Random(9)
    for _kill in range(8):
        worker = _worker(live, folder, 50)
        assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        time.sleep(rng.uniform(0.0, 0.4))
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
        for made in backup.list_backups(folder):  # every listed backup is whole and verified
            assert backup.verify_backup(made.path).ok, made.path
        leftovers = [p for p in folder.iterdir() if p.suffix not in (".sqlite3",)]
        assert all(p.name.endswith((".partial", "-journal", "-wal", "-shm"))
                   for p in leftovers), leftovers
        conn = sqlite3.connect(live)  # the live database is untouched and sound
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
    assert len(backup.list_backups(folder)) >= 1
    assert _shop_name() == "Main Street Motors 299"


def test_a_restored_file_that_will_not_open_puts_the_previous_database_back(
        shop, monkeypatch):  # noqa: F811 - the fixture
    db, owner, live, folder = shop
    _rename_shop(owner, "Monday")
    monday = backup.make_backup(owner, db, folder, now=T0).path
    _rename_shop(owner, "Today's Work")
    real_open = database.open
    calls: list[Path] = []

    def fails_once(path, *args, **kwargs):
        calls.append(Path(path))
        raise DatabaseOpenError("the file is not a ShopDesk database (simulated)")

    monkeypatch.setattr(restore.database, "open", fails_once)
    with pytest.raises(backup.BackupError,
                       match=r"would not open .*simulated.*put back as it was"):
        restore.restore_backup(owner, db, live, monday, folder, now=T0 + dt.timedelta(hours=1))
    monkeypatch.setattr(restore.database, "open", real_open)
    assert calls == [live]
    assert database_proxy.obj is db and _shop_name() == "Today's Work"  # the previous data
    _rename_shop(owner, "Still Working")  # and the shop keeps working on it
    assert _shop_name() == "Still Working"
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not Path(f"{live}.restoring").exists()
    kept = [b for b in backup.list_backups(folder) if b.tag == backup.SAFETY_TAG]
    assert len(kept) == 1  # the safety copy taken before the swap is still there
