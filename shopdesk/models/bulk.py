"""Reading many rows fast: id lists written into the SQL, and rows without peewee's per-value
conversion (for whole-shop computations that read hundreds of thousands of rows)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import peewee

from shopdesk.models.base import database_proxy as db

#: Ids per ``IN (...)`` list when reading in chunks.
CHUNK = 5000


def ids_in(field: peewee.Field, ids: Sequence[int]) -> peewee.Expression:
    """``field IN (ids)`` with the integers written into the SQL (one node, not one per id:
    building the statement for thousands of ids costs more than running it)."""
    listed = ",".join(str(int(i)) for i in ids) or "NULL"
    return peewee.Expression(field, peewee.OP.IN, peewee.SQL(f"({listed})"))


def raw_rows(query: peewee.Select) -> list[tuple]:
    """The query's rows as the driver returns them (no field conversion: dates may be ISO
    text on SQLite, booleans 0/1)."""
    sql, params = query.sql()
    return db.execute_sql(sql, params).fetchall()


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    """``ids`` in slices of ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
