"""A vehicle spreadsheet's fuel column (English or Chinese header, the shop's own words) is
stored as one of the fixed fuel types; a word that is no fuel rejects its row, saying so."""

from __future__ import annotations

import openpyxl

from shopdesk.io.importing import run_import
from shopdesk.io.importing.fields import guess_mapping
from shopdesk.models.vehicles import Vehicle


def test_fuel_headers_are_recognised_in_english_and_chinese():
    for header in ("Fuel", "Fuel type", "燃油", "燃料类型", "能源类型"):
        assert guess_mapping("vehicles", ["Plate", header])[header] == "fuel", header


def test_imported_fuel_words_become_fuel_types(db, owner, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["车牌", "Make", "Model", "燃料类型", "Owner name", "Owner phone"])
    for plate, make, model, fuel in [("EV-1", "Tesla", "Model Y", "BEV"),
                                     ("EV-2", "Nissan", "Leaf", "纯电"),
                                     ("HY-1", "Toyota", "Prius", "油电混合"),
                                     ("GA-1", "Ford", "F-150", "Gas"),
                                     ("PH-1", "BYD", "Song Plus DM-i", "插电混动"),
                                     ("XX-1", "Ford", "Model T", "steam"),
                                     ("NO-1", "Honda", "Civic", "")]:
        book.active.append([plate, make, model, fuel, "Ann Lee", "217 555 0142"])
    path = tmp_path / "cars.xlsx"
    book.save(path)

    report = run_import(owner, "vehicles", path)

    assert report.mapping["燃料类型"] == "fuel" and report.mapping["车牌"] == "plate"
    assert report.created == 6 and report.rejected == 1
    assert [str(p) for p in report.problems] == [
        "Row 7, 燃料类型: 'steam' is not a fuel type: choose petrol, diesel, hybrid, plug-in "
        "hybrid or electric, or leave it empty when unknown"]
    stored = dict(Vehicle.select(Vehicle.plate, Vehicle.fuel).tuples())
    assert stored == {"EV-1": "electric", "EV-2": "electric", "HY-1": "hybrid",
                      "GA-1": "petrol", "PH-1": "plug-in hybrid", "NO-1": ""}
