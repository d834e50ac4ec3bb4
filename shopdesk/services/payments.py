"""Payments: cash (with change), card, bank transfer, cheque and store credit; refunds.

Partial and several payments per invoice are fine. Cash handed over above what is due is
given back as change; any other overpayment becomes the customer's store credit (a cash
customer cannot overpay by card: there is nobody to hold the credit). Payments are never
changed or deleted; a refund is a payment with a negative amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import peewee

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
from shopdesk.services.invoices import balance_due, get

METHOD_LABELS = {
    PaymentMethod.CASH: QT_TRANSLATE_NOOP("Labels", "Cash"),
    PaymentMethod.CARD: QT_TRANSLATE_NOOP("Labels", "Card"),
    PaymentMethod.BANK_TRANSFER: QT_TRANSLATE_NOOP("Labels", "Bank transfer"),
    PaymentMethod.CHEQUE: QT_TRANSLATE_NOOP("Labels", "Cheque"),
    PaymentMethod.STORE_CREDIT: QT_TRANSLATE_NOOP("Labels", "Store credit"),
}


@dataclass(frozen=True)
class PaymentResult:
    """What the clerk needs to hear: change to give, credit kept, what is still due."""

    payment: Payment
    change: Decimal
    to_credit: Decimal
    balance_due: Decimal


def _amount(value: object, what: str = "The amount") -> Decimal:
    try:
        amount = to_money(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(f"{what} {value!r} is not an amount of money",
                              {"amount": "Not an amount"}) from None
    if amount <= 0:
        raise ValidationError(f"{what} must be more than zero", {"amount": "More than zero"})
    return amount


def _method(value: object) -> PaymentMethod:
    try:
        return PaymentMethod(value)
    except ValueError:
        raise ValidationError(f"Unknown payment method {value!r}",
                              {"method": "Cash, card, bank transfer, cheque or store credit"}
                              ) from None


def credit_balance(customer_id: int | None) -> Decimal:
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


def take_payment(actor: Actor, invoice_id: int, method: PaymentMethod | str,
                 amount: Decimal | int | str, *, tendered: Decimal | int | str | None = None,
                 reference: str = "") -> PaymentResult:
    """Take a payment against an issued invoice.

    Cash: ``amount`` is what goes in the till toward this invoice; give ``tendered`` (the
    notes handed over) to get the change. Other methods: more than is due becomes store
    credit. Refuses a zero or negative amount, a draft or voided invoice, one fully paid,
    store credit the customer does not have, and cash tendered below the amount.
    """
    require(actor, Permission.SELL)
    method = _method(method)
    amount = _amount(amount)
    cash_in = None if tendered is None else _amount(tendered, "The cash handed over")
    with db.atomic():
        # lock the invoice row first (PostgreSQL): two tills paying one invoice queue up
        Invoice.update(version=Invoice.version).where(Invoice.id == invoice_id).execute()
        invoice = get(invoice_id)
        if invoice.kind != DocumentKind.INVOICE:
            raise ValidationError("A credit note is not paid; refund it instead")
        if invoice.status != InvoiceStatus.ISSUED:
            raise ValidationError(
                f"This invoice is {invoice.status}: only an issued invoice can be paid")
        due = balance_due(invoice)
        if due <= 0:
            raise ValidationError(f"{invoice.number} is already paid in full")
        change = ZERO
        if method is PaymentMethod.CASH:
            if cash_in is not None and cash_in < amount:
                raise ValidationError(f"{cash_in} handed over is less than {amount}",
                                      {"tendered": "Less than the amount"})
            if amount > due:  # cash above what is due goes back as change
                cash_in = cash_in if cash_in is not None else amount
                amount = due
            change = (cash_in - amount) if cash_in is not None else ZERO
        to_credit = max(amount - due, ZERO)
        if to_credit and invoice.customer_id is None:
            raise ValidationError(f"Only {due} is due; a cash customer cannot overpay "
                                  "(there is no account to hold the credit)",
                                  {"amount": f"At most {due}"})
        if method is PaymentMethod.STORE_CREDIT:
            available = credit_balance(invoice.customer_id)
            if amount > due:
                raise ValidationError(f"Only {due} is due", {"amount": f"At most {due}"})
            if amount > available:
                raise ValidationError(f"{invoice.customer_name} has {available} store credit, "
                                      f"less than {amount}", {"amount": f"At most {available}"})
        applied = amount - to_credit
        payment = Payment.create(
            invoice=invoice.id, customer=invoice.customer_id, method=method.value,
            amount=amount, applied=applied, tendered=cash_in,
            change=change if method is PaymentMethod.CASH and cash_in is not None else None,
            reference=reference.strip()[:200], user=actor.user_id, username=actor.username)
        _apply(invoice.id, applied)
        if method is PaymentMethod.STORE_CREDIT:
            CreditEntry.create(customer=invoice.customer_id, amount=-amount, payment=payment.id,
                               invoice=invoice.id, note=f"Paid {invoice.number}",
                               username=actor.username)
        if to_credit:
            CreditEntry.create(customer=invoice.customer_id, amount=to_credit,
                               payment=payment.id, invoice=invoice.id,
                               note=f"Overpaid {invoice.number}", username=actor.username)
        audit.record(actor, "payment", "invoice", invoice.id,
                     f"{METHOD_LABELS[method]} {amount} on {invoice.number}"
                     + (f", {to_credit} to store credit" if to_credit else ""),
                     {"paid": invoice.paid}, {"paid": invoice.paid + applied})
    return PaymentResult(payment, change, to_credit, due - applied)


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
        available = credit_balance(customer_id)
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
    original = get(credit_note.credited_invoice_id)
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


def payments_of(invoice_id: int) -> list[Payment]:
    """Payments and refunds of an invoice, oldest first."""
    return list(Payment.select().where(Payment.invoice == invoice_id).order_by(Payment.id))
