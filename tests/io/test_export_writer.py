"""The shared spreadsheet writer: Excel types, header, filter, widths, and no formula ever runs."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io import xlsx_writer
from shopdesk.io.xlsx_writer import Field, Workbook, money_format
from shopdesk.services.listing import Kind

DANGEROUS = ["=SUM(A1:A9)", "+44 20 7946 0958", "-2+3", "@cmd", "\t=1+1", "\r=1+1"]

FIELDS = [Field("Customer"), Field("Date", Kind.DATE), Field("Total", Kind.MONEY),
          Field("Qty", Kind.QUANTITY), Field("Paid", Kind.FLAG), Field("At", Kind.DATETIME),
          Field("Visits", Kind.NUMBER)]


def _write(path, rows, **options):
    with Workbook(path, **options) as book:
        sheet = book.sheet("Invoices", FIELDS)
        for row in rows:
            sheet.write(row)
    return path


ROW = ["Ann Smith", dt.date(2026, 11, 2), Decimal("1234.56"), Decimal("4.500"), True,
       dt.datetime(2026, 11, 2, 9, 30), 7]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_stays_text_in_xlsx(tmp_path, text) -> None:
    path = _write(tmp_path / "x.xlsx", [[text, *ROW[1:]]])
    cell = openpyxl.load_workbook(path).active["A2"]
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert cell.value.lstrip("'").replace("_x000D_", "\r") == text  # value unchanged


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_is_quoted_in_csv(tmp_path, text) -> None:
    path = _write(tmp_path / "x.csv", [[text, *ROW[1:]]])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        cell = list(csv.reader(handle))[1][0]
    assert cell == "'" + text


def test_plain_text_is_not_quoted(tmp_path) -> None:
    path = _write(tmp_path / "x.xlsx", [ROW])
    cell = openpyxl.load_workbook(path).active["A2"]
    assert cell.value == "Ann Smith" and not cell.quotePrefix


def test_values_keep_their_excel_types_and_formats(tmp_path) -> None:
    path = _write(tmp_path / "x.xlsx", [ROW, ["Bob", None, Decimal("-0.10"), 2, False, None,
                                             None]], currency="EUR", locale="de_DE")
    sheet = openpyxl.load_workbook(path).active
    date, money, qty, flag, stamp, visits = (sheet.cell(2, c) for c in range(2, 8))
    assert date.is_date and date.value == dt.datetime(2026, 11, 2)
    assert date.number_format == "yyyy-mm-dd"
    assert money.data_type == "n" and Decimal(str(money.value)) == Decimal("1234.56")
    assert "€" in money.number_format and "#,##0.00" in money.number_format
    assert qty.data_type == "n" and qty.value == 4.5
    assert flag.value is True
    assert stamp.is_date and stamp.value == dt.datetime(2026, 11, 2, 9, 30)
    assert visits.value == 7
    assert sheet["B3"].value is None  # None leaves the cell empty
    assert Decimal(str(sheet["C3"].value)) == Decimal("-0.10")


def test_header_is_frozen_bold_filtered_and_columns_sized(tmp_path) -> None:
    path = _write(tmp_path / "x.xlsx", [ROW] * 3)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Invoices"
    assert [c.value for c in sheet[1]] == [f.title for f in FIELDS]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:G4"
    assert sheet.column_dimensions["C"].width >= 14  # money fits


def test_csv_is_utf8_with_bom_iso_dates_plain_money(tmp_path) -> None:
    path = _write(tmp_path / "x.csv", [["Zoë Müller", *ROW[1:]]])
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[1] == ["Zoë Müller", "2026-11-02", "1234.56", "4.500", "yes",
                       "2026-11-02 09:30", "7"]


def test_csv_holds_one_sheet(tmp_path) -> None:
    with pytest.raises(ValidationError, match="one list"), \
            Workbook(tmp_path / "x.csv") as book:
        book.sheet("A", FIELDS)
        book.sheet("B", FIELDS)
    assert not (tmp_path / "x.csv").exists()
    assert not list(tmp_path.iterdir())  # no partial file left


def test_a_failed_export_leaves_no_file(tmp_path) -> None:
    path = tmp_path / "x.xlsx"
    with pytest.raises(ZeroDivisionError), Workbook(path) as book:
        sheet = book.sheet("A", FIELDS)
        sheet.write(ROW)
        raise ZeroDivisionError
    assert list(tmp_path.iterdir()) == []


def test_unknown_file_type_and_unwritable_folder_are_clear(tmp_path) -> None:
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        Workbook(tmp_path / "x.pdf")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ShopDeskError, match="Cannot write"):
        Workbook(blocker / "x.csv")


def test_a_sheet_longer_than_excel_allows_continues_on_the_next(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 4)  # header + 3 rows per sheet
    path = _write(tmp_path / "x.xlsx", [[f"row {n}", *ROW[1:]] for n in range(7)])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Invoices", "Invoices (2)", "Invoices (3)"]
    values = [r[0] for s in book for r in s.iter_rows(min_row=2, values_only=True)]
    assert values == [f"row {n}" for n in range(7)]
    assert all(s["A1"].value == "Customer" for s in book)


def test_sheet_names_are_made_valid_and_unique(tmp_path) -> None:
    with Workbook(tmp_path / "x.xlsx") as book:
        book.sheet("Sales: 2026/11 [draft]?", FIELDS)
        book.sheet("sales: 2026/11 [draft]?", FIELDS)
        book.sheet("x" * 40, FIELDS)
    names = openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames
    assert names[0] == "Sales_ 2026_11 _draft__"
    assert names[1] == "sales_ 2026_11 _draft__ (2)"
    assert names[2] == "x" * 31


def test_money_format_follows_currency_and_locale() -> None:
    assert money_format("USD", "en_US") == '"$"#,##0.00;-"$"#,##0.00'
    assert money_format("EUR", "de_DE") == '#,##0.00 "€";-#,##0.00 "€"'
    assert money_format("JPY", "en_US").startswith('"¥"#,##0;')  # no decimals for yen
