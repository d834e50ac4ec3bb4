"""'My follow-ups today': open follow-up tasks of the signed-in user, overdue first.

The front desk screen reuses this widget; the customers screen shows it as a tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shopdesk.errors import NotFoundError, ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.customers.lazy_list import LazyList
from shopdesk.gui.widgets.empty_state import show_when_empty
from shopdesk.gui.widgets.export_list import ListExport
from shopdesk.gui.widgets.form_dialog import refusal_text
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.crm import customer_lists, interactions

if TYPE_CHECKING:
    pass


class FollowUpsWidget(QWidget):
    """The list, a Done button, and "everyone's" for the owner; ``open_customer(id)`` on Enter."""

    open_customer = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.everyone = QCheckBox(self.tr("Everyone's"), self)  # (a parent: never a window)
        self.everyone.setVisible(context.can(Permission.MANAGE_USERS))
        self.everyone.toggled.connect(self.refresh)
        bar.addWidget(self.everyone)
        self.done_button = QPushButton(self.tr("D&one"))  # (Alt+D is the Desk menu)
        self.done_button.setToolTip(self.tr("Tick off the selected follow-up"))
        self.done_button.setEnabled(context.can(Permission.EDIT_CUSTOMERS))
        self.done_button.clicked.connect(self.mark_done)
        bar.addWidget(self.done_button)
        layout.addLayout(bar)
        self.list = LazyList(self._source())
        self.list.opened.connect(self._open)
        show_when_empty(self.list, (self.tr("No follow-ups due"), self.tr(
            "Set a follow-up when logging a contact on a customer's file (Log contact, "
            "Ctrl+L); it shows here on its day.")))
        layout.addWidget(self.list, 1)
        bar.addWidget(ListExport(self.list, self.tr("Follow-ups"), self, context,
                                 scope=Qt.ShortcutContext.WidgetWithChildrenShortcut).button)
        context.on_change(self, Changes.CONTACTS | Changes.CUSTOMERS, self.refresh)
        self.refresh()

    def _source(self):
        who = None if self.everyone.isChecked() else self.context.actor.user_id
        return customer_lists.follow_ups(self.context.actor, who)

    def refresh(self) -> None:
        self.list.set_source(self._source())
        count = self.list.lazy.rowCount()
        if self.everyone.isChecked():
            title = (self.tr("Everyone's follow-ups due today: {count}") if count
                     else self.tr("Everyone's follow-ups: nothing due today"))
        else:
            title = (self.tr("My follow-ups due today: {count}") if count
                     else self.tr("My follow-ups: nothing due today"))
        self.title.setText(title.format(count=count))

    def _open(self, interaction_id: object) -> None:
        try:
            row = interactions.get(self.context.actor, int(interaction_id))
        except NotFoundError:
            return
        self.open_customer.emit(row.customer_id)

    def mark_done(self) -> None:
        key = self.list.current_key()
        if key is None:
            return
        try:
            with self.context.changing():  # (the list refreshes as it hears of it)
                interactions.complete_follow_up(self.context.actor, int(key))
        except ShopDeskError as exc:
            self.context.status.emit(refusal_text(exc))
