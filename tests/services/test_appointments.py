"""Appointments: booking, double-booking refused, tomorrow's calls, check-in."""

from __future__ import annotations

import datetime as dt

import pytest

from shopdesk.errors import ValidationError
from shopdesk.models.repair_orders import Status
from shopdesk.services import appointments
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
    assert [a.bay for a in appointments.day(TOMORROW)] == ["Bay 1", "Bay 2", "Bay 1"]


def test_confirmation_calls_and_check_in(owner, clerk):
    shop = workshop(owner)
    first = appointments.book(clerk, shop.customer_id, at(8), vehicle_id=shop.vehicle_id,
                              what="Noise from the front")
    second = appointments.book(clerk, shop.customer_id, at(11), vehicle_id=shop.vehicle_id)
    assert [a.id for a in appointments.to_confirm()] == [first.id, second.id]
    appointments.confirm(clerk, first.id)
    assert [a.id for a in appointments.to_confirm()] == [second.id]
    order = appointments.check_in(clerk, first.id, odometer=51000)
    assert (order.status, order.concerns, order.odometer) == (
        Status.ESTIMATE, "Noise from the front", 51000)
    assert appointments.get(first.id).repair_order == order.id
    with pytest.raises(ValidationError, match="checked in"):
        appointments.check_in(clerk, first.id)
