"""Parts catalogue, price updates and stock counts from a spreadsheet.

The parts catalogue's own rules apply (``parts._clean``: SKU form, name, prices, quantities;
SKU and barcode uniqueness; known tax classes), checked a column at a time over a batch of
rows (the batch's values by column, see ``rows.Batch``); rows that depend on each other
(the same SKU twice, barcodes) are looked at one by one. The parts service writes: new parts
per batch in bulk (``parts.NewParts``: one ``executemany`` on SQLite, one multi-row INSERT on
PostgreSQL; a 50,000-row list takes seconds, not minutes), changed parts with their audit
entry each (before/after, ``parts.update_parts``), as the parts screen would; barcodes
(``parts.add_barcodes``). The import itself gets one summary audit entry. Stock counts go
through the stock ledger (``stock.record_counts``: one stock-take movement per counted
difference). This module reads and maps; the services write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from shopdesk.errors import AccessDenied
from shopdesk.io.importing.fields import PART_FIELDS
from shopdesk.io.importing.rows import Handler, ImportReport, ParsedRow
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.shop import settings
from shopdesk.services.stock import parts as catalogue
from shopdesk.services.stock import stock, suppliers

if TYPE_CHECKING:
    from shopdesk.models.parts import Part

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


#: A catalogue of up to this many parts (and barcodes) has its keys read once per import
#: (on SQLite: see ``parts.keys_on_file``).
_READ_UP_TO = 20_000


class _Checked(NamedTuple):
    """A batch of part rows as checked, by column (row index -> value)."""

    rows: list[ParsedRow]
    columns: dict[str, list[Any]]  # the parsed values by field key
    skus: list[str]  # normalised ("" where none)
    taxes: list[str | None]  # the shop's own spelling of the tax class
    suppliers: list[int | None]  # supplier ids
    codes: list[list[str]]  # barcodes given on the row


def _columns_of(rows: list[ParsedRow]) -> dict[str, list[Any]]:
    """The rows' parsed values by field key (when the parser did not keep them by column)."""
    keys = {key for row in rows for key in row.values}
    return {key: [row.values.get(key) for row in rows] for key in keys}


class PartImport(Handler):
    """New parts are created, parts with a known SKU are updated (only what the file has)."""

    kind = "parts"

    def __init__(self, actor: Actor, file_name: str) -> None:
        super().__init__(actor, file_name)
        self.seen: dict[str, int] = {}  # SKU or barcode -> row it first appeared on
        self.suppliers: dict[str, int] | None = None  # name (any case) -> id, when needed
        rates = settings.list_tax_rates(actor, include_archived=True)
        self.tax_codes = {r.code.upper(): r.code for r in rates}
        self.new_parts: catalogue.NewParts | None = None  # made at the first new part
        self.found: dict[str, Part] = {}  # SKU -> part on file, for the batch being checked
        self.checked: _Checked | None = None  # the batch being checked, by column
        # The keys on file (and added by this import) when the catalogue is small; None: ask.
        self.skus_on_file: set[str] | None = None
        self.codes_on_file: set[str] | None = None
        self.on_file_read = False

    def _add(self, batch: _Checked, new: list[int]) -> None:
        """The batch's new parts (rows ``new``), by column, to the parts service."""
        if self.new_parts is None:
            self.new_parts = catalogue.NewParts(self.actor)
        every = len(new) == len(batch.rows)  # (the usual batch: every row a new part)
        given = {"sku": batch.skus, "tax_code": batch.taxes, "supplier": batch.suppliers}
        columns: dict[str, list[Any]] = {}
        for name in catalogue.NewParts.FIELDS & _IMPORTED:
            values = given.get(name) or batch.columns.get(name)
            if values is not None:
                columns[name] = values if every else [values[at] for at in new]
        self.new_parts.add(columns, len(new))

    def check_access(self) -> None:
        require_owner_import(self.actor, "the parts catalogue")

    def _clean(self, rows: list[ParsedRow], columns: dict[str, list[Any]],
               eligible: list[int]) -> _Checked:
        """The catalogue's rules for the values given (``parts._clean`` without a query per
        row), a column at a time: SKU form, known tax class, supplier by name, barcodes; the
        parser already checked numbers (not negative)."""
        count = len(rows)
        blank: list[Any] = [None] * count
        given = columns.get("sku", blank)
        normal = catalogue.normal_sku
        skus = list(map(normal, given)) if None not in given else [
            normal(s) if s else "" for s in given]
        if not catalogue.all_good_skus([skus[at] for at in eligible]):
            form = catalogue.SKU_FORM.match  # the parts service's own SKU rule
            for at in [at for at in eligible if not form(skus[at])]:
                rows[at].reject("sku", "1–40 letters, digits, . _ / - (no spaces)")
        taxes: list[str | None] = blank
        if given := columns.get("tax_code"):
            spelt: dict[str | None, str | None] = {None: None}  # as given -> the shop's own
            unknown: dict[str, str] = {}  # as given -> the problem
            for code in set(given) - {None}:
                upper = code.upper()
                if self.tax_codes and upper not in self.tax_codes:
                    unknown[code] = (f"No tax class {code!r} (the shop has "
                                     f"{', '.join(sorted(self.tax_codes.values()))})")
                else:
                    spelt[code] = self.tax_codes.get(upper, code)
            taxes = [spelt.get(code) for code in given]
            for at in [at for at in eligible if given[at] in unknown] if unknown else ():
                rows[at].reject("tax_code", unknown[given[at]])
        chosen: list[int | None] = blank
        if given := columns.get("supplier"):
            chosen = [None] * count
            for at in eligible:
                if name := given[at]:
                    chosen[at] = self._supplier(rows[at], name)
        codes: list[list[str]] = [[]] * count  # (shared and never changed: no barcodes)
        first, more = columns.get("barcode"), columns.get("other_barcodes")
        if first or more:
            codes = [[] for _ in range(count)]
            for at in eligible:
                found = [first[at]] if first and first[at] else []
                if more and more[at]:
                    found += [c.strip() for c in more[at].split(";") if c.strip()]
                codes[at] = found
        return _Checked(rows, columns, skus, taxes, chosen, codes)

    def _supplier(self, row: ParsedRow, name: str) -> int:
        """The supplier's id by name (any case); one not on file yet is added."""
        if self.suppliers is None:
            self.suppliers = suppliers.supplier_ids_by_name(self.actor)
        found = self.suppliers.get(name.casefold())
        if found is None:
            found = suppliers.create_supplier(self.actor, name=name).id
            self.suppliers[name.casefold()] = found
            row.warnings.setdefault("supplier", f"Supplier {name} added")
        return found

    def _check_barcodes(self, row: ParsedRow, codes: list[str], part: Part | None,
                        holders: dict[str, int]) -> None:
        key = "barcode" if "barcode" in row.values else "other_barcodes"
        for code in codes:
            other = self.found.get(catalogue.normal_sku(code))
            if not catalogue.BARCODE_FORM.match(code):  # the parts service's own rule
                row.reject(key, f"Barcode {code!r} is not a code a scanner types")
            elif code in self.seen and self.seen[code] != row.number:
                row.reject(key, f"Barcode {code} is also on row {self.seen[code]}")
            elif code in holders and (part is None or holders[code] != part.id):
                row.reject(key, f"Barcode {code} is already on another part")
            elif other is not None and (part is None or other.id != part.id):
                row.reject(key, f"Barcode {code} is the SKU of part {other.sku}")
            self.seen.setdefault(code, row.number)

    def _on_file(self) -> None:
        """Read the SKUs and barcodes already on file, once, when the catalogue is small:
        then a batch asks the database only about the keys that can be there (SQLite only:
        there the import holds the write lock, so no other PC adds a part meanwhile; on
        PostgreSQL one may, and each batch asks)."""
        if self.skus_on_file is not None or self.on_file_read:
            return
        self.on_file_read = True
        keys = catalogue.keys_on_file(self.actor, _READ_UP_TO)
        if keys is not None:
            self.skus_on_file, self.codes_on_file = keys

    def check(self, rows: list[ParsedRow]) -> None:
        columns = getattr(rows, "columns", None) or _columns_of(rows)
        given_skus = columns.get("sku") or [None] * len(rows)
        for at in [at for at, sku in enumerate(given_skus) if not sku]:
            rows[at].reject("sku", "A part needs a SKU")
        eligible = [at for at, row in enumerate(rows) if not row.problems]
        self.checked = batch = self._clean(rows, columns, eligible)
        skus, codes, names = batch.skus, batch.codes, columns.get("name")
        good = [at for at in eligible if not rows[at].problems]
        keys = {skus[at] for at in good}
        given = {c for at in good for c in codes[at]} if any(codes) else set()
        self._on_file()
        wanted = keys | {c.upper() for c in given}
        wanted_codes = keys | given
        if self.skus_on_file is not None and self.codes_on_file is not None:
            wanted &= self.skus_on_file
            wanted_codes &= self.codes_on_file
        self.found = found = catalogue.parts_by_sku(self.actor, wanted) if wanted else {}
        holders = catalogue.barcode_holders(self.actor, wanted_codes) if wanted_codes else {}
        seen = self.seen
        if not given and not holders:
            in_order = [skus[at] for at in good]
            if len(set(in_order)) == len(in_order) and seen.keys().isdisjoint(in_order):
                # the usual batch: each SKU once, no barcodes: no row depends on another
                seen.update(zip(in_order, [rows[at].number for at in good], strict=True))
                for at in [at for at in good if names is None or names[at] is None]:
                    if found.get(skus[at]) is None:
                        rows[at].reject("name", "A new part needs a name")
                for at, sku in zip(good, in_order, strict=True):
                    rows[at].shown["SKU"] = sku
                return
        for at in good:
            row, sku = rows[at], skus[at]
            part = self.found.get(sku)
            if sku in seen:
                row.reject("sku", f"SKU {sku} is also on row {seen[sku]}: keep one row")
                continue
            seen[sku] = row.number
            if sku in holders and (part is None or holders[sku] != part.id):
                row.reject("sku", f"{sku} is another part's barcode; a scan would be ambiguous")
            if codes[at]:
                self._check_barcodes(row, codes[at], part, holders)
            if part is None and (names is None or names[at] is None):
                row.reject("name", "A new part needs a name")
            row.shown["SKU"] = sku

    def _clean_row(self, at: int) -> dict[str, Any]:
        """One row's values as the part's own fields (for an update)."""
        batch = self.checked
        clean = {k: v for k, v in batch.rows[at].values.items()
                 if k not in _NOT_PART and k != "tax_code"}
        clean["sku"] = batch.skus[at]
        if batch.taxes[at] is not None:
            clean["tax_code"] = batch.taxes[at]
        if batch.suppliers[at] is not None:
            clean["supplier"] = batch.suppliers[at]
        return clean

    def write(self, rows: list[ParsedRow]) -> None:
        batch = self.checked
        assert batch is not None and batch.rows is rows, "write() takes the rows check() had"
        skus, codes, found = batch.skus, batch.codes, self.found
        on_hand = batch.columns.get("on_hand")
        new = [at for at, row in enumerate(rows) if not row.problems]
        barcodes: list[tuple[str, str]] = []  # (code, SKU)
        counted: list[tuple[str, Any, ParsedRow]] = []
        if found or on_hand or any(codes):  # (else: the usual batch, new parts only)
            valid, new = new, []
            changes: list[tuple[Part, dict[str, Any]]] = []
            changed_rows: list[tuple[ParsedRow, bool]] = []  # (row, barcodes added)
            for at in valid:
                row, sku = rows[at], skus[at]
                if on_hand and on_hand[at] is not None:
                    counted.append((sku, on_hand[at], row))
                part = found.get(sku)
                if part is None:
                    new.append(at)
                    barcodes += [(code, sku) for code in codes[at]]
                    continue
                have = set(catalogue.barcodes_of(self.actor, part.id)) if codes[at] else set()
                added = [(code, part.sku) for code in codes[at] if code not in have]
                barcodes += added
                changes.append((part, self._clean_row(at)))
                changed_rows.append((row, bool(added)))
            if changes:
                name = self.file_name
                done = catalogue.update_parts(
                    self.actor, changes,
                    lambda part, fields: f"Part {part.sku} (import {name}): "
                                         + ", ".join(fields))
                for (row, added), changed in zip(changed_rows, done, strict=True):
                    row.outcome = "updated" if changed or added else "unchanged"
        for at in new:
            rows[at].outcome = "created"
        if new:
            self._add(batch, new)
            if self.skus_on_file is not None:
                self.skus_on_file.update(batch.skus[at] for at in new)
        if barcodes and self.codes_on_file is not None:
            self.codes_on_file.update(code for code, _sku in barcodes)
        ids: dict[str, int] = {}
        if barcodes or counted:
            ids = catalogue.part_ids(self.actor, {sku for _c, sku in barcodes}
                                     | {sku for sku, _q, _r in counted})
        if barcodes:
            catalogue.add_barcodes(self.actor, [(code, ids[sku]) for code, sku in barcodes])
        if counted:  # stock on hand: through the stock ledger
            differences = stock.record_counts(
                self.actor, [(ids[sku], quantity) for sku, quantity, _row in counted],
                reference=f"Import {self.file_name}"[:200],
                reason="Stock on hand from an imported parts list")
            for (_sku, _quantity, row), difference in zip(counted, differences, strict=True):
                if difference and row.outcome != "created":
                    row.outcome = "updated"


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
        self.found = catalogue.parts_by_sku(self.actor, {r.values["sku"] for r in rows
                                             if r.values["sku"]})
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
        valid = [row for row in rows if not row.problems]
        if not valid:
            return
        name = self.file_name
        done = catalogue.update_parts(
            self.actor, [(self.found[row.values["sku"]],
                          {k: row.values[k] for k in _PRICES if row.values.get(k) is not None})
                         for row in valid],
            lambda part, _fields: f"{part.sku}: price list {name}")
        for row, changed in zip(valid, done, strict=True):
            row.outcome = "updated" if changed else "unchanged"


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
        by_sku = catalogue.parts_by_sku(self.actor, {catalogue.normal_sku(c) for c in codes})
        holders = catalogue.barcode_holders(self.actor, codes)
        missing_ids = set(holders.values()) - {p.id for p in by_sku.values()}
        by_id = {p.id: p for p in by_sku.values()}
        by_id.update(catalogue.parts_by_id(self.actor, missing_ids))
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
        valid = [row for row in rows if not row.problems]
        if not valid:
            return
        differences = stock.record_counts(
            self.actor, [(row.extra["part"].id, row.values["counted"]) for row in valid],
            reference=f"Import {self.file_name}"[:200],
            reason="Counted (stock count imported from a spreadsheet)")
        for row, difference in zip(valid, differences, strict=True):
            row.shown["Difference"] = f"{difference:+f}"
            row.outcome = "updated" if difference else "unchanged"

    def finish(self, report: ImportReport) -> None:
        if report.updated:
            audit.record(self.actor, "import", "stock count", "", report.summary())
