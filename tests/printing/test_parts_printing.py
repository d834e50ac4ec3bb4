"""Labels, purchase order and count sheet PDFs: the barcodes and figures read back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from shopdesk.errors import ValidationError
from shopdesk.printing.count_sheet import render_count_sheet
from shopdesk.printing.labels import label_for, render_labels
from shopdesk.printing.purchase_order import render_purchase_order
from shopdesk.services.stock import parts, purchasing, stocktake
from tests.helpers.parts import make_part, make_supplier


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def decode_barcodes(pdf: bytes, page: int = 0) -> list[str]:
    """Render a page at 300 dpi and decode every Code 128 on it (as a scanner would)."""
    pdfium = pytest.importorskip("pypdfium2")
    zxingcpp = pytest.importorskip("zxingcpp")
    document = pdfium.PdfDocument(pdf)
    image = document[page].render(scale=300 / 72).to_pil().convert("L")
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.Code128)
    document.close()
    return sorted(r.text for r in found)


def test_a4_label_sheet_prints_each_code_readable_by_text_and_by_scanner(owner):
    a = make_part(owner, "OF-100", "Oil filter", barcodes=["4006633312345"], bin_location="A-3")
    b = make_part(owner, "BP-204", "Brake pads front axle", retail_price="54.90")
    labels = [label_for(owner, a.id), label_for(owner, b.id)] * 13  # 26 labels: two A4 pages of 24
    pdf = render_labels(labels, "a4-3x8")
    pages = pdf_pages(pdf)
    assert len(pages) == 2
    assert pages[0].count("4006633312345") == 12 and pages[1].count("BP-204") >= 1
    assert "$54.90" in pages[0] and "Bin A-3" in pages[0]
    assert set(decode_barcodes(pdf)) == {"4006633312345", "BP-204"}
    assert len(decode_barcodes(pdf)) == 24


def test_single_label_for_a_label_printer(owner):
    part = make_part(owner, "SP-IR7", "Spark plug iridium", barcodes=["0987654321"])
    pdf = render_labels([label_for(owner, part.id)] * 3, "single-57x32")
    assert len(pdf_pages(pdf)) == 3
    assert decode_barcodes(pdf, 2) == ["0987654321"]
    with pytest.raises(ValidationError, match="at least one part"):
        render_labels([], "a4-3x8")


def test_purchase_order_pdf_shows_supplier_numbers_and_total(owner):
    acme = make_supplier(owner, account_number="RA-5521", terms="30 days net")
    part = make_part(owner, supplier=acme.id)
    parts.set_supplier_number(owner, part.id, acme.id, "ACM-77812")
    order = purchasing.create_order(owner, acme.id, [(part.id, "12", "3.85")])
    text = "\n".join(pdf_pages(render_purchase_order(owner, order.id)))
    assert order.number in text and "ACM-77812" in text and "RA-5521" in text
    assert "$46.20" in text and "DRAFT" in text


def test_count_sheet_is_blind_by_default(owner):
    make_part(owner, "Z9", "Zip tie", bin_location="C-1")
    take = stocktake.start(owner)
    text = pdf_pages(render_count_sheet(owner, take.id))[0]
    assert take.number in text and "Z9" in text and "C-1" in text
