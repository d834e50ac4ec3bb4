"""Opening the shop database: anything wrong is a one-line DatabaseOpenError and changes nothing."""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from shopdesk import db as database
from shopdesk import migrations
from shopdesk.errors import DatabaseOpenError
from shopdesk.models.base import database_proxy
from shopdesk.models.users import User


@pytest.fixture(autouse=True)
def _unbind() -> Iterator[None]:
    """Every test here opens databases itself; leave the models unbound afterwards."""
    yield
    database.close()
    database_proxy.initialize(None)


def _open_and_close(url: str | Path, **kwargs: bool) -> None:
    database.open(url, **kwargs).close()


def _one_line(exc: pytest.ExceptionInfo[DatabaseOpenError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert message
    return message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- new and missing files -------------------------------------------------------------------

def test_create_makes_a_new_shop_database(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = database.open(path, create=True)
    assert path.exists()
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert User.select().count() == 0  # the models are bound to it
    db.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_sqlite_url_form_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "by-url.sqlite3"
    _open_and_close(f"sqlite:///{path}", create=True)
    assert path.exists()


def test_missing_file_is_refused_without_create(tmp_path: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(path)
    assert "There is no database at" in _one_line(caught)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_missing_parent_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "shop.sqlite3"
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(path, create=True)
    assert "does not exist" in _one_line(caught)
    assert not path.parent.exists()


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(folder, create=True)
    assert "is a folder" in _one_line(caught)
    assert list(folder.iterdir()) == []


# -- files that are not ours -----------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"Shopping list: oil filter, wiper blades\n",
    b"SQLite format 2\x00 but not really" + bytes(200),
    bytes(range(256)) * 8,
])
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
        tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(path, create=True)
    assert "not" in _one_line(caught)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_a_damaged_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    content = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(content)
    with pytest.raises(DatabaseOpenError):
        database.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "accounts.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
        raw.execute("INSERT INTO ledger (amount) VALUES (42)")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(path, create=True)
    assert "another program's data" in _one_line(caught)
    assert path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.db"]
    with sqlite3.connect(path) as raw:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    raw.close()
    assert tables == ["ledger"]


def _raw(db_url: str) -> peewee.Database:
    """A plain connection, as another program would make (no ShopDesk pragmas or checks)."""
    if db_url.startswith("postgresql://"):
        return database._connect_postgres(database.parse_target(db_url))
    return peewee.SqliteDatabase(db_url)


def test_another_programs_database_is_refused(db_url: str) -> None:
    raw = _raw(db_url)
    raw.execute_sql("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
    raw.close()
    with pytest.raises(DatabaseOpenError, match="another program's data"):
        database.open(db_url, create=True)
    raw = _raw(db_url)
    assert raw.get_tables() == ["ledger"]
    raw.close()


# -- a database from a newer ShopDesk --------------------------------------------------------

def _state(db: peewee.Database) -> tuple[list[str], list[tuple]]:
    rows = db.execute_sql(
        "SELECT version, title FROM schema_version ORDER BY version").fetchall()
    return sorted(db.get_tables()), [tuple(r) for r in rows]


def test_a_database_from_a_newer_shopdesk_is_refused_unchanged(db_url: str) -> None:
    db = database.open(db_url, create=True)
    newer = migrations.LATEST_VERSION + 1
    db.execute_sql(
        f"INSERT INTO schema_version (version, title, applied_at) VALUES "
        f"({db.param}, {db.param}, {db.param})",
        (newer, "From the future", "2030-01-01 00:00:00"))
    before = _state(db)
    db.close()
    database_proxy.initialize(None)

    with pytest.raises(DatabaseOpenError) as caught:
        database.open(db_url)
    message = _one_line(caught)
    assert "newer ShopDesk" in message
    assert f"schema {newer}" in message
    assert "nothing was changed" in message

    raw = _raw(db_url)
    assert _state(raw) == before
    raw.close()


# -- a locked database -----------------------------------------------------------------------

@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> int:
    ms = 300
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", ms)
    monkeypatch.setitem(database.SQLITE_PRAGMAS, "busy_timeout", ms)
    return ms


@pytest.mark.parametrize("ours", [True, False], ids=["shopdesk-file", "fresh-file"])
def test_a_locked_database_is_reported_busy_quickly(
        tmp_path: Path, short_busy_timeout: int, ours: bool) -> None:
    path = tmp_path / "shop.sqlite3"
    if ours:
        _open_and_close(path, create=True)  # a ShopDesk database in WAL mode
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        with pytest.raises(DatabaseOpenError) as caught:
            database.open(path, create=True)
        elapsed = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    message = _one_line(caught)
    assert "busy" in message
    assert "Try again" in message
    assert elapsed < 5
    # once the other program lets go, it opens
    _open_and_close(path, create=True)


def test_open_waits_out_a_short_write_by_someone_else(tmp_path: Path) -> None:
    # another PC saving for a moment must not make ShopDesk fail to start
    path = tmp_path / "shop.sqlite3"
    _open_and_close(path, create=True)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, other.rollback)
    release.start()
    try:
        started = time.monotonic()
        _open_and_close(path)
        assert time.monotonic() - started >= 0.2
    finally:
        release.join()
        other.close()


# -- connection settings ---------------------------------------------------------------------

def test_pragmas_are_in_effect(tmp_path: Path) -> None:
    db = database.open(tmp_path / "shop.sqlite3", create=True)
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS
    db.close()


def test_foreign_keys_are_enforced(db: peewee.Database) -> None:
    with pytest.raises(peewee.IntegrityError), db.atomic():
        db.execute_sql(
            "INSERT INTO audit_entry (at, user_id, username, action, entity, entity_id, "
            f"summary) VALUES ({', '.join([db.param] * 7)})",
            ("2026-01-01 00:00:00", 9999, "nobody", "create", "user", "1", ""))


def test_reopening_an_up_to_date_database_changes_nothing(db_url: str) -> None:
    db = database.open(db_url, create=True)
    before = _state(db)
    db.close()
    db = database.open(db_url)
    assert _state(db) == before
    db.close()


def test_target_of_describes_the_database_without_password(db_url: str) -> None:
    db = database.open(db_url, create=True)
    text = database.target_of(db).describe()
    db.close()
    assert text.startswith(("SQLite file", "PostgreSQL"))
    if db_url.startswith("postgresql://"):
        assert "shopdesk:shopdesk" not in text  # never the password


# -- addresses -------------------------------------------------------------------------------

def test_unreachable_postgres_server_is_refused() -> None:
    port = _free_port()
    started = time.monotonic()
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(f"postgresql://someone:secret@127.0.0.1:{port}/shop")
    message = _one_line(caught)
    assert message.startswith(f"Cannot connect to PostgreSQL shop on 127.0.0.1:{port}")
    assert "secret" not in message
    assert time.monotonic() - started < 10


def test_postgres_address_without_database_name_is_refused() -> None:
    with pytest.raises(DatabaseOpenError, match="names no database"):
        database.open("postgresql://127.0.0.1:5432/")


@pytest.mark.parametrize("url", ["mysql://root@localhost/shop", "http://example.com/shop.db"])
def test_unknown_address_scheme_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError) as caught:
        database.open(url, create=True)
    assert "Unknown database address" in _one_line(caught)


def test_parse_target() -> None:
    assert database.parse_target("/x/shop.sqlite3") == database.Target(
        "sqlite", path=Path("/x/shop.sqlite3"))
    assert database.parse_target("sqlite:////x/shop.sqlite3").path == Path("/x/shop.sqlite3")
    assert database.parse_target("postgres://h/db").kind == "postgresql"
    assert database.parse_target(None).path.name == "shop.sqlite3"
