"""Customers, and vehicles with their owners, from a spreadsheet.

Every row goes through the customer and vehicle services (the same rules as the forms: names,
phones normalised with libphonenumber, VIN check digit, VIN on file once, odometer never
lower), each row in its own savepoint so one refused row does not undo the others. A customer
is matched by phone or e-mail, a vehicle by VIN or plate: matches are updated (only what the
file has), never duplicated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import peewee

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io.importing.engine import Handler, ParsedRow
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.customers import Customer, CustomerKind, CustomerPhone
from shopdesk.models.vehicles import OdometerReading, Ownership, Vehicle
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import customers as customer_service
from shopdesk.services.crm import search_index
from shopdesk.services.crm import vehicles as vehicle_service
from shopdesk.services.crm.contact_details import check_email, check_phone, shop_region
from shopdesk.services.crm.vin import check_vin

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


class _Inserter:
    """Insert one row of a model and return its id, with the SQL made once per import
    (building the statement is most of the cost of a peewee insert). Fields not given get
    the model's defaults."""

    def __init__(self, model: type[peewee.Model]) -> None:
        self.fields = [f for f in model._meta.sorted_fields if f.name != "id"]
        self.defaults = {f.name: f.default() if callable(f.default) else f.default
                         for f in self.fields}
        self.postgres = isinstance(db.obj, peewee.PostgresqlDatabase)
        self.sql = (f"INSERT INTO {model._meta.table_name} "
                    f"({', '.join(f.column_name for f in self.fields)}) "
                    f"VALUES ({', '.join([db.param] * len(self.fields))})"
                    + (" RETURNING id" if self.postgres else ""))

    def __call__(self, values: dict[str, Any]) -> int:
        record = self.defaults | values
        cursor = db.execute_sql(self.sql, [f.db_value(record[f.name]) for f in self.fields])
        return cursor.fetchone()[0] if self.postgres else cursor.lastrowid


class _Matcher:
    """Find living customers by phone (E.164 or as typed) or e-mail. :meth:`prefetch` looks
    up a whole batch's phones and e-mails in two queries; :meth:`find` then reads those."""

    def __init__(self) -> None:
        self.region = shop_region()
        self.by_phone: dict[str, int] = {}  # E.164 or number as typed -> customer id
        self.by_email: dict[str, int] = {}  # lower-case address -> customer id
        self._checked: dict[str, tuple[str, str]] = {}

    def _check(self, number: str) -> tuple[str, str]:
        """(E.164 or "", number as typed) of a phone, remembered per import."""
        if number not in self._checked:
            checked = check_phone(number, self.region)
            self._checked[number] = (checked.e164, checked.number)
        return self._checked[number]

    def phone_key(self, number: str) -> str:
        e164, typed = self._check(number)
        return e164 or re.sub(r"\D", "", typed)

    def prefetch(self, phones: Iterable[str], emails: Iterable[str]) -> None:
        """Look up these phones and e-mails among living customers (one query each)."""
        living = (Customer.archived == False) & Customer.merged_into.is_null()  # noqa: E712
        keys = sorted({k for number in phones for k in self._check(number) if k})
        self.by_phone, self.by_email = {}, {}
        for start in range(0, len(keys), 400):
            chunk = keys[start:start + 400]
            query = (CustomerPhone.select(CustomerPhone.e164, CustomerPhone.number,
                                          CustomerPhone.customer).join(Customer)
                     .where(living & (CustomerPhone.e164.in_(chunk)
                                      | CustomerPhone.number.in_(chunk)))
                     .order_by(CustomerPhone.customer))
            for e164, number, customer_id in query.tuples():
                for key in (e164, number):
                    if key:
                        self.by_phone.setdefault(key, customer_id)
        addresses = sorted({a for e in emails if e for a in (check_email(e)[0].lower(),
                                                               e.strip().lower())})
        for start in range(0, len(addresses), 400):
            chunk = addresses[start:start + 400]
            query = (Customer.select(peewee.fn.LOWER(Customer.email), Customer.id)
                     .where(living & peewee.fn.LOWER(Customer.email).in_(chunk))
                     .order_by(Customer.id))
            for address, customer_id in query.tuples():
                self.by_email.setdefault(address, customer_id)

    def remember(self, customer_id: int, phones: Iterable[str], email: str) -> None:
        """A customer added during the import: later rows find it too."""
        for number in phones:
            for key in self._check(number):
                if key:
                    self.by_phone.setdefault(key, customer_id)
        if email:
            self.by_email.setdefault(check_email(email)[0].lower(), customer_id)

    def find(self, phones: list[str], email: str) -> Customer | None:
        """The customer with one of these phones (E.164 first), else with this e-mail."""
        for number in phones:
            e164, typed = self._check(number)
            if not e164 and len(re.sub(r"\D", "", typed)) < 6:
                continue  # too short to tell one customer from another
            found = self.by_phone.get(e164) if e164 else self.by_phone.get(typed)
            if found is not None:
                return Customer.get_by_id(found)
        if email:
            for address in (check_email(email)[0].lower(), email.strip().lower()):
                if address in self.by_email:
                    return Customer.get_by_id(self.by_email[address])
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
    from shopdesk.services.crm.search_index import words

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
    batch = 100  # each row goes through the customer service: report progress more often

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher()
        self.seen: dict[str, int] = {}
        self.touched: dict[int, int] = {}  # existing customer id -> row that matched it
        self.insert = _Inserter(Customer)

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
        self.matcher.prefetch(
            [n for r in rows for n in (r.values.get("phone"), r.values.get("phone2")) if n]
            + [n.strip() for r in rows for n in (r.values.get("other_phones") or "").split(";")
               if n.strip()],
            [r.values.get("email") or "" for r in rows])
        for row in rows:
            values = row.values
            keys = [("phone", key) for k in ("phone", "phone2") if values.get(k)
                    and len(key := self.matcher.phone_key(values[k])) >= 6]
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
        new: list[ParsedRow] = []
        for row in rows:
            if row.problems:
                continue
            data: customer_service.CustomerInput = row.extra["input"]
            existing = self.matcher.find([p.number for p in data.phones], data.email)
            try:
                if existing is None:
                    customer_service._validate(data)  # the customer form's own rules
                    new.append(row)
                    continue
                with db.atomic():
                    self._update(row, data, existing)
            except ShopDeskError as exc:
                _reject_from(row, exc, "name")
        if new:
            self._add_all(new)

    def _add_all(self, rows: list[ParsedRow]) -> None:
        """New customers in bulk, as ``customers.add_customer`` stores them (normalised
        phones and e-mail, flagged when odd; search keys; an audit entry each), without its
        dozen statements per customer."""
        phones: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        added: list[int] = []
        for row in rows:
            data: customer_service.CustomerInput = row.extra["input"]
            email, email_problem = check_email(data.email)
            if email_problem:
                row.warnings.setdefault("email", email_problem)
            values = {
                "kind": data.kind, "first_name": data.first_name.strip(),
                "last_name": data.last_name.strip(),
                "company_name": data.company_name.strip(),
                "display_name": customer_service.display_name_of(data), "email": email,
                "email_problem": email_problem, "address": data.address.strip(),
                "city": data.city.strip(), "postcode": data.postcode.strip().upper(),
                "country": data.country.strip(), "tax_id": data.tax_id.strip(),
                "payment_terms_days": data.payment_terms_days, "notes": data.notes,
                "marketing_consent": bool(data.marketing_consent),
                "preferred_channel": data.preferred_channel,
                "created_at": _since(row.values.get("customer_since")) or utcnow()}
            customer_id = self.insert(values)
            numbers = []
            for position, phone in enumerate(p for p in data.phones if p.number.strip()):
                e164, typed = self.matcher._check(phone.number)
                problem = check_phone(phone.number, self.matcher.region).problem if not e164 \
                    else ""
                if problem:
                    row.warnings.setdefault(("phone", "phone2")[position] if position < 2
                                            else "other_phones", problem)
                phones.append({"customer": customer_id, "label": phone.label or "mobile",
                               "number": typed, "e164": e164, "problem": problem,
                               "position": position})
                numbers.append(typed)
            after = {k: values[k] for k in (
                "kind", "first_name", "last_name", "company_name", "email", "address", "city",
                "postcode", "country", "tax_id", "payment_terms_days", "notes",
                "marketing_consent", "preferred_channel")}
            after |= {"blacklisted": False, "archived": False, "phones": numbers}
            entries.append({"at": utcnow(), "user": self.actor.user_id,
                            "username": self.actor.username, "action": "create",
                            "entity": "customer", "entity_id": str(customer_id),
                            "summary": f"Added customer {values['display_name']} (import "
                                       f"{self.file_name})",
                            "before": None, "after": audit.to_json(after)})
            self.matcher.remember(customer_id, numbers, email)
            added.append(customer_id)
            row.outcome = "created"
        for start in range(0, len(phones), 200):
            CustomerPhone.insert_many(phones[start:start + 200]).execute()
        search_index.reindex(added)
        for start in range(0, len(entries), 200):
            AuditEntry.insert_many(entries[start:start + 200]).execute()

    def _update(self, row: ParsedRow, data: customer_service.CustomerInput,
                existing: Customer) -> None:
        name = customer_service.display_name_of(data)
        if _folded(name) != _folded(existing.display_name):
            raise ValidationError(
                f"The phone or e-mail is {existing.display_name}'s (customer "
                f"#{existing.id}) but the name is {name}: correct the name, or clear the "
                "phone and e-mail to add a new customer", {"name": "Another customer's"})
        _same_record(row, self.touched, existing.id, "customer")
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
        since = _since(row.values.get("customer_since"))
        if since:
            Customer.update(created_at=since).where(Customer.id == existing.id).execute()
        for field, warning in saved.warnings.items():
            row.warnings.setdefault(_FIELD_OF.get(field, field), warning)


def _check_new_vehicle(data: vehicle_service.VehicleInput, odometer: int | None) -> None:
    """The vehicle form's rules for a new vehicle (``vehicles._apply``, ``record_odometer``):
    a believable year and reading, and at least a plate, a VIN or a make."""
    problems: dict[str, str] = {}
    if odometer is not None and not 0 <= odometer <= vehicle_service.MAX_ODOMETER:
        problems["odometer"] = (f"An odometer reading is a whole number from 0 to "
                                f"{vehicle_service.MAX_ODOMETER:,}")
    this_year = dt.date.today().year
    if data.year is not None and not 1886 <= data.year <= this_year + 1:
        problems["year"] = f"A year between 1886 and {this_year + 1}"
    if not (data.plate.strip() or data.vin.strip() or data.make.strip()):
        problems["plate"] = "Give at least a plate, a VIN or a make"
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)


def _since(day: dt.date | None) -> dt.datetime | None:
    """A "customer since" day as a stored timestamp: noon that day here, in UTC."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(12)).astimezone(dt.UTC).replace(tzinfo=None)


class VehicleImport(Handler):
    """Vehicles: matched by VIN or plate and updated, else added to their owner. The owner is
    found by phone or e-mail, or added from the owner columns of the same row."""

    kind = "vehicles"
    batch = 100

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher()
        self.seen: dict[str, int] = {}
        self.owners: dict[str, int] = {}  # owner key in this file -> customer id
        self.touched: dict[int, int] = {}  # existing vehicle id -> row that matched it
        self.insert = _Inserter(Vehicle)

    def check_access(self) -> None:
        require(self.actor, Permission.EDIT_CUSTOMERS)

    def check(self, rows: list[ParsedRow]) -> None:
        self.matcher.prefetch([r.values["owner_phone"] for r in rows
                               if r.values.get("owner_phone")],
                              [r.values.get("owner_email") or "" for r in rows])
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
        new = [r for r in rows if "new" in r.extra and not r.problems]
        if new:
            self._add_all(new)

    def _add_all(self, rows: list[ParsedRow]) -> None:
        """New vehicles in bulk, as ``vehicles.add_vehicle`` stores them (VIN checked and
        flagged, maker and year from the VIN when not given, plate normalised, ownership from
        today, first odometer reading, search keys, audit entries)."""
        today, now = dt.date.today(), utcnow()
        ownerships: list[dict[str, Any]] = []
        readings: list[dict[str, Any]] = []
        entries: list[dict[str, Any]] = []
        owners: set[int] = set()
        for row in rows:
            owner_id, data = row.extra["new"]
            checked = check_vin(data.vin)
            if checked.problem:
                row.warnings.setdefault("vin", checked.problem)
            reading = row.values.get("odometer")
            values = {
                "customer": owner_id, "vin": checked.vin, "vin_problem": checked.problem,
                "plate": " ".join(data.plate.upper().split()),
                "plate_key": vehicle_service.plate_key(data.plate),
                "make": data.make.strip() or checked.make, "model": data.model.strip(),
                "year": data.year if data.year is not None else checked.year,
                "engine": data.engine.strip(), "fuel": data.fuel.strip(),
                "colour": data.colour.strip(), "notes": data.notes, "odometer": reading,
                "created_at": now}
            vehicle_id = self.insert(values)
            ownerships.append({"vehicle": vehicle_id, "customer": owner_id, "since": today,
                               "note": ""})
            name = values["plate"] or values["vin"]
            if reading is not None:
                readings.append({"vehicle": vehicle_id, "reading": reading,
                                 "read_on": row.values.get("odometer_date") or today,
                                 "reason": "", "user": self.actor.user_id,
                                 "recorded_at": now})
                entries.append(self._entry("odometer", vehicle_id,
                                           f"Odometer of {name}: {reading:,}",
                                           {"odometer": None}, {"odometer": reading}))
            after = {k: values[k] for k in ("plate", "vin", "make", "model", "year", "engine",
                                            "fuel", "colour", "odometer")}
            after |= {"customer_id": owner_id, "archived": False}
            entries.append(self._entry("create", vehicle_id, f"Added vehicle {name} (import "
                                                             f"{self.file_name})", None, after))
            owners.add(owner_id)
            row.outcome = "created"
        for model, items in ((Ownership, ownerships), (OdometerReading, readings),
                             (AuditEntry, entries)):
            for start in range(0, len(items), 200):
                model.insert_many(items[start:start + 200]).execute()
        search_index.reindex(sorted(owners))

    def _entry(self, action: str, vehicle_id: int, summary: str, before: dict | None,
               after: dict) -> dict[str, Any]:
        return {"at": utcnow(), "user": self.actor.user_id, "username": self.actor.username,
                "action": action, "entity": "vehicle", "entity_id": str(vehicle_id),
                "summary": summary, "before": audit.to_json(before),
                "after": audit.to_json(after)}

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
            self.matcher.remember(found.id, phones, email)
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
            _check_new_vehicle(data, values.get("odometer"))
            row.extra["new"] = (owner_id, data)
            return
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
