"""Receivables aging and the end-of-day cash-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopdesk.services.sales import cash_up, credit_notes, invoices, payments, receivables
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings
from tests.services.customer_helpers import person


def _invoice(actor, customer_id, price, day):
    draft = invoices.create_draft(actor, customer_id, lines=[LineDraft("Work", 1, price,
                                                                       kind="labour")])
    return invoices.issue(actor, draft.id, today=day)


def test_aging_buckets_by_days_past_due(owner):
    settings.update_settings(owner, payment_terms_days=30)
    ann = person(owner)
    bob = person(owner, "Bob", "Jones", phone="(217) 555-0199", email="bob@example.com")
    today = dt.date(2026, 6, 30)
    _invoice(owner, ann.id, "100.00", dt.date(2026, 6, 20))  # not due yet
    _invoice(owner, ann.id, "10.00", dt.date(2026, 5, 15))  # due 6/14: 16 days late
    _invoice(owner, bob.id, "200.00", dt.date(2026, 1, 2))  # due 2/1: 149 days late
    paid = _invoice(owner, bob.id, "50.00", dt.date(2026, 4, 1))
    payments.take_payment(owner, paid.id, "cash", "55.00")
    rows = receivables.aging(owner, today)
    assert [r.customer_name for r in rows] == ["Bob Jones", "Ann Smith"]
    assert rows[0].buckets["90+"] == Decimal("220.00") and rows[0].total == Decimal("220.00")
    assert rows[1].buckets["current"] == Decimal("110.00")
    assert rows[1].buckets["1-30"] == Decimal("11.00")
    assert receivables.aging_totals(rows)["90+"] == Decimal("220.00")


def test_cash_up_of_the_day(owner, clerk):
    ann = person(owner)
    a = _invoice(clerk, None, "18.15", dt.date.today())  # 19.97
    b = _invoice(clerk, ann.id, "100.00", dt.date.today())  # 110.00
    payments.take_payment(clerk, a.id, "cash", "19.97", tendered="20.00")
    payments.take_payment(clerk, b.id, "card", "110.00")
    credit_notes.issue_credit_note(owner, b.id, "Goodwill", settle="cash")
    report = cash_up.cash_up(owner)
    assert report.takings["cash"] == Decimal("-90.03")  # 19.97 in, 110.00 refunded
    assert report.refunds["cash"] == Decimal("110.00")
    assert report.takings["card"] == Decimal("110.00")
    assert report.expected_cash == Decimal("-90.03")
    assert [d.number for d in report.invoices] == [a.number, b.number]
    assert report.invoiced == Decimal("129.97") and report.credited == Decimal("-110.00")
    assert report.payment_count == 3
