"""The parts import's fast paths (values by column, SKUs and barcodes on file read once, the
cyclic collector paused) give exactly what the row-by-row path gives, on an awkward file:
the same rows saved, the same problems by row and column, the same warnings and audit."""

from __future__ import annotations

import gc

import openpyxl
import pytest

from shopdesk.io.importing import engine, parts, run_import
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy
from shopdesk.models.parts import Part, PartBarcode, StockMovement, Supplier
from shopdesk.services.stock import parts as catalogue
from shopdesk.services.stock import suppliers

HEADERS = ["SKU", "Name", "Brand", "Cost", "RRP", "Tax", "Supplier", "EAN", "Other barcodes",
           "Min stock", "Qty"]
ROWS = [
    [" of-1 ", None, "Bosch", 2.675, 9.5, "std", "acme parts", None, None, 2, 5],
    ["NEW-1", "Brake pads", "Brembo", 1.005, "1,234.50", "STD", "New Supplier",
     "4006633112233", "A1; A2;;", 0, None],
    ["new-1", "Same SKU again", None, 1, 2, None, None, None, None, None, None],
    ["a b", "Space in the SKU", None, 1, 2, None, None, None, None, None, None],
    [None, "No SKU", None, 1, 2, None, None, None, None, None, None],
    ["NEW-2", None, None, 1, 2, None, None, None, None, None, None],
    ["NEW-3", "Unknown tax", None, 1, 2, "XYZ", None, None, None, None, None],
    ["NEW-4", "Negative cost", None, -1, 2, None, None, None, None, None, None],
    ["NEW-5", "Word for a price", None, 1, "abc", None, None, None, None, None, None],
    ["NEW-6", "Barcode of another part", None, 1, 2, None, None, "4000000000001", None, None,
     None],
    ["XB-CODE", "SKU that is a barcode", None, 1, 2, None, None, None, None, None, None],
    ["NEW-7", "Barcode that is a SKU", None, 1, 2, None, None, "new-1", None, None, None],
    ["NEW-8", "Barcode twice", None, 1, 2, None, None, "4006633112233", None, None, None],
    ["NEW-9", "Barcode with a space", None, 1, 2, None, None, "has space", None, None, None],
    ["NEW-10", "'=1+1", "'-minus", 0, 0.0, None, None, None, None, 0, 0],
    ["NEW-11", "Large cost", None, 123456789.125, 0.125, None, None, None, None, 12.3455, 3],
    ["oF-1", "Same SKU, other case", None, 1, 2, None, None, None, None, None, None],
    ["NEW-12", "Tax and supplier in other cases", None, 19.99, 0.07, "std", "ACME PARTS",
     None, None, 1.0005, None],
    ["NEW-13", "Money as text", None, "2,75", "$ 9.99", None, None, None, None, "1 200", None],
]


def workbook(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Parts list"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def outcome(owner, path):
    """Import ``path`` on the shop as it is, note everything a user could see, undo it."""
    with database_proxy.atomic() as transaction:
        acme = suppliers.create_supplier(owner, name="Acme Parts")
        catalogue.create_part(owner, sku="OF-1", name="Oil filter", retail_price="9.00",
                              brand="Bosch", barcodes=["4000000000001"], supplier=acme.id)
        catalogue.create_part(owner, sku="XB-9", name="Wiper", barcodes=["XB-CODE"])
        audited = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
        report = run_import(owner, "parts", path)
        suppliers_by_id = {s.id: s.name for s in Supplier.select()}
        skus = {p.id: p.sku for p in Part.select()}
        seen = {
            "summary": report.summary(),
            "problems": [str(p) for p in report.problems],
            "warnings": [str(w) for w in report.warnings],
            "rejected": report.rejected_messages,
            "parts": sorted(
                (p.sku, p.name, p.brand, p.category, p.unit, p.cost, p.retail_price,
                 p.trade_price, p.tax_code, p.bin_location, p.reorder_point, p.reorder_qty,
                 suppliers_by_id.get(p.supplier_id), p.on_hand, p.archived, p.version)
                for p in Part.select()),
            "barcodes": sorted((b.code, skus[b.part_id]) for b in PartBarcode.select()),
            "stock": sorted((skus[m.part_id], m.kind, m.quantity, m.reference, m.reason)
                            for m in StockMovement.select()),
            "suppliers": sorted(suppliers_by_id.values()),
            "audit": sorted((a.action, a.entity, a.summary, a.before, a.after)
                            for a in AuditEntry.select().where(AuditEntry.id > audited)),
        }
        transaction.rollback()
    return seen


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 4 rows: what one batch wrote, the next one finds on file."""
    monkeypatch.setattr(parts.PartImport, "batch", 4)


def test_the_fast_paths_import_an_awkward_file_as_the_row_by_row_path(owner, tmp_path,
                                                                      monkeypatch,
                                                                      small_batches):
    path = workbook(tmp_path / "awkward.xlsx")
    fast = outcome(owner, path)

    # the database asked about every batch's SKUs and barcodes (a big catalogue's way)
    monkeypatch.setattr(parts, "_READ_UP_TO", -1)
    asked = outcome(owner, path)
    # and rows parsed one by one, values taken from each row (the path for merged cells)
    monkeypatch.setattr(engine.RowParser, "parse_batch",
                        lambda self, rows: engine.Batch(self.parse(*row) for row in rows))
    by_row = outcome(owner, path)

    assert fast == asked == by_row
    assert fast["summary"] == ("Imported from awkward.xlsx: 5 created, 1 updated, "
                               "0 unchanged, 13 rejected")
    assert fast["problems"] == [
        "Row 6, SKU: SKU NEW-1 is also on row 5: keep one row",
        "Row 7, SKU: 1–40 letters, digits, . _ / - (no spaces)",
        "Row 8, SKU: A part needs a SKU",
        "Row 9, Name: A new part needs a name",
        "Row 10, Tax: No tax class 'XYZ' (the shop has STD, ZERO)",
        "Row 11, Cost: Cannot be negative",
        "Row 12, RRP: 'abc' is not a number",
        "Row 13, EAN: Barcode 4000000000001 is already on another part",
        "Row 14, SKU: XB-CODE is another part's barcode; a scan would be ambiguous",
        "Row 15, EAN: Barcode new-1 is the SKU of part NEW-1",
        "Row 16, EAN: Barcode 4006633112233 is also on row 5",
        "Row 17, EAN: Barcode 'has space' is not a code a scanner types",
        "Row 20, SKU: SKU OF-1 is also on row 4: keep one row"]
    assert fast["warnings"] == ["Row 5, Supplier: Supplier New Supplier added"]
    assert ("import", "parts", fast["summary"], None, None) in fast["audit"]  # one entry
    saved = {p[0]: p for p in fast["parts"]}
    assert set(saved) == {"OF-1", "XB-9", "NEW-1", "NEW-10", "NEW-11", "NEW-12", "NEW-13"}
    money = {sku: (str(saved[sku][5]), str(saved[sku][6]), str(saved[sku][10]))
             for sku in saved}  # cost, retail price, reorder point
    assert money["NEW-1"] == ("1.01", "1234.50", "0.000")  # 1.005 rounds half up
    assert money["NEW-11"] == ("123456789.13", "0.13", "12.346")
    assert money["NEW-12"] == ("19.99", "0.07", "1.001")
    assert money["NEW-13"] == ("2.75", "9.99", "1200.000")  # written the way people write
    assert money["OF-1"] == ("2.68", "9.50", "2.000")  # the known SKU updated
    assert saved["NEW-10"][1:3] == ("=1+1", "-minus")  # a CSV export's quote taken off
    assert saved["NEW-12"][8] == "STD" and saved["NEW-12"][12] == "Acme Parts"
    assert saved["NEW-1"][12] == "New Supplier"
    assert ("A2", "NEW-1") in fast["barcodes"]
    assert [(sku, str(q)) for sku, _k, q, _r, _w in fast["stock"]] == [("NEW-11", "3.000"),
                                                                      ("OF-1", "5.000")]


def test_an_import_leaves_the_cyclic_collector_as_it_found_it(owner, tmp_path):
    path = workbook(tmp_path / "awkward.xlsx")
    was_on = gc.isenabled()  # (off once a GUI test has run: shopdesk.gui.gc_guard)
    try:
        gc.enable()
        assert run_import(owner, "parts", path, dry_run=True).created == 8
        assert gc.isenabled()
        gc.disable()  # as the GUI keeps it
        assert run_import(owner, "parts", path, dry_run=True).created == 8
        assert not gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()


TEXT_COLUMNS = [
    ["Oil filter", "  Brake pads ", "", "   ", "O'Brien", "x\n'y", "\tTabbed\t"],
    ["Oil filter", "'=1+1", "'-minus", "'plain quote", "'", "''", "'\tx"],
    ["Oil filter", None, 12.0, "", True],
    ["", "", ""],
    ["\u00a0non-breaking\u00a0", "\u3000全角\u3000", "ä", "'@at"],
    [],
]


@pytest.mark.parametrize("column", TEXT_COLUMNS, ids=range(len(TEXT_COLUMNS)))
def test_text_columns_read_at_once_as_cell_by_cell(column):
    convert = engine._converter("text", day_first=True)
    exact = [None if cell is None else engine._SLOW if type(cell) is not str else convert(cell)
             for cell in column]
    assert engine._fast_column("text", column) == exact
    at_once = engine._known_column("text", column, {})
    assert at_once is None or at_once == exact
    assert engine._known_column("text", ["Oil filter ", " ", "Brake pads"], {}) == [
        "Oil filter", None, "Brake pads"]


NUMBER_COLUMNS = [
    [19.99, 4.35, "", None, 0.07, 1e-9, 5e-324, 1234.5],
    [2.675, 1.005, "", None, 19.99],
    [2.675, True, 1.0],  # yes/no is not a number (though True == 1.0)
    [0.0, -0.0, 1.0],
    [12.3455, "1,234.50", 3.0],
    [-1.5, float("nan"), float("inf"), 10.0],
    [123456789.125, 1e-9, 0.0005, 5e-324],
]


@pytest.mark.parametrize("kind", ["money", "quantity"])
def test_number_columns_seen_before_read_at_once_as_cell_by_cell(kind):
    convert = engine._converter(kind, day_first=True)
    memo = dict(engine._EMPTY_CELLS)
    read_at_once = 0
    for column in NUMBER_COLUMNS * 2:  # the second time round, the memo knows most cells
        exact = []
        for cell in column:
            try:
                exact.append(None if cell in ("", None) else str(convert(cell)))
            except ValueError:  # (CellError, MoneyError): left to the converter's message
                exact.append("refused")
        at_once = engine._known_column(kind, column, memo)
        if at_once is not None:
            assert [None if v is None else str(v) for v in at_once] == exact
        engine._fast_column(kind, column, memo)  # as the import does when not all known
        read_at_once += at_once is not None
    assert read_at_once >= 1
    assert engine._known_column(kind, [19.99, ""], memo) is not None  # seen: read at once
    assert engine._known_column(kind, [19.99, True], memo) is None


@pytest.mark.parametrize("skus", [
    ["OF-100", "BP-200", "C-1/2.X_"], ["OF-100", "of-100"], ["A B"], ["A\nB"], [""],
    ["A" * 40], ["A" * 41], ["-A"], ["A", "B\n"], ["ÄB"], []])
def test_a_batch_of_skus_is_passed_only_when_each_passes_the_parts_rule(skus):
    each = bool(skus) and all(catalogue.SKU_FORM.match(sku) for sku in skus)
    at_once = catalogue.all_good_skus(skus)
    assert each or not at_once  # never passes a SKU the rule refuses
    if each and not any("\n" in sku for sku in skus):
        assert at_once  # (False only means: look at each one)
