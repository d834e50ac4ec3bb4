"""Repricing through the markup matrix: a preview of every price that would change, applying
exactly that preview, the repricing that follows a receipt, and manual prices.

Nothing changes until :func:`apply` is called with a preview; if prices or costs moved since
the preview was made, :func:`apply` refuses (ConflictError) and changes nothing. Each changed
price is audited as a "price change".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import peewee

from shopdesk.errors import ConflictError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow, writing
from shopdesk.models.parts import Part
from shopdesk.models.pricing import ManualPrice, PartLevelPrice
from shopdesk.money import from_cents
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.changes import Changes, touch
from shopdesk.services.pricing import bulk, pricing, pricing_matrix


class PriceChange(NamedTuple):
    """One price the matrix would change: ``old`` None means the part had no price there (a
    named tuple: a preview of every part makes a hundred thousand)."""

    part_id: int
    sku: str
    name: str
    level: str
    cost: Decimal
    old: Decimal | None
    new: Decimal

    @property
    def old_margin(self) -> Decimal | None:
        return pricing_matrix.margin_percent(self.old, self.cost)

    @property
    def new_margin(self) -> Decimal | None:
        return pricing_matrix.margin_percent(self.new, self.cost)


@dataclass(frozen=True)
class Selection:
    """Which parts to reprice: a category and/or brand, some parts, or all (empty)."""

    category: str = ""
    brand: str = ""
    part_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        bits = [f"category {self.category}" if self.category else "",
                f"brand {self.brand}" if self.brand else "",
                f"{len(self.part_ids)} part(s)" if self.part_ids else ""]
        return ", ".join(b for b in bits if b) or "all parts"


@dataclass
class Preview:
    """What repricing a selection would do. ``manual_kept``: prices left alone because they
    were set by hand; ``unpriced``: parts with no cost to mark up."""

    selection: Selection
    changes: list[PriceChange] = field(default_factory=list)
    manual_kept: int = 0
    unpriced: int = 0
    parts: int = 0
    # what it was computed from (apply checks nothing moved without computing it again)
    inputs: _Inputs | None = field(default=None, repr=False, compare=False)


@dataclass
class _Inputs:
    """Everything a preview is computed from, as read from the database: equal inputs give
    an equal preview."""

    levels: list[str]
    matrices: dict[tuple[str, str, str], pricing_matrix.Matrix]
    rule: str
    rows: list[tuple]  # (id, sku, name, category, brand, cost, retail, trade), cents, by SKU
    extra: dict[tuple[int, str], int]  # other levels' prices (cents)
    manual: set[tuple[int, str]]  # prices set by hand
    costs: dict[int, Decimal]  # the costs the caller replaced


def _parts_query(selection: Selection) -> peewee.ModelSelect:
    query = Part.select(Part.id).where(Part.archived == False)  # noqa: E712
    if selection.category:
        query = query.where(Part.category == selection.category)
    if selection.brand:
        query = query.where(Part.brand == selection.brand)
    if selection.part_ids:
        query = query.where(Part.id.in_(list(selection.part_ids)))
    return query


def _read(selection: Selection, matrices: pricing_matrix.Matrices,
          costs: Mapping[int, Decimal]) -> _Inputs:
    with_matrix = {lv for lv, _s, _v in matrices.by_key}
    levels = [code for code in pricing.level_codes() if code in with_matrix]
    inputs = _Inputs(levels, matrices.by_key, matrices.rule, [], {}, set(), dict(costs))
    if not levels:
        return inputs
    ids = _parts_query(selection)
    # Raw values (cents) from the driver: only the prices that change become Decimals.
    inputs.extra = {(p, lv): cents for p, lv, cents in db.execute(PartLevelPrice.select(
        PartLevelPrice.part, PartLevelPrice.level, PartLevelPrice.price)
        .where(PartLevelPrice.part.in_(ids)))}
    inputs.manual = set(ManualPrice.select(ManualPrice.part, ManualPrice.level)
                        .where(ManualPrice.part.in_(ids)).tuples())
    inputs.rows = list(db.execute(
        Part.select(Part.id, Part.sku, Part.name, Part.category, Part.brand, Part.cost,
                    Part.retail_price, Part.trade_price)
        .where(Part.id.in_(ids)).order_by(Part.sku)))
    return inputs


def preview(actor: Actor, selection: Selection, *,
            costs: Mapping[int, Decimal] | None = None) -> Preview:
    """Every price of the selection the matrix would change (old, new, margins).

    ``costs`` replaces some parts' costs (part id -> cost), to preview a cost update.
    Writes nothing. Parts whose price at a level was set by hand are counted, not changed.
    It shows costs and margins: only for whoever may see costs.
    """
    require(actor, Permission.SEE_COSTS)
    return _preview(actor, selection, costs=costs)


def _preview(actor: Actor, selection: Selection, *,
             costs: Mapping[int, Decimal] | None = None) -> Preview:
    """:func:`preview` without the check, for the services' own use (a clerk's receipt moves
    a part's cost and its prices follow)."""
    matrices = pricing_matrix.Matrices(actor)
    with bulk.gc_paused():
        return _compute(selection, matrices, _read(selection, matrices, costs or {}))


def _compute(selection: Selection, matrices: pricing_matrix.Matrices,
             inputs: _Inputs) -> Preview:
    result = Preview(selection, inputs=inputs)
    levels, extra, manual, costs = inputs.levels, inputs.extra, inputs.manual, inputs.costs
    amounts: dict[int, Decimal] = {}  # cents -> amount (parts share costs and prices)

    def amount(cents: int) -> Decimal:
        if cents not in amounts:
            amounts[cents] = from_cents(cents)
        return amounts[cents]

    changes = result.changes
    for part_id, sku, name, category, brand, cost_cents, retail, trade in inputs.rows:
        result.parts += 1
        cost = costs[part_id] if part_id in costs else amount(cost_cents)
        counted = False
        for level, priced in zip(levels, matrices.prices(levels, category, brand, cost),
                                 strict=True):
            if priced is None:
                if not counted and matrices.matrix_for(level, category, brand):
                    result.unpriced += 1
                    counted = True
                continue
            if (part_id, level) in manual:
                result.manual_kept += 1
                continue
            old = (retail if level == "retail" else trade if level == "trade"
                   else extra.get((part_id, level)))
            new, new_cents = priced
            if old != new_cents:
                changes.append(PriceChange(part_id, sku, name, level, cost,
                                           None if old is None else amount(old), new))
    return result


def _many(sql: str, rows: list[tuple]) -> None:
    """One statement for many rows through the driver (peewee would build SQL per batch)."""
    database = db.obj
    if rows:
        database.cursor().executemany(sql.replace("?", database.param), rows)


def write_prices(actor: Actor, changes: Iterable[PriceChange], why: str) -> int:
    """Store the new prices and one audit entry each, through the driver in one pass (inside
    the caller's transaction): thousands of parts are written in well under a second."""
    changes = list(changes)
    if not changes:
        return 0
    names = {lv.code: lv.name for lv in pricing.levels(actor)}
    # new prices are whole cents (round_price); amounts go to the audit text as Decimal text
    cents = {id(c): int(c.new * 100) for c in changes}
    now = utcnow()
    stamp = now if isinstance(db.obj, peewee.PostgresqlDatabase) else now.isoformat(sep=" ")
    for level in ("retail", "trade"):
        _many(f'UPDATE "part" SET "{level}_price" = ?, "version" = "version" + 1 '
              'WHERE "id" = ?',
              [(cents[id(c)], c.part_id) for c in changes if c.level == level])
    extra = [c for c in changes if c.level not in ("retail", "trade")]
    _many('DELETE FROM "part_level_price" WHERE "part_id" = ? AND "level" = ?',
          [(c.part_id, c.level) for c in extra])
    _many('INSERT INTO "part_level_price" ("part_id", "level", "price") VALUES (?, ?, ?)',
          [(c.part_id, c.level, cents[id(c)]) for c in extra])
    entries = audit.chained(  # their links in the audit chain, one pass in Python
        [(now, actor.user_id, actor.username, "price change", "part", str(c.part_id),
          f"{c.sku}: {names.get(c.level, c.level)} price from the markup matrix ({why})",
          # (amounts as text already: what to_json makes of a Decimal, without its fallback)
          audit.to_json({c.level: None if c.old is None else str(c.old),
                         "cost": str(c.cost)}),
          audit.to_json({c.level: str(c.new)}))
         for c in changes])
    _many('INSERT INTO "audit_entry" ("at", "user_id", "username", "action", "entity", '
          '"entity_id", "summary", "before", "after", "chain_seq", "chain_hash") '
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [(stamp, *entry[1:]) for entry in entries])
    touch(Changes.PARTS | Changes.PRICING)  # (the audit entries went in by the driver)
    return len(changes)


def apply(actor: Actor, shown: Preview) -> int:
    """Make exactly the changes of a preview the owner saw; returns how many prices changed.

    Refuses, changing nothing, if prices, costs, manual marks or the matrix changed since.
    """
    require(actor, Permission.CHANGE_PRICES)
    if not shown.changes:
        raise ValidationError("Nothing to change: every price already follows the matrix")
    with writing():
        matrices = pricing_matrix.Matrices(actor)
        inputs = _read(shown.selection, matrices, {})
        # what the preview was made from unchanged: the same changes, without computing them
        # again; else computed again, and refused if any change differs
        if inputs != shown.inputs and _compute(
                shown.selection, matrices, inputs).changes != shown.changes:
            raise ConflictError("Prices, costs or the matrix changed since this preview was "
                                "made; nothing was changed. Preview again.")
        return write_prices(actor, shown.changes, shown.selection.label)


def follow_cost(actor: Actor, part_id: int) -> int:
    """Reprice one part after its average cost changed (a receipt): only the levels where
    it follows a matrix and its price was not set by hand. Runs in the caller's
    transaction; the matrix is the owner's standing rule, so no price right is needed."""
    changes = _preview(actor, Selection(part_ids=(part_id,))).changes
    return write_prices(actor, changes, "new average cost") if changes else 0


# --- manual prices -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ManualRow:
    """A price set by hand, as the owner reviews it."""

    part_id: int
    sku: str
    name: str
    level: str
    price: Decimal | None
    set_by: str


def manual_prices(actor: Actor, category: str = "", brand: str = "",
                  limit: int = 2000) -> list[ManualRow]:
    """Prices set by hand (the matrix leaves them alone), by SKU."""
    query = (ManualPrice.select(ManualPrice.part, Part.sku, Part.name, ManualPrice.level,
                                ManualPrice.set_by, Part.retail_price, Part.trade_price,
                                PartLevelPrice.price)
             .join(Part)
             .join(PartLevelPrice, peewee.JOIN.LEFT_OUTER,
                   on=((PartLevelPrice.part == ManualPrice.part)
                       & (PartLevelPrice.level == ManualPrice.level))))
    if category:
        query = query.where(Part.category == category)
    if brand:
        query = query.where(Part.brand == brand)
    rows = []
    for part_id, sku, name, level, by, retail, trade, extra in (
            query.order_by(Part.sku, ManualPrice.level).limit(limit).tuples()):
        price = {"retail": retail, "trade": trade}.get(level, extra)
        rows.append(ManualRow(part_id, sku, name, level, price, by))
    return rows


def reset_to_matrix(actor: Actor, part_id: int, levels: Iterable[str] | None = None) -> int:
    """The owner puts a part's hand-set prices back under the matrix and reprices it now.

    ``levels`` None: every level. Returns how many prices changed.
    """
    require(actor, Permission.CHANGE_PRICES)
    with writing():
        part = Part.get_or_none(Part.id == part_id)
        if part is None:
            raise ValidationError(f"There is no part #{part_id}")
        query = ManualPrice.delete().where(ManualPrice.part == part_id)
        if levels is not None:
            query = query.where(ManualPrice.level.in_(list(levels)))
        removed = query.execute()
        if removed:
            audit.record(actor, "price reset", "part", part_id,
                         f"{part.sku}: prices set by hand follow the markup matrix again")
        changes = _preview(actor, Selection(part_ids=(part_id,))).changes
        return write_prices(actor, changes, "reset by the owner") if changes else 0
