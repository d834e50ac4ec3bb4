"""Issue 21, item 6: the sales, stock and pricing services take the actor, and decide.

Where the role changes the answer: a clerk or a technician gets no cost or margin from them
(the value is None, the column is left out, or the service refuses); the owner, or whoever the
owner granted "see costs", gets them. Each test here failed on the code before this change
(the services took no actor).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import ValidationError
from shopdesk.services.stock import parts_lists, purchasing, stock, stocktake
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_supplier


def _columns(source) -> list[str]:
    return [c.key for c in source.columns]


# --- stock -----------------------------------------------------------------------------------
def test_a_stock_take_shows_its_differences_at_cost_only_to_the_owner(owner, clerk) -> None:
    part = stocked_part(owner)  # 20 at 4.00
    take = stocktake.start(clerk)
    stocktake.enter_count(clerk, take.id, part.id, "18")
    (seen,) = stocktake.differences(clerk, take.id)
    assert (seen.difference, seen.value) == (Decimal("-2"), None)
    (seen,) = stocktake.differences(owner, take.id)
    assert seen.value == Decimal("-8.00")
    # what the clerk posts is still booked at cost (the owner's valuation moves by 8.00)
    before = stock.valuation(owner).total
    stocktake.post(clerk, take.id)
    assert stock.valuation(owner).total == before - Decimal("8.00")


def test_the_purchase_order_list_has_no_value_column_for_a_clerk(owner, clerk,
                                                                 technician) -> None:
    part = stocked_part(owner)
    acme = make_supplier(owner)
    purchasing.create_order(owner, acme.id, [(part.id, 5, "4.00")])
    for actor in (clerk, technician):
        assert "value" not in _columns(parts_lists.orders_list(actor, "all"))
    assert "value" in _columns(parts_lists.orders_list(owner, "all"))


def test_an_unusual_receipt_cost_names_the_average_cost_only_to_the_owner(owner,
                                                                          clerk) -> None:
    part = stocked_part(owner)  # average cost 4.00
    with pytest.raises(ValidationError) as refused:
        stock.check_receipt_cost(clerk, part, Decimal("900.00"))
    assert "4.00" not in refused.value.translated()
    assert "OF-100" in refused.value.translated()
    assert refused.value.field_text("unit_cost")
    with pytest.raises(ValidationError) as refused:
        stock.check_receipt_cost(owner, part, Decimal("900.00"))
    assert "4.00" in refused.value.translated()
    stock.check_receipt_cost(clerk, part, Decimal("900.00"), confirm_cost=True)
