"""Issue 21, item 6, for the customers (crm) and the parts counter: every service that reads
the shop takes the actor, and where the role changes the answer the service decides it.

The comebacks report is one of the owner's reports (a clerk or a technician is refused it);
the warranty cost of a comeback's line and the cost of a warranty hour are costs, so they go
to the owner and to whoever the owner granted "see costs". Each test here failed on the code
before this change (the services took no actor and answered anyone).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied
from shopdesk.models.repair_orders import Status
from shopdesk.models.warranty import WarrantyLine
from shopdesk.reports import monthly
from shopdesk.services.counter import comebacks, warranty
from shopdesk.services.sales import invoices
from shopdesk.services.shop import users
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput, LineKind
from tests.helpers.workshop import workshop

TODAY = dt.date.today()


def test_the_comebacks_report_is_the_owners(owner, clerk, technician) -> None:
    assert comebacks.summary(owner, TODAY, TODAY).count == 0
    for actor in (clerk, technician):
        with pytest.raises(AccessDenied):
            comebacks.summary(actor, TODAY, TODAY)
    # a clerk granted the costs still does not get the owner's reports
    users.update_user(owner, "carl", see_costs=True)
    with pytest.raises(AccessDenied):
        comebacks.summary(users.actor_for("carl"), TODAY, TODAY)
    # the monthly report passes its (owner's) actor through to the comebacks
    assert monthly.build(owner, TODAY.replace(day=1)).kpi("comebacks").current == 0


def _comeback_line(owner):
    """A comeback's labour line done at no charge: 2 h at the shop's warranty hour."""
    shop = workshop(owner)
    warranty.set_labour(owner, warranty.Terms(6, None), cost_rate="35.00")
    original = repair_orders.open_order(owner, shop.vehicle_id, odometer=46500)
    repair_orders.add_line(owner, original.id, LineInput(LineKind.LABOUR, "Replace pads", "1"))
    repair_orders.record_approval(owner, original.id)
    repair_orders.set_status(owner, original.id, Status.DONE)
    invoices.issue(owner, repair_order_invoicing.invoice_order(owner, original.id).id)
    comeback = repair_orders.open_order(owner, shop.vehicle_id, odometer=47000)
    comebacks.mark(owner, comeback.id, original.id, "Pads squeal again")
    line = repair_orders.add_line(owner, comeback.id, LineInput(LineKind.LABOUR, "Refit", "2"))
    comebacks.set_warranty(owner, line.id)
    return repair_orders.get_line(owner, line.id), WarrantyLine.get(WarrantyLine.line == line.id)


def test_a_comeback_lines_warranty_cost_is_refused_without_the_costs(owner, clerk,
                                                                      technician) -> None:
    line, row = _comeback_line(owner)
    assert comebacks.line_cost(owner, line, row) == Decimal("70.00")
    for actor in (clerk, technician):
        with pytest.raises(AccessDenied):
            comebacks.line_cost(actor, line, row)
    users.update_user(owner, "carl", see_costs=True)
    assert comebacks.line_cost(users.actor_for("carl"), line, row) == Decimal("70.00")


def test_the_cost_of_a_warranty_hour_goes_only_to_who_sees_costs(owner, clerk) -> None:
    warranty.set_labour(owner, warranty.Terms(12, 20000), cost_rate="37.50")
    assert warranty.settings(owner).labour_cost_rate == Decimal("37.50")
    seen = warranty.settings(clerk)
    assert seen.labour_cost_rate is None
    assert (seen.labour_months, seen.labour_km) == (12, 20000)  # the terms are no secret
    assert warranty.labour_terms(clerk) == warranty.Terms(12, 20000)
    users.update_user(owner, "carl", see_costs=True)
    assert warranty.settings(users.actor_for("carl")).labour_cost_rate == Decimal("37.50")
    # the owner's rate is untouched by what the clerk was shown
    assert warranty.settings(owner).labour_cost_rate == Decimal("37.50")
