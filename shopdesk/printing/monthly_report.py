"""The owner's monthly report as a PDF: the shop's letterhead (the document engine's), the
figures against the previous month and last year, charts drawn with reportlab.graphics
(revenue split, revenue by day, technicians' hours) and every breakdown as a table."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from shopdesk import formatting
from shopdesk.i18n import in_document_language, translate
from shopdesk.printing import document, fonts
from shopdesk.printing.invoice import letterhead
from shopdesk.reports import monthly_format as fmt
from shopdesk.reports.monthly import Breakdown, MonthlyReport

#: Bar colours: this month, previous month, last year (and the split's kinds).
PALETTE = [colors.HexColor("#2f6fad"), colors.HexColor("#9fb3c8"), colors.HexColor("#e0a84b"),
           colors.HexColor("#5c946e")]


def _table(head: list[str], rows: list[list[str]], widths: list[float],
           st: dict) -> Table:
    cells = [[Paragraph(fonts.rich(h), st["head" if i == 0 else "headr"])
              for i, h in enumerate(head)]]
    cells += [[Paragraph(fonts.rich(v), st["cell" if i == 0 else "cellr"])
               for i, v in enumerate(row)] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle([("BACKGROUND", (0, 0), (-1, 0), document.SHADE),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, document.INK),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, document.RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return table


def _font_for(texts: list[str]) -> str:
    """One font for chart labels (reportlab has no glyph fallback): the CJK font when every
    label is Chinese only, else the Latin one."""
    chinese = [fonts.has_cjk(t) and not re.search(r"[0-9A-Za-z]", t) for t in texts if t]
    return fonts.CJK if chinese and all(chinese) else fonts.SANS


def _bars(title: str, categories: list[str], series: list[list[float]], names: list[str],
          width: float, height: float = 58 * mm) -> Drawing:
    """A grouped bar chart with a title and a legend (values already in display units)."""
    drawing = Drawing(width, height)
    x = 0.0
    for part in fonts.split_runs(title):  # Chinese runs in the CJK font, the rest in Latin
        if part:
            font = fonts.CJK if fonts.has_cjk(part) else fonts.SANS_BOLD
            drawing.add(String(x, height - 10, part, fontName=font, fontSize=9,
                               fillColor=document.INK))
            x += stringWidth(part, font, 9)
    chart = VerticalBarChart()
    chart.x, chart.y = 38, 22
    chart.width, chart.height = width - 150, height - 42
    chart.data = series or [[0]]
    chart.categoryAxis.categoryNames = categories or [""]
    chart.categoryAxis.labels.fontName = _font_for(categories)
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda v: formatting.number(int(v))
    chart.valueAxis.valueMin = min(0, *(v for s in series for v in s)) if series else 0
    chart.barSpacing = 1
    chart.groupSpacing = 4
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 100, height - 24
    legend.fontName, legend.fontSize = _font_for(names), 7
    legend.alignment = "right"
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    drawing.add(legend)
    return drawing


def _charts(report: MonthlyReport, width: float) -> list:
    names = list(fmt.period_names(report))
    if any(fonts.has_cjk(n) for n in names):  # "2026年10月" mixes scripts: "2026-10" in charts
        names = [p.label for p in report.periods]
    split = report.breakdown("split").rows[:-2]  # labour, parts, fees (sublet)
    out: list = [_bars(translate("Printing", "Revenue by kind"), [r.label for r in split],
                       [[float(r.values[i]) for r in split] for i in range(3)], names, width)]
    if report.daily:
        days = [d.strftime("%d") for d, _ in report.daily]
        out.append(_bars(translate("Printing", "Revenue by day, {month}").format(month=names[0]),
                         days,
                         [[float(v) for _, v in report.daily]], [names[0]], width))
    techs = report.breakdown("technicians").rows
    if techs:
        out.append(_bars(translate("Printing", "Technicians' hours, {month}").format(
                             month=names[0]), [r.label for r in techs],
                         [[float(r.values[0] or 0) for r in techs],
                          [float(r.values[1] or 0) for r in techs]],
                         [translate("Printing", "Hours sold"),
                          translate("Printing", "Hours clocked")], width))
    return out


def _kpi_rows(report: MonthlyReport) -> list[tuple[str, list[list[str]]]]:
    sections: dict[str, list[list[str]]] = {}
    for k in report.kpis:
        sections.setdefault(k.section, []).append([
            k.label, fmt.value(k.unit, k.values[0]), fmt.value(k.unit, k.values[1]),
            fmt.change(k, 1), fmt.value(k.unit, k.values[2]), fmt.change(k, 2)])
    return [(translate("Printing", fmt.SECTIONS.get(s, s)), rows) for s, rows in sections.items()]


def _breakdown(b: Breakdown, st: dict, width: float) -> list:
    first = 0.34 if len(b.columns) <= 4 else 0.22
    rest = (1 - first) / max(len(b.columns), 1)
    rows = [[r.label, *(fmt.value(u, v) for u, v in zip(b.units, r.values, strict=True))]
            for r in b.rows] or [[translate("Printing", "Nothing this month"),
                                  *[""] * len(b.columns)]]
    return [KeepTogether([Paragraph(fonts.rich(b.title), st["head"]), Spacer(1, 1.5 * mm),
                          _table(["", *b.columns], rows,
                                 [width * first] + [width * rest] * len(b.columns), st)]),
            Spacer(1, 5 * mm)]


@in_document_language
def render_monthly(report: MonthlyReport, target: str | Path | BinaryIO | None = None) -> bytes:
    """Write the report's PDF to ``target`` (a path or a binary file) and return its bytes."""
    st = document.styles()
    names = fmt.period_names(report)
    data = document.DocumentData(  # (no number: a report is headed by its month)
        translate("Printing", "MONTHLY REPORT"), "", letterhead(),
        facts=[(translate("Printing", "Month"), names[0]),
               (translate("Printing", "Previous month"), names[1]),
               (translate("Printing", "Last year"), names[2]),
               (translate("Printing", "Made"), formatting.date(dt.date.today()))])
    pagesize = document.PAPER.get(document.shop_paper().upper(), A4)
    width = pagesize[0] - 2 * document.MARGIN
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=document.MARGIN,
                            rightMargin=document.MARGIN, topMargin=document.MARGIN,
                            bottomMargin=18 * mm, title=f"Monthly report {names[0]}",
                            author=data.letterhead.name, creator="ShopDesk")
    story: list = [document.letterhead(data, st, width), Spacer(1, 6 * mm)]
    change = translate("Reports", "Change")  # against a period ("Printing" has the cash one)
    head = ["", names[0], names[1], change, names[2], change]
    widths = [width * 0.24] + [width * 0.152] * 5
    for title, rows in _kpi_rows(report):
        story += [KeepTogether([Paragraph(fonts.rich(title), st["head"]), Spacer(1, 1.5 * mm),
                                _table(head, rows, widths, st)]), Spacer(1, 5 * mm)]
    for chart in _charts(report, width):
        story += [chart, Spacer(1, 4 * mm)]
    for b in report.breakdowns:
        if b.key != "split":
            story += _breakdown(b, st, width)
    grades = ", ".join(f"{fmt.grade_name(g)}: {formatting.number(n)}" for g, n in report.grades)
    story.append(Paragraph(fonts.rich(translate("Printing", "Customer grades today — {grades}.")
                                      .format(grades=grades or translate("Printing", "none"))),
                           st["base"]))
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(fonts.rich(n), st["small"]) for n in report.notes]

    def footer(canvas, _doc) -> None:
        document.footer(canvas, data, pagesize)

    doc.build(story, onFirstPage=footer, onLaterPages=footer,
              canvasmaker=document.NumberedCanvas)
    pdf = buffer.getvalue()
    if isinstance(target, str | Path):  # complete or not at all
        partial = Path(f"{target}.partial")
        partial.write_bytes(pdf)
        os.replace(partial, target)
    elif target is not None:
        target.write(pdf)
    return pdf

