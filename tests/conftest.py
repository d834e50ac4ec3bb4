"""Test set-up shared by the whole suite.

* Qt runs offscreen; ShopDesk's data folder is a temp folder (no test touches real data).
* ``db_url`` is a fresh, empty database per test: a SQLite file in a temp dir, and, when
  ``SHOPDESK_TEST_PG`` names a PostgreSQL server (``.ci/run`` sets it), also a new
  PostgreSQL database on that server: every database test runs on both.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("SHOPDESK_HOME", tempfile.mkdtemp(prefix="shopdesk-home-"))

import argon2
import peewee
import pytest

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services import shop_setup, users
from shopdesk.services.access import Actor

#: Tests hash many passwords: a cheap argon2id (same algorithm, tiny cost) keeps the suite fast.
#: tests/services/test_users.py checks the real parameters separately.
FAST_HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

PG_SERVER = os.environ.get("SHOPDESK_TEST_PG", "").rstrip("/")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_SERVER else [])
PASSWORD = "correct-horse"


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", FAST_HASHER)


def _pg_admin() -> peewee.PostgresqlDatabase:
    return database._connect_postgres(database.parse_target(PG_SERVER + "/postgres"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The address of a new, empty shop database (SQLite file, or PostgreSQL database)."""
    if request.param == "sqlite":
        yield str(tmp_path / "shop.sqlite3")
        return
    name = f"sdtest_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        database.close()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def db(db_url: str) -> Iterator[peewee.Database]:
    """The shop database opened (migrated) and bound to the models, closed afterwards."""
    opened = database.open(db_url, create=True)
    try:
        yield opened
    finally:
        opened.close()
        database_proxy.initialize(None)


@pytest.fixture
def owner(db: peewee.Database) -> Actor:
    """A set-up shop (10% standard tax, 0% zero rate) and its owner, signed in."""
    details = shop_setup.ShopDetails(name="Test Garage", currency="USD", invoice_prefix="TG",
                                     tax_rates=[("STD", "Standard", Decimal("10")),
                                                ("ZERO", "Zero", Decimal("0"))])
    return shop_setup.create_shop(details, "olivia", PASSWORD, "Olivia Owner")


@pytest.fixture
def clerk(owner: Actor) -> Actor:
    """A clerk account in the same shop."""
    users.add_user(owner, "carl", PASSWORD, "clerk", "Carl Clerk")
    return users.actor_for("carl")


@pytest.fixture
def technician(owner: Actor) -> Actor:
    """A technician account in the same shop."""
    users.add_user(owner, "tina", PASSWORD, "technician", "Tina Tech")
    return users.actor_for("tina")
