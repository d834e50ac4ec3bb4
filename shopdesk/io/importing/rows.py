"""What an import works with: a row as parsed, a batch of rows, the report, and the base of
each kind of import (``Handler``). The engine (``engine.py``) reads, maps and parses rows and
hands them to a handler (``customers.py``, ``parts.py``); handlers check rows and have the
services save them. This module imports neither, so both import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shopdesk.io.sheet_reader import SheetRow, exact_row
from shopdesk.services import audit
from shopdesk.services.access import Actor

#: Rows checked and written together, unless a handler says otherwise.
BATCH = 1000
#: ``progress(done, total, message)``; may raise (the GUI's Cancel): then nothing is saved.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (and column: the file's header, "" for the whole row)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ParsedRow:
    """A row as the import sees it: parsed values by field key, and its problems."""

    __slots__ = ("_at", "_columns", "_values", "cells", "extra", "headers", "notes", "number",
                 "outcome", "problems", "shown", "warnings")

    def __init__(self, number: int, cells: list[Any], notes: dict[str, str],
                 headers: list[str], columns: dict[str, list[Any]] | None = None,
                 at: int = 0) -> None:
        self.number = number
        self.cells = cells  # as read (loose: see sheet_reader.CellRow)
        self.notes = notes
        self.headers = headers
        # values: from the batch's ``columns`` (row ``at``) when first asked for, else given
        self._values: dict[str, Any] | None = None if columns is not None else {}
        self._columns = columns
        self._at = at
        self.problems: dict[str, str] = {}  # field key ("" = whole row) -> message
        self.warnings: dict[str, str] = {}
        self.outcome = ""  # created, updated, unchanged, rejected
        self.shown: dict[str, str] = {}  # field label -> value as saved
        self.extra: dict[str, Any] = {}  # the handler's own working values

    @property
    def values(self) -> dict[str, Any]:
        """The parsed values by field key: only the cells given (never ``None``)."""
        values = self._values
        if values is None:
            at = self._at
            values = self._values = {key: value for key, column in self._columns.items()
                                     if (value := column[at]) is not None}
        return values

    @property
    def source(self) -> SheetRow:
        """The row as the file has it (exact values by header), e.g. for the error workbook."""
        return SheetRow(self.number, dict(zip(self.headers, exact_row(self.cells),
                                              strict=False)), self.notes)

    def reject(self, key: str, message: str) -> None:
        self.problems.setdefault(key, message)


class Batch(list[ParsedRow]):
    """Rows checked and written together. ``columns``, when set, holds the parsed values by
    field key, one list in row order (``None`` where a row has no value), for handlers that
    work a column at a time: the values as parsed (a handler may change a row's values)."""

    columns: dict[str, list[Any]] | None = None


@dataclass
class ImportReport:
    """The outcome of an import (or a dry run, or a preview)."""

    kind: str
    file_name: str
    headers: list[str]
    mapping: dict[str, str]
    dry_run: bool
    all_or_nothing: bool
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected_rows: list[SheetRow] = field(default_factory=list)
    rejected_messages: dict[int, str] = field(default_factory=dict)  # row number -> message
    preview: list[ParsedRow] = field(default_factory=list)
    written: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def summary(self) -> str:
        """One line: what happened."""
        verb = "Would import" if self.dry_run else ("Imported" if self.written else
                                                    "Nothing imported")
        line = (f"{verb} from {self.file_name}: {self.created:,} created, {self.updated:,} "
                f"updated, {self.unchanged:,} unchanged, {self.rejected:,} rejected")
        if not self.dry_run and not self.written and self.rejected and self.all_or_nothing:
            line += " (all or nothing: fix the rejected rows and import again)"
        return line


class Handler:
    """One kind of import: check a batch of parsed rows, then write the valid ones."""

    kind = ""
    #: Rows checked and written together (and between progress reports and Cancel checks).
    batch = BATCH

    def __init__(self, actor: Actor, file_name: str) -> None:
        self.actor = actor
        self.file_name = file_name

    def check_access(self) -> None:
        raise NotImplementedError

    def check(self, rows: list[ParsedRow]) -> None:
        """Add problems (duplicates, unknown records...) to rows; decide create or update."""

    def write(self, rows: list[ParsedRow]) -> None:
        """Have the services save the rows without problems; set each row's outcome."""
        raise NotImplementedError

    def finish(self, report: ImportReport) -> None:
        """After the last batch, inside the transaction (summary audit entries)."""
        if report.created or report.updated:
            audit.record(self.actor, "import", self.kind, "", report.summary())
