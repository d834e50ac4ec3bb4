"""The parts list shows what open repair orders have reserved and what is still available
(on hand less reserved), from one grouped subquery."""

from __future__ import annotations

from decimal import Decimal

from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.stock.parts_lists import parts_list
from shopdesk.services.workshop import repair_orders, workshop_parts
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


def _row(source, sku: str) -> dict[str, object]:
    keys = [c.key for c in source.columns]
    row = next(r for r in source.page(0, 50) if r[0] == sku)
    return dict(zip(keys, row[:-1], strict=True))


def test_reserved_and_available_follow_open_repair_orders(owner, clerk):
    shop = workshop(owner)  # 5 oil filters, 20 litres of oil
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    filters = repair_orders.add_line(clerk, order.id, LineInput(
        LineKind.PART, part_id=shop.oil_filter.id, quantity=2))
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART, part_id=shop.oil.id,
                                                      quantity="4.5"))
    other = repair_orders.open_order(clerk, shop.vehicle_id)
    declined = repair_orders.add_line(clerk, other.id, LineInput(
        LineKind.PART, part_id=shop.oil.id, quantity=3))
    repair_orders.add_line(clerk, other.id, LineInput(LineKind.LABOUR, "Check", "0.5", "80"))
    repair_orders.record_approval(clerk, other.id, declined={declined.id})  # not reserved

    row = _row(parts_list(owner), "OIL-5W30")
    assert (row["on_hand"], row["reserved"], row["available"]) == (
        Decimal("20"), Decimal("4.5"), Decimal("15.5"))
    assert workshop_parts.reserved(owner, [shop.oil.id]) == {shop.oil.id: row["reserved"]}
    row = _row(parts_list(owner), shop.oil_filter.sku)
    assert (row["reserved"], row["available"]) == (Decimal("2"), Decimal("3"))

    # the job is done: the parts left stock, nothing is reserved any more
    repair_orders.record_approval(clerk, order.id)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    row = _row(parts_list(owner), shop.oil_filter.sku)
    assert (row["on_hand"], row["reserved"], row["available"]) == (
        Decimal("3"), Decimal("0"), Decimal("3"))
    assert filters.id  # the line stays on the order


def test_the_list_sorts_by_available(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART, part_id=shop.oil.id,
                                                      quantity=18))
    source = parts_list(owner)
    source.sort_by("available")
    assert [r[0] for r in source.page(0, 50)] == [shop.oil.sku, shop.oil_filter.sku]  # 2, 5
    source.sort_by("reserved", descending=True)
    assert source.page(0, 1)[0][0] == shop.oil.sku
