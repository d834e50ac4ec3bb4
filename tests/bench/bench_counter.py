"""Parts-counter speed on the large demo shop (1M invoice lines), against bare SQL floors.

    python -m tests.bench counter

Works on its own copy of the large demo and adds 50,000 lost sales and a few dozen core sales.
Each figure: ShopDesk's time, the floor (the same SQL through the bare sqlite3 driver on the
same file) and the ratio, for cores outstanding, the lost-sales ranking, and reorder
suggestions with lost sales against the same without them. Target: 1.5x the floor.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys

from shopdesk import db as database
from shopdesk.demo.bulk import insert_rows
from shopdesk.models.base import database_proxy
from shopdesk.models.lost_sales import LostSale
from shopdesk.models.parts import Part
from shopdesk.models.users import User
from shopdesk.services.access import COMMAND_LINE, Actor
from shopdesk.services.counter import cores, lost_sales
from shopdesk.services.sales import invoices
from shopdesk.services.stock import purchasing
from tests.bench.harness import Bench, ratio
from tests.bench.runner import script

WRITES = True  # adds lost sales and core sales
TARGET = 1.5


def _prepare(lost: int = 50_000) -> None:
    if LostSale.select().count() >= lost:
        return
    rng = random.Random(7)
    owner = Actor.of(User.get(User.role == "owner"))
    part_ids = [p for (p,) in Part.select(Part.id).tuples()]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [(now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
             rng.choice(part_ids) if rng.random() < 0.7 else None,
             "" if rng.random() < 0.7 else f"Request {rng.randint(1, 3000)}",
             1000 * rng.randint(1, 4), rng.choice(["out_of_stock", "not_stocked", "price"]),
             None, owner.user_id, owner.username) for _ in range(lost)]
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


def run(bench: Bench) -> None:
    path = bench.db
    database.open(str(path))
    _prepare(bench.size(50_000, 500))
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA cache_size=-32000")
    lines = raw.execute("SELECT COUNT(*) FROM invoice_line").fetchone()[0]
    lost = raw.execute("SELECT COUNT(*) FROM lost_sale").fetchone()[0]
    bench.note(f"{lines:,} invoice lines, {lost:,} lost sales")
    owner = Actor.of(User.get(User.role == "owner"))
    bench.compare("cores outstanding (all customers)", lambda: cores.outstanding(owner),
                  lambda: sorted(raw.execute(OUTSTANDING_SQL).fetchall(),
                                 key=lambda r: (r[3], r[1], r[0])), ratio(TARGET), runs=7)
    today = dt.date.today()
    since = today - dt.timedelta(days=90)
    bounds = (f"{since} 00:00:00", f"{today + dt.timedelta(days=1)} 00:00:00")
    bench.compare("lost sales ranked, 90 days", lambda: lost_sales.ranking(owner, since, today),
                  lambda: raw.execute(RANKING_SQL, bounds).fetchall(), ratio(TARGET), runs=7)
    original = lost_sales.demand_query

    def without_lost() -> None:
        lost_sales.demand_query = lambda s: original(s).where(LostSale.id < 0)  # none
        try:
            purchasing.reorder_suggestions(COMMAND_LINE)
        finally:
            lost_sales.demand_query = original

    bench.compare("reorder suggestions (floor: the same without lost sales)",
                  lambda: purchasing.reorder_suggestions(COMMAND_LINE), without_lost,
                  ratio(TARGET), runs=5)


if __name__ == "__main__":
    sys.exit(script("counter"))
