"""Everything the shop has, in one workbook: one sheet per table, so the data is never locked in.

Every table of every model gets a sheet named after the table, with a column per field:
money as money, quantities and percentages as numbers, dates as dates, timestamps as dates
and times (UTC, as stored), references to other tables as the other row's id. Rows are read
in id order a batch at a time (memory stays flat on a shop with a million invoice lines).
Left out on purpose: password hashes (secrets, useless elsewhere), the shop logo's bytes (an
image; its size is written instead) and ``schema_version`` (ShopDesk's own bookkeeping).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from shopdesk.errors import ValidationError
from shopdesk.io.exports import ProgressFn, no_progress, shop_currency, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.base import BaseModel
from shopdesk.models.fields import BytesField, MoneyField, QuantityField
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.listing import Kind

BATCH = 5000
#: (table, field) pairs never exported.
SECRET = {("user", "password_hash")}


@dataclass(frozen=True)
class Table:
    """One table to export: its model and the fields that become columns."""

    model: type[BaseModel]
    fields: tuple[peewee.Field, ...]

    @property
    def name(self) -> str:
        return self.model._meta.table_name


def _kind(field: peewee.Field) -> Kind:
    if isinstance(field, MoneyField):
        return Kind.MONEY
    if isinstance(field, QuantityField):
        return Kind.QUANTITY
    if isinstance(field, peewee.DateTimeField):
        return Kind.DATETIME
    if isinstance(field, peewee.DateField):
        return Kind.DATE
    if isinstance(field, peewee.BooleanField):
        return Kind.FLAG
    # No table has a float or decimal column (money is MoneyField cents, quantities thousandths).
    if isinstance(field, peewee.IntegerField | peewee.AutoField | peewee.ForeignKeyField):
        return Kind.NUMBER
    return Kind.TEXT


def _title(field: peewee.Field) -> str:
    name = field.column_name
    if isinstance(field, peewee.DateTimeField):
        return f"{name} (UTC)"
    return name


def tables() -> list[Table]:
    """Every model's table that exists in the open database, in table-name order."""
    import shopdesk.models as package
    from shopdesk.models.base import database_proxy

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    seen: dict[str, type[BaseModel]] = {}
    stack = list(BaseModel.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        meta = model._meta
        if meta.table_name and meta.fields and meta.table_name not in seen:
            seen[meta.table_name] = model
    existing = set(database_proxy.get_tables())
    result = []
    for name in sorted(seen.keys() & existing):
        model = seen[name]
        fields = tuple(f for f in model._meta.sorted_fields if (name, f.name) not in SECRET)
        result.append(Table(model, fields))
    return result


def _rows(table: Table) -> Any:
    """The table's rows as tuples, in primary-key order, a batch at a time."""
    model, pk = table.model, table.model._meta.primary_key
    query = model.select(*table.fields)
    if not isinstance(pk, peewee.AutoField | peewee.IntegerField):
        yield from query.order_by(*[f for f in table.fields]).tuples().iterator()
        return
    position = table.fields.index(pk)
    last = None
    while True:
        batch = query.order_by(pk).limit(BATCH)
        if last is not None:
            batch = batch.where(pk > last)
        rows = list(batch.tuples())
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1][position]


def export_all(actor: Actor, path: str | Path,
               progress: ProgressFn = no_progress) -> dict[str, int]:
    """Write every table to the workbook ``path``; returns rows written per table. Everything
    the shop knows (costs, audit log): owner only."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("The full export is one workbook with a sheet per table: "
                              "name the file .xlsx")
    todo = tables()
    counts: dict[str, int] = {}
    with Workbook(path, currency=shop_currency(), locale=shop_locale()) as book:
        for number, table in enumerate(todo):
            progress(number, len(todo), f"{table.name}")
            kinds = [Kind.TEXT if isinstance(f, BytesField) else _kind(f) for f in table.fields]
            sheet = book.sheet(table.name, [Field(_title(f), k) for f, k in
                                            zip(table.fields, kinds, strict=True)])
            blobs = [i for i, f in enumerate(table.fields) if isinstance(f, BytesField)]
            for row in _rows(table):
                if blobs:
                    row = list(row)
                    for i in blobs:
                        row[i] = None if row[i] is None else f"(binary, {len(row[i]):,} bytes)"
                sheet.write(row)
                if sheet.rows % BATCH == 0:
                    progress(number, len(todo), f"{table.name}: {sheet.rows:,} rows")
            counts[table.name] = sheet.rows
        progress(len(todo), len(todo), "")
    return counts
