"""The stock ledger: every change of stock is one movement; ``Part.on_hand`` follows in step.

:func:`record_movement` is the one way stock changes. Sales, repair-order use and customer
returns (issue 6) call it inside their own transaction::

    with db.atomic():
        ...invoice lines...
        stock.record_movement(actor, part, MovementKind.SALE, qty, reference="INV-1042")

Quantities are given as positive amounts for kinds with a fixed direction (a sale of 2
takes 2 out) and signed for adjustments and stock-takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee

from shopdesk import formatting
from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import writing
from shopdesk.models.parts import MovementKind, Part, StockMovement
from shopdesk.models.settings import SETTINGS_ID, ShopSettings
from shopdesk.money import CENT, from_milli
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.amounts import parse_money, parse_quantity
from shopdesk.services.pricing import pricing_reprice

#: +1: into stock, -1: out of stock, 0: signed by the caller.
DIRECTION = {
    MovementKind.RECEIPT: 1, MovementKind.CUSTOMER_RETURN: 1,
    MovementKind.SALE: -1, MovementKind.REPAIR_USE: -1, MovementKind.SUPPLIER_RETURN: -1,
    MovementKind.REPAIR_RETURN: 1,
    MovementKind.ADJUSTMENT: 0, MovementKind.STOCKTAKE: 0,
}
LABELS = {
    MovementKind.RECEIPT: QT_TRANSLATE_NOOP("Labels", "Receipt"),
    MovementKind.SALE: QT_TRANSLATE_NOOP("Labels", "Sale"),
    MovementKind.REPAIR_USE: QT_TRANSLATE_NOOP("Labels", "Repair-order use"),
    MovementKind.REPAIR_RETURN: QT_TRANSLATE_NOOP("Labels", "Repair-order return"),
    MovementKind.SUPPLIER_RETURN: QT_TRANSLATE_NOOP("Labels", "Return to supplier"),
    MovementKind.CUSTOMER_RETURN: QT_TRANSLATE_NOOP("Labels", "Customer return"),
    MovementKind.ADJUSTMENT: QT_TRANSLATE_NOOP("Labels", "Adjustment"),
    MovementKind.STOCKTAKE: QT_TRANSLATE_NOOP("Labels", "Stock-take"),
}
_PERMISSION = {
    MovementKind.SALE: Permission.SELL, MovementKind.CUSTOMER_RETURN: Permission.SELL,
    MovementKind.REPAIR_USE: Permission.MANAGE_REPAIR_ORDERS,
    MovementKind.REPAIR_RETURN: Permission.MANAGE_REPAIR_ORDERS,
}
#: A unit cost above this is refused as a typing mistake.
MAX_UNIT_COST = Decimal("100000.00")
#: A receipt cost this many times above or below the average cost needs ``confirm_cost``.
UNUSUAL_COST_FACTOR = 20


def negative_allowed() -> bool:
    """The shop setting: may stock go below zero?"""
    row = ShopSettings.get_or_none(ShopSettings.id == SETTINGS_ID)
    return bool(row and row.allow_negative_stock)


class NotInStock(ValidationError):
    """More of a part asked for than is on the shelf, in a shop that does not allow negative
    stock. ``part_id`` and ``available`` say which part and how many there are."""

    def __init__(self, message: str, part_id: int, available: Decimal, /, **values: Any) -> None:
        super().__init__(message, {"quantity": QT_TRANSLATE_NOOP("Errors", "More than in stock")},
                         **values)
        self.part_id = part_id
        self.available = available


def require_in_stock(actor: Actor, part: Part, wanted: Decimal) -> None:
    """Refuse (:class:`NotInStock`) to sell ``wanted`` of ``part`` when fewer are on hand and
    the shop does not allow negative stock (a counter sale checks each scan with this, so
    the clerk hears it while the customer is still at the counter, not when paying)."""
    if wanted <= part.on_hand or negative_allowed():
        return
    if part.on_hand <= 0:
        raise NotInStock(QT_TRANSLATE_NOOP("Errors", "{sku} {name} is out of stock"),
                         part.id, part.on_hand, sku=part.sku, name=part.name)
    raise NotInStock(QT_TRANSLATE_NOOP("Errors", "Only {count} {unit} of {sku} {name} in stock"),
                     part.id, part.on_hand, count=formatting.quantity(part.on_hand),
                     unit=part.unit, sku=part.sku, name=part.name)


def check_receipt_cost(actor: Actor, part: Part, unit_cost: Decimal, *,
                       confirm_cost: bool = False) -> None:
    """Refuse a zero, negative or absurd receipt cost (unusual ones need ``confirm_cost``);
    the refusal names the part's average cost only to whoever may see costs."""
    if unit_cost <= 0:
        raise ValidationError(f"The unit cost of {part.sku} must be more than zero",
                              {"unit_cost": "More than zero"})
    if unit_cost > MAX_UNIT_COST:
        raise ValidationError(f"A unit cost of {unit_cost} for {part.sku} is not believable; "
                              "check the price", {"unit_cost": "Too large"})
    if confirm_cost or part.cost <= 0:
        return
    if unit_cost > part.cost * UNUSUAL_COST_FACTOR or unit_cost * UNUSUAL_COST_FACTOR < part.cost:
        if not actor.sees_costs:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "A unit cost of {cost} for {sku} is far from what "
                                            "it usually costs; check the price, or confirm it"),
                {"unit_cost": QT_TRANSLATE_NOOP("Errors", "Unusual cost")},
                cost=f"{unit_cost}", sku=part.sku)
        raise ValidationError(
            f"A unit cost of {unit_cost} for {part.sku} is far from its average cost "
            f"{part.cost}; check the price, or confirm it", {"unit_cost": "Unusual cost"})


def _lock_and_add(part_id: int, milli: int) -> Part:
    """Add to the cached on-hand (a write first: it takes the row/database lock) and re-read."""
    updated = Part.update(on_hand=Part.on_hand + peewee.Value(milli, converter=False))
    if not updated.where(Part.id == part_id).execute():
        raise NotFoundError(f"There is no part #{part_id}")
    return Part.get_by_id(part_id)


def record_movement(actor: Actor, part: Part | int, kind: MovementKind | str,
                    quantity: Decimal | int | str, unit_cost: Decimal | int | str | None = None,
                    reference: str = "", reason: str = "", *,
                    confirm_cost: bool = False) -> StockMovement:
    """Book one movement and update on-hand (and average cost, for receipts) atomically.

    ``unit_cost`` defaults to the part's average cost. Refuses (nothing written) a zero
    quantity, a receipt without a believable cost, an adjustment without a reason, and stock
    going below zero when the shop does not allow negative stock.
    """
    try:
        kind = MovementKind(kind)
    except ValueError:
        raise ValidationError(f"Unknown stock movement {kind!r}") from None
    require(actor, _PERMISSION.get(kind, Permission.MANAGE_STOCK))
    qty = parse_quantity(quantity)
    direction = DIRECTION[kind]
    if direction and qty <= 0:
        raise ValidationError(f"The quantity of a {LABELS[kind].lower()} must be more than zero",
                              {"quantity": "More than zero"})
    if qty == 0:
        raise ValidationError("A quantity of zero changes nothing", {"quantity": "Not zero"})
    if kind is MovementKind.ADJUSTMENT and not reason.strip():
        raise ValidationError("Say why stock is adjusted (damaged, found, lost…)",
                              {"reason": "Needed"})
    signed = qty * direction if direction else qty
    cost = None if unit_cost is None else parse_money(unit_cost, "Unit cost")
    part_id = part if isinstance(part, int) else part.id
    with writing():
        row = _lock_and_add(part_id, int(signed * 1000))
        before_qty = row.on_hand - signed
        if kind is MovementKind.RECEIPT:
            if cost is None:
                raise ValidationError(f"A receipt of {row.sku} needs its unit cost",
                                      {"unit_cost": "Needed"})
            check_receipt_cost(actor, row, cost, confirm_cost=confirm_cost)
            new_cost = moving_average(before_qty, row.cost, signed, cost)
            if new_cost != row.cost:
                Part.update(cost=new_cost).where(Part.id == part_id).execute()
                pricing_reprice.follow_cost(actor, part_id)  # parts following the matrix
        elif cost is None:
            cost = row.cost
        if row.on_hand < 0 and signed < 0 and not negative_allowed():
            raise NotInStock(QT_TRANSLATE_NOOP("Errors", "Only {count} {unit} of {sku} in "
                                                         "stock; the shop does not allow "
                                                         "negative stock"),
                             part_id, before_qty, count=formatting.quantity(before_qty),
                             unit=row.unit, sku=row.sku)
        movement = StockMovement.create(
            part=part_id, kind=kind.value, quantity=signed, unit_cost=cost,
            user=actor.user_id, username=actor.username, reference=reference.strip()[:200],
            reason=reason.strip())
        audit.record(actor, f"stock {kind.value}", "part", part_id,
                     f"{LABELS[kind]} {signed:+f} {row.unit} of {row.sku}"
                     + (f" ({reference.strip()})" if reference.strip() else ""),
                     {"on_hand": before_qty}, {"on_hand": row.on_hand, "unit_cost": cost})
    return movement


def record_counts(actor: Actor, counts: Sequence[tuple[int, Decimal]], *, reference: str,
                  reason: str) -> list[Decimal]:
    """Stock on hand as counted: for each (part id, quantity counted) the difference to the
    stock on hand is booked as a stock-take movement (none when they agree). Returns the
    differences, in order."""
    require(actor, _PERMISSION.get(MovementKind.STOCKTAKE, Permission.MANAGE_STOCK))
    differences: list[Decimal] = []
    with writing():
        for part_id, counted in counts:
            part = Part.get_or_none(Part.id == part_id)
            if part is None:
                raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "There is no part #{id}"),
                                    id=part_id)
            difference = parse_quantity(counted, "Counted") - part.on_hand
            if difference:
                record_movement(actor, part_id, MovementKind.STOCKTAKE, difference,
                                reference=reference, reason=reason)
            differences.append(difference)
    return differences


def moving_average(on_hand: Decimal, cost: Decimal, received: Decimal,
                   unit_cost: Decimal) -> Decimal:
    """Average cost after receiving ``received`` at ``unit_cost`` onto ``on_hand`` at ``cost``.

    Stock at or below zero carries no value forward: the new cost is the receipt's cost.
    """
    if on_hand <= 0:
        return unit_cost
    total = on_hand * cost + received * unit_cost
    return (total / (on_hand + received)).quantize(CENT, rounding=ROUND_HALF_UP)


def ledger_on_hand(actor: Actor, part: Part | int) -> Decimal:
    """On-hand as the sum of the part's movements (the truth the cache must equal)."""
    part_id = part if isinstance(part, int) else part.id
    milli = (StockMovement.select(peewee.fn.COALESCE(peewee.fn.SUM(StockMovement.quantity), 0))
             .where(StockMovement.part == part_id).scalar())
    return from_milli(int(milli))


@dataclass(frozen=True)
class Valuation:
    """Stock value at average cost: the total and by category."""

    parts: int
    units: Decimal
    total: Decimal
    by_category: list[tuple[str, int, Decimal]]  # category, parts in stock, value


def valuation(actor: Actor, include_negative: bool = False) -> Valuation:
    """Value of stock on hand at average cost, for all parts, by category (one SQL query).
    Only for whoever may see costs (the owner, or granted)."""
    require(actor, Permission.SEE_COSTS)
    value = Part.on_hand * Part.cost  # thousandths x cents
    query = Part.select(Part.category, peewee.fn.COUNT(Part.id),
                        peewee.fn.SUM(Part.on_hand).coerce(False), peewee.fn.SUM(value))
    if not include_negative:
        query = query.where(Part.on_hand > 0)
    rows = list(query.group_by(Part.category).order_by(Part.category).tuples())
    by_category = [(cat or "(none)", int(n), _value(v)) for cat, n, _units, v in rows]
    return Valuation(
        parts=sum(n for _c, n, _u, _v in rows),
        units=Decimal(sum(int(u or 0) for _c, _n, u, _v in rows)) / 1000,
        total=sum((v for _c, _n, v in by_category), Decimal("0.00")),
        by_category=by_category)


def _value(milli_cents: object) -> Decimal:
    """thousandths x cents -> money, rounded half up once."""
    return (Decimal(int(milli_cents or 0)) / 100000).quantize(CENT, rounding=ROUND_HALF_UP)


def cache_faults(limit: int = 20) -> list[tuple[str, Decimal, Decimal]]:
    """Parts whose cached on-hand differs from the sum of their movements: (sku, cache, ledger)."""
    sums = (StockMovement.select(StockMovement.part.alias("part_id"),
                                 peewee.fn.SUM(StockMovement.quantity).alias("total"))
            .group_by(StockMovement.part).alias("sums"))
    ledger = peewee.fn.COALESCE(sums.c.total, 0)
    query = (Part.select(Part.sku, Part.on_hand, ledger)
             .join(sums, peewee.JOIN.LEFT_OUTER, on=(sums.c.part_id == Part.id))
             .where(Part.on_hand != ledger).limit(limit))
    return [(sku, cache, from_milli(int(total)))
            for sku, cache, total in query.tuples()]
