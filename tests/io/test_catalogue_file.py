"""Reading a supplier's price file (.csv, .xlsx) for the catalogue import."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.io.catalogue_file import read_headers, read_price_file


def test_csv_below_a_title_with_written_numbers(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text("Acme Parts price list March\n\nPart No,Description,Net Price,Pack Qty\n"
                    'AC-1,Brake pads,"1,234.50",2\nAC-2,Filter,abc,1\n', encoding="utf-8")
    read = read_price_file(path)
    assert read.mapping == {"Part No": "supplier_sku", "Description": "description",
                            "Net Price": "cost", "Pack Qty": "pack_size"}
    assert read.rows == [
        (4, {"supplier_sku": "AC-1", "description": "Brake pads", "cost": Decimal("1234.50"),
             "pack_size": Decimal("2")}),
        (5, {"supplier_sku": "AC-2", "description": "Filter", "cost": "abc",
             "pack_size": Decimal("1")})]


def test_xlsx_with_an_unknown_column_needs_mapping(tmp_path):
    path = tmp_path / "bosch.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Article", "Name", "Dealer price", "Colour"])
    sheet.append(["0986AB", "Brake disc", 31.5, "grey"])
    book.save(path)
    assert read_headers(path) == ["Article", "Name", "Dealer price", "Colour"]
    with pytest.raises(ValidationError, match="'Colour'"):
        read_price_file(path)
    read = read_price_file(path, {"Colour": "ignore"})
    assert read.rows == [(2, {"supplier_sku": "0986AB", "description": "Brake disc",
                              "cost": Decimal("31.5")})]


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "prices.xlsx"
    path.write_bytes(b"%PDF-1.4 not a sheet")
    with pytest.raises(ShopDeskError, match="PDF"):
        read_price_file(path)
