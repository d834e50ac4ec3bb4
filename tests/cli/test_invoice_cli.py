"""``shopdesk invoice print NUMBER --pdf FILE``, ``issue DRAFT-N | --order RO-N``, ``statement
CUSTOMER`` and friends, run as a user would."""

from __future__ import annotations

from decimal import Decimal

from pypdf import PdfReader

from shopdesk import db as database
from shopdesk.models.invoices import Invoice, InvoiceLine
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.sales import invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.cli import run_shopdesk
from tests.helpers.invoices import stocked_part, workshop_invoice
from tests.helpers.workshop import workshop
from tests.services.customer_helpers import person


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


# -- issuing drafts: by the reference the list shows, or by the repair order ----------------

def test_a_draft_is_listed_as_draft_n_and_issued_by_that_reference(owner, db_url):
    draft = invoices.create_draft(owner, lines=[LineDraft("Wiper blade", 2, "12.50")])
    database.close()
    listed = run_shopdesk("invoice", "list", "--status", "draft", "--db", db_url)
    assert listed.returncode == 0, listed.stderr
    assert f"DRAFT-{draft.id}" in listed.stdout and "(draft)" not in listed.stdout
    done = run_shopdesk("invoice", "issue", f"draft-{draft.id}", "--db", db_url)
    assert done.returncode == 0, done.stderr
    issued = invoices.get(owner, draft.id)
    assert issued.status == "issued" and issued.issued_by == "command line"
    assert done.stdout.strip() == f"Issued {issued.number} to Cash customer: total $27.50"
    assert issued.number in run_shopdesk("invoice", "list", "--db", db_url).stdout


def test_issuing_refusals_are_one_translated_line(owner, db_url):
    empty = invoices.create_draft(owner)
    negative = invoices.create_draft(owner, lines=[LineDraft("Goodwill", 1, "5.00")])
    # (the line services refuse a negative price; a draft made elsewhere may still have one)
    InvoiceLine.update(unit_price=Decimal("-5.00")).where(
        InvoiceLine.invoice == negative.id).execute()
    issued = invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft("Wiper blade", 1, "12.50")]).id)
    database.close()
    for reference, message in (
            (f"DRAFT-{empty.id}", "The invoice has no lines; add a part or labour first"),
            (f"DRAFT-{negative.id}", "Line 1 (Goodwill) has a negative unit price; correct it "
                                     "before issuing"),
            (issued.number, f"{issued.number} is issued: it cannot be changed; issue a credit "
                            "note to correct it"),
            ("DRAFT-999", "There is no draft invoice DRAFT-999")):
        refused = run_shopdesk("invoice", "issue", reference, "--db", db_url)
        assert (refused.returncode, refused.stderr) == (1, f"shopdesk: {message}\n")
    chinese = run_shopdesk("invoice", "issue", f"DRAFT-{empty.id}", "--db", db_url,
                           "--language", "zh_CN")
    assert (chinese.returncode, chinese.stderr) == (
        1, "shopdesk: 发票没有任何明细行；请先添加配件或工时\n")
    assert invoices.get(owner, empty.id).status == "draft"
    assert not invoices.get(owner, negative.id).number
    both = run_shopdesk("invoice", "issue", f"DRAFT-{empty.id}", "--order", "RO-000001",
                        "--db", db_url)
    neither = run_shopdesk("invoice", "issue", "--db", db_url)
    assert both.returncode == neither.returncode == 2


def test_issue_the_invoice_of_a_finished_repair_order(owner, db_url):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Diagnose noise", "1"))
    repair_orders.record_approval(owner, order.id)
    database.close()
    early = run_shopdesk("invoice", "issue", "--order", order.number, "--db", db_url)
    assert (early.returncode, early.stderr) == (
        1, "shopdesk: RO-000001 is approved: finish the job before invoicing it\n")
    assert Invoice.select().count() == 0
    repair_orders.set_status(owner, order.id, Status.DONE)
    database.close()
    done = run_shopdesk("invoice", "issue", "--order", "ro-1", "--db", db_url)  # as typed
    assert done.returncode == 0, done.stderr
    order = repair_orders.get(owner, order.id)
    invoice = invoices.get(owner, order.invoice_id)
    assert (order.status, invoice.status) == ("invoiced", "issued")
    assert done.stdout.strip() == f"Issued {invoice.number} to Ann Smith: total $88.00"
    again = run_shopdesk("invoice", "issue", "--order", "RO-000001", "--db", db_url)
    assert (again.returncode, again.stderr) == (
        1, f"shopdesk: RO-000001 is invoiced already: {invoice.number}\n")


def test_a_draft_made_from_the_order_in_the_window_is_the_one_issued(owner, db_url):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Diagnose noise", "1"))
    repair_orders.record_approval(owner, order.id)
    repair_orders.set_status(owner, order.id, Status.DONE)
    draft = repair_order_invoicing.invoice_order(owner, order.id)
    database.close()
    done = run_shopdesk("invoice", "issue", "--order", "RO-000001", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert Invoice.select().count() == 1 and invoices.get(owner, draft.id).status == "issued"


# -- statements by what the clerk knows of the customer --------------------------------------

def test_statement_by_name_phone_or_customer_number_and_several_matches(owner, db_url,
                                                                         tmp_path):
    ann = person(owner)
    person(owner, "Annabel", "Smithers", phone="(312) 555-0199", email="")
    invoice = workshop_invoice(owner, ann.id, None, stocked_part(owner).id)
    database.close()
    for i, customer in enumerate(("Ann Smith", "smith, ann", "2175550142", "0142",
                                  f"#{ann.id}", f"no. {ann.id}")):
        pdf = tmp_path / f"statement{i}.pdf"
        done = run_shopdesk("invoice", "statement", customer, "--from", "2020-01-01",
                            "--pdf", str(pdf), "--db", db_url)
        assert done.returncode == 0, (customer, done.stderr)
        assert done.stdout.strip() == f"Wrote the statement of Smith, Ann to {pdf}"
        assert invoice.number in PdfReader(pdf).pages[0].extract_text()
    several = run_shopdesk("invoice", "statement", "smi", "--from", "2020-01-01", "--pdf",
                           str(tmp_path / "x.pdf"), "--db", db_url)
    assert several.returncode == 1
    assert several.stderr == ("shopdesk: 2 customers match 'smi': be more precise (the whole "
                              "name, more digits of the phone, or the customer number as #N)\n")
    assert "Smith, Ann" in several.stdout and "Smithers, Annabel" in several.stdout
    assert f"#{ann.id}" in several.stdout
    nobody = run_shopdesk("invoice", "statement", "Zed", "--from", "2020-01-01", "--pdf",
                          str(tmp_path / "x.pdf"), "--db", db_url)
    assert (nobody.returncode, nobody.stderr) == (1, "shopdesk: No customer matches 'Zed'\n")
    assert not (tmp_path / "x.pdf").exists()
