"""Service due: the fast whole-shop computation gives exactly what a plain, obvious
computation (date objects, exact fractions, one vehicle and package at a time) gives, on a
seeded random shop with every kind of package and history."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from fractions import Fraction

from shopdesk.models.maintenance import PackageService
from shopdesk.models.repair_orders import LineKind
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import vehicles
from shopdesk.services.workshop import maintenance, service_due
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop

TODAY = dt.date(2026, 11, 23)


def _window(pkg, year: int) -> tuple[dt.date, dt.date]:
    """The package's season window starting in ``year`` (days clipped to the month)."""
    def day(y: int, text: str) -> dt.date:
        month, d = (int(x) for x in text.split("-"))
        return dt.date(y, month, min(d, calendar.monthrange(y, month)[1]))

    start = day(year, pkg.season_from)
    end = day(year, pkg.season_to)
    return start, end if end >= start else day(year + 1, pkg.season_to)


def _reference(today: dt.date) -> list[tuple]:
    """One vehicle and package at a time, as the module's docstring describes it."""
    out = []
    for car in Vehicle.select().where(Vehicle.archived == False).order_by(Vehicle.id):  # noqa: E712
        reads = list(OdometerReading.select().where(OdometerReading.vehicle == car.id))
        km, days = 40, 1
        if reads:
            first_on = min(r.read_on for r in reads)
            last_on = max(r.read_on for r in reads)
            first_km = min(r.reading for r in reads)
            last_km = max(r.reading for r in reads)
            if (last_on - first_on).days >= 30 and last_km > first_km:
                km, days = last_km - first_km, (last_on - first_on).days
        for pkg in maintenance.all_packages(COMMAND_LINE):
            if not maintenance.applies(pkg, car.make, car.model, car.engine, car.year,
                                       car.fuel):
                continue
            done = list(PackageService.select().where(PackageService.vehicle == car.id,
                                                      PackageService.package == pkg.id))
            last = (max(d.done_on for d in done), max((d.odometer for d in done
                                                       if d.odometer is not None),
                                                      default=None)) if done else None
            row = (car.id, car.customer_id, pkg.id)
            if pkg.season_from:
                due = next(start for year in range(today.year - 1, today.year + 3)
                           for start, end in [_window(pkg, year)]
                           if end >= today and not (last and last[0] >= start))
                out.append((*row, due, None, last and last[0], km / days, "season"))
                continue
            if last:
                base_on, base_km = last
            elif reads:
                base_on, base_km = first_on, first_km
            else:
                continue
            candidates = []
            if pkg.interval_months:
                candidates.append((service_due.add_months(base_on, pkg.interval_months),
                                   0, "time"))
            due_km = None
            if pkg.interval_km and base_km is not None:
                due_km = base_km + pkg.interval_km
                from_on, from_km = (last_on, last_km) if reads else (base_on, base_km)
                ahead = math.floor(Fraction((due_km - from_km) * days, km) + Fraction(1, 2))
                candidates.append((from_on + dt.timedelta(days=ahead), 1, "distance"))
            if candidates:
                due_on, _, reason = min(candidates)
                out.append((*row, due_on, due_km, last and last[0], km / days, reason))
    return out


def test_fast_computation_matches_the_plain_one_on_a_random_shop(owner):
    rng = random.Random(20261123)
    shop = workshop(owner)
    labour = [LineInput(LineKind.LABOUR, "Work", "1", "50")]
    for name, kw in [
        ("Distance only", {"interval_km": 15000}),
        ("Months only", {"interval_months": 24}),
        ("Both", {"interval_km": 10000, "interval_months": 12}),
        ("Toyota belt", {"make": "Toyota", "interval_km": 90000, "interval_months": 60}),
        ("Winter", {"season_from": "11-01", "season_to": "02-28"}),
        ("Spring", {"season_from": "03-15", "season_to": "05-31"}),
    ]:
        maintenance.save_package(owner, PackageInput(name, labour, **kw))
    packages = maintenance.all_packages(owner)
    for n in range(40):
        car = vehicles.add_vehicle(owner, shop.customer_id, vehicles.VehicleInput(
            plate=f"RND-{n}", make=rng.choice(["Toyota", "Honda", "Ford"]), model="Any",
            year=rng.randint(2005, 2024))).vehicle
        reading, on = rng.randint(1000, 200000), TODAY - dt.timedelta(days=rng.randint(0, 900))
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            vehicles.record_odometer(owner, car.id, reading, on)
            reading += rng.choice([0, rng.randint(1, 30000)])
            on += dt.timedelta(days=rng.choice([1, 10, rng.randint(20, 400)]))
        for pkg in rng.sample(packages, rng.randint(0, 3)):
            for _ in range(rng.randint(1, 2)):
                PackageService.create(
                    vehicle=car.id, package=pkg.id,
                    done_on=TODAY - dt.timedelta(days=rng.randint(0, 800)),
                    odometer=rng.choice([None, rng.randint(1000, 250000)]))
    for today in (TODAY, dt.date(2027, 3, 20), dt.date(2026, 12, 31)):
        fast = [tuple(d) for d in service_due.compute(owner, today=today)]
        assert sorted(fast) == sorted(_reference(today))
        assert len(fast) > 100
