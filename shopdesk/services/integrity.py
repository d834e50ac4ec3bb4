"""``shopdesk check``: the database engine's own check plus the shop's invariants.

Each area registers its invariants with :func:`shopdesk.services.faults.invariant` (stock
cache = ledger, invoice numbers gapless, ...), in modules listed in
:mod:`shopdesk.services.invariants`. A check returns the faults it found, each in plain words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

import peewee

from shopdesk.i18n import translate
from shopdesk.services import invariants  # noqa: F401 (registers every area's checks)
from shopdesk.services.faults import Fault, registered

__all__ = ["Fault", "check_names", "run_checks"]


def check_names() -> list[str]:
    """The names of every registered check, in the order they run."""
    return [name for name, _ in registered()]


def run_checks(db: peewee.Database, *, skip: Collection[str] = ()) -> list[Fault]:
    """Run every check (but those named in ``skip``); an exception inside a check is itself
    reported as a fault."""
    faults: list[Fault] = []
    for name, fn in registered():
        if name in skip:
            continue
        try:
            faults.extend(fn(db))
        except (peewee.PeeweeException, sqlite3.DatabaseError) as exc:
            faults.append(Fault(name, translate("Checks", "could not run: {problem}").format(
                problem=exc)))
    return faults
