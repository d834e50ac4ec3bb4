"""``shopdesk check`` for stock: cached on-hand equals the ledger; the month summary equals the
ledger; orders are consistent; parts come back from a repair order only as far as they went
out to it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import peewee

from shopdesk.i18n import translate
from shopdesk.models.parts import (
    MovementKind,
    Part,
    PurchaseOrderLine,
    StockMonth,
    StockMovement,
    StockTake,
    StockTakeLine,
)
from shopdesk.services.faults import Fault, invariant
from shopdesk.services.stock.stock import cache_faults


@invariant("stock")
def _stock_cache_equals_ledger(db: peewee.Database) -> Iterable[Fault]:
    for sku, cache, ledger in cache_faults():
        yield Fault("stock", translate(
            "Checks", "part {sku} shows {cache} on hand but its movements add up to {ledger}")
            .format(sku=sku, cache=f"{cache:f}", ledger=f"{ledger:f}"))


@invariant("stock-takes")
def _stocktakes_not_posted_over_each_other(db: peewee.Database) -> Iterable[Fault]:
    """A counted part whose difference was posted by one sheet while a second sheet counting
    it was open: the second posted against the figure from before the first (the count is
    booked twice). A shop file from before "one open stock-take per part" may hold these."""
    first, later = StockTake.alias(), StockTake.alias()
    first_line, later_line = StockTakeLine.alias(), StockTakeLine.alias()
    query = (first_line.select(Part.sku, first.number, later.number)
             .join(first, on=(first_line.stocktake == first.id))
             .join(later_line, on=(later_line.part == first_line.part))
             .join(later, on=(later_line.stocktake == later.id))
             .join(Part, on=(Part.id == first_line.part))
             .where((first.status == "posted") & (later.status == "posted")
                    & (later.id != first.id)
                    & first_line.counted.is_null(False)
                    & (first_line.counted != first_line.expected)
                    & later_line.counted.is_null(False)
                    & (later.started_at < first.posted_at)
                    & (later.posted_at > first.posted_at))
             .order_by(later.posted_at, Part.sku).limit(20))
    for sku, first_number, later_number in query.tuples():
        yield Fault("stock-takes", translate(
            "Checks", "part {sku}: {later} was posted against the figure from before {first} "
                      "posted (both were open at once); count the part again").format(
            sku=sku, later=later_number, first=first_number))


@invariant("stock months")
def _month_summary_equals_ledger(db: peewee.Database) -> Iterable[Fault]:
    """The month summary the monthly report reads (kept in step by triggers) holds, for every
    month, the value the ledger's movements of that month add up to."""
    if isinstance(getattr(db, "obj", db), peewee.PostgresqlDatabase):  # (db may be the proxy)
        month = "to_char(at, 'YYYY-MM')"
    else:
        month = "substr(at, 1, 7)"
    ledger = {key: int(value) for key, value in db.execute_sql(
        f"SELECT {month}, SUM(quantity * unit_cost) FROM stock_movement GROUP BY 1")}
    summary = {f"{m:%Y-%m}" if not isinstance(m, str) else m[:7]: int(v)
               for m, v in StockMonth.select(StockMonth.month, StockMonth.value).tuples()}
    wrong = [key for key in sorted(ledger.keys() | summary.keys())
             if ledger.get(key, 0) != summary.get(key, 0)]
    for key in wrong[:20]:
        yield Fault("stock months", translate(
            "Checks", "the month summary shows {summary} moved in {month} but the ledger's "
                      "movements add up to {ledger}").format(
            summary=_money(summary.get(key, 0)), month=key,
            ledger=_money(ledger.get(key, 0))))


def _money(milli_cents: int) -> str:
    """Thousandths of a cent as an amount (``12.34567``)."""
    return f"{Decimal(milli_cents).scaleb(-5):f}"


@invariant("purchasing")
def _received_within_ordered(db: peewee.Database) -> Iterable[Fault]:
    over = (PurchaseOrderLine.select(PurchaseOrderLine.id)
            .where(PurchaseOrderLine.received > PurchaseOrderLine.quantity).limit(20))
    for (line_id,) in over.tuples():
        yield Fault("purchasing", translate(
            "Checks", "purchase order line #{id} received more than ordered").format(id=line_id))


@invariant("repair-order returns")
def _returns_within_use(db: peewee.Database) -> Iterable[Fault]:
    """A part comes back from a repair order only as far as it went out to that order."""
    use, back = MovementKind.REPAIR_USE.value, MovementKind.REPAIR_RETURN.value
    out = peewee.fn.SUM(peewee.Case(StockMovement.kind, ((use, StockMovement.quantity),), 0))
    returned = peewee.fn.SUM(peewee.Case(StockMovement.kind, ((back, StockMovement.quantity),),
                                         0))
    query = (StockMovement.select(StockMovement.reference, Part.sku,
                                  out.coerce(False), returned.coerce(False))
             .join(Part)
             .where(StockMovement.kind.in_([use, back]) & StockMovement.reference.in_(
                 StockMovement.select(StockMovement.reference)
                 .where(StockMovement.kind == back)))
             .group_by(StockMovement.reference, Part.sku)
             .having(returned + out > 0).limit(20))
    for reference, sku, used, came_back in query.tuples():
        yield Fault("repair-order returns", translate(
            "Checks", "{reference}: {back} of part {sku} came back but only {out} went out to "
                      "it").format(reference=reference, back=f"{int(came_back) / 1000:g}",
                                   sku=sku, out=f"{-int(used) / 1000:g}"))
