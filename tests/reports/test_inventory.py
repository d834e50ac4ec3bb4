"""Inventory insights: fast and slow movers, dead stock with its value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopdesk.models.base import utcnow
from shopdesk.models.parts import StockMovement
from shopdesk.reports import inventory
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part


def test_movers_and_dead_stock(owner):
    fast = make_part(owner, "FAST", "Wiper blade", cost="0")
    slow = make_part(owner, "SLOW", "Tail lamp", cost="0")
    dead = make_part(owner, "DEAD", "Radiator", cost="0")
    for part in (fast, slow, dead):
        stock.record_movement(owner, part, "receipt", 20, "12.50")
    for _ in range(5):
        stock.record_movement(owner, fast, "sale", 2)
    stock.record_movement(owner, slow, "repair_use", 1)
    long_ago = utcnow() - dt.timedelta(days=500)
    StockMovement.update(at=long_ago).where(StockMovement.part == dead.id).execute()
    end = utcnow() + dt.timedelta(seconds=1)
    start = end - dt.timedelta(days=30)
    assert [(m.sku, m.quantity) for m in inventory.movers(start, end)] == [
        ("FAST", Decimal(10)), ("SLOW", Decimal(1))]
    assert [m.sku for m in inventory.movers(start, end, fastest=False)] == ["DEAD", "SLOW",
                                                                            "FAST"]
    found = inventory.dead_stock(owner, 12)
    assert [(d.sku, d.on_hand, d.value) for d in found] == [("DEAD", 20, Decimal("250.00"))]
    assert found[0].last_movement.date() == long_ago.date()
