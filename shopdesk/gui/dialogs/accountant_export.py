"""File → Accountant export…: the sales or payments journal for a period, as a workbook, a CSV
or the invoice import file of Xero or QuickBooks Online (owner only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.services.access import Permission, require

#: (key, what) -> file suffix
SUFFIX = {"xlsx": ".xlsx", "csv": ".csv", "xero": ".csv", "quickbooks": ".csv"}


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The whole previous calendar month."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


class AccountantExportDialog(QDialog):
    """Choose what, which period and which layout; Export… writes it in the background."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        require(context.actor, Permission.VIEW_OWNER_REPORTS)
        self.context = context
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Accountant export"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Issued invoices and credit notes, or payments, dated in the "
                               "period — in the layout your accountant imports."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.what = QComboBox()
        self.what.addItem(self.tr("Sales journal (invoices and credit notes)"), "invoices")
        self.what.addItem(self.tr("Payments journal"), "payments")
        form.addRow(self.tr("&Export"), self.what)
        start, end = last_month(dt.date.today())
        self.start = QDateEdit(QDate(start.year, start.month, start.day))
        self.end = QDateEdit(QDate(end.year, end.month, end.day))
        period = QHBoxLayout()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        period.addWidget(self.start)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.end)
        this_month = QPushButton(self.tr("&This month"))
        this_month.clicked.connect(self._this_month)
        previous = QPushButton(self.tr("&Last month"))
        previous.clicked.connect(self._last_month)
        for button in (previous, this_month):
            button.setAutoDefault(False)  # Enter exports, wherever the focus is
            period.addWidget(button)
        period_label = QLabel(self.tr("&Period"))
        period_label.setBuddy(self.start)
        form.addRow(period_label, period)
        self.format = QComboBox()
        form.addRow(self.tr("&Format"), self.format)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("hintLabel")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("E&xport…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.export_button.setDefault(True)  # (once in the dialog: Enter exports)
        self.what.setFocus()
        self.what.currentIndexChanged.connect(self._fill_formats)
        self._fill_formats()
        self.resize(560, self.sizeHint().height())

    def _fill_formats(self) -> None:
        current = self.format.currentData()
        self.format.clear()
        self.format.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        self.format.addItem(self.tr("CSV (.csv)"), "csv")
        if self.what.currentData() == "invoices":
            self.format.addItem(self.tr("Xero sales invoice import (.csv)"), "xero")
            self.format.addItem(self.tr("QuickBooks Online invoice import (.csv)"),
                                "quickbooks")
        self.format.setCurrentIndex(max(0, self.format.findData(current)))

    def _set_period(self, start: dt.date, end: dt.date) -> None:
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))

    def _last_month(self) -> None:
        self._set_period(*last_month(dt.date.today()))

    def _this_month(self) -> None:
        today = dt.date.today()
        self._set_period(today.replace(day=1), today)

    def period(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()

    def suggested_name(self) -> str:
        start, end = self.period()
        what, fmt = self.what.currentData(), self.format.currentData()
        extra = f"-{fmt}" if fmt in ("xero", "quickbooks") else ""
        return f"{what}-{start:%Y%m%d}-{end:%Y%m%d}{extra}{SUFFIX[fmt]}"

    def ask_path(self) -> str:
        """The file to write (empty: cancelled)."""
        fmt = self.format.currentData()
        pattern = self.tr("Excel workbook (*.xlsx)") if fmt == "xlsx" else self.tr(
            "CSV (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export for the accountant"),
                                              self.suggested_name(), pattern)
        return path

    def export(self, path: str | Path | None = None) -> None:
        """Write the chosen export to ``path`` (asks when None) in the background."""
        from shopdesk.io.accounting import Period

        try:
            period = Period(*self.period())
        except ValidationError as exc:  # the period runs backwards: say so, keep it open
            show_refusal(self.message, exc)
            return
        path = path or self.ask_path()
        if not path:
            return
        path = Path(path)
        what, fmt = self.what.currentData(), self.format.currentData()
        actor = self.context.actor
        if path.suffix.lower() != SUFFIX[fmt]:
            path = path.with_name(path.name + SUFFIX[fmt])

        def work(progress):
            from shopdesk.io import accounting, accounting_formats

            if what == "payments":
                return accounting.export_payments(actor, path, period, fmt, progress)
            if fmt in ("xero", "quickbooks"):
                return accounting_formats.export_package(actor, fmt, path, period,
                                                         progress=progress)
            return accounting.export_sales(actor, path, period, fmt, progress)

        self.export_button.setEnabled(False)
        run_task(self, self.tr("Exporting for the accountant"), work,
                 on_done=lambda summary: self._done(path, what, summary),
                 on_failed=self._failed)

    def _done(self, path: Path, what: str, summary) -> None:
        self.export_button.setEnabled(True)
        self.written = path
        if what == "payments":
            text = self.tr("{count} payments, {total}, written to {path}").format(
                count=f"{summary.rows:,}", total=formatting.money(summary.gross), path=path)
        else:
            text = self.tr("{count} invoices and credit notes, {total} gross, written to "
                           "{path}").format(count=f"{summary.documents:,}",
                                            total=formatting.money(summary.gross), path=path)
        self.message.setText(text)
        self.context.status.emit(text)

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(message)
