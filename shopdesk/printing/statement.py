"""A customer's account statement as PDF (same engine as invoices)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.i18n import QT_TRANSLATE_NOOP, in_document_language, translate
from shopdesk.models.invoices import PaymentMethod
from shopdesk.printing.document import Column, DocumentData, render
from shopdesk.printing.invoice import letterhead
from shopdesk.services.access import Actor
from shopdesk.services.crm import names
from shopdesk.services.sales import receivables
from shopdesk.services.sales.payments import METHOD_LABELS
from shopdesk.services.shop.settings import get_settings

COLUMNS = [Column(QT_TRANSLATE_NOOP("Printing", "Date"), 0.16),  # 2026年11月25日 on one line
           Column(QT_TRANSLATE_NOOP("Printing", "Entry"), 0.20),
           Column(QT_TRANSLATE_NOOP("Printing", "Reference"), 0.18),
           Column(QT_TRANSLATE_NOOP("Printing", "Due"), 0.18),
           Column(QT_TRANSLATE_NOOP("Printing", "Amount"), 0.14, "RIGHT"),
           Column(QT_TRANSLATE_NOOP("Printing", "Balance"), 0.14, "RIGHT")]


#: the words of each kind of entry (``StatementLine.kind``), in the documents' language
ENTRY_TEXTS = {"invoice": QT_TRANSLATE_NOOP("Printing", "Invoice"),
               "credit_note": QT_TRANSLATE_NOOP("Printing", "Credit note"),
               "payment": QT_TRANSLATE_NOOP("Printing", "Payment ({method})"),
               "refund": QT_TRANSLATE_NOOP("Printing", "Refund ({method})")}


def entry_text(line: receivables.StatementLine) -> str:
    """What the entry is ("Payment (bank transfer)"), in the language in use."""
    template = ENTRY_TEXTS.get(line.kind)
    if template is None:
        return line.text
    method = translate("Labels", METHOD_LABELS[PaymentMethod(line.method)]).lower() \
        if line.method else ""
    return translate("Printing", template).format(method=method)


@in_document_language
def statement_data(actor: Actor, customer_id: int, start: dt.date, end: dt.date, *,
                   paper: str = "") -> DocumentData:
    """Fill the statement document for a customer and period."""
    st = receivables.statement(actor, customer_id, start, end)
    money = formatting.money
    c = st.customer
    name = c.company_name or names.full_name(c.first_name, c.last_name) \
        or c.display_name
    address = "\n".join(x for x in (name, c.address,
                                    " ".join(y for y in (c.postcode, c.city) if y)) if x)
    rows = [[formatting.date(st.start), translate("Printing", "Balance brought forward"),
             "", "", "", money(st.opening)]]
    rows += [[formatting.date(li.on), entry_text(li), li.reference, formatting.date(li.due),
              money(li.amount), money(li.balance)] for li in st.lines]
    totals = [(translate("Printing", "Current") if b == "current"
               else translate("Printing", "{days} days").format(days=b),
               money(st.aging.buckets[b]), False) for b in receivables.BUCKETS]
    totals.append((translate("Printing", "Balance due"), money(st.closing), True))
    settings = get_settings()
    return DocumentData(
        translate("Printing", "STATEMENT"), f"{c.id:05d}-{end:%Y%m%d}", letterhead(),
        facts=[(translate("Printing", "Period"),
                f"{formatting.date(start)} – {formatting.date(end)}"),
               (translate("Printing", "Customer no."), str(c.id))],
        parties=[(translate("Printing", "Account"), address)], columns=COLUMNS, rows=rows,
        totals=totals,
        notes=translate("Printing", "Please pay the balance due by its due dates. Thank you "
                                    "for your business."),
        footer=settings.invoice_footer, paper=paper,
        banner=translate("Printing", "DEMO SHOP") if settings.is_demo else "")


@in_document_language
def render_statement(actor: Actor, customer_id: int, start: dt.date, end: dt.date,
                     target: str | Path | BinaryIO | None = None, *, paper: str = "") -> bytes:
    """The statement PDF (written to ``target`` if given)."""
    return render(statement_data(actor, customer_id, start, end, paper=paper), target)
