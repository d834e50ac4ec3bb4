"""The parts and purchasing screens driven as the clerk and owner would."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopdesk.gui.parts.insights_dialog import InsightsDialog
from shopdesk.gui.parts.order_dialog import OrderDialog
from shopdesk.gui.parts.part_dialog import PartDialog
from shopdesk.gui.parts.stock_dialogs import LabelsDialog, RepriceDialog, ReturnDialog
from shopdesk.gui.parts.stocktake_dialog import StockTakeDialog
from shopdesk.models.parts import Part, PurchaseOrder, StockMovement
from shopdesk.services.stock import purchasing, stock
from tests.helpers.parts import make_part, make_supplier


def shown(view) -> list[tuple]:
    model = view.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_create_a_part_then_scan_it_at_receiving(qtbot, make_window, owner, clerk):
    acme = make_supplier(owner)
    window = make_window(owner)
    screen = window.show_screen("parts")
    dialog = PartDialog(window.context, parent=screen)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.sku, "of-100")
    qtbot.keyClicks(dialog.name, "Oil filter")
    qtbot.keyClicks(dialog.cost, "4.00")
    qtbot.keyClicks(dialog.retail, "9.99")
    qtbot.keyClicks(dialog.barcodes, "4006633312345")
    dialog.supplier.setCurrentIndex(dialog.supplier.findData(acme.id))
    dialog.save()
    part = Part.get(Part.sku == "OF-100")
    assert dialog.saved.id == part.id and part.supplier_id == acme.id
    stock.record_movement(owner, part, "receipt", 10, "4.00")  # 10 on the shelf at 4.00
    order = purchasing.create_order(owner, acme.id, [(part.id, 6, "5.20")])
    purchasing.place_order(owner, order.id)

    receive = OrderDialog(window.context, order.id, screen)
    qtbot.addWidget(receive)
    receive.show()
    for _ in range(4):  # four boxes scanned: the scanner types the code and Enter
        qtbot.keyClicks(receive.scan, "4006633312345")
        qtbot.keyClick(receive.scan, Qt.Key.Key_Return)
    assert shown(receive.table)[0][-1] == "4"
    qtbot.keyClicks(receive.invoice, "INV-5531")
    qtbot.mouseClick(receive.book_button, Qt.MouseButton.LeftButton)
    part = Part.get_by_id(part.id)
    assert part.on_hand == 14
    assert part.cost == Decimal("4.34")  # (10 x 4.00 + 4 x 5.20) / 14 = 4.343 -> 4.34
    assert "Partly received" in receive.heading.text()
    assert shown(receive.table)[0][2:5] == ("6", "4", "2")

    qtbot.keyClicks(screen.search_box, "4006633312345")  # the parts list finds it by scan
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)
    assert screen.table.current_key() == part.id
    assert "14 piece on hand, 2 on order" in screen.detail.text()
    assert shown(screen.movements)[0][1:5] == ("Receipt", "4", "$5.20",
                                               f"{order.number} / inv INV-5531")


def test_receiving_refuses_more_than_ordered(qtbot, make_window, owner):
    acme = make_supplier(owner)
    part = make_part(owner, supplier=acme.id, barcodes=["555"])
    order = purchasing.create_order(owner, acme.id, [(part.id, 1, None)])
    purchasing.place_order(owner, order.id)
    window = make_window(owner)
    dialog = OrderDialog(window.context, order.id, window)
    qtbot.addWidget(dialog)
    for _ in range(2):
        qtbot.keyClicks(dialog.scan, "555")
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert dialog.error.text() == f"Only 1 of OF-100 still to come on {order.number}"
    qtbot.keyClicks(dialog.scan, "999")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert dialog.error.text() == f"999 is not on {order.number}"
    assert Part.get_by_id(part.id).on_hand == 0


def test_unknown_scan_offers_to_link_the_code(qtbot, make_window, owner, monkeypatch):
    part = make_part(owner)
    window = make_window(owner)
    screen = window.show_screen("parts")
    monkeypatch.setattr(screen, "ask_unknown_code", lambda code: "link")
    monkeypatch.setattr(screen, "ask_link_target", lambda code: "of-100")
    qtbot.keyClicks(screen.search_box, "7612345678901")
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)
    assert screen.table.current_key() == part.id
    qtbot.keyClicks(screen.search_box, "x")  # next scan of the same code: found at once
    screen.search_box.setText("7612345678901")
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)
    assert screen.table.current_key() == part.id


def test_reorder_suggestions_become_draft_orders(qtbot, make_window, owner):
    acme = make_supplier(owner)
    make_part(owner, "A1", "Air filter", supplier=acme.id, reorder_point=3, reorder_qty=10)
    make_part(owner, "B1", "Brake fluid", supplier=acme.id, reorder_point=2, reorder_qty=4)
    window = make_window(owner)
    screen = window.show_screen("purchasing")
    screen.tabs.setCurrentIndex(1)
    assert [r[0] for r in shown(screen.suggestions_view)] == ["A1", "B1"]
    assert shown(screen.suggestions_view)[0][6:] == ("10", "reorder quantity")
    screen.suggestions_view.selectRow(0)
    qtbot.mouseClick(screen.draft_button, Qt.MouseButton.LeftButton)
    order = PurchaseOrder.get()
    assert [(ln.part.sku, ln.quantity) for ln in purchasing.order_lines(owner, order.id)] == [
        ("A1", 10)]
    assert screen.tabs.currentIndex() == 0
    assert shown(screen.orders)[0][:3] == (order.number, "Acme Parts", "Draft")
    assert shown(screen.orders)[0][5] == "$40.00"
    screen.tabs.setCurrentIndex(1)
    assert [r[0] for r in shown(screen.suggestions_view)] == ["B1"]


def test_stock_take_with_a_difference_shows_in_the_ledger(qtbot, make_window, owner, tmp_path):
    a = make_part(owner, "A1", "Air filter", bin_location="A-1", barcodes=["111"])
    b = make_part(owner, "B1", "Belt", bin_location="A-2")
    stock.record_movement(owner, a, "receipt", 5, "4.00")
    stock.record_movement(owner, b, "receipt", 2, "4.00")
    window = make_window(owner)
    screen = window.show_screen("parts")
    dialog = StockTakeDialog(window.context, screen)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.location, "A-")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    for _ in range(3):
        qtbot.keyClicks(dialog.scan, "111")
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    model = dialog.model
    assert model.setData(model.index(1, 4), "2")
    assert not model.setData(model.index(1, 4), "-1")
    assert dialog.error.text() == "A count cannot be negative"
    assert shown(dialog.table)[0][4:] == ("3", "-2")
    assert "2 of 2 counted · 1 difference(s) worth -$8.00 at cost" in dialog.summary.text()
    sheet = dialog.export_sheet(str(tmp_path / "count.csv"))
    assert sheet.read_text(encoding="utf-8-sig").splitlines() == [
        "Bin,SKU,Part,Unit,Counted", "A-1,A1,Air filter,piece,3.000", "A-2,B1,Belt,piece,2.000"]
    workbook = load_workbook(dialog.export_sheet(str(tmp_path / "count.xlsx")), read_only=True)
    assert [c.value for c in next(workbook.active.iter_rows(min_row=2))][:2] == ["A-1", "A1"]
    workbook.close()
    qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)
    assert Part.get_by_id(a.id).on_hand == 3
    assert StockMovement.select().where(StockMovement.kind == "stocktake").count() == 1
    screen.select_part(Part.get_by_id(a.id))
    assert shown(screen.movements)[0][1:3] == ("Stock-take", "-2")


def test_labels_print_the_selected_parts(qtbot, make_window, owner, tmp_path):
    make_part(owner, "A1", "Air filter", barcodes=["4006633312345"], bin_location="A-1")
    window = make_window(owner)
    screen = window.show_screen("parts")
    screen.table.selectAll()
    dialog = LabelsDialog(window.context, [int(k) for k in screen.table.selected_keys()], screen)
    qtbot.addWidget(dialog)
    dialog.copies.setValue(3)
    dialog.target.setText(str(tmp_path / "labels.pdf"))
    dialog.save()
    text = PdfReader(dialog.written).pages[0].extract_text()
    assert text.count("4006633312345") == 3 and "Bin A-1" in text


def test_labels_to_a_missing_folder_say_so_and_keep_the_dialog(qtbot, make_window, owner,
                                                                tmp_path):
    make_part(owner, "A1", "Air filter", barcodes=["4006633312345"])
    window = make_window(owner)
    screen = window.show_screen("parts")
    screen.table.selectAll()
    dialog = LabelsDialog(window.context, [int(k) for k in screen.table.selected_keys()], screen)
    qtbot.addWidget(dialog)
    target = tmp_path / "no such folder" / "labels.pdf"
    dialog.target.setText(str(target))
    dialog.save()
    assert dialog.written is None and not target.exists()
    assert dialog.error.text().startswith(f"The labels could not be saved to {target} (")
    assert "choose another folder" in dialog.error.text()


def test_a_clerk_cannot_change_prices_in_the_part_form(qtbot, make_window, owner, clerk):
    part = make_part(owner)
    window = make_window(clerk)
    dialog = PartDialog(window.context, part, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.retail.isReadOnly() and not dialog.cost.isVisibleTo(dialog)
    screen = window.show_screen("parts")
    titles = [screen.table.model().headerData(c, Qt.Orientation.Horizontal)
              for c in range(screen.table.model().columnCount())
              if not screen.table.isColumnHidden(c)]
    assert "Retail" in titles and "Avg cost" not in titles  # a clerk never sees costs
    dialog.bin.setText("C-9")
    dialog.save()
    assert Part.get_by_id(part.id).bin_location == "C-9"
    assert Part.get_by_id(part.id).retail_price == Decimal("9.99")


def test_return_to_supplier_and_reprice_from_the_parts_screen(qtbot, make_window, owner):
    acme = make_supplier(owner)
    part = make_part(owner, brand="Mann", supplier=acme.id)
    stock.record_movement(owner, part, "receipt", 3, "4.00")
    window = make_window(owner)
    screen = window.show_screen("parts")
    back = ReturnDialog(window.context, Part.get_by_id(part.id), screen)
    qtbot.addWidget(back)
    back.save()
    assert back.error.text() == "Say why the parts go back (faulty, wrong part…)"
    back.reason.setCurrentText("Faulty")
    back.reference.setText("RMA-77")
    back.save()
    assert Part.get_by_id(part.id).on_hand == 2
    assert "2 piece on hand" in screen.detail.text()
    assert shown(screen.movements)[0][1:5] == ("Return to supplier", "-1", "$4.00",
                                               "to Acme Parts / RMA-77")
    reprice = RepriceDialog(window.context, screen)
    qtbot.addWidget(reprice)
    reprice.brand.setCurrentIndex(reprice.brand.findData("Mann"))
    reprice.percent.setText("ten")
    reprice.save()
    assert "is not a number" in reprice.error.text()
    reprice.percent.setText("10")
    reprice.save()
    assert reprice.changed == 1 and Part.get_by_id(part.id).retail_price == Decimal("10.99")


def test_insights_show_value_and_dead_stock(qtbot, make_window, owner):
    part = make_part(owner, category="Filters", cost="0")
    stock.record_movement(owner, part, "receipt", 4, "2.50")
    window = make_window(owner)
    dialog = InsightsDialog(window.context, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.summary.text() == "Total stock at cost: $10.00 in 1 parts"
    assert shown(dialog.table) == [("Filters", "1", "$10.00")]
    dialog.view.setCurrentIndex(dialog.view.findData("dead"))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.summary.text().startswith("0 part(s) with no movement in 12 months")
