"""Receiving: an unknown scanned code offers to create the part or link the code to one (as
the parts list does), and the clerk may change a line's unit cost for the delivery."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from shopdesk.gui.parts.order_dialog import OrderDialog
from shopdesk.models.parts import Part, PartBarcode, StockMovement
from shopdesk.services.stock import parts, purchasing, stock
from tests.helpers.parts import make_part, make_supplier


def _scan(qtbot, dialog: OrderDialog, code: str) -> None:
    qtbot.keyClicks(dialog.scan, code)
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)


def _placed_order(owner, *lines):
    acme = make_supplier(owner)
    order = purchasing.create_order(owner, acme.id, list(lines))
    purchasing.place_order(owner, order.id)
    return order


def test_unknown_code_at_receiving_is_linked_to_the_ordered_part_and_counted(
        qtbot, make_window, owner, monkeypatch):
    part = make_part(owner)
    order = _placed_order(owner, (part.id, 3, "4.00"))
    window = make_window(owner)
    dialog = OrderDialog(window.context, order.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.link_button.isVisible()
    _scan(qtbot, dialog, "4006381333931")  # the supplier's box has a code we do not know
    assert dialog.error.text() == f"4006381333931 is not on {order.number}"
    assert dialog.link_button.isVisible() and dialog.create_button.isVisible()
    assert "4006381333931" in dialog.unknown_label.text()
    offered: list[str] = []
    monkeypatch.setattr(dialog, "ask_link_target",
                        lambda code: offered.append(code) or "of-100")
    dialog.link_button.click()
    assert offered == ["4006381333931"]
    assert PartBarcode.get(PartBarcode.code == "4006381333931").part_id == part.id
    assert dialog.receiving == {dialog.lines[0].id: Decimal(1)}  # the scan counted
    assert not dialog.link_button.isVisible() and dialog.error.text() == ""
    _scan(qtbot, dialog, "4006381333931")  # the next box is found at once
    assert dialog.receiving == {dialog.lines[0].id: Decimal(2)}


def test_unknown_code_on_a_draft_creates_the_part_and_adds_it(qtbot, make_window, owner,
                                                              monkeypatch):
    acme = make_supplier(owner)
    order = purchasing.create_order(owner, acme.id, [])
    window = make_window(owner)
    dialog = OrderDialog(window.context, order.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _scan(qtbot, dialog, "5012345678900")
    assert dialog.error.text() == "No part has the code 5012345678900"

    from shopdesk.gui.parts import part_dialog

    def fill_and_save(self) -> int:
        assert self.barcodes.text().strip() == "5012345678900"  # the code is filled in
        self.sku.setText("WB-450")
        self.name.setText("Wiper blade 450 mm")
        self.cost.setText("3.10")
        self.retail.setText("8.50")
        self.save()
        return int(self.result())

    monkeypatch.setattr(part_dialog.PartDialog, "exec", fill_and_save)
    created = dialog.create_part()
    assert created is not None and created.sku == "WB-450"
    lines = purchasing.order_lines(owner, order.id)
    assert [(ln.part.sku, ln.quantity) for ln in lines] == [("WB-450", Decimal(1))]
    assert parts.find_by_code(owner, "5012345678900").id == created.id


def test_clerk_changes_a_lines_unit_cost_and_average_cost_follows(qtbot, make_window, owner,
                                                                  monkeypatch):
    part = make_part(owner, barcodes=["555"])
    stock.record_movement(owner, part, "receipt", 10, "4.00")
    order = _placed_order(owner, (part.id, 10, "4.00"))
    window = make_window(owner)
    dialog = OrderDialog(window.context, order.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cost_button.isVisible()
    for _ in range(2):
        _scan(qtbot, dialog, "555")
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "ask_unit_cost", lambda sku, current: "abc")
    dialog.cost_button.click()
    assert "not an amount" in dialog.error.text() and not dialog.costs
    monkeypatch.setattr(dialog, "ask_unit_cost", lambda sku, current: "0")
    dialog.cost_button.click()
    assert "more than zero" in dialog.error.text() and not dialog.costs
    monkeypatch.setattr(dialog, "ask_unit_cost", lambda sku, current: "5.50")
    dialog.cost_button.click()
    assert dialog.model.row(0)[5] == "$5.50 (ordered at $4.00)"
    dialog.book_button.click()
    assert dialog.error.text() == ""
    after = Part.get_by_id(part.id)
    assert after.on_hand == Decimal(12)
    assert after.cost == Decimal("4.25")  # (10 x 4.00 + 2 x 5.50) / 12
    receipt = StockMovement.select().order_by(StockMovement.id.desc()).get()
    assert receipt.unit_cost == Decimal("5.50")
    assert dialog.model.row(0)[5] == "$4.00" and not dialog.costs  # next delivery: as ordered


def test_an_unusual_cost_asks_before_booking(qtbot, make_window, owner, monkeypatch):
    part = make_part(owner, barcodes=["555"])
    stock.record_movement(owner, part, "receipt", 10, "4.00")
    order = _placed_order(owner, (part.id, 5, "4.00"))
    window = make_window(owner)
    dialog = OrderDialog(window.context, order.id, window)
    qtbot.addWidget(dialog)
    _scan(qtbot, dialog, "555")
    dialog.table.selectRow(0)
    monkeypatch.setattr(dialog, "ask_unit_cost", lambda sku, current: "400.00")
    dialog.cost_button.click()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "ask_confirm_cost", lambda message: asked.append(message))
    dialog.book_button.click()  # the clerk says no: nothing booked
    assert asked and "far from its average cost" in asked[0]
    assert "far from its average cost" in dialog.error.text()
    assert Part.get_by_id(part.id).on_hand == Decimal(10)
    monkeypatch.setattr(dialog, "ask_confirm_cost", lambda message: True)
    dialog.book_button.click()
    assert Part.get_by_id(part.id).on_hand == Decimal(11)
