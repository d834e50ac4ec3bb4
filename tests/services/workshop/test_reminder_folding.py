"""A service overdue by more than the fold limit is "not seen since" the car's last visit."""

from __future__ import annotations

import datetime as dt

from shopdesk.i18n import documents
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.workshop import reminders
from tests.helpers.workshop import workshop

TODAY = dt.date.today()


def _long_overdue_civic(owner) -> tuple[int, dt.date]:
    bob = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", preferred_channel="letter")).customer
    civic = vehicles.add_vehicle(owner, bob.id, VehicleInput(
        plate="XY 987 ZW", make="Honda", model="Civic", year=2015)).vehicle
    seen = TODAY - dt.timedelta(days=1000)
    vehicles.record_odometer(owner, civic.id, 80000, seen)
    return civic.id, seen


def test_long_overdue_rows_say_when_the_car_was_last_seen(owner):
    shop = workshop(owner)
    civic, seen = _long_overdue_civic(owner)
    rows = {r.due.vehicle_id: r for r in reminders.reminder_list(owner)}
    ann, bob = rows[shop.vehicle_id], rows[civic]
    assert ann.status == bob.status == "overdue"
    assert not ann.long_overdue and reminders.status_text(ann) == "overdue"
    assert bob.long_overdue and bob.last_seen == seen
    assert reminders.status_text(bob) == f"not seen since {seen:%b} {seen.day}, {seen.year}"
    assert (bob.first_name, bob.last_name, bob.addressee) == ("Bob", "Jones", "Bob Jones")
    with documents("zh_CN"):
        assert reminders.status_text(bob) == \
            f"自 {seen.year}年{seen.month}月{seen.day}日 起未到店"
        assert reminders.status_text(ann) == "已逾期"


def test_the_fold_limit_decides_what_is_long_overdue(owner):
    workshop(owner)
    civic, _seen = _long_overdue_civic(owner)
    # the Civic's service fell due about 750 days ago: folded at 6 months, listed at 36
    assert [r.due.vehicle_id for r in reminders.reminder_list(owner) if r.long_overdue] \
        == [civic]
    assert not any(r.long_overdue for r in reminders.reminder_list(owner, fold_months=36))


def test_the_limit_is_a_workshop_setting_the_owner_changes(owner, clerk):
    import pytest

    from shopdesk.errors import AccessDenied, ValidationError
    from shopdesk.services.workshop import order_basics, repair_orders

    workshop(owner)
    _long_overdue_civic(owner)
    assert order_basics.settings(owner).reminder_fold_months == 6
    assert any(r.long_overdue for r in reminders.reminder_list(clerk))
    repair_orders.set_options(owner, reminder_fold_months=36)
    assert order_basics.settings(owner).reminder_fold_months == 36
    assert not any(r.long_overdue for r in reminders.reminder_list(clerk))
    for wrong in (0, 121, "six"):
        with pytest.raises(ValidationError) as refused:
            repair_orders.set_options(owner, reminder_fold_months=wrong)
        assert refused.value.translated() == \
            f"Long overdue after: whole months from 1 to 120, not {wrong}"
        assert "reminder_fold_months" in refused.value.fields
    with pytest.raises(AccessDenied):
        repair_orders.set_options(clerk, reminder_fold_months=3)
    assert order_basics.settings(owner).reminder_fold_months == 36


def test_a_car_seen_lately_is_long_overdue_not_unseen(owner, tmp_path):
    """A car in the workshop ten days ago whose oil service was never done since it fell due
    two years ago: "long overdue", and its letter does not claim it was not seen."""
    from pypdf import PdfReader

    from shopdesk.printing.reminder_letter import render_letters

    workshop(owner)
    civic, _seen = _long_overdue_civic(owner)
    vehicles.record_odometer(owner, civic, 80400, TODAY - dt.timedelta(days=10))
    [bob] = [r for r in reminders.reminder_list(owner) if r.due.vehicle_id == civic]
    assert bob.long_overdue and bob.seen_lately
    assert reminders.status_text(bob) == "long overdue"
    [path] = render_letters([bob], tmp_path)
    letter = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "Your 2015 Honda Civic (XY 987 ZW) is well overdue for its servicing (Oil service)" \
        in letter
    assert "not seen" not in letter and "was due on" not in letter
