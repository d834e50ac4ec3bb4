"""Customers, vehicles and parts as plain lists, and every table in one workbook."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from shopdesk.errors import ValidationError
from shopdesk.io.exports.all_data import export_all
from shopdesk.io.exports.records import export_records
from shopdesk.models.base import database_proxy
from shopdesk.services.crm import customers
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.stock import parts
from tests.helpers.parts import make_supplier
from tests.io.export_shop import make_shop, money
from tests.services.customer_helpers import car, person


def _rows(path):
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2,
                                                                         values_only=True)]


def test_customers_list_has_plain_columns_and_every_phone(db, owner, tmp_path) -> None:
    ann = person(owner, email="ann@example.com")
    customers.add_customer(owner, CustomerInput(
        company_name="=Fleet & Co", phones=[PhoneInput("+44 20 7946 0958"),
                                            PhoneInput("(217) 555-0199")]))
    archived = person(owner, "Old", "Gone", phone="", email="")
    customers.set_archived(owner, archived.id, True)
    path = tmp_path / "customers.xlsx"
    assert export_records(owner, "customers", path) == 2
    rows = _rows(path)
    assert [r["Company"] or r["Last name"] for r in rows] == ["=Fleet & Co", "Smith"]
    fleet, smith = rows
    assert fleet["Phone"] == "+44 20 7946 0958" and fleet["Phone 2"] == "(217) 555-0199"
    assert smith["First name"] == "Ann" and smith["Email"] == "ann@example.com"
    assert isinstance(smith["Customer since"], dt.datetime)  # a real date
    assert abs((smith["Customer since"].date() - ann.created_at.date()).days) <= 1
    sheet = openpyxl.load_workbook(path).active
    assert sheet["C2"].data_type == "s" and sheet["C2"].quotePrefix  # never a formula


def test_vehicles_list_names_the_owner(db, owner, tmp_path) -> None:
    ann = person(owner)
    car(owner, ann.id, plate="AB-123-CD", odometer=84210, year=2016)
    path = tmp_path / "vehicles.csv"
    assert export_records(owner, "vehicles", path) == 1
    text = path.read_text(encoding="utf-8-sig").splitlines()
    assert text[0].startswith("Plate,VIN,Make,Model,Year")
    assert "AB-123-CD,1HGCM82633A004352,Honda,Accord,2016" in text[1]
    assert "Smith, Ann" in text[1] and "(217) 555-0142" in text[1]


def test_parts_list_has_money_as_money(db, owner, tmp_path) -> None:
    supplier = make_supplier(owner)
    parts.create_part(owner, sku="OF-100", name="Oil filter", cost="4.10",
                      retail_price="9.99", trade_price="7.50", supplier=supplier.id,
                      barcodes=["4006633123456", "4006633999999"])
    path = tmp_path / "parts.xlsx"
    export_records(owner, "parts", path)
    (row,) = _rows(path)
    assert row["SKU"] == "OF-100" and row["Supplier"] == "Acme Parts"
    assert (money(row["Cost"]), money(row["Retail price"]), money(row["Trade price"])) == (
        money("4.10"), money("9.99"), money("7.50"))
    assert row["Barcode"] == "4006633123456" and row["Other barcodes"] == "4006633999999"
    with pytest.raises(ValidationError, match="customers, vehicles or parts"):
        export_records(owner, "invoices", tmp_path / "x.xlsx")


def test_full_export_has_a_sheet_per_table_with_typed_values(db, owner, tmp_path) -> None:
    shop = make_shop(owner)
    path = tmp_path / "all.xlsx"
    counts = export_all(owner, path)
    book = openpyxl.load_workbook(path, read_only=True)
    assert set(book.sheetnames) == set(counts)
    assert set(counts) <= set(database_proxy.get_tables())
    for table in ("customer", "vehicle", "invoice", "invoice_line", "payment", "part",
                  "stock_movement", "audit_entry", "tax_rate", "user"):
        assert table in book.sheetnames
    users = list(book["user"].iter_rows(values_only=True))
    assert "password_hash" not in users[0]  # secrets stay in the shop
    invoices = list(book["invoice"].iter_rows(values_only=True))
    header = invoices[0]
    a = next(r for r in invoices if r[header.index("number")] == shop.a.number)
    assert money(a[header.index("gross")]) == shop.a.gross
    assert a[header.index("issue_date")] == dt.datetime(2026, 11, 2)
    assert isinstance(a[header.index("created_at (UTC)")], dt.datetime)
    assert counts["invoice"] == len(invoices) - 1
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        export_all(owner, tmp_path / "all.csv")
