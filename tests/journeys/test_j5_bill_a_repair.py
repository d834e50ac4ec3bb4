"""J5: bill the repair. From the front desk, with the keyboard only: find the finished order,
make its invoice, issue it and take a split payment (card, then cash with change), print it,
and mark the car collected. In a US shop in English and a Chinese shop in Chinese."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopdesk import formatting
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.models.invoices import Invoice, Payment
from shopdesk.models.repair_orders import Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import repair_orders
from tests.journeys.conftest import PrintToPdfDialog
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal
from tests.journeys.shops import FinishedOrder, finished_order

BUDGET = 10


def script(keys: Keys, main, job: FinishedOrder, card: Decimal = Decimal("100.00")):
    """From the front desk: the order by its plate, Make invoice, issue and take a card +
    cash split with change, print, collected."""
    gross = job.expected_gross
    cash_due = gross - card
    handed = (cash_due // 10 + 1) * 10  # the next round note above what is left
    # the Repair orders screen (Ctrl+4), the plate typed in its filter shows the order
    yield keys.press(Qt.Key.Key_4, CTRL)
    yield keys.type(job.plate_typed)
    editor = main.screens["repair_orders"].editor
    yield keys.until(lambda: editor.order is not None and editor.order.id == job.order_id,
                     "the order in the editor")
    # Make invoice (Alt+I): the draft shows, to issue
    yield keys.press(Qt.Key.Key_I, ALT)
    yield keys.until(lambda: modal(InvoiceView), "the draft invoice")
    view = modal(InvoiceView)
    assert view.invoice.status == "draft" and view.issue_button.isVisible()
    # Issue and take payment (F12): the number is given, the payment asked
    yield keys.press(Qt.Key.Key_F12)
    yield keys.until(lambda: modal(PaymentDialog), "the payment dialog")
    pay = modal(PaymentDialog)
    assert focused() is pay.amount and pay.amount.text() == f"{gross:f}"
    # card for part (Alt+D, amount, Ctrl+Enter), the rest in cash with the notes typed
    yield keys.press(Qt.Key.Key_D, ALT)
    yield keys.type(f"{card:f}")
    yield keys.press(Qt.Key.Key_Return, CTRL)
    assert focused() is pay.tendered and pay.amount.text() == f"{cash_due:f}"
    yield keys.type(f"{handed:f}")
    assert pay.change.text() == formatting.money(handed - cash_due)
    yield keys.press(Qt.Key.Key_Return)
    change = formatting.money(handed - cash_due)
    yield keys.until(lambda: modal(InvoiceView) and change in view.message.text(),
                     "the change to give back, shown on the invoice")
    # print (Ctrl+P, Enter in the print dialog), then the car is collected (Alt+L)
    yield keys.press(Qt.Key.Key_P, CTRL)
    yield keys.until(lambda: modal(PrintToPdfDialog), "the print dialog")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(InvoiceView), "printed")
    yield keys.press(Qt.Key.Key_L, ALT)
    yield keys.until(lambda: modal(InvoiceView) is None, "the invoice closed")


def test_bill_a_finished_repair_with_a_split_payment(qtbot, shop, window, printed):
    job = finished_order(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    gross = job.expected_gross
    card = Decimal("100.00")
    cash_due = gross - card
    handed = (cash_due // 10 + 1) * 10
    keys.run(script(keys, main, job, card))
    assert keys.control <= BUDGET, keys.log

    invoice = Invoice.get(Invoice.source_id == job.order_id)
    assert invoice.status == "issued" and invoice.number.startswith(job.prefix)
    assert invoice.gross == gross and invoice.paid == gross
    paid = [(p.method, p.amount, p.tendered, p.change)
            for p in Payment.select().where(Payment.invoice == invoice.id).order_by(Payment.id)]
    assert paid == [("card", card, None, None), ("cash", cash_due, handed, handed - cash_due)]
    assert repair_orders.get(COMMAND_LINE, job.order_id).status == Status.COLLECTED
    assert len(printed) == 1
    text = "\n".join(page.extract_text() for page in PdfReader(printed[0]).pages)
    assert invoice.number in text and formatting.money(gross) in text
    assert job.labour_text in text  # the labour reached the invoice with the parts
    assert (job.document_word in text), text[:400]
    assert len(PdfReader(io.BytesIO(printed[0].read_bytes())).pages) == 1
