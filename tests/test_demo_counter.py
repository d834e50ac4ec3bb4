"""The demo parts counter: core sales with most cores back, cores on hand and a batch sent to
the supplier, lost sales, and comebacks in the owner's report — all agreeing with the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopdesk.demo import create_demo_shop
from shopdesk.models.cores import CoreMovement, PartCore
from shopdesk.models.lost_sales import LostSale
from shopdesk.models.warranty import Comeback
from shopdesk.services.access import COMMAND_LINE as OWNER
from shopdesk.services.counter import comebacks, cores, lost_sales
from shopdesk.services.integrity import run_checks


def test_small_demo_counter(db):
    counts = create_demo_shop("small")
    assert counts["core sales"] >= 10 and counts["lost sales"] == 80
    assert counts["comebacks"] == 3 == Comeback.select().count()
    assert [f for f in run_checks(db) if f.check in ("cores", "comebacks", "invoices")] == []
    out, deposits = cores.outstanding_total(OWNER)
    assert out > 0 and deposits > 0
    on_hand = sum((r.on_hand for r in cores.on_hand_rows(OWNER)), Decimal(0))
    assert on_hand == sum((m.quantity for m in CoreMovement.select()), Decimal(0)) == sum(
        (p.on_hand for p in PartCore.select()), Decimal(0))
    assert sum(r.count for r in lost_sales.ranking(OWNER)) == LostSale.select().count()
    today = dt.date.today()
    report = comebacks.summary(OWNER, today - dt.timedelta(days=1), today)
    assert report.count == 3 and report.warranty_cost > 0
    assert report.warranty_cost == sum((g.cost for g in report.by_technician), Decimal(0))
