"""Demo pricing: a fleet price level for the company customers, a markup matrix per level
(with one category of its own), fleet prices from the matrix, a few prices set by hand, and
a supplier catalogue (price file lines, most linked to stocked parts, some not stocked)."""

from __future__ import annotations

from decimal import Decimal

from shopdesk.demo.bulk import insert_rows
from shopdesk.demo.registry import DemoContext, Scale, generator
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.customers import Customer, CustomerKind
from shopdesk.models.parts import Part, Supplier, SupplierPart
from shopdesk.models.pricing import CatalogueLine, ManualPrice, PartLevelPrice
from shopdesk.money import to_cents
from shopdesk.services.pricing import pricing, pricing_matrix

#: Cost bands (from, to) and markup % for retail, trade and fleet.
BANDS = [("0", "10"), ("10", "50"), ("50", "200"), ("200", "")]
MARKUPS = {"retail": ("120", "90", "70", "60"), "trade": ("85", "60", "45", "35"),
           "fleet": ("55", "50", "45", "40")}  # below the demo's retail (cost x 1.6 to 2.2)
#: Oils and fluids sell on a tighter markup at retail (customers compare prices).
OIL_MARKUPS = ("80", "60", "45", "40")


@generator("pricing")
def make_pricing(ctx: DemoContext) -> None:
    """Price levels, matrices, fleet prices and a supplier catalogue."""
    rng = ctx.rng
    pricing.add_level(ctx.owner, "Fleet")
    for level, markups in MARKUPS.items():
        pricing_matrix.set_matrix(ctx.owner, level, [
            (low, high, pct) for (low, high), pct in zip(BANDS, markups, strict=True)])
    category = Part.select(Part.category).where(Part.category ** "oil%").scalar()
    if category:
        pricing_matrix.set_matrix(ctx.owner, "retail", [
            (low, high, pct) for (low, high), pct in zip(BANDS, OIL_MARKUPS, strict=True)],
            scope="category", scope_value=category)
    pricing.set_rounding_rule(ctx.owner, "0.05")
    matrices = pricing_matrix.Matrices(ctx.owner)
    with db.atomic():
        Customer.update(price_level="fleet").where(
            Customer.kind == CustomerKind.COMPANY.value).execute()
        fleet_rows, manual_rows = [], []
        now = utcnow().replace(microsecond=0)
        for part_id, category, brand, cost in Part.select(
                Part.id, Part.category, Part.brand, Part.cost).tuples():
            price = matrices.price("fleet", category, brand, cost)
            if price is not None:
                fleet_rows.append((part_id, "fleet", to_cents(price)))
            if rng.random() < 0.05:  # the owner priced a few parts by hand
                manual_rows.append((part_id, "retail", ctx.owner.username, now))
        insert_rows(PartLevelPrice, ["part_id", "level", "price"], fleet_rows)
        insert_rows(ManualPrice, ["part_id", "level", "set_by", "set_at"], manual_rows)
        ctx.counts["fleet prices"] = len(fleet_rows)
        _catalogue(ctx, now)


def _catalogue(ctx: DemoContext, now: object) -> None:
    """The first supplier's price file: their lines for the parts we buy from them (costs a
    little up since), pack sizes for small items, and lines the shop does not stock."""
    rng = ctx.rng
    supplier = Supplier.select().order_by(Supplier.id).first()
    if supplier is None:
        return
    numbers = dict(SupplierPart.select(SupplierPart.part, SupplierPart.supplier_sku)
                   .where(SupplierPart.supplier == supplier.id).tuples())
    prefix = supplier.name[:3].upper()
    rows, used, listed = [], set(numbers.values()), set()
    for part_id, name, brand, cost in (Part.select(Part.id, Part.name, Part.brand, Part.cost)
                                       .where(Part.supplier == supplier.id).tuples()):
        number = numbers.get(part_id)
        if number is None or number in listed:  # a price file lists a supplier number once
            continue
        listed.add(number)
        pack = 4 if cost < Decimal("5") and rng.random() < 0.5 else 1
        drift = Decimal(rng.choice((100, 100, 102, 103, 105, 108))) / 100
        rows.append((supplier.id, number, name[:255], to_cents(cost * pack * drift),
                     pack * 1000, "", brand, part_id, now))
    extra = 40 if ctx.scale is Scale.SMALL else 2000
    for index in range(extra):
        number = f"{prefix}-{900000 + index}"
        if number in used:
            continue
        cost = Decimal(rng.randrange(300, 25000)) / 100
        rows.append((supplier.id, number, f"Catalogue item {index + 1}", to_cents(cost), 1000,
                     "", rng.choice(("Bosch", "Gates", "Moog", "Denso")), None, now))
    insert_rows(CatalogueLine, ["supplier_id", "supplier_sku", "description", "cost",
                                "pack_size", "barcode", "brand", "part_id", "updated_at"], rows)
    ctx.counts["catalogue lines"] = len(rows)
