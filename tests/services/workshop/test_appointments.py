"""Appointments: booking, double-booking refused, tomorrow's calls, check-in."""

from __future__ import annotations

import datetime as dt

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.workshop import appointments, repair_orders
from tests.helpers.workshop import workshop

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TOMORROW, dt.time(hour, minute))


def test_a_bay_cannot_be_booked_twice(owner, clerk):
    shop = workshop(owner)
    appointments.book(clerk, shop.customer_id, at(9), vehicle_id=shop.vehicle_id,
                      minutes=90, bay="Bay 1", what="Oil service")
    with pytest.raises(ValidationError, match="Bay 1 is already booked 09:00–10:30"):
        appointments.book(clerk, shop.customer_id, at(10), bay="Bay 1")
    appointments.book(clerk, shop.customer_id, at(10), bay="Bay 2")
    appointments.book(clerk, shop.customer_id, at(10, 30), bay="Bay 1")
    assert [a.bay for a in appointments.day(owner, TOMORROW)] == ["Bay 1", "Bay 2", "Bay 1"]


def test_confirmation_calls_and_check_in(owner, clerk):
    shop = workshop(owner)
    first = appointments.book(clerk, shop.customer_id, at(8), vehicle_id=shop.vehicle_id,
                              what="Noise from the front")
    second = appointments.book(clerk, shop.customer_id, at(11), vehicle_id=shop.vehicle_id)
    assert [a.id for a in appointments.to_confirm(owner)] == [first.id, second.id]
    appointments.confirm(clerk, first.id)
    assert [a.id for a in appointments.to_confirm(owner)] == [second.id]
    order = appointments.check_in(clerk, first.id, odometer=51000)
    assert (order.status, order.concerns, order.odometer) == (
        Status.ESTIMATE, "Noise from the front", 51000)
    assert appointments.get(owner, first.id).repair_order == order.id
    with pytest.raises(ValidationError, match="checked in"):
        appointments.check_in(clerk, first.id)


def test_booked_for_a_service_due_the_reminder_converts_and_check_in_adds_the_package(
        owner, clerk):
    from shopdesk.models.maintenance import Reminder
    from shopdesk.services.workshop import maintenance, reminders, service_due
    from shopdesk.services.workshop.maintenance import PackageInput
    from shopdesk.services.workshop.repair_orders import LineInput

    shop = workshop(owner)
    brakes = maintenance.save_package(owner, PackageInput(
        "Brake fluid", [LineInput(LineKind.LABOUR, "Replace brake fluid", "0.5")],
        interval_months=24))
    due = {d.package_id: d for d in service_due.for_vehicle(owner, shop.vehicle_id)}
    oil_sent = reminders.mark_sent(clerk, shop.vehicle_id, shop.package.id,
                                   due[shop.package.id].due_on)
    brake_sent = reminders.mark_sent(clerk, shop.vehicle_id, brakes.id, due[brakes.id].due_on)
    booked = appointments.book(clerk, shop.customer_id, at(9), vehicle_id=shop.vehicle_id,
                               what="Oil service", package_id=shop.package.id)
    assert (booked.package, booked.reminder) == (shop.package.id, oil_sent.id)
    # only the service booked counts as converted by the booking
    assert Reminder.get_by_id(oil_sent.id).converted_to == f"appointment {booked.id}"
    assert Reminder.get_by_id(brake_sent.id).converted_at is None
    refusals: list = []
    order = appointments.check_in(clerk, booked.id, odometer=52000, refusals=refusals)
    assert refusals == [] and order.concerns == "Oil service"
    lines = repair_orders.lines_of(owner, order)
    assert [li.description for li in lines] == ["Oil filter", "Engine oil 5W-30",
                                                "Change oil and filter"]
    assert {li.package for li in lines} == {shop.package.id}
    # the car came in: its other reminders count as converted by the repair order
    assert Reminder.get_by_id(brake_sent.id).converted_to == f"repair order {order.number}"


def test_a_booked_package_that_cannot_be_added_still_checks_the_car_in(owner, clerk):
    shop = workshop(owner, filters=0)  # no oil filter in stock, negative stock not allowed
    booked = appointments.book(clerk, shop.customer_id, at(9), vehicle_id=shop.vehicle_id,
                               what="Oil service", package_id=shop.package.id)
    assert booked.reminder is None  # no reminder was sent for it
    refusals: list = []
    order = appointments.check_in(clerk, booked.id, odometer=52000, refusals=refusals)
    assert [type(r).__name__ for r in refusals] == ["ValidationError"]
    assert "OF-100" in str(refusals[0])
    assert order.concerns == "Oil service" and repair_orders.lines_of(owner, order) == []
    assert appointments.get(owner, booked.id).status == "checked_in"


def test_a_clash_is_refused_in_the_screen_language(owner, clerk):
    from shopdesk import i18n

    shop = workshop(owner)
    appointments.book(clerk, shop.customer_id, at(9), bay="Bay 1")
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(ValidationError) as refused:
            appointments.book(clerk, shop.customer_id, at(9, 30), bay="Bay 1")
        assert refused.value.translated() == \
            "Bay 1 在 09:00–10:00 已有预约（Smith, Ann）：请选择其他时间或工位"
    finally:
        i18n.set_language("en")
