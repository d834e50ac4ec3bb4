"""Round trip: export the shop's customers, vehicles and parts, import them into a fresh shop,
export again: the same data, cell for cell (xlsx and CSV)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from shopdesk import db as database
from shopdesk.io.exports.records import export_records
from shopdesk.io.importing import run_import
from shopdesk.models.base import database_proxy
from shopdesk.models.customers import Customer
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.integrity import run_checks
from shopdesk.services.shop import shop_setup
from shopdesk.services.stock import parts as catalogue
from shopdesk.services.stock import stock, suppliers

KINDS = ("parts", "customers", "vehicles")


def _shop(path):
    database.open(str(path), create=True)
    return shop_setup.create_shop(
        shop_setup.ShopDetails(name="Round Trip Garage", currency="USD", invoice_prefix="RT",
                               tax_rates=[("STD", "Standard", Decimal("10")),
                                          ("ZERO", "Zero", Decimal("0"))]),
        "olivia", "correct-horse", "Olivia Owner")


def _fill(owner):
    acme = suppliers.create_supplier(owner, name="ACME Parts")
    oil = catalogue.create_part(owner, sku="OF-100", name="Oil filter", brand="Mann",
                                category="Filters", cost="3.25", retail_price="9.90",
                                trade_price="7.50", bin_location="A1", reorder_point="4",
                                reorder_qty="12", supplier=acme.id,
                                barcodes=["4006633112233", "4006633112240"])
    stock.record_movement(owner, oil, "receipt", "7.5", unit_cost="3.25")
    catalogue.create_part(owner, sku="CMD-1", name="=SUM(A1) looks like a formula",
                          unit="litre", tax_code="ZERO")
    ann = customers.add_customer(owner, CustomerInput(
        first_name="Ann", last_name="Lee", phones=[PhoneInput("(217) 555-0142"),
                                                   PhoneInput("217-555-0199", "home"),
                                                   PhoneInput("217 555 0100", "work")],
        email="ann@example.com", address="1 Main St", city="Springfield", postcode="62701",
        country="US", notes="Prefers mornings\nCall first", marketing_consent=True,
        payment_terms_days=30, preferred_channel="sms")).customer
    Customer.update(created_at=dt.datetime(2019, 5, 1, 15, 0)).where(
        Customer.id == ann.id).execute()
    fleet = customers.add_customer(owner, CustomerInput(
        kind="company", company_name="Acme Haulage", tax_id="US-99")).customer
    vehicles.add_vehicle(owner, ann.id, VehicleInput(
        plate="AB12 CDE", vin="1HGCM82633A004352", model="Accord", year=2003, fuel="petrol",
        colour="Blue", notes="Dent rear left"), odometer=120500)
    vehicles.add_vehicle(owner, fleet.id, VehicleInput(plate="XY99 ZZZ", make="Ford",
                                                       model="Transit"))


def _export(folder, fmt):
    files = {}
    for kind in KINDS:
        files[kind] = folder / f"{kind}.{fmt}"
        export_records(COMMAND_LINE, kind, files[kind], fmt)
    return files


def _cells(path):
    if path.suffix == ".csv":
        return path.read_text(encoding="utf-8-sig").splitlines()
    return [[c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows()]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_export_gives_the_same_data(tmp_path, fmt):
    try:
        _fill(_shop(tmp_path / "old.sqlite3"))
        (tmp_path / "old").mkdir()
        first = _export(tmp_path / "old", fmt)
        fresh = _shop(tmp_path / "new.sqlite3")
        for kind in KINDS:
            report = run_import(fresh, kind, first[kind])
            assert report.rejected == 0, [str(p) for p in report.problems]
        assert catalogue.find_by_code(COMMAND_LINE, "CMD-1").name == "=SUM(A1) looks like a formula"
        assert catalogue.find_by_code(COMMAND_LINE, "4006633112240").on_hand == Decimal("7.500")
        assert run_checks(database_proxy.obj) == []  # stock came in through the ledger
        (tmp_path / "new").mkdir()
        second = _export(tmp_path / "new", fmt)
        for kind in KINDS:
            assert _cells(second[kind]) == _cells(first[kind]), kind
        assert len(_cells(first["vehicles"])) == 3 and len(_cells(first["parts"])) == 3
    finally:
        database.close()
        database_proxy.initialize(None)
