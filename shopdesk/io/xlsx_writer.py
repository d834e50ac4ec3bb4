"""Spreadsheets that open right in Excel and never run a formula by accident.

One writer for every export (lists, the full data export, accountant files)::

    with Workbook(path, currency="EUR") as book:
        sheet = book.sheet("Invoices", [Field("Date", Kind.DATE), Field("Total", Kind.MONEY)])
        sheet.write([dt.date(2026, 11, 2), Decimal("119.00")])

``.xlsx`` (xlsxwriter in constant-memory mode: rows go to disk as they are written, so memory
stays flat however long the list): real Excel types — dates as dates, money as numbers in the
shop's currency format, quantities as numbers, flags as TRUE/FALSE — a bold frozen header row,
column widths and an autofilter. A sheet longer than Excel's 1,048,576 rows continues on
"Name (2)". ``.csv``: one sheet, UTF-8 with a byte-order mark (Excel reads the accents right),
ISO dates, money as plain ``1234.50``.

**Formula safety.** Text is always written as a string cell. Text starting with ``=``, ``+``,
``-``, ``@``, tab or CR is escaped: in ``.xlsx`` the cell gets Excel's own quote prefix (the
value is unchanged, Excel shows it as text even after the cell is edited); in ``.csv``, where a
spreadsheet guesses types, the text is prefixed with ``'`` (OWASP's advice for CSV injection).

The file appears under its name only when complete: it is written beside it as ``….partial``
and renamed, so a failed or cancelled export never leaves half a file.

xlsx stores every number as a binary double; money (exact ``Decimal`` in ShopDesk) becomes the
nearest double, which reads back to the same cents.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.listing import Kind

#: First characters that make a spreadsheet treat text as a formula (or split a CSV cell).
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's rows per sheet, header included.
MAX_ROWS = 1_048_576
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})

_DEFAULT_WIDTHS = {Kind.MONEY: 14, Kind.QUANTITY: 10, Kind.NUMBER: 10, Kind.DATE: 12,
                   Kind.DATETIME: 17, Kind.FLAG: 8}


@dataclass(frozen=True)
class Field:
    """One column of an exported sheet: heading, kind of value, width in characters."""

    title: str
    kind: Kind = Kind.TEXT
    width: int = 0
    #: Values arrive as integers in 1/scale units (100: cents, 1000: thousandths), as stored.
    scale: int = 1


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula."""
    return text[:1] in DANGEROUS


def csv_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula (a leading ``'``)."""
    return "'" + text if text[:1] in DANGEROUS else text


def money_format(currency: str, locale: str = "en_US") -> str:
    """An Excel number format for ``currency`` laid out as ``locale`` writes money."""
    from babel import Locale
    from babel.numbers import get_currency_precision, get_currency_symbol

    try:
        pattern = Locale.parse(locale).currency_formats["standard"].pattern
        symbol = get_currency_symbol(currency, locale=locale)
    except (ValueError, LookupError):
        pattern, symbol = "¤#,##0.00", currency
    pattern = pattern.split(";")[0]
    places = get_currency_precision(currency)
    number = "#,##0" + ("." + "0" * places if places else "")
    positive = pattern.replace("#,##0.00", number).replace("¤", f'"{symbol}"')
    positive = positive.replace("\u00a0", " ")
    return f"{positive};-{positive}"


class Sheet(Protocol):
    """Where rows go; ``rows`` counts the data rows written."""

    rows: int

    def write(self, values: Sequence[Any]) -> None: ...


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return dt.datetime.fromisoformat(str(value))


class _CellWriters:
    """xlsxwriter's cell writers without the wrapper that accepts "A1" cell names (our rows
    and columns are numbers already; the wrapper costs ~10% of an export). Falls back to the
    public methods if a future xlsxwriter renames its internals."""

    def __init__(self, ws: Any) -> None:
        for name in ("write_string", "write_number", "write_datetime", "write_boolean"):
            setattr(self, name, getattr(ws, "_" + name, None) or getattr(ws, name))


class _XlsxSheet:
    """One worksheet (and its continuations past Excel's row limit)."""

    def __init__(self, book: Workbook, name: str, fields: Sequence[Field]) -> None:
        self._book, self._name, self._fields = book, name, list(fields)
        self.rows = 0
        self._part = 1
        self._open(name)

    def _open(self, name: str) -> None:
        book = self._book
        ws = book._xlsx.add_worksheet(name)
        self._ws, self._row = ws, 1
        for col, field in enumerate(self._fields):
            width = field.width or max(_DEFAULT_WIDTHS.get(field.kind, 12), len(field.title) + 3)
            ws.set_column(col, col, min(width, 60))
            ws.write_string(0, col, field.title, book._formats["header"])
        ws.freeze_panes(1, 0)
        self._columns = [(col, self._writer(field.kind, field.scale))
                         for col, field in enumerate(self._fields)]

    def _writer(self, kind: Kind, scale: int = 1) -> Callable[[int, int, Any], Any]:
        ws = _CellWriters(self._ws)
        fmt = self._book._formats
        write_number, write_datetime = ws.write_number, ws.write_datetime
        if scale != 1 and kind in (Kind.MONEY, Kind.QUANTITY, Kind.NUMBER):
            number_format = fmt["money"] if kind is Kind.MONEY else fmt["quantity"]
            return lambda r, c, v: write_number(r, c, v / scale, number_format)
        quoted, write_string = fmt["quoted"], ws.write_string

        def text(r: int, c: int, v: Any) -> Any:
            if v.__class__ is not str:
                v = str(v)
            if v.startswith(DANGEROUS):
                return write_string(r, c, v, quoted)
            return write_string(r, c, v)
        if kind is Kind.MONEY:
            money = fmt["money"]
            return lambda r, c, v: write_number(r, c, float(v), money)
        if kind is Kind.QUANTITY:
            quantity = fmt["quantity"]
            return lambda r, c, v: write_number(r, c, float(v), quantity)
        if kind is Kind.NUMBER:
            def number(r: int, c: int, v: Any) -> Any:
                if isinstance(v, int | float | Decimal) and not isinstance(v, bool):
                    return write_number(r, c, float(v))
                return text(r, c, v)
            return number
        if kind is Kind.DATE:
            date = fmt["date"]
            return lambda r, c, v: write_datetime(r, c, _as_date(v), date)
        if kind is Kind.DATETIME:
            stamp = fmt["datetime"]
            return lambda r, c, v: write_datetime(r, c, _as_datetime(v), stamp)
        if kind is Kind.FLAG:
            return lambda r, c, v: ws.write_boolean(r, c, bool(v))
        return text

    def write(self, values: Sequence[Any]) -> None:
        """Append one row; ``None`` leaves a cell empty."""
        if self._row >= MAX_ROWS:
            self._finish()
            self._part += 1
            suffix = f" ({self._part})"
            self._open(self._name[:MAX_SHEET_NAME - len(suffix)] + suffix)
        row = self._row
        for (col, writer), value in zip(self._columns, values, strict=False):
            if value is not None and value != "":
                writer(row, col, value)
        self._row += 1
        self.rows += 1

    def _finish(self) -> None:
        self._ws.autofilter(0, 0, max(self._row - 1, 0), max(len(self._fields) - 1, 0))


class _CsvSheet:
    """The one sheet of a CSV file."""

    def __init__(self, handle: Any, fields: Sequence[Field]) -> None:
        self._writer = csv.writer(handle)
        self._kinds = [(f.kind, f.scale) for f in fields]
        self._writer.writerow([csv_safe(f.title) for f in fields])
        self.rows = 0

    def write(self, values: Sequence[Any]) -> None:
        self._writer.writerow([_csv_cell(kind, value, scale) for (kind, scale), value
                               in zip(self._kinds, values, strict=False)])
        self.rows += 1


def _csv_cell(kind: Kind, value: Any, scale: int = 1) -> str:
    if value is None:
        return ""
    if scale != 1:
        value = Decimal(int(value)) / scale
        if kind is Kind.MONEY:
            return f"{value.quantize(Decimal('0.01')):f}"
        if kind is Kind.QUANTITY:
            return f"{value.quantize(Decimal(1) / scale):f}"
    if kind is Kind.MONEY:
        return f"{Decimal(value).quantize(Decimal('0.01')):f}" if not isinstance(
            value, float) else f"{value:.2f}"
    if kind is Kind.QUANTITY:
        return f"{value:f}" if isinstance(value, Decimal) else str(value)
    if kind is Kind.DATE:
        return _as_date(value).isoformat()
    if kind is Kind.DATETIME:
        return _as_datetime(value).isoformat(sep=" ", timespec="minutes")
    if kind is Kind.FLAG:
        return "yes" if value else "no"
    if kind is Kind.NUMBER and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return str(value)
    return csv_safe(_text(value))


def sheet_name(text: str, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name for ``text`` (31 characters, no ``[]:*?/\\``)."""
    base = (text.translate(_BAD_SHEET_CHARS).strip("'") or "Sheet")[:MAX_SHEET_NAME]
    name, n = base, 1
    while taken is not None and name.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
    return name


class CannotWrite(ShopDeskError):
    """A file that cannot be written there (no such folder, no rights, a full disk):
    ``reason`` is why, as the system says it."""

    def __init__(self, path: Path, exc: BaseException) -> None:
        reason = getattr(exc, "strerror", None) or str(exc)
        super().__init__(QT_TRANSLATE_NOOP("Errors", "Cannot write {path}: {reason}"),
                         path=str(path), reason=reason)
        self.path, self.reason = path, reason


class Workbook:
    """An export file being written: ``.xlsx`` (any number of sheets) or ``.csv`` (one).

    Use as a context manager: leaving it normally publishes the file, an exception removes
    the partial file and propagates.
    """

    def __init__(self, path: str | Path, *, currency: str = "USD",
                 locale: str = "en_US", fmt: str | None = None) -> None:
        self.path = Path(path)
        self.format = (fmt or self.path.suffix.lstrip(".") or "xlsx").lower()
        if self.format not in ("xlsx", "csv"):
            raise ValidationError(f"Export to .xlsx or .csv, not {self.path.suffix or 'no'} "
                                  "file type")
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._sheets: list[Sheet] = []
        self._names: set[str] = set()
        self._handle: Any = None
        try:
            self._partial.parent.mkdir(parents=True, exist_ok=True)
            if self.format == "csv":
                self._handle = self._partial.open("w", newline="", encoding="utf-8-sig")
            else:
                self._start_xlsx(currency, locale)
        except OSError as exc:
            raise CannotWrite(self.path, exc) from None

    def _start_xlsx(self, currency: str, locale: str) -> None:
        import xlsxwriter

        self._xlsx = xlsxwriter.Workbook(str(self._partial), {
            "constant_memory": True, "strings_to_formulas": False,
            "strings_to_numbers": False, "strings_to_urls": False})
        add = self._xlsx.add_format
        self._formats = {
            "header": add({"bold": True, "bottom": 1, "bg_color": "#EEF2F6"}),
            "money": add({"num_format": money_format(currency, locale)}),
            "quantity": add({"num_format": "General"}),
            "date": add({"num_format": "yyyy-mm-dd"}),
            "datetime": add({"num_format": "yyyy-mm-dd hh:mm"}),
            "quoted": add({"quote_prefix": True}),
        }

    def sheet(self, name: str, fields: Sequence[Field]) -> Sheet:
        """Start a sheet; write its rows before starting the next (constant memory)."""
        if self.format == "csv":
            if self._sheets:
                raise ValidationError("A CSV file holds one list; choose .xlsx for several")
            sheet: Sheet = _CsvSheet(self._handle, fields)
        else:
            unique = sheet_name(name, self._names)
            self._names.add(unique)
            sheet = _XlsxSheet(self, unique, fields)
        self._sheets.append(sheet)
        return sheet

    def close(self) -> Path:
        """Finish the file and give it its real name."""
        try:
            if self.format == "csv":
                self._handle.close()
            else:
                if not self._sheets:
                    self.sheet("Empty", [Field("Nothing to export")])
                for sheet in self._sheets:
                    sheet._finish()  # type: ignore[attr-defined]
                self._xlsx.close()
            os.replace(self._partial, self.path)
        except OSError as exc:
            self.discard()
            raise CannotWrite(self.path, exc) from None
        except Exception as exc:
            self.discard()
            cause = exc.__context__ if isinstance(exc.__context__, OSError) else None
            if type(exc).__name__ == "FileCreateError":  # xlsxwriter's, around an OSError
                raise CannotWrite(self.path, cause or exc) from None
            raise
        return self.path

    def discard(self) -> None:
        """Give up: remove the partial file."""
        try:
            if self.format == "csv" and self._handle is not None:
                self._handle.close()
            elif self.format == "xlsx":
                for ws in self._xlsx.worksheets():  # constant-memory temp files
                    handle = getattr(ws, "row_data_fh", None)
                    if handle is not None and not handle.closed:
                        handle.close()
        finally:
            self._partial.unlink(missing_ok=True)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()
