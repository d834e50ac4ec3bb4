"""J8: book from a due reminder, check in the next day. From the front desk, with the keyboard
only: the Reminders tab, the customer found by a few digits of the phone (or a few characters
of the plate), Enter books tomorrow 9:00 for the service due, Enter in the booking dialog. The
next day: Check in (Ctrl+I), the odometer typed, Enter: the repair order opens in the editor
with the service's package on it. In a US shop in English and a Chinese shop in Chinese.

5 control keys: Alt+R, Enter, Enter; the next day Ctrl+I, Enter (budget 8)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from shopdesk.gui.workshop.dialogs import BookDialog, CheckInDialog
from shopdesk.models.appointments import Appointment, AppointmentStatus
from shopdesk.models.maintenance import Reminder
from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import repair_orders
from tests.journeys.crm_shops import ServiceDue, service_due_with_reminder
from tests.journeys.keyboard import ALT, CTRL, Keys, focused, modal

BUDGET = 8
TOMORROW_9 = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(9))


def script(keys: Keys, main, situation: ServiceDue):
    """Today: the customer rings back about the reminder; book tomorrow 9:00."""
    tab = main.screens["front_desk"].reminders
    # the Reminders tab (Alt+R) starts loading the services due; the find box has the
    # keyboard at once (typed before the whole list is in, it searches)
    yield keys.press(Qt.Key.Key_R, ALT)
    yield keys.until(lambda: focused() is tab.find, "the find box")
    assert tab.find.placeholderText() == situation.words["find"]
    yield keys.type(situation.find_typed)
    yield keys.until(lambda: tab.model.rowCount() == 1, "the customer's service due")
    assert tab.selected().due.vehicle_id == situation.vehicle_id
    assert tab.model.row(0)[2] == situation.name and tab.model.row(0)[7] == situation.service
    # Enter books it: tomorrow 9:00 for the service, the car already filled in
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(BookDialog), "the booking dialog")
    book = modal(BookDialog)
    assert book.windowTitle() == situation.words["book"]
    assert (book.plate.text(), book.what.text()) == (situation.plate, situation.service)
    assert book.starts.dateTime().toPython() == TOMORROW_9
    yield keys.press(Qt.Key.Key_Return)
    yield keys.until(lambda: modal(BookDialog) is None, "booked")


def next_day(keys: Keys, main, situation: ServiceDue):
    """The next day: the car arrives; check it in from today's appointments."""
    desk = main.screens["front_desk"]
    assert desk.today_model.rowCount() == 1 and desk.today_model.row(0)[0] == "09:00"
    yield keys.press(Qt.Key.Key_I, CTRL)
    yield keys.until(lambda: modal(CheckInDialog), "the check-in dialog")
    dialog = modal(CheckInDialog)
    assert dialog.windowTitle() == situation.words["check in"]
    assert focused() is dialog.odometer and dialog.concerns.text() == situation.service
    assert dialog.plate.text() == situation.plate
    yield keys.type(str(situation.odometer))
    yield keys.press(Qt.Key.Key_Return)
    editor = main.screens["repair_orders"].editor
    yield keys.until(lambda: modal(CheckInDialog) is None and editor.order is not None,
                     "the repair order in the editor")


def test_book_from_a_due_reminder_then_check_in_the_next_day(qtbot, shop, window):
    situation = service_due_with_reminder(shop)
    clerk = shop.actor("clerk")
    main = window(clerk)
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, situation))

    [appointment] = Appointment.select()
    assert appointment.starts_at == TOMORROW_9
    assert (appointment.vehicle_id, appointment.customer_id) == (situation.vehicle_id,
                                                                 situation.customer_id)
    assert (appointment.what, appointment.package) == (situation.service, situation.package_id)
    assert appointment.reminder == situation.reminder_id
    assert appointment.status == AppointmentStatus.BOOKED
    reminder = Reminder.get_by_id(situation.reminder_id)
    assert reminder.converted_at is not None
    assert reminder.converted_to == f"appointment {appointment.id}"
    confirm = main.screens["front_desk"].confirm_model  # tomorrow's confirmation calls
    assert confirm.rowCount() == 1 and confirm.row(0)[1] == situation.name

    # the next day (set-up, not a step: the appointment is now today's)
    main.close()
    Appointment.update(starts_at=TOMORROW_9 - dt.timedelta(days=1)).execute()
    main = window(clerk)
    keys.window = main
    keys.run(next_day(keys, main, situation))
    assert keys.control <= BUDGET, keys.log

    appointment = Appointment.get_by_id(appointment.id)
    [order] = RepairOrder.select()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    assert appointment.repair_order == order.id
    assert (order.vehicle_id, order.status, order.odometer) == (
        situation.vehicle_id, Status.ESTIMATE, situation.odometer)
    assert order.concerns == situation.service
    lines = repair_orders.lines_of(COMMAND_LINE, order)
    assert [li.description for li in lines] == situation.lines
    assert {li.package for li in lines} == {situation.package_id}
    assert Reminder.get_by_id(situation.reminder_id).converted_to == \
        f"appointment {appointment.id}"
    # what the window shows: the order in the editor with the service's lines
    editor = main.screens["repair_orders"].editor
    assert editor.order.id == order.id
    shown = [editor.lines_model.row(r)[1] for r in range(editor.lines_model.rowCount())]
    assert all(any(text in cell for cell in shown) for text in situation.lines), shown
    assert situation.service in editor.concerns.toPlainText()
