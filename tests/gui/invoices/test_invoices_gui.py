"""Invoices in the window: a counter sale scanned, paid by card and printed; a repair-order
invoice paid in two parts; a credit note for one line; the list and its filters."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.credit_note_dialog import CreditNoteDialog
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.models.parts import Part
from shopdesk.services.sales import invoices
from shopdesk.services.stock import parts
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice


def _when_modal(qtbot, act) -> None:
    """Run ``act(dialog)`` on the next modal dialog as soon as it opens."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def _pay(qtbot, amount: str | None = None, tendered: str | None = None):
    def act(dialog: PaymentDialog) -> None:
        if amount is not None:
            dialog.amount.setText(amount)
        if tendered is not None:
            dialog.tendered.setText(tendered)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    _when_modal(qtbot, act)


def test_counter_sale_scanned_part_card_payment_and_printed_pdf(
        qtbot, make_window, owner, clerk, tmp_path, monkeypatch):
    part = stocked_part(owner, sku="BP-200", name="Brake pads", retail_price="45.00")
    parts.add_barcode(owner, part.id, "4006633112233")
    window = make_window(clerk)
    screen = window.show_screen("invoices")
    opened: list[CounterSale] = []
    monkeypatch.setattr(CounterSale, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(screen.counter_button, Qt.MouseButton.NoButton)  # the clerk's window
    screen.table.setFocus()
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F9)  # F9: counter sale
    if not opened:  # the offscreen platform may swallow the very first key of a new window
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F9)
    sale = opened[0]
    sale.show()
    qtbot.waitExposed(sale)
    qtbot.keyClicks(sale.scan, "4006633112233")  # the scanner types the code + Enter
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    qtbot.keyClicks(sale.scan, "bp-200")  # typed SKU, any case
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert sale.model.rowCount() == 1 and sale.model.row(0)[2] == "2"
    assert "$99.00" in sale.total_label.text()  # 2 x 45.00 + 10% tax
    qtbot.keyClicks(sale.scan, "NO-SUCH")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert sale.message.text() == "No part with barcode or number 'NO-SUCH'"
    printed = tmp_path / "printed.pdf"
    asked: list[str] = []

    def accept(dialog: QPrintDialog) -> int:  # the printer dialog, answered: print
        asked.append(dialog.windowTitle())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    _pay(qtbot)
    qtbot.mouseClick(sale.card_button, Qt.MouseButton.LeftButton)
    assert sale.result() == QDialog.DialogCode.Accepted
    invoice = sale.invoice
    assert invoice.number.endswith("-00001") and invoice.paid == Decimal("99.00")
    assert [p.method for p in sale.payment.result_.payments] == ["card"]
    assert Part.get_by_id(part.id).on_hand == Decimal("18")
    # paid: the printer dialog came up for the invoice at once, and it printed
    assert asked == ["Print"] and sale.printed
    assert invoice.number in PdfReader(printed).pages[0].extract_text()
    printed.unlink()
    # the invoice, opened from the list, shows its PDF; print it again and save as PDF
    view = InvoiceView(screen.context, invoice.id, window)
    qtbot.addWidget(view)
    view.show()
    assert view.preview.page_count() == 1
    assert "due $0.00" in view.summary.text() and not view.pay_button.isEnabled()
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    assert printed.exists() and len(PdfReader(printed).pages) == 1
    saved = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(saved), "")))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    text = PdfReader(io.BytesIO((tmp_path / "saved.pdf").read_bytes())).pages[0].extract_text()
    assert "Brake pads" in text and "Total\n $99.00" in text and "Amount due\n $0.00" in text
    window.show_screen("invoices")
    screen.activate()
    assert screen.model.rowCount() == 1 and screen.model.data(
        screen.model.index(0, 0)) == invoice.number


def test_repair_order_invoice_partial_payment_then_the_rest(qtbot, make_window, owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    window = make_window(clerk)
    screen = window.show_screen("invoices")
    view = InvoiceView(screen.context, invoice.id, window)
    qtbot.addWidget(view)
    view.show()
    _pay(qtbot, amount="100.00", tendered="100.00")
    qtbot.mouseClick(view.pay_button, Qt.MouseButton.LeftButton)
    assert "due $53.98" in view.summary.text()
    _pay(qtbot, tendered="60")  # amount defaults to what is due
    qtbot.mouseClick(view.pay_button, Qt.MouseButton.LeftButton)
    assert "due $0.00" in view.summary.text()
    assert invoices.get(owner, invoice.id).paid == Decimal("153.98")
    assert not view.pay_button.isEnabled()


def test_payment_dialog_shows_change_and_refuses_zero(qtbot, owner):
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[invoices.LineDraft("Fuse", 1, "18.15")]).id)  # 19.97
    dialog = PaymentDialog(owner, invoice)
    qtbot.addWidget(dialog)
    dialog.tendered.setText("50")
    assert dialog.change.text() == "$30.03"
    dialog.amount.setText("0")
    dialog.take()
    assert dialog.error.text() == "The amount must be more than zero"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_credit_note_for_one_line(qtbot, make_window, owner):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)
    window = make_window(owner)
    screen = window.show_screen("invoices")
    dialog = CreditNoteDialog(owner, invoice, window)
    qtbot.addWidget(dialog)
    line = invoices.lines_of(owner, invoice)[0]
    dialog.issue()  # nothing entered yet
    assert "at least one line" in dialog.error.text()
    dialog.quantities[line.id].setText("3")
    dialog.reason.setText("Wrong filter")
    dialog.issue()
    assert "Only 2 of 'Oil filter' can still be credited" in dialog.error.text()
    dialog.quantities[line.id].setText("1")
    dialog.issue()
    note = dialog.credit_note
    assert note is not None and note.gross == Decimal("-10.99")
    assert Part.get_by_id(part.id).on_hand == Decimal("19")
    screen.activate()
    assert screen.model.rowCount() == 2
    assert screen.model.data(screen.model.index(0, 2)) == "Credit note"


def test_list_filters_by_status_and_customer(qtbot, make_window, owner):
    customer, _ = customer_with_car(owner)
    invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[invoices.LineDraft("Bulb", 1, "5.00")]).id)
    invoices.create_draft(owner, lines=[invoices.LineDraft("Fuse", 1, "1.00")])
    window = make_window(owner)
    screen = window.show_screen("invoices")
    assert screen.model.rowCount() == 2
    screen.status.setCurrentIndex(screen.status.findData("draft"))
    assert screen.model.rowCount() == 1
    assert screen.model.data(screen.model.index(0, 0)) == "(draft)"
    screen.status.setCurrentIndex(screen.status.findData("open"))
    screen.search("Smith")
    assert screen.model.rowCount() == 1
    assert screen.model.data(screen.model.index(0, 3)) == "Ann Smith"
    screen.search("Nobody")
    assert screen.model.rowCount() == 0 and screen.stack.currentWidget() is screen.table


def test_empty_invoice_screen_says_how_to_start(make_window, owner):
    window = make_window(owner)
    screen = window.show_screen("invoices")
    assert screen.stack.currentWidget() is screen.empty
    assert "F9" in screen.empty.text_label.text()
