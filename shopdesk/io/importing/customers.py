"""Customers, and vehicles with their owners, from a spreadsheet.

Every row goes through the customer and vehicle services (the same rules as the forms: names,
phones normalised with libphonenumber, VIN check digit, VIN on file once, odometer never
lower): a matched record is updated by the form's own service call, each row in its own
savepoint so one refused row does not undo the others; new records of a batch are added
together (``customers.add_customers``, ``vehicles.add_vehicles``). A customer is matched by
phone or e-mail, a vehicle by VIN or plate: matches are updated (only what the file has),
never duplicated. This module reads and maps; the services write.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io.importing.rows import Handler, ParsedRow
from shopdesk.models.base import database_proxy as db  # (a savepoint per row, no query)
from shopdesk.models.customers import CustomerKind
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import customers as customer_service
from shopdesk.services.crm import vehicles as vehicle_service
from shopdesk.services.crm.contact_details import check_email, check_phone, shop_region
from shopdesk.services.crm.search_index import words
from shopdesk.services.crm.vin import check_vin

if TYPE_CHECKING:
    from shopdesk.models.customers import Customer

_CUSTOMER_TEXT = ("first_name", "last_name", "company_name", "address", "city", "postcode",
                  "country", "tax_id", "notes")
#: Service field names -> the import's field keys (for messages on the right column).
_FIELD_OF = {"last_name": "name", "first_name": "name", "company_name": "company_name",
             "email": "email", "phone": "phone", "phone0": "phone", "phone1": "phone2",
             "plate": "plate", "vin": "vin", "year": "year", "odometer": "odometer",
             "fuel": "fuel"}


def split_name(full: str) -> tuple[str, str]:
    """ "Lee, Ann" or "Ann Lee" -> ("Ann", "Lee")."""
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.rpartition(" ")
    return first, last


class _Matcher:
    """Find living customers by phone (E.164 or as typed) or e-mail. :meth:`prefetch` looks
    up a whole batch's phones and e-mails in two queries; :meth:`find` then reads those."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.region = shop_region(actor)
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
        keys = {k for number in phones for k in self._check(number) if k}
        addresses = {a for e in emails if e for a in (check_email(e)[0].lower(),
                                                       e.strip().lower())}
        self.by_phone, self.by_email = customer_service.living_by_contact(self.actor, keys,
                                                                             addresses)

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
                return customer_service.get(self.actor, found)
        if email:
            for address in (check_email(email)[0].lower(), email.strip().lower()):
                if address in self.by_email:
                    return customer_service.get(self.actor, self.by_email[address])
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
    return sorted(words(name))


def _same_record(row: ParsedRow, touched: dict[int, int], record_id: int, noun: str) -> None:
    """Refuse a second row of the file that matches a record another row already changed."""
    if record_id in touched:
        raise ValidationError(f"Same {noun} as row {touched[record_id]} (matched by "
                              f"{'phone or e-mail' if noun == 'customer' else 'VIN or plate'})"
                              ": keep one row", {})
    touched[record_id] = row.number


def _by_name(actor: Actor, name: str, company: str) -> Customer | None:
    """The one living customer listed under this name ("Lee, Ann", "Ann Lee" or the
    company), or None when there is none or more than one."""
    first, last = split_name(name)
    return customer_service.only_one_listed_as(actor, (name.strip(), company.strip(),
                                                customer_service.display_name_of(
        customer_service.CustomerInput(first_name=first, last_name=last))))


def _since(day: dt.date | None) -> dt.datetime | None:
    """A "customer since" day as a stored timestamp: noon that day here, in UTC."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(12)).astimezone(dt.UTC).replace(tzinfo=None)


#: The phone fields of a customer row, in the order their numbers are saved.
_PHONES = (("phone", "mobile"), ("phone2", "home"))


class CustomerImport(Handler):
    """Customers: matched by phone or e-mail and updated, else added."""

    kind = "customers"
    batch = 100  # each row goes through the customer service: report progress more often

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher(actor)
        self.seen: dict[str, int] = {}
        self.touched: dict[int, int] = {}  # existing customer id -> row that matched it

    def check_access(self) -> None:
        require(self.actor, Permission.EDIT_CUSTOMERS)

    def _input(self, row: ParsedRow) -> customer_service.CustomerInput:
        """The row as the customer form's values; the field each phone came from goes to
        ``row.extra["phone_keys"]`` (for its warning)."""
        values = row.values
        data = customer_service.CustomerInput()
        for key in _CUSTOMER_TEXT:
            if values.get(key):
                setattr(data, key, values[key])
        if values.get("name") and not (data.first_name or data.last_name):
            data.first_name, data.last_name = split_name(values["name"])
        if data.company_name and not (data.first_name or data.last_name):
            data.kind = CustomerKind.COMPANY.value
        data.email = values.get("email") or ""
        keys = [k for k, _label in _PHONES if values.get(k)]
        data.phones = [customer_service.PhoneInput(values[k], label)
                       for k, label in _PHONES if values.get(k)]
        others = [n.strip() for n in (values.get("other_phones") or "").split(";") if n.strip()]
        data.phones += [customer_service.PhoneInput(n, "other") for n in others]
        row.extra["phone_keys"] = keys + ["other_phones"] * len(others)
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
            data = self._input(row)
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
            if existing is None:
                new.append(row)
                continue
            try:
                with db.atomic():
                    self._update(row, data, existing)
            except ShopDeskError as exc:
                _reject_from(row, exc, "name")
        if new:
            self._add_all(new)

    def _add_all(self, rows: list[ParsedRow]) -> None:
        """New customers, added together by the customer service (its rules; a refused
        row is rejected, the others added)."""
        added = customer_service.add_customers(self.actor, [
            customer_service.NewCustomer(row.extra["input"],
                                         _since(row.values.get("customer_since")))
            for row in rows], note=f"import {self.file_name}")
        for row, result in zip(rows, added, strict=True):
            if result.refused is not None:
                _reject_from(row, result.refused, "name")
                continue
            keys = row.extra["phone_keys"]
            for field, warning in result.warnings.items():
                if field.startswith("phone") and field[5:].isdigit():
                    at = int(field[5:])
                    row.warnings.setdefault(keys[at] if at < len(keys) else "other_phones",
                                            warning)
                elif field != "phone":  # (the first phone's warning again)
                    row.warnings.setdefault(field, warning)
            data: customer_service.CustomerInput = row.extra["input"]
            self.matcher.remember(result.customer_id, [p.number for p in data.phones],
                                  data.email)
            row.outcome = "created"

    def _update(self, row: ParsedRow, data: customer_service.CustomerInput,
                existing: Customer) -> None:
        name = customer_service.display_name_of(data)
        if _folded(name) != _folded(existing.display_name):
            raise ValidationError(
                f"The phone or e-mail is {existing.display_name}'s (customer "
                f"#{existing.id}) but the name is {name}: correct the name, or clear the "
                "phone and e-mail to add a new customer", {"name": "Another customer's"})
        _same_record(row, self.touched, existing.id, "customer")
        merged = customer_service.input_of(self.actor, existing)
        before = customer_service.snapshot(self.actor, existing)
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
        row.outcome = ("updated" if customer_service.snapshot(self.actor, saved.customer) != before
                       else "unchanged")
        since = _since(row.values.get("customer_since"))
        if since:
            customer_service.set_customer_since(self.actor, existing.id, since)
        for field, warning in saved.warnings.items():
            row.warnings.setdefault(_FIELD_OF.get(field, field), warning)


class VehicleImport(Handler):
    """Vehicles: matched by VIN or plate and updated, else added to their owner. The owner is
    found by phone or e-mail, or added from the owner columns of the same row."""

    kind = "vehicles"
    batch = 100

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.matcher = _Matcher(actor)
        self.seen: dict[str, int] = {}
        self.owners: dict[str, int] = {}  # owner key in this file -> customer id
        self.touched: dict[int, int] = {}  # existing vehicle id -> row that matched it

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
        """New vehicles, added together by the vehicle service (its rules; a refused row is
        rejected, the others added)."""
        added = vehicle_service.add_vehicles(self.actor, [
            vehicle_service.NewVehicle(*row.extra["new"], row.values.get("odometer"),
                                       row.values.get("odometer_date"))
            for row in rows], note=f"import {self.file_name}")
        for row, result in zip(rows, added, strict=True):
            if result.refused is not None:
                _reject_from(row, result.refused, "plate")
                continue
            for field, warning in result.warnings.items():
                row.warnings.setdefault(_FIELD_OF.get(field, field), warning)
            row.outcome = "created"

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
            found = _by_name(self.actor, name, company)
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
        vehicle = vehicle_service.living_by_vin_or_plate(self.actor, values["vin"],
                                                         row.extra["plate_key"])
        if vehicle is not None:
            _same_record(row, self.touched, vehicle.id, "vehicle")
        owner_id = self._owner(row)
        data = (vehicle_service.input_of(self.actor, vehicle) if vehicle
                else vehicle_service.VehicleInput())
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
            # refused here, the row's savepoint also undoes an owner added for it
            vehicle_service.validate_new(data, values.get("odometer"))
            row.extra["new"] = (owner_id, data)
            return
        before = vehicle_service.snapshot(self.actor, vehicle)
        saved = vehicle_service.update_vehicle(self.actor, vehicle, data)
        if owner_id is not None and owner_id != saved.vehicle.customer_id:
            vehicle_service.transfer(self.actor, saved.vehicle.id, owner_id,
                                     note=f"Import {self.file_name}")
        after = vehicle_service.snapshot(
            self.actor, vehicle_service.get(self.actor, saved.vehicle.id))
        row.outcome = "updated" if after != before else "unchanged"
        for field, warning in saved.warnings.items():
            row.warnings.setdefault(_FIELD_OF.get(field, field), warning)
        reading = values.get("odometer")
        if reading is not None:
            last = vehicle_service.last_reading(self.actor, saved.vehicle.id)
            if last is not None and reading < last.reading:
                row.warnings.setdefault("odometer", f"Lower than the last reading "
                                                    f"({last.reading:,}): not recorded")
            elif last is None or reading > last.reading:
                vehicle_service.record_odometer(self.actor, saved.vehicle.id, reading,
                                                values.get("odometer_date"))
                if row.outcome == "unchanged":
                    row.outcome = "updated"
