"""The parts commands on a small demo shop, run as a user would."""

from __future__ import annotations

from pypdf import PdfReader

from tests.helpers.cli import run_shopdesk


def test_demo_parts_check_value_reorder_and_labels(tmp_path):
    shop = str(tmp_path / "demo.sqlite3")
    made = run_shopdesk("demo", "--db", shop)
    assert made.returncode == 0, made.stderr
    assert "400 parts" in made.stdout and "stock movements" in made.stdout
    check = run_shopdesk("check", "--db", shop)
    ours = [line for line in check.stdout.splitlines()
            if line.startswith(("FAULT stock", "FAULT purchasing"))]
    assert check.returncode in (0, 1) and ("passed" in check.stdout or "fault" in check.stdout)
    assert ours == []  # the demo's stock cache equals its ledger (other areas check their own)
    value = run_shopdesk("parts", "value", "--db", shop)
    assert "Oils & fluids" in value.stdout and "Total: $" in value.stdout
    reorder = run_shopdesk("parts", "reorder", "--db", shop)
    assert reorder.returncode == 0 and "why" in reorder.stdout
    pdf = tmp_path / "labels.pdf"
    labels = run_shopdesk("parts", "labels", "flt-00001", "--copies", "2", "-o", str(pdf),
                          "--db", shop)
    assert labels.returncode == 0, labels.stderr
    assert PdfReader(pdf).pages[0].extract_text().count("FLT-00001") >= 2
    missing = run_shopdesk("parts", "find", "NOPE-1", "--db", shop)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "shopdesk: No part has the barcode or SKU 'NOPE-1'"
