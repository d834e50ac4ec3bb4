"""Opening a customer's file on a large demo shop now that repair orders and invoices exist.

    python tests/bench/bench_customer_file.py [--db /tmp/shopdesk-bench-large.sqlite3]

Builds the large demo database first if the file is missing. Times, for the fleet customer
(Capitol City Couriers: 20 vehicles, 200 visits) and the customer with the most invoices and
repair orders: ``customer_file.load`` (every section) against a floor of the same reads as
bare SQL through sqlite3; the sections that are new (orders, invoices, balance, services due);
regrading one customer (what issuing an invoice adds); and the file on screen (load, fill
every tab, paint).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from shopdesk import db as database  # noqa: E402
from shopdesk.models.base import database_proxy  # noqa: E402
from shopdesk.services.crm import customer_file, grading  # noqa: E402


def _ms(fn, runs: int = 20) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/shopdesk-bench-large.sqlite3")
    args = parser.parse_args()
    path = Path(args.db)
    if not path.exists():
        print(f"Building the large demo shop at {path} (a few minutes)…")
        subprocess.run([sys.executable, "-m", "shopdesk.cli", "demo", "--scale", "large",
                        "--db", str(path)], check=True, cwd=ROOT)
    database.open(str(path))
    conn = sqlite3.connect(path)
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM customer), (SELECT COUNT(*) FROM "
                          "invoice), (SELECT COUNT(*) FROM repair_order)").fetchone()
    print(f"{counts[0]:,} customers, {counts[1]:,} invoices, {counts[2]:,} repair orders")
    fleet = conn.execute("SELECT id FROM customer WHERE company_name = 'Capitol City "
                         "Couriers'").fetchone()[0]
    busiest = conn.execute(
        "SELECT customer_id FROM (SELECT customer_id FROM invoice WHERE customer_id IS NOT NULL "
        "UNION ALL SELECT customer_id FROM repair_order) GROUP BY customer_id "
        "ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    for label, cid in (("fleet customer", fleet), ("busiest customer", busiest)):
        f = customer_file.load(cid)
        orders = sum(1 for v in f.visits if v.repair_order_id)
        print(f"\n{label} #{cid}: {len(f.vehicles)} vehicles, {len(f.visits)} visits "
              f"({orders} repair orders), {len(f.invoices)} invoices, balance {f.balance}, "
              f"{len(f.services_due)} services due")
        ours = _ms(lambda cid=cid: customer_file.load(cid))
        floor = _ms(lambda cid=cid: _floor(conn, cid))
        print(f"  load the whole file     median {ours[0]:7.1f} ms  worst {ours[1]:7.1f} ms"
              f"   floor (bare SQL) median {floor[0]:6.1f} ms   ratio {ours[0] / floor[0]:.1f}x")
        for name, fn in (("visits + repair orders", customer_file.visits),
                         ("invoices", customer_file.invoices),
                         ("balance owed", customer_file.balance),
                         ("services due", customer_file.services_due)):
            med, worst = _ms(lambda fn=fn, cid=cid: fn(cid))
            print(f"  {name:<23} median {med:7.1f} ms  worst {worst:7.1f} ms")
        med, worst = _ms(lambda cid=cid: grading.regrade([cid]), runs=10)
        print(f"  regrade (added to each issue) median {med:5.1f} ms  worst {worst:5.1f} ms")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shopdesk.gui.app import make_application
    from shopdesk.gui.context import AppContext
    from shopdesk.gui.customers.customer_file_view import CustomerFileView
    from shopdesk.services.access import COMMAND_LINE

    app = make_application()
    view = CustomerFileView(AppContext(database_proxy.obj, COMMAND_LINE))
    view.resize(1200, 760)
    view.show()

    def on_screen() -> None:
        view.show_customer(fleet)
        app.processEvents()

    med, worst = _ms(on_screen, runs=10)
    print(f"\nfleet customer's file on screen (load + fill every tab + paint): median "
          f"{med:.1f} ms, worst {worst:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
