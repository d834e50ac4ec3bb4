"""Printing a PDF through QPrinter: seconds a page for a one-page and a 3-page invoice at 300,
600 and 1200 dpi, the way ShopDesk prints (``pdf_output.print_pdf_to``: each page rendered at
no more than 300 dpi, scaled by the painter). The floor is ``QPdfDocument.render`` of one page
at 300 dpi alone, measured in the same run. Target: <= 0.3 s a page at any resolution.

    python -m tests.bench printing

The invoices are rendered with ``shopdesk.printing`` from a demo invoice; the 3-page one
repeats that invoice's lines until the document runs to three pages (nothing is written to the
shop). The printer is a PDF-file QPrinter (HighResolution) set to each resolution. (The old
way, each page rendered at the printer's resolution, took 2-8x longer at 600-1200 dpi when
print_pdf_to replaced it; it is no longer measured.)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from shopdesk import db as database
from shopdesk.gui.invoices.pdf_output import page_image, print_pdf_to
from shopdesk.models.invoices import Invoice
from shopdesk.printing.document import render
from shopdesk.printing.invoice import invoice_data
from shopdesk.services.access import COMMAND_LINE
from tests.bench.harness import Bench, at_most
from tests.bench.runner import script

WRITES = False
TARGET = 0.3  # seconds a page
RESOLUTIONS = (300, 600, 1200)


def _documents(folder: Path) -> dict[str, QPdfDocument]:
    """A one-page demo invoice and the same invoice's lines repeated to three pages."""
    invoice_id = (Invoice.select(Invoice.id)
                  .where((Invoice.status == "issued") & (Invoice.kind == "invoice"))
                  .order_by(Invoice.id.desc()).scalar())
    data = invoice_data(COMMAND_LINE, invoice_id)
    lines = list(data.rows)
    documents: dict[str, QPdfDocument] = {}
    for name, pages in (("1-page", 1), ("3-page", 3)):
        count = len(lines)
        while True:
            data.rows = [lines[i % len(lines)] for i in range(count)]
            path = folder / f"{name}.pdf"
            path.write_bytes(render(data))
            document = QPdfDocument()
            document.load(str(path))
            if document.pageCount() >= pages:
                break
            count += 5
        assert document.pageCount() == pages, (name, document.pageCount())
        documents[name] = document
    return documents


def _print(way: Callable[[QPrinter, QPdfDocument], int], document: QPdfDocument, dpi: int,
           out: Path) -> tuple[float, float]:
    """Seconds a page to print ``document`` to a PDF file at ``dpi``: wall clock, and this
    process's CPU time (steadier when other work shares the machine's cores)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(dpi)
    printer.setOutputFileName(str(out))
    started, cpu = time.perf_counter(), time.process_time()
    pages = way(printer, document)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert pages == document.pageCount() and out.stat().st_size > 0
    return elapsed / pages, cpu / pages


def _floor(document: QPdfDocument, runs: int) -> float:
    """QPdfDocument.render of one page at 300 dpi, alone."""
    points = document.pagePointSize(0)
    size = QSize(round(points.width() * 300 / 72), round(points.height() * 300 / 72))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        document.render(0, size)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _page_image(document: QPdfDocument, runs: int) -> float:
    """The new way's own share of a page: rendered at 300 dpi and flattened on white."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        page_image(document, 0, 300)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(bench: Bench) -> None:
    folder = bench.folder("printing")
    runs = bench.runs(5, quick=1)
    app = QApplication.instance() or QApplication([])
    database.open(str(bench.db))
    documents = _documents(folder)
    one = documents["1-page"]
    _floor(one, 2)  # warm up PDFium
    _print(print_pdf_to, one, 300, folder / "warm-up.pdf")  # and the PDF engine's image writers
    floor = _floor(one, bench.runs(15, quick=2))
    flattened = _page_image(one, bench.runs(15, quick=2))
    for name, document in documents.items():
        for dpi in RESOLUTIONS:
            timings = [_print(print_pdf_to, document, dpi, folder / f"{name}-{dpi}.pdf")
                       for _ in range(runs)]
            wall = statistics.median(t[0] for t in timings)
            cpu = statistics.median(t[1] for t in timings)
            bench.note(f"{name} at {dpi} dpi: {wall:.3f} s a page, CPU {cpu:.3f} s")
            bench.figure(f"print a {name} invoice at {dpi} dpi, a page (median of {runs})",
                         wall, at_most(TARGET), floor)
    bench.note(f"of a page: {flattened:.3f} s rendering it on white at 300 dpi "
               f"({flattened / floor:.1f}x the floor); the rest is the printer engine's own "
               "work with the image")
    for document in documents.values():
        document.close()
    app.processEvents()


if __name__ == "__main__":
    sys.exit(script("printing"))
