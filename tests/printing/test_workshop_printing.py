"""Estimate, job card, service history and reminder letters read back from the PDFs."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.printing.reminder_letter import render_letters
from shopdesk.printing.repair_order import render_estimate, render_job_card
from shopdesk.printing.service_history import render_history
from shopdesk.services.workshop import maintenance, reminders, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _order(owner, clerk, technician):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=52000,
                                     concerns="Squeak when braking")
    maintenance.add_to_order(clerk, order.id, shop.package.id, technician.user_id)
    pads = repair_orders.add_line(clerk, order.id, LineInput(
        LineKind.LABOUR, "Replace front brake pads", "1.5", "80.00"))
    repair_orders.set_inspection(clerk, order.id, [("Front brake pads", "urgent", "2 mm"),
                                                   ("Tyres", "ok", "")])
    repair_orders.record_approval(clerk, order.id, declined={pads.id})
    return shop, order


def test_estimate_shows_lines_answers_tax_and_signature(owner, clerk, technician):
    _shop, order = _order(owner, clerk, technician)
    text = _text(render_estimate(owner, order.id))
    # approved: 9.99 + 56.25 + 40.00 = 106.24; tax 10% = 10.62
    for expected in ("ESTIMATE", "RO-000001", "Smith, Ann", "AB-123-CD", "Odometer 52,000",
                     "Oil filter", "Engine oil 5W-30", "Change oil and filter",
                     "Replace front brake pads", "declined", "approved", "$106.24",
                     "$10.62", "$116.86", "Declined (not included)", "$120.00",
                     "Squeak when braking", "Front brake pads — urgent (2 mm)",
                     "Signature: "):
        assert expected in text, expected


def test_job_card_lists_approved_work_with_technicians_no_prices(owner, clerk, technician):
    _shop, order = _order(owner, clerk, technician)
    text = _text(render_job_card(owner, order.id))
    assert "JOB CARD" in text and "Tina Tech" in text and "OIL-5W30" in text
    assert "Replace front brake pads" not in text and "$" not in text
    assert "Labour hours sold" in text


def test_service_history_and_reminder_letter(owner, clerk, technician, tmp_path):
    shop, order = _order(owner, clerk, technician)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    text = _text(render_history(owner, shop.vehicle_id))
    for expected in ("SERVICE HISTORY", "RO-000001", "52,000", "Change oil and filter",
                     "4.5 × Engine oil 5W-30", "Recommended (declined earlier)",
                     "Replace front brake pads", "Oil service by", "62,000 km"):
        assert expected in text, expected
    rows = reminders.reminder_list(owner, dt.date.today() + dt.timedelta(days=400))
    [path] = render_letters(rows, tmp_path)
    letter = _text(path.read_bytes())
    assert "Dear Ann Smith," in letter and "Oil service" in letter
    assert "Replace front brake pads" in letter and "1 Elm Street" in letter
