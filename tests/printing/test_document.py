"""The document engine: long documents flow over pages with their header repeated, page
numbers, Chinese text embedded and readable, A4 and Letter."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from shopdesk.printing.document import Column, DocumentData, Letterhead, render

COLUMNS = [Column("Description", 0.5), Column("Qty", 0.1, "RIGHT"),
           Column("Unit price", 0.2, "RIGHT"), Column("Amount", 0.2, "RIGHT")]


def _document(lines: int, paper: str = "A4") -> DocumentData:
    rows = [[f"Brake pad set BP{i:03d}", "2", "$49.99", "$99.98"] for i in range(lines)]
    rows[1][0] = "机油滤清器 oil filter"
    return DocumentData(
        "INVOICE", "TG-2026-000042",
        Letterhead("山顶汽修 Hilltop Garage", "88 Elm Street\nSpringfield", "555-0100",
                   tax_id="TAX-991"),
        facts=[("Date", "Nov 23, 2026")], parties=[("Bill to", "王小明 Wang Xiaoming")],
        columns=COLUMNS, rows=rows, totals=[("Total", "$999.80", True)],
        footer="Thank you · Bank 0123-4567", paper=paper)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_long_document_repeats_header_and_numbers_pages():
    pages = _pages(render(_document(120)))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Thank you · Bank 0123-4567" in text  # footer on every page
        assert "Description" in text and "Unit price" in text  # table header repeated
    assert "TG-2026-000042 (continued)" in pages[1]
    assert "Total" in pages[-1] and "$999.80" in pages[-1]
    assert "BP119" in pages[-1] or "BP119" in pages[-2]


def test_chinese_text_is_embedded_and_extractable():
    pdf = render(_document(3))
    text = _pages(pdf)[0]
    assert "山顶汽修" in text and "王小明" in text and "机油滤清器" in text
    fonts = {str(f) for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts  # fonts are embedded subsets, not references to the reader's fonts
    assert len(pdf) < 200_000  # subsets, not whole 4 MB font files


@pytest.mark.parametrize(("paper", "width_pt"), [("A4", 595), ("LETTER", 612)])
def test_paper_sizes(paper, width_pt, tmp_path):
    path = tmp_path / "doc.pdf"
    render(_document(5, paper), path)
    page = PdfReader(path).pages[0]
    assert round(float(page.mediabox.width)) == width_pt
