"""``shopdesk check`` for stock: cached on-hand equals the ledger; orders are consistent."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.models.parts import PurchaseOrderLine
from shopdesk.services.integrity import Fault, invariant
from shopdesk.services.stock import cache_faults


@invariant("stock")
def _stock_cache_equals_ledger(db: peewee.Database) -> Iterable[Fault]:
    for sku, cache, ledger in cache_faults():
        yield Fault("stock", f"part {sku} shows {cache:f} on hand but its movements add up "
                             f"to {ledger:f}")


@invariant("purchasing")
def _received_within_ordered(db: peewee.Database) -> Iterable[Fault]:
    over = (PurchaseOrderLine.select(PurchaseOrderLine.id)
            .where(PurchaseOrderLine.received > PurchaseOrderLine.quantity).limit(20))
    for (line_id,) in over.tuples():
        yield Fault("purchasing", f"purchase order line #{line_id} received more than ordered")
