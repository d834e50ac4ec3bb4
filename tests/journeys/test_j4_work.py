"""J4: the work. Signed in as the technician, with the keyboard only: open the approved job,
clock on, fit the brake pads (they leave stock now, booked to the job), wait for parts, resume,
clock off and finish the job. In a US shop in English and a Chinese shop in Chinese."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from shopdesk.models.parts import MovementKind, Part, StockMovement
from shopdesk.models.repair_orders import RepairOrderLine, Status, TimeEntry
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.workshop import repair_orders
from tests.journeys.keyboard import ALT, CTRL, SHIFT, Keys, focused
from tests.journeys.language import english_left
from tests.journeys.workshop_shops import ApprovedJob, approved_job

BUDGET = 10


def script(keys: Keys, main, situation: ApprovedJob):
    job = situation
    # the Repair orders screen (Ctrl+4): the plate typed, Enter opens the job at its lines
    yield keys.press(Qt.Key.Key_4, CTRL)
    editor = main.screens["repair_orders"].editor
    yield keys.type(job.plate_typed)
    yield keys.until(lambda: editor.order is not None and editor.order.id == job.order_id,
                     "the job in the editor")
    yield keys.press(Qt.Key.Key_Return)
    assert focused() is editor.lines_view
    # clock on (F9): the work starts
    yield keys.press(Qt.Key.Key_F9)
    yield keys.until(lambda: editor.order.status == Status.IN_PROGRESS.value, "in progress")
    assert job.order_id and editor.clock_button.text() != editor.tr("Clock &on (F9)")
    # the pads (the second line): fitted (Alt+T), out of stock to this job
    yield keys.press(Qt.Key.Key_Down)
    yield keys.press(Qt.Key.Key_T, ALT)
    yield keys.until(lambda: StockMovement.select().where(
        StockMovement.kind == MovementKind.REPAIR_USE.value).exists(), "the pads issued")
    # waiting for parts (Alt+W), then the parts are in: resume (Alt+U)
    yield keys.press(Qt.Key.Key_W, ALT)
    yield keys.until(lambda: editor.order.status == Status.WAITING_PARTS.value,
                     "waiting for parts")
    yield keys.press(Qt.Key.Key_U, ALT)
    yield keys.until(lambda: editor.order.status == Status.IN_PROGRESS.value, "resumed")
    # clock off (F9) and the job done (Ctrl+Shift+D)
    yield keys.press(Qt.Key.Key_F9)
    yield keys.until(lambda: not TimeEntry.select().where(TimeEntry.ended_at.is_null())
                     .exists(), "clocked off")
    yield keys.press(Qt.Key.Key_D, CTRL | SHIFT)
    yield keys.until(lambda: editor.order.status == Status.DONE.value, "done")
    assert not editor.message.text(), editor.message.text()
    assert not english_left(editor), english_left(editor)


def test_technician_clocks_on_fits_the_part_waits_resumes_and_finishes(qtbot, shop, window):
    job = approved_job(shop)
    main = window(shop.actor("technician"))
    keys = Keys(qtbot, main)
    keys.run(script(keys, main, job))
    assert keys.control <= BUDGET, keys.log

    # time on the job: one clocking of the technician, on and off
    entries = list(TimeEntry.select().where(TimeEntry.repair_order == job.order_id))
    assert [(e.technician_id, e.ended_at is not None) for e in entries] == [
        (job.technician_id, True)]
    assert entries[0].ended_at >= entries[0].started_at
    # the pads left stock once, to this job, in the ledger; on hand is the ledger's sum
    order = repair_orders.get(COMMAND_LINE, job.order_id)
    used = list(StockMovement.select().where((StockMovement.part == job.part_id)
                                             & (StockMovement.kind
                                                == MovementKind.REPAIR_USE.value)))
    assert [(m.quantity, m.reference) for m in used] == [(Decimal("-1"), order.number)]
    ledger = sum((m.quantity for m in StockMovement.select().where(
        StockMovement.part == job.part_id)), Decimal(0))
    part = Part.get_by_id(job.part_id)
    assert part.on_hand == ledger == job.on_hand_before - 1
    line = RepairOrderLine.get((RepairOrderLine.repair_order == job.order_id)
                               & (RepairOrderLine.part == job.part_id))
    assert (line.issued, line.fitted) == (Decimal("1"), True)
    # every step of the status flow, in order, the technician's own steps in their name
    history = [(c.from_status, c.to_status, c.username)
               for c in repair_orders.history_of(COMMAND_LINE, job.order_id)]
    tech = shop.actor("technician").username
    assert [(f, t) for f, t, _who in history] == [
        ("", "estimate"), ("estimate", "approved"), ("approved", "in_progress"),
        ("in_progress", "waiting_parts"), ("waiting_parts", "in_progress"),
        ("in_progress", "done")]
    assert {who for _f, _t, who in history[2:]} == {tech}
    # the window says so
    editor = main.screens["repair_orders"].editor
    assert editor.title.text().startswith(order.number)
    assert not editor.clock_button.isEnabled() and not editor.done_button.isEnabled()
