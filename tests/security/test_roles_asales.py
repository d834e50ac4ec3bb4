"""Issue 21, item 6: the sales, stock and pricing services take the actor, and decide.

Where the role changes the answer: a clerk or a technician gets no cost or margin from them
(the value is None, the column is left out, or the service refuses); the owner, or whoever the
owner granted "see costs", gets them. Each test here failed on the code before this change
(the services took no actor).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.pricing import CatalogueLine
from shopdesk.services.pricing import catalogue, catalogue_costs, pricing, pricing_matrix
from shopdesk.services.stock import parts, parts_lists, purchasing, stock, stocktake
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_supplier


def _columns(source) -> list[str]:
    return [c.key for c in source.columns]


# --- stock -----------------------------------------------------------------------------------
def test_a_scanned_part_carries_its_cost_only_to_whoever_may_see_costs(owner, clerk,
                                                                         technician) -> None:
    part = stocked_part(owner, barcodes=["4006381333931"], cost="4.25")
    for code in ("OF-100", "4006381333931"):
        assert parts.find_by_code(owner, code).cost == Decimal("4.25")
        seen = parts.find_by_code(clerk, code)
        assert seen.id == part.id and seen.retail_price == part.retail_price
        assert seen.cost is None
        assert parts.find_by_code(technician, code).cost is None


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


# --- pricing ---------------------------------------------------------------------------------
def _catalogue(owner):
    acme = make_supplier(owner)
    plan = catalogue.plan_import(owner, acme.id, [
        (2, {"supplier_sku": "AC-1", "description": "Oil filter", "cost": "12.00",
             "pack_size": "4"})])
    catalogue.apply_import(owner, plan)
    return acme


def test_a_clerk_is_refused_the_markup_matrix_and_a_catalogue_import_plan(owner, clerk,
                                                                         technician) -> None:
    pricing_matrix.set_matrix(owner, "retail", [("0.00", "", "40")])
    acme = make_supplier(owner, name="Bolt & Co")
    rows = [(2, {"supplier_sku": "B-1", "description": "Bolt", "cost": "0.40"})]
    for actor in (clerk, technician):
        with pytest.raises(AccessDenied):
            pricing_matrix.all_matrices(actor)
        with pytest.raises(AccessDenied):
            pricing_matrix.get_matrix(actor, "retail")
        with pytest.raises(AccessDenied):
            catalogue.plan_import(actor, acme.id, rows)
    (matrix,) = pricing_matrix.all_matrices(owner)
    assert matrix.bands[0].markup == Decimal("40")
    assert pricing_matrix.get_matrix(owner, "retail") == matrix
    assert len(catalogue.plan_import(owner, acme.id, rows).new) == 1
    # prices themselves are open to anyone signed in
    assert pricing.rounding_rule(clerk) == pricing.rounding_rule(owner)
    assert pricing.levels(technician)[0].code == "retail"


def test_a_supplier_catalogue_shows_its_costs_only_to_the_owner(owner, clerk) -> None:
    acme = _catalogue(owner)
    clerks = catalogue_costs.catalogue_list(clerk, acme.id)
    assert {"cost", "unit_cost"}.isdisjoint(_columns(clerks))
    assert clerks.count() == 1 and "supplier_sku" in _columns(clerks)
    assert {"cost", "unit_cost"} <= set(_columns(catalogue_costs.catalogue_list(owner, acme.id)))
    (line,) = CatalogueLine.select()
    assert catalogue.get_line(clerk, line.id).cost is None
    assert catalogue.get_line(owner, line.id).cost == Decimal("12.00")
