"""A draft's core lines follow its part lines: one ``core`` line per part that has a core
deposit, its quantity the part's total on the invoice (see :mod:`shopdesk.services.counter.cores`
for the deposit's whole story: returns, refunds, cores back to the supplier)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from shopdesk.models.cores import PartCore
from shopdesk.models.invoices import InvoiceLine, LineKind
from shopdesk.money import ZERO, line_total
from shopdesk.services.access import Actor

#: how a core line's description starts (the part's description follows)
CORE_PREFIX = "Core deposit: "


def sync_lines(actor: Actor, invoice_id: int) -> None:
    """Make a draft's core lines match its part lines (call inside the caller's transaction):
    one core line per part with a deposit, quantity = that part's total on the invoice."""
    lines = list(InvoiceLine.select().where(InvoiceLine.invoice == invoice_id)
                 .order_by(InvoiceLine.position, InvoiceLine.id))
    wanted: dict[int, Decimal] = defaultdict(Decimal)
    first: dict[int, InvoiceLine] = {}
    for line in lines:
        if line.kind == LineKind.PART and line.part_id is not None:
            wanted[line.part_id] += line.quantity
            first.setdefault(line.part_id, line)
    deposits = {row.part_id: row.deposit for row in
                PartCore.select().where(PartCore.part.in_(list(wanted)) & (PartCore.deposit > 0))
                } if wanted else {}
    existing = {line.part_id: line for line in lines if line.kind == LineKind.CORE}
    position = max((line.position for line in lines), default=0)
    for part_id, line in existing.items():
        if part_id not in deposits:
            InvoiceLine.delete().where(InvoiceLine.id == line.id).execute()
    for part_id, deposit in deposits.items():
        qty, part_line = wanted[part_id], first[part_id]
        values = {"quantity": qty, "unit_price": deposit, "tax_code": part_line.tax_code,
                  "tax_rate": part_line.tax_rate, "amount": line_total(qty, deposit)}
        line = existing.get(part_id)
        if line is None:
            position += 1
            InvoiceLine.create(
                invoice=invoice_id, position=position, kind=LineKind.CORE.value,
                part=part_id, sku=part_line.sku,
                description=(CORE_PREFIX + part_line.description)[:255],
                discount_percent=0, unit_cost=ZERO, takes_stock=False, **values)
        elif (line.quantity, line.unit_price, line.tax_code) != (qty, deposit,
                                                                part_line.tax_code):
            InvoiceLine.update(**values).where(InvoiceLine.id == line.id).execute()
