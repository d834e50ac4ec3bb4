"""Many parts at once (an imported catalogue, a price list, a count): stored as the parts
screen stores one, refused as a whole when a value breaks the catalogue's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import Part, PartBarcode, StockMovement
from shopdesk.services.stock import parts, stock
from tests.helpers.parts import make_part, make_supplier

FIELDS = ("sku", "name", "brand", "category", "unit", "cost", "retail_price", "trade_price",
          "tax_code", "bin_location", "reorder_point", "reorder_qty", "supplier_id", "on_hand",
          "archived", "version")


def _row(sku: str) -> tuple:
    part = Part.get(Part.sku == sku)
    return tuple(getattr(part, f) for f in FIELDS[1:])


def test_new_parts_are_stored_as_create_part_stores_one(owner):
    acme = make_supplier(owner)
    make_part(owner, "ONE", "Brake pads", brand="Brembo", category="Brakes", unit="set",
              cost="12.50", retail_price="29.99", trade_price="0", tax_code="ZERO",
              bin_location="A-1", reorder_point="2.5", reorder_qty="10", supplier=acme.id)
    adder = parts.NewParts(owner)
    adder.add({"sku": ["TWO", "THREE"], "name": ["Brake pads", "Wiper"],
               "brand": ["Brembo", None], "category": ["Brakes", None], "unit": ["set", None],
               "cost": [Decimal("12.50"), None], "retail_price": [Decimal("29.99"), None],
               "trade_price": [Decimal("0.00"), None], "tax_code": ["ZERO", None],
               "bin_location": ["A-1", None], "reorder_point": [Decimal("2.500"), None],
               "reorder_qty": [Decimal("10.000"), None], "supplier": [acme.id, None]}, 2)
    assert _row("TWO") == _row("ONE")
    assert _row("THREE")[1:] == ("", "", "piece", Decimal("0.00"), Decimal("0.00"),
                                 Decimal("0.00"), "STD", "", Decimal("0.000"),
                                 Decimal("0.000"), None, Decimal("0.000"), False, 1)
    assert Part.get(Part.sku == "THREE").created_at is not None
    adder.add({"sku": ["FOUR"], "name": ["Again"], "cost": [Decimal("12.50")]}, 1)  # memo
    assert Part.get(Part.sku == "FOUR").cost == Decimal("12.50")


@pytest.mark.parametrize(("columns", "field"), [
    ({"sku": ["OK-1", "has space"], "name": ["A", "B"]}, "sku"),
    ({"sku": ["OK-1", "OK-2"], "name": ["A", None]}, "name"),
    ({"name": ["A"]}, "sku"),
    ({"sku": ["OK-1"], "name": ["A"], "on_hand": [Decimal(5)]}, ""),
])
def test_new_parts_refused_as_a_whole(owner, columns, field):
    with pytest.raises(ValidationError) as refused:
        parts.NewParts(owner).add(columns, len(next(iter(columns.values()))))
    assert field in refused.value.fields or not field
    assert Part.select().count() == 0


def test_only_stock_keepers_add_parts_and_only_the_owner_prices_them(owner, clerk,
                                                                     technician):
    with pytest.raises(AccessDenied):
        parts.NewParts(technician)
    with pytest.raises(AccessDenied):
        parts.NewParts(clerk).add({"sku": ["A"], "name": ["A"],
                                   "retail_price": [Decimal("1.00")]}, 1)
    parts.NewParts(clerk).add({"sku": ["A"], "name": ["A"]}, 1)
    assert Part.select().count() == 1


def test_update_parts_writes_only_what_differs_and_audits_it(owner, clerk):
    pads = make_part(owner, "BP-1", "Brake pads")
    wiper = make_part(owner, "WI-1", "Wiper")
    start = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
    done = parts.update_parts(owner, [
        (pads, {"retail_price": Decimal("10.99"), "name": "Brake pads"}),
        (wiper, {"name": "Wiper blade", "cost": Decimal("4.00")}),
        (Part.get_by_id(wiper.id), {"brand": ""})],
        lambda part, fields: f"{part.sku} from a list: {', '.join(fields)}")
    assert done == [{"retail_price": Decimal("10.99")}, {"name": "Wiper blade"}, {}]
    assert Part.get_by_id(pads.id).version == pads.version + 1
    assert Part.get_by_id(wiper.id).name == "Wiper blade"
    entries = [(e.action, e.summary, e.before, e.after) for e in AuditEntry.select()
               .where(AuditEntry.id > start).order_by(AuditEntry.id)]
    assert entries == [
        ("price change", "BP-1 from a list: retail_price", '{"retail_price": "9.99"}',
         '{"retail_price": "10.99"}'),
        ("update", "WI-1 from a list: name", '{"name": "Wiper"}', '{"name": "Wiper blade"}')]
    with pytest.raises(AccessDenied):  # a clerk may rename, not reprice
        parts.update_parts(clerk, [(Part.get_by_id(pads.id), {"cost": Decimal("1.00")})],
                           lambda part, fields: "")
    with pytest.raises(ValidationError):
        parts.update_parts(owner, [(pads, {"on_hand": Decimal(1)})], lambda part, f: "")


def test_barcodes_and_keys_on_file(owner):
    pads = make_part(owner, "BP-1", "Brake pads", barcodes=["4006633112233"])
    parts.add_barcodes(owner, [("X-1", pads.id), ("X-2", pads.id)])
    assert parts.barcodes_of(owner, pads.id) == ["4006633112233", "X-1", "X-2"]
    with pytest.raises(ValidationError):
        parts.add_barcodes(owner, [("has space", pads.id)])
    assert PartBarcode.select().count() == 3
    assert parts.barcode_holders(owner, ["X-1", "nope"]) == {"X-1": pads.id}
    assert parts.part_ids(owner, ["BP-1", "NOPE"]) == {"BP-1": pads.id}
    assert list(parts.parts_by_sku(owner, ["BP-1"])) == ["BP-1"]
    assert list(parts.parts_by_id(owner, [pads.id])) == [pads.id]
    keys = parts.keys_on_file(owner, 10)
    if keys is not None:  # SQLite: read once when small
        assert keys == ({"BP-1"}, {"4006633112233", "X-1", "X-2"})
        assert parts.keys_on_file(owner, 2) is None  # too many to read


def test_counts_book_only_the_differences_on_the_ledger(owner):
    pads = make_part(owner, "BP-1", "Brake pads")
    wiper = make_part(owner, "WI-1", "Wiper")
    stock.record_movement(owner, pads.id, "receipt", 4, unit_cost="4.00")
    differences = stock.record_counts(owner, [(pads.id, Decimal(4)), (wiper.id, Decimal(2))],
                                      reference="Count sheet", reason="Counted")
    assert differences == [Decimal(0), Decimal(2)]
    moved = [(m.part_id, m.kind, m.quantity, m.reference) for m in StockMovement.select()
             .where(StockMovement.kind == "stocktake")]
    assert moved == [(wiper.id, "stocktake", Decimal("2.000"), "Count sheet")]
    assert Part.get_by_id(wiper.id).on_hand == Decimal(2)
