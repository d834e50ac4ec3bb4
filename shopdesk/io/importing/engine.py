"""Run an import: read the file, map its columns, parse and check every row, save (in one
transaction when all or nothing is chosen, else in batches other PCs can write between), and report
what was created, updated and rejected, row by row and column by column.

The engine reads and parses; the handler of each kind (``customers.py``, ``parts.py``) checks
the rows and maps them to the services' bulk operations, which write (the import touches no
table itself). A dry run does everything and rolls back. Progress is reported every batch;
the progress callback may raise (the GUI's Cancel): a dry run, a preview and an all-or-nothing
import then save nothing; a batched import keeps the batches it committed and says so.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from shopdesk import db as database
from shopdesk.bulk_building import collection_paused
from shopdesk.errors import Cancelled, ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.io import cell_values
from shopdesk.io.importing import customers, parts
from shopdesk.io.importing import fields as F
from shopdesk.io.importing.rows import (
    BATCH,
    Batch,
    Handler,
    ImportReport,
    ParsedRow,
    Problem,
    Progress,
)
from shopdesk.io.sheet_reader import Sheet, Value, exact, open_sheet
from shopdesk.models.base import writing
from shopdesk.money import CENT, MILLI, MoneyError, to_money, to_quantity
from shopdesk.services import audit
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings

__all__ = ["BATCH", "Batch", "Handler", "ImportReport", "ParsedRow", "Problem", "Progress",
           "RowParser", "Sample", "fixed_point", "handler_for", "open_for", "preview",
           "read_sample", "run_import", "shown"]

#: Each kind of import and its handler.
HANDLERS: dict[str, type[Handler]] = {
    "customers": customers.CustomerImport, "vehicles": customers.VehicleImport,
    "parts": parts.PartImport, "prices": parts.PriceImport, "stock": parts.StockImport}


def handler_for(kind: str, actor: Actor, file_name: str) -> Handler:
    handlers = HANDLERS
    if kind not in handlers:
        raise ValidationError(f"Unknown import {kind!r}: choose one of {', '.join(F.KINDS)}")
    return handlers[kind](actor, file_name)


def open_for(kind: str, path: str | Path, sheet: str | None = None) -> Sheet:
    """Open a file for an import of ``kind`` (its header row found by this kind's names)."""
    if kind not in F.FIELDS:
        raise ValidationError(f"Unknown import {kind!r}: choose one of {', '.join(F.KINDS)}")
    return open_sheet(path, known_headers=F.known_headers(kind), sheet=sheet)


@dataclass(frozen=True)
class Sample:
    """The headers and first rows of a file, read once for the mapping step's preview."""

    name: str
    sheet_name: str
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[Any], dict[str, str]]]
    total_rows: int


def read_sample(kind: str, path: str | Path, sheet: str | None = None,
                rows: int = 20) -> Sample:
    """Open the file and keep its headers and first ``rows`` data rows."""
    with open_for(kind, path, sheet) as opened:
        first = list(itertools.islice(opened.cell_rows(), rows))
        return Sample(Path(path).name, opened.sheet_name, opened.headers, opened.header_row,
                      first, opened.total_rows)


def preview(actor: Actor, kind: str, sample: Sample, mapping: dict[str, str]) -> ImportReport:
    """The sample's rows checked as the import would (rolled back): values as they would be
    saved, and each row's problems. No file is read."""
    handler = handler_for(kind, actor, sample.name)
    handler.check_access()
    rows = [(n, list(cells), dict(notes)) for n, cells, notes in sample.rows]
    sheet = Sheet(Path(sample.name), sample.headers, sample.header_row, len(rows), iter(rows))
    return _run(handler, kind, sheet, sample.name, mapping, dry_run=True,
                all_or_nothing=False, progress=None, limit=max(len(rows), 1))


def _day_first(actor: Actor) -> bool:
    return settings.shop_currency(actor) not in ("USD", "CAD")  # the US writes month first


class RowParser:
    """Maps and parses rows: one converter per mapped column, chosen once per import."""

    def __init__(self, kind: str, headers: list[str], mapping: dict[str, str],
                 day_first: bool) -> None:
        self.headers = headers
        self.columns = [(index, header, mapping[header],
                         _converter(F.spec(kind, mapping[header]).kind, day_first),
                         F.spec(kind, mapping[header]).kind)
                        for index, header in enumerate(headers) if mapping.get(header)]
        # Number cell -> value, per column (prices and quantities repeat down a list).
        self.memos: dict[int, dict[Any, Decimal | None]] = {
            c[0]: dict(_EMPTY_CELLS) for c in self.columns}

    def parse_batch(self, rows: list[tuple[int, list[Any], dict[str, str]]]) -> Batch:
        """:meth:`parse` for many rows, a column at a time (the same results, faster). The
        batch also carries its values by column when every field has one column."""
        plain = [row for row in rows if not row[2]]
        if len(plain) < len(rows):
            return Batch(self.parse(*row) for row in rows)
        # Rows of a workbook all have the sheet's width: transpose them in one go.
        by_column: list[Any] = list(zip(*[cells for _n, cells, _x in rows], strict=False))
        keys: list[str] = []
        columns: list[list[Any]] = []
        failed: list[tuple[int, str, str]] = []  # (row index, field key, message)
        for index, _header, key, convert, kind in self.columns:
            column = by_column[index] if index < len(by_column) else [
                cells[index] if index < len(cells) else None for _n, cells, _x in rows]
            memo = self.memos[index]
            if len(memo) > _MEMO_SIZE:
                memo.clear()
                memo.update(_EMPTY_CELLS)
            values = _known_column(kind, column, memo)
            if values is None:  # some cells need a closer look
                values = _fast_column(kind, column, memo)
                for at in [at for at, value in enumerate(values) if value is _SLOW]:
                    try:
                        values[at] = convert(column[at])
                    except (cell_values.CellError, MoneyError) as exc:
                        values[at] = None
                        failed.append((at, key, str(exc)))
            keys.append(key)
            columns.append(values)
        if len(set(keys)) == len(keys):  # each row's values made from these when needed
            by_key = dict(zip(keys, columns, strict=True))
            batch = Batch([ParsedRow(number, cells, notes, self.headers, by_key, at)
                           for at, (number, cells, notes) in enumerate(rows)])
            batch.columns = by_key
        else:  # a field mapped from two columns: the last value given wins
            batch = Batch([ParsedRow(number, cells, notes, self.headers)
                           for number, cells, notes in rows])
            for key, values in zip(keys, columns, strict=True):
                for row, value in zip(batch, values, strict=True):
                    if value is not None:
                        row.values[key] = value
        for at, key, message in failed:  # column by column: a row's problems in column order
            batch[at].reject(key, message)
        return batch

    def parse(self, number: int, cells: list[Any], notes: dict[str, str]) -> ParsedRow:
        """Map and parse one row; cell problems go to the row's ``problems`` by field key."""
        parsed = ParsedRow(number, cells, notes, self.headers)
        values = parsed.values
        width = len(cells)
        for index, header, key, convert, _kind in self.columns:
            if notes and header in notes:
                note = notes[header]
                if "formula" in note:
                    parsed.reject(key, note)
                    continue
                parsed.warnings[key] = note
            raw = cells[index] if index < width else None
            if raw is None or raw == "":
                continue
            try:
                value = convert(raw)
            except (cell_values.CellError, MoneyError) as exc:
                parsed.reject(key, str(exc))
                continue
            if value is not None:
                values[key] = value
        return parsed


_SLOW = object()  # a cell the column-wise fast path leaves to the converter


def _unquoted(text: str) -> str:
    """Text as written before an export protected it: "'=SUM(A1)" -> "=SUM(A1)" (the quote
    a CSV export puts before = + - @ so a spreadsheet never runs it)."""
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


_MEMO_SIZE = 20_000


def _fast_column(kind: str, column: list[Any], memo: dict[float, Decimal] | None = None
                 ) -> list[Any]:
    """Convert the common cells of a column in one comprehension (no call per cell): text
    cells, and number cells of money and quantity columns (remembered in ``memo``: the
    same positive float always gives the same value). Others come back as _SLOW."""
    if kind == "text":
        return [(_unquoted(t) if t[:1] == "'" else t or None) if type(r) is str and (
            t := r.strip()) is not None else None if r is None else _SLOW for r in column]
    if kind in ("money", "quantity"):
        step = CENT if kind == "money" else MILLI
        scale, fast = _SCALES[step], _FAST_BELOW
        memo = {} if memo is None else memo
        known, keep = memo.get, memo.setdefault
        # fixed_point() inline for the usual cell (no call per cell)
        return [d if type(r) is float and (d := known(r)) is not None
                else keep(r, Decimal(n) * step) if type(r) is float and 0 < r < fast
                and -0.49 < (c := r * scale) - (n := round(c)) < 0.49
                else fixed_point(r, step) if type(r) is float and 0 <= r < _LARGE
                else None if r is None or r == "" else _SLOW for r in column]
    return [None if r is None or r == "" else _SLOW for r in column]


def _known_column(kind: str, column: list[Any], memo: dict[Any, Decimal | None]
                  ) -> list[Any] | None:
    """A column's values by C loops alone, as :func:`_fast_column` and the converter give
    them, when every cell is plain: text columns of text cells none of which starts with a
    quote; money and quantity columns of number cells all seen before (in ``memo``) and
    empty cells. None when some cell needs a closer look."""
    if kind == "text":
        try:
            stripped = list(map(str.strip, column))
        except TypeError:  # a cell that is not text (a number, a date, nothing)
            return None
        joined = "\n".join(stripped)
        if joined[:1] != "'" and "\n'" not in joined:  # no cell starts with a quote
            return [t or None for t in stripped] if "" in stripped else stripped
    elif kind in ("money", "quantity") and set(map(type, column)) <= _PLAIN_NUMBERS:
        # (a yes/no cell would find 1.0's value: True == 1.0)
        try:
            return list(map(memo.__getitem__, column))
        except KeyError:
            pass
    return None


_PLAIN_NUMBERS = {float, str, type(None)}
_EMPTY_CELLS = {"": None, None: None}  # in every number column's memo


#: Below this, ``round(value * 100)`` (or 1000) is within 2e-4 of the exact decimal
#: value times 100: far enough from a half to round the same way as the exact path.
_FAST_BELOW = 10**9
_SCALES = {CENT: 100, MILLI: 1000}


def fixed_point(value: float, step: Decimal) -> Decimal:
    """A positive number cell rounded half-up to ``step`` (CENT or MILLI), exactly as
    ``Decimal(repr(value)).quantize(step, ROUND_HALF_UP)``: computed from the scaled float
    when that is safely away from a half (the usual case; ~3x faster), else that way."""
    scale = _SCALES[step]
    if 0 < value < _FAST_BELOW:
        scaled = value * scale
        whole = round(scaled)
        if -0.49 < scaled - whole < 0.49:
            return Decimal(whole) * step
    return Decimal(repr(value)).quantize(step, ROUND_HALF_UP)


def _converter(kind: str, day_first: bool) -> Callable[[Any], Any]:
    """A function from a loose cell (text maybe with spaces, float, int, Decimal, date) to
    the field's value; the common cases first, inline."""
    if kind == "text":
        return lambda raw: _unquoted(cell_values.text(exact(raw))) or None
    if kind == "money":
        return lambda raw: fixed_point(raw, CENT) \
            if type(raw) is float and 0 <= raw < _LARGE else _money(exact(raw))
    if kind == "quantity":
        return lambda raw: fixed_point(raw, MILLI) \
            if type(raw) is float and 0 <= raw < _LARGE else _quantity(exact(raw))
    if kind == "whole":
        return lambda raw: cell_values.whole(exact(raw))
    if kind == "date":
        return lambda raw: cell_values.date(exact(raw), day_first=day_first)
    if kind == "yesno":
        return lambda raw: cell_values.yes_no(exact(raw))
    raise ValueError(kind)


_LARGE = 10**11


def _money(raw: Value) -> Decimal | None:
    """Money from an exact cell: a number cell rounded to the cent (a formula's 5.392 shows as
    5.39 in Excel); typed text with more than two decimals is refused."""
    number = cell_values.decimal(raw)
    if number is None:
        return None
    if number < 0:
        raise cell_values.CellError("cannot be negative")
    if isinstance(raw, int | Decimal):
        return number.quantize(CENT, rounding=ROUND_HALF_UP)
    try:
        return to_money(number)
    except MoneyError:
        raise cell_values.CellError(f"{cell_values.text(raw)} has more than two decimal "
                                    "places") from None


def _quantity(raw: Value) -> Decimal | None:
    number = cell_values.decimal(raw)
    if number is None:
        return None
    if number < 0:
        raise cell_values.CellError("cannot be negative")
    if isinstance(raw, int | Decimal):
        return number.quantize(MILLI, rounding=ROUND_HALF_UP)
    return to_quantity(number)


def run_import(actor: Actor, kind: str, path: str | Path, mapping: dict[str, str] | None = None,
               *, dry_run: bool = False, all_or_nothing: bool = False,
               progress: Progress | None = None, limit: int | None = None,
               sheet: str | None = None) -> ImportReport:
    """Import ``path`` as ``kind`` with ``mapping`` (header -> field; guessed when None).

    Every row is checked; valid rows are written in one transaction, which is rolled back
    for a dry run, or when ``all_or_nothing`` and any row was rejected. ``limit`` reads only
    the first rows (always rolled back). ``sheet`` names the worksheet (default: the first).
    """
    name = Path(path).name
    handler = handler_for(kind, actor, name)
    handler.check_access()
    with open_for(kind, path, sheet) as opened:
        return _run(handler, kind, opened, name, mapping, dry_run=dry_run,
                    all_or_nothing=all_or_nothing, progress=progress, limit=limit)


def _run(handler: Handler, kind: str, sheet: Sheet, name: str, mapping: dict[str, str] | None,
         *, dry_run: bool, all_or_nothing: bool, progress: Progress | None,
         limit: int | None) -> ImportReport:
    # An import makes and drops hundreds of thousands of small objects but no cycles.
    with collection_paused():
        return _run_rows(handler, kind, sheet, name, mapping, dry_run=dry_run,
                         all_or_nothing=all_or_nothing, progress=progress, limit=limit)


def _run_rows(handler: Handler, kind: str, sheet: Sheet, name: str,
              mapping: dict[str, str] | None, *, dry_run: bool, all_or_nothing: bool,
              progress: Progress | None, limit: int | None) -> ImportReport:
    mapping = {h: (mapping or {}).get(h, "") for h in sheet.headers} if mapping is not None \
        else F.guess_mapping(kind, sheet.headers)
    missing = F.missing_fields(kind, mapping)
    if missing:
        raise ValidationError(f"{name}: map {' and '.join(missing)} first (columns "
                              f"found: {', '.join(sheet.headers)})")
    report = ImportReport(kind, name, sheet.headers, mapping,
                          dry_run or limit is not None, all_or_nothing)
    parser = RowParser(kind, sheet.headers, mapping, _day_first(handler.actor))
    total = sheet.total_rows
    if report.dry_run or all_or_nothing:
        with writing() as transaction:
            _read_all(handler, parser, sheet, report, progress, limit, total)
            keep = not report.dry_run and not (all_or_nothing and report.rejected)
            if keep:
                report.written = True  # before the audit entry: its summary says "Imported"
                handler.finish(report)
            if progress:
                progress(report.rows_read, report.rows_read, "Saving…" if keep else "Done")
            if not keep:
                transaction.rollback()
        return report
    with database.waiting_longer(IMPORT_BUSY_TIMEOUT_MS):
        chunks = _Chunks(handler, report)
        try:
            _read_all(handler, parser, sheet, report, progress, limit, total, chunks)
            chunks.before_batch()  # (the last batch may have been committed already)
            report.written = True
            handler.finish(report)
            if progress:
                progress(report.rows_read, report.rows_read, "Saving…")
        except BaseException as exc:
            chunks.abandon(exc)
            if chunks.saved_to and isinstance(exc, Cancelled):
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "Cancelled after the rows up to row {row} were saved. Import the "
                              "file again to finish: rows already saved come back unchanged."),
                    row=f"{chunks.saved_to + 1:,}") from exc
            if chunks.saved_to and isinstance(exc, ShopDeskError):  # (a refusal)
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "Errors", "Stopped after the rows up to row {row} were saved ({problem}). "
                              "Import the file again to finish: rows already saved come back "
                              "unchanged."), row=f"{chunks.saved_to + 1:,}",
                    problem=exc.translated()) from exc
            raise
        chunks.commit()
    return report


#: A batched import (not all or nothing, not a dry run) commits after holding the write lock
#: this long, so other PCs and processes wait at most about this long for theirs ...
HOLD_SECONDS = database.BATCH_HOLD_SECONDS
#: ... and on SQLite then leaves the lock free this long (see ``db.BATCH_GAP_SECONDS``).
GAP_SECONDS = database.BATCH_GAP_SECONDS
#: The import's own wait for the write lock (another PC's write or a clerk's save first).
IMPORT_BUSY_TIMEOUT_MS = database.LONG_WRITE_BUSY_TIMEOUT_MS


class _Chunks:
    """The transactions of a batched import: one open at a time, committed once it held the
    write lock :data:`HOLD_SECONDS`; each committed one but the last records an "import
    batch" audit entry with it, so a killed import leaves whole batches, each audited."""

    def __init__(self, handler: Handler, report: ImportReport) -> None:
        self.handler = handler
        self.report = report
        self.transaction: Any = None
        self.started = 0.0
        self.saved_to = 0  # the rows read when a batch was last committed (0: none yet)

    def before_batch(self) -> None:
        if self.transaction is None:
            self.transaction = writing()
            self.transaction.__enter__()
            self.started = time.monotonic()

    def after_batch(self) -> None:
        if time.monotonic() - self.started < HOLD_SECONDS:
            return
        report = self.report
        audit.record(self.handler.actor, "import batch", self.handler.kind, "",
                     f"Imported from {report.file_name}, rows to {report.rows_read:,} so far: "
                     f"{report.created:,} created, {report.updated:,} updated, "
                     f"{report.unchanged:,} unchanged, {report.rejected:,} rejected")
        self.commit()
        self.saved_to = report.rows_read
        if database.is_sqlite():
            time.sleep(GAP_SECONDS)

    def commit(self) -> None:
        transaction, self.transaction = self.transaction, None
        if transaction is not None:
            transaction.__exit__(None, None, None)

    def abandon(self, exc: BaseException) -> None:
        """The batch in hand is rolled back (a Cancel, a failure); committed ones stay."""
        transaction, self.transaction = self.transaction, None
        if transaction is not None:
            transaction.__exit__(type(exc), exc, exc.__traceback__)


def _read_all(handler: Handler, parser: RowParser, sheet: Sheet, report: ImportReport,
              progress: Progress | None, limit: int | None, total: int,
              chunks: _Chunks | None = None) -> None:
    rows = sheet.cell_rows()
    while True:  # full batches, then what is left (or up to ``limit`` rows)
        size = handler.batch if limit is None else min(handler.batch,
                                                       max(limit, 1) - report.rows_read)
        batch = list(itertools.islice(rows, size)) if size > 0 else []
        if not batch:
            break
        if chunks is not None:
            chunks.before_batch()
        _do_batch(handler, parser.parse_batch(batch), report)
        if len(batch) < handler.batch:
            break
        if chunks is not None:
            chunks.after_batch()
        if progress:
            progress(report.rows_read, max(total, report.rows_read),
                     f"{report.rows_read:,} rows checked")


def _do_batch(handler: Handler, batch: list[ParsedRow], report: ImportReport) -> None:
    report.rows_read += len(batch)
    handler.check(batch)
    handler.write(batch)
    if not report.dry_run:  # the usual batch: nothing to say about any row, only counts
        outcomes = [row.outcome for row in batch if not row.problems and not row.warnings]
        if len(outcomes) == len(batch):
            created, updated = outcomes.count("created"), outcomes.count("updated")
            report.created += created
            report.updated += updated
            report.unchanged += len(outcomes) - created - updated
            return
    for row in batch:
        for key, message in row.warnings.items():
            report.warnings.append(Problem(row.number, _column(report, key), message))
        if row.problems:
            row.outcome = "rejected"
            messages = []
            for key, message in row.problems.items():
                message = message[:1].upper() + message[1:]
                column = _column(report, key)
                report.problems.append(Problem(row.number, column, message))
                messages.append(f"{column}: {message}" if column else message)
            report.rejected_rows.append(row.source)
            report.rejected_messages[row.number] = "; ".join(messages)
        elif row.outcome == "created":
            report.created += 1
        elif row.outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
        if report.dry_run and len(report.preview) < 200:
            for key, value in row.values.items():
                spec = F.spec(report.kind, key)
                row.shown.setdefault(spec.label, shown(spec.kind, value))
            report.preview.append(row)


def _column(report: ImportReport, key: str) -> str:
    """The file's header for a field key (what the user sees), or the key itself."""
    if not key:
        return ""
    found = next((h for h, k in report.mapping.items() if k == key), None)
    if found:
        return found
    known = {f.key: f.label for f in F.FIELDS[report.kind]}
    return known.get(key, key.replace("_", " "))


def shown(kind: str, value: Any) -> str:
    """A parsed value as the preview shows it (money and dates the shop's way)."""
    from shopdesk import formatting

    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if kind == "money":
        return formatting.money(value)
    if kind == "quantity":
        return formatting.quantity(value)
    if isinstance(value, dt.date):
        return formatting.date(value)
    return str(value)
