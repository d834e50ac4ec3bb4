"""Everything on one customer's file, read in a handful of queries (opens in milliseconds).

Visits and repair orders, invoices and the balance owed belong to later issues: until then
:func:`visits` lists the logged visits, :func:`invoices` is empty and :func:`balance` is 0.
Those issues replace these three functions' bodies; the screen already shows their sections.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk.models.crm import Complaint, Inquiry, Interaction, InteractionKind, Survey
from shopdesk.models.customers import Customer, CustomerPhone, Tag
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO
from shopdesk.services import check_in, complaints, customers, inquiries, interactions, surveys


@dataclass(frozen=True)
class Visit:
    on: dt.date
    what: str
    vehicle: str = ""
    repair_order_id: int | None = None


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    on: dt.date
    total: Decimal
    owed: Decimal


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
    warnings: list[str] = field(default_factory=list)


def visits(customer_id: int) -> list[Visit]:
    """Visits and repair orders, newest first (for now: the logged visits)."""
    rows = (Interaction.select(Interaction.at, Interaction.summary, Vehicle.plate)
            .join(Vehicle, on=(Interaction.vehicle == Vehicle.id), join_type=peewee.JOIN.LEFT_OUTER)
            .where((Interaction.customer == customer_id)
                   & (Interaction.kind == InteractionKind.VISIT.value))
            .order_by(Interaction.at.desc()).limit(500).tuples())
    return [Visit(at.date(), summary, plate or "") for at, summary, plate in rows]


def invoices(customer_id: int) -> list[InvoiceLine]:
    """The customer's invoices (the invoicing issue fills this)."""
    return []


def balance(customer_id: int) -> Decimal:
    """What the customer owes (the invoicing issue fills this)."""
    return ZERO


def load(customer_id: int) -> CustomerFile:
    """The whole file of one customer."""
    customer = customers.get(customer_id)
    return CustomerFile(
        customer=customer,
        phones=list(CustomerPhone.select().where(CustomerPhone.customer == customer_id)
                    .order_by(CustomerPhone.position)),
        tags=customers.tags_of(customer_id),
        vehicles=list(Vehicle.select().where(Vehicle.customer == customer_id)
                      .order_by(Vehicle.archived, Vehicle.id.desc())),
        interactions=interactions.history(customer_id),
        inquiries=inquiries.of_customer(customer_id),
        complaints=complaints.of_customer(customer_id),
        surveys=surveys.of_customer(customer_id),
        visits=visits(customer_id),
        invoices=invoices(customer_id),
        balance=balance(customer_id),
        warnings=check_in.warnings_for(customer_id),
    )
