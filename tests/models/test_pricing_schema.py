"""Schema 8 (pricing): live models match the migrated tables, and a shop with customers and
their vehicles upgrades without loss (every customer buys at retail)."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.models.base import database_proxy
from shopdesk.models.customers import Customer
from shopdesk.models.pricing import TABLES, PriceLevel, PricingSettings
from shopdesk.models.vehicles import Vehicle
from tests.test_migrations import _insert, _raw


def test_live_models_match_the_migrated_tables(db: peewee.Database) -> None:
    for model in [*TABLES, Customer]:
        table = model._meta.table_name
        found = {c.name: c.null for c in db.get_columns(table)}
        wanted = {f.column_name: f.null for f in model._meta.sorted_fields}
        assert found == wanted, table
        indexes = {tuple(i.columns): i.unique for i in db.get_indexes(table)
                   if not i.name.endswith("_pkey")}
        for fields, unique in model._meta.indexes:
            columns = tuple(model._meta.fields[f].column_name for f in fields)
            assert indexes.get(columns) == unique, (table, columns)
        for field in model._meta.sorted_fields:
            if field.unique or field.index:
                assert (field.column_name,) in indexes, (table, field.name)


@pytest.fixture
def _unbind() -> Iterator[None]:
    yield
    database.close()
    database_proxy.initialize(None)


def test_customers_with_vehicles_upgrade_to_price_levels(db_url: str, _unbind) -> None:
    before = max(m.VERSION for m in migrations.MIGRATIONS if m.VERSION < 8)
    raw = _raw(db_url)
    migrations.migrate(raw, target=before)
    with raw.atomic():
        _insert(raw, "customer", {"id": 1, "display_name": "Old, Customer",
                                  "created_at": "2024-03-05 08:30:15", "version": 1}, Customer)
        _insert(raw, "vehicle", {"id": 1, "customer_id": 1, "plate": "OLD-1",
                                 "created_at": "2024-03-05 08:30:15", "version": 1}, Vehicle)
    raw.close()
    database.open(db_url)  # foreign keys on, as every day
    assert Customer.get_by_id(1).price_level == "retail"
    assert Vehicle.get_by_id(1).customer_id == 1
    assert [lv.code for lv in PriceLevel.select().order_by(PriceLevel.position)] == [
        "retail", "trade"]
    assert PricingSettings.get_by_id(1).rounding == "cent"
