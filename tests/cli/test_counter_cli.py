"""``shopdesk cores outstanding|on-hand|claims``, ``lost-sales``, ``comebacks`` and
``warranty``: the figures printed are the ledger's; bad input is one clear line."""

from __future__ import annotations

import datetime as dt

from shopdesk import db as database
from shopdesk.models.repair_orders import LineKind
from shopdesk.services.counter import cores, lost_sales
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import maintenance
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.cli import run_shopdesk
from tests.helpers.counter import battery
from tests.helpers.invoices import customer_with_car


def test_cores_lost_sales_and_comebacks_from_the_command_line(db, db_url, owner, clerk):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    sale = invoices.issue(clerk, invoices.create_draft(clerk, customer.id, lines=[
        invoices.LineDraft(part_id=part.id, quantity=3)]).id)
    cores.return_core(clerk, part.id, 1, customer_id=customer.id)
    cores.return_to_supplier(clerk, part.id, quantity=1, reference="RMA-7")
    cores.return_core(clerk, part.id, 1, customer_id=customer.id)
    lost_sales.record(clerk, text="Tow bar Golf 7", quantity=2, reason="not_stocked")
    database.close()
    out = run_shopdesk("cores", "outstanding", "--db", db_url)
    assert out.returncode == 0, out.stderr
    assert sale.number in out.stdout and "Ann Smith" in out.stdout
    assert "1 cores out, deposits $18.00" in out.stdout
    hand = run_shopdesk("cores", "on-hand", "--db", db_url)
    assert "BAT-70" in hand.stdout and "1 cores on hand" in hand.stdout
    claims = run_shopdesk("cores", "claims", "--db", db_url)
    assert "RMA-7" in claims.stdout and "1 open claims, $18.00 expected" in claims.stdout
    lost = run_shopdesk("lost-sales", "--db", db_url)
    assert "Tow bar Golf 7" in lost.stdout and "1 lost sales" in lost.stdout
    today = dt.date.today().isoformat()
    comebacks = run_shopdesk("comebacks", "--from", today, "--to", today, "--db", db_url)
    assert comebacks.returncode == 0, comebacks.stderr
    assert f"Comebacks invoiced {today} to {today}: 0; warranty cost $0.00" in comebacks.stdout


def test_warranty_terms_and_bad_input(db, db_url, owner):
    battery(owner)
    maintenance.save_package(owner, PackageInput("Winter check", [LineInput(
        LineKind.LABOUR, "Check battery and coolant", "0.5", "80.00")], interval_months=12))
    database.close()
    package = run_shopdesk("warranty", "package", "Winter check", "--months", "3", "--db",
                           db_url)
    assert package.returncode == 0 and "Winter check: warranty 3 months" in package.stdout
    done = run_shopdesk("warranty", "part", "BAT-70", "--months", "24", "--km", "50000",
                        "--db", db_url)
    assert done.returncode == 0 and "BAT-70: warranty 24 months / 50,000 km" in done.stdout
    labour = run_shopdesk("warranty", "labour", "--months", "12", "--cost-rate", "38.50",
                          "--db", db_url)
    assert "Labour warranty 12 months; warranty labour costs $38.50 an hour" in labour.stdout
    bad = run_shopdesk("warranty", "labour", "--months", "a year", "--db", db_url)
    assert bad.returncode == 1
    assert bad.stderr.strip() == ("shopdesk: Warranty months must be a whole number, not "
                                  "'a year'")
    missing = run_shopdesk("warranty", "part", "NOPE", "--months", "1", "--db", db_url)
    assert missing.returncode == 1 and "No part with number or barcode 'NOPE'" in missing.stderr
    when = run_shopdesk("comebacks", "--from", "last week", "--db", db_url)
    assert when.returncode == 2 and "is not a date (YYYY-MM-DD)" in when.stderr
