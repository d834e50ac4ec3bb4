"""``shopdesk check`` for invoices: a healthy shop passes, tampering is reported."""

from __future__ import annotations

from shopdesk.models.invoices import DocumentSequence
from shopdesk.services.integrity import run_checks
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft


def _faults(db) -> list[str]:
    return [f.message for f in run_checks(db) if f.check == "invoices"]


def test_healthy_invoices_pass_and_a_skipped_number_is_reported(owner, db):
    for price in ("10.00", "20.00", "30.00"):
        invoice = invoices.issue(owner, invoices.create_draft(
            owner, lines=[LineDraft("Work", 1, price, kind="labour")]).id)
    payments.take_payment(owner, invoice.id, "card", "10.00")
    credit_notes.issue_credit_note(owner, invoice.id, "Goodwill")
    assert _faults(db) == []
    DocumentSequence.update(last_number=DocumentSequence.last_number + 1).where(
        DocumentSequence.series == "invoice").execute()  # a number taken but never issued
    assert any("counter of" in f and "last issued number is 3" in f for f in _faults(db))
