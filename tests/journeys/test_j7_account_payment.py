"""J7: an account customer pays two open invoices with one bank transfer, and the clerk prints
their statement. From the front desk, with the keyboard only: find the customer (Ctrl+K, the
name, Enter opens the file), take payment (F12) for all their open invoices (Alt+I) by bank
transfer (Alt+T) with the transfer's reference (Alt+R), Enter; then print the statement from
the file (Ctrl+P, Enter in the print dialog). In a US shop in English and a Chinese shop in
Chinese."""

from __future__ import annotations

from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopdesk import formatting
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.models.invoices import Invoice, Payment, PaymentMethod
from shopdesk.services.sales import invoices
from tests.journeys.conftest import PrintToPdfDialog
from tests.journeys.counter_shops import AccountSituation, account_customer
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal

BUDGET = 10


def script(keys: Keys, main, situation: AccountSituation):
    """The clerk's keys, from the front desk to the printed statement."""
    # find the customer: Ctrl+K, the name, Enter opens their file (the one match)
    yield keys.press(Qt.Key.Key_K, CTRL)
    yield keys.type(situation.customer_typed)
    yield keys.press(Qt.Key.Key_Return)
    customers = lambda: main.screens.get("customers")  # noqa: E731 (built by the search)
    yield keys.until(lambda: customers() is not None
                     and customers().file_view.customer_id == situation.customer_id
                     and customers().stack.currentWidget() is customers().file_view,
                     "the customer's file")
    file_view = customers().file_view
    assert situation.customer_name in file_view.name_label.text()
    assert file_view.detail_labels["balance"].text() == formatting.money(situation.total)
    # F12: the payment, the oldest invoice ticked, the other offered
    yield keys.press(Qt.Key.Key_F12)
    yield keys.until(lambda: modal(PaymentDialog), "the payment dialog")
    pay = modal(PaymentDialog)
    assert pay.chosen_ids() == situation.invoice_ids[:1]
    assert pay.amount.text() == f"{situation.grosses[0]:f}"
    # all open invoices (Alt+I): the amount is what both owe together
    yield keys.press(Qt.Key.Key_I, ALT)
    yield keys.until(lambda: pay.chosen_ids() == situation.invoice_ids, "both invoices ticked")
    assert pay.amount.text() == f"{situation.total:f}"
    # bank transfer (Alt+T), its reference (Alt+R), Enter takes it
    yield keys.press(Qt.Key.Key_T, ALT)
    yield keys.until(lambda: pay.method_value() == PaymentMethod.BANK_TRANSFER,
                     "bank transfer picked")
    assert focused() is pay.amount and pay.amount.text() == f"{situation.total:f}"
    yield keys.press(Qt.Key.Key_R, ALT)
    yield keys.until(lambda: focused() is pay.reference, "the cursor in the reference")
    yield keys.type(situation.reference)
    yield keys.press(Qt.Key.Key_Return)
    # the payment taken: the file shows nothing owed
    nothing = formatting.money(Decimal(0))
    yield keys.until(lambda: QApplication.activeModalWidget() is None
                     and file_view.detail_labels["balance"].text() == nothing,
                     "the payment taken, nothing owed")
    # Ctrl+P in the file: the statement, through the print dialog (Enter prints)
    yield keys.press(Qt.Key.Key_P, CTRL)
    yield keys.until(lambda: modal(PrintToPdfDialog), "the print dialog")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: QApplication.activeModalWidget() is None, "the statement printed")


def test_account_customer_pays_two_invoices_by_transfer_and_gets_a_statement(
        qtbot, shop, window, printed):
    situation = account_customer(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)

    keys.run(script(keys, main, situation))
    assert keys.control <= BUDGET, keys.log

    # both invoices paid in full by the one transfer; each payment keeps its reference
    for invoice_id, gross in zip(situation.invoice_ids, situation.grosses, strict=True):
        invoice = Invoice.get_by_id(invoice_id)
        assert invoice.paid == gross and invoices.balance_due(invoice) == 0
    rows = [(p.invoice_id, p.method, p.amount, p.applied, p.reference, p.username)
            for p in Payment.select().order_by(Payment.id)]
    assert rows == [(i, PaymentMethod.BANK_TRANSFER.value, g, g, situation.reference, "carl")
                    for i, g in zip(situation.invoice_ids, situation.grosses, strict=True)]
    # the window: the file's balance is nothing, the invoices tab owes nothing
    file_view = main.screens["customers"].file_view
    assert file_view.detail_labels["balance"].text() == formatting.money(Decimal(0))
    assert formatting.money(Decimal(0)) in file_view.balance_label.text()
    # the statement: both invoices, both payments, nothing left to pay (read without the
    # line breaks the table's narrow columns put into longer words)
    assert len(printed) == 1
    text = "".join("".join(page.extract_text() for page in PdfReader(printed[0]).pages).split())
    for number in situation.numbers:
        assert text.count(number) == 2, (number, text)  # the invoice, then its payment
    for gross in situation.grosses:
        assert formatting.money(gross) in text and formatting.money(-gross) in text, text
    payment_word = "付款（银行转账）" if shop.chinese else "Payment(banktransfer)"
    assert text.count(payment_word) == 2, text
    due_word = "应付余额" if shop.chinese else "Balancedue"
    assert f"{due_word}{formatting.money(Decimal(0))}" in text, text
    assert ("对账单" if shop.chinese else "STATEMENT") in text
