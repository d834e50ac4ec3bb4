"""Opening a customer's file on the large demo shop now that repair orders and invoices exist.

    python -m tests.bench customer_file

Times, for the fleet customer (Capitol City Couriers: 20 vehicles, 200 visits) and the
customer with the most invoices and repair orders: ``customer_file.load`` (every section)
against a floor of the same reads as bare SQL through sqlite3 (target 1.5x); the sections that
are new (orders, invoices, balance, services due) and regrading one customer (what issuing an
invoice adds; counted in bench_invoices' issuing figure) as notes; and the file on screen
(load, fill every tab, paint; target 100 ms, the most the window may keep the clerk waiting
on the GUI thread, DESIGN.md).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys

from shopdesk import db as database
from shopdesk.models.base import database_proxy
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customer_file, grading
from tests.bench.harness import Bench, at_most, ratio, times
from tests.bench.runner import script

WRITES = True  # regrading writes the customer's grade
TARGET = 1.5
ON_SCREEN = 0.1


def _ms(fn, runs: int = 20) -> tuple[float, float]:
    """Median and worst of ``runs`` calls, in milliseconds."""
    out = [t * 1000 for t in times(fn, runs, warmup=0)]
    return statistics.median(out), max(out)


def _floor(conn: sqlite3.Connection, cid: int) -> None:
    """The file's reads as bare SQL: customer, phones, tags, vehicles, interactions,
    orders with their lines, invoices, balance, credit, vehicles' odometer and services."""
    q = conn.execute
    q("SELECT * FROM customer WHERE id = ?", (cid,)).fetchall()
    q("SELECT * FROM customer_phone WHERE customer_id = ? ORDER BY position", (cid,)).fetchall()
    q("SELECT * FROM vehicle WHERE customer_id = ? ORDER BY archived, id DESC", (cid,)).fetchall()
    q("SELECT * FROM interaction WHERE customer_id = ? ORDER BY at DESC LIMIT 500",
      (cid,)).fetchall()
    orders = q("SELECT r.id, r.number, r.created_at, r.status, r.concerns, v.plate, v.make, "
               "v.model, i.gross FROM repair_order r JOIN vehicle v ON v.id = r.vehicle_id "
               "LEFT JOIN invoice i ON i.id = r.invoice_id WHERE r.customer_id = ? "
               "ORDER BY r.created_at DESC LIMIT 500", (cid,)).fetchall()
    ids = [o[0] for o in orders if o[8] is None]
    if ids:
        q(f"SELECT repair_order_id, quantity, unit_price, discount_percent FROM "
          f"repair_order_line WHERE repair_order_id IN ({','.join('?' * len(ids))})",
          ids).fetchall()
    q("SELECT i.id, i.kind, i.status, i.number, i.issue_date, i.gross, i.paid, i.credited, "
      "i.vehicle_text, c.number FROM invoice i LEFT JOIN invoice c ON c.id = "
      "i.credited_invoice_id WHERE i.customer_id = ? AND i.status != 'void' "
      "ORDER BY i.issue_date DESC, i.id DESC LIMIT 500", (cid,)).fetchall()
    q("SELECT SUM(gross - credited - paid) FROM invoice WHERE customer_id = ? AND kind = "
      "'invoice' AND status = 'issued' AND gross - credited - paid > 0", (cid,)).fetchall()
    q("SELECT SUM(amount) FROM credit_entry WHERE customer_id = ?", (cid,)).fetchall()
    q("SELECT vehicle_id, MIN(read_on), MAX(read_on) FROM odometer_reading WHERE vehicle_id IN "
      "(SELECT id FROM vehicle WHERE customer_id = ?) GROUP BY vehicle_id", (cid,)).fetchall()


def run(bench: Bench) -> None:
    path = bench.db
    database.open(str(path))
    conn = sqlite3.connect(path)
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM "
                          "invoice), (SELECT COUNT(*) FROM repair_order)").fetchone()
    bench.note(f"{counts[0]:,} customers, {counts[1]:,} invoices, {counts[2]:,} repair orders")
    fleet = conn.execute("SELECT id FROM customer WHERE company_name = 'Capitol City "
                         "Couriers'").fetchone()[0]
    busiest = conn.execute(
        "SELECT customer_id FROM (SELECT customer_id FROM invoice WHERE customer_id IS NOT NULL "
        "UNION ALL SELECT customer_id FROM repair_order) GROUP BY customer_id "
        "ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    runs = bench.runs(20, quick=2)
    for label, cid in (("fleet customer", fleet), ("busiest customer", busiest)):
        f = customer_file.load(COMMAND_LINE, cid)
        orders = sum(1 for v in f.visits if v.repair_order_id)
        bench.note(f"{label} #{cid}: {len(f.vehicles)} vehicles, {len(f.visits)} visits "
                   f"({orders} repair orders), {len(f.invoices)} invoices, balance {f.balance}, "
                   f"{len(f.services_due)} services due")
        bench.compare(f"{label}'s file, every section",
                      lambda cid=cid: customer_file.load(COMMAND_LINE, cid),
                      lambda cid=cid: _floor(conn, cid), ratio(TARGET), runs=runs, warmup=0)
        for name, fn in (("visits + repair orders", customer_file.visits),
                         ("invoices", customer_file.invoices),
                         ("balance owed", customer_file.balance),
                         ("services due", customer_file.services_due)):
            med, worst = _ms(lambda fn=fn, cid=cid: fn(COMMAND_LINE, cid), runs)
            bench.note(f"  {name:<23} median {med:7.1f} ms  worst {worst:7.1f} ms")
        med, worst = _ms(lambda cid=cid: grading.regrade(COMMAND_LINE, [cid]),
                         bench.runs(10, quick=2))
        bench.note(f"  regrade (added to each issue) median {med:5.1f} ms  worst {worst:5.1f} ms")
    from shopdesk.gui.app import make_application
    from shopdesk.gui.context import AppContext
    from shopdesk.gui.customers.customer_file_view import CustomerFileView

    app = make_application()
    view = CustomerFileView(AppContext(database_proxy.obj, COMMAND_LINE))
    view.resize(1200, 760)
    view.show()

    def on_screen() -> None:
        view.show_customer(fleet)
        app.processEvents()

    shown = times(on_screen, bench.runs(10, quick=2), warmup=0)
    bench.note(f"fleet customer's file on screen: worst {max(shown) * 1000:.1f} ms")
    bench.figure("fleet customer's file on screen (load + fill every tab + paint)",
                 statistics.median(shown), at_most(ON_SCREEN))


if __name__ == "__main__":
    sys.exit(script("customer_file"))
