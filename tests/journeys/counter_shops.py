"""What the counter journeys' shop holds before the clerk starts: a trade customer and two
parts with barcodes (J6), an account customer with two open invoices (J7).

Each builder makes the same situation in a US shop (English names, dollars, 10 % sales tax)
and a Chinese shop (Chinese names, yuan, 13 % VAT), with the figures the printed documents
must show worked out by hand here (not by the code under test).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from shopdesk.models.customers import CustomerKind
from shopdesk.models.parts import MovementKind
from shopdesk.services.crm import customers
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.stock import parts, stock
from tests.journeys.conftest import Shop


@dataclass
class CounterSituation:
    """J6: a trade customer at the counter wants two parts; one is on the shelf."""

    customer_id: int
    customer_typed: str  # what the clerk types to find the customer
    customer_name: str
    in_stock_id: int  # the part sold
    in_stock_barcode: str
    in_stock_on_hand: Decimal
    trade_price: Decimal  # the sold part's trade price (its retail price is higher)
    retail_price: Decimal
    missing_id: int  # the part on file with none on the shelf
    missing_barcode: str
    expected_gross: Decimal  # one of the sold part at trade price, tax added
    prefix: str
    chinese: bool  # the screen is in Chinese


def trade_counter(shop: Shop) -> CounterSituation:
    """A fleet (US: Metro Vans; China: 湘江物流) buying at trade prices, a set of front brake
    pads (4 on the shelf) and a wiper blade on file with none on the shelf.

    US: trade 36.00 (retail 45.00), 10 % tax 3.60, total 39.60.
    China: trade 230.00 (retail 280.00), 13 % VAT 29.90, total 259.90.
    """
    owner = shop.owner
    if shop.chinese:
        company, typed, phone = "湘江物流有限公司", "湘江", "13973188866"
        pads, wiper = "刹车片（前）", "雨刮片 55cm"
        retail, trade, wiper_retail, wiper_trade = "280.00", "230.00", "45.00", "38.00"
        codes, gross = ("6901234567892", "6901234567809"), Decimal("259.90")
    else:
        company, typed, phone = "Metro Vans", "Metro", "(217) 555-0190"
        pads, wiper = "Front brake pads", "Wiper blade 55cm"
        retail, trade, wiper_retail, wiper_trade = "45.00", "36.00", "12.99", "10.50"
        codes, gross = ("4006633112233", "4006633155005"), Decimal("39.60")
    customers.add_customer(owner, CustomerInput(  # a retail customer the clerk must not pick
        first_name="Ann" if not shop.chinese else "伟", last_name="Smith" if not shop.chinese
        else "张", phones=[PhoneInput("(217) 555-0142" if not shop.chinese
                                      else "13812345678")]))
    fleet = customers.add_customer(owner, CustomerInput(
        kind=CustomerKind.COMPANY.value, company_name=company, phones=[PhoneInput(phone)],
        payment_terms_days=30, price_level="trade")).customer
    sold = parts.create_part(owner, sku="BP-200", name=pads, cost="20.00", retail_price=retail,
                             trade_price=trade, barcodes=[codes[0]])
    stock.record_movement(owner, sold, MovementKind.RECEIPT, 4, "20.00", reference="opening")
    missing = parts.create_part(owner, sku="WB-55", name=wiper, cost="5.00",
                                retail_price=wiper_retail, trade_price=wiper_trade,
                                barcodes=[codes[1]])
    return CounterSituation(fleet.id, typed, company, sold.id, codes[0], Decimal(4),
                            Decimal(trade), Decimal(retail), missing.id, codes[1], gross,
                            "SD" if shop.chinese else "RA", shop.chinese)


@dataclass
class AccountSituation:
    """J7: an account customer owes two issued invoices and pays both with one transfer."""

    customer_id: int
    customer_typed: str
    customer_name: str
    invoice_ids: list[int]  # oldest first
    numbers: list[str]
    grosses: list[Decimal]
    total: Decimal
    reference: str  # the bank transfer's reference, as on the customer's remittance


def account_customer(shop: Shop, today: dt.date | None = None) -> AccountSituation:
    """A builder on 30 days' account (US: Hillside Plumbing; China: 岳麓建材) with an invoice
    from 35 days ago and one from 12 days ago, both unpaid.

    US: 120.00 + 10 % = 132.00 and 85.50 + 8.55 = 94.05; together 226.05.
    China: 800.00 + 13 % = 904.00 and 350.00 + 45.50 = 395.50; together 1,299.50.
    """
    owner = shop.owner
    today = today or dt.date.today()
    if shop.chinese:
        company, typed, phone = "岳麓建材有限公司", "岳麓", "13875512345"
        work = [("货车保养", "800.00", "labour"), ("轮胎修补", "350.00", "labour")]
        grosses, reference = [Decimal("904.00"), Decimal("395.50")], "ZZ20417"
    else:
        company, typed, phone = "Hillside Plumbing", "Hillside", "(217) 555-0177"
        work = [("Van service", "120.00", "labour"), ("Brake fluid and bulbs", "85.50", "part")]
        grosses, reference = [Decimal("132.00"), Decimal("94.05")], "TRF-20417"
    customer = customers.add_customer(owner, CustomerInput(
        kind=CustomerKind.COMPANY.value, company_name=company, phones=[PhoneInput(phone)],
        payment_terms_days=30)).customer
    issued = []
    for (what, price, kind), days in zip(work, (35, 12), strict=True):
        draft = invoices.create_draft(owner, customer.id,
                                      lines=[LineDraft(what, 1, price, kind=kind)])
        issued.append(invoices.issue(owner, draft.id, today=today - dt.timedelta(days=days)))
    assert [i.gross for i in issued] == grosses  # (the figures above, worked by hand)
    return AccountSituation(customer.id, typed, company, [i.id for i in issued],
                            [i.number for i in issued], grosses, sum(grosses, Decimal(0)),
                            reference)
