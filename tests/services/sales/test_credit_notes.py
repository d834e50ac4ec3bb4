"""Credit notes: one line or all, own series, stock back, never more than invoiced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.parts import Part
from shopdesk.services.sales import credit_notes, invoices, payments
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice


@pytest.fixture
def sale(owner):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    return workshop_invoice(owner, customer.id, vehicle.id, part.id), part, customer


def test_credit_one_line_returns_stock_and_reduces_due(owner, sale):
    invoice, part, _ = sale
    parts_line = invoices.lines_of(owner, invoice)[0]
    note = credit_notes.issue_credit_note(owner, invoice.id, "Wrong filter",
                                          {parts_line.id: 1})
    assert note.number == f"TG-CN-{dt.date.today().year}-00001"
    assert note.credited_invoice_id == invoice.id and note.reason == "Wrong filter"
    assert (note.net, note.tax, note.gross) == (
        Decimal("-9.99"), Decimal("-1.00"), Decimal("-10.99"))
    assert Part.get_by_id(part.id).on_hand == Decimal("19")  # 20 - 2 sold + 1 back
    assert invoices.balance_due(invoices.get(owner, invoice.id)) == Decimal("142.99")


def test_whole_credit_mirrors_the_invoice_exactly(owner, sale):
    invoice, _part, _ = sale
    note = credit_notes.issue_credit_note(owner, invoice.id, "Customer cancelled")
    assert (note.net, note.tax, note.gross) == (-invoice.net, -invoice.tax, -invoice.gross)
    assert invoices.balance_due(invoices.get(owner, invoice.id)) == 0
    with pytest.raises(ValidationError, match="Nothing is left"):
        credit_notes.issue_credit_note(owner, invoice.id, "again")


def test_cannot_credit_more_than_was_invoiced(owner, sale):
    invoice, _part, _ = sale
    line = invoices.lines_of(owner, invoice)[0]  # 2 filters
    credit_notes.issue_credit_note(owner, invoice.id, "one back", {line.id: 1})
    with pytest.raises(ValidationError, match="Only 1 of 'Oil filter' can still be credited"):
        credit_notes.issue_credit_note(owner, invoice.id, "two more", {line.id: 2})
    with pytest.raises(ValidationError, match="more than zero"):
        credit_notes.issue_credit_note(owner, invoice.id, "minus", {line.id: -1})


def test_credit_after_payment_becomes_store_credit(owner, sale):
    invoice, _part, customer = sale
    payments.take_payment(owner, invoice.id, "card", invoice.gross)
    line = invoices.lines_of(owner, invoice)[1]  # labour 120.00 + 12.00 tax
    credit_notes.issue_credit_note(owner, invoice.id, "Labour charged twice", {line.id: "1.5"})
    assert payments.credit_balance(owner, customer.id) == Decimal("132.00")
    assert invoices.balance_due(invoices.get(owner, invoice.id)) == 0


def test_credit_after_payment_refunded_by_card(owner, sale):
    invoice, _part, customer = sale
    payments.take_payment(owner, invoice.id, "card", invoice.gross)
    credit_notes.issue_credit_note(owner, invoice.id, "Goodwill", settle="card")
    refund = payments.payments_of(owner, invoice.id)[-1]
    assert refund.is_refund and refund.amount == -invoice.gross
    assert payments.credit_balance(owner, customer.id) == 0


def test_credit_note_needs_a_reason_and_the_owner(owner, clerk, sale):
    invoice, _part, _ = sale
    with pytest.raises(ValidationError, match="Say why"):
        credit_notes.issue_credit_note(owner, invoice.id, " ")
    with pytest.raises(AccessDenied):
        credit_notes.issue_credit_note(clerk, invoice.id, "mistake")


def test_draft_cannot_be_credited(owner):
    draft = invoices.create_draft(owner, lines=[invoices.LineDraft("Oil", 1, "5.00")])
    with pytest.raises(ValidationError, match="Only an issued invoice"):
        credit_notes.issue_credit_note(owner, draft.id, "oops")
