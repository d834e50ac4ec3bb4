"""Barcode labels: Code 128 with SKU, name, price and bin, on A4 sheets or single labels.

The code printed in the bars is the part's first barcode, else its SKU (what a scan finds);
the same code is printed in plain text under the bars.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from shopdesk import formatting
from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.printing import fonts
from shopdesk.services.access import Actor
from shopdesk.services.stock import parts


@dataclass(frozen=True)
class LabelLayout:
    """Label size and, for sheets, the grid on the page."""

    name: str
    width: float
    height: float
    columns: int = 1
    rows: int = 1
    left: float = 0
    top: float = 0
    page: tuple[float, float] | None = None  # None: one label per page (label printer)


LAYOUTS = {
    "a4-3x8": LabelLayout(QT_TRANSLATE_NOOP("Printing", "A4 sheet, 3 x 8 labels of 70 x 37 mm"),
                          70 * mm, 37 * mm, 3, 8, 0, 0.5 * mm, A4),
    "single-57x32": LabelLayout(QT_TRANSLATE_NOOP("Printing", "Label printer, 57 x 32 mm"),
                                57 * mm, 32 * mm),
}


@dataclass(frozen=True)
class Label:
    """What one label shows."""

    code: str
    sku: str
    name: str
    price: Decimal
    bin_location: str


@in_document_language
def label_for(actor: Actor, part_id: int) -> Label:
    """The label of a part: its first barcode (or SKU), name, retail price and bin."""
    part = parts.part_row(actor, part_id)  # (a label shows no cost)
    codes = parts.barcodes_of(actor, part.id)
    return Label(codes[0] if codes else part.sku, part.sku, part.name, part.retail_price,
                 part.bin_location)


def _fit(c: rl_canvas.Canvas, text: str, font: str, size: float, width: float) -> str:
    while text and c.stringWidth(text, font, size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


def _draw(c: rl_canvas.Canvas, label: Label, x: float, y: float, w: float, h: float) -> None:
    pad = 2.5 * mm
    inner = w - 2 * pad
    name_font = fonts.CJK if fonts.has_cjk(label.name) else fonts.SANS_BOLD
    c.setFont(name_font, 9)
    c.drawString(x + pad, y + h - pad - 8, _fit(c, label.name, name_font, 9, inner))
    c.setFont(fonts.SANS, 7.5)
    c.drawString(x + pad, y + h - pad - 17, label.sku)
    if label.bin_location:
        where = translate("Printing", "Bin {bin}").format(bin=label.bin_location)
        c.setFont(fonts.CJK if fonts.has_cjk(where) else fonts.SANS, 7.5)
        c.drawRightString(x + w - pad, y + h - pad - 17, where)
    bar_h = h * 0.38
    barcode = Code128(label.code, barHeight=bar_h, barWidth=0.3 * mm, quiet=False)
    if barcode.width > inner:  # long codes: thinner bars, never below what scanners read
        barcode = Code128(label.code, barHeight=bar_h, barWidth=max(0.19 * mm,
                          0.3 * mm * inner / barcode.width), quiet=False)
    bar_y = y + pad + 9
    barcode.drawOn(c, x + pad, bar_y)
    c.setFont(fonts.SANS, 7)
    c.drawString(x + pad, y + pad, label.code)
    c.setFont(fonts.SANS_BOLD, 11)
    c.drawRightString(x + w - pad, y + pad, formatting.money(label.price))


@in_document_language
def render_labels(labels: list[Label], layout: str = "a4-3x8",
                  target: str | Path | BinaryIO | None = None, *, skip: int = 0) -> bytes:
    """Print labels; on a sheet, ``skip`` leaves that many used labels blank at the start."""
    if not labels:
        raise ValidationError("Choose at least one part to print labels for")
    spec = LAYOUTS.get(layout)
    if spec is None:
        raise ValidationError(f"Unknown label layout {layout!r}")
    fonts.register()
    buffer = io.BytesIO()
    page = spec.page or (spec.width, spec.height)
    c = rl_canvas.Canvas(buffer, pagesize=page)
    c.setTitle("Part labels")
    c.setCreator("ShopDesk")
    per_page = spec.columns * spec.rows
    for number, label in enumerate(labels, start=skip):
        slot = number % per_page
        if number > skip and slot == 0:
            c.showPage()
        col, row = slot % spec.columns, slot // spec.columns
        x = spec.left + col * spec.width
        y = page[1] - spec.top - (row + 1) * spec.height
        _draw(c, label, x, y, spec.width, spec.height)
    c.showPage()
    c.save()
    pdf = buffer.getvalue()
    if isinstance(target, str | Path):
        Path(target).write_bytes(pdf)
    elif target is not None:
        target.write(pdf)
    return pdf
