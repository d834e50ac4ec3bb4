"""Invoices: drafts from a repair order or a counter sale, and issuing them.

One service for every way an invoice starts::

    draft = invoices.create_draft(actor, customer_id, vehicle_id, lines=[LineDraft(...)],
                                  source="repair order", source_id=ro.id)
    invoice = invoices.issue(actor, draft.id)

A draft has no number and can be changed; :func:`issue` computes the totals with the one
rounding rule (:mod:`shopdesk.services.sales.totals`), takes the next gapless number, books part
lines out of stock and writes the audit record, all in one transaction. After that the
invoice never changes (services refuse, database triggers refuse); a credit note corrects it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow, writing
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import (
    DocumentKind,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
)
from shopdesk.models.parts import MovementKind, Part
from shopdesk.models.settings import TaxRate
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO, MoneyError, from_milli, line_total, to_money, to_quantity
from shopdesk.services import audit, hash_chain, owner_rules
from shopdesk.services.access import Actor, Approval, Permission, require
from shopdesk.services.changes import Changes, touch
from shopdesk.services.counter import warranty
from shopdesk.services.crm import grading, names
from shopdesk.services.crm.customers import require_account_credit
from shopdesk.services.pricing import pricing
from shopdesk.services.sales import core_lines, document_chain, numbering, totals
from shopdesk.services.shop.settings import get_settings
from shopdesk.services.stock import stock

CASH_CUSTOMER = QT_TRANSLATE_NOOP("Labels", "Cash customer")  # stored as is; shown translated
#: an invoice's status as a person reads it (translated where shown)
STATUS_LABELS = {InvoiceStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "Draft"),
                 InvoiceStatus.ISSUED: QT_TRANSLATE_NOOP("Labels", "Issued"),
                 InvoiceStatus.VOID: QT_TRANSLATE_NOOP("Labels", "Void")}
#: what kind of document it is, as a person reads it
KIND_LABELS = {DocumentKind.INVOICE: QT_TRANSLATE_NOOP("Labels", "Invoice"),
               DocumentKind.CREDIT_NOTE: QT_TRANSLATE_NOOP("Labels", "Credit note")}


def document_label(kind: str, status: str) -> str:
    """One word for a document in a list (untranslated, marked): an issued one by its kind
    ("Invoice", "Credit note"), otherwise by its status ("Draft", "Void")."""
    if InvoiceStatus(status) is InvoiceStatus.ISSUED:
        return KIND_LABELS[DocumentKind(kind)]
    return STATUS_LABELS[InvoiceStatus(status)]
#: what a line charges for, as a person reads it
LINE_KIND_LABELS = {LineKind.PART: QT_TRANSLATE_NOOP("Labels", "Part"),
                    LineKind.LABOUR: QT_TRANSLATE_NOOP("Labels", "Labour"),
                    LineKind.FEE: QT_TRANSLATE_NOOP("Labels", "Fee"),
                    LineKind.SUBLET: QT_TRANSLATE_NOOP("Labels", "Sublet"),
                    LineKind.CORE: QT_TRANSLATE_NOOP("Labels", "Core deposit")}
PRICE_LEVELS = ("retail", "trade")
MAX_LINES = 500


@dataclass
class LineDraft:
    """A line to put on a draft. ``unit_price`` None: the part's price at the price level.
    ``tax_code`` None: the part's tax class, else the shop's default rate. ``takes_stock``
    False when the stock already left (e.g. booked as repair-order use)."""

    description: str = ""
    quantity: Decimal | int | str = 1
    unit_price: Decimal | int | str | None = None
    kind: LineKind | str = LineKind.PART
    part_id: int | None = None
    discount_percent: Decimal | int | str = 0
    tax_code: str | None = None
    takes_stock: bool = True


def get(actor: Actor, invoice_id: int) -> Invoice:
    """The invoice or credit note with this id."""
    # plain SQL: issuing, printing and the lists read single invoices all the time, and
    # peewee's query building costs ~10x the read itself
    found = list(Invoice.raw(f"SELECT * FROM invoice WHERE id = {db.param}", invoice_id))
    if not found:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That invoice no longer exists"))
    return found[0]


def by_ids(actor: Actor, invoice_ids: Iterable[int]) -> dict[int, Invoice]:
    """The invoices with these ids, by id (one query; ids no longer there are left out)."""
    ids = sorted(set(invoice_ids))
    if not ids:
        return {}
    return {i.id: i for i in Invoice.select().where(Invoice.id.in_(ids))}


def by_number(actor: Actor, number: str) -> Invoice:
    """The issued invoice or credit note with this number (as printed). Case does not matter,
    nor the zero padding of the sequence: ``ra-2026-184`` is ``RA-2026-00184``."""
    text = number.strip()
    for candidate in dict.fromkeys((text.upper(), text, _padded(text.upper()))):
        invoice = Invoice.get_or_none(Invoice.number == candidate)
        if invoice is not None:
            return invoice
    raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "There is no invoice numbered '{number}'"),
                        number=text)


def _padded(number: str) -> str:
    """``RA-2026-184`` as printed: the sequence (the last part) padded to five digits."""
    head, dash, sequence = number.rpartition("-")
    if not dash or not sequence.isdigit() or len(sequence) > 9:
        return number
    return f"{head}-{int(sequence):05d}"


# How a draft is referred to before it has a number (``shopdesk invoice list`` shows it).
DRAFT_PREFIX = "DRAFT-"
_DRAFT_REFERENCE = re.compile(r"^DRAFT[-\s#]*0*(\d{1,12})$", re.IGNORECASE)


def reference(invoice: Invoice) -> str:
    """What identifies an invoice to a person: its number, or ``DRAFT-17`` while a draft
    (or a voided draft) has none."""
    return invoice.number or f"{DRAFT_PREFIX}{invoice.id}"


def by_reference(actor: Actor, text: str) -> Invoice:
    """The invoice a person names: a printed number (see :func:`by_number`) or a draft's
    reference ``DRAFT-17`` (see :func:`reference`)."""
    draft = _DRAFT_REFERENCE.match(text.strip())
    if draft is None:
        return by_number(actor, text)
    found = Invoice.get_or_none(Invoice.id == int(draft.group(1)))
    if found is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "There is no draft invoice {reference}"),
                            reference=f"{DRAFT_PREFIX}{int(draft.group(1))}")
    return found


def lines_of(actor: Actor, invoice: Invoice | int) -> list[InvoiceLine]:
    """The lines in printed order, their unit costs too: for the services, printing and the
    owner's reports. A window shows :func:`lines_for` (no costs for who may not see them)."""
    invoice_id = invoice if isinstance(invoice, int) else invoice.id
    return list(InvoiceLine.raw(f"SELECT * FROM invoice_line WHERE invoice_id = {db.param} "
                                "ORDER BY position, id", invoice_id))


def lines_for(actor: Actor, invoice: Invoice | int) -> list[InvoiceLine]:
    """The lines in printed order as ``actor`` may see them: each line's unit cost (the cost
    snapshot margins are reckoned from) None unless they may see costs."""
    lines = lines_of(actor, invoice)
    if not actor.sees_costs:
        for line in lines:
            line.unit_cost = None
    return lines


def balance_due(invoice: Invoice) -> Decimal:
    """What is still owed on an issued invoice (0 once paid or credited)."""
    if invoice.kind != DocumentKind.INVOICE or invoice.status != InvoiceStatus.ISSUED:
        return ZERO
    return invoice.gross - invoice.credited - invoice.paid


def _percent(value: object, what: str) -> Decimal:
    try:
        pct = to_quantity(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The discount {value} is not a number"),
                              {"discount_percent": QT_TRANSLATE_NOOP("Errors", "Not a number")},
                              value=repr(str(value))) from None
    if not ZERO <= pct <= 100:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A discount must be between 0 and "
                                                          "100%, not {percent}%"),
                              {"discount_percent": QT_TRANSLATE_NOOP("Errors", "0 to 100%")},
                              percent=f"{pct.normalize():f}")
    return pct


def _tax_rates() -> dict[str, Decimal]:
    return {t.code: t.rate for t in TaxRate.select()}


def _default_tax_code() -> str:
    row = TaxRate.get_or_none(TaxRate.is_default == True)  # noqa: E712
    return row.code if row else ""


def customer_shown(name: str, customer_id: int | None) -> str:
    """The name a document is made out to, as printed and exported: the cash customer's (kept
    in English on the document) in the language in use, any other as it was stored."""
    if customer_id is None and name == CASH_CUSTOMER:
        return translate("Labels", CASH_CUSTOMER)
    return name


def _customer_snapshot(customer_id: int | None) -> dict[str, Any]:
    if customer_id is None:
        return {"customer": None, "customer_name": CASH_CUSTOMER, "billing_address": "",
                "customer_tax_id": "", "terms_days": 0}
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That customer no longer exists"))
    if customer.archived:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{customer} is archived; restore the "
                                                          "customer first"),
                              customer=customer.display_name)
    address = "\n".join(x for x in (customer.address,
                                    " ".join(y for y in (customer.postcode, customer.city) if y),
                                    customer.country) if x)
    terms = customer.payment_terms_days
    if terms is None:
        terms = get_settings().payment_terms_days
    if customer.blacklisted:
        terms = 0  # no account credit for a bad payer
    name = customer.company_name or names.full_name(
        customer.first_name, customer.last_name) or customer.display_name
    return {"customer": customer.id, "customer_name": name, "billing_address": address,
            "customer_tax_id": customer.tax_id, "terms_days": terms}


def vehicle_text(vehicle: Vehicle) -> str:
    """Plate, year make model and VIN, as printed on a workshop invoice."""
    car = " ".join(str(x) for x in (vehicle.year, vehicle.make, vehicle.model) if x)
    return " · ".join(x for x in (vehicle.plate, car, f"VIN {vehicle.vin}" if vehicle.vin
                                  else "") if x)


def _vehicle_snapshot(vehicle_id: int | None, customer_id: int | None) -> dict[str, Any]:
    if vehicle_id is None:
        return {"vehicle": None, "vehicle_text": ""}
    vehicle = Vehicle.get_or_none(Vehicle.id == vehicle_id)
    if vehicle is None:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That vehicle no longer exists"))
    if customer_id is not None and vehicle.customer_id != customer_id:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "That vehicle belongs to another "
                                                          "customer"),
                              {"vehicle": QT_TRANSLATE_NOOP("Errors", "Not this customer's")})
    return {"vehicle": vehicle.id, "vehicle_text": vehicle_text(vehicle)}


def _require_draft(invoice: Invoice) -> None:
    if invoice.status == InvoiceStatus.ISSUED:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "{number} is issued: it cannot be changed; issue a credit note to correct "
                      "it"), number=reference(invoice))
    if invoice.status != InvoiceStatus.DRAFT:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} is void: it cannot be "
                                                          "changed"), number=reference(invoice))


def _line_values(actor: Actor, draft: LineDraft, price_level: str, rates: dict[str, Decimal],
                 default_code: str) -> dict[str, Any]:
    """Validate one line and resolve part price, tax class and cost snapshot."""
    try:
        kind = LineKind(draft.kind)
    except ValueError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Unknown line kind {kind}"),
                              kind=repr(draft.kind)) from None
    try:
        qty = to_quantity(draft.quantity)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Quantity {value} is not a number (up "
                                                          "to 3 decimals)"),
                              {"quantity": QT_TRANSLATE_NOOP("Errors", "Not a number")},
                              value=repr(str(draft.quantity))) from None
    if qty <= 0:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The quantity must be more than zero "
                                                          "(returns are credit notes)"),
                              {"quantity": QT_TRANSLATE_NOOP("Errors", "More than zero")})
    discount = _percent(draft.discount_percent, "A line discount")
    part = None
    if draft.part_id is not None:
        part = Part.get_or_none(Part.id == draft.part_id)
        if part is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That part no longer exists"))
    if draft.unit_price is None:
        if part is None:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Give the line a unit price"),
                                  {"unit_price": QT_TRANSLATE_NOOP("Errors", "Needed")})
        price = pricing.price_for(actor, part, price_level)
    else:
        try:
            price = to_money(draft.unit_price)  # type: ignore[arg-type]
        except MoneyError:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Unit price {value} is not an "
                                                              "amount of money"),
                                  {"unit_price": QT_TRANSLATE_NOOP("Errors", "Not an amount")},
                                  value=repr(str(draft.unit_price))) from None
    if price < 0:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A unit price cannot be negative"),
                              {"unit_price": QT_TRANSLATE_NOOP("Errors", "Not negative")})
    code = draft.tax_code if draft.tax_code is not None else (
        part.tax_code if part is not None and part.tax_code in rates else default_code)
    if code not in rates:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "There is no tax rate {code}"),
                              {"tax_code": QT_TRANSLATE_NOOP("Errors", "Unknown")}, code=repr(code))
    description = (draft.description or (part.name if part else "")).strip()
    if not description:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Describe the line"),
                              {"description": QT_TRANSLATE_NOOP("Errors", "Needed")})
    return {"kind": kind.value, "part": part.id if part else None,
            "sku": part.sku if part else "", "description": description[:255],
            "quantity": qty, "unit_price": price, "discount_percent": discount,
            "tax_code": code, "tax_rate": rates[code],
            "amount": line_total(qty, price, discount),
            "unit_cost": part.cost if part else ZERO,
            "takes_stock": bool(draft.takes_stock and part is not None)}


def create_draft(actor: Actor, customer_id: int | None = None, vehicle_id: int | None = None,
                 lines: list[LineDraft] | tuple[LineDraft, ...] = (), *,
                 odometer: int | None = None, price_level: str | None = None,
                 discount_percent: Decimal | int | str = 0, notes: str = "",
                 source: str = "counter sale", source_id: int | None = None,
                 approval: Approval | None = None, lines_checked: bool = False) -> Invoice:
    """A new draft invoice (no number yet). ``customer_id`` None: the cash customer.
    ``price_level`` None: the customer's level (retail for the cash customer).

    A discount above the actor's role limit needs the owner (``approval``);
    ``lines_checked``: the lines' discounts were checked where they were given (a repair
    order's lines), only the invoice discount is checked here."""
    require(actor, Permission.SELL)
    price_level = pricing.check_level(
        actor, price_level or pricing.level_of_customer(actor, customer_id))
    discount = _percent(discount_percent, "The invoice discount")
    owner_rules.check_discount(actor, discount, approval)
    if odometer is not None and (not isinstance(odometer, int) or odometer < 0):
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The odometer reading must be a whole "
                                                          "number, 0 or more"),
                              {"odometer": QT_TRANSLATE_NOOP("Errors", "Whole number")})
    values = {**_customer_snapshot(customer_id), **_vehicle_snapshot(vehicle_id, customer_id)}
    rates, default_code = _tax_rates(), _default_tax_code()
    line_rows = [_line_values(actor, d, price_level, rates, default_code) for d in lines]
    if not lines_checked:
        for row in line_rows:
            owner_rules.check_discount(actor, row["discount_percent"], approval)
    with db.atomic():
        invoice = Invoice.create(
            **values, odometer=odometer, price_level=price_level,
            prices_include_tax=get_settings().prices_include_tax, discount_percent=discount,
            notes=notes.strip(), source=source, source_id=source_id,
            created_by=actor.username)
        for position, row in enumerate(line_rows, start=1):
            InvoiceLine.create(invoice=invoice.id, position=position, **row)
        core_lines.sync_lines(actor, invoice.id)  # a part with a core deposit brings its core line
        audit.record(actor, "create", "invoice", invoice.id,
                     f"Draft invoice for {invoice.customer_name} ({source})",
                     after=owner_rules.approved_by(actor, approval) or None)
    return invoice


def add_line(actor: Actor, invoice_id: int, line: LineDraft, *,
             approval: Approval | None = None) -> InvoiceLine:
    """Add a line to a draft (e.g. the next scanned part). A discount above the actor's role
    limit needs the owner (``approval``)."""
    require(actor, Permission.SELL)
    with db.atomic():
        invoice = get(actor, invoice_id)
        _require_draft(invoice)
        existing = InvoiceLine.select().where(InvoiceLine.invoice == invoice.id).count()
        if existing >= MAX_LINES:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "An invoice holds at most "
                                                              "{count} lines"), count=MAX_LINES)
        row = _line_values(actor, line, invoice.price_level, _tax_rates(), _default_tax_code())
        owner_rules.check_discount(actor, row["discount_percent"], approval)
        if row["kind"] == LineKind.CORE:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Core deposits follow their "
                                                              "part; sell the part instead"))
        position = (InvoiceLine.select(peewee.fn.MAX(InvoiceLine.position))
                    .where(InvoiceLine.invoice == invoice.id).scalar() or 0)
        created = InvoiceLine.create(invoice=invoice.id, position=position + 1, **row)
        core_lines.sync_lines(actor, invoice.id)
        touch(Changes.INVOICES)  # (a draft's lines are not audited, but an owner's approval)
        _audit_approval(actor, approval, invoice.id, created)
        return created


def _audit_approval(actor: Actor, approval: Approval | None, invoice_id: int,
                    line: InvoiceLine) -> None:
    """Record the discount an owner approved at a clerk's desk, with both names."""
    extra = owner_rules.approved_by(actor, approval)
    if extra and line.discount_percent:
        audit.record(actor, "discount", "invoice", invoice_id,
                     f"{line.discount_percent.normalize():f}% discount on {line.description}, "
                     f"approved by {approval.owner.label}",  # type: ignore[union-attr]
                     after={**extra, "line": line.id,
                            "discount_percent": line.discount_percent})


def scan_part(actor: Actor, invoice_id: int, part_id: int,
              quantity: Decimal | int | str = 1) -> InvoiceLine:
    """A scanned part: one more on its line if it is already on the draft, else a new line.

    Refuses (:class:`shopdesk.services.stock.stock.NotInStock`, nothing written) a part the shelf
    has not got enough of, counting what the draft already sells, when the shop does not
    allow negative stock: the clerk hears it at the scan, with the customer still there to
    record the lost sale, instead of when the invoice is issued."""
    require(actor, Permission.SELL)
    with db.atomic():
        invoice = get(actor, invoice_id)
        _require_draft(invoice)
        part = Part.get_or_none(Part.id == part_id)
        if part is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That part no longer exists"))
        on_draft = (InvoiceLine.select(peewee.fn.SUM(InvoiceLine.quantity).coerce(False))
                    .where((InvoiceLine.invoice == invoice.id) & (InvoiceLine.part == part_id)
                           & (InvoiceLine.takes_stock == True)).scalar())  # noqa: E712
        try:
            wanted = to_quantity(quantity)
        except MoneyError:
            wanted = ZERO  # (refused with its own message when the line is written)
        stock.require_in_stock(actor, part, from_milli(int(on_draft or 0)) + wanted)
        line = (InvoiceLine.select().where((InvoiceLine.invoice == invoice.id)
                                           & (InvoiceLine.part == part_id)
                                           & (InvoiceLine.kind == LineKind.PART.value)
                                           & (InvoiceLine.discount_percent == 0))
                .order_by(InvoiceLine.id).first())
        if line is None:
            return add_line(actor, invoice_id, LineDraft(part_id=part_id, quantity=quantity))
        return change_line(actor, line.id, quantity=line.quantity + to_quantity(quantity))


def change_line(actor: Actor, line_id: int, *, version: int | None = None,
                approval: Approval | None = None, **changes: Any) -> InvoiceLine:
    """Change a draft line's quantity, unit price, discount, tax code or description. A new
    discount above the actor's role limit needs the owner (``approval``).

    ``version``: the line's version the person saw; a line another PC changed since is
    refused (:class:`ConflictError`, nothing written)."""
    require(actor, Permission.SELL)
    allowed = {"quantity", "unit_price", "discount_percent", "tax_code", "description"}
    if set(changes) - allowed:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Cannot change {what}"),
                              what=", ".join(sorted(set(changes) - allowed)))
    with db.atomic():
        line = InvoiceLine.get_or_none(InvoiceLine.id == line_id)
        if line is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That invoice line no longer exists"))
        invoice = get(actor, line.invoice_id)
        _require_draft(invoice)
        _refuse_core(line)
        draft = LineDraft(description=line.description, quantity=line.quantity,
                          unit_price=line.unit_price, kind=line.kind, part_id=line.part_id,
                          discount_percent=line.discount_percent, tax_code=line.tax_code,
                          takes_stock=line.takes_stock)
        for key, value in changes.items():
            setattr(draft, key, value)
        row = _line_values(actor, draft, invoice.price_level, _tax_rates(), _default_tax_code())
        InvoiceLine.claim(line.id, version)
        if row["discount_percent"] != line.discount_percent:
            owner_rules.check_discount(actor, row["discount_percent"], approval)
        InvoiceLine.update(**row).where(InvoiceLine.id == line.id).execute()
        core_lines.sync_lines(actor, invoice.id)
        touch(Changes.INVOICES)
        changed = InvoiceLine.get_by_id(line.id)
        if row["discount_percent"] != line.discount_percent:
            _audit_approval(actor, approval, invoice.id, changed)
        return changed


def remove_line(actor: Actor, line_id: int, *, version: int | None = None) -> None:
    """Take a line off a draft (``version``: as for :func:`change_line`)."""
    require(actor, Permission.SELL)
    with db.atomic():
        line = InvoiceLine.get_or_none(InvoiceLine.id == line_id)
        if line is None:
            raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That invoice line no longer exists"))
        _require_draft(get(actor, line.invoice_id))
        _refuse_core(line)
        InvoiceLine.claim(line.id, version)
        line.delete_instance()
        core_lines.sync_lines(actor, line.invoice_id)
        touch(Changes.INVOICES)


def _refuse_core(line: InvoiceLine) -> None:
    if line.kind == LineKind.CORE:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The core deposit follows its part: "
                                                          "change or remove the part "
                                                          "line and the core line follows"))


def update_draft(actor: Actor, invoice_id: int, version: int, *,
                 approval: Approval | None = None, **changes: Any) -> Invoice:
    """Change a draft's customer, vehicle, odometer, invoice discount, notes or price level.

    A new customer brings their price level unless ``price_level`` is given; a new level
    reprices the part lines still at the old level's price (a price typed by hand stays).
    """
    require(actor, Permission.SELL)
    with db.atomic():
        invoice = get(actor, invoice_id)
        _require_draft(invoice)
        touch(Changes.INVOICES)
        invoice.version = version
        level = changes.pop("price_level", None)
        if "customer_id" in changes:
            customer_id = changes.pop("customer_id")
            invoice.__data__.update(_customer_snapshot(customer_id))
            invoice.__data__.update(_vehicle_snapshot(None, None))
            level = level or pricing.level_of_customer(actor, customer_id)
        if level is not None and level != invoice.price_level:
            _reprice_lines(actor, invoice, pricing.check_level(actor, level))
        if "vehicle_id" in changes:
            invoice.__data__.update(_vehicle_snapshot(changes.pop("vehicle_id"),
                                                      invoice.customer_id))
        if "discount_percent" in changes:
            discount = _percent(changes.pop("discount_percent"), "The invoice discount")
            if discount != invoice.discount_percent:
                owner_rules.check_discount(actor, discount, approval)
                extra = owner_rules.approved_by(actor, approval)
                if extra:
                    audit.record(actor, "discount", "invoice", invoice.id,
                                 f"{discount.normalize():f}% invoice discount, approved by "
                                 f"{approval.owner.label}",  # type: ignore[union-attr]
                                 after={**extra, "discount_percent": discount})
            invoice.discount_percent = discount
        if "odometer" in changes:
            invoice.odometer = changes.pop("odometer")
        if "notes" in changes:
            invoice.notes = str(changes.pop("notes")).strip()
        if changes:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Cannot change {what}"),
                                  what=", ".join(sorted(changes)))
        invoice.save_checked()
    return invoice


def _reprice_lines(actor: Actor, invoice: Invoice, level: str) -> None:
    """Move a draft to another price level: part lines at the old level's price follow."""
    rates, default_code = _tax_rates(), _default_tax_code()
    for line in lines_of(actor, invoice):
        part = Part.get_or_none(Part.id == line.part_id) if line.part_id else None
        if part is None or line.unit_price != pricing.price_for(actor, part, invoice.price_level):
            continue
        draft = LineDraft(description=line.description, quantity=line.quantity,
                          unit_price=None, kind=line.kind, part_id=line.part_id,
                          discount_percent=line.discount_percent, tax_code=line.tax_code,
                          takes_stock=line.takes_stock)
        row = _line_values(actor, draft, level, rates, default_code)
        InvoiceLine.update(unit_price=row["unit_price"], amount=row["amount"]).where(
            InvoiceLine.id == line.id).execute()
    invoice.price_level = level


def preview_totals(actor: Actor, invoice: Invoice | int,
                   lines: list[InvoiceLine] | None = None) -> totals.Totals:
    """The totals the invoice has (issued) or would have if issued now (draft).
    ``lines``: its lines if the caller has already read them."""
    invoice = get(actor, invoice) if isinstance(invoice, int) else invoice
    return totals_of(invoice, lines_of(actor, invoice) if lines is None else lines)


def totals_of(invoice: Invoice, lines: Iterable[InvoiceLine]) -> totals.Totals:
    """The totals of ``invoice`` from ``lines`` (its lines, already read): reads nothing."""
    return totals.compute(
        [totals.LineInput(li.quantity * (-1 if invoice.kind == DocumentKind.CREDIT_NOTE else 1),
                          li.unit_price, li.tax_rate, li.discount_percent, li.tax_code)
         for li in lines],
        prices_include_tax=invoice.prices_include_tax,
        discount_percent=invoice.discount_percent)


def snapshot(invoice: Invoice) -> dict[str, Any]:
    """The figures an audit record keeps of an issued document."""
    return {"number": invoice.number, "customer": invoice.customer_name,
            "net": invoice.net, "tax": invoice.tax, "gross": invoice.gross,
            "due_date": invoice.due_date}


def issue(actor: Actor, invoice_id: int, *, today: dt.date | None = None,
          approval: Approval | None = None) -> Invoice:
    """Issue a draft: totals, next gapless number, stock out, audit — one transaction.

    Refuses (nothing written, no number used) an empty draft, one already issued or voided,
    or one whose parts are not in stock when the shop does not allow negative stock. An
    issue date (``today``) other than today needs the owner (``approval``).
    """
    require(actor, Permission.SELL)
    today = today or dt.date.today()
    owner_rules.check_issue_date(actor, today, approval)
    with writing():
        # The first write locks the draft: a second PC issuing the same draft waits, then
        # finds it issued.
        locked = (Invoice.update(version=Invoice.version + 1)
                  .where((Invoice.id == invoice_id) & (Invoice.status == InvoiceStatus.DRAFT))
                  .execute())
        invoice = get(actor, invoice_id)
        if not locked:
            _require_draft(invoice)
        finish_issue(actor, invoice, lines_of(actor, invoice), today)
        extra = owner_rules.approved_by(actor, approval)
        if extra and today != dt.date.today():
            audit.record(actor, "approved date", "invoice", invoice_id,
                         f"Issued with the date {today.isoformat()}, approved by "
                         f"{approval.owner.label}",  # type: ignore[union-attr]
                         after={**extra, "issue_date": today})
    return get(actor, invoice_id)


def finish_issue(actor: Actor, invoice: Invoice, lines: list[InvoiceLine],
                 today: dt.date) -> None:
    """Compute, number, move stock and audit a locked draft (inside the caller's transaction):
    the one way an invoice or a credit note is issued."""
    if not lines:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "The invoice has no lines; add a part or labour first"))
    for line in lines:  # (the line services refuse them; a draft from elsewhere may not)
        if line.unit_price < 0:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Line {position} ({description}) has a negative unit price; correct "
                          "it before issuing"), position=line.position,
                description=line.description)
        if line.quantity <= 0:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "Line {position} ({description}) has no quantity; correct it before "
                          "issuing"), position=line.position, description=line.description)
    credit = invoice.kind == DocumentKind.CREDIT_NOTE
    result = preview_totals(actor, invoice, lines)
    for line, amounts in zip(lines, result.lines, strict=True):
        if line.amount != amounts.amount or line.discounted != amounts.discounted:
            (InvoiceLine.update(amount=amounts.amount, discounted=amounts.discounted)
             .where(InvoiceLine.id == line.id).execute())
    if invoice.customer_id is not None and invoice.terms_days and not credit:

        require_account_credit(actor, invoice.customer_id)
    settings = get_settings()
    series = invoice.kind
    # the chain's lock before the number's row lock: every issuer takes them in this order
    hash_chain.lock(db.obj)
    sequence = numbering.take_next(actor, series, today.year)
    number = numbering.format_number(settings.invoice_prefix, invoice.kind, today.year,
                                     sequence)
    due = today + dt.timedelta(days=invoice.terms_days or 0)
    issued = {"status": InvoiceStatus.ISSUED.value, "number": number, "series": series,
              "year": today.year, "sequence": sequence, "issued_at": utcnow(),
              "issue_date": today, "due_date": None if credit else due,
              "subtotal": result.subtotal, "discount": result.discount, "net": result.net,
              "tax": result.tax, "gross": result.gross, "issued_by": actor.username}
    issued.update(document_chain.seal(db.obj, invoice.id, issued, Invoice))
    Invoice.update(**issued).where(Invoice.id == invoice.id).execute()
    kind = MovementKind.CUSTOMER_RETURN if credit else MovementKind.SALE
    for line in lines:
        if line.takes_stock and line.part_id is not None:
            # out and back in at the part's average cost (never the price it was sold at, nor
            # an old cost snapshot): the ledger's value stays the stock value at average cost
            stock.record_movement(actor, line.part_id, kind, line.quantity, reference=number)
    warranty.stamp_lines(actor, invoice, lines, today)  # terms sold with each part and labour line
    noun = "credit note" if credit else "invoice"
    audit.record(actor, "issue", noun, invoice.id,
                 f"Issued {noun} {number} to {invoice.customer_name} for {result.gross}",
                 None, {"number": number, "customer": invoice.customer_name,
                        "net": result.net, "tax": result.tax, "gross": result.gross,
                        "due_date": None if credit else due})  # = snapshot(issued)
    if invoice.customer_id is not None:  # the customer's grade follows their spend
        grading.regrade(actor, [invoice.customer_id])


def void_draft(actor: Actor, invoice_id: int, reason: str = "") -> Invoice:
    """Cancel a draft that will not be issued (it never had a number; kept for the record)."""
    require(actor, Permission.SELL)
    with db.atomic():
        invoice = get(actor, invoice_id)
        _require_draft(invoice)
        Invoice.update(status=InvoiceStatus.VOID.value, notes=(invoice.notes + "\n" + reason)
                       .strip(), version=Invoice.version + 1).where(
            Invoice.id == invoice.id).execute()
        audit.record(actor, "void", "invoice", invoice.id,
                     f"Voided draft for {invoice.customer_name}: {reason}".rstrip(": "))
    return get(actor, invoice_id)


def delete_invoice(actor: Actor, invoice_id: int) -> None:
    """Deleting is never allowed for an issued document; a draft is voided instead."""
    invoice = get(actor, invoice_id)
    if invoice.status == InvoiceStatus.ISSUED:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} is issued: it cannot be "
                                                          "deleted; issue a "
                                                          "credit note to correct it"),
                              number=invoice.number)
    void_draft(actor, invoice_id, "deleted")
