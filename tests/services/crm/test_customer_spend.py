"""The customer file and grading read the workshop and invoicing areas: orders, invoices,
credit notes, payments, the balance owed and services due; issuing regrades the customer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customer_activity, customer_file, customers, grading
from shopdesk.services.crm.grading import Rules
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop

RULES = Rules(vip_spend=Decimal("1000.00"), vip_visits=20, regular_spend=Decimal("500.00"),
              regular_visits=10)


def sale(actor, customer_id, price, what="Clutch kit fitted"):
    """A counter sale of one labour line at ``price`` (before tax), issued."""
    draft = invoices.create_draft(actor, customer_id, lines=[
        LineDraft(what, 1, price, kind="labour")])
    return invoices.issue(actor, draft.id)


def spend_of(customer_id):
    since = dt.date.today() - dt.timedelta(days=grading.WINDOW_DAYS)
    return customer_activity.activity(COMMAND_LINE, [customer_id], since)[customer_id]


def test_enough_spend_makes_a_vip_and_a_credit_note_takes_it_back(owner, clerk):
    grading.set_rules(owner, RULES)
    shop = workshop(owner)
    small = sale(clerk, shop.customer_id, "300.00")
    assert spend_of(shop.customer_id).spend == small.gross
    assert customers.get(owner, shop.customer_id).grade == "occasional"  # one visit, little spend
    big = sale(clerk, shop.customer_id, "800.00")
    act = spend_of(shop.customer_id)
    assert act.spend == small.gross + big.gross and act.spend >= Decimal("1000.00")
    assert act.visits == 2 and act.last_visit == dt.date.today()
    assert customers.get(owner, shop.customer_id).grade == "vip"  # regraded when issued
    note = credit_notes.issue_credit_note(owner, big.id, "Clutch returned under warranty")
    assert note.gross == -big.gross
    assert spend_of(shop.customer_id).spend == small.gross
    assert customers.get(owner, shop.customer_id).grade == "occasional"


def test_old_invoices_do_not_count_and_a_sold_customer_is_lapsed_not_new(owner, clerk):
    grading.set_rules(owner, RULES)
    shop = workshop(owner)
    long_ago = dt.date.today() - dt.timedelta(days=500)
    draft = invoices.create_draft(clerk, shop.customer_id, lines=[
        LineDraft("Timing belt", 1, "2000.00", kind="labour")])
    invoices.issue(owner, draft.id, today=long_ago)  # (a date other than today: the owner)
    act = spend_of(shop.customer_id)
    assert (act.spend, act.visits, act.last_visit) == (Decimal("0.00"), 0, long_ago)
    assert customers.get(owner, shop.customer_id).grade == "lapsed"


def test_repair_order_invoice_is_the_same_visit_as_the_order(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=47000)
    draft = invoices.create_draft(clerk, shop.customer_id, shop.vehicle_id, lines=[
        LineDraft("Brake pads", 1, "120.00", kind="labour")], source="repair order",
        source_id=order.id)
    invoices.issue(clerk, draft.id)
    assert spend_of(shop.customer_id).visits == 1  # the order's logged visit only


def test_file_lists_orders_invoices_credit_notes_balance_and_services_due(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=47000,
                                     concerns="Squeal when braking\nfront left")
    repair_orders.add_line(clerk, order.id, LineInput("labour", "Replace front pads", "1.5",
                                                      "80.00"))
    repair_orders.add_line(clerk, order.id, LineInput("fee", "Brake cleaner", 1, "4.50"))
    paid = sale(clerk, shop.customer_id, "100.00", "Wiper blades fitted")
    payments.take_payment(clerk, paid.id, "card", paid.gross)
    open_one = sale(clerk, shop.customer_id, "200.00", "Battery fitted")
    payments.take_payment(clerk, open_one.id, "cash", "50.00")
    note = credit_notes.issue_credit_note(owner, paid.id, "Wrong size")

    f = customer_file.load(owner, shop.customer_id)
    first = f.visits[0]
    assert (first.number, first.status, first.total) == (order.number, "Estimate",
                                                         Decimal("124.50"))
    assert first.what == "Squeal when braking" and first.vehicle.startswith("AB-123-CD")
    assert len([v for v in f.visits if v.repair_order_id is None]) == 0  # no double visit
    by_number = {i.number: i for i in f.invoices}
    assert by_number[open_one.number].owed == open_one.gross - Decimal("50.00")
    assert by_number[open_one.number].paid == Decimal("50.00")
    assert by_number[paid.number].owed == Decimal("0.00")
    assert by_number[note.number].kind == "credit_note"
    assert by_number[note.number].corrects == paid.number
    assert by_number[note.number].total == -paid.gross
    assert f.balance == open_one.gross - Decimal("50.00")
    assert f.store_credit == paid.gross  # the card payment went back as store credit
    assert [(d.package, d.vehicle.split()[0]) for d in f.services_due] == [
        ("Oil service", "AB-123-CD")]


def test_a_new_customer_has_an_empty_file(owner):
    shop = workshop(owner)
    f = customer_file.load(owner, shop.customer_id)
    assert (f.invoices, f.balance, f.store_credit) == ([], Decimal("0.00"), Decimal("0.00"))
    assert f.visits == []
