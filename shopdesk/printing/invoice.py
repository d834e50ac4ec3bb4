"""Invoices, credit notes and estimates as PDF: a thin builder over the document engine."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.errors import NotFoundError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, InvoiceStatus, Payment
from shopdesk.models.settings import SETTINGS_ID, ShopSettings
from shopdesk.money import line_total
from shopdesk.printing.document import Column, DocumentData, Letterhead, render
from shopdesk.services import invoices, payments
from shopdesk.services.settings import get_settings

COLUMNS = [Column("Description", 0.39), Column("Qty", 0.08, "RIGHT"),
           Column("Unit price", 0.14, "RIGHT"), Column("Disc.", 0.08, "RIGHT"),
           Column("Tax", 0.10, "RIGHT"), Column("Amount", 0.21, "RIGHT")]


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


def invoice_data(invoice: Invoice | int, *, paper: str = "",
                 title: str | None = None) -> DocumentData:
    """Fill the document for an invoice, credit note or draft (printed as an estimate)."""
    invoice, lines, received = _read(invoice)
    settings = _settings()
    money = formatting.money
    credit = invoice.kind == DocumentKind.CREDIT_NOTE
    draft = invoice.status == InvoiceStatus.DRAFT
    t = invoices.preview_totals(invoice, lines)
    sign = -1 if credit else 1
    facts = [("Date", formatting.date(invoice.issue_date or invoice.created_at))]
    if invoice.kind == DocumentKind.INVOICE and invoice.due_date and not draft:
        facts.append(("Due date", formatting.date(invoice.due_date)))
    if credit and invoice.credited_invoice_id:
        facts.append(("Credits invoice", invoices.get(invoice.credited_invoice_id).number or ""))
    if invoice.customer_tax_id:
        facts.append(("Customer tax ID", invoice.customer_tax_id))
    parties = [("Bill to", "\n".join(x for x in (invoice.customer_name,
                                                 invoice.billing_address) if x))]
    if invoice.vehicle_text:
        vehicle = invoice.vehicle_text.replace(" · ", "\n")
        if invoice.odometer is not None:
            vehicle += f"\nOdometer {formatting.number(invoice.odometer)}"
        parties.append(("Vehicle", vehicle))
    rows = [line_row(li) for li in lines]
    basis = "incl." if invoice.prices_include_tax else "excl."
    totals_rows: list[tuple[str, str, bool]] = [
        (f"Subtotal ({basis} tax)", money(sign * t.subtotal), False)]
    if t.discount:
        totals_rows.append((f"Discount {_percent(invoice.discount_percent)}",
                            "-" + money(sign * t.discount), False))
    if t.discount or invoice.prices_include_tax:
        totals_rows.append(("Net", money(sign * t.net), False))
    for band in t.bands:
        totals_rows.append((f"Tax {_percent(band.rate) or '0%'} on {money(sign * band.net)}",
                            money(sign * band.tax), False))
    totals_rows.append(("Credit total" if credit else "Total", money(sign * t.gross), True))
    if invoice.kind == DocumentKind.INVOICE and not draft:
        if invoice.credited:
            totals_rows.append(("Credited", "-" + money(invoice.credited), False))
        totals_rows.append(("Paid", money(invoice.paid), False))
        totals_rows.append(("Amount due", money(invoices.balance_due(invoice)), True))
    notes = []
    if credit and invoice.reason:
        notes.append(f"Reason: {invoice.reason}")
    if invoice.kind == DocumentKind.INVOICE and not draft:
        if invoice.terms_days:
            notes.append(f"Payment terms: {invoice.terms_days} days net, due "
                         f"{formatting.date(invoice.due_date)}.")
        else:
            notes.append("Payment due on receipt.")
        paid = [f"{payments.METHOD_LABELS[p.method]} {money(p.amount)}"
                for p in received if p.amount and not p.is_refund]
        if paid:
            notes.append("Received with thanks: " + ", ".join(paid) + ".")
    if invoice.notes:
        notes.append(invoice.notes)
    default = "ESTIMATE" if draft else ("CREDIT NOTE" if credit else "INVOICE")
    heading = title or default
    banner = "VOID" if invoice.status == InvoiceStatus.VOID else (
        "DEMO SHOP" if settings.is_demo else "")
    return DocumentData(heading, invoice.number or "(draft)", letterhead(settings), facts=facts,
                        parties=parties, columns=COLUMNS, rows=rows, totals=totals_rows,
                        notes="\n".join(notes), footer=settings.invoice_footer,
                        paper=paper or settings.paper_size,
                        banner=banner)


def render_invoice(invoice: Invoice | int, target: str | Path | BinaryIO | None = None, *,
                   paper: str = "") -> bytes:
    """The PDF of an invoice or credit note (written to ``target`` if given)."""
    return render(invoice_data(invoice, paper=paper), target)
