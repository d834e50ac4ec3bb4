"""Parts that come back (a customer return on a credit note, an unused part from a repair
order) go back into stock at the part's average cost, so the ledger's value is the stock
value — never the price they were sold at."""

from __future__ import annotations

from decimal import Decimal

import peewee

from shopdesk.models.parts import MovementKind, Part, StockMovement
from shopdesk.services import integrity
from shopdesk.services.sales import credit_notes, invoices
from shopdesk.services.stock import stock
from shopdesk.services.workshop import repair_orders, workshop_parts
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.invoices import customer_with_car, stocked_part, workshop_invoice
from tests.helpers.workshop import workshop


def _ledger_value(part_id: int) -> Decimal:
    """Sum of quantity x unit cost over the part's movements (money, exact)."""
    return sum((m.quantity * m.unit_cost for m in
                StockMovement.select().where(StockMovement.part == part_id)), Decimal(0))


def test_customer_return_goes_back_at_average_cost_not_the_selling_price(owner):
    part = stocked_part(owner)  # 20 at 4.00, sold at 9.99
    customer, vehicle = customer_with_car(owner)
    invoice = workshop_invoice(owner, customer.id, vehicle.id, part.id)  # sells 2
    stock.record_movement(owner, part, MovementKind.RECEIPT, 18, "6.00")  # 18@4 + 18@6
    average = Part.get_by_id(part.id).cost
    assert average == Decimal("5.00")
    line = invoices.lines_of(owner, invoice)[0]
    assert line.unit_price == Decimal("9.99")
    credit_notes.issue_credit_note(owner, invoice.id, "Not needed", {line.id: 2})
    back = (StockMovement.select().where((StockMovement.part == part.id) & (
        StockMovement.kind == MovementKind.CUSTOMER_RETURN.value)).get())
    assert (back.quantity, back.unit_cost) == (Decimal("2"), average)
    after = Part.get_by_id(part.id)
    assert after.on_hand == Decimal("38") and after.cost == average  # a return is no receipt
    valuation = stock.valuation(owner)
    assert valuation.total == Decimal("190.00")  # 38 x 5.00
    # the ledger's movements out and back in cancel at the same cost
    sale = (StockMovement.select(peewee.fn.SUM(StockMovement.quantity))
            .where((StockMovement.part == part.id)
                   & (StockMovement.kind == MovementKind.SALE.value)).scalar())
    assert sale == -2000  # thousandths: two out, two back
    assert _ledger_value(part.id) == Decimal("20") * 4 + Decimal("18") * 6 - 2 * Decimal(
        "4.00") + 2 * average


def test_unused_part_goes_back_from_a_repair_order_as_a_repair_order_return(owner, clerk, db):
    shop = workshop(owner)
    repair_orders.set_options(owner, parts_leave_stock="fitted")
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    line = repair_orders.add_line(clerk, order.id, LineInput("part", part_id=shop.oil.id,
                                                             quantity=5))
    repair_orders.record_approval(clerk, order.id)
    workshop_parts.fit(clerk, line.id)
    workshop_parts.return_unused(clerk, line.id, "1.5")
    moves = list(StockMovement.select().where(StockMovement.reference == order.number)
                 .order_by(StockMovement.id))
    assert [(m.kind, m.quantity) for m in moves] == [
        ("repair_use", Decimal("-5")), ("repair_return", Decimal("1.5"))]
    assert moves[1].unit_cost == Part.get_by_id(shop.oil.id).cost  # back at average cost
    assert stock.LABELS[MovementKind.REPAIR_RETURN] == "Repair-order return"
    assert not [f for f in integrity.run_checks(db) if f.check.startswith("repair")]
    # cancelling puts the rest back the same way
    repair_orders.cancel_order(clerk, order.id, "customer changed their mind")
    kinds = [m.kind for m in StockMovement.select().where(
        StockMovement.reference == order.number).order_by(StockMovement.id)]
    assert kinds == ["repair_use", "repair_return", "repair_return"]
    assert Part.get_by_id(shop.oil.id).on_hand == Decimal("20")
    assert stock.ledger_on_hand(owner, shop.oil.id) == Decimal("20")


def test_check_reports_more_back_from_a_repair_order_than_went_out(owner, db):
    part = stocked_part(owner)
    stock.record_movement(owner, part, MovementKind.REPAIR_USE, 1, reference="RO-00077")
    stock.record_movement(owner, part, MovementKind.REPAIR_RETURN, 3, reference="RO-00077")
    faults = [str(f) for f in integrity.run_checks(db) if f.check == "repair-order returns"]
    assert faults == ["repair-order returns: RO-00077: 3 of part OF-100 came back but only 1 "
                      "went out to it"]
