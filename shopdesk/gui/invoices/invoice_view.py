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
from shopdesk.gui.invoices.credit_note_dialog import CreditNoteDialog
from shopdesk.gui.invoices.payment_dialog import PaymentDialog
from shopdesk.gui.invoices.pdf_output import PdfPreview, print_with_dialog, save_pdf
from shopdesk.models.invoices import DocumentKind, InvoiceStatus
from shopdesk.printing.invoice import render_invoice
from shopdesk.services import invoices
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
        self.pay_button = QPushButton("Take &payment (F12)")
        self.print_button = QPushButton("P&rint… (Ctrl+P)")
        self.save_button = QPushButton("&Save as PDF…")
        self.credit_button = QPushButton("&Credit note…")
        for button in (self.pay_button, self.print_button, self.save_button,
                       self.credit_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.pay_button.clicked.connect(self.take_payment)
        self.print_button.clicked.connect(self.print_invoice)
        self.save_button.clicked.connect(self.save)
        self.credit_button.clicked.connect(self.credit)
        QShortcut(QKeySequence("F12"), self, activated=self.take_payment)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_invoice)
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
            f"<span style='font-size:14pt'><b>{kind} {inv.number or '(draft)'}</b></span> · "
            f"{status} · {inv.customer_name}<br>Total {formatting.money(inv.gross)}{paid}")
        issued_invoice = inv.kind == DocumentKind.INVOICE and inv.status == InvoiceStatus.ISSUED
        self.pay_button.setEnabled(issued_invoice and due > 0 and
                                   self.context.can(Permission.SELL))
        self.credit_button.setVisible(self.context.can(Permission.ISSUE_CREDIT_NOTES))
        self.credit_button.setEnabled(issued_invoice)
        self.pdf = render_invoice(inv)
        self.preview.show_pdf(self.pdf)

    def take_payment(self) -> None:
        if not self.pay_button.isEnabled():
            return
        dialog = PaymentDialog(self.context.actor, self.invoice, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            result = dialog.result_
            if result and result.change:
                QMessageBox.information(self, "Change",
                                        f"Give back {formatting.money(result.change)} change.")
            self.context.notify("invoices")
            self.reload()

    def print_invoice(self) -> None:
        print_with_dialog(self, self.preview.document_)

    def save(self) -> None:
        path = save_pdf(self, self.pdf, f"{self.invoice.number or 'draft'}.pdf")
        if path:
            self.context.status.emit(f"Saved {path}")

    def credit(self) -> None:
        dialog = CreditNoteDialog(self.context.actor, self.invoice, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.credit_note:
            self.context.notify("invoices")
            self.context.notify("parts")
            self.reload()
            InvoiceView(self.context, dialog.credit_note.id, self).exec()
