"""Invoices: drafts, issuing with gapless numbers, immutability, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from shopdesk.errors import AccessDenied, NotFoundError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.invoices import Invoice, InvoiceLine
from shopdesk.models.parts import Part
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice


def test_repair_order_invoice_totals_number_stock_and_audit(owner, clerk):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(clerk, customer.id, vehicle.id, part.id)
    # 2 x 9.99 + 1.5 x 80.00 = 139.98 net; 10% tax = 14.00 (13.998 rounded once)
    assert (invoice.net, invoice.tax, invoice.gross) == (
        Decimal("139.98"), Decimal("14.00"), Decimal("153.98"))
    assert invoice.number == f"TG-{dt.date.today().year}-00001"
    assert invoice.status == "issued" and invoice.issued_by == "carl"
    assert "AB-123-CD" in invoice.vehicle_text and invoice.odometer == 84210
    assert Part.get_by_id(part.id).on_hand == Decimal("18")
    assert AuditEntry.select().where((AuditEntry.action == "issue")
                                     & (AuditEntry.entity_id == str(invoice.id))).exists()
    assert invoices.balance_due(invoice) == Decimal("153.98")


def test_numbers_are_consecutive_and_drafts_have_none(owner):
    part = stocked_part(owner)
    drafts = [invoices.create_draft(owner, lines=[LineDraft(part_id=part.id)])
              for _ in range(3)]
    assert all(d.number is None for d in drafts)
    invoices.void_draft(owner, drafts[1].id, "customer left")
    numbers = [invoices.issue(owner, d.id).number for d in (drafts[2], drafts[0])]
    assert [n[-5:] for n in numbers] == ["00001", "00002"]


def test_failed_issue_uses_no_number(owner):
    part = stocked_part(owner, qty=1)
    draft = invoices.create_draft(owner, lines=[LineDraft(part_id=part.id, quantity=5)])
    with pytest.raises(ValidationError, match="Only 1"):
        invoices.issue(owner, draft.id)
    assert invoices.get(owner, draft.id).status == "draft"
    invoices.change_line(owner, invoices.lines_of(owner, draft)[0].id, quantity=1)
    assert invoices.issue(owner, draft.id).number.endswith("-00001")


def test_trade_price_level_discounts_and_tax_classes(owner):
    part = stocked_part(owner, tax_code="ZERO")
    draft = invoices.create_draft(
        owner, price_level="trade", discount_percent="10",
        lines=[LineDraft(part_id=part.id, quantity=4),
               LineDraft("Disposal fee", 1, "5.00", kind="fee", discount_percent="50")])
    invoice = invoices.issue(owner, draft.id)
    # trade 7.50 x 4 = 30.00 (0%); fee 2.50 (10%); invoice discount 10% of 32.50 = 3.25
    assert invoice.subtotal == Decimal("32.50") and invoice.discount == Decimal("3.25")
    assert invoice.net == Decimal("29.25")
    assert invoice.tax == Decimal("0.23")  # 2.25 x 10% = 0.225 -> 0.23, half up
    assert invoice.gross == Decimal("29.48")
    assert sum(li.discounted for li in invoices.lines_of(owner, invoice)) == Decimal("29.25")


def test_tax_inclusive_prices(owner):
    settings.update_settings(owner, prices_include_tax=True)
    draft = invoices.create_draft(owner, lines=[LineDraft("Wiper blades", 1, "22.00",
                                                          kind="part")])
    invoice = invoices.issue(owner, draft.id)
    assert (invoice.net, invoice.tax, invoice.gross) == (
        Decimal("20.00"), Decimal("2.00"), Decimal("22.00"))


@pytest.mark.parametrize("line, message", [
    (LineDraft("Bolt", -1, "1.00"), "more than zero"),
    (LineDraft("Bolt", 0, "1.00"), "more than zero"),
    (LineDraft("Bolt", 1, "1.00", discount_percent="150"), "between 0 and 100"),
    (LineDraft("Bolt", 1, "-1.00"), "cannot be negative"),
    (LineDraft("Bolt", "abc", "1.00"), "not a number"),
    (LineDraft("Bolt", 1, "1.005"), "not an amount"),
    (LineDraft("", 1, "1.00", kind="fee"), "Describe"),
])
def test_bad_lines_are_refused(owner, line, message):
    with pytest.raises(ValidationError, match=message):
        invoices.create_draft(owner, lines=[line])
    assert Invoice.select().count() == 0


def test_invoice_discount_over_100_is_refused(owner):
    with pytest.raises(ValidationError, match="between 0 and 100"):
        invoices.create_draft(owner, discount_percent="101")


def test_empty_draft_cannot_be_issued(owner):
    draft = invoices.create_draft(owner)
    with pytest.raises(ValidationError, match="no lines"):
        invoices.issue(owner, draft.id)


def test_issued_invoice_cannot_be_changed_by_services(owner):
    part = stocked_part(owner)
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft(part_id=part.id)]).id)
    line = invoices.lines_of(owner, invoice)[0]
    with pytest.raises(ValidationError, match="credit note"):
        invoices.change_line(owner, line.id, quantity=3)
    with pytest.raises(ValidationError, match="credit note"):
        invoices.add_line(owner, invoice.id, LineDraft("Extra", 1, "1.00"))
    with pytest.raises(ValidationError, match="cannot be deleted"):
        invoices.delete_invoice(owner, invoice.id)
    with pytest.raises(ValidationError):
        invoices.issue(owner, invoice.id)


def test_database_refuses_a_crafted_change_of_an_issued_invoice(owner, db):
    part = stocked_part(owner)
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft(part_id=part.id)]).id)
    crafted = [
        lambda: Invoice.update(gross=1).where(Invoice.id == invoice.id).execute(),
        lambda: Invoice.update(number="X-1").where(Invoice.id == invoice.id).execute(),
        lambda: Invoice.update(status="draft").where(Invoice.id == invoice.id).execute(),
        lambda: Invoice.delete().where(Invoice.id == invoice.id).execute(),
        lambda: InvoiceLine.update(unit_price=0).where(
            InvoiceLine.invoice == invoice.id).execute(),
        lambda: InvoiceLine.delete().where(InvoiceLine.invoice == invoice.id).execute(),
        lambda: InvoiceLine.insert(invoice=invoice.id, description="sneaky", quantity=1,
                                   unit_price=1).execute(),
    ]
    for attempt in crafted:
        with pytest.raises(peewee.DatabaseError, match="issued invoice cannot be changed"), \
                db.atomic():
            attempt()
    assert invoices.get(owner, invoice.id).gross == Decimal("10.99")
    assert len(invoices.lines_of(owner, invoice)) == 1


def test_technician_cannot_sell(owner, technician):
    with pytest.raises(AccessDenied):
        invoices.create_draft(technician, lines=[LineDraft("Oil", 1, "5.00")])


def test_scanning_the_same_part_twice_adds_to_its_line(owner):
    part = stocked_part(owner)
    draft = invoices.create_draft(owner)
    invoices.scan_part(owner, draft.id, part.id)
    invoices.scan_part(owner, draft.id, part.id)
    lines = invoices.lines_of(owner, draft)
    assert len(lines) == 1 and lines[0].quantity == Decimal("2")


def test_blacklisted_customer_gets_no_terms(owner):
    from shopdesk.services.crm import customers

    settings.update_settings(owner, payment_terms_days=30)
    customer, _ = customer_with_car(owner)
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Oil", 1, "5.00")]).id)
    assert invoice.due_date == invoice.issue_date + dt.timedelta(days=30)
    customers.set_blacklisted(owner, customer.id, True, "unpaid invoice")
    later = invoices.issue(owner, invoices.create_draft(
        owner, customer.id, lines=[LineDraft("Oil", 1, "5.00")]).id)
    assert later.due_date == later.issue_date


def test_numbers_as_people_type_them_and_draft_references(owner):
    issued = invoices.issue(owner, invoices.create_draft(
        owner, lines=[LineDraft("Wiper blade", 1, "12.00")]).id)
    draft = invoices.create_draft(owner)
    year = issued.number.split("-")[1]
    for typed in (issued.number, issued.number.lower(), f"tg-{year}-1", f" TG-{year}-001 "):
        assert invoices.by_number(owner, typed).id == issued.id
    assert invoices.reference(issued) == issued.number
    assert invoices.reference(draft) == f"DRAFT-{draft.id}"
    for typed in (f"DRAFT-{draft.id}", f"draft {draft.id}", f"Draft-000{draft.id}"):
        assert invoices.by_reference(owner, typed).id == draft.id
    assert invoices.by_reference(owner, f"tg-{year}-1").id == issued.id
    with pytest.raises(NotFoundError, match="There is no draft invoice DRAFT-999"):
        invoices.by_reference(owner, "draft-999")
    with pytest.raises(NotFoundError, match="There is no invoice numbered 'TG-1999-1'"):
        invoices.by_number(owner, "TG-1999-1")
def test_a_scan_beyond_the_shelf_is_refused_unless_the_shop_sells_below_zero(owner):
    from shopdesk import i18n
    from shopdesk.services.stock import stock
    from tests.helpers.parts import make_part

    pads = stocked_part(owner, sku="BP-200", name="Brake pads", qty=2)
    wiper = make_part(owner, sku="WB-55", name="Wiper blade")  # on file, none on the shelf
    draft = invoices.create_draft(owner)
    with pytest.raises(stock.NotInStock, match=r"^WB-55 Wiper blade is out of stock$") as caught:
        invoices.scan_part(owner, draft.id, wiper.id)
    assert (caught.value.part_id, caught.value.available) == (wiper.id, Decimal(0))
    invoices.scan_part(owner, draft.id, pads.id)
    invoices.scan_part(owner, draft.id, pads.id)  # the last two on the shelf
    with pytest.raises(stock.NotInStock, match=r"^Only 2 piece of BP-200 Brake pads in stock$"):
        invoices.scan_part(owner, draft.id, pads.id)  # a third: what the draft holds counts
    assert [(li.part_id, li.quantity) for li in invoices.lines_of(owner, draft)] == [
        (pads.id, Decimal(2))]  # nothing written by the refusals
    with i18n.documents("zh_CN"), pytest.raises(stock.NotInStock) as chinese:
        invoices.scan_part(owner, draft.id, wiper.id)
    with i18n.documents("zh_CN"):
        assert chinese.value.translated() == "WB-55 Wiper blade 缺货"
    # a shop that sells below zero (and orders later) may scan it
    settings.update_settings(owner, allow_negative_stock=True)
    invoices.scan_part(owner, draft.id, wiper.id)
    invoices.issue(owner, draft.id)
    assert Part.get_by_id(wiper.id).on_hand == Decimal(-1)
    assert Part.get_by_id(pads.id).on_hand == Decimal(0)
