"""J3: the estimate. A car is checked in and inspected; from the front desk, with the keyboard
only, the clerk adds the maintenance package that is due and prices the inspection's urgent
finding onto the estimate, calls the customer, records her answer by phone (yes to the service,
no to the battery for now) and prints the estimate. In a US shop in English and a Chinese shop
in Chinese."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopdesk import formatting
from shopdesk.models.repair_orders import Approval, RepairOrderLine, Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import repair_orders
from tests.journeys.conftest import PrintToPdfDialog
from tests.journeys.keyboard import ALT, CTRL, SHIFT, Keys, focused, modal
from tests.journeys.language import english_left
from tests.journeys.workshop_shops import EstimateOrder, inspected_order

BUDGET = 12


def script(keys: Keys, main, situation: EstimateOrder):
    job = situation
    # the Repair orders screen (Ctrl+4); the plate typed in its filter shows the order
    yield keys.press(Qt.Key.Key_4, CTRL)
    editor = main.screens["repair_orders"].editor
    yield keys.type(job.plate_typed)
    yield keys.until(lambda: editor.order is not None and editor.order.id == job.order_id,
                     "the order in the editor")
    assert editor.quote_button.isVisible() and job.finding.split(" — ")[0] in \
        editor.findings_label.text()
    # Add package (Alt+K): the package due, chosen in the combo already
    yield keys.press(Qt.Key.Key_K, ALT)
    yield keys.until(lambda: editor.lines_model.rowCount() == len(job.package_lines),
                     "the package's lines")
    # the urgent finding onto the estimate (Alt+M): the cursor in its price; Enter adds it
    yield keys.press(Qt.Key.Key_M, ALT)
    yield keys.until(lambda: focused() is editor.line_price, "the cursor in the price")
    assert editor.line_description.text() == job.finding
    yield keys.type(f"{job.finding_price:f}")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: editor.lines_model.rowCount() == len(job.package_lines) + 1,
                     "the priced finding on the estimate")
    # on the phone: yes to the service, no to the battery (the line just added: Ctrl+D)
    yield keys.press(Qt.Key.Key_D, CTRL)
    yield keys.press(Qt.Key.Key_Y, ALT)  # how the customer answered: by phone
    assert focused() is editor.method
    yield keys.press(Qt.Key.Key_Down)
    yield keys.press(Qt.Key.Key_A, CTRL | SHIFT)  # record the answer
    yield keys.until(lambda: editor.order.status == Status.APPROVED.value, "approved")
    # print the estimate (Ctrl+P, Enter in the print dialog)
    yield keys.press(Qt.Key.Key_P, CTRL)
    yield keys.until(lambda: modal(PrintToPdfDialog), "the print dialog")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(PrintToPdfDialog) is None, "printed")
    assert not english_left(editor), english_left(editor)


def test_estimate_with_a_package_and_a_priced_finding_approved_by_phone(qtbot, shop, window,
                                                                        printed):
    job = inspected_order(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, job))
    assert keys.control <= BUDGET, keys.log

    # the database: the package approved by phone, the battery declined by phone
    lines = list(RepairOrderLine.select().where(RepairOrderLine.repair_order == job.order_id)
                 .order_by(RepairOrderLine.position))
    assert [(li.description, li.approval, li.approval_method) for li in lines] == [
        *[(d, Approval.APPROVED.value, "phone") for d, _amount in job.package_lines],
        (job.finding, Approval.DECLINED.value, "phone")]
    assert all(li.package for li in lines[:-1]) and lines[-1].package is None
    assert lines[-1].unit_price == job.finding_price and lines[-1].kind == "part"
    order = repair_orders.get(COMMAND_LINE, job.order_id)
    assert order.status == Status.APPROVED.value
    # the battery is offered again at the car's next visit
    assert [li.id for li in repair_orders.declined_work(COMMAND_LINE, order.vehicle_id)] == [
        lines[-1].id]

    # the window: every line's answer, the estimate's totals
    editor = main.screens["repair_orders"].editor
    answers = [editor.lines_model.row(i)[-1] for i in range(editor.lines_model.rowCount())]
    assert answers[-1] == editor.tr("declined") and len(set(answers[:-1])) == 1
    assert formatting.money(job.finding_price) in editor.totals.text()

    # the printed estimate: the package's lines, the battery priced and marked declined
    assert len(printed) == 1
    text = "\n".join(page.extract_text() for page in PdfReader(printed[0]).pages)
    assert job.estimate_word in text and order.number in text
    for description, amount in job.package_lines:
        assert description in text and formatting.money(amount) in text, (description, text)
    price = formatting.money(job.finding_price)
    assert text.count(job.finding) == 1, text  # the line (the inspection's note reads apart)
    cells = [c.strip() for c in text[text.index(job.finding):].splitlines()[:5]]
    assert cells.count(price) == 2 and cells[-1] == job.declined_word, cells  # price, amount
    assert formatting.money(job.approved_total) in text, text  # the total leaves it out
