"""The packages spreadsheet: real .xlsx files written, edited with openpyxl and read back,
in English and Chinese; every bad file refused with its row and column, nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shopdesk import i18n
from shopdesk.errors import ShopDeskError
from shopdesk.io import packages_file
from shopdesk.models.audit import AuditEntry
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.workshop import maintenance
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.workshop import workshop


@pytest.fixture
def shop(owner):
    found = workshop(owner)
    maintenance.save_package(owner, PackageInput(
        "Winter check", [LineInput(LineKind.LABOUR, "Check battery and coolant", "0.3",
                                   "25.00")],
        fuel_types="electric, hybrid", season_from="11-01", season_to="02-28",
        fixed_price="29.00", year_from=2015, year_to=2024))
    maintenance.archive_package(owner, found.package.id)
    return found


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def _snapshot(owner) -> list:
    return [(p.name, p.version, packages_file._stored(owner, p))
            for p in maintenance.all_packages(owner, include_archived=True)]


def _cells(path):
    return [list(r) for r in load_workbook(path).active.iter_rows(values_only=True)]


def _save(rows, path):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_export_writes_one_row_per_line_with_the_package_on_each(shop, owner, tmp_path):
    path = tmp_path / "packages.xlsx"
    assert packages_file.export_packages(owner, path) == 2
    rows = _cells(path)
    assert rows[0][:3] == ["Package", "Description", "Make"]
    assert rows[0][-6:] == ["Line kind", "Line description", "SKU", "Quantity", "Hours",
                            "Unit price"]
    oil = [r for r in rows[1:] if r[0] == "Oil service"]
    assert len(oil) == 3 and all(r[8] == 10000 and r[9] == 12 and r[13] == "yes" for r in oil)
    assert [r[16] for r in oil] == [shop.oil_filter.sku, "OIL-5W30", None]
    assert oil[1][17] == 4.5 and oil[2][14] == "Labour" and oil[2][18] == 0.5
    winter = next(r for r in rows[1:] if r[0] == "Winter check")
    assert winter[7] == "Hybrid, Electric" and winter[10:13] == ["11-01", "02-28", 29]
    assert winter[5:7] == [2015, 2024] and winter[19] == 25


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_export_reads_back_unchanged(shop, owner, tmp_path, language):
    path = tmp_path / "packages.xlsx"
    i18n.set_language(language)
    try:
        packages_file.export_packages(owner, path)
        headers = _cells(path)[0]
        result = packages_file.import_packages(owner, path, dry_run=True)
    finally:
        i18n.set_language("en")
    if language == "zh_CN":
        assert "套餐" in headers[0] and "SKU" in headers
    before = _snapshot(owner)
    assert result.unchanged == ["Oil service", "Winter check"]
    assert not result.created and not result.replaced
    done = packages_file.import_packages(owner, path)  # in English: either language reads
    assert done.unchanged == ["Oil service", "Winter check"]
    assert _snapshot(owner) == before  # no new version: unchanged packages are not rewritten


def test_an_edited_export_changes_and_adds_packages(shop, owner, tmp_path):
    path = tmp_path / "packages.xlsx"
    packages_file.export_packages(owner, path)
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "Oil service":
            row[8].value = 15000  # every 15,000 km now
            row[13].value = "no"  # and back in use
    sheet.append(["Tyre rotation", "", "", "", "", None, None, "电动", None, 6, "", "", None,
                  "", "工时", "Rotate the tyres", "", 1, 0.4, 30])
    book.save(path)
    dry = packages_file.import_packages(owner, path, dry_run=True)
    assert dry.replaced == ["Oil service"] and dry.created == ["Tyre rotation"]
    assert "Would create 1 package(s): Tyre rotation" in dry.lines()
    assert MaintenancePackage.get(MaintenancePackage.name == "Oil service").interval_km == 10000
    assert MaintenancePackage.get_or_none(MaintenancePackage.name == "Tyre rotation") is None
    packages_file.import_packages(owner, path)
    oil = MaintenancePackage.get(MaintenancePackage.name == "Oil service")
    assert oil.interval_km == 15000 and not oil.archived
    assert [li.part_id for li in maintenance.lines_of(owner, oil)][:2] == [
        shop.oil_filter.id, shop.oil.id]
    tyres = MaintenancePackage.get(MaintenancePackage.name == "Tyre rotation")
    assert tyres.fuel_types == "electric" and tyres.interval_months == 6
    line = maintenance.lines_of(owner, tyres)[0]
    assert line.kind == "labour" and line.hours == Decimal("0.4")
    assert line.unit_price == Decimal("30.00")


HEAD = ["Package", "Every km", "Every months", "Season from", "Season to", "Fuels",
        "Line kind", "Line description", "SKU", "Quantity"]
GOOD = ["Check", 10000, None, "", "", "", "Labour", "Look at it", "", 1]


BAD = {
    "missing column": ([h for h in HEAD if h != "SKU"], [[*GOOD[:8], 1]],
                       "has no column SKU"),
    "no lines": (HEAD, [["Check", 10000, None, "", "", "", None, None, None, None]],
                 "Row 2, Line kind: the package Check has no lines"),
    "0 km and 0 months": (HEAD, [["Check", 0, 0, *GOOD[3:]]],
                          "Row 2, Every km: an interval must be more than zero"),
    "unknown SKU": (HEAD, [[*GOOD[:6], "Part", "", "NOPE-1", 1]],
                    "Row 2, SKU: no part has the SKU 'NOPE-1'"),
    "unknown fuel": (HEAD, [[*GOOD[:5], "petrol, steam", *GOOD[6:]]],
                     "Row 2, Fuels: 'steam' is not a fuel type"),
    "season with one end": (HEAD, [["Check", None, None, "11-01", "", *GOOD[5:]]],
                            "Row 2, Season to: a season needs both a start and an end"),
    "text for a number": (HEAD, [["Check", "ten thousand", *GOOD[2:]]],
                          "Row 2, Every km: 'ten thousand' is not a whole number"),
    "bad quantity": (HEAD, [[*GOOD[:9], "lots"]],
                     "Row 2, Quantity: 'lots' is not a number of zero or more"),
    "bad line kind": (HEAD, [[*GOOD[:6], "Magic", *GOOD[7:]]],
                      "Row 2, Line kind: 'Magic' is not a line kind"),
    "second row differs": (HEAD, [GOOD, ["Check", 20000, *GOOD[2:]]],
                           "Row 3, Every km: differs from the package's first row (2)"),
    "formula": (HEAD, [["Check", "=5000*2", *GOOD[2:]]], "has formulas (in B2)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rows_are_refused_naming_row_and_column_and_nothing_is_written(
        shop, owner, tmp_path, case):
    headers, rows, message = BAD[case]
    good_first = ["Winter check", None, 12, "", "", "", "Fee", "Battery test", "", 1]
    path = _save([headers, *rows, good_first if "SKU" in headers else [*good_first[:8], 1]],
                 tmp_path / "in.xlsx")
    before, audits = _snapshot(owner), AuditEntry.select().count()
    with pytest.raises(ShopDeskError) as refused:
        packages_file.import_packages(owner, path)
    assert message in str(refused.value)
    assert _snapshot(owner) == before and AuditEntry.select().count() == audits


def test_a_refusal_reads_in_chinese(shop, owner, tmp_path, chinese):
    path = _save([HEAD, [*GOOD[:6], "Part", "", "NOPE-1", 1]], tmp_path / "in.xlsx")
    with pytest.raises(ShopDeskError) as refused:
        packages_file.import_packages(owner, path)
    text = refused.value.translated()
    assert "第 2 行" in text and "NOPE-1" in text and "SKU" in text


def test_a_save_refusal_names_the_package_and_nothing_is_written(shop, owner, tmp_path):
    path = _save([HEAD, GOOD, ["Other", None, 6, *GOOD[3:6], "Labour", "", "", 1]],
                 tmp_path / "in.xlsx")
    before = _snapshot(owner)
    with pytest.raises(ShopDeskError) as refused:
        packages_file.import_packages(owner, path)
    assert "Row 3, Line description: describe the line" in str(refused.value)
    assert _snapshot(owner) == before


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 not really a zip", "damaged"),
    (b"%PDF-1.4 hello", "a PDF document"),
    (b"", "is empty"),
])
def test_a_broken_or_foreign_file_is_refused(owner, tmp_path, content, message):
    path = tmp_path / "packages.xlsx"
    path.write_bytes(content)
    with pytest.raises(ShopDeskError) as refused:
        packages_file.import_packages(owner, path)
    assert message in str(refused.value)


def test_export_only_to_xlsx(owner, tmp_path):
    with pytest.raises(ShopDeskError, match=r"exported to an \.xlsx file"):
        packages_file.export_packages(owner, tmp_path / "p.csv")


def test_a_season_excel_made_into_a_date_reads_as_month_and_day(shop, owner, tmp_path):
    import datetime as dt

    path = _save([HEAD, ["Spring check", None, None, dt.date(2026, 4, 15),
                         dt.datetime(2026, 6, 30), "", "Labour", "Look at it", "", 1]],
                 tmp_path / "in.xlsx")
    assert packages_file.import_packages(owner, path).created == ["Spring check"]
    spring = MaintenancePackage.get(MaintenancePackage.name == "Spring check")
    assert (spring.season_from, spring.season_to) == ("04-15", "06-30")


def test_a_package_with_a_part_archived_since_reads_back_but_cannot_be_changed(
        shop, owner, tmp_path):
    from shopdesk.services.stock import parts

    maintenance.archive_package(owner, shop.package.id, False)
    parts.archive_part(owner, shop.oil.id)
    path = tmp_path / "packages.xlsx"
    packages_file.export_packages(owner, path)
    assert packages_file.import_packages(owner, path).unchanged == ["Oil service",
                                                                    "Winter check"]
    book = load_workbook(path)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "Oil service":
            row[9].value = 6
    book.active.insert_rows(2)  # a new package first: saved, then rolled back
    for col, value in enumerate(["A new check", "", "", "", "", None, None, "", 5000, None, "",
                                 "", None, "no", "Fee", "Look", "", 1, None, 10], start=1):
        book.active.cell(2, col, value)
    book.save(path)
    before = _snapshot(owner)
    with pytest.raises(ShopDeskError, match="Row 4, SKU: the part OIL-5W30 is archived"):
        packages_file.import_packages(owner, path)
    assert _snapshot(owner) == before
    assert MaintenancePackage.get_or_none(MaintenancePackage.name == "A new check") is None
