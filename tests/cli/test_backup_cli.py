"""``shopdesk backup`` and ``shopdesk restore``, run as a user would."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.shop import shop_setup
from tests.conftest import PASSWORD
from tests.helpers.cli import run_shopdesk


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up shop with its owner (made once for this module)."""
    path = tmp_path_factory.mktemp("shop") / "made.sqlite3"
    database.open(path, create=True)
    try:
        shop_setup.create_shop(
            shop_setup.ShopDetails(name="Main Street Motors", currency="USD",
                                   invoice_prefix="MS",
                                   tax_rates=[("STD", "Standard", Decimal("10"))]),
            "olivia", PASSWORD, "Olivia Owner")
    finally:
        database.close()
        database_proxy.initialize(None)
    return path


@pytest.fixture
def shop_file(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo shop (made once for this module) as this test's shop database."""
    path = tmp_path / "shop.sqlite3"
    source = sqlite3.connect(demo_file)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


def _shop_name(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name FROM shop_settings").fetchone()[0]
    finally:
        conn.close()


def _rename(path: Path, name: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE shop_settings SET name = ?", (name,))
    conn.commit()
    conn.close()


def test_backup_prints_the_file_and_its_verification(shop_file, tmp_path):
    folder = tmp_path / "usb-stick"
    done = run_shopdesk("backup", "--db", str(shop_file), "--to", str(folder))
    assert done.returncode == 0, done.stderr
    written = list(folder.glob("shop_*.sqlite3"))
    assert len(written) == 1
    assert f"Backup written: {written[0]}" in done.stdout
    assert "verified: integrity check ok, ShopDesk schema" in done.stdout
    listing = run_shopdesk("backup", "--db", str(shop_file), "--to", str(folder), "--list")
    assert written[0].name in listing.stdout


def test_restore_with_yes_brings_back_the_backup_and_keeps_a_safety_copy(shop_file, tmp_path):
    folder = tmp_path / "backups"
    before = _shop_name(shop_file)
    run_shopdesk("backup", "--db", str(shop_file), "--to", str(folder))
    made = next(folder.glob("shop_*.sqlite3"))
    _rename(shop_file, "Typed Over By Mistake")
    done = run_shopdesk("restore", str(made), "--db", str(shop_file), "--yes",
                        "--to", str(folder))
    assert done.returncode == 0, done.stderr
    assert f"Restored {made.name}" in done.stdout
    assert "kept as" in done.stdout and "before-restore" in done.stdout
    assert _shop_name(shop_file) == before
    check = run_shopdesk("check", "--db", str(shop_file))
    assert check.returncode == 0, check.stdout + check.stderr


def test_restore_without_a_terminal_asks_for_yes_and_changes_nothing(shop_file, tmp_path):
    folder = tmp_path / "backups"
    run_shopdesk("backup", "--db", str(shop_file), "--to", str(folder))
    made = next(folder.glob("shop_*.sqlite3"))
    _rename(shop_file, "Today")
    done = run_shopdesk("restore", str(made), "--db", str(shop_file), input="")
    assert done.returncode == 1
    assert "add --yes" in done.stderr and "Traceback" not in done.stderr
    assert _shop_name(shop_file) == "Today"


def test_restore_of_a_file_that_is_not_a_backup_says_so_in_one_line(shop_file, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    done = run_shopdesk("restore", str(notes), "--db", str(shop_file), "--yes")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "Nothing was restored" in done.stderr and "not an SQLite" in done.stderr
    missing = run_shopdesk("restore", str(tmp_path / "nope.sqlite3"), "--db", str(shop_file))
    assert missing.returncode == 1 and "There is no backup file" in missing.stderr


def test_a_damaged_shop_database_can_still_be_restored_and_is_kept(shop_file, tmp_path):
    folder = tmp_path / "backups"
    run_shopdesk("backup", "--db", str(shop_file), "--to", str(folder))
    made = next(folder.glob("shop_*.sqlite3"))
    shop_file.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # the disk ate it
    done = run_shopdesk("restore", str(made), "--db", str(shop_file), "--yes",
                        "--to", str(folder))
    assert done.returncode == 0, done.stderr
    assert "does not open" in done.stderr
    assert list(folder.glob("shop_*.damaged"))
    assert run_shopdesk("check", "--db", str(shop_file)).returncode == 0
