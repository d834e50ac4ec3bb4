"""Gapless document numbers: invoices and credit notes each have their own series per year.

:func:`take_next` must be called inside the transaction that issues the document: the
UPDATE takes the write lock (SQLite's ``BEGIN IMMEDIATE``; PostgreSQL's row lock), so two PCs
queue for the number, and a rolled-back issue gives its number back — nothing is skipped.
"""

from __future__ import annotations

from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import DocumentKind
from shopdesk.services.access import Actor

#: Suffix on the shop's prefix for credit notes: INV-2026-00001 vs INV-CN-2026-00001.
CREDIT_NOTE_TAG = "CN"


def take_next(actor: Actor, series: str, year: int) -> int:
    """The next number of ``series`` in ``year`` (1, 2, 3, ... with no gaps)."""
    # plain SQL (the same on SQLite and PostgreSQL): this runs inside every issue
    p = db.param
    where = f"WHERE series = {p} AND year = {p}"
    db.execute_sql(f"INSERT INTO document_sequence (series, year, last_number) VALUES "
                   f"({p}, {p}, 0) ON CONFLICT DO NOTHING", (series, year))
    db.execute_sql(f"UPDATE document_sequence SET last_number = last_number + 1 {where}",
                   (series, year))
    return int(db.execute_sql(f"SELECT last_number FROM document_sequence {where}",
                              (series, year)).fetchone()[0])


def format_number(prefix: str, kind: DocumentKind | str, year: int, sequence: int) -> str:
    """The printed number: ``RA-2026-00042`` or, for a credit note, ``RA-CN-2026-00003``."""
    parts = [prefix.strip()] if prefix.strip() else []
    if DocumentKind(kind) is DocumentKind.CREDIT_NOTE:
        parts.append(CREDIT_NOTE_TAG)
    parts += [str(year), f"{sequence:05d}"]
    return "-".join(parts)
