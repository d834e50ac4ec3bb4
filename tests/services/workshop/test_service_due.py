"""Service due: intervals by distance and time (whichever first) projected with the
vehicle's own km per day, seasonal windows, the reminder list, sent and converted."""

from __future__ import annotations

import datetime as dt

from shopdesk.models.crm import Interaction
from shopdesk.models.repair_orders import LineKind, Status
from shopdesk.services.crm import vehicles
from shopdesk.services.workshop import (
    appointments,
    maintenance,
    reminders,
    repair_orders,
    service_due,
)
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop

TODAY = dt.date.today()


def test_mileage_interval_is_projected_to_a_date_with_the_cars_own_pace(owner):
    shop = workshop(owner)
    # 40,000 -> 46,000 km in 180 days: 33.3 km a day; never serviced here, so counted
    # from the first reading: due at 50,000 km, 4,000 km after the last reading
    [due] = service_due.for_vehicle(owner, shop.vehicle_id)
    assert due.due_km == 50000 and due.reason == "distance"
    assert due.due_on == TODAY - dt.timedelta(days=180) + dt.timedelta(days=120)
    assert due.status(TODAY) == "overdue"


def test_time_interval_wins_when_it_comes_first(owner):
    shop = workshop(owner)
    car = vehicles.add_vehicle(owner, shop.customer_id, vehicles.VehicleInput(
        plate="SLOW-1", make="Honda", model="Jazz", year=2015)).vehicle
    vehicles.record_odometer(owner, car.id, 90000, TODAY - dt.timedelta(days=300))
    vehicles.record_odometer(owner, car.id, 91000, TODAY - dt.timedelta(days=100))  # 5 km/day
    [due] = service_due.for_vehicle(owner, car.id)
    assert due.reason == "time"
    assert due.due_on == service_due.add_months(TODAY - dt.timedelta(days=300), 12)


def test_a_package_done_moves_the_next_due_date(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id, odometer=52000)
    maintenance.add_to_order(clerk, order.id, shop.package.id)
    repair_orders.record_approval(clerk, order.id)
    repair_orders.set_status(clerk, order.id, Status.DONE)
    [due] = service_due.for_vehicle(owner, shop.vehicle_id)
    assert due.last_done_on == TODAY and due.due_km == 62000
    # 360 days of history, 12,000 km: 33.3 km a day -> 10,000 km in 300 days
    assert due.due_on == TODAY + dt.timedelta(days=300)
    assert due.status(TODAY) == "later"


def test_packages_apply_only_to_their_vehicles_and_seasons_come_round(owner):
    shop = workshop(owner)
    maintenance.save_package(owner, PackageInput(
        "Winter check", [LineInput(LineKind.LABOUR, "Battery, coolant, wipers", "0.5", "30")],
        season_from="11-01", season_to="02-28"))
    maintenance.save_package(owner, PackageInput(
        "Timing belt", [LineInput(LineKind.LABOUR, "Timing belt", "3", "80")],
        make="Toyota", interval_km=90000))
    names = {maintenance.get(owner, d.package_id).name: d
             for d in service_due.for_vehicle(owner, shop.vehicle_id, today=dt.date(2026, 10, 15))}
    assert set(names) == {"Oil service", "Winter check"}
    assert names["Winter check"].due_on == dt.date(2026, 11, 1)
    winter = service_due.for_vehicle(owner, shop.vehicle_id, today=dt.date(2027, 1, 10))
    assert [d.due_on for d in winter if d.reason == "season"] == [dt.date(2026, 11, 1)]


def test_reminder_list_sent_logged_and_converted_by_a_booking(owner, clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.PART, part_id=shop.oil.id))
    pads = repair_orders.add_line(clerk, order.id, LineInput(LineKind.LABOUR, "Brake pads",
                                                             "1.5", "80"))
    repair_orders.record_approval(clerk, order.id, declined={pads.id})
    [row] = reminders.reminder_list(owner, TODAY + dt.timedelta(days=31))
    assert (row.customer, row.phone, row.channel, row.package, row.status) == (
        "Smith, Ann", "(217) 555-0142", "phone", "Oil service", "overdue")
    assert row.recommendations == ["Brake pads"] and row.sent_on is None
    sent = reminders.mark_sent(clerk, shop.vehicle_id, shop.package.id, row.due.due_on)
    logged = Interaction.get_by_id(sent.interaction)
    assert logged.kind == "call" and "Oil service" in logged.summary
    assert reminders.reminder_list(owner, TODAY + dt.timedelta(days=31))[0].sent_on == TODAY
    appointments.book(clerk, shop.customer_id, dt.datetime.combine(
        TODAY + dt.timedelta(days=2), dt.time(9)), vehicle_id=shop.vehicle_id,
        reminder_id=sent.id)
    result = reminders.conversion(owner, TODAY, TODAY)
    assert (result.sent, result.converted, result.rate_percent) == (1, 1, 100)


def test_the_find_box_finds_a_customers_services_due_without_the_whole_list(owner):
    workshop(owner)  # Ann Smith's Accord: its oil service is due
    from tests.services.customer_helpers import car, person

    bob = person(owner, "Bob", "Jones", phone="(217) 555-0199", email="bob@example.com")
    bobs = car(owner, bob.id, plate="ZZ-999-ZZ", vin="1HGCM82633A004353")
    vehicles.record_odometer(owner, bobs.id, 60000, TODAY - dt.timedelta(days=365))
    vehicles.record_odometer(owner, bobs.id, 90000, TODAY - dt.timedelta(days=30))
    whole = reminders.reminder_list(owner, TODAY + dt.timedelta(days=31))
    assert {r.customer for r in whole} == {"Smith, Ann", "Jones, Bob"}
    for typed in ("AB123", "0142", "smith"):
        rows = reminders.found(owner, typed, TODAY + dt.timedelta(days=31))
        assert [(r.customer, r.plate, r.package) for r in rows] == [
            ("Smith, Ann", "AB-123-CD", "Oil service")], typed
        assert rows[0].due == next(r.due for r in whole if r.customer == "Smith, Ann")
    assert reminders.found(owner, "nobody", TODAY + dt.timedelta(days=31)) == []
