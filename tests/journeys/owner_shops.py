"""What the owner's and the accountant's journeys find in the shop: a month of work (J12, J18),
parts to reprice (J15), backups of the last days (J17).

Each builder makes its situation in a US shop (dollars, 10 % sales tax) and, where the journey
runs there too, a Chinese shop (yuan, 13 % VAT), through the services, with the figures the
reports and exports must show worked out by hand here (not by the code under test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import peewee

from shopdesk.models.invoices import CreditEntry, Invoice, Payment
from shopdesk.models.parts import MovementKind, StockMovement
from shopdesk.reports.monthly import add_months
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.stock import parts, stock
from tests.journeys.conftest import Shop
from tests.journeys.shops import customer_with_car

D = Decimal


@contextmanager
def clock_reads(day: dt.date, hour: int = 12) -> Iterator[None]:
    """While the set-up runs the services, the rows they stamp with the time (payments,
    refunds, stock movements, store credit) read ``day`` at ``hour`` local time instead of
    now: the month's activity is dated in that month, as it was when it happened. (Issued
    documents take their day from ``invoices.issue(today=...)``.)"""
    moment = dt.datetime.combine(day, dt.time(hour)).astimezone().astimezone(dt.UTC)
    moment = moment.replace(tzinfo=None)  # stored as naive UTC
    patched = []
    for model in (Payment, StockMovement, CreditEntry):
        meta = model._meta
        patched.append((meta, meta._default_callable_list))
        meta._default_callable_list = [(name, (lambda: moment) if name == "at" else make)
                                       for name, make in meta._default_callable_list]
    try:
        yield
    finally:
        for meta, before in patched:
            meta._default_callable_list = before


def last_month(today: dt.date | None = None) -> dt.date:
    """The first day of the month before ``today``'s: the month a month end closes."""
    return add_months((today or dt.date.today()).replace(day=1), -1)


@dataclass
class MonthOfWork:
    """A month of a small shop's work, and what its documents add up to (by hand)."""

    month: dt.date  # its first day
    invoice_ids: list[int]
    credit_note_id: int
    labour: Decimal  # net, credit notes less
    parts: Decimal
    tax: Decimal
    gross: Decimal
    parts_cost: Decimal
    owed_at_month_end: Decimal
    payments: list[tuple[str, Decimal]]  # (method, amount) in the order taken; refunds < 0
    documents_word: str  # "Invoice" / "发票" in the journals' Type column
    credit_word: str
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def revenue(self) -> Decimal:
        return self.labour + self.parts

    @property
    def gross_profit(self) -> Decimal:
        return self.revenue - self.parts_cost

    @property
    def last_day(self) -> dt.date:
        return add_months(self.month, 1) - dt.timedelta(days=1)

    @property
    def document_ids(self) -> list[int]:
        return [*self.invoice_ids, self.credit_note_id]


def month_of_work(shop: Shop, today: dt.date | None = None) -> MonthOfWork:
    """Last month: a brake job paid by card, a counter sale paid in cash, a timing-belt job
    part paid by bank transfer, and a credit note for one returned oil filter, refunded in
    cash. Every payment is dated the day it was taken.

    US (10 %): brake job 1.5 h x 80.00 + 2 pads x 45.00 = 210.00, tax 21.00, 231.00;
    counter 3 filters x 9.99 = 29.97, tax 3.00 (2.997), 32.97; timing belt 2 h x 80.00 + kit
    120.00 = 280.00, tax 28.00, 308.00 (200.00 paid); credit note 1 filter -9.99, tax -1.00,
    -10.99. Labour 280.00, parts 229.98 (90.00 + 29.97 + 120.00 - 9.99), revenue 509.98, tax
    51.00, gross 560.98; parts at cost 2 x 20.00 + 3 x 4.00 + 60.00 - 4.00 = 108.00; owed at
    the month's end 108.00.

    China (13 %): 1.5 h x 120.00 + 2 x 280.00 = 740.00, tax 96.20, 836.20; 3 x 35.00 = 105.00,
    tax 13.65, 118.65; 2 h x 120.00 + 680.00 = 920.00, tax 119.60, 1,039.60 (600.00 paid);
    credit -35.00, tax -4.55, -39.55. Labour 420.00, parts 1,310.00, revenue 1,730.00, tax
    224.90, gross 1,954.90; parts at cost 2 x 150.00 + 3 x 12.00 + 380.00 - 12.00 = 704.00;
    owed 439.60.
    """
    owner = shop.owner
    month = last_month(today)
    day = {n: month.replace(day=n) for n in (1, 3, 10, 17, 24, 25)}
    ann = customer_with_car(shop)
    if shop.chinese:
        rate, pads, pad_price, pad_cost = "120.00", "刹车片（前）", "280.00", "150.00"
        filters, filter_price, filter_cost = "机油滤清器", "35.00", "12.00"
        kit, kit_price, kit_cost = "正时皮带套件", "680.00", "380.00"
        brake_job, belt_job, reason = "更换前刹车片", "更换正时皮带", "退回一个机油滤清器"
        bob_data = CustomerInput(first_name="娜", last_name="李",
                                 phones=[PhoneInput("13987654321")], city="长沙")
        bob_car = VehicleInput(plate="湘B67890", make="大众", model="帕萨特", year=2017)
        tendered, transfer = "120.00", D("600.00")
        figures = dict(labour=D("420.00"), parts=D("1310.00"), tax=D("224.90"),
                       gross=D("1954.90"), parts_cost=D("704.00"), owed=D("439.60"),
                       paid=[D("836.20"), D("118.65"), transfer, D("-39.55")])
        words = ("发票", "红字发票")
    else:
        rate, pads, pad_price, pad_cost = "80.00", "Front brake pads", "45.00", "20.00"
        filters, filter_price, filter_cost = "Oil filter", "9.99", "4.00"
        kit, kit_price, kit_cost = "Timing belt kit", "120.00", "60.00"
        brake_job, belt_job, reason = ("Replace front brake pads", "Replace the timing belt",
                                       "One oil filter brought back")
        bob_data = CustomerInput(first_name="Bob", last_name="Jones",
                                 phones=[PhoneInput("(217) 555-0199")], email="bob@example.com",
                                 city="Decatur")
        bob_car = VehicleInput(plate="XY-987-ZT", make="Ford", model="Focus", year=2016)
        tendered, transfer = "40.00", D("200.00")
        figures = dict(labour=D("280.00"), parts=D("229.98"), tax=D("51.00"),
                       gross=D("560.98"), parts_cost=D("108.00"), owed=D("108.00"),
                       paid=[D("231.00"), D("32.97"), transfer, D("-10.99")])
        words = ("Invoice", "Credit note")
    bob = customers.add_customer(owner, bob_data).customer
    bobs_car = vehicles.add_vehicle(owner, bob.id, bob_car, odometer=98000).vehicle
    with clock_reads(day[1], 8):  # the stock the month sells from
        pad = parts.create_part(owner, sku="BP-200", name=pads, cost=pad_cost,
                                retail_price=pad_price, trade_price=pad_price)
        oil = parts.create_part(owner, sku="OF-100", name=filters, cost=filter_cost,
                                retail_price=filter_price, trade_price=filter_price)
        belt = parts.create_part(owner, sku="TB-300", name=kit, cost=kit_cost,
                                 retail_price=kit_price, trade_price=kit_price)
        for part, quantity, cost in ((pad, 8, pad_cost), (oil, 24, filter_cost),
                                     (belt, 2, kit_cost)):
            stock.record_movement(owner, part, MovementKind.RECEIPT, quantity, cost,
                                  reference="opening")

    def sale(when: dt.date, customer_id, vehicle_id, lines) -> Invoice:
        with clock_reads(when):
            draft = invoices.create_draft(owner, customer_id, vehicle_id, lines=lines,
                                          source="repair order" if vehicle_id else
                                          "counter sale")
            return invoices.issue(owner, draft.id, today=when)

    brakes = sale(day[3], ann.customer_id, ann.vehicle_id,
                  [LineDraft(brake_job, "1.5", rate, kind="labour"),
                   LineDraft(part_id=pad.id, quantity=2)])
    with clock_reads(day[3], 16):
        payments.take_payment(owner, brakes.id, "card", figures["paid"][0])
    counter = sale(day[10], None, None, [LineDraft(part_id=oil.id, quantity=3)])
    with clock_reads(day[10], 13):
        payments.take_payment(owner, counter.id, "cash", figures["paid"][1], tendered=tendered)
    belt_job_invoice = sale(day[17], bob.id, bobs_car.id,
                            [LineDraft(belt_job, "2", rate, kind="labour"),
                             LineDraft(part_id=belt.id, quantity=1)])
    with clock_reads(day[24], 10):
        payments.take_payment(owner, belt_job_invoice.id, "bank transfer", transfer,
                              reference="BANK 0424")
    filter_line = invoices.lines_of(owner, counter)[0]
    with clock_reads(day[25], 15):  # paid in full: the filter's money goes back in cash
        note = credit_notes.issue_credit_note(owner, counter.id, reason, {filter_line.id: 1},
                                              today=day[25])
    return MonthOfWork(
        month, [brakes.id, counter.id, belt_job_invoice.id], note.id, figures["labour"],
        figures["parts"], figures["tax"], figures["gross"], figures["parts_cost"],
        figures["owed"], [("card", figures["paid"][0]), ("cash", figures["paid"][1]),
                          ("bank transfer", figures["paid"][2]), ("cash", figures["paid"][3])],
        *words)


@dataclass
class Reprice:
    """Parts priced by the markup matrix, whose brake matrix the owner is about to raise."""

    part_ids: dict[str, int]  # SKU -> id
    old: dict[tuple[str, str], Decimal]  # (SKU, level) -> price before
    new: dict[tuple[str, str], Decimal]  # the prices that change when the top band is 60 %
    preview_rows: list[tuple[str, ...]]  # as the preview table shows them


def brakes_to_reprice(shop: Shop) -> Reprice:
    """Four brake parts and an oil filter, priced by the matrix: brakes at retail 100 % on
    costs below 20.00 and 50 % above; every part at trade 30 %, and retail 80 % shop-wide.
    The brake fluid's retail price was set by hand (12.00): the matrix leaves it alone.

    Raising the brakes' top band to 60 %: the disc (cost 37.40) goes from 56.10 to 59.84
    (margin 33.3 % -> 37.5 %), the shoes (24.00) from 36.00 to 38.40; the pads (18.00) stay
    in the first band; nothing else moves. (US shop, dollars.)
    """
    from shopdesk.services.pricing import pricing, pricing_matrix
    from shopdesk.services.pricing import pricing_reprice as reprice

    owner = shop.owner
    made = {}
    for sku, name, category, cost in (("BP-1", "Front brake pads", "Brakes", "18.00"),
                                      ("BD-1", "Brake disc", "Brakes", "37.40"),
                                      ("BS-1", "Brake shoes", "Brakes", "24.00"),
                                      ("BF-1", "Brake fluid DOT 4", "Brakes", "6.50"),
                                      ("OF-1", "Oil filter", "Filters", "4.00")):
        part = parts.create_part(owner, sku=sku, name=name, category=category, cost=cost)
        stock.record_movement(owner, part, MovementKind.RECEIPT, 6, cost, reference="opening")
        made[sku] = part.id
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "80")])
    pricing_matrix.set_matrix(owner, "retail", [("0", "20", "100"), ("20", "", "50")],
                              scope="category", scope_value="Brakes")
    pricing_matrix.set_matrix(owner, "trade", [("0", "", "30")])
    reprice.apply(owner, reprice.preview(owner, reprice.Selection()))  # everything follows it
    pricing.set_price(owner, made["BF-1"], "retail", "12.00")  # by hand
    old = {(sku, level): pricing.prices_of(owner, part_id)[level]
           for sku, part_id in made.items() for level in ("retail", "trade")}
    assert old[("BD-1", "retail")] == D("56.10") and old[("BS-1", "retail")] == D("36.00")
    assert old[("BP-1", "retail")] == D("36.00") and old[("OF-1", "retail")] == D("7.20")
    new = {("BD-1", "retail"): D("59.84"), ("BS-1", "retail"): D("38.40")}
    rows = [("BD-1", "Brake disc", "Retail", "$37.40", "$56.10", "$59.84", "33.3 %",
             "37.5 %"),
            ("BS-1", "Brake shoes", "Retail", "$24.00", "$36.00", "$38.40", "33.3 %",
             "37.5 %")]
    return Reprice(made, old, new, rows)


@dataclass
class Backups:
    """Backups of the last days in this PC's backup folder, each holding one more customer."""

    folder: Path
    yesterday: Path
    names: list[str]  # the backups' file names, newest first (as the dialog lists them)
    kept: list[int]  # customers made before yesterday's backup
    today: int  # the customer made today, after it


def backups_of_the_last_days(shop: Shop, db: peewee.Database, folder: Path) -> Backups:
    """Carla's file was opened three days ago and is in the backup made two days ago at
    18:30; Dan's came the next day and is in yesterday's 18:30 backup; Eve was added today,
    and this morning's backup has her too (an SQLite shop: backups are files)."""
    from shopdesk.services.shop import backup

    owner = shop.owner
    now = dt.datetime.now().replace(microsecond=0)
    evening = dt.time(18, 30)
    yesterday = dt.datetime.combine(now.date() - dt.timedelta(days=1), evening)
    made: list[int] = []
    files: list[Path] = []
    for first, last, phone, when in (
            ("Carla", "Diaz", "(217) 555-0111", yesterday - dt.timedelta(days=1)),
            ("Dan", "Brown", "(217) 555-0122", yesterday),
            ("Eve", "Moss", "(217) 555-0133", now)):
        data = CustomerInput(first_name=first, last_name=last, phones=[PhoneInput(phone)])
        made.append(customers.add_customer(owner, data).customer.id)
        files.append(backup.make_backup(owner, db, folder, now=when).path)
    return Backups(folder, files[1], [f.name for f in reversed(files)], made[:2], made[2])
