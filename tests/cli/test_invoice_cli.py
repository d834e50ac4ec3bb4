"""``shopdesk invoice print NUMBER --pdf FILE`` and friends, run as a user would."""

from __future__ import annotations

from pypdf import PdfReader

from shopdesk.services import invoices, payments
from shopdesk.services.invoices import LineDraft
from tests.helpers.cli import run_shopdesk


def test_print_list_aging_and_cashup(owner, db_url, tmp_path):
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft("Wiper blade", 2, "12.50")]).id)
    payments.take_payment(owner, invoice.id, "cash", "27.50", tendered="30")
    pdf = tmp_path / "out.pdf"
    done = run_shopdesk("invoice", "print", invoice.number, "--pdf", str(pdf), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "$27.50" in PdfReader(pdf).pages[0].extract_text()
    listed = run_shopdesk("invoice", "list", "--db", db_url)
    assert invoice.number in listed.stdout and "$27.50" in listed.stdout
    cash = run_shopdesk("invoice", "cashup", "--db", db_url)
    assert "Expected cash in the till: $27.50" in cash.stdout
    assert run_shopdesk("invoice", "aging", "--db", db_url).returncode == 0


def test_unknown_number_is_one_clear_line(owner, db_url, tmp_path):
    done = run_shopdesk("invoice", "print", "NOPE-1", "--pdf", str(tmp_path / "x.pdf"),
                        "--db", db_url)
    assert done.returncode == 1
    assert done.stderr.strip() == "shopdesk: There is no invoice numbered 'NOPE-1'"
