"""File → Audit log… (owner): who did what and when, with the record before and after."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.widgets.lazy_table import LazyTableModel
from shopdesk.gui.widgets.list_keys import first_row_current, leave_on_tab
from shopdesk.services.shop import audit_log

ALL = "(all)"


class AuditLogDialog(QDialog):
    """A lazy, filterable list of audit entries; the selected one's snapshots below it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Audit log"))
        size_within(self, 1100, 720)  # no larger than the window it opens over
        actor = context.actor

        self.entityBox = QComboBox()
        self.userBox = QComboBox()
        for box, values in ((self.entityBox, audit_log.entities(actor)),
                            (self.userBox, audit_log.usernames(actor))):
            box.setProperty("shopData", True)  # kinds of record and users found in the log
            box.addItem(self.tr("(all)"), ALL)
            for value in values:
                box.addItem(value, value)
        self.dateCheck = QCheckBox(self.tr("Only from"))
        today = QDate.currentDate()
        self.fromDate = QDateEdit(today.addDays(-30))
        self.toDate = QDateEdit(today)
        for edit in (self.fromDate, self.toDate):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")  # unambiguous whatever the locale
            edit.setEnabled(False)
        self.countLabel = QLabel()
        self.countLabel.setObjectName("hintLabel")

        filters = QHBoxLayout()
        for label, widget in ((self.tr("Record:"), self.entityBox), (self.tr("User:"),
                self.userBox)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
            filters.addSpacing(12)
        filters.addWidget(self.dateCheck)
        filters.addWidget(self.fromDate)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.toDate)
        filters.addStretch(1)
        filters.addWidget(self.countLabel)

        self.model = LazyTableModel(audit_log.audit_list(actor, self.current_filter()), self)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, chars in enumerate((17, 12, 10, 12, 6)):
            header.resizeSection(column, chars * 9)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.headline = QLabel(self.tr("Select an entry to see the record before and after."))
        self.headline.setWordWrap(True)
        self.beforeText = QPlainTextEdit()
        self.afterText = QPlainTextEdit()
        snapshots = QGridLayout()
        for column, (title, edit) in enumerate(((self.tr("Before"), self.beforeText),
                                                (self.tr("After"), self.afterText))):
            edit.setReadOnly(True)
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            snapshots.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
            snapshots.addWidget(edit, 1, column)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addWidget(self.headline)
        detail_layout.addLayout(snapshots)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setSizes([430, 250])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.exporter = ListExport(self.table, self.tr("Audit log"), self, context)
        buttons.addButton(self.exporter.button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.entityBox.currentIndexChanged.connect(self.apply_filter)
        self.userBox.currentIndexChanged.connect(self.apply_filter)
        self.dateCheck.toggled.connect(self._dates_toggled)
        self.fromDate.dateChanged.connect(self.apply_filter)
        self.toDate.dateChanged.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self._show_count()

    def current_filter(self) -> audit_log.AuditFilter:
        """The filter the controls describe."""
        entity = self.entityBox.currentData()
        user = self.userBox.currentData()
        since = until = None
        if self.dateCheck.isChecked():
            since, until = self.fromDate.date().toPython(), self.toDate.date().toPython()
        return audit_log.AuditFilter(entity="" if entity == ALL else entity,
                                     username="" if user == ALL else user,
                                     since=since, until=until)

    def apply_filter(self) -> None:
        """Re-query the list with the current filter (keeps the sort order)."""
        source = audit_log.audit_list(self.context.actor, self.current_filter())
        old = self.model.source
        source.sort_by(old.sort_key, old.descending)
        self.model.set_source(source)
        self._show_entry(None)
        first_row_current(self.table)  # (its record shows below)
        self._show_count()

    def _dates_toggled(self, on: bool) -> None:
        self.fromDate.setEnabled(on)
        self.toDate.setEnabled(on)
        self.apply_filter()

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.countLabel.setText(
            self.tr("1 entry") if count == 1
            else self.tr("{number} entries").format(number=formatting.number(count)))

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._show_entry(self.model.row_key(rows[0].row()) if rows else None)

    def _show_entry(self, entry_id: int | None) -> None:
        if entry_id is None:
            self.headline.setText(self.tr("Select an entry to see the record before and after."))
            self.beforeText.clear()
            self.afterText.clear()
            return
        row = audit_log.entry(self.context.actor, entry_id)
        when = formatting.datetime(row.at) if isinstance(row.at, dt.datetime) else str(row.at)
        record = f"{row.entity} {row.entity_id}".strip()
        self.headline.setText(html.escape(f"{when} — {row.username} — {row.action} {record}: "
                                          f"{row.summary}"))
        self.beforeText.setPlainText(audit_log.pretty(row.before) or self.tr("(nothing before)"))
        self.afterText.setPlainText(audit_log.pretty(row.after) or self.tr("(nothing after)"))
