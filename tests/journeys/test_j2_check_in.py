"""J2: check in. A customer the shop has never seen drives in: from the front desk, with the
keyboard only, the clerk puts her and her car on file in one short form with what she wants
done; the car's repair order opens with her concern and the job card comes off the printer.
In a US shop in English and a Chinese shop in Chinese."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopdesk.gui.customers.check_in_dialog import CheckInDialog
from shopdesk.models.customers import Customer
from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.models.vehicles import Vehicle
from tests.journeys.conftest import PrintToPdfDialog
from tests.journeys.keyboard import ALT, CTRL, SHIFT, Keys, focused, modal
from tests.journeys.language import english_left
from tests.journeys.workshop_shops import Arrival, new_arrival

BUDGET = 10


def script(keys: Keys, main, situation: Arrival):
    """New check-in (Ctrl+Shift+N): name, phone, the car, the odometer and the concern typed
    into one form; Enter checks in, opens the repair order and prints its job card."""
    a = situation
    yield keys.press(Qt.Key.Key_N, CTRL | SHIFT)
    yield keys.until(lambda: modal(CheckInDialog), "the check-in form")
    form = modal(CheckInDialog)
    assert focused() is form.customer.first_name
    yield keys.type(a.first_name)
    yield keys.press(Qt.Key.Key_Tab)
    yield keys.type(a.last_name)
    yield keys.press(Qt.Key.Key_P, ALT)  # Phone
    yield keys.type(a.phone)
    yield keys.press(Qt.Key.Key_A, ALT)  # Plate
    yield keys.type(a.plate)
    yield keys.press(Qt.Key.Key_K, ALT)  # Make
    yield keys.type(a.make)
    yield keys.press(Qt.Key.Key_Tab)  # Model
    yield keys.type(a.model)
    yield keys.press(Qt.Key.Key_D, ALT)  # Odometer
    yield keys.type(str(a.odometer))
    yield keys.press(Qt.Key.Key_N, ALT)  # the customer's concern
    yield keys.type(a.concern)
    assert form.opens_order() and form.prints_job_card()  # (ticked: the car is here)
    assert not english_left(form), english_left(form)
    yield keys.press(Qt.Key.Key_Return)  # Check in
    yield keys.until(lambda: modal(PrintToPdfDialog), "the print dialog for the job card")
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(PrintToPdfDialog) is None, "printed")


def test_check_in_a_new_customer_and_car_and_print_the_job_card(qtbot, shop, window, printed):
    arrival = new_arrival(shop)
    main = window(shop.actor("clerk"))
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, arrival))
    assert keys.control <= BUDGET, keys.log

    # the database: the customer, her car with its reading, the order with her concern
    customer = Customer.get(Customer.last_name == arrival.last_name)
    assert (customer.first_name, customer.display_name) == (arrival.first_name,
                                                           arrival.shown_name)
    assert [p.number for p in customer.phones] == [arrival.phone]
    assert customer.phones[0].e164 and not customer.phones[0].problem  # understood, not flagged
    vehicle = Vehicle.get(Vehicle.customer == customer.id)
    assert (vehicle.plate, vehicle.make, vehicle.model, vehicle.odometer) == (
        arrival.plate, arrival.make, arrival.model, arrival.odometer)
    order = RepairOrder.get(RepairOrder.vehicle == vehicle.id)
    assert (order.status, order.concerns, order.odometer) == (
        Status.ESTIMATE.value, arrival.concern, arrival.odometer)
    assert RepairOrder.select().count() == 1

    # the window: the order in the repair-order editor, the cursor where the work goes on
    editor = main.screens["repair_orders"].editor
    assert main.current_key() == "repair_orders"
    assert editor.order is not None and editor.order.id == order.id
    assert order.number in editor.title.text() and arrival.plate in editor.facts.text()
    assert editor.concerns.toPlainText() == arrival.concern
    assert not english_left(editor), english_left(editor)
    assert main.focusWidget() is editor.line_description

    # the job card, printed: the order's number, the customer and her phone, the car and her
    # concern
    assert len(printed) == 1
    text = "\n".join(page.extract_text() for page in PdfReader(printed[0]).pages)
    flat = "".join(text.split())  # (a long concern wraps)
    for wanted in (arrival.job_card_word, order.number, arrival.shown_name,
                   arrival.phone_printed, arrival.plate, arrival.make, arrival.model):
        assert wanted in text, (wanted, text[:600])
    assert "".join(arrival.concern.split()) in flat, text[:600]
    assert PrintToPdfDialog.printed == printed
