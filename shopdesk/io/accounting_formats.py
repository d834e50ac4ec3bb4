"""Issued invoices and credit notes in the CSV import layouts of accounting packages.

**Xero** — Sales → Invoices → Import, the "SalesInvoiceTemplate.csv" layout: one row per
invoice line, rows of one invoice share its ``*InvoiceNumber``; required columns carry a
``*``. Dates "DD/MM/YYYY" (Xero's guide; organisations in the United States use MM/DD/YYYY).
Tax-inclusive or exclusive prices are chosen on Xero's import screen, so one file holds one
basis; ``*TaxType`` must be the name of a tax rate set up in Xero (we write the shop's tax
rate name). A negative total imports as a credit note: credit note lines have negative
quantities. Sources: Xero's sales invoice import guide as quoted at
https://online.flippingbook.com/view/399081/31/ ("ContactName*, InvoiceNumber*,
InvoiceDate* and DueDate* … Use the format DD/MM/YYYY", Description, Quantity, UnitAmount,
AccountCode, TaxType) and https://xero-help.caltrix.asia/en/articles/12528333 (the template's
compulsory columns); the optional columns are those of Xero's downloadable template.

**QuickBooks Online** — New → Import invoices (Settings → Import data → Invoices): one row
per line, ``InvoiceNo, Customer, InvoiceDate, DueDate`` repeated on each line, then
``Item(Product/Service), ItemDescription, ItemQuantity, ItemRate, ItemAmount`` and, outside
the US, ``ItemTaxCode`` and ``ItemTaxAmount``; headers named like this map themselves. The
date format is picked on the import screen; we write MM/DD/YYYY for US shops, DD/MM/YYYY
elsewhere. Sources: Intuit's QuickBooks community answer listing the auto-mapped headers
(*Invoice number, *Customer, *Invoice date, *Due date, Item tax code, Terms, Item
(Product/Service), Item Description, Item Quantity, Item Rate, *Item Amount, Memo),
https://quickbooks.intuit.com/learn-support/en-ca/sales-and-invoicing/do-we-need-to-map-field-everytime-when-import-invoices/01/394876
QuickBooks imports invoices only: credit notes are written with negative quantities and
amounts so the file balances, and QuickBooks will refuse those rows (enter them there as
credit memos).

Figures are exact: a line's amount is what the invoice charged. When the invoice had a
discount on the whole invoice, Xero has no such field, so each line is written as one unit
at its discounted amount (the description keeps the quantity and unit price).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from shopdesk.i18n import in_document_language
from shopdesk.io.accounting import Period, Summary, band, document_lines, documents
from shopdesk.io.exports import ProgressFn, no_progress, shop_locale
from shopdesk.io.xlsx_writer import Field, Workbook
from shopdesk.models.invoices import Invoice
from shopdesk.models.settings import TaxRate
from shopdesk.money import ZERO, allocate, round_money
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.listing import Kind
from shopdesk.services.sales.invoices import customer_shown

XERO_COLUMNS = [
    "*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3",
    "POAddressLine4", "POCity", "PORegion", "POPostalCode", "POCountry", "*InvoiceNumber",
    "Reference", "*InvoiceDate", "*DueDate", "InventoryItemCode", "*Description",
    "*Quantity", "*UnitAmount", "Discount", "*AccountCode", "*TaxType", "TrackingName1",
    "TrackingOption1", "TrackingName2", "TrackingOption2", "Currency", "BrandingTheme",
]
QUICKBOOKS_COLUMNS = [
    "InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Memo",
    "Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate", "ItemAmount",
    "ItemTaxCode", "ItemTaxAmount",
]
NUMERIC = {"*Quantity", "*UnitAmount", "Discount", "ItemQuantity", "ItemRate", "ItemAmount",
           "ItemTaxAmount"}
#: Xero's default chart of accounts: 200 is "Sales".
XERO_SALES_ACCOUNT = "200"
LINE_KIND_ITEMS = {"labour": "Labour", "fee": "Fee", "sublet": "Sublet",
                   "core": "Core deposit", "part": "Parts"}


def date_format(locale: str | None = None) -> str:
    """``%m/%d/%Y`` for a US shop, ``%d/%m/%Y`` elsewhere."""
    return "%m/%d/%Y" if (locale or shop_locale()).upper().endswith("_US") else "%d/%m/%Y"


def _number(value: Decimal) -> Decimal:
    """A decimal without needless zeros (2, 4.5, -1), written as such in the CSV."""
    return Decimal(f"{value.normalize():f}") + 0


def _money(value: Decimal) -> Decimal:
    return round_money(value)


def _tax_names() -> dict[str, str]:
    return {t.code: t.name for t in TaxRate.select()}


def _contact(doc: Invoice) -> list[str]:
    """EmailAddress, four address lines, city, region, postcode and country."""
    customer = doc.customer if doc.customer_id else None
    if customer is not None:
        lines = [x.strip() for x in customer.address.splitlines() if x.strip()][:4]
        return [customer.email, *lines, *[""] * (4 - len(lines)), customer.city, "",
                customer.postcode, customer.country]
    lines = [x.strip() for x in doc.billing_address.splitlines() if x.strip()][:4]
    return ["", *lines, *[""] * (4 - len(lines)), "", "", "", ""]


def xero_rows(doc: Invoice, lines: list[tuple], fmt: str, tax_names: dict[str, str],
              currency: str, account: str = XERO_SALES_ACCOUNT) -> list[list[Any]]:
    """The Xero rows of one document (credit notes: negative quantities)."""
    due = doc.due_date or doc.issue_date
    spread = doc.discount != ZERO  # an invoice-wide discount: one unit at the line's amount
    reference = (f"Credit for {doc.credited_invoice.number}" if doc.credited_invoice_id
                 else doc.vehicle_text)[:255]
    head = [customer_shown(doc.customer_name, doc.customer_id), *_contact(doc), doc.number,
            reference, doc.issue_date.strftime(fmt), due.strftime(fmt)]
    rows = []
    for (_pos, _kind, sku, description, qty, price, discount, code, _rate, amount,
         _cost) in lines:
        if spread:
            text = f"{description} ({_number(abs(qty))} × {_money(price)})"
            quantity, unit, line_discount = Decimal(1 if amount >= 0 else -1), abs(amount), None
        else:
            text, quantity, unit = description, qty, price
            line_discount = _number(discount) if discount else None
        rows.append([*head, sku, text, _number(quantity), _money(unit), line_discount,
                     account, tax_names.get(code, code), "", "", "", "", currency, ""])
    return rows


def quickbooks_rows(doc: Invoice, lines: list[tuple], fmt: str) -> list[list[Any]]:
    """The QuickBooks Online rows of one document; each rate's tax is spread over its lines
    so the lines' tax adds up to the invoice's tax exactly."""
    due = doc.due_date or doc.issue_date
    terms = f"Net {doc.terms_days}" if doc.terms_days else "Due on receipt"
    memo = (f"Credit note for {doc.credited_invoice.number}" if doc.credited_invoice_id
            else doc.vehicle_text)
    by_rate: dict[Decimal, list[int]] = {}
    for i, line in enumerate(lines):
        by_rate.setdefault(line[8], []).append(i)
    line_tax = [ZERO] * len(lines)
    for rate, members in by_rate.items():
        base = sum((lines[i][9] for i in members), ZERO)
        _net, tax, _gross = band(base, rate, doc.prices_include_tax)
        weights = [abs(lines[i][9]) for i in members]
        if tax and sum(weights, ZERO):
            shares = allocate(abs(tax), weights)
            for i, share in zip(members, shares, strict=True):
                line_tax[i] = share if tax > 0 else -share
    rows = []
    for i, (_pos, kind, sku, description, qty, price, _disc, code, _rate, amount,
            _cost) in enumerate(lines):
        rows.append([doc.number, customer_shown(doc.customer_name, doc.customer_id),
                     doc.issue_date.strftime(fmt),
                     due.strftime(fmt), terms, memo, sku or LINE_KIND_ITEMS.get(kind, kind),
                     description, _number(qty), _money(price), _money(amount), code,
                     _money(line_tax[i])])
    return rows


@in_document_language
def export_package(actor: Actor, package: str, path: str | Path, period: Period, *,
                   locale: str | None = None, progress: ProgressFn = no_progress) -> Summary:
    """Write ``xero`` or ``quickbooks`` CSV for the issued documents in ``period``; owner
    only."""
    require(actor, Permission.VIEW_OWNER_REPORTS)
    from shopdesk.io.exports import shop_currency

    fmt = date_format(locale)
    columns = XERO_COLUMNS if package == "xero" else QUICKBOOKS_COLUMNS
    tax_names, currency = _tax_names(), shop_currency()
    total = documents(period).count()
    count = 0
    gross = ZERO
    with Workbook(path, fmt="csv") as book:
        sheet = book.sheet(package, [Field(c, Kind.NUMBER if c in NUMERIC else Kind.TEXT)
                                     for c in columns])
        for count, (doc, lines) in enumerate(document_lines(period), 1):
            rows = (xero_rows(doc, lines, fmt, tax_names, currency) if package == "xero"
                    else quickbooks_rows(doc, lines, fmt))
            for row in rows:
                sheet.write(row)
            gross += doc.gross
            if count % 200 == 0:
                progress(count, total, f"{count:,} of {total:,} documents")
    return Summary(count, sheet.rows, gross=gross)

