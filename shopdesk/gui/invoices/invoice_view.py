"""One invoice or credit note: its figures, the printed PDF inside the app, and what can be
done with it now.

A draft (a finished repair order's invoice, or one put aside) is issued here: *Issue*
(Ctrl+I) gives it the next number; *Issue and take payment* (F12) issues it and opens the
payment; *Edit lines* changes what it charges; *Delete draft* throws it away (a repair
order's draft puts the order back to done). An issued invoice is paid (F12), printed
(Ctrl+P), saved, credited; the repair order's car is marked collected (Alt+L).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.invoices.credit_note_dialog import CreditNoteDialog
from shopdesk.gui.invoices.pdf_output import PdfPreview, print_with_dialog, save_pdf
from shopdesk.gui.invoices.take_payment import refusal, take_payment
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.access import Permission
from shopdesk.services.counter import cores
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import DocumentKind, InvoiceStatus
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import Status


class InvoiceView(QDialog):
    """Summary on top, what can be done, the PDF below."""

    def __init__(self, context: AppContext, invoice_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceView")
        self.context = context
        self.invoice_id = invoice_id
        self.pdf = b""
        size_within(self, 900, 860)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("invoiceSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.message = QLabel()
        self.message.setObjectName("invoiceMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.issue_button = QPushButton(self.tr("&Issue (Ctrl+I)"))
        self.issue_button.setToolTip(self.tr("Give the draft its invoice number; after that it "
                                             "cannot change (a credit note corrects it)"))
        self.pay_button = QPushButton(self.tr("Take &payment (F12)"))
        self.edit_button = QPushButton(self.tr("&Edit lines…"))
        self.delete_button = QPushButton(self.tr("&Delete draft…"))
        self.print_button = QPushButton(self.tr("P&rint… (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.credit_button = QPushButton(self.tr("&Credit note…"))
        self.core_button = QPushButton(self.tr("Core re&turn…"))
        self.core_button.setToolTip(self.tr("The customer brought the old unit back: refund "
                                            "its core deposit"))
        self.collected_button = QPushButton(self.tr("Car co&llected"))
        self.collected_button.setToolTip(self.tr("The customer took the car: the repair order "
                                                 "is closed"))
        for button in (self.issue_button, self.pay_button, self.edit_button,
                       self.delete_button, self.print_button, self.save_button,
                       self.credit_button, self.core_button, self.collected_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.issue_button.clicked.connect(self.issue)
        self.pay_button.clicked.connect(self.take_payment)
        self.edit_button.clicked.connect(self.edit_lines)
        self.delete_button.clicked.connect(self.delete_draft)
        self.print_button.clicked.connect(self.print_invoice)
        self.save_button.clicked.connect(self.save)
        self.credit_button.clicked.connect(self.credit)
        self.core_button.clicked.connect(self.core_return)
        self.collected_button.clicked.connect(self.mark_collected)
        QShortcut(QKeySequence("F12"), self, activated=self.take_payment)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.issue)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_invoice)
        describe(self, {"F12": self.tr("Take payment (a draft: issue it first)"),
                        "Ctrl+I": self.tr("Issue the draft"),
                        "Ctrl+P": self.tr("Print the invoice")},
                 {"F12": self.pay_button, "Ctrl+I": self.issue_button,
                  "Ctrl+P": self.print_button})
        self.reload()
        self.preview.setFocus()  # arrows and Page Down read it; the buttons have their keys

    # --- showing -------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the invoice, its figures, what can be done and its PDF."""
        inv = invoices.get(self.context.actor, self.invoice_id)
        self.invoice = inv
        due = invoices.balance_due(inv)
        draft = inv.status == InvoiceStatus.DRAFT
        credit_note = inv.kind == DocumentKind.CREDIT_NOTE
        kind = self.tr("Credit note") if credit_note else self.tr("Invoice")
        number = inv.number or ""
        if draft:  # no number yet: "Draft invoice", and its status needs no saying twice
            kind, status = self.tr("Draft invoice"), self.tr("not issued yet")
        else:
            status = shown(invoices.STATUS_LABELS[InvoiceStatus(inv.status)])
        self.setWindowTitle(f"{kind} {number}".strip())
        money = formatting.money(inv.gross if not draft else
                                 invoices.preview_totals(self.context.actor, inv).gross)
        paid = "" if credit_note or draft else self.tr(
            " · paid {paid} · <b>due {due}</b>").format(paid=formatting.money(inv.paid),
                                                       due=formatting.money(due))
        self.summary.setText(self.tr(
            "<span style='font-size:14pt'><b>{kind} {value}</b></span> · {status} · "
            "{customer_name}<br>Total {money}{paid}").format(
                kind=kind, value=number, status=status,
                customer_name=shown(inv.customer_name), money=money, paid=paid))
        sell = self.context.can(Permission.SELL)
        issued_invoice = not credit_note and inv.status == InvoiceStatus.ISSUED
        for button in (self.issue_button, self.edit_button, self.delete_button):
            button.setVisible(draft)
            button.setEnabled(draft and sell)
        self.pay_button.setText(self.tr("Issue and take &payment (F12)") if draft
                                else self.tr("Take &payment (F12)"))
        self.pay_button.setVisible(not credit_note and inv.status != InvoiceStatus.VOID)
        self.pay_button.setEnabled(sell and (draft or (issued_invoice and due > 0)))
        self.credit_button.setVisible(not draft and
                                      self.context.can(Permission.ISSUE_CREDIT_NOTES))
        self.credit_button.setEnabled(issued_invoice)
        self.core_button.setVisible(issued_invoice and bool(cores.outstanding(
            self.context.actor, invoice_id=inv.id)) and sell)
        self.order = (repair_order_invoicing.order_of(self.context.actor, inv)
                      if not credit_note else None)
        self.collected_button.setVisible(
            self.order is not None and self.order.status == Status.INVOICED and not draft)
        self.collected_button.setEnabled(self.context.can(Permission.MANAGE_REPAIR_ORDERS))
        self.pdf = render_invoice(self.context.actor, inv)
        self.preview.show_pdf(self.pdf)

    def say(self, text: str, error: bool = False) -> None:
        """One line under the summary: what just happened, or why not."""
        self.message.setObjectName("errorLabel" if error else "invoiceMessage")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def refuse(self, exc: ShopDeskError) -> None:
        """A refusal, in the one message line (in the screen's language)."""
        self.say(refusal_text(exc), error=True)

    # --- a draft -------------------------------------------------------------------------
    def issue(self) -> bool:
        """Ctrl+I: give the draft its number (refusals show in one line, nothing changes)."""
        if not (self.issue_button.isVisible() and self.issue_button.isEnabled()):
            return False
        try:
            with self.context.changing():
                issued = invoices.issue(self.context.actor, self.invoice_id)
        except ShopDeskError as exc:
            self.refuse(exc)
            return False
        self.reload()
        self.say(self.tr("Issued as {number}.").format(number=issued.number))
        return True

    def edit_lines(self) -> None:
        """Change what the draft charges (quantities, prices, discounts; add or remove)."""
        from shopdesk.gui.invoices.draft_lines_dialog import DraftLinesDialog

        self.lines_dialog = DraftLinesDialog(self.context, self.invoice_id, self)
        self.lines_dialog.exec()
        self.reload()

    def delete_draft(self) -> None:
        """Throw the draft away (after asking); a repair order's goes back to done."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete draft"),
                          self.tr("Delete this draft invoice? It never had a number; a repair "
                                  "order's work goes back to done, to invoice again."),
                          QMessageBox.StandardButton.NoButton, self)
        delete = box.addButton(self.tr("&Delete draft"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.confirm_box = box
        box.exec()
        if box.clickedButton() is not delete:
            return
        try:
            with self.context.changing():
                repair_order_invoicing.discard_draft(self.context.actor, self.invoice_id)
        except ShopDeskError as exc:
            self.refuse(exc)
            return
        self.context.status.emit(self.tr("Draft invoice deleted"))
        self.accept()

    # --- an issued invoice ---------------------------------------------------------------
    def take_payment(self) -> None:
        """F12: take payment (a draft is issued first; a refusal says why)."""
        if self.invoice.status == InvoiceStatus.DRAFT and not self.issue():
            return
        why = refusal(self.context, self.invoice)
        if why:
            self.say(why, error=True)
            return
        result, text = take_payment(self.context, self, self.invoice_id)
        if result is not None:
            self.reload()
            self.say(text)

    def mark_collected(self) -> None:
        """Alt+L: the customer took the car; the repair order is closed, and so is this
        view (the status bar says so)."""
        if self.order is None or not self.collected_button.isVisible():
            return
        try:
            with self.context.changing():
                repair_orders.set_status(self.context.actor, self.order.id, Status.COLLECTED)
        except ShopDeskError as exc:
            self.refuse(exc)
            return
        self.context.status.emit(self.tr("{number}: collected.").format(
            number=self.order.number))
        self.accept()  # the car has gone: nothing more to do with this invoice now

    def print_invoice(self) -> None:
        print_with_dialog(self, self.preview.document_, self.pdf)

    def save(self) -> None:
        path = save_pdf(self, self.pdf, f"{self.invoice.number or 'draft'}.pdf")
        if path:
            self.context.status.emit(self.tr("Saved {path}").format(path=path))

    def core_return(self) -> None:
        """Take back cores sold on this invoice; the credit note opens afterwards."""
        from shopdesk.gui.counter.core_return_dialog import CoreReturnDialog

        self.core_dialog = CoreReturnDialog(self.context, invoice_id=self.invoice_id,
                                            parent=self)
        if self.core_dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            for note in self.core_dialog.credit_notes:
                InvoiceView(self.context, note.id, self).exec()

    def credit(self) -> None:
        dialog = CreditNoteDialog(self.context.actor, self.invoice, self)
        with self.context.changing():  # (the screens hear what the credit note changed)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted and dialog.credit_note:
            self.reload()
            InvoiceView(self.context, dialog.credit_note.id, self).exec()
