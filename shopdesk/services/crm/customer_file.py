"""Everything on one customer's file, read in a handful of queries (opens in milliseconds).

Visits are the customer's repair orders (number, vehicle, status, total) plus logged visits
on days without an order; invoices are the issued invoices and credit notes (and open
drafts) with what is paid and due; the balance is the sum still due on issued invoices;
services due come from the maintenance packages that fit the customer's vehicles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk.models.crm import Complaint, Inquiry, Interaction, InteractionKind, Survey
from shopdesk.models.customers import Customer, CustomerPhone, Tag
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus
from shopdesk.models.repair_orders import Approval, RepairOrder, RepairOrderLine, Status
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO, from_cents, line_total, sum_money
from shopdesk.services.access import Actor
from shopdesk.services.crm import complaints, customers, inquiries, interactions, surveys
from shopdesk.services.sales import payments
from shopdesk.services.workshop import check_in, maintenance, service_due
from shopdesk.services.workshop.repair_orders import STATUS_LABELS

#: At most this many rows per list on the file (the newest); the full lists are elsewhere.
LIMIT = 500


@dataclass(frozen=True)
class Visit:
    """A repair order (``repair_order_id`` set) or a logged visit without one."""

    on: dt.date
    what: str
    vehicle: str = ""
    repair_order_id: int | None = None
    number: str = ""
    status: str = ""
    total: Decimal | None = None


@dataclass(frozen=True)
class InvoiceLine:
    """An invoice or credit note as the file lists it (credit notes carry negative totals)."""

    number: str
    on: dt.date | None
    total: Decimal
    owed: Decimal
    invoice_id: int = 0
    kind: str = DocumentKind.INVOICE.value
    status: str = InvoiceStatus.ISSUED.value
    paid: Decimal = ZERO
    credited: Decimal = ZERO
    vehicle: str = ""
    corrects: str = ""  # a credit note: the number of the invoice it corrects


@dataclass(frozen=True)
class DueLine:
    """A maintenance package due on one of the customer's vehicles."""

    vehicle: str
    package: str
    due_on: dt.date
    due_km: int | None
    last_done_on: dt.date | None
    status: str
    vehicle_id: int = 0


@dataclass
class CustomerFile:
    customer: Customer
    phones: list[CustomerPhone]
    tags: list[Tag]
    vehicles: list[Vehicle]
    interactions: list[Interaction]
    inquiries: list[Inquiry]
    complaints: list[Complaint]
    surveys: list[Survey]
    visits: list[Visit]
    invoices: list[InvoiceLine]
    balance: Decimal
    store_credit: Decimal = ZERO
    services_due: list[DueLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _order_totals(order_ids: list[int]) -> dict[int, Decimal]:
    """Approved (or still pending) work per order, from its lines in one query."""
    sums: dict[int, list[Decimal]] = {}
    for start in range(0, len(order_ids), 500):
        rows = (RepairOrderLine.select(RepairOrderLine.repair_order, RepairOrderLine.quantity,
                                       RepairOrderLine.unit_price,
                                       RepairOrderLine.discount_percent)
                .where(RepairOrderLine.repair_order.in_(order_ids[start:start + 500])
                       & (RepairOrderLine.approval != Approval.DECLINED.value))
                .tuples())
        for oid, qty, price, discount in rows:
            sums.setdefault(oid, []).append(line_total(qty, price, discount))
    return {oid: sum_money(amounts) for oid, amounts in sums.items()}


def visits(actor: Actor, customer_id: int) -> list[Visit]:
    """Repair orders and visits logged on days without one, newest first.

    An order's total is its invoice's total once invoiced, else the work not declined.
    """
    orders = list(RepairOrder.select(RepairOrder.id, RepairOrder.number, RepairOrder.created_at,
                                     RepairOrder.status, RepairOrder.concerns, Vehicle.plate,
                                     Vehicle.make, Vehicle.model, Invoice.gross)
                  .join(Vehicle, on=(RepairOrder.vehicle == Vehicle.id))
                  .switch(RepairOrder)
                  .join(Invoice, peewee.JOIN.LEFT_OUTER, on=(RepairOrder.invoice == Invoice.id))
                  .where(RepairOrder.customer == customer_id)
                  .order_by(RepairOrder.created_at.desc()).limit(LIMIT).tuples())
    totals = _order_totals([o[0] for o in orders if o[8] is None])
    result = [Visit(at.date(), (concerns or "").split("\n")[0],
                    " ".join(x for x in (plate, make, model) if x), oid, number,
                    STATUS_LABELS.get(Status(status), status),
                    gross if gross is not None else totals.get(oid, ZERO))
              for oid, number, at, status, concerns, plate, make, model, gross in orders]
    order_days = {v.on for v in result}
    logged = (Interaction.select(Interaction.at, Interaction.summary, Vehicle.plate)
              .join(Vehicle, on=(Interaction.vehicle == Vehicle.id),
                    join_type=peewee.JOIN.LEFT_OUTER)
              .where((Interaction.customer == customer_id)
                     & (Interaction.kind == InteractionKind.VISIT.value))
              .order_by(Interaction.at.desc()).limit(LIMIT).tuples())
    result += [Visit(at.date(), summary, plate or "") for at, summary, plate in logged
               if at.date() not in order_days]
    result.sort(key=lambda v: v.on, reverse=True)
    return result[:LIMIT]


def _due_expr() -> peewee.Node:
    return Invoice.gross - Invoice.credited - Invoice.paid


def invoices(actor: Actor, customer_id: int) -> list[InvoiceLine]:
    """Issued invoices and credit notes and open drafts, newest first."""
    Corrected = Invoice.alias()
    rows = (Invoice.select(Invoice.id, Invoice.kind, Invoice.status, Invoice.number,
                           Invoice.issue_date, Invoice.created_at, Invoice.gross, Invoice.paid,
                           Invoice.credited, Invoice.vehicle_text, Corrected.number)
            .join(Corrected, peewee.JOIN.LEFT_OUTER,
                  on=(Invoice.credited_invoice == Corrected.id))
            .where((Invoice.customer == customer_id)
                   & (Invoice.status != InvoiceStatus.VOID.value))
            .order_by(Invoice.issue_date.desc(nulls="first"), Invoice.id.desc())
            .limit(LIMIT).tuples())
    result = []
    for iid, kind, status, number, on, created, gross, paid, credited, vehicle, corrects in rows:
        issued = status == InvoiceStatus.ISSUED.value
        owed = (gross - credited - paid if issued and kind == DocumentKind.INVOICE.value
                else ZERO)
        result.append(InvoiceLine(number or "(draft)", on or created.date(), gross, owed, iid,
                                  kind, status, paid, credited, vehicle, corrects or ""))
    return result


def balance(actor: Actor, customer_id: int) -> Decimal:
    """What the customer still owes on issued invoices (after payments and credit notes)."""
    due = _due_expr()
    cents = (Invoice.select(peewee.fn.COALESCE(peewee.fn.SUM(due), 0).coerce(False))
             .where((Invoice.customer == customer_id)
                    & (Invoice.kind == DocumentKind.INVOICE.value)
                    & (Invoice.status == InvoiceStatus.ISSUED.value) & (due > 0))
             .scalar())
    return from_cents(int(cents))


def services_due(actor: Actor, customer_id: int, *, today: dt.date | None = None) -> list[DueLine]:
    """Maintenance due on the customer's (living) vehicles, soonest first."""
    today = today or dt.date.today()
    cars = {vid: " ".join(x for x in (plate, make, model) if x)
            for vid, plate, make, model in
            Vehicle.select(Vehicle.id, Vehicle.plate, Vehicle.make, Vehicle.model)
            .where((Vehicle.customer == customer_id) & (Vehicle.archived == False))  # noqa: E712
            .tuples()}
    if not cars:
        return []
    names = {p.id: p.name for p in maintenance.all_packages(actor)}
    due = sorted(service_due.compute(actor, list(cars), today=today),
                 key=lambda d: (d.due_on, d.vehicle_id, d.package_id))
    return [DueLine(cars[d.vehicle_id], names.get(d.package_id, "?"), d.due_on, d.due_km,
                    d.last_done_on, d.status(today), d.vehicle_id) for d in due]


def load(actor: Actor, customer_id: int) -> CustomerFile:
    """The whole file of one customer."""
    customer = customers.get(actor, customer_id)
    return CustomerFile(
        customer=customer,
        phones=list(CustomerPhone.select().where(CustomerPhone.customer == customer_id)
                    .order_by(CustomerPhone.position)),
        tags=customers.tags_of(actor, customer_id),
        vehicles=list(Vehicle.select().where(Vehicle.customer == customer_id)
                      .order_by(Vehicle.archived, Vehicle.id.desc())),
        interactions=interactions.history(actor, customer_id),
        inquiries=inquiries.of_customer(actor, customer_id),
        complaints=complaints.of_customer(actor, customer_id),
        surveys=surveys.of_customer(actor, customer_id),
        visits=visits(actor, customer_id),
        invoices=invoices(actor, customer_id),
        balance=balance(actor, customer_id),
        store_credit=payments.credit_balance(actor, customer_id),
        services_due=services_due(actor, customer_id),
        warnings=check_in.warnings_for(actor, customer_id),
    )
