"""The invoices behind a figure of the monthly report: a lazy list; double-click opens one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.lazy_table import LazyTableModel
from shopdesk.gui.widgets.list_keys import open_on_enter
from shopdesk.reports import monthly
from shopdesk.services.listing import Kind


class InvoicesBehind(QDialog):
    """The issued invoices and credit notes behind one figure of one month."""

    def __init__(self, context: AppContext, period: monthly.Period, kind: str, value: object,
                 title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoicesBehind")
        self.context = context
        self.setWindowTitle(self.tr("Invoices behind: {figure}").format(figure=title))
        self.resize(1100, 560)
        layout = QVBoxLayout(self)
        self.model = LazyTableModel(monthly.drill_invoices(context.actor, period, kind, value),
                                    self)
        count = self.model.rowCount()
        self.heading = QLabel(self.tr("{figure} — {month}: {count} documents. Double-click one "
                                      "to open it.").format(figure=title,
                                                            month=formatting.month(period.start),
                                                            count=count))
        layout.addWidget(self.heading)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # newest first, as the invoices screen lists them; widths from the list's columns
        longest_date = self.table.fontMetrics().horizontalAdvance(
            formatting.date(dt.date(2026, 12, 28))) + 16
        for i, column in enumerate(self.model.source.columns):
            width = column.width * 8
            if column.kind is Kind.DATE:
                width = max(width, longest_date)
            self.table.setColumnWidth(i, width)
        open_on_enter(self.table, lambda index: self.open_row(index.row()))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.invoice_view: QWidget | None = None

    def open_row(self, row: int) -> QWidget | None:
        """Open the invoice on ``row`` (its summary, PDF, payments)."""
        key = self.model.row_key(row) if row >= 0 else None
        if key is None:
            return None
        from shopdesk.gui.invoices.invoice_view import InvoiceView

        self.invoice_view = InvoiceView(self.context, int(key), self)
        self.invoice_view.show()
        return self.invoice_view
