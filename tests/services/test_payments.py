"""Payments: cash with change, card, partial payments, overpayment to credit, bad input."""

from __future__ import annotations

from decimal import Decimal

import peewee
import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.invoices import Payment
from shopdesk.services import invoices, payments
from shopdesk.services.invoices import LineDraft
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice


def _cash_sale(actor, price="18.15"):
    draft = invoices.create_draft(actor, lines=[LineDraft("Brake fluid", 1, price)])
    return invoices.issue(actor, draft.id)  # +10% tax


def test_cash_with_change(clerk):
    invoice = _cash_sale(clerk)  # 18.15 + 1.82 = 19.97
    result = payments.take_payment(clerk, invoice.id, "cash", "19.97", tendered="50")
    assert result.change == Decimal("30.03") and result.balance_due == Decimal("0.00")
    assert invoices.get(invoice.id).paid == Decimal("19.97")


def test_cash_above_due_is_change_not_credit(clerk):
    invoice = _cash_sale(clerk)
    result = payments.take_payment(clerk, invoice.id, "cash", "20.00")
    assert result.change == Decimal("0.03") and result.to_credit == 0
    assert result.payment.amount == Decimal("19.97")


def test_partial_payment_then_the_rest(owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    first = payments.take_payment(clerk, invoice.id, "card", "100.00", reference="auth 1234")
    assert first.balance_due == Decimal("53.98")
    second = payments.take_payment(clerk, invoice.id, "bank transfer", "53.98")
    assert second.balance_due == Decimal("0.00")
    with pytest.raises(ValidationError, match="already paid in full"):
        payments.take_payment(clerk, invoice.id, "cash", "1.00")
    assert [p.method for p in payments.payments_of(invoice.id)] == ["card", "bank transfer"]


def test_overpayment_becomes_store_credit_and_pays_the_next_invoice(owner, clerk):
    customer, _ = customer_with_car(owner)
    first = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Tyre fitting", 1, "40.00", kind="labour")]).id)
    result = payments.take_payment(clerk, first.id, "card", "50.00")  # 44.00 due
    assert result.to_credit == Decimal("6.00")
    assert payments.credit_balance(customer.id) == Decimal("6.00")
    second = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Valve", 1, "10.00")]).id)  # 11.00
    with pytest.raises(ValidationError, match="store credit, less than"):
        payments.take_payment(clerk, second.id, "store credit", "7.00")
    payments.take_payment(clerk, second.id, "store credit", "6.00")
    assert payments.credit_balance(customer.id) == Decimal("0.00")
    assert invoices.balance_due(invoices.get(second.id)) == Decimal("5.00")


def test_cash_customer_cannot_overpay_by_card(clerk):
    invoice = _cash_sale(clerk)
    with pytest.raises(ValidationError, match="cannot overpay"):
        payments.take_payment(clerk, invoice.id, "card", "25.00")


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.234"])
def test_bad_amounts_are_refused(clerk, amount):
    invoice = _cash_sale(clerk)
    with pytest.raises(ValidationError):
        payments.take_payment(clerk, invoice.id, "card", amount)
    assert Payment.select().count() == 0


def test_voided_and_draft_invoices_cannot_be_paid(clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Oil", 1, "5.00")])
    with pytest.raises(ValidationError, match="only an issued invoice"):
        payments.take_payment(clerk, draft.id, "cash", "5.50")
    invoices.void_draft(clerk, draft.id)
    with pytest.raises(ValidationError, match="void"):
        payments.take_payment(clerk, draft.id, "cash", "5.50")


def test_cash_tendered_below_amount_is_refused(clerk):
    invoice = _cash_sale(clerk)
    with pytest.raises(ValidationError, match="less than"):
        payments.take_payment(clerk, invoice.id, "cash", "19.97", tendered="10")


def test_refund_store_credit(owner, clerk):
    customer, _ = customer_with_car(owner)
    invoice = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    payments.take_payment(clerk, invoice.id, "card", "20.00")  # 9.00 to credit
    with pytest.raises(ValidationError, match=r"only 9\.00"):
        payments.refund_credit(clerk, customer.id, "10.00", "cash")
    payments.refund_credit(clerk, customer.id, "9.00", "cash")
    assert payments.credit_balance(customer.id) == 0


def test_payments_cannot_be_changed_in_the_database(clerk, db):
    invoice = _cash_sale(clerk)
    result = payments.take_payment(clerk, invoice.id, "card", "19.97")
    with pytest.raises(peewee.DatabaseError, match="cannot be changed"), db.atomic():
        Payment.update(amount=1).where(Payment.id == result.payment.id).execute()
    with pytest.raises(peewee.DatabaseError, match="cannot be changed"), db.atomic():
        Payment.delete().execute()
