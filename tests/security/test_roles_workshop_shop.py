"""Issue 21, item 6: the workshop's and the shop's services take the actor and decide.

A technician reading a repair order that is not one of their jobs (by id or by its printed
number) is refused, as the order list and the clock already refused it; the hours sold and
clocked per technician (their efficiency) are the owner's report; a discount limit is the
acting person's. Each test here failed on the code before this change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.shop import settings
from shopdesk.services.workshop import job_clock, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


def _two_orders(owner, clerk, technician):
    """Two approved orders on the same car: the first has a labour line given to the
    technician, the second none."""
    shop = workshop(owner)
    orders = []
    for _ in range(2):
        order = repair_orders.open_order(clerk, shop.vehicle_id, concerns="Squeak")
        orders.append((order, repair_orders.add_line(clerk, order.id, LineInput(
            LineKind.LABOUR, "Replace front brake pads", "1.5", "80.00"))))
    repair_orders.assign(clerk, orders[0][1].id, technician.user_id)
    for order, _line in orders:
        repair_orders.record_approval(clerk, order.id)
    return orders[0][0], orders[1][0]


def test_a_technician_reads_only_their_own_repair_orders(owner, clerk, technician):
    mine, other = _two_orders(owner, clerk, technician)
    assert repair_orders.get(technician, mine.id).number == mine.number
    assert repair_orders.by_number(technician, mine.number).id == mine.id
    with pytest.raises(AccessDenied, match="not one of your jobs"):
        repair_orders.get(technician, other.id)
    with pytest.raises(AccessDenied, match="not one of your jobs"):
        repair_orders.by_number(technician, other.number.removeprefix("RO-"))
    for actor in (clerk, owner):  # the front desk and the owner read every order
        assert repair_orders.get(actor, other.id).id == other.id
        assert repair_orders.by_number(actor, other.number).id == other.id


def test_hours_per_technician_are_the_owners_report(owner, clerk, technician):
    mine, _other = _two_orders(owner, clerk, technician)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    entry = job_clock.clock_on(technician, mine.id, at=now - dt.timedelta(hours=2))
    job_clock.clock_off(technician, entry.id, at=now - dt.timedelta(hours=1))
    repair_orders.set_status(technician, mine.id, Status.DONE)
    today = dt.date.today()
    for refused in (clerk, technician):
        with pytest.raises(AccessDenied):
            job_clock.technician_hours(refused, today, today)
    [row] = job_clock.technician_hours(owner, today, today)
    assert (row.technician, row.sold, row.clocked) == ("Tina Tech", Decimal("1.50"),
                                                       Decimal("1.00"))


def test_the_discount_limit_is_the_acting_persons(owner, clerk, technician):
    settings.update_settings(owner, clerk_discount_limit="15", technician_discount_limit="5")
    assert settings.discount_limit(clerk) == Decimal("15")
    assert settings.discount_limit(technician) == Decimal("5")
    assert settings.discount_limit(owner) is None  # the owner has no limit
