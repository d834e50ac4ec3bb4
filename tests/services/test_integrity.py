"""``shopdesk check``: a healthy shop passes; each broken rule is reported in plain words."""

from __future__ import annotations

import argon2
import peewee
import pytest

from shopdesk import migrations
from shopdesk.services import integrity
from shopdesk.services.access import Actor
from shopdesk.services.shop import users


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: these tests are about checks, not password hashing."""
    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(
        time_cost=1, memory_cost=1024, parallelism=1))


def _messages(db: peewee.Database) -> list[str]:
    return [str(f) for f in integrity.run_checks(db)]


def test_a_new_empty_database_has_no_faults(db: peewee.Database) -> None:
    assert integrity.run_checks(db) == []


def test_a_fresh_shop_has_no_faults(db: peewee.Database, owner: Actor, clerk: Actor) -> None:
    assert integrity.run_checks(db) == []
    assert {"storage", "schema", "shop"} <= set(integrity.check_names())


def test_two_default_tax_rates_are_a_fault(db: peewee.Database, owner: Actor) -> None:
    db.execute_sql(f"UPDATE tax_rate SET is_default = {db.param}", (True,))
    assert _messages(db) == ["shop: 2 default tax rates; there must be exactly one"]


def test_no_default_tax_rate_is_a_fault(db: peewee.Database, owner: Actor) -> None:
    db.execute_sql(f"UPDATE tax_rate SET is_default = {db.param}", (False,))
    assert _messages(db) == ["shop: 0 default tax rates; there must be exactly one"]


def test_no_active_owner_is_a_fault(db: peewee.Database, owner: Actor, clerk: Actor) -> None:
    db.execute_sql(f'UPDATE "user" SET active = {db.param} WHERE role = {db.param}',
                   (False, "owner"))
    assert _messages(db) == [
        "shop: no active owner account: nobody can manage users or settings"]


def test_two_settings_rows_are_a_fault(db: peewee.Database, owner: Actor) -> None:
    db.execute_sql("INSERT INTO shop_settings (id, name, address, phone, email, website, "
                   "tax_id, currency, language, invoice_prefix, prices_include_tax, "
                   "payment_terms_days, invoice_footer, allow_negative_stock, is_demo, version) "
                   "SELECT 2, name, address, phone, email, website, tax_id, currency, language, "
                   "invoice_prefix, prices_include_tax, payment_terms_days, invoice_footer, "
                   "allow_negative_stock, is_demo, version FROM shop_settings WHERE id = 1")
    assert _messages(db) == ["shop: 2 settings rows; there must be one"]


def test_wrong_schema_version_is_a_fault(db: peewee.Database, owner: Actor) -> None:
    latest = migrations.LATEST_VERSION
    db.execute_sql(f"DELETE FROM schema_version WHERE version = {latest}")
    assert _messages(db) == [f"schema: schema version {latest - 1}, expected {latest}"]


def test_foreign_key_violation_is_reported(db: peewee.Database, owner: Actor) -> None:
    orphan = ("INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, "
              "summary) VALUES ('2026-01-01 00:00:00', 9999, 'ghost', 'create', 'user', '', '')")
    if not isinstance(db, peewee.SqliteDatabase):
        with pytest.raises(peewee.IntegrityError), db.atomic():
            db.execute_sql(orphan)  # PostgreSQL cannot be talked into a broken reference
        assert integrity.run_checks(db) == []
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        db.execute_sql(orphan)
    finally:
        db.execute_sql("PRAGMA foreign_keys = ON")
    row_id = db.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    # (a row slipped in behind ShopDesk's back is also outside the audit log's hash chain)
    assert sorted(_messages(db)) == [
        f"audit chain: audit log entry #{row_id} (2026-01-01 00:00, ghost: ) was inserted "
        "outside ShopDesk: the chain never held it",
        f"storage: audit_entry row {row_id} points to a missing user"]


def test_several_faults_are_all_reported(db: peewee.Database, owner: Actor) -> None:
    db.execute_sql(f"UPDATE tax_rate SET is_default = {db.param}", (True,))
    db.execute_sql(f'UPDATE "user" SET active = {db.param}', (False,))
    assert len(integrity.run_checks(db)) == 2


def test_a_check_that_cannot_run_is_itself_a_fault(db: peewee.Database, owner: Actor) -> None:
    db.execute_sql("DROP TABLE tax_rate")
    faults = integrity.run_checks(db)
    # the schema comparison names the dropped table too (tests/security/test_schema_check.py)
    assert "missing table tax_rate" in [f.message for f in faults if f.check == "schema"]
    faults = [f for f in faults if f.check != "schema"]
    assert [f.check for f in faults] == ["shop"]
    assert faults[0].message.startswith("could not run:")
