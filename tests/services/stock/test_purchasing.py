"""Purchase orders: draft → ordered → partly received → received; returns; reorder suggestions."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from shopdesk import db as database
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.models.parts import GoodsReceipt, OrderStatus, Part, StockMovement
from shopdesk.services import integrity
from shopdesk.services.stock import purchasing, stock
from tests.helpers.parts import make_part, make_supplier


def ordered(owner, qty=10, cost="4.00"):
    acme = make_supplier(owner)
    part = make_part(owner, supplier=acme.id, cost="4.00")
    order = purchasing.create_order(owner, acme.id, [(part.id, qty, cost)])
    purchasing.place_order(owner, order.id)
    return acme, part, order, purchasing.order_lines(owner, order.id)[0]


def test_partial_then_full_receipt_updates_stock_cost_and_status(owner, clerk, db):
    stock.record_movement(owner, make_part(owner, "X", "x"), "receipt", 1, "1.00")
    _acme, part, order, line = ordered(owner, 10, "5.00")
    stock.record_movement(owner, part, "receipt", 10, "4.00")  # 10 in stock at 4.00
    result = purchasing.receive(clerk, order.id, {line.id: 4}, "INV-88123")
    assert result.status is OrderStatus.PARTLY_RECEIVED
    assert purchasing.get_order(owner, order.id).status == "partly_received"
    assert purchasing.on_order(owner, part.id) == Decimal(6)  # back-order stays open
    got = Part.get_by_id(part.id)
    assert got.on_hand == 14 and got.cost == Decimal("4.29")  # (40 + 20) / 14
    assert GoodsReceipt.get_by_id(result.receipt_id).supplier_invoice == "INV-88123"
    move = StockMovement.select().order_by(StockMovement.id.desc()).first()
    assert move.reference == f"{order.number} / inv INV-88123" and move.username == "carl"
    purchasing.receive(clerk, order.id, {line.id: "6"}, "INV-88190")
    assert purchasing.get_order(owner, order.id).status == "received"
    assert Part.get_by_id(part.id).on_hand == 20
    assert integrity.run_checks(db) == []


def test_receiving_more_than_ordered_posts_nothing(owner):
    _acme, part, order, line = ordered(owner, 5)
    with pytest.raises(ValidationError, match=r"Only 5\.000 of OF-100 still to receive"):
        purchasing.receive(owner, order.id, {line.id: 6})
    with pytest.raises(ValidationError, match="not a number"):
        purchasing.receive(owner, order.id, {line.id: "five"})
    with pytest.raises(ValidationError, match="cannot be negative"):
        purchasing.receive(owner, order.id, {line.id: -1})
    with pytest.raises(ValidationError, match="must be more than zero"):
        purchasing.receive(owner, order.id, {line.id: 1}, unit_costs={line.id: "0"})
    assert StockMovement.select().count() == 0 and GoodsReceipt.select().count() == 0
    assert Part.get_by_id(part.id).on_hand == 0


def test_a_draft_cannot_be_received_and_a_sent_order_cannot_change(owner):
    acme = make_supplier(owner)
    part = make_part(owner)
    order = purchasing.create_order(owner, acme.id)
    with pytest.raises(ValidationError, match="no lines"):
        purchasing.place_order(owner, order.id)
    line = purchasing.add_line(owner, order.id, part.id, 3)
    with pytest.raises(ValidationError, match="only an ordered purchase order"):
        purchasing.receive(owner, order.id, {line.id: 1})
    purchasing.place_order(owner, order.id)
    with pytest.raises(ValidationError, match="only a draft can change"):
        purchasing.add_line(owner, order.id, part.id, 1)
    purchasing.cancel_order(owner, order.id)
    assert purchasing.on_order(owner, part.id) == 0


def test_scanning_finds_the_line_by_barcode_or_sku(owner):
    acme = make_supplier(owner)
    part = make_part(owner, barcodes=["5012345678900"])
    order = purchasing.create_order(owner, acme.id, [(part.id, 2, None)])
    assert purchasing.line_for_code(owner, order.id, "5012345678900").part.sku == "OF-100"
    assert purchasing.line_for_code(owner, order.id, "of-100").part_id == part.id
    assert purchasing.line_for_code(owner, order.id, "nope") is None


def test_two_people_receiving_the_same_order_at_once_count_it_once(owner, db_url):
    _acme, part, order, line = ordered(owner, 10)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def desk() -> None:
        barrier.wait()
        try:
            purchasing.receive(owner, order.id, {line.id: 10}, "INV-1")
            outcomes.append("booked")
        except ShopDeskError as exc:
            outcomes.append(str(exc))
        finally:
            database.database_proxy.obj.close()  # this thread's connection

    threads = [threading.Thread(target=desk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert outcomes.count("booked") == 1 and len(outcomes) == 2
    refused = next(o for o in outcomes if o != "booked")
    assert "Only 0.000 of OF-100 still to receive" in refused or \
        "PO-00001 is Received; only an ordered purchase order can be received" in refused
    assert Part.get_by_id(part.id).on_hand == 10
    assert GoodsReceipt.select().count() == 1


def test_return_to_supplier_lowers_stock_at_average_cost(owner):
    acme, part, order, line = ordered(owner, 4)
    purchasing.receive(owner, order.id, {line.id: 4})
    with pytest.raises(ValidationError, match="Say why"):
        purchasing.return_to_supplier(owner, part.id, 1, acme.id, "")
    move = purchasing.return_to_supplier(owner, part.id, 1, acme.id, "Faulty seal", "RMA-5")
    assert move.quantity == -1 and move.unit_cost == Decimal("4.00")
    assert move.reference == "to Acme Parts / RMA-5"
    assert Part.get_by_id(part.id).on_hand == 3


def test_reorder_suggestions_net_of_on_order_into_drafts_by_supplier(owner):
    acme = make_supplier(owner)
    bolt = make_supplier(owner, "Bolt Supply", lead_time_days=0)
    a = make_part(owner, "A", "Air filter", supplier=acme.id, reorder_point=5, reorder_qty=12)
    b = make_part(owner, "B", "Brake fluid", supplier=bolt.id, reorder_point=2, reorder_qty=1,
                  unit="litre")
    c = make_part(owner, "C", "Cabin filter", supplier=acme.id, reorder_point=4, reorder_qty=6)
    make_part(owner, "D", "Dipstick", supplier=acme.id)  # no reorder point: never suggested
    stock.record_movement(owner, b, "receipt", 30, "3.00")
    stock.record_movement(owner, b, "sale", 28)  # 28 sold in 90 days: velocity 28/90 x 30 days
    stock.record_movement(owner, c, "receipt", 1, "4.00")
    purchasing.create_order(owner, acme.id, [(c.id, 6, None)])  # C is already on order
    found = {s.sku: s for s in purchasing.reorder_suggestions(owner)}
    assert set(found) == {"A", "B"}
    assert (found["A"].suggested, found["A"].basis) == (Decimal(12), "reorder quantity")
    assert found["B"].suggested == Decimal(10) and found["B"].basis.startswith("sold 28")
    orders = purchasing.drafts_from_suggestions(owner, [(a.id, 12), (b.id, "10")])
    assert [(o.supplier.name, o.status) for o in orders] == [
        ("Acme Parts", "draft"), ("Bolt Supply", "draft")]
    assert [(ln.part.sku, ln.quantity) for ln in purchasing.order_lines(owner, orders[0].id)] == [
        ("A", 12)]
    assert purchasing.reorder_suggestions(owner) == []  # now on order


def test_suggestions_need_a_supplier_to_become_orders(owner):
    part = make_part(owner, reorder_point=1)
    with pytest.raises(ValidationError, match="No supplier set for OF-100"):
        purchasing.drafts_from_suggestions(owner, [(part.id, 1)])
