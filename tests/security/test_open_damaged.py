"""Only make a shop when asked (issue 21, items 2 and 8): an empty (zero-byte, no tables) or
truncated/corrupt shop file is never silently made into an empty shop. Every command and the
window say the file is not a shop or is damaged, to restore from a backup, and change
nothing (the file's bytes stay as they were); ``check`` reports the damage and exits 1."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from shopdesk import db as database
from shopdesk.errors import DatabaseOpenError
from shopdesk.models.base import database_proxy
from tests.helpers.cli import run_shopdesk

COMMANDS = [("check",), ("export", "customers", "{out}/customers.csv"),
            ("import", "customers", "{out}/new.csv"), ("parts", "list"), ("users", "list"),
            ("backup", "--list")]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SHOPDESK_HOME", str(folder))
    return folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo shop (read only: tests damage copies of it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    made = run_shopdesk("demo", "--db", str(path))
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(path)  # one file to copy, in WAL mode as every shop file is
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert path.read_bytes()[18:20] == b"\x02\x02"
    return path


def _refused(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "unexpected error" not in output, output
    return output


def _run_all(path: Path, tmp_path: Path, *extra: str) -> list[str]:
    new = tmp_path / "new.csv"
    new.write_text("name,phone\nBob Smith,5551234\n")
    return [_refused(run_shopdesk(*(a.format(out=tmp_path) for a in args), "--db", str(path),
                                  *extra)) for args in COMMANDS]


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir()
                  if p.name.startswith(path.name) and p != path)


def test_a_zero_byte_shop_file_is_refused_by_every_command_and_stays_empty(tmp_path):
    path = tmp_path / "shop.sqlite3"
    path.write_bytes(b"")
    for output in _run_all(path, tmp_path):
        assert "is empty" in output and "restore it from a backup" in output.lower(), output
    assert path.read_bytes() == b""
    assert _side_files(path) == []
    assert not (tmp_path / "customers.csv").exists()


def test_an_sqlite_file_with_no_tables_is_not_made_into_a_shop(tmp_path):
    path = tmp_path / "shop.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    before = path.read_bytes()
    assert before.startswith(b"SQLite format 3\x00")
    for output in _run_all(path, tmp_path)[:2]:
        assert "is empty" in output and "not a ShopDesk shop" in output
    assert path.read_bytes() == before and _side_files(path) == []


@pytest.mark.parametrize("cut", ["8 KB", "half"])
def test_a_truncated_shop_file_is_reported_damaged_and_left_alone(demo, tmp_path, cut):
    path = tmp_path / "shop.sqlite3"
    whole = demo.read_bytes()
    path.write_bytes(whole[:8192] if cut == "8 KB" else whole[:len(whole) // 2])
    before = path.read_bytes()
    for output in _run_all(path, tmp_path):
        assert "damaged" in output and "restore it from a backup" in output, output
    assert path.read_bytes() == before and _side_files(path) == []


def test_check_on_a_file_damaged_inside_reports_it_and_exits_1(demo, tmp_path):
    path = tmp_path / "shop.sqlite3"
    content = bytearray(demo.read_bytes())
    start = len(content) // 3
    content[start:start + 40000] = os.urandom(40000)
    path.write_bytes(bytes(content))

    result = run_shopdesk("check", "--db", str(path))
    output = _refused(result)
    assert "damaged: restore it from a backup" in output
    for args in COMMANDS[1:3]:  # reading the damaged pages: said so, never "unexpected"
        result = run_shopdesk(*(a.format(out=tmp_path) for a in args), "--db", str(path))
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
        if result.returncode == 1:
            assert "damaged" in result.stderr
    assert path.read_bytes() == bytes(content)


def test_the_refusal_is_in_chinese(tmp_path):
    path = tmp_path / "shop.sqlite3"
    path.write_bytes(b"")
    output = _refused(run_shopdesk("check", "--db", str(path), "--language", "zh_CN"))
    assert "shop.sqlite3" in output
    assert "is empty" not in output and "Restore it from a backup" not in output
    assert "从备份恢复" in output


def test_no_command_makes_the_default_shop_file(home):
    result = run_shopdesk("check")
    _refused(result)
    assert list(home.iterdir()) == [] or not (home / "shop.sqlite3").exists()


def test_making_a_shop_is_still_possible_when_asked(tmp_path):
    path = tmp_path / "shop.sqlite3"
    path.write_bytes(b"")  # `shopdesk demo --db FILE` is asked to make one: it may
    made = run_shopdesk("demo", "--db", str(path))
    assert made.returncode == 0, made.stderr
    assert run_shopdesk("check", "--db", str(path)).returncode == 0


def test_an_empty_postgresql_database_is_not_made_into_a_shop(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL database")
    with pytest.raises(DatabaseOpenError, match="is empty"):
        database.open(db_url)
    result = run_shopdesk("check", "--db", db_url)
    assert "is empty" in _refused(result)
    raw = database._connect_postgres(database.parse_target(db_url))
    assert raw.get_tables() == []
    raw.close()
    database_proxy.initialize(None)


def test_the_window_refuses_an_empty_shop_file_and_leaves_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from shopdesk.gui.app import AppController, make_application

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(
        lambda _parent, title, text, *a, **k: shown.append((title, text))))
    make_application()
    path = tmp_path / "shop.sqlite3"
    path.write_bytes(b"")
    controller = AppController(str(path))
    assert controller.open_database() is False
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Cannot open the shop database"
    assert "is empty" in text and "Restore it from a backup" in text
    assert path.read_bytes() == b"" and _side_files(path) == []
    assert not controller.start()  # the whole start-up: nothing to show, nothing made
    assert path.read_bytes() == b""
