"""Parts catalogue, price updates and stock counts from a spreadsheet.

The parts catalogue's own rules apply (``parts._clean``: SKU form, name, prices, quantities;
SKU and barcode uniqueness; known tax classes). New parts are written in batches with one
``executemany`` (a 50,000-row list is a few seconds, not minutes); changed parts are updated
one by one with their audit entry (before/after), as the parts screen would. Stock counts go
through the stock ledger (one stock-take movement per counted difference).
"""

from __future__ import annotations

from typing import Any

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.io.importing.engine import Handler, ImportReport, ParsedRow
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.parts import MovementKind, Part, PartBarcode
from shopdesk.models.settings import TaxRate
from shopdesk.services import audit, stock
from shopdesk.services import parts as catalogue
from shopdesk.services.access import Actor, Permission, require

_PART_VALUES = ("sku", "name", "brand", "category", "unit", "cost", "retail_price",
                "trade_price", "tax_code", "bin_location", "reorder_point", "reorder_qty")
_PRICES = ("cost", "retail_price", "trade_price")


def require_owner_import(actor: Actor, what: str) -> None:
    """Catalogue, price and stock imports change prices or stock shop-wide: the owner's."""
    require(actor, Permission.MANAGE_STOCK)
    if not actor.can(Permission.CHANGE_PRICES):
        raise AccessDenied(f"Only the owner can import {what}; a clerk can import customers "
                           "and vehicles.")


def _existing(skus: set[str]) -> dict[str, Part]:
    found: dict[str, Part] = {}
    items = sorted(skus)
    for start in range(0, len(items), 500):
        for part in Part.select().where(Part.sku.in_(items[start:start + 500])):
            found[part.sku] = part
    return found


def _barcode_owners(codes: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    items = sorted(codes)
    for start in range(0, len(items), 500):
        found.update(PartBarcode.select(PartBarcode.code, PartBarcode.part)
                     .where(PartBarcode.code.in_(items[start:start + 500])).tuples())
    return found


class PartImport(Handler):
    """New parts are created, parts with a known SKU are updated (only what the file has)."""

    kind = "parts"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.seen: dict[str, int] = {}  # SKU or barcode -> row it first appeared on
        rates = list(TaxRate.select(TaxRate.code))
        self.tax_codes = {r.code.upper(): r.code for r in rates}
        self.columns = [f for f in Part._meta.sorted_fields if f.name != "id"]
        names = ", ".join(f.column_name for f in self.columns)
        marks = ", ".join([db.param] * len(self.columns))
        self.insert_sql = f"INSERT INTO part ({names}) VALUES ({marks})"
        self.defaults = {f.name: f.default() if callable(f.default) else f.default
                         for f in self.columns}

    def check_access(self) -> None:
        require_owner_import(self.actor, "the parts catalogue")

    def _clean(self, row: ParsedRow) -> dict[str, Any]:
        values = {k: row.values[k] for k in _PART_VALUES
                  if k in row.values and k != "tax_code" and row.values[k] not in (None, "")}
        try:
            clean = catalogue._clean(values)
        except ValidationError as exc:
            for key, message in (exc.fields or {"": str(exc)}).items():
                row.reject(key, message)
            return {}
        code = row.values.get("tax_code")
        if code:
            if self.tax_codes and code.upper() not in self.tax_codes:
                row.reject("tax_code", f"No tax class {code!r} (the shop has "
                                       f"{', '.join(sorted(self.tax_codes.values()))})")
            else:
                clean["tax_code"] = self.tax_codes.get(code.upper(), code)
        return clean

    def check(self, rows: list[ParsedRow]) -> None:
        for row in rows:
            if not row.values.get("sku"):
                row.reject("sku", "A part needs a SKU")
            row.extra["clean"] = self._clean(row) if not row.problems else {}
        good = [r for r in rows if not r.problems]
        skus = {r.extra["clean"]["sku"] for r in good}
        codes = {r.values["barcode"].strip() for r in good if r.values.get("barcode")}
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
            code = (row.values.get("barcode") or "").strip()
            if code:
                other = self.found.get(catalogue.normal_sku(code))
                if code in self.seen and self.seen[code] != row.number:
                    row.reject("barcode", f"Barcode {code} is also on row {self.seen[code]}")
                elif code in holders and (part is None or holders[code] != part.id):
                    row.reject("barcode", f"Barcode {code} is already on another part")
                elif other is not None and (part is None or other.id != part.id):
                    row.reject("barcode", f"Barcode {code} is the SKU of part {other.sku}")
                self.seen.setdefault(code, row.number)
            if part is None and "name" not in clean:
                row.reject("name", "A new part needs a name")
            row.shown.update({"SKU": sku})

    def write(self, rows: list[ParsedRow]) -> None:
        new: list[tuple] = []
        barcodes: list[tuple[str, str]] = []
        for row in rows:
            if row.problems:
                continue
            clean = row.extra["clean"]
            part = self.found.get(clean["sku"])
            if part is None:
                values = self.defaults | clean | {"created_at": utcnow(), "version": 1}
                new.append(tuple(f.db_value(values[f.name]) for f in self.columns))
                row.outcome = "created"
                if row.values.get("barcode"):
                    barcodes.append((row.values["barcode"].strip(), clean["sku"]))
                continue
            before = catalogue.snapshot(part)
            changed = {k: v for k, v in clean.items() if before.get(k) != v}
            code = (row.values.get("barcode") or "").strip()
            if code and code not in catalogue.barcodes_of(part.id):
                barcodes.append((code, part.sku))
            if not changed:
                row.outcome = "unchanged" if not code else "updated"
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
            db.cursor().executemany(self.insert_sql, new)
        if barcodes:
            ids = dict(Part.select(Part.sku, Part.id)
                       .where(Part.sku.in_([sku for _c, sku in barcodes])).tuples())
            PartBarcode.insert_many([(code, ids[sku]) for code, sku in barcodes],
                                    fields=[PartBarcode.code, PartBarcode.part]).execute()


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
