"""Supplier catalogues: import with column mapping and row errors, linking, cost updates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ConflictError, ValidationError
from shopdesk.models.parts import Part
from shopdesk.models.pricing import CatalogueLine
from shopdesk.services.pricing import catalogue, catalogue_costs, pricing_matrix
from shopdesk.services.stock import parts
from tests.helpers.parts import make_part, make_supplier

D = Decimal


def rows(*values):
    """Rows as the file reader gives them: (row number, field -> value), from row 2."""
    names = ("supplier_sku", "description", "cost", "pack_size", "barcode")
    return [(n, dict(zip(names, v, strict=False))) for n, v in enumerate(values, start=2)]


def test_unknown_columns_are_refused_naming_the_columns_found():
    headers = ["Part No", "Description", "Net Price", "Colour"]
    with pytest.raises(ValidationError, match=r"Unknown column.*'Colour'.*Columns found: Part "
                       "No, Description, Net Price, Colour"):
        catalogue.resolve_mapping(headers)
    assert catalogue.resolve_mapping(headers, {"Colour": "ignore"}) == {
        "Part No": "supplier_sku", "Description": "description", "Net Price": "cost"}
    with pytest.raises(ValidationError, match="No column holds the cost"):
        catalogue.resolve_mapping(["Part No", "Description"])
    with pytest.raises(ValidationError, match="more than one column"):
        catalogue.resolve_mapping(["SKU", "Price", "Code"], {"Code": "supplier_sku"})
    assert catalogue.resolve_mapping(["Ref", "Bulk"], {"Bulk": "cost"}) == {
        "Ref": "supplier_sku", "Bulk": "cost"}


def test_bad_numbers_are_row_errors_and_nothing_is_written_until_confirmed(owner):
    acme = make_supplier(owner)
    plan = catalogue.plan_import(owner, acme.id, rows(
        ("AC-1", "Brake pads", D("24.80"), 2), ("AC-2", "Filter", "abc", 1),
        ("AC-3", "Wiper", D("-1"), 1), ("", "No number", D("3"), 1),
        ("AC-4", "Bulb", D("1.005"), 1), ("AC-1", "Again", D("5"), 1),
        ("AC-5", "Oil", D("30"), 0)))
    assert [(e.row, e.message) for e in plan.errors] == [
        (3, "cost 'abc' is not a number"), (4, "cost -1.00 must be more than zero"),
        (5, "no supplier part number"), (6, "cost 1.005 has more than 2 decimals"),
        (7, "AC-1 is already on row 2"), (8, "pack size 0 must be more than zero")]
    assert [r.supplier_sku for r in plan.new] == ["AC-1"]
    assert CatalogueLine.select().count() == 0
    result = catalogue.apply_import(owner, plan)
    assert (result.added, result.updated) == (1, 0)
    line = CatalogueLine.get()
    assert (line.cost, line.pack_size, line.part_id) == (D("24.80"), D("2"), None)
    assert Part.select().count() == 0  # no stock items made


def test_reimport_updates_changed_lines_and_links_by_number_or_barcode(owner):
    acme = make_supplier(owner)
    numbered = make_part(owner, "BP-1", "Pads", supplier=acme.id)
    parts.set_supplier_number(owner, numbered.id, acme.id, "AC-1")
    coded = make_part(owner, "WB-1", "Wiper", barcodes=["4006633112233"])
    catalogue.apply_import(owner, catalogue.plan_import(owner, acme.id, rows(
        ("AC-1", "Pads", D("20.00")), ("AC-2", "Wiper", D("6.00"), 1, "4006633112233"),
        ("AC-3", "Other", D("3.00")))))
    linked = dict(CatalogueLine.select(CatalogueLine.supplier_sku, CatalogueLine.part)
                  .tuples())
    assert linked == {"AC-1": numbered.id, "AC-2": coded.id, "AC-3": None}
    again = catalogue.plan_import(owner, acme.id, rows(
        ("AC-1", "Pads", D("21.50")), ("AC-2", "Wiper", D("6.00"), 1, "4006633112233"),
        ("AC-3", "Other", D("3.00"))))
    assert ([r.supplier_sku for r, _c, _p in again.changed], again.unchanged) == (["AC-1"], 2)
    catalogue.apply_import(owner, again)
    assert CatalogueLine.get(CatalogueLine.supplier_sku == "AC-1").cost == D("21.50")
    assert CatalogueLine.select().count() == 3
    other = CatalogueLine.get(CatalogueLine.supplier_sku == "AC-3")
    extra = make_part(owner, "OT-1", "Other part")
    catalogue.link(owner, other.id, extra.id)
    assert parts.supplier_number(owner, extra.id, acme.id) == "AC-3"
    with pytest.raises(ValidationError, match="Nothing to import"):
        catalogue.apply_import(owner, catalogue.plan_import(owner, acme.id, rows(
            ("AC-3", "Other", D("3.00")))))


def test_cost_update_divides_by_pack_size_previews_and_reprices(owner):
    acme = make_supplier(owner)
    follows = make_part(owner, "SP-1", "Spark plug", cost="2.00", retail_price="0",
                        trade_price="0", category="Ignition")
    manual = make_part(owner, "SP-2", "Iridium plug", cost="5.00", retail_price="12.99",
                       trade_price="0", category="Ignition")
    for part, number in ((follows, "NGK-1"), (manual, "NGK-2")):
        parts.set_supplier_number(owner, part.id, acme.id, number)
    pricing_matrix.set_matrix(owner, "retail", [("0", "5", "100"), ("5", "", "60")])
    catalogue.apply_import(owner, catalogue.plan_import(owner, acme.id, rows(
        ("NGK-1", "Plug x4", D("10.00"), 4), ("NGK-2", "Iridium x4", D("25.00"), 4))))
    shown = catalogue_costs.preview(owner, acme.id)
    assert [(c.sku, c.old_cost, c.new_cost) for c in shown.costs] == [
        ("SP-1", D("2.00"), D("2.50")), ("SP-2", D("5.00"), D("6.25"))]
    assert [(p.sku, p.old, p.new) for p in shown.prices] == [("SP-1", D("0.00"), D("5.00"))]
    assert Part.get_by_id(follows.id).cost == D("2.00")  # nothing until confirmed
    assert catalogue_costs.apply(owner, shown) == (2, 1)
    assert Part.get_by_id(follows.id).retail_price == D("5.00")
    assert Part.get_by_id(manual.id).cost == D("6.25")
    assert Part.get_by_id(manual.id).retail_price == D("12.99")  # set by hand: kept
    with pytest.raises(ValidationError, match="Nothing to update"):
        catalogue_costs.apply(owner, catalogue_costs.preview(owner, acme.id))


def test_a_stale_cost_preview_changes_nothing_and_clerks_cannot_import(owner, clerk):
    acme = make_supplier(owner)
    part = make_part(owner, "SP-1", "Spark plug", cost="2.00")
    parts.set_supplier_number(owner, part.id, acme.id, "NGK-1")
    catalogue.apply_import(owner, catalogue.plan_import(owner, acme.id, rows(
        ("NGK-1", "Plug", D("3.00")))))
    shown = catalogue_costs.preview(owner, acme.id)
    catalogue.apply_import(owner, catalogue.plan_import(owner, acme.id, rows(
        ("NGK-1", "Plug", D("3.10")))))
    with pytest.raises(ConflictError, match="Preview again"):
        catalogue_costs.apply(owner, shown)
    assert Part.get_by_id(part.id).cost == D("2.00")
    with pytest.raises(AccessDenied):
        catalogue.apply_import(clerk, catalogue.plan_import(owner, acme.id, rows(
            ("NGK-9", "Plug", D("3.00")))))
