"""Backups: verified before they count, rotated 7/4/12, stale-status, and safe restores."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.errors import AccessDenied
from shopdesk.local_config import LocalConfig
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.models.settings import ShopSettings
from shopdesk.services.access import Actor
from shopdesk.services.shop import backup, backup_rotation, restore, settings, shop_setup, users
from tests.conftest import PASSWORD

T0 = dt.datetime(2026, 11, 23, 18, 30, 0)  # a Monday evening


# --- rotation (pure) ---------------------------------------------------------------------------
def test_rotation_keeps_newest_of_each_of_seven_days():
    stamps = [T0 - dt.timedelta(days=d, hours=h) for d in range(10) for h in (0, 5)]
    keep = backup_rotation.to_keep(stamps, weekly=0, monthly=0)
    assert sorted(keep, reverse=True) == [T0 - dt.timedelta(days=d) for d in range(7)]


def test_rotation_over_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly():
    stamps = [T0 - dt.timedelta(days=d) for d in range(400)]
    keep = backup_rotation.to_keep(stamps)
    days = {s.date() for s in keep}
    assert {(T0 - dt.timedelta(days=d)).date() for d in range(7)} <= days
    weeks = {s.isocalendar()[:2] for s in keep}
    assert {(T0 - dt.timedelta(weeks=w)).isocalendar()[:2] for w in range(4)} <= weeks
    months = {(s.year, s.month) for s in keep}
    assert len(months) == 12 and (2025, 12) in months and (2025, 11) not in months
    # the monthly one is the newest of its month: 30 Nov... no, the last day of each month
    assert dt.date(2026, 6, 30) in days and dt.date(2026, 6, 1) not in days
    assert len(keep) <= 7 + 4 + 12
    assert set(backup_rotation.to_delete(stamps)) == set(stamps) - keep


def test_rotation_never_deletes_the_only_or_the_newest_backup():
    assert backup_rotation.to_keep([T0]) == {T0}
    assert backup_rotation.to_delete([]) == []
    burst = [T0 + dt.timedelta(minutes=m) for m in range(50)]  # fifty in one evening
    assert backup_rotation.to_keep(burst) == {max(burst)}


def test_rotation_with_gaps_counts_days_that_have_backups():
    # the shop was closed for a fortnight: the 7 daily ones reach back past the gap
    stamps = [T0 - dt.timedelta(days=d) for d in (0, 1, 2, 16, 17, 18, 19, 20, 21)]
    keep = backup_rotation.to_keep(stamps, weekly=0, monthly=0)
    assert len(keep) == 7 and T0 - dt.timedelta(days=19) in keep
    assert T0 - dt.timedelta(days=20) not in keep


# --- fixtures ----------------------------------------------------------------------------------
@pytest.fixture
def shop(tmp_path: Path):
    """A SQLite shop database with its owner, and an empty backup folder."""
    live = tmp_path / "shop.sqlite3"
    opened = database.open(live, create=True)
    owner = shop_setup.create_shop(
        shop_setup.ShopDetails(name="Main Street Motors", currency="USD", invoice_prefix="MS",
                               tax_rates=[("STD", "Standard", Decimal("10"))]),
        "olivia", PASSWORD, "Olivia Owner")
    try:
        yield opened, owner, live, tmp_path / "backups"
    finally:
        if database_proxy.obj is not None:
            database_proxy.obj.close()
        database_proxy.initialize(None)


def _rename_shop(owner: Actor, name: str) -> None:
    current = settings.get_settings()
    settings.update_settings(owner, current.version, name=name)


def _shop_name() -> str:
    return ShopSettings.get().name


# --- making backups ----------------------------------------------------------------------------
def test_backup_is_verified_named_by_time_and_opens_as_the_shop(shop):
    db, owner, _live, folder = shop
    result = backup.make_backup(owner, db, folder, now=T0)
    assert result.path == folder / "shop_2026-11-23_183000.sqlite3"
    assert result.verification.ok
    assert result.verification.schema_version == migrations.LATEST_VERSION
    assert "integrity check ok" in result.verification.describe()
    assert not list(folder.glob("*.partial")) and not list(folder.glob("*-wal"))
    conn = sqlite3.connect(result.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert conn.execute("SELECT name FROM shop_settings").fetchone()[0] == "Main Street Motors"
    conn.close()


def test_backup_while_the_app_keeps_writing_holds_committed_data(shop):
    db, owner, _live, folder = shop
    _rename_shop(owner, "Before Backup")
    first = backup.make_backup(owner, db, folder, now=T0)
    _rename_shop(owner, "After Backup")  # the app goes on working on its own connection
    assert _shop_name() == "After Backup"
    conn = sqlite3.connect(first.path)
    assert conn.execute("SELECT name FROM shop_settings").fetchone()[0] == "Before Backup"
    conn.close()


def test_two_backups_in_the_same_second_keep_both(shop):
    db, owner, _live, folder = shop
    a = backup.make_backup(owner, db, folder, now=T0, rotate=False)
    b = backup.make_backup(owner, db, folder, now=T0, rotate=False)
    assert a.path != b.path and a.path.exists() and b.path.exists()


def test_backup_rotates_old_files_of_this_database_only(shop):
    db, owner, _live, folder = shop
    folder.mkdir()
    for d in range(1, 30):
        (folder / backup.backup_name("shop", T0 - dt.timedelta(days=d))).write_bytes(b"x")
        (folder / backup.backup_name("demo-shop", T0 - dt.timedelta(days=d))).write_bytes(b"x")
    safety = folder / backup.backup_name("shop", T0 - dt.timedelta(days=40), backup.SAFETY_TAG)
    safety.write_bytes(b"x")
    result = backup.make_backup(owner, db, folder, now=T0)
    kept = backup.list_backups(folder, "shop")
    assert len([b for b in kept if not b.tag]) == len(backup_rotation.to_keep(
        [T0 - dt.timedelta(days=d) for d in range(30)]))
    assert result.removed and all("shop_" in p.name for p in result.removed)
    assert len(backup.list_backups(folder, "demo-shop")) == 29  # other database untouched
    assert safety.exists()  # a restore's safety copy is never rotated away


def test_clerk_may_back_up_but_a_technician_may_not(shop):
    db, owner, _live, folder = shop
    users.add_user(owner, "tina", PASSWORD, "technician", "Tina Tech")
    users.add_user(owner, "carl", PASSWORD, "clerk", "Carl Clerk")
    assert backup.make_backup(users.actor_for("carl"), db, folder, now=T0).verification.ok
    with pytest.raises(AccessDenied, match="technician cannot make a backup"):
        backup.make_backup(users.actor_for("tina"), db, folder, now=T0)


def test_backup_to_an_unwritable_place_fails_clearly_and_leaves_nothing(shop, tmp_path):
    db, owner, _live, _folder = shop
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(backup.BackupError, match="Cannot use the backup folder"):
        backup.make_backup(owner, db, blocker / "backups", now=T0)


def test_backup_that_does_not_verify_is_not_kept(shop, monkeypatch):
    db, owner, _live, folder = shop
    monkeypatch.setattr(backup, "verify_backup",
                        lambda path, **_: backup.Verification(False, problem="disk full"))
    with pytest.raises(backup.BackupError, match=r"did not verify.*disk full"):
        backup.make_backup(owner, db, folder, now=T0)
    assert list(folder.iterdir()) == []


# --- status ------------------------------------------------------------------------------------
def test_status_warns_when_folder_missing_never_backed_up_or_older_than_two_days(tmp_path):
    folder = tmp_path / "backups"
    missing = backup.backup_status(folder, "shop", now=T0)
    assert missing.folder_missing and missing.needs_attention
    assert "missing" in missing.message()
    folder.mkdir()
    never = backup.backup_status(folder, "shop", now=T0)
    assert never.needs_attention and "never been backed up" in never.message()
    (folder / backup.backup_name("shop", T0 - dt.timedelta(days=1))).write_bytes(b"x")
    fresh = backup.backup_status(folder, "shop", now=T0)
    assert not fresh.needs_attention and fresh.last is not None
    old = backup.backup_status(folder, "shop", now=T0 + dt.timedelta(days=1, hours=1))
    assert old.stale and "2026-11-22 18:30" in old.message()
    (folder / "shop_2026-11-23_180000.sqlite3.partial").write_bytes(b"x")  # unfinished copy
    assert backup.last_good_backup(folder, "shop").taken_at == T0 - dt.timedelta(days=1)


def test_backup_folder_is_this_pcs_choice(tmp_path):
    config = LocalConfig()
    assert config.backup_folder().name == "backups"
    config.backup_dir = str(tmp_path / "usb")
    config.save()
    assert LocalConfig.load().backup_folder() == tmp_path / "usb"
    LocalConfig().save()


# --- verification ------------------------------------------------------------------------------
def test_verify_refuses_a_non_database_a_damaged_file_and_a_newer_schema(shop, tmp_path):
    db, owner, _live, folder = shop
    good = backup.make_backup(owner, db, folder, now=T0).path
    text = tmp_path / "notes.sqlite3"
    text.write_text("shopping list")
    assert "not an SQLite database" in backup.verify_backup(text).problem
    damaged = tmp_path / "damaged.sqlite3"
    _damage(good, damaged)
    assert not backup.verify_backup(damaged).ok
    newer = tmp_path / "newer.sqlite3"
    _from_the_future(good, newer)
    problem = backup.verify_backup(newer).problem
    assert "newer ShopDesk" in problem and f"schema {migrations.LATEST_VERSION + 1}" in problem
    foreign = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    assert "not a ShopDesk database" in backup.verify_backup(foreign).problem


def _damage(good: Path, target: Path) -> None:
    """A copy whose table pages are overwritten with garbage (the header survives)."""
    data = bytearray(good.read_bytes())
    page = 4096
    for offset in range(page * 2, len(data), page * 2):
        data[offset + 20: offset + 400] = os.urandom(380)
    target.write_bytes(bytes(data))


def _from_the_future(good: Path, target: Path) -> None:
    shutil.copyfile(good, target)
    conn = sqlite3.connect(target)
    conn.execute("INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')",
                 (migrations.LATEST_VERSION + 1,))
    conn.commit()
    conn.close()


# --- restore -----------------------------------------------------------------------------------
def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(shop):
    db, owner, live, folder = shop
    _rename_shop(owner, "Monday's Name")
    monday = backup.make_backup(owner, db, folder, now=T0).path
    _rename_shop(owner, "Wrong Name Typed Tuesday")
    result = restore.restore_backup(owner, db, live, monday, folder,
                                    now=T0 + dt.timedelta(days=1))
    assert _shop_name() == "Monday's Name"
    assert result.safety_copy is not None and "before-restore" in result.safety_copy.name
    conn = sqlite3.connect(result.safety_copy)
    assert conn.execute("SELECT name FROM shop_settings").fetchone()[0] == \
        "Wrong Name Typed Tuesday"
    conn.close()
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.action == "restore" and monday.name in entry.summary
    assert entry.username == "olivia"
    # the reopened database is the live one, in WAL mode, and takes new work
    assert database_proxy.obj is result.db
    assert result.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    _rename_shop(owner, "Back To Work")
    assert _shop_name() == "Back To Work"
    assert not Path(f"{live}.restoring").exists()


def test_only_the_owner_may_restore(shop):
    db, owner, live, folder = shop
    users.add_user(owner, "carl", PASSWORD, "clerk", "Carl Clerk")
    made = backup.make_backup(owner, db, folder, now=T0).path
    with pytest.raises(AccessDenied, match="clerk cannot restore a backup"):
        restore.restore_backup(users.actor_for("carl"), db, live, made, folder)


@pytest.mark.parametrize("bad", ["damaged", "text", "newer", "missing"])
def test_a_bad_backup_is_refused_and_the_shop_database_is_untouched(shop, tmp_path, bad):
    db, owner, live, folder = shop
    good = backup.make_backup(owner, db, folder, now=T0).path
    _rename_shop(owner, "Today's Work")
    file = tmp_path / f"{bad}.sqlite3"
    if bad == "damaged":
        _damage(good, file)
    elif bad == "text":
        file.write_text("this is not a database")
    elif bad == "newer":
        _from_the_future(good, file)
    with pytest.raises(backup.BackupError, match="Nothing was restored"):
        restore.restore_backup(owner, db, live, file, folder, now=T0 + dt.timedelta(hours=1))
    assert _shop_name() == "Today's Work"
    assert len(backup.list_backups(folder)) == 1  # no safety copy needed: nothing changed


@pytest.mark.parametrize("step", ["_stage", "_quiesce", "_swap"])
def test_a_failure_between_safety_copy_and_swap_leaves_the_shop_working(shop, monkeypatch,
                                                                         step):
    db, owner, live, folder = shop
    _rename_shop(owner, "Monday")
    made = backup.make_backup(owner, db, folder, now=T0).path
    _rename_shop(owner, "Today's Work")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restore, step, fail)
    with pytest.raises(backup.BackupError, match=r"No space left.*as it was"):
        restore.restore_backup(owner, db, live, made, folder, now=T0 + dt.timedelta(hours=1))
    assert _shop_name() == "Today's Work"
    _rename_shop(owner, "Still Working")  # writable, through the same connection object
    assert _shop_name() == "Still Working"
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not Path(f"{live}.restoring").exists()
    assert [b.tag for b in backup.list_backups(folder)] == [backup.SAFETY_TAG, ""]


def test_restore_refuses_while_another_connection_holds_the_database(shop):
    db, owner, live, folder = shop
    made = backup.make_backup(owner, db, folder, now=T0).path
    _rename_shop(owner, "Today's Work")
    other = sqlite3.connect(live)  # another ShopDesk window on this PC
    other.execute("SELECT 1 FROM shop_settings").fetchall()
    try:
        with pytest.raises(backup.BackupError, match="Nothing was restored"):
            restore.restore_backup(owner, db, live, made, folder)
    finally:
        other.close()
    assert _shop_name() == "Today's Work"


def test_restore_of_a_backup_from_an_older_release_upgrades_it(shop, tmp_path):
    db, owner, live, folder = shop
    old = tmp_path / "shop_from_release_1.sqlite3"
    old_db = peewee.SqliteDatabase(str(old))
    migrations.migrate(old_db, target=1)  # the first release's schema
    old_db.close()
    assert backup.verify_backup(old).schema_version == 1
    result = restore.restore_backup(owner, db, live, old, folder, now=T0)
    assert migrations.current_version(result.db) == migrations.LATEST_VERSION
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 1


def test_postgresql_backup_uses_pg_dump(db, owner, tmp_path):
    if not isinstance(db, peewee.PostgresqlDatabase):
        pytest.skip("PostgreSQL only")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    result = backup.make_backup(owner, db, tmp_path, now=T0)
    assert result.path.suffix == ".pgdump" and result.size > 0
    assert result.verification.schema_version == migrations.LATEST_VERSION
    # restoring it: tests/services/shop/test_restore_postgres.py (on a database of its own)


def test_default_backup_folder_is_made_on_a_new_pc(tmp_path, monkeypatch):
    from shopdesk.local_config import LocalConfig

    monkeypatch.setenv("SHOPDESK_HOME", str(tmp_path / "new-pc"))
    folder = LocalConfig().backup_folder()
    assert folder.is_dir()  # ShopDesk's own folder: made, not reported as missing
    chosen = LocalConfig(backup_dir=str(tmp_path / "usb-drive" / "backups")).backup_folder()
    assert not chosen.exists()  # a chosen folder is never made: an unplugged drive shows
