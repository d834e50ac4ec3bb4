"""The Invoices screen: a lazy list filtered by status, period and customer; F9 counter sale;
Enter opens the invoice with its PDF; cash-up and aging for the end of the day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe, keys_text
from shopdesk.gui.i18n import date_format
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.day_reports import AgingDialog, CashUpDialog
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.widgets.empty_state import EmptyState
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.widgets.lazy_table import LazyTableModel
from shopdesk.gui.widgets.list_keys import first_row_current
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.listing import Kind
from shopdesk.services.sales.invoice_lists import FILTER_LABELS, InvoiceFilter, invoice_list


class InvoicesScreen(QWidget):
    """List + actions. ``open_invoice(id)`` shows one; ``counter_sale()`` starts a sale."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoicesScreen")
        self.context = context
        self.filter = InvoiceFilter()
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.counter_button = QPushButton(self.tr("Counter sale (F9)"))
        self.counter_button.setObjectName("primaryButton")
        self.counter_button.clicked.connect(self.counter_sale)
        self.counter_button.setEnabled(context.can(Permission.SELL))
        bar.addWidget(self.counter_button)
        bar.addSpacing(16)
        self.status = QComboBox()
        for key, label in FILTER_LABELS.items():
            self.status.addItem(shown(label), key)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Customer, number or plate"))
        self.text.setClearButtonEnabled(True)
        self.use_since = QCheckBox(self.tr("From"))
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.until = QDateEdit(QDate.currentDate())
        self.until.setCalendarPopup(True)
        for edit in (self.since, self.until):
            edit.setDisplayFormat(date_format())  # the language's order, four-digit year
        # the text filter never shrinks below ~14 characters (plus its clear button)
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 14 + 36)
        self.text.setMaximumWidth(self.text.fontMetrics().averageCharWidth() * 40)
        for widget in (QLabel(self.tr("Show")), self.status, self.text, self.use_since, self.since,
                       QLabel(self.tr("to")), self.until):
            bar.addWidget(widget)
        bar.setStretchFactor(self.text, 1)  # the room left goes to the filter (up to 40)
        bar.addStretch(0)
        # The end-of-day and owner's lists are used less than the filter: one "More" menu keeps
        # the bar whole at 1366 x 768 and 125 % in either language (Alt+M, then the letter).
        self.more_button = QPushButton(self.tr("&More"))
        self.more_button.setObjectName("moreButton")
        self.more_button.setToolTip(self.tr("Cash-up, receivables, cores and lost sales, export"))
        more = QMenu(self.more_button)
        more.setToolTipsVisible(True)
        self.cash_up_action = more.addAction(self.tr("&Cash-up…"),
                                             lambda: CashUpDialog(self.context.actor, self).exec())
        self.receivables_action = more.addAction(
            self.tr("&Receivables…"), lambda: AgingDialog(self.context.actor, self).exec())
        self.counter_reports_action = more.addAction(self.tr("C&ores && lost sales…"),
                                                     lambda: self.counter_reports())
        self.counter_reports_action.setToolTip(self.tr("Cores out and on hand, lost sales, "
                                                       "comebacks"))
        more.addSeparator()
        # Ctrl+E is the list's own shortcut (ListExport): shown here, not registered twice
        self.export_action = more.addAction(
            self.tr("&Export…") + "\t" + keys_text(QKeySequence("Ctrl+E")),
            lambda: self.exporter.export())
        self.more_button.setMenu(more)
        bar.addWidget(self.more_button)
        layout.addLayout(bar)
        self.stack = QStackedWidget()
        self.table = QTableView()
        self.table.setObjectName("invoiceTable")
        self.model = LazyTableModel(invoice_list(self.context.actor, self.filter), self)
        self.table.setModel(self.model)
        self.exporter = ListExport(self.table, self.tr("Invoices"), self, context)
        self.exporter.button.setParent(self)  # More → Export… and Ctrl+E stand for it
        self.exporter.button.hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort)
        metrics = self.table.fontMetrics()
        longest_date = metrics.horizontalAdvance(formatting.date(dt.date(2026, 12, 28))) + 16
        for i, column in enumerate(self.model.source.columns):
            width = column.width * 8
            if column.kind is Kind.DATE:  # a Chinese date is wider than 12 Latin characters
                width = max(width, longest_date)
            self.table.setColumnWidth(i, width)
        # Enter (and a double click) opens the current row: the view's own signal, so Enter
        # elsewhere in the window (the search box) still does what it says there
        self.table.setTabKeyNavigation(False)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.empty = EmptyState(self.tr("No invoices yet"),
                                self.tr("Press F9 for a counter sale, or invoice a finished repair "
                                "order. Issued invoices, credit notes and drafts show here."))
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.apply_filter)
        self.text.textChanged.connect(self._timer.start)
        self.text.returnPressed.connect(self.open_current)  # the row the filter found
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.use_since.toggled.connect(self.apply_filter)
        self.since.dateChanged.connect(self.apply_filter)
        self.until.dateChanged.connect(self.apply_filter)
        QShortcut(QKeySequence("F9"), self, activated=self.counter_sale,
                  context=Qt.ShortcutContext.WindowShortcut)
        describe(self, {"F9": self.tr("Counter sale")}, {"F9": self.counter_button})
        context.on_change(self, Changes.INVOICES | Changes.PAYMENTS | Changes.CUSTOMERS,
                          self._changed)  # (status, what is due, the customer's name)
        self._show_empty()
        self._sort_column = -1

    def counter_reports(self, tab: str = "cores") -> None:
        """Cores out with customers and on hand, lost sales, comebacks (owner)."""
        from shopdesk.gui.counter.reports import CounterReports

        self.reports_dialog = CounterReports(self.context, self, tab=tab)
        self.reports_dialog.exec()
        self.apply_filter()

    # --- list ----------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Re-query with the filter bar's values."""
        self._timer.stop()
        on = self.use_since.isChecked()
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.filter = InvoiceFilter(
            status=self.status.currentData(), text=self.text.text(),
            since=self.since.date().toPython() if on else None,
            until=self.until.date().toPython() if on else None)
        self.model.set_source(invoice_list(self.context.actor, self.filter))
        first_row_current(self.table)  # Enter and F12 act on it without an arrow key
        self._show_empty()

    def _sort(self, column: int) -> None:
        descending = not (self._sort_column == column and self.model.source.descending)
        self._sort_column = column
        self.model.sort(column, Qt.SortOrder.DescendingOrder if descending
                        else Qt.SortOrder.AscendingOrder)

    def _show_empty(self) -> None:
        filtered = bool(self.filter.status or self.filter.text or self.filter.since)
        nothing = self.model.rowCount() == 0
        self.stack.setCurrentWidget(self.empty if nothing and not filtered else self.table)

    def _changed(self) -> None:
        self.model.refresh()
        self._show_empty()

    def activate(self) -> None:
        """Shown: refresh the list."""
        self.model.refresh()
        first_row_current(self.table)
        self._show_empty()

    def search(self, text: str) -> None:
        """Filter by customer, number or plate."""
        self.text.setText(text)
        self.apply_filter()  # now, not after the typing pause

    # --- actions -------------------------------------------------------------------------
    def open_current(self) -> None:
        """Enter in the filter box: the list as typed (not waiting for the pause), then the
        invoice on its current row (the first one found)."""
        if self._timer.isActive():
            self.apply_filter()
        self.open_row(self.table.currentIndex().row())

    def open_row(self, row: int) -> None:
        key = self.model.row_key(row) if row >= 0 else None
        if key is not None:
            self.open_invoice(int(key))

    def open_invoice(self, invoice_id: int) -> InvoiceView:
        """Show one invoice with its PDF (modal)."""
        view = InvoiceView(self.context, invoice_id, self)
        self.last_view = view
        view.exec()
        self.model.refresh()
        return view

    def current_invoice_id(self) -> int | None:
        """The invoice on the list's current row (None: no row)."""
        row = self.table.currentIndex().row()
        key = self.model.row_key(row) if row >= 0 else None
        return int(key) if key is not None else None

    def take_payment(self) -> str:
        """F12: pay the current row's invoice (a draft opens to be issued and paid). Returns
        what to tell the clerk when there is nothing to pay."""
        from shopdesk.gui.invoices.take_payment import refusal, take_payment
        from shopdesk.services.sales import invoices
        from shopdesk.services.sales.invoices import InvoiceStatus

        invoice_id = self.current_invoice_id()
        if invoice_id is None:
            return self.tr("Choose an invoice in the list first")
        invoice = invoices.get(self.context.actor, invoice_id)
        if invoice.status == InvoiceStatus.DRAFT:
            view = InvoiceView(self.context, invoice_id, self)
            self.last_view = view
            QTimer.singleShot(0, view.take_payment)  # once the view shows
            view.exec()
            self.model.refresh()
            return ""
        why = refusal(self.context, invoice)
        if why:
            return why
        _result, text = take_payment(self.context, self, invoice_id)
        self.model.refresh()
        if text:
            self.context.status.emit(text)
        return ""

    def counter_sale(self) -> None:
        """F9: a new counter sale; once paid (and printed) the status bar says so, and the
        sale's invoice is the list's first row (Enter opens it)."""
        if not self.context.can(Permission.SELL):
            return
        sale = CounterSale(self.context, self)
        self.last_sale = sale
        with self.context.changing():  # the sale's writes are told once it closes
            done = sale.exec() == QDialog.DialogCode.Accepted and sale.invoice is not None
        if done:
            self.context.status.emit(sale.outcome)


def build(context: AppContext) -> QWidget:
    """The factory for the "invoices" screen."""
    return InvoicesScreen(context)
