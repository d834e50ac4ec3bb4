"""The owner's monthly dashboard: pick a month; figures against the previous month and last
year as tiles, charts, and tables; double-click a figure for the invoices behind it.

The report is computed off the GUI thread (:func:`shopdesk.gui.tasks.run_task`); the window
keeps painting and answering while it runs. Owner only: other roles are not offered the screen,
and building it for them shows why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk import i18n as core_i18n
from shopdesk.gui.context import AppContext
from shopdesk.gui.i18n import month_format
from shopdesk.gui.reports.charts import bar_chart
from shopdesk.gui.reports.drill_dialog import InvoicesBehind
from shopdesk.gui.tasks import Progress, run_task
from shopdesk.gui.widgets.list_keys import leave_on_tab, open_on_enter
from shopdesk.gui.widgets.one_line_label import OneLineLabel
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.reports import monthly
from shopdesk.reports import monthly_format as fmt
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes

#: The figures shown as tiles (all of them are in the "All figures" table).
TILES = ("revenue", "gross_profit", "margin", "invoices", "average_ticket", "cars",
         "new_customers", "hours_sold", "stock_value", "receivables", "complaints_opened",
         "nps")
TILE_WIDTH = 200  # a tile's figure ($18,892.74) whole, with its two lines of change
CHART_WIDTH = 400  # a chart's bars and axis labels readable


class KpiTile(QFrame):
    """One figure: its name, this month's value, and the change against the two others."""

    activated = Signal(str)  # the figure's key, on double-click

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.name = QLabel()
        self.name.setObjectName("kpiName")
        self.value = QLabel()
        self.value.setObjectName("kpiValue")
        self.setStyleSheet("#kpiTile { background: #ffffff; border: 1px solid #d9e2ec; "
                           "border-radius: 6px; } #kpiName { color: #52606d; } "
                           "#kpiValue { font-size: 15pt; font-weight: 600; color: #1d2b3a; } "
                           "#kpiChange { color: #52606d; font-size: 8.5pt; }")
        self.changes = QLabel()
        self.changes.setObjectName("kpiChange")
        for label in (self.name, self.value, self.changes):
            layout.addWidget(label)

    def show_kpi(self, kpi: monthly.Kpi) -> None:
        self.key = kpi.key
        self.name.setText(kpi.label)
        self.value.setText(fmt.value(kpi.unit, kpi.current))
        self.changes.setText(self.tr("{prev} vs last month\n{year} vs last year").format(
            prev=fmt.change(kpi, 1), year=fmt.change(kpi, 2)))
        self.setToolTip(self.tr("Double-click: the invoices behind this figure")
                        if kpi.drill else "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if kpi.drill
                       else Qt.CursorShape.ArrowCursor)

    def mouseDoubleClickEvent(self, event) -> None:
        self.activated.emit(self.key)
        super().mouseDoubleClickEvent(event)


class _BreakdownTable(QTableView):
    """A breakdown of the report in a table; double-click a row with invoices behind it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[monthly.Row] = []
        self.model_ = RowsModel([], self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        leave_on_tab(self)

    def show_rows(self, headers: list[str], rows: list[tuple], drill_rows: list) -> None:
        self.model_ = RowsModel(headers, self)
        self.model_.set_rows(rows)
        self.setModel(self.model_)
        self.rows = drill_rows
        self.resizeColumnsToContents()


#: what the report adds up: a change to any of it makes the month on show add up again
SHOWS = (Changes.INVOICES | Changes.PAYMENTS | Changes.REPAIR_ORDERS | Changes.PARTS
         | Changes.STOCK | Changes.CUSTOMERS | Changes.VEHICLES | Changes.CONTACTS
         | Changes.COUNTER)


class MonthlyDashboard(QWidget):
    """The reports screen."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: monthly.MonthlyReport | None = None
        self.task: Progress | None = None
        self.drill: InvoicesBehind | None = None
        self._generation = 0
        self._computing_month: dt.date | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 4)
        self.previous_button = QPushButton(self.tr("◀"))
        self.previous_button.setToolTip(self.tr("Previous month"))
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat(month_format())
        self.month_edit.setMaximumDate(QDate.currentDate())
        self.month_edit.setDate(QDate.currentDate().addMonths(-1))
        self.next_button = QPushButton(self.tr("▶"))
        self.next_button.setToolTip(self.tr("Next month"))
        self.status = OneLineLabel()  # "November 2026 against …": cut with its tooltip
        self.status.setObjectName("reportStatus")
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.xlsx_button = QPushButton(self.tr("Save as &Excel…"))
        bar.addWidget(QLabel(self.tr("Month:")))
        for w in (self.previous_button, self.month_edit, self.next_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)  # the room left (cut with its tooltip when short)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        outer.addLayout(bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(12, 4, 12, 12)
        self.tile_grid = QGridLayout()
        self.tile_grid.setSpacing(8)
        self.tiles: list[KpiTile] = []
        for _ in TILES:
            tile = KpiTile()
            tile.activated.connect(self.open_figure)
            self.tiles.append(tile)
        self.body.addLayout(self.tile_grid)
        self.charts = QGridLayout()
        self.charts.setSpacing(8)
        self.body.addLayout(self.charts)
        self.chart_views: list[QWidget] = []
        self._columns = (0, 0)  # (tiles, charts) a row, as laid out for the width now
        self._arrange(1366)
        self.tabs = QTabWidget()
        self.tabs.setMinimumHeight(320)
        self.tables: dict[str, _BreakdownTable] = {}
        for key, title in (("all", self.tr("All figures")),
                           ("top_customers", self.tr("Top customers")),
                           ("top_parts", self.tr("Top parts")),
                           ("technicians", self.tr("Technicians")),
                           ("makes", self.tr("By make")), ("cities", self.tr("By city")),
                           ("aging", self.tr("Receivables")),
                           ("slow_movers", self.tr("Slow movers")),
                           ("satisfaction", self.tr("Satisfaction")),
                           ("comebacks_technicians", self.tr("Comebacks by technician")),
                           ("comebacks_parts", self.tr("Comebacks by part"))):
            table = _BreakdownTable()
            open_on_enter(table, lambda index, k=key: self.open_row(k, index.row()))
            self.tables[key] = table
            self.tabs.addTab(table, title)
        self.body.addWidget(self.tabs, 1)
        self.notes = QLabel()
        self.notes.setObjectName("reportNotes")
        self.notes.setWordWrap(True)
        self.body.addWidget(self.notes)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.compute)
        self.month_edit.dateChanged.connect(lambda _d: self._debounce.start())
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self._set_enabled_exports(False)
        context.on_change(self, SHOWS, self._changed)

    # --- the month ---------------------------------------------------------------------
    def month(self) -> dt.date:
        d = self.month_edit.date()
        return dt.date(d.year(), d.month(), 1)

    def set_month(self, first: dt.date) -> None:
        """Show ``first``'s month (computed after a short pause, like a typed change)."""
        self.month_edit.setDate(QDate(first.year, first.month, 1))

    def step(self, months: int) -> None:
        self.month_edit.setDate(self.month_edit.date().addMonths(months))

    def _changed(self) -> None:
        """What the report adds up changed: add it up again (once shown: see on_change)."""
        if self.report is not None or self.busy:
            self.compute()

    def activate(self) -> None:
        """Shown: compute the month on display the first time."""
        if self.report is None and self._computing_month is None:
            self.compute()

    # --- computing ---------------------------------------------------------------------
    def compute(self) -> None:
        """Compute the month in the background; a newer request supersedes an older one."""
        month = self.month()
        if self.task is not None:
            self.task.cancel()
        self._generation += 1
        generation = self._generation
        self._computing_month = month
        self.status.setText(self.tr("Adding up {month}…").format(month=formatting.month(month)))
        self._set_enabled_exports(False)
        actor = self.context.actor

        def work(progress: Progress) -> monthly.MonthlyReport:
            return monthly.build(actor, month, progress=progress)

        def current() -> bool:  # the screen still exists and wants this month
            return shiboken6.isValid(self) and generation == self._generation

        def done(report: monthly.MonthlyReport) -> None:
            if current():
                self.task, self._computing_month = None, None
                self.show_report(report)

        def failed(message: str) -> None:
            if current():
                self.task, self._computing_month = None, None
                self.status.setText(message)

        self.task = run_task(self, self.tr("Monthly report"), work, on_done=done,
                             on_failed=failed)
        self.destroyed.connect(self.task.cancel)  # the window closed: stop at the next step

    @property
    def busy(self) -> bool:
        return self._computing_month is not None

    # --- showing -----------------------------------------------------------------------
    def show_report(self, report: monthly.MonthlyReport) -> None:
        self.report = report
        names = fmt.period_names(report)
        self.status.setText(self.tr("{month} against {previous} and {last_year}").format(
            month=names[0], previous=names[1], last_year=names[2]))
        for tile, key in zip(self.tiles, TILES, strict=True):
            tile.show_kpi(report.kpi(key))
        self._show_charts(report)
        headers = [self.tr("Figure"), names[0], names[1], self.tr("Change"), names[2],
                   self.tr("Change")]
        self.tables["all"].show_rows(
            headers, [(k.label, fmt.value(k.unit, k.values[0]), fmt.value(k.unit, k.values[1]),
                       fmt.change(k, 1), fmt.value(k.unit, k.values[2]), fmt.change(k, 2))
                      for k in report.kpis],
            [monthly.Row(k.label, k.values, k.drill) for k in report.kpis])
        for b in report.breakdowns:
            if b.key in self.tables:
                self.tables[b.key].show_rows(
                    ["", *b.columns],
                    [(r.label, *(fmt.value(u, v) for u, v in zip(b.units, r.values,
                                                                  strict=True)))
                     for r in b.rows], b.rows)
        grades = ", ".join(f"{fmt.grade_name(g)} {n:,}" for g, n in report.grades)
        self.notes.setText(" ".join(report.notes) + " "
                           + self.tr("Customer grades today: {grades}.").format(grades=grades))
        self._set_enabled_exports(True)

    def _show_charts(self, report: monthly.MonthlyReport) -> None:
        for view in self.chart_views:
            self.charts.removeWidget(view)
            view.deleteLater()
        self.chart_views = []
        names = fmt.period_names(report)
        split = [r for r in report.breakdown("split").rows if r.key in monthly.SPLIT.values()]
        revenue = bar_chart(self.tr("Revenue by kind"), [r.label for r in split],
                            [(names[i], [float(r.values[i]) for r in split]) for i in range(3)])
        revenue.series.doubleClicked.connect(
            lambda index, _set, rows=split: self.open_drill(rows[index].drill, None,
                                                           rows[index].label))
        daily = bar_chart(self.tr("Revenue by day (1st to last)"),
                          [d.strftime("%d") for d, _ in report.daily],
                          [(names[0], [float(v) for _, v in report.daily])])
        daily.series.doubleClicked.connect(
            lambda index, _set, days=report.daily: self.open_drill(
                "day", days[index][0], formatting.date(days[index][0])))
        techs = report.breakdown("technicians").rows
        hours = bar_chart(self.tr("Technicians' hours"), [r.label for r in techs],
                          [(self.tr("Sold"), [float(r.values[0]) for r in techs]),
                           (self.tr("Clocked"), [float(r.values[1]) for r in techs])],
                          label_format="%.1f")
        self.chart_views = [revenue, daily, hours]
        self._columns = (self._columns[0], 0)
        self._arrange(self.width())

    def _arrange(self, width: int) -> None:
        """As many tiles and charts a row as the width holds whole (six tiles and three
        charts on a wide screen; 1366x768 at 125 % gets four and two): nothing is cut off."""
        tiles = max(2, min(6, (width - 24) // TILE_WIDTH))
        charts = max(1, min(3, (width - 24) // CHART_WIDTH))
        if (tiles, charts) == self._columns:
            return
        self._columns = (tiles, charts)
        for i, tile in enumerate(self.tiles):
            self.tile_grid.addWidget(tile, i // tiles, i % tiles)
        for i, view in enumerate(self.chart_views):
            self.charts.addWidget(view, i // charts, i % charts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _set_enabled_exports(self, enabled: bool) -> None:
        self.pdf_button.setEnabled(enabled)
        self.xlsx_button.setEnabled(enabled)

    # --- drill-down --------------------------------------------------------------------
    def open_figure(self, key: str) -> InvoicesBehind | None:
        """The invoices behind a tile's figure (this month)."""
        if self.report is None:
            return None
        kpi = self.report.kpi(key)
        return self.open_drill(kpi.drill, None, kpi.label) if kpi.drill else None

    def open_row(self, table: str, row: int) -> InvoicesBehind | None:
        rows = self.tables[table].rows
        if not 0 <= row < len(rows) or not rows[row].drill:
            self.status.setText(self.tr("No invoices stand behind that line"))
            return None
        return self.open_drill(rows[row].drill, rows[row].key, rows[row].label)

    def open_drill(self, kind: str, value: object, title: str) -> InvoicesBehind | None:
        if self.report is None:
            return None
        self.drill = InvoicesBehind(self.context, self.report.month, kind, value, title, self)
        self.drill.show()
        return self.drill

    # --- exports -----------------------------------------------------------------------
    def _save(self, title: str, suffix: str, file_filter: str, write) -> None:
        if self.report is None:
            return
        report = self.report
        name, _ = QFileDialog.getSaveFileName(
            self, title, f"monthly-report-{report.month.label}{suffix}", file_filter)
        if not name:
            return
        path = Path(name if name.endswith(suffix) else name + suffix)
        actor = self.context.actor

        def work(_progress: Progress) -> object:
            """In the language of the shop's documents: the report on screen is in the
            screen's, so a shop that prints in another language adds the month up again."""
            with core_i18n.documents() as language:
                shown_in_documents_language = language == core_i18n.screen_language()
                data = report if shown_in_documents_language else monthly.build(
                    actor, report.month.start)
                return write(data, path)

        run_task(self, title, work,
                 on_done=lambda _r: self.context.status.emit(
                     self.tr("Saved {file}").format(file=path.name)),
                 on_failed=lambda message: QMessageBox.warning(self, title, message),
                 cancellable=False)

    def save_pdf(self) -> None:
        from shopdesk.printing.monthly_report import render_monthly

        self._save(self.tr("Save the monthly report as PDF"), ".pdf", self.tr("PDF (*.pdf)"),
                   render_monthly)

    def save_xlsx(self) -> None:
        from shopdesk.io.monthly_report_xlsx import write_monthly

        self._save(self.tr("Save the monthly report as Excel"), ".xlsx",
                   self.tr("Excel workbook (*.xlsx)"), write_monthly)


class NotForYourRole(QLabel):
    """What a non-owner sees if the screen is built for them anyway."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notForYourRole")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setText(self.tr("The monthly reports are for the owner. Ask the owner to sign in "
                             "to see them."))


def build(context: AppContext) -> QWidget:
    """The reports screen for the signed-in user (owner: the dashboard)."""
    if not context.can(Permission.VIEW_OWNER_REPORTS):
        return NotForYourRole()
    return MonthlyDashboard(context)
