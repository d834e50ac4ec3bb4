"""Open exported files "in a spreadsheet" as an accountant would: read back with openpyxl and
python-calamine (two independent readers), and, where LibreOffice is installed, with
LibreOffice Calc itself: it opens each file (xlsx, or a CSV as a spreadsheet imports it),
computes formulas added beside the data (SUMIF, SUMPRODUCT over the exported columns) and
writes every sheet out as it shows it (number formats applied). Nothing here is mocked: Calc
is run headless in a profile of its own.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

#: LibreOffice's command, when installed (Debian: ``apt-get install libreoffice-calc``).
LIBREOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
#: Calc's CSV export: comma, double quotes, UTF-8, every sheet to its own file, each cell
#: "as shown" (with its number format: "$231.00", "-$10.99").
_CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
_CSV_IN = "CSV:44,34,76,1"  # a CSV opened as UTF-8, comma-separated, from its first line
CHECK = "Check"  # the sheet of formulas added for Calc to compute


def cells_openpyxl(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's rows as openpyxl reads them."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
                for ws in book.worksheets}
    finally:
        book.close()


def cells_calamine(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's rows as python-calamine reads them (whole numbers come back as floats)."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names}


def rows_csv(path: Path) -> list[list[str]]:
    """A CSV file's rows (UTF-8 with or without a byte-order mark)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def money(value: object) -> Decimal:
    """A money cell (float, int, Decimal or text) as an exact amount to the cent."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _run(args: list[str], profile: Path) -> None:
    assert LIBREOFFICE, "LibreOffice is not installed"
    subprocess.run([LIBREOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    *args], check=True, capture_output=True, timeout=180)


def csv_to_xlsx(files: list[Path], folder: Path, profile: Path) -> dict[Path, Path]:
    """Open each CSV in Calc and save it as a workbook (as Calc typed its cells)."""
    folder.mkdir(parents=True, exist_ok=True)
    _run([f"--infilter={_CSV_IN}", "--convert-to", "xlsx", "--outdir", str(folder),
          *map(str, files)], profile)
    return {f: folder / f"{f.stem}.xlsx" for f in files}


def computed_by_calc(books: dict[str, tuple[Path, dict[str, str]]], folder: Path,
                     profile: Path) -> dict[str, dict[str, list[list[str]]]]:
    """For each ``name -> (workbook, {label: formula})``: a copy of the workbook with a sheet
    of the formulas (label in column A, formula in B), opened and computed by Calc, every
    sheet written out as Calc shows it. Returns ``name -> sheet -> rows of text``; the
    formulas' results are in the sheet ``CHECK``."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for name, (path, formulas) in books.items():
        book = openpyxl.load_workbook(path)
        check = book.create_sheet(CHECK)
        for row, (label, formula) in enumerate(formulas.items(), start=1):
            check.cell(row, 1, label)
            check.cell(row, 2, formula).number_format = "0.00"
        copy = folder / f"{name}.xlsx"
        book.save(copy)
        copies.append(copy)
    out = folder / "shown"
    _run(["--convert-to", _CSV_OUT, "--outdir", str(out), *map(str, copies)], profile)
    shown: dict[str, dict[str, list[list[str]]]] = {}
    for name in books:
        sheets = {}
        for file in out.glob(f"{name}-*.csv"):
            sheets[file.stem.removeprefix(f"{name}-")] = rows_csv(file)
        shown[name] = sheets
    return shown


def column(sheet_title: str, letter: str, rows: int) -> str:
    """A column range of a sheet, for a formula: 'Sales journal'!$K$2:$K$9."""
    title = sheet_title.replace("'", "''")
    return f"'{title}'!${letter}$2:${letter}${rows + 1}"
