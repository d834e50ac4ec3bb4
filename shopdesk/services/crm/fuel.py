"""A vehicle's fuel type: a fixed choice, its labels, and the one normaliser that turns what
shops type or import ("Gas", "EV", "PHEV", 汽油, 纯电 …) into it.

Stored as the :class:`Fuel` value ("" when unknown). A maintenance package names the fuels it
is for as a comma-separated set (:func:`fuel_set_text`; "" = any fuel).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from functools import cache

from shopdesk.errors import ValidationError
from shopdesk.i18n import LANGUAGES, QT_TRANSLATE_NOOP, translate


class Fuel(StrEnum):
    """The fuel types a vehicle can have; ``UNKNOWN`` is stored as ""."""

    UNKNOWN = ""
    PETROL = "petrol"
    DIESEL = "diesel"
    HYBRID = "hybrid"
    PLUG_IN_HYBRID = "plug-in hybrid"
    ELECTRIC = "electric"


# every stored value, in the order a form offers them (unknown first)
FUELS: tuple[str, ...] = tuple(f.value for f in Fuel)
# the fuels a package can be restricted to (all but unknown)
KNOWN_FUELS: tuple[str, ...] = FUELS[1:]

# as a person reads it (marked, untranslated: ``translate("Labels", LABELS[f])``)
LABELS: dict[str, str] = {
    Fuel.UNKNOWN: QT_TRANSLATE_NOOP("Labels", "Unknown"),
    Fuel.PETROL: QT_TRANSLATE_NOOP("Labels", "Petrol"),
    Fuel.DIESEL: QT_TRANSLATE_NOOP("Labels", "Diesel"),
    Fuel.HYBRID: QT_TRANSLATE_NOOP("Labels", "Hybrid"),
    Fuel.PLUG_IN_HYBRID: QT_TRANSLATE_NOOP("Labels", "Plug-in hybrid"),
    Fuel.ELECTRIC: QT_TRANSLATE_NOOP("Labels", "Electric"),
}

# What shops type or import, compared without case, spaces, dashes, dots or slashes. LPG and
# CNG cars are petrol engines converted (oil, spark plugs): serviced as petrol cars.
_WORDS: dict[str, tuple[str, ...]] = {
    Fuel.UNKNOWN: ("unknown", "n/a", "na", "-", "?", "none", "未知", "不详"),
    Fuel.PETROL: ("petrol", "gas", "gasoline", "benzin", "benzine", "essence", "unleaded",
                  "ulp", "lpg", "cng", "autogas", "petrol car",
                  "汽油", "汽油车", "燃油车"),
    Fuel.DIESEL: ("diesel", "gasoil", "diesel car", "柴油", "柴油车"),
    Fuel.HYBRID: ("hybrid", "hev", "full hybrid", "mild hybrid", "mhev", "self-charging hybrid",
                  "混动", "油电混合", "油电混动", "混合动力", "油电"),
    Fuel.PLUG_IN_HYBRID: ("plug-in hybrid", "plugin hybrid", "plug-in", "plugin", "phev",
                          "erev", "range extender", "插电混动", "插电式混合动力", "插混",
                          "插电", "增程", "增程式"),
    Fuel.ELECTRIC: ("electric", "ev", "bev", "battery electric", "elektro", "electrique",
                    "électrique", "纯电", "纯电动", "电动", "电动车", "电车"),
}
_IGNORED = re.compile(r"[\s\-_./]+")


def _key(text: str) -> str:
    return _IGNORED.sub("", text.casefold()) or ("-" if text.strip() else "")


@cache
def _lookup() -> dict[str, str]:
    """normalised word -> fuel: the words above, the stored values, and the labels in every
    shipped language (what ShopDesk's own exports write reads back)."""
    found: dict[str, str] = {}
    for fuel in Fuel:
        words = [fuel.value, LABELS[fuel], *_WORDS[fuel]]
        words += [translate("Labels", LABELS[fuel], code) for code in LANGUAGES if code != "en"]
        for word in words:
            found.setdefault(_key(word), fuel.value)
    found[""] = Fuel.UNKNOWN.value
    return found


def fuel_of(text: str | None) -> str | None:
    """The fuel ``text`` means ("" when it says none or unknown), or None when it is a word
    this does not know."""
    return _lookup().get(_key(text or ""))


def normalise(text: str | None, field: str = "fuel") -> str:
    """The fuel ``text`` means, as stored; a word it does not know is refused, naming the
    choices (the refusal points at ``field``)."""
    fuel = fuel_of(text)
    if fuel is None:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "'{text}' is not a fuel type: choose petrol, diesel, hybrid, plug-in "
                      "hybrid or electric, or leave it empty when unknown"),
            {field: QT_TRANSLATE_NOOP("Errors", "Not a fuel type")}, text=(text or "").strip())
    return fuel


def label(fuel: str) -> str:
    """The fuel's label in the language in use."""
    return translate("Labels", LABELS[Fuel(fuel)])


def fuel_set(stored: str | None) -> frozenset[str]:
    """The fuels of a stored set ("petrol,diesel"); empty: any fuel."""
    return frozenset(p for p in (stored or "").split(",") if p)


def fuel_set_text(fuels: str | Iterable[str] | None, field: str = "fuel_types") -> str:
    """A set of fuels as stored: the known fuels named (each normalised; "" and unknown
    words refused), comma-separated in the choices' order; "" when none (any fuel).
    ``fuels`` is a list or one comma-separated text ("petrol, diesel")."""
    if fuels is None:
        return ""
    items = fuels.split(",") if isinstance(fuels, str) else list(fuels)
    chosen = {normalise(item, field) for item in items if item.strip()}
    if "" in chosen:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "Errors", "A package is for named fuel types: leave the fuel types empty for any "
                      "fuel"), {field: QT_TRANSLATE_NOOP("Errors", "Not a fuel type")})
    return ",".join(f for f in KNOWN_FUELS if f in chosen)
