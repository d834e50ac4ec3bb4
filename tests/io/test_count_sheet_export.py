"""The stock-take count sheet exported for counting on a tablet: headed in the language of the
shop's documents, and the filled-in sheet imports back as stock counts in either language."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from shopdesk import i18n
from shopdesk.io import count_sheet_export
from shopdesk.io.importing import run_import
from shopdesk.io.sheet_reader import normal_header
from shopdesk.models.parts import Part, StockMovement
from shopdesk.services.stock import stock, stocktake
from tests.helpers.parts import make_part


def _count_on_the_sheet(path, counts: dict[str, str]) -> list:
    """Type the counts into the sheet as a clerk with a tablet would; returns the headings."""
    book = openpyxl.load_workbook(path)
    sheet = book.active
    headings = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[4].value = float(counts[row[1].value])
    book.save(path)
    return headings


@pytest.mark.parametrize("language, headings", [
    ("en", ["Bin", "SKU", "Part", "Unit", "Counted"]),
    ("zh_CN", ["货位", "SKU", "配件", "单位", "实盘数量"])])
def test_a_count_sheet_filled_in_on_a_tablet_imports_back(owner, tmp_path, language, headings):
    a = make_part(owner, "A-1", "Air filter", bin_location="A-01", cost="2.00")
    b = make_part(owner, "B-2", "Belt", bin_location="A-02", cost="3.00")
    stock.record_movement(owner, a, "receipt", 10, "2.00")
    stock.record_movement(owner, b, "receipt", 2, "3.00")
    take = stocktake.start(owner, location="A-")
    path = tmp_path / "count.xlsx"
    with i18n.documents(language):  # as the shop's language of documents
        count_sheet_export.export(owner, take.id, path)
    assert i18n.language() == "en"  # the screen keeps its language
    assert _count_on_the_sheet(path, {"A-1": "7", "B-2": "2"}) == headings
    report = run_import(owner, "stock", path)
    assert [str(p) for p in report.problems] == []
    assert Part.get_by_id(a.id).on_hand == Decimal("7.000")
    assert Part.get_by_id(b.id).on_hand == Decimal("2.000")
    moves = StockMovement.select().where(StockMovement.kind == "stocktake")
    assert [m.quantity for m in moves] == [Decimal("-3.000")]


def test_the_csv_sheet_follows_the_documents_language(owner, tmp_path):
    make_part(owner, "A-1", "Air filter", bin_location="A-01")
    take = stocktake.start(owner)
    with i18n.documents("zh_CN"):
        path = count_sheet_export.export(owner, take.id, tmp_path / "count.csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "货位,SKU,配件,单位,实盘数量"


def test_headers_are_compared_without_case_accents_or_width() -> None:
    assert normal_header("  Prénom ") == normal_header("PRENOM") == "prenom"
    assert normal_header("实盘数量") == "实盘数量"
    assert normal_header("ＳＫＵ") == "sku"  # full-width letters from a Chinese keyboard
    assert normal_header("Qty. on-hand") == "qty on hand"
    assert normal_header("part_no") == "part no"
