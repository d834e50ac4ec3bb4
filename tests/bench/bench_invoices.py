"""Invoices: 1,000 one-page invoices to PDF against a bare reportlab document of the same
layout (the floor), and the median time to issue an invoice on the large demo shop.

    python tests/bench/bench_invoices.py [--db /tmp/shopdesk-large.sqlite3] [--count 1000]

Builds the large demo database first if the file is missing (``shopdesk demo --scale
large``). Issuing adds invoices to that demo file (numbers stay gapless; ``shopdesk check``
still passes). The issuing floor is the same writes as bare SQL in one transaction.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table  # noqa: E402

from shopdesk import db as database  # noqa: E402
from shopdesk.models.invoices import Invoice, InvoiceLine  # noqa: E402
from shopdesk.printing import fonts  # noqa: E402
from shopdesk.printing.document import render  # noqa: E402
from shopdesk.printing.invoice import invoice_data  # noqa: E402
from shopdesk.services.sales import invoices  # noqa: E402
from shopdesk.services.sales.invoices import LineDraft  # noqa: E402
from shopdesk.services.shop import users  # noqa: E402


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


def bench_pdf(count: int) -> None:
    ids = [i for (i,) in Invoice.select(Invoice.id).where(
        (Invoice.status == "issued") & (Invoice.kind == "invoice")
        & (Invoice.id.in_(InvoiceLine.select(InvoiceLine.invoice)
                          .group_by(InvoiceLine.invoice)
                          .having(__import__("peewee").fn.COUNT(1) <= 12))))
        .order_by(Invoice.id.desc()).limit(count).tuples()]
    render(invoice_data(ids[0]))  # warm up fonts and imports
    ours, floor = [], []
    pages = 0
    for invoice_id in ids:
        started = time.perf_counter()
        data = invoice_data(invoice_id)
        pdf = render(data)
        ours.append(time.perf_counter() - started)
        pages += pdf.count(b"/Type /Page\n") or 1
        started = time.perf_counter()
        _bare_pdf(data.rows, [("Number", data.number), *data.facts],
                  [(k, v) for k, v, _b in data.totals], data.parties[0][1])
        floor.append(time.perf_counter() - started)
    o, f = statistics.mean(ours) * 1000, statistics.mean(floor) * 1000
    print(f"PDF, {len(ids)} one-page invoices (read from the database, built, rendered):")
    print(f"  ShopDesk  {o:7.2f} ms per invoice  ({sum(ours):.1f} s in all)")
    print(f"  floor     {f:7.2f} ms per invoice  (bare reportlab, same layout)")
    print(f"  ratio     {o / f:7.2f}x  (target <= 1.5x)")


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


def bench_issue(samples: int) -> None:
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
    med, p95 = statistics.median(times) * 1000, sorted(times)[int(samples * 0.95)] * 1000
    floor = statistics.median(floors) * 1000
    total = Invoice.select().count()
    print(f"Issuing an invoice (numbering, stock, audit, one transaction) with {total:,} "
          "invoices in the shop:")
    print(f"  ShopDesk  median {med:6.2f} ms, p95 {p95:6.2f} ms  ({samples} issues)")
    print(f"  floor     median {floor:6.2f} ms  (bare SQL reads/updates of the same rows)")
    print(f"  ratio     {med / floor:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/shopdesk-large.sqlite3")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--issues", type=int, default=200)
    args = parser.parse_args()
    if not Path(args.db).exists() and "://" not in args.db:
        print(f"Making the large demo shop in {args.db} (a few minutes)…")
        subprocess.run([sys.executable, "-m", "shopdesk", "demo", "--scale", "large",
                        "--db", args.db], check=True, cwd=ROOT)
    database.open(args.db)
    if args.count:
        bench_pdf(args.count)
    bench_issue(args.issues)


if __name__ == "__main__":
    main()
