"""Which maintenance packages each vehicle is due for, and when.

For every vehicle and every package that fits it (make, model, engine, years, fuel type:
``maintenance.applies``): the last time the package was done (or,
if never, the first odometer reading on file) plus its interval, whichever comes first of
*N km* and *M months*. Distance is turned into a date with the vehicle's own average
distance per day from its odometer history (a default when the history is too short), so
even a mileage interval gets a predicted due date. Seasonal packages are due at the start
of their next season window unless done since the last one began.

The whole shop is computed from three grouped queries and plain integer arithmetic (day
ordinals); ``tests/bench/bench_service_due.py`` measures it against those queries alone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import peewee

from shopdesk.bulk_building import collection_paused
from shopdesk.models.base import database_proxy as db
from shopdesk.models.maintenance import MaintenancePackage, PackageService
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.workshop import maintenance

#: Assumed (km, days) when a vehicle's odometer history spans less than MIN_SPAN_DAYS.
DEFAULT_RATE = (40, 1)
MIN_SPAN_DAYS = 30


class DueService(NamedTuple):
    """One package due on one vehicle (a named tuple: the whole shop makes ~1 million)."""

    vehicle_id: int
    customer_id: int
    package_id: int
    due_on: dt.date
    due_km: int | None  # the odometer at which it is due (mileage intervals)
    last_done_on: dt.date | None
    km_per_day: float
    reason: str  # "distance", "time" or "season"

    def status(self, today: dt.date) -> str:
        """overdue, this month, next month or later."""
        if self.due_on < today:
            return "overdue"
        if (self.due_on.year, self.due_on.month) == (today.year, today.month):
            return "this month"
        nxt = add_months(today.replace(day=1), 1)
        if (self.due_on.year, self.due_on.month) == (nxt.year, nxt.month):
            return "next month"
        return "later"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _ordinal(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    return dt.date.fromisoformat(str(value)[:10]).toordinal()


def input_queries(actor: Actor, vehicle_ids: Iterable[int] | None = None
                  ) -> tuple[peewee.Select, ...]:
    """The three queries whose rows are the computation's inputs (the benchmark's floor)."""
    vehicles = (Vehicle.select(Vehicle.id, Vehicle.customer, Vehicle.make, Vehicle.model,
                               Vehicle.engine, Vehicle.year, Vehicle.fuel)
                .where(Vehicle.archived == False))  # noqa: E712
    readings = (OdometerReading.select(
        OdometerReading.vehicle, peewee.fn.MIN(OdometerReading.read_on),
        peewee.fn.MAX(OdometerReading.read_on), peewee.fn.MIN(OdometerReading.reading),
        peewee.fn.MAX(OdometerReading.reading)).group_by(OdometerReading.vehicle))
    services = (PackageService.select(PackageService.vehicle, PackageService.package,
                                      peewee.fn.MAX(PackageService.done_on),
                                      peewee.fn.MAX(PackageService.odometer))
                .group_by(PackageService.vehicle, PackageService.package))
    if vehicle_ids is not None:
        ids = list(vehicle_ids)
        vehicles = vehicles.where(Vehicle.id.in_(ids))
        readings = readings.where(OdometerReading.vehicle.in_(ids))
        services = services.where(PackageService.vehicle.in_(ids))
    return vehicles, readings, services


def _rows(query: peewee.Select) -> list[tuple]:
    sql, params = query.sql()
    return db.execute_sql(sql, params).fetchall()


def compute(actor: Actor, vehicle_ids: Iterable[int] | None = None, *,
            today: dt.date | None = None) -> list[DueService]:
    """Every (vehicle, package) with its next due date, for all vehicles or the given ones.

    Plain tuples and integer day numbers in the loop; month arithmetic, date parsing and
    date objects are cached (the same few thousand days recur across the whole shop). A
    whole shop is about a million records, built with automatic garbage collection paused."""
    with collection_paused():
        return list(_due_services(actor, vehicle_ids, today or dt.date.today()))


def _due_services(actor: Actor, vehicle_ids: Iterable[int] | None,
                  today: dt.date) -> Iterator[DueService]:
    packages = maintenance.all_packages(actor)
    if not packages:
        return
    today_n = today.toordinal()
    ordinal = _Ordinals()
    dates = ordinal._dates
    months_later = _MonthsLater()
    # Per package, once: (id, km interval, the months-later cache for its month interval,
    # its next season window and that window's start as a date, the package).
    plain = []
    for p in packages:
        season = _season_due(p, None, today_n) if p.season_from else None
        plain.append((p.id, p.interval_km or 0, p.interval_months or 0,
                      months_later.by_months(p.interval_months or 0), season,
                      ordinal.date(season[0]) if season else None, p))
    vq, rq, sq = input_queries(actor, vehicle_ids)
    numbers = ordinal._numbers
    readings = {}
    for v, d0, d1, r0, r1 in _rows(rq):
        try:
            n0 = numbers[d0]
        except KeyError:
            n0 = ordinal(d0)
        try:
            n1 = numbers[d1]
        except KeyError:
            n1 = ordinal(d1)
        readings[v] = (n0, n1, r0, r1)
    done: dict[int, dict[int, tuple[int, int | None]]] = {}
    for v, p, d, km in _rows(sq):
        try:
            n = numbers[d]
        except KeyError:
            n = ordinal(d)
        try:
            done[v][p] = (n, km)
        except KeyError:
            done[v] = {p: (n, km)}
    no_services: dict[int, tuple[int, int | None]] = {}
    fits_cache: dict[tuple, tuple[list[tuple], list[tuple]]] = {}
    fromordinal = dt.date.fromordinal
    default_pace = DEFAULT_RATE[0] / DEFAULT_RATE[1]
    new = tuple.__new__  # DueService(...) without NamedTuple's Python-level __new__
    due_type = DueService
    for vid, cid, make, model, engine, year, fuel in _rows(vq):
        key = (make, model, engine, year, fuel)
        found = fits_cache.get(key)
        if found is None:
            fitting = [t for t in plain
                       if maintenance.applies(t[6], make, model, engine, year, fuel)]
            found = fits_cache[key] = (fitting, [(*t[:4], t[5]) for t in fitting])
        fits, fresh = found
        if not fits:
            continue
        history = readings.get(vid)
        services = done.get(vid, no_services)
        km, days, pace = DEFAULT_RATE[0], DEFAULT_RATE[1], default_pace
        if history is not None:
            first_n, last_n, first_km, last_km = history
            if last_n - first_n >= MIN_SPAN_DAYS and last_km > first_km:
                km, days = last_km - first_km, last_n - first_n
                pace = km / days
        days2, km2 = days * 2, km * 2
        if not services and history is not None and first_km is not None:
            # Nothing done yet (most vehicles): every interval counts from the first reading.
            for pid, every_km, every_months, later, season_on in fresh:
                if season_on is not None:
                    yield new(due_type, (vid, cid, pid, season_on, None, None, pace, "season"))
                    continue
                if every_km:
                    due_km = first_km + every_km
                    when = last_n + ((due_km - last_km) * days2 + km) // km2
                    reason = "distance"
                    if every_months:
                        try:
                            by_time = later[first_n]
                        except KeyError:
                            by_time = months_later(first_n, every_months)
                        if by_time <= when:
                            when, reason = by_time, "time"
                elif every_months:
                    due_km = None
                    try:
                        when = later[first_n]
                    except KeyError:
                        when = months_later(first_n, every_months)
                    reason = "time"
                else:
                    continue
                try:
                    due_on = dates[when]
                except KeyError:
                    due_on = dates[when] = fromordinal(when)
                yield new(due_type, (vid, cid, pid, due_on, due_km, None, pace, reason))
            continue
        for pid, every_km, every_months, later, season, season_on, pkg in fits:
            last = services.get(pid)
            if last is None:
                if season is not None:
                    yield new(due_type, (vid, cid, pid, season_on, None, None, pace, "season"))
                    continue
                if history is None:
                    continue
                base_n, base_km, last_on = first_n, first_km, None
            else:
                base_n, base_km = last
                try:
                    last_on = dates[base_n]
                except KeyError:
                    last_on = dates[base_n] = fromordinal(base_n)
                if season is not None:
                    if base_n >= season[0]:
                        due_on = ordinal.date(_season_due(pkg, last, today_n)[0])
                    else:
                        due_on = season_on
                    yield new(due_type, (vid, cid, pid, due_on, None, last_on, pace, "season"))
                    continue
            when, due_km, reason = 0, None, ""
            if every_months:
                try:
                    when = later[base_n]
                except KeyError:
                    when = months_later(base_n, every_months)
                reason = "time"
            if every_km and base_km is not None:
                due_km = base_km + every_km
                if history is not None:
                    by_km = last_n + ((due_km - last_km) * days2 + km) // km2
                else:
                    by_km = base_n + (every_km * days2 + km) // km2
                if not reason or by_km < when:
                    when, reason = by_km, "distance"
            if reason:
                try:
                    due_on = dates[when]
                except KeyError:
                    due_on = dates[when] = fromordinal(when)
                yield new(due_type, (vid, cid, pid, due_on, due_km, last_on, pace, reason))


class _Ordinals:
    """Stored dates (date objects, or ISO text on SQLite) to day numbers and back, cached."""

    def __init__(self) -> None:
        self._numbers: dict[object, int] = {}
        self._dates: dict[int, dt.date] = {}

    def __call__(self, value: object) -> int:
        number = self._numbers.get(value)
        if number is None:
            number = self._numbers[value] = _ordinal(value)  # type: ignore[assignment]
        return number

    def date(self, number: int) -> dt.date:
        found = self._dates.get(number)
        if found is None:
            found = self._dates[number] = dt.date.fromordinal(number)
        return found


class _MonthsLater:
    """Day number ``months`` after a day number (cached, one cache per month interval)."""

    def __init__(self) -> None:
        self._caches: dict[int, dict[int, int]] = {}

    def by_months(self, months: int) -> dict[int, int]:
        """The cache of day number -> day number ``months`` later."""
        return self._caches.setdefault(months, {})

    def __call__(self, number: int, months: int) -> int:
        cache = self.by_months(months)
        found = cache.get(number)
        if found is None:
            found = cache[number] = add_months(dt.date.fromordinal(number),
                                               months).toordinal()
        return found


def _season_due(pkg: MaintenancePackage, last: tuple | None,
                today_n: int) -> tuple[int, int]:
    """(start, end) day numbers of the season window the package is next due in."""
    today = dt.date.fromordinal(today_n)
    m0, d0 = (int(x) for x in pkg.season_from.split("-"))
    m1, d1 = (int(x) for x in pkg.season_to.split("-"))

    def window(year: int) -> tuple[int, int]:
        start = dt.date(year, m0, min(d0, calendar.monthrange(year, m0)[1]))
        end_year = year if (m1, d1) >= (m0, d0) else year + 1
        end = dt.date(end_year, m1, min(d1, calendar.monthrange(end_year, m1)[1]))
        return start.toordinal(), end.toordinal()

    for year in (today.year - 1, today.year, today.year + 1):
        start, end = window(year)
        if end < today_n:
            continue
        if last is not None and last[0] >= start:
            continue  # done this season already
        return start, end
    return window(today.year + 2)


def due_by(actor: Actor, day: dt.date, vehicle_ids: Iterable[int] | None = None, *,
           today: dt.date | None = None) -> list[DueService]:
    """Services due on or before ``day`` (overdue ones included), soonest first."""
    rows = [d for d in compute(actor, vehicle_ids, today=today) if d.due_on <= day]
    rows.sort(key=lambda d: (d.due_on, d.vehicle_id, d.package_id))
    return rows


def for_vehicle(actor: Actor, vehicle_id: int, *, today: dt.date | None = None) -> list[DueService]:
    """Every package's next due date for one vehicle, soonest first."""
    return sorted(compute(actor, [vehicle_id], today=today), key=lambda d: d.due_on)
