"""The ``shopdesk`` command, run for real in a subprocess, as a shop owner would type it."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee
import pytest

from shopdesk import __version__, migrations
from shopdesk import db as database
from shopdesk.errors import ShopDeskError
from shopdesk.models.base import database_proxy
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.shop import users
from tests.helpers.cli import run_shopdesk

DEMO_PASSWORD = "shopdesk"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of our own, to see that nothing lands in the default database."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SHOPDESK_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo shop made with ``shopdesk demo`` (read-only for the tests that share it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    result = run_shopdesk("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Demo shop made" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    return path


@contextmanager
def opened(path: Path) -> Iterator[peewee.Database]:
    """Look inside a database in this process (read what the command did)."""
    db = database.open(path)
    try:
        yield db
    finally:
        db.close()
        database_proxy.initialize(None)


def assert_refused(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """A clean refusal: the exit code, a message on stderr starting 'shopdesk:', no traceback.

    Exit 1 (a problem the user can fix) prints exactly one line; exit 2 (a bad command line)
    prints the one-line problem plus argparse's fixed '(see 'shopdesk --help')' hint.
    """
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[0].startswith("shopdesk: ")
    assert "unexpected error" not in result.stderr
    if code == 1:
        assert len(lines) == 1, result.stderr
    else:
        assert lines[1:] == ["(see 'shopdesk --help')"]
    return lines[0]


# -- the happy path --------------------------------------------------------------------------

def test_version() -> None:
    result = run_shopdesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ShopDesk {__version__}"


def test_demo_then_check_passes(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    made = run_shopdesk("demo", "--db", str(path), "--seed", "7")
    assert made.returncode == 0, made.stderr
    assert "Sign in as owner, clerk or tech" in made.stdout
    checked = run_shopdesk("check", "--db", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK:")
    assert str(path) in checked.stdout
    assert checked.stderr == ""
    # --db before the subcommand means the same file (and never the default database)
    before = run_shopdesk("--db", str(path), "check")
    assert before.returncode == 0, before.stderr
    assert str(path) in before.stdout
    assert not (home / "shop.sqlite3").exists()
    with opened(path):
        assert {u.username for u in users.list_users(COMMAND_LINE)} == {"owner", "clerk", "tech",
                                                                        "tech2"}
        assert users.authenticate("owner", DEMO_PASSWORD).username == "owner"


def test_check_reports_faults_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    assert run_shopdesk("demo", "--db", str(path)).returncode == 0
    with opened(path) as db:
        db.execute_sql(f"UPDATE tax_rate SET is_default = {db.param}", (True,))
    result = run_shopdesk("check", "--db", str(path))
    assert result.returncode == 1
    assert "FAULT shop: 2 default tax rates; there must be exactly one" in result.stdout
    assert "1 fault(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_demo_into_a_database_that_has_a_shop_is_refused(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    message = assert_refused(run_shopdesk("demo", "--db", str(demo_db)))
    assert "already has a shop" in message
    assert demo_db.read_bytes() == before


def test_users_add_list_and_passwd(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(demo_db.read_bytes())

    added = run_shopdesk("users", "add", "dana", "--role", "clerk", "--name", "Dana Desk",
                         "--db", str(path), input="dana-password\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added clerk dana."

    listed = run_shopdesk("users", "list", "--db", str(path))
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[0]: line for line in listed.stdout.splitlines()[2:]}
    assert "Dana Desk" in rows["dana"]
    assert rows["dana"].split()[-2:] == ["clerk", "yes"]
    assert listed.stdout.splitlines()[0].split() == ["username", "name", "role", "active"]

    changed = run_shopdesk("users", "passwd", "dana", "--db", str(path),
                           input="a-new-password\n")
    assert changed.returncode == 0, changed.stderr
    assert "Password of dana changed" in changed.stdout

    with opened(path):
        assert users.authenticate("dana", "a-new-password").role.value == "clerk"
        with pytest.raises(ShopDeskError):
            users.authenticate("dana", "dana-password")


def test_users_add_refusals_add_nobody(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    path.write_bytes(demo_db.read_bytes())
    short = run_shopdesk("users", "add", "dana", "--db", str(path), input="short\n")
    assert "at least 8 characters" in assert_refused(short)
    taken = run_shopdesk("users", "add", "CLERK", "--db", str(path), input="long-enough\n")
    assert "taken" in assert_refused(taken)
    no_password = run_shopdesk("users", "add", "dana", "--db", str(path), input="")
    assert "No password given" in assert_refused(no_password)
    unknown = run_shopdesk("users", "passwd", "nobody", "--db", str(path),
                           input="long-enough\n")
    assert "There is no user 'nobody'" in assert_refused(unknown)
    with opened(path):
        assert {u.username for u in users.list_users(COMMAND_LINE)} == {"owner", "clerk", "tech",
                                                                        "tech2"}


# -- bad input: one line, non-zero, no traceback, nothing changed ----------------------------

def test_missing_database_file_is_not_created(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "typo.sqlite3"
    message = assert_refused(run_shopdesk("check", "--db", str(path)))
    assert "There is no database at" in message
    assert not path.exists()
    assert list(tmp_path.iterdir()) == [home]
    assert not (home / "shop.sqlite3").exists()


def test_text_file_as_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    content = b"Oil change: Mrs Smith, Tuesday\n"
    path.write_bytes(content)
    for args in (["check"], ["users", "list"], ["demo"]):
        message = assert_refused(run_shopdesk(*args, "--db", str(path)))
        assert "not a ShopDesk database" in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "notes.txt"]


def test_unreachable_postgres_server() -> None:
    message = assert_refused(run_shopdesk("check", "--db", "postgresql://127.0.0.1:1/x"))
    assert message.startswith("shopdesk: Cannot connect to PostgreSQL x on 127.0.0.1:1")


def test_unknown_database_scheme() -> None:
    message = assert_refused(run_shopdesk("check", "--db", "mysql://root@localhost/shop"))
    assert "Unknown database address mysql://" in message


def test_database_from_a_newer_shopdesk(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = database.open(path, create=True)
    db.execute_sql("INSERT INTO schema_version (version, title, applied_at) VALUES (?, ?, ?)",
                   (migrations.LATEST_VERSION + 1, "Future", dt.datetime(2030, 1, 1).isoformat()))
    db.close()
    database_proxy.initialize(None)
    message = assert_refused(run_shopdesk("check", "--db", str(path)))
    assert "made by a newer ShopDesk" in message
    raw = peewee.SqliteDatabase(str(path))
    assert migrations.current_version(raw) == migrations.LATEST_VERSION + 1
    raw.close()


@pytest.mark.parametrize(("args", "problem"), [
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["demo", "--scale", "huge"], "argument --scale: invalid choice: 'huge'"),
    (["users"], "the following arguments are required"),
    (["users", "add", "dana", "--role", "boss"], "argument --role: invalid choice: 'boss'"),
])
def test_bad_command_lines(args: list[str], problem: str, tmp_path: Path) -> None:
    message = assert_refused(run_shopdesk(*args, "--db", str(tmp_path / "x.sqlite3")), code=2)
    assert problem in message
    assert not (tmp_path / "x.sqlite3").exists()
