"""Price levels and part prices: which levels the shop sells at, a part's price at a level,
prices set by hand (manual) and the price-rounding rule.

Retail and trade prices live on the part (``retail_price``, ``trade_price``); other levels in
:class:`PartLevelPrice`. A level without its own price for a part sells at retail (as trade
always has). A price set by hand is marked manual so the markup matrix leaves it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.parts import Part
from shopdesk.models.pricing import (
    BUILT_IN_LEVELS,
    PRICING_SETTINGS_ID,
    ManualPrice,
    MarkupBand,
    PartLevelPrice,
    PriceLevel,
    PricingSettings,
)
from shopdesk.money import round_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.amounts import parse_money

DEFAULT_LEVEL = "retail"
#: The price-rounding rules: key -> what the owner reads.
ROUNDING_RULES = {
    "cent": "To the cent (12.34)",
    "0.05": "To the nearest 0.05 (12.35)",
    "0.99": "To a price ending in .99 (12.99)",
    "whole": "To the nearest whole unit (12.00)",
}
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
_FIELD = {"retail": "retail_price", "trade": "trade_price"}


@dataclass(frozen=True)
class Level:
    """A price level as the screens show it."""

    code: str
    name: str


# the built-in levels' names as a new shop stores them (m0008): shown in the language in use
# until the owner renames them
BUILT_IN_NAMES = {"retail": QT_TRANSLATE_NOOP("Labels", "Retail"),
                  "trade": QT_TRANSLATE_NOOP("Labels", "Trade")}


def _shown(code: str, name: str) -> str:
    """A level's name as a person reads it: a built-in level's stored English default in the
    language in use (the screen's, or the documents' while printing), else as the owner
    named it."""
    return translate("Labels", name) if BUILT_IN_NAMES.get(code) == name else name


def levels(actor: Actor) -> list[Level]:
    """The shop's price levels, in the order the owner gave them (retail first)."""
    return _levels()


def _levels() -> list[Level]:
    return [Level(code, _shown(code, name)) for code, name in
            PriceLevel.select(PriceLevel.code, PriceLevel.name)
            .order_by(PriceLevel.position, PriceLevel.id).tuples()]


def level_codes() -> list[str]:
    """The codes of the shop's price levels."""
    return [level.code for level in _levels()]


def level_name(actor: Actor, code: str) -> str:
    """What a level is called ("Fleet"); the code itself if it is unknown."""
    row = PriceLevel.get_or_none(PriceLevel.code == code)
    return _shown(code, row.name) if row else code


def check_level(actor: Actor, code: str) -> str:
    """``code`` if it is one of the shop's levels, else a ValidationError naming them."""
    code = (code or "").strip().lower()
    codes = level_codes()
    if code not in codes:
        raise ValidationError(f"There is no price level {code!r}; the shop has "
                              f"{', '.join(codes)}", {"price_level": "Unknown level"})
    return code


def add_level(actor: Actor, name: str, code: str = "") -> Level:
    """A new price level (e.g. "Fleet"); its code is the name in lower case unless given."""
    require(actor, Permission.CHANGE_PRICES)
    name = name.strip()
    if not name:
        raise ValidationError("Name the price level", {"name": "Needed"})
    code = (code or re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")).strip()
    if not _CODE.match(code):
        raise ValidationError(f"A level code is 1-20 lower-case letters, digits or _, not "
                              f"{code!r}", {"code": "Letters, digits, _"})
    with db.atomic():
        if PriceLevel.select().where((PriceLevel.code == code)
                                     | (PriceLevel.name == name)).exists():
            raise ValidationError(f"There is already a price level {name!r}",
                                  {"name": "In use"})
        last = PriceLevel.select(PriceLevel.position).order_by(
            PriceLevel.position.desc()).scalar() or 0
        PriceLevel.create(code=code, name=name, position=last + 1)
        audit.record(actor, "create", "price level", code, f"Price level {name} ({code})")
    return Level(code, name)


def rename_level(actor: Actor, code: str, name: str) -> None:
    """Call a level something else (its code stays, so customers and invoices keep it)."""
    require(actor, Permission.CHANGE_PRICES)
    name = name.strip()
    if not name:
        raise ValidationError("Name the price level", {"name": "Needed"})
    with db.atomic():
        code = check_level(actor, code)
        if PriceLevel.select().where((PriceLevel.name == name)
                                     & (PriceLevel.code != code)).exists():
            raise ValidationError(f"There is already a price level {name!r}",
                                  {"name": "In use"})
        old = level_name(actor, code)
        PriceLevel.update(name=name).where(PriceLevel.code == code).execute()
        audit.record(actor, "update", "price level", code, f"Price level {code}: {old} -> "
                     f"{name}", {"name": old}, {"name": name})


def remove_level(actor: Actor, code: str) -> None:
    """Remove a level no customer uses (retail and trade always stay)."""
    require(actor, Permission.CHANGE_PRICES)
    with db.atomic():
        code = check_level(actor, code)
        if code in BUILT_IN_LEVELS:
            raise ValidationError(f"The {level_name(actor, code).lower()} level is built in and "
                                  "stays")
        users = Customer.select().where(Customer.price_level == code).count()
        if users:
            raise ValidationError(f"{users} customer(s) buy at {level_name(actor, code)}; move "
                                  "them to another level first")
        PartLevelPrice.delete().where(PartLevelPrice.level == code).execute()
        ManualPrice.delete().where(ManualPrice.level == code).execute()
        MarkupBand.delete().where(MarkupBand.level == code).execute()
        PriceLevel.delete().where(PriceLevel.code == code).execute()
        audit.record(actor, "delete", "price level", code, f"Price level {code} removed")


# --- a part's prices -------------------------------------------------------------------------
def _stored_price(part: Part, level: str) -> Decimal | None:
    """The part's own price at ``level`` (None: it has none and sells at retail)."""
    if level in _FIELD:
        return getattr(part, _FIELD[level])
    row = PartLevelPrice.get_or_none((PartLevelPrice.part == part.id)
                                     & (PartLevelPrice.level == level))
    return row.price if row else None


def price_for(actor: Actor, part: Part, level: str) -> Decimal:
    """What the part sells for at ``level``: its price there, else its retail price."""
    if level == "retail":
        return part.retail_price
    price = _stored_price(part, level)
    return price if price else part.retail_price


def level_of_customer(actor: Actor, customer_id: int | None) -> str:
    """The customer's price level (the cash customer buys at retail)."""
    if customer_id is None:
        return DEFAULT_LEVEL
    level = Customer.select(Customer.price_level).where(Customer.id == customer_id).scalar()
    return level or DEFAULT_LEVEL


def prices_of(actor: Actor, part_id: int) -> dict[str, Decimal | None]:
    """Every level's own price of a part (None where it sells at retail)."""
    part = Part.get_or_none(Part.id == part_id)
    if part is None:
        raise NotFoundError(f"There is no part #{part_id}")
    extra = dict(PartLevelPrice.select(PartLevelPrice.level, PartLevelPrice.price)
                 .where(PartLevelPrice.part == part_id).tuples())
    result: dict[str, Decimal | None] = {}
    for code in level_codes():
        if code in _FIELD:
            result[code] = getattr(part, _FIELD[code])
        else:
            result[code] = extra.get(code)
    return result


def manual_levels(actor: Actor, part_id: int) -> set[str]:
    """The levels at which this part's price was set by hand."""
    return {lv for (lv,) in ManualPrice.select(ManualPrice.level)
            .where(ManualPrice.part == part_id).tuples()}


def mark_manual(actor: Actor, part_id: int, levels_: Iterable[str]) -> None:
    """Mark the part's prices at these levels as set by hand (inside the caller's
    transaction); the matrix will leave them alone."""
    have = manual_levels(actor, part_id)
    rows = [{"part": part_id, "level": lv, "set_by": actor.username, "set_at": utcnow()}
            for lv in set(levels_) - have]
    if rows:
        ManualPrice.insert_many(rows).execute()


def _write_price(part_id: int, level: str, price: Decimal) -> None:
    """Store the part's price at a level (no checks, no audit: the caller does both)."""
    if level in _FIELD:
        Part.update({getattr(Part, _FIELD[level]): price, Part.version: Part.version + 1}
                    ).where(Part.id == part_id).execute()
        return
    updated = (PartLevelPrice.update(price=price)
               .where((PartLevelPrice.part == part_id) & (PartLevelPrice.level == level))
               .execute())
    if not updated:
        PartLevelPrice.create(part=part_id, level=level, price=price)


def set_price(actor: Actor, part_id: int, level: str, price: object) -> Decimal:
    """Set a part's price at a level by hand (it becomes manual); audited."""
    require(actor, Permission.CHANGE_PRICES)
    amount = parse_money(price, "Price")
    if amount < 0:
        raise ValidationError("A price cannot be negative", {"price": "Not negative"})
    with db.atomic():
        level = check_level(actor, level)
        part = Part.get_or_none(Part.id == part_id)
        if part is None:
            raise NotFoundError(f"There is no part #{part_id}")
        old = _stored_price(part, level)
        _write_price(part_id, level, amount)
        mark_manual(actor, part_id, [level])
        audit.record(actor, "price change", "part", part_id,
                     f"{part.sku}: {level_name(actor, level)} price set by hand",
                     {level: old}, {level: amount})
    return amount


# --- rounding ---------------------------------------------------------------------------------
def rounding_rule(actor: Actor) -> str:
    """The shop's price-rounding rule (a key of :data:`ROUNDING_RULES`)."""
    row = PricingSettings.get_or_none(PricingSettings.id == PRICING_SETTINGS_ID)
    return row.rounding if row else "cent"


def rounding_version(actor: Actor) -> int:
    """The version of the pricing settings (what a settings page shows, to pass back)."""
    row = PricingSettings.get_or_none(PricingSettings.id == PRICING_SETTINGS_ID)
    return row.version if row else 0


def set_rounding_rule(actor: Actor, rule: str, *, version: int | None = None) -> None:
    """Choose how matrix prices are rounded. ``version``: the one the page showed
    (:func:`rounding_version`); a rule another PC saved since is refused, nothing written."""
    require(actor, Permission.CHANGE_PRICES)
    if rule not in ROUNDING_RULES:
        raise ValidationError(f"Price rounding must be one of {', '.join(ROUNDING_RULES)}",
                              {"rounding": "Unknown rule"})
    with db.atomic():
        old = rounding_rule(actor)
        query = PricingSettings.update(rounding=rule, version=PricingSettings.version + 1
                                       ).where(PricingSettings.id == PRICING_SETTINGS_ID)
        if version:
            query = query.where(PricingSettings.version == version)
        if not query.execute():
            if version and PricingSettings.get_or_none(
                    PricingSettings.id == PRICING_SETTINGS_ID) is not None:
                raise PricingSettings.conflict()
            PricingSettings.create(id=PRICING_SETTINGS_ID, rounding=rule)
        audit.record(actor, "update", "pricing", "rounding", f"Price rounding: {rule}",
                     {"rounding": old}, {"rounding": rule})


def round_price(value: Decimal, rule: str, floor: Decimal | None = None) -> Decimal:
    """A computed price rounded by the shop's rule, never below ``floor`` (the cost).

    * ``cent``: half up to the cent;
    * ``0.05``: half up to the nearest 0.05;
    * ``0.99``: the nearest price ending in .99 (a tie goes up; never below 0.99);
    * ``whole``: half up to a whole unit (never below 1.00).

    When rounding would take the price below ``floor``, the next price step up is used.
    """
    steps = {"0.05": Decimal("0.05"), "whole": Decimal("1"), "0.99": Decimal("1")}
    if rule == "cent" or rule not in steps:
        price = round_money(value)
        step = Decimal("0.01")
    else:
        step = steps[rule]
        shift = Decimal("0.01") if rule == "0.99" else Decimal(0)
        units = ((value + shift) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        units = max(units, Decimal(1))
        price = round_money(units * step - shift)
    if floor is not None and price < floor:
        if rule == "cent" or rule not in steps:
            price = round_money(floor)
        else:
            shift = Decimal("0.01") if rule == "0.99" else Decimal(0)
            units = ((floor + shift) / step).quantize(Decimal(1), rounding=ROUND_CEILING)
            price = round_money(units * step - shift)
    return price
