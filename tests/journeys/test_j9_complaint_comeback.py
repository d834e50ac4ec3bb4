"""J9: a complaint about a comeback. From the front desk, with the keyboard only: the customer
found by the last digits of the phone (Ctrl+K), a complaint opened on their file linked by the
invoice number printed on their copy, a warranty repair order that redoes the brake job at no
charge (the comeback machinery books its cost as warranty cost), and the complaint resolved
with the customer's satisfaction. In a US shop in English and a Chinese shop in Chinese.

12 control keys: Ctrl+K, Enter, Alt+P, Alt+C, Alt+I, Enter, Alt+Y, Enter, Ctrl+2, Alt+S, Tab,
Enter (budget 14)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from shopdesk.gui.counter.warranty_order_dialog import WarrantyOrderDialog
from shopdesk.gui.customers.crm_dialogs import ComplaintDialog, ResolveDialog
from shopdesk.models.crm import Complaint
from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.models.warranty import WarrantyLine
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.counter import comebacks
from shopdesk.services.workshop import repair_orders
from tests.journeys.crm_shops import Comeback, invoiced_brake_job
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal

BUDGET = 14


def script(keys: Keys, main, situation: Comeback):
    # find the customer: the search box (Ctrl+K), the phone's last digits, Enter opens the file
    yield keys.press(Qt.Key.Key_K, CTRL)
    yield keys.type(situation.find_typed)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: "customers" in main.screens
                     and main.screens["customers"].file_view.isVisible()
                     and main.screens["customers"].file_view.customer_id
                     == situation.customer_id, "the customer's file")
    file = main.screens["customers"].file_view
    # the Complaints tab (Alt+P), Open complaint (Alt+C): subject, the printed invoice number
    yield keys.press(Qt.Key.Key_P, ALT)
    yield keys.until(lambda: file.tabs.currentWidget() is file.complaints, "the complaints")
    yield keys.press(Qt.Key.Key_C, ALT)
    yield keys.until(lambda: modal(ComplaintDialog), "the complaint dialog")
    dialog = modal(ComplaintDialog)
    assert dialog.windowTitle() == situation.words["complaint"]
    yield keys.type(situation.subject)  # the first field has the keyboard
    assert dialog.subject.text() == situation.subject
    yield keys.press(Qt.Key.Key_I, ALT)
    yield keys.type(situation.invoice_number)
    assert dialog.invoice.text() == situation.invoice_number
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(ComplaintDialog) is None and file.complaints.ids,
                     "the complaint on the file")
    assert file.complaints.model.row(0)[1] == situation.subject
    # a warranty repair order for it (Alt+Y): the brake job redone at no charge
    yield keys.press(Qt.Key.Key_Y, ALT)
    yield keys.until(lambda: modal(WarrantyOrderDialog), "the warranty order dialog")
    warranty = modal(WarrantyOrderDialog)
    assert warranty.windowTitle() == situation.words["warranty"]
    assert situation.words["under warranty"] in warranty.about.text()
    assert warranty.concerns.text() == situation.subject
    assert situation.original_number in warranty.about.text()
    assert situation.invoice_number in warranty.about.text()
    assert warranty.redo.count() == len(situation.lines) and len(warranty.chosen()) == 2
    yield keys.type(str(situation.odometer))
    assert warranty.odometer.text() == str(situation.odometer)
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(WarrantyOrderDialog) is None
                     and main.current_key() == "repair_orders"
                     and main.screens["repair_orders"].editor.order is not None
                     and main.screens["repair_orders"].editor.order.id != situation.original_id,
                     "the warranty order in the editor")
    editor = main.screens["repair_orders"].editor
    assert situation.original_number in editor.comeback_panel.label.text()
    # back to the file (Ctrl+2): Resolve (Alt+S), what was done, Tab, "4" satisfied, Enter
    yield keys.press(Qt.Key.Key_2, CTRL)
    yield keys.press(Qt.Key.Key_S, ALT)
    yield keys.until(lambda: modal(ResolveDialog), "the resolve dialog")
    resolve = modal(ResolveDialog)
    assert resolve.windowTitle() == situation.words["resolve"] + situation.subject
    yield keys.type(situation.resolution)
    assert resolve.resolution.toPlainText() == situation.resolution
    yield keys.press(Qt.Key.Key_Tab)
    assert focused() is resolve.satisfaction
    yield keys.type("4")
    assert resolve.satisfaction.currentData() == 4
    assert resolve.satisfaction.currentText() == situation.words["satisfied"]
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(ResolveDialog) is None, "resolved")


def test_a_complaint_about_a_comeback_is_put_right_at_no_charge(qtbot, shop, window):
    situation = invoiced_brake_job(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, situation))
    assert keys.control <= BUDGET, keys.log

    # the complaint: linked by the printed invoice number (and so to its repair order),
    # resolved with the customer's satisfaction
    [complaint] = Complaint.select()
    assert (complaint.customer_id, complaint.subject) == (situation.customer_id,
                                                          situation.subject)
    assert (complaint.invoice_id, complaint.repair_order_id) == (situation.invoice_id,
                                                                 situation.original_id)
    assert (complaint.status, complaint.satisfaction) == ("resolved", 4)
    assert complaint.resolution == situation.resolution
    # the warranty repair order: a comeback of the original, the work redone at no charge
    [order] = RepairOrder.select().where(RepairOrder.id != situation.original_id)
    assert order.vehicle_id == situation.vehicle_id and order.odometer == situation.odometer
    assert order.concerns == situation.subject and order.status == Status.APPROVED
    assert comebacks.of_order(main.context.actor, order.id).original_id == situation.original_id
    lines = repair_orders.lines_of(COMMAND_LINE, order)
    assert [li.description for li in lines] == situation.lines
    assert all(li.unit_price == 0 and li.approval == "approved" for li in lines)
    assert repair_orders.totals(COMMAND_LINE, order.id).approved == Decimal("0.00")
    # its cost is recorded as warranty cost: the pads at cost, the hours at the cost rate
    costs = [comebacks.line_cost(shop.owner, li, WarrantyLine.get(WarrantyLine.line == li.id))
             for li in lines]
    assert costs == [situation.labour_cost, situation.parts_cost]
    cover = comebacks.cover(main.context.actor, order.id)
    assert cover.covered and cover.original.id == situation.original_id
    # what the window shows: the file's complaint resolved, 4/5
    file = main.screens["customers"].file_view
    assert main.current_key() == "customers"
    assert file.complaints.model.row(0)[1] == situation.subject
    assert file.complaints.model.row(0)[5] == "4/5"
