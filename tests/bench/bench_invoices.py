"""Invoices: one-page invoices to PDF against a bare reportlab document of the same layout
(the floor; target 1.5x), and issuing an invoice on the large demo shop (p95 at most 100 ms,
what the clerk may wait after Issue; the floor, the same writes as bare SQL in one transaction,
is shown beside it).

    python -m tests.bench invoices

Works on its own copy of the large demo: issuing adds invoices (numbers stay gapless).
"""

from __future__ import annotations

import io
import statistics
import sys
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from shopdesk import db as database
from shopdesk.models.invoices import Invoice, InvoiceLine
from shopdesk.printing import fonts
from shopdesk.printing.document import render
from shopdesk.printing.invoice import invoice_data
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import users
from tests.bench.harness import Bench, at_most, percentile, ratio
from tests.bench.runner import script

WRITES = True  # issues invoices
PDF_TARGET = 1.5
ISSUE_TARGET = 0.1  # seconds, p95


def _bare_pdf(rows: list[list[str]], head: list[tuple[str, str]], totals: list[tuple[str, str]],
              party: str) -> bytes:
    """The same layout written straight with reportlab: letterhead, party, lines, totals,
    embedded TTF fonts, two-pass page numbers left out (the floor does the least work)."""
    fonts.register()
    base = ParagraphStyle("b", fontName=fonts.SANS, fontSize=9, leading=11.5)
    bold = ParagraphStyle("h", parent=base, fontName=fonts.SANS_BOLD)
    right = ParagraphStyle("r", parent=base, alignment=2)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm,
                            topMargin=16 * mm, bottomMargin=18 * mm)
    width = A4[0] - 32 * mm
    facts = Table([[Paragraph(k, bold), Paragraph(v, right)] for k, v in head])
    letter = Table([[Paragraph("Riverside Auto Repair<br/>1200 River Road", bold), facts]],
                   colWidths=[width * 0.55, width * 0.45])
    cols = [0.39, 0.08, 0.14, 0.08, 0.10, 0.21]
    header = [Paragraph(t, bold) for t in ("Description", "Qty", "Unit price", "Disc.", "Tax",
                                           "Amount")]
    body = [[Paragraph(c, base if i == 0 else right) for i, c in enumerate(r)] for r in rows]
    lines = Table([header, *body], colWidths=[c * width for c in cols], repeatRows=1,
                  style=[("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bcccdc")])
    tot = Table([[Paragraph(k, right), Paragraph(v, right)] for k, v in totals],
                colWidths=[width * 0.25, width * 0.17], hAlign="RIGHT")
    doc.build([letter, Spacer(1, 7 * mm), Paragraph(party, base), Spacer(1, 6 * mm), lines,
               Spacer(1, 4 * mm), tot])
    return buffer.getvalue()


def bench_pdf(bench: Bench, count: int) -> None:
    ids = [i for (i,) in Invoice.select(Invoice.id).where(
        (Invoice.status == "issued") & (Invoice.kind == "invoice")
        & (Invoice.id.in_(InvoiceLine.select(InvoiceLine.invoice)
                          .group_by(InvoiceLine.invoice)
                          .having(__import__("peewee").fn.COUNT(1) <= 12))))
        .order_by(Invoice.id.desc()).limit(count).tuples()]
    render(invoice_data(COMMAND_LINE, ids[0]))  # warm up fonts and imports
    ours, floor = [], []
    pages = 0
    for invoice_id in ids:
        started = time.perf_counter()
        data = invoice_data(COMMAND_LINE, invoice_id)
        pdf = render(data)
        ours.append(time.perf_counter() - started)
        pages += pdf.count(b"/Type /Page\n") or 1
        started = time.perf_counter()
        _bare_pdf(data.rows, [("Number", data.number), *data.facts],
                  [(k, v) for k, v, _b in data.totals], data.parties[0][1])
        floor.append(time.perf_counter() - started)
    o, f = statistics.mean(ours), statistics.mean(floor)
    bench.note(f"PDF, {len(ids)} one-page invoices (read from the database, built, rendered): "
               f"{sum(ours):.1f} s in all, {pages} pages")
    bench.figure(f"invoice PDF, mean of {len(ids):,} one-page invoices", o, ratio(PDF_TARGET), f)


class _Rollback(Exception):
    pass


def _floor_issue(db, invoice_id: int, part_id: int | None) -> float:
    """The same reads and writes as issuing, in bare SQL, rolled back (data unchanged)."""
    p = db.param
    started = time.perf_counter()
    try:
        with db.atomic():
            db.execute_sql(f"UPDATE invoice SET version = version WHERE id = {p}", (invoice_id,))
            db.execute_sql(f"SELECT * FROM invoice WHERE id = {p}", (invoice_id,)).fetchall()
            lines = db.execute_sql(f"SELECT id FROM invoice_line WHERE invoice_id = {p}",
                                   (invoice_id,)).fetchall()
            for (line_id,) in lines:
                db.execute_sql(f"UPDATE invoice_line SET amount = amount WHERE id = {p}",
                               (line_id,))
            db.execute_sql(f"UPDATE document_sequence SET last_number = last_number + 1 "
                           f"WHERE series = {p}", ("invoice",))
            db.execute_sql(f"UPDATE invoice SET status = 'issued', issued_by = 'x' "
                           f"WHERE id = {p}", (invoice_id,))
            if part_id is not None:
                db.execute_sql(f"UPDATE part SET on_hand = on_hand - 1000 WHERE id = {p}",
                               (part_id,))
                db.execute_sql(f"INSERT INTO stock_movement (part_id, kind, quantity, "
                               f"unit_cost, at, username, reference, reason) VALUES "
                               f"({p}, 'sale', -1000, 0, CURRENT_TIMESTAMP, 'x', '', '')",
                               (part_id,))
            for _ in range(2 if part_id is not None else 1):
                db.execute_sql(f"INSERT INTO audit_entry (at, username, action, entity, "
                               f"entity_id, summary) VALUES (CURRENT_TIMESTAMP, 'x', 'issue', "
                               f"'invoice', {p}, '')", (str(invoice_id),))
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started


def bench_issue(bench: Bench, samples: int) -> None:
    actor = users.actor_for("clerk")
    part_ids = [p for (p,) in database.database_proxy.obj.execute_sql(
        "SELECT id FROM part WHERE on_hand >= 5000 ORDER BY on_hand DESC LIMIT 40").fetchall()]
    times, floors = [], []
    db = database.database_proxy.obj
    for i in range(samples):
        lines = [LineDraft("Labour: brake service", "1.5", "95.00", kind="labour")]
        if part_ids:
            lines.append(LineDraft(part_id=part_ids[i % len(part_ids)], quantity=1))
        draft = invoices.create_draft(actor, lines=lines)
        floors.append(_floor_issue(db, draft.id, part_ids[i % len(part_ids)]
                                   if part_ids else None))  # on the draft, rolled back
        started = time.perf_counter()
        invoices.issue(actor, draft.id)
        times.append(time.perf_counter() - started)
    total = Invoice.select().count()
    bench.note(f"Issuing an invoice (numbering, stock, audit, one transaction) with {total:,} "
               f"invoices in the shop: median {statistics.median(times) * 1000:.2f} ms "
               f"({samples} issues), floor median {statistics.median(floors) * 1000:.2f} ms")
    bench.figure("issue an invoice, p95", percentile(times, 0.95), at_most(ISSUE_TARGET),
                 percentile(floors, 0.95))


def run(bench: Bench) -> None:
    database.open(str(bench.db))
    bench_pdf(bench, bench.size(1000, 10))
    bench_issue(bench, bench.size(200, 10))


if __name__ == "__main__":
    sys.exit(script("invoices"))
