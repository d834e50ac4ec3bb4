"""The demo workshop: orders in every status, histories with odometer readings so each car
has its own pace, appointments today and tomorrow, reminders; every check passes."""

from __future__ import annotations

import datetime as dt

from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.integrity import run_checks
from shopdesk.services.workshop import appointments, reminders, service_due


def test_small_demo_workshop(db):
    from shopdesk.demo import create_demo_shop

    counts = create_demo_shop("small")
    assert counts["repair orders"] >= 300 and counts["maintenance packages"] == 8
    assert [f for f in run_checks(db) if f.check in ("repair orders", "vehicles", "stock")] == []
    statuses = {s for (s,) in RepairOrder.select(RepairOrder.status).distinct().tuples()}
    assert statuses >= {s.value for s in Status} - {Status.CANCELLED.value}
    assert appointments.day(COMMAND_LINE, dt.date.today()) and appointments.to_confirm(COMMAND_LINE)
    due = list(service_due.compute(COMMAND_LINE))
    paces = {round(d.km_per_day) for d in due}
    assert len(paces) > 20  # each car at its own pace, not one default
    assert reminders.reminder_list(COMMAND_LINE)
    first = RepairOrder.get_by_id(1)
    assert first.number == "RO-000001" and first.status == Status.COLLECTED
    from shopdesk.services.workshop import repair_orders

    assert repair_orders.open_orders(COMMAND_LINE)
