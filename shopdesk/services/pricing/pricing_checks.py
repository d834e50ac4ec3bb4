"""``shopdesk check`` for pricing: every price level in use exists, every markup matrix covers
all costs without gaps or overlaps and never marks below cost, and catalogue costs are sane."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.customers import Customer
from shopdesk.models.pricing import (
    CatalogueLine,
    ManualPrice,
    MarkupBand,
    PartLevelPrice,
    PriceLevel,
)
from shopdesk.services.faults import Fault, invariant
from shopdesk.services.pricing import pricing_matrix


@invariant("price levels")
def _levels_in_use_exist(db: peewee.Database) -> Iterable[Fault]:
    known = PriceLevel.select(PriceLevel.code)
    for model, what in (
            (Customer, QT_TRANSLATE_NOOP("Checks", "{count} customer(s) buy at price level "
                                                   "{level}, which does not exist")),
            (PartLevelPrice, QT_TRANSLATE_NOOP("Checks", "{count} part price(s) are at price "
                                                         "level {level}, which does not "
                                                         "exist")),
            (ManualPrice, QT_TRANSLATE_NOOP("Checks", "{count} manual mark(s) are at price "
                                                      "level {level}, which does not exist"))):
        rows = (model.select(model.price_level if model is Customer else model.level,
                             peewee.fn.COUNT(model.id))
                .where((model.price_level if model is Customer else model.level).not_in(known))
                .group_by(model.price_level if model is Customer else model.level).tuples())
        for level, count in rows:
            yield Fault("price levels", translate("Checks", what).format(count=count,
                                                                         level=repr(level)))


@invariant("markup matrix")
def _matrices_are_whole(db: peewee.Database) -> Iterable[Fault]:
    grouped: dict[tuple[str, str, str], list[tuple]] = {}
    for r in MarkupBand.select().order_by(MarkupBand.level, MarkupBand.scope,
                                          MarkupBand.scope_value, MarkupBand.cost_from):
        grouped.setdefault((r.level, r.scope, r.scope_value), []).append(
            (r.cost_from, "" if r.cost_to is None else r.cost_to, r.markup))
    for (level, scope, scope_value), rows in grouped.items():
        try:
            pricing_matrix.check_bands(rows)
        except ValidationError as exc:
            label = pricing_matrix.Matrix(level, scope, scope_value, ()).label
            yield Fault("markup matrix", f"{level}, {label}: {exc.translated()}")


@invariant("supplier catalogue")
def _catalogue_costs_are_positive(db: peewee.Database) -> Iterable[Fault]:
    bad = (CatalogueLine.select(CatalogueLine.supplier_sku)
           .where((CatalogueLine.cost <= 0) | (CatalogueLine.pack_size <= 0)).limit(20))
    for (number,) in bad.tuples():
        yield Fault("supplier catalogue", translate(
            "Checks", "catalogue line {number} has no cost or pack size").format(number=number))
