"""Purchase orders, receiving, returns to supplier, and reorder suggestions.

Receiving is safe against two people booking the same delivery at once: each line's
``received`` grows by a conditional ``UPDATE ... WHERE received + n <= quantity``, so the
second booking finds nothing left to receive and is refused; stock is never counted twice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.errors import ConflictError, NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow, writing
from shopdesk.models.parts import (
    GoodsReceipt,
    MovementKind,
    OrderStatus,
    Part,
    PartBarcode,
    PurchaseOrder,
    PurchaseOrderLine,
    StockMovement,
    Supplier,
)
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.counter import lost_sales
from shopdesk.services.stock import stock
from shopdesk.services.stock.parts import part_row
from shopdesk.services.stock.suppliers import get_supplier

OPEN = (OrderStatus.DRAFT.value, OrderStatus.ORDERED.value, OrderStatus.PARTLY_RECEIVED.value)
RECEIVABLE = (OrderStatus.ORDERED.value, OrderStatus.PARTLY_RECEIVED.value)
STATUS_LABELS = {
    OrderStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "Draft"),
    OrderStatus.ORDERED: QT_TRANSLATE_NOOP("Labels", "Ordered"),
    OrderStatus.PARTLY_RECEIVED: QT_TRANSLATE_NOOP("Labels", "Partly received"),
    OrderStatus.RECEIVED: QT_TRANSLATE_NOOP("Labels", "Received"),
    OrderStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
}
#: Sales velocity: look back this many days, and order enough for lead time + this cover.
VELOCITY_DAYS = 90
COVER_DAYS = 30
#: Outgoing quantity as a positive number (peewee's unary minus means DESC).
_OUT = peewee.Value(0, converter=False) - StockMovement.quantity


def get_order(actor: Actor, order_id: int) -> PurchaseOrder:
    """The purchase order with this id, or NotFoundError."""
    order = PurchaseOrder.get_or_none(PurchaseOrder.id == order_id)
    if order is None:
        raise NotFoundError(f"There is no purchase order #{order_id}")
    return order


def order_lines(actor: Actor, order_id: int) -> list[PurchaseOrderLine]:
    """The lines of an order with their parts, in the order they were added."""
    return list(PurchaseOrderLine.select(PurchaseOrderLine, Part).join(Part)
                .where(PurchaseOrderLine.order == order_id).order_by(PurchaseOrderLine.id))


def _next_number() -> str:
    last = PurchaseOrder.select(peewee.fn.MAX(PurchaseOrder.id)).scalar() or 0
    return f"PO-{last + 1:05d}"


def _line_values(part: Part, quantity: object, unit_cost: object | None) -> tuple:
    qty = amounts.parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError(f"Order a quantity above zero of {part.sku}",
                              {"quantity": "More than zero"})
    cost = part.cost if unit_cost in (None, "") else amounts.parse_money(unit_cost, "Unit cost")
    if cost < 0 or cost > stock.MAX_UNIT_COST:
        raise ValidationError(f"A unit cost of {cost} for {part.sku} is not believable",
                              {"unit_cost": "Out of range"})
    return qty, cost


def create_order(actor: Actor, supplier_id: int,
                 lines: Iterable[tuple[int, object, object | None]] = (),
                 note: str = "") -> PurchaseOrder:
    """A draft order to a supplier; ``lines`` are (part id, quantity, unit cost or None)."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        supplier = get_supplier(actor, supplier_id)
        try:
            order = PurchaseOrder(number=_next_number(), supplier=supplier, note=note.strip(),
                                  created_by=actor.username)
            order.save_checked()
        except peewee.IntegrityError:
            raise ConflictError("Another purchase order was created at the same moment; "
                                "try again") from None
        for part_id, quantity, unit_cost in lines:
            part = part_row(actor, part_id)
            qty, cost = _line_values(part, quantity, unit_cost)
            PurchaseOrderLine.create(order=order, part=part, quantity=qty, unit_cost=cost)
        audit.record(actor, "create", "purchase order", order.id,
                     f"{order.number} to {supplier.name}")
    return order


def _bump(order: PurchaseOrder, **changes: object) -> None:
    """Change an order's status fields, refusing if someone changed it since it was read."""
    for name, value in changes.items():
        setattr(order, name, value)
    order.save_checked()


def add_line(actor: Actor, order_id: int, part_id: int, quantity: object,
             unit_cost: object | None = None) -> PurchaseOrderLine:
    """Add a part to a draft order (or more of it, if it is already on the order)."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        order = get_order(actor, order_id)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(f"{order.number} has been sent; only a draft can change")
        part = part_row(actor, part_id)
        qty, cost = _line_values(part, quantity, unit_cost)
        line = PurchaseOrderLine.get_or_none((PurchaseOrderLine.order == order_id)
                                             & (PurchaseOrderLine.part == part_id))
        if line is None:
            line = PurchaseOrderLine.create(order=order, part=part, quantity=qty, unit_cost=cost)
        else:
            line.quantity += qty
            line.unit_cost = cost
            line.save()
        _bump(order)
        audit.record(actor, "add line", "purchase order", order.id,
                     f"{order.number}: {qty:f} x {part.sku} at {cost}")
    return line


def remove_line(actor: Actor, order_id: int, line_id: int) -> None:
    """Take a line off a draft order."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        order = get_order(actor, order_id)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(f"{order.number} has been sent; only a draft can change")
        PurchaseOrderLine.delete().where((PurchaseOrderLine.id == line_id)
                                         & (PurchaseOrderLine.order == order_id)).execute()
        _bump(order)
        audit.record(actor, "remove line", "purchase order", order.id, order.number)


def place_order(actor: Actor, order_id: int) -> PurchaseOrder:
    """Mark a draft as sent to the supplier (its quantities now count as on order)."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        order = get_order(actor, order_id)
        if order.status != OrderStatus.DRAFT:
            raise ValidationError(f"{order.number} is already {STATUS_LABELS[order.status]}")
        if not PurchaseOrderLine.select().where(PurchaseOrderLine.order == order_id).exists():
            raise ValidationError(f"{order.number} has no lines to order")
        _bump(order, status=OrderStatus.ORDERED.value, ordered_at=utcnow())
        audit.record(actor, "order", "purchase order", order.id, f"{order.number} sent")
    return order


def cancel_order(actor: Actor, order_id: int) -> PurchaseOrder:
    """Cancel an order, or what is still outstanding of a partly received one."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        order = get_order(actor, order_id)
        if order.status not in OPEN:
            raise ValidationError(f"{order.number} is {STATUS_LABELS[order.status]}; "
                                  "nothing to cancel")
        _bump(order, status=OrderStatus.CANCELLED.value)
        audit.record(actor, "cancel", "purchase order", order.id, order.number)
    return order


def line_for_code(actor: Actor, order_id: int, code: str) -> PurchaseOrderLine | None:
    """The line of an order a scanned barcode or typed SKU stands for (None: not on it)."""
    code = code.strip()
    part_ids = PartBarcode.select(PartBarcode.part).where(PartBarcode.code == code)
    return (PurchaseOrderLine.select(PurchaseOrderLine, Part).join(Part)
            .where((PurchaseOrderLine.order == order_id)
                   & ((Part.id.in_(part_ids)) | (Part.sku == code.upper())))
            .first())


@dataclass(frozen=True)
class ReceiptResult:
    """What one delivery booked."""

    receipt_id: int
    lines: int
    status: OrderStatus


def receive(actor: Actor, order_id: int, quantities: Mapping[int, object],
            supplier_invoice: str = "", unit_costs: Mapping[int, object] | None = None,
            *, confirm_cost: bool = False) -> ReceiptResult:
    """Book a delivery: ``quantities`` maps line id -> quantity arrived now.

    Stock rises and average cost moves in the same transaction; what is still missing stays
    on order (a back-order) until received or cancelled. Receiving more than is outstanding
    is refused and nothing is booked.
    """
    require(actor, Permission.MANAGE_STOCK)
    unit_costs = dict(unit_costs or {})
    wanted = {}
    for line_id, value in quantities.items():
        qty = amounts.parse_quantity(value, "Quantity received")
        if qty < 0:
            raise ValidationError("A received quantity cannot be negative; use a return to "
                                  "supplier", {"quantity": "Not negative"})
        if qty > 0:
            wanted[int(line_id)] = qty
    if not wanted:
        raise ValidationError("Nothing to receive: enter or scan what arrived")
    with writing():
        order = get_order(actor, order_id)
        if order.status not in RECEIVABLE:
            raise ValidationError(f"{order.number} is {STATUS_LABELS[order.status]}; only an "
                                  "ordered purchase order can be received")
        receipt = GoodsReceipt.create(order=order, supplier_invoice=supplier_invoice.strip(),
                                      username=actor.username)
        reference = order.number + (f" / inv {supplier_invoice.strip()}"
                                    if supplier_invoice.strip() else "")
        for line_id, qty in wanted.items():
            milli = peewee.Value(int(qty * 1000), converter=False)
            booked = (PurchaseOrderLine.update(received=PurchaseOrderLine.received + milli)
                      .where((PurchaseOrderLine.id == line_id)
                             & (PurchaseOrderLine.order == order_id)
                             & (PurchaseOrderLine.received + milli
                                <= PurchaseOrderLine.quantity))
                      .execute())
            line = PurchaseOrderLine.get_or_none(PurchaseOrderLine.id == line_id)
            if line is None or line.order_id != order.id:
                raise ValidationError(f"Line #{line_id} is not on {order.number}")
            if not booked:
                left = line.quantity - line.received
                raise ValidationError(
                    f"Only {left:f} of {line.part.sku} still to receive on {order.number}; "
                    f"{qty:f} is more than ordered. Nothing was booked.",
                    {"quantity": "More than ordered"})
            cost = unit_costs.get(line_id, line.unit_cost)
            stock.record_movement(actor, line.part_id, MovementKind.RECEIPT, qty, cost,
                                  reference, confirm_cost=confirm_cost)
        outstanding = (PurchaseOrderLine.select()
                       .where((PurchaseOrderLine.order == order_id)
                              & (PurchaseOrderLine.received < PurchaseOrderLine.quantity))
                       .exists())
        status = OrderStatus.PARTLY_RECEIVED if outstanding else OrderStatus.RECEIVED
        PurchaseOrder.update(status=status.value, version=PurchaseOrder.version + 1).where(
            PurchaseOrder.id == order_id).execute()
        audit.record(actor, "receive", "purchase order", order.id,
                     f"{reference}: {len(wanted)} line(s), now {STATUS_LABELS[status]}")
    return ReceiptResult(receipt.id, len(wanted), status)


def return_to_supplier(actor: Actor, part_id: int, quantity: object, supplier_id: int,
                       reason: str, reference: str = "") -> StockMovement:
    """Send parts back to a supplier (faulty, wrong part): stock goes down at average cost."""
    require(actor, Permission.MANAGE_STOCK)
    supplier = get_supplier(actor, supplier_id)
    if not reason.strip():
        raise ValidationError("Say why the parts go back (faulty, wrong part…)",
                              {"reason": "Needed"})
    ref = f"to {supplier.name}" + (f" / {reference.strip()}" if reference.strip() else "")
    return stock.record_movement(actor, part_id, MovementKind.SUPPLIER_RETURN, quantity,
                                 reference=ref, reason=reason)


def _on_order_query() -> peewee.Select:
    """Per part: quantity (thousandths) on open purchase orders, not yet received."""
    return (PurchaseOrderLine
            .select(PurchaseOrderLine.part.alias("part_id"),
                    peewee.fn.SUM(PurchaseOrderLine.quantity - PurchaseOrderLine.received)
                    .coerce(False).alias("qty"))
            .join(PurchaseOrder).where(PurchaseOrder.status.in_(OPEN))
            .group_by(PurchaseOrderLine.part))


def on_order(actor: Actor, part_id: int) -> Decimal:
    """How much of a part is on open purchase orders and not yet received."""
    rows = [q for _p, q in _on_order_query().where(PurchaseOrderLine.part == part_id).tuples()]
    return Decimal(int(rows[0] or 0)) / 1000 if rows else Decimal("0.000")


@dataclass(frozen=True)
class Suggestion:
    """A part to reorder: what is there, what is coming, and how much to order."""

    part_id: int
    sku: str
    name: str
    supplier_id: int | None
    supplier: str
    on_hand: Decimal
    on_order: Decimal
    reorder_point: Decimal
    sold: Decimal  # in the last VELOCITY_DAYS days
    suggested: Decimal
    basis: str
    lost: Decimal = Decimal("0.000")  # lost sales for want of stock, same window


def reorder_suggestions(actor: Actor, *, supplier_id: int | None = None) -> list[Suggestion]:
    """Parts at or below their reorder point, net of what is on order, with a quantity.

    The quantity is the largest of: the part's reorder quantity, what brings it back to its
    reorder point, and recent demand velocity x (supplier lead time + 30 days), rounded up.
    Demand is what sold plus counter sales lost because the part was out of stock or not
    stocked (:mod:`shopdesk.services.counter.lost_sales`); a part with such lost sales is suggested
    even without a reorder point when nothing is in stock or on order.
    """
    since = utcnow() - dt.timedelta(days=VELOCITY_DAYS)
    lost = lost_sales.demand_query(since).alias("lost")
    lost_qty = peewee.fn.COALESCE(lost.c.qty, 0)
    ordered = _on_order_query().alias("ordered")
    sold = (StockMovement.select(StockMovement.part.alias("part_id"),
                                 peewee.fn.SUM(_OUT).coerce(False)
                                 .alias("qty"))
            .where(StockMovement.kind.in_([MovementKind.SALE.value,
                                           MovementKind.REPAIR_USE.value,
                                           MovementKind.REPAIR_RETURN.value])
                   & (StockMovement.at >= since))
            .group_by(StockMovement.part).alias("sold"))
    coming = peewee.fn.COALESCE(ordered.c.qty, 0)
    query = (Part.select(Part.id, Part.sku, Part.name, Part.supplier, Supplier.name,
                         Supplier.lead_time_days, Part.on_hand, coming, Part.reorder_point,
                         Part.reorder_qty, peewee.fn.COALESCE(sold.c.qty, 0), lost_qty)
             .join(Supplier, peewee.JOIN.LEFT_OUTER)
             .join_from(Part, ordered, peewee.JOIN.LEFT_OUTER, on=(ordered.c.part_id == Part.id))
             .join_from(Part, sold, peewee.JOIN.LEFT_OUTER, on=(sold.c.part_id == Part.id))
             .join_from(Part, lost, peewee.JOIN.LEFT_OUTER, on=(lost.c.part_id == Part.id))
             .where((Part.archived == False)  # noqa: E712
                    & ((Part.reorder_point > 0) | (Part.reorder_qty > 0) | (lost_qty > 0))
                    & (Part.on_hand + coming <= Part.reorder_point))
             .order_by(Supplier.name, Part.sku))
    if supplier_id is not None:
        query = query.where(Part.supplier == supplier_id)
    result = []
    for (pid, sku, name, sup_id, sup_name, lead, on_hand, coming_milli, point, reorder_qty,
         sold_milli, lost_milli) in query.tuples():
        incoming = Decimal(int(coming_milli or 0)) / 1000
        sold_qty = Decimal(int(sold_milli or 0)) / 1000
        lost_qty_ = Decimal(int(lost_milli or 0)) / 1000
        demand = sold_qty + lost_qty_
        shortfall = point - (on_hand + incoming)
        cover = (lead or 0) + COVER_DAYS
        velocity = Decimal(math.ceil(demand * cover / VELOCITY_DAYS)) if demand > 0 else 0
        asked = (f"sold {sold_qty.normalize():f}" + (f" + lost {lost_qty_.normalize():f}"
                                                     if lost_qty_ else "")
                 + f" in {VELOCITY_DAYS} days")
        options = [(reorder_qty, "reorder quantity"),
                   (Decimal(math.ceil(shortfall)), "back to reorder point"),
                   (velocity, asked)]
        qty, basis = max(options, key=lambda o: o[0])
        if qty <= 0:
            qty, basis = Decimal(1), "minimum"
        result.append(Suggestion(pid, sku, name, sup_id, sup_name or "", on_hand, incoming,
                                 point, sold_qty, Decimal(qty).quantize(Decimal("0.001")),
                                 basis, lost_qty_))
    return result


def drafts_from_suggestions(actor: Actor, picks: Iterable[tuple[int, object]]) -> list[
        PurchaseOrder]:
    """Turn picked (part id, quantity) pairs into draft orders, one per preferred supplier.

    A part without a preferred supplier is refused (say who to buy it from first).
    """
    require(actor, Permission.MANAGE_STOCK)
    picks = list(picks)
    if not picks:
        raise ValidationError("Pick at least one part to order")
    with db.atomic():
        by_supplier: dict[int, list[tuple[int, object, None]]] = defaultdict(list)
        missing = []
        for part_id, qty in picks:
            part = part_row(actor, part_id)
            if part.supplier_id is None:
                missing.append(part.sku)
            else:
                by_supplier[part.supplier_id].append((part.id, qty, None))
        if missing:
            raise ValidationError("No supplier set for " + ", ".join(missing[:10])
                                  + ("…" if len(missing) > 10 else "")
                                  + ": choose one on the part first")
        return [create_order(actor, sup, lines, note="From reorder suggestions")
                for sup, lines in sorted(by_supplier.items())]
