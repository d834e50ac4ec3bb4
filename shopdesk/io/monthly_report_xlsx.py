"""The owner's monthly report as an Excel workbook: a summary sheet and a sheet per section,
real numbers with the shop's money format, frozen headers, and native Excel charts
(openpyxl.chart) so the owner can restyle them in Excel.

Text from the database (customer and part names, cities, makes) is always written as a text
cell; text the shared export writer calls dangerous (``=``, ``+``, ``-``, ``@``, tab or CR
first) gets Excel's quote prefix, so no exported value runs as a formula. The shared writer
(:mod:`shopdesk.io.xlsx_writer`) streams rows with xlsxwriter and has no charts, so this small
workbook is built with openpyxl and borrows its escaping rule and money format.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.io.xlsx_writer import is_dangerous, money_format, sheet_name
from shopdesk.reports import monthly_format as fmt
from shopdesk.reports.monthly import Breakdown, MonthlyReport

HEADER = Font(bold=True)
SHADE = PatternFill("solid", fgColor="EEF2F6")
SECTION = Font(bold=True, size=12)
FORMATS = {"count": "#,##0", "hours": "#,##0.00", "quantity": "#,##0.###",
           "percent": '0.0"%"', "number": "0.##"}
# Sheet names (context "Reports", looked up when written; at most 31 characters in any
# language, as Excel allows).
SHEET_NAMES = {"split": QT_TRANSLATE_NOOP("Reports", "Revenue"),
               "technicians": QT_TRANSLATE_NOOP("Reports", "Technicians"),
               "top_customers": QT_TRANSLATE_NOOP("Reports", "Top customers"),
               "top_parts": QT_TRANSLATE_NOOP("Reports", "Top parts"),
               "makes": QT_TRANSLATE_NOOP("Reports", "By make"),
               "cities": QT_TRANSLATE_NOOP("Reports", "By city"),
               "aging": QT_TRANSLATE_NOOP("Reports", "Receivables"),
               "slow_movers": QT_TRANSLATE_NOOP("Reports", "Slow movers"),
               "satisfaction": QT_TRANSLATE_NOOP("Reports", "Satisfaction"),
               "comebacks_technicians": QT_TRANSLATE_NOOP("Reports", "Comebacks by technician"),
               "comebacks_parts": QT_TRANSLATE_NOOP("Reports", "Comebacks by part")}


def _money_format() -> str:
    from shopdesk.services.shop.settings import get_settings

    return money_format(get_settings().currency or "USD")


class _Writer:
    def __init__(self, money: str) -> None:
        self.formats = dict(FORMATS, money=money)

    def text(self, ws: Worksheet, row: int, col: int, value: str, *, bold: bool = False
             ) -> None:
        cell = ws.cell(row, col)
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text
        if is_dangerous(value):
            cell.quotePrefix = True
        if bold:
            cell.font = HEADER

    def number(self, ws: Worksheet, row: int, col: int, unit: str,
               value: Decimal | int | None) -> None:
        if value is None:
            return
        if unit == "text":
            self.text(ws, row, col, str(value))
            return
        cell = ws.cell(row, col)
        cell.value = float(value) if isinstance(value, Decimal) else int(value)
        cell.number_format = self.formats.get(unit, "General")

    def header(self, ws: Worksheet, row: int, titles: list[str]) -> None:
        for col, title in enumerate(titles, start=1):
            self.text(ws, row, col, title, bold=True)
            ws.cell(row, col).fill = SHADE
            ws.cell(row, col).alignment = Alignment(wrap_text=True, horizontal=(
                "left" if col == 1 else "right"))


def _summary(w: _Writer, ws: Worksheet, report: MonthlyReport) -> None:
    names = fmt.period_names(report)
    w.text(ws, 1, 1, translate("Reports", "Monthly report {month}").format(month=names[0]),
           bold=True)
    ws.cell(1, 1).font = SECTION
    change = translate("Reports", "Change %")
    w.header(ws, 3, [translate("Reports", "Figure"), names[0], names[1], change, names[2],
                     change])
    ws.freeze_panes = "B4"
    row = 4
    for k in report.kpis:
        w.text(ws, row, 1, k.label)
        w.number(ws, row, 2, k.unit, k.values[0])
        w.number(ws, row, 3, k.unit, k.values[1])
        w.number(ws, row, 4, "percent", k.change(1) if k.unit != "percent" else None)
        w.number(ws, row, 5, k.unit, k.values[2])
        w.number(ws, row, 6, "percent", k.change(2) if k.unit != "percent" else None)
        row += 1
    row += 1
    w.text(ws, row, 1, translate("Reports", "Customer grades today"), bold=True)
    for grade, count in report.grades:
        row += 1
        w.text(ws, row, 1, fmt.grade_name(grade))
        w.number(ws, row, 2, "count", count)
    row += 2
    for note in report.notes:
        w.text(ws, row, 1, note)
        row += 1
    ws.column_dimensions["A"].width = 28
    for col in "BCDEF":
        ws.column_dimensions[col].width = 17


def _breakdown(w: _Writer, ws: Worksheet, b: Breakdown) -> None:
    w.text(ws, 1, 1, b.title, bold=True)
    ws.cell(1, 1).font = SECTION
    w.header(ws, 2, ["", *b.columns])
    ws.freeze_panes = "B3"
    for i, r in enumerate(b.rows, start=3):
        w.text(ws, i, 1, r.label)
        for col, (unit, value) in enumerate(zip(b.units, r.values, strict=True), start=2):
            w.number(ws, i, col, unit, value)
    if b.rows:
        ws.auto_filter.ref = f"A2:{chr(ord('A') + len(b.columns))}{len(b.rows) + 2}"
    ws.column_dimensions["A"].width = 40
    for col in range(len(b.columns)):
        ws.column_dimensions[chr(ord("B") + col)].width = 16


def _bar_chart(ws: Worksheet, title: str, first_row: int, last_row: int, columns: int,
               anchor: str, y_title: str = "") -> None:
    """A clustered column chart of columns B.. over rows first_row..last_row (header above)."""
    if last_row < first_row:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    data = Reference(ws, min_col=2, max_col=1 + columns, min_row=first_row - 1,
                     max_row=last_row)
    cats = Reference(ws, min_col=1, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)


def _daily(w: _Writer, ws: Worksheet, report: MonthlyReport) -> None:
    w.header(ws, 1, [translate("Reports", "Day"), translate("Reports", "Revenue")])
    ws.freeze_panes = "A2"
    for i, (day, amount) in enumerate(report.daily, start=2):
        cell = ws.cell(i, 1)
        cell.value = day
        cell.number_format = "yyyy-mm-dd"
        w.number(ws, i, 2, "money", amount)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 16
    if report.daily:
        chart = LineChart()
        chart.title = translate("Reports", "Revenue by day, {month}").format(
            month=fmt.period_names(report)[0])
        chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(report.daily) + 1),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2,
                                       max_row=len(report.daily) + 1))
        chart.width, chart.height = 22, 10
        ws.add_chart(chart, "D2")


@in_document_language
def write_monthly(report: MonthlyReport, path: str | Path) -> Path:
    """Write the workbook to ``path`` (complete or not at all: written beside it, then
    renamed) and return the path. Its headings, sheet names and chart titles are in the
    language of the shop's documents; the report's own labels are as it was built."""
    path = Path(path)
    w = _Writer(_money_format())
    book = Workbook()
    summary = book.active
    summary.title = sheet_name(translate("Reports", "Summary"))
    taken = {summary.title}
    _summary(w, summary, report)
    for b in report.breakdowns:
        key = SHEET_NAMES.get(b.key)
        name = sheet_name(translate("Reports", key) if key else b.title, taken)
        taken.add(name)
        ws = book.create_sheet(name)
        _breakdown(w, ws, b)
        last = len(b.rows) + 2
        anchor = f"{chr(ord('B') + len(b.columns) + 1)}2"
        if b.key == "split":
            _bar_chart(ws, translate("Reports", "Revenue and gross profit"), 3, last, 3,
                       anchor)
        elif b.key in ("makes", "cities"):
            _bar_chart(ws, b.title, 3, last, 3, anchor)
        elif b.key == "top_customers" and b.rows:
            chart = BarChart()
            chart.type = "bar"
            chart.title = translate("Reports", "Top customers this month")
            chart.add_data(Reference(ws, min_col=3, min_row=2, max_row=last),
                           titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
            chart.width, chart.height = 18, 10
            ws.add_chart(chart, anchor)
        elif b.key == "technicians":
            _bar_chart(ws, translate("Reports", "Hours sold vs clocked, this month"), 3, last,
                       2, anchor, translate("Reports", "Hours"))
    _daily(w, book.create_sheet(sheet_name(translate("Reports", "Revenue by day"), taken)),
           report)
    partial = path.with_name(path.name + ".partial")
    try:
        book.save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
