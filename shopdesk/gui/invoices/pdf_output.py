"""Show, print and save a PDF made by shopdesk.printing: in-app preview, system printer."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QScrollArea, QVBoxLayout, QWidget


class PdfPreview(QScrollArea):
    """A PDF shown inside the app: every page rendered to fit the width, scrolling.

    Pages are rendered with QPdfDocument into images (QPdfView's threaded renderer corrupted
    the heap on teardown with PySide6 6.11 offscreen, so it is not used).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.document_ = QPdfDocument(self)
        self._file: Path | None = None
        self.setWidgetResizable(True)
        self._pages = QWidget()
        self._layout = QVBoxLayout(self._pages)
        self._layout.setSpacing(12)
        self.setWidget(self._pages)
        self._labels: list[QLabel] = []
        self._width = 0

    def show_pdf(self, pdf: bytes) -> None:
        """Load PDF bytes (through a private temporary file) and draw its pages."""
        self.document_.close()
        if self._file is None:
            handle, name = tempfile.mkstemp(prefix="shopdesk-preview-", suffix=".pdf")
            os.close(handle)
            self._file = Path(name)
            self.destroyed.connect(lambda *_a, path=self._file: path.unlink(missing_ok=True))
        self._file.write_bytes(pdf)
        self.document_.load(str(self._file))
        self._draw()

    def _draw(self) -> None:
        for label in self._labels:
            label.deleteLater()
        self._labels = []
        width = max(400, self.viewport().width() - 44)
        self._width = width
        for number in range(self.document_.pageCount()):
            points = self.document_.pagePointSize(number)
            size = QSize(width, round(width * points.height() / points.width()))
            page = QImage(size, QImage.Format.Format_RGB32)
            page.fill(Qt.GlobalColor.white)  # the PDF page is transparent: paper is white
            painter = QPainter(page)
            painter.drawImage(0, 0, self.document_.render(number, size))
            painter.end()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(page))
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._layout.addWidget(label)
            self._labels.append(label)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.document_.pageCount() and abs(self.viewport().width() - 44 - self._width) > 40:
            self._draw()  # fit the new width

    def page_count(self) -> int:
        """How many pages the shown PDF has."""
        return self.document_.pageCount()


# Printing rasterises each page at no more than this resolution (dots per inch).
#
# Qt 6.11 has no vector path from a PDF to a QPainter: QPdfDocument (and QPdfPageRenderer) only
# render a page into a QImage; there is no call that paints a page's text and lines onto a
# QPainter/QPrinter. So each page is rendered as an image at min(printer dpi, 300) and the
# painter scales it onto the page; QPrinter's PDF engine embeds the image at its own size and
# the Windows print engine hands it to the driver to stretch (StretchBlt), so a 1200 dpi printer
# costs no more than a 300 dpi one. Text at 300 dpi is sharp on paper (9 pt type is 37 dots to
# the em).
#
# Measured offscreen on the shared 2-core VM (tests/bench/bench_printing.py: a demo shop's 1- and
# 3-page invoices to a PDF-file QPrinter; seconds a page, wall clock), old way → this way:
#   300 dpi  0.19–0.46 → 0.16–0.43   600 dpi  0.73–1.9 → 0.17–0.43   1200 dpi  3.1–7.6 → 0.16–0.40
# The upper ends are runs with 4–6 jobs on the 2 cores; this way's own CPU time is 0.17–0.21 s a
# page at every resolution. Of that, rendering the page on white is 0.04 s (QPdfDocument.render
# of a page at 300 dpi alone, the floor: 0.02–0.03 s); the rest is the printer engine's work
# with the image (the PDF engine converts and compresses its 8.7 million pixels).
MAX_RASTER_DPI = 300


def raster_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at for ``printer``: its own, at most MAX_RASTER_DPI."""
    return max(1, min(printer.resolution(), MAX_RASTER_DPI))


def page_image(document: QPdfDocument, number: int, dpi: int) -> QImage:
    """Page ``number`` of ``document`` rendered at ``dpi`` on white paper (no alpha channel:
    the PDF page is transparent, and a printer needs no soft mask)."""
    points = document.pagePointSize(number)
    size = QSize(max(1, round(points.width() * dpi / 72)),
                 max(1, round(points.height() * dpi / 72)))
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    painter = QPainter(page)
    painter.drawImage(0, 0, document.render(number, size))
    painter.end()
    return page


def print_pdf_to(printer: QPrinter, document: QPdfDocument) -> int:
    """Paint every page of ``document`` onto ``printer``, each an image rendered at
    ``raster_dpi(printer)`` and scaled to fit the printable area; returns pages."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    # Lossless: a PDF-file printer keeps the page's pixels (zlib) instead of JPEG at quality
    # 94, which blurs text edges; same time, half the bytes (other print engines ignore it).
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    try:
        dpi = raster_dpi(printer)
        pages = document.pageCount()
        for number in range(pages):
            if number:
                printer.newPage()
            image = page_image(document, number, dpi)
            target = painter.viewport()
            scale = min(target.width() / image.width(), target.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale),
                              image)
        return pages
    finally:
        painter.end()


def print_with_dialog(parent: QWidget, document: QPdfDocument | None, pdf: bytes = b"") -> bool:
    """The system printer dialog, then print; False if the user cancelled.

    Printed to a PDF file (the dialog's "Print to file"), the file is the document itself
    (``pdf``, when given): vector, its text searchable, exactly what Save as PDF writes; a
    printer gets the pages as images (:func:`print_pdf_to`). ``document`` None: a PDF not on
    show is printed with :func:`print_document`."""
    if document is None:
        return print_document(parent, pdf)
    printer = _chosen_printer(parent)
    if printer is None:
        return False
    if pdf and _to_file(printer, pdf):
        return True
    return print_pdf_to(printer, document) > 0


def _chosen_printer(parent: QWidget) -> QPrinter | None:
    """The system print dialog; the printer chosen, or None if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("pdf_output", "Print"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def _to_file(printer: QPrinter, pdf: bytes) -> bool:
    """Printed to a PDF file: write the document itself there (True); else False."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        Path(printer.outputFileName()).write_bytes(pdf)
        return True
    return False


def print_document(parent: QWidget, pdf: bytes) -> bool:
    """:func:`print_with_dialog` for a document not shown on screen (the repair order's
    estimate and job card): the PDF is loaded for the printer only once the dialog is
    answered, from a private temporary file removed afterwards."""
    printer = _chosen_printer(parent)
    if printer is None:
        return False
    if _to_file(printer, pdf):
        return True
    handle, name = tempfile.mkstemp(prefix="shopdesk-print-", suffix=".pdf")
    os.close(handle)
    path = Path(name)
    try:
        path.write_bytes(pdf)
        document = QPdfDocument(parent)
        try:
            document.load(str(path))
            return print_pdf_to(printer, document) > 0
        finally:
            document.close()
            document.deleteLater()
    finally:
        path.unlink(missing_ok=True)


def save_pdf(parent: QWidget, pdf: bytes, suggested: str) -> Path | None:
    """Ask where to save and write the PDF; None if the user cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("pdf_output",
            "Save as PDF"), suggested, QCoreApplication.translate("pdf_output",
                    "PDF files (*.pdf)"))
    if not name:
        return None
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    path.write_bytes(pdf)
    return path
