"""Printing a PDF through QPrinter: seconds per page for a one-page and a 3-page invoice at
300, 600 and 1200 dpi, the old way (each page rendered at the printer's resolution) against
the new way (``pdf_output.print_pdf_to``: rendered at no more than 300 dpi, scaled by the
painter). The floor is ``QPdfDocument.render`` of one page at 300 dpi alone; each figure is
printed with its ratio to the floor measured in the same run.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_printing.py [--db FILE] [--runs 3]

Without ``--db`` a new small demo shop is made in a temporary folder (``shopdesk demo``).
The invoices are rendered with ``shopdesk.printing`` from a demo invoice; the 3-page one
repeats that invoice's lines until the document runs to three pages (nothing is written to
the shop). The printer is a PDF-file QPrinter (HighResolution) set to each resolution.
Target: <= 0.3 s a page at any resolution.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, QSize  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from shopdesk import db as database  # noqa: E402
from shopdesk.gui.invoices.pdf_output import page_image, print_pdf_to  # noqa: E402
from shopdesk.models.invoices import Invoice  # noqa: E402
from shopdesk.printing.document import render  # noqa: E402
from shopdesk.printing.invoice import invoice_data  # noqa: E402

TARGET = 0.3  # seconds a page
RESOLUTIONS = (300, 600, 1200)


def old_print_pdf_to(printer: QPrinter, document: QPdfDocument) -> int:
    """The way printing worked before: each page rendered at the printer's resolution."""
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


def _documents(folder: Path) -> dict[str, QPdfDocument]:
    """A one-page demo invoice and the same invoice's lines repeated to three pages."""
    invoice_id = (Invoice.select(Invoice.id)
                  .where((Invoice.status == "issued") & (Invoice.kind == "invoice"))
                  .order_by(Invoice.id.desc()).scalar())
    data = invoice_data(invoice_id)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a shop database (default: a new small demo shop)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each old-way figure (median; the new way runs at least 5)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="shopdesk-bench-printing-"))
    db = args.db
    if db is None:
        db = str(folder / "demo.sqlite3")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--db", db], check=True,
                       capture_output=True, cwd=ROOT)
    app = QApplication.instance() or QApplication([])
    database.open(db)
    documents = _documents(folder)
    one = documents["1-page"]
    _floor(one, 2)  # warm up PDFium
    for way in (old_print_pdf_to, print_pdf_to):  # and the PDF engine's image writers
        _print(way, one, 300, folder / "warm-up.pdf")
    floor = _floor(one, max(5, args.runs * 3))
    flattened = _page_image(one, max(5, args.runs * 3))
    print(f"Printing to a PDF-file QPrinter (HighResolution), seconds a page, median of "
          f"{args.runs} runs (new way: {max(args.runs, 5)}); floor = QPdfDocument.render of "
          f"one page at 300 dpi = {floor:.3f} s")
    print(f"  {'document':8} {'dpi':>5}  {'old way':>18}  {'new way':>18}  {'speed-up':>8}"
          f"  {'new way, CPU':>12}")
    worst = 0.0
    for name, document in documents.items():
        for dpi in RESOLUTIONS:
            figures = []
            for label, way, runs in (("old", old_print_pdf_to, args.runs),
                                     ("new", print_pdf_to, max(args.runs, 5))):
                times = [_print(way, document, dpi, folder / f"{name}-{dpi}-{label}.pdf")
                         for _ in range(runs)]
                figures.append((statistics.median(t[0] for t in times),
                                statistics.median(t[1] for t in times)))
            (old, _old_cpu), (new, new_cpu) = figures
            worst = max(worst, new)
            print(f"  {name:8} {dpi:5}  {old:7.3f} s ({old / floor:5.1f}x)  "
                  f"{new:7.3f} s ({new / floor:5.1f}x)  {old / new:7.1f}x  {new_cpu:10.3f} s")
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"  slowest page the new way: {worst:.3f} s (target <= {TARGET} s a page: {verdict})")
    print(f"  of a page the new way: {flattened:.3f} s rendering it on white at 300 dpi "
          f"({flattened / floor:.1f}x the floor); the rest is the printer engine's own work "
          "with the image")
    for document in documents.values():
        document.close()
    app.processEvents()
    shutil.rmtree(folder, ignore_errors=True)  # demo shop and printed files (tens of MB)


if __name__ == "__main__":
    main()
