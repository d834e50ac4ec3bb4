"""The parts catalogue: parts, barcodes, supplier numbers, audited prices, scans."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ConflictError, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import Part, PartBarcode
from shopdesk.services.stock import parts, stock
from shopdesk.services.stock.parts_lists import StockFilter, parts_list
from tests.helpers.parts import make_part, make_supplier


def test_create_part_with_barcodes_and_find_it_by_scan_or_sku(owner):
    part = make_part(owner, "bp-204", "Brake pads front", brand="Brembo", unit="set",
                     barcodes=["4006633312345", "BP204X"], bin_location="A-03")
    assert part.sku == "BP-204"
    assert parts.find_by_code(owner, "4006633312345").id == part.id
    assert parts.find_by_code(owner, " BP204X ").id == part.id
    assert parts.find_by_code(owner, "bp-204").id == part.id  # typed SKU, any case
    assert parts.find_by_code(owner, "999") is None
    assert parts.barcodes_of(owner, part.id) == ["4006633312345", "BP204X"]


@pytest.mark.parametrize(("values", "message"), [
    ({"sku": "has space"}, "letters, digits"),
    ({"name": "  "}, "needs a name"),
    ({"cost": "abc"}, "is not an amount of money"),
    ({"retail_price": "-1"}, "Cannot be negative"),
    ({"reorder_point": "x"}, "not a number"),
    ({"tax_code": "NOPE"}, "No tax class"),
])
def test_bad_part_details_are_refused(owner, values, message):
    fields = {"sku": "X1", "name": "Thing"} | values
    with pytest.raises(ValidationError, match=message):
        parts.create_part(owner, **fields)
    assert Part.select().count() == 0


def test_duplicate_sku_and_barcode_are_refused(owner):
    a = make_part(owner, "A1", barcodes=["111"])
    with pytest.raises(ValidationError, match="SKU A1 is already used"):
        make_part(owner, "a1")
    b = make_part(owner, "B1")
    with pytest.raises(ValidationError, match=r"Barcode 111 is already on part A1 \(Oil filter\)"):
        parts.add_barcode(owner, b.id, "111")
    with pytest.raises(ValidationError, match="is the SKU of part A1"):
        parts.add_barcode(owner, b.id, "a1")
    assert PartBarcode.select().where(PartBarcode.part == b.id).count() == 0
    with pytest.raises(ValidationError, match="111 is another part's barcode"):
        make_part(owner, "111")
    assert parts.find_by_code(owner, "111").id == a.id


def test_price_changes_are_audited_and_need_the_right(owner, clerk):
    part = make_part(owner)
    with pytest.raises(AccessDenied):
        parts.update_part(clerk, part.id, part.version, retail_price="12.00")
    parts.update_part(clerk, part.id, part.version, bin_location="B-7")  # not a price: fine
    part = parts.get_part(owner, part.id)
    parts.update_part(owner, part.id, part.version, retail_price="11.49")
    entry = AuditEntry.select().where(AuditEntry.action == "price change").get()
    assert entry.username == "olivia"
    assert '"retail_price": "9.99"' in entry.before and '"retail_price": "11.49"' in entry.after


def test_stale_edit_is_refused(owner):
    part = make_part(owner)
    parts.update_part(owner, part.id, part.version, name="Oil filter (long)")
    with pytest.raises(ConflictError):
        parts.update_part(owner, part.id, part.version, name="Oil filter (short)")
    assert parts.get_part(owner, part.id).name == "Oil filter (long)"


def test_bulk_price_update_by_brand_rounds_each_price_half_up(owner):
    make_part(owner, "M1", "Filter", brand="Mann", retail_price="9.99")
    make_part(owner, "M2", "Filter XL", brand="Mann", retail_price="10.05")
    make_part(owner, "B1", "Filter", brand="Bosch", retail_price="9.99")
    changed = parts.bulk_price_update(owner, "7.5", brand="Mann")
    assert changed == 2
    prices = dict(Part.select(Part.sku, Part.retail_price).tuples())
    # 9.99 x 1.075 = 10.73925 -> 10.74; 10.05 x 1.075 = 10.80375 -> 10.80
    assert prices == {"M1": Decimal("10.74"), "M2": Decimal("10.80"), "B1": Decimal("9.99")}
    assert AuditEntry.select().where(AuditEntry.action == "price change").count() == 2
    with pytest.raises(ValidationError, match="brand or a category"):
        parts.bulk_price_update(owner, 5)


def test_supplier_numbers(owner):
    part = make_part(owner)
    acme = make_supplier(owner)
    parts.set_supplier_number(owner, part.id, acme.id, "ACM-77812")
    assert parts.supplier_number(owner, part.id, acme.id) == "ACM-77812"
    parts.set_supplier_number(owner, part.id, acme.id, "ACM-9")
    assert parts.supplier_number(owner, part.id, acme.id) == "ACM-9"


def test_parts_list_filters_low_and_negative_stock(owner):
    from shopdesk.services.shop import settings
    settings.update_settings(owner, settings.get_settings().version, allow_negative_stock=True)
    low = make_part(owner, "LOW", "Spark plug", reorder_point=5)
    fine = make_part(owner, "FINE", "Spark plug iridium", reorder_point=2)
    neg = make_part(owner, "NEG", "Bulb H7")
    stock.record_movement(owner, fine, "receipt", 10, "4.00")
    stock.record_movement(owner, low, "receipt", 3, "4.00")
    stock.record_movement(owner, neg, "sale", 2)
    skus = lambda lst: [r[0] for r in lst.page(0, 50)]  # noqa: E731
    assert skus(parts_list(owner)) == ["FINE", "LOW", "NEG"]
    assert skus(parts_list(owner, stock_filter=StockFilter.LOW)) == ["LOW"]
    negative = parts_list(owner, stock_filter="negative")
    assert skus(negative) == ["NEG"]
    assert negative.row_styles(negative.page(0, 1)[0][:-1]) == "danger"  # flagged red
    assert skus(parts_list(owner, "spark")) == ["FINE", "LOW"]
    parts.archive_part(owner, low.id)
    assert skus(parts_list(owner, "spark")) == ["FINE"]
    assert skus(parts_list(owner, stock_filter="archived")) == ["LOW"]
