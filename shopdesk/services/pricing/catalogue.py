"""Supplier catalogues: the supplier's price file as catalogue lines (their part number,
description, cost per pack, pack size, barcode, brand), without creating stock items.

Importing is two steps: :func:`plan_import` reads the rows and says what would be added,
changed and refused (row by row); :func:`apply_import` writes exactly that plan. Columns are
recognised by their headers; a column nobody recognises must be mapped by the user (to a
field or to "ignore"), else the file is refused with a message naming the columns found.

Lines are linked to parts by the supplier number already recorded on a part, by barcode,
or by hand; :mod:`shopdesk.services.pricing.catalogue_costs` updates the linked parts' costs.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import peewee

from shopdesk.errors import ConflictError, NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.parts import Part, PartBarcode, Supplier, SupplierPart
from shopdesk.models.pricing import CatalogueLine
from shopdesk.money import CENT, MILLI
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.pricing import bulk

#: The fields of a catalogue line, as the mapping screen names them.
FIELDS = {"supplier_sku": "Supplier part number", "description": "Description",
          "cost": "Cost (per pack)", "pack_size": "Pack size", "barcode": "Barcode",
          "brand": "Brand"}
REQUIRED = ("supplier_sku", "cost")
IGNORE = "ignore"
#: Headers suppliers use, normalised (lower case, single spaces) -> field.
SYNONYMS = {
    **dict.fromkeys(("supplier part number", "supplier sku", "part number", "part no",
                     "part no.", "part", "partno", "item", "item number", "item no", "sku",
                     "article", "article number", "code", "product code", "ref",
                     "reference", "catalogue number", "cat no"), "supplier_sku"),
    **dict.fromkeys(("description", "name", "product", "product name", "item description",
                     "desc", "title"), "description"),
    **dict.fromkeys(("cost", "price", "net price", "net", "unit price", "trade price",
                     "dealer price", "cost price", "your price", "buy price", "list price net"),
                    "cost"),
    **dict.fromkeys(("pack", "pack size", "pack qty", "qty per pack", "pack quantity",
                     "units per pack", "per pack", "moq", "case qty", "pkg qty"), "pack_size"),
    **dict.fromkeys(("barcode", "ean", "ean13", "ean 13", "upc", "gtin"), "barcode"),
    **dict.fromkeys(("brand", "manufacturer", "make", "mfr", "maker"), "brand"),
}
KNOWN_HEADERS = tuple(SYNONYMS)
MAX_COST = Decimal("1000000.00")


def normal(text: str) -> str:
    """A header as compared: lower case, letters and digits separated by single spaces."""
    return " ".join(re.sub(r"[^0-9a-z.]+", " ", text.casefold()).split()).strip(" .")


def guess_mapping(headers: Sequence[str]) -> dict[str, str | None]:
    """Each header -> the field it is recognised as (None: not recognised)."""
    used: set[str] = set()
    result: dict[str, str | None] = {}
    for header in headers:
        guess = SYNONYMS.get(normal(header)) or SYNONYMS.get(normal(header).replace(".", ""))
        result[header] = guess if guess and guess not in used else None
        if guess:
            used.add(guess)
    return result


def resolve_mapping(headers: Sequence[str],
                    chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """The column -> field mapping to import with: recognised headers, overridden by
    ``chosen`` (header -> field or "ignore"). Refuses (ValidationError naming the columns
    found) unknown columns nobody mapped, a field mapped twice and a missing required one."""
    chosen = dict(chosen or {})
    bad = [h for h in chosen if h not in headers]
    if bad:
        raise ValidationError(f"The file has no column {', '.join(bad)}; its columns are: "
                              f"{', '.join(headers)}")
    mapping: dict[str, str] = {}
    unknown = []
    for header, guess in guess_mapping(headers).items():
        target = chosen.get(header, guess)
        if target is None:
            unknown.append(header)
        elif target != IGNORE:
            if target not in FIELDS:
                raise ValidationError(f"Column {header!r} cannot be read as {target!r}; "
                                      f"choose one of {', '.join(FIELDS)} or {IGNORE}")
            mapping[header] = target
    if unknown:
        raise ValidationError(
            f"Unknown column(s) {', '.join(repr(u) for u in unknown)}: say what each holds or "
            f"ignore it. Columns found: {', '.join(headers)}",
            {"columns": ", ".join(unknown)})
    targets = list(mapping.values())
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise ValidationError(f"{', '.join(FIELDS[t] for t in twice)} is read from more than "
                              "one column; ignore all but one")
    missing = [FIELDS[f] for f in REQUIRED if f not in targets]
    if missing:
        raise ValidationError(f"No column holds the {' or the '.join(missing).lower()}. "
                              f"Columns found: {', '.join(headers)}",
                              {"columns": "Missing " + ", ".join(missing)})
    return mapping


class PriceRow(NamedTuple):
    """One good row of a price file, as it would be stored (a named tuple: tens of thousands
    are made per file)."""

    row: int
    supplier_sku: str
    description: str
    cost: Decimal
    pack_size: Decimal
    barcode: str
    brand: str


@dataclass(frozen=True)
class RowError:
    """A row that cannot be imported, and why (row number as the spreadsheet shows it)."""

    row: int
    message: str


@dataclass
class ImportPlan:
    """What importing a price file would do; nothing is written until :func:`apply_import`."""

    supplier_id: int
    supplier_name: str
    new: list[PriceRow] = field(default_factory=list)
    changed: list[tuple[PriceRow, Decimal, Decimal]] = field(default_factory=list)  # row,
    # old cost, old pack size
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows(self) -> list[PriceRow]:
        return self.new + [r for r, _c, _p in self.changed]


def _text(value: object) -> str:
    if type(value) is str:  # (the common case first)
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).strip()


def _number(value: object, what: str, places: Decimal) -> Decimal:
    if type(value) is Decimal and value.is_finite():  # (the common case: read as a number)
        number = value
    else:
        if value is None or value == "":
            raise ValueError(f"no {what}")
        if isinstance(value, bool | float):
            raise ValueError(f"{what} {value!r} is not an exact number")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise ValueError(f"{what} {_text(value)!r} is not a number") from None
    try:
        rounded = number.quantize(places)
    except InvalidOperation:  # (more digits than Decimal keeps: far beyond any price)
        raise ValueError(f"{what} {_text(value)} is not believable") from None
    if number != rounded:
        raise ValueError(f"{what} {_text(value)} has more than {-places.as_tuple().exponent} "
                         "decimals")
    return rounded


def _row(number: int, values: Mapping[str, object]) -> PriceRow:
    get = values.get
    sku = get("supplier_sku")
    sku = sku.strip() if type(sku) is str else _text(sku)
    if not sku:
        raise ValueError("no supplier part number")
    if len(sku) > 60:
        raise ValueError(f"supplier part number {sku[:20]}… is longer than 60 characters")
    cost = _number(get("cost"), "cost", CENT)
    if cost <= 0:
        raise ValueError(f"cost {cost} must be more than zero")
    if cost > MAX_COST:
        raise ValueError(f"cost {cost} is not believable")
    pack_value = get("pack_size")
    pack = (Decimal(1) if pack_value is None or pack_value == ""
            else _number(pack_value, "pack size", MILLI))
    if pack <= 0:
        raise ValueError(f"pack size {_text(pack_value)} must be more than zero")
    text, code, brand = get("description"), get("barcode"), get("brand")
    return PriceRow(number, sku,
                    (text.strip() if type(text) is str else _text(text))[:255], cost,
                    pack.quantize(MILLI),
                    (code.strip() if type(code) is str else _text(code))[:64],
                    (brand.strip() if type(brand) is str else _text(brand))[:60])


#: A number as a program writes it ("12.50"): read as Decimal(text), what
#: :func:`shopdesk.io.cell_values.decimal` makes of it too.
PLAIN_NUMBER = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
#: Past this a float cell is not read directly (the general path refuses it by name).
_FLOAT_LIMIT = 1e15
_ONE_PACK = Decimal(1).quantize(MILLI)
_ZERO = Decimal(0)

#: A row as read, before conversion: (row number, cells, notes) (see sheet_reader.CellRow).
CellRow = tuple[int, list[Any], dict[str, str]]


def _cell_number(value: object) -> Decimal | None:
    """A plain number cell ("12.50", or a float from a workbook) as Decimal; None for
    anything the general path must look at (written numbers, text, huge numbers)."""
    kind = type(value)
    if kind is str:
        text = value.strip()  # type: ignore[union-attr]
        return Decimal(text) if PLAIN_NUMBER.fullmatch(text) else None
    if kind is float and -_FLOAT_LIMIT < value < _FLOAT_LIMIT:  # type: ignore[operator]
        # (as sheet_reader.exact reads it: whole numbers exactly, others by their repr)
        return Decimal(int(value) if value.is_integer() else repr(value))  # type: ignore
    if kind is int and -_FLOAT_LIMIT < value < _FLOAT_LIMIT:  # type: ignore[operator]
        return Decimal(value)  # type: ignore[arg-type]
    return None


def _pack_of(cell: str | float | None) -> Decimal | None:
    """A pack size cell (text, or a workbook's number) as the fast way takes it: the pack
    size to 3 decimals (1 when empty), or None for anything the general way must look at.
    (Files hold few different pack sizes: :func:`check_cells` asks once per different
    cell.)"""
    if cell is None:
        return _ONE_PACK
    if type(cell) is str:
        text = cell.strip()
        if not text:
            return _ONE_PACK
        if not (text.isascii() and text.replace(".", "", 1).isdigit()):
            return None
        pack: Decimal | None = Decimal(text)
    else:
        pack = _cell_number(cell)
    if pack is None or not _ZERO < pack < _FLOAT_LIMIT:
        return None
    packed = pack.quantize(MILLI)
    return packed if packed == pack else None


#: Rows checked together a column at a time (:func:`_by_columns`).
_BATCH = 1000
#: A batch's costs, one a line: all in cents ("12.50"), or plain with at most 2 decimals
#: ("12.5", "12"), each below a million.
_IN_CENTS = re.compile(r"(?:[0-9]{1,6}\.[0-9]{2}\n)*").fullmatch
_TO_CENTS = re.compile(r"(?:[0-9]{1,6}(?:\.[0-9]{0,2})?\n)*").fullmatch


def _by_columns(batch: list[CellRow], at: tuple[int | None, ...],
                packs: dict[object, Decimal | None]
                ) -> tuple[list[PriceRow], list[str]] | None:
    """A batch of rows checked a column at a time (loops in C, not in Python), when every
    row of it is plain: no notes, every mapped cell there and text (a workbook's costs and
    pack sizes may be numbers; descriptions, barcodes, brands and pack sizes may be empty
    cells, None), part numbers of 1-60 characters, costs plain numbers above
    zero and below a million with at most 2 decimals, pack sizes good. Then the rows, and
    their part numbers; else None (the batch is checked row by row). ``at``: the cell
    positions of the fields (None: no column), as :func:`check_cells` orders them;
    ``packs``: pack size cell -> :func:`_pack_of` (filled in)."""
    numbers, rows, notes = zip(*batch, strict=True)
    if any(notes) or min(map(len, rows)) <= max(i for i in at if i is not None):
        return None
    size = len(rows)
    sku_at, cost_at, pack_at, text_at, code_at, brand_at = at
    assert sku_at is not None and cost_at is not None
    texts = str
    skus = list(map(operator.itemgetter(sku_at), rows))
    if set(map(type, skus)) != {texts}:
        return None
    skus = list(map(texts.strip, skus))
    if not all(skus) or max(map(len, skus)) > 60:
        return None
    costs = list(map(operator.itemgetter(cost_at), rows))
    kinds = set(map(type, costs))
    if kinds == {texts}:
        costs = list(map(texts.strip, costs))
    elif kinds == {float}:  # (as _cell_number reads them: 12.5 is "12.5", 7.0 is 7)
        costs = list(map(repr, costs))
    else:
        return None
    lines = "\n".join(costs) + "\n"
    if lines.count("\n") != size:  # (a cell of more than one line)
        return None
    if _IN_CENTS(lines):
        values = list(map(Decimal, costs))
    elif _TO_CENTS(lines):
        values = list(map(Decimal.quantize, map(Decimal, costs), itertools.repeat(CENT)))
    else:
        return None
    if min(values) <= _ZERO:
        return None
    if pack_at is None:
        packed = [_ONE_PACK] * size
    else:
        cells = list(map(operator.itemgetter(pack_at), rows))
        if not set(map(type, cells)) <= {texts, float, type(None)}:
            return None
        distinct = set(cells)
        for cell in distinct.difference(packs):
            packs[cell] = _pack_of(cell)  # type: ignore[arg-type]
        if any(packs[cell] is None for cell in distinct):
            return None
        packed = list(map(packs.__getitem__, cells))
    words = []
    for where, width in ((text_at, 255), (code_at, 64), (brand_at, 60)):
        if where is None:
            words.append([""] * size)
            continue
        cells = list(map(operator.itemgetter(where), rows))
        kinds = set(map(type, cells))
        if kinds != {texts}:
            if not kinds <= {texts, type(None)}:
                return None
            cells = ["" if cell is None else cell for cell in cells]  # (an empty cell)
        cells = list(map(texts.strip, cells))
        if max(map(len, cells)) > width:
            cells = [cell[:width] for cell in cells]
        words.append(cells)
    text, code, brand = words
    return (list(map(tuple.__new__, itertools.repeat(PriceRow),
                     zip(numbers, skus, text, values, packed, code, brand, strict=True))),
            skus)


def check_cells(cell_rows: Iterable[CellRow], columns: Mapping[str, int],
                values_of: Callable[[CellRow], dict[str, object] | None],
                kept: list[CellRow] | None = None, *, good: dict[str, PriceRow] | None = None,
                errors: list[RowError] | None = None) -> list[PriceRow | RowError]:
    """Each row of a price file checked in the pass that reads it: a :class:`PriceRow`, or
    a :class:`RowError` naming what is wrong. ``columns`` gives each field's cell position;
    plain cells (text, plain numbers) are checked here as :func:`_row` checks them, and any
    other row (a written number like "1,234.50", a note, a short row, an error) goes the
    general way: ``values_of`` converts it (None: an empty row, left out) for :func:`_row`.
    Rows are read in batches: a batch of plain rows only is checked a column at a time
    (:func:`_by_columns`), any other batch row by row. Each row read is also added to
    ``kept`` when given.

    With ``good`` and ``errors`` the import's sorting is done in the same pass, as
    :func:`plan_import` does it: ``good`` gets each part number's first good row, ``errors``
    every row error and each later row of a part number already seen (in row order)."""
    results: list[PriceRow | RowError] = []
    append = results.append
    fields = ("supplier_sku", "cost", "pack_size", "description", "barcode", "brand")
    # every field's cell at once (a field without a column reads the first column's cell,
    # then is set to what a missing column gives); a short row raises IndexError
    pick = operator.itemgetter(*(columns.get(f, min(columns.values(), default=0))
                                 for f in fields))
    has_pack, has_text, has_code, has_brand = (f in columns for f in fields[2:])
    plain = "supplier_sku" in columns and "cost" in columns  # (else the general way names
    # what is missing)
    sorting = good is not None and errors is not None
    refuse = errors.append if errors is not None else None
    first = good if good is not None else {}
    cent, top, zero = CENT, MAX_COST, _ZERO
    one = _ONE_PACK
    packs: dict[object, Decimal | None] = {}  # a pack size cell -> _pack_of(cell)
    make = tuple.__new__  # (a PriceRow without its keyword-taking __new__: same tuple)
    row: PriceRow | RowError
    at = tuple(columns.get(f) for f in fields)
    items = iter(cell_rows)
    for batch in iter(lambda: list(itertools.islice(items, _BATCH)), []):
        if kept is not None:
            kept.extend(batch)
        done = _by_columns(batch, at, packs) if plain else None
        if done is not None:  # (the common case: every row plain)
            made, skus = done
            results.extend(made)
            if not sorting:
                continue
            if len(set(skus)) == len(skus) and first.keys().isdisjoint(skus):
                first.update(zip(skus, made, strict=True))
                continue
            for row in made:
                sku = row.supplier_sku
                if sku in first:
                    refuse(RowError(row.row, f"{sku} is already on row {first[sku].row}"))
                else:
                    first[sku] = row
            continue
        for item in batch:
            number, cells, notes = item
            if plain and not notes:
                try:
                    sku, cost, pack, text, code, brand = pick(cells)
                except IndexError:  # a short row: the general way
                    sku = None
                # a part number, and a cost that is a plain number (ASCII digits with at most
                # one "."; "12.50" is in cents already; ".5" and "5." the general way reads as
                # the same number): the rest of the row decides
                value = None
                if type(sku) is str:
                    sku = sku.strip()
                    if type(cost) is str:
                        cost = cost.strip()
                        if cost.isascii() and cost.replace(".", "", 1).isdigit():
                            value = Decimal(cost)
                            if cost[-3:-2] != ".":
                                value = (value.quantize(cent) if zero < value <= top
                                         and value.quantize(cent) == value else None)
                    elif sku:
                        value = _cell_number(cost)
                        if value is not None:
                            value = (value.quantize(cent) if zero < value <= top
                                     and value.quantize(cent) == value else None)
                if value is not None and zero < value <= top and sku and len(sku) <= 60:
                    if not has_pack:
                        packed = one
                    elif (kind := type(pack)) is str or kind is float:
                        try:
                            packed = packs[pack]
                        except KeyError:
                            packed = packs[pack] = _pack_of(pack)
                    else:
                        packed = one if pack is None else (
                            _pack_of(pack) if kind is int else None)
                    text = ((text.strip()[:255] if type(text) is str else None)
                            if has_text else "")
                    code = ((code.strip()[:64] if type(code) is str else None)
                            if has_code else "")
                    brand = ((brand.strip()[:60] if type(brand) is str else None)
                             if has_brand else "")
                    if packed is not None and text is not None and code is not None \
                            and brand is not None:
                        row = make(PriceRow, (number, sku, text, value, packed, code, brand))
                        append(row)
                        if sorting:
                            if sku in first:
                                refuse(RowError(number, f"{sku} is already on row "
                                                        f"{first[sku].row}"))
                            else:
                                first[sku] = row
                        continue
            values = values_of(item)  # the general way (also names what is wrong)
            if values is None:
                continue
            try:
                row = _row(number, values)
            except ValueError as exc:
                row = RowError(number, str(exc))
            append(row)
            if sorting:
                if type(row) is RowError:
                    refuse(row)
                elif (sku := row.supplier_sku) in first:
                    refuse(RowError(number, f"{sku} is already on row {first[sku].row}"))
                else:
                    first[sku] = row
    return results


class CheckedRows(Sequence[tuple[int, Mapping[str, object]]]):
    """A price file's rows, checked as they were read (:func:`check_cells`):
    :func:`plan_import` takes the checked rows as they are (and, when the pass sorted them
    too, ``good`` and ``errors``: see :func:`check_cells`); read as a sequence they are the
    rows by field (field -> value), made when first asked for."""

    def __init__(self, checked: list[PriceRow | RowError],
                 by_field: Callable[[], list[tuple[int, dict[str, object]]]],
                 good: dict[str, PriceRow] | None = None,
                 errors: list[RowError] | None = None) -> None:
        self.checked = checked
        self._by_field = by_field
        self._rows: list[tuple[int, dict[str, object]]] | None = None
        self.good = good
        self.errors = errors

    def _made(self) -> list[tuple[int, dict[str, object]]]:
        if self._rows is None:
            self._rows = self._by_field()
        return self._rows

    def __len__(self) -> int:
        return len(self.checked)

    def __getitem__(self, index: Any) -> Any:
        return self._made()[index]

    def __iter__(self) -> Iterator[tuple[int, Mapping[str, object]]]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CheckedRows):
            other = other._made()
        return self._made() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CheckedRows({self._made()!r})"


def get_supplier(actor: Actor, supplier_id: int) -> Supplier:
    """The supplier, or NotFoundError."""
    supplier = Supplier.get_or_none(Supplier.id == supplier_id)
    if supplier is None:
        raise NotFoundError(f"There is no supplier #{supplier_id}")
    return supplier


def find_supplier(actor: Actor, name: str) -> Supplier:
    """A supplier by name (any case), or NotFoundError naming the suppliers there are."""
    supplier = Supplier.get_or_none(peewee.fn.LOWER(Supplier.name) == name.strip().lower())
    if supplier is None:
        names = [n for (n,) in Supplier.select(Supplier.name).order_by(Supplier.name).tuples()]
        raise NotFoundError(f"There is no supplier {name!r}; suppliers: {', '.join(names)}")
    return supplier


def _checked(rows: Iterable[tuple[int, Mapping[str, object]]]
             ) -> Iterator[PriceRow | RowError]:
    for number, values in rows:
        try:
            yield _row(number, values)
        except ValueError as exc:
            yield RowError(number, str(exc))


def _sorted(checked: Iterable[PriceRow | RowError], errors: list[RowError]
            ) -> dict[str, PriceRow]:
    """Each part number's first good row; row errors, and later rows of a part number
    already seen, added to ``errors`` (what :func:`check_cells` does when asked to sort)."""
    good: dict[str, PriceRow] = {}
    with bulk.gc_paused():
        for row in checked:
            if type(row) is RowError:
                errors.append(row)
                continue
            sku = row.supplier_sku
            if sku in good:
                errors.append(RowError(row.row, f"{sku} is already on row {good[sku].row}"))
                continue
            good[sku] = row
    return good


def plan_import(actor: Actor, supplier_id: int,
                rows: Iterable[tuple[int, Mapping[str, object]]]) -> ImportPlan:
    """Check every row (field -> value, with its row number) against the supplier's
    catalogue: new lines, changed costs or pack sizes, unchanged, and row errors. It shows
    the old and new costs: only for whoever may see costs."""
    require(actor, Permission.SEE_COSTS)
    supplier = get_supplier(actor, supplier_id)
    plan = ImportPlan(supplier.id, supplier.name)
    if isinstance(rows, CheckedRows) and rows.good is not None and rows.errors is not None:
        good = rows.good  # (sorted in the pass that read the file)
        plan.errors.extend(rows.errors)
    else:
        good = _sorted(rows.checked if isinstance(rows, CheckedRows) else _checked(rows),
                       plan.errors)
    existing = {sku: (cost, pack, desc, code, brand) for sku, cost, pack, desc, code, brand in
                CatalogueLine.select(CatalogueLine.supplier_sku, CatalogueLine.cost,
                                     CatalogueLine.pack_size, CatalogueLine.description,
                                     CatalogueLine.barcode, CatalogueLine.brand)
                .where(CatalogueLine.supplier == supplier.id).tuples()}
    if not existing:  # (a supplier's first file: every line is new)
        plan.new.extend(good.values())
        return plan
    for sku, row in good.items():
        old = existing.get(sku)
        if old is None:
            plan.new.append(row)
        elif old != (row.cost, row.pack_size, row.description, row.barcode, row.brand):
            plan.changed.append((row, old[0], old[1]))
        else:
            plan.unchanged += 1
    return plan


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    linked: int


def apply_import(actor: Actor, plan: ImportPlan) -> ImportResult:
    """Write a plan the user confirmed (rows with errors are skipped, as the plan showed),
    then link new lines to parts by supplier number or barcode. Refuses, writing nothing, if
    the catalogue changed since the plan was made."""
    require(actor, Permission.CHANGE_PRICES)
    if not plan.new and not plan.changed:
        raise ValidationError("Nothing to import: every line is already in the catalogue as "
                              "it is in the file")
    now = utcnow()
    with db.atomic():
        get_supplier(actor, plan.supplier_id)
        skus = [r.supplier_sku for r in plan.new]
        clash = (CatalogueLine.select().where((CatalogueLine.supplier == plan.supplier_id)
                                              & CatalogueLine.supplier_sku.in_(skus)).exists()
                 if skus else False)
        if clash:
            raise ConflictError("The catalogue changed since this file was checked; nothing "
                                "was imported. Check the file again.")
        for start in range(0, len(plan.new), 500):
            CatalogueLine.insert_many([
                {"supplier": plan.supplier_id, "supplier_sku": r.supplier_sku,
                 "description": r.description, "cost": r.cost, "pack_size": r.pack_size,
                 "barcode": r.barcode, "brand": r.brand, "updated_at": now}
                for r in plan.new[start:start + 500]]).execute()
        for row, _cost, _pack in plan.changed:
            (CatalogueLine.update(description=row.description, cost=row.cost,
                                  pack_size=row.pack_size, barcode=row.barcode,
                                  brand=row.brand, updated_at=now)
             .where((CatalogueLine.supplier == plan.supplier_id)
                    & (CatalogueLine.supplier_sku == row.supplier_sku)).execute())
        linked = _auto_link(plan.supplier_id)
        audit.record(actor, "import", "supplier catalogue", plan.supplier_id,
                     f"{plan.supplier_name} price file: {len(plan.new)} new, "
                     f"{len(plan.changed)} changed, {len(plan.errors)} row(s) with errors "
                     f"skipped, {linked} linked to parts")
    return ImportResult(len(plan.new), len(plan.changed), linked)


# --- linking ---------------------------------------------------------------------------------
def _auto_link(supplier_id: int) -> int:
    """Link unlinked lines to parts: by the supplier number recorded on a part, else by
    barcode (a part's barcode or SKU). Returns how many were linked."""
    by_number = dict(SupplierPart.select(SupplierPart.supplier_sku, SupplierPart.part)
                     .where(SupplierPart.supplier == supplier_id).tuples())
    unlinked = list(CatalogueLine.select(CatalogueLine.id, CatalogueLine.supplier_sku,
                                         CatalogueLine.barcode)
                    .where((CatalogueLine.supplier == supplier_id)
                           & CatalogueLine.part.is_null()).tuples())
    codes = {code for _i, _s, code in unlinked if code}
    by_code: dict[str, int] = {}
    if codes:
        by_code = dict(PartBarcode.select(PartBarcode.code, PartBarcode.part)
                       .where(PartBarcode.code.in_(list(codes))).tuples())
    linked = 0
    for line_id, sku, code in unlinked:
        part_id = by_number.get(sku) or (by_code.get(code) if code else None)
        if part_id:
            CatalogueLine.update(part=part_id).where(CatalogueLine.id == line_id).execute()
            linked += 1
    return linked


def auto_link(actor: Actor, supplier_id: int) -> int:
    """Link the supplier's unlinked lines by supplier number or barcode; audited."""
    require(actor, Permission.CHANGE_PRICES)
    with db.atomic():
        supplier = get_supplier(actor, supplier_id)
        linked = _auto_link(supplier.id)
        if linked:
            audit.record(actor, "link", "supplier catalogue", supplier.id,
                         f"{supplier.name}: {linked} catalogue line(s) linked to parts")
    return linked


def get_line(actor: Actor, line_id: int) -> CatalogueLine:
    """A catalogue line, or NotFoundError; its cost None unless ``actor`` may see costs."""
    line = CatalogueLine.get_or_none(CatalogueLine.id == line_id)
    if line is None:
        raise NotFoundError(f"There is no catalogue line #{line_id}")
    if not actor.sees_costs:
        line.cost = None
    return line


def link(actor: Actor, line_id: int, part_id: int | None) -> None:
    """Link a catalogue line to a part by hand (None: unlink). The supplier's number is
    recorded on the part when it has none for this supplier yet."""
    require(actor, Permission.CHANGE_PRICES)
    with db.atomic():
        line = get_line(actor, line_id)
        if part_id is not None:
            part = Part.get_or_none(Part.id == part_id)
            if part is None:
                raise NotFoundError(f"There is no part #{part_id}")
            if not SupplierPart.select().where((SupplierPart.part == part_id) & (
                    SupplierPart.supplier == line.supplier_id)).exists():
                SupplierPart.create(part=part_id, supplier=line.supplier_id,
                                    supplier_sku=line.supplier_sku)
            summary = f"{line.supplier_sku} linked to {part.sku}"
        else:
            summary = f"{line.supplier_sku} unlinked"
        CatalogueLine.update(part=part_id).where(CatalogueLine.id == line.id).execute()
        audit.record(actor, "link", "supplier catalogue", line.supplier_id, summary,
                     {"part": line.part_id}, {"part": part_id})
