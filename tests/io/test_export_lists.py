"""A list exported as the screen shows it: its filter, its sort, typed cells; Cancel leaves
no file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from shopdesk.io.exports import lists
from shopdesk.io.exports.lists import export_list, typed
from shopdesk.services.crm import customer_lists
from shopdesk.services.listing import Kind
from shopdesk.services.stock import parts_lists
from tests.helpers.parts import make_part
from tests.services.customer_helpers import person


def test_filter_sort_and_chosen_columns(db, owner, tmp_path) -> None:
    for first, last in (("Ann", "Smith"), ("Bob", "Smithers"), ("Cy", "Jones")):
        person(owner, first, last, phone="", email="")
    source = customer_lists.customers(owner, "smith")
    source.sort_by("name", descending=True)
    path = tmp_path / "c.xlsx"
    assert export_list(source, path, title="Customers", keys=["grade", "name"]) == 2
    rows = list(openpyxl.load_workbook(path)["Customers"].iter_rows(values_only=True))
    grade = source.column("grade")
    shown = [(row[source.columns.index(grade)], row[0]) for row in source.page(0, 10)]
    assert rows == [("Grade", "Name"), *shown]
    assert [r[1] for r in rows[1:]] == ["Smithers, Bob", "Smith, Ann"]


def test_money_and_quantities_are_numbers(db, owner, tmp_path) -> None:
    make_part(owner, sku="OF-100", retail_price="9.99")
    path = tmp_path / "p.xlsx"
    export_list(parts_lists.parts_list(owner), path, titles={"retail": "Prix"})
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert "Prix" in header  # the heading as the screen shows it
    cell = sheet.cell(2, header.index("Prix") + 1)
    assert cell.data_type == "n" and cell.value == 9.99 and "$" in cell.number_format


def test_cancel_leaves_no_file(db, owner, tmp_path, monkeypatch) -> None:
    for first in ("Ann", "Bob", "Cy"):
        person(owner, first, "Smith", phone="", email="")
    monkeypatch.setattr(lists, "PROGRESS_EVERY", 1)
    calls = []

    def progress(done, total, message=""):
        calls.append(done)
        if done == 2:
            raise RuntimeError("Cancelled")  # the GUI's Cancel raises from progress()

    with pytest.raises(RuntimeError, match="Cancelled"):
        export_list(customer_lists.customers(owner), tmp_path / "out" / "c.xlsx",
                    progress=progress)
    assert calls == [0, 1, 2]
    assert list((tmp_path / "out").iterdir()) == []  # not even the .partial file


def test_raw_sql_values_become_what_the_list_shows() -> None:
    assert typed(Kind.MONEY, 1999) == Decimal("19.99")
    assert typed(Kind.QUANTITY, 1500) == Decimal("1.500")
    assert typed(Kind.DATE, "2026-11-02") == dt.date(2026, 11, 2)
    assert typed(Kind.TEXT, None) is None
