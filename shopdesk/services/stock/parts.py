"""The parts catalogue: add and edit parts, barcodes, supplier numbers, prices; find by scan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.parts import Part, PartBarcode, Supplier, SupplierPart
from shopdesk.models.settings import TaxRate
from shopdesk.money import CENT
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.amounts import parse_money, parse_quantity
from shopdesk.services.pricing import pricing

UNITS = ("piece", "set", "pair", "litre", "kg", "metre", "box")
PRICE_FIELDS = ("cost", "retail_price", "trade_price")
TEXT_FIELDS = ("name", "brand", "category", "unit", "tax_code", "bin_location")
QTY_FIELDS = ("reorder_point", "reorder_qty")
EDITABLE = ("sku", *TEXT_FIELDS, *PRICE_FIELDS, *QTY_FIELDS, "supplier", "archived")
_SKU = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,39}$")
_CODE = re.compile(r"^[\x21-\x7e]{1,64}$")  # what a scanner types: printable ASCII, no spaces


def normal_sku(sku: str) -> str:
    """SKUs are stored in capitals so a scan or typed lower-case SKU finds them."""
    return sku.strip().upper()


def get_part(part_id: int) -> Part:
    """The part with this id, or NotFoundError."""
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    return part


def snapshot(part: Part) -> dict[str, Any]:
    """The editable values of a part (for audit before/after)."""
    values = {name: getattr(part, name) for name in EDITABLE if name != "supplier"}
    values["supplier"] = part.supplier_id
    return values


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown part field: {', '.join(sorted(unknown))}")
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        if name == "sku":
            clean[name] = normal_sku(str(value))
            if not _SKU.match(clean[name]):
                problems[name] = "1–40 letters, digits, . _ / - (no spaces)"
        elif name in TEXT_FIELDS:
            clean[name] = str(value or "").strip()
        elif name in PRICE_FIELDS:
            try:
                clean[name] = parse_money(value, name.replace("_", " ").capitalize())
            except ValidationError as exc:
                problems[name] = str(exc)
                continue
            if clean[name] < 0:
                problems[name] = "Cannot be negative"
        elif name in QTY_FIELDS:
            try:
                clean[name] = parse_quantity(value, name.replace("_", " ").capitalize())
            except ValidationError as exc:
                problems[name] = str(exc)
                continue
            if clean[name] < 0:
                problems[name] = "Cannot be negative"
        elif name == "supplier":
            clean[name] = None if value in (None, "") else int(getattr(value, "id", value))
            if clean[name] is not None and not Supplier.select().where(
                    Supplier.id == clean[name]).exists():
                problems[name] = "No such supplier"
        else:
            clean[name] = bool(value)
    if "name" in clean and not clean["name"]:
        problems["name"] = "A part needs a name"
    if "unit" in clean and not clean["unit"]:
        problems["unit"] = "A unit is needed (piece, litre…)"
    if clean.get("tax_code") and not TaxRate.select().where(
            TaxRate.code == clean["tax_code"]).exists() and TaxRate.select().exists():
        problems["tax_code"] = f"No tax class {clean['tax_code']!r}"
    if problems:
        raise ValidationError("; ".join(f"{k.replace('_', ' ')}: {v}" if not v.startswith(
            k.replace("_", " ").capitalize()) else v for k, v in problems.items()), problems)
    return clean


def _check_sku_free(sku: str, part_id: int | None = None) -> None:
    query = Part.select().where(Part.sku == sku)
    if part_id is not None:
        query = query.where(Part.id != part_id)
    if query.exists():
        raise ValidationError(f"SKU {sku} is already used by another part", {"sku": "In use"})
    coded = PartBarcode.select().where(PartBarcode.code == sku)
    if part_id is not None:
        coded = coded.where(PartBarcode.part != part_id)
    if coded.exists():
        raise ValidationError(f"{sku} is another part's barcode; a scan would be ambiguous",
                              {"sku": "Another part's barcode"})


def create_part(actor: Actor, *, barcodes: list[str] | tuple[str, ...] = (),
                **values: Any) -> Part:
    """Add a part to the catalogue (SKU and name needed); prices need CHANGE_PRICES."""
    require(actor, Permission.MANAGE_STOCK)
    if "sku" not in values or "name" not in values:
        raise ValidationError("A part needs a SKU and a name",
                              {k: "Needed" for k in ("sku", "name") if k not in values})
    clean = _clean(values)
    if any(clean.get(f) for f in PRICE_FIELDS):
        require(actor, Permission.CHANGE_PRICES)
    with db.atomic():
        _check_sku_free(clean["sku"])
        part = Part(**clean)
        part.save_checked()
        for code in barcodes:
            _add_barcode(part, code)
        _mark_manual(actor, part.id, [f for f in PRICE_FIELDS if clean.get(f)])
        audit.record(actor, "create", "part", part.id, f"Part {part.sku} {part.name}",
                     None, snapshot(part))
    return get_part(part.id)  # as stored (defaults converted)


def update_part(actor: Actor, part_id: int, version: int, **values: Any) -> Part:
    """Change a part from a copy read at ``version``; price changes are audited as such."""
    require(actor, Permission.MANAGE_STOCK)
    clean = _clean(values)
    with db.atomic():
        part = get_part(part_id)
        before = snapshot(part)
        if any(f in clean and clean[f] != before[f] for f in PRICE_FIELDS):
            require(actor, Permission.CHANGE_PRICES)
        if "sku" in clean:
            _check_sku_free(clean["sku"], part.id)
        for name, value in clean.items():
            setattr(part, name, value)
        part.version = version
        part.save_checked()
        old, new = audit.changes(before, snapshot(part))
        if old or new:
            priced = any(f in new for f in PRICE_FIELDS)
            _mark_manual(actor, part.id, new)
            audit.record(actor, "price change" if priced else "update", "part", part.id,
                         f"Part {part.sku}: " + ", ".join(sorted(new)), old, new)
    return part


def _mark_manual(actor: Actor, part_id: int, fields: Iterable[str]) -> None:
    """Prices typed by hand are manual: the markup matrix leaves them alone."""
    levels = [f.removesuffix("_price") for f in fields if f in ("retail_price", "trade_price")]
    if levels:
        pricing.mark_manual(actor, part_id, levels)


def _add_barcode(part: Part, code: str) -> PartBarcode:
    code = code.strip()
    if not _CODE.match(code):
        raise ValidationError(f"Barcode {code!r} is not a code a scanner types",
                              {"barcode": "Printable characters, no spaces"})
    holder = (Part.select(Part.sku, Part.name).join(PartBarcode)
              .where(PartBarcode.code == code).first())
    if holder is not None:
        raise ValidationError(f"Barcode {code} is already on part {holder.sku} ({holder.name})",
                              {"barcode": "On another part"})
    other = Part.get_or_none(Part.sku == normal_sku(code))
    if other is not None and other.id != part.id:
        raise ValidationError(f"Barcode {code} is the SKU of part {other.sku}; a scan would "
                              "be ambiguous", {"barcode": "Another part's SKU"})
    return PartBarcode.create(code=code, part=part)


def add_barcode(actor: Actor, part_id: int, code: str) -> PartBarcode:
    """Link a barcode to a part (a code can belong to one part only)."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        part = get_part(part_id)
        row = _add_barcode(part, code)
        audit.record(actor, "add barcode", "part", part.id, f"Barcode {row.code} on {part.sku}")
    return row


def barcodes_of(part_id: int) -> list[str]:
    """The barcodes of a part, oldest first."""
    return [c for (c,) in PartBarcode.select(PartBarcode.code)
            .where(PartBarcode.part == part_id).order_by(PartBarcode.id).tuples()]


def set_supplier_number(actor: Actor, part_id: int, supplier_id: int, supplier_sku: str) -> None:
    """Record (or change, or clear with "") the supplier's own number for a part."""
    require(actor, Permission.MANAGE_STOCK)
    supplier_sku = supplier_sku.strip()
    with db.atomic():
        part = get_part(part_id)
        SupplierPart.delete().where((SupplierPart.part == part_id)
                                    & (SupplierPart.supplier == supplier_id)).execute()
        if supplier_sku:
            SupplierPart.create(part=part_id, supplier=supplier_id, supplier_sku=supplier_sku)
        audit.record(actor, "supplier number", "part", part.id,
                     f"{part.sku}: supplier #{supplier_id} number {supplier_sku or '(none)'}")


def supplier_number(part_id: int, supplier_id: int) -> str:
    """The supplier's number for a part ("" if none recorded)."""
    row = SupplierPart.get_or_none((SupplierPart.part == part_id)
                                   & (SupplierPart.supplier == supplier_id))
    return row.supplier_sku if row else ""


_LOOKUP_SQL: dict[type, str] = {}


def _lookup_sql() -> str:
    """The scan lookup, compiled once per kind of database (SQL building costs more than
    the indexed query itself)."""
    kind = type(db.obj)
    if kind not in _LOOKUP_SQL:
        coded = PartBarcode.select(PartBarcode.part).where(PartBarcode.code == "")
        query = Part.select().where((Part.id == coded) | (Part.sku == "")).limit(1)
        _LOOKUP_SQL[kind] = query.sql()[0]
    return _LOOKUP_SQL[kind]


def find_by_code(code: str) -> Part | None:
    """What a scan finds: the part with this barcode, or with this SKU (indexed lookups).

    A code can never be both one part's barcode and another's SKU (both are refused), so
    the single query is unambiguous.
    """
    code = code.strip()
    if not code:
        return None
    cursor = db.execute_sql(_lookup_sql(), (code, normal_sku(code), 1))
    row = cursor.fetchone()
    if row is None:
        return None
    fields = _ROW_FIELDS.get(len(row)) or _row_fields(cursor.description)
    # the Part is filled straight from the row (as peewee would, without its per-query
    # set-up, which is most of a scan's time): a scan is ~2x the bare indexed query
    part = Part.__new__(Part)
    part.__data__ = {name: value if convert is None or value is None else convert(value)
                     for (name, convert), value in zip(fields, row, strict=True)}
    part._dirty = set()
    part.__rel__ = {}
    return part


_ROW_FIELDS: dict[int, list[tuple[str, Any]]] = {}
_AS_STORED = (peewee.CharField, peewee.TextField, peewee.IntegerField, peewee.AutoField,
              peewee.ForeignKeyField)  # the driver already gives the Python value


def _row_fields(description) -> list[tuple[str, Any]]:
    """(field name, converter or None) for each column of the lookup's row (cached)."""
    fields = []
    for column in (d[0] for d in description):
        field = Part._meta.columns[column]
        plain = type(field) in _AS_STORED or isinstance(field, peewee.ForeignKeyField)
        fields.append((field.name, None if plain else field.python_value))
    return _ROW_FIELDS.setdefault(len(fields), fields)


def bulk_price_update(actor: Actor, percent: Decimal | int | str, *, brand: str = "",
                      category: str = "", fields: tuple[str, ...] = ("retail_price",)) -> int:
    """Raise (or lower, with a negative percent) prices of a brand and/or category.

    Each new price is rounded half up to the cent; every changed part gets an audit entry.
    Returns how many parts changed.
    """
    require(actor, Permission.CHANGE_PRICES)
    pct = parse_quantity(percent, "Percentage")
    if not Decimal(-90) <= pct <= Decimal(500):
        raise ValidationError("A price change must be between -90% and +500%",
                              {"percent": "-90 to 500"})
    if not brand and not category:
        raise ValidationError("Choose a brand or a category to change prices of")
    if not fields or set(fields) - {"retail_price", "trade_price"}:
        raise ValidationError("Only retail and trade prices can be changed in bulk")
    factor = (Decimal(100) + pct) / Decimal(100)
    query = Part.select().where(Part.archived == False)  # noqa: E712
    if brand:
        query = query.where(Part.brand == brand)
    if category:
        query = query.where(Part.category == category)
    changed = 0
    with db.atomic():
        for part in query.order_by(Part.id):
            before = {f: getattr(part, f) for f in fields}
            after = {f: (v * factor).quantize(CENT, rounding=ROUND_HALF_UP)
                     for f, v in before.items()}
            if after == before:
                continue
            Part.update({getattr(Part, f): v for f, v in after.items()}
                        | {Part.version: Part.version + 1}).where(Part.id == part.id).execute()
            _mark_manual(actor, part.id, after)
            audit.record(actor, "price change", "part", part.id,
                         f"{part.sku}: {pct:+f}% ({brand or 'any brand'}, "
                         f"{category or 'any category'})", before, after)
            changed += 1
    return changed


def archive_part(actor: Actor, part_id: int, archived: bool = True) -> None:
    """Archive (hide from lists and suggestions) or bring back a part; history stays."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        part = get_part(part_id)
        Part.update(archived=archived, version=Part.version + 1).where(
            Part.id == part_id).execute()
        audit.record(actor, "archive" if archived else "unarchive", "part", part.id, part.sku)


DISTINCT_FIELDS = ("brand", "category", "bin_location", "unit")


def distinct_values(name: str) -> list[str]:
    """The brands, categories, bins or units in use (for filters and pickers): ``name`` is
    one of :data:`DISTINCT_FIELDS`."""
    if name not in DISTINCT_FIELDS:
        raise ValueError(f"no list of {name!r}")
    field = getattr(Part, name)
    return [v for (v,) in Part.select(field).where(field != "").distinct()
            .order_by(field).tuples()]
