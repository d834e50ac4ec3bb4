"""One invoice or credit note: its figures, the printed PDF inside the app, and actions."""

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
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.invoices.credit_note_dialog import CreditNoteDialog
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.gui.invoices.pdf_output import PdfPreview, print_with_dialog, save_pdf
from shopdesk.models.invoices import DocumentKind, InvoiceStatus
from shopdesk.printing.invoice import render_invoice
from shopdesk.services import cores, invoices
from shopdesk.services.access import Permission


class InvoiceView(QDialog):
    """Summary on top, the PDF below; Pay (F12), Print (Ctrl+P), Save as PDF, Credit note."""

    def __init__(self, context: AppContext, invoice_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoiceView")
        self.context = context
        self.invoice_id = invoice_id
        self.pdf = b""
        self.resize(900, 860)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("invoiceSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.pay_button = QPushButton(self.tr("Take &payment (F12)"))
        self.print_button = QPushButton(self.tr("P&rint… (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.credit_button = QPushButton(self.tr("&Credit note…"))
        self.core_button = QPushButton(self.tr("Core re&turn…"))
        self.core_button.setToolTip(self.tr("The customer brought the old unit back: refund "
                                            "its core deposit"))
        for button in (self.pay_button, self.print_button, self.save_button,
                       self.credit_button, self.core_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.pay_button.clicked.connect(self.take_payment)
        self.print_button.clicked.connect(self.print_invoice)
        self.save_button.clicked.connect(self.save)
        self.credit_button.clicked.connect(self.credit)
        self.core_button.clicked.connect(self.core_return)
        QShortcut(QKeySequence("F12"), self, activated=self.take_payment)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_invoice)
        describe(self, {"F12": self.tr("Take payment"), "Ctrl+P": self.tr("Print the invoice")},
                 {"F12": self.pay_button, "Ctrl+P": self.print_button})
        self.reload()

    def reload(self) -> None:
        """Re-read the invoice, its figures and its PDF."""
        inv = invoices.get(self.invoice_id)
        self.invoice = inv
        due = invoices.balance_due(inv)
        kind = "Credit note" if inv.kind == DocumentKind.CREDIT_NOTE else "Invoice"
        self.setWindowTitle(f"{kind} {inv.number or '(draft)'}")
        status = {"draft": "Draft", "issued": "Issued", "void": "Void"}[inv.status]
        paid = "" if inv.kind != DocumentKind.INVOICE else (
            f" · paid {formatting.money(inv.paid)} · <b>due {formatting.money(due)}</b>")
        self.summary.setText(
            self.tr("<span style='font-size:14pt'><b>{kind} {value}</b></span> · {status} · "
                "{customer_name}<br>Total {money}{paid}").format(kind=kind,
                        value=inv.number or '(draft)', status=status,
                                customer_name=inv.customer_name, money=formatting.money(inv.gross),
                                        paid=paid))
        issued_invoice = inv.kind == DocumentKind.INVOICE and inv.status == InvoiceStatus.ISSUED
        self.pay_button.setEnabled(issued_invoice and due > 0 and
                                   self.context.can(Permission.SELL))
        self.credit_button.setVisible(self.context.can(Permission.ISSUE_CREDIT_NOTES))
        self.credit_button.setEnabled(issued_invoice)
        self.core_button.setVisible(issued_invoice and bool(cores.outstanding(
            invoice_id=inv.id)) and self.context.can(Permission.SELL))
        self.pdf = render_invoice(inv)
        self.preview.show_pdf(self.pdf)

    def take_payment(self) -> None:
        if not self.pay_button.isEnabled():
            return
        dialog = PaymentDialog(self.context.actor, self.invoice, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            result = dialog.result_
            if result and result.change:
                QMessageBox.information(self, self.tr("Change"),
                                        self.tr("Give back {money} change.").format(
                                                money=formatting.money(result.change)))
            self.context.notify("invoices")
            self.reload()

    def print_invoice(self) -> None:
        print_with_dialog(self, self.preview.document_)

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
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.credit_note:
            self.context.notify("invoices")
            self.context.notify("parts")
            self.reload()
            InvoiceView(self.context, dialog.credit_note.id, self).exec()
