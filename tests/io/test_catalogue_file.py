"""Reading a supplier's price file (.csv, .xlsx) for the catalogue import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io.catalogue_file import read_headers, read_price_file
from shopdesk.io.sheet_reader import SheetError
from shopdesk.services.pricing import catalogue
from tests.helpers.parts import make_supplier


def test_csv_below_a_title_with_written_numbers(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text("Acme Parts price list March\n\nPart No,Description,Net Price,Pack Qty\n"
                    'AC-1,Brake pads,"1,234.50",2\nAC-2,Filter,abc,1\n', encoding="utf-8")
    read = read_price_file(path)
    assert read.mapping == {"Part No": "supplier_sku", "Description": "description",
                            "Net Price": "cost", "Pack Qty": "pack_size"}
    assert read.rows == [
        (4, {"supplier_sku": "AC-1", "description": "Brake pads", "cost": Decimal("1234.50"),
             "pack_size": Decimal("2")}),
        (5, {"supplier_sku": "AC-2", "description": "Filter", "cost": "abc",
             "pack_size": Decimal("1")})]


def test_xlsx_with_an_unknown_column_needs_mapping(tmp_path):
    path = tmp_path / "bosch.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Article", "Name", "Dealer price", "Colour"])
    sheet.append(["0986AB", "Brake disc", 31.5, "grey"])
    book.save(path)
    assert read_headers(path) == ["Article", "Name", "Dealer price", "Colour"]
    with pytest.raises(ValidationError, match="'Colour'"):
        read_price_file(path)
    read = read_price_file(path, {"Colour": "ignore"})
    assert read.rows == [(2, {"supplier_sku": "0986AB", "description": "Brake disc",
                              "cost": Decimal("31.5")})]


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "prices.xlsx"
    path.write_bytes(b"%PDF-1.4 not a sheet")
    with pytest.raises(ShopDeskError, match="PDF"):
        read_price_file(path)


def _as_checked_by_field(read):
    """What the import makes of the rows by field, row by row (the general way)."""
    return [repr(r) for r in catalogue._checked(list(read.rows))]


_SKU61 = "X" * 61
_LONG = "Long " * 60


def test_csv_rows_checked_while_read_are_what_the_rows_by_field_give(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = [
        "Part No,Description,Net Price,Pack Qty,EAN,Brand",
        "AC-1,Pads,24.80,2,4006,Bosch", '"  AC-2 ", Filter ," 12.5 ", 3 ,  , ',
        'AC-3,Written,"1,234.50",1,,', "AC-4,Bad,abc,1,,", "AC-5,No cost,,1,,",
        "AC-6,Fine,1.005,1,,", "AC-7,Zero,0,1,,", "AC-8,Dear,2000000,1,,",
        "AC-9,No pack,10,,,", "AC-10,Zero pack,10,0,,", "AC-11,Half,10,1.5,,",
        "AC-12,Tiny,10,1.0005,,", ",No number,3,1,,", f"{_SKU61},Too long,3,1,,",
        f"AC-13,{_LONG},3,1,,", "AC-14,Short", ",,,,,", "  ,  , ,,,",
        "AC-15,Dollar,$ 9.99,1,,", "AC-16,Negative pack,5,-1,,", "AC-17,Sci,1e3,1,,",
        "AC-18,Padded,0012.50,1,,", "AC-1,Again,5,1,,", "AC-19,Neg,-4,1,,",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_price_file(path)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert len(read.rows) == len(list(read.rows)) == len(lines) - 3  # two empty rows
    first = read.rows.checked[0]
    assert first == catalogue.PriceRow(2, "AC-1", "Pads", Decimal("24.80"), Decimal("2.000"),
                                       "4006", "Bosch")


def test_xlsx_rows_checked_while_read_are_what_the_rows_by_field_give(tmp_path):
    path = tmp_path / "mixed.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Article", "Name", "Dealer price", "Pack", "EAN", "Brand"],
                ["0986AB", "Brake disc", 31.5, 2, 4006381333931, "Bosch"],
                [12345, "Numbered", 10, 1, None, None], ["AB-1", None, 0.1 + 0.2, 1, "", ""],
                ["AB-2", "Huge", 1e16, 1, None, None], ["AB-3", "Yes", True, 1, None, None],
                ["AB-4", "Dated", dt.date(2024, 1, 2), 1, None, None],
                ["AB-5", "Text", "12,50", None, None, None], ["AB-6", "Pack 1.5", 9, 1.5],
                ["AB-7", "Whole", 7.0, 3.0, "EAN-7", "Mann"], ["AB-8", "Zero", 0, 1],
                ["AB-9", "Merged", 4, 1, "A", "B"], ["AB-10", "x", 4, 1, "A", "B"],
                ["AB-0", 3.25, 1.99, 1, None, None]):
        sheet.append(row)
    sheet.merge_cells("F10:F11")
    book.save(path)
    read = read_price_file(path)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert len(read.rows) == len(list(read.rows)) == 13


def test_a_short_first_row_goes_the_general_way(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("SKU,Price,Pack\nAC-1,\nAC-2,3.50,2\n", encoding="utf-8")
    read = read_price_file(path)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert read.rows.checked[0] == catalogue.RowError(2, "no cost")


def _plan_shown(plan):
    return ([repr(r) for r in plan.new], [repr(c) for c in plan.changed], plan.unchanged,
            [repr(e) for e in plan.errors])


_MIXED = [
    "Part No,Description,Net Price,Pack Qty,EAN,Brand",
    "AC-1,Pads,24.80,2,4006,Bosch", '"  AC-2 ", Filter ," 12.5 ", 3 ,  , ',
    'AC-3,Written,"1,234.50",1,,', "AC-4,Bad,abc,1,,", "AC-5,No cost,,1,,",
    "AC-6,Fine,1.005,1,,", "AC-7,Zero,0,1,,", "AC-8,Dear,2000000,1,,", "AC-9,No pack,10,,,",
    "AC-10,Zero pack,10,0,,", "AC-11,Half,10,1.5,,", "AC-12,Tiny,10,1.0005,,",
    ",No number,3,1,,", f"{_SKU61},Too long,3,1,,", f"AC-13,{_LONG},3,1,,", "AC-14,Short",
    ",,,,,", "  ,  , ,,,", "AC-15,Dollar,$ 9.99,1,,", "AC-16,Negative pack,5,-1,,",
    "AC-17,Sci,1e3,1,,", "AC-18,Padded,0012.50,1,,", "AC-1,Again,5,1,,", "AC-19,Neg,-4,1,,",
    "AC-2,Again,12.50,3,,", "AC-20,Cents,.50,1,,", "AC-21,Dot,5.,1,,", "AC-22,Same,7.00,2,,",
    "AC-23,Changed,8.00,2,,", "AC-20,Third,1,1,,", "AC-24,Pack,1,2.50,,", "AC-25,Pack,1, 2.5,,",
    "AC-26,Pack,1,2.5000,,", "AC-27,Pack,1,2.50001,,", "AC-28,Cost,1000000.00,1,,",
    "AC-29,Cost,1000000.01,1,,",
]


def test_a_file_sorted_in_the_pass_that_read_it_plans_as_its_rows_by_field_do(tmp_path, owner):
    supplier = make_supplier(owner)
    catalogue.apply_import(owner, catalogue.plan_import(owner, supplier.id, [
        (2, {"supplier_sku": "AC-22", "description": "Same", "cost": Decimal("7"),
             "pack_size": Decimal("2")}),
        (3, {"supplier_sku": "AC-23", "description": "Changed", "cost": Decimal("9"),
             "pack_size": Decimal("2")})]))
    path = tmp_path / "mixed.csv"
    path.write_text("\n".join(_MIXED) + "\n", encoding="utf-8")
    read = read_price_file(path)
    assert read.rows.good is not None  # (sorted as read: the plan takes it as it is)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    planned = catalogue.plan_import(owner, supplier.id, read.rows)
    assert _plan_shown(planned) == _plan_shown(catalogue.plan_import(owner, supplier.id,
                                                                     list(read.rows)))
    assert (planned.unchanged, len(planned.changed)) == (1, 1)
    assert [(e.row, e.message) for e in planned.errors if "already" in e.message] == [
        (24, "AC-1 is already on row 2"), (26, "AC-2 is already on row 3"),
        (31, "AC-20 is already on row 27")]
    # a supplier's first file: every good row is new, in row order
    first = catalogue.plan_import(owner, make_supplier(owner, "Bosch").id, read.rows)
    assert [r.row for r in first.new] == sorted(r.row for r in first.new)
    assert len(first.new) == len(planned.new) + 2


def test_numbers_longer_than_decimal_keeps_are_row_errors(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("SKU,Price,Pack\nA,12345678901234567890123456789012345,1\n"
                    "B,3.50,123456789012345678901234567890123\nC,1e40,1\nD,1E+16,1\n"
                    "E,12345678901234567890123456789012345.67,2\nF,2.50,1e40\n", encoding="utf-8")
    read = read_price_file(path)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert all(type(r) is catalogue.RowError for r in read.rows.checked[:3])
    assert [r.message for r in read.rows.checked] == [
        "cost 12345678901234567890123456789012345 is not believable",
        "pack size 123456789012345678901234567890123 is not believable",
        "cost 1e40 is not believable", "cost 10000000000000000.00 is not believable",
        "cost 12345678901234567890123456789012345.67 is not believable",
        "pack size 1e40 is not believable"]


def test_the_rows_by_field_are_read_again_and_a_changed_file_is_refused(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("SKU,Price\nA,3.50\n", encoding="utf-8")
    read = read_price_file(path)
    path.write_text("SKU,Price\nA,3.50\nB,4\n", encoding="utf-8")
    assert len(read.rows) == 1  # (the rows checked)
    assert [n for n, _values in read.rows] == [2, 3]  # read again: what the file now holds
    again = read_price_file(path)
    path.write_text("SKU,Cost,Brand\nA,3.50,X\n", encoding="utf-8")
    with pytest.raises(SheetError, match=r"prices\.csv changed since it was read"):
        list(again.rows)


def _counting_batches(monkeypatch):
    """How many batches were checked a column at a time (the rest went row by row)."""
    by_columns, taken = catalogue._by_columns, []

    def counted(*args):
        done = by_columns(*args)
        taken.append(done is not None)
        return done

    monkeypatch.setattr(catalogue, "_by_columns", counted)
    return taken


def test_a_long_csv_is_checked_a_batch_at_a_time_as_row_by_row(tmp_path, owner, monkeypatch):
    supplier = make_supplier(owner)
    lines = ["Part No,Description,Net Price,Pack Qty,EAN"]
    costs, packs = ("12.50", "7.5", "9", " 3.25 ", "0.07", "999999.99"), ("1", "", "2.5", " 3")
    for i in range(2500):
        text = (f"  Item {i} " if i % 7 else "Long " * 60) if i % 11 else ""
        lines.append(f"P-{i},{text},{costs[i % 6]},{packs[i % 4]},{4000 + i if i % 2 else ''}")
    lines[1501] = "P-1500,Bad,abc,1,"  # (the second batch goes row by row)
    lines[1601] = "P-10,Again,5,1,"
    lines[2101] = "P-5,Again,5,1,"  # (a batch checked by column, with a part number seen)
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    taken = _counting_batches(monkeypatch)
    read = read_price_file(path)
    assert taken == [True, False, True]
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    planned = catalogue.plan_import(owner, supplier.id, read.rows)
    assert _plan_shown(planned) == _plan_shown(catalogue.plan_import(owner, supplier.id,
                                                                     list(read.rows)))
    assert [(e.row, e.message) for e in planned.errors] == [
        (1502, "cost 'abc' is not a number"), (1602, "P-10 is already on row 12"),
        (2102, "P-5 is already on row 7")]
    assert planned.new[0] == catalogue.PriceRow(2, "P-0", "", Decimal("12.50"),
                                                Decimal("1.000"), "", "")
    assert planned.new[3].cost == Decimal("3.25") and planned.new[3].pack_size == 3
    assert len(planned.new[7].description) == 255


def test_a_long_workbook_is_checked_a_batch_at_a_time_as_row_by_row(tmp_path, monkeypatch):
    path = tmp_path / "long.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Article", "Name", "Dealer price", "Pack", "EAN", "Brand"])
    costs, packs = (31.5, 7.0, 12.25, 0.05), (1, 2.5, None, 4.0)
    for i in range(2400):
        sheet.append([f"A-{i}", f"Part {i}" if i % 3 else None, costs[i % 4], packs[i % 4],
                      f"EAN-{i}" if i % 2 else None, "Bosch" if i % 5 else ""])
    sheet["C1500"] = 1.005  # (more than 2 decimals: that batch goes row by row)
    book.save(path)
    taken = _counting_batches(monkeypatch)
    read = read_price_file(path)
    assert taken == [False, False, True]  # (the first rows were read to find the header)
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert read.rows.checked[1498] == catalogue.RowError(
        1500, "cost 1.005 has more than 2 decimals")
    assert read.rows.checked[2398] == catalogue.PriceRow(
        2400, "A-2398", "Part 2398", Decimal("12.25"), Decimal("1.000"), "", "Bosch")


def test_a_cost_cell_of_two_lines_is_a_row_error(tmp_path, monkeypatch):
    path = tmp_path / "lines.csv"
    path.write_text('SKU,Price\nA,3.50\nB,"1.50\n2.00"\nC,4\n', encoding="utf-8")
    taken = _counting_batches(monkeypatch)
    read = read_price_file(path)
    assert taken == [False]
    assert [repr(r) for r in read.rows.checked] == _as_checked_by_field(read)
    assert read.rows.checked[1] == catalogue.RowError(3, "cost '1.50\\n2.00' is not a number")
