"""Gapless document numbers: invoices and credit notes each have their own series per year.

:func:`take_next` must be called inside the transaction that issues the document: the
UPDATE takes the write lock (SQLite's ``BEGIN IMMEDIATE``; PostgreSQL's row lock), so two PCs
queue for the number, and a rolled-back issue gives its number back — nothing is skipped.
"""

from __future__ import annotations

from shopdesk.models.invoices import DocumentKind, DocumentSequence

#: Suffix on the shop's prefix for credit notes: INV-2026-00001 vs INV-CN-2026-00001.
CREDIT_NOTE_TAG = "CN"


def take_next(series: str, year: int) -> int:
    """The next number of ``series`` in ``year`` (1, 2, 3, ... with no gaps)."""
    DocumentSequence.insert(series=series, year=year, last_number=0).on_conflict_ignore().execute()
    (DocumentSequence.update(last_number=DocumentSequence.last_number + 1)
     .where((DocumentSequence.series == series) & (DocumentSequence.year == year)).execute())
    return (DocumentSequence.select(DocumentSequence.last_number)
            .where((DocumentSequence.series == series) & (DocumentSequence.year == year))
            .scalar())


def format_number(prefix: str, kind: DocumentKind | str, year: int, sequence: int) -> str:
    """The printed number: ``RA-2026-00042`` or, for a credit note, ``RA-CN-2026-00003``."""
    parts = [prefix.strip()] if prefix.strip() else []
    if DocumentKind(kind) is DocumentKind.CREDIT_NOTE:
        parts.append(CREDIT_NOTE_TAG)
    parts += [str(year), f"{sequence:05d}"]
    return "-".join(parts)
