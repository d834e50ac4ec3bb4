"""Repair orders: check-in, estimate, approval with declined work, status flow, parts
reserved/issued/returned, technicians' time, and the invoice hand-off."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ConflictError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.invoices import Invoice
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import Approval, LineKind, Status, TimeEntry
from shopdesk.services.crm import customer_file, customers
from shopdesk.services.sales import invoices
from shopdesk.services.shop import settings
from shopdesk.services.stock import stock
from shopdesk.services.workshop import (
    job_clock,
    maintenance,
    repair_order_invoicing,
    repair_orders,
    workshop_parts,
)
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


def _estimate(actor, shop):
    order = repair_orders.open_order(actor, shop.vehicle_id, odometer=52000,
                                     concerns="Squeak from the front when braking")
    maintenance.add_to_order(actor, order.id, shop.package.id)
    pads = repair_orders.add_line(actor, order.id, LineInput(
        LineKind.LABOUR, "Replace front brake pads", "1.5", "80.00"))
    return order, pads


def test_a_visit_from_estimate_to_collection(owner, clerk, technician):
    shop = workshop(owner)
    order, pads = _estimate(clerk, shop)
    assert order.number == "RO-000001" and order.status == Status.ESTIMATE
    visit = customer_file.visits(owner, shop.customer_id)[0]  # on the customer's file
    assert (visit.what, visit.repair_order_id) == ("Squeak from the front when braking",
                                                   order.id)
    lines = repair_orders.lines_of(owner, order)
    assert [li.kind for li in lines] == ["part", "part", "labour", "labour"]
    # 9.99 + 4.5 x 12.50 + 0.5 x 80 + 1.5 x 80 = 9.99 + 56.25 + 40 + 120
    assert repair_orders.totals(owner, order).pending == Decimal("226.24")
    assert workshop_parts.reserved(owner, [shop.oil.id]) == {shop.oil.id: Decimal("4.500")}

    labour = lines[2]
    repair_orders.assign(clerk, labour.id, technician.user_id)
    order = repair_orders.record_approval(clerk, order.id, declined={pads.id}, method="phone")
    assert order.status == Status.APPROVED
    t = repair_orders.totals(owner, order)
    assert (t.approved, t.declined, t.hours_sold) == (Decimal("106.24"), Decimal("120.00"),
                                                      Decimal("0.500"))

    start = dt.datetime(2026, 5, 4, 9, 0)
    entry = job_clock.clock_on(technician, order.id, at=start)
    assert repair_orders.get(owner, order.id).status == Status.IN_PROGRESS
    job_clock.clock_off(technician, entry.id, at=start + dt.timedelta(minutes=42))
    assert job_clock.hours(TimeEntry.get_by_id(entry.id)) == Decimal("0.70")

    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("20.000")
    repair_orders.set_status(technician, order.id, Status.DONE)
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("15.500")
    assert Part.get_by_id(shop.oil_filter.id).on_hand == Decimal("4.000")
    assert workshop_parts.reserved(owner, [shop.oil.id]) == {}

    invoice = repair_order_invoicing.invoice_order(clerk, order.id)
    assert [li.description for li in invoices.lines_of(owner, invoice)] == [
        "Oil filter", "Engine oil 5W-30", "Change oil and filter"]
    assert invoices.preview_totals(owner, invoice).net == Decimal("106.24")
    assert invoice.source == "repair order" and invoice.source_id == order.id
    issued = invoices.issue(clerk, invoice.id)
    assert issued.number
    # issuing does not take the parts out a second time
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("15.500")
    order = repair_orders.set_status(clerk, order.id, Status.COLLECTED)
    assert [c.to_status for c in repair_orders.history_of(owner, order)] == [
        "estimate", "approved", "in_progress", "done", "invoiced", "collected"]
    assert AuditEntry.select().where((AuditEntry.entity == "repair order")
                                     & (AuditEntry.action == "status")).count() == 5
    # the declined brake job is offered at the next visit
    nxt = repair_orders.open_order(clerk, shop.vehicle_id, odometer=60000)
    assert [li.description for li in repair_orders.declined_work(owner,
        shop.vehicle_id, before_order=nxt.id)] == ["Replace front brake pads"]
    repair_orders.take_up_recommendation(clerk, nxt.id, pads.id)
    assert repair_orders.declined_work(owner, shop.vehicle_id) == []
    assert repair_orders.totals(owner, nxt).pending == Decimal("120.00")


def test_approving_an_empty_estimate_is_refused(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    with pytest.raises(ValidationError, match="no lines"):
        repair_orders.record_approval(clerk, order.id)
    assert repair_orders.get(owner, order.id).status == Status.ESTIMATE


def test_declining_everything_is_refused_and_nothing_is_recorded(owner, clerk):
    shop = workshop(owner)
    order, _pads = _estimate(clerk, shop)
    everything = {li.id for li in repair_orders.lines_of(owner, order)}
    with pytest.raises(ValidationError, match="declined everything"):
        repair_orders.record_approval(clerk, order.id, declined=everything)
    assert {li.approval for li in repair_orders.lines_of(owner, order)} == {Approval.PENDING}


def test_odometer_lower_than_last_visit_is_refused_and_no_order_is_made(owner, clerk):
    shop = workshop(owner)
    with pytest.raises(ValidationError, match="lower than the last reading"):
        repair_orders.open_order(clerk, shop.vehicle_id, odometer=45000)
    assert repair_orders.of_vehicle(owner, shop.vehicle_id) == []
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=45000,
                                     odometer_reason="instrument cluster replaced")
    assert order.odometer == 45000


def test_a_part_not_in_stock_is_refused_when_negative_stock_is_blocked(owner, clerk):
    shop = workshop(owner, filters=1)
    first = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, first.id, LineInput(LineKind.PART, part_id=shop.oil_filter.id))
    second = repair_orders.open_order(clerk, shop.vehicle_id)
    with pytest.raises(ValidationError, match="1 reserved for other repair orders"):
        repair_orders.add_line(clerk, second.id,
                               LineInput(LineKind.PART, part_id=shop.oil_filter.id))
    with pytest.raises(ValidationError, match="Only 0 piece of OF-100 available"):
        maintenance.add_to_order(clerk, second.id, shop.package.id)
    assert repair_orders.lines_of(owner, second) == []  # the package went on whole or not at all
    settings.update_settings(owner, allow_negative_stock=True)
    repair_orders.add_line(clerk, second.id, LineInput(LineKind.PART, part_id=shop.oil_filter.id))


def test_two_clerks_editing_the_same_order(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, concerns="Rattle")
    mine, theirs = repair_orders.get(owner, order.id), repair_orders.get(owner, order.id)
    repair_orders.update_order(clerk, mine, concerns="Rattle over bumps")
    with pytest.raises(ConflictError, match="Someone else changed this repair order"):
        repair_orders.update_order(owner, theirs, notes="Customer waits")
    saved = repair_orders.get(owner, order.id)
    assert (saved.concerns, saved.notes) == ("Rattle over bumps", "")


def test_a_technician_sees_and_clocks_only_their_own_jobs(owner, clerk, technician):
    shop = workshop(owner)
    mine, _ = _estimate(clerk, shop)
    other, _ = _estimate(clerk, shop)
    labour = next(li for li in repair_orders.lines_of(owner, mine) if li.kind == "labour")
    repair_orders.assign(clerk, labour.id, technician.user_id)
    repair_orders.record_approval(clerk, mine.id)
    repair_orders.record_approval(clerk, other.id)
    assert [o.number for o in repair_orders.open_orders(technician)] == [mine.number]
    with pytest.raises(AccessDenied, match="not one of your jobs"):
        repair_orders.open_for(technician, other.id)
    with pytest.raises(AccessDenied):
        job_clock.clock_on(technician, other.id)
    with pytest.raises(AccessDenied):
        repair_orders.add_line(technician, mine.id, LineInput(LineKind.FEE, "Disposal", 1, "5"))
    job_clock.clock_on(technician, mine.id)
    assert job_clock.on_the_clock(owner, technician.user_id).repair_order_id == mine.id


def test_hours_sold_and_clocked_per_technician(owner, clerk, technician):
    shop = workshop(owner)
    order, _ = _estimate(clerk, shop)
    for line in repair_orders.lines_of(owner, order):
        if line.kind == "labour":
            repair_orders.assign(clerk, line.id, technician.user_id)
    repair_orders.record_approval(clerk, order.id)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entry = job_clock.clock_on(technician, order.id, at=now - dt.timedelta(hours=3))
    job_clock.clock_off(technician, entry.id, at=now - dt.timedelta(hours=1))
    repair_orders.set_status(technician, order.id, Status.DONE)
    today = dt.date.today()
    [row] = job_clock.technician_hours(owner, today - dt.timedelta(days=1), today)
    assert (row.technician, row.sold, row.clocked, row.efficiency) == (
        "Tina Tech", Decimal("2.00"), Decimal("2.00"), Decimal("100.0"))


def test_parts_leave_stock_when_fitted_if_the_shop_says_so(owner, clerk):
    shop = workshop(owner)
    repair_orders.set_options(owner, parts_leave_stock="fitted")
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    line = repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART,
                                                             part_id=shop.oil.id, quantity=5))
    repair_orders.record_approval(clerk, order.id)
    workshop_parts.fit(clerk, line.id)
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("15.000")
    # one litre was not needed: it goes back on the shelf and off the order
    workshop_parts.return_unused(clerk, line.id, 1)
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("16.000")
    assert stock.ledger_on_hand(owner, shop.oil.id) == Decimal("16.000")
    assert repair_orders.lines_of(owner, order)[0].quantity == Decimal("4.000")
    repair_orders.set_status(clerk, order.id, Status.DONE)
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("16.000")


def test_cancelling_puts_issued_parts_back(owner, clerk):
    shop = workshop(owner)
    repair_orders.set_options(owner, parts_leave_stock="fitted")
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    line = repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART,
                                                             part_id=shop.oil_filter.id))
    repair_orders.record_approval(clerk, order.id)
    workshop_parts.fit(clerk, line.id)
    repair_orders.cancel_order(clerk, order.id, "customer changed their mind")
    assert Part.get_by_id(shop.oil_filter.id).on_hand == Decimal("5.000")


def test_status_flow_refuses_skipping_steps(owner, clerk):
    shop = workshop(owner)
    order, _ = _estimate(clerk, shop)
    with pytest.raises(ValidationError, match="estimate: it cannot become done"):
        repair_orders.set_status(clerk, order.id, Status.DONE)
    with pytest.raises(ValidationError, match="finish the job"):
        repair_order_invoicing.invoice_order(clerk, order.id)


def test_a_fixed_price_package_charges_its_price_and_still_moves_parts(owner, clerk):
    shop = workshop(owner)
    from shopdesk.services.workshop.maintenance import PackageInput

    pkg = maintenance.save_package(owner, PackageInput(
        "Winter check", [LineInput(LineKind.LABOUR, "Battery and coolant test", "0.5"),
                         LineInput(LineKind.PART, part_id=shop.oil.id, quantity=1)],
        fixed_price="29.00", season_from="11-01", season_to="02-28"))
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    maintenance.add_to_order(clerk, order.id, pkg.id)
    assert repair_orders.totals(owner, order).pending == Decimal("29.00")
    assert maintenance.list_price(owner, pkg) == Decimal("29.00")
    repair_orders.record_approval(clerk, order.id)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("19.000")


def test_a_package_is_offered_at_what_it_will_charge_a_trade_customer(owner, clerk):
    shop = workshop(owner)
    customer = customers.get(owner, shop.customer_id)
    customers.update_customer(owner, customer, dataclasses.replace(
        customers.input_of(owner, customer), price_level="trade"))
    # filter 9.99 / 7.50 trade, 4.5 l oil 12.50 / 9.00 trade, 0.5 h at 80.00
    assert maintenance.list_price(owner, shop.package) == Decimal("106.24")
    assert maintenance.list_price(owner, shop.package, "trade") == Decimal("88.00")
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    maintenance.add_to_order(clerk, order.id, shop.package.id)
    assert repair_orders.totals(owner, order).pending == Decimal("88.00")


def test_a_part_returned_whole_is_not_invoiced(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    line = repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART,
                                                             part_id=shop.oil_filter.id))
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.LABOUR, "Check", "0.5", "80"))
    repair_orders.record_approval(clerk, order.id)
    workshop_parts.return_unused(clerk, line.id, 1)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    assert Part.get_by_id(shop.oil_filter.id).on_hand == Decimal("5.000")
    invoice = repair_order_invoicing.invoice_order(clerk, order.id)
    assert [li.description for li in invoices.lines_of(owner, invoice)] == ["Check"]


def test_issue_the_invoice_of_an_order_making_the_draft_first(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.LABOUR, "Diagnose", "1"))
    repair_orders.record_approval(clerk, order.id)
    with pytest.raises(ValidationError, match="RO-000001 is approved: finish the job"):
        repair_order_invoicing.issue_order(clerk, order.id)
    assert Invoice.select().count() == 0
    repair_orders.set_status(clerk, order.id, Status.DONE)
    invoice = repair_order_invoicing.issue_order(clerk, order.id)
    assert invoice.status == "issued" and invoice.gross == Decimal("88.00")
    assert repair_orders.get(owner, order.id).status == Status.INVOICED
    with pytest.raises(ValidationError, match=f"invoiced already: {invoice.number}"):
        repair_order_invoicing.issue_order(clerk, order.id)
    # a draft voided in the window is not brought back to life
    second = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, second.id, LineInput(LineKind.LABOUR, "Road test", "1"))
    repair_orders.record_approval(clerk, second.id)
    repair_orders.set_status(clerk, second.id, Status.DONE)
    draft = repair_order_invoicing.invoice_order(clerk, second.id)
    invoices.void_draft(clerk, draft.id, "wrong customer")
    with pytest.raises(ValidationError, match="draft invoice of RO-000002 was voided"):
        repair_order_invoicing.issue_order(clerk, second.id)
