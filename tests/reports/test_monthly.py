"""The monthly owner report against figures worked out by hand from known invoices."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import peewee
import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.crm import Complaint, Survey
from shopdesk.models.invoices import Invoice, Payment
from shopdesk.models.maintenance import MaintenancePackage, Reminder
from shopdesk.models.parts import StockMovement
from shopdesk.models.repair_orders import RepairOrder, RepairOrderLine, TimeEntry
from shopdesk.reports import monthly
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from tests.helpers.invoices import stocked_part, workshop_invoice
from tests.services.customer_helpers import car, person

MARCH = dt.date(2026, 3, 1)
TODAY = dt.date(2026, 4, 15)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _dated(invoice: Invoice, day: dt.date) -> Invoice:
    """Stamp the stock movements of an invoice issued 'on' ``day`` with that day."""
    StockMovement.update(at=_at(day)).where(StockMovement.reference == invoice.number).execute()
    return invoice


def _sell(owner, customer_id, lines, day, *, discount=0, vehicle_id=None):
    draft = invoices.create_draft(owner, customer_id, vehicle_id, lines=lines,
                                  discount_percent=discount)
    return _dated(invoices.issue(owner, draft.id, today=day), day)


def _pay(owner, invoice, amount, day):
    """A card payment taken on ``day`` (payments are immutable, so it is written dated)."""
    Payment.create(invoice=invoice.id, customer=invoice.customer_id, method="card",
                   amount=amount, applied=amount, at=_at(day, 11), username=owner.username)
    Invoice.update(paid=Invoice.paid + peewee.Value(int(amount * 100), converter=False)).where(
        Invoice.id == invoice.id).execute()


@pytest.fixture
def shop(owner, technician):
    """Three months of a small shop (tax-exclusive, 10%): see the figures in each test."""
    part = stocked_part(owner)  # 20 oil filters at cost 4.00, retail 9.99
    stocked_part(owner, "BR-200", "Brake pads", qty=5, cost="20.00")  # never sold
    StockMovement.update(at=_at(dt.date(2025, 1, 1))).execute()
    ann = person(owner, city="Springfield")
    accord = car(owner, ann.id)
    bob = person(owner, "Bob", "Jones", phone="(217) 555-0199", email="bob@example.com",
                 city="Decatur")
    cy = person(owner, "Cy", "Young", phone="(217) 555-0177", email="cy@example.com")
    old = _sell(owner, cy.id, [LineDraft("Diagnostic check", 1, "45.00", kind="fee")],
                dt.date(2024, 12, 1))
    _pay(owner, old, old.gross, dt.date(2024, 12, 1))
    # same month last year: Ann's first visit, 2 filters + 1.5 h labour at 80.00
    last_year = workshop_invoice(owner, ann.id, accord.id, part.id, issue=False)
    last_year = _dated(invoices.issue(owner, last_year.id, today=dt.date(2025, 3, 10)),
                       dt.date(2025, 3, 10))
    _pay(owner, last_year, last_year.gross, dt.date(2025, 3, 10))
    # previous month: a cash sale of one filter
    feb = _sell(owner, None, [LineDraft(part_id=part.id, quantity=1)], dt.date(2026, 2, 14))
    _pay(owner, feb, feb.gross, dt.date(2026, 2, 14))
    # this month
    ann_march = workshop_invoice(owner, ann.id, accord.id, part.id, issue=False)
    ann_march = _dated(invoices.issue(owner, ann_march.id, today=dt.date(2026, 3, 5)),
                       dt.date(2026, 3, 5))
    counter = _sell(owner, None, [LineDraft(part_id=part.id, quantity=3),
                                  LineDraft("Shop supplies", 1, "5.00", kind="fee")],
                    dt.date(2026, 3, 20))
    bobs = _sell(owner, bob.id, [LineDraft(part_id=part.id, quantity=1, unit_price="33.33")],
                 dt.date(2026, 3, 21), discount=10)
    _pay(owner, bobs, bobs.gross, dt.date(2026, 3, 21))
    line = invoices.lines_of(owner, counter)[0]
    note = credit_notes.issue_credit_note(owner, counter.id, "Returned one", {line.id: 1},
                                          today=dt.date(2026, 3, 25))
    _dated(note, dt.date(2026, 3, 25))
    _pay(owner, counter, counter.gross + note.gross, dt.date(2026, 3, 25))
    # Ann pays her March invoice only today: at the end of March she still owed it
    payments.take_payment(owner, ann_march.id, "card", ann_march.gross)
    # the workshop: Tina sold 1.5 h on an order finished in March and clocked 1 h 45 min
    order = RepairOrder.create(number="RO-1", customer=ann.id, vehicle=accord.id,
                               status="invoiced", done_at=_at(dt.date(2026, 3, 5), 9))
    RepairOrderLine.create(repair_order=order.id, kind="labour", description="Oil service",
                           quantity=D("1.5"), unit_price=D("80.00"), hours=D("1.5"),
                           technician=technician.user_id, approval="approved")
    TimeEntry.create(repair_order=order.id, technician=technician.user_id,
                     started_at=_at(dt.date(2026, 3, 4), 8),
                     ended_at=dt.datetime(2026, 3, 4, 9, 45))
    # customer care
    Complaint.create(customer=ann.id, opened_on=dt.date(2026, 3, 6), subject="Oil leak",
                     status="resolved", resolved_on=dt.date(2026, 3, 9))
    Complaint.create(customer=bob.id, opened_on=dt.date(2026, 2, 27), subject="Late")
    for who, scores, recommend in ((ann, (5, 4, 5, 5), 10), (bob, (3, 3, 4, 4), 6),
                                   (cy, (4, 4, 4, 5), 8)):
        Survey.create(customer=who.id, taken_on=dt.date(2026, 3, 28), quality=scores[0],
                      price=scores[1], speed=scores[2], staff=scores[3], recommend=recommend)
    # service reminders: two sent in March (one led to a booking), one in February
    package = MaintenancePackage.create(name="Oil service", interval_months=12)
    for sent, converted in ((dt.date(2026, 3, 2), True), (dt.date(2026, 3, 30), False),
                            (dt.date(2026, 2, 10), False)):
        Reminder.create(vehicle=accord.id, customer=ann.id, package=package.id,
                        due_on=sent, sent_at=_at(sent),
                        converted_at=_at(sent, 15) if converted else None)
    return {"ann": ann, "bob": bob, "ann_march": ann_march, "counter": counter,
            "bobs": bobs, "note": note, "feb": feb, "last_year": last_year}


def test_revenue_split_margin_and_counts_to_the_cent(owner, shop):
    report = monthly.build(owner, MARCH, today=TODAY)
    assert [p.label for p in report.periods] == ["2026-03", "2026-02", "2025-03"]
    figures = {k.key: k.values for k in report.kpis}
    # labour 1.5 h x 80.00; parts 2x9.99 + 3x9.99 + (33.33 less 10%) - 9.99 credited;
    # fees 5.00; the credit note takes one filter back
    assert figures["labour"] == (D("120.00"), D("0.00"), D("120.00"))
    assert figures["parts"] == (D("69.96"), D("9.99"), D("19.98"))
    assert figures["fees"] == (D("5.00"), D("0.00"), D("0.00"))
    assert figures["revenue"] == (D("194.96"), D("9.99"), D("139.98"))
    # tax per document as printed: 14.00 + 3.50 (34.97) + 3.00 - 1.00 credited (9.99)
    assert figures["tax"] == (D("19.50"), D("1.00"), D("14.00"))
    # filters at 4.00 from the stock ledger: 2 + 3 + 1 sold, 1 returned
    assert figures["parts_cost"] == (D("20.00"), D("4.00"), D("8.00"))
    assert figures["gross_profit"] == (D("174.96"), D("5.99"), D("131.98"))
    assert figures["margin"] == (D("89.7"), D("60.0"), D("94.3"))
    assert figures["invoices"] == (3, 1, 1)
    assert figures["credit_notes"] == (1, 0, 0)
    assert figures["credited"] == (D("-9.99"), D("0.00"), D("0.00"))
    assert figures["average_ticket"] == (D("64.99"), D("9.99"), D("139.98"))
    assert figures["cars"] == (1, 0, 1)
    assert figures["customers"] == (2, 0, 1)
    assert figures["new_customers"] == (1, 0, 1)  # Bob is new; Ann came last year
    assert figures["returning_customers"] == (1, 0, 0)
    assert report.kpi("revenue").change(2) == D("39.3")  # 194.96 vs 139.98
    assert report.kpi("cars").change(1) is None  # nothing to compare with
    assert report.daily == [(dt.date(2026, 3, 5), D("139.98")), (dt.date(2026, 3, 20),
                            D("34.97")), (dt.date(2026, 3, 21), D("30.00")),
                            (dt.date(2026, 3, 25), D("-9.99"))]


def test_breakdowns_stock_receivables_and_care(owner, technician, shop):
    report = monthly.build(owner, MARCH, today=TODAY)
    figures = {k.key: k.values for k in report.kpis}
    # 20 filters at 4.00 in Jan 2025; 2 out by Mar 2025; 3 by Feb 2026; 12 left in March;
    # and 5 brake pads at 20.00 all along
    assert figures["stock_value"] == (D("148.00"), D("168.00"), D("172.00"))
    # Ann's March invoice (139.98 + 14.00 tax) was paid in April: owed at the end of March
    assert figures["receivables"] == (D("153.98"), D("0.00"), D("0.00"))
    aging = {r.label: r.values[0] for r in report.breakdown("aging").rows}
    assert aging["1–30 days"] == D("153.98") and aging["Total"] == D("153.98")
    assert figures["hours_sold"] == (D("1.5"), D("0"), D("0"))
    assert figures["hours_clocked"] == (D("1.75"), D("0"), D("0"))
    tina = report.breakdown("technicians").rows
    assert [(r.label, r.values[:3]) for r in tina] == [
        ("Tina Tech", (D("1.50"), D("1.75"), D("85.7")))]
    assert figures["complaints_opened"] == (1, 1, 0)
    assert figures["complaints_resolved"] == (1, 0, 0)
    assert figures["surveys"] == (3, 0, 0)
    # one promoter (10), one detractor (6), one passive (8): NPS 0
    assert figures["nps"] == (0, None, None)
    quality = report.breakdown("satisfaction").rows[0]
    assert quality.values == (D("4.00"), None, None)
    # Cy's last visit was Dec 2024: lapsed (12 months) at the end of Feb and March 2026
    assert figures["lapsed"] == (1, 1, 0)
    assert figures["reminders_sent"] == (2, 1, 0)
    assert figures["reminders_converted"] == (1, 0, 0)
    customers = report.breakdown("top_customers").rows
    assert [(r.label, r.values) for r in customers] == [
        ("Ann Smith", (1, D("139.98"), D("0.00"), D("139.98"))),
        ("Bob Jones", (1, D("30.00"), D("0.00"), D("0.00")))]
    parts = report.breakdown("top_parts").rows
    assert [(r.label, r.values) for r in parts] == [
        ("OF-100 Oil filter", (D("5"), D("69.96"), D("9.99"), D("19.98")))]
    makes = {r.label: r.values for r in report.breakdown("makes").rows}
    assert makes == {"Honda": (D("139.98"), D("0.00"), D("139.98")),
                     monthly.NO_MAKE: (D("54.98"), D("9.99"), D("0.00"))}
    cities = {r.label: r.values[0] for r in report.breakdown("cities").rows}
    assert cities == {"Springfield": D("139.98"), "Decatur": D("30.00"),
                      monthly.NO_CITY: D("24.98")}
    slow = report.breakdown("slow_movers").rows  # the filters sold this month, the pads not
    assert [(r.label, r.values) for r in slow] == [("BR-200 Brake pads", (D(5), D("100.00")))]
    assert sum(n for _grade, n in report.grades) == 3  # Ann, Bob and Cy


def test_drill_down_lists_the_invoices_behind_a_figure(owner, shop):
    report = monthly.build(owner, MARCH, today=TODAY)
    month = report.month

    def numbers(kind, value=None):
        listing = monthly.drill_invoices(owner, month, kind, value)
        return sorted(row[0] for row in listing.page(0, 50))

    assert numbers("labour") == [shop["ann_march"].number]
    assert numbers("parts") == sorted(shop[k].number for k in ("ann_march", "counter",
                                                               "bobs", "note"))
    assert numbers("customer", shop["ann"].id) == [shop["ann_march"].number]
    assert numbers("new_customers") == [shop["bobs"].number]
    assert numbers("make", "Honda") == [shop["ann_march"].number]
    assert numbers("make", "") == sorted(shop[k].number for k in ("counter", "bobs", "note"))
    assert numbers("city", "Decatur") == [shop["bobs"].number]
    assert numbers("credit_notes") == [shop["note"].number]
    assert numbers("day", dt.date(2026, 3, 20)) == [shop["counter"].number]
    # owed at the end of March: Ann's invoice (paid in April), 1-30 days past due
    assert numbers("owed") == numbers("owed", "1-30") == [shop["ann_march"].number]
    assert numbers("owed", "90+") == []


def test_owner_only_and_a_bad_month_is_explained(clerk, technician):
    with pytest.raises(AccessDenied):
        monthly.build(clerk, MARCH)
    with pytest.raises(AccessDenied):
        monthly.build(technician, MARCH)
    with pytest.raises(ValidationError, match="YYYY-MM"):
        monthly.parse_month("March")
    with pytest.raises(ValidationError, match="YYYY-MM"):
        monthly.parse_month("2026-13")
    assert monthly.parse_month(" 2026-03 ") == MARCH


def test_the_months_added_up_side_by_side_are_the_months_added_up_in_turn(owner, shop, db):
    """The earlier months are added up on connections of their own while the month itself
    is; inside a transaction (whose rows only its connection sees) one after another: both
    ways give every figure alike, and a row written in the transaction counts."""
    side_by_side = monthly.build(owner, MARCH, today=TODAY)
    with db.atomic() as transaction:
        in_turn = monthly.build(owner, MARCH, today=TODAY)
        Complaint.update(opened_on=dt.date(2025, 3, 9)).execute()  # both: a year earlier
        moved = monthly.build(owner, MARCH, today=TODAY)
        transaction.rollback()
    assert [(k.key, k.values) for k in in_turn.kpis] == \
        [(k.key, k.values) for k in side_by_side.kpis]
    assert [b.rows for b in in_turn.breakdowns] == [b.rows for b in side_by_side.breakdowns]
    assert side_by_side.kpi("complaints_opened").values == (1, 1, 0)
    assert moved.kpi("complaints_opened").values == (0, 0, 2)
