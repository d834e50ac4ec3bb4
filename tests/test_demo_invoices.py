"""The demo shop's invoices: realistic counts, numbers from 1, and every check passes."""

from __future__ import annotations

import datetime as dt

from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.integrity import run_checks
from shopdesk.services.sales import invoices


def test_small_demo_shop_passes_every_check(db):
    from shopdesk.demo import create_demo_shop

    counts = create_demo_shop("small")
    assert counts["invoices"] >= 300 and counts["invoice lines"] > counts["invoices"]
    mine = {"invoices", "stock", "storage", "schema"}  # other areas test their own
    assert [f for f in run_checks(db) if f.check in mine] == []
    issued = invoices.by_number(COMMAND_LINE, f"RA-{dt.date.today().year}-00001")
    assert issued.status == "issued"
