"""Update part costs from a supplier's catalogue, in bulk, with a preview; then the markup
matrix reprices the parts that follow it (shown in the same preview).

The new cost of one unit is the catalogue cost of a pack divided by the pack size, rounded
half up to the cent. Nothing changes until :func:`apply` is called with the preview the owner
saw; if costs, prices or the catalogue moved since, it refuses and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import peewee

from shopdesk.errors import ConflictError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import writing
from shopdesk.models.parts import Part
from shopdesk.models.pricing import CatalogueLine
from shopdesk.money import round_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.listing import Column, Kind, QueryList
from shopdesk.services.pricing import pricing_reprice
from shopdesk.services.pricing.catalogue import get_supplier


@dataclass(frozen=True)
class CostChange:
    """One part whose cost the catalogue would change."""

    part_id: int
    sku: str
    name: str
    supplier_sku: str
    pack_size: Decimal
    old_cost: Decimal
    new_cost: Decimal


@dataclass
class CostPreview:
    """The cost changes and the price changes the matrix would make after them."""

    supplier_id: int
    supplier_name: str
    costs: list[CostChange] = field(default_factory=list)
    prices: list[pricing_reprice.PriceChange] = field(default_factory=list)


def unit_cost(pack_cost: Decimal, pack_size: Decimal) -> Decimal:
    """The cost of one unit: pack cost / pack size, rounded half up to the cent."""
    return round_money(pack_cost / pack_size)


def preview(actor: Actor, supplier_id: int) -> CostPreview:
    """Every linked part whose cost differs from the catalogue's unit cost (writes nothing);
    only for whoever may see costs."""
    supplier = get_supplier(actor, supplier_id)
    result = CostPreview(supplier.id, supplier.name)
    seen: set[int] = set()
    rows = (CatalogueLine.select(CatalogueLine.part, Part.sku, Part.name,
                                 CatalogueLine.supplier_sku, CatalogueLine.pack_size,
                                 CatalogueLine.cost, Part.cost)
            .join(Part, on=(CatalogueLine.part == Part.id))
            .where((CatalogueLine.supplier == supplier.id) & (Part.archived == False))  # noqa: E712
            .order_by(Part.sku, CatalogueLine.id).tuples())
    for part_id, sku, name, supplier_sku, pack, pack_cost, cost in rows:
        if part_id in seen:  # two lines for one part: the first (oldest) one counts
            continue
        seen.add(part_id)
        new = unit_cost(pack_cost, pack)
        if new != cost:
            result.costs.append(CostChange(part_id, sku, name, supplier_sku, pack, cost, new))
    if result.costs:
        ids = tuple(c.part_id for c in result.costs)
        result.prices = pricing_reprice.preview(
            actor, pricing_reprice.Selection(part_ids=ids),
            costs={c.part_id: c.new_cost for c in result.costs}).changes
    return result


def apply(actor: Actor, shown: CostPreview) -> tuple[int, int]:
    """Make the cost and price changes of a preview; returns (costs, prices) changed."""
    require(actor, Permission.CHANGE_PRICES)
    if not shown.costs:
        raise ValidationError("Nothing to update: every linked part already has the "
                              "catalogue's cost")
    with writing():
        now = preview(actor, shown.supplier_id)
        if now.costs != shown.costs or now.prices != shown.prices:
            raise ConflictError("Costs, prices or the catalogue changed since this preview "
                                "was made; nothing was changed. Preview again.")
        for change in shown.costs:
            Part.update(cost=change.new_cost, version=Part.version + 1).where(
                Part.id == change.part_id).execute()
            audit.record(actor, "price change", "part", change.part_id,
                         f"{change.sku}: cost from {shown.supplier_name}'s catalogue "
                         f"({change.supplier_sku})", {"cost": change.old_cost},
                         {"cost": change.new_cost})
        repriced = pricing_reprice.preview(actor, pricing_reprice.Selection(
            part_ids=tuple(c.part_id for c in shown.costs)))
        if repriced.changes != shown.prices:  # cannot happen after the check above
            raise ConflictError("The matrix prices differ from the preview; nothing was "
                                "changed. Preview again.")
        prices = pricing_reprice.write_prices(actor, repriced.changes,
                                        f"cost from {shown.supplier_name}'s catalogue")
    return len(shown.costs), prices


def suppliers_with_lines(actor: Actor) -> list[int]:
    """Suppliers that have a catalogue, most lines first."""
    return [sid for (sid,) in CatalogueLine.select(CatalogueLine.supplier)
            .group_by(CatalogueLine.supplier)
            .order_by(peewee.fn.COUNT(CatalogueLine.id).desc()).tuples()]


def catalogue_list(actor: Actor, supplier_id: int, text: str = "",
                   linked: str = "all") -> QueryList:
    """A supplier's catalogue lines by their number: ``linked`` "all", "linked", "unlinked".
    The cost columns only for whoever may see costs."""
    # cents x 1000 / thousandths, rounded half up in integers (same on both databases)
    def raw(number: int) -> peewee.Value:  # a plain number (not converted as money)
        return peewee.Value(number, converter=False)

    per_unit = ((CatalogueLine.cost * raw(2000) + CatalogueLine.pack_size)
                / (CatalogueLine.pack_size * raw(2)))

    def base() -> peewee.ModelSelect:
        query = (CatalogueLine.select().join(Part, peewee.JOIN.LEFT_OUTER,
                                             on=(CatalogueLine.part == Part.id))
                 .where(CatalogueLine.supplier == supplier_id))
        if linked == "linked":
            query = query.where(CatalogueLine.part.is_null(False))
        elif linked == "unlinked":
            query = query.where(CatalogueLine.part.is_null())
        words = text.strip()
        if words:
            pattern = "%" + words.replace("%", "").replace("\\", "") + "%"
            query = query.where(CatalogueLine.supplier_sku.startswith(words)
                                | (CatalogueLine.description ** pattern)
                                | (CatalogueLine.barcode == words))
        return query

    columns = [
            Column("supplier_sku", QT_TRANSLATE_NOOP("Columns", "Supplier no."),
                    CatalogueLine.supplier_sku, width=12),
            Column("description", QT_TRANSLATE_NOOP("Columns", "Description"),
                    CatalogueLine.description, width=26),
            Column("brand", QT_TRANSLATE_NOOP("Columns", "Brand"), CatalogueLine.brand, width=8),
            Column("cost", QT_TRANSLATE_NOOP("Columns", "Cost per pack"), CatalogueLine.cost,
                    Kind.MONEY, width=11),
            Column("pack", QT_TRANSLATE_NOOP("Columns", "Pack"), CatalogueLine.pack_size,
                    Kind.QUANTITY, width=5),
            Column("unit_cost", QT_TRANSLATE_NOOP("Columns", "Cost per unit"),
                    per_unit.cast("BIGINT"), Kind.MONEY,
                   width=10),
            Column("barcode", QT_TRANSLATE_NOOP("Columns", "Barcode"), CatalogueLine.barcode,
                    width=12),
            Column("part", QT_TRANSLATE_NOOP("Columns", "Linked part"), Part.sku, width=10),
        ]
    if not actor.sees_costs:
        columns = [c for c in columns if c.key not in ("cost", "unit_cost")]
    return QueryList(
        columns=columns, base=base, key=CatalogueLine.id, default_sort=[CatalogueLine.supplier_sku])
