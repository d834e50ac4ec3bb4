"""Parts catalogue, price updates and stock counts from a spreadsheet.

The parts catalogue's own rules apply (``parts._clean``: SKU form, name, prices, quantities;
SKU and barcode uniqueness; known tax classes). New parts are written in batches with one
``executemany`` (a 50,000-row list is a few seconds, not minutes); changed parts are updated
one by one with their audit entry (before/after), as the parts screen would. Stock counts go
through the stock ledger (one stock-take movement per counted difference).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from peewee import SqliteDatabase

from shopdesk.errors import AccessDenied
from shopdesk.io.importing.engine import Handler, ImportReport, ParsedRow
from shopdesk.io.importing.fields import PART_FIELDS
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.fields import MoneyField, QuantityField
from shopdesk.models.parts import MovementKind, Part, PartBarcode, Supplier
from shopdesk.models.settings import TaxRate
from shopdesk.services import audit, stock, suppliers
from shopdesk.services import parts as catalogue
from shopdesk.services.access import Actor, Permission, require

_PRICES = ("cost", "retail_price", "trade_price")
#: The part columns an import can fill (the rest keep the model's defaults).
_IMPORTED = {f.key for f in PART_FIELDS} - {"barcode", "other_barcodes", "on_hand"}
#: Fields a part row may have that are not the part's own columns.
_NOT_PART = frozenset(("barcode", "other_barcodes", "on_hand", "supplier"))


def require_owner_import(actor: Actor, what: str) -> None:
    """Catalogue, price and stock imports change prices or stock shop-wide: the owner's."""
    require(actor, Permission.MANAGE_STOCK)
    if not actor.can(Permission.CHANGE_PRICES):
        raise AccessDenied(f"Only the owner can import {what}; a clerk can import customers "
                           "and vehicles.")


def _lookup(sql: str, keys: list[str]) -> list[tuple]:
    """Run ``sql`` (with one ``IN ({})``) for ``keys`` in chunks; raw SQL: building a
    500-value IN list through the query builder costs more than the query."""
    found: list[tuple] = []
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found += db.execute_sql(sql.format(", ".join([db.param] * len(chunk))),
                                chunk).fetchall()
    return found


def _existing(skus: set[str]) -> dict[str, Part]:
    """The parts with these SKUs (one cheap query per 500; full records only for hits)."""
    ids = [pid for _sku, pid in _lookup("SELECT sku, id FROM part WHERE sku IN ({})",
                                        sorted(skus))]
    found: dict[str, Part] = {}
    for start in range(0, len(ids), 500):
        for part in Part.select().where(Part.id.in_(ids[start:start + 500])):
            found[part.sku] = part
    return found


def _barcode_owners(codes: set[str]) -> dict[str, int]:
    return dict(_lookup("SELECT code, part_id FROM part_barcode WHERE code IN ({})",
                        sorted(codes)))


def _scale(field: Any) -> int:
    """Stored units per unit: money in cents (100), quantities in thousandths (1000), else 0."""
    if isinstance(field, MoneyField):
        return 100
    if isinstance(field, QuantityField):
        return 1000
    return 0


class PartImport(Handler):
    """New parts are created, parts with a known SKU are updated (only what the file has)."""

    kind = "parts"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.seen: dict[str, int] = {}  # SKU or barcode -> row it first appeared on
        self.suppliers: dict[str, int] | None = None  # name (any case) -> id, when needed
        rates = list(TaxRate.select(TaxRate.code))
        self.tax_codes = {r.code.upper(): r.code for r in rates}
        # A new part's row as stored: the model's defaults, then the file's values.
        self.created_at = Part.created_at
        columns = [f for f in Part._meta.sorted_fields
                   if f.name not in ("id", "created_at")] + [Part.created_at]
        names = ", ".join(f.column_name for f in columns)
        marks = ", ".join([db.param] * len(columns))
        self.insert_sql = f"INSERT INTO part ({names}) VALUES ({marks})"
        self.stored: dict[str, dict[Any, int]] = {}  # column -> value -> stored units
        self.layout = [(f.name, f.db_value(f.default() if callable(f.default) else f.default),
                        _scale(f)) for f in columns[:-1]]

    def _records(self, cleans: list[dict[str, Any]]) -> list[tuple]:
        """New parts as stored rows, built a column at a time (no call per cell)."""
        count = len(cleans)
        columns: list[Any] = []
        for name, default, scale in self.layout:
            if name not in _IMPORTED:
                columns.append(itertools.repeat(default, count))
            elif scale:
                memo = self.stored.setdefault(name, {})
                if len(memo) > 20_000:
                    memo.clear()
                known, keep = memo.get, memo.setdefault  # value -> stored units
                columns.append([default if (v := c.get(name)) is None
                                else s if (s := known(v)) is not None
                                else keep(v, int(v * scale)) for c in cleans])
            else:
                columns.append([c.get(name, default) for c in cleans])
        stamp = self.created_at.db_value(utcnow())
        if isinstance(db.obj, SqliteDatabase) and isinstance(stamp, dt.datetime):
            stamp = stamp.isoformat(" ")  # as sqlite3 would store it, once, not once a row
        columns.append(itertools.repeat(stamp, count))
        return list(zip(*columns, strict=False))

    def check_access(self) -> None:
        require_owner_import(self.actor, "the parts catalogue")

    def _clean(self, row: ParsedRow) -> dict[str, Any]:
        """The catalogue's rules for the values given (``parts._clean`` without a query per
        row): SKU form, and what the parser already checked (numbers, not negative)."""
        values = row.values
        clean = dict(values)  # only the cells given (parsed, never None)
        if not _NOT_PART.isdisjoint(values):
            for key in _NOT_PART:
                clean.pop(key, None)
        sku = catalogue.normal_sku(clean.get("sku", ""))
        if not catalogue._SKU.match(sku):  # the parts service's own SKU rule
            row.reject("sku", "1–40 letters, digits, . _ / - (no spaces)")
        clean["sku"] = sku
        code = clean.pop("tax_code", None)
        if code:
            upper = code.upper()
            if self.tax_codes and upper not in self.tax_codes:
                row.reject("tax_code", f"No tax class {code!r} (the shop has "
                                       f"{', '.join(sorted(self.tax_codes.values()))})")
            else:
                clean["tax_code"] = self.tax_codes.get(upper, code)
        if values.get("supplier"):
            clean["supplier"] = self._supplier(row, values["supplier"])
        codes = [values["barcode"]] if values.get("barcode") else []
        if more := values.get("other_barcodes"):
            codes += [c.strip() for c in more.split(";") if c.strip()]
        row.extra["barcodes"] = codes
        return clean

    def _supplier(self, row: ParsedRow, name: str) -> int:
        """The supplier's id by name (any case); one not on file yet is added."""
        if self.suppliers is None:
            self.suppliers = {n.casefold(): i for i, n in
                              Supplier.select(Supplier.id, Supplier.name).tuples()}
        found = self.suppliers.get(name.casefold())
        if found is None:
            found = suppliers.create_supplier(self.actor, name=name).id
            self.suppliers[name.casefold()] = found
            row.warnings.setdefault("supplier", f"Supplier {name} added")
        return found

    def _check_barcodes(self, row: ParsedRow, part: Part | None,
                        holders: dict[str, int]) -> None:
        key = "barcode" if "barcode" in row.values else "other_barcodes"
        for code in row.extra["barcodes"]:
            other = self.found.get(catalogue.normal_sku(code))
            if not catalogue._CODE.match(code):  # the parts service's own barcode rule
                row.reject(key, f"Barcode {code!r} is not a code a scanner types")
            elif code in self.seen and self.seen[code] != row.number:
                row.reject(key, f"Barcode {code} is also on row {self.seen[code]}")
            elif code in holders and (part is None or holders[code] != part.id):
                row.reject(key, f"Barcode {code} is already on another part")
            elif other is not None and (part is None or other.id != part.id):
                row.reject(key, f"Barcode {code} is the SKU of part {other.sku}")
            self.seen.setdefault(code, row.number)

    def check(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            if not row.values.get("sku"):
                row.reject("sku", "A part needs a SKU")
            row.extra["clean"] = self._clean(row) if not row.problems else {}
        good = [r for r in rows if not r.problems]
        skus = {r.extra["clean"]["sku"] for r in good}
        codes = {c for r in good for c in r.extra["barcodes"]}
        self.found = _existing(skus | {c.upper() for c in codes})
        holders = _barcode_owners(skus | codes)
        for row in good:
            clean = row.extra["clean"]
            sku = clean["sku"]
            part = self.found.get(sku)
            if sku in self.seen:
                row.reject("sku", f"SKU {sku} is also on row {self.seen[sku]}: keep one row")
                continue
            self.seen[sku] = row.number
            if sku in holders and (part is None or holders[sku] != part.id):
                row.reject("sku", f"{sku} is another part's barcode; a scan would be ambiguous")
            if row.extra["barcodes"]:
                self._check_barcodes(row, part, holders)
            if part is None and "name" not in clean:
                row.reject("name", "A new part needs a name")
            row.shown.update({"SKU": sku})

    def write(self, rows: list[ParsedRow]) -> None:
        new: list[dict[str, Any]] = []
        barcodes: list[tuple[str, str]] = []
        counted: list[tuple[str, Any, ParsedRow]] = []
        for row in rows:
            if row.problems:
                continue
            clean = row.extra["clean"]
            if row.values.get("on_hand") is not None:
                counted.append((clean["sku"], row.values["on_hand"], row))
            part = self.found.get(clean["sku"])
            if part is None:
                new.append(clean)
                row.outcome = "created"
                barcodes += [(code, clean["sku"]) for code in row.extra["barcodes"]]
                continue
            before = catalogue.snapshot(part)
            changed = {k: v for k, v in clean.items() if before.get(k) != v}
            have = set(catalogue.barcodes_of(part.id)) if row.extra["barcodes"] else set()
            added = [(code, part.sku) for code in row.extra["barcodes"] if code not in have]
            barcodes += added
            if not changed:
                row.outcome = "updated" if added else "unchanged"
                continue
            with db.atomic():
                (Part.update({getattr(Part, k): v for k, v in changed.items()}
                             | {Part.version: Part.version + 1})
                 .where(Part.id == part.id).execute())
                old, after = audit.changes(before, before | changed)
                priced = any(f in after for f in _PRICES)
                audit.record(self.actor, "price change" if priced else "update", "part",
                             part.id, f"Part {part.sku} (import {self.file_name}): "
                             + ", ".join(sorted(after)), old, after)
            row.outcome = "updated"
        if new:
            db.cursor().executemany(self.insert_sql, self._records(new))
        ids: dict[str, int] = {}
        if barcodes or counted:
            ids = dict(_lookup("SELECT sku, id FROM part WHERE sku IN ({})",
                               sorted({sku for _c, sku in barcodes}
                                      | {sku for sku, _q, _r in counted})))
        if barcodes:
            PartBarcode.insert_many([(code, ids[sku]) for code, sku in barcodes],
                                    fields=[PartBarcode.code, PartBarcode.part]).execute()
        for sku, quantity, row in counted:  # stock on hand: through the stock ledger
            on_hand = Part.get_by_id(ids[sku]).on_hand
            if quantity != on_hand:
                row.outcome = row.outcome if row.outcome == "created" else "updated"
                stock.record_movement(self.actor, ids[sku], MovementKind.STOCKTAKE,
                                      quantity - on_hand,
                                      reference=f"Import {self.file_name}"[:200],
                                      reason="Stock on hand from an imported parts list")


class PriceImport(Handler):
    """New prices for known SKUs; each changed part gets a price-change audit entry."""

    kind = "prices"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.seen: dict[str, int] = {}
        self.found: dict[str, Part] = {}

    def check_access(self) -> None:
        require_owner_import(self.actor, "price updates")

    def check(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            row.values["sku"] = catalogue.normal_sku(row.values.get("sku") or "")
        self.found = _existing({r.values["sku"] for r in rows if r.values["sku"]})
        for row in rows:
            sku = row.values["sku"]
            if not sku:
                row.reject("sku", "No SKU")
            elif sku not in self.found:
                row.reject("sku", f"No part has the SKU {sku}: import it as a part first")
            elif sku in self.seen:
                row.reject("sku", f"SKU {sku} is also on row {self.seen[sku]}: keep one row")
            else:
                self.seen[sku] = row.number
            if not any(row.values.get(k) is not None for k in _PRICES) and not row.problems:
                row.reject("", "No price on this row")

    def write(self, rows: list[ParsedRow]) -> None:
        entries: list[dict[str, Any]] = []
        for row in rows:
            if row.problems:
                continue
            part = self.found[row.values["sku"]]
            new = {k: row.values[k] for k in _PRICES if row.values.get(k) is not None}
            before = {k: getattr(part, k) for k in new}
            changed = {k: v for k, v in new.items() if before[k] != v}
            if not changed:
                row.outcome = "unchanged"
                continue
            (Part.update({getattr(Part, k): v for k, v in changed.items()}
                         | {Part.version: Part.version + 1}).where(Part.id == part.id).execute())
            entries.append(dict(
                at=utcnow(), user=self.actor.user_id, username=self.actor.username,
                action="price change", entity="part", entity_id=str(part.id),
                summary=f"{part.sku}: price list {self.file_name}",
                before=audit.to_json({k: before[k] for k in changed}),
                after=audit.to_json(changed)))
            row.outcome = "updated"
        for start in range(0, len(entries), 500):
            AuditEntry.insert_many(entries[start:start + 500]).execute()


class StockImport(Handler):
    """A count per SKU (or barcode): the difference to stock on hand is booked on the stock
    ledger as a stock-take movement, referenced to the file."""

    kind = "stock"
    batch = 200  # one stock-ledger movement per counted difference

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.seen: dict[int, int] = {}
        self.parts: dict[str, Part] = {}

    def check_access(self) -> None:
        require_owner_import(self.actor, "stock counts")

    def check(self, rows: list[ParsedRow]) -> None:
        codes = {(r.values.get("sku") or "").strip() for r in rows} - {""}
        by_sku = _existing({catalogue.normal_sku(c) for c in codes})
        holders = _barcode_owners(codes)
        missing_ids = set(holders.values()) - {p.id for p in by_sku.values()}
        by_id = {p.id: p for p in by_sku.values()}
        by_id.update({p.id: p for p in Part.select().where(Part.id.in_(sorted(missing_ids)))})
        for row in rows:
            code = (row.values.get("sku") or "").strip()
            part = by_sku.get(catalogue.normal_sku(code)) or by_id.get(holders.get(code, -1))
            if not code:
                row.reject("sku", "No SKU")
            elif part is None:
                row.reject("sku", f"No part has the SKU or barcode {code}")
            elif part.id in self.seen:
                row.reject("sku", f"{part.sku} is also counted on row {self.seen[part.id]}: "
                                  "add the counts up in one row")
            else:
                self.seen[part.id] = row.number
                row.extra["part"] = part
            if row.values.get("counted") is None and "counted" not in row.problems:
                row.reject("counted", "No count")

    def write(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            if row.problems:
                continue
            part = row.extra["part"]
            on_hand = Part.get_by_id(part.id).on_hand
            difference = row.values["counted"] - on_hand
            row.shown["Difference"] = f"{difference:+f}"
            if not difference:
                row.outcome = "unchanged"
                continue
            stock.record_movement(self.actor, part.id, MovementKind.STOCKTAKE, difference,
                                  reference=f"Import {self.file_name}"[:200],
                                  reason="Counted (stock count imported from a spreadsheet)")
            row.outcome = "updated"

    def finish(self, report: ImportReport) -> None:
        if report.updated:
            audit.record(self.actor, "import", "stock count", "", report.summary())
