"""Vehicles: add, change, odometer readings (never lower without a reason), ownership transfer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.bulk import RowInserter
from shopdesk.models.customers import Customer
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import fuel, search_index
from shopdesk.services.crm.vin import VinCheck, check_vin, clean_vin

MAX_ODOMETER = 3_000_000


@dataclass
class VehicleInput:
    """What the vehicle form collects."""

    plate: str = ""
    vin: str = ""
    make: str = ""
    model: str = ""
    year: int | None = None
    engine: str = ""
    fuel: str = ""  # a fuel.Fuel value, or what a shop typed ("Gas", "EV", 纯电): normalised
    colour: str = ""
    notes: str = ""


@dataclass(frozen=True)
class SavedVehicle:
    vehicle: Vehicle
    warnings: dict[str, str]


def plate_key(plate: str) -> str:
    """A plate as compared: upper case, letters and digits only."""
    return search_index.compact(plate).upper()


def get(actor: Actor, vehicle_id: int) -> Vehicle:
    vehicle = Vehicle.get_or_none(Vehicle.id == vehicle_id)
    if vehicle is None:
        raise NotFoundError(f"There is no vehicle number {vehicle_id}")
    return vehicle


def vehicles_meant(actor: Actor, text: str, limit: int = 20) -> list[Vehicle]:
    """The vehicles a clerk means by ``text``: the plate (case, spaces and dashes ignored),
    else the whole VIN, else the VIN's last 6 or more characters. Vehicles still in use
    first; an empty list: none; more than one: ask for more."""
    key = plate_key(text)
    if not key:
        return []
    order = (Vehicle.archived, Vehicle.plate_key, Vehicle.id)
    found = list(Vehicle.select().where(Vehicle.plate_key == key).order_by(*order).limit(limit))
    vin = clean_vin(text)
    if not found and len(vin) >= search_index.VIN_TAIL and vin.isalnum():
        found = list(Vehicle.select().where(Vehicle.vin == vin).order_by(*order).limit(limit))
        if not found:  # the last characters, as read off the windscreen
            found = list(Vehicle.select().where(peewee.fn.UPPER(Vehicle.vin).endswith(vin))
                         .order_by(*order).limit(limit))
    return found


def by_plate(actor: Actor, text: str) -> Vehicle:
    """The vehicle in use with this plate (letters and digits compared), as a booking or a
    walk-in types it; refused when the plate is empty or not on file."""
    key = plate_key(text)
    if not key:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Type the plate"),
                              {"plate": QT_TRANSLATE_NOOP("Errors", "Needed")})
    found = list(Vehicle.select().where((Vehicle.plate_key == key)
                                        & (Vehicle.archived == False)).limit(2))  # noqa: E712
    if not found:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "No vehicle on file has the plate {plate}: add it on the customer's file "
                      "first"), {"plate": QT_TRANSLATE_NOOP("Errors", "Not on file")},
            plate=text.strip().upper())
    return found[0]


def parse_odometer(text: str) -> int | None:
    """An odometer reading as typed ("123,456", "123 456"): a whole number, or None if empty."""
    text = text.strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "The odometer reading '{text}' is not "
                                                          "a whole number"),
                              {"odometer": QT_TRANSLATE_NOOP("Errors", "Whole number")},
                              text=text)
    return int(text)


def _living_customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFoundError(f"There is no customer number {customer_id}")
    if customer.archived:
        raise ValidationError(f"{customer.display_name} is archived: restore the customer first")
    return customer


def _problems(data: VehicleInput) -> dict[str, str]:
    """The vehicle form's rules: a believable year, and at least a plate, a VIN or a make."""
    problems: dict[str, str] = {}
    this_year = dt.date.today().year
    if data.year is not None and not 1886 <= data.year <= this_year + 1:
        problems["year"] = f"A year between 1886 and {this_year + 1}"
    if not (data.plate.strip() or data.vin.strip() or data.make.strip()):
        problems["plate"] = "Give at least a plate, a VIN or a make"
    return problems


def _odometer_problem(reading: object) -> str:
    """Why an odometer reading is refused ("" when it is not)."""
    if isinstance(reading, bool) or not isinstance(reading, int) or \
            not 0 <= reading <= MAX_ODOMETER:
        return f"An odometer reading is a whole number from 0 to {MAX_ODOMETER:,}"
    return ""


def validate_new(data: VehicleInput, odometer: int | None = None) -> None:
    """The rules for a new vehicle (the form's, and its first odometer reading's): a
    ValidationError naming the fields, else nothing."""
    fuel.normalise(data.fuel)
    problems: dict[str, str] = {}
    if odometer is not None and (problem := _odometer_problem(odometer)):
        problems["odometer"] = problem
    problems |= _problems(data)
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)


def _stored(data: VehicleInput, checked: VinCheck) -> dict[str, Any]:
    """The vehicle's fields as stored from the form's values and its checked VIN."""
    return {
        "vin": checked.vin, "vin_problem": checked.problem,
        "plate": " ".join(data.plate.upper().split()), "plate_key": plate_key(data.plate),
        "make": data.make.strip() or checked.make, "model": data.model.strip(),
        "year": data.year if data.year is not None else checked.year,
        "engine": data.engine.strip(), "fuel": fuel.fuel_of(data.fuel) or "",
        "colour": data.colour.strip(), "notes": data.notes}


def _apply(vehicle: Vehicle, data: VehicleInput) -> dict[str, str]:
    fuel.normalise(data.fuel)
    problems = _problems(data)
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    warnings: dict[str, str] = {}
    checked = check_vin(data.vin)
    if checked.problem:
        warnings["vin"] = checked.problem
    if checked.vin and len(checked.vin) == 17:
        twin = (Vehicle.select().where((Vehicle.vin == checked.vin)
                                       & (Vehicle.archived == False))  # noqa: E712
                .where(Vehicle.id != (vehicle.id or 0)).first())
        if twin is not None:
            raise ValidationError(
                f"VIN {checked.vin} is already on file ({twin.plate or 'no plate'}, owned by "
                f"{twin.customer.display_name}): transfer that vehicle instead",
                {"vin": "Already on file"})
    for name, value in _stored(data, checked).items():
        setattr(vehicle, name, value)
    if vehicle.plate_key:
        same_plate = (Vehicle.select().where((Vehicle.plate_key == vehicle.plate_key)
                                             & (Vehicle.archived == False))  # noqa: E712
                      .where(Vehicle.id != (vehicle.id or 0)).exists())
        if same_plate:
            warnings["plate"] = "Another vehicle on file has this plate"
    return warnings


def snapshot(actor: Actor, vehicle: Vehicle) -> dict:
    return {f: getattr(vehicle, f) for f in (
        "customer_id", "plate", "vin", "make", "model", "year", "engine", "fuel", "colour",
        "odometer", "archived")}


def add_vehicle(actor: Actor, customer_id: int, data: VehicleInput, *,
                odometer: int | None = None, on: dt.date | None = None) -> SavedVehicle:
    """Add a vehicle to a customer (with a first odometer reading if given)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        customer = _living_customer(customer_id)
        vehicle = Vehicle(customer=customer.id)
        warnings = _apply(vehicle, data)
        vehicle.save_checked()
        Ownership.create(vehicle=vehicle.id, customer=customer.id,
                         since=on or dt.date.today())
        if odometer is not None:
            record_odometer(actor, vehicle.id, odometer, on)
            vehicle = get(actor, vehicle.id)
        search_index.reindex(actor, [customer.id])
        audit.record(actor, "create", "vehicle", vehicle.id,
                     f"Added vehicle {vehicle.plate or vehicle.vin} to {customer.display_name}",
                     None, snapshot(actor, vehicle))
    return SavedVehicle(vehicle, warnings)


def update_vehicle(actor: Actor, vehicle: Vehicle, data: VehicleInput) -> SavedVehicle:
    """Save changes to a vehicle read earlier (a stale copy is refused)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        before = snapshot(actor, get(actor, vehicle.id))
        warnings = _apply(vehicle, data)
        vehicle.save_checked()
        search_index.reindex(actor, [vehicle.customer_id])
        old, new = audit.changes(before, snapshot(actor, vehicle))
        audit.record(actor, "update", "vehicle", vehicle.id,
                     f"Changed vehicle {vehicle.plate or vehicle.vin}", old, new)
    return SavedVehicle(vehicle, warnings)


def input_of(actor: Actor, vehicle: Vehicle) -> VehicleInput:
    return VehicleInput(vehicle.plate, vehicle.vin, vehicle.make, vehicle.model, vehicle.year,
                        vehicle.engine, vehicle.fuel, vehicle.colour, vehicle.notes)


def last_reading(actor: Actor, vehicle_id: int) -> OdometerReading | None:
    return (OdometerReading.select().where(OdometerReading.vehicle == vehicle_id)
            .order_by(OdometerReading.read_on.desc(), OdometerReading.id.desc()).first())


def record_odometer(actor: Actor, vehicle_id: int, reading: int, on: dt.date | None = None,
                    reason: str = "") -> OdometerReading:
    """Record an odometer reading. Lower than the last one only with a reason (audited)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    on = on or dt.date.today()
    if problem := _odometer_problem(reading):
        raise ValidationError(problem, {"odometer": "Whole number, 0 or more"})
    with db.atomic():
        vehicle = get(actor, vehicle_id)
        last = last_reading(actor, vehicle_id)
        lower = last is not None and reading < last.reading
        if lower and not reason.strip():
            raise ValidationError(
                f"{reading:,} is lower than the last reading ({last.reading:,} on "
                f"{last.read_on:%Y-%m-%d}): check it, or give the reason (instrument cluster "
                "replaced, typing mistake last time)", {"odometer": "Lower than the last reading"})
        row = OdometerReading.create(vehicle=vehicle_id, reading=reading, read_on=on,
                                     reason=reason.strip(), user=actor.user_id)
        Vehicle.update(odometer=reading).where(Vehicle.id == vehicle_id).execute()
        summary = f"Odometer of {vehicle.plate or vehicle.vin}: {reading:,}"
        if lower:
            summary += f" (lower than {last.reading:,}: {reason.strip()})"
        audit.record(actor, "odometer", "vehicle", vehicle_id, summary,
                     {"odometer": last.reading if last else None}, {"odometer": reading})
    return row


def transfer(actor: Actor, vehicle_id: int, new_owner_id: int, on: dt.date | None = None,
             note: str = "") -> Vehicle:
    """Hand a vehicle to another customer; the ownership history keeps who had it when."""
    require(actor, Permission.EDIT_CUSTOMERS)
    on = on or dt.date.today()
    with db.atomic():
        vehicle = get(actor, vehicle_id)
        new_owner = _living_customer(new_owner_id)
        old_owner_id = vehicle.customer_id
        if old_owner_id == new_owner.id:
            raise ValidationError(f"{new_owner.display_name} already owns this vehicle")
        current = (Ownership.select().where((Ownership.vehicle == vehicle_id)
                                            & Ownership.until.is_null()).first())
        if current is not None and on < current.since:
            raise ValidationError(f"The current owner has had it since {current.since:%Y-%m-%d}; "
                                  "the transfer cannot be earlier", {"on": "Too early"})
        (Ownership.update(until=on)
         .where((Ownership.vehicle == vehicle_id) & Ownership.until.is_null()).execute())
        Ownership.create(vehicle=vehicle_id, customer=new_owner.id, since=on, note=note.strip())
        vehicle.customer = new_owner.id
        vehicle.save_checked()
        search_index.reindex(actor, [old_owner_id, new_owner.id])
        audit.record(actor, "transfer", "vehicle", vehicle_id,
                     f"{vehicle.plate or vehicle.vin} now owned by {new_owner.display_name}",
                     {"customer_id": old_owner_id}, {"customer_id": new_owner.id})
    return vehicle


def ownership_history(actor: Actor, vehicle_id: int
                      ) -> list[tuple[str, dt.date, dt.date | None, str]]:
    """(owner name, since, until, note), oldest first."""
    return [(name, since, until, note) for name, since, until, note in
            Ownership.select(Customer.display_name, Ownership.since, Ownership.until,
                             Ownership.note)
            .join(Customer).where(Ownership.vehicle == vehicle_id)
            .order_by(Ownership.since, Ownership.id).tuples()]


def set_archived(actor: Actor, vehicle_id: int, archived: bool) -> None:
    """Archive a scrapped or sold-away vehicle (kept with its history)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        vehicle = get(actor, vehicle_id)
        vehicle.archived = archived
        vehicle.save_checked()
        search_index.reindex(actor, [vehicle.customer_id])
        audit.record(actor, "archive" if archived else "restore", "vehicle", vehicle_id,
                     f"{'Archived' if archived else 'Restored'} {vehicle.plate or vehicle.vin}")


# Many vehicles at once (an import) -------------------------------------------------------


def living_by_vin_or_plate(actor: Actor, vin: str, key: str) -> Vehicle | None:
    """The vehicle in use (not archived) with this VIN (a whole one: 17 characters), else
    with this plate (as :func:`plate_key` gives it); None when neither is on file."""
    living = Vehicle.archived == False  # noqa: E712
    vehicle = None
    if len(vin) == 17:
        vehicle = Vehicle.select().where(living & (Vehicle.vin == vin)).first()
    if vehicle is None and key:
        vehicle = Vehicle.select().where(living & (Vehicle.plate_key == key)).first()
    return vehicle


@dataclass(frozen=True)
class NewVehicle:
    """A vehicle for :func:`add_vehicles`: its owner (a living customer), the form's values,
    and a first odometer reading (read on ``read_on``, today when None)."""

    owner_id: int
    data: VehicleInput
    odometer: int | None = None
    read_on: dt.date | None = None


@dataclass(frozen=True)
class AddedVehicle:
    """What became of one :class:`NewVehicle`: its id and the warnings by field (``vin``,
    ``plate``), or what refused it (then nothing was added)."""

    vehicle_id: int
    warnings: dict[str, str]
    refused: ValidationError | None = None


def add_vehicles(actor: Actor, new: Sequence[NewVehicle], *, note: str = "") -> list[AddedVehicle]:
    """Add many vehicles at once, each stored as :func:`add_vehicle` stores one (the same
    rules, VIN on file once; the VIN checked and flagged, maker and year from it when not
    given; ownership from today; the first odometer reading; search keys; audit entries,
    the vehicle's ending with `` (note)``) in a few statements per vehicle: for an import.
    A vehicle the rules refuse is left out (its :class:`AddedVehicle` says why); the others
    are added. One result per vehicle given, in order."""
    require(actor, Permission.EDIT_CUSTOMERS)
    checked = [check_vin(item.data.vin) for item in new]
    whole = sorted({c.vin for c in checked if len(c.vin) == 17})
    on_file = _living_vins(whole)
    plates = _living_plates({plate_key(item.data.plate) for item in new} - {""})
    owners = [item.owner_id for item in new]
    alive = {cid for (cid,) in Customer.select(Customer.id).where(
        Customer.id.in_(sorted(set(owners))) & (Customer.archived == False)).tuples()}  # noqa: E712
    today, now = dt.date.today(), utcnow()
    insert = RowInserter(Vehicle)
    results: list[AddedVehicle] = []
    ownerships: list[dict[str, Any]] = []
    readings: list[dict[str, Any]] = []
    entries: list[audit.Entry] = []
    added_for: set[int] = set()
    ending = f" ({note})" if note else ""
    with db.atomic():
        for item, vin in zip(new, checked, strict=True):
            try:
                validate_new(item.data, item.odometer)
                if item.owner_id not in alive:
                    raise ValidationError(f"There is no customer number {item.owner_id} in "
                                          "use", {"owner": "Not a customer in use"})
                if vin.vin in on_file:
                    raise ValidationError(f"VIN {vin.vin} is already on file: transfer that "
                                          "vehicle instead", {"vin": "Already on file"})
            except ValidationError as exc:
                results.append(AddedVehicle(0, {}, exc))
                continue
            warnings: dict[str, str] = {"vin": vin.problem} if vin.problem else {}
            values = _stored(item.data, vin)
            if values["plate_key"] in plates:
                warnings["plate"] = "Another vehicle on file has this plate"
            values |= {"customer": item.owner_id, "odometer": item.odometer, "created_at": now}
            vehicle_id = insert(values)
            if len(vin.vin) == 17:
                on_file.add(vin.vin)
            if values["plate_key"]:
                plates.add(values["plate_key"])
            ownerships.append({"vehicle": vehicle_id, "customer": item.owner_id,
                               "since": today, "note": ""})
            name = values["plate"] or values["vin"]
            if item.odometer is not None:
                readings.append({"vehicle": vehicle_id, "reading": item.odometer,
                                 "read_on": item.read_on or today, "reason": "",
                                 "user": actor.user_id, "recorded_at": now})
                entries.append(audit.Entry("odometer", "vehicle", vehicle_id,
                                           f"Odometer of {name}: {item.odometer:,}",
                                           {"odometer": None}, {"odometer": item.odometer}))
            after = {k: values[k] for k in ("plate", "vin", "make", "model", "year", "engine",
                                            "fuel", "colour", "odometer")}
            after |= {"customer_id": item.owner_id, "archived": False}
            entries.append(audit.Entry("create", "vehicle", vehicle_id,
                                       f"Added vehicle {name}{ending}", None, after))
            added_for.add(item.owner_id)
            results.append(AddedVehicle(vehicle_id, warnings))
        for model, rows in ((Ownership, ownerships), (OdometerReading, readings)):
            for start in range(0, len(rows), 200):
                model.insert_many(rows[start:start + 200]).execute()
        search_index.reindex(actor, sorted(added_for))
        audit.record_many(actor, entries)
    return results


def _living_vins(vins: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(vins), 400):
        found.update(v for (v,) in Vehicle.select(Vehicle.vin).where(
            Vehicle.vin.in_(vins[start:start + 400])
            & (Vehicle.archived == False)).tuples())  # noqa: E712
    return found


def _living_plates(keys: Iterable[str]) -> set[str]:
    wanted = sorted(keys)
    found: set[str] = set()
    for start in range(0, len(wanted), 400):
        found.update(k for (k,) in Vehicle.select(Vehicle.plate_key).where(
            Vehicle.plate_key.in_(wanted[start:start + 400])
            & (Vehicle.archived == False)).tuples())  # noqa: E712
    return found
