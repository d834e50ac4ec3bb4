"""Issue 21, item 8: "another PC is busy, try again" with Retry beyond the form dialogs: the
counter sale, the repair-order editor and the stock-take. Each is driven through the main
window while a second SQLite connection holds the write lock for real (as another process's
import would); the refusal is the translated busy message, never "database is locked", Retry
appears with the focus, and Enter or Alt+R once the lock is gone saves exactly once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.parts.stocktake_dialog import StockTakeDialog
from shopdesk.models.invoices import InvoiceLine
from shopdesk.models.parts import Part, StockTake, StockTakeLine
from shopdesk.models.repair_orders import RepairOrderLine
from shopdesk.services.stock import stock, stocktake
from shopdesk.services.workshop import repair_orders
from tests.gui.conftest import make_window  # noqa: F401 (the fixture)
from tests.helpers.busy import press_retry, write_lock_held
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_part
from tests.helpers.workshop import workshop

KEYS = ["enter", "alt+r"]


def _busy_said(text: str) -> None:
    assert text.startswith("Another PC is busy"), text
    assert "database is locked" not in text and "OperationalError" not in text


@pytest.mark.parametrize("key", KEYS)
def test_the_counter_sale_offers_retry_when_another_pc_is_busy(qtbot, make_window, db,  # noqa: F811
                                                               owner, clerk, monkeypatch, key):
    stocked_part(owner, sku="OF-100")
    window = make_window(clerk)
    screen = window.show_screen("invoices")
    opened: list[CounterSale] = []
    monkeypatch.setattr(CounterSale, "exec", lambda self: opened.append(self) or 0)
    screen.counter_sale()  # (F9: the same, modal)
    sale = opened[0]
    sale.show()
    qtbot.waitExposed(sale)
    assert not sale.retry.isVisible()
    with write_lock_held(db):
        qtbot.keyClicks(sale.scan, "OF-100")
        qtbot.keyClick(sale.scan, Qt.Key.Key_Return)  # the scanner's Enter
        _busy_said(sale.message.text())
        assert sale.retry.isVisible() and sale.focusWidget() is sale.retry
        assert sale.model.rowCount() == 0 and InvoiceLine.select().count() == 0
        sale.grab().save("/tmp/t21_busy_counter_sale.png")
    press_retry(qtbot, sale, key)
    assert not sale.retry.isVisible() and sale.message.text() == ""
    assert [sale.model.row(i)[:3] for i in range(sale.model.rowCount())] == [
        ("Oil filter", "OF-100", "1")]  # sold once
    assert InvoiceLine.select().count() == 1
    assert sale.focusWidget() is sale.scan  # the next scan goes on the sale


@pytest.mark.parametrize("key", KEYS)
def test_the_repair_order_editor_offers_retry_when_another_pc_is_busy(qtbot, make_window, db,  # noqa: F811
                                                                      owner, key):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id, odometer=52000,
                                     concerns="Squeak when braking")
    window = make_window(owner)
    screen = window.show_screen("repair_orders")
    screen.open_order(order.id)
    editor = screen.editor
    editor.line_kind.setCurrentIndex(0)  # labour
    qtbot.keyClicks(editor.line_description, "Replace front brake pads")
    editor.line_qty.setText("1.5")
    qtbot.keyClicks(editor.line_price, "80")
    with write_lock_held(db):
        qtbot.keyClick(editor.line_price, Qt.Key.Key_Return)  # Enter adds the line
        _busy_said(editor.message.text())
        assert editor.retry.isVisible() and window.focusWidget() is editor.retry
        assert editor.lines_model.rowCount() == 0
        editor.grab().save("/tmp/t21_busy_order_editor.png")
    press_retry(qtbot, window, key)
    assert not editor.retry.isVisible() and editor.message.text() == ""
    assert [(li.description, li.quantity) for li in RepairOrderLine.select()] == [
        ("Replace front brake pads", 1.5)]  # saved once
    assert editor.lines_model.rowCount() == 1
    assert editor.line_description.text() == ""  # as after any line added: ready for the next
    assert window.focusWidget() is editor.line_description


@pytest.mark.parametrize("key", KEYS)
def test_the_stocktake_offers_retry_when_another_pc_is_busy(qtbot, make_window, db, owner,  # noqa: F811
                                                            monkeypatch, key):
    monkeypatch.setattr(stocktake, "BUSY_TIMEOUT_MS", 200)  # (posting waits 15 s: not here)
    a = make_part(owner, "A1", "Air filter", bin_location="A-1", barcodes=["111"])
    stock.record_movement(owner, a, "receipt", 5, "4.00")
    window = make_window(owner)
    screen = window.show_screen("parts")
    dialog = StockTakeDialog(window.context, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.location, "A-")
    with write_lock_held(db):  # starting the count is refused ...
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
        _busy_said(dialog.error.text())
        assert dialog.retry.isVisible() and dialog.focusWidget() is dialog.retry
        assert StockTake.select().count() == 0
    press_retry(qtbot, dialog, key)  # ... and Retry starts it
    assert StockTake.select().count() == 1 and dialog.model is not None
    assert not dialog.retry.isVisible()
    assert dialog.focusWidget() is dialog.scan
    with write_lock_held(db):  # a scanned count is refused ...
        qtbot.keyClicks(dialog.scan, "111")
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
        _busy_said(dialog.error.text())
        assert dialog.retry.isVisible() and dialog.focusWidget() is dialog.retry
        dialog.grab().save("/tmp/t21_busy_stocktake.png")
    press_retry(qtbot, dialog, key)  # ... and Retry counts it, once
    assert [line.counted for line in StockTakeLine.select()] == [1]
    qtbot.keyClicks(dialog.scan, "111")  # the scanner goes on
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert [line.counted for line in StockTakeLine.select()] == [2]
    with write_lock_held(db):  # posting is refused ...
        qtbot.keyClick(dialog.post_button, Qt.Key.Key_Space)
        _busy_said(dialog.error.text())
        assert StockTake.get().status == "open"
    press_retry(qtbot, dialog, key)  # ... and Retry posts it
    assert StockTake.get().status == "posted"
    assert Part.get_by_id(a.id).on_hand == 2
