"""The stock ledger: every movement kind, on-hand = sum of movements, average cost, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.audit import AuditEntry
from shopdesk.models.parts import MovementKind, Part, StockMovement
from shopdesk.services import integrity
from shopdesk.services.shop import settings
from shopdesk.services.stock import stock
from tests.helpers.parts import make_part


def on_hand(part: Part) -> Decimal:
    return Part.get_by_id(part.id).on_hand


def test_every_movement_kind_moves_stock_the_right_way(owner, clerk):
    part = make_part(owner, cost="0")
    stock.record_movement(clerk, part, MovementKind.RECEIPT, 10, "4.00", "PO-1")
    stock.record_movement(clerk, part, MovementKind.SALE, 2, reference="INV-1")
    stock.record_movement(clerk, part, MovementKind.REPAIR_USE, "1", reference="RO-7")
    stock.record_movement(clerk, part, MovementKind.CUSTOMER_RETURN, 1, reference="CN-1")
    stock.record_movement(clerk, part, MovementKind.SUPPLIER_RETURN, 3, reference="faulty")
    stock.record_movement(clerk, part, MovementKind.ADJUSTMENT, -1, reason="dropped, broken")
    stock.record_movement(clerk, part, MovementKind.STOCKTAKE, "0.5")
    assert on_hand(part) == Decimal("4.500")
    assert stock.ledger_on_hand(owner, part) == Decimal("4.5")
    kinds = [(m.kind, m.quantity) for m in StockMovement.select().order_by(StockMovement.id)]
    assert kinds == [("receipt", 10), ("sale", -2), ("repair_use", -1), ("customer_return", 1),
                     ("supplier_return", -3), ("adjustment", -1), ("stocktake", Decimal("0.5"))]
    sale = StockMovement.get(StockMovement.kind == "sale")
    assert sale.username == "carl" and sale.unit_cost == Decimal("4.00")
    assert AuditEntry.select().where(AuditEntry.action.startswith("stock ")).count() == 7
    assert integrity.run_checks(Part._meta.database) == []


def test_receipts_move_the_average_cost(owner):
    part = make_part(owner, cost="0")
    stock.record_movement(owner, part, "receipt", 10, "4.00")
    stock.record_movement(owner, part, "receipt", 5, "5.50")
    # (10 x 4.00 + 5 x 5.50) / 15 = 4.50
    assert Part.get_by_id(part.id).cost == Decimal("4.50")
    stock.record_movement(owner, part, "sale", 15)
    stock.record_movement(owner, part, "receipt", 2, "6.00")  # nothing left: takes the new cost
    assert Part.get_by_id(part.id).cost == Decimal("6.00")


def test_litres_are_exact(owner):
    oil = make_part(owner, "OIL-5W30", "Engine oil 5W-30", unit="litre", cost="0")
    stock.record_movement(owner, oil, "receipt", "208", "6.10")
    for _ in range(10):
        stock.record_movement(owner, oil, "repair_use", "4.3")
    assert on_hand(oil) == Decimal("165.000")
    assert stock.valuation(owner).total == Decimal("1006.50")


def test_negative_stock_is_blocked_unless_the_shop_allows_it(owner):
    part = make_part(owner)
    stock.record_movement(owner, part, "receipt", 1, "4.00")
    with pytest.raises(ValidationError, match="Only 1 piece of OF-100 in stock"):
        stock.record_movement(owner, part, "sale", 2)
    assert on_hand(part) == 1 and StockMovement.select().count() == 1
    shop = settings.get_settings()
    settings.update_settings(owner, shop.version, allow_negative_stock=True)
    stock.record_movement(owner, part, "sale", 2)
    assert on_hand(part) == -1


@pytest.mark.parametrize(("kind", "qty", "cost", "reason", "message"), [
    ("receipt", "abc", "4.00", "", "not a number"),
    ("receipt", "1.2345", "4.00", "", "not a number"),
    ("sale", -1, None, "", "more than zero"),
    ("receipt", 1, "0", "", "must be more than zero"),
    ("receipt", 1, "-2", "", "must be more than zero"),
    ("receipt", 1, "250000", "", "not believable"),
    ("receipt", 1, "900", "", "far from its average cost"),
    ("receipt", 1, None, "", "needs its unit cost"),
    ("adjustment", 1, None, " ", "Say why"),
    ("adjustment", 0, None, "x", "zero changes nothing"),
    ("teleport", 1, None, "", "Unknown stock movement"),
])
def test_bad_movements_are_refused_and_nothing_is_posted(owner, kind, qty, cost, reason,
                                                          message):
    part = make_part(owner)
    with pytest.raises(ValidationError, match=message):
        stock.record_movement(owner, part, kind, qty, cost, reason=reason)
    assert StockMovement.select().count() == 0 and on_hand(part) == 0
    assert Part.get_by_id(part.id).cost == Decimal("4.00")


def test_an_unusual_cost_can_be_confirmed(owner):
    part = make_part(owner)
    stock.record_movement(owner, part, "receipt", 1, "900", confirm_cost=True)
    assert Part.get_by_id(part.id).cost == Decimal("900.00")


def test_roles(owner, technician):
    part = make_part(owner)
    with pytest.raises(AccessDenied):
        stock.record_movement(technician, part, "receipt", 1, "4.00")
    with pytest.raises(AccessDenied):
        stock.record_movement(technician, part, "sale", 1)


def test_check_finds_a_cache_that_differs_from_the_ledger(owner, db):
    part = make_part(owner)
    stock.record_movement(owner, part, "receipt", 3, "4.00")
    Part.update(on_hand=Decimal(5)).where(Part.id == part.id).execute()  # a bug elsewhere
    faults = [str(f) for f in integrity.run_checks(db)]
    assert faults == ["stock: part OF-100 shows 5.000 on hand but its movements add up to 3.000"]


def test_valuation_by_category_to_the_cent(owner):
    a = make_part(owner, "A1", "Brake pad set", category="Brakes", cost="0")
    b = make_part(owner, "B1", "Wiper blade", category="Wipers", cost="0")
    c = make_part(owner, "C1", "Rotor", category="Brakes", cost="0")
    stock.record_movement(owner, a, "receipt", 3, "21.33")
    stock.record_movement(owner, b, "receipt", "2.5", "3.33")
    stock.record_movement(owner, c, "receipt", 1, "40.00")
    result = stock.valuation(owner)
    assert result.by_category == [("Brakes", 2, Decimal("103.99")),
                                  ("Wipers", 1, Decimal("8.33"))]
    assert result.total == Decimal("112.32") and result.parts == 3
