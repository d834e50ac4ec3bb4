"""The shop's customers, vehicles and parts as plain spreadsheets another program (or ShopDesk's
own import) reads back: one row per record, plain column names ("Name", "Phone", "Plate",
"SKU", "Retail price"), money as money, no internal ids.

Active records only (archived and merged ones stay in the full export). Rows are read a batch
at a time in a stable order (name, plate, SKU), so memory stays flat and exporting the same
data twice gives the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from shopdesk.errors import ValidationError
from shopdesk.io.exports import ProgressFn, no_progress, shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.models.parts import Part, PartBarcode, Supplier
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.access import Actor
from shopdesk.services.listing import Kind

BATCH = 2000
#: columns only whoever may see costs gets
COST_FIELDS = frozenset({"Cost"})

CUSTOMER_FIELDS = [
    Field("First name", width=14), Field("Last name", width=16), Field("Company", width=24),
    Field("Phone", width=18), Field("Phone 2", width=18), Field("Email", width=28),
    Field("Address", width=28), Field("City", width=16), Field("Postcode", width=10),
    Field("Country", width=10), Field("Tax ID", width=14), Field("Marketing consent", Kind.FLAG),
    Field("Notes", width=30), Field("Customer since", Kind.DATE),
    Field("Payment terms (days)", Kind.NUMBER), Field("Preferred channel", width=10),
    Field("Other phones", width=24), Field("Grade", width=10), Field("Last visit", Kind.DATE),
]
VEHICLE_FIELDS = [
    Field("Plate", width=12), Field("VIN", width=19), Field("Make", width=14),
    Field("Model", width=14), Field("Year", Kind.NUMBER, 6), Field("Engine", width=10),
    Field("Fuel", width=8), Field("Colour", width=10), Field("Odometer", Kind.NUMBER),
    Field("Owner", width=26), Field("Owner phone", width=18), Field("Owner email", width=26),
    Field("Notes", width=30),
]
PART_FIELDS = [
    Field("SKU", width=16), Field("Name", width=32), Field("Brand", width=14),
    Field("Category", width=14), Field("Unit", width=8), Field("Cost", Kind.MONEY),
    Field("Retail price", Kind.MONEY), Field("Trade price", Kind.MONEY),
    Field("Tax code", width=8), Field("Bin", width=10), Field("Reorder point", Kind.QUANTITY),
    Field("Reorder quantity", Kind.QUANTITY), Field("Barcode", width=16),
    Field("On hand", Kind.QUANTITY), Field("Supplier", width=20),
    Field("Other barcodes", width=20),
]


def _batches(query: peewee.ModelSelect) -> Iterator[list[Any]]:
    offset = 0
    while True:
        rows = list(query.offset(offset).limit(BATCH))
        if rows:
            yield rows
        if len(rows) < BATCH:
            return
        offset += BATCH


def _phones(customer_ids: list[int]) -> dict[int, list[str]]:
    phones: dict[int, list[str]] = {}
    query = (CustomerPhone.select(CustomerPhone.customer, CustomerPhone.number)
             .where(CustomerPhone.customer.in_(customer_ids))
             .order_by(CustomerPhone.customer, CustomerPhone.position, CustomerPhone.id))
    for customer_id, number in query.tuples():
        phones.setdefault(customer_id, []).append(number)
    return phones


def _local_date(stamp: dt.datetime | None) -> dt.date | None:
    if stamp is None:
        return None
    return stamp.replace(tzinfo=dt.UTC).astimezone().date()


def customer_rows() -> Iterator[list[Any]]:
    """Active customers by name: main and second phone, any further ones joined by "; "."""
    query = (Customer.select()
             .where((Customer.archived == False) & Customer.merged_into.is_null())  # noqa: E712
             .order_by(Customer.display_name, Customer.id))
    for batch in _batches(query):
        phones = _phones([c.id for c in batch])
        for c in batch:
            numbers = [*phones.get(c.id, []), "", ""]
            yield [c.first_name, c.last_name, c.company_name, numbers[0], numbers[1], c.email,
                   c.address, c.city, c.postcode, c.country, c.tax_id, c.marketing_consent,
                   c.notes, _local_date(c.created_at), c.payment_terms_days,
                   c.preferred_channel, "; ".join(n for n in numbers[2:] if n), c.grade,
                   c.last_visit_on]


def vehicle_rows() -> Iterator[list[Any]]:
    """Active vehicles by plate, with the owner's name, main phone and e-mail."""
    query = (Vehicle.select(Vehicle, Customer).join(Customer)
             .where(Vehicle.archived == False)  # noqa: E712
             .order_by(Vehicle.plate_key, Vehicle.vin, Vehicle.id))
    for batch in _batches(query):
        phones = _phones(list({v.customer_id for v in batch}))
        for v in batch:
            owner = v.customer
            numbers = phones.get(owner.id, [])
            yield [v.plate, v.vin, v.make, v.model, v.year, v.engine, v.fuel, v.colour,
                   v.odometer, owner.display_name, numbers[0] if numbers else "", owner.email,
                   v.notes]


def part_rows() -> Iterator[list[Any]]:
    """Active parts by SKU: first barcode, on hand, supplier, further barcodes by "; "."""
    query = (Part.select(Part, Supplier).join(Supplier, peewee.JOIN.LEFT_OUTER)
             .where(Part.archived == False)  # noqa: E712
             .order_by(Part.sku))
    for batch in _batches(query):
        codes: dict[int, list[str]] = {}
        for part_id, code in (PartBarcode.select(PartBarcode.part, PartBarcode.code)
                              .where(PartBarcode.part.in_([p.id for p in batch]))
                              .order_by(PartBarcode.part, PartBarcode.id).tuples()):
            codes.setdefault(part_id, []).append(code)
        for p in batch:
            barcodes = [*codes.get(p.id, []), ""]
            yield [p.sku, p.name, p.brand, p.category, p.unit, p.cost, p.retail_price,
                   p.trade_price, p.tax_code, p.bin_location, p.reorder_point, p.reorder_qty,
                   barcodes[0], p.on_hand, p.supplier.name if p.supplier_id else "",
                   "; ".join(b for b in barcodes[1:] if b)]


@dataclass(frozen=True)
class RecordExport:
    """One kind of record: sheet title, columns, rows and how to count them."""

    title: str
    fields: list[Field]
    rows: Callable[[], Iterator[list[Any]]]
    count: Callable[[], int]


RECORDS = {
    "customers": RecordExport(
        "Customers", CUSTOMER_FIELDS, customer_rows,
        lambda: Customer.select().where((Customer.archived == False)  # noqa: E712
                                        & Customer.merged_into.is_null()).count()),
    "vehicles": RecordExport(
        "Vehicles", VEHICLE_FIELDS, vehicle_rows,
        lambda: Vehicle.select().where(Vehicle.archived == False).count()),  # noqa: E712
    "parts": RecordExport(
        "Parts", PART_FIELDS, part_rows,
        lambda: Part.select().where(Part.archived == False).count()),  # noqa: E712
}


def export_records(actor: Actor, what: str, path: str | Path, fmt: str | None = None,
                   progress: ProgressFn = no_progress) -> int:
    """Write ``customers``, ``vehicles`` or ``parts`` to ``path`` (xlsx or csv). The parts'
    Cost column only for whoever may see costs (the owner, or granted): for anyone else the
    file has no such column (its import reads back without it)."""
    spec = RECORDS.get(what)
    if spec is None:
        raise ValidationError(f"Export customers, vehicles or parts, not {what!r}")
    fields, keep = spec.fields, None
    if not actor.sees_costs:
        keep = [i for i, f in enumerate(spec.fields) if f.title not in COST_FIELDS]
        fields = [spec.fields[i] for i in keep]
    total = spec.count()
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt=fmt) as book:
        sheet = book.sheet(spec.title, fields)
        for row in spec.rows():
            sheet.write(row if keep is None else [row[i] for i in keep])
            if sheet.rows % 1000 == 0:
                progress(sheet.rows, total, f"{sheet.rows:,} of {total:,}")
    return sheet.rows
