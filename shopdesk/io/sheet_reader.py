"""Read the spreadsheets shops keep (.xlsx, .csv): find the header row, yield rows as dicts.

Values come back as text (``str``, stripped, never empty: empty cells are ``None``), exact
numbers (``int`` or ``Decimal``, never ``float``), ``datetime.date``/``datetime`` or ``bool``.
python-calamine reads the cells (fast); the workbook's zip is looked at first with
:mod:`zipfile` for what calamine cannot say or should not be asked to load: zip bombs, sheets
far too long to import, formulas without a saved result. Merged cells come from calamine and
are filled in (the value the person sees in every cell of the block), with a note.

Everything a person can fix is a :class:`SheetError` with one clear line::

    sheet = open_sheet(path, known_headers={"sku", "part no", "price"})
    for row in sheet.rows():
        row.number, row.values["SKU"], row.notes
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from shopdesk.errors import ShopDeskError

Value = str | int | Decimal | dt.date | dt.datetime | bool | None

#: More rows than this are refused (split the file): an import is one transaction.
MAX_ROWS = 200_000
#: A workbook whose parts unpack to more than this is refused (a zip bomb or not a shop list).
MAX_UNPACKED = 400 * 1024 * 1024
#: A zip member that unpacks to more than this many times its packed size is suspicious...
MAX_RATIO = 200
#: ...once it unpacks to more than this.
RATIO_FLOOR = 20 * 1024 * 1024
#: A sheet whose XML unpacks to more than this has its rows counted before it is loaded
#: (refused early if too long); a smaller one loads in modest memory and is checked after.
PRESCAN_BYTES = 64 * 1024 * 1024
#: Rows looked at to find the header row.
HEADER_SCAN = 30

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SIGNATURES = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG picture", b"\xff\xd8\xff":
               "a JPEG picture", b"GIF8": "a GIF picture", b"{\\rtf": "an RTF document",
               b"SQLite format 3": "a SQLite database"}


class SheetError(ShopDeskError):
    """The file cannot be read as a spreadsheet; the message says why and what to do."""


class SheetRow:
    """One data row: its row number in the file (as the spreadsheet shows it), the values by
    header, and notes by header about cells that were read with a caveat (merged, formula)."""

    __slots__ = ("notes", "number", "values")

    def __init__(self, number: int, values: dict[str, Value],
                 notes: dict[str, str] | None = None) -> None:
        self.number = number
        self.values = values
        self.notes = notes if notes is not None else {}

    def __repr__(self) -> str:
        return f"SheetRow({self.number}, {self.values!r}, {self.notes!r})"


def exact(value: Any) -> Value:
    """A cell value as read -> text / exact number / date / bool, ``None`` when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else Decimal(repr(value))
    if isinstance(value, int | Decimal | dt.date):
        return value
    if isinstance(value, dt.time):
        return value.isoformat()
    return str(value)


def exact_row(cells: list[Any]) -> list[Value]:
    """:func:`exact` over a row, with text and number cells converted inline (the common
    cases, ~3x faster than a call per cell)."""
    return [(c.strip() or None) if type(c) is str
            else (int(c) if c.is_integer() and -2**53 < c < 2**53 else Decimal(repr(c)))
            if type(c) is float and c == c and c not in (_INF, -_INF)
            else exact(c) for c in cells]


_INF = float("inf")


def _name_headers(cells: list[Value]) -> list[str]:
    """Header texts, with "Column C" for blanks and "Name (2)" for repeats."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = " ".join(str(cell).split()) if cell is not None else ""
        if not text:
            text = f"Column {column_letter(index)}"
        key = text.casefold()
        seen[key] = seen.get(key, 0) + 1
        names.append(text if seen[key] == 1 else f"{text} ({seen[key]})")
    return names


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normal_header(text: str) -> str:
    """A header as compared: lower case, accents dropped ("Prénom" is "prenom"), letters
    (any script: "实盘数" stays) and digits separated by single spaces."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                     if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def find_header(rows: list[list[Value]], known: Iterable[str] = ()) -> int:
    """Index (in ``rows``) of the header row: the row naming most ``known`` headers, else the
    first row of at least two text cells that are all text. Raises SheetError when none."""
    wanted = {normal_header(k) for k in known}
    best, best_score = -1, 0
    for index, cells in enumerate(rows[:HEADER_SCAN]):
        score = sum(1 for c in cells if isinstance(c, str) and normal_header(c) in wanted)
        if score > best_score:
            best, best_score = index, score
    if best >= 0 and best_score >= min(2, len(wanted)):
        return best
    for index, cells in enumerate(rows[:HEADER_SCAN]):
        filled = [c for c in cells if c is not None]
        if len(filled) >= 2 and all(isinstance(c, str) for c in filled):
            return index
    raise SheetError("No header row found in the first rows: the first row of the list "
                     "should name its columns (e.g. SKU, Name, Price)")


#: A row as read, before conversion: (row number, cells, notes by header). Cells are loose:
#: text maybe with spaces or "", floats for numbers; :func:`exact_row` makes them exact.
CellRow = tuple[int, list[Any], dict[str, str]]


class Sheet:
    """An opened spreadsheet: its column headers and its data rows (read once, in order)."""

    def __init__(self, path: Path, headers: list[str], header_row: int, total_rows: int,
                 cell_rows: Iterator[CellRow], sheet_name: str = "",
                 close: Callable[[], None] | None = None) -> None:
        self.path = path
        self.headers = headers
        self.header_row = header_row  # 1-based row number of the header in the file
        self.total_rows = total_rows  # rows below the header (an estimate for CSV)
        self.sheet_name = sheet_name
        self._cells = cell_rows
        self._close = close

    def rows(self) -> Iterator[SheetRow]:
        """The data rows below the header as exact values by header; empty rows skipped."""
        headers = self.headers
        for number, cells, notes in self._cells:
            values = exact_row(cells)
            if notes or values.count(None) != len(values):
                yield SheetRow(number, dict(zip(headers, values, strict=False)), notes)

    def cell_rows(self) -> Iterator[CellRow]:
        """The data rows as loose cells in column order (for fast bulk readers that convert
        each column themselves); rows with no cells filled are skipped."""
        return self._cells

    def close(self) -> None:
        """Let go of the file (also done when the rows have all been read)."""
        close = getattr(self._cells, "close", None)
        if close:
            close()
        if self._close:
            self._close()

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def sheet_names(path: str | Path) -> list[str]:
    """The visible worksheets of a workbook, in order (a CSV file has one: its name).
    Read from the workbook's index only (cheap, even for a big file)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return [path.stem]
    names = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and 'state="hidden"' not in tag and 'state="veryHidden"' not in tag:
            names.append(html.unescape(name.group(1)))
    return names or [path.stem]


def open_sheet(path: str | Path, *, known_headers: Iterable[str] = (),
               max_rows: int = MAX_ROWS, sheet: str | None = None) -> Sheet:
    """Open a .xlsx or .csv file and find its header row (it may be below a title).

    ``sheet`` names the worksheet to read (default: the first visible one).

    Refuses with :class:`SheetError`: a missing or empty file, a file that is not a workbook
    or CSV, a password-protected workbook, a zip bomb, more than ``max_rows`` rows.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"There is no file {path}")
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if not head:
        raise SheetError(f"{path.name} is empty")
    if head.startswith(_ZIP_MAGIC):
        return _open_xlsx(path, known_headers, max_rows, sheet)
    if head.startswith(_OLE_MAGIC):
        if _is_encrypted(path):
            raise SheetError(f"{path.name} is protected with a password: open it in Excel, "
                             "remove the password (File > Info > Protect Workbook) and save "
                             "it, then import it again")
        raise SheetError(f"{path.name} is an old-style .xls workbook: open it in Excel or "
                         "LibreOffice and save it as .xlsx (or CSV), then import that")
    for magic, what in _SIGNATURES.items():
        if head.startswith(magic):
            raise SheetError(f"{path.name} is {what}, not a spreadsheet: choose the .xlsx "
                             "or .csv file")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise SheetError(f"{path.name} is not an Excel workbook (the file is damaged or is "
                         "something else renamed): save it again from Excel as .xlsx")
    return _open_csv(path, head, known_headers, max_rows)


def _is_encrypted(path: Path) -> bool:
    """An OLE file holding an EncryptedPackage stream is an encrypted Office document."""
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            if _ENCRYPTED in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED):]
    return False


# --- xlsx ---------------------------------------------------------------------------------
@dataclass
class _SheetScan:
    rows: int = 0
    has_formulas: bool = False
    dimension_rows: int = 0


def _check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise SheetError(f"{path.name} is an OpenDocument spreadsheet: save it as .xlsx "
                             "or CSV, then import that")
        raise SheetError(f"{path.name} is a zip file but not an Excel workbook: choose the "
                         ".xlsx or .csv file")
    unpacked = 0
    for info in zf.infolist():
        unpacked += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1):
            raise SheetError(f"{path.name} unpacks to far more than it holds (a zip bomb?): "
                             "refused, nothing was read")
    if unpacked > MAX_UNPACKED:
        raise SheetError(f"{path.name} unpacks to {unpacked // 2**20:,} MB, more than a shop "
                         f"list can be ({MAX_UNPACKED // 2**20} MB): split it into smaller files")


def _first_sheet_member(zf: zipfile.ZipFile, sheet_index: int) -> str | None:
    """The zip member of the ``sheet_index``-th sheet in workbook order (via the rels)."""
    try:
        workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return None
    ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook)
    if sheet_index >= len(ids):
        return None
    match = re.search(r"<Relationship\b[^>]*?Id=\"" + re.escape(ids[sheet_index])
                      + r"\"[^>]*?Target=\"([^\"]+)\"", rels) or re.search(
        r"<Relationship\b[^>]*?Target=\"([^\"]+)\"[^>]*?Id=\"" + re.escape(ids[sheet_index])
        + "\"", rels)
    if not match:
        return None
    target = match.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


#: Every formula has a closing </f> (or </x:f>): shared formulas too, in their first cell.
#: A false alarm (text containing "f>") only costs a closer look.
_FORMULA_END = b"f>"


def _scan_sheet(zf: zipfile.ZipFile, member: str, max_rows: int, name: str) -> _SheetScan:
    """Count rows and look for formulas by streaming the sheet's XML (no parse, flat memory)."""
    scan = _SheetScan()
    tail = b""
    row_tag = b"<row "
    with zf.open(member) as stream:
        first = True
        while chunk := stream.read(4 * 1024 * 1024):
            if first:
                found = re.search(rb"<(?:\w+:)?dimension ref=\"[A-Z]+\d+:?[A-Z]*(\d*)\"", chunk)
                if found and found.group(1):
                    scan.dimension_rows = int(found.group(1))
                prefixed = re.search(rb"<(\w+):sheetData\b", chunk)
                if prefixed:  # e.g. <x:row> from the .NET OpenXML SDK
                    row_tag = b"<" + prefixed.group(1) + b":row "
                first = False
            both = tail + chunk
            scan.rows += both.count(row_tag) - tail.count(row_tag)
            if not scan.has_formulas and _FORMULA_END in both:
                scan.has_formulas = True
            if scan.rows > max_rows + HEADER_SCAN:
                raise SheetError(f"{name} has more than {max_rows:,} rows: split it into "
                                 "smaller files and import them one after the other")
            tail = chunk[-12:]
    return scan


def _formula_cells(zf: zipfile.ZipFile, member: str) -> dict[tuple[int, int], str]:
    """Cells (row, column, 0-based) holding a formula with no saved result -> the formula."""
    from defusedxml.ElementTree import iterparse

    missing: dict[tuple[int, int], str] = {}
    with zf.open(member) as stream:
        for _event, elem in iterparse(stream, events=("end",)):
            if elem.tag.rsplit("}", 1)[-1] != "c":
                continue
            formula, has_value = None, False
            for child in elem:
                tag = child.tag.rsplit("}", 1)[-1]
                if tag == "f":
                    formula = child.text or "(shared formula)"
                elif tag == "is" or (tag == "v" and (child.text or "") != ""):
                    has_value = True
            if formula is not None and not has_value:
                ref = elem.get("r", "")
                match = re.match(r"([A-Z]+)(\d+)$", ref)
                if match:
                    col = 0
                    for letter in match.group(1):
                        col = col * 26 + ord(letter) - 64
                    missing[(int(match.group(2)) - 1, col - 1)] = formula
            elem.clear()
    return missing


def _formulas_of(path: Path, member: str, max_rows: int) -> dict[tuple[int, int], str]:
    """:func:`_formula_cells` of a sheet, when its XML has formulas at all."""
    with zipfile.ZipFile(path) as zf:
        if _scan_sheet(zf, member, max_rows, path.name).has_formulas:
            return _formula_cells(zf, member)
    return {}


def _open_xlsx(path: Path, known: Iterable[str], max_rows: int,
               wanted: str | None = None) -> Sheet:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(f"{path.name} is damaged and cannot be opened ({exc})") from None
    with zf:
        _check_zip(path, zf)
        import python_calamine

        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        except python_calamine.PasswordError:
            raise SheetError(f"{path.name} is protected with a password: remove the password "
                             "in Excel and save it, then import it again") from None
        except Exception as exc:  # calamine's own errors: a damaged workbook
            raise SheetError(f"{path.name} cannot be read as a workbook ({exc})") from None
        if wanted is not None:
            if wanted not in workbook.sheet_names:
                raise SheetError(f"{path.name} has no sheet called {wanted!r} (it has "
                                 f"{', '.join(workbook.sheet_names)})")
            index = workbook.sheet_names.index(wanted)
        else:
            index = next((i for i, m in enumerate(workbook.sheets_metadata)
                          if str(m.typ).endswith("WorkSheet")
                          and str(m.visible).endswith("Visible")), 0)
        member = _first_sheet_member(zf, index)
        formulas: dict[tuple[int, int], str] = {}
        look_later = False  # for formulas, once a data row shows an empty cell
        if member and member in zf.namelist():
            if zf.getinfo(member).file_size > PRESCAN_BYTES:
                scan = _scan_sheet(zf, member, max_rows, path.name)  # refused before loading
                if scan.has_formulas:
                    formulas = _formula_cells(zf, member)
            else:
                look_later = True
        try:
            sheet = workbook.get_sheet_by_index(index)
        except Exception as exc:
            raise SheetError(f"{path.name} cannot be read as a workbook ({exc})") from None
    if sheet.height > max_rows + HEADER_SCAN:
        raise SheetError(f"{path.name} has more than {max_rows:,} rows: split it into "
                         "smaller files and import them one after the other")
    start_row = sheet.start[0] if sheet.start else 0
    start_col = sheet.start[1] if sheet.start else 0
    raw = sheet.iter_rows()
    top: list[list[Value]] = []
    for cells in raw:
        top.append([exact(c) for c in cells])
        if len(top) >= HEADER_SCAN:
            break
    if not any(any(c is not None for c in r) for r in top):
        raise SheetError(f"{path.name} has no rows on its first sheet")
    merges = _merge_map(sheet.merged_cell_ranges or [], start_row, start_col)
    header_index = find_header(top, known)
    headers = _name_headers(top[header_index])
    total = max(sheet.height - header_index - 1, 0)

    def cell_rows() -> Iterator[CellRow]:
        nonlocal formulas, look_later
        number = start_row + header_index + 1  # 1-based number of the header row
        width = len(headers)
        top_left: dict[tuple[int, int], Any] = {}
        for cells in itertools.chain(top[header_index + 1:], raw):
            number += 1
            if all(cells) and not merges and not formulas:  # every cell filled: as read
                yield number, cells, {}
                continue
            if look_later and ("" in cells or None in cells):
                # a formula without a saved result reads as an empty cell: only a sheet
                # with empty cells can have one, so only such a sheet's XML is looked at
                look_later = False
                formulas = _formulas_of(path, member or "", max_rows)
            notes: dict[str, str] = {}
            if merges or formulas:
                r = number - 1 - start_row
                for c in range(min(len(cells), width)):
                    spot = (r, c)
                    if spot in merges:
                        anchor, label = merges[spot]
                        if anchor == spot:
                            top_left[anchor] = cells[c]
                        else:
                            cells[c] = top_left.get(anchor)
                            if cells[c] not in (None, ""):
                                notes[headers[c]] = f"merged cells {label}: value of the " \
                                                    "first cell used"
                    ref = (number - 1, c + start_col)
                    if ref in formulas:
                        cells[c] = None
                        notes[headers[c]] = (f"formula ={formulas[ref]} has no saved result: "
                                             "open the file in Excel, save it, import again")
            # (a filled first cell settles it without looking at the rest)
            first = cells[0] if cells else None
            if not notes and (first is None or first == "") and \
                    cells.count("") + cells.count(None) == len(cells):
                continue
            yield number, cells, notes

    return Sheet(path, headers, start_row + header_index + 1, total, cell_rows(), sheet.name)


def _merge_map(ranges: list, start_row: int, start_col: int
               ) -> dict[tuple[int, int], tuple[tuple[int, int], str]]:
    """(row, col) relative to the data start -> (top-left cell, "B5:B7") for merged blocks."""
    found: dict[tuple[int, int], tuple[tuple[int, int], str]] = {}
    for (r1, c1), (r2, c2) in ranges:
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            continue  # a whole-column merge is decoration, not data
        label = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
        anchor = (r1 - start_row, c1 - start_col)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                found[(r - start_row, c - start_col)] = (anchor, label)
    return found


# --- csv ----------------------------------------------------------------------------------
def _encoding_of(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"  # what Excel on Windows writes for "CSV" in western Europe and the US


def _open_csv(path: Path, head: bytes, known: Iterable[str], max_rows: int) -> Sheet:
    encoding = _encoding_of(head)
    sample = head.decode(encoding if encoding != "utf-8-sig" else "utf-8", "ignore")
    if "\x00" in sample and encoding != "utf-16":
        raise SheetError(f"{path.name} is not a spreadsheet or CSV file (it holds binary "
                         "data): choose the .xlsx or .csv file")
    try:
        dialect: Any = csv.Sniffer().sniff(sample[:16384], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    handle = path.open("r", encoding=encoding, newline="", errors="replace")
    reader = csv.reader(handle, dialect)
    top: list[list[Value]] = []
    try:
        for cells in reader:
            top.append([exact(c) for c in cells])
            if len(top) >= HEADER_SCAN:
                break
    except csv.Error as exc:
        handle.close()
        raise SheetError(f"{path.name} is not a readable CSV file ({exc})") from None
    if not any(any(c is not None for c in r) for r in top):
        handle.close()
        raise SheetError(f"{path.name} has no rows")
    header_index = find_header(top, known)
    headers = _name_headers(top[header_index])
    estimate = max(path.stat().st_size // max(len(sample.encode()) // max(len(top), 1), 1)
                   - header_index - 1, len(top) - header_index - 1)

    def cell_rows() -> Iterator[CellRow]:
        number = header_index + 1
        count = 0
        try:
            for number, cells in enumerate(itertools.chain(top[header_index + 1:], reader),
                                           header_index + 2):
                if not any(cells):  # (text cells: all "" or None)
                    continue
                count += 1
                if count > max_rows:
                    raise SheetError(f"{path.name} has more than {max_rows:,} rows: split it "
                                     "into smaller files and import them one after the other")
                yield number, cells, {}
        except csv.Error as exc:
            raise SheetError(f"{path.name}, row {number}: not readable CSV ({exc})") from None
        finally:
            handle.close()

    return Sheet(path, headers, header_index + 1, estimate, cell_rows(), path.stem, handle.close)


__all__ = ["MAX_ROWS", "Sheet", "SheetError", "SheetRow", "Value", "column_letter", "exact",
           "exact_row", "find_header", "normal_header", "open_sheet", "sheet_names"]
