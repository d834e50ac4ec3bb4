"""Tamper evidence in the schema: ``shopdesk check`` compares every table, column, index and
trigger with the schema this release makes, on SQLite and PostgreSQL (issue 21, item 5).

Each test changes the schema of a database of its own (on PostgreSQL a new database, never
the session's shared one), then runs the real ``shopdesk check`` or the comparison."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.models.base import database_proxy
from shopdesk.services import integrity
from shopdesk.services.shop import schema_check
from tests.helpers.cli import run_shopdesk


@pytest.fixture
def shop(db_url: str) -> Iterator[peewee.Database]:
    """A freshly migrated database of this test's own (its schema may be changed)."""
    opened = database.open(db_url, create=True)
    try:
        yield opened
    finally:
        opened.close()
        database_proxy.initialize(None)


def _pg(db: peewee.Database) -> bool:
    return migrations.is_postgres(db)


def _check(db: peewee.Database, url: str) -> tuple[int, str]:
    if not _pg(db):
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    result = run_shopdesk("check", "--db", url)
    assert "Traceback" not in result.stdout + result.stderr
    db.connect(reuse_if_open=True)
    return result.returncode, result.stdout + result.stderr


def _shown(db: peewee.Database) -> list[str]:
    return [str(d) for d in schema_check.differences(db)]


def test_a_freshly_migrated_database_has_the_expected_schema(shop, db_url):
    assert schema_check.differences(shop) == []
    expected = schema_check.expected(shop)
    assert "audit_entry" in expected.columns and "schema_version" in expected.columns
    assert {"id", "at", "username", "summary"} <= expected.columns["audit_entry"]
    assert any(table == "audit_entry" for table, _ in expected.triggers.values())
    assert [f for f in integrity.run_checks(shop) if f.check == "schema"] == []
    code, output = _check(shop, db_url)
    assert code == 0, output


def test_building_the_expected_schema_leaves_nothing_behind(shop):
    before = schema_check.read_catalogue(shop)
    schema_check._EXPECTED.clear()  # build it again now
    schema_check.expected(shop)
    assert schema_check.read_catalogue(shop) == before
    if _pg(shop):
        left = shop.execute_sql("SELECT nspname FROM pg_namespace "
                                "WHERE nspname LIKE 'shopdesk_expected%%'").fetchall()
        assert left == []


def test_a_dropped_audit_trigger_is_named_and_check_fails(shop, db_url):
    name = "audit_entry_readonly" if _pg(shop) else "audit_entry_no_delete"
    shop.execute_sql(f"DROP TRIGGER {name}" + (" ON audit_entry" if _pg(shop) else ""))

    assert _shown(shop) == [f"missing trigger {name} on table audit_entry"]
    code, output = _check(shop, db_url)
    assert code == 1
    assert f"missing trigger {name} on table audit_entry" in output


def test_an_added_trigger_that_deletes_audit_rows_is_named(shop, db_url):
    if _pg(shop):
        shop.execute_sql("CREATE FUNCTION wipe() RETURNS trigger AS $$ BEGIN "
                         "DELETE FROM audit_entry; RETURN NEW; END; $$ LANGUAGE plpgsql")
        shop.execute_sql("CREATE TRIGGER wipe_audit AFTER INSERT ON customer "
                         "FOR EACH ROW EXECUTE FUNCTION wipe()")
    else:
        shop.execute_sql("CREATE TRIGGER wipe_audit AFTER INSERT ON customer "
                         "BEGIN DELETE FROM audit_entry; END")

    assert _shown(shop) == ["unexpected trigger wipe_audit on table customer"]
    code, output = _check(shop, db_url)
    assert code == 1
    assert "unexpected trigger wipe_audit on table customer" in output


def test_a_trigger_changed_under_its_own_name_is_named(shop):
    if _pg(shop):  # the function the trigger runs, rewritten to let deletes through
        shop.execute_sql("CREATE OR REPLACE FUNCTION shopdesk_audit_readonly() RETURNS trigger "
                         "AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql")
        name = "audit_entry_readonly"
    else:
        name = "audit_entry_no_delete"
        shop.execute_sql(f"DROP TRIGGER {name}")
        shop.execute_sql(f"CREATE TRIGGER {name} BEFORE DELETE ON audit_entry "
                         "WHEN 0 BEGIN SELECT RAISE(ABORT, 'no'); END")
    assert _shown(shop) == [f"trigger {name} on table audit_entry was changed"]


def test_a_disabled_trigger_is_named_on_postgresql(shop, db_url):
    if not _pg(shop):
        pytest.skip("SQLite triggers cannot be switched off")
    shop.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_readonly")
    assert _shown(shop) == ["trigger audit_entry_readonly on table audit_entry is disabled"]
    code, output = _check(shop, db_url)
    assert code == 1 and "audit_entry_readonly" in output


def test_missing_and_extra_tables_columns_and_indexes_are_each_named(shop, db_url):
    shop.execute_sql("DROP INDEX audit_entry_entity")
    shop.execute_sql("CREATE INDEX sneaky ON customer (notes)")
    shop.execute_sql("CREATE TABLE stash (id INTEGER PRIMARY KEY)")
    shop.execute_sql("ALTER TABLE customer ADD COLUMN secret TEXT")
    shop.execute_sql("DROP TABLE lost_sale")

    shown = _shown(shop)
    for expected in ("missing table lost_sale", "unexpected table stash",
                     "unexpected column secret in table customer",
                     "missing index audit_entry_entity on table audit_entry",
                     "unexpected index sneaky on table customer"):
        assert expected in shown
    code, output = _check(shop, db_url)
    assert code == 1
    assert "missing table lost_sale" in output and "unexpected table stash" in output


def test_check_names_the_difference_in_chinese(shop, db_url):
    shop.execute_sql("CREATE TABLE stash (id INTEGER PRIMARY KEY)")
    if not _pg(shop):
        shop.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shop.close()
    result = run_shopdesk("check", "--db", db_url, "--language", "zh_CN")
    shop.connect()
    assert result.returncode == 1
    assert "stash" in result.stdout
    assert "unexpected table" not in result.stdout
