"""A restore cannot break the shop (issue 21, item 1): the staged copy's whole schema and the
``shopdesk check`` invariants are verified before the swap; anything failing after the swap
puts the safety copy back; leftovers of killed backups and restores are cleaned up."""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from shopdesk import db as database
from shopdesk import i18n, migrations
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.models.settings import ShopSettings
from shopdesk.services import integrity
from shopdesk.services.shop import backup, restore, settings, shop_setup
from tests.conftest import PASSWORD

T0 = dt.datetime(2026, 11, 23, 18, 30, 0)


@pytest.fixture
def shop(tmp_path: Path):
    """A SQLite shop with its owner and a backup of it taken on Monday (the shop's name then
    "Monday"; "Today's Work" now)."""
    live = tmp_path / "shop.sqlite3"
    opened = database.open(live, create=True)
    owner = shop_setup.create_shop(
        shop_setup.ShopDetails(name="Monday", currency="USD", invoice_prefix="MS",
                               tax_rates=[("STD", "Standard", Decimal("10"))]),
        "olivia", PASSWORD, "Olivia Owner")
    folder = tmp_path / "backups"
    monday = backup.make_backup(owner, opened, folder, now=T0).path
    _rename(owner, "Today's Work")
    try:
        yield opened, owner, live, folder, monday
    finally:
        if database_proxy.obj is not None:
            database_proxy.obj.close()
        database_proxy.initialize(None)
        i18n.set_language("en")


def _rename(owner, name: str) -> None:
    settings.update_settings(owner, settings.get_settings().version, name=name)


def _still_working(db, owner, live: Path) -> None:
    """The shop database is the one of today, writable through the same connection, whole."""
    assert database_proxy.obj is db
    assert ShopSettings.get().name == "Today's Work"
    _rename(owner, "Still Working")
    assert ShopSettings.get().name == "Still Working"
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert integrity.run_checks(db) == []
    assert not Path(f"{live}.restoring").exists()
    assert not Path(f"{live}.restoring-journal").exists()


def _edited_copy(source: Path, target: Path, *statements: str) -> Path:
    target.write_bytes(source.read_bytes())
    conn = sqlite3.connect(target)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return target


# --- refused before the swap -------------------------------------------------------------------
def test_a_backup_holding_only_schema_version_at_11_is_refused_and_the_shop_untouched(
        shop, tmp_path):
    db, owner, live, folder, _monday = shop
    hollow = tmp_path / "shop_2026-11-20_120000.sqlite3"
    conn = sqlite3.connect(hollow)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                 "title VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)")
    conn.executemany("INSERT INTO schema_version VALUES (?, ?, '2026-01-01 00:00:00')",
                     [(v, f"schema {v}") for v in range(1, 12)])
    conn.commit()
    conn.close()
    assert backup.verify_backup(hollow).ok  # the file itself is a sound SQLite database

    with pytest.raises(backup.BackupError, match="Nothing was restored") as refused:
        restore.restore_backup(owner, db, live, hollow, folder, now=T0 + dt.timedelta(hours=1))
    assert hollow.name in str(refused.value)
    _still_working(db, owner, live)


def test_a_backup_with_a_dropped_audit_trigger_is_refused_naming_it(shop, tmp_path):
    db, owner, live, folder, monday = shop
    tampered = _edited_copy(monday, tmp_path / "tampered.sqlite3",
                            "DROP TRIGGER audit_entry_no_delete")
    with pytest.raises(backup.BackupError) as refused:
        restore.restore_backup(owner, db, live, tampered, folder)
    message = str(refused.value)
    assert message.startswith("Nothing was restored")
    assert "missing trigger audit_entry_no_delete on table audit_entry" in message
    _still_working(db, owner, live)


def test_a_backup_with_an_extra_trigger_that_deletes_audit_rows_is_refused(shop, tmp_path):
    db, owner, live, folder, monday = shop
    tampered = _edited_copy(monday, tmp_path / "tampered.sqlite3",
                            "DROP TRIGGER audit_entry_no_delete",
                            "CREATE TRIGGER forget AFTER INSERT ON audit_entry "
                            "BEGIN DELETE FROM audit_entry; END")
    with pytest.raises(backup.BackupError) as refused:
        restore.restore_backup(owner, db, live, tampered, folder)
    assert "unexpected trigger forget on table audit_entry" in str(refused.value)
    _still_working(db, owner, live)


def test_a_backup_failing_the_check_invariants_is_refused(shop, tmp_path):
    db, owner, live, folder, monday = shop
    broken = _edited_copy(monday, tmp_path / "broken.sqlite3",
                          "UPDATE user SET active = 0 WHERE role = 'owner'")
    with pytest.raises(backup.BackupError) as refused:
        restore.restore_backup(owner, db, live, broken, folder)
    assert "fails the checks" in str(refused.value) and "no active owner" in str(refused.value)
    _still_working(db, owner, live)


def test_the_refusal_is_in_chinese(shop, tmp_path):
    db, owner, live, folder, monday = shop
    tampered = _edited_copy(monday, tmp_path / "tampered.sqlite3",
                            "DROP TRIGGER audit_entry_no_delete")
    i18n.set_language("zh_CN")
    with pytest.raises(backup.BackupError) as refused:
        restore.restore_backup(owner, db, live, tampered, folder)
    shown = refused.value.translated()
    assert "audit_entry_no_delete" in shown
    assert "Nothing was restored" not in shown and "missing trigger" not in shown
    i18n.set_language("en")
    _still_working(db, owner, live)


def test_an_older_backup_is_upgraded_and_checked_before_the_swap(shop, tmp_path):
    db, owner, live, folder, _monday = shop
    old = tmp_path / "release_1.sqlite3"
    old_db = peewee.SqliteDatabase(str(old))
    migrations.migrate(old_db, target=1)
    old_db.close()
    result = restore.restore_backup(owner, db, live, old, folder, now=T0)
    assert migrations.current_version(result.db) == migrations.LATEST_VERSION
    assert integrity.run_checks(result.db) == []
    assert backup.verify_backup(old).schema_version == 1  # the backup itself is not changed


# --- after the swap ----------------------------------------------------------------------------
def test_a_failure_after_the_swap_puts_the_safety_copy_back(shop):
    """The staged copy passed every check, then changed before the swap (another program, a
    failing disk): its audit log refuses the restore's own entry. The shop must come back."""
    db, owner, live, folder, monday = shop
    prepared = restore.prepare_restore(owner, db, live, monday, folder,
                                       now=T0 + dt.timedelta(hours=1))
    assert prepared.staged.exists() and prepared.safety is not None
    conn = sqlite3.connect(prepared.staged)
    conn.execute("CREATE TRIGGER audit_read_only BEFORE INSERT ON audit_entry "
                 "BEGIN SELECT RAISE(ABORT, 'the audit log is read-only'); END")
    conn.commit()
    conn.close()

    with pytest.raises(backup.BackupError, match=r"after the swap .*read-only.*put back as it "
                                                 r"was"):
        prepared.swap()
    _still_working(db, owner, live)
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 0


def test_a_restore_that_works_is_audited_in_the_restored_database(shop):
    db, owner, live, folder, monday = shop
    result = restore.restore_backup(owner, db, live, monday, folder)
    assert ShopSettings.get().name == "Monday"
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1
    assert integrity.run_checks(result.db) == []


# --- leftovers of killed runs ------------------------------------------------------------------
def _leftovers(folder: Path, live: Path) -> list[Path]:
    killed = [folder / "shop_2026-11-20_120000.sqlite3.partial",
              folder / "shop_2026-11-20_120000.sqlite3.partial-journal",
              folder / "demo-shop_2026-11-21_090000_before-restore.sqlite3.partial",
              Path(f"{live}.restoring"), Path(f"{live}.restoring-journal")]
    for path in killed:
        path.write_bytes(b"half a copy")
    return killed


def test_the_next_backup_removes_partial_files_of_killed_runs(shop):
    db, owner, live, folder, _monday = shop
    killed = _leftovers(folder, live)
    mine = folder / "notes.partial"  # not a backup's name: not ours to remove
    mine.write_text("keep")
    backup.make_backup(owner, db, folder, now=T0 + dt.timedelta(days=1))
    assert [p for p in killed[:3] if p.exists()] == []
    assert mine.exists()


def test_the_next_restore_removes_partial_and_staged_files_of_killed_runs(shop):
    db, owner, live, folder, monday = shop
    killed = _leftovers(folder, live)
    restore.restore_backup(owner, db, live, monday, folder, now=T0 + dt.timedelta(hours=2))
    assert [p for p in killed if p.exists()] == []


def test_a_partial_file_another_backup_is_writing_now_is_left_alone(shop):
    db, owner, _live, folder, _monday = shop
    busy = folder / "shop_2026-11-24_070000.sqlite3.partial"
    with open(busy, "ab") as handle:  # another process's backup, still being written
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        backup.make_backup(owner, db, folder, now=T0 + dt.timedelta(days=1))
        assert busy.exists()
    backup.make_backup(owner, db, folder, now=T0 + dt.timedelta(days=2))
    assert not busy.exists()  # its writer was killed: the next backup removes it
