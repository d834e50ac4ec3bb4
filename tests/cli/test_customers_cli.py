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
