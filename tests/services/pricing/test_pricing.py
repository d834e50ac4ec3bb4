"""Pricing: price levels per customer, the markup matrix with preview, manual prices, receipts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ConflictError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import Part
from shopdesk.models.pricing import MarkupBand, PriceLevel
from shopdesk.services import integrity
from shopdesk.services.crm import customers
from shopdesk.services.pricing import pricing, pricing_matrix, pricing_reprice
from shopdesk.services.pricing.pricing_reprice import Selection
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.stock import parts, purchasing
from shopdesk.services.workshop import repair_orders
from tests.helpers.invoices import stocked_part
from tests.helpers.parts import make_part, make_supplier
from tests.services.customer_helpers import car, person

D = Decimal


def matrix_part(owner, sku="BP-1", cost="10.00", category="Brakes", brand="Bosch", **values):
    """A part with a cost and no hand-set prices: it follows the matrix."""
    values.setdefault("retail_price", "0")
    values.setdefault("trade_price", "0")
    return make_part(owner, sku=sku, name=f"Part {sku}", cost=cost, category=category,
                     brand=brand, **values)


def fleet_customer(owner, last="Fleetco", phone="(217) 555-0199"):
    if "fleet" not in pricing.level_codes():
        pricing.add_level(owner, "Fleet")
    return person(owner, first="", last=last, phone=phone, price_level="fleet")


def test_a_fleet_customers_counter_sale_uses_fleet_prices_to_the_cent(owner, clerk):
    part = make_part(owner, retail_price="9.99", trade_price="7.50")
    customer = fleet_customer(owner)
    pricing.set_price(owner, part.id, "fleet", "6.83")
    assert customers.get(owner, customer.id).price_level == "fleet"
    draft = invoices.create_draft(clerk, customer.id,
                                  lines=[LineDraft(part_id=part.id, quantity=3)])
    assert draft.price_level == "fleet"
    line = invoices.lines_of(owner, draft)[0]
    assert (line.unit_price, line.amount) == (D("6.83"), D("20.49"))
    assert invoices.preview_totals(owner, draft).gross == D("22.54")  # 20.49 + 10% (2.049 -> 2.05)
    cash = invoices.create_draft(clerk, lines=[LineDraft(part_id=part.id)])
    assert (cash.price_level, invoices.lines_of(owner, cash)[0].unit_price) == ("retail", D("9.99"))


def test_choosing_a_customer_brings_their_level_and_reprices_the_draft(owner, clerk):
    part = make_part(owner, retail_price="9.99", trade_price="7.50")
    customer = fleet_customer(owner)
    pricing.set_price(owner, part.id, "fleet", "6.50")
    draft = invoices.create_draft(clerk, lines=[LineDraft(part_id=part.id, quantity=2)])
    typed = invoices.add_line(clerk, draft.id, LineDraft(part_id=part.id, unit_price="9.00"))
    draft = invoices.update_draft(clerk, draft.id, draft.version, customer_id=customer.id)
    assert draft.price_level == "fleet"
    assert [li.unit_price for li in invoices.lines_of(owner, draft)] == [D("6.50"), D("9.00")]
    assert typed.unit_price == D("9.00")  # a price typed by hand stays
    draft = invoices.update_draft(clerk, draft.id, draft.version, price_level="trade")
    assert [li.amount for li in invoices.lines_of(owner, draft)] == [D("15.00"), D("9.00")]
    with pytest.raises(ValidationError, match="no price level 'gold'"):
        invoices.update_draft(clerk, draft.id, draft.version, price_level="gold")


def test_a_level_without_its_own_price_sells_at_retail(owner):
    part = make_part(owner, retail_price="9.99", trade_price="0")
    pricing.add_level(owner, "Fleet")
    assert pricing.price_for(owner, part, "fleet") == D("9.99")
    assert pricing.price_for(owner, part, "trade") == D("9.99")


def test_repair_order_parts_are_priced_at_the_customers_level(owner):
    part = stocked_part(owner)  # retail 9.99
    customer = fleet_customer(owner)
    pricing.set_price(owner, part.id, "fleet", "8.10")
    vehicle = car(owner, customer.id)
    order = repair_orders.open_order(owner, vehicle.id, odometer=1000)
    line = repair_orders.add_line(owner, order.id, repair_orders.LineInput(
        "part", part_id=part.id, quantity=2))
    assert line.unit_price == D("8.10")


def test_customer_level_must_exist_and_a_used_level_cannot_be_removed(owner):
    saved = person(owner)
    data = customers.input_of(owner, saved)
    data.price_level = "gold"
    with pytest.raises(ValidationError, match="No price level 'gold'"):
        customers.update_customer(owner, customers.get(owner, saved.id), data)
    fleet_customer(owner, "Vans Ltd")
    with pytest.raises(ValidationError, match="1 customer"):
        pricing.remove_level(owner, "fleet")
    with pytest.raises(ValidationError, match="built in"):
        pricing.remove_level(owner, "retail")


@pytest.mark.parametrize(("bands", "message"), [
    ([("0", "", "-5")], "would sell below cost"),
    ([("0", "", "x0.9")], "multiplier of 0.9 would sell below cost"),
    ([("0", "20", "50"), ("15", "", "30")], "Bands overlap"),
    ([("0", "20", "50"), ("25", "", "30")], "Gap between bands: costs from 20.00 to 25.00"),
    ([("5", "", "50")], "first band must start at 0.00"),
    ([("0", "20", "50")], "last band must have no upper end"),
    ([("0", "", "lots")], "not a number"),
])
def test_bad_matrices_are_refused_and_nothing_is_written(owner, bands, message):
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "40")])
    with pytest.raises(ValidationError, match=message):
        pricing_matrix.set_matrix(owner, "retail", bands)
    assert pricing_matrix.get_matrix(owner, "retail").bands == (
        pricing_matrix.Band(D("0.00"), None, D("40.000")),)


def test_markup_as_percent_or_multiplier(owner):
    assert pricing_matrix.parse_markup("x1.75") == D("75.000")
    assert pricing_matrix.parse_markup("2x") == D("100.000")
    assert pricing_matrix.parse_markup("35%") == D("35.000")


def test_reprice_a_category_previews_then_applies_exactly_that(owner):
    pad = matrix_part(owner, "BP-1", cost="10.00")
    disc = matrix_part(owner, "BD-1", cost="37.40")
    other = matrix_part(owner, "OF-1", cost="4.00", category="Filters")
    pricing_matrix.set_matrix(owner, "retail", [("0", "20", "100"), ("20", "", "x1.5")])
    shown = pricing_reprice.preview(owner, Selection(category="Brakes"))
    assert [(c.sku, c.level, c.old, c.new) for c in shown.changes] == [
        ("BD-1", "retail", D("0.00"), D("56.10")), ("BP-1", "retail", D("0.00"), D("20.00"))]
    assert shown.changes[0].new_margin == D("33.3")  # (56.10 - 37.40) / 56.10
    assert Part.get_by_id(pad.id).retail_price == D("0.00")  # nothing until confirmed
    assert pricing_reprice.apply(owner, shown) == 2
    assert Part.get_by_id(pad.id).retail_price == D("20.00")
    assert Part.get_by_id(disc.id).retail_price == D("56.10")
    assert Part.get_by_id(other.id).retail_price == D("0.00")  # another category
    audited = AuditEntry.select().where((AuditEntry.action == "price change")
                                        & (AuditEntry.entity_id == str(disc.id))).count()
    assert audited == 1


def test_a_stale_preview_changes_nothing(owner):
    part = matrix_part(owner)
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "50")])
    shown = pricing_reprice.preview(owner, Selection(category="Brakes"))
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "60")])
    with pytest.raises(ConflictError, match="Preview again"):
        pricing_reprice.apply(owner, shown)
    assert Part.get_by_id(part.id).retail_price == D("0.00")


def test_apply_checks_the_preview_against_what_it_was_made_from(owner):
    """apply() does not price the selection again when nothing it was made from moved; when
    something did, it prices again and refuses only if a change differs."""
    part = matrix_part(owner, cost="10.00")
    other = matrix_part(owner, sku="BP-2", cost="20.00", retail_price="30.00")  # follows
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "50")])
    pricing.set_rounding_rule(owner, "whole")
    shown = pricing_reprice.preview(owner, Selection(category="Brakes"))
    assert [(c.sku, c.new) for c in shown.changes] == [("BP-1", D("15.00"))]
    # a cost that moves no price (20.10 x 1.5 = 30.15 is still 30 whole): applied as shown
    Part.update(cost=D("20.10")).where(Part.id == other.id).execute()
    assert pricing_reprice.apply(owner, shown) == 1
    assert Part.get_by_id(part.id).retail_price == D("15.00")

    Part.update(retail_price=D("0")).where(Part.id == part.id).execute()
    shown = pricing_reprice.preview(owner, Selection(category="Brakes"))
    Part.update(cost=D("10.40")).where(Part.id == part.id).execute()  # 15.60: now 16
    with pytest.raises(ConflictError, match="Preview again"):
        pricing_reprice.apply(owner, shown)
    assert Part.get_by_id(part.id).retail_price == D("0.00")


def test_manual_prices_stay_until_the_owner_resets_them(owner):
    part = matrix_part(owner, cost="10.00")
    part = parts.update_part(owner, part.id, part.version, retail_price="24.95")
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "100")])
    shown = pricing_reprice.preview(owner, Selection(category="Brakes"))
    assert (shown.changes, shown.manual_kept) == ([], 1)
    assert [r.sku for r in pricing_reprice.manual_prices(owner)] == ["BP-1"]
    assert pricing_reprice.reset_to_matrix(owner, part.id) == 1
    assert Part.get_by_id(part.id).retail_price == D("20.00")
    assert pricing_reprice.manual_prices(owner) == []


def test_category_matrix_beats_brand_beats_shop_wide(owner):
    brakes = matrix_part(owner, "BP-1", cost="10.00", category="Brakes", brand="Bosch")
    bosch = matrix_part(owner, "WB-1", cost="10.00", category="Wipers", brand="Bosch")
    plain = matrix_part(owner, "XX-1", cost="10.00", category="Misc", brand="Acme")
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "10")])
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "20")], scope="brand",
                              scope_value="Bosch")
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "30")], scope="category",
                              scope_value="Brakes")
    pricing_reprice.apply(owner, pricing_reprice.preview(owner, Selection()))
    assert [Part.get_by_id(p.id).retail_price for p in (brakes, bosch, plain)] == [
        D("13.00"), D("12.00"), D("11.00")]


def test_rounding_rule_applies_and_never_sells_below_cost(owner):
    part = matrix_part(owner, cost="10.37")
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "x1.25")])  # 12.9625
    for rule, price in (("cent", "12.96"), ("0.05", "12.95"), ("0.99", "12.99"),
                        ("whole", "13.00")):
        pricing.set_rounding_rule(owner, rule)
        assert pricing_reprice.preview(owner, Selection()).changes[0].new == D(price), rule
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "0")])
    pricing.set_rounding_rule(owner, "whole")
    assert pricing_reprice.preview(owner, Selection()).changes[0].new == D("11.00")  # not 10.00
    assert Part.get_by_id(part.id).retail_price == D("0.00")
    with pytest.raises(ValidationError, match="Price rounding must be one of"):
        pricing.set_rounding_rule(owner, "0.10")


def test_a_receipt_reprices_parts_that_follow_the_matrix_only(owner, clerk):
    acme = make_supplier(owner)
    follows = matrix_part(owner, "BP-1", cost="10.00", supplier=acme.id)
    manual = make_part(owner, "BP-2", "Pads", cost="10.00", retail_price="19.99",
                       trade_price="0", category="Brakes", supplier=acme.id)
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "100")])
    pricing_reprice.apply(owner, pricing_reprice.preview(owner, Selection()))
    order = purchasing.create_order(owner, acme.id, [(follows.id, 10, "14.00"),
                                                     (manual.id, 10, "14.00")])
    purchasing.place_order(owner, order.id)
    lines = purchasing.order_lines(owner, order.id)
    purchasing.receive(clerk, order.id, {li.id: 10 for li in lines})
    assert Part.get_by_id(follows.id).cost == D("14.00")
    assert Part.get_by_id(follows.id).retail_price == D("28.00")
    assert Part.get_by_id(manual.id).retail_price == D("19.99")


def test_only_the_owner_reprices(owner, clerk):
    matrix_part(owner)
    with pytest.raises(AccessDenied):
        pricing_matrix.set_matrix(clerk, "retail", [("0", "", "40")])
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "40")])
    shown = pricing_reprice.preview(owner, Selection())
    with pytest.raises(AccessDenied):
        pricing_reprice.apply(clerk, shown)
    with pytest.raises(AccessDenied):
        pricing.set_price(clerk, 1, "retail", "5.00")


def test_check_reports_a_broken_matrix_and_a_missing_level(owner, db):
    pricing_matrix.set_matrix(owner, "retail", [("0", "10", "50"), ("10", "", "30")])
    MarkupBand.update(cost_from=D("12.00")).where(MarkupBand.cost_from == D("10.00")).execute()
    fleet_customer(owner)
    PriceLevel.delete().where(PriceLevel.code == "fleet").execute()
    faults = [str(f) for f in integrity.run_checks(db) if f.check in (
        "markup matrix", "price levels")]
    assert faults == [
        "price levels: 1 customer(s) buy at price level 'fleet', which does not exist",
        "markup matrix: retail, Shop-wide: Gap between bands: costs from 10.00 to 12.00 fall "
        "in no band"]
