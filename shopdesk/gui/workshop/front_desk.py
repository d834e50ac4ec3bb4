"""The front desk: the clerk's home. Today's appointments, cars in the shop by status, cars
ready for collection, follow-ups due, tomorrow's confirmation calls, and the appointment
calendar (day by bay or technician, or week).

A Reminders tab lists the services due (mark sent, book, export, letters).

Keyboard: Ctrl+B book, Ctrl+I check in the selected appointment, Ctrl+N walk-in by plate,
Ctrl+Shift+C confirmed (tomorrow's list), Enter opens the selected repair order.

At start-up the desk is the first screen: its frame is painted first and its lists filled
right after (:meth:`FrontDesk.activate`); a key that needs them before then fills them first.
The workshop services (with the customer search, phone and e-mail rules they import) are
imported by the first fill, not on the way to the first paint.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.after_paint import AfterFirstPaint, after_first_paint
from shopdesk.gui.widgets.empty_state import EmptyOverlay, show_when_empty
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.lazy_page import LazyPage
from shopdesk.gui.widgets.list_keys import leave_on_tab, open_on_enter
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes

if TYPE_CHECKING:
    from shopdesk.gui.screens.follow_ups import FollowUpsWidget
    from shopdesk.gui.workshop.dialogs import BookDialog, CheckInDialog
    from shopdesk.gui.workshop.reminders_tab import RemindersTab

ROWS_SHOWN = 4  # each list shows its header and four rows before the page scrolls instead


def _view(headers: list[str]) -> tuple[QTableView, RowsModel]:
    view = leave_on_tab(QTableView())
    model = RowsModel(headers, view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()  # columns as wide as their text: never cut to "…"
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view, model


def _show_rows(view: QTableView) -> None:
    """At least :data:`ROWS_SHOWN` rows of ``view`` show (below its header)."""
    view.setMinimumHeight(view.horizontalHeader().sizeHint().height()
                          + ROWS_SHOWN * view.verticalHeader().defaultSectionSize() + 6)


def _stretch(view: QTableView, column: int) -> None:
    """``column`` (free text) takes the room left; the others keep their whole text."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


class _Filled:
    """A list (or its view, or the counts) of the desk, as filled: read before the first
    fill has run (it runs right after the first paint), it is filled first."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = f"_{name}"

    def __get__(self, desk: FrontDesk | None, owner: type | None = None) -> Any:
        if desk is None:
            return self
        desk.fill_now()
        return getattr(desk, self.name)


class FrontDesk(QWidget):
    """The clerk's home screen."""

    today_model, open_model, ready_model, confirm_model = (_Filled(), _Filled(), _Filled(),
                                                           _Filled())
    today_view, open_view, ready_view, confirm_view = _Filled(), _Filled(), _Filled(), _Filled()
    counts = _Filled()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QWidget | None = None
        self.today_ids: list[int] = []
        self.open_ids: list[int] = []
        self.ready_ids: list[int] = []
        self.confirm_ids: list[int] = []
        self.filled = False  # the lists have been read at least once
        self._first_fill: AfterFirstPaint | None = None
        self._overlays: list[EmptyOverlay] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        bar.addWidget(self.heading)
        bar.addStretch(1)
        can = context.can(Permission.MANAGE_REPAIR_ORDERS)
        self.book_button = QPushButton(self.tr("&Book (Ctrl+B)"))
        self.book_button.clicked.connect(self.book)
        self.check_in_button = QPushButton(self.tr("Check &in (Ctrl+I)"))
        self.check_in_button.clicked.connect(self.check_in)
        self.walk_in_button = QPushButton(self.tr("&Walk-in (Ctrl+N)"))
        self.walk_in_button.clicked.connect(self.walk_in)
        for button in (self.book_button, self.check_in_button, self.walk_in_button):
            button.setEnabled(can)
            bar.addWidget(button)
        layout.addLayout(bar)
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        layout.addWidget(self.message)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        today = QScrollArea()  # a short screen (768 px at 125-150 %) scrolls, lists stay readable
        today.setWidgetResizable(True)
        today.setFrameShape(QFrame.Shape.NoFrame)
        today.setWidget(self._desk())
        self.tabs.addTab(today, self.tr("&Today"))
        # the calendar and the reminders are built when their tab is first shown
        self.calendar_page = LazyPage(self._calendar)
        self.tabs.addTab(self.calendar_page, self.tr("C&alendar"))
        self.reminders_page = LazyPage(self._reminders)
        self.tabs.addTab(self.reminders_page, self.tr("&Reminders"))
        # the desk's keys work wherever the focus is in the window while the desk is on show
        # (the window's search box has it after sign-in); hidden, the desk takes none
        for keys, slot in (("Ctrl+B", self.book), ("Ctrl+I", self.check_in),
                           ("Ctrl+N", self.walk_in), ("Ctrl+Shift+C", self.confirm)):
            QShortcut(QKeySequence(keys), self, activated=slot).setContext(
                Qt.ShortcutContext.WindowShortcut)
        describe(self, {"Ctrl+B": self.tr("Book an appointment"),
                        "Ctrl+I": self.tr("Check in the selected (or next) appointment"),
                        "Ctrl+N": self.tr("Walk-in: a repair order for a car by its plate"),
                        "Ctrl+Shift+C": self.tr("Tomorrow's call made: appointment confirmed")},
                 {"Ctrl+B": self.book_button, "Ctrl+I": self.check_in_button,
                  "Ctrl+N": self.walk_in_button})
        context.on_change(self, Changes.APPOINTMENTS | Changes.REPAIR_ORDERS | Changes.INVOICES
                          | Changes.CUSTOMERS | Changes.VEHICLES | Changes.CONTACTS, self.refresh)

    # ------------------------------------------------------------------ layout
    def _desk(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        today_box = QGroupBox(self.tr("Today's appointments"))
        tl = QVBoxLayout(today_box)
        self._today_view, self._today_model = _view([
            self.tr("Time"), self.tr("Customer"), self.tr("Plate"), self.tr("What for"),
            self.tr("Bay"), self.tr("Status")])
        tl.addWidget(self._today_view)
        grid.addWidget(today_box, 0, 0)
        open_box = QGroupBox(self.tr("In the shop"))
        ol = QVBoxLayout(open_box)
        self._counts = QLabel()
        self._counts.setWordWrap(True)
        ol.addWidget(self._counts)
        self._open_view, self._open_model = _view([
            self.tr("Order"), self.tr("Status"), self.tr("Plate"), self.tr("Customer"),
            self.tr("Promised")])
        self._open_view.activated.connect(lambda index: self.open_order(
            self.open_ids[index.row()]))
        ol.addWidget(self._open_view)
        grid.addWidget(open_box, 0, 1)
        ready_box = QGroupBox(self.tr("Ready for collection"))
        rl = QVBoxLayout(ready_box)
        self._ready_view, self._ready_model = _view([
            self.tr("Order"), self.tr("Plate"), self.tr("Customer"), self.tr("Phone"),
            self.tr("Status")])
        self._ready_view.activated.connect(lambda index: self.open_order(
            self.ready_ids[index.row()]))
        rl.addWidget(self._ready_view)
        grid.addWidget(ready_box, 1, 1)
        # my follow-ups: made (and read) by the first fill, after the desk is painted
        self.follow_ups: FollowUpsWidget | None = None
        self._follow_ups_cell = QWidget()
        QVBoxLayout(self._follow_ups_cell).setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self._follow_ups_cell, 1, 0)
        confirm_box = QGroupBox(self.tr("Tomorrow: confirmation calls"))
        cl = QVBoxLayout(confirm_box)
        self._confirm_view, self._confirm_model = _view([
            self.tr("Time"), self.tr("Customer"), self.tr("Phone"), self.tr("Plate"),
            self.tr("What for")])
        cl.addWidget(self._confirm_view)
        # (Alt+C: Alt+F is the File menu's)
        self.confirm_button = QPushButton(self.tr("&Confirmed (Ctrl+Shift+C)"))
        self.confirm_button.clicked.connect(self.confirm)
        cl.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(confirm_box, 2, 0, 1, 2)
        for view, column in ((self._today_view, 3), (self._open_view, 3), (self._ready_view, 2),
                             (self._confirm_view, 4)):
            _stretch(view, column)
        # an empty desk says what to do next instead of showing bare tables (once the lists
        # have been read: until then they are not known to be empty)
        self._overlays = [
            show_when_empty(self._today_view, (self.tr("No appointments today"), self.tr(
                "Book one with Book (Ctrl+B), or take a car in now with Walk-in (Ctrl+N)."))),
            show_when_empty(self._open_view, (self.tr("No cars in the shop"), self.tr(
                "Check a booked car in with Check in (Ctrl+I), or a walk-in with Ctrl+N."))),
            show_when_empty(self._ready_view, (self.tr("Nothing ready for collection"), self.tr(
                "Orders show here once their work is done, to call the customer."))),
            show_when_empty(self._confirm_view, (self.tr("No appointments tomorrow"), self.tr(
                "Tomorrow's bookings show here, to call and confirm the day before.")))]
        for overlay in self._overlays:
            overlay.hide()
        for view in (self._today_view, self._open_view, self._ready_view, self._confirm_view):
            _show_rows(view)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        grid.setRowStretch(2, 2)
        return page

    @property
    def reminders(self) -> RemindersTab:
        """The Reminders tab's list of services due (built now if it was not yet)."""
        return self.reminders_page.content()  # type: ignore[return-value]

    def _reminders(self) -> RemindersTab:
        from shopdesk.gui.workshop.reminders_tab import RemindersTab

        tab = RemindersTab(self.context)
        tab.book_requested.connect(
            lambda vid, cid, what, package: self.book(vehicle_id=vid, customer_id=cid, what=what,
                                                      package_id=package))
        return tab

    def _calendar(self) -> QWidget:
        from shopdesk.gui.workshop.calendar_model import CalendarModel

        page = QWidget()
        layout = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.calendar_day = QDateEdit()
        self.calendar_day.setCalendarPopup(True)
        self.calendar_day.setDisplayFormat("ddd yyyy-MM-dd")
        self.calendar_day.setDate(dt.date.today())
        self.calendar_day.dateChanged.connect(self.refresh_calendar)
        self.calendar_mode = QComboBox()
        self.calendar_mode.addItems([self.tr("Day by bay"), self.tr("Day by technician"),
                self.tr("Week")])
        self.calendar_mode.currentIndexChanged.connect(self.refresh_calendar)
        for w in (QLabel(self.tr("Da&y")), self.calendar_day, self.calendar_mode):
            bar.addWidget(w)
        bar.itemAt(0).widget().setBuddy(self.calendar_day)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.calendar = QTableView()
        self.calendar_model = CalendarModel(self.calendar)
        self.calendar.setModel(self.calendar_model)
        self.calendar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar.verticalHeader().setDefaultSectionSize(22)
        open_on_enter(self.calendar, self._calendar_book)  # Enter books the slot too
        layout.addWidget(self.calendar, 1)
        if self.filled:
            self.refresh_calendar()
        return page

    # ------------------------------------------------------------------ data
    def activate(self) -> None:
        """Shown: re-read the lists. The first time, while the window has not been shown yet
        (start-up), the desk is painted first and filled on the next turn of the event loop."""
        if self.filled or self.isVisible():
            self.refresh()
        elif self._first_fill is None:
            self._first_fill = after_first_paint(self, self.refresh)

    def fill_now(self) -> None:
        """Fill the lists now if they have not been read yet (a key pressed before the first
        fill acts on what the desk will show, not on empty lists)."""
        if not self.filled:
            self.refresh()

    def refresh(self) -> None:
        """Re-read everything the desk shows (a handful of small queries)."""
        from shopdesk.services.crm import customers
        from shopdesk.services.workshop import appointments, repair_orders
        from shopdesk.services.workshop.appointments import AppointmentStatus
        from shopdesk.services.workshop.repair_orders import Status

        self.filled = True
        if self._first_fill is not None:
            self._first_fill.cancel()
        today = dt.date.today()
        self.heading.setText(formatting.long_date(today))
        todays = appointments.day(self.context.actor, today)
        self.today_ids = [a.id for a in todays]
        self._today_model.set_rows([
            (f"{a.starts_at:%H:%M}", a.customer.display_name,
             a.vehicle.plate if a.vehicle_id else "", a.what, a.bay,
             shown(appointments.STATUS_LABELS[AppointmentStatus(a.status)])) for a in todays])
        orders = repair_orders.open_orders(self.context.actor, (
            Status.ESTIMATE, Status.APPROVED, Status.IN_PROGRESS, Status.WAITING_PARTS,
            Status.DONE, Status.INVOICED))
        counts = Counter(Status(o.status) for o in orders)
        self._counts.setText(" · ".join(f"{shown(repair_orders.STATUS_LABELS[s])}: {counts[s]}"
                                       for s in (Status.ESTIMATE, Status.APPROVED,
                                                 Status.IN_PROGRESS, Status.WAITING_PARTS,
                                                 Status.DONE)))
        in_shop = [o for o in orders if o.status != Status.INVOICED]
        self.open_ids = [o.id for o in in_shop]
        self._open_model.set_rows([
            (o.number, shown(repair_orders.STATUS_LABELS[Status(o.status)]), o.vehicle.plate,
             o.customer.display_name, formatting.datetime(o.promised_at)) for o in in_shop])
        ready = [o for o in orders if o.status in (Status.INVOICED, Status.DONE)]
        phones = customers.first_phones(self.context.actor, [o.customer_id for o in ready])
        self.ready_ids = [o.id for o in ready]
        self._ready_model.set_rows([
            (o.number, o.vehicle.plate, o.customer.display_name, phones.get(o.customer_id, ""),
             self.tr("invoiced") if o.status == Status.INVOICED else self.tr("done, to invoice"))
            for o in ready])
        calls = appointments.to_confirm(self.context.actor, today)
        phones = customers.first_phones(self.context.actor, [a.customer_id for a in calls])
        self.confirm_ids = [a.id for a in calls]
        self._confirm_model.set_rows([
            (f"{a.starts_at:%H:%M}", a.customer.display_name, phones.get(a.customer_id, ""),
             a.vehicle.plate if a.vehicle_id else "", a.what) for a in calls])
        if self.follow_ups is None:
            self._add_follow_ups()
        else:
            self.follow_ups.refresh()
        if self.calendar_page.built:
            self.refresh_calendar()

    def _add_follow_ups(self) -> None:
        from shopdesk.gui.screens.follow_ups import FollowUpsWidget  # (screens imports us)

        self.follow_ups = FollowUpsWidget(self.context, self._follow_ups_cell)  # (reads its list)
        _show_rows(self.follow_ups.list)
        self._follow_ups_cell.layout().addWidget(self.follow_ups)

    def refresh_calendar(self) -> None:
        from shopdesk.services.shop import users
        from shopdesk.services.workshop import appointments, repair_orders

        day = self.calendar_day.date().toPython()
        mode = self.calendar_mode.currentIndex()
        actor = self.context.actor
        if mode == 2:
            monday = day - dt.timedelta(days=day.weekday())
            self.calendar_model.set_week(appointments.week(actor, day), monday)
        elif mode == 1:
            techs = [t.name for t in users.technicians(actor)]
            self.calendar_model.set_day(appointments.day(actor, day), techs, by="technician")
        else:
            self.calendar_model.set_day(appointments.day(actor, day), repair_orders.bays(actor))

    # ------------------------------------------------------------------ actions
    def _selected(self, view: QTableView, ids: list[int]) -> int | None:
        index = view.currentIndex()
        return ids[index.row()] if index.isValid() and index.row() < len(ids) else None

    def book(self, *, vehicle_id: int | None = None, customer_id: int | None = None,
             reminder_id: int | None = None, what: str = "",
             package_id: int | None = None) -> BookDialog:
        """Open the booking dialog (from here, a customer's file or a service due)."""
        from shopdesk.gui.workshop.dialogs import BookDialog, open_dialog  # (when first used)

        dialog = BookDialog(self.context, self, vehicle_id=vehicle_id, customer_id=customer_id,
                            reminder_id=reminder_id, what=what, package_id=package_id)
        self.dialog = open_dialog(dialog, lambda _row: self.refresh())
        return dialog

    def _calendar_book(self, index) -> None:
        from shopdesk.gui.workshop.dialogs import BookDialog, open_dialog

        day = self.calendar_day.date().toPython()
        if self.calendar_mode.currentIndex() == 2:
            day = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=index.column())
        when = dt.datetime.combine(day, self.calendar_model._slots[index.row()])
        if self.calendar_model.appointment_at(index.row(), index.column()) is None:
            dialog = BookDialog(self.context, self, when=when)
            if self.calendar_mode.currentIndex() == 0:
                dialog.bay.setCurrentIndex(max(0, dialog.bay.findData(
                    self.calendar_model.headerData(index.column(), Qt.Orientation.Horizontal))))
            self.dialog = open_dialog(dialog, lambda _row: self.refresh())

    def check_in(self) -> CheckInDialog | None:
        """Check in the selected (or the next) appointment of today."""
        from shopdesk.gui.workshop.dialogs import CheckInDialog, open_dialog
        from shopdesk.services.workshop import appointments

        self.fill_now()
        appt_id = self._selected(self._today_view, self.today_ids)
        if appt_id is None:
            waiting = [i for i in self.today_ids
                       if appointments.get(self.context.actor, i).status in appointments.LIVE]
            appt_id = waiting[0] if waiting else None
        if appt_id is None:
            self.message.setText(self.tr("No appointment to check in today: use Walk-in (Ctrl+N)"))
            return None
        dialog = CheckInDialog(self.context, self, appointment_id=appt_id)
        self.dialog = open_dialog(dialog, lambda order: self._checked_in(order, dialog.refusals))
        return dialog

    def walk_in(self) -> CheckInDialog:
        """A car without an appointment: check in by plate."""
        from shopdesk.gui.workshop.dialogs import CheckInDialog, open_dialog

        dialog = CheckInDialog(self.context, self)
        self.dialog = open_dialog(dialog, self._checked_in)
        return dialog

    def _checked_in(self, order: object, refusals: list[ShopDeskError] | None = None) -> None:
        self.refresh()
        self.open_order(order.id)  # type: ignore[attr-defined]
        if refusals:  # the booked service could not go on the order: say why, in the editor
            screen = self.window().screens.get("repair_orders")  # type: ignore[attr-defined]
            editor = getattr(screen, "editor", None)
            if editor is not None:
                editor.message.setText(self.tr("The booked service was not added: {reason}")
                                       .format(reason=refusals[0].translated()))

    def confirm(self) -> None:
        from shopdesk.services.workshop import appointments

        self.fill_now()
        appt_id = self._selected(self._confirm_view, self.confirm_ids)
        if appt_id is None:
            return
        try:
            with self.context.changing():  # (the desk refreshes as it hears of it)
                appointments.confirm(self.context.actor, appt_id)
        except ShopDeskError as exc:
            show_refusal(self.message, exc)

    def take_payment(self) -> str:
        """F12: pay for the car selected in "Ready for collection" (its order opens in the
        editor, where the invoice is made or paid)."""
        self.fill_now()
        order_id = self._selected(self._ready_view, self.ready_ids)
        if order_id is None:
            return self.tr("Select a car in Ready for collection, or open the invoice, the "
                           "customer's file or the repair order, then F12")
        self.open_order(order_id)
        screen = self.window().screens.get("repair_orders")  # type: ignore[attr-defined]
        return screen.take_payment() if screen is not None else ""

    def open_order(self, order_id: int) -> None:
        """Show a repair order on the repair orders screen."""
        window = self.window()
        show = getattr(window, "show_screen", None)
        screen = show("repair_orders") if callable(show) else None
        if screen is not None and hasattr(screen, "open_order"):
            screen.open_order(order_id)


def build(context: AppContext) -> QWidget:
    return FrontDesk(context)
