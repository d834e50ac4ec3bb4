"""Inventory insights: fast and slow movers, dead stock (valuation: services.stock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import peewee

from shopdesk.models.base import utcnow
from shopdesk.models.parts import MovementKind, Part, StockMovement
from shopdesk.money import CENT
from shopdesk.services.access import Actor

OUTGOING = (MovementKind.SALE.value, MovementKind.REPAIR_USE.value)
#: Outgoing quantity as a positive number (peewee's unary minus means DESC).
_OUT = peewee.Value(0, converter=False) - StockMovement.quantity


@dataclass(frozen=True)
class Mover:
    """A part and how much of it went out (sold or used on repair orders) in a period."""

    part_id: int
    sku: str
    name: str
    quantity: Decimal
    on_hand: Decimal


def recent_movers(days: int, *, fastest: bool = True, limit: int = 20) -> list[Mover]:
    """:func:`movers` of the last ``days`` days, up to now."""
    end = utcnow()
    return movers(end - dt.timedelta(days=days), end, fastest=fastest, limit=limit)


def movers(start: dt.datetime, end: dt.datetime, *, fastest: bool = True,
           limit: int = 20) -> list[Mover]:
    """Fast movers (most out in [start, end)) or slow movers (least out, stock on hand)."""
    out = (StockMovement.select(StockMovement.part.alias("part_id"),
                                peewee.fn.SUM(_OUT).coerce(False)
                                .alias("qty"))
           .where(StockMovement.kind.in_(OUTGOING) & (StockMovement.at >= start)
                  & (StockMovement.at < end))
           .group_by(StockMovement.part).alias("out"))
    qty = peewee.fn.COALESCE(out.c.qty, 0)
    query = (Part.select(Part.id, Part.sku, Part.name, qty, Part.on_hand)
             .join(out, peewee.JOIN.LEFT_OUTER if not fastest else peewee.JOIN.INNER,
                   on=(out.c.part_id == Part.id))
             .where(Part.archived == False))  # noqa: E712
    if fastest:
        query = query.order_by(qty.desc(), Part.sku)
    else:
        query = query.where(Part.on_hand > 0).order_by(qty.asc(), Part.sku)
    return [Mover(pid, sku, name, Decimal(int(q or 0)) / 1000, on_hand)
            for pid, sku, name, q, on_hand in query.limit(limit).tuples()]


@dataclass(frozen=True)
class DeadPart:
    """A part with stock on hand and no movement since ``last_movement`` (None: never)."""

    part_id: int
    sku: str
    name: str
    on_hand: Decimal
    value: Decimal | None  # None for whoever may not see costs
    last_movement: dt.datetime | None


def dead_stock(actor: Actor, months: int = 12, *, limit: int = 500) -> list[DeadPart]:
    """Parts in stock with no movement at all in the last ``months`` months, dearest first;
    their value at cost only for whoever may see costs (None for anyone else)."""
    since = utcnow() - dt.timedelta(days=round(months * 30.44))
    last = (StockMovement.select(StockMovement.part.alias("part_id"),
                                 peewee.fn.MAX(StockMovement.at).alias("last_at"))
            .group_by(StockMovement.part).alias("last"))
    value = peewee.fn.COALESCE(Part.on_hand * Part.cost, 0).python_value(int)  # raw units
    query = (Part.select(Part.id, Part.sku, Part.name, Part.on_hand, value, last.c.last_at)
             .join(last, peewee.JOIN.LEFT_OUTER, on=(last.c.part_id == Part.id))
             .where((Part.on_hand > 0) & (last.c.last_at.is_null() | (last.c.last_at < since)))
             .order_by(value.desc(), Part.sku).limit(limit))
    rows = []
    for pid, sku, name, on_hand, milli_cents, last_at in query.tuples():
        if isinstance(last_at, str):
            last_at = dt.datetime.fromisoformat(last_at)
        money = (Decimal(int(milli_cents)) / 100000).quantize(CENT, rounding=ROUND_HALF_UP)
        rows.append(DeadPart(pid, sku, name, on_hand, money if actor.sees_costs else None,
                             last_at))
    return rows
