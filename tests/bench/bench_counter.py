"""Parts-counter speed on a large shop (1M invoice lines), against bare SQL floors.

    python tests/bench/bench_counter.py [path/to/large-demo.sqlite3]

Uses a copy of a large demo shop (default: /tmp/counter-large.db, copied from
/tmp/exporter-large.db or built with ``shopdesk demo --scale large`` if neither exists) and
adds, once, 50,000 lost sales and a few dozen core sales. Prints ShopDesk's time, the floor
(the same SQL through the bare sqlite3 driver on the same file) and the ratio for: cores
outstanding, lost-sales ranking, and reorder suggestions with and without lost sales.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SHOPDESK_HOME", tempfile.mkdtemp(prefix="shopdesk-bench-"))

from shopdesk import db as database
from shopdesk.demo import create_demo_shop
from shopdesk.demo.bulk import insert_rows
from shopdesk.models.base import database_proxy
from shopdesk.models.lost_sales import LostSale
from shopdesk.models.parts import Part
from shopdesk.models.users import User
from shopdesk.services.access import Actor
from shopdesk.services.counter import cores, lost_sales
from shopdesk.services.sales import invoices
from shopdesk.services.stock import purchasing

DEFAULT = Path("/tmp/counter-large.db")
SOURCE = Path("/tmp/exporter-large.db")


def best_of(fn, runs: int = 7) -> float:
    """Median wall time of ``runs`` calls, in seconds (one warm-up call first)."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(what: str, ours: float, floor: float) -> None:
    print(f"{what:<44} {ours * 1000:9.2f} ms   floor {floor * 1000:9.2f} ms   "
          f"ratio {ours / floor:5.2f}x")


def _prepare(path: Path) -> None:
    if LostSale.select().count() >= 50_000:
        return
    rng = random.Random(7)
    owner = Actor.of(User.get(User.role == "owner"))
    part_ids = [p for (p,) in Part.select(Part.id).tuples()]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [(now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
             rng.choice(part_ids) if rng.random() < 0.7 else None,
             "" if rng.random() < 0.7 else f"Request {rng.randint(1, 3000)}",
             1000 * rng.randint(1, 4), rng.choice(["out_of_stock", "not_stocked", "price"]),
             None, owner.user_id, owner.username) for _ in range(50_000)]
    rows = [(a, p, t or ("" if p else "Request 0"), q, r, c, u, n)
            for a, p, t, q, r, c, u, n in rows]
    with database_proxy.atomic():
        insert_rows(LostSale, ["at", "part_id", "text", "quantity", "reason", "customer_id",
                               "user_id", "username"], rows)
    batteries = list(Part.select().where(Part.on_hand >= 5).limit(10))
    for part in batteries:
        cores.set_deposit(owner, part.id, "18.00")
    for i in range(40):
        part = batteries[i % len(batteries)]
        draft = invoices.create_draft(owner, None, lines=[invoices.LineDraft(part_id=part.id)])
        invoices.issue(owner, draft.id)


OUTSTANDING_SQL = """
SELECT il.id, i.id, i.number, i.issue_date, i.customer_id, i.customer_name, il.part_id,
       il.sku, il.description, il.quantity, COALESCE(c.qty, 0), il.unit_price
FROM invoice_line il JOIN invoice i ON il.invoice_id = i.id
LEFT JOIN (SELECT cl.credited_line_id AS line_id, SUM(cl.quantity) AS qty
           FROM invoice_line cl JOIN invoice cn ON cl.invoice_id = cn.id
           WHERE cn.kind = 'credit_note' AND cn.status = 'issued' AND cl.kind = 'core'
           GROUP BY cl.credited_line_id) c ON c.line_id = il.id
WHERE il.kind = 'core' AND i.kind = 'invoice' AND i.status = 'issued'
  AND il.quantity > COALESCE(c.qty, 0)"""

RANKING_SQL = """
SELECT ls.part_id, p.sku, p.name, MIN(ls.text), COUNT(ls.id), SUM(ls.quantity), MAX(ls.at),
       SUM(CASE WHEN ls.reason = 'not_stocked' THEN 1 ELSE 0 END),
       SUM(CASE WHEN ls.reason = 'out_of_stock' THEN 1 ELSE 0 END),
       SUM(CASE WHEN ls.reason = 'price' THEN 1 ELSE 0 END)
FROM lost_sale ls LEFT JOIN part p ON ls.part_id = p.id
WHERE ls.at >= ? AND ls.at < ?
GROUP BY ls.part_id, p.sku, p.name, CASE WHEN ls.part_id IS NULL THEN LOWER(ls.text) ELSE '' END
ORDER BY COUNT(ls.id) DESC, SUM(ls.quantity) DESC, MAX(ls.at) DESC LIMIT 200"""


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        if SOURCE.exists():
            shutil.copyfile(SOURCE, path)
        else:
            print(f"Building the large demo shop at {path} (a few minutes)…")
            database.open(str(path), create=True)
            create_demo_shop("large", progress=print)
            database.close()
    database.open(str(path))
    _prepare(path)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA cache_size=-32000")
    lines = raw.execute("SELECT COUNT(*) FROM invoice_line").fetchone()[0]
    lost = raw.execute("SELECT COUNT(*) FROM lost_sale").fetchone()[0]
    print(f"{lines:,} invoice lines, {lost:,} lost sales ({path})\n")
    report("cores outstanding (all customers)", best_of(cores.outstanding),
           best_of(lambda: sorted(raw.execute(OUTSTANDING_SQL).fetchall(),
                                  key=lambda r: (r[3], r[1], r[0]))))
    today = dt.date.today()
    since = today - dt.timedelta(days=90)
    bounds = (f"{since} 00:00:00", f"{today + dt.timedelta(days=1)} 00:00:00")
    report("lost sales ranked, 90 days", best_of(lambda: lost_sales.ranking(since, today)),
           best_of(lambda: raw.execute(RANKING_SQL, bounds).fetchall()))
    with_lost = best_of(purchasing.reorder_suggestions, 5)
    original = lost_sales.demand_query
    lost_sales.demand_query = lambda s: original(s).where(LostSale.id < 0)  # no lost sales
    without = best_of(purchasing.reorder_suggestions, 5)
    lost_sales.demand_query = original
    report("reorder suggestions (floor: without lost)", with_lost, without)


if __name__ == "__main__":
    main()
