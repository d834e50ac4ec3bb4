"""Table columns that always fit their view: no sideways scrolling, long text elided.

Each column has a preferred width; when the view is wider the spare room goes to the
stretching columns, when it is narrower every column gives up room in proportion (never below
a small minimum) and cells end in "…". Used where a table sits in a narrow pane (the
repair-order editor at 125-150 % scaling on a 1366 px screen).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView, QTableView

MINIMUM = 36  # px: a column never gets narrower than a couple of characters and "…"


def shares(preferred: Sequence[int], stretch: Sequence[int], available: int) -> list[int]:
    """Widths for columns that prefer ``preferred`` to fill ``available`` exactly (as near as
    whole pixels allow): extra room goes to the ``stretch`` columns (or the last one); too
    little room is taken first from the stretch columns (free text, down to half their
    preferred width), then from every column in proportion, none below :data:`MINIMUM`."""
    total = sum(preferred)
    if not preferred or available <= 0:
        return list(preferred)
    grow = list(stretch) or [len(preferred) - 1]
    widths = list(preferred)
    if available >= total:
        extra = available - total
        for i, col in enumerate(grow):
            widths[col] += extra // len(grow) + (1 if i < extra % len(grow) else 0)
        return widths
    short = total - available
    for col in grow:  # the free-text columns give first
        give = min(short, max(0, widths[col] - max(MINIMUM, preferred[col] // 2)))
        widths[col] -= give
        short -= give
    if short:
        n = len(widths)
        if available < MINIMUM * n:
            return [available // n] * n
        wants = [max(w, MINIMUM) - MINIMUM for w in widths]
        scale = (available - MINIMUM * n) / max(sum(wants), 1)
        widths = [MINIMUM + int(w * scale) for w in wants]
    widths[-1] += available - sum(widths)  # rounding: the last column takes the pixels left
    return widths


class FitColumns(QObject):
    """Keeps ``view``'s columns fitted to its width (see :func:`shares`)."""

    def __init__(self, view: QTableView, preferred: Sequence[int],
                 stretch: Sequence[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.preferred = list(preferred)
        self.stretch = list(stretch)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(MINIMUM)
        for col in range(len(self.preferred)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # headings end in "…" too
        view.setWordWrap(False)
        view.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        """Set the column widths for the view's present width."""
        widths = shares(self.preferred, self.stretch, self.view.viewport().width())
        for col, width in enumerate(widths):
            self.view.setColumnWidth(col, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
