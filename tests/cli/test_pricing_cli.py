"""The pricing and catalogue commands on a small demo shop, run as a user would."""

from __future__ import annotations

import sqlite3

from tests.helpers.cli import run_shopdesk


def test_reprice_previews_then_applies_and_catalogue_import(tmp_path):
    shop = str(tmp_path / "demo.sqlite3")
    assert run_shopdesk("demo", "--db", shop).returncode == 0
    preview = run_shopdesk("pricing", "reprice", "--category", "Brakes", "--db", shop)
    assert preview.returncode == 0, preview.stderr
    assert "would change" in preview.stdout and "add --apply" in preview.stdout
    changes = int(preview.stdout.rsplit(" price(s) would change", 1)[0].split()[-1])
    assert changes > 0
    applied = run_shopdesk("pricing", "reprice", "--category", "Brakes", "--apply", "--db", shop)
    assert f"Changed {changes} price(s)." in applied.stdout, applied.stderr
    again = run_shopdesk("pricing", "reprice", "--category", "Brakes", "--db", shop)
    assert "0 price(s) would change" in again.stdout

    hand = run_shopdesk("pricing", "set", "brk-00002", "fleet", "12.34", "--db", shop)
    assert "BRK-00002: Fleet price $12.34 (set by hand" in hand.stdout, hand.stderr
    kept = run_shopdesk("pricing", "reprice", "--category", "Brakes", "--db", shop)
    assert "0 price(s) would change" in kept.stdout  # the hand-set fleet price is kept

    bad = run_shopdesk("pricing", "matrix", "--band", "0::x0.8", "--db", shop)
    assert bad.returncode == 1
    assert "multiplier of 0.8 would sell below cost" in bad.stderr

    supplier = sqlite3.connect(shop).execute(
        "SELECT name FROM supplier ORDER BY id LIMIT 1").fetchone()[0]
    price_file = tmp_path / "prices.csv"
    price_file.write_text("Part No,Description,Net Price,Colour\nNEW-1,Hose,12.50,black\n"
                          "NEW-2,Clamp,twelve,grey\n", encoding="utf-8")
    refused = run_shopdesk("catalogue", "import", supplier, str(price_file), "--db", shop)
    assert refused.returncode == 1
    assert "'Colour'" in refused.stderr and "Columns found: Part No" in refused.stderr
    dry = run_shopdesk("catalogue", "import", supplier, str(price_file), "--map",
                       "Colour=ignore", "--dry-run", "--db", shop)
    assert "row 3: cost 'twelve' is not a number" in dry.stdout
    assert "1 new line(s)" in dry.stdout and "Dry run" in dry.stdout
    count = "SELECT COUNT(*) FROM catalogue_line WHERE supplier_sku LIKE 'NEW-%'"
    assert sqlite3.connect(shop).execute(count).fetchone()[0] == 0
    done = run_shopdesk("catalogue", "import", supplier, str(price_file), "--map",
                        "Colour=ignore", "--db", shop)
    assert "1 added" in done.stdout and done.returncode == 1  # one row was skipped
    assert sqlite3.connect(shop).execute(count).fetchone()[0] == 1
