"""What every check of ``shopdesk check`` shares: :class:`Fault` and the :func:`invariant`
register. Areas register their checks here (``services/<area>/*_checks.py``, listed in
:mod:`shopdesk.services.invariants`); :mod:`shopdesk.services.integrity` runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee


@dataclass(frozen=True)
class Fault:
    """One thing wrong: which check found it and what it is."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


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
