"""The spreadsheet reader: real .xlsx and .csv files made here, and the bad ones shops send."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from shopdesk.io import cell_values
from shopdesk.io.sheet_reader import SheetError, open_sheet


def _xlsx(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for block in merges:
        ws.merge_cells(block)
    wb.save(path)
    return path


def test_header_below_a_title_is_found_and_rows_keep_their_sheet_numbers(tmp_path):
    path = _xlsx(tmp_path / "parts.xlsx", [["Price list 2026"], [], ["Part No", "Name", "Price"],
                                           ["OF-1", "Oil filter", 12.5], [], ["BP-2", "Pads", 40]])
    sheet = open_sheet(path, known_headers={"part no", "price"})
    assert sheet.header_row == 3 and sheet.headers == ["Part No", "Name", "Price"]
    rows = list(sheet.rows())
    assert [r.number for r in rows] == [4, 6]  # the empty row 5 is skipped
    assert rows[0].values == {"Part No": "OF-1", "Name": "Oil filter", "Price": Decimal("12.5")}
    assert rows[1].values["Price"] == 40 and isinstance(rows[1].values["Price"], int)


def test_merged_cells_fill_their_block_with_a_note(tmp_path):
    path = _xlsx(tmp_path / "m.xlsx", [["Name", "Plate"], ["Ann Lee", "AB12"], [None, "CD34"]],
                 merges=["A2:A3"])
    rows = list(open_sheet(path).rows())
    assert rows[1].values["Name"] == "Ann Lee"
    assert "merged cells A2:A3" in rows[1].notes["Name"]


def test_formula_without_a_saved_result_is_reported_on_its_cell(tmp_path):
    path = _xlsx(tmp_path / "f.xlsx", [["SKU", "Price"], ["A", 2], ["B", "=B2*2"]])
    rows = list(open_sheet(path).rows())
    assert rows[1].values["Price"] is None
    assert "formula =B2*2 has no saved result" in rows[1].notes["Price"]


def test_csv_with_semicolons_and_comma_decimals(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("SKU;Preis\nA-1;1.234,50\n;\nB-2;12,5\n".encode("cp1252"))
    rows = list(open_sheet(path).rows())
    assert [r.values["SKU"] for r in rows] == ["A-1", "B-2"]
    assert [cell_values.decimal(r.values["Preis"]) for r in rows] == [Decimal("1234.50"),
                                                                      Decimal("12.5")]


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4 hello", "is a PDF document, not a spreadsheet"),
    (b"", "is empty"),
])
def test_not_a_workbook(tmp_path, content, message):
    path = tmp_path / "parts.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetError, match=message):
        open_sheet(path)


def test_renamed_text_file_is_not_an_excel_workbook(tmp_path):
    path = tmp_path / "parts.xlsx"
    path.write_text("just some notes\n")
    with pytest.raises(SheetError, match="is not an Excel workbook"):
        open_sheet(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "hello")
    with pytest.raises(SheetError, match="zip file but not an Excel workbook"):
        open_sheet(path)


def test_zip_bomb_like_workbook_is_refused_before_reading(tmp_path):
    good = _xlsx(tmp_path / "good.xlsx", [["SKU", "Name"], ["A", "B"]])
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(SheetError, match="zip bomb"):
        open_sheet(path)


def test_password_protected_workbook(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _xlsx(tmp_path / "plain.xlsx", [["SKU", "Name"], ["A", "B"]])
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as src, locked.open("wb") as out:
        OOXMLFile(src).encrypt("secret", out)
    with locked.open("rb") as handle:
        assert msoffcrypto.OfficeFile(handle).is_encrypted()
    with pytest.raises(SheetError, match="protected with a password"):
        open_sheet(locked)


def test_a_million_row_csv_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("w") as handle:
        handle.write("SKU,Name\n")
        handle.writelines(f"P{i},Part {i}\n" for i in range(1_000_000))
    sheet = open_sheet(path)
    with pytest.raises(SheetError, match="more than 200,000 rows"):
        for _row in sheet.rows():
            pass


def test_a_million_row_workbook_is_refused_before_it_is_loaded(tmp_path):
    good = _xlsx(tmp_path / "good.xlsx", [["SKU", "Name"]])
    path = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info, src.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                      b'.org/spreadsheetml/2006/main"><sheetData>')
            for start in range(1, 1_000_001, 10_000):
                out.write(b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P</t></is>'
                                   b"</c></row>" % (i, i) for i in range(start, start + 10_000)))
            out.write(b"</sheetData></worksheet>")
    with pytest.raises(SheetError, match="more than 200,000 rows"):
        open_sheet(path)


@pytest.mark.parametrize(("written", "expected"), [
    ("2024-03-15", dt.date(2024, 3, 15)), ("15/03/2024", dt.date(2024, 3, 15)),
    ("03/15/2024", dt.date(2024, 3, 15)), ("15.03.24", dt.date(2024, 3, 15)),
    ("15 Mar 2024", dt.date(2024, 3, 15)), ("March 15, 2024", dt.date(2024, 3, 15)),
    ("15-Mar-24", dt.date(2024, 3, 15)), (45366, dt.date(2024, 3, 15)),
])
def test_dates_written_as_text_in_several_formats(written, expected):
    assert cell_values.date(written) == expected


def test_impossible_date_says_so():
    with pytest.raises(cell_values.CellError, match="not a real date"):
        cell_values.date("31/02/2024")


@pytest.mark.parametrize(("written", "expected"), [
    ("1,234.50", "1234.50"), ("1.234,50", "1234.50"), ("12,5", "12.5"), ("$ 9.99", "9.99"),
    ("1 200", "1200"), ("€12,50", "12.50"), ("1.234.567", "1234567"), ("(5.00)", "-5.00"),
])
def test_numbers_with_thousands_separators_and_comma_decimals(written, expected):
    assert cell_values.decimal(written) == Decimal(expected)


def test_a_sheet_is_chosen_by_name_and_a_missing_one_is_named(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.append(["Notes only"])
    hidden = wb.create_sheet("Old & hidden")
    hidden.sheet_state = "hidden"
    parts = wb.create_sheet("Parts")
    parts.append(["SKU", "Name"])
    parts.append(["A-1", "Oil filter"])
    wb.save(tmp_path / "book.xlsx")
    from shopdesk.io.sheet_reader import sheet_names

    assert sheet_names(tmp_path / "book.xlsx") == ["Read me", "Parts"]
    rows = list(open_sheet(tmp_path / "book.xlsx", sheet="Parts").rows())
    assert rows[0].values == {"SKU": "A-1", "Name": "Oil filter"}
    with pytest.raises(SheetError, match=r"book.xlsx has no sheet called 'Prices' \(it has "
                                         r"Read me, Old & hidden, Parts\)"):
        open_sheet(tmp_path / "book.xlsx", sheet="Prices")


def test_a_formula_below_many_full_rows_is_still_reported_on_its_cell(tmp_path):
    rows = [["SKU", "Price"]] + [[f"P{i}", i + 0.5] for i in range(300)] + [["B", "=B2*2"]]
    read = list(open_sheet(_xlsx(tmp_path / "f.xlsx", rows)).rows())
    assert [r.notes for r in read[:300]] == [{}] * 300
    assert read[300].values["Price"] is None
    assert "formula =B2*2 has no saved result" in read[300].notes["Price"]


def test_a_small_workbook_with_too_many_rows_gets_the_same_refusal(tmp_path):
    path = _xlsx(tmp_path / "long.xlsx", [["SKU", "Name"]] + [[f"P{i}", "x"] for i in range(80)])
    with pytest.raises(SheetError, match="more than 40 rows: split it"):
        open_sheet(path, max_rows=40)
