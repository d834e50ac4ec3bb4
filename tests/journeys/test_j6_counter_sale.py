"""J6: a counter sale with a barcode scanner. From the front desk, with the keyboard only: start
a counter sale, pick the trade customer (the sale is at trade prices), scan two parts (the
scanner types the code, then Enter): one on the shelf, one on file with none in stock, whose
lost sale is recorded; take payment, print the invoice, done. In a US shop in English and a
Chinese shop in Chinese."""

from __future__ import annotations

import re
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui.counter.lost_sale_dialog import LostSaleDialog
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.customer_picker import CustomerPicker
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.models.invoices import Invoice, InvoiceLine, Payment
from shopdesk.models.lost_sales import LostSale
from shopdesk.models.parts import Part
from tests.journeys.conftest import PrintToPdfDialog
from tests.journeys.counter_shops import CounterSituation, trade_counter
from tests.journeys.keyboard import CTRL, SHIFT, Keys, focused, modal

BUDGET = 10
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def script(keys: Keys, main, situation: CounterSituation):
    """The clerk's keys, from the front desk to the printed invoice."""
    # Desk ▸ Counter sale (Ctrl+Shift+S): the sale opens with the cursor in the scan box
    yield keys.press(Qt.Key.Key_S, CTRL | SHIFT)
    yield keys.until(lambda: modal(CounterSale), "the counter sale")
    sale = modal(CounterSale)
    assert focused() is sale.scan
    # the customer (F4): the name typed, Enter picks the one match; the sale goes trade
    yield keys.press(Qt.Key.Key_F4)
    yield keys.until(lambda: modal(CustomerPicker), "the customer picker")
    yield keys.type(situation.customer_typed)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(CounterSale) and sale.customer_id == situation.customer_id,
                     "the trade customer on the sale")
    assert sale.level.currentData() == "trade" and sale.focusWidget() is sale.scan
    assert situation.customer_name in sale.customer_label.text()
    # the scanner: the pads (on the shelf) come on at the trade price
    yield keys.type(situation.in_stock_barcode)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: sale.model.rowCount() == 1, "the pads on the sale")
    assert sale.model.row(0)[3] == formatting.money(situation.trade_price)
    assert formatting.money(situation.expected_gross) in sale.total_label.text()
    # the wiper blade: on file, none on the shelf; the scan says so and sells nothing
    yield keys.type(situation.missing_barcode)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: "WB-55" in sale.message.text(), "the wiper blade refused")
    assert sale.model.rowCount() == 1 and "Ctrl+L" in sale.message.text()
    if situation.chinese:  # the refusal in the screen's language
        assert CHINESE.search(sale.message.text().replace("雨刮片", "")), sale.message.text()
    # Ctrl+L: the lost sale, the wiper blade out of stock for this customer; Enter saves it
    yield keys.press(Qt.Key.Key_L, CTRL)
    yield keys.until(lambda: modal(LostSaleDialog), "the lost-sale dialog")
    lost = modal(LostSaleDialog)
    assert lost.part is not None and lost.part.id == situation.missing_id
    assert lost.reason.currentData() == "out_of_stock" and lost.customer_id == sale.customer_id
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(CounterSale) and sale.message.text() != ""
                     and "WB-55" not in sale.message.text(), "the lost sale recorded")
    # F12: the payment, the whole total in cash; Enter takes it
    yield keys.press(Qt.Key.Key_F12)
    yield keys.until(lambda: modal(PaymentDialog), "the payment dialog")
    pay = modal(PaymentDialog)
    assert focused() is pay.amount and pay.amount.text() == f"{situation.expected_gross:f}"
    yield keys.press(Qt.Key.Key_Return)
    # paid: the print dialog for the invoice at once; Enter prints it, and the sale is done
    yield keys.until(lambda: modal(PrintToPdfDialog), "the print dialog")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: QApplication.activeModalWidget() is None, "the sale done")


def test_counter_sale_scanned_at_trade_prices_with_a_lost_sale(qtbot, shop, window, printed):
    situation = trade_counter(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)

    keys.run(script(keys, main, situation))
    assert keys.control <= BUDGET, keys.log

    # the invoice: one line, the pads at the trade price, to the cent
    invoice = Invoice.get(Invoice.source == "counter sale")
    assert invoice.status == "issued" and invoice.number.startswith(situation.prefix)
    assert invoice.customer_id == situation.customer_id and invoice.price_level == "trade"
    lines = list(InvoiceLine.select().where(InvoiceLine.invoice == invoice.id))
    assert [(li.part_id, li.quantity, li.unit_price) for li in lines] == [
        (situation.in_stock_id, Decimal(1), situation.trade_price)]
    assert invoice.gross == situation.expected_gross == invoice.paid
    # stock: one pad fewer; the wiper blade untouched
    assert Part.get_by_id(situation.in_stock_id).on_hand == situation.in_stock_on_hand - 1
    assert Part.get_by_id(situation.missing_id).on_hand == 0
    # the lost sale: the wiper blade, for this customer, out of stock, by the clerk
    [row] = LostSale.select()
    assert (row.part_id, row.customer_id, row.reason, row.quantity, row.username) == (
        situation.missing_id, situation.customer_id, "out_of_stock", Decimal(1), "carl")
    # the payment: the total, in cash
    [paid] = Payment.select().where(Payment.invoice == invoice.id)
    assert (paid.method, paid.amount, paid.applied) == ("cash", invoice.gross, invoice.gross)
    # the window says what happened: the invoice's number, paid
    assert invoice.number in main.statusBar().currentMessage()
    # the printed invoice: its number, the trade price and the total
    assert len(printed) == 1
    text = "\n".join(page.extract_text() for page in PdfReader(printed[0]).pages)
    assert invoice.number in text
    assert formatting.money(situation.trade_price) in text
    assert formatting.money(situation.retail_price) not in text
    assert formatting.money(situation.expected_gross) in text
    assert ("发票" if shop.chinese else "INVOICE") in text
