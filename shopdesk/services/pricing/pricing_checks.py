"""``shopdesk check`` for pricing: every price level in use exists, every markup matrix covers
all costs without gaps or overlaps and never marks below cost, and catalogue costs are sane."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.customers import Customer
from shopdesk.models.pricing import CatalogueLine, ManualPrice, PartLevelPrice, PriceLevel
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
    for matrix in pricing_matrix.all_matrices():
        rows = [(b.cost_from, "" if b.cost_to is None else b.cost_to, b.markup)
                for b in matrix.bands]
        try:
            pricing_matrix.check_bands(rows)
        except ValidationError as exc:
            yield Fault("markup matrix", f"{matrix.level}, {matrix.label}: {exc.translated()}")


@invariant("supplier catalogue")
def _catalogue_costs_are_positive(db: peewee.Database) -> Iterable[Fault]:
    bad = (CatalogueLine.select(CatalogueLine.supplier_sku)
           .where((CatalogueLine.cost <= 0) | (CatalogueLine.pack_size <= 0)).limit(20))
    for (number,) in bad.tuples():
        yield Fault("supplier catalogue", translate(
            "Checks", "catalogue line {number} has no cost or pack size").format(number=number))
