"""Payments: cash with change, card, partial payments, overpayment to credit, bad input."""

from __future__ import annotations

from decimal import Decimal

import peewee
import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.invoices import Payment
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice
from tests.services.customer_helpers import person


def _cash_sale(actor, price="18.15"):
    draft = invoices.create_draft(actor, lines=[LineDraft("Brake fluid", 1, price)])
    return invoices.issue(actor, draft.id)  # +10% tax


def test_cash_with_change(clerk):
    invoice = _cash_sale(clerk)  # 18.15 + 1.82 = 19.97
    result = payments.take_payment(clerk, invoice.id, "cash", "19.97", tendered="50")
    assert result.change == Decimal("30.03") and result.balance_due == Decimal("0.00")
    assert invoices.get(clerk, invoice.id).paid == Decimal("19.97")


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
    assert [p.method for p in payments.payments_of(owner, invoice.id)] == ["card", "bank transfer"]


def test_overpayment_becomes_store_credit_and_pays_the_next_invoice(owner, clerk):
    customer, _ = customer_with_car(owner)
    first = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Tyre fitting", 1, "40.00", kind="labour")]).id)
    result = payments.take_payment(clerk, first.id, "bank transfer", "50.00")  # 44.00 due
    assert result.to_credit == Decimal("6.00")
    assert payments.credit_balance(owner, customer.id) == Decimal("6.00")
    second = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Valve", 1, "10.00")]).id)  # 11.00
    with pytest.raises(ValidationError, match="store credit, less than"):
        payments.take_payment(clerk, second.id, "store credit", "7.00")
    payments.take_payment(clerk, second.id, "store credit", "6.00")
    assert payments.credit_balance(owner, customer.id) == Decimal("0.00")
    assert invoices.balance_due(invoices.get(owner, second.id)) == Decimal("5.00")


def test_cash_customer_cannot_overpay(clerk):
    invoice = _cash_sale(clerk)
    with pytest.raises(ValidationError, match="cannot overpay"):
        payments.take_payment(clerk, invoice.id, "bank transfer", "25.00")
    assert Payment.select().count() == 0


def test_a_card_is_never_charged_more_than_is_due(owner, clerk):
    customer, _ = customer_with_car(owner)  # an account customer, who could hold credit
    invoice = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)  # 11.00
    with pytest.raises(ValidationError, match=r"cannot be more than the \$11\.00 due") as exc:
        payments.take_payment(clerk, invoice.id, "card", "110.00")
    assert exc.value.fields == {"amount": "At most {due}"}
    assert exc.value.field_text("amount") == "At most $11.00"
    assert Payment.select().count() == 0 and payments.credit_balance(owner, customer.id) == 0


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "1.234"])
def test_bad_amounts_are_refused(clerk, amount):
    invoice = _cash_sale(clerk)
    with pytest.raises(ValidationError):
        payments.take_payment(clerk, invoice.id, "card", amount)
    assert Payment.select().count() == 0


def test_voided_and_draft_invoices_cannot_be_paid(clerk):
    draft = invoices.create_draft(clerk, lines=[LineDraft("Oil", 1, "5.00")])
    with pytest.raises(ValidationError, match="still a draft"):
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
    payments.take_payment(clerk, invoice.id, "cheque", "20.00")  # 9.00 to credit
    with pytest.raises(ValidationError, match=r"only 9\.00"):
        payments.refund_credit(clerk, customer.id, "10.00", "cash")
    payments.refund_credit(clerk, customer.id, "9.00", "cash")
    assert payments.credit_balance(owner, customer.id) == 0


def test_payments_cannot_be_changed_in_the_database(clerk, db):
    invoice = _cash_sale(clerk)
    result = payments.take_payment(clerk, invoice.id, "card", "19.97")
    with pytest.raises(peewee.DatabaseError, match="cannot be changed"), db.atomic():
        Payment.update(amount=1).where(Payment.id == result.payment.id).execute()
    with pytest.raises(peewee.DatabaseError, match="cannot be changed"), db.atomic():
        Payment.delete().execute()


# --- one settlement: split tenders, several invoices ----------------------------------------
def test_split_card_and_cash_with_change(owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    result = payments.take_payments(clerk, [invoice.id], [
        payments.Tender("cash", "53.98", tendered="60.00"),  # cash is taken last
        payments.Tender("card", "100.00", reference="auth 77")])
    assert result.change == Decimal("6.02") and result.balance_due == 0
    assert [(p.method, p.amount, p.tendered, p.change, p.reference) for p in result.payments] == [
        ("card", Decimal("100.00"), None, None, "auth 77"),
        ("cash", Decimal("53.98"), Decimal("60.00"), Decimal("6.02"), "")]
    assert invoices.get(owner, invoice.id).paid == Decimal("153.98")


def test_cash_in_a_split_pays_at_most_what_is_left(owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    result = payments.take_payments(clerk, [invoice.id], [
        payments.Tender("card", "100.00"), payments.Tender("cash", "153.98", tendered="60")])
    assert result.change == Decimal("6.02")  # 53.98 of the 60 handed over settles the rest
    assert sum(p.amount for p in result.payments) == Decimal("153.98")


def test_a_refused_tender_writes_nothing_of_the_settlement(owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)  # 153.98
    with pytest.raises(ValidationError, match="card payment cannot be more"):
        payments.take_payments(clerk, [invoice.id], [
            payments.Tender("card", "100.00"), payments.Tender("card", "60.00")])
    with pytest.raises(ValidationError, match="Take cash once"):
        payments.take_payments(clerk, [invoice.id], [
            payments.Tender("cash", "10"), payments.Tender("cash", "10")])
    assert Payment.select().count() == 0
    assert invoices.get(owner, invoice.id).paid == 0


def test_one_transfer_pays_two_invoices_oldest_first(owner, clerk):
    customer, _ = customer_with_car(owner)
    older = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)  # 11.00
    newer = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, lines=[LineDraft("Wipers", 1, "20.00")]).id)  # 22.00
    assert payments.open_invoices(owner, customer.id) == [older, newer]
    result = payments.take_payments(clerk, [newer.id, older.id], [
        payments.Tender("bank transfer", "40.00", reference="TX 991")])
    assert [(p.invoice_id, p.amount, p.applied) for p in result.payments] == [
        (older.id, Decimal("11.00"), Decimal("11.00")),
        (newer.id, Decimal("29.00"), Decimal("22.00"))]  # 7.00 over: store credit
    assert result.to_credit == Decimal("7.00") and result.balance_due == 0
    assert payments.credit_balance(owner, customer.id) == Decimal("7.00")
    assert payments.open_invoices(owner, customer.id) == []


def test_a_settlement_pays_one_customer_only(owner, clerk):
    ann, _ = customer_with_car(owner)
    bob = person(owner, "Bob", "Jones", phone="(217) 555-0199", email="bob@example.com")
    mine = invoices.issue(clerk, invoices.create_draft(
        clerk, ann.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    theirs = invoices.issue(clerk, invoices.create_draft(
        clerk, bob.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    with pytest.raises(ValidationError, match="one customer only"):
        payments.take_payments(clerk, [mine.id, theirs.id], [payments.Tender("cash", "22")])
    assert Payment.select().count() == 0


def test_refusals_read_in_chinese(clerk):
    from shopdesk import formatting, i18n

    invoice = _cash_sale(clerk)
    payments.take_payment(clerk, invoice.id, "cash", "19.97")
    i18n.set_language("zh_CN")
    formatting.configure(locale=i18n.format_locale("zh_CN"))
    try:
        with pytest.raises(ValidationError) as exc:
            payments.take_payment(clerk, invoice.id, "cash", "1.00")
        assert exc.value.translated() == f"{invoice.number} 已全额付清"
    finally:
        i18n.set_language("en")
        formatting.configure(locale="en_US")
