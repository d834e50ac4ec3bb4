"""Demo invoices: workshop invoices and counter sales over two years, with payments.

Bulk inserts (the large shop makes ~200,000 invoices and ~1,000,000 lines in minutes), with
totals computed by the one rounding rule and numbers gapless per year, so ``shopdesk check``
passes. Part lines do not book stock again: the parts demo's ledger already holds the
sales. A few of today's sales and a credit note go through the real services, so the
cash-up and the invoice list have something of today to show.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import peewee

import shopdesk.demo.customers
import shopdesk.demo.parts  # noqa: F401
from shopdesk.demo.bulk import insert_rows, reset_sequence
from shopdesk.demo.customers import FLEET
from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import DocumentSequence, Invoice, InvoiceLine, Payment
from shopdesk.models.parts import Part
from shopdesk.models.settings import TaxRate
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle
from shopdesk.money import ZERO
from shopdesk.services.crm.names import full_name
from shopdesk.services.sales import document_chain, invoices, numbering, payments, totals
from shopdesk.services.sales.invoices import CASH_CUSTOMER, LineDraft
from shopdesk.services.shop.settings import get_settings

DAYS = 730
LABOUR = [("Oil and filter service", "0.5"), ("Brake pads, front axle", "1.2"),
          ("Diagnose check-engine light", "1"), ("Replace timing belt", "3.5"),
          ("Four-wheel alignment", "1"), ("Air-conditioning service", "0.8"),
          ("Replace alternator", "1.6"), ("Annual inspection", "0.7"),
          ("Replace shock absorbers, rear", "2"), ("Coolant flush", "0.8")]
LABOUR_RATE = Decimal("95.00")
FEES = [("Shop supplies", "6.50"), ("Oil disposal fee", "3.00"), ("Tyre disposal", "4.00")]
METHODS = ["card"] * 6 + ["cash"] * 3 + ["bank transfer", "cheque"]


def _c(value: Decimal) -> int:
    return int(value * 100)


def _m(value: Decimal) -> int:
    return int(value * 1000)


@generator("invoices")
def make_invoices(ctx: DemoContext) -> None:
    """Issued invoices with lines and payments, numbered per year without gaps."""
    rng = ctx.rng
    large = ctx.scale is Scale.LARGE
    count = 200_000 if large else 320
    sqlite = isinstance(db.obj, peewee.SqliteDatabase)
    settings = get_settings()
    rates = {t.code: t.rate for t in TaxRate.select()}
    default_code = next((t.code for t in TaxRate.select() if t.is_default), "STD")
    staff = [u.username for u in User.select().where(User.role != "technician")] or ["owner"]
    staff_ids = {u.username: u.id for u in User.select()}
    customers = list(Customer.select(Customer.id, Customer.display_name, Customer.first_name,
                                     Customer.last_name, Customer.company_name,
                                     Customer.address, Customer.city, Customer.postcode,
                                     Customer.tax_id, Customer.payment_terms_days)
                     .where(Customer.archived == False).tuples())  # noqa: E712
    fleet = next((c for c in customers if c[4] == FLEET), None)
    fleet_every = 1000 if large else 32  # about 200 invoices (large), 10 (small)
    cars: dict[int, list[tuple[int, str]]] = {}
    for vid, cid, plate, year, make, model, vin in (
            Vehicle.select(Vehicle.id, Vehicle.customer, Vehicle.plate, Vehicle.year,
                           Vehicle.make, Vehicle.model, Vehicle.vin).tuples().iterator()):
        text = " · ".join(x for x in (plate, " ".join(str(y) for y in (year, make, model) if y),
                                      f"VIN {vin}" if vin else "") if x)
        cars.setdefault(cid, []).append((vid, text))
    parts = list(Part.select(Part.id, Part.sku, Part.name, Part.retail_price,
                             Part.trade_price, Part.cost, Part.tax_code)
                 .where(Part.archived == False).limit(5000).tuples())  # noqa: E712
    today = dt.date.today()
    start = today - dt.timedelta(days=DAYS)
    days = sorted(start + dt.timedelta(days=rng.randrange(DAYS)) for _ in range(count))

    def stamp(value: dt.datetime | dt.date) -> object:
        if not sqlite:
            return value
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()

    first_id = (Invoice.select(peewee.fn.MAX(Invoice.id)).scalar() or 0) + 1
    sequences: dict[int, int] = {}
    invoice_rows: list[tuple] = []
    line_rows: list[tuple] = []
    payment_rows: list[tuple] = []

    def part_line(level: str) -> tuple:
        pid, sku, name, retail, trade, cost, code = rng.choice(parts)
        price = trade if level == "trade" and trade else retail
        qty = Decimal(rng.choice((1, 1, 1, 2, 2, 4)))
        code = code if code in rates else default_code
        return ("part", pid, sku, name, qty, price, ZERO, code, cost)

    for offset, day in enumerate(days):
        invoice_id = first_id + offset
        customer = rng.choice(customers) if customers and rng.random() < 0.85 else None
        if fleet is not None and offset % fleet_every == 0:
            customer = fleet  # the fleet's file: 20 vehicles and ~200 invoices (large)
        vehicle = None
        if customer is not None and cars.get(customer[0]) and rng.random() < 0.75:
            vehicle = rng.choice(cars[customer[0]])
        level = "trade" if customer is not None and customer[4] and rng.random() < 0.7 \
            else "retail"
        lines: list[tuple] = []
        if vehicle is not None:  # workshop invoice: labour, parts, a fee
            for _ in range(rng.choice((1, 1, 2))):
                text, hours = rng.choice(LABOUR)
                lines.append(("labour", None, "", text, Decimal(hours), LABOUR_RATE, ZERO,
                              default_code, ZERO))
            if parts:
                lines += [part_line(level) for _ in range(rng.randint(1, 5))]
            fee, price = rng.choice(FEES)
            lines.append(("fee", None, "", fee, Decimal(1), Decimal(price), ZERO, default_code,
                          ZERO))
        elif parts:  # counter sale
            lines += [part_line(level) for _ in range(rng.randint(2, 7))]
        else:
            lines.append(("fee", None, "", "Diagnostic check", Decimal(1), Decimal("45.00"),
                          ZERO, default_code, ZERO))
        if rng.random() < 0.1:
            i = rng.randrange(len(lines))
            lines[i] = (*lines[i][:6], Decimal(rng.choice((5, 10, 15))), *lines[i][7:])
        discount = Decimal(rng.choice((5, 10))) if rng.random() < 0.05 else ZERO
        result = totals.compute(
            [totals.LineInput(q, p, rates[code], d, code)
             for _k, _pid, _sku, _n, q, p, d, code, _cost in lines],
            prices_include_tax=settings.prices_include_tax, discount_percent=discount)
        seq = sequences[day.year] = sequences.get(day.year, 0) + 1
        number = numbering.format_number(settings.invoice_prefix, "invoice", day.year, seq)
        terms = 0 if customer is None else (customer[9] if customer[9] is not None
                                            else settings.payment_terms_days)
        issued_at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
        user = rng.choice(staff)
        # payments: most pay at the desk; accounts pay later; recent ones may be open
        age = (today - day).days
        roll = rng.random()
        if terms and age < 90 and roll < 0.5:
            paid = ZERO
        elif customer is not None and age < 60 and roll < 0.15:
            paid = (result.gross / 2).quantize(Decimal("0.01"))
        else:
            paid = result.gross
        if customer is not None and age > 120 and rng.random() < 0.01:
            paid = ZERO  # a few bad debts for the 90+ column
        name = CASH_CUSTOMER
        address = ""
        if customer is not None:
            name = customer[4] or full_name(customer[2], customer[3]) or customer[1]
            address = "\n".join(x for x in (customer[5], f"{customer[7]} {customer[6]}".strip())
                                if x)
        invoice_rows.append((
            invoice_id, "invoice", "draft", number, "invoice", day.year, seq,
            customer[0] if customer else None, name, address, customer[8] if customer else "",
            vehicle[0] if vehicle else None, vehicle[1] if vehicle else "",
            rng.randint(8000, 190000) if vehicle else None, level,
            settings.prices_include_tax, _m(discount), terms or 0, stamp(issued_at),
            stamp(issued_at), stamp(day), stamp(day + dt.timedelta(days=terms or 0)),
            _c(result.subtotal), _c(result.discount), _c(result.net), _c(result.tax),
            _c(result.gross), _c(paid), 0, "", "repair order" if vehicle else "counter sale",
            "", user, user, 1))
        for pos, (line, amounts) in enumerate(zip(lines, result.lines, strict=True), start=1):
            kind, pid, sku, text, qty, price, disc, code, cost = line
            line_rows.append((invoice_id, pos, kind, pid, sku, text, _m(qty), _c(price),
                              _m(disc), code, _m(rates[code]), _c(amounts.amount),
                              _c(amounts.discounted), _c(cost), False))
        if paid:
            method = rng.choice(METHODS)
            at = issued_at + dt.timedelta(minutes=rng.randint(1, 30)) if paid == result.gross \
                and not terms else issued_at + dt.timedelta(days=rng.randint(1, 40))
            payment_rows.append((invoice_id, customer[0] if customer else None, method,
                                 _c(paid), _c(paid), "", False, stamp(at), staff_ids.get(user),
                                 user))
    with db.atomic():
        insert_rows(Invoice, [
            "id", "kind", "status", "number", "series", "year", "sequence", "customer_id",
            "customer_name", "billing_address", "customer_tax_id", "vehicle_id",
            "vehicle_text", "odometer", "price_level", "prices_include_tax",
            "discount_percent", "terms_days", "created_at", "issued_at", "issue_date",
            "due_date", "subtotal", "discount", "net", "tax", "gross", "paid", "credited",
            "reason", "source", "notes", "created_by", "issued_by", "version"], invoice_rows)
        reset_sequence(Invoice)
        insert_rows(InvoiceLine, [
            "invoice_id", "position", "kind", "part_id", "sku", "description", "quantity",
            "unit_price", "discount_percent", "tax_code", "tax_rate", "amount", "discounted",
            "unit_cost", "takes_stock"], line_rows)
        # inserted as drafts so their lines may go in; now issued (and immutable) at once
        (Invoice.update(status="issued")
         .where((Invoice.id >= first_id) & (Invoice.status == "draft")).execute())
        document_chain.seal_unsealed(db.obj)  # the history joins the documents' hash chain
        insert_rows(Payment, [
            "invoice_id", "customer_id", "method", "amount", "applied", "reference",
            "is_refund", "at", "user_id", "username"], payment_rows)
        for year, last in sequences.items():
            DocumentSequence.insert(series="invoice", year=year, last_number=last).execute()
    ctx.counts["invoices"] = len(invoice_rows)
    ctx.counts["invoice lines"] = len(line_rows)
    ctx.counts["payments"] = len(payment_rows)
    _today_at_the_desk(ctx, rng, customers)


def _today_at_the_desk(ctx: DemoContext, rng: random.Random, customers: list[tuple]) -> None:
    """A few of today's counter sales, paid, and one credit note — through the services."""
    from shopdesk.services.sales import credit_notes

    stocked = list(Part.select(Part.id).where(Part.on_hand >= 5).limit(50).tuples())
    made = []
    for i in range(4):
        lines = [LineDraft(part_id=pid, quantity=1) for (pid,) in rng.sample(stocked, 2)] \
            if len(stocked) >= 2 else [LineDraft("Wiper blades", 1, "24.99")]
        customer_id = customers[i][0] if customers and i % 2 else None
        draft = invoices.create_draft(ctx.owner, customer_id, lines=lines)
        invoice = invoices.issue(ctx.owner, draft.id)
        method = "cash" if i % 2 == 0 else "card"
        payments.take_payment(ctx.owner, invoice.id, method, invoice.gross)
        made.append(invoice)
    if made:
        first_line = invoices.lines_of(ctx.owner, made[-1])[0]
        credit_notes.issue_credit_note(ctx.owner, made[-1].id, "Wrong part: customer returned it",
                                       {first_line.id: 1})
        ctx.counts["credit notes"] = 1
