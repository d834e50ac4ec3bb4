"""Test set-up shared by the whole suite.

* Qt runs offscreen; ShopDesk's data folder is a temp folder (no test touches real data).
* ``db_url`` is a fresh, empty database per test: a SQLite file in a temp dir, and, when
  ``SHOPDESK_TEST_PG`` names a PostgreSQL server (``.ci/run`` sets it), also a new
  PostgreSQL database on that server: every database test runs on both.
"""

from __future__ import annotations

import faulthandler
import gc
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import argon2
import peewee
import pytest
from hypothesis import HealthCheck, settings

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.access import Actor
from shopdesk.services.shop import shop_setup, users

# Set before any QApplication exists (pytest-qt makes it at the first qtbot) and before any
# test asks for ShopDesk's data folder (read at each call).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Each process (and each pytest-xdist worker) gets its own data folder.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER or "SHOPDESK_HOME" not in os.environ:
    os.environ["SHOPDESK_HOME"] = tempfile.mkdtemp(prefix=f"shopdesk-home-{_WORKER}-")

# Property tests check rules, not speed (speed is measured in tests/bench): a loaded CI machine
# must not fail one because drawing its examples or running one took long.
settings.register_profile("shopdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shopdesk")

#: Tests hash many passwords: a cheap argon2id (same algorithm, tiny cost) keeps the suite fast.
#: tests/services/shop/test_users.py checks the real parameters separately.
FAST_HASHER = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

PG_SERVER = os.environ.get("SHOPDESK_TEST_PG", "").rstrip("/")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_SERVER else [])
PASSWORD = "correct-horse"


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", FAST_HASHER)


@pytest.fixture(autouse=True)
def _garbage_on_the_main_thread() -> Iterator[None]:
    """Once a GUI test has switched Python's automatic collector off (shopdesk.gui.gc_guard),
    the timer that replaces it only runs inside Qt's event loop: collect between tests."""
    yield
    if not gc.isenabled():
        gc.collect()


# A crash (segfault, abort) in a pytest-xdist worker shows only "worker crashed": each
# process writes Python's fatal-error traceback (all threads) to a file that .ci/run prints.
_CRASH_LOG_DIR = os.environ.get("SHOPDESK_CRASH_LOG_DIR")
if _CRASH_LOG_DIR:
    _crash_log = open(  # noqa: SIM115 - open for the life of the process
        Path(_CRASH_LOG_DIR) / f"crash-{_WORKER or 'main'}-{os.getpid()}.log", "w")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if _CRASH_LOG_DIR:
        faulthandler.enable(file=_crash_log, all_threads=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """A watchdog per test that needs no interpreter lock: a deadlock with the lock held
    (which pytest-timeout's thread cannot break) writes every thread's traceback to the
    crash log a minute after pytest-timeout would have fired, and ends the worker."""
    if not _CRASH_LOG_DIR:
        return (yield)
    marker = item.get_closest_marker("timeout")
    limit = float(marker.args[0]) if marker and marker.args else \
        float(item.config.getini("timeout") or 300)
    faulthandler.dump_traceback_later(limit + 60, exit=True, file=_crash_log)
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


def _pg_admin() -> peewee.PostgresqlDatabase:
    return database._connect_postgres(database.parse_target(PG_SERVER + "/postgres"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The address of a new shop database (SQLite file, or PostgreSQL database).

    Empty, unless the test also uses ``db``: then it is migrated already (see ``db``).
    """
    if request.param == "sqlite":
        yield str(tmp_path / "shop.sqlite3")
        return
    if "db" in request.fixturenames:
        yield request.getfixturevalue("_pg_shared").emptied()
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


def _has_serial_id(db: peewee.Database, table: str) -> bool:
    has_id = db.execute_sql("SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE "
                            "table_name = %s AND column_name = 'id')", (table,)).fetchone()[0]
    return has_id and db.execute_sql("SELECT pg_get_serial_sequence(%s, 'id') IS NOT NULL",
                                     (f'"{table}"',)).fetchone()[0]


def _migrated_once(url: str) -> None:
    opened = database.open(url, create=True)
    if isinstance(opened, peewee.SqliteDatabase):
        opened.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.close()
    database_proxy.initialize(None)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, fully migrated shop file, made once and copied for each test (fast)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _migrated_once(str(path))
    return path


class _SharedPostgres:
    """One migrated PostgreSQL database, emptied before each test that uses it.

    Emptying it (DELETE every table with triggers paused, restart the id sequences, put back
    the rows the migrations wrote: one round trip, ~0.1 s) is far cheaper than a new database
    (seconds) or TRUNCATE of every table. A test that changed the schema on purpose (dropped a
    table to see ``check`` report it) makes the next test rebuild the database from scratch.
    """

    def __init__(self) -> None:
        self.name = f"sdtest_shared_{uuid.uuid4().hex[:12]}"
        self.url = f"{PG_SERVER}/{self.name}"
        self.keeper: peewee.PostgresqlDatabase | None = None
        self._build()

    def _build(self) -> None:
        admin = _pg_admin()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.execute_sql(f'CREATE DATABASE "{self.name}"')
        admin.close()
        _migrated_once(self.url)
        keeper = database._connect_postgres(database.parse_target(self.url))
        self.tables = sorted(keeper.get_tables())
        # Rows the migrations wrote (the schema version, default rules) are kept aside and
        # put back: a test may corrupt them on purpose (e.g. to see `check` report it).
        seeded = [t for t in self.tables
                  if keeper.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]]
        keeper.execute_sql("CREATE SCHEMA test_seed")
        for table in seeded:
            keeper.execute_sql(f'CREATE TABLE test_seed."{table}" AS SELECT * FROM "{table}"')
        sequences = [row[0] for row in keeper.execute_sql(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_schema = 'public'")]
        self.reset = (
            "SET lock_timeout = '10s'; SET session_replication_role = replica; "
            + " ".join(f'DELETE FROM "{t}";' for t in self.tables)
            + " ".join(f'ALTER SEQUENCE "{q}" RESTART;' for q in sequences)
            + " ".join(f'INSERT INTO "{t}" SELECT * FROM test_seed."{t}";' for t in seeded)
            + " ".join(f"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'id'), "
                       f'(SELECT MAX(id) FROM "{t}"));' for t in seeded
                       if _has_serial_id(keeper, t))
            + " SET session_replication_role = DEFAULT;")
        self.keeper = keeper

    def emptied(self) -> str:
        """The database's address, emptied (rebuilt first if a test changed its tables)."""
        assert self.keeper is not None
        if sorted(self.keeper.get_tables()) != self.tables:
            self.keeper.close()
            self._build()
        self.keeper.execute_sql(self.reset)
        return self.url

    def drop(self) -> None:
        if self.keeper is not None:
            self.keeper.close()
        admin = _pg_admin()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="session")
def _pg_shared() -> Iterator[_SharedPostgres]:
    """The session's shared PostgreSQL database (see _SharedPostgres)."""
    shared = _SharedPostgres()
    try:
        yield shared
    finally:
        shared.drop()


@pytest.fixture
def db(request: pytest.FixtureRequest, db_url: str) -> Iterator[peewee.Database]:
    """The shop database opened (migrated) and bound to the models, closed afterwards.

    SQLite: a copy of a migrated template file; PostgreSQL: one migrated database emptied
    before each test (migrating per test would cost seconds each). The migrations themselves
    are tested on empty databases in tests/test_migrations.py.
    """
    if not db_url.startswith("postgresql"):  # (PostgreSQL: db_url gave the emptied database)
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), db_url)
    opened = database.open(db_url)
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
