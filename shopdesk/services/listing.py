"""Lists the GUI shows lazily: SQL-filtered, SQL-sorted, fetched a page at a time.

A :class:`QueryList` wraps a peewee query that selects one row per list line. The GUI's
lazy table model asks it for the row count and for pages of rows as tuples; nothing loads
all rows into Python. Sorting and filtering are applied in SQL (``ORDER BY``, ``WHERE``).
Qt-free, so the CLI and exports can use the same lists ("export what the list shows").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import peewee


class Kind(StrEnum):
    """How a column's values are shown and exported."""

    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"
    QUANTITY = "quantity"
    DATE = "date"
    DATETIME = "datetime"
    FLAG = "flag"


@dataclass(frozen=True)
class Column:
    """One column of a list: its key, heading, kind, and the SQL expression behind it."""

    key: str
    title: str
    expr: peewee.Node
    kind: Kind = Kind.TEXT
    sortable: bool = True
    width: int = 0  # preferred width in characters (0: let the view decide)
    labels: bool = False  # the values are label texts (marked "Labels"): shown translated


@dataclass
class QueryList:
    """A lazily fetched list over ``base`` (a peewee SELECT without columns chosen).

    ``base`` is called to build a fresh query (joins and WHERE for the current filter); the
    list selects its columns, adds ``ORDER BY`` and pages with ``LIMIT/OFFSET``. ``key``
    identifies a row (its id) and is fetched as the last, hidden value of every row.
    """

    columns: list[Column]
    base: Callable[[], peewee.ModelSelect]
    key: peewee.Node
    default_sort: list[peewee.Node] = field(default_factory=list)
    sort_key: str | None = None
    descending: bool = False
    row_styles: Callable[[tuple], str | None] | None = None

    def _query(self) -> peewee.ModelSelect:
        exprs = [c.expr for c in self.columns] + [self.key]
        query = self.base().select(*exprs)
        order: list[peewee.Node] = []
        if self.sort_key:
            column = self.column(self.sort_key)
            order.append(column.expr.desc() if self.descending else column.expr.asc())
        order.extend(self.default_sort)
        order.append(self.key.desc() if self.descending else self.key.asc())
        return query.order_by(*order)

    def column(self, key: str) -> Column:
        """The column with ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def sort_by(self, key: str | None, descending: bool = False) -> None:
        """Sort by a column (None: the list's default order)."""
        if key is not None and not self.column(key).sortable:
            return
        self.sort_key, self.descending = key, descending

    def count(self) -> int:
        """How many rows the list holds with its current filter."""
        return self.base().select(self.key).count()

    def page(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows ``offset`` .. ``offset+limit`` as tuples; the row key is the last value."""
        return list(self._query().offset(offset).limit(limit).tuples())

    def named_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        """Rows as :meth:`page` gives them, each a dict by column key (plus ``"_key"``), for
        callers that pick columns: a column added to the list never shifts what they read."""
        keys = [c.key for c in self.columns] + ["_key"]
        return [dict(zip(keys, row, strict=True)) for row in self.page(offset, limit)]

    def iter_rows(self, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        """Every row in list order, fetched in batches (for exports)."""
        offset = 0
        while True:
            rows = self.page(offset, batch)
            yield from rows
            if len(rows) < batch:
                return
            offset += batch
