"""The estimate (for the customer to sign) and the job card (for the workshop) of a repair
order: thin builders over the document engine."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.models.repair_orders import Approval, Condition, LineKind, RepairOrder
from shopdesk.models.settings import TaxRate
from shopdesk.models.users import User
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services import repair_orders, totals
from shopdesk.services.invoices import vehicle_text
from shopdesk.services.settings import get_settings

ESTIMATE_COLUMNS = [Column("Work and parts", 0.44), Column("Qty / h", 0.09, "RIGHT"),
                    Column("Price", 0.13, "RIGHT"), Column("Disc.", 0.08, "RIGHT"),
                    Column("Amount", 0.14, "RIGHT"), Column("Answer", 0.12)]
JOB_COLUMNS = [Column("Work", 0.46), Column("Part no.", 0.16), Column("Qty / h", 0.1, "RIGHT"),
               Column("Technician", 0.16), Column("Done", 0.12)]
ANSWER = {Approval.PENDING: "", Approval.APPROVED: "approved", Approval.DECLINED: "declined"}


def _parties(order: RepairOrder) -> list[tuple[str, str]]:
    customer, vehicle = order.customer, order.vehicle
    contact = "\n".join(x for x in (customer.display_name, customer.address,
                                    " ".join(y for y in (customer.postcode, customer.city) if y),
                                    customer.email) if x)
    car = vehicle_text(vehicle).replace(" · ", "\n")
    if order.odometer is not None:
        car += f"\nOdometer {formatting.number(order.odometer)}"
    return [("Customer", contact), ("Vehicle", car)]


def _facts(order: RepairOrder) -> list[tuple[str, str]]:
    facts = [("Date", formatting.date(order.created_at)),
             ("Status", repair_orders.STATUS_LABELS[repair_orders.Status(order.status)])]
    if order.promised_at:
        facts.append(("Promised", formatting.datetime(order.promised_at)))
    return facts


def _findings(order: RepairOrder) -> list[str]:
    notes = []
    flagged = [i for i in repair_orders.inspection_of(order) if i.condition != Condition.OK]
    if flagged:
        notes.append("Inspection: " + "; ".join(
            f"{i.item} — {repair_orders.CONDITION_LABELS[Condition(i.condition)].lower()}"
            + (f" ({i.note})" if i.note else "") for i in flagged) + ".")
    return notes


def estimate_data(order: RepairOrder | int, *, paper: str = "") -> DocumentData:
    """The estimate: concerns, findings, every line with the customer's answer, totals of
    the work not declined (with tax), and a line to sign."""
    order = repair_orders.get(order) if isinstance(order, int) else order
    settings = get_settings()
    money = formatting.money
    rates = {t.code: t.rate for t in TaxRate.select()}
    default = next((t.code for t in TaxRate.select() if t.is_default), "")
    rows, inputs = [], []
    for line in repair_orders.lines_of(order):
        amount = repair_orders.amount(line)
        text = line.description + (f"\n{line.sku}" if line.sku else "")
        rows.append([text, formatting.quantity(line.quantity), money(line.unit_price),
                     f"{line.discount_percent.normalize():f}%" if line.discount_percent else "",
                     money(amount), ANSWER[Approval(line.approval)]])
        if line.approval != Approval.DECLINED:
            code = line.part.tax_code if line.part_id and line.part.tax_code in rates \
                else default
            inputs.append(totals.LineInput(line.quantity, line.unit_price,
                                           rates.get(code, 0), line.discount_percent, code))
    t = totals.compute(inputs, prices_include_tax=settings.prices_include_tax)
    rows_totals = [("Subtotal", money(t.subtotal), False)]
    for band in t.bands:
        rows_totals.append((f"Tax {band.rate.normalize():f}% on {money(band.net)}",
                            money(band.tax), False))
    rows_totals.append(("Estimate total", money(t.gross), True))
    declined = repair_orders.totals(order).declined
    if declined:
        rows_totals.append(("Declined (not included)", money(declined), False))
    notes = [f"Your concerns: {order.concerns}"] if order.concerns else []
    notes += _findings(order)
    notes.append("I approve the work marked approved above and the estimate total. "
                 "Signature: ________________  Date: __________")
    return DocumentData("ESTIMATE", order.number, letterhead(), facts=_facts(order),
                        parties=_parties(order), columns=ESTIMATE_COLUMNS, rows=rows,
                        totals=rows_totals, notes="\n".join(notes),
                        footer=settings.invoice_footer, paper=paper,
                        banner="DEMO SHOP" if settings.is_demo else "")


def job_card_data(order: RepairOrder | int, *, paper: str = "") -> DocumentData:
    """The job card: the approved work and parts (no prices), who does what, concerns and
    findings, and a tick box per line."""
    order = repair_orders.get(order) if isinstance(order, int) else order
    names = {u.id: u.label for u in User.select()}
    rows = []
    for line in repair_orders.lines_of(order):
        if line.approval != Approval.APPROVED:
            continue
        qty = line.hours if line.kind == LineKind.LABOUR else line.quantity
        rows.append([line.description, line.sku, formatting.quantity(qty),
                     names.get(line.technician_id, ""), "✓" if line.fitted else "[   ]"])
    notes = [f"Customer's concerns: {order.concerns}"] if order.concerns else []
    notes += _findings(order)
    if order.notes:
        notes.append(order.notes)
    hours = repair_orders.totals(order).hours_sold
    return DocumentData("JOB CARD", order.number, letterhead(), facts=_facts(order),
                        parties=_parties(order), columns=JOB_COLUMNS, rows=rows,
                        totals=[("Labour hours sold", formatting.quantity(hours), True)],
                        notes="\n".join(notes), paper=paper)


def render_estimate(order: RepairOrder | int, target: str | Path | BinaryIO | None = None, *,
                    paper: str = "") -> bytes:
    """The estimate PDF (written to ``target`` if given)."""
    return render(estimate_data(order, paper=paper), target)


def render_job_card(order: RepairOrder | int, target: str | Path | BinaryIO | None = None, *,
                    paper: str = "") -> bytes:
    """The job card PDF (written to ``target`` if given)."""
    return render(job_card_data(order, paper=paper), target)
