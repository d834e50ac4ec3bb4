"""``shopdesk find`` and ``shopdesk customers`` on a small demo shop, run as a user would."""

from __future__ import annotations

import csv

from tests.helpers.cli import run_shopdesk


def test_demo_customers_find_lapsed_and_check(tmp_path):
    shop = str(tmp_path / "demo.sqlite3")
    made = run_shopdesk("demo", "--db", shop)
    assert made.returncode == 0, made.stderr
    assert "300 customers" in made.stdout
    check = run_shopdesk("check", "--db", shop)
    assert check.returncode == 0 and check.stdout.startswith("OK"), check.stdout
    fleet = run_shopdesk("find", "capitol", "city", "--db", shop)
    assert fleet.returncode == 0 and "Capitol City Couriers" in fleet.stdout
    assert " vip " in fleet.stdout
    nobody = run_shopdesk("find", "zzqx", "--db", shop)
    assert nobody.returncode == 1 and "Nobody matches 'zzqx'" in nobody.stdout
    out = tmp_path / "lapsed.csv"
    lapsed = run_shopdesk("customers", "lapsed", "--months", "12", "--csv", str(out),
                          "--db", shop)
    assert lapsed.returncode == 0, lapsed.stderr
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Name", "Last visit", "Last vehicle"]
    assert len(rows) > 5 and all(r[1] for r in rows[1:])
    name, vehicle = next((r[0], r[2]) for r in rows[1:] if r[2])
    fragment = vehicle.split()[0][-3:] + vehicle.split()[1][:2]  # across the plate's space
    by_plate = run_shopdesk("find", fragment, "--db", shop)
    assert by_plate.returncode == 0 and name in by_plate.stdout and "plate" in by_plate.stdout
    regrade = run_shopdesk("customers", "regrade", "--db", shop)
    assert regrade.stdout.startswith("Grades recomputed: 0 changed")
    reindex = run_shopdesk("customers", "reindex", "--db", shop)
    assert reindex.returncode == 0 and "keys" in reindex.stdout
    assert run_shopdesk("check", "--db", shop).returncode == 0



def test_grading_surveys_and_answers(tmp_path):
    shop = str(tmp_path / "demo.sqlite3")
    run_shopdesk("demo", "--db", shop)
    shown = run_shopdesk("customers", "grading", "--db", shop)
    assert "VIP: 2000.00 spent or 6 visits" in shown.stdout
    changed = run_shopdesk("customers", "grading", "--vip-visits", "2", "--regular-visits",
                           "1", "--db", shop)
    assert changed.returncode == 0 and "VIP: 2000.00 spent or 2 visits" in changed.stdout
    bad = run_shopdesk("customers", "grading", "--vip-spend", "lots", "--db", shop)
    assert bad.returncode == 1 and "amounts like 2000.00" in bad.stderr
    stats = run_shopdesk("customers", "surveys", "--db", shop)
    assert stats.returncode == 0 and "NPS" in stats.stdout.splitlines()[0]
    answers = run_shopdesk("customers", "answers", "brake", "--db", shop)
    assert "Every 2 years" in answers.stdout


def test_vehicles_imported_from_the_command_line_get_fuel_types(owner, db_url, tmp_path):
    from shopdesk.models.vehicles import Vehicle

    path = tmp_path / "cars.csv"
    path.write_text("Plate,Make,Model,Fuel type,Owner name,Owner phone\n"
                    "EV 1,Nissan,Leaf,EV,Ann Lee,217 555 0142\n"
                    "GA 1,Ford,F-150,Gasoline,Ann Lee,217 555 0142\n"
                    "ST 1,Stanley,Steamer,steam,Ann Lee,217 555 0142\n", encoding="utf-8")
    done = run_shopdesk("import", "vehicles", str(path), "--db", db_url)
    assert done.returncode == 1, done.stderr  # one row rejected
    assert ("Row 4, Fuel type: 'steam' is not a fuel type: choose petrol, diesel, hybrid, "
            "plug-in hybrid or electric, or leave it empty when unknown") in done.stdout
    assert "2 created" in done.stdout
    assert dict(Vehicle.select(Vehicle.plate, Vehicle.fuel).tuples()) == {
        "EV 1": "electric", "GA 1": "petrol"}
