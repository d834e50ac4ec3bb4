"""Issue 21, item 8 (clear failures): an oversized number rejects its row instead of aborting
the import; a full disk says so; a busy database says another PC is busy, not the raw
"database is locked"; ``--errors`` to an unwritable path says so; a NUL, terminal escapes and
right-to-left overrides never reach the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import openpyxl
import peewee
import pytest

from shopdesk import i18n
from shopdesk.errors import BusyError, DiskFullError, ShopDeskError
from shopdesk.io.importing import run_import
from shopdesk.models.customers import Customer
from shopdesk.models.parts import Part
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.stock import parts
from tests.helpers.cli import run_shopdesk
from tests.helpers.parts import make_part

TOO_LARGE = "larger than ShopDesk accepts"


# --- an oversized number rejects its row -------------------------------------------------
def _workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("huge", [1e300, 1e16, 10**16], ids=["1e300", "1e16", "10^16"])
def test_an_oversized_number_cell_rejects_only_its_row(owner: Actor, tmp_path: Path,
                                                       huge: object) -> None:
    path = _workbook(tmp_path / "parts.xlsx", ["SKU", "Name", "Price", "Cost"],
                     [["BIG-1", "Huge price", huge, 1], ["OK-1", "Oil filter", 9.99, 4],
                      ["BIG-2", "Huge cost", 5, huge]])
    report = run_import(owner, "parts", path)
    assert report.rejected == 2 and report.created == 1
    assert all(TOO_LARGE in str(p) for p in report.problems), report.problems
    assert [p.sku for p in Part.select()] == ["OK-1"]


@pytest.mark.parametrize("huge", ["1e300", "1E+16", "10000000000000000"])
def test_an_oversized_number_typed_in_a_csv_rejects_only_its_row(owner: Actor, tmp_path: Path,
                                                                 huge: str) -> None:
    path = tmp_path / "parts.csv"
    path.write_text(f"SKU,Name,Price\nBIG-1,Huge,{huge}\nOK-1,Oil filter,9.99\n",
                    encoding="utf-8")
    report = run_import(owner, "parts", path)
    assert (report.rejected, report.created) == (1, 1)
    assert TOO_LARGE in str(report.problems[0]), report.problems


@pytest.mark.parametrize("huge", [1e300, 10**16], ids=["1e300", "10^16"])
def test_oversized_counts_and_prices_reject_their_rows(owner: Actor, tmp_path: Path,
                                                       huge: object) -> None:
    make_part(owner, sku="OF-1")
    counts = run_import(owner, "stock", _workbook(tmp_path / "count.xlsx", ["SKU", "Counted"],
                                                  [["OF-1", huge]]))
    assert counts.rejected == 1 and TOO_LARGE in str(counts.problems[0])
    prices = run_import(owner, "prices", _workbook(tmp_path / "prices.xlsx", ["SKU", "Price"],
                                                   [["OF-1", huge]]))
    assert prices.rejected == 1 and TOO_LARGE in str(prices.problems[0])
    assert Part.get(Part.sku == "OF-1").retail_price == Decimal("9.99")


def test_the_command_line_import_of_an_oversized_number_says_which_row(owner, db_url,
                                                                       tmp_path) -> None:
    path = _workbook(tmp_path / "parts.xlsx", ["SKU", "Name", "Price"],
                     [["BIG-1", "Huge", 1e300], ["OK-1", "Oil filter", 9.99]])
    result = run_shopdesk("import", "parts", str(path), "--db", db_url)
    assert "unexpected error" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert f"Row 2, Price: 1e+300 is {TOO_LARGE}" in result.stdout
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in result.stdout


def test_the_oversized_number_reads_in_chinese(owner, db_url, tmp_path) -> None:
    path = _workbook(tmp_path / "parts.xlsx", ["SKU", "Name", "Price"], [["BIG-1", "x", 1e16]])
    result = run_shopdesk("import", "parts", str(path), "--db", db_url, "--language", "zh_CN")
    assert TOO_LARGE not in result.stdout and "ShopDesk" in result.stdout, result.stdout


# --- --errors to an unwritable path ------------------------------------------------------------
@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_errors_to_an_unwritable_path_says_so(owner, db_url, tmp_path, where) -> None:
    path = tmp_path / "parts.csv"
    path.write_text("SKU,Name,Price\nA 1,Bad,1\n", encoding="utf-8")
    # (no one can write under a file or in /proc, not even root)
    unwritable = path / "rejected.xlsx" if where == "under-a-file" else Path(
        "/proc/rejected.xlsx")
    if where == "proc" and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    result = run_shopdesk("import", "parts", str(path), "--db", db_url,
                          "--errors", str(unwritable))
    assert result.returncode == 1
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
    assert "Cannot write the rejected rows to" in result.stderr, result.stderr
    assert str(unwritable) in result.stderr
    assert "Imported from parts.csv: 0 created" in result.stdout


# --- a full disk ---------------------------------------------------------------------------
def test_a_full_disk_says_the_disk_is_full(owner: Actor, db: peewee.Database) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's page limit stands in for a full disk")
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")  # real SQLite reports SQLITE_FULL
    before = Customer.select().count()
    with pytest.raises(DiskFullError) as caught:
        for n in range(400):
            customers.add_customer(owner, CustomerInput(
                first_name=f"Full{n}", last_name="Disk" * 40,
                notes="a long note that fills pages " * 60,
                phones=[PhoneInput(f"(217) 555-{n:04d}")]))
    assert "disk is full" in str(caught.value)
    assert "rollback" not in str(caught.value)
    assert isinstance(caught.value, ShopDeskError)
    db.execute_sql("PRAGMA max_page_count = 1073741823")  # space again: the shop goes on
    assert Customer.select().count() >= before
    customers.add_customer(owner, CustomerInput(first_name="After", last_name="Space"))
    i18n.set_language("zh_CN")
    try:
        assert "disk is full" not in caught.value.translated()
    finally:
        i18n.set_language("en")


# --- a busy database --------------------------------------------------------------------------
def test_a_busy_database_says_another_pc_is_busy(owner: Actor, db: peewee.Database,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("PostgreSQL queues writers on row locks")
    other = sqlite3.connect(db.database, timeout=0)  # another process holding the write lock
    other.execute("BEGIN IMMEDIATE")
    db.execute_sql("PRAGMA busy_timeout = 200")  # (the real wait is seconds: not in a test)
    try:
        with pytest.raises(BusyError) as caught:
            make_part(owner, sku="BUSY-1")
    finally:
        other.rollback()
        other.close()
    text = str(caught.value)
    assert "database is locked" not in text
    assert "Another PC" in text and "try again" in text
    assert Part.get_or_none(Part.sku == "BUSY-1") is None
    make_part(owner, sku="BUSY-1")  # the lock gone, the same save goes through


def test_a_writer_waits_for_a_short_lock_instead_of_failing(owner: Actor,
                                                           db: peewee.Database) -> None:
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite's write lock")
    other = sqlite3.connect(db.database, timeout=0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, other.rollback).start()
    try:
        make_part(owner, sku="WAIT-1")  # waits out the other writer
    finally:
        other.close()
    assert Part.get_or_none(Part.sku == "WAIT-1") is not None


# --- NUL and control characters ---------------------------------------------------------------
def test_control_characters_never_reach_the_database(owner: Actor) -> None:
    saved = customers.add_customer(owner, CustomerInput(
        first_name="Ann\x00", last_name="Lee\x1b[31m\u202eevil\u2066",
        company_name="Acme\x07 Ltd", notes="line one\nline two\x1b]0;pwned\x07",
        phones=[PhoneInput("(217) 555-0142")])).customer
    stored = customers.get(owner, saved.id)
    assert stored.first_name == "Ann"
    assert stored.last_name == "Lee[31mevil"
    assert stored.company_name == "Acme Ltd"
    assert stored.notes == "line one\nline two]0;pwned"  # line breaks kept in notes
    part = make_part(owner, sku="CC-1", name="Filter\u202e\x00\x9b1m")
    assert Part.get_by_id(part.id).name == "Filter1m"
    parts.update_part(owner, part.id, Part.get_by_id(part.id).version, name="Pads\u200f\x00")
    assert Part.get_by_id(part.id).name == "Pads"


def test_escapes_in_an_imported_name_are_stripped(owner: Actor, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"  # (a NUL makes the file binary: refused as a whole)
    path.write_text("First name,Last name,Phone\nBo\x1b[2Jb,Lee\u202e,555-0199\n",
                    encoding="utf-8")
    report = run_import(owner, "customers", path)
    assert report.created == 1, report.problems
    stored = Customer.get(Customer.first_name == "Bo[2Jb")
    assert stored.last_name == "Lee"
