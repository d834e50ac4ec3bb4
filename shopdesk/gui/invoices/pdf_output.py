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


def print_pdf_to(printer: QPrinter, document: QPdfDocument) -> int:
    """Paint every page of ``document`` onto ``printer`` at its resolution; returns pages."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = printer.resolution()
        pages = document.pageCount()
        for number in range(pages):
            if number:
                printer.newPage()
            points = document.pagePointSize(number)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(number, size)
            target = painter.viewport()
            scale = min(target.width() / size.width(), target.height() / size.height())
            painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        return pages
    finally:
        painter.end()


def print_with_dialog(parent: QWidget, document: QPdfDocument) -> bool:
    """The system printer dialog, then print; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("pdf_output", "Print"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_pdf_to(printer, document) > 0


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
