"""Customers, and vehicles with their owners, from a spreadsheet.

Every row goes through the customer and vehicle services (the same rules as the forms: names,
phones normalised with libphonenumber, VIN check digit, VIN on file once, odometer never
lower), each row in its own savepoint so one refused row does not undo the others. A customer
is matched by phone or e-mail, a vehicle by VIN or plate: matches are updated (only what the
file has), never duplicated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io.importing.engine import Handler, ParsedRow
from shopdesk.models.base import database_proxy as db
from shopdesk.models.customers import Customer, CustomerKind, CustomerPhone
from shopdesk.models.vehicles import Vehicle
from shopdesk.services import customers as customer_service
from shopdesk.services import vehicles as vehicle_service
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.contact_details import check_email, check_phone, shop_region
from shopdesk.services.vin import check_vin

_CUSTOMER_TEXT = ("first_name", "last_name", "company_name", "address", "city", "postcode",
                  "country", "tax_id", "notes")
#: Service field names -> the import's field keys (for messages on the right column).
_FIELD_OF = {"last_name": "name", "first_name": "name", "company_name": "company_name",
             "email": "email", "phone": "phone", "phone0": "phone", "phone1": "phone2",
             "plate": "plate", "vin": "vin", "year": "year", "odometer": "odometer"}


def split_name(full: str) -> tuple[str, str]:
    """ "Lee, Ann" or "Ann Lee" -> ("Ann", "Lee")."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.rpartition(" ")
    return first, last


class _Matcher:
    """Find living customers by phone (E.164 or as typed) or e-mail."""

    def __init__(self) -> None:
        self.region = shop_region()

    def phone_key(self, number: str) -> str:
        checked = check_phone(number, self.region)
        return checked.e164 or checked.digits

    def find(self, phones: list[str], email: str) -> Customer | None:
        living = (Customer.archived == False) & Customer.merged_into.is_null()  # noqa: E712
        for number in phones:
            checked = check_phone(number, self.region)
            if checked.e164:
                hit = (Customer.select().join(CustomerPhone)
                       .where(living & (CustomerPhone.e164 == checked.e164)).first())
            else:
                hit = (Customer.select().join(CustomerPhone)
                       .where(living & (CustomerPhone.number == checked.number)).first())
            if hit is not None:
                return hit
        if email:
            address, _problem = check_email(email)
            hit = Customer.select().where(
                living & (Customer.email.in_([address, address.lower(), email]))).first()
            if hit is not None:
                return hit
        return None


def _channel(text: str) -> str:
    """ "E-mail", "Text", "post" -> the stored channel (the service refuses the unknown)."""
    word = text.strip().casefold().replace("-", "")
    return {"text": "sms", "mail": "email", "post": "letter", "telephone": "phone",
            "call": "phone"}.get(word, word)


def _reject_from(row: ParsedRow, exc: ShopDeskError, default: str) -> None:
    row.warnings.clear()  # the row's savepoint was rolled back: nothing it noted happened
    fields = getattr(exc, "fields", None) or {}
    if fields:
        first = next(iter(fields))
        row.reject(_FIELD_OF.get(first, first if first.startswith("owner_") else default),
                   str(exc))
    else:
        row.reject(default, str(exc))


def _folded(name: str) -> list[str]:
    from shopdesk.services.search_index import words

    return sorted(words(name))


def _same_record(row: ParsedRow, touched: dict[int, int], record_id: int, noun: str) -> None:
    """Refuse a second row of the file that matches a record another row already changed."""
    if record_id in touched:
        raise ValidationError(f"Same {noun} as row {touched[record_id]} (matched by "
                              f"{'phone or e-mail' if noun == 'customer' else 'VIN or plate'})"
                              ": keep one row", {})
    touched[record_id] = row.number


def _by_name(name: str, company: str) -> Customer | None:
    """The one living customer listed under this name ("Lee, Ann", "Ann Lee" or the
    company), or None when there is none or more than one."""
    first, last = split_name(name)
    listed = {n for n in (name.strip(), company.strip(), customer_service.display_name_of(
        customer_service.CustomerInput(first_name=first, last_name=last))) if n}
    living = (Customer.archived == False) & Customer.merged_into.is_null()  # noqa: E712
    hits = list(Customer.select().where(living & Customer.display_name.in_(sorted(listed)))
                .limit(2))
    return hits[0] if len(hits) == 1 else None


class CustomerImport(Handler):
    """Customers: matched by phone or e-mail and updated, else added."""

    kind = "customers"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher()
        self.seen: dict[str, int] = {}
        self.touched: dict[int, int] = {}  # existing customer id -> row that matched it

    def check_access(self) -> None:
        require(self.actor, Permission.EDIT_CUSTOMERS)

    def _input(self, values: dict[str, Any]) -> customer_service.CustomerInput:
        data = customer_service.CustomerInput()
        for key in _CUSTOMER_TEXT:
            if values.get(key):
                setattr(data, key, values[key])
        if values.get("name") and not (data.first_name or data.last_name):
            data.first_name, data.last_name = split_name(values["name"])
        if data.company_name and not (data.first_name or data.last_name):
            data.kind = CustomerKind.COMPANY.value
        data.email = values.get("email") or ""
        data.phones = [customer_service.PhoneInput(values[k], label)
                       for k, label in (("phone", "mobile"), ("phone2", "home"))
                       if values.get(k)]
        data.phones += [customer_service.PhoneInput(n.strip(), "other")
                        for n in (values.get("other_phones") or "").split(";") if n.strip()]
        if values.get("marketing_consent") is not None:
            data.marketing_consent = values["marketing_consent"]
        if values.get("payment_terms_days") is not None:
            data.payment_terms_days = values["payment_terms_days"]
        if values.get("preferred_channel"):
            data.preferred_channel = _channel(values["preferred_channel"])
        return data

    def check(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            values = row.values
            keys = [("phone", self.matcher.phone_key(values[k])) for k in ("phone", "phone2")
                    if values.get(k)]
            if values.get("email"):
                keys.append(("email", check_email(values["email"])[0].lower()))
            for key, value in keys:
                if value and value in self.seen and self.seen[value] != row.number:
                    label = "phone" if key == "phone" else "e-mail"
                    row.reject(key, f"Same {label} as row {self.seen[value]} (a duplicate in "
                                    "the file): merge the two rows")
                elif value:
                    self.seen[value] = row.number
            data = self._input(values)
            row.extra["input"] = data
            if not customer_service.display_name_of(data):
                row.reject("name", "No name: give a name or a company")
            row.shown["Listed as"] = customer_service.display_name_of(data)

    def write(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            if row.problems:
                continue
            data: customer_service.CustomerInput = row.extra["input"]
            try:
                with db.atomic():
                    self._save(row, data)
            except ShopDeskError as exc:
                _reject_from(row, exc, "name")

    def _save(self, row: ParsedRow, data: customer_service.CustomerInput) -> None:
        existing = self.matcher.find([p.number for p in data.phones], data.email)
        if existing is not None:
            name = customer_service.display_name_of(data)
            if _folded(name) != _folded(existing.display_name):
                raise ValidationError(
                    f"The phone or e-mail is {existing.display_name}'s (customer "
                    f"#{existing.id}) but the name is {name}: correct the name, or clear the "
                    "phone and e-mail to add a new customer", {"name": "Another customer's"})
            _same_record(row, self.touched, existing.id, "customer")
        if existing is None:
            saved = customer_service.add_customer(self.actor, data)
            row.outcome = "created"
        else:
            merged = customer_service.input_of(existing)
            before = customer_service.snapshot(existing)
            for key in (*_CUSTOMER_TEXT, "email"):
                if getattr(data, key):
                    setattr(merged, key, getattr(data, key))
            if data.kind == CustomerKind.COMPANY.value and not (merged.first_name
                                                                or merged.last_name):
                merged.kind = data.kind
            if row.values.get("marketing_consent") is not None:
                merged.marketing_consent = data.marketing_consent
            if row.values.get("payment_terms_days") is not None:
                merged.payment_terms_days = data.payment_terms_days
            if row.values.get("preferred_channel"):
                merged.preferred_channel = data.preferred_channel
            have = {self.matcher.phone_key(p.number) for p in merged.phones}
            merged.phones += [p for p in data.phones
                              if self.matcher.phone_key(p.number) not in have]
            saved = customer_service.update_customer(self.actor, existing, merged)
            row.outcome = ("updated" if customer_service.snapshot(saved.customer) != before
                           else "unchanged")
        since = row.values.get("customer_since")
        if since:  # noon on that day here, stored as UTC like every timestamp
            noon = dt.datetime.combine(since, dt.time(12)).astimezone(dt.UTC)
            Customer.update(created_at=noon.replace(tzinfo=None)).where(
                Customer.id == saved.customer.id).execute()
        for field, warning in saved.warnings.items():
            row.warnings.setdefault(_FIELD_OF.get(field, field), warning)


class VehicleImport(Handler):
    """Vehicles: matched by VIN or plate and updated, else added to their owner. The owner is
    found by phone or e-mail, or added from the owner columns of the same row."""

    kind = "vehicles"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher()
        self.seen: dict[str, int] = {}
        self.owners: dict[str, int] = {}  # owner key in this file -> customer id
        self.touched: dict[int, int] = {}  # existing vehicle id -> row that matched it

    def check_access(self) -> None:
        require(self.actor, Permission.EDIT_CUSTOMERS)

    def check(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            values = row.values
            vin = check_vin(values.get("vin") or "").vin
            plate = vehicle_service.plate_key(values.get("plate") or "")
            values["vin"], row.extra["plate_key"] = vin, plate
            for key, value in (("vin", vin), ("plate", plate)):
                if value and value in self.seen and self.seen[value] != row.number:
                    row.reject(key, f"Same {key.upper() if key == 'vin' else key} as row "
                                    f"{self.seen[value]} (a duplicate in the file)")
                elif value:
                    self.seen[value] = row.number
            if not (vin or plate):
                row.reject("plate", "No plate and no VIN")

    def write(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            if row.problems:
                continue
            try:
                with db.atomic():
                    self._save(row)
            except ShopDeskError as exc:
                _reject_from(row, exc, "plate")

    def _owner(self, row: ParsedRow) -> int | None:
        values = row.values
        phones = [values["owner_phone"]] if values.get("owner_phone") else []
        email = values.get("owner_email") or ""
        name = values.get("owner_name") or ""
        company = values.get("owner_company") or ""
        key = "|".join([self.matcher.phone_key(p) for p in phones] + [email.lower(), name.lower(),
                                                                       company.lower()])
        if key.strip("|") and key in self.owners:
            return self.owners[key]
        found = self.matcher.find(phones, email)
        if found is None and (name or company):
            found = _by_name(name, company)
        if found is None and (name or company):
            first, last = split_name(name)
            data = customer_service.CustomerInput(
                kind=CustomerKind.COMPANY.value if company and not name else "person",
                first_name=first, last_name=last, company_name=company, email=email,
                phones=[customer_service.PhoneInput(p) for p in phones])
            found = customer_service.add_customer(self.actor, data).customer
            row.warnings.setdefault("owner_name", f"Owner {found.display_name} added")
        if found is None:
            return None
        if key.strip("|"):
            self.owners[key] = found.id
        return found.id

    def _save(self, row: ParsedRow) -> None:
        values = row.values
        vin, plate = values["vin"], row.extra["plate_key"]
        living = Vehicle.archived == False  # noqa: E712
        vehicle = None
        if len(vin) == 17:
            vehicle = Vehicle.select().where(living & (Vehicle.vin == vin)).first()
        if vehicle is None and plate:
            vehicle = Vehicle.select().where(living & (Vehicle.plate_key == plate)).first()
        if vehicle is not None:
            _same_record(row, self.touched, vehicle.id, "vehicle")
        owner_id = self._owner(row)
        data = vehicle_service.input_of(vehicle) if vehicle else vehicle_service.VehicleInput()
        for key in ("plate", "vin", "make", "model", "engine", "fuel", "colour"):
            if values.get(key):
                setattr(data, key, values[key])
        if values.get("year") is not None:
            data.year = values["year"]
        if values.get("vehicle_notes"):
            data.notes = values["vehicle_notes"]
        if vehicle is None:
            if owner_id is None:
                raise ValidationError("No owner: give the owner's name, phone or e-mail",
                                      {"owner_name": "Needed for a new vehicle"})
            saved = vehicle_service.add_vehicle(self.actor, owner_id, data)
            row.outcome = "created"
        else:
            before = vehicle_service.snapshot(vehicle)
            saved = vehicle_service.update_vehicle(self.actor, vehicle, data)
            if owner_id is not None and owner_id != saved.vehicle.customer_id:
                vehicle_service.transfer(self.actor, saved.vehicle.id, owner_id,
                                         note=f"Import {self.file_name}")
            after = vehicle_service.snapshot(vehicle_service.get(saved.vehicle.id))
            row.outcome = "updated" if after != before else "unchanged"
        for field, warning in saved.warnings.items():
            row.warnings.setdefault(_FIELD_OF.get(field, field), warning)
        reading = values.get("odometer")
        if reading is not None:
            last = vehicle_service.last_reading(saved.vehicle.id)
            if last is not None and reading < last.reading:
                row.warnings.setdefault("odometer", f"Lower than the last reading "
                                                    f"({last.reading:,}): not recorded")
            elif last is None or reading > last.reading:
                vehicle_service.record_odometer(self.actor, saved.vehicle.id, reading,
                                                values.get("odometer_date"))
                if row.outcome == "unchanged":
                    row.outcome = "updated"
