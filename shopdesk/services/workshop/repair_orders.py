"""Repair orders: open at check-in, concerns, inspection, estimate lines, the customer's
approval per line, and the status flow estimate -> approved -> in progress -> waiting for
parts -> done -> invoiced -> collected, each step timed (:class:`StatusChange`) and audited.

Every write takes the ``actor`` first and runs in one transaction. Edits of the order itself
go through :meth:`RepairOrder.save_checked`: a second clerk saving a stale copy is refused.
A technician sees and works only the orders with a line assigned to them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow, writing
from shopdesk.models.crm import InteractionKind
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import (
    OPEN_STATUSES,
    Approval,
    Condition,
    InspectionItem,
    LineKind,
    RepairOrder,
    RepairOrderLine,
    Status,
    StatusChange,
)
from shopdesk.models.users import Role, User
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO, MoneyError, line_total, sum_money, to_money, to_quantity
from shopdesk.services import audit, owner_rules
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.access import Approval as OwnerApproval
from shopdesk.services.crm import interactions, vehicles
from shopdesk.services.pricing import pricing
from shopdesk.services.workshop import job_clock, order_basics, package_history, workshop_parts
from shopdesk.services.workshop.order_basics import (
    KIND_LABELS,
    check_next,
    get,
    lines_of,
    move_status,
    open_for,
    record_status_change,
    require_editable,
    settings,
)
from shopdesk.services.workshop.order_basics import (
    STATUS_LABELS as STATUS_LABELS,  # (the order's labels are read here too)
)

APPROVAL_METHODS = ("in person", "phone", "message", "e-mail")

_NUMBER_LOCK = 0x5D0E06  # PostgreSQL advisory lock for repair-order numbers


@dataclass
class LineInput:
    """An estimate line as the editor collects it. ``unit_price`` None for a stock part: its
    retail price; for labour: the workshop rate. ``hours`` for flat-priced labour."""

    kind: LineKind | str
    description: str = ""
    quantity: Decimal | int | str = 1
    unit_price: Decimal | int | str | None = None
    part_id: int | None = None
    discount_percent: Decimal | int | str = 0
    hours: Decimal | int | str | None = None
    technician_id: int | None = None
    package_id: int | None = None


@dataclass(frozen=True)
class OrderTotals:
    approved: Decimal  # what the customer said yes to
    pending: Decimal
    declined: Decimal
    hours_sold: Decimal


def bays(actor: Actor) -> list[str]:
    """The shop's bays, as set in the workshop settings."""
    return [b.strip() for b in settings(actor).bays.splitlines() if b.strip()]


def check_fold_months(value: object) -> int:
    """The reminder fold limit as whole months from 1 to 120, or a refusal naming it."""
    try:
        months = int(str(value).strip())
    except ValueError:
        months = 0
    if not 1 <= months <= 120:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "Long overdue after: whole months from 1 to 120, not {value}"),
            {"reminder_fold_months": QT_TRANSLATE_NOOP("Errors", "Whole months from 1 to 120")},
            value=value)
    return months


def set_options(actor: Actor, *, parts_leave_stock: str | None = None,
                labour_rate: Decimal | str | None = None, bays_text: str | None = None,
                reminder_fold_months: int | None = None, version: int | None = None) -> None:
    """Change the workshop options (owner). ``version``: the one the settings page showed
    (:func:`settings`); options another PC saved since are refused, nothing written."""
    require(actor, Permission.CHANGE_SETTINGS)
    with db.atomic():
        row = settings(actor)
        before = {"parts_leave_stock": row.parts_leave_stock, "labour_rate": row.labour_rate,
                  "reminder_fold_months": row.reminder_fold_months}
        if parts_leave_stock is not None:
            if parts_leave_stock not in ("done", "fitted"):
                raise ValidationError("Parts leave stock when the job is 'done' or when "
                                      "'fitted'")
            row.parts_leave_stock = parts_leave_stock
        if labour_rate is not None:
            row.labour_rate = parse_price(labour_rate, "The labour rate")
        if bays_text is not None:
            row.bays = bays_text
        if reminder_fold_months is not None:
            row.reminder_fold_months = check_fold_months(reminder_fold_months)
        if version is not None:
            row.version = version
        row.save_checked()
        audit.record(actor, "update", "workshop settings", 1, "Changed workshop options", before,
                     {"parts_leave_stock": row.parts_leave_stock,
                      "labour_rate": row.labour_rate,
                      "reminder_fold_months": row.reminder_fold_months})


# ---------------------------------------------------------------- reading


def by_number(actor: Actor, number: str) -> RepairOrder:
    """The repair order with this number: ``RO-000042``, ``ro-42``, ``RO42`` or just ``42``."""
    text = number.strip().upper()
    digits = re.fullmatch(r"(?:RO[-\s#]*)?0*(\d{1,12})", text)
    if digits:
        text = format_number(int(digits.group(1)))
    order = RepairOrder.get_or_none(RepairOrder.number == text)
    if order is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "There is no repair order '{number}'"),
                            number=number.strip())
    order_basics.check_sees(actor, order)
    return order


def format_number(n: int) -> str:
    return f"RO-{n:06d}"


def inspection_of(actor: Actor, order: RepairOrder | int) -> list[InspectionItem]:
    order_id = order if isinstance(order, int) else order.id
    return list(InspectionItem.select().where(InspectionItem.repair_order == order_id)
                .order_by(InspectionItem.position, InspectionItem.id))


def history_of(actor: Actor, order: RepairOrder | int) -> list[StatusChange]:
    """Status changes, oldest first."""
    order_id = order if isinstance(order, int) else order.id
    return list(StatusChange.select().where(StatusChange.repair_order == order_id)
                .order_by(StatusChange.at, StatusChange.id))


def amount(line: RepairOrderLine) -> Decimal:
    """The line's price after its discount."""
    return line_total(line.quantity, line.unit_price, line.discount_percent)


def totals(actor: Actor, order: RepairOrder | int) -> OrderTotals:
    """Approved, pending and declined sums, and labour hours sold on approved lines."""
    sums: dict[str, list[Decimal]] = {a.value: [] for a in Approval}
    hours = ZERO
    for line in lines_of(actor, order):
        sums[line.approval].append(amount(line))
        if line.kind == LineKind.LABOUR and line.approval == Approval.APPROVED:
            hours += line.hours
    return OrderTotals(sum_money(sums["approved"]), sum_money(sums["pending"]),
                       sum_money(sums["declined"]), hours)


# ---------------------------------------------------------------- opening

def _next_number() -> str:
    """The next order number. Called after the transaction took the write lock (SQLite
    ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock), so two PCs never draw the same one."""
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_NUMBER_LOCK,))
    last = RepairOrder.select(RepairOrder.number).order_by(RepairOrder.id.desc()).first()
    n = int(last.number.split("-")[-1]) + 1 if last else 1
    while RepairOrder.select().where(RepairOrder.number == format_number(n)).exists():
        n += 1
    return format_number(n)


def open_order(actor: Actor, vehicle_id: int, *, odometer: int | None = None,
               concerns: str = "", odometer_reason: str = "",
               promised_at: dt.datetime | None = None) -> RepairOrder:
    """Check a vehicle in: a new repair order (estimate) with the odometer reading recorded.

    A reading lower than the vehicle's last is refused (nothing saved) unless a reason is
    given; the reading goes into the vehicle's odometer history.
    """
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with writing():
        vehicle = vehicles.get(actor, vehicle_id)
        if vehicle.archived:
            raise ValidationError(f"{vehicle.plate or 'This vehicle'} is archived: restore it "
                                  "first")
        if odometer is not None:
            vehicles.record_odometer(actor, vehicle.id, odometer, reason=odometer_reason)
        order = RepairOrder(number=_next_number(), customer=vehicle.customer_id,
                            vehicle=vehicle.id, odometer=odometer, concerns=concerns.strip(),
                            created_by=actor.username, promised_at=promised_at)
        order.save_checked()
        StatusChange.create(repair_order=order.id, from_status="",
                            to_status=Status.ESTIMATE.value, username=actor.username)
        audit.record(actor, "create", "repair order", order.id,
                     f"Opened {order.number} for {vehicle.plate or vehicle.vin}", None,
                     {"number": order.number, "odometer": odometer, "concerns": order.concerns})
        # the visit on the customer's file: counts for grading and the lapsed list
        interactions.log(actor, vehicle.customer_id, InteractionKind.VISIT,
                         f"Repair order {order.number}"
                         + (f": {order.concerns}" if order.concerns else ""),
                         vehicle_id=vehicle.id)
    return order


def update_order(actor: Actor, order: RepairOrder, **changes: Any) -> RepairOrder:
    """Save the concerns, notes or promised time of an order read earlier (stale: refused)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    allowed = {"concerns", "notes", "promised_at"}
    if set(changes) - allowed:
        raise ValidationError(f"Cannot change {', '.join(sorted(set(changes) - allowed))}")
    with db.atomic():
        before = {k: getattr(get(actor, order.id), k) for k in changes}
        for key, value in changes.items():
            setattr(order, key, value.strip() if isinstance(value, str) else value)
        order.save_checked()
        audit.record(actor, "update", "repair order", order.id, f"Changed {order.number}",
                     before, {k: getattr(order, k) for k in changes})
    return order


# ---------------------------------------------------------------- inspection

def set_inspection(actor: Actor, repair_order_id: int,
                   items: list[tuple[str, Condition | str, str]]) -> list[InspectionItem]:
    """Replace the inspection findings: (item, ok/soon/urgent, note) each."""
    require(actor, Permission.WORK_JOBS)
    rows = []
    for item, condition, note in items:
        try:
            cond = Condition(condition)
        except ValueError:
            raise ValidationError(f"{item}: the finding is ok, soon or urgent",
                                  {"condition": "ok, soon or urgent"}) from None
        if not item.strip():
            raise ValidationError("Name the inspected item", {"item": "Needed"})
        rows.append((item.strip()[:200], cond, note.strip()[:250]))
    with db.atomic():
        order = open_for(actor, repair_order_id) if actor.role == Role.TECHNICIAN else \
            get(actor, repair_order_id)
        require_editable(order)
        InspectionItem.delete().where(InspectionItem.repair_order == order.id).execute()
        for position, (item, cond, note) in enumerate(rows, start=1):
            InspectionItem.create(repair_order=order.id, position=position, item=item,
                                  condition=cond.value, note=note)
        flagged = sum(1 for _i, c, _n in rows if c is not Condition.OK)
        audit.record(actor, "inspect", "repair order", order.id,
                     f"{order.number}: {len(rows)} items inspected, {flagged} need attention")
    return inspection_of(actor, order.id)


# ---------------------------------------------------------------- lines

def parse_price(value: object, what: str) -> Decimal:
    """A price as typed on a line or a package: an amount of money, not negative."""
    try:
        result = to_money(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(f"{what} {value!r} is not an amount of money",
                              {"unit_price": "Not an amount"}) from None
    if result < 0:
        raise ValidationError(f"{what} cannot be negative", {"unit_price": "Not negative"})
    return result


def _quantity(value: object, what: str = "The quantity") -> Decimal:
    try:
        qty = to_quantity(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(f"{what} {value!r} is not a number (up to 3 decimals)",
                              {"quantity": "Not a number"}) from None
    return qty


def _technician(user_id: int | None) -> int | None:
    if user_id is None:
        return None
    user = User.get_or_none(User.id == user_id)
    if user is None or not user.active:
        raise ValidationError("Choose an active member of staff as technician",
                              {"technician": "Not active"})
    return user.id


def line_values(actor: Actor, data: LineInput) -> dict[str, Any]:
    """Validate an estimate line; resolve part price and labour rate."""
    try:
        kind = LineKind(data.kind)
    except ValueError:
        raise ValidationError(f"Unknown line kind {data.kind!r}: labour, part, fee or sublet"
                              ) from None
    qty = _quantity(data.quantity)
    if qty <= 0:
        raise ValidationError("The quantity must be more than zero", {"quantity": "More than 0"})
    discount = _quantity(data.discount_percent, "The discount")
    if not 0 <= discount <= 100:
        raise ValidationError("A line discount is between 0 and 100%",
                              {"discount_percent": "0 to 100%"})
    part = None
    if data.part_id is not None:
        if kind is not LineKind.PART:
            raise ValidationError("Only a part line can name a stock part")
        part = Part.get_or_none(Part.id == data.part_id)
        if part is None:
            raise NotFoundError(f"There is no part #{data.part_id}")
        if part.archived:
            raise ValidationError(f"{part.sku} is archived", {"part": "Archived"})
    if data.unit_price is not None:
        price = parse_price(data.unit_price, "The price")
    elif part is not None:
        price = part.retail_price
    elif kind is LineKind.LABOUR and settings(actor).labour_rate:
        price = settings(actor).labour_rate
    else:
        raise ValidationError("Give the line a price", {"unit_price": "Needed"})
    description = (data.description or (part.name if part else "")).strip()
    if not description:
        raise ValidationError("Describe the line", {"description": "Needed"})
    hours = ZERO
    if kind is LineKind.LABOUR:
        hours = qty if data.hours is None else _quantity(data.hours, "The hours")
        if hours < 0:
            raise ValidationError("Hours cannot be negative", {"hours": "Not negative"})
    return {"kind": kind.value, "description": description[:255],
            "part": part.id if part else None, "sku": part.sku if part else "",
            "quantity": qty, "unit_price": price, "discount_percent": discount, "hours": hours,
            "technician": _technician(data.technician_id), "package": data.package_id}


def add_line(actor: Actor, repair_order_id: int, data: LineInput, *,
             approval: OwnerApproval | None = None) -> RepairOrderLine:
    """Add an estimate line (pending the customer's answer). A stock part is reserved: it is
    refused when it is not available and the shop does not allow negative stock. A discount
    above the actor's role limit needs the owner (``approval``)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    values = line_values(actor, data)
    owner_rules.check_discount(actor, values["discount_percent"], approval)
    with db.atomic():
        order = get(actor, repair_order_id)
        require_editable(order)
        if values["part"] is not None:
            workshop_parts.check_available(actor, values["part"], values["quantity"])
            if data.unit_price is None:  # the part at the customer's price level
                values["unit_price"] = pricing.price_for(
                    actor, Part.get_by_id(values["part"]),
                    pricing.level_of_customer(actor, order.customer_id))
        position = RepairOrderLine.select().where(
            RepairOrderLine.repair_order == order.id).count() + 1
        line = RepairOrderLine.create(repair_order=order.id, position=position, **values)
        audit.record(actor, "add line", "repair order", order.id,
                     f"{order.number}: {KIND_LABELS[LineKind(line.kind)]} {line.description} "
                     f"{line.quantity.normalize():f} x {line.unit_price}",
                     after=owner_rules.approved_by(actor, approval) or None)
    return line


def change_line(actor: Actor, line_id: int, *, version: int | None = None,
                approval: OwnerApproval | None = None, **changes: Any) -> RepairOrderLine:
    """Change a line's description, quantity, price, discount, hours or technician.
    A changed line needs the customer's answer again, unless only the technician changed.
    A new discount above the actor's role limit needs the owner (``approval``).
    ``version``: the line's version the person saw; a line another PC changed since is
    refused (:class:`ConflictError`, nothing written)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        line = get_line(actor, line_id)
        order = get(actor, line.repair_order_id)
        require_editable(order)
        data = LineInput(line.kind, line.description, line.quantity, line.unit_price,
                         line.part_id, line.discount_percent, line.hours, line.technician_id,
                         line.package)
        for key, value in changes.items():
            if not hasattr(data, key):
                raise ValidationError(f"Cannot change {key}")
            setattr(data, key, value)
        values = line_values(actor, data)
        if values["discount_percent"] != line.discount_percent:
            owner_rules.check_discount(actor, values["discount_percent"], approval)
        if values["quantity"] < line.issued:
            raise ValidationError(f"{line.issued.normalize():f} already left stock: return the "
                                  "unused part instead", {"quantity": "Below what was issued"})
        if values["part"] is not None and values["quantity"] > line.quantity:
            workshop_parts.check_available(actor, values["part"],
                                           values["quantity"] - line.quantity)
        priced = any(k != "technician_id" for k in changes)
        if priced and line.approval != Approval.PENDING:
            values.update(approval=Approval.PENDING.value, approval_at=None,
                          approval_method="", approval_note="")
        RepairOrderLine.claim(line.id, version)
        RepairOrderLine.update(**values).where(RepairOrderLine.id == line.id).execute()
        audit.record(actor, "change line", "repair order", order.id,
                     f"{order.number}: changed {line.description}",
                     {k: getattr(line, k, None) for k in changes},
                     {**changes, **owner_rules.approved_by(actor, approval)})
    return get_line(actor, line_id)


def assign(actor: Actor, line_id: int, technician_id: int | None, *,
           version: int | None = None) -> RepairOrderLine:
    """Give a line to a technician (None: unassigned)."""
    return change_line(actor, line_id, version=version, technician_id=technician_id)


def remove_line(actor: Actor, line_id: int, *, version: int | None = None) -> None:
    """Take a line off the estimate (not once its part has left stock; ``version`` as for
    :func:`change_line`)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        line = get_line(actor, line_id)
        order = get(actor, line.repair_order_id)
        require_editable(order)
        if line.issued:
            raise ValidationError(f"{line.description}: the part already left stock; return "
                                  "it first")
        RepairOrderLine.claim(line.id, version)
        line.delete_instance()
        audit.record(actor, "remove line", "repair order", order.id,
                     f"{order.number}: removed {line.description}")


def get_line(actor: Actor, line_id: int) -> RepairOrderLine:
    """The repair-order line with this id."""
    line = RepairOrderLine.get_or_none(RepairOrderLine.id == line_id)
    if line is None:
        raise NotFoundError(f"There is no repair-order line #{line_id}")
    return line


# ---------------------------------------------------------------- approval

def record_approval(actor: Actor, repair_order_id: int, *, declined: set[int] | frozenset = (),
                    method: str = "in person", note: str = "",
                    at: dt.datetime | None = None) -> RepairOrder:
    """Record the customer's answer to every pending line: all approved except ``declined``.

    Declined work is kept on the order and offered again at the vehicle's next visit and in
    reminders. The estimate becomes approved when at least one line is approved; an order
    with no lines, or with every line declined, is refused (nothing saved).
    """
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    if method not in APPROVAL_METHODS:
        raise ValidationError(f"How did the customer answer: {', '.join(APPROVAL_METHODS)}",
                              {"method": "Choose one"})
    when = at or utcnow()
    with db.atomic():
        order = get(actor, repair_order_id)
        require_editable(order)
        lines = lines_of(actor, order)
        if not lines:
            raise ValidationError(f"{order.number} has no lines: add the work and parts to the "
                                  "estimate before recording the customer's approval")
        pending = [li for li in lines if li.approval == Approval.PENDING]
        unknown = set(declined) - {li.id for li in pending}
        if unknown:
            raise ValidationError("Only lines still waiting for an answer can be declined")
        if not pending:
            raise ValidationError("Every line already has the customer's answer")
        approved_any = any(li.approval == Approval.APPROVED for li in lines) or any(
            li.id not in declined for li in pending)
        if not approved_any:
            raise ValidationError("The customer declined everything: cancel the order instead "
                                  "(the declined work is kept as a recommendation)")
        for li in pending:
            answer = Approval.DECLINED if li.id in declined else Approval.APPROVED
            (RepairOrderLine.update(approval=answer.value, approval_at=when,
                                    approval_method=method, approval_note=note.strip()[:250])
             .where(RepairOrderLine.id == li.id).execute())
        audit.record(actor, "approval", "repair order", order.id,
                     f"{order.number}: customer approved {len(pending) - len(declined)}, "
                     f"declined {len(declined)} ({method})",
                     None, {"declined": sorted(declined), "method": method})
        if order.status == Status.ESTIMATE:
            record_status_change(actor, order, Status.APPROVED, method)
            order.status = Status.APPROVED.value
            order.status_at = order.approved_at = when
            order.save_checked()
    return get(actor, repair_order_id)


def cancel_order(actor: Actor, repair_order_id: int, reason: str = "") -> RepairOrder:
    """The customer takes the car away without the work: parts go back, answers are kept."""
    return set_status(actor, repair_order_id, Status.CANCELLED, note=reason)


# ---------------------------------------------------------------- status

def set_status(actor: Actor, repair_order_id: int, to: Status | str, *,
               note: str = "") -> RepairOrder:
    """Move the order along its flow (done takes the parts out of stock and writes the
    packages done; invoiced goes through :func:`repair_order_invoicing.invoice_order`)."""
    to = Status(to)
    require(actor, Permission.WORK_JOBS if to in (Status.IN_PROGRESS, Status.WAITING_PARTS,
                                                   Status.DONE)
            else Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        order = open_for(actor, repair_order_id)
        check_next(order, to)
        if to is Status.APPROVED:
            raise ValidationError("Record the customer's answer to approve an estimate")
        if to is Status.INVOICED:
            raise ValidationError("Make the invoice to mark the order invoiced")
        lines = lines_of(actor, order)
        if to is Status.DONE:
            if any(li.approval == Approval.PENDING for li in lines):
                raise ValidationError("Some lines still wait for the customer's answer: record "
                                      "it before finishing the job")
            job_clock.clock_off_all(actor, order.id)
            workshop_parts.issue_approved(actor, order)
            package_history.record_packages(actor, order, lines)
            order.done_at = utcnow()
        if to is Status.CANCELLED:
            workshop_parts.return_all(actor, order)
        if to is Status.COLLECTED:
            order.collected_at = utcnow()
        move_status(actor, order, to, note)
    return get(actor, repair_order_id)


# ---------------------------------------------------------------- lists

def open_orders(actor: Actor, statuses: tuple[Status, ...] = (*OPEN_STATUSES, Status.DONE),
                limit: int = 500) -> list[RepairOrder]:
    """Orders in the given statuses, oldest first (a technician: their own only)."""
    query = (RepairOrder.select(RepairOrder, Vehicle).join(Vehicle)
             .where(RepairOrder.status.in_([s.value for s in statuses]))
             .order_by(RepairOrder.created_at, RepairOrder.id).limit(limit))
    if actor.role == Role.TECHNICIAN:
        mine = RepairOrderLine.select(RepairOrderLine.repair_order).where(
            RepairOrderLine.technician == actor.user_id)
        query = query.where(RepairOrder.id.in_(mine))
    return list(query)


def of_vehicle(actor: Actor, vehicle_id: int) -> list[RepairOrder]:
    """A vehicle's repair orders, newest first."""
    return list(RepairOrder.select().where(RepairOrder.vehicle == vehicle_id)
                .order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc()))


def declined_work(actor: Actor, vehicle_id: int, *,
                  before_order: int | None = None) -> list[RepairOrderLine]:
    """Work the customer declined on this vehicle and nobody has dealt with since: the
    recommendations to offer at the next visit (newest first)."""
    query = (RepairOrderLine.select(RepairOrderLine, RepairOrder)
             .join(RepairOrder)
             .where((RepairOrder.vehicle == vehicle_id)
                    & (RepairOrderLine.approval == Approval.DECLINED.value)
                    & RepairOrderLine.recommendation_closed_at.is_null()))
    if before_order is not None:
        query = query.where(RepairOrder.id != before_order)
    return list(query.order_by(RepairOrder.created_at.desc(), RepairOrderLine.position))


def take_up_recommendation(actor: Actor, repair_order_id: int, line_id: int) -> RepairOrderLine:
    """Put declined work from an earlier visit on this order (and close the recommendation)."""
    with db.atomic():
        old = get_line(actor, line_id)
        order = get(actor, repair_order_id)
        if old.approval != Approval.DECLINED or old.recommendation_closed_at is not None:
            raise ValidationError("That recommendation is no longer open")
        if get(actor, old.repair_order_id).vehicle_id != order.vehicle_id:
            raise ValidationError("That recommendation is for another vehicle")
        line = add_line(actor, order.id, LineInput(
            old.kind, old.description, old.quantity, old.unit_price, old.part_id,
            old.discount_percent, old.hours if old.kind == LineKind.LABOUR else None))
        close_recommendation(actor, line_id)
    return line


def close_recommendation(actor: Actor, line_id: int) -> None:
    """Stop offering declined work (done elsewhere, or taken up on a later order)."""
    require(actor, Permission.MANAGE_REPAIR_ORDERS)
    with db.atomic():
        RepairOrderLine.update(recommendation_closed_at=utcnow()).where(
            RepairOrderLine.id == line_id).execute()
        audit.record(actor, "close recommendation", "repair order line", line_id,
                     "Declined work no longer recommended")
