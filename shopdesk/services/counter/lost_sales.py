"""Lost sales: what customers asked for at the counter that the shop could not sell, so the
owner can decide what to stock.

Reasons: not stocked, out of stock, price. Reorder suggestions
(:func:`shopdesk.services.stock.purchasing.reorder_suggestions`) add the quantity of a part's lost
sales for *not stocked* and *out of stock* in the same 90-day window to its recent demand
(sold + lost), so a part customers keep asking for gets a bigger suggestion, or a new one
when it is not stocked at all. Lost sales for *price* do not count: stock would not have
sold at that price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.lost_sales import LostReason, LostSale
from shopdesk.models.parts import Part
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require

REASON_LABELS = {LostReason.NOT_STOCKED: "Not stocked", LostReason.OUT_OF_STOCK: "Out of stock",
                 LostReason.PRICE: "Price"}
#: Lost for these reasons adds to a part's demand in reorder suggestions.
DEMAND_REASONS = (LostReason.NOT_STOCKED.value, LostReason.OUT_OF_STOCK.value)
MAX_TEXT = 200


def record(actor: Actor, *, part_id: int | None = None, text: str = "",
           quantity: object = 1, reason: LostReason | str = LostReason.OUT_OF_STOCK,
           customer_id: int | None = None) -> LostSale:
    """Note a sale the shop could not make: a known part, or the words the customer used."""
    require(actor, Permission.SELL)
    try:
        why = LostReason(reason)
    except ValueError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The reason is not stocked, out of "
                                                          "stock or price"),
                              {"reason": QT_TRANSLATE_NOOP("Errors", "Choose one")}) from None
    qty = amounts.parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The quantity asked for must be more "
                                                          "than zero"),
                              {"quantity": QT_TRANSLATE_NOOP("Errors", "More than zero")})
    text = " ".join(text.split())[:MAX_TEXT]
    if part_id is not None and Part.get_or_none(Part.id == part_id) is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That part no longer exists"))
    if part_id is None and not text:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Say what the customer asked for (a "
                                                          "part or a few words)"),
                              {"text": QT_TRANSLATE_NOOP("Errors", "Needed")})
    if customer_id is not None and Customer.get_or_none(Customer.id == customer_id) is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That customer no longer exists"))
    with db.atomic():
        row = LostSale.create(part=part_id, text=text, quantity=qty, reason=why.value,
                              customer=customer_id, user=actor.user_id,
                              username=actor.username)
        audit.record(actor, "lost sale", "part" if part_id else "lost sale",
                     part_id or row.id,
                     f"Lost sale ({REASON_LABELS[why].lower()}): {qty.normalize():f} x "
                     + (text or f"part #{part_id}"))
    return row


@dataclass(frozen=True)
class Ranked:
    """Lost sales of one part (or one free text) over a period."""

    part_id: int | None
    sku: str
    label: str  # the part's name, or the words asked for
    count: int
    quantity: Decimal
    last_at: dt.datetime
    not_stocked: int
    out_of_stock: int
    price: int


def _bounds(since: dt.date | None, until: dt.date | None) -> peewee.Expression | bool:
    cond: peewee.Expression | bool = True
    if since is not None:
        cond = LostSale.at >= dt.datetime.combine(since, dt.time.min)
    if until is not None:
        end = LostSale.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
        cond = end if cond is True else (cond & end)
    return cond


def ranking(actor: Actor, since: dt.date | None = None, until: dt.date | None = None,
            limit: int = 200) -> list[Ranked]:
    """Lost sales grouped by part (or by the words, case-insensitive, when no part was
    named), most asked for first: count, quantity, last asked, and why (one SQL query)."""
    key = peewee.fn.LOWER(LostSale.text)
    def count_of(reason: LostReason) -> peewee.Function:
        return peewee.fn.SUM(peewee.Case(None, [(LostSale.reason == reason.value, 1)], 0))
    query = (LostSale.select(LostSale.part, Part.sku, Part.name, peewee.fn.MIN(LostSale.text),
                             peewee.fn.COUNT(LostSale.id),
                             peewee.fn.SUM(LostSale.quantity).coerce(False),
                             peewee.fn.MAX(LostSale.at), count_of(LostReason.NOT_STOCKED),
                             count_of(LostReason.OUT_OF_STOCK), count_of(LostReason.PRICE))
             .join(Part, peewee.JOIN.LEFT_OUTER)
             .where(_bounds(since, until))
             .group_by(LostSale.part, Part.sku, Part.name,
                       peewee.Case(None, [(LostSale.part.is_null(), key)], ""))
             .order_by(peewee.fn.COUNT(LostSale.id).desc(),
                       peewee.fn.SUM(LostSale.quantity).desc(), peewee.fn.MAX(LostSale.at).desc())
             .limit(limit))
    result = []
    for (pid, sku, name, text, count, qty, last, ns, oos, price) in query.tuples():
        if isinstance(last, str):  # SQLite returns MAX() of a datetime as text
            last = dt.datetime.fromisoformat(last)
        result.append(Ranked(pid, sku or "", name or text, int(count),
                             Decimal(int(qty or 0)) / 1000, last, int(ns or 0), int(oos or 0),
                             int(price or 0)))
    return result


def demand_query(since: dt.datetime) -> peewee.Select:
    """Per part: quantity (thousandths) lost since ``since`` for want of stock."""
    return (LostSale.select(LostSale.part.alias("part_id"),
                            peewee.fn.SUM(LostSale.quantity).coerce(False).alias("qty"))
            .where(LostSale.part.is_null(False) & (LostSale.at >= since)
                   & LostSale.reason.in_(DEMAND_REASONS))
            .group_by(LostSale.part))


def recent(actor: Actor, limit: int = 50) -> list[LostSale]:
    """The latest lost sales, newest first."""
    return list(LostSale.select().order_by(LostSale.at.desc(), LostSale.id.desc()).limit(limit))
