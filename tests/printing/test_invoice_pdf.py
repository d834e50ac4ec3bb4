"""Printed invoices, credit notes and statements: the right figures, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from pypdf import PdfReader

from shopdesk.printing.invoice import render_invoice
from shopdesk.printing.statement import render_statement
from shopdesk.services.sales import credit_notes, invoices, payments, receivables
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice


def _text(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def test_workshop_invoice_prints_shop_customer_vehicle_lines_taxes_and_due(owner):
    settings.update_settings(owner, address="88 Elm Street", tax_id="TAX-991",
                             invoice_footer="Bank 0123-4567 · thank you", payment_terms_days=30)
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner, address="5 Oak Lane", city="Springfield")
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)
    payments.take_payment(owner, invoice.id, "card", "100.00")
    (text,) = _text(render_invoice(owner, invoice.id))
    for expected in ("Test Garage", "88 Elm Street", "Tax ID TAX-991", "INVOICE",
                     invoice.number, "Ann Smith", "5 Oak Lane", "AB-123-CD",
                     "VIN 1HGCM82633A004352", "Odometer 84,210", "Oil filter", "OF-100",
                     "$9.99", "$19.98", "Labour: oil service", "$120.00",
                     "Tax 10% on $139.98", "$14.00", "Total", "$153.98",
                     "Paid", "$100.00", "Amount due", "$53.98", "Payment terms: 30 days",
                     "Bank 0123-4567", "Page 1 of 1"):
        assert expected in text, expected


def test_letter_paper_and_long_invoice_flows_over_pages(owner):
    lines = [LineDraft(f"Bolt M8 x {i}", 1, "0.50", kind="part") for i in range(90)]
    invoice = invoices.issue(owner, invoices.create_draft(owner, lines=lines).id)
    pdf = render_invoice(owner, invoice, paper="LETTER")
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 612  # 8.5 in
    pages = _text(pdf)
    assert len(pages) >= 3
    assert all("Unit price" in p and f"of {len(pages)}" in p for p in pages)
    assert "$49.50" in pages[-1]  # total on the last page: 90 x 0.50 + 10% = 49.50


def test_chinese_customer_name_prints(owner):
    from shopdesk.services.crm import customers
    from shopdesk.services.crm.customers import CustomerInput

    customer = customers.add_customer(owner, CustomerInput(
        first_name="小明", last_name="王")).customer
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("机油 engine oil", 1, "30.00")]).id)
    (text,) = _text(render_invoice(owner, invoice))
    assert "小明" in text and "机油" in text


def test_credit_note_prints_reason_reference_and_negative_total(owner):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)
    line = invoices.lines_of(owner, invoice)[0]
    note = credit_notes.issue_credit_note(owner, invoice.id, "Wrong filter", {line.id: 1})
    (text,) = _text(render_invoice(owner, note))
    assert "CREDIT NOTE" in text and note.number in text and invoice.number in text
    # a credit note prints its amounts as credited (positive), under "Credit total"
    assert "Reason: Wrong filter" in text and "Credit total\n $10.99" in text


def test_statement_lists_invoices_payments_and_aging(owner):
    customer, _ = customer_with_car(owner)
    old = invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Service", 1, "100.00", kind="labour")]).id,
        today=dt.date(2026, 1, 10))
    invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Bulb", 1, "10.00")]).id)
    payments.take_payment(owner, old.id, "cheque", "50.00", reference="chq 311")
    (text, *_rest) = _text(render_statement(owner, customer.id, dt.date(2026, 1, 1),
                                            dt.date.today()))
    assert "STATEMENT" in text and old.number in text
    assert "Payment (cheque)" in text
    assert "Balance due\n $71.00" in text  # 110.00 + 11.00 - 50.00
    assert sum(r.total for r in receivables.aging(owner)) == Decimal("71.00")
    # in Chinese every entry is in Chinese too (the words came from the data layer)
    from shopdesk import i18n

    with i18n.documents("zh_CN"):
        (chinese, *_rest) = _text(render_statement(owner, customer.id, dt.date(2026, 1, 1),
                                                   dt.date.today()))
    flat = "".join(chinese.split())
    assert "对账单" in flat and flat.count("发票") >= 2 and "付款（支票）" in flat
    assert not re.search(r"Invoice|Payment|cheque", flat), flat


def test_the_invoice_prints_the_warranty_each_line_was_sold_with(owner):
    from shopdesk import i18n
    from shopdesk.services.counter import warranty

    part = stocked_part(owner)
    warranty.set_part(owner, part.id, warranty.Terms(24, None))
    warranty.set_labour(owner, warranty.Terms(12, 20000))
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)
    day = invoice.issue_date
    (text,) = _text(render_invoice(owner, invoice.id))
    flat = " ".join(text.split())
    assert (f"Warranty from {day.strftime('%b')} {day.day}, {day.year} at 84,210 km, "
            "whichever limit comes first:") in flat
    assert "24 months: Oil filter" in flat
    assert "12 months / 20,000 km: Labour: oil service" in flat
    with i18n.documents("zh_CN"):
        (chinese,) = _text(render_invoice(owner, invoice.id))
    assert "12 个月 / 20,000 公里" in " ".join(chinese.split())
    # an estimate carries no terms yet, and a line sold without any prints none
    warranty.set_labour(owner, warranty.Terms(None, None))
    plain = invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Diagnosis", 1, "40.00", kind="labour")]).id)
    (text,) = _text(render_invoice(owner, plain.id))
    assert "Warranty" not in text
