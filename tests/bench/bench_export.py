"""Export of 50,000 invoice lines: the sales journal workbook (journal per tax rate, totals,
every invoice line) against its floor — the same rows read with bare ``sqlite3`` and the same
cells written with bare xlsxwriter's typed cell writers (constant memory) — and peak memory
for 10,000 vs 50,000 lines (each in a fresh process). Target: 1.3x the floor.

"The same cells" includes each cell's number format: a date cell without its date format is
a bare serial number in Excel, and a formatted cell is a different XML element (``s=``). The
floor uses one date, one money and one quantity format (no header style, widths or
autofilter); the ratio without any formats is a note beside it.

    python -m tests.bench export

The period is the most recent run of days holding at least 50,000 invoice lines.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import xlsxwriter

from shopdesk import db as database
from shopdesk.io.accounting import Period, export_sales
from shopdesk.services.access import COMMAND_LINE
from tests.bench.harness import ROOT, Bench, ratio
from tests.bench.runner import script

WRITES = False
TARGET = 1.3
LINES = 50_000

LINES_SQL = """
SELECT i.issue_date, i.number, i.kind, i.customer_name, l.position, l.kind, l.sku,
       l.description, l.quantity, l.unit_price, l.discount_percent, l.tax_code, l.tax_rate,
       l.discounted, l.unit_cost
FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id
WHERE i.status = 'issued' AND i.issue_date BETWEEN ? AND ?
ORDER BY i.issue_date, i.kind DESC, i.year, i.sequence, i.id, l.position, l.id"""
JOURNAL_SQL = """
SELECT i.issue_date, i.number, i.kind, i.customer_name, i.customer_tax_id, c.number,
       MAX(l.tax_code), l.tax_rate, SUM(l.discounted), i.prices_include_tax
FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
LEFT JOIN invoice c ON c.id = i.credited_invoice_id
WHERE i.status = 'issued' AND i.issue_date BETWEEN ? AND ?
GROUP BY i.id, l.tax_rate
ORDER BY i.issue_date, i.kind DESC, i.year, i.sequence, i.id, l.tax_rate DESC"""


def period_for(path: str, lines: int) -> tuple[dt.date, dt.date, int]:
    """The latest days holding at least ``lines`` issued invoice lines."""
    con = sqlite3.connect(path)
    rows = con.execute("""SELECT i.issue_date, COUNT(*) FROM invoice_line l
                          JOIN invoice i ON i.id = l.invoice_id WHERE i.status = 'issued'
                          GROUP BY i.issue_date ORDER BY i.issue_date DESC""").fetchall()
    con.close()
    total, end = 0, dt.date.fromisoformat(rows[0][0])
    for day, count in rows:
        total += count
        if total >= lines:
            return dt.date.fromisoformat(day), end, total
    return dt.date.fromisoformat(rows[-1][0]), end, total


def floor(path: str, start: dt.date, end: dt.date, out: Path,
          formats: bool = True) -> tuple[float, float, int]:
    """Bare SQL, then bare xlsxwriter writing the same cells (dates as dates, money as
    numbers, with their number formats unless ``formats`` is false) with its typed cell
    writers: seconds for each, and the cells."""
    began = time.perf_counter()
    con = sqlite3.connect(path)
    journal = con.execute(JOURNAL_SQL, (start.isoformat(), end.isoformat())).fetchall()
    lines = con.execute(LINES_SQL, (start.isoformat(), end.isoformat())).fetchall()
    con.close()
    sql = time.perf_counter() - began
    began = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    add = book.add_format if formats else (lambda _spec: None)
    day, money, quantity = (add({"num_format": "yyyy-mm-dd"}), add({"num_format": "#,##0.00"}),
                            add({"num_format": "General"}))
    sheet = book.add_worksheet("Sales journal")
    date = dt.date.fromisoformat
    cells = 0
    # xlsxwriter's own typed cell writers (write_row dispatches on type per cell: slower)
    text, number, stamp = sheet._write_string, sheet._write_number, sheet._write_datetime
    for r, row in enumerate(journal, 1):
        base = row[8] / 100
        tax = round(base * row[7] / 100000, 2)
        stamp(r, 0, date(row[0]), day)
        for c in range(1, 7):
            if row[c] is not None:
                text(r, c, row[c])
        number(r, 7, row[7] / 1000, quantity)
        for c, value in enumerate((base, tax, base + tax), 8):
            number(r, c, value, money)
        cells += 11
    totals = book.add_worksheet("Totals by tax rate")
    totals.write_row(1, 0, (0.0, "All rates", len(journal), 0.0, 0.0, 0.0))
    detail = book.add_worksheet("Invoice lines")
    text, number, stamp = detail._write_string, detail._write_number, detail._write_datetime
    for r, row in enumerate(lines, 1):
        stamp(r, 0, date(row[0]), day)
        for c in (1, 2, 3, 5, 6, 7, 11):
            if row[c]:
                text(r, c, row[c])
        number(r, 4, row[4])
        for c, scale, style in ((8, 1000, quantity), (9, 100, money), (10, 1000, quantity),
                                (12, 1000, quantity), (13, 100, money), (14, 100, money)):
            number(r, c, row[c] / scale, style)
        cells += 15
    book.close()
    return sql, time.perf_counter() - began, cells


def child(db_path: str, lines: int) -> None:
    """Export one period in this fresh process; print peak memory as JSON."""
    database.open(db_path)
    start, end, count = period_for(db_path, lines)
    with tempfile.TemporaryDirectory() as folder:
        tracemalloc.start()
        export_sales(COMMAND_LINE, Path(folder) / "x.xlsx", Period(start, end))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(json.dumps({"lines": count, "python_peak_mb": peak / 1e6,
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3}))


def run(bench: Bench) -> None:
    db = str(bench.db)
    lines = bench.size(LINES, 500)
    database.open(db)
    start, end, count = period_for(db, lines)
    bench.note(f"Period {start} .. {end}: {count:,} invoice lines")
    folder = bench.folder("export")
    runs, floors, plain = [], [], []
    for n in range(bench.runs(3)):
        began = time.perf_counter()
        summary = export_sales(COMMAND_LINE, folder / f"export{n}.xlsx", Period(start, end))
        runs.append(time.perf_counter() - began)
        sql, write, cells = floor(db, start, end, folder / f"floor{n}.xlsx")
        floors.append((sql + write, sql, write))
        sql, write, _ = floor(db, start, end, folder / f"plain{n}.xlsx", False)
        plain.append(sql + write)
    best = min(runs)
    bare = min(floors)
    bench.note(f"export: {summary.documents:,} documents, {count:,} lines; floor: bare SQL "
               f"{bare[1]:5.2f} s + bare xlsxwriter {bare[2]:5.2f} s ({cells:,} cells); "
               f"against the same cells without number formats ({min(plain):.2f} s): "
               f"{best / min(plain):.2f}x")
    bench.figure(f"sales journal export, {count:,} lines (best of {len(runs)})", best,
                 ratio(TARGET), bare[0])
    for size in (bench.size(10_000, 100), lines):
        done = subprocess.run([sys.executable, "-m", "tests.bench.bench_export", "--memory",
                               str(size), db], capture_output=True, text=True, check=True,
                              cwd=ROOT)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        bench.note(f"peak memory, {figures['lines']:>7,} lines in a fresh process: Python peak "
                   f"{figures['python_peak_mb']:6.1f} MB, process max RSS "
                   f"{figures['max_rss_mb']:6.1f} MB")


if __name__ == "__main__":
    if "--memory" in sys.argv:  # python -m tests.bench.bench_export --memory LINES DB
        child(sys.argv[-1], int(sys.argv[-2]))
        sys.exit(0)
    sys.exit(script("export"))
