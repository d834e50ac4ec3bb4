"""What every check of ``shopdesk check`` shares: :class:`Fault` and the :func:`invariant`
register. Areas register their checks here (``services/<area>/*_checks.py``, listed in
:mod:`shopdesk.services.invariants`); :mod:`shopdesk.services.integrity` runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP, translate

#: Every check's name as ``shopdesk check`` prints it, marked for translation (a check's
#: ``name`` stays this English key: tests and ``skip`` use it).
NAMES = [
    QT_TRANSLATE_NOOP("Check names", "invoices"),
    QT_TRANSLATE_NOOP("Check names", "customers"),
    QT_TRANSLATE_NOOP("Check names", "vehicles"),
    QT_TRANSLATE_NOOP("Check names", "search"),
    QT_TRANSLATE_NOOP("Check names", "repair orders"),
    QT_TRANSLATE_NOOP("Check names", "cores"),
    QT_TRANSLATE_NOOP("Check names", "comebacks"),
    QT_TRANSLATE_NOOP("Check names", "audit chain"),
    QT_TRANSLATE_NOOP("Check names", "document chain"),
    QT_TRANSLATE_NOOP("Check names", "storage"),
    QT_TRANSLATE_NOOP("Check names", "schema"),
    QT_TRANSLATE_NOOP("Check names", "shop"),
    QT_TRANSLATE_NOOP("Check names", "price levels"),
    QT_TRANSLATE_NOOP("Check names", "markup matrix"),
    QT_TRANSLATE_NOOP("Check names", "supplier catalogue"),
    QT_TRANSLATE_NOOP("Check names", "stock"),
    QT_TRANSLATE_NOOP("Check names", "stock-takes"),
    QT_TRANSLATE_NOOP("Check names", "stock months"),
    QT_TRANSLATE_NOOP("Check names", "purchasing"),
    QT_TRANSLATE_NOOP("Check names", "repair-order returns"),
]


@dataclass(frozen=True)
class Fault:
    """One thing wrong: which check found it and what it is."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"

    def shown(self) -> str:
        """The fault as a person reads it, in the language in use (the check's name too)."""
        return translate("Check", "{name}: {message}").format(
            name=translate("Check names", self.check), message=self.message)


Check = Callable[[peewee.Database], Iterable[Fault]]
_CHECKS: list[tuple[str, Check]] = []


def invariant(name: str) -> Callable[[Check], Check]:
    """Register a check under ``name`` (decorator)."""
    def register(fn: Check) -> Check:
        _CHECKS.append((name, fn))
        return fn
    return register


def registered() -> list[tuple[str, Check]]:
    """Every registered check with its name, in the order they were registered."""
    return list(_CHECKS)
