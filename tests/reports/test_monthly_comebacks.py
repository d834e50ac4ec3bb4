"""Comebacks in the monthly report: the counter area's warranty cost by technician and by
part/supplier, in this month and against the others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from shopdesk.io.monthly_report_xlsx import write_monthly
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import LineKind
from shopdesk.reports import monthly
from shopdesk.services.counter import comebacks, warranty
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.parts import make_supplier
from tests.helpers.workshop import workshop
from tests.services.counter.test_comebacks import _finish, _original


def test_comebacks_by_technician_and_part_with_their_warranty_cost(owner, technician,
                                                                   tmp_path):
    shop = workshop(owner)
    supplier = make_supplier(owner)
    Part.update(supplier=supplier.id).where(Part.id == shop.oil_filter.id).execute()
    warranty.set_part(owner, shop.oil_filter.id, warranty.Terms(12, 20000))
    warranty.set_labour(owner, warranty.Terms(6, None), cost_rate="35.00")
    original, _invoice = _original(owner, shop, technician.user_id)
    again = repair_orders.open_order(owner, shop.vehicle_id, odometer=47100)
    comebacks.mark(owner, again.id, original.id, "Filter leaking")
    for line in (LineInput(LineKind.PART, part_id=shop.oil_filter.id),
                 LineInput(LineKind.LABOUR, "Refit filter", "0.5",
                           technician_id=technician.user_id)):
        comebacks.set_warranty(owner, repair_orders.add_line(owner, again.id, line).id)
    _finish(owner, again.id)
    report = monthly.build(owner, dt.date.today().replace(day=1))
    # the filter at its average cost 4.00 and 0.5 h at the labour cost rate 35.00
    assert report.kpi("comebacks").values == (1, 0, 0)
    assert report.kpi("warranty_cost").values == (D("21.50"), D("0.00"), D("0.00"))
    [tech] = report.breakdown("comebacks_technicians").rows
    assert (tech.label, tech.values) == ("Tina Tech", (1, D("21.50"), D("49.99"), 0, 0))
    [part] = report.breakdown("comebacks_parts").rows
    assert (part.label, part.values) == ("OF-100 Oil filter",
                                         ("Acme Parts", 1, D("1"), D("4.00"), 0, 0))
    import openpyxl

    sheet = openpyxl.load_workbook(write_monthly(report, tmp_path / "m.xlsx"))[
        "Comebacks by part"]
    assert [c.value for c in sheet[3]] == ["OF-100 Oil filter", "Acme Parts", 1, 1, 4, 0, 0]
