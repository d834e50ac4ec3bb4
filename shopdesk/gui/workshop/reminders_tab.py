"""Service reminders at the front desk: the due and overdue list (built in the background the
first time the tab is shown, F5 again), a box that narrows it to a customer (name, phone,
plate), mark sent (logged on the customer's file), book from a reminder (Enter on the row or
in the box), export for an SMS or e-mail tool, and reminder letters."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.workshop import maintenance

if TYPE_CHECKING:
    from shopdesk.services.workshop.reminders import ReminderRow

HEADERS = [QT_TRANSLATE_NOOP("RemindersTab", "Status"),
           QT_TRANSLATE_NOOP("RemindersTab", "Due"),
           QT_TRANSLATE_NOOP("RemindersTab", "Customer"),
           QT_TRANSLATE_NOOP("RemindersTab", "Phone"),
           QT_TRANSLATE_NOOP("RemindersTab", "E-mail"),
           QT_TRANSLATE_NOOP("RemindersTab", "Channel"),
           QT_TRANSLATE_NOOP("RemindersTab", "Plate"),
           QT_TRANSLATE_NOOP("RemindersTab", "Service"),
           QT_TRANSLATE_NOOP("RemindersTab", "Also recommended"),
           QT_TRANSLATE_NOOP("RemindersTab", "Reminded")]


def _reminders() -> ModuleType:
    """:mod:`shopdesk.services.workshop.reminders`, imported when the tab is first used: it
    brings the customer search (phone and e-mail rules), which painting the desk at start-up
    does not need."""
    from shopdesk.services.workshop import reminders

    return reminders


def _haystack(row: ReminderRow) -> str:
    """What the find box looks in: name, phone (as typed and its digits), plate (as typed
    and without spaces or dashes), e-mail and the service, folded for comparing."""
    digits = "".join(c for c in row.phone if c.isdigit())
    plate = "".join(c for c in row.plate if c.isalnum())
    return " ".join((row.customer, row.phone, digits, row.plate, plate, row.email,
                     row.package)).casefold()


class RemindersTab(QWidget):
    """``book_requested(vehicle_id, customer_id, what, package_id)`` asks the desk to open a
    booking for a service due."""

    book_requested = Signal(int, int, str, int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[ReminderRow] = []  # the whole list loaded
        self.cells: list[tuple] = []  # their table text
        self.shown: list[int] = []  # which of them the table shows (the find box narrows)
        self._haystacks: list[str] | None = None
        self.loaded = False
        self.complete = False  # the whole list is in (until then the find box searches)
        self.total_text = ""  # what the whole list holds (the summary line)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Find name, phone or plate"))
        self.find.setToolTip(self.tr("Narrows the list to a customer (a few letters of the "
                                     "name, the phone's last digits, part of the plate); "
                                     "Enter books the row shown first"))
        self.find.setClearButtonEnabled(True)
        self.find.setMinimumWidth(220)
        self.find.textChanged.connect(self.apply_filter)
        self.find.returnPressed.connect(self.book)
        self.due_by = QDateEdit()
        self.due_by.setCalendarPopup(True)
        self.due_by.setDisplayFormat("yyyy-MM-dd")
        today = dt.date.today()  # (due by the end of next month)
        self.due_by.setDate(QDate(today.year, today.month, 1).addMonths(2).addDays(-1))
        label = QLabel(self.tr("D&ue by"))  # (Alt+B: Book on the desk)
        label.setBuddy(self.due_by)
        self.load_button = QPushButton(self.tr("&Load list (F5)"))
        self.load_button.clicked.connect(self.load)
        self.sent_button = QPushButton(self.tr("Mark &sent"))
        self.sent_button.clicked.connect(self.mark_sent)
        self.book_button = QPushButton(self.tr("B&ook from reminder"))
        self.book_button.clicked.connect(self.book)
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.clicked.connect(self._ask_export)
        self.letters_button = QPushButton(self.tr("L&etters…"))  # (Alt+T: the Today tab)
        self.letters_button.clicked.connect(self._ask_letters)
        for w in (label, self.due_by, self.load_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.sent_button, self.book_button, self.export_button, self.letters_button):
            bar.addWidget(w)
            w.setEnabled(context.can(Permission.EDIT_CUSTOMERS))
        layout.addLayout(bar)
        self.summary = QLabel(self.tr("Press Load list to see the services due."))
        found = QHBoxLayout()  # the find box on a line of its own: the buttons keep their room
        found.addWidget(self.find)
        found.addWidget(self.summary, 1)
        layout.addLayout(found)
        self.view = QTableView()
        self.model = RowsModel([self.tr(h) for h in HEADERS], self.view)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.activated.connect(lambda _index: self.book())  # Enter on a row books it
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence("F5"), self, activated=self.load).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=lambda: self.export_button.isEnabled()
                  and self._ask_export()).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # a package saved or archived re-plans service due: a list loaded is loaded again
        # (when the tab next shows); a reminder marked sent here changes only its row
        self._packages_seen: tuple = ()
        context.on_change(self, Changes.REMINDERS, self._reload_if_packages_changed)
        describe(self, {"F5": self.tr("Load the services due"),
                        "Ctrl+E": self.tr("Export the reminders (Excel or CSV)")},
                 {"F5": self.load_button, "Ctrl+E": self.export_button})

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown the list loads by itself; the find box has the
        keyboard, so the clerk types the customer's name, phone or plate at once."""
        super().showEvent(event)
        if not self.loaded:
            self.load()
        self.find.setFocus(Qt.FocusReason.OtherFocusReason)

    def _packages_fingerprint(self) -> tuple:
        """Which packages there are, at which version (a save or an archive changes it)."""
        return tuple((p.id, p.version, p.archived) for p in maintenance.all_packages(
            self.context.actor, include_archived=True))

    def _reload_if_packages_changed(self) -> None:
        if self.loaded and self._packages_fingerprint() != self._packages_seen:
            self.load()

    def load(self) -> None:
        """Build the list in the background (the whole shop's vehicles are computed, and the
        table's text is made there too: a big shop has hundreds of thousands of lines)."""
        self._packages_seen = self._packages_fingerprint()
        self.loaded = True
        self.complete = False
        due_by = self.due_by.date().toPython()
        labels = self.status_labels()
        reminders = _reminders()  # (imported here, not on the task's thread)

        def done(found: tuple[list[ReminderRow], list[tuple]]) -> None:
            if shiboken6.isValid(self):  # (the window may have closed meanwhile)
                self.complete = True
                self.show_rows(*found)

        run_task(self, self.tr("Finding services due"),
                 lambda _p: self._with_cells(
                     reminders.reminder_list(self.context.actor, due_by), labels),
                 on_done=done,
                 on_failed=lambda text: shiboken6.isValid(self) and self.summary.setText(text))

    def status_labels(self) -> dict[str, str]:
        """The reminder statuses (a long-overdue service: "not seen since {date}"), and the
        customers' channels ("channel:sms"), in the screen's language (made here: the table's
        text is made on the task's thread)."""
        from shopdesk.services.crm.contact_details import CHANNEL_LABELS

        labels = {"overdue": self.tr("overdue"), "this month": self.tr("this month"),
                  "next month": self.tr("next month"), "later": self.tr("later"),
                  "not seen": self.tr("not seen since {date}"),
                  "long overdue": self.tr("long overdue")}
        labels.update({f"channel:{channel.value}": shown(text)
                       for channel, text in CHANNEL_LABELS.items()})
        return labels

    @staticmethod
    def _with_cells(rows: list[ReminderRow], labels: dict[str, str]
                    ) -> tuple[list[ReminderRow], list[tuple]]:
        """The rows and the table's cells for them (dates formatted once per day)."""
        days: dict[dt.date | None, str] = {}

        def day(value: dt.date | None) -> str:
            found = days.get(value)
            if found is None:
                found = days[value] = formatting.date(value)
            return found

        channels = {key.removeprefix("channel:"): text for key, text in labels.items()
                    if key.startswith("channel:")}
        def status(row: ReminderRow) -> str:
            if not row.long_overdue:
                return labels.get(row.status, row.status)
            if row.last_seen is None or row.seen_lately:
                return labels["long overdue"]
            return labels["not seen"].format(date=day(row.last_seen))

        cells = [(status(r), day(r.due.due_on), r.customer, r.phone,
                  r.email, channels.get(r.channel, r.channel), r.plate, r.package,
                  "; ".join(r.recommendations), day(r.sent_on)) for r in rows]
        return rows, cells

    def show_rows(self, rows: list[ReminderRow], cells: list[tuple] | None = None) -> None:
        """Show ``rows`` (``cells``: their table text, when already made), narrowed by what
        the find box holds."""
        self.rows = rows
        if cells is None:
            cells = self._with_cells(rows, self.status_labels())[1]
        self.cells = cells
        self._haystacks = None
        overdue = sum(1 for r in rows if r.status == "overdue")
        self.total_text = self.tr("{count:,} services due ({overdue:,} overdue) for "
                                  "{count2:,} customers").format(
            count=len(rows), overdue=overdue, count2=len({r.due.customer_id for r in rows}))
        self.apply_filter()

    def apply_filter(self) -> None:
        """Show the rows whose customer, phone, plate, e-mail or service hold every word
        typed in the find box; the first one shown is current (Enter books it)."""
        words = self.find.text().casefold().split()
        if words and not self.complete:  # the whole shop's list is not in yet: search
            rows = _reminders().found(self.context.actor, self.find.text(),
                                      self.due_by.date().toPython())
            self.rows, self.cells = self._with_cells(rows, self.status_labels())
            self._haystacks = None
            self.shown = list(range(len(rows)))
            self.model.set_rows(self.cells)
            self.summary.setText(self.tr("{count:,} services due for this search").format(
                count=len(rows)))
            if rows:
                self.view.selectRow(0)
            return
        if not words:
            self.shown = list(range(len(self.rows)))
        else:
            if self._haystacks is None:
                self._haystacks = [_haystack(r) for r in self.rows]
            self.shown = [i for i, text in enumerate(self._haystacks)
                          if all(w in text for w in words)]
        narrowed = len(self.shown) != len(self.rows)
        self.model.set_rows([self.cells[i] for i in self.shown] if narrowed else self.cells)
        if self.loaded and self.total_text:
            self.summary.setText(self.total_text + ("  ·  " + self.tr("{count:,} shown").format(
                count=len(self.shown)) if narrowed else ""))
        if self.shown:
            self.view.selectRow(0)

    def shown_rows(self) -> list[ReminderRow]:
        """The rows as the list shows them (what Export and Letters write)."""
        return [self.rows[i] for i in self.shown]

    def selected(self) -> ReminderRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.shown):
            return None
        return self.rows[self.shown[index.row()]]

    def mark_sent(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            with self.context.changing():
                _reminders().mark_sent(self.context.actor, row.due.vehicle_id,
                                       row.due.package_id, row.due.due_on)
        except ShopDeskError as exc:
            show_refusal(self.summary, exc)
            return
        shown_row = self.view.currentIndex().row()
        index = self.shown[shown_row]
        self.rows[index] = dataclasses.replace(row, sent_on=dt.date.today())
        self.cells[index] = self._with_cells([self.rows[index]], self.status_labels())[1][0]
        self.model.set_row(shown_row, self.cells[index])

    def book(self) -> None:
        """Book the selected service due: the booking dialog with the car, tomorrow 9:00 and
        the service; check-in will put the service's package on the repair order."""
        row = self.selected()
        if row is not None and self.book_button.isEnabled():
            self.book_requested.emit(row.due.vehicle_id, row.due.customer_id, row.package,
                                     row.due.package_id)

    def export_to(self, path: Path) -> Path:
        from shopdesk.io.reminder_export import export

        rows = self.shown_rows()
        written = export(rows, path)
        self.context.status.emit(self.tr("Wrote {count:,} reminders to {written}").format(
                count=len(rows), written=written))
        return written

    def letters_to(self, folder: Path) -> list[Path]:
        from shopdesk.printing.reminder_letter import render_letters

        files = render_letters(self.shown_rows(), folder)
        self.context.status.emit(self.tr("Wrote {count:,} letters to {folder}").format(
                count=len(files), folder=folder))
        return files

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export reminders"), "reminders.xlsx",
                                              self.tr("Excel (*.xlsx);;CSV (*.csv)"))
        if name:
            self.export_to(Path(name))

    def _ask_letters(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the reminder letters"))
        if folder:
            self.letters_to(Path(folder))
