"""Comebacks: a repair order that redoes work of an earlier, invoiced one on the same vehicle.

* :func:`mark` links an order to its original (the same vehicle's earlier invoiced orders
  only; another customer's vehicle, or another vehicle, is refused).
* :func:`set_warranty` puts a line of the comeback at no charge to the customer: its price
  becomes 0 (the list price is kept) and its cost is booked as **warranty cost**, not
  revenue — parts at their average cost when marked, labour hours at the shop's labour
  cost rate (:class:`~shopdesk.models.warranty.WarrantySettings`).
* :func:`open_warranty_order` does it in one go from a complaint: a new order on the same
  vehicle, marked as a comeback, with the original's lines chosen redone at no charge.
* :func:`cover` says whether the original's lines are still under warranty (time and
  distance since the original invoice).
* :func:`summary` is the owner's report for a period: comebacks by technician (the
  technician with the most labour hours on the original order) and by part and supplier
  (the parts replaced under warranty), with warranty cost and open supplier claims.

Only comebacks whose order was invoiced count in the report (the work is then final);
the period is the comeback order's invoice date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import writing
from shopdesk.models.crm import ComplaintStatus
from shopdesk.models.invoices import Invoice, InvoiceStatus
from shopdesk.models.parts import Part, Supplier
from shopdesk.models.repair_orders import Approval, LineKind, RepairOrder, RepairOrderLine
from shopdesk.models.users import User
from shopdesk.models.warranty import (
    ClaimKind,
    ClaimStatus,
    Comeback,
    SupplierClaim,
    WarrantyLine,
    WarrantySettings,
)
from shopdesk.money import ZERO, line_total, round_money
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.counter import warranty, warranty_claims
from shopdesk.services.crm import complaints
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput

UNASSIGNED = "(no technician)"


def of_order(actor: Actor, repair_order_id: int) -> Comeback | None:
    """The comeback link of an order (None: it is not a comeback)."""
    return Comeback.get_or_none(Comeback.repair_order == repair_order_id)


def candidates(actor: Actor, repair_order_id: int) -> list[RepairOrder]:
    """Earlier invoiced orders of the same vehicle, newest first: what it can come back to."""
    order = repair_orders.get(actor, repair_order_id)
    return list(RepairOrder.select().join(Invoice, on=(RepairOrder.invoice == Invoice.id))
                .where((RepairOrder.vehicle == order.vehicle_id)
                       & (RepairOrder.id != order.id)
                       & (RepairOrder.created_at <= order.created_at)
                       & (Invoice.status == InvoiceStatus.ISSUED.value))
                .order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc()))


def mark(actor: Actor, repair_order_id: int, original_id: int, reason: str = "") -> Comeback:
    """Mark an order as a comeback of ``original_id`` (refused, nothing saved, unless the
    original is an earlier invoiced order of the same vehicle and customer)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        order = repair_orders.get(actor, repair_order_id)
        original = repair_orders.get(actor, original_id)
        repair_orders.require_editable(order)
        if original.customer_id != order.customer_id:
            raise ValidationError(
                f"{original.number} is another customer's vehicle: a comeback links only to "
                "earlier work on this customer's same vehicle", {"original": "Other customer"})
        if original.vehicle_id != order.vehicle_id:
            raise ValidationError(f"{original.number} was for another vehicle: a comeback "
                                  "links to earlier work on the same vehicle",
                                  {"original": "Other vehicle"})
        earlier = {o.id for o in candidates(actor, order.id)}
        if original.id == order.id or original.id not in earlier:
            raise ValidationError(f"{original.number} is not an earlier invoiced order of this "
                                  "vehicle", {"original": "Not invoiced earlier"})
        existing = of_order(actor, order.id)
        if existing is not None:
            Comeback.update(original=original.id, reason=reason.strip()).where(
                Comeback.id == existing.id).execute()
        else:
            Comeback.create(repair_order=order.id, original=original.id,
                            reason=reason.strip(), username=actor.username)
        audit.record(actor, "comeback", "repair order", order.id,
                     f"{order.number} is a comeback of {original.number}"
                     + (f": {reason.strip()}" if reason.strip() else ""))
    return of_order(actor, order.id)  # type: ignore[return-value]


def unmark(actor: Actor, repair_order_id: int) -> None:
    """The order is not a comeback after all: its warranty lines go back to list price."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        order = repair_orders.get(actor, repair_order_id)
        repair_orders.require_editable(order)
        for line in repair_orders.lines_of(actor, order):
            if WarrantyLine.get_or_none(WarrantyLine.line == line.id):
                set_warranty(actor, line.id, False)
        Comeback.delete().where(Comeback.repair_order == order.id).execute()
        audit.record(actor, "comeback", "repair order", order.id,
                     f"{order.number} is no longer a comeback")


def redo_candidates(actor: Actor, original_id: int) -> list[RepairOrderLine]:
    """The original order's work that a comeback can redo: its approved lines."""
    return [li for li in repair_orders.lines_of(actor, original_id)
            if li.approval == Approval.APPROVED and li.quantity > 0]


def open_warranty_order(actor: Actor, original_id: int, *, odometer: int | None = None,
                        concerns: str = "", odometer_reason: str = "",
                        redo: Iterable[int] | None = None,
                        complaint_id: int | None = None) -> RepairOrder:
    """The car came back for work already invoiced: open a repair order on the same vehicle,
    marked as a comeback of ``original_id``, with the original's lines chosen in ``redo``
    (line ids; None: all its approved lines) copied and done at no charge under warranty
    (their cost booked as warranty cost, the list price kept for the report).

    Work at no charge needs no price from the customer: those lines are recorded as
    approved (in person, "warranty"). Lines added later are estimated as usual. A
    ``complaint_id`` about it is put in progress. All or nothing: a part that cannot be
    reserved (negative stock blocked) refuses the whole order."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    original = repair_orders.get(actor, original_id)
    invoice = Invoice.get_or_none(Invoice.id == original.invoice_id) \
        if original.invoice_id is not None else None
    if invoice is None or invoice.status != InvoiceStatus.ISSUED.value:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{number} has not been invoiced: a comeback redoes work already "
                      "invoiced"), number=original.number)
    lines = redo_candidates(actor, original.id)
    chosen = lines if redo is None else [li for li in lines if li.id in set(redo)]
    reason = concerns.strip()
    with writing():
        order = repair_orders.open_order(actor, original.vehicle_id, odometer=odometer,
                                         concerns=reason, odometer_reason=odometer_reason)
        mark(actor, order.id, original.id, reason)
        for line in chosen:
            added = repair_orders.add_line(actor, order.id, LineInput(
                line.kind, line.description, line.quantity, line.unit_price, line.part_id,
                line.discount_percent,
                hours=line.hours if line.kind == LineKind.LABOUR else None))
            set_warranty(actor, added.id, True)
        if chosen:
            repair_orders.record_approval(actor, order.id, method="in person",
                                          note="warranty: no charge")
        if complaint_id is not None:
            complaint = complaints.get(actor, complaint_id)
            if complaint.status == ComplaintStatus.OPEN.value:
                complaints.start_work(actor, complaint)
            audit.record(actor, "warranty order", "complaint", complaint.id,
                         f"{order.number}: comeback of {original.number} at no charge")
    return repair_orders.get(actor, order.id)


def _unit_cost(line: RepairOrderLine) -> Decimal:
    if line.kind == LineKind.PART and line.part_id is not None:
        return Part.get_by_id(line.part_id).cost
    if line.kind == LineKind.LABOUR:
        row = WarrantySettings.get_or_none(WarrantySettings.id == 1)  # made by migration 9
        return row.labour_cost_rate if row is not None else ZERO
    return ZERO


def set_warranty(actor: Actor, line_id: int, on: bool = True) -> RepairOrderLine:
    """Do a comeback's line at no charge (``on``) or charge it again at its list price."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        line = repair_orders.get_line(actor, line_id)
        order = repair_orders.get(actor, line.repair_order_id)
        repair_orders.require_editable(order)
        if of_order(actor, order.id) is None:
            raise ValidationError(f"{order.number} is not a comeback: mark it as a comeback "
                                  "of the earlier order first")
        row = WarrantyLine.get_or_none(WarrantyLine.line == line.id)
        if on and row is None:
            WarrantyLine.create(line=line.id, list_price=line.unit_price,
                                unit_cost=_unit_cost(line))
            RepairOrderLine.update(unit_price=ZERO).where(
                RepairOrderLine.id == line.id).execute()
            summary = f"{order.number}: {line.description} under warranty (no charge)"
        elif not on and row is not None:
            RepairOrderLine.update(unit_price=row.list_price).where(
                RepairOrderLine.id == line.id).execute()
            row.delete_instance()
            summary = f"{order.number}: {line.description} charged again"
        else:
            return line
        audit.record(actor, "warranty line", "repair order", order.id, summary)
    return repair_orders.get_line(actor, line_id)


def warranty_line_ids(actor: Actor, repair_order_id: int) -> set[int]:
    """The order's lines done at no charge under warranty."""
    return {row.line_id for row in WarrantyLine.select(WarrantyLine.line)
            .join(RepairOrderLine).where(RepairOrderLine.repair_order == repair_order_id)}


def line_cost(actor: Actor, line: RepairOrderLine, row: WarrantyLine) -> Decimal:
    """Warranty cost of one line: parts qty x cost; labour hours (or qty) x cost rate (a
    cost: refused to whoever may not see costs)."""
    require(actor, Permission.SEE_COSTS)
    return _line_cost(line, row)


def _line_cost(line: RepairOrderLine, row: WarrantyLine) -> Decimal:
    units = line.hours if line.kind == LineKind.LABOUR and line.hours else line.quantity
    return round_money(units * row.unit_cost)


@dataclass(frozen=True)
class Cover:
    """The original order and whether its work is still under warranty."""

    original: RepairOrder
    invoiced_on: dt.date | None
    months_since: int
    km_since: int | None
    lines: list[warranty.Cover]

    @property
    def covered(self) -> bool:
        return any(c.covered for c in self.lines)


def cover(actor: Actor, repair_order_id: int, on: dt.date | None = None) -> Cover | None:
    """Whether the comeback's original work is still under warranty (None: not a comeback)."""
    link = of_order(actor, repair_order_id)
    if link is None:
        return None
    order = repair_orders.get(actor, repair_order_id)
    # (the original may be another technician's job: its dates are what the cover needs)
    original = RepairOrder.get_by_id(link.original_id)
    on = on or order.created_at.date()
    invoice = Invoice.get_or_none(Invoice.id == original.invoice_id)
    issued = invoice.issue_date if invoice else None
    lines = warranty.covers_of_invoice(actor, invoice.id, on, order.odometer) if invoice else []
    months = 0
    if issued is not None:
        months = max((on.year - issued.year) * 12 + on.month - issued.month
                     - (1 if on.day < issued.day else 0), 0)
    km = (order.odometer - original.odometer if order.odometer is not None
          and original.odometer is not None else None)
    return Cover(original, issued, months, km, lines)


# ------------------------------------------------------------------ the owner's report

@dataclass
class Group:
    """One technician's, or one part's, comebacks in the period."""

    label: str
    supplier: str = ""
    comebacks: int = 0
    quantity: Decimal = field(default_factory=lambda: Decimal("0.000"))
    cost: Decimal = ZERO
    price_forgone: Decimal = ZERO


@dataclass(frozen=True)
class ComebackRow:
    number: str
    original: str
    invoiced_on: dt.date
    customer: str
    vehicle: str
    technician: str
    reason: str
    parts_cost: Decimal
    labour_cost: Decimal
    price_forgone: Decimal

    @property
    def cost(self) -> Decimal:
        return self.parts_cost + self.labour_cost


@dataclass(frozen=True)
class Summary:
    """Comebacks in a period: each one, by technician, by part/supplier, and totals."""

    date_from: dt.date
    date_to: dt.date
    rows: list[ComebackRow]
    by_technician: list[Group]
    by_part: list[Group]
    warranty_cost: Decimal
    parts_cost: Decimal
    labour_cost: Decimal
    price_forgone: Decimal
    open_claims: int
    open_claims_expected: Decimal

    @property
    def count(self) -> int:
        return len(self.rows)


def _technician_of(original_id: int, names: dict[int, str]) -> str:
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for line in RepairOrderLine.select().where(
            (RepairOrderLine.repair_order == original_id)
            & RepairOrderLine.technician.is_null(False)):
        hours[line.technician_id] += line.hours or line.quantity if \
            line.kind == LineKind.LABOUR else Decimal(0)
    if not hours:
        return UNASSIGNED
    best = sorted(hours.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return names.get(best, UNASSIGNED)


def summary(actor: Actor, date_from: dt.date, date_to: dt.date) -> Summary:
    """The owner's comeback report for comebacks invoiced from ``date_from`` to ``date_to``
    (inclusive): warranty cost by technician and by part/supplier (the owner's reports
    only)."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    if date_to < date_from:
        raise ValidationError("The period ends before it starts")
    names = {u.id: u.label for u in User.select()}
    Original = RepairOrder.alias()
    # from the comebacks (a handful) to their orders' invoices: CROSS JOIN keeps SQLite to
    # that order instead of reading every issued invoice by its status
    query = (Comeback.select(Comeback, RepairOrder, Invoice, Original.id, Original.number)
             .join(RepairOrder, peewee.JOIN.CROSS, attr="repair_order")
             .join(Invoice, peewee.JOIN.CROSS, attr="invoice")
             .join_from(Comeback, Original, on=(Comeback.original == Original.id))
             .where((Comeback.repair_order == RepairOrder.id)
                    & (RepairOrder.invoice == Invoice.id)
                    & (Invoice.status == InvoiceStatus.ISSUED.value)
                    & (Invoice.issue_date >= date_from) & (Invoice.issue_date <= date_to))
             .order_by(Invoice.issue_date, RepairOrder.id))
    rows: list[ComebackRow] = []
    techs: dict[str, Group] = {}
    by_part: dict[int, Group] = {}
    for link in query:
        order = link.repair_order
        lines = (RepairOrderLine.select(RepairOrderLine, WarrantyLine)
                 .join(WarrantyLine, on=(WarrantyLine.line == RepairOrderLine.id))
                 .where((RepairOrderLine.repair_order == order.id)
                        & (RepairOrderLine.approval == "approved")))
        parts_cost = labour_cost = forgone = ZERO
        for line in lines:
            row = line.warrantyline
            cost = _line_cost(line, row)
            price = line_total(line.quantity, row.list_price, line.discount_percent)
            forgone += price
            if line.kind == LineKind.PART and line.part_id is not None:
                parts_cost += cost
                part = Part.get_by_id(line.part_id)
                supplier = (Supplier.get_by_id(part.supplier_id).name
                            if part.supplier_id else "")
                group = by_part.setdefault(part.id, Group(f"{part.sku} {part.name}", supplier))
                group.comebacks += 1
                group.quantity += line.quantity
                group.cost += cost
                group.price_forgone += price
            else:
                labour_cost += cost
        tech = _technician_of(link.original_id, names)
        vehicle = order.vehicle
        rows.append(ComebackRow(order.number, link.original.number, order.invoice.issue_date,
                                order.customer.display_name,
                                " ".join(x for x in (vehicle.plate, vehicle.make,
                                                     vehicle.model) if x),
                                tech, link.reason, parts_cost, labour_cost, forgone))
        group = techs.setdefault(tech, Group(tech))
        group.comebacks += 1
        group.cost += parts_cost + labour_cost
        group.price_forgone += forgone
    claims = warranty_claims.claims(actor, status=ClaimStatus.OPEN, kind=ClaimKind.WARRANTY)
    parts_total = sum((r.parts_cost for r in rows), ZERO)
    labour_total = sum((r.labour_cost for r in rows), ZERO)
    return Summary(
        date_from, date_to, rows,
        sorted(techs.values(), key=lambda g: (-g.comebacks, -g.cost, g.label)),
        sorted(by_part.values(), key=lambda g: (-g.comebacks, -g.cost, g.label)),
        parts_total + labour_total, parts_total, labour_total,
        sum((r.price_forgone for r in rows), ZERO), len(claims),
        sum((c.expected for c in claims), ZERO))


def return_failed_part(actor: Actor, repair_order_id: int, part_id: int, quantity: object = 1,
                       supplier_id: int | None = None, expected: object | None = None,
                       note: str = "") -> SupplierClaim:
    """A part that failed under warranty goes back to its supplier: tracked until credited
    (expected credit default: its average cost)."""
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    supplier_id = supplier_id or part.supplier_id
    if supplier_id is None:
        raise ValidationError(f"Choose the supplier {part.sku} goes back to",
                              {"supplier": "Needed"})
    order = repair_orders.get(actor, repair_order_id)
    amount = expected if expected not in (None, "") else round_money(
        part.cost * amounts.parse_quantity(quantity))
    return warranty_claims.open_claim(actor, ClaimKind.WARRANTY, part.id, supplier_id,
                                      quantity, amount, reference=order.number, note=note,
                                      repair_order_id=order.id)


def claims_of_order(actor: Actor, repair_order_id: int) -> list[SupplierClaim]:
    return list(SupplierClaim.select().where(SupplierClaim.repair_order == repair_order_id)
                .order_by(SupplierClaim.id))
