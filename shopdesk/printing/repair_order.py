"""The estimate (for the customer to sign) and the job card (for the workshop) of a repair
order: thin builders over the document engine."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.models.customers import CustomerPhone
from shopdesk.models.repair_orders import Approval, Condition, LineKind, RepairOrder
from shopdesk.models.settings import TaxRate
from shopdesk.models.users import User
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services.access import Actor
from shopdesk.services.crm.contact_details import format_phone, shop_region
from shopdesk.services.sales import totals
from shopdesk.services.sales.invoices import vehicle_text
from shopdesk.services.shop.settings import get_settings
from shopdesk.services.workshop import order_basics, repair_orders

ESTIMATE_COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Work and parts"), 0.44),
                    Column(QT_TRANSLATE_NOOP("Printing", "Qty / h"), 0.09, "RIGHT"),
                    Column(QT_TRANSLATE_NOOP("Printing", "Price"), 0.13, "RIGHT"),
                    Column(QT_TRANSLATE_NOOP("Printing", "Disc."), 0.08, "RIGHT"),
                    Column(QT_TRANSLATE_NOOP("Printing", "Amount"), 0.14, "RIGHT"),
                    Column(QT_TRANSLATE_NOOP("Printing", "Answer"), 0.12)]
JOB_COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Work"), 0.46),
               Column(QT_TRANSLATE_NOOP("Printing", "Part no."), 0.16),
               Column(QT_TRANSLATE_NOOP("Printing", "Qty / h"), 0.1, "RIGHT"),
               Column(QT_TRANSLATE_NOOP("Printing", "Technician"), 0.16),
               Column(QT_TRANSLATE_NOOP("Printing", "Done"), 0.12)]
ANSWER = {Approval.PENDING: "", Approval.APPROVED: QT_TRANSLATE_NOOP("Printing", "approved"),
          Approval.DECLINED: QT_TRANSLATE_NOOP("Printing", "declined")}


def _main_phone(actor: Actor, customer_id: int) -> str:
    """The customer's main phone as the shop writes it ("" when none): the workshop calls
    it when the car is ready or the work needs the customer's answer."""
    phone = (CustomerPhone.select().where(CustomerPhone.customer == customer_id)
             .order_by(CustomerPhone.position, CustomerPhone.id).first())
    return format_phone(phone.e164, phone.number, shop_region(actor)) if phone else ""


def _parties(actor: Actor, order: RepairOrder) -> list[tuple[str, str]]:
    customer, vehicle = order.customer, order.vehicle
    contact = "\n".join(x for x in (customer.display_name, customer.address,
                                    " ".join(y for y in (customer.postcode, customer.city) if y),
                                    _main_phone(actor, customer.id), customer.email) if x)
    car = vehicle_text(vehicle).replace(" · ", "\n")
    if order.odometer is not None:
        car += "\n" + translate("Printing", "Odometer {km}").format(
            km=formatting.number(order.odometer))
    return [(translate("Printing", "Customer"), contact), (translate("Printing", "Vehicle"), car)]


def _facts(order: RepairOrder) -> list[tuple[str, str]]:
    status = repair_orders.STATUS_LABELS[repair_orders.Status(order.status)]
    facts = [(translate("Printing", "Date"), formatting.date(order.created_at)),
             (translate("Printing", "Status"), translate("Labels", status))]
    if order.promised_at:
        facts.append((translate("Printing", "Promised"), formatting.datetime(order.promised_at)))
    return facts


def _findings(actor: Actor, order: RepairOrder) -> list[str]:
    notes = []
    flagged = [i for i in repair_orders.inspection_of(actor, order) if i.condition != Condition.OK]
    if flagged:
        found = "; ".join(
            f"{i.item} — "
            f"{translate('Labels', order_basics.CONDITION_LABELS[Condition(i.condition)]).lower()}"
            + (f" ({i.note})" if i.note else "") for i in flagged)
        notes.append(translate("Printing", "Inspection: {findings}.").format(findings=found))
    return notes


@in_document_language
def estimate_data(actor: Actor, order: RepairOrder | int, *, paper: str = "") -> DocumentData:
    """The estimate: concerns, findings, every line with the customer's answer, totals of
    the work not declined (with tax), and a line to sign."""
    order = repair_orders.get(actor, order) if isinstance(order, int) else order
    settings = get_settings()
    money = formatting.money
    rates = {t.code: t.rate for t in TaxRate.select()}
    default = next((t.code for t in TaxRate.select() if t.is_default), "")
    rows, inputs = [], []
    for line in repair_orders.lines_of(actor, order):
        amount = repair_orders.amount(line)
        text = line.description + (f"\n{line.sku}" if line.sku else "")
        rows.append([text, formatting.quantity(line.quantity), money(line.unit_price),
                     f"{line.discount_percent.normalize():f}%" if line.discount_percent else "",
                     money(amount), translate("Printing", ANSWER[Approval(line.approval)])])
        if line.approval != Approval.DECLINED:
            code = line.part.tax_code if line.part_id and line.part.tax_code in rates \
                else default
            inputs.append(totals.LineInput(line.quantity, line.unit_price,
                                           rates.get(code, 0), line.discount_percent, code))
    t = totals.compute(inputs, prices_include_tax=settings.prices_include_tax)
    rows_totals = [(translate("Printing", "Subtotal"), money(t.subtotal), False)]
    for band in t.bands:
        rows_totals.append((translate("Printing", "Tax {rate} on {net}").format(
                                rate=f"{band.rate.normalize():f}%", net=money(band.net)),
                            money(band.tax), False))
    rows_totals.append((translate("Printing", "Estimate total"), money(t.gross), True))
    declined = repair_orders.totals(actor, order).declined
    if declined:
        rows_totals.append((translate("Printing", "Declined (not included)"), money(declined),
                            False))
    notes = [translate("Printing", "Your concerns: {concerns}").format(
        concerns=order.concerns)] if order.concerns else []
    notes += _findings(actor, order)
    notes.append(translate("Printing", "I approve the work marked approved above and the "
                                       "estimate total. Signature: ________________  "
                                       "Date: __________"))
    return DocumentData(translate("Printing", "ESTIMATE"), order.number, letterhead(),
                        facts=_facts(order),
                        parties=_parties(actor, order), columns=ESTIMATE_COLUMNS, rows=rows,
                        totals=rows_totals, notes="\n".join(notes),
                        footer=settings.invoice_footer, paper=paper,
                        banner=translate("Printing", "DEMO SHOP") if settings.is_demo else "")


@in_document_language
def job_card_data(actor: Actor, order: RepairOrder | int, *, paper: str = "") -> DocumentData:
    """The job card: the approved work and parts (no prices), who does what, concerns and
    findings, and a tick box per line."""
    order = repair_orders.get(actor, order) if isinstance(order, int) else order
    names = {u.id: u.label for u in User.select()}
    rows = []
    for line in repair_orders.lines_of(actor, order):
        if line.approval != Approval.APPROVED:
            continue
        qty = line.hours if line.kind == LineKind.LABOUR else line.quantity
        rows.append([line.description, line.sku, formatting.quantity(qty),
                     names.get(line.technician_id, ""), "✓" if line.fitted else "[   ]"])
    notes = [translate("Printing", "Customer's concerns: {concerns}").format(
        concerns=order.concerns)] if order.concerns else []
    notes += _findings(actor, order)
    if order.notes:
        notes.append(order.notes)
    hours = repair_orders.totals(actor, order).hours_sold
    return DocumentData(translate("Printing", "JOB CARD"), order.number, letterhead(),
                        facts=_facts(order), parties=_parties(actor, order), columns=JOB_COLUMNS,
                        rows=rows, totals=[(translate("Printing", "Labour hours sold"),
                                            formatting.quantity(hours), True)],
                        notes="\n".join(notes), paper=paper)


@in_document_language
def render_estimate(actor: Actor, order: RepairOrder | int,
                    target: str | Path | BinaryIO | None = None, *, paper: str = "") -> bytes:
    """The estimate PDF (written to ``target`` if given)."""
    return render(estimate_data(actor, order, paper=paper), target)


@in_document_language
def render_job_card(actor: Actor, order: RepairOrder | int,
                    target: str | Path | BinaryIO | None = None, *, paper: str = "") -> bytes:
    """The job card PDF (written to ``target`` if given)."""
    return render(job_card_data(actor, order, paper=paper), target)
