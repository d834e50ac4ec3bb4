"""``shopdesk check`` for the parts counter: cores on hand equal their ledger, every core
return matches the credit note that refunded it, comebacks link to the same vehicle's
earlier invoiced work, supplier claims are either open or credited."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import peewee

from shopdesk.i18n import translate
from shopdesk.models.cores import CoreKind, CoreMovement, PartCore
from shopdesk.models.invoices import Invoice, InvoiceLine, LineKind
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import RepairOrder, RepairOrderLine
from shopdesk.models.warranty import ClaimStatus, Comeback, SupplierClaim, WarrantyLine
from shopdesk.services.faults import Fault, invariant


def _ledger_faults(limit: int = 20) -> list[tuple[str, Decimal, Decimal]]:
    """Parts whose cached cores on hand differ from their core movements: (sku, cache, sum)."""
    sums = (CoreMovement.select(CoreMovement.part.alias("part_id"),
                                peewee.fn.SUM(CoreMovement.quantity).alias("total"))
            .group_by(CoreMovement.part).alias("sums"))
    ledger = peewee.fn.COALESCE(sums.c.total, 0)
    query = (PartCore.select(Part.sku, PartCore.on_hand, ledger).join(Part)
             .join_from(PartCore, sums, peewee.JOIN.LEFT_OUTER,
                        on=(sums.c.part_id == PartCore.part))
             .where(PartCore.on_hand != ledger).limit(limit))
    # a summed quantity column: thousandths (PostgreSQL gives a Decimal, SQLite an int)
    return [(sku, cache, (Decimal(int(total or 0)) / 1000).quantize(Decimal("0.001")))
            for sku, cache, total in query.tuples()]


@invariant("cores")
def _cores(db: peewee.Database) -> Iterable[Fault]:
    for sku, cache, ledger in _ledger_faults():
        yield Fault("cores", translate(
            "Checks", "part {sku} shows {cache} cores on hand but its core movements add up "
                      "to {ledger}").format(sku=sku, cache=f"{cache:f}", ledger=f"{ledger:f}"))
    negative = PartCore.select(PartCore.part).where(PartCore.on_hand < 0).limit(20)
    for (part_id,) in negative.tuples():
        yield Fault("cores", translate(
            "Checks", "part #{id} has fewer than zero cores on hand").format(id=part_id))
    credited = (InvoiceLine.select(InvoiceLine.invoice,
                                   peewee.fn.SUM(InvoiceLine.quantity).alias("qty"))
                .where(InvoiceLine.kind == LineKind.CORE.value)
                .group_by(InvoiceLine.invoice).alias("credited"))
    returns = (CoreMovement.select(CoreMovement.id, Invoice.number)
               .join(Invoice, on=(CoreMovement.credit_note == Invoice.id))
               .join_from(CoreMovement, credited, peewee.JOIN.LEFT_OUTER,
                          on=(credited.c.invoice_id == CoreMovement.credit_note))
               .where((CoreMovement.kind == CoreKind.CUSTOMER_RETURN.value)
                      & (peewee.fn.COALESCE(credited.c.qty, 0) != CoreMovement.quantity))
               .limit(20))
    for movement_id, number in returns.tuples():
        yield Fault("cores", translate(
            "Checks", "core return #{id} does not match the core lines of credit note "
                      "{number}").format(id=movement_id, number=number))


@invariant("comebacks")
def _comebacks(db: peewee.Database) -> Iterable[Fault]:
    Original = RepairOrder.alias()
    wrong = (Comeback.select(RepairOrder.number, Original.number)
             .join(RepairOrder, on=(Comeback.repair_order == RepairOrder.id))
             .join_from(Comeback, Original, on=(Comeback.original == Original.id))
             .where((RepairOrder.vehicle != Original.vehicle)
                    | (RepairOrder.customer != Original.customer)
                    | Original.invoice.is_null())
             .limit(20))
    for number, original in wrong.tuples():
        yield Fault("comebacks", translate(
            "Checks", "{number} is marked a comeback of {original}, which is not earlier "
                      "invoiced work on the same vehicle").format(number=number,
                                                                  original=original))
    stray = (WarrantyLine.select(RepairOrder.number)
             .join(RepairOrderLine).join(RepairOrder)
             .join(Comeback, peewee.JOIN.LEFT_OUTER, on=(Comeback.repair_order == RepairOrder.id))
             .where(Comeback.id.is_null()).limit(20))
    for (number,) in stray.tuples():
        yield Fault("comebacks", translate(
            "Checks", "{number} has no-charge warranty lines but is not a comeback").format(
            number=number))
    claims = (SupplierClaim.select(SupplierClaim.id)
              .where(((SupplierClaim.status == ClaimStatus.CREDITED.value)
                      & SupplierClaim.credited_at.is_null())
                     | ((SupplierClaim.status == ClaimStatus.OPEN.value)
                        & (SupplierClaim.received != 0))).limit(20))
    for (claim_id,) in claims.tuples():
        yield Fault("comebacks", translate(
            "Checks", "supplier claim #{id} is neither open nor credited").format(id=claim_id))
