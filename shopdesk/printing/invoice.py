"""Invoices, credit notes and estimates as PDF: a thin builder over the document engine."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.errors import NotFoundError
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, Payment
from shopdesk.models.settings import SETTINGS_ID, ShopSettings
from shopdesk.money import line_total
from shopdesk.printing.document import Column, DocumentData, Letterhead, render
from shopdesk.printing.warranty_note import warranty_note
from shopdesk.services.access import Actor
from shopdesk.services.sales import invoices, payments
from shopdesk.services.shop.settings import get_settings

COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Description"), 0.39),
           Column(QT_TRANSLATE_NOOP("Printing", "Qty"), 0.08, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Unit price"), 0.14, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Disc."), 0.08, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Tax"), 0.10, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Amount"), 0.21, "RIGHT")]


def letterhead(s: ShopSettings | None = None) -> Letterhead:
    """The shop as printed at the top of every document."""
    s = s or get_settings()
    return Letterhead(s.name, s.address, s.phone, s.email, s.website, s.tax_id, s.logo_png)


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%" if value else ""


def line_row(line: InvoiceLine) -> list[str]:
    """One printed line: description (with SKU), qty, unit price, discount, tax, amount."""
    text = f"{line.description}\n{line.sku}" if line.sku else line.description
    return [text, formatting.quantity(line.quantity), formatting.money(line.unit_price),
            _percent(line.discount_percent), _percent(line.tax_rate) or "0%",
            formatting.money(line_total(line.quantity, line.unit_price, line.discount_percent))]


def _settings() -> ShopSettings:
    """The settings row by a plain SQL read (printing reads it for every document)."""
    rows = list(ShopSettings.raw(f"SELECT * FROM shop_settings WHERE id = {db.param}",
                                 SETTINGS_ID))
    return rows[0] if rows else get_settings()


def _read(invoice: Invoice | int) -> tuple[Invoice, list[InvoiceLine], list[Payment]]:
    """The document, its lines and its payments in three plain SQL reads (no query building:
    printing a thousand invoices spends its time drawing, not composing SQL)."""
    p = db.param
    if isinstance(invoice, int):
        found = list(Invoice.raw(f"SELECT * FROM invoice WHERE id = {p}", invoice))
        if not found:
            raise NotFoundError(f"There is no invoice #{invoice}")
        invoice = found[0]
    lines = list(InvoiceLine.raw(f"SELECT * FROM invoice_line WHERE invoice_id = {p} "
                                 "ORDER BY position, id", invoice.id))
    paid = [] if invoice.kind != DocumentKind.INVOICE else list(Payment.raw(
        f"SELECT * FROM payment WHERE invoice_id = {p} ORDER BY id", invoice.id))
    return invoice, lines, paid


@in_document_language
def invoice_data(actor: Actor, invoice: Invoice | int, *, paper: str = "",
                 title: str | None = None) -> DocumentData:
    """Fill the document for an invoice, credit note or draft (printed as an estimate)."""
    invoice, lines, received = _read(invoice)
    settings = _settings()
    money = formatting.money
    credit = invoice.kind == DocumentKind.CREDIT_NOTE
    draft = invoice.status == InvoiceStatus.DRAFT
    t = invoices.preview_totals(actor, invoice, lines)
    sign = -1 if credit else 1
    issued = invoice.issue_date or invoice.created_at
    facts = [(translate("Printing", "Date"), formatting.date(issued))]
    if invoice.kind == DocumentKind.INVOICE and invoice.due_date and not draft:
        facts.append((translate("Printing", "Due date"), formatting.date(invoice.due_date)))
    if credit and invoice.credited_invoice_id:
        facts.append((translate("Printing", "Credits invoice"),
                      invoices.get(actor, invoice.credited_invoice_id).number or ""))
    if invoice.customer_tax_id:
        facts.append((translate("Printing", "Customer tax ID"), invoice.customer_tax_id))
    bill_to = invoices.customer_shown(invoice.customer_name, invoice.customer_id)
    parties = [(translate("Printing", "Bill to"), "\n".join(x for x in (bill_to,
                                                               invoice.billing_address) if x))]
    if invoice.vehicle_text:
        vehicle = invoice.vehicle_text.replace(" · ", "\n")
        if invoice.odometer is not None:
            vehicle += "\n" + translate("Printing", "Odometer {km}").format(
                km=formatting.number(invoice.odometer))
        parties.append((translate("Printing", "Vehicle"), vehicle))
    rows = [line_row(li) for li in lines]
    subtotal = (translate("Printing", "Subtotal (incl. tax)") if invoice.prices_include_tax
                else translate("Printing", "Subtotal (excl. tax)"))
    totals_rows: list[tuple[str, str, bool]] = [(subtotal, money(sign * t.subtotal), False)]
    if t.discount:
        totals_rows.append((translate("Printing", "Discount {percent}").format(
                                percent=_percent(invoice.discount_percent)),
                            "-" + money(sign * t.discount), False))
    if t.discount or invoice.prices_include_tax:
        totals_rows.append((translate("Printing", "Net"), money(sign * t.net), False))
    for band in t.bands:
        totals_rows.append((translate("Printing", "Tax {rate} on {net}").format(
                                rate=_percent(band.rate) or "0%", net=money(sign * band.net)),
                            money(sign * band.tax), False))
    total = translate("Printing", "Credit total") if credit else translate("Printing", "Total")
    totals_rows.append((total, money(sign * t.gross), True))
    if invoice.kind == DocumentKind.INVOICE and not draft:
        if invoice.credited:
            totals_rows.append((translate("Printing", "Credited"), "-" + money(invoice.credited),
                                False))
        totals_rows.append((translate("Printing", "Paid"), money(invoice.paid), False))
        totals_rows.append((translate("Printing", "Amount due"),
                            money(invoices.balance_due(invoice)), True))
    notes = []
    if credit and invoice.reason:
        notes.append(translate("Printing", "Reason: {reason}").format(reason=invoice.reason))
    if invoice.kind == DocumentKind.INVOICE and not draft:
        if invoice.terms_days:
            notes.append(translate("Printing", "Payment terms: {days} days net, due {date}.")
                         .format(
                days=invoice.terms_days, date=formatting.date(invoice.due_date)))
        else:
            notes.append(translate("Printing", "Payment due on receipt."))
        paid = [f"{translate('Labels', payments.METHOD_LABELS[p.method])} {money(p.amount)}"
                for p in received if p.amount and not p.is_refund]
        if paid:
            notes.append(translate("Printing", "Received with thanks: {payments}.").format(
                payments=", ".join(paid)))
        terms = warranty_note(lines)
        if terms:
            notes.append(terms)
    if invoice.notes:
        notes.append(invoice.notes)
    default = translate("Printing", "ESTIMATE") if draft else (
        translate("Printing", "CREDIT NOTE") if credit else translate("Printing", "INVOICE"))
    heading = title or default
    banner = translate("Printing", "VOID") if invoice.status == InvoiceStatus.VOID else (
        translate("Printing", "DEMO SHOP") if settings.is_demo else "")
    number = invoice.number or translate("Printing", "(draft)")
    return DocumentData(heading, number, letterhead(settings), facts=facts,
                        parties=parties, columns=COLUMNS, rows=rows, totals=totals_rows,
                        notes="\n".join(notes), footer=settings.invoice_footer,
                        paper=paper or settings.paper_size,
                        banner=banner)


@in_document_language
def render_invoice(actor: Actor, invoice: Invoice | int,
                   target: str | Path | BinaryIO | None = None, *, paper: str = "") -> bytes:
    """The PDF of an invoice or credit note (written to ``target`` if given)."""
    return render(invoice_data(actor, invoice, paper=paper), target)
