"""A customer's account statement for a period: the PDF inside the app, print, save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.invoices.pdf_output import PdfPreview, print_with_dialog, save_pdf
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.printing.statement import render_statement
from shopdesk.services.access import Actor
from shopdesk.services.crm import customers

if TYPE_CHECKING:
    pass


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From the first day of the month three months back to today (a quarter's account)."""
    today = today or dt.date.today()
    month = today.month - 3
    year = today.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), today


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class StatementDialog(QDialog):
    """Pick the period; the statement redraws; Print (Ctrl+P) or Save as PDF (Ctrl+S)."""

    def __init__(self, actor: Actor, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setObjectName("statementDialog")
        self.actor = actor
        self.customer_id = customer_id
        self.customer = customers.get(self.actor, customer_id)
        self.pdf = b""
        self.setWindowTitle(self.tr("Statement – {name}").format(
            name=self.customer.display_name))
        size_within(self, 900, 860)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        start, end = default_period()
        self.start = QDateEdit(_qdate(start))
        self.end = QDateEdit(_qdate(end))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.refresh)
        row.addWidget(QLabel(self.tr("&From")))
        row.itemAt(row.count() - 1).widget().setBuddy(self.start)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("&to")))
        row.itemAt(row.count() - 1).widget().setBuddy(self.end)
        row.addWidget(self.end)
        self.print_button = QPushButton(self.tr("P&rint… (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.print_button.clicked.connect(self.print_statement)
        self.save_button.clicked.connect(self.save)
        row.addSpacing(16)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("statementMessage")
        layout.addWidget(self.message)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_statement)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.refresh()

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen period (from, to)."""
        return self.start.date().toPython(), self.end.date().toPython()

    def refresh(self) -> None:
        """Render the statement for the chosen period and show it."""
        start, end = self.period()
        if start > end:
            self.message.setText(self.tr("The period starts after it ends: pick a 'from' date "
                                         "on or before the 'to' date."))
            self.print_button.setEnabled(False)
            self.save_button.setEnabled(False)
            return
        self.message.setText(self.tr("{start} – {end}").format(
            start=formatting.date(start), end=formatting.date(end)))
        self.pdf = render_statement(self.actor, self.customer_id, start, end)
        self.preview.show_pdf(self.pdf)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)

    def print_statement(self) -> None:
        if self.print_button.isEnabled():
            print_with_dialog(self, self.preview.document_, self.pdf)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        _, end = self.period()
        path = save_pdf(self, self.pdf, f"statement-{self.customer_id:05d}-{end:%Y%m%d}.pdf")
        if path:
            self.message.setText(self.tr("Saved {path}").format(path=path))
