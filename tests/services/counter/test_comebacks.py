"""Comebacks: linked to the same vehicle's earlier invoiced order (another customer's is
refused), lines done at no charge booked as warranty cost, warranty cover by time and
distance, failed parts claimed from the supplier, and the owner's summary checked against
the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.counter import comebacks, warranty, warranty_claims
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.integrity import run_checks
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.parts import make_supplier
from tests.helpers.workshop import workshop


def _finish(actor, order_id):
    order = repair_orders.get(actor, order_id)
    repair_orders.record_approval(actor, order.id)
    repair_orders.set_status(actor, order.id, Status.DONE)
    draft = repair_order_invoicing.invoice_order(actor, order.id)
    return invoices.issue(actor, draft.id)


def _original(owner, shop, tech_id, odometer=46500):
    order = repair_orders.open_order(owner, shop.vehicle_id, odometer=odometer)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.PART, part_id=shop.oil_filter.id))
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Replace filter", "1",
                                                      technician_id=tech_id))
    return order, _finish(owner, order.id)


@pytest.fixture
def shop(db, owner):
    shop = workshop(owner)
    supplier = make_supplier(owner)
    from shopdesk.models.parts import Part
    Part.update(supplier=supplier.id).where(Part.id == shop.oil_filter.id).execute()
    warranty.set_part(owner, shop.oil_filter.id, warranty.Terms(12, 20000))
    warranty.set_labour(owner, warranty.Terms(6, None), cost_rate="35.00")
    return shop


def test_comeback_at_no_charge_is_warranty_cost_in_the_owners_summary(shop, owner, technician):
    original, first_invoice = _original(owner, shop, technician.user_id)
    covers = warranty.covers_of_invoice(owner, first_invoice.id, dt.date.today(), 46500)
    assert [(c.description, c.terms.describe(), c.covered) for c in covers] == [
        ("Oil filter", "12 months / 20,000 km", True), ("Replace filter", "6 months", True)]
    comeback = repair_orders.open_order(owner, shop.vehicle_id, odometer=47100)
    assert [o.number for o in comebacks.candidates(owner, comeback.id)] == [original.number]
    comebacks.mark(owner, comeback.id, original.id, "Filter leaking")
    part_line = repair_orders.add_line(owner, comeback.id, LineInput(
        LineKind.PART, part_id=shop.oil_filter.id))
    labour = repair_orders.add_line(owner, comeback.id, LineInput(
        LineKind.LABOUR, "Refit filter", "0.5", technician_id=technician.user_id))
    for line in (part_line, labour):
        comebacks.set_warranty(owner, line.id)
    assert repair_orders.totals(owner, comeback.id).pending == Decimal("0.00")
    cover = comebacks.cover(owner, comeback.id)
    assert cover.covered and cover.km_since == 600 and cover.original.id == original.id
    invoice = _finish(owner, comeback.id)
    assert invoice.gross == Decimal("0.00")  # nothing charged, nothing booked as revenue
    report = comebacks.summary(owner, dt.date.today(), dt.date.today())
    assert report.count == 1
    [row] = report.rows
    assert (row.number, row.original, row.technician) == (comeback.number, original.number,
                                                           "Tina Tech")
    # parts at average cost 4.00; labour 0.5 h at the cost rate 35.00
    assert (row.parts_cost, row.labour_cost, row.cost) == (
        Decimal("4.00"), Decimal("17.50"), Decimal("21.50"))
    assert row.price_forgone == Decimal("49.99")  # 9.99 filter + 0.5 h x 80.00
    [tech] = report.by_technician
    assert (tech.label, tech.comebacks, tech.cost) == ("Tina Tech", 1, Decimal("21.50"))
    [part] = report.by_part
    assert (part.label, part.supplier, part.quantity, part.cost) == (
        "OF-100 Oil filter", "Acme Parts", Decimal("1"), Decimal("4.00"))
    assert report.warranty_cost == sum(r.cost for r in report.rows) == sum(
        g.cost for g in report.by_technician)
    assert comebacks.summary(owner, dt.date.today() + dt.timedelta(days=1),
                             dt.date.today() + dt.timedelta(days=2)).count == 0
    assert run_checks(db_of(owner)) == []


def db_of(_actor):
    from shopdesk.models.base import database_proxy
    return database_proxy.obj


def test_comeback_linked_to_another_customers_vehicle_is_refused(shop, owner):
    other = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", phones=[PhoneInput("(217) 555-0199")])).customer
    their_car = vehicles.add_vehicle(owner, other.id, VehicleInput(
        plate="ZZ-999-ZZ", make="Ford", model="Focus", year=2015)).vehicle
    theirs = repair_orders.open_order(owner, their_car.id, odometer=90000)
    repair_orders.add_line(owner, theirs.id, LineInput(LineKind.LABOUR, "Brakes", "1"))
    _finish(owner, theirs.id)
    mine = repair_orders.open_order(owner, shop.vehicle_id, odometer=47000)
    with pytest.raises(ValidationError, match="another customer's vehicle"):
        comebacks.mark(owner, mine.id, theirs.id)
    assert comebacks.of_order(owner, mine.id) is None
    line = repair_orders.add_line(owner, mine.id, LineInput(LineKind.LABOUR, "Check", "1"))
    with pytest.raises(ValidationError, match="not a comeback"):
        comebacks.set_warranty(owner, line.id)
    open_one = repair_orders.open_order(owner, shop.vehicle_id, odometer=47001)
    with pytest.raises(ValidationError, match="not an earlier invoiced order"):
        comebacks.mark(owner, open_one.id, mine.id)  # not invoiced


def test_warranty_runs_out_by_time_or_distance(db):
    row = type("Row", (), {"months": 12, "km": 20000, "starts_on": dt.date(2026, 1, 31),
                           "start_odometer": 50000, "line_id": 1})()
    assert warranty.cover_of(row, "x", dt.date(2027, 1, 31), 69000).covered
    assert not warranty.cover_of(row, "x", dt.date(2027, 2, 1), 60000).covered  # time
    assert not warranty.cover_of(row, "x", dt.date(2026, 6, 1), 70001).covered  # distance
    assert warranty.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    with pytest.raises(ValidationError, match="whole number"):
        warranty.parse_terms("twelve", "")


def test_failed_part_goes_back_to_the_supplier_until_credited(shop, owner):
    original, _inv = _original(owner, shop, None)
    claim = comebacks.return_failed_part(owner, original.id, shop.oil_filter.id, 1,
                                         note="Leaking seal")
    assert (claim.kind, claim.status, claim.expected) == ("warranty", "open", Decimal("4.00"))
    assert comebacks.summary(owner, dt.date.today(), dt.date.today()).open_claims == 1
    warranty_claims.record_credit(owner, claim.id, "4.00", "CR-1")
    assert comebacks.summary(owner, dt.date.today(), dt.date.today()).open_claims == 0


def test_a_warranty_order_from_a_complaint_redoes_the_work_at_no_charge(shop, owner, clerk,
                                                                        technician):
    from shopdesk.models.crm import Complaint
    from shopdesk.models.warranty import WarrantyLine
    from shopdesk.services.crm import complaints

    original, first_invoice = _original(owner, shop, technician.user_id)
    complaint = complaints.open_complaint(clerk, shop.customer_id, "Filter leaking again",
                                          invoice_number=first_invoice.number.lower())
    # the printed invoice of a repair: the complaint is about that repair order too
    assert (complaint.invoice_id, complaint.repair_order_id) == (first_invoice.id, original.id)
    redo = comebacks.redo_candidates(owner, original.id)
    assert [li.description for li in redo] == ["Oil filter", "Replace filter"]
    order = comebacks.open_warranty_order(clerk, original.id, odometer=47100,
                                          concerns=complaint.subject, redo=[redo[0].id, redo[1].id],
                                          complaint_id=complaint.id)
    assert order.id != original.id and order.vehicle_id == original.vehicle_id
    assert comebacks.of_order(owner, order.id).original_id == original.id
    assert comebacks.of_order(owner, order.id).reason == "Filter leaking again"
    lines = repair_orders.lines_of(owner, order)
    assert [(li.description, li.unit_price, li.approval) for li in lines] == [
        ("Oil filter", Decimal("0.00"), "approved"),
        ("Replace filter", Decimal("0.00"), "approved")]
    assert comebacks.warranty_line_ids(owner, order.id) == {li.id for li in lines}
    costs = {WarrantyLine.get(WarrantyLine.line == li.id).unit_cost for li in lines}
    assert costs == {Decimal("4.00"), Decimal("35.00")}  # the filter's cost, an hour's cost
    assert order.status == Status.APPROVED and order.concerns == "Filter leaking again"
    assert Complaint.get_by_id(complaint.id).status == "in progress"
    # done and invoiced at no charge; the owner's report has its cost
    repair_orders.set_status(owner, order.id, Status.DONE)
    invoice = invoices.issue(owner, repair_order_invoicing.invoice_order(owner, order.id).id)
    assert invoice.gross == Decimal("0.00")
    report = comebacks.summary(owner, dt.date.today(), dt.date.today())
    assert report.count == 1 and report.warranty_cost == Decimal("39.00")


def test_a_warranty_order_redoes_only_the_lines_chosen_and_needs_an_invoiced_original(
        shop, owner, technician):
    original, _invoice = _original(owner, shop, technician.user_id)
    [part, _labour] = comebacks.redo_candidates(owner, original.id)
    order = comebacks.open_warranty_order(owner, original.id, redo=[part.id])
    assert [li.description for li in repair_orders.lines_of(owner, order)] == ["Oil filter"]
    nothing = comebacks.open_warranty_order(owner, original.id, redo=[])
    assert repair_orders.lines_of(owner, nothing) == [] and nothing.status == Status.ESTIMATE
    assert comebacks.of_order(owner, nothing.id).original_id == original.id
    unbilled = repair_orders.open_order(owner, shop.vehicle_id)
    with pytest.raises(ValidationError, match="has not been invoiced"):
        comebacks.open_warranty_order(owner, unbilled.id)


def test_a_complaint_refuses_another_customers_invoice(shop, owner, clerk, technician):
    from shopdesk.services.crm import complaints

    _original_order, first_invoice = _original(owner, shop, technician.user_id)
    other = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", phones=[PhoneInput("(217) 555-0199")])).customer
    with pytest.raises(ValidationError) as refused:
        complaints.open_complaint(clerk, other.id, "Noise", invoice_number=first_invoice.number)
    assert refused.value.fields == {"invoice": "Another customer's"}
