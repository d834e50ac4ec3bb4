"""``shopdesk check``: the database engine's own check plus the shop's invariants.

Each area registers its invariants with :func:`invariant` (stock cache = ledger, invoice
numbers gapless, ...). A check returns the faults it found, each in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee

from shopdesk import migrations
from shopdesk.models.settings import ShopSettings, TaxRate
from shopdesk.models.users import Role, User


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


def check_names() -> list[str]:
    """The names of every registered check, in the order they run."""
    return [name for name, _ in _CHECKS]


def run_checks(db: peewee.Database) -> list[Fault]:
    """Run every check; an exception inside a check is itself reported as a fault."""
    import shopdesk.services.invariants  # noqa: F401 (registers each area's checks)

    faults: list[Fault] = []
    for name, fn in _CHECKS:
        try:
            faults.extend(fn(db))
        except peewee.PeeweeException as exc:
            faults.append(Fault(name, f"could not run: {exc}"))
    return faults


@invariant("storage")
def _storage(db: peewee.Database) -> Iterable[Fault]:
    if isinstance(db, peewee.SqliteDatabase):
        rows = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            yield from (Fault("storage", f"SQLite reports: {r}") for r in rows[:20])
        for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check").fetchall():
            yield Fault("storage", f"{table} row {rowid} points to a missing {parent}")


@invariant("schema")
def _schema(db: peewee.Database) -> Iterable[Fault]:
    found = migrations.current_version(db)
    if found != migrations.LATEST_VERSION:
        yield Fault("schema", f"schema version {found}, expected {migrations.LATEST_VERSION}")


@invariant("shop")
def _shop(db: peewee.Database) -> Iterable[Fault]:
    count = ShopSettings.select().count()
    if count > 1:
        yield Fault("shop", f"{count} settings rows; there must be one")
    owners = User.select().where((User.role == Role.OWNER.value) & (User.active == True))  # noqa: E712
    if User.select().exists() and not owners.exists():
        yield Fault("shop", "no active owner account: nobody can manage users or settings")
    defaults = TaxRate.select().where(TaxRate.is_default == True).count()  # noqa: E712
    if TaxRate.select().exists() and defaults != 1:
        yield Fault("shop", f"{defaults} default tax rates; there must be exactly one")
