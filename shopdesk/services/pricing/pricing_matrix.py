"""The markup matrix: sell price = cost x markup, the markup chosen by cost band.

A matrix is the bands of one price level and one scope: shop-wide, one category or one brand.
A part follows, for each level, its category's matrix if there is one, else its brand's, else
the shop-wide one; a level with none of these leaves the part's price alone. The price is
cost x (100 + markup) / 100, rounded by the shop's rule (:func:`pricing.round_price`) and
never below cost.

Bands run from ``cost_from`` up to (not including) ``cost_to``; the first starts at 0.00 and
the last has no upper end, so every cost falls in exactly one band. A markup below 0 % (a
multiplier below 1) would sell below cost and is refused; so are gaps and overlaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from shopdesk.errors import ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.pricing import MarkupBand
from shopdesk.money import MoneyError, to_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.pricing import pricing

SCOPES = {"": "Shop-wide", "category": "Category", "brand": "Brand"}
MAX_MARKUP = Decimal(10000)  # percent: a 101x multiplier is a typing mistake


@dataclass(frozen=True)
class Band:
    """One row of a matrix: costs from ``cost_from`` up to ``cost_to`` (None: no end)."""

    cost_from: Decimal
    cost_to: Decimal | None
    markup: Decimal  # percent

    @property
    def multiplier(self) -> Decimal:
        """The markup as a multiplier of cost (40 % -> 1.4)."""
        return (Decimal(100) + self.markup) / Decimal(100)


@dataclass(frozen=True)
class Matrix:
    """The bands of one level and scope, lowest cost first."""

    level: str
    scope: str
    scope_value: str
    bands: tuple[Band, ...]

    def band_for(self, cost: Decimal) -> Band | None:
        """The band a cost falls in."""
        for band in self.bands:
            if band.cost_from <= cost and (band.cost_to is None or cost < band.cost_to):
                return band
        return None

    @property
    def label(self) -> str:
        """"Shop-wide", "Category Brakes", "Brand Bosch"."""
        return SCOPES[self.scope] + (f" {self.scope_value}" if self.scope else "")


def parse_markup(text: object) -> Decimal:
    """A markup typed as a percent ("40", "40%") or a multiplier ("x1.4", "1.4x") -> percent.

    Refuses (ValidationError) anything that would sell below cost.
    """
    raw = str(text).strip().lower().replace(" ", "").replace(",", ".")
    multiplier = raw.startswith(("x", "×")) or raw.endswith(("x", "×"))
    number = raw.strip("x×%")
    try:
        value = Decimal(number)
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(f"Markup {text!r} is not a number: give a percent (40) or a "
                              "multiplier (x1.4)", {"markup": "Not a number"}) from None
    if multiplier:
        if value < 1:
            raise ValidationError(f"A multiplier of {value} would sell below cost; it must be "
                                  "1 or more", {"markup": "Below cost"})
        value = (value - 1) * 100
    if value < 0:
        raise ValidationError(f"A markup of {value}% would sell below cost; it must be 0% or "
                              "more", {"markup": "Below cost"})
    if value > MAX_MARKUP:
        raise ValidationError(f"A markup of {value}% is not believable", {"markup": "Too large"})
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError("A markup has at most three decimals", {"markup": "3 decimals"})
    return value.quantize(Decimal("0.001"))


def _cost(value: object, what: str) -> Decimal:
    try:
        return to_money(value)  # type: ignore[arg-type]
    except MoneyError:
        raise ValidationError(f"{what} {value!r} is not an amount of money",
                              {"cost": "Not an amount"}) from None


def check_bands(rows: Sequence[tuple[object, object, object]]) -> tuple[Band, ...]:
    """Validate typed bands (cost from, cost to or "" for no end, markup); refuses gaps,
    overlaps, a first band not starting at 0 and a last band with an end."""
    if not rows:
        raise ValidationError("A matrix needs at least one band")
    bands = []
    for number, (low, high, markup) in enumerate(rows, start=1):
        cost_from = _cost(low, f"Band {number}: cost from")
        cost_to = None if high in (None, "") else _cost(high, f"Band {number}: cost to")
        if cost_from < 0:
            raise ValidationError(f"Band {number} starts below zero", {"cost": "Not negative"})
        if cost_to is not None and cost_to <= cost_from:
            raise ValidationError(f"Band {number} ends ({cost_to}) at or before it starts "
                                  f"({cost_from})", {"cost": "End after start"})
        try:
            pct = parse_markup(markup)
        except ValidationError as exc:
            raise ValidationError(f"Band {number}: {exc}", exc.fields) from None
        bands.append(Band(cost_from, cost_to, pct))
    bands.sort(key=lambda b: b.cost_from)
    if bands[0].cost_from != 0:
        raise ValidationError(f"The first band must start at 0.00 (costs below "
                              f"{bands[0].cost_from} would have no markup)",
                              {"cost": "Gap at the start"})
    for before, after in pairwise(bands):
        if before.cost_to is None or before.cost_to > after.cost_from:
            raise ValidationError(f"Bands overlap: {_range(before)} and {_range(after)}",
                                  {"cost": "Overlap"})
        if before.cost_to < after.cost_from:
            raise ValidationError(f"Gap between bands: costs from {before.cost_to} to "
                                  f"{after.cost_from} fall in no band", {"cost": "Gap"})
    if bands[-1].cost_to is not None:
        raise ValidationError(f"The last band must have no upper end (costs of "
                              f"{bands[-1].cost_to} and more would have no markup)",
                              {"cost": "Gap at the end"})
    return tuple(bands)


def _range(band: Band) -> str:
    return f"{band.cost_from}–{band.cost_to if band.cost_to is not None else '…'}"


def _check_scope(scope: str, scope_value: str) -> tuple[str, str]:
    if scope not in SCOPES:
        raise ValidationError("A matrix is shop-wide, for a category or for a brand")
    scope_value = scope_value.strip() if scope else ""
    if scope and not scope_value:
        raise ValidationError(f"Name the {scope} this matrix is for", {"scope_value": "Needed"})
    return scope, scope_value


def set_matrix(actor: Actor, level: str, rows: Sequence[tuple[object, object, object]], *,
               scope: str = "", scope_value: str = "") -> Matrix:
    """Replace the matrix of a level and scope with these bands (validated first);
    audited. Prices change only when repriced (or on the next receipt)."""
    require(actor, Permission.CHANGE_PRICES)
    scope, scope_value = _check_scope(scope, scope_value)
    bands = check_bands(rows)
    with db.atomic():
        level = pricing.check_level(actor, level)
        before = get_matrix(actor, level, scope, scope_value)
        _where(level, scope, scope_value, MarkupBand.delete()).execute()
        MarkupBand.insert_many([
            {"level": level, "scope": scope, "scope_value": scope_value,
             "cost_from": b.cost_from, "cost_to": b.cost_to, "markup": b.markup}
            for b in bands]).execute()
        matrix = Matrix(level, scope, scope_value, bands)
        audit.record(actor, "update", "markup matrix", f"{level}/{scope}/{scope_value}",
                     f"Markup matrix {pricing.level_name(actor, level)}, {matrix.label}",
                     _audit(before), _audit(matrix))
    return matrix


def remove_matrix(actor: Actor, level: str, *, scope: str = "", scope_value: str = "") -> None:
    """Delete a matrix: the parts it priced keep their prices and follow the next one."""
    require(actor, Permission.CHANGE_PRICES)
    scope, scope_value = _check_scope(scope, scope_value)
    with db.atomic():
        before = get_matrix(actor, level, scope, scope_value)
        _where(level, scope, scope_value, MarkupBand.delete()).execute()
        audit.record(actor, "delete", "markup matrix", f"{level}/{scope}/{scope_value}",
                     f"Markup matrix {level}, {SCOPES[scope]} {scope_value} removed",
                     _audit(before), None)


def _audit(matrix: Matrix | None) -> dict | None:
    if matrix is None:
        return None
    return {"bands": [[str(b.cost_from), str(b.cost_to or ""), str(b.markup)]
                      for b in matrix.bands]}


def _where(level: str, scope: str, scope_value: str, query):  # type: ignore[no-untyped-def]
    return query.where((MarkupBand.level == level) & (MarkupBand.scope == scope)
                       & (MarkupBand.scope_value == scope_value))


def get_matrix(actor: Actor, level: str, scope: str = "",
               scope_value: str = "") -> Matrix | None:
    """The matrix of one level and scope, or None: its markups are margins, so only for
    whoever may see costs."""
    require(actor, Permission.SEE_COSTS)
    rows = list(_where(level, scope, scope_value, MarkupBand.select())
                .order_by(MarkupBand.cost_from))
    if not rows:
        return None
    return Matrix(level, scope, scope_value,
                  tuple(Band(r.cost_from, r.cost_to, r.markup) for r in rows))


def all_matrices(actor: Actor) -> list[Matrix]:
    """Every matrix, by level, then shop-wide, categories, brands: their markups are margins,
    so only for whoever may see costs."""
    require(actor, Permission.SEE_COSTS)
    return _all_matrices()


def _all_matrices() -> list[Matrix]:
    grouped: dict[tuple[str, str, str], list[Band]] = {}
    for r in MarkupBand.select().order_by(MarkupBand.level, MarkupBand.scope,
                                          MarkupBand.scope_value, MarkupBand.cost_from):
        grouped.setdefault((r.level, r.scope, r.scope_value), []).append(
            Band(r.cost_from, r.cost_to, r.markup))
    order = {code: i for i, code in enumerate(pricing.level_codes())}
    scope_order = {"": 0, "category": 1, "brand": 2}
    return sorted((Matrix(lv, sc, sv, tuple(b)) for (lv, sc, sv), b in grouped.items()),
                  key=lambda m: (order.get(m.level, 99), scope_order[m.scope], m.scope_value))


_UNKNOWN = object()


class Matrices:
    """Every matrix in memory, to price many parts quickly."""

    def __init__(self, actor: Actor) -> None:
        self.by_key = {(m.level, m.scope, m.scope_value): m for m in _all_matrices()}
        self.rule = pricing.rounding_rule(actor)
        self._chosen: dict[tuple[str, str, str], Matrix | None] = {}
        self._factors: dict[Band, Decimal] = {}
        self._prices: dict[tuple[int, Decimal], Decimal | None] = {}
        self._scopes: dict[tuple[str, str], tuple[list[str], list[Matrix | None]]] = {}
        self._priced: dict[tuple[int, Decimal], object] = {}

    def matrix_for(self, level: str, category: str, brand: str) -> Matrix | None:
        """The matrix a part of this category and brand follows at ``level``."""
        key = (level, category, brand)
        if key not in self._chosen:
            self._chosen[key] = (
                (self.by_key.get((level, "category", category)) if category else None)
                or (self.by_key.get((level, "brand", brand)) if brand else None)
                or self.by_key.get((level, "", "")))
        return self._chosen[key]

    def price(self, level: str, category: str, brand: str, cost: Decimal) -> Decimal | None:
        """The matrix price of a part at ``level`` (None: no matrix, or no cost to mark up)."""
        if cost is None or cost <= 0:
            return None
        matrix = self._chosen.get((level, category, brand), _UNKNOWN)
        if matrix is _UNKNOWN:
            matrix = self.matrix_for(level, category, brand)
        if matrix is None:
            return None
        key = (id(matrix), cost)  # (the matrices live as long as this object)
        if key in self._prices:  # parts share costs
            return self._prices[key]
        band = matrix.band_for(cost)
        price = None
        if band is not None:
            factor = self._factors.get(band)
            if factor is None:
                factor = self._factors[band] = band.multiplier
            price = pricing.round_price(cost * factor, self.rule, floor=cost)
        self._prices[key] = price
        return price


    def prices(self, levels: list[str], category: str, brand: str, cost: Decimal
               ) -> list[tuple[Decimal, int] | None]:
        """:meth:`price` at each level, with it in cents: (price, cents), None where there
        is none (the matrices of a category and brand found once, each price remembered
        per matrix and cost)."""
        if cost is None or cost <= 0:
            return [None] * len(levels)
        scope = self._scopes.get((category, brand))
        if scope is None or scope[0] != levels:
            scope = self._scopes[category, brand] = (
                list(levels), [self.matrix_for(level, category, brand) for level in levels])
        found: list[tuple[Decimal, int] | None] = []
        known = self._priced
        for matrix in scope[1]:
            if matrix is None:
                found.append(None)
                continue
            key = (id(matrix), cost)
            priced = known.get(key, _UNKNOWN)
            if priced is _UNKNOWN:
                band = matrix.band_for(cost)
                if band is None:
                    priced = None
                else:
                    factor = self._factors.get(band)
                    if factor is None:
                        factor = self._factors[band] = band.multiplier
                    price = pricing.round_price(cost * factor, self.rule, floor=cost)
                    priced = (price, int(price * 100))
                known[key] = priced
            found.append(priced)
        return found


def margin_percent(price: Decimal | None, cost: Decimal | None) -> Decimal | None:
    """Gross margin of a price over its cost, in percent of the price (one decimal)."""
    if not price or cost is None or price <= 0:
        return None
    return ((price - cost) * 100 / price).quantize(Decimal("0.1"))
