"""Statements (customer file and receivables list → Statement… → preview, print, save) and the
standalone store-credit refund (customer file → Refund store credit…)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from shopdesk import formatting
from shopdesk.gui.invoices.credit_refund_dialog import CreditRefundDialog
from shopdesk.gui.invoices.day_reports import AgingDialog
from shopdesk.gui.invoices.statement_dialog import StatementDialog, default_period
from shopdesk.models.audit import AuditEntry
from shopdesk.models.invoices import Payment
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from tests.services.customer_helpers import person


def _on_next_modal(act: Callable, seen: list) -> None:
    """When the next modal dialog opens, run ``act(dialog)`` (which must close it)."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        act(dialog)
    QTimer.singleShot(0, poll)


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _customer_with_invoice(clerk, amount: str = "150.00", paid: str = "40.00"):
    ann = person(clerk)
    invoice = invoices.issue(clerk, invoices.create_draft(
        clerk, ann.id, lines=[LineDraft("Brake pads fitted", 1, amount, kind="labour")]).id)
    payments.take_payment(clerk, invoice.id, "bank transfer", paid)
    return ann, invoice


def _open_file(window, customer_id: int):
    screen = window.show_screen("customers")
    screen.file_view.show_customer(customer_id)
    screen.stack.setCurrentWidget(screen.file_view)
    return screen.file_view


def test_statement_from_the_customer_file_previews_and_saves(qtbot, make_window, clerk,
                                                             tmp_path, monkeypatch):
    ann, invoice = _customer_with_invoice(clerk)
    due = invoice.gross - Decimal("40.00")
    view = _open_file(make_window(clerk), ann.id)
    target = tmp_path / "statement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    seen: list = []

    def look_and_save(dialog: StatementDialog) -> None:
        assert dialog.preview.page_count() == 1
        text = _text(dialog.pdf)
        assert "STATEMENT" in text and invoice.number in text
        assert formatting.money(due) in text  # balance due
        dialog.save_button.click()
        dialog.accept()

    _on_next_modal(look_and_save, seen)
    view.statement()
    assert isinstance(seen[0], StatementDialog) and seen[0].customer_id == ann.id
    assert invoice.number in _text(target.read_bytes())
    assert "Saved" in seen[0].message.text()


def test_statement_period_can_be_changed_and_a_backwards_period_is_refused(qtbot, owner):
    ann, invoice = _customer_with_invoice(owner)
    dialog = StatementDialog(owner, ann.id)
    qtbot.addWidget(dialog)
    start, end = default_period(dt.date(2026, 2, 15))
    assert (start, end) == (dt.date(2025, 11, 1), dt.date(2026, 2, 15))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    dialog.start.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert "starts after it ends" in dialog.message.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    dialog.end.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    assert dialog.save_button.isEnabled()
    assert invoice.number not in _text(dialog.pdf)  # issued today: before the period
    text = " ".join(_text(dialog.pdf).split())
    assert "Balance brought forward" in text and formatting.money(
        invoice.gross - Decimal("40.00")) in text  # what was owed comes forward


def test_statement_from_the_receivables_list(qtbot, owner):
    ann, _invoice = _customer_with_invoice(owner)
    aging = AgingDialog(owner)
    qtbot.addWidget(aging)
    row = aging.customer_ids.index(ann.id)
    seen: list = []
    _on_next_modal(lambda d: d.accept(), seen)
    aging.table.selectRow(row)
    aging.statement_button.click()
    assert isinstance(seen[0], StatementDialog) and seen[0].customer_id == ann.id
    aging.table.selectRow(aging.model.rowCount() - 1)  # the total row: nobody to state
    aging.statement()
    assert "pick a customer" in aging.statement_button.text()


def test_refund_store_credit_from_the_customer_file(qtbot, make_window, clerk):
    ann, invoice = _customer_with_invoice(clerk, amount="80.00", paid="100.00")
    credit = Decimal("100.00") - invoice.gross  # the transfer overpaid: the rest is store credit
    assert credit > 0 and payments.credit_balance(clerk, ann.id) == credit
    view = _open_file(make_window(clerk), ann.id)
    assert view.refund_button.isEnabled()
    seen: list = []

    def refund(dialog: CreditRefundDialog) -> None:
        assert dialog.amount.text() == f"{credit:f}"  # the whole credit is offered
        dialog.amount.setText(f"{credit + 1:f}")
        dialog.buttons.accepted.emit()
        assert "only" in dialog.error.text() and dialog.isVisible()  # more than the credit
        dialog.amount.setText("abc")
        dialog.buttons.accepted.emit()
        assert "not an amount" in dialog.error.text()
        dialog.amount.setText("5.00")
        dialog.method.setCurrentIndex(dialog.method.findData("cash"))
        dialog.reference.setText("till 1")
        dialog.buttons.accepted.emit()

    _on_next_modal(refund, seen)
    view.refund_credit()
    assert payments.credit_balance(clerk, ann.id) == credit - Decimal("5.00")
    refund_row = Payment.select().where(Payment.is_refund == True).get()  # noqa: E712
    assert (refund_row.amount, refund_row.method, refund_row.reference) == (
        Decimal("-5.00"), "cash", "till 1")
    entry = AuditEntry.select().where(AuditEntry.action == "refund").get()
    assert entry.username == clerk.username and "5.00 store credit" in entry.summary
    assert view.refund_button.isEnabled()  # some credit is left


def test_refund_button_is_off_without_store_credit(qtbot, make_window, clerk):
    ann, _invoice = _customer_with_invoice(clerk)
    view = _open_file(make_window(clerk), ann.id)
    assert not view.refund_button.isEnabled()
