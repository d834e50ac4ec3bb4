"""A small shop with invoices at three tax rates, discounts, tax-inclusive prices, a credit
note, payments, a draft and an invoice outside the period: what the accountant exports see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from shopdesk.models.invoices import Invoice
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings
from tests.helpers.invoices import customer_with_car, stocked_part

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@dataclass
class Shop:
    a: Invoice  # three rates, paid by card
    b: Invoice  # invoice and line discounts, part paid in cash
    credit: Invoice  # one oil filter of A back
    e: Invoice  # prices include tax
    outside: Invoice  # October
    draft: Invoice


def make_shop(owner) -> Shop:
    settings.save_tax_rate(owner, "STD", "Standard 20%", "20", is_default=True)
    settings.save_tax_rate(owner, "RED", "Reduced 5%", "5")
    settings.save_tax_rate(owner, "ZERO", "Zero rated", "0")
    customer, vehicle = customer_with_car(owner)
    oil = stocked_part(owner, "OF-100", "Oil filter", tax_code="STD")
    seat = stocked_part(owner, "CS-200", "Child seat", tax_code="RED", retail_price="49.99")

    def issue(day: dt.date, lines: list[LineDraft], **draft) -> Invoice:
        made = invoices.create_draft(owner, customer.id, vehicle.id, lines=lines, **draft)
        return invoices.issue(owner, made.id, today=day)

    a = issue(dt.date(2026, 11, 2), [
        LineDraft(part_id=oil.id, quantity=2),
        LineDraft("Labour: oil service", "1.5", "80.00", kind="labour"),
        LineDraft(part_id=seat.id, quantity=1),
        LineDraft("Inspection fee", 1, "54.85", kind="fee", tax_code="ZERO")])
    payments.take_payment(owner, a.id, "card", a.gross)
    b = issue(dt.date(2026, 11, 5), [
        LineDraft("-Wiper blades, fitted", 3, "3.33", tax_code="STD"),
        LineDraft(part_id=seat.id, quantity=1, discount_percent="12.5")],
        discount_percent="10")
    payments.take_payment(owner, b.id, "cash", "20.00")
    oil_line = next(li for li in invoices.lines_of(owner, a) if li.part_id == oil.id)
    credit = credit_notes.issue_credit_note(owner, a.id, "Returned unused", {oil_line.id: 1},
                                            today=dt.date(2026, 11, 10))
    settings.update_settings(owner, prices_include_tax=True)
    e = issue(dt.date(2026, 11, 12), [LineDraft("Tyre fitting", 4, "12.49", tax_code="STD"),
                                      LineDraft(part_id=seat.id, quantity=1)])
    settings.update_settings(owner, prices_include_tax=False)
    outside = issue(dt.date(2026, 10, 31), [LineDraft("Old job", 1, "100.00")])
    draft = invoices.create_draft(owner, customer.id, None, lines=[LineDraft("Not yet", 1, "1")])
    return Shop(invoices.get(owner, a.id), invoices.get(owner, b.id), credit, e, outside, draft)


def money(value) -> Decimal:
    """A number read back from a file as exact money."""
    return Decimal(str(value)).quantize(Decimal("0.01"))
