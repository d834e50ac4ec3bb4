"""The parts catalogue: add and edit parts, barcodes, supplier numbers, prices; find by scan."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.bulk import insert_stored
from shopdesk.models.fields import MoneyField, QuantityField
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
# A SKU's form (after :func:`normal_sku`).
SKU_FORM = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,39}$")
# What a scanner types: printable ASCII, no spaces.
BARCODE_FORM = re.compile(r"^[\x21-\x7e]{1,64}$")


def normal_sku(sku: str) -> str:
    """SKUs are stored in capitals so a scan or typed lower-case SKU finds them."""
    return sku.strip().upper()


def part_row(actor: Actor, part_id: int) -> Part:
    """The part with this id, its cost too, or NotFoundError: for the services' own use
    (never hand it to a window: :func:`get_part` hides the cost from whoever may not see it)."""
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    return part


def shown_to(actor: Actor, part: Part) -> Part:
    """``part`` as ``actor`` may see it: its cost None unless they may see costs (the owner,
    or whoever the owner granted it)."""
    if not actor.sees_costs:
        part.cost = None
    return part


def get_part(actor: Actor, part_id: int) -> Part:
    """The part with this id as ``actor`` may see it (cost None without the see-costs
    permission), or NotFoundError."""
    return shown_to(actor, part_row(actor, part_id))


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
            if not SKU_FORM.match(clean[name]):
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
    return shown_to(actor, part_row(actor, part.id))  # as stored (defaults converted)


def update_part(actor: Actor, part_id: int, version: int, **values: Any) -> Part:
    """Change a part from a copy read at ``version``; price changes are audited as such."""
    require(actor, Permission.MANAGE_STOCK)
    clean = _clean(values)
    with db.atomic():
        part = part_row(actor, part_id)
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
    return shown_to(actor, part)


def _mark_manual(actor: Actor, part_id: int, fields: Iterable[str]) -> None:
    """Prices typed by hand are manual: the markup matrix leaves them alone."""
    levels = [f.removesuffix("_price") for f in fields if f in ("retail_price", "trade_price")]
    if levels:
        pricing.mark_manual(actor, part_id, levels)


def _add_barcode(part: Part, code: str) -> PartBarcode:
    code = code.strip()
    if not BARCODE_FORM.match(code):
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
        part = part_row(actor, part_id)
        row = _add_barcode(part, code)
        audit.record(actor, "add barcode", "part", part.id, f"Barcode {row.code} on {part.sku}")
    return row


def barcodes_of(actor: Actor, part_id: int) -> list[str]:
    """The barcodes of a part, oldest first."""
    return [c for (c,) in PartBarcode.select(PartBarcode.code)
            .where(PartBarcode.part == part_id).order_by(PartBarcode.id).tuples()]


def set_supplier_number(actor: Actor, part_id: int, supplier_id: int, supplier_sku: str) -> None:
    """Record (or change, or clear with "") the supplier's own number for a part."""
    require(actor, Permission.MANAGE_STOCK)
    supplier_sku = supplier_sku.strip()
    with db.atomic():
        part = part_row(actor, part_id)
        SupplierPart.delete().where((SupplierPart.part == part_id)
                                    & (SupplierPart.supplier == supplier_id)).execute()
        if supplier_sku:
            SupplierPart.create(part=part_id, supplier=supplier_id, supplier_sku=supplier_sku)
        audit.record(actor, "supplier number", "part", part.id,
                     f"{part.sku}: supplier #{supplier_id} number {supplier_sku or '(none)'}")


def supplier_number(actor: Actor, part_id: int, supplier_id: int) -> str:
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


def find_by_code(actor: Actor, code: str) -> Part | None:
    """What a scan finds: the part with this barcode, or with this SKU (indexed lookups), as
    ``actor`` may see it (its cost None without the see-costs permission).

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
    return shown_to(actor, part)


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
        part = part_row(actor, part_id)
        Part.update(archived=archived, version=Part.version + 1).where(
            Part.id == part_id).execute()
        audit.record(actor, "archive" if archived else "unarchive", "part", part.id, part.sku)


DISTINCT_FIELDS = ("brand", "category", "bin_location", "unit")


def distinct_values(actor: Actor, name: str) -> list[str]:
    """The brands, categories, bins or units in use (for filters and pickers): ``name`` is
    one of :data:`DISTINCT_FIELDS`."""
    if name not in DISTINCT_FIELDS:
        raise ValueError(f"no list of {name!r}")
    field = getattr(Part, name)
    return [v for (v,) in Part.select(field).where(field != "").distinct()
            .order_by(field).tuples()]


# Many parts at once (an imported catalogue or price list) ---------------------------------


def _keyed(sql: str, keys: Sequence[str]) -> list[tuple]:
    """Run ``sql`` (with one ``IN ({})``) for ``keys`` in chunks; raw SQL: building a
    500-value IN list through the query builder costs more than the query."""
    found: list[tuple] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found += db.execute_sql(sql.format(", ".join([db.param] * len(chunk))),
                                chunk).fetchall()
    return found


def part_ids(actor: Actor, skus: Iterable[str]) -> dict[str, int]:
    """The ids of the parts with these SKUs (as stored: see :func:`normal_sku`), by SKU."""
    return dict(_keyed("SELECT sku, id FROM part WHERE sku IN ({})", sorted(set(skus))))


def parts_by_sku(actor: Actor, skus: Iterable[str]) -> dict[str, Part]:
    """The parts with these SKUs, by SKU (one cheap query per 500 SKUs; whole records only
    for the SKUs found)."""
    ids = sorted(part_ids(actor, skus).values())
    found: dict[str, Part] = {}
    for start in range(0, len(ids), 500):
        for part in Part.select().where(Part.id.in_(ids[start:start + 500])):
            found[part.sku] = part
    return found


def parts_by_id(actor: Actor, ids: Iterable[int]) -> dict[int, Part]:
    """The parts with these ids, by id."""
    ids = sorted(set(ids))
    found: dict[int, Part] = {}
    for start in range(0, len(ids), 500):
        found.update((p.id, p) for p in Part.select().where(Part.id.in_(ids[start:start + 500])))
    return found


def barcode_holders(actor: Actor, codes: Iterable[str]) -> dict[str, int]:
    """The part id of each of these barcodes that is on file, by barcode."""
    return dict(_keyed("SELECT code, part_id FROM part_barcode WHERE code IN ({})",
                       sorted(set(codes))))


def keys_on_file(actor: Actor, up_to: int) -> tuple[set[str], set[str]] | None:
    """Every SKU and every barcode on file, when there are at most ``up_to`` of each (a
    small catalogue: then an import asks the database only about keys that can be there);
    None when there are more, or when another PC could add a part meanwhile. Only SQLite
    inside a writing transaction (``stock.writing``) holds the lock that stops that; on
    PostgreSQL the answer is always None."""
    if not isinstance(db.obj, peewee.SqliteDatabase):
        return None
    keys: list[set[str]] = []
    for table, column in (("part", "sku"), ("part_barcode", "code")):
        found = db.execute_sql(f"SELECT {column} FROM {table} LIMIT {int(up_to) + 1}").fetchall()
        if len(found) > up_to:
            return None
        keys.append({key for (key,) in found})
    return keys[0], keys[1]


def _one_per_line(rule: re.Pattern[str]) -> re.Pattern[str] | None:
    """A rule written ``^...$`` for one value, as a rule for many values one per line (one
    regex pass for a whole list); None when the rule is not written that way."""
    text = rule.pattern
    if not (text.startswith("^") and text.endswith("$")) or rule.flags & ~re.UNICODE:
        return None
    body = text[1:-1]
    return re.compile(f"(?:{body})(?:\n(?:{body}))*")


_SKUS_FORM = _one_per_line(SKU_FORM)


def all_good_skus(skus: Sequence[str]) -> bool:
    """True when every SKU has the :data:`SKU_FORM` (checked in one regex pass over them
    all). False means: at least one has not, or no SKUs; look at them one by one."""
    if _SKUS_FORM is None or not skus:
        return False
    joined = "\n".join(skus)
    return joined.count("\n") == len(skus) - 1 and _SKUS_FORM.fullmatch(joined) is not None


def _scale(field: Any) -> int:
    """Stored units per unit: money in cents (100), quantities in thousandths (1000), else 0."""
    if isinstance(field, MoneyField):
        return 100
    if isinstance(field, QuantityField):
        return 1000
    return 0


class NewParts:
    """Adds many new parts at once (an imported catalogue), their values given a column at a
    time: each part row built from the columns with no call per cell, money and quantities
    turned into stored units through a memo (a list repeats its prices), the rows written
    with one ``executemany`` on SQLite, multi-row INSERTs on PostgreSQL: 50,000 parts in
    about a second.

    The values must have passed the catalogue's rules (an import checks them a column at a
    time, with :data:`SKU_FORM`, known tax classes and suppliers, money and quantities
    exact and not negative). Here every part must have a SKU of that form (one regex pass)
    and a name; a SKU on file is refused by the database. No audit entry per part: the
    caller records what it did (an import, one summary entry). Make one per import: the
    memo lasts as long as it does."""

    # The fields a new part may be given; the others start at the model's defaults.
    FIELDS = frozenset(("sku", *TEXT_FIELDS, *PRICE_FIELDS, *QTY_FIELDS, "supplier"))

    def __init__(self, actor: Actor) -> None:
        require(actor, Permission.MANAGE_STOCK)
        self.actor = actor
        fields = [f for f in Part._meta.sorted_fields
                  if f.name not in ("id", "created_at")] + [Part.created_at]
        self.fields = fields
        # (name, stored default, units per unit) of each column but created_at
        self.layout = [(f.name, f.db_value(f.default() if callable(f.default) else f.default),
                        _scale(f)) for f in fields[:-1]]
        self.stored: dict[str, dict[Any, int]] = {}  # field -> value -> stored units

    def add(self, columns: Mapping[str, Sequence[Any]], count: int) -> None:
        """Add ``count`` parts: ``columns`` has each given field's values in part order
        (``None``: the field's default). Nothing is added when one is refused."""
        unknown = set(columns) - self.FIELDS
        if unknown:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Unknown part field: {names}"),
                                  names=", ".join(sorted(unknown)))
        if not count:
            return
        skus, names = columns.get("sku"), columns.get("name")
        if skus is None or not all_good_skus(skus):
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Every new part needs a SKU of "
                                                              "1–40 letters, digits, . _ / - "
                                                              "(no spaces)"),
                                  {"sku": QT_TRANSLATE_NOOP("Errors", "Needed")})
        if names is None or None in names or "" in names:
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A part needs a name"),
                                  {"name": QT_TRANSLATE_NOOP("Errors", "Needed")})
        if any(any(columns.get(f) or ()) for f in PRICE_FIELDS):
            require(self.actor, Permission.CHANGE_PRICES)
        with db.atomic():
            insert_stored(Part, self.fields, self._records(columns, count))

    def _records(self, given: Mapping[str, Sequence[Any]], count: int) -> list[tuple]:
        columns: list[Any] = []
        for name, default, scale in self.layout:
            values = given.get(name)
            if values is None:
                columns.append(itertools.repeat(default, count))
                continue
            if scale:
                memo = self.stored.get(name)
                if memo is None or len(memo) > 20_000:
                    memo = self.stored[name] = {None: default}
                try:  # every value seen before: one C loop
                    columns.append(list(map(memo.__getitem__, values)))
                except KeyError:
                    known, keep = memo.get, memo.setdefault
                    columns.append([s if (s := known(v)) is not None
                                    else keep(v, int(v * scale)) for v in values])
            else:
                columns.append(values if None not in values else
                               [default if v is None else v for v in values])
        stamp = Part.created_at.db_value(utcnow())
        if isinstance(db.obj, peewee.SqliteDatabase) and isinstance(stamp, dt.datetime):
            stamp = stamp.isoformat(" ")  # as sqlite3 would store it, once, not once a row
        columns.append(itertools.repeat(stamp, count))
        return list(zip(*columns, strict=False))


def update_parts(actor: Actor, changes: Sequence[tuple[Part, Mapping[str, Any]]],
                 describe: Callable[[Part, list[str]], str]) -> list[dict[str, Any]]:
    """Give each part (as read) these values, checked already (an import's rows): only what
    differs is written, the part's version moves on, and each changed part gets its audit
    entry ("price change" when a price changed, else "update", summary ``describe(part,
    changed field names)``). Returns what changed, part by part ({} for none)."""
    require(actor, Permission.MANAGE_STOCK)
    unknown = {k for _part, values in changes for k in values} - set(EDITABLE)
    if unknown:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Unknown part field: {names}"),
                              names=", ".join(sorted(unknown)))
    done: list[dict[str, Any]] = []
    entries: list[audit.Entry] = []
    with db.atomic():
        for part, values in changes:
            before = snapshot(part)
            changed = {k: v for k, v in values.items() if before.get(k) != v}
            done.append(changed)
            if not changed:
                continue
            priced = any(f in changed for f in PRICE_FIELDS)
            if priced:
                require(actor, Permission.CHANGE_PRICES)
            (Part.update({getattr(Part, k): v for k, v in changed.items()}
                         | {Part.version: Part.version + 1})
             .where(Part.id == part.id).execute())
            entries.append(audit.Entry("price change" if priced else "update", "part", part.id,
                                       describe(part, sorted(changed)),
                                       {k: before.get(k) for k in changed}, changed))
        audit.record_many(actor, entries)
    return done


def add_barcodes(actor: Actor, codes: Sequence[tuple[str, int]]) -> None:
    """Link many (barcode, part id) pairs at once, checked already (an import's rows: the
    :data:`BARCODE_FORM`, no code on another part or another part's SKU); a code on file
    is refused by the database. No audit entry each: the caller records what it did."""
    require(actor, Permission.MANAGE_STOCK)
    bad = [code for code, _part in codes if not BARCODE_FORM.match(code)]
    if bad:
        raise ValidationError(QT_TRANSLATE_NOOP("Errors", "Barcode {code} is not a code a "
                                                          "scanner types"),
                              {"barcode": QT_TRANSLATE_NOOP("Errors", "Printable characters, "
                                                                      "no spaces")},
                              code=repr(bad[0]))
    with db.atomic():
        for start in range(0, len(codes), 500):
            PartBarcode.insert_many(codes[start:start + 500],
                                    fields=[PartBarcode.code, PartBarcode.part]).execute()
