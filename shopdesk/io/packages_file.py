"""The maintenance packages as a spreadsheet: export to .xlsx and import it back.

Layout: one sheet, one row per package line, the rows of a package together. The package's
own columns (Package … Archived) are written on every one of its rows; on import, a package
is the rows with the same name in the Package column, its fields are taken from its first
row, and later rows must leave them empty or say the same (a differing value is refused,
naming the row). Headers are written in the document language; either language's headers
are read. "Unit price" empty: the part's retail price or the workshop's labour rate; "Fixed
price" empty: the sum of the lines. Fuels: comma-separated words (petrol, 汽油, EV …), empty
for any fuel.

Import is all or nothing: every row is checked first; then every package is created or
replaced by name in one transaction (``--dry-run``: the same, rolled back). A formula in a
cell is refused, never evaluated.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from shopdesk import i18n
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.io import cell_values
from shopdesk.io.exports import shop_currency, shop_locale
from shopdesk.io.sheet_reader import SheetError, SheetRow, normal_header, open_sheet
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.base import database_proxy as db
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.parts import Part
from shopdesk.services.access import Actor
from shopdesk.services.crm import fuel as fuels
from shopdesk.services.listing import Kind
from shopdesk.services.workshop import maintenance
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput

_C = "PackagesFile"
# (key, header as marked for translation, kind): the file's columns in order.
COLUMNS: list[tuple[str, str, Kind]] = [
    ("name", QT_TRANSLATE_NOOP("PackagesFile", "Package"), Kind.TEXT),
    ("description", QT_TRANSLATE_NOOP("PackagesFile", "Description"), Kind.TEXT),
    ("make", QT_TRANSLATE_NOOP("PackagesFile", "Make"), Kind.TEXT),
    ("model", QT_TRANSLATE_NOOP("PackagesFile", "Model"), Kind.TEXT),
    ("engine", QT_TRANSLATE_NOOP("PackagesFile", "Engine"), Kind.TEXT),
    ("year_from", QT_TRANSLATE_NOOP("PackagesFile", "Year from"), Kind.NUMBER),
    ("year_to", QT_TRANSLATE_NOOP("PackagesFile", "Year to"), Kind.NUMBER),
    ("fuel_types", QT_TRANSLATE_NOOP("PackagesFile", "Fuels"), Kind.TEXT),
    ("interval_km", QT_TRANSLATE_NOOP("PackagesFile", "Every km"), Kind.NUMBER),
    ("interval_months", QT_TRANSLATE_NOOP("PackagesFile", "Every months"), Kind.NUMBER),
    ("season_from", QT_TRANSLATE_NOOP("PackagesFile", "Season from"), Kind.TEXT),
    ("season_to", QT_TRANSLATE_NOOP("PackagesFile", "Season to"), Kind.TEXT),
    ("fixed_price", QT_TRANSLATE_NOOP("PackagesFile", "Fixed price"), Kind.MONEY),
    ("archived", QT_TRANSLATE_NOOP("PackagesFile", "Archived"), Kind.TEXT),
    ("kind", QT_TRANSLATE_NOOP("PackagesFile", "Line kind"), Kind.TEXT),
    ("line_description", QT_TRANSLATE_NOOP("PackagesFile", "Line description"), Kind.TEXT),
    ("sku", QT_TRANSLATE_NOOP("PackagesFile", "SKU"), Kind.TEXT),
    ("quantity", QT_TRANSLATE_NOOP("PackagesFile", "Quantity"), Kind.QUANTITY),
    ("hours", QT_TRANSLATE_NOOP("PackagesFile", "Hours"), Kind.QUANTITY),
    ("unit_price", QT_TRANSLATE_NOOP("PackagesFile", "Unit price"), Kind.MONEY),
]
PACKAGE_KEYS = [key for key, _h, _k in COLUMNS[:14]]
_HEADERS = {key: header for key, header, _kind in COLUMNS}
_OPTIONAL = {"description", "make", "model", "engine", "year_from", "year_to", "fuel_types",
             "interval_km", "interval_months", "season_from", "season_to", "fixed_price",
             "archived", "line_description", "hours", "unit_price"}
_LINE_KEYS = ("kind", "line_description", "sku", "quantity", "hours", "unit_price")

KIND_LABELS = {"labour": QT_TRANSLATE_NOOP("Labels", "Labour"),
               "part": QT_TRANSLATE_NOOP("Labels", "Part"),
               "fee": QT_TRANSLATE_NOOP("Labels", "Fee"),
               "sublet": QT_TRANSLATE_NOOP("Labels", "Sublet")}
_YES = QT_TRANSLATE_NOOP("PackagesFile", "yes")
_NO = QT_TRANSLATE_NOOP("PackagesFile", "no")


def _every_language(text: str, context: str) -> set[str]:
    return {normal_header(translate(context, text, code)) for code in i18n.LANGUAGES} | {
        normal_header(text)}


# --- export -------------------------------------------------------------------------------
def package_rows(actor: Actor) -> list[list[Any]]:
    """Every package (archived too, by name) as the file's rows, in the language in use."""
    rows = []
    yes, no = translate(_C, _YES), translate(_C, _NO)
    for pkg in maintenance.all_packages(actor, include_archived=True):
        head = [pkg.name, pkg.description, pkg.make, pkg.model, pkg.engine, pkg.year_from,
                pkg.year_to, ", ".join(fuels.label(f) for f in fuels.KNOWN_FUELS
                                       if f in fuels.fuel_set(pkg.fuel_types)),
                pkg.interval_km, pkg.interval_months, pkg.season_from, pkg.season_to,
                pkg.fixed_price, yes if pkg.archived else no]
        for li in maintenance.lines_of(actor, pkg):
            rows.append([*head, translate("Labels", KIND_LABELS.get(li.kind, li.kind)),
                         li.description, li.part.sku if li.part_id else "", li.quantity,
                         li.hours or None, li.unit_price])
    return rows


def export_packages(actor: Actor, path: str | Path) -> int:
    """Write every package to ``path`` (.xlsx); returns how many packages."""
    if Path(path).suffix.lower() != ".xlsx":
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "Packages are exported to an .xlsx file, not {name}"),
            name=Path(path).name)
    rows = package_rows(actor)
    fields = [Field(translate(_C, header), kind) for _key, header, kind in COLUMNS]
    with Workbook(path, currency=shop_currency(), locale=shop_locale(), fmt="xlsx") as book:
        sheet = book.sheet(translate("PackagesFile", "Packages"), fields)
        for row in rows:
            sheet.write(row)
    return len({row[0] for row in rows})


# --- import -------------------------------------------------------------------------------
@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do): package names by outcome."""

    dry_run: bool
    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary a person reads, in the language in use."""
        def names(found: list[str]) -> str:
            return ": " + ", ".join(found) if found else ""
        if self.dry_run:
            head = [translate("PackagesFile", "Dry run: nothing was written.")]
            texts = (translate("PackagesFile", "Would create {count} package(s)"),
                     translate("PackagesFile", "Would change {count} package(s)"))
        else:
            head = []
            texts = (translate("PackagesFile", "Created {count} package(s)"),
                     translate("PackagesFile", "Changed {count} package(s)"))
        return [
            *head, texts[0].format(count=len(self.created)) + names(self.created),
            texts[1].format(count=len(self.replaced)) + names(self.replaced),
            translate("PackagesFile", "{count} package(s) unchanged").format(
                count=len(self.unchanged))]


def _refuse(row: int, key: str, problem: str, **values: Any) -> ValidationError:
    """'Row 4, Every km: …' — the problem is marked in Errors and translated there."""
    from shopdesk.errors import translate_text

    return ValidationError(QT_TRANSLATE_NOOP("Errors", "Row {row}, {column}: {problem}"),
                           {key: problem}, row=row, column=translate(_C, _HEADERS[key]),
                           problem=translate_text(problem, values))


@dataclass
class _Package:
    row: int
    values: dict[str, Any]
    lines: list[LineInput]
    archived_parts: list[tuple[int, str]]  # (row, SKU): refused only if the package changes


def _columns(headers: list[str], name: str) -> dict[str, str]:
    """key -> the file's header for it; a missing needed column is refused."""
    found: dict[str, str] = {}
    for header in headers:
        normal = normal_header(header)
        for key, title, _kind in COLUMNS:
            if key not in found and normal in _every_language(title, _C):
                found[key] = header
    missing = [key for key, _t, _k in COLUMNS if key not in found and key not in _OPTIONAL]
    if missing:
        raise SheetError(QT_TRANSLATE_NOOP(
            "Errors", "{file} has no column {columns}: export the packages to see the layout"),
            file=name, columns=", ".join(translate(_C, _HEADERS[k]) for k in missing))
    return found


def _formula_cells(path: Path) -> list[str]:
    """The cells (B4 …) of the first sheet that hold a formula."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return []
    try:
        sheet = book.worksheets[0]
        return [cell.coordinate for row in sheet.iter_rows() for cell in row
                if getattr(cell, "data_type", "") == "f"]
    finally:
        book.close()


def _text(row: SheetRow, columns: dict[str, str], key: str) -> str:
    header = columns.get(key)
    return cell_values.text(row.values.get(header)) if header else ""


def _cell_number(row: SheetRow, columns: dict[str, str], key: str
                 ) -> tuple[object, Decimal | None] | None:
    """The cell of ``key`` and its number (None: not a number); None for an empty cell."""
    header = columns.get(key)
    value = row.values.get(header) if header else None
    if value is None:
        return None
    try:
        return value, cell_values.decimal(value)
    except cell_values.CellError:
        return value, None


def _whole(row: SheetRow, columns: dict[str, str], key: str, low: int = 0) -> int | None:
    cell = _cell_number(row, columns, key)
    if cell is None:
        return None
    value, number = cell
    if number is None or number != number.to_integral() or number < low:
        raise _refuse(row.number, key, QT_TRANSLATE_NOOP("Errors", "'{value}' is not a whole "
                                                         "number"), value=value)
    return int(number)


def _amount(row: SheetRow, columns: dict[str, str], key: str) -> Decimal | None:
    cell = _cell_number(row, columns, key)
    if cell is None:
        return None
    value, number = cell
    if number is None or number < 0:
        raise _refuse(row.number, key, QT_TRANSLATE_NOOP("Errors", "'{value}' is not a number "
                                                         "of zero or more"), value=value)
    return number


def _flag(row: SheetRow, columns: dict[str, str], key: str) -> bool:
    header = columns.get(key)
    value = row.values.get(header) if header else None
    if value is None or isinstance(value, bool):
        return bool(value)
    text = normal_header(str(value))
    if text in _every_language(_YES, _C) | {"true", "1", "y", "x"}:
        return True
    if text in _every_language(_NO, _C) | {"false", "0", "n"}:
        return False
    raise _refuse(row.number, key, QT_TRANSLATE_NOOP("Errors", "'{value}' is not yes or no"),
                  value=value)


def _kind(row: SheetRow, columns: dict[str, str]) -> str:
    text = normal_header(_text(row, columns, "kind"))
    for kind, label in KIND_LABELS.items():
        if text in _every_language(label, "Labels") | {kind}:
            return kind
    raise _refuse(row.number, "kind", QT_TRANSLATE_NOOP(
        "Errors", "'{value}' is not a line kind: labour, part, fee or sublet"),
        value=_text(row, columns, "kind"))


def _package_values(row: SheetRow, columns: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {key: _text(row, columns, key) for key in (
        "description", "make", "model", "engine")}
    for key in ("season_from", "season_to"):  # Excel turns a typed 11-01 into a date
        value = row.values.get(columns[key]) if key in columns else None
        values[key] = (value.strftime("%m-%d") if isinstance(value, dt.date)
                       else _text(row, columns, key))
    values["year_from"] = _whole(row, columns, "year_from", 1)
    values["year_to"] = _whole(row, columns, "year_to", 1)
    values["interval_km"] = _whole(row, columns, "interval_km")
    values["interval_months"] = _whole(row, columns, "interval_months")
    values["fixed_price"] = _amount(row, columns, "fixed_price")
    values["archived"] = _flag(row, columns, "archived")
    try:
        values["fuel_types"] = fuels.fuel_set_text(_text(row, columns, "fuel_types"))
    except ValidationError as exc:
        raise _refuse(row.number, "fuel_types", exc.template, **exc.values) from None
    return values


def _check_package(pkg: _Package) -> None:
    """What save_package refuses, said with the row and column."""
    v, row = pkg.values, pkg.row
    if not pkg.lines:
        raise _refuse(row, "kind", QT_TRANSLATE_NOOP(
            "Errors", "the package {name} has no lines: a package needs at least one"),
            name=v["name"])
    for key in ("interval_km", "interval_months"):
        if v[key] == 0:
            raise _refuse(row, key, QT_TRANSLATE_NOOP(
                "Errors", "an interval must be more than zero (leave it empty for none)"))
    for key in ("season_from", "season_to"):
        if v[key]:
            try:
                month, day = (int(x) for x in v[key].split("-"))
                if not (1 <= month <= 12 and 1 <= day <= 31):
                    raise ValueError
            except ValueError:
                raise _refuse(row, key, QT_TRANSLATE_NOOP(
                    "Errors", "'{value}' is not a month and day like 11-01"),
                    value=v[key]) from None
    if bool(v["season_from"]) != bool(v["season_to"]):
        key = "season_to" if v["season_from"] else "season_from"
        raise _refuse(row, key, QT_TRANSLATE_NOOP(
            "Errors", "a season needs both a start and an end"))
    if not (v["interval_km"] or v["interval_months"] or v["season_from"]):
        raise _refuse(row, "interval_km", QT_TRANSLATE_NOOP(
            "Errors", "say when the package is due: every N km (more than 0), every M months, "
                      "or a season"))
    if v["year_from"] and v["year_to"] and v["year_from"] > v["year_to"]:
        raise _refuse(row, "year_to", QT_TRANSLATE_NOOP("Errors", "the year range is back to "
                                                        "front"))


def read_packages(actor: Actor, path: str | Path) -> list[tuple[str, _Package]]:
    """Every package of the file, checked (the first problem raised, naming its row)."""
    path = Path(path)
    known = {normal_header(translate(_C, h, code)) for _k, h, _kind in COLUMNS
             for code in i18n.LANGUAGES}
    sheet = open_sheet(path, known_headers=known)
    try:
        columns = _columns(sheet.headers, path.name)
        if path.suffix.lower() != ".csv":
            formulas = _formula_cells(path)
            if formulas:
                raise SheetError(QT_TRANSLATE_NOOP(
                    "Errors", "{file} has formulas (in {cells}): ShopDesk reads values, never "
                              "runs formulas; type the values in, then import again"),
                    file=path.name, cells=", ".join(formulas[:5]))
        found: dict[str, _Package] = {}
        parts = {p.sku.casefold(): p
                 for p in Part.select(Part.id, Part.sku, Part.name, Part.archived)}
        for row in sheet.rows():
            for header, note in row.notes.items():
                if note.startswith("merged cells"):
                    continue  # the block's value, as a person sees it in every cell
                raise SheetError(QT_TRANSLATE_NOOP("Errors", "Row {row}, {column}: {problem}"),
                                 row=row.number, column=header, problem=note)
            name = _text(row, columns, "name")
            if not name:
                raise _refuse(row.number, "name", QT_TRANSLATE_NOOP(
                    "Errors", "name the package this line belongs to"))
            pkg = found.get(name.casefold())
            if pkg is None:
                pkg = found[name.casefold()] = _Package(
                    row.number, {"name": name, **_package_values(row, columns)}, [], [])
            else:
                again = _package_values(row, columns)
                for key in PACKAGE_KEYS[1:]:
                    header = columns.get(key)
                    if header and row.values.get(header) is not None and \
                            again[key] != pkg.values[key]:
                        raise _refuse(row.number, key, QT_TRANSLATE_NOOP(
                            "Errors", "differs from the package's first row ({first}): leave "
                                      "it empty or the same"), first=pkg.row)
            if any(row.values.get(columns[key]) is not None
                   for key in _LINE_KEYS if key in columns):
                pkg.lines.append(_line(row, columns, parts))
                if pkg.lines[-1].part_id and parts[_text(row, columns, "sku").casefold()].archived:
                    pkg.archived_parts.append((row.number, _text(row, columns, "sku")))
        if not found:
            raise SheetError(QT_TRANSLATE_NOOP("Errors", "{file} has no package lines"),
                             file=path.name)
        for pkg in found.values():
            _check_package(pkg)
    finally:
        sheet.close()
    return [(pkg.values["name"], pkg) for pkg in found.values()]


def _line(row: SheetRow, columns: dict[str, str], parts: dict[str, Part]) -> LineInput:
    kind = _kind(row, columns)
    sku = _text(row, columns, "sku")
    part_id = None
    if sku:
        part = parts.get(sku.casefold())
        if part is None:
            raise _refuse(row.number, "sku", QT_TRANSLATE_NOOP(
                "Errors", "no part has the SKU '{sku}'"), sku=sku)
        if kind != "part":
            raise _refuse(row.number, "sku", QT_TRANSLATE_NOOP(
                "Errors", "only a part line names a SKU"))
        part_id = part.id
    elif kind == "part":
        raise _refuse(row.number, "sku", QT_TRANSLATE_NOOP("Errors", "a part line needs a SKU"))
    quantity = _amount(row, columns, "quantity")
    if not quantity:
        raise _refuse(row.number, "quantity", QT_TRANSLATE_NOOP(
            "Errors", "the quantity must be more than zero"))
    description = _text(row, columns, "line_description")
    if not description and kind != "part":
        raise _refuse(row.number, "line_description", QT_TRANSLATE_NOOP(
            "Errors", "describe the line"))
    return LineInput(kind, description, quantity, _amount(row, columns, "unit_price"),
                     part_id, hours=_amount(row, columns, "hours"))


def _stored(actor: Actor, pkg: MaintenancePackage) -> tuple:
    """A package as compared (what the file would say about it)."""
    return ((pkg.description, pkg.make, pkg.model, pkg.engine, pkg.year_from, pkg.year_to,
             pkg.fuel_types, pkg.interval_km, pkg.interval_months, pkg.season_from,
             pkg.season_to, pkg.fixed_price, pkg.archived),
            [(li.kind, li.description, li.part_id, li.quantity, li.unit_price,
              li.hours or Decimal(0)) for li in maintenance.lines_of(actor, pkg)])


def _incoming(pkg: _Package, names: dict[int, str]) -> tuple:
    """A package of the file as :func:`_stored` would show it once saved."""
    v = pkg.values
    seasons = []
    for key in ("season_from", "season_to"):
        month, _, day = v[key].partition("-")
        seasons.append(f"{int(month):02d}-{int(day):02d}" if v[key] else "")
    return ((v["description"], v["make"], v["model"], v["engine"], v["year_from"],
             v["year_to"], v["fuel_types"], v["interval_km"], v["interval_months"], *seasons,
             v["fixed_price"], v["archived"]),
            [(li.kind, (li.description or names.get(li.part_id or 0, "")).strip()[:255],
              li.part_id, li.quantity, li.unit_price,
              (li.quantity if li.hours is None else li.hours) if li.kind == "labour"
              else Decimal(0)) for li in pkg.lines])


def import_packages(actor: Actor, path: str | Path, *, dry_run: bool = False) -> ImportResult:
    """Create or replace the file's packages by name, all or nothing (``dry_run``: check
    and count, write nothing). Raises with the row and column of the first problem."""
    packages = read_packages(actor, path)
    result = ImportResult(dry_run)
    existing = {p.name.casefold(): p for p in maintenance.all_packages(
        actor, include_archived=True)}
    names = {p.id: p.name for p in Part.select(Part.id, Part.name).where(Part.id.in_(
        [li.part_id for _n, pkg in packages for li in pkg.lines if li.part_id]))}
    with db.atomic() as txn:
        for name, pkg in packages:
            old = existing.get(name.casefold())
            before = _stored(actor, old) if old is not None else None
            if before is not None and before == _incoming(pkg, names):
                result.unchanged.append(name)  # not rewritten: no new version, no audit line
                continue
            for row, sku in pkg.archived_parts:
                raise _refuse(row, "sku", QT_TRANSLATE_NOOP(
                    "Errors", "the part {sku} is archived"), sku=sku)
            v = pkg.values
            data = PackageInput(name, pkg.lines, v["description"], v["fixed_price"], v["make"],
                                v["model"], v["engine"], v["year_from"], v["year_to"],
                                v["fuel_types"], v["interval_km"], v["interval_months"],
                                v["season_from"], v["season_to"])
            with db.atomic() as one:
                try:
                    saved = maintenance.save_package(actor, data, old)
                    saved = maintenance.archive_package(actor, saved.id, v["archived"])
                except ShopDeskError as exc:  # (leaving both blocks rolls everything back)
                    raise ValidationError(QT_TRANSLATE_NOOP(
                        "Errors", "Package {name} (row {row}): {problem}"), name=name,
                        row=pkg.row, problem=exc.translated()) from None
                after = _stored(actor, MaintenancePackage.get_by_id(saved.id))
                if before is None:
                    result.created.append(name)
                elif before != after:
                    result.replaced.append(name)
                else:
                    result.unchanged.append(name)
                    one.rollback()  # not rewritten: no new version, no audit line
        if dry_run:
            txn.rollback()
    return result
