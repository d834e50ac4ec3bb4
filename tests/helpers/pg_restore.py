"""A shop on a PostgreSQL database of its own, for restore tests (a restore renames
databases: never the suite's shared test database)."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.shop import settings, shop_setup
from tests.conftest import PASSWORD, PG_SERVER, _pg_admin

NEEDS_PG_TOOLS = pytest.mark.skipif(not PG_SERVER or shutil.which("pg_restore") is None,
                                    reason="needs SHOPDESK_TEST_PG and PostgreSQL's client tools")


def databases(prefix: str) -> list[str]:
    admin = _pg_admin()
    try:
        return sorted(row[0] for row in admin.execute_sql(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (prefix + "%",)))
    finally:
        admin.close()


class PgShop:
    """A set-up shop on a new PostgreSQL database, dropped with every database a restore
    made beside it."""

    def __init__(self) -> None:
        self.name = f"sdrestore_{uuid.uuid4().hex[:10]}"
        self.url = f"{PG_SERVER}/{self.name}"
        admin = _pg_admin()
        admin.execute_sql(f'CREATE DATABASE "{self.name}"')
        admin.close()
        self.db = database.open(self.url, create=True)
        details = shop_setup.ShopDetails(name="Monday Motors", currency="USD",
                                         invoice_prefix="MM",
                                         tax_rates=[("STD", "Standard", Decimal("10"))])
        self.owner = shop_setup.create_shop(details, "olivia", PASSWORD, "Olivia Owner")

    def rename(self, name: str) -> None:
        settings.update_settings(self.owner, settings.get_settings().version, name=name)

    def drop(self) -> None:
        database.close()
        database_proxy.initialize(None)
        admin = _pg_admin()
        for name in databases(self.name):
            admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def own_pg_shop() -> Iterator[PgShop]:
    """Body of a ``pg_shop`` fixture: a shop (owner olivia) on a database of its own."""
    shop = PgShop()
    try:
        yield shop
    finally:
        shop.drop()
