"""``shopdesk packages list|show|export|import``, run as a user would (a subprocess)."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from shopdesk import db as database
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.workshop import maintenance
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.cli import run_shopdesk
from tests.helpers.workshop import workshop


def _winter_check(owner) -> None:
    maintenance.save_package(owner, PackageInput(
        "Winter check", [LineInput(LineKind.LABOUR, "Check battery and coolant", "0.3",
                                   "25.00")],
        fuel_types="electric, hybrid", season_from="11-01", season_to="02-28",
        fixed_price="29.00"))


def test_list_and_show_in_english_and_chinese(db, db_url, owner):
    shop = workshop(owner)
    _winter_check(owner)
    maintenance.archive_package(owner, shop.package.id)
    database.close()
    listed = run_shopdesk("packages", "list", "--db", db_url, "--language", "en")
    assert listed.returncode == 0, listed.stderr
    assert "Winter check" in listed.stdout and "Oil service" not in listed.stdout
    assert "Hybrid, Electric" in listed.stdout and "11-01 to 02-28" in listed.stdout
    assert "1 package(s)" in listed.stdout
    every = run_shopdesk("packages", "list", "--archived", "--db", db_url, "--language", "en")
    assert "Oil service (archived)" in every.stdout
    assert "10,000 km / 12 months" in every.stdout and "Honda" in every.stdout
    shown = run_shopdesk("packages", "show", "oil SERVICE", "--db", db_url, "--language", "en")
    assert shown.returncode == 0, shown.stderr
    assert "OIL-5W30" in shown.stdout and "4.5" in shown.stdout
    assert "Change oil and filter" in shown.stdout and re.search(r"Archived +yes", shown.stdout)
    chinese = run_shopdesk("packages", "show", "Winter check", "--db", db_url,
                           "--language", "zh_CN")
    assert chinese.returncode == 0, chinese.stderr
    assert "电动" in chinese.stdout and "混" in chinese.stdout and "工时" in chinese.stdout
    assert re.search(r"价格 +US\$29\.00", chinese.stdout) and re.search(r"已归档 +否",
                                                                       chinese.stdout)
    oil_zh = run_shopdesk("packages", "show", "Oil service", "--db", db_url,
                          "--language", "zh_CN")
    assert "10,000 公里 / 12 个月" in oil_zh.stdout and "已归档" in oil_zh.stdout
    listed_zh = run_shopdesk("packages", "list", "--db", db_url, "--language", "zh_CN")
    assert "1 个套餐" in listed_zh.stdout and "11-01 至 02-28" in listed_zh.stdout
    missing = run_shopdesk("packages", "show", "Nothing", "--db", db_url, "--language", "en")
    assert missing.returncode == 1
    assert "There is no package called 'Nothing'" in missing.stderr


def test_export_edit_and_import_from_the_command_line(db, db_url, owner, tmp_path):
    workshop(owner)
    _winter_check(owner)
    database.close()
    path = tmp_path / "套餐.xlsx"
    wrote = run_shopdesk("packages", "export", str(path), "--db", db_url, "--language", "zh_CN")
    assert wrote.returncode == 0, wrote.stderr
    assert "已将 2 个套餐写入" in wrote.stdout
    sheet = load_workbook(path).active
    assert next(sheet.iter_rows(values_only=True))[:2] == ("套餐", "说明")
    dry = run_shopdesk("packages", "import", str(path), "--dry-run", "--db", db_url,
                       "--language", "en")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == ["Dry run: nothing was written.",
                                       "Would create 0 package(s)", "Would change 0 package(s)",
                                       "2 package(s) unchanged"]
    book = load_workbook(path)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "Winter check":
            row[12].value = 35  # fixed price
            row[7].value = "纯电"
    book.save(path)
    done = run_shopdesk("packages", "import", str(path), "--db", db_url, "--language", "en")
    assert done.returncode == 0, done.stderr
    assert "Changed 1 package(s): Winter check" in done.stdout
    shown = run_shopdesk("packages", "show", "Winter check", "--db", db_url, "--language", "en")
    assert "$35.00" in shown.stdout and "Electric" in shown.stdout
    assert "Hybrid" not in shown.stdout


def test_a_bad_import_says_where_in_chinese_and_writes_nothing(db, db_url, owner, tmp_path):
    workshop(owner)
    database.close()
    path = tmp_path / "packages.xlsx"
    assert run_shopdesk("packages", "export", str(path), "--db", db_url,
                        "--language", "en").returncode == 0
    book = load_workbook(path)
    book.active["Q3"] = "NO-SUCH-SKU"
    book.active.append(["Brake check", "", "", "", "", None, None, "", 0, 0, "", "", None,
                        "no", "Labour", "Check brakes", "", 1, 1, None])
    book.save(path)
    refused = run_shopdesk("packages", "import", str(path), "--db", db_url,
                           "--language", "zh_CN")
    assert refused.returncode == 1
    assert "第 3 行，SKU：没有 SKU 为“NO-SUCH-SKU”的配件" in refused.stderr
    listed = run_shopdesk("packages", "list", "--db", db_url, "--language", "en")
    assert "Brake check" not in listed.stdout and "1 package(s)" in listed.stdout
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"%PDF-1.7 not a workbook")
    failed = run_shopdesk("packages", "import", str(broken), "--db", db_url, "--language", "en")
    assert failed.returncode == 1 and "not a spreadsheet" in failed.stderr
