"""The purchase order PDF sent to the supplier (our SKU, their number, quantity, cost)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from shopdesk import formatting
from shopdesk.i18n import in_document_language, translate
from shopdesk.models.parts import SupplierPart
from shopdesk.money import line_total
from shopdesk.printing.document import Column, DocumentData, Letterhead, render
from shopdesk.services.access import Actor
from shopdesk.services.shop import settings
from shopdesk.services.stock import purchasing


@in_document_language
def render_purchase_order(actor: Actor, order_id: int,
                          target: str | Path | BinaryIO | None = None) -> bytes:
    """Print one purchase order; returns the PDF bytes (and writes ``target`` if given)."""
    order = purchasing.get_order(actor, order_id)
    shop = settings.get_settings()
    supplier = order.supplier
    numbers = dict(SupplierPart.select(SupplierPart.part, SupplierPart.supplier_sku)
                   .where(SupplierPart.supplier == supplier.id).tuples())
    rows, total = [], Decimal("0.00")
    for line in purchasing.order_lines(actor, order.id):
        amount = line_total(line.quantity, line.unit_cost)
        total += amount
        rows.append([line.part.sku, numbers.get(line.part_id, ""), line.part.name,
                     f"{formatting.quantity(line.quantity)} {line.part.unit}",
                     formatting.money(line.unit_cost), formatting.money(amount)])
    facts = [(translate("Printing", "Date"), formatting.date(order.ordered_at or order.created_at))]
    if supplier.account_number:
        facts.append((translate("Printing", "Our account"), supplier.account_number))
    if supplier.terms:
        facts.append((translate("Printing", "Terms"), supplier.terms))
    to = "\n".join(x for x in (supplier.name, supplier.contact_name, supplier.address,
                               supplier.phone, supplier.email) if x)
    data = DocumentData(
        title=translate("Printing", "PURCHASE ORDER"), number=order.number,
        letterhead=Letterhead(shop.name, shop.address, shop.phone, shop.email, shop.website,
                              shop.tax_id, shop.logo_png),
        facts=facts, parties=[(translate("Printing", "Supplier"), to),
                              (translate("Printing", "Deliver to"),
                               f"{shop.name}\n{shop.address}")],
        columns=[Column(translate("Printing", "Our SKU"), 0.15),
                 Column(translate("Printing", "Your no."), 0.14),
                 Column(translate("Printing", "Part"), 0.33),
                 Column(translate("Printing", "Qty"), 0.11, "RIGHT"),
                 Column(translate("Printing", "Unit cost"), 0.13, "RIGHT"),
                 Column(translate("Printing", "Amount"), 0.14, "RIGHT")],
        rows=rows, totals=[(translate("Printing", "Total (before tax)"),
                            formatting.money(total), True)],
        notes=order.note,
        footer=translate("Printing", "Please quote our order number on your delivery note "
                                     "and invoice."),
        banner=translate("Printing", "DRAFT") if order.status == "draft" else (
            translate("Printing", "DEMO SHOP") if shop.is_demo else ""))
    return render(data, target)
