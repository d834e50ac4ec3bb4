"""Printing a PDF through the system printer: pages are rasterised at no more than 300 dpi
whatever the printer's resolution (at a 1200 dpi printer's own resolution a page took 3–5 s),
drawn on white paper and scaled onto the printable area as before; every page is printed."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPageLayout
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest

from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices import pdf_output
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.printing.invoice import render_invoice
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft

CTRL = Qt.KeyboardModifier.ControlModifier


def _printer(dpi: int) -> QPrinter:
    """A HighResolution printer writing a PDF file, at ``dpi``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(dpi)
    return printer


def _two_page_invoice(clerk) -> int:
    """An issued invoice whose 40 lines run onto a second page."""
    draft = invoices.create_draft(clerk, lines=[
        LineDraft(f"Labour: inspection step {n}", "1", "12.50", kind="labour")
        for n in range(1, 41)])
    return invoices.issue(clerk, draft.id).id


def _images(page) -> list:
    """The image XObjects a printed page draws (their dictionaries: no pixels decoded)."""
    found = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    return [x for x in found if x["/Subtype"] == "/Image"]


def _ink(image: QImage) -> tuple[int, int, int, int]:
    """Left, top, right, bottom of the non-white pixels (the printed matter's box)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, line = gray.width(), gray.height(), gray.bytesPerLine()
    bits = bytes(gray.constBits())
    rows = [y for y in range(height) if min(bits[y * line:y * line + width]) < 200]
    columns = [x for x in range(width) if min(bits[x:height * line:line]) < 200]
    return columns[0], rows[0], columns[-1], rows[-1]


@pytest.mark.parametrize(("dpi", "raster"), [(1200, 300), (600, 300), (150, 150)])
def test_a_two_page_invoice_prints_both_pages_rendered_at_no_more_than_300_dpi(
        qtbot, db, clerk, tmp_path, dpi, raster):
    """What a printer gets: each page as one image, rendered at min(printer dpi, 300)."""
    source = tmp_path / "invoice.pdf"
    source.write_bytes(render_invoice(clerk, _two_page_invoice(clerk)))
    document = QPdfDocument()
    document.load(str(source))
    printer = _printer(dpi)  # (a PDF-file printer shows what the print engine was given)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    try:
        assert pdf_output.print_pdf_to(printer, document) == 2
        pages = PdfReader(printed).pages
        assert len(pages) == 2
        for number, page in enumerate(pages):
            (image,) = _images(page)  # the page, as one picture
            points = document.pagePointSize(number)
            assert (image["/Width"], image["/Height"]) == (
                round(points.width() * raster / 72), round(points.height() * raster / 72))
            assert "/SMask" not in image and "/Mask" not in image  # white paper, no alpha
    finally:
        document.close()
    assert pdf_output.raster_dpi(_printer(dpi)) == raster


def test_ctrl_p_to_a_pdf_file_writes_the_invoice_itself(qtbot, db, clerk, tmp_path,
                                                        monkeypatch):
    """"Print to file" in the print dialog: the file is the invoice's own PDF (its text
    searchable, both pages), not pictures of its pages."""
    printed = tmp_path / "printed.pdf"

    class PrintToFile:  # the system print dialog, answered "Print" to a PDF file
        DialogCode = QPrintDialog.DialogCode

        def __init__(self, printer: QPrinter, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QPrintDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setResolution(1200)
            self.printer.setOutputFileName(str(printed))
            return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(pdf_output, "QPrintDialog", PrintToFile)
    invoice_id = _two_page_invoice(clerk)
    view = InvoiceView(AppContext(db, clerk), invoice_id)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    assert QTest.qWaitForWindowActive(view)
    assert view.preview.document_.pageCount() == 2
    qtbot.keyClick(view.windowHandle(), Qt.Key.Key_P, CTRL)  # Ctrl+P prints

    assert printed.read_bytes() == view.pdf
    pages = PdfReader(printed).pages
    assert len(pages) == 2
    text = pages[0].extract_text() + pages[1].extract_text()
    assert invoices.get(clerk, invoice_id).number in text and "inspection step 40" in text


def test_printed_page_keeps_its_aspect_and_the_printer_margins(db, clerk, tmp_path):
    """As before the cap: each page scaled to fit the printable area from its top-left
    corner, so the printed matter lands where the PDF's own would, scaled the same."""
    source = tmp_path / "invoice.pdf"
    source.write_bytes(render_invoice(clerk, _two_page_invoice(clerk)))
    document = QPdfDocument()
    document.load(str(source))
    printer = _printer(1200)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    area = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    assert pdf_output.print_pdf_to(printer, document) == 2
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    try:
        assert printed.pageCount() == 2
        for number in range(2):
            page = document.pagePointSize(number)
            scale = min(area.width() / page.width(), area.height() / page.height())
            made = _ink(pdf_output.page_image(document, number, 72))  # one pixel a point
            left, top, right, bottom = _ink(pdf_output.page_image(printed, number, 72))
            expected = [area.left() + made[0] * scale, area.top() + made[1] * scale,
                        area.left() + made[2] * scale, area.top() + made[3] * scale]
            assert [left, top, right, bottom] == pytest.approx(expected, abs=2)
            assert printed.pagePointSize(number) == printer.pageLayout().fullRect(
                QPageLayout.Unit.Point).size()
    finally:
        printed.close()
        document.close()
