"""Payments: cash (with change), card, bank transfer, cheque and store credit; refunds.

A *settlement* takes one or more tenders (card 200 + cash the rest) against one or more
issued invoices of one customer (an account customer's transfer that pays two invoices) in
one transaction: :func:`take_payments`. Each tender is spread over the invoices oldest first
and written as one payment row per invoice it settles. Cash comes last: what is handed over
above what is still due goes back as change. A card payment cannot be more than is due (a
typing slip would charge the customer's card); a bank transfer or cheque that pays more than
is due leaves the rest as the customer's store credit (a cash customer cannot overpay: there
is nobody to hold the credit). Payments are never changed or deleted; a refund is a payment
with a negative amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk import formatting
from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer
from shopdesk.models.invoices import (
    CreditEntry,
    DocumentKind,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethod,
)
from shopdesk.money import ZERO, MoneyError, from_cents, to_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.sales.invoices import balance_due, get

METHOD_LABELS = {
    PaymentMethod.CASH: QT_TRANSLATE_NOOP("Labels", "Cash"),
    PaymentMethod.CARD: QT_TRANSLATE_NOOP("Labels", "Card"),
    PaymentMethod.BANK_TRANSFER: QT_TRANSLATE_NOOP("Labels", "Bank transfer"),
    PaymentMethod.CHEQUE: QT_TRANSLATE_NOOP("Labels", "Cheque"),
    PaymentMethod.STORE_CREDIT: QT_TRANSLATE_NOOP("Labels", "Store credit"),
}
#: methods whose overpayment is kept as store credit (money that has arrived anyway)
KEEPS_OVERPAYMENT = (PaymentMethod.BANK_TRANSFER, PaymentMethod.CHEQUE)


@dataclass(frozen=True)
class Tender:
    """One way the customer pays in a settlement. Cash: ``amount`` is what goes toward the
    invoices and ``tendered`` the notes handed over (None: exactly the amount)."""

    method: PaymentMethod | str
    amount: Decimal | int | str
    tendered: Decimal | int | str | None = None
    reference: str = ""


@dataclass(frozen=True)
class PaymentResult:
    """What the clerk needs to hear: change to give, credit kept, what is still due."""

    payment: Payment
    change: Decimal
    to_credit: Decimal
    balance_due: Decimal


@dataclass(frozen=True)
class SettlementResult:
    """A settlement taken: its payment rows, the cash change, the overpayment kept as store
    credit, and what the invoices still owe together."""

    payments: list[Payment] = field(default_factory=list)
    change: Decimal = ZERO
    to_credit: Decimal = ZERO
    balance_due: Decimal = ZERO


def _money(amount: Decimal) -> str:
    return formatting.money(amount)


def _amount(value: object, what: str = "amount") -> Decimal:
    try:
        amount = to_money(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{value} is not an amount of money"),
                              {"amount": QT_TRANSLATE_NOOP("Errors", "Not an amount")},
                              value=repr(str(value)) if value is not None else "''") from None
    if amount <= 0:
        if what == "tendered":
            raise ValidationError(QT_TRANSLATE_NOOP(
                "Errors", "The cash handed over must be more than zero"),
                {"tendered": QT_TRANSLATE_NOOP("Errors", "More than zero")})
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The amount must be more than zero"),
                              {"amount": QT_TRANSLATE_NOOP("Errors", "More than zero")})
    return amount


def _method(value: object) -> PaymentMethod:
    try:
        return PaymentMethod(value)
    except ValueError:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Unknown payment method {method}"),
                              {"method": QT_TRANSLATE_NOOP(
                                  "Errors", "Cash, card, bank transfer, cheque or store credit")},
                              method=repr(value)) from None


def credit_balance(actor: Actor, customer_id: int | None) -> Decimal:
    """The customer's store credit (0 for the cash customer)."""
    if customer_id is None:
        return ZERO
    cents = (CreditEntry.select(peewee.fn.COALESCE(peewee.fn.SUM(CreditEntry.amount), 0))
             .where(CreditEntry.customer == customer_id).scalar())
    return from_cents(int(cents))


def _apply(invoice_id: int, applied: Decimal) -> None:
    """Move the invoice's cached paid figure (allowed on issued invoices by the trigger)."""
    (Invoice.update(paid=Invoice.paid + peewee.Value(int(applied * 100), converter=False),
                    version=Invoice.version + 1)
     .where(Invoice.id == invoice_id).execute())


def payable(actor: Actor, invoice: Invoice) -> None:
    """Refuse (translated) unless ``invoice`` is an issued invoice with something due."""
    if invoice.kind != DocumentKind.INVOICE:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "A credit note is not paid; refund it instead"))
    if invoice.status == InvoiceStatus.DRAFT:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "This invoice is still a draft: issue it before taking payment"))
    if invoice.status != InvoiceStatus.ISSUED:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "This invoice is void: only an issued invoice can be paid"))
    if balance_due(invoice) <= 0:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} is already paid in full"),
                              number=invoice.number)


def open_invoices(actor: Actor, customer_id: int) -> list[Invoice]:
    """The customer's issued invoices with something still due, oldest first."""
    due = Invoice.gross - Invoice.credited - Invoice.paid
    return list(Invoice.select().where(
        (Invoice.customer == customer_id) & (Invoice.kind == DocumentKind.INVOICE.value)
        & (Invoice.status == InvoiceStatus.ISSUED.value) & (due > 0))
        .order_by(Invoice.issue_date, Invoice.id))


def _lock(actor: Actor, invoice_ids: Sequence[int]) -> list[Invoice]:
    """Lock the invoices (PostgreSQL: two tills paying one invoice queue up), oldest first."""
    ids = sorted(set(invoice_ids))
    Invoice.update(version=Invoice.version).where(Invoice.id.in_(ids)).execute()
    found = {i.id: i for i in Invoice.select().where(Invoice.id.in_(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(QT_TRANSLATE_NOOP("Errors", "That invoice no longer exists"))
    chosen = sorted(found.values(), key=lambda i: (i.issue_date or i.created_at.date(), i.id))
    for invoice in chosen:
        payable(actor, invoice)
    if len({i.customer_id for i in chosen}) > 1 or (
            len(chosen) > 1 and chosen[0].customer_id is None):
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "One payment pays invoices of one customer only"))
    return chosen


def _checked_tenders(tenders: Sequence[Tender]) -> list[tuple[PaymentMethod, Decimal,
                                                                Decimal | None, str]]:
    if not tenders:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Say how the customer pays"))
    checked = []
    for tender in tenders:
        method = _method(tender.method)
        amount = _amount(tender.amount)
        cash_in = None if tender.tendered is None else _amount(tender.tendered, "tendered")
        if method is not PaymentMethod.CASH:
            cash_in = None
        checked.append((method, amount, cash_in, (tender.reference or "").strip()[:200]))
    if sum(1 for t in checked if t[0] is PaymentMethod.CASH) > 1:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "Take cash once: add the notes together"))
    # cash last: the change comes from the notes handed over after the other methods
    return sorted(checked, key=lambda t: t[0] is PaymentMethod.CASH)


def take_payments(actor: Actor, invoice_ids: Sequence[int],
                  tenders: Sequence[Tender]) -> SettlementResult:
    """Take one settlement: ``tenders`` (card, then cash with change...) against the issued
    invoices ``invoice_ids`` of one customer, oldest first, in one transaction.

    Refuses, writing nothing: no tender, a zero or negative amount, a draft, void, credit
    note or fully paid invoice, invoices of two customers, a card payment above what is
    still due, store credit the customer does not have or above what is due, cash handed over
    below its amount, and an overpayment the cash customer cannot keep.
    """
    require(actor, Permission.SELL)
    checked = _checked_tenders(tenders)
    if not invoice_ids:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Choose the invoices to pay"))
    with db.atomic():
        chosen = _lock(actor, invoice_ids)
        customer_id = chosen[0].customer_id
        dues = {i.id: balance_due(i) for i in chosen}
        result_payments: list[Payment] = []
        change = to_credit = ZERO
        credit_left = credit_balance(actor, customer_id)
        for method, amount, cash_in, reference in checked:
            handed = ZERO
            remaining = sum(dues.values(), ZERO)
            if method is PaymentMethod.CASH:
                if remaining <= 0:
                    raise ValidationError(QT_TRANSLATE_NOOP(
                        "Errors", "Nothing is left to pay in cash"))
                handed = cash_in if cash_in is not None else amount
                amount = min(amount, remaining)  # cash above what is due goes back as change
                if handed < amount:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("Errors", "{tendered} handed over is less than "
                                                    "{amount}"),
                        {"tendered": QT_TRANSLATE_NOOP("Errors", "Less than the amount")},
                        tendered=_money(handed), amount=_money(amount))
                change = handed - amount
            elif amount > remaining:
                if method is PaymentMethod.CARD:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("Errors", "A card payment cannot be more than the "
                                                    "{due} due; cash above it is given back "
                                                    "as change"),
                        {"amount": QT_TRANSLATE_NOOP("Errors", "At most {due}")},
                        due=_money(remaining))
                if method is PaymentMethod.STORE_CREDIT:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("Errors", "Only {due} is due"),
                        {"amount": QT_TRANSLATE_NOOP("Errors", "At most {due}")},
                        due=_money(remaining))
                if customer_id is None:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("Errors", "Only {due} is due; a cash customer cannot "
                                                    "overpay (there is no account to hold the "
                                                    "credit)"),
                        {"amount": QT_TRANSLATE_NOOP("Errors", "At most {due}")},
                        due=_money(remaining))
            if method is PaymentMethod.STORE_CREDIT:
                if amount > credit_left:
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("Errors", "{customer} has {available} store credit, "
                                                    "less than {amount}"),
                        {"amount": QT_TRANSLATE_NOOP("Errors", "At most {available}")},
                        customer=chosen[0].customer_name, available=_money(credit_left),
                        amount=_money(amount))
                credit_left -= amount
            # the notes were counted: the row keeps what was handed over and the change
            counted = method is PaymentMethod.CASH and (cash_in is not None or change > 0)
            pieces = _spread(amount, dues)
            extra = amount - sum((p for _i, p in pieces), ZERO)
            if extra > 0 and not pieces:  # everything already settled by earlier tenders
                pieces = [(chosen[-1].id, ZERO)]
            for n, (invoice_id, applied) in enumerate(pieces):
                last = n == len(pieces) - 1
                taken = applied + (extra if last else ZERO)
                invoice = next(i for i in chosen if i.id == invoice_id)
                payment = Payment.create(
                    invoice=invoice_id, customer=customer_id, method=method.value,
                    amount=taken, applied=applied,
                    tendered=handed if counted and last else None,
                    change=change if counted and last else None,
                    reference=reference, user=actor.user_id, username=actor.username)
                result_payments.append(payment)
                _apply(invoice_id, applied)
                kept = extra if last else ZERO
                if method is PaymentMethod.STORE_CREDIT:
                    CreditEntry.create(customer=customer_id, amount=-taken, payment=payment.id,
                                       invoice=invoice_id, note=f"Paid {invoice.number}",
                                       username=actor.username)
                if kept:
                    to_credit += kept
                    CreditEntry.create(customer=customer_id, amount=kept, payment=payment.id,
                                       invoice=invoice_id, note=f"Overpaid {invoice.number}",
                                       username=actor.username)
                paid_before = invoice.paid
                audit.record(actor, "payment", "invoice", invoice_id,
                             f"{METHOD_LABELS[method]} {taken} on {invoice.number}"
                             + (f", {kept} to store credit" if kept else ""),
                             {"paid": paid_before}, {"paid": paid_before + applied})
                invoice.paid = paid_before + applied
    return SettlementResult(result_payments, change, to_credit, sum(dues.values(), ZERO))


def _spread(amount: Decimal, dues: dict[int, Decimal]) -> list[tuple[int, Decimal]]:
    """Apply ``amount`` to the invoices oldest first (``dues`` is in that order and is
    reduced in place); returns (invoice id, applied) for each invoice it reaches."""
    pieces = []
    for invoice_id, due in dues.items():
        if amount <= 0:
            break
        if due <= 0:
            continue
        applied = min(due, amount)
        pieces.append((invoice_id, applied))
        dues[invoice_id] = due - applied
        amount -= applied
    return pieces


def take_payment(actor: Actor, invoice_id: int, method: PaymentMethod | str,
                 amount: Decimal | int | str, *, tendered: Decimal | int | str | None = None,
                 reference: str = "") -> PaymentResult:
    """Take one payment against one issued invoice (a settlement of one tender).

    Cash: ``amount`` is what goes in the till toward this invoice; give ``tendered`` (the
    notes handed over) to get the change. See :func:`take_payments` for the rules.
    """
    result = take_payments(actor, [invoice_id], [Tender(method, amount, tendered, reference)])
    return PaymentResult(result.payments[-1], result.change, result.to_credit,
                         result.balance_due)


def change_due(amount: Decimal, tendered: Decimal | None, still_due: Decimal) -> Decimal:
    """The change for cash ``tendered`` when ``amount`` of it pays toward ``still_due`` (what
    the settlement will give back; 0 when nothing was handed over)."""
    if tendered is None:
        return ZERO
    return tendered - min(amount, still_due)


def refund_credit(actor: Actor, customer_id: int, amount: Decimal | int | str,
                  method: PaymentMethod | str, reference: str = "") -> Payment:
    """Pay a customer's store credit back (cash, card, transfer or cheque)."""
    require(actor, Permission.SELL)
    method = _method(method)
    if method is PaymentMethod.STORE_CREDIT:
        raise ValidationError("Refund store credit as cash, card, bank transfer or cheque")
    amount = _amount(amount, "The refund")
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFoundError(f"There is no customer #{customer_id}")
        available = credit_balance(actor, customer_id)
        if amount > available:
            raise ValidationError(f"{customer.display_name} has only {available} store credit",
                                  {"amount": f"At most {available}"})
        payment = Payment.create(customer=customer_id, method=method.value, amount=-amount,
                                 applied=0, is_refund=True, reference=reference.strip()[:200],
                                 user=actor.user_id, username=actor.username)
        CreditEntry.create(customer=customer_id, amount=-amount, payment=payment.id,
                           note=f"Refunded ({METHOD_LABELS[method].lower()})",
                           username=actor.username)
        audit.record(actor, "refund", "customer", customer_id,
                     f"Refunded {amount} store credit to {customer.display_name} "
                     f"({METHOD_LABELS[method].lower()})")
    return payment


def settle_credit_note(actor: Actor, credit_note: Invoice, owed: Decimal,
                       method: PaymentMethod | str) -> Payment:
    """Give back ``owed`` for a credit note on a paid invoice: a refund by ``method``, or
    store credit. Called inside the credit note's transaction."""
    method = _method(method)
    original = get(actor, credit_note.credited_invoice_id)
    if method is PaymentMethod.STORE_CREDIT and original.customer_id is None:
        raise ValidationError("A cash customer cannot keep store credit; refund cash or card")
    payment = Payment.create(
        invoice=original.id, customer=original.customer_id, method=method.value,
        amount=ZERO if method is PaymentMethod.STORE_CREDIT else -owed, applied=-owed,
        is_refund=True, reference=credit_note.number, user=actor.user_id,
        username=actor.username)
    _apply(original.id, -owed)
    if method is PaymentMethod.STORE_CREDIT:
        CreditEntry.create(customer=original.customer_id, amount=owed, payment=payment.id,
                           invoice=credit_note.id, note=f"Credit note {credit_note.number}",
                           username=actor.username)
    audit.record(actor, "refund", "invoice", original.id,
                 f"{METHOD_LABELS[method]} {owed} back for {credit_note.number}")
    return payment


def payments_of(actor: Actor, invoice_id: int) -> list[Payment]:
    """Payments and refunds of an invoice, oldest first."""
    return list(Payment.select().where(Payment.invoice == invoice_id).order_by(Payment.id))
