"""``shopdesk reminders`` (list, xlsx and csv export), ``shopdesk ro print`` and
``shopdesk ro history PLATE|VIN``."""

from __future__ import annotations

import csv

from openpyxl import load_workbook
from pypdf import PdfReader

from shopdesk import db as database
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.cli import run_shopdesk
from tests.helpers.workshop import workshop
from tests.services.customer_helpers import car, person


def test_reminders_list_export_and_estimate_print(db, db_url, owner, clerk, tmp_path):
    shop = workshop(owner)
    order = repair_orders.open_order(clerk, shop.vehicle_id)
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.FEE, "Shop supplies", 1,
                                                      "5.00"))
    database.close()
    listed = run_shopdesk("reminders", "--db", db_url)
    assert listed.returncode == 0, listed.stderr
    assert "Smith, Ann" in listed.stdout and "Oil service" in listed.stdout
    assert "1 services due" in listed.stdout
    xlsx, csv_file = tmp_path / "due.xlsx", tmp_path / "due.csv"
    assert run_shopdesk("reminders", "--db", db_url, "--export", str(xlsx)).returncode == 0
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Status", "Due date", "Due at km", "Customer")
    assert rows[1][3:5] == ("Smith, Ann", "(217) 555-0142") and rows[1][2] == 50000
    assert run_shopdesk("reminders", "--db", db_url, "--export", str(csv_file)).returncode == 0
    with csv_file.open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][3] == "Smith, Ann"
    pdf = tmp_path / "estimate.pdf"
    printed = run_shopdesk("ro", "print", "1", "--estimate", "--pdf", str(pdf), "--db", db_url)
    assert printed.returncode == 0, printed.stderr
    assert "RO-000001" in PdfReader(pdf).pages[0].extract_text()
    hours = run_shopdesk("ro", "hours", "--db", db_url)
    assert hours.returncode == 0 and "Hours sold" in hours.stdout
    missing = run_shopdesk("ro", "print", "99", "--job-card", "--pdf", str(pdf), "--db", db_url)
    assert missing.returncode != 0 and "There is no repair order '99'" in missing.stderr


def test_service_history_by_plate_or_vin_and_several_matches(db, db_url, owner, tmp_path):
    shop = workshop(owner)
    other = person(owner, "Bob", "Jones", phone="(217) 555-0100", email="")
    car(owner, other.id, plate="ZX 99", vin="2T1BURHE0JC004352")  # same last 6 as Ann's VIN
    database.close()
    for i, vehicle in enumerate(("AB-123-CD", "ab 123 cd", "1HGCM82633A004352", "3A004352")):
        pdf = tmp_path / f"history{i}.pdf"
        done = run_shopdesk("ro", "history", vehicle, "--pdf", str(pdf), "--db", db_url)
        assert done.returncode == 0, (vehicle, done.stderr)
        assert done.stdout.strip() == f"Wrote the service history of AB-123-CD to {pdf}"
        assert "AB-123-CD" in PdfReader(pdf).pages[0].extract_text()
    several = run_shopdesk("ro", "history", "004352", "--pdf", str(tmp_path / "x.pdf"),
                           "--db", db_url)
    assert several.returncode == 1
    assert several.stderr == ("shopdesk: 2 vehicles match '004352': give the whole plate or "
                              "more of the VIN\n")
    assert "AB-123-CD" in several.stdout and "ZX 99" in several.stdout
    nothing = run_shopdesk("ro", "history", "QQ 1", "--pdf", str(tmp_path / "x.pdf"),
                           "--db", db_url)
    assert (nothing.returncode, nothing.stderr) == (
        1, "shopdesk: No vehicle has the plate or VIN 'QQ 1'\n")
    old_way = run_shopdesk("ro", "history", str(shop.vehicle_id), "--pdf",
                           str(tmp_path / "x.pdf"), "--db", db_url)  # an id is no plate
    assert old_way.returncode == 1 and not (tmp_path / "x.pdf").exists()


def test_reminders_show_the_channel_and_long_overdue_cars_as_not_seen(db, db_url, owner,
                                                                      tmp_path):
    import datetime as dt

    from shopdesk import formatting
    from shopdesk.services.crm import customers, vehicles
    from shopdesk.services.crm.customers import CustomerInput
    from shopdesk.services.crm.vehicles import VehicleInput

    workshop(owner)
    bob = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Jones", preferred_channel="letter")).customer
    civic = vehicles.add_vehicle(owner, bob.id, VehicleInput(
        plate="XY 987 ZW", make="Honda", model="Civic", year=2015)).vehicle
    seen = dt.date.today() - dt.timedelta(days=1000)
    vehicles.record_odometer(owner, civic.id, 80000, seen)
    database.close()
    listed = run_shopdesk("reminders", "--db", db_url)
    assert listed.returncode == 0, listed.stderr
    lines = {line.split("  ")[0].strip(): line for line in listed.stdout.splitlines()}
    bob_line = next(line for line in listed.stdout.splitlines() if "Jones, Bob" in line)
    ann_line = next(line for line in listed.stdout.splitlines() if "Smith, Ann" in line)
    assert bob_line.startswith(f"not seen since {formatting.date(seen)}") and "Letter" in bob_line
    assert ann_line.startswith("overdue") and "Phone call" in ann_line
    assert "Status" in lines
    xlsx = tmp_path / "due.xlsx"
    assert run_shopdesk("reminders", "--db", db_url, "--export", str(xlsx)).returncode == 0
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    channel = rows[0].index("Preferred channel")
    exported = {row[3]: (row[0], row[channel]) for row in rows[1:]}
    assert exported == {"Smith, Ann": ("overdue", "Phone call"),
                        "Jones, Bob": (f"not seen since {formatting.date(seen)}", "Letter")}
