"""The demo workshop: orders in every status, histories with odometer readings so each car
has its own pace, appointments today and tomorrow, reminders; every check passes."""

from __future__ import annotations

import datetime as dt

from shopdesk.models.maintenance import MaintenancePackage, PackageService, Reminder
from shopdesk.models.repair_orders import RepairOrder, Status
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.integrity import run_checks
from shopdesk.services.workshop import appointments, maintenance, reminders, service_due

ENGINE_ONLY = ("Oil service", "Spark plugs", "Timing belt (Toyota)", "Major service")


def test_small_demo_workshop(db):
    from shopdesk.demo import create_demo_shop

    counts = create_demo_shop("small")
    assert counts["repair orders"] >= 300 and counts["maintenance packages"] == 9
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


def test_the_small_demos_electric_cars_get_only_what_an_electric_car_needs(db):
    """Over the whole small demo: no electric car is due (or was ever given, or reminded of)
    an oil service, spark plugs, a timing belt or a major service, and every electric car has
    at least one package that fits it; every car's fuel is one of the fixed choices."""
    from shopdesk.demo import create_demo_shop
    from shopdesk.services.crm import fuel

    create_demo_shop("small")
    names = dict(MaintenancePackage.select(MaintenancePackage.id, MaintenancePackage.name)
                 .tuples())
    electric = {v.id: v for v in Vehicle.select().where(Vehicle.fuel == "electric")}
    assert len(electric) >= 10
    assert {f for (f,) in Vehicle.select(Vehicle.fuel).distinct().tuples()} <= set(fuel.FUELS)
    leaf_and_tesla = {(v.make, v.model) for v in electric.values()}
    assert ("Nissan", "Leaf") in leaf_and_tesla and ("Tesla", "Model Y") in leaf_and_tesla
    assert all(v.year >= 2011 for v in electric.values())  # no 2006 Leaf or Model Y
    due = [d for d in service_due.compute(COMMAND_LINE) if d.vehicle_id in electric]
    assert {names[d.package_id] for d in due}.isdisjoint(ENGINE_ONLY)
    assert "Electric car check" in {names[d.package_id] for d in due}
    done = {names[p] for (v, p) in PackageService.select(
        PackageService.vehicle, PackageService.package).tuples() if v in electric}
    assert done and done.isdisjoint(ENGINE_ONLY)
    reminded = {names[p] for (v, p) in Reminder.select(Reminder.vehicle, Reminder.package)
                .tuples() if v in electric}
    assert reminded.isdisjoint(ENGINE_ONLY)
    for car in electric.values():
        fitting = {p.name for p in maintenance.for_vehicle(COMMAND_LINE, car)}
        assert fitting and fitting.isdisjoint(ENGINE_ONLY), (car.make, car.model)
    listed = reminders.reminder_list(COMMAND_LINE)
    assert not [r for r in listed if r.due.vehicle_id in electric and r.package in ENGINE_ONLY]
