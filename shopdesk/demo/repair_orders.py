"""Demo repair orders, maintenance packages, appointments and reminders.

Every demo vehicle gets a service history before its odometer reading on file (with the
readings that go with it, so each car has its own km per day and service-due dates are
meaningful), orders in every status are in the shop today, today's and tomorrow's
appointments fill the calendar, and some reminders were sent (some converted).
Small: a few hundred orders; large: ~100,000 orders written with bulk inserts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee

from shopdesk.demo.bulk import insert_rows, reset_sequence
from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.appointments import Appointment
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.maintenance import MaintenancePackage, PackageService, Reminder
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import (
    InspectionItem,
    LineKind,
    RepairOrder,
    RepairOrderLine,
    StatusChange,
    TimeEntry,
)
from shopdesk.models.users import Role, User
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services.workshop import maintenance, repair_orders
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput

LABOUR_RATE = Decimal("95.00")
#: the fuels of cars with an engine (oil, filters, a belt); spark plugs: not diesel either
ENGINE = "petrol,diesel,hybrid,plug-in hybrid"
SPARK = "petrol,hybrid,plug-in hybrid"
#: (name, labour hours, part names (name prefix, qty), interval km, months, season, fixed price,
#:  make, fuel types ("" any))
PACKAGES = [
    ("Oil service", "0.5", [("Oil filter", 1), ("Engine oil 5W-30", "4.5")], 10000, 12, None,
     None, "", ENGINE),
    ("Cabin and air filters", "0.4", [("Cabin filter", 1), ("Air filter", 1)], 20000, 24, None,
     None, "", ENGINE),
    ("Brake fluid change", "0.8", [("Brake fluid DOT4", 1)], None, 24, None, None, "", ""),
    ("Spark plugs", "1.0", [("Spark plug", 4)], 48000, 48, None, None, "", SPARK),
    ("Major service", "2.5", [("Oil filter", 1), ("Engine oil 5W-30", "4.5"),
                              ("Air filter", 1), ("Cabin filter", 1)], 30000, 24, None,
     "289.00", "", ENGINE),
    ("Timing belt (Toyota)", "3.0", [("Timing belt kit", 1)], 90000, 72, None, None,
     "Toyota", ENGINE),
    ("Winter check", "0.5", [("Wiper blade 22in", 2)], None, None, ("11-01", "02-28"),
     "39.00", "", ""),
    ("Air conditioning check", "0.7", [], None, None, ("04-15", "06-30"), "59.00", "", ""),
    # cabin filter, brake fluid, tyre rotation, coolant and the 12 V battery: what an electric
    # car needs instead of oil, plugs and belts
    ("Electric car check", "1.2", [("Cabin filter", 1), ("Brake fluid DOT4", 1),
                                   ("Coolant", 1)], 20000, 12, None, "149.00", "", "electric"),
]
REPAIRS = [("Replace front brake pads", "1.5"), ("Replace rear brake pads", "1.3"),
           ("Replace battery", "0.4"), ("Replace shock absorbers (pair)", "2.2"),
           ("Diagnose check-engine light", "1.0"), ("Replace serpentine belt", "0.8"),
           ("Replace stabilizer links", "1.0"), ("Wheel alignment", "1.0"),
           ("Replace thermostat", "1.2"), ("Replace headlight bulbs", "0.3")]
CONCERNS = ["Squeak when braking", "Oil service due", "Check-engine light on",
            "Pulls to the left", "Rattle over bumps", "Hard to start in the morning",
            "Annual service", "Air conditioning blows warm", "Wipers smear",
            "Noise from the front when turning", ""]
FINDINGS = [("Front brake pads", "soon", "3 mm left"), ("Tyres", "ok", ""),
            ("Wiper blades", "soon", "streaking"), ("Battery", "urgent", "fails load test"),
            ("Lights", "ok", ""), ("Coolant", "ok", ""), ("Shock absorbers", "soon", "leaking")]


def _packages(ctx: DemoContext) -> list[tuple[int, Decimal, list[tuple], bool, str, str,
                                               MaintenancePackage]]:
    """Make the packages; returns (id, price, [(kind, desc, part_id, sku, qty, price, hours)],
    fixed?, make, name, package) for the bulk writer."""
    out = []
    for name, hours, part_names, km, months, season, fixed, make, fuels in PACKAGES:
        lines = [LineInput(LineKind.LABOUR, name, hours, LABOUR_RATE)]
        for prefix, qty in part_names:
            part = (Part.select().where(Part.name.startswith(prefix) & (Part.archived == False))  # noqa: E712
                    .order_by(Part.id).first())
            if part is not None:
                lines.append(LineInput(LineKind.PART, part_id=part.id, quantity=qty))
        pkg = maintenance.save_package(ctx.owner, PackageInput(
            name, lines, fixed_price=fixed, make=make, interval_km=km, interval_months=months,
            season_from=season[0] if season else "", season_to=season[1] if season else "",
            fuel_types=fuels))
        rows = []
        for line in maintenance.lines_of(ctx.owner, pkg):
            part = line.part if line.part_id else None
            price = line.unit_price if line.unit_price is not None else (
                part.retail_price if part else LABOUR_RATE)
            rows.append((line.kind, line.description or (part.name if part else name),
                         line.part_id, part.sku if part else "", line.quantity,
                         Decimal(0) if fixed else price, line.hours))
        out.append((pkg.id, Decimal(fixed) if fixed else Decimal(0), rows, bool(fixed), make,
                    name, pkg))
    return out


@generator("repair orders")
def make_repair_orders(ctx: DemoContext) -> None:
    """Packages, service histories with odometer readings, orders in every status,
    appointments and reminders."""
    rng, today = ctx.rng, dt.date.today()
    large = ctx.scale is Scale.LARGE
    sqlite = isinstance(db.obj, peewee.SqliteDatabase)
    now = utcnow().replace(microsecond=0)

    def stamp(value: dt.datetime | dt.date) -> object:
        if not sqlite:
            return value
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()

    def cents(value: Decimal) -> int:
        return int(value * 100)

    def milli(value: Decimal | int | str) -> int:
        return int(Decimal(str(value)) * 1000)

    repair_orders.set_options(ctx.owner, labour_rate=LABOUR_RATE)
    packages = _packages(ctx)
    staff = {u.username: u.id for u in User.select()}
    techs = [u.id for u in User.select().where(User.role == Role.TECHNICIAN.value)]
    clerk = next(iter(u for u in staff if u == "clerk"), "owner")
    last_read = dict(OdometerReading.select(OdometerReading.vehicle,
                                            peewee.fn.MAX(OdometerReading.read_on))
                     .group_by(OdometerReading.vehicle).tuples())
    cars = list(Vehicle.select(Vehicle.id, Vehicle.customer, Vehicle.make, Vehicle.odometer,
                               Vehicle.created_at)
                .where(Vehicle.archived == False).order_by(Vehicle.id).tuples())  # noqa: E712
    # what decides which packages fit a car (make, model, engine, year, fuel)
    specs = {vid: spec for vid, *spec in Vehicle.select(
        Vehicle.id, Vehicle.make, Vehicle.model, Vehicle.engine, Vehicle.year, Vehicle.fuel)
        .where(Vehicle.archived == False).tuples()}  # noqa: E712
    fitting: dict[tuple, list[tuple]] = {}

    def fits_of(vid: int) -> list[tuple]:
        spec = tuple(specs[vid])
        if spec not in fitting:
            fitting[spec] = [p for p in packages if maintenance.applies(p[6], *spec)]
        return fitting[spec]

    share = 0.5 if large else 0.8
    orders, lines, changes, readings, services, clock, findings = [], [], [], [], [], [], []
    declined_for: dict[int, int] = {}
    current_readings: list[tuple] = []

    def add_order(vid, cid, make, when: dt.datetime, odometer, status, history: bool) -> int:
        oid = len(orders) + 1
        concern = rng.choice(CONCERNS)
        done = when + dt.timedelta(hours=rng.randint(2, 30))
        closed = history or status in ("done", "invoiced", "collected")
        orders.append([oid, vid, cid, when, odometer, concern, status,
                       done if closed else None, when + dt.timedelta(minutes=20)])
        fits = fits_of(vid)
        chosen = [fits[0]] if rng.random() < 0.75 else []
        if rng.random() < 0.25 and len(fits) > 1:
            chosen.append(rng.choice(fits[1:]))
        position = 0
        approval = "pending" if status == "estimate" else "approved"
        tech = rng.choice(techs) if techs else None
        for pid, price, pkg_lines, fixed, _make, name, _pkg in chosen:
            if fixed:
                position += 1
                lines.append((oid, position, "fee", f"{name} (package price)", None, "", 1000,
                              cents(price), 0, 0, None, pid, approval, 0))
            for kind, desc, part_id, sku, qty, unit, hours in pkg_lines:
                position += 1
                issued = milli(qty) if closed and part_id else 0
                lines.append((oid, position, kind, desc, part_id, sku, milli(qty), cents(unit),
                              0, milli(hours), tech if kind == "labour" else None, pid,
                              approval, issued))
            if closed:
                services.append((vid, pid, stamp(done.date()), odometer, oid))
        if rng.random() < 0.45 or not chosen:
            repair, hours = rng.choice(REPAIRS)
            position += 1
            lines.append((oid, position, "labour", repair, None, "", milli(hours),
                          cents(LABOUR_RATE), 0, milli(hours), tech, None, approval, 0))
        if rng.random() < 0.2:
            repair, hours = rng.choice(REPAIRS)
            position += 1
            lines.append((oid, position, "labour", repair, None, "", milli(hours),
                          cents(LABOUR_RATE), 0, milli(hours), None, None,
                          "pending" if status == "estimate" else "declined", 0))
            declined_for[vid] = oid
        changes.append((oid, "", "estimate", stamp(when), clerk))
        if status != "estimate":
            changes.append((oid, "estimate", status, stamp(done if closed else when), clerk))
        if closed and tech:
            start = when + dt.timedelta(hours=1)
            clock.append((oid, tech, stamp(start),
                          stamp(start + dt.timedelta(minutes=rng.randint(20, 180)))))
        if not history and rng.random() < 0.7:
            for item, cond, note in rng.sample(FINDINGS, 3):
                findings.append((oid, item, cond, note))
        return oid

    for vid, cid, make, odometer, _created in cars:
        if rng.random() > share or odometer is None:
            continue
        seen = last_read.get(vid) or today
        if isinstance(seen, str):
            seen = dt.date.fromisoformat(seen[:10])
        pace = rng.randint(18, 70)
        visits = rng.randint(1, 3 if large else 4)
        day = seen
        for _ in range(visits):
            day = day - dt.timedelta(days=rng.randint(120, 420))
            km = odometer - pace * (seen - day).days
            if km < 500 or day < today - dt.timedelta(days=365 * 6):
                break
            when = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.choice((0, 30))))
            add_order(vid, cid, make, when, km, "collected", True)
            readings.append((vid, km, stamp(day), staff.get(clerk), stamp(when)))
    # orders in the shop now, in every status, on the newest vehicles
    current = ["estimate"] * 3 + ["approved"] * 2 + ["in_progress"] * 3 + \
        ["waiting_parts"] * 2 + ["done"] * 2 + ["invoiced"] * 2
    recent = cars[-len(current) * 3:]
    for status, (vid, cid, make, odometer, _c) in zip(current, rng.sample(recent, len(current)),
                                                       strict=False):
        km = (odometer or 20000) + rng.randint(200, 3000)
        when = now - dt.timedelta(hours=rng.randint(1, 50))
        add_order(vid, cid, make, when, km, status, False)
        current_readings.append((vid, km, stamp(when.date()), staff.get(clerk), stamp(when)))
        Vehicle.update(odometer=km).where(Vehicle.id == vid).execute()
    orders.sort(key=lambda o: o[3])
    renumber = {o[0]: i for i, o in enumerate(orders, start=1)}
    first = (RepairOrder.select(peewee.fn.MAX(RepairOrder.id)).scalar() or 0)
    order_rows = [(first + renumber[o[0]], f"RO-{first + renumber[o[0]]:06d}", o[2], o[1],
                   o[6], o[4], o[5], stamp(o[3]), clerk, stamp(o[7] or o[3]),
                   stamp(o[8]) if o[6] != "estimate" else None,
                   stamp(o[7]) if o[7] else None,
                   stamp(o[7]) if o[6] == "collected" else None) for o in orders]

    def oid(old: int) -> int:
        return first + renumber[old]

    with db.atomic():
        insert_rows(RepairOrder, ["id", "number", "customer_id", "vehicle_id", "status",
                                  "odometer", "concerns", "created_at", "created_by",
                                  "status_at", "approved_at", "done_at", "collected_at",
                                  "notes", "version"], ((*r, "", 1) for r in order_rows))
        reset_sequence(RepairOrder)
        insert_rows(RepairOrderLine, ["repair_order_id", "position", "kind", "description",
                                      "part_id", "sku", "quantity", "unit_price",
                                      "discount_percent", "hours", "technician_id", "package",
                                      "approval", "issued", "fitted", "approval_method",
                                      "approval_note"],
                    ((oid(r[0]), *r[1:], r[13] > 0, "in person", "") for r in lines))
        insert_rows(StatusChange, ["repair_order_id", "from_status", "to_status", "at",
                                   "username"], ((oid(r[0]), *r[1:]) for r in changes))
        insert_rows(InspectionItem, ["repair_order_id", "position", "item", "condition",
                                     "note"], ((oid(r[0]), i, *r[1:])
                                               for i, r in enumerate(findings)))
        insert_rows(TimeEntry, ["repair_order_id", "technician_id", "started_at", "ended_at"],
                    ((oid(r[0]), *r[1:]) for r in clock))
        insert_rows(PackageService, ["vehicle_id", "package_id", "done_on", "odometer",
                                     "repair_order"], ((*r[:4], oid(r[4])) for r in services))
        _readings(readings, current_readings, stamp)
        _appointments(ctx, cars, techs, stamp, clerk, now)
        _reminders(ctx, cars, fits_of, stamp, clerk, now)
    ctx.counts.update({"repair orders": len(orders), "repair-order lines": len(lines),
                       "maintenance packages": len(packages),
                       "appointments": Appointment.select().count()})


def _readings(history: list[tuple], current: list[tuple], stamp) -> None:
    """Write the readings oldest first, so each vehicle's newest reading keeps the highest
    id (the reading on file is moved after the history written before it)."""
    columns = ["vehicle_id", "reading", "read_on", "user_id", "recorded_at", "reason"]
    touched = sorted({r[0] for r in history})
    kept: list[tuple] = []
    R = OdometerReading
    for start in range(0, len(touched), 500):
        chunk = touched[start:start + 500]
        kept.extend((v, km, stamp(on) if not isinstance(on, str) else on, u,
                     stamp(at) if not isinstance(at, str) else at, why)
                    for v, km, on, u, at, why in R.select(
                        R.vehicle, R.reading, R.read_on, R.user, R.recorded_at, R.reason)
                    .where(R.vehicle.in_(chunk)).order_by(R.id).tuples())
        R.delete().where(R.vehicle.in_(chunk)).execute()
    history.sort(key=lambda r: (r[0], r[2]))
    insert_rows(R, columns, [(*r, "") for r in history] + kept + [(*r, "") for r in current])


def _appointments(ctx, cars, techs, stamp, clerk, now) -> None:
    rng, today = ctx.rng, dt.date.today()
    bays = repair_orders.bays(ctx.owner)
    rows = []
    for offset, count in ((-1, 4), (0, 6), (1, 5), (2, 4), (3, 3), (5, 2)):
        day = today + dt.timedelta(days=offset)
        for i in range(count):
            vid, cid, *_ = rng.choice(cars)
            start = dt.datetime.combine(day, dt.time(8 + (i * 3) // len(bays) * 2 % 9,
                                                     30 * (i % 2)))
            status = "checked_in" if offset < 0 else (
                "confirmed" if offset == 0 or rng.random() < 0.3 else "booked")
            rows.append((cid, vid, stamp(start), rng.choice((45, 60, 90, 120)),
                         bays[i % len(bays)], rng.choice(techs) if techs and i % 2 else None,
                         rng.choice(CONCERNS) or "Service", status, stamp(now), clerk, 1))
    insert_rows(Appointment, ["customer_id", "vehicle_id", "starts_at", "minutes", "bay",
                              "technician_id", "what", "status", "created_at", "created_by",
                              "version"], rows)


def _reminders(ctx, cars, fits_of, stamp, clerk, now) -> None:
    """Reminders sent lately, each for the first package that fits its car."""
    rng = ctx.rng
    rows = []
    for vid, cid, *_ in rng.sample(cars, min(len(cars), 40)):
        sent = now - dt.timedelta(days=rng.randint(3, 50))
        converted = rng.random() < 0.35
        fits = fits_of(vid)
        if not fits:
            continue
        rows.append((vid, cid, fits[0][0], stamp((sent + dt.timedelta(days=20)).date()),
                     rng.choice(("sms", "email", "phone")), stamp(sent), clerk,
                     stamp(sent + dt.timedelta(days=4)) if converted else None,
                     "appointment" if converted else ""))
    insert_rows(Reminder, ["vehicle_id", "customer_id", "package_id", "due_on", "channel",
                           "sent_at", "sent_by", "converted_at", "converted_to"], rows)
