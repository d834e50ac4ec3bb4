"""The one engine behind every printed business document (invoice, estimate, credit note,
statement): letterhead, parties, a lines table that flows over pages with its header repeated,
totals, notes, and a footer with "Page x of y" on every page. A4 or Letter.

Callers fill a :class:`DocumentData` (plain strings, already formatted) and call
:func:`render`; the engine knows nothing of invoices.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from shopdesk.i18n import in_document_language, translate
from shopdesk.printing import fonts

PAPER = {"A4": A4, "LETTER": LETTER}
INK = colors.HexColor("#1d2b3a")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#bcccdc")
SHADE = colors.HexColor("#eef2f6")
MARGIN = 16 * mm


@dataclass
class Letterhead:
    """The shop, as printed at the top of the first page."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    tax_id: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Column:
    """A column of the lines table: heading, share of the width, alignment."""

    title: str
    width: float
    align: str = "LEFT"  # or "RIGHT"


@dataclass
class DocumentData:
    """Everything a document shows, as display strings."""

    title: str  # "INVOICE", "ESTIMATE", "CREDIT NOTE", "STATEMENT"
    number: str
    letterhead: Letterhead
    facts: list[tuple[str, str]] = field(default_factory=list)  # Date, Due date, ...
    parties: list[tuple[str, str]] = field(default_factory=list)  # ("Bill to", "Name\n...")
    columns: list[Column] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    totals: list[tuple[str, str, bool]] = field(default_factory=list)  # label, value, bold
    notes: str = ""
    footer: str = ""
    paper: str = ""  # "A4" or "LETTER"; empty: the shop's paper size setting
    banner: str = ""  # e.g. "DEMO SHOP" or "VOID": printed across the header in red


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("base", fontName=fonts.SANS, fontSize=9, leading=11.5,
                          textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10,
                                textColor=MUTED),
        "shop": ParagraphStyle("shop", parent=base, fontName=fonts.SANS_BOLD, fontSize=15,
                               leading=18),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.SANS_BOLD, fontSize=18,
                                leading=22, alignment=TA_RIGHT),
        "label": ParagraphStyle("label", parent=base, fontName=fonts.SANS_BOLD, fontSize=8,
                                textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, alignment=TA_LEFT),
        "cellr": ParagraphStyle("cellr", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.SANS_BOLD, fontSize=8.5),
        "headr": ParagraphStyle("headr", parent=base, fontName=fonts.SANS_BOLD, fontSize=8.5,
                                alignment=TA_RIGHT),
        "total": ParagraphStyle("total", parent=base, alignment=TA_RIGHT),
        "totalb": ParagraphStyle("totalb", parent=base, fontName=fonts.SANS_BOLD,
                                 fontSize=10.5, leading=13, alignment=TA_RIGHT),
    }


def _draw_right(canvas: rl_canvas.Canvas, right: float, y: float, text: str, font: str,
                size: float) -> None:
    """Draw ``text`` ending at ``right``; runs of Chinese in the CJK font, the rest in ``font``
    (reportlab has no per-glyph fallback, and the CJK font lacks Latin digits)."""
    runs = [(part, fonts.CJK if fonts.has_cjk(part) else font)
            for part in fonts.split_runs(text) if part]
    x = right - sum(pdfmetrics.stringWidth(part, f, size) for part, f in runs)
    for part, f in runs:
        canvas.setFont(f, size)
        canvas.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, f, size)


class NumberedCanvas(rl_canvas.Canvas):
    """Draws "Page x of y" once the page count is known (two-pass)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            text = translate("Printing", "Page {page} of {pages}").format(
                page=self._pageNumber, pages=total)
            self.setFillColor(MUTED)
            _draw_right(self, self._pagesize[0] - MARGIN, 9 * mm, text, fonts.SANS, 8)
            super().showPage()
        super().save()


def letterhead(data: DocumentData, st: dict[str, ParagraphStyle], width: float) -> Table:
    shop = data.letterhead
    lines = [shop.address, " · ".join(x for x in (shop.phone, shop.email, shop.website) if x)]
    if shop.tax_id:
        lines.append(translate("Printing", "Tax ID {tax_id}").format(tax_id=shop.tax_id))
    left: list = []
    if shop.logo_png:
        reader = ImageReader(io.BytesIO(shop.logo_png))
        w, h = reader.getSize()
        scale = min(60 * mm / w, 22 * mm / h)
        left.append(Image(io.BytesIO(shop.logo_png), w * scale, h * scale, hAlign="LEFT"))
        left.append(Spacer(1, 2 * mm))
    left.append(Paragraph(fonts.rich(shop.name), st["shop"]))
    left.append(Paragraph(fonts.rich("\n".join(x for x in lines if x)), st["small"]))
    facts = [[Paragraph(fonts.rich(k), st["label"]), Paragraph(fonts.rich(v), st["cellr"])]
             for k, v in [(translate("Printing", "Number"), data.number), *data.facts] if v]
    right = [Paragraph(fonts.rich(data.title), st["title"]), Spacer(1, 3 * mm),
             Table(facts, colWidths=[28 * mm, 42 * mm], hAlign="RIGHT",
                   style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                          ("TOPPADDING", (0, 0), (-1, -1), 1)])]
    table = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return table


def _parties(data: DocumentData, st: dict[str, ParagraphStyle], width: float) -> Table | None:
    if not data.parties:
        return None
    cells = [[Paragraph(fonts.rich(label), st["label"]), Paragraph(fonts.rich(text), st["base"])]
             for label, text in data.parties]
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    return table


def _lines(data: DocumentData, st: dict[str, ParagraphStyle], width: float) -> Table:
    # column titles are marked QT_TRANSLATE_NOOP("Printing", ...) where the columns are made
    header = [Paragraph(fonts.rich(translate("Printing", c.title)),
                        st["headr" if c.align == "RIGHT" else "head"]) for c in data.columns]
    body = [[Paragraph(fonts.rich(value), st["cellr" if c.align == "RIGHT" else "cell"])
             for value, c in zip(row, data.columns, strict=True)] for row in data.rows]
    table = Table([header, *body], colWidths=[c.width * width for c in data.columns],
                  repeatRows=1)
    style = [("BACKGROUND", (0, 0), (-1, 0), SHADE),
             ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
             ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 3),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    table.setStyle(TableStyle(style))
    return table


def _totals(data: DocumentData, st: dict[str, ParagraphStyle], width: float) -> Table:
    rows = [[Paragraph(fonts.rich(label), st["totalb" if bold else "total"]),
             Paragraph(fonts.rich(value), st["totalb" if bold else "total"])]
            for label, value, bold in data.totals]
    table = Table(rows, colWidths=[width * 0.25, width * 0.17], hAlign="RIGHT")
    style = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for i, (_, _, bold) in enumerate(data.totals):
        if bold:
            style.append(("LINEABOVE", (0, i), (-1, i), 0.8, INK))
    table.setStyle(style)
    return table


def shop_paper() -> str:
    """The shop's paper size setting ("A4" or "LETTER"); A4 when no database is open."""
    import peewee

    from shopdesk.services.shop.settings import get_settings

    try:
        return get_settings().paper_size or "A4"
    except (peewee.PeeweeException, AttributeError):  # no shop database open
        return "A4"


@in_document_language
def render(data: DocumentData, target: str | Path | BinaryIO | None = None) -> bytes:
    """Write the PDF to ``target`` (a path or a binary file) and return its bytes."""
    st = styles()
    buffer = io.BytesIO()
    pagesize = PAPER.get((data.paper or shop_paper()).upper(), A4)
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=18 * mm,
                            title=f"{data.title.title()} {data.number}",
                            author=data.letterhead.name, creator="ShopDesk")
    width = pagesize[0] - 2 * MARGIN

    def first_page(canvas: rl_canvas.Canvas, _doc) -> None:
        footer(canvas, data, pagesize)

    def later_pages(canvas: rl_canvas.Canvas, _doc) -> None:
        canvas.saveState()
        heading = translate("Printing", "{title} {number} (continued)").format(
            title=data.title.title(), number=data.number)
        canvas.setFillColor(INK)
        name = Paragraph(fonts.rich(data.letterhead.name), st["head"])
        name.wrap(width * 0.6, 10 * mm)
        name.drawOn(canvas, MARGIN, pagesize[1] - 11 * mm)
        _draw_right(canvas, pagesize[0] - MARGIN, pagesize[1] - 10 * mm, heading,
                    fonts.SANS_BOLD, 9)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, pagesize[1] - 12 * mm, pagesize[0] - MARGIN, pagesize[1] - 12 * mm)
        canvas.restoreState()
        footer(canvas, data, pagesize)

    story: list = [letterhead(data, st, width), Spacer(1, 7 * mm)]
    parties = _parties(data, st, width)
    if parties is not None:
        story += [parties, Spacer(1, 6 * mm)]
    if data.columns:
        story += [_lines(data, st, width), Spacer(1, 4 * mm)]
    tail: list = []
    if data.totals:
        tail.append(_totals(data, st, width))
    if data.notes:
        tail += [Spacer(1, 5 * mm), Paragraph(fonts.rich(data.notes), st["base"])]
    if tail:
        story.append(KeepTogether(tail))
    doc.build(story, onFirstPage=first_page, onLaterPages=later_pages,
              canvasmaker=NumberedCanvas)
    pdf = buffer.getvalue()
    if isinstance(target, str | Path):
        Path(target).write_bytes(pdf)
    elif target is not None:
        target.write(pdf)
    return pdf


def footer(canvas: rl_canvas.Canvas, data: DocumentData, pagesize: tuple[float, float]) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN, 13 * mm, pagesize[0] - MARGIN, 13 * mm)
    if data.footer:
        style = ParagraphStyle("foot", fontName=fonts.SANS, fontSize=7.5, leading=9,
                               textColor=MUTED)
        para = Paragraph(fonts.rich(data.footer), style)
        _, height = para.wrap(pagesize[0] - 2 * MARGIN - 30 * mm, 12 * mm)
        para.drawOn(canvas, MARGIN, 11.5 * mm - height)
    if data.banner:
        canvas.setFont(fonts.CJK if fonts.has_cjk(data.banner) else fonts.SANS_BOLD, 30)
        canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
        canvas.translate(pagesize[0] / 2, pagesize[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, 0, data.banner)
    canvas.restoreState()
