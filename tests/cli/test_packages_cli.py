"""``shopdesk packages list|show|export|import``, run as a user would (a subprocess)."""

from __future__ import annotations

import re

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
    listed_zh = run_shopdesk("packages", "list", "--db", db_url, "--language", "zh_CN")
    assert "1 个套餐" in listed_zh.stdout and "11-01 至 02-28" in listed_zh.stdout
    missing = run_shopdesk("packages", "show", "Nothing", "--db", db_url, "--language", "en")
    assert missing.returncode == 1
    assert "There is no package called 'Nothing'" in missing.stderr
