"""The invoice list the GUI shows lazily: filtered by status, date and customer in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceStatus
from shopdesk.services.access import Actor
from shopdesk.services.listing import Column, Kind, QueryList
from shopdesk.services.sales.invoices import KIND_LABELS, STATUS_LABELS

#: the list's status filter (not a status: "open" is issued with money due)
FILTER_LABELS = {
    "": QT_TRANSLATE_NOOP("Labels", "All"),
    "draft": QT_TRANSLATE_NOOP("Labels",
        "Drafts"),
    "issued": QT_TRANSLATE_NOOP("Labels", "Issued"),
    "void": QT_TRANSLATE_NOOP("Labels", "Void"),
    "open": QT_TRANSLATE_NOOP("Labels", "Unpaid"),
}


@dataclass
class InvoiceFilter:
    """What the list shows: a status ("" all, "open" issued with money due), a period and
    part of the customer's name (or the number)."""

    status: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    text: str = ""


def _due() -> peewee.Node:
    return peewee.Case(None, [((Invoice.kind == "invoice") & (Invoice.status == "issued"),
                               Invoice.gross - Invoice.credited - Invoice.paid)], 0)


def invoice_list(actor: Actor, flt: InvoiceFilter) -> QueryList:
    """Newest first: number, date, customer, vehicle, status, total, due."""
    def base() -> peewee.ModelSelect:
        query = Invoice.select()
        if flt.status == "open":
            query = query.where((Invoice.status == "issued") & (Invoice.kind == "invoice")
                                & (Invoice.gross - Invoice.credited - Invoice.paid > 0))
        elif flt.status:
            query = query.where(Invoice.status == flt.status)
        date = peewee.fn.COALESCE(Invoice.issue_date, peewee.fn.DATE(Invoice.created_at))
        if flt.since:
            query = query.where(date >= flt.since)
        if flt.until:
            query = query.where(date <= flt.until)
        text = flt.text.strip()
        if text:
            query = query.where(Invoice.customer_name.contains(text)
                                | Invoice.number.startswith(text.upper())
                                | Invoice.vehicle_text.contains(text))
        return query

    kind = peewee.Case(Invoice.kind, [(DocumentKind.CREDIT_NOTE.value,
                                       KIND_LABELS[DocumentKind.CREDIT_NOTE])],
                       KIND_LABELS[DocumentKind.INVOICE])
    status = peewee.Case(Invoice.status, [(s.value, label) for s, label in STATUS_LABELS.items()],
                         Invoice.status)
    columns = [
        Column("number", QT_TRANSLATE_NOOP("Columns", "Number"), peewee.fn.COALESCE(Invoice.number,
                "(draft)"), width=16),
        Column("date", QT_TRANSLATE_NOOP("Columns", "Date"), Invoice.issue_date, Kind.DATE,
                width=12),
        Column("kind", QT_TRANSLATE_NOOP("Columns", "Type"), kind, width=10, labels=True),
        Column("customer", QT_TRANSLATE_NOOP("Columns", "Customer"), Invoice.customer_name,
                width=26),
        Column("vehicle", QT_TRANSLATE_NOOP("Columns", "Vehicle"), Invoice.vehicle_text, width=26),
        Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), status, width=8, labels=True),
        Column("total", QT_TRANSLATE_NOOP("Columns", "Total"), Invoice.gross.coerce(False),
                Kind.MONEY, width=11),
        Column("due", QT_TRANSLATE_NOOP("Columns", "Due"), _due(), Kind.MONEY, width=11),
    ]

    def style(values: tuple) -> str | None:
        if values[5] in (STATUS_LABELS[InvoiceStatus.DRAFT], STATUS_LABELS[InvoiceStatus.VOID]):
            return "muted"
        return "warning" if values[7] and int(values[7]) > 0 else None

    return QueryList(columns, base, Invoice.id, row_styles=style, descending=True)
