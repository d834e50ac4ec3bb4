"""Restoring a pg_dump backup over a PostgreSQL shop database (real server; only when
SHOPDESK_TEST_PG is set): verified, safety dump first, staged and checked, swapped atomically."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.errors import AccessDenied
from shopdesk.models.audit import AuditEntry
from shopdesk.models.users import User
from shopdesk.services.shop import backup, restore, restore_postgres, settings, users
from tests.conftest import PASSWORD, PG_SERVER, _pg_admin
from tests.helpers.pg_restore import NEEDS_PG_TOOLS, PgShop, databases, own_pg_shop

pytestmark = NEEDS_PG_TOOLS

T0 = dt.datetime(2026, 3, 2, 18, 30)


@pytest.fixture
def pg_shop() -> Iterator[PgShop]:
    yield from own_pg_shop()


def test_restore_brings_the_data_back_and_keeps_a_safety_dump_and_the_old_database(
        pg_shop, tmp_path):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path, now=T0).path
    pg_shop.rename("Typed Over By Mistake")
    other_pc = database._connect_postgres(database.parse_target(pg_shop.url))  # another PC
    result = restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, made, tmp_path,
                                    now=T0 + dt.timedelta(hours=1))
    assert settings.get_settings().name == "Monday Motors"
    assert result.db.database == pg_shop.name
    assert result.verification.schema_version == migrations.LATEST_VERSION
    assert result.safety_copy is not None and result.safety_copy.exists()
    assert result.safety_copy.name == f"{pg_shop.name}_2026-03-02_193000_before-restore.pgdump"
    assert backup.list_backups(tmp_path, pg_shop.name)[0].is_safety_copy
    kept = f"{pg_shop.name}_before_restore_20260302_193000"
    assert databases(pg_shop.name) == [pg_shop.name, kept]  # no scratch database left
    old = database._connect_postgres(database.parse_target(f"{PG_SERVER}/{kept}"))
    assert old.execute_sql("SELECT name FROM shop_settings").fetchone()[0] == \
        "Typed Over By Mistake"
    old.close()
    with pytest.raises(peewee.OperationalError):  # the other PC was disconnected
        other_pc.execute_sql("SELECT 1")
    other_pc.close()
    entry = AuditEntry.get(AuditEntry.action == "restore")
    assert made.name in entry.summary and result.safety_copy.name in entry.summary
    assert result.kept_database == kept and kept in entry.summary
    pg_shop.rename("Working again")  # the shop works on the restored database
    assert settings.get_settings().name == "Working again"


@pytest.mark.parametrize("content", [b"shopping list\n", b"PGDMP\x01\x0e\x00garbage"])
def test_a_file_that_is_not_a_dump_is_refused_and_nothing_changes(pg_shop, tmp_path, content):
    file = tmp_path / "notes.pgdump"
    file.write_bytes(content)
    pg_shop.rename("Today")
    with pytest.raises(backup.BackupError, match=r"Nothing was restored: notes\.pgdump is not a "
                                                 r"ShopDesk backup"):
        restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, file, tmp_path)
    assert settings.get_settings().name == "Today"
    assert databases(pg_shop.name) == [pg_shop.name]
    assert list(tmp_path.iterdir()) == [file]  # not even a safety dump was needed


def test_a_dump_of_another_programs_database_is_refused(pg_shop, tmp_path):
    admin = _pg_admin()
    foreign = f"{pg_shop.name}_foreign"
    admin.execute_sql(f'CREATE DATABASE "{foreign}"')
    admin.close()
    other = database._connect_postgres(database.parse_target(f"{PG_SERVER}/{foreign}"))
    other.execute_sql("CREATE TABLE recipes (id serial PRIMARY KEY, title text)")
    other.close()
    dump = tmp_path / "recipes.pgdump"
    done = restore_postgres.subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={PG_SERVER}/{foreign}"],
        capture_output=True)
    assert done.returncode == 0
    check = restore_postgres.verify_dump(dump)
    assert not check.ok and "another program's database" in check.problem
    with pytest.raises(backup.BackupError, match="another program's database"):
        restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, dump, tmp_path)


def test_a_backup_from_a_newer_shopdesk_is_refused_before_the_swap(pg_shop, tmp_path):
    pg_shop.db.execute_sql("INSERT INTO schema_version (version, title, applied_at) "
                           "VALUES (%s, 'from the future', now())",
                           (migrations.LATEST_VERSION + 1,))
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path, now=T0).path
    pg_shop.db.execute_sql("DELETE FROM schema_version WHERE version = %s",
                           (migrations.LATEST_VERSION + 1,))
    pg_shop.rename("Today")
    with pytest.raises(backup.BackupError, match="made by a newer ShopDesk"):
        restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, made, tmp_path,
                               now=T0 + dt.timedelta(hours=1))
    assert settings.get_settings().name == "Today"
    assert databases(pg_shop.name) == [pg_shop.name]  # the scratch database was dropped


def test_a_backup_failing_the_integrity_checks_leaves_the_live_database_untouched(
        pg_shop, tmp_path):
    User.update(active=False).execute()  # nobody could manage the shop
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path, now=T0).path
    User.update(active=True).execute()
    pg_shop.rename("Today")
    with pytest.raises(backup.BackupError, match="fails the checks: shop: no active owner"):
        restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, made, tmp_path,
                               now=T0 + dt.timedelta(hours=1))
    assert databases(pg_shop.name) == [pg_shop.name]
    assert settings.get_settings().name == "Today"
    assert AuditEntry.select().where(AuditEntry.action == "restore").count() == 0


def test_if_the_restored_database_will_not_open_the_old_one_is_put_back(
        pg_shop, tmp_path, monkeypatch):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path, now=T0).path
    pg_shop.rename("Today")
    real_open = database.open
    calls: list[str] = []

    def open_fails_after_the_swap(url, **kwargs):
        calls.append(str(url))
        if len(calls) == 2:  # the first opens the scratch database, the second the swapped one
            raise database.DatabaseOpenError("server went away")
        return real_open(url, **kwargs)

    monkeypatch.setattr(database, "open", open_fails_after_the_swap)
    with pytest.raises(backup.BackupError, match="was put back as it was"):
        restore.restore_backup(pg_shop.owner, pg_shop.db, tmp_path, made, tmp_path,
                               now=T0 + dt.timedelta(hours=1))
    assert databases(pg_shop.name) == [pg_shop.name]
    assert settings.get_settings().name == "Today"


def test_only_the_owner_may_restore(pg_shop, tmp_path):
    made = backup.make_backup(pg_shop.owner, pg_shop.db, tmp_path, now=T0).path
    users.add_user(pg_shop.owner, "carl", PASSWORD, "clerk", "Carl Clerk")
    with pytest.raises(AccessDenied, match="clerk cannot restore a backup"):
        restore.restore_backup(users.actor_for("carl"), pg_shop.db, tmp_path, made, tmp_path)
    assert databases(pg_shop.name) == [pg_shop.name]
