"""Core charges: the deposit on a part's old unit (batteries, alternators, starters,
calipers).

* **Selling** a part with a deposit puts a ``core`` line on the invoice automatically, one
  per part, its quantity following the part's lines on the same invoice (the link is the
  part on the same invoice; :func:`shopdesk.services.sales.core_lines.sync_lines` runs
  after every change of a draft's lines,
  from a counter sale or a repair-order invoice alike). The clerk cannot remove or change
  the core line by itself; it goes when the part goes.
* **Tax**: the core line carries the tax class of its part (a refundable deposit on a taxed
  part is taxed with it), so the refund credits exactly the deposit and its tax. A whole-
  invoice discount is spread over the core line like any other, and its refund follows the
  same rule (the credit note uses the invoice's discount), so the customer gets back exactly
  what was paid for the core.
* **Core return**: the customer brings the old unit back. It must match an earlier issued
  invoice of that part to that customer with cores still outstanding; the deposit is
  refunded by a credit note of the core line (a clerk may issue this one kind of credit
  note), and the core goes into the cores-on-hand ledger (:class:`CoreMovement`; not
  sellable stock).
* **Back to the supplier**: cores on hand go down and a supplier claim records the credit
  expected until it is received (:mod:`shopdesk.services.counter.warranty_claims`).

Outstanding cores = core lines of issued invoices less what issued credit notes took of
them (a core return, or a whole-invoice credit when the customer returned the new part).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import writing
from shopdesk.models.cores import CoreKind, CoreMovement, PartCore
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import (
    DocumentKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
    PaymentMethod,
)
from shopdesk.models.parts import Part, Supplier
from shopdesk.models.warranty import ClaimKind, SupplierClaim
from shopdesk.money import ZERO, round_money
from shopdesk.services import amounts, audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.counter import warranty_claims
from shopdesk.services.sales import credit_notes
from shopdesk.services.sales.core_lines import CORE_PREFIX


def deposit_of(actor: Actor, part_id: int) -> Decimal:
    """The part's core deposit per unit (0: none)."""
    row = PartCore.get_or_none(PartCore.part == part_id)
    return row.deposit if row else ZERO


def set_deposit(actor: Actor, part_id: int, amount: object) -> None:
    """Set a part's core deposit (0 or blank: the part has none)."""
    require(actor, Permission.CHANGE_PRICES)
    text = "0" if amount is None or not str(amount).strip() else str(amount).strip()
    value = amounts.parse_money(text, "Core deposit")
    if value < 0:
        raise ValidationError("A core deposit cannot be negative", {"core": "Not negative"})
    if Part.get_or_none(Part.id == part_id) is None:
        raise NotFoundError(f"There is no part #{part_id}")
    with db.atomic():
        before = deposit_of(actor, part_id)
        if before == value:
            return
        row = PartCore.get_or_none(PartCore.part == part_id)
        if row is None:
            PartCore.create(part=part_id, deposit=value)
        else:
            PartCore.update(deposit=value).where(PartCore.id == row.id).execute()
        audit.record(actor, "core deposit", "part", part_id, f"Core deposit {value}",
                     {"deposit": before}, {"deposit": value})


# ------------------------------------------------------------------ selling

# ------------------------------------------------------------------ outstanding

@dataclass(frozen=True)
class Outstanding:
    """Cores of one sale (invoice line) not yet brought back."""

    core_line_id: int
    invoice_id: int
    number: str
    issue_date: dt.date
    customer_id: int | None
    customer_name: str
    part_id: int
    sku: str
    description: str
    sold: Decimal
    returned: Decimal
    deposit: Decimal  # per unit, as charged

    @property
    def outstanding(self) -> Decimal:
        return self.sold - self.returned

    @property
    def deposit_outstanding(self) -> Decimal:
        return round_money(self.outstanding * self.deposit)


def _credited() -> peewee.Select:
    return (InvoiceLine.select(InvoiceLine.credited_line.alias("line_id"),
                               peewee.fn.SUM(InvoiceLine.quantity).alias("qty"))
            .join(Invoice)
            .where((Invoice.kind == DocumentKind.CREDIT_NOTE.value)
                   & (Invoice.status == InvoiceStatus.ISSUED.value)
                   & (InvoiceLine.kind == LineKind.CORE.value))
            .group_by(InvoiceLine.credited_line))


def outstanding(actor: Actor, *, customer_id: int | None = None, invoice_id: int | None = None,
                part_id: int | None = None, include_settled: bool = False) -> list[Outstanding]:
    """Sales with cores still out with the customer, oldest first (one query, using the
    index on invoice line kind)."""
    credited = _credited().alias("credited")
    returned = peewee.fn.COALESCE(credited.c.qty, 0)
    query = (InvoiceLine.select(InvoiceLine.id, Invoice.id, Invoice.number, Invoice.issue_date,
                                Invoice.customer, Invoice.customer_name, InvoiceLine.part,
                                InvoiceLine.sku, InvoiceLine.description,
                                InvoiceLine.quantity, returned, InvoiceLine.unit_price)
             .join(Invoice)
             .join_from(InvoiceLine, credited, peewee.JOIN.LEFT_OUTER,
                        on=(credited.c.line_id == InvoiceLine.id))
             .where((InvoiceLine.kind == LineKind.CORE.value)
                    & (Invoice.kind == DocumentKind.INVOICE.value)
                    & (Invoice.status == InvoiceStatus.ISSUED.value)))
    # (sorted here, not by SQL: an ORDER BY on the invoice date makes SQLite walk every
    # invoice instead of finding the few core lines by their kind)
    if not include_settled:
        query = query.where(InvoiceLine.quantity > returned)
    if customer_id is not None:
        query = query.where(Invoice.customer == customer_id)
    if invoice_id is not None:
        query = query.where(Invoice.id == invoice_id)
    if part_id is not None:
        query = query.where(InvoiceLine.part == part_id)
    result = []
    for (line_id, inv_id, number, issued, cust, name, pid, sku, desc, qty, back,
         price) in query.tuples():
        result.append(Outstanding(
            line_id, inv_id, number, issued, cust, name, pid, sku,
            desc.removeprefix(CORE_PREFIX), _dec(qty, 1000), _milli(back),
            _dec(price, 100)))
    result.sort(key=lambda r: (r.issue_date, r.invoice_id, r.core_line_id))
    return result


def _milli(value: object) -> Decimal:
    """A summed quantity column (thousandths; PostgreSQL gives a Decimal, SQLite an int)."""
    return (Decimal(int(value or 0)) / 1000).quantize(Decimal("0.001"))


def _dec(value: object, scale: int) -> Decimal:
    """A selected column: peewee converts model fields, not sub-query sums."""
    if isinstance(value, Decimal):
        return value
    return (Decimal(int(value or 0)) / scale).quantize(Decimal(1) / scale)


def outstanding_total(actor: Actor) -> tuple[Decimal, Decimal]:
    """(cores out with customers, their deposits) over all sales."""
    rows = outstanding(actor)
    return (sum((r.outstanding for r in rows), Decimal("0.000")),
            sum((r.deposit_outstanding for r in rows), ZERO))


# ------------------------------------------------------------------ core return

def _customer_label(customer_id: int | None) -> str:
    if customer_id is None:
        return "the cash customer"
    customer = Customer.get_or_none(Customer.id == customer_id)
    return customer.display_name if customer else f"customer #{customer_id}"


def _book(actor: Actor, part_id: int, kind: CoreKind, signed: Decimal, **links) -> CoreMovement:
    milli = peewee.Value(int(signed * 1000), converter=False)
    if not PartCore.update(on_hand=PartCore.on_hand + milli).where(
            PartCore.part == part_id).execute():
        PartCore.create(part=part_id, deposit=ZERO, on_hand=signed)
    return CoreMovement.create(part=part_id, kind=kind.value, quantity=signed,
                               user=actor.user_id, username=actor.username, **links)


def return_core(actor: Actor, part_id: int, quantity: object = 1, *,
                customer_id: int | None = None, invoice_id: int | None = None,
                settle: PaymentMethod | str | None = None,
                today: dt.date | None = None) -> list[Invoice]:
    """The customer brought back ``quantity`` old units of a part: refund the deposit and
    put the cores on hand. Matches the given invoice, or the customer's oldest sales of the
    part with cores outstanding. Refused (nothing changed) without a matching sale, or for
    more cores than are outstanding. Returns the credit notes issued (one per sale)."""
    require(actor, Permission.SELL)
    qty = amounts.parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError("Take back a quantity of more than zero",
                              {"quantity": "More than zero"})
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    if invoice_id is None and customer_id is None:
        raise ValidationError("Choose the customer or the invoice the core was sold on")
    with writing():
        rows = outstanding(actor, customer_id=customer_id, invoice_id=invoice_id, part_id=part_id)
        if invoice_id is not None and customer_id is not None:
            rows = [r for r in rows if r.customer_id == customer_id]
        where = (f"on {_invoice_label(invoice_id)}" if invoice_id is not None
                 else f"with {_customer_label(customer_id)}")
        if not rows:
            raise ValidationError(
                f"No core of {part.sku} ({part.name}) is outstanding {where}: a core "
                "return must match an earlier sale of that part with its deposit. Nothing "
                "was refunded.", {"part": "No matching sale"})
        available = sum((r.outstanding for r in rows), Decimal(0))
        if qty > available:
            raise ValidationError(
                f"Only {available.normalize():f} core(s) of {part.sku} are outstanding "
                f"{where}; {qty.normalize():f} cannot be taken back. Nothing was refunded.",
                {"quantity": f"At most {available.normalize():f}"})
        notes, left = [], qty
        for row in rows:
            take = min(left, row.outstanding)
            if take <= 0:
                break
            note = credit_notes.issue_credit_note(
                actor, row.invoice_id, f"Core returned: {part.sku}", {row.core_line_id: take},
                return_to_stock=False, settle=settle, today=today, core_return=True)
            _book(actor, part.id, CoreKind.CUSTOMER_RETURN, take, sale_line=row.core_line_id,
                  credit_note=note.id, reference=note.number)
            audit.record(actor, "core return", "part", part.id,
                         f"Core of {part.sku} x {take.normalize():f} back from "
                         f"{row.customer_name} ({row.number} -> {note.number})")
            notes.append(note)
            left -= take
    return notes


def _invoice_label(invoice_id: int) -> str:
    invoice = Invoice.get_or_none(Invoice.id == invoice_id)
    return invoice.number or f"draft #{invoice_id}" if invoice else f"invoice #{invoice_id}"


# ------------------------------------------------------------------ back to the supplier

def on_hand(actor: Actor, part_id: int) -> Decimal:
    row = PartCore.get_or_none(PartCore.part == part_id)
    return row.on_hand if row else Decimal("0.000")


def return_to_supplier(actor: Actor, part_id: int, supplier_id: int | None = None,
                       quantity: object = 1, expected: object | None = None,
                       reference: str = "") -> SupplierClaim:
    """Send cores on hand back to the supplier: cores on hand go down and a claim records
    the credit expected (default: the deposit per core) until it is received."""
    require(actor, Permission.MANAGE_STOCK)
    qty = amounts.parse_quantity(quantity)
    if qty <= 0:
        raise ValidationError("Send back a quantity of more than zero",
                              {"quantity": "More than zero"})
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    supplier_id = supplier_id or part.supplier_id
    if supplier_id is None:
        raise ValidationError(f"Choose the supplier the cores of {part.sku} go back to",
                              {"supplier": "Needed"})
    with writing():
        held = on_hand(actor, part.id)
        if qty > held:
            raise ValidationError(f"Only {held.normalize():f} core(s) of {part.sku} on hand; "
                                  f"{qty.normalize():f} cannot go back",
                                  {"quantity": f"At most {held.normalize():f}"})
        amount = (round_money(qty * deposit_of(actor, part.id)) if expected in (None, "")
                  else expected)
        claim = warranty_claims.open_claim(actor, ClaimKind.CORE, part.id, supplier_id, qty,
                                           amount, reference=reference)
        _book(actor, part.id, CoreKind.SUPPLIER_RETURN, -qty, claim=claim.id,
              reference=reference.strip()[:200])
    return claim


@dataclass(frozen=True)
class OnHand:
    part_id: int
    sku: str
    name: str
    supplier: str
    on_hand: Decimal
    deposit: Decimal

    @property
    def value(self) -> Decimal:
        return round_money(self.on_hand * self.deposit)


def on_hand_rows(actor: Actor) -> list[OnHand]:
    """Cores waiting to go back to suppliers, by part."""
    query = (PartCore.select(PartCore.part, Part.sku, Part.name, Supplier.name,
                             PartCore.on_hand, PartCore.deposit)
             .join(Part).join(Supplier, peewee.JOIN.LEFT_OUTER)
             .where(PartCore.on_hand != 0).order_by(Part.sku))
    return [OnHand(pid, sku, name, sup or "", _dec(qty, 1000), _dec(dep, 100))
            for pid, sku, name, sup, qty, dep in query.tuples()]

