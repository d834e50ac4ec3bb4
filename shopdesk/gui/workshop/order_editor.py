"""The repair-order editor: concerns, recommendations from earlier visits, inspection,
estimate lines with the customer's answer, packages, technicians, clock, status, print.

Keyboard: Ctrl+S save concerns, Ctrl+L new line, Ctrl+D mark the selected line declined
(again: undo; a line just added is the selected one), Alt+M a finding of the inspection onto
the estimate (the cursor in its price), Alt+Y how the customer answered, Ctrl+Shift+A record
the customer's answer, F9 clock on/off, Ctrl+Shift+D job done, Ctrl+P print the estimate,
Ctrl+J print the job card (through the print dialog; Save as PDF… keeps a file).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.fit_columns import FitColumns
from shopdesk.gui.widgets.flow_layout import flow_row
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.one_line_label import OneLineLabel
from shopdesk.gui.widgets.owner_approval import with_owner_approval
from shopdesk.gui.widgets.retry import RetryButton
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.gui.widgets.tab_order import chain
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import Permission
from shopdesk.services.pricing import pricing
from shopdesk.services.shop import users
from shopdesk.services.stock import parts
from shopdesk.services.workshop import (
    job_clock,
    maintenance,
    order_basics,
    repair_order_invoicing,
    repair_orders,
    service_due,
    workshop_parts,
)
from shopdesk.services.workshop.repair_orders import (
    Approval,
    Condition,
    LineInput,
    LineKind,
    Status,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from shopdesk.services.workshop.repair_orders import RepairOrder

LINE_HEADERS = [QT_TRANSLATE_NOOP("OrderEditor", "Kind"),
                QT_TRANSLATE_NOOP("OrderEditor", "Description"),
                QT_TRANSLATE_NOOP("OrderEditor", "Qty / h"),
                QT_TRANSLATE_NOOP("OrderEditor", "Price"),
                QT_TRANSLATE_NOOP("OrderEditor", "Disc."),
                QT_TRANSLATE_NOOP("OrderEditor", "Amount"),
                QT_TRANSLATE_NOOP("OrderEditor", "Technician"),
                QT_TRANSLATE_NOOP("OrderEditor", "Answer")]
# preferred widths of LINE_HEADERS (the description takes what is left over)
LINE_WIDTHS = [64, 220, 84, 84, 50, 92, 110, 76]
ANSWERS = {Approval.PENDING: QT_TRANSLATE_NOOP("OrderEditor", "waiting"),
           Approval.APPROVED: QT_TRANSLATE_NOOP("OrderEditor", "approved"),
           Approval.DECLINED: QT_TRANSLATE_NOOP("OrderEditor", "declined")}
# how the customer answered (stored as the service's key, shown in the screen's language)
APPROVAL_METHOD_LABELS = {"in person": QT_TRANSLATE_NOOP("OrderEditor", "in person"),
                          "phone": QT_TRANSLATE_NOOP("OrderEditor", "phone"),
                          "message": QT_TRANSLATE_NOOP("OrderEditor", "message"),
                          "e-mail": QT_TRANSLATE_NOOP("OrderEditor", "e-mail")}


def finding_line_text(item: str, note: str) -> str:
    """The estimate line a finding of the inspection becomes: "Battery — fails load test"."""
    return f"{item} — {note}" if note.strip() else item


# the most urgent findings are priced first
_URGENCY = {Condition.URGENT: 0, Condition.SOON: 1}


class _ShortTable(QTableView):
    """A table whose preferred height is its minimum: on a short pane what follows it (the
    totals) stays in view; a taller pane gives it the room (it stretches)."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), max(self.minimumHeight(), 70))


def _table(headers: list[str], kind: type[QTableView] = QTableView) -> tuple[QTableView,
                                                                              RowsModel]:
    view = leave_on_tab(kind())
    model = RowsModel(headers, view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view, model


class _ShownWhenSet(QLabel):
    """A label that takes no room while it has nothing to say."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class OrderEditor(QWidget):
    """Edits one repair order; every saved change is told to the screens (``_run``)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.order: RepairOrder | None = None
        self.line_ids: list[int] = []
        self.line_versions: dict[int, int] = {}  # the version of each line as shown
        self.declined: set[int] = set()
        self.recommendation_ids: list[int] = []
        self.findings_waiting: list[int] = []  # ids of findings to price, most urgent first
        self.last_pdf: bytes = b""
        self.pdf_folder: Path | None = None  # tests and "save to folder" set this
        self._build()
        self._shortcuts()
        self.show_order(None)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)
        self.recommended = _ShownWhenSet()  # no empty line above the work when none
        self.recommended.hide()
        self.recommended.setObjectName("warningLabel")
        self.recommended.setWordWrap(True)
        rec_row = QHBoxLayout()
        rec_row.addWidget(self.recommended, 1)
        self.take_up_button = QPushButton(self.tr("Add recommended work"))  # (Alt+R: Retry)
        self.take_up_button.clicked.connect(self.take_up_recommendations)
        rec_row.addWidget(self.take_up_button)
        layout.addLayout(rec_row)

        # Concerns and inspection fold into one line when, open, they would push the
        # estimate's lines and totals out of the pane (1366 x 768 at 125 %: see fit_height);
        # Alt+N (or a click) opens or folds them by hand.
        fold_row = QHBoxLayout()
        self.concerns_toggle = QToolButton()
        self.concerns_toggle.setObjectName("foldButton")
        self.concerns_toggle.setText(self.tr("Co&ncerns and inspection"))
        self.concerns_toggle.setCheckable(True)
        self.concerns_toggle.setChecked(True)
        self.concerns_toggle.setAutoRaise(True)
        self.concerns_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.concerns_toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.concerns_summary = OneLineLabel()
        self.concerns_summary.setObjectName("hintLabel")
        self.concerns_summary.hide()
        fold_row.addWidget(self.concerns_toggle)
        fold_row.addWidget(self.concerns_summary, 1)
        fold_row.addStretch(0)  # open (no summary): the button stays on the left
        layout.addLayout(fold_row)
        self.concerns_panel = QWidget()
        self._room: int | None = None  # the pane's height, once fit_height is told it
        self._folded_by_hand = False

        def show_concerns(on: bool) -> None:
            self.concerns_panel.setVisible(on)
            self.concerns_summary.setVisible(not on)
            self.concerns_toggle.setArrowType(Qt.ArrowType.DownArrow if on
                                              else Qt.ArrowType.RightArrow)

        def by_hand(on: bool) -> None:
            self._folded_by_hand = True
            if on:
                self.concerns.setFocus(Qt.FocusReason.ShortcutFocusReason)

        def summarise() -> None:
            concerns = " ".join(self.concerns.toPlainText().split())
            findings = self.inspection_model.rowCount()
            self.concerns_summary.setText(" · ".join((
                concerns or self.tr("No concerns written"),
                self.tr("Findings: {count}").format(count=findings))))

        self.concerns_toggle.toggled.connect(show_concerns)
        self.concerns_toggle.clicked.connect(by_hand)
        self.top_row = top = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.concerns_panel)
        top.setContentsMargins(0, 0, 0, 0)
        self.concerns_box = concerns_box = QGroupBox(self.tr("Customer's concerns"))
        cl = QVBoxLayout(concerns_box)
        self.concerns = QPlainTextEdit()
        self.concerns.setTabChangesFocus(True)
        self.concerns.setPlaceholderText(self.tr("In the customer's own words"))
        self.concerns.setMaximumHeight(70)
        cl.addWidget(self.concerns)
        self.save_button = QPushButton(self.tr("&Save concerns"))
        self.save_button.clicked.connect(self.save_concerns)
        cl.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        top.addWidget(concerns_box, 1)
        self.inspect_box = inspect_box = QGroupBox(self.tr("Inspection"))
        il = QVBoxLayout(inspect_box)
        self.inspection_view, self.inspection_model = _table([self.tr("Item"), self.tr("Finding"),
                self.tr("Note")])
        self.inspection_view.setMaximumHeight(110)
        FitColumns(self.inspection_view, [140, 80, 120], stretch=[2])
        il.addWidget(self.inspection_view)
        irow = QHBoxLayout()
        self.finding_item = QLineEdit()
        self.finding_item.setPlaceholderText(self.tr("Item, e.g. Front brake pads"))
        self.finding_condition = QComboBox()
        for cond in Condition:
            self.finding_condition.addItem(shown(order_basics.CONDITION_LABELS[cond]), cond.value)
        self.finding_note = QLineEdit()
        self.finding_note.setPlaceholderText(self.tr("Note"))
        self.finding_add = QPushButton(self.tr("Add finding"))  # (Enter in its fields adds it)
        self.finding_add.clicked.connect(self.add_finding)
        self.finding_note.returnPressed.connect(self.add_finding)
        for w in (self.finding_item, self.finding_condition, self.finding_note, self.finding_add):
            irow.addWidget(w)
        irow.setStretchFactor(self.finding_item, 2)
        self.finding_condition.setSizeAdjustPolicy(  # long labels must not widen the editor
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.finding_condition.setMinimumContentsLength(8)
        irow.setStretchFactor(self.finding_note, 1)
        il.addLayout(irow)
        top.addWidget(inspect_box, 2)
        layout.addWidget(self.concerns_panel)
        self.concerns.textChanged.connect(summarise)
        for signal in (self.inspection_model.modelReset, self.inspection_model.rowsInserted,
                       self.inspection_model.rowsRemoved):
            signal.connect(summarise)
        summarise()

        lines_box = QGroupBox(self.tr("Estimate"))
        ll = QVBoxLayout(lines_box)
        self.lines_view, self.lines_model = _table([self.tr(h) for h in LINE_HEADERS],
                                                   _ShortTable)
        # columns fit the pane (no sideways scrolling); narrow: every column gives, text "…"
        self.line_columns = FitColumns(self.lines_view, LINE_WIDTHS, stretch=[1])
        ll.addWidget(self.lines_view, 1)
        self.lines_view.setMinimumHeight(  # the header and five lines stay in view
            self.lines_view.horizontalHeader().sizeHint().height()
            + 5 * self.lines_view.verticalHeader().defaultSectionSize() + 4)
        self.totals = QLabel()
        self.totals.setWordWrap(True)  # four sums in one line are wider than a narrow pane
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        ll.addWidget(self.totals)
        # findings of the inspection that need work, to price onto the estimate in the new line
        # just under (in view even when the concerns and inspection are folded; under the
        # totals, so that on a short pane it does not push them out of view)
        finding_row = QHBoxLayout()
        self.findings_label = _ShownWhenSet()
        self.findings_label.hide()
        self.findings_label.setObjectName("warningLabel")
        self.findings_label.setWordWrap(True)
        finding_row.addWidget(self.findings_label, 1)
        self.quote_button = QPushButton(self.tr("Add to esti&mate"))
        self.quote_button.setToolTip(self.tr(
            "The selected finding (else the most urgent one not on the estimate yet) as a new "
            "line: type its price, Enter adds it"))
        self.quote_button.clicked.connect(self.quote_finding)
        finding_row.addWidget(self.quote_button)
        ll.addLayout(finding_row)
        add = QGridLayout()
        self.line_kind = QComboBox()
        for kind in LineKind:
            self.line_kind.addItem(shown(repair_orders.KIND_LABELS[kind]), kind.value)
        self.line_part = QLineEdit()
        self.line_part.setPlaceholderText(self.tr("Part no. / barcode"))
        self.line_description = QLineEdit()
        self.line_description.setPlaceholderText(self.tr("Description"))
        self.line_qty = QLineEdit("1")
        self.line_qty.setPlaceholderText(self.tr("Qty / hours"))
        self.line_qty.setMaximumWidth(80)
        self.line_price = QLineEdit()
        self.line_price.setPlaceholderText(self.tr("Price (blank: list / rate)"))
        self.line_price.setMaximumWidth(150)
        self.line_discount = QLineEdit()
        self.line_discount.setPlaceholderText(self.tr("Disc. %"))
        self.line_discount.setMaximumWidth(70)
        self.line_tech = QComboBox()
        self.line_tech.setProperty("shopData", True)  # the shop's technicians
        self.line_add = QPushButton(self.tr("&Add line"))
        self.line_add.clicked.connect(self.add_line)
        for edit in (self.line_description, self.line_qty, self.line_price, self.line_part,
                     self.line_discount):
            edit.returnPressed.connect(self.add_line)
        # two rows: the description stays wide at 1366 px and at 125-150 % scaling
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(self.line_kind)
        first.addWidget(self.line_part)
        first.addWidget(self.line_description, 1)
        for w in (self.line_qty, self.line_price, self.line_discount, self.line_tech):
            second.addWidget(w)
        second.addStretch(1)
        second.addWidget(self.line_add)
        add.addLayout(first, 0, 0)
        add.addLayout(second, 1, 0)
        ll.addLayout(add)
        pkg_holder, pkg_row = flow_row()  # wraps when narrow
        self.package_combo = QComboBox()
        self.package_combo.setProperty("shopData", True)  # the shop's packages
        self.package_combo.setMinimumWidth(220)
        self.package_add = QPushButton(self.tr("Add pac&kage"))
        self.package_add.clicked.connect(self.add_package)
        self.assign_button = QPushButton(self.tr("Assi&gn technician"))
        self.assign_button.clicked.connect(self.assign_selected)
        self.decline_button = QPushButton(self.tr("Mark declined"))  # (Ctrl+D; Alt+D: Desk)
        self.decline_button.setToolTip(self.tr("Ctrl+D: the customer said no to the selected line"))
        self.decline_button.clicked.connect(self.toggle_declined)
        self.remove_button = QPushButton(self.tr("Remo&ve line"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.fitted_button = QPushButton(self.tr("Part fi&tted"))
        self.fitted_button.setToolTip(self.tr("The selected approved part is on the car (it leaves "
                                      "stock now if the shop books parts when fitted)"))
        self.fitted_button.clicked.connect(self.fit_selected)
        for w in (QLabel(self.tr("Package:")), self.package_combo, self.package_add):
            pkg_row.addWidget(w)
        for w in (self.assign_button, self.decline_button, self.remove_button,
                  self.fitted_button):
            pkg_row.addWidget(w)
        ll.addWidget(pkg_holder)
        from shopdesk.gui.counter.comeback_panel import ComebackPanel

        self.comeback_panel = ComebackPanel(self.context, self)  # comebacks, warranty work
        ll.addWidget(self.comeback_panel)
        approve_row = QHBoxLayout()
        answered = QLabel(self.tr("Customer answered b&y"))
        approve_row.addWidget(answered)
        self.method = QComboBox()
        for method in repair_orders.APPROVAL_METHODS:
            self.method.addItem(self.tr(APPROVAL_METHOD_LABELS.get(method, method)), method)
        answered.setBuddy(self.method)
        approve_row.addWidget(self.method)
        self.approve_button = QPushButton(self.tr("Record approva&l"))  # (Alt+A: Add line)
        self.approve_button.setToolTip(self.tr(
                "Ctrl+Shift+A: every waiting line approved except the "
                                       "ones marked declined"))
        self.approve_button.clicked.connect(self.record_approval)
        approve_row.addWidget(self.approve_button)
        approve_row.addStretch(1)
        ll.addLayout(approve_row)
        layout.addWidget(lines_box, 1)
        self.lines_box = lines_box

        actions_holder, actions = flow_row()  # wraps when narrow
        self.clock_button = QPushButton(self.tr("Clock &on (F9)"))
        self.clock_button.clicked.connect(self.toggle_clock)
        self.waiting_button = QPushButton(self.tr("&Waiting for parts"))
        self.waiting_button.clicked.connect(lambda: self.move(Status.WAITING_PARTS))
        self.resume_button = QPushButton(self.tr("Res&ume work"))  # (Alt+R: Retry)
        self.resume_button.clicked.connect(lambda: self.move(Status.IN_PROGRESS))
        self.done_button = QPushButton(self.tr("Jo&b done"))  # (Alt+O: Clock on)
        self.done_button.clicked.connect(lambda: self.move(Status.DONE))
        self.invoice_button = QPushButton(self.tr("Make &invoice"))
        self.invoice_button.clicked.connect(self.make_invoice)
        self.collected_button = QPushButton(self.tr("&Collected"))
        self.collected_button.clicked.connect(lambda: self.move(Status.COLLECTED))
        self.cancel_button = QPushButton(self.tr("Cancel order"))
        self.cancel_button.clicked.connect(lambda: self.move(Status.CANCELLED))
        self.estimate_button = QPushButton(self.tr("Print &estimate…"))
        self.estimate_button.clicked.connect(lambda: self.print_pdf("estimate"))
        self.job_card_button = QPushButton(self.tr("Print &job card…"))
        self.job_card_button.clicked.connect(lambda: self.print_pdf("job card"))
        self.history_button = QPushButton(self.tr("Service history…"))  # (Alt+H: Help)
        self.history_button.setToolTip(self.tr("Print the car's service history"))
        self.history_button.clicked.connect(lambda: self.print_pdf("service history"))
        self.save_pdf_button = QPushButton(self.tr("Save as PDF…"))
        save_menu = QMenu(self.save_pdf_button)
        for text, which in ((self.tr("&Estimate"), "estimate"),
                            (self.tr("&Job card"), "job card"),
                            (self.tr("Service &history"), "service history")):
            save_menu.addAction(text).triggered.connect(
                lambda _checked=False, which=which: self.save_pdf(which))
        self.save_pdf_button.setMenu(save_menu)
        for w in (self.clock_button, self.waiting_button, self.resume_button, self.done_button,
                  self.invoice_button, self.collected_button, self.cancel_button):
            actions.addWidget(w)
        actions.addWidget(self.estimate_button)
        actions.addWidget(self.job_card_button)
        actions.addWidget(self.history_button)
        actions.addWidget(self.save_pdf_button)
        layout.insertWidget(2, actions_holder)  # under the title: always in view
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.retry = RetryButton()  # (a busy database: Alt+R saves again)
        said = QHBoxLayout()
        said.addWidget(self.message, 1)
        said.addWidget(self.retry)
        layout.addLayout(said)
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        layout.addWidget(self.due_label)
        # Tab: the fold button, then (the recommended work and) the concerns it opens
        QWidget.setTabOrder(self.concerns_toggle, self.take_up_button)

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+S", self.save_concerns), ("Ctrl+L", self.focus_new_line),
                           ("Ctrl+D", self.toggle_declined),
                           ("Ctrl+Shift+A", self.record_approval), ("F9", self.toggle_clock),
                           ("Ctrl+Shift+D", lambda: self.move(Status.DONE)),
                           ("Ctrl+P", lambda: self.print_pdf("estimate")),
                           ("Ctrl+J", lambda: self.print_pdf("job card"))):
            shortcut = QShortcut(QKeySequence(keys), self, activated=slot)
            shortcut.setContext(context)
        describe(self, {
            "Ctrl+S": self.tr("Save the customer's concerns"),
            "Ctrl+L": self.tr("New estimate line (cursor to Description)"),
            "Ctrl+D": self.tr("Mark the selected line declined (again: undo)"),
            "Ctrl+Shift+A": self.tr("Record the customer's answer"),
            "F9": self.tr("Clock on or off this job"),
            "Ctrl+Shift+D": self.tr("Job done"),
            "Ctrl+P": self.tr("Print the estimate"),
            "Ctrl+J": self.tr("Print the job card")},
            {"Ctrl+S": self.save_button, "Ctrl+L": self.line_add,
             "Ctrl+D": self.decline_button, "Ctrl+Shift+A": self.approve_button,
             "F9": self.clock_button, "Ctrl+Shift+D": self.done_button,
             "Ctrl+P": self.estimate_button, "Ctrl+J": self.job_card_button})
        chain(self.take_up_button, self.concerns, self.save_button, self.finding_item,
              self.finding_condition, self.finding_note, self.finding_add,
              self.inspection_view, self.lines_view, self.quote_button, self.line_kind,
              self.line_part,
              self.line_description, self.line_qty, self.line_price, self.line_discount,
              self.line_tech, self.line_add, self.package_combo, self.package_add,
              self.assign_button, self.decline_button, self.remove_button,
              self.fitted_button, self.method, self.approve_button, self.clock_button,
              self.waiting_button, self.resume_button, self.done_button, self.invoice_button,
              self.collected_button, self.cancel_button, self.estimate_button,
              self.job_card_button, self.history_button, self.save_pdf_button)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow (125-150 % scaling, 1366 px): stack the concerns and the inspection, so
        the editor fits its pane without sideways scrolling; side by side when they fit."""
        margins = self.layout().contentsMargins()
        side_by_side = (self.concerns_box.minimumSizeHint().width()
                        + self.inspect_box.minimumSizeHint().width() + self.top_row.spacing()
                        + margins.left() + margins.right() + 24)
        direction = (QBoxLayout.Direction.LeftToRight if event.size().width() >= side_by_side
                     else QBoxLayout.Direction.TopToBottom)
        if self.top_row.direction() != direction:
            self.top_row.setDirection(direction)
        super().resizeEvent(event)
        self.fit_height()

    def fit_height(self, room: int | None = None) -> None:
        """The pane shows ``room`` pixels of the editor's height (None: as told before).
        Fold the concerns and inspection when, open, they would push the estimate's lines and
        totals below that, so the work in hand is in view at 1366 x 768 and 125 %; open them
        again once there is room. Opened or folded by hand (Alt+N), they stay so. An editor
        never told its room (a window of its own) keeps them open."""
        if room is not None:
            self._room = room
        if self._room is None or self._folded_by_hand:
            return
        layout = self.layout()
        layout.activate()
        panel = 0 if self.concerns_toggle.isChecked() else (
            self.concerns_panel.sizeHint().height() + layout.spacing())
        totals = self.totals.heightForWidth(max(self.totals.width(), 200))
        lines = self.lines_view.mapTo(self, QPoint(0, 0)).y()
        bottom = (lines + self.lines_view.minimumHeight() + self.lines_box.layout().spacing()
                  + totals + self.lines_box.layout().contentsMargins().bottom() + panel)
        open_ = bottom <= self._room
        if self.concerns_toggle.isChecked() != open_:
            self.concerns_toggle.setChecked(open_)

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a text above the lines grew or shrank
            self.fit_height()
        return done

    # ------------------------------------------------------------------ showing
    def show_order(self, order_id: int | None) -> None:
        """Show an order (None: nothing selected)."""
        self.message.clear()
        self.declined = set()
        self.order = repair_orders.get(self.context.actor, order_id) if order_id else None
        enabled = self.order is not None
        for w in [*self.findChildren(QPushButton), self.concerns, self.line_description]:
            w.setEnabled(enabled)
        if self.order is None:
            self.title.setText(self.tr("No repair order selected"))
            self.facts.setText(self.tr(
                "Choose one in the list (Enter opens it), or check a car in: Walk-in by plate "
                "(Ctrl+Shift+R) or New repair order on the customer's file (Ctrl+R)."))
            for label in (self.recommended, self.totals, self.due_label, self.findings_label):
                label.clear()
            self.quote_button.hide()
            self.take_up_button.hide()
            self.lines_model.set_rows([])
            self.inspection_model.set_rows([])
            self.comeback_panel.refresh(None)
            return
        self._fill()

    def _fill(self) -> None:
        order = self.order
        assert order is not None
        vehicle, customer = order.vehicle, order.customer
        status = Status(order.status)
        self.title.setText(f"{order.number} · {shown(repair_orders.STATUS_LABELS[status])}")
        car = " ".join(str(x) for x in (vehicle.year, vehicle.make, vehicle.model) if x)
        odo = f" · {formatting.number(order.odometer)} km" if order.odometer is not None else ""
        self.facts.setText(self.tr(
                "{display_name} · {plate} {car}{odo} · opened {datetime}").format(
                        display_name=customer.display_name, plate=vehicle.plate, car=car, odo=odo,
                                datetime=formatting.datetime(order.created_at)))
        self.concerns.setPlainText(order.concerns)
        recs = repair_orders.declined_work(self.context.actor, vehicle.id, before_order=order.id)
        self.recommendation_ids = [li.id for li in recs]
        self.recommended.setText(
            self.tr("Recommended at an earlier visit (declined then): {work}").format(
                work="; ".join(f"{li.description} ({li.repair_order.number})" for li in recs))
            if recs else "")
        self.take_up_button.setVisible(bool(recs))
        findings = repair_orders.inspection_of(self.context.actor, order)
        self.inspection_model.set_rows([
            (i.item, shown(order_basics.CONDITION_LABELS[Condition(i.condition)]), i.note)
            for i in findings])
        names = users.names_by_id(self.context.actor)
        lines = repair_orders.lines_of(self.context.actor, order)
        current = self.selected_line() if self.line_ids else None  # kept across the refresh
        self.line_ids = [li.id for li in lines]
        self.line_versions = {li.id: li.version for li in lines}
        self._show_findings(findings, lines)
        rows = []
        for li in lines:
            answer = self.tr(ANSWERS[Approval(li.approval)])
            if li.id in self.declined and li.approval == Approval.PENDING:
                answer = self.tr("declining…")
            qty = formatting.quantity(li.quantity)
            if li.kind == LineKind.LABOUR and li.hours != li.quantity:
                qty += f" ({formatting.quantity(li.hours)} h)"
            rows.append((shown(repair_orders.KIND_LABELS[LineKind(li.kind)]),
                         li.description + (f"  [{li.sku}]" if li.sku else ""), qty,
                         formatting.money(li.unit_price),
                         f"{li.discount_percent.normalize():f}%" if li.discount_percent else "",
                         formatting.money(repair_orders.amount(li)),
                         names.get(li.technician_id, ""), answer))
        self.lines_model.set_rows(rows)
        if current in self.line_ids:
            self.select_line(self.line_ids.index(current))
        self.line_columns.fit()
        t = repair_orders.totals(self.context.actor, order)
        self.totals.setText(self.tr("Approved {money} · waiting {money2} · declined {money3} "
                                "· labour sold {quantity} h").format(money=formatting.money(
                                        t.approved), money2=formatting.money(t.pending),
                                                money3=formatting.money(t.declined),
                                                        quantity=formatting.quantity(t.hours_sold)))
        self.package_combo.clear()
        # what adding it will charge
        level = pricing.level_of_customer(self.context.actor, order.customer_id)
        for pkg in maintenance.for_vehicle(self.context.actor, vehicle):
            self.package_combo.addItem(
                f"{pkg.name} — "
                f"{formatting.money(maintenance.list_price(self.context.actor, pkg, level))}",
                pkg.id)
        due = service_due.for_vehicle(self.context.actor, vehicle.id)
        if due:  # the package due first is the one Add package (Alt+K) adds
            self.package_combo.setCurrentIndex(max(0, self.package_combo.findData(
                due[0].package_id)))
        self.line_tech.clear()
        self.line_tech.addItem(self.tr("(no technician)"), None)
        for technician in users.technicians(self.context.actor):
            self.line_tech.addItem(technician.name, technician.id)
        self._enable(status)
        self.comeback_panel.refresh(order)
        running = job_clock.on_the_clock(self.context.actor, self.context.actor.user_id or 0)
        on_this = running is not None and running.repair_order_id == order.id
        self.clock_button.setText(self.tr("Cl&ock off (F9)") if on_this else self.tr(
                "Clock &on (F9)"))
        today = dt.date.today()
        parts = []
        for d in due:
            name = maintenance.get(self.context.actor, d.package_id).name
            by = formatting.date(d.due_on)
            text = (self.tr("{package} by {date} or {km} km").format(
                        package=name, date=by, km=formatting.number(d.due_km)) if d.due_km
                    else self.tr("{package} by {date}").format(package=name, date=by))
            parts.append(self.tr("OVERDUE {service}").format(service=text)
                         if d.due_on < today else text)
        self.due_label.setText(self.tr("Next services: {services}").format(
            services="; ".join(parts)) if due else "")

    def _enable(self, status: Status) -> None:
        can_edit = self.context.can(Permission.MANAGE_REPAIR_ORDERS)
        editable = status in order_basics.EDITABLE and can_edit
        for w in (self.line_add, self.package_add, self.assign_button, self.remove_button,
                  self.decline_button, self.approve_button, self.save_button,
                  self.take_up_button, self.quote_button):
            w.setEnabled(editable)
        self.finding_add.setEnabled(status in order_basics.EDITABLE)
        nxt = order_basics.NEXT[status]
        self.clock_button.setEnabled(status in (Status.APPROVED, Status.IN_PROGRESS,
                                                Status.WAITING_PARTS))
        self.waiting_button.setEnabled(Status.WAITING_PARTS in nxt)
        self.resume_button.setEnabled(status in (Status.WAITING_PARTS, Status.DONE))
        self.done_button.setEnabled(Status.DONE in nxt)
        invoiced = status in (Status.INVOICED, Status.COLLECTED)
        self.invoice_button.setText(self.tr("Open &invoice") if invoiced
                                    else self.tr("Make &invoice"))
        self.invoice_button.setEnabled((status is Status.DONE or invoiced)
                                       and self.context.can(Permission.SELL))
        self.collected_button.setEnabled(status is Status.INVOICED and can_edit)
        self.cancel_button.setEnabled(Status.CANCELLED in nxt and can_edit)

    def _show_findings(self, findings: list, lines: list) -> None:
        """Say which findings need work and are not on the estimate yet (Add to estimate)."""
        on_estimate = {li.description for li in lines}
        waiting = [f for f in findings if Condition(f.condition) in _URGENCY
                   and finding_line_text(f.item, f.note) not in on_estimate]
        waiting.sort(key=lambda f: _URGENCY[Condition(f.condition)])
        self.findings_waiting = [f.id for f in waiting]
        self.findings_label.setText(self.tr("Inspection found: {findings}").format(
            findings="; ".join(
                f"{f.item} — {shown(order_basics.CONDITION_LABELS[Condition(f.condition)])}"
                + (f" ({f.note})" if f.note else "") for f in waiting)) if waiting else "")
        self.quote_button.setVisible(bool(findings) and any(
            Condition(f.condition) in _URGENCY for f in findings))

    # ------------------------------------------------------------------ actions
    def _run(self, action, done: str = "", again: Callable[[], object] | None = None) -> bool:
        """Run a service call (the screens hear what it touched); show a refusal in one line
        (a busy database offers Retry, which runs ``again``: by default this call again),
        refresh after success."""
        self.message.clear()
        self.retry.withdraw()
        try:
            with self.context.changing():
                action()
        except ShopDeskError as exc:
            show_refusal(self.message, exc)
            self.retry.offer(exc, again or (lambda: self._run(action, done)))
            return False
        if done:
            self.context.status.emit(done)
        if self.order is not None:
            self.order = repair_orders.get(self.context.actor, self.order.id)
            self._fill()
        return True

    def selected_line(self) -> int | None:
        index = self.lines_view.currentIndex()
        return self.line_ids[index.row()] if index.isValid() \
            and index.row() < len(self.line_ids) else None

    def select_line(self, row: int) -> None:
        self.lines_view.selectRow(row)

    def save_concerns(self) -> None:
        if self.order is None:
            return
        order = self.order
        self._run(lambda: repair_orders.update_order(
            self.context.actor, order, concerns=self.concerns.toPlainText()),
                  self.tr("Concerns saved"))

    def add_finding(self) -> None:
        if self.order is None:
            return
        items = [(i.item, i.condition, i.note)
                 for i in repair_orders.inspection_of(self.context.actor, self.order)]
        items.append((self.finding_item.text(), self.finding_condition.currentData(),
                      self.finding_note.text()))
        order_id = self.order.id
        if self._run(lambda: repair_orders.set_inspection(self.context.actor, order_id, items)):
            self.finding_item.clear()
            self.finding_note.clear()
            self.finding_item.setFocus()

    def quote_finding(self) -> None:
        """Alt+M: the finding selected in the inspection (else the most urgent one not on the
        estimate yet) into the new line, as a part: the cursor in its price, Enter adds it."""
        if self.order is None or not self.quote_button.isEnabled():
            return
        findings = repair_orders.inspection_of(self.context.actor, self.order)
        index = self.inspection_view.currentIndex()
        chosen = None
        if index.isValid() and index.row() < len(findings) \
                and Condition(findings[index.row()].condition) in _URGENCY:
            chosen = findings[index.row()]
        elif self.findings_waiting:
            chosen = next(f for f in findings if f.id == self.findings_waiting[0])
        if chosen is None:
            self.message.setText(self.tr("No finding of the inspection needs work: choose one "
                                         "marked soon or urgent"))
            return
        self.message.clear()
        self.line_kind.setCurrentIndex(max(0, self.line_kind.findData(LineKind.PART.value)))
        self.line_part.clear()
        self.line_description.setText(finding_line_text(chosen.item, chosen.note))
        self.line_qty.setText("1")
        self.line_price.clear()
        self.line_discount.clear()
        self.line_price.setFocus(Qt.FocusReason.ShortcutFocusReason)
        scroll = self.parentWidget().parentWidget() if self.parentWidget() else None
        if isinstance(scroll, QScrollArea):  # a short pane: the price typed in view
            scroll.ensureWidgetVisible(self.line_price)

    def focus_work(self) -> None:
        """Where the keyboard goes on when an order opens: the new line for whoever prices
        the estimate; the lines (the first one current) for a technician, or on an order
        whose estimate is closed, to clock on (F9) and fit the parts (Alt+T)."""
        status = Status(self.order.status) if self.order is not None else None
        if status in order_basics.EDITABLE and self.context.can(
                Permission.MANAGE_REPAIR_ORDERS):
            self.focus_new_line()
            return
        self.lines_view.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.line_ids and not self.lines_view.currentIndex().isValid():
            self.select_line(0)

    def focus_new_line(self) -> None:
        self.line_description.setFocus()
        self.line_description.selectAll()

    def add_line(self) -> None:
        if self.order is None:
            return
        order_id = self.order.id

        def action() -> None:
            kind = LineKind(self.line_kind.currentData())
            part_id = None
            code = self.line_part.text().strip()
            if code:
                kind = LineKind.PART
                part = parts.find_by_code(self.context.actor, code)
                if part is None:
                    raise ValidationError(f"No part has the number or barcode {code!r}")
                part_id = part.id
            line = LineInput(
                kind, self.line_description.text(), self.line_qty.text().strip() or "1",
                self.line_price.text().strip() or None, part_id,
                discount_percent=self.line_discount.text().strip().rstrip("%") or "0",
                technician_id=self.line_tech.currentData())
            # a discount above the clerk's limit: the owner approves it with their password
            with_owner_approval(self, self.context, lambda approval: repair_orders.add_line(
                self.context.actor, order_id, line, approval=approval))

        if self._run(action, self.tr("Line added"), again=self.add_line):
            for edit in (self.line_description, self.line_price, self.line_part,
                         self.line_discount):
                edit.clear()
            self.line_qty.setText("1")
            self.line_description.setFocus()
            self.select_line(len(self.line_ids) - 1)  # Ctrl+D declines the line just added

    def add_package(self) -> None:
        if self.order is None or self.package_combo.currentData() is None:
            return
        order_id, package_id = self.order.id, self.package_combo.currentData()
        if self._run(lambda: maintenance.add_to_order(self.context.actor, order_id, package_id,
                                                      self.line_tech.currentData()),
                     self.tr("Package added")):
            self.select_line(len(self.line_ids) - 1)

    def assign_selected(self) -> None:
        line_id = self.selected_line()
        if line_id is not None:
            tech = self.line_tech.currentData()
            self._run(lambda: repair_orders.assign(
                self.context.actor, line_id, tech, version=self.line_versions.get(line_id)))

    def remove_selected(self) -> None:
        line_id = self.selected_line()
        if line_id is not None:
            self._run(lambda: repair_orders.remove_line(
                self.context.actor, line_id, version=self.line_versions.get(line_id)))

    def fit_selected(self) -> None:
        line_id = self.selected_line()
        if line_id is not None:
            self._run(lambda: workshop_parts.fit(self.context.actor, line_id),
                      self.tr("Part fitted"))

    def toggle_declined(self) -> None:
        """Mark (or unmark) the selected waiting line as declined before recording."""
        line_id = self.selected_line()
        if line_id is None or self.order is None:
            return
        row = self.lines_view.currentIndex().row()
        self.declined ^= {line_id}
        declined = self.declined
        self._fill()
        self.declined = declined
        self.select_line(row)

    def record_approval(self) -> None:
        if self.order is None:
            return
        order_id, declined = self.order.id, set(self.declined)
        method = self.method.currentData()
        if self._run(lambda: repair_orders.record_approval(
                self.context.actor, order_id, declined=declined, method=method),
                self.tr("Customer's answer recorded")):
            self.declined = set()

    def take_up_recommendations(self) -> None:
        if self.order is None:
            return
        order_id, ids = self.order.id, list(self.recommendation_ids)

        def action() -> None:
            for line_id in ids:
                repair_orders.take_up_recommendation(self.context.actor, order_id, line_id)

        self._run(action, self.tr("Recommended work added"))

    def toggle_clock(self) -> None:
        if self.order is None or self.context.actor.user_id is None:
            return
        running = job_clock.on_the_clock(self.context.actor, self.context.actor.user_id)
        order_id = self.order.id
        if running is not None and running.repair_order_id == order_id:
            self._run(lambda: job_clock.clock_off(self.context.actor, running.id),
                      self.tr("Clocked off"))
        else:
            self._run(lambda: job_clock.clock_on(self.context.actor, order_id),
                      self.tr("Clocked on"))

    def move(self, to: Status) -> None:
        if self.order is None:
            return
        order_id = self.order.id
        self._run(lambda: repair_orders.set_status(self.context.actor, order_id, to),
                  f"{self.order.number}: {shown(repair_orders.STATUS_LABELS[to])}")

    def make_invoice(self) -> None:
        """Alt+I: a done order becomes a draft invoice, shown to issue and take payment; an
        invoiced order shows its invoice."""
        if self.order is None:
            return
        order_id = self.order.id
        invoice = repair_order_invoicing.invoice_of(self.context.actor, order_id)
        if invoice is None:
            made: list = []
            if not self._run(lambda: made.append(repair_order_invoicing.invoice_order(
                    self.context.actor, order_id)), self.tr("Draft invoice made")):
                return
            invoice = made[0]
        self.open_invoice(invoice.id)

    def open_invoice(self, invoice_id: int) -> None:
        """Show the order's invoice (draft: issue it there; issued: pay, print)."""
        from shopdesk.gui.invoices.invoice_view import InvoiceView

        self.invoice_view = InvoiceView(self.context, invoice_id, self)
        self.invoice_view.exec()  # (what it changed is told to the screens)
        if self.order is not None:
            self.show_order(self.order.id)

    def take_payment(self) -> str:
        """F12: pay the order's invoice (a done order: make it first). Returns what to tell
        the clerk when nothing could be paid."""
        if self.order is None:
            return self.tr("Choose a repair order first")
        invoice = repair_order_invoicing.invoice_of(self.context.actor, self.order.id)
        if invoice is None:
            if Status(self.order.status) is not Status.DONE:
                return self.tr("{number} is not invoiced yet: finish the job, then make the "
                               "invoice (Alt+I)").format(number=self.order.number)
            self.make_invoice()
            return ""
        from shopdesk.gui.invoices.invoice_view import InvoiceView
        from shopdesk.gui.invoices.take_payment import refusal, take_payment
        from shopdesk.services.sales.invoices import InvoiceStatus

        if invoice.status == InvoiceStatus.DRAFT:
            self.invoice_view = InvoiceView(self.context, invoice.id, self)
            QTimer.singleShot(0, self.invoice_view.take_payment)  # once the view shows
            self.invoice_view.exec()
            self.show_order(self.order.id)
            return ""
        why = refusal(self.context, invoice)
        if why:
            return why
        _result, text = take_payment(self.context, self, invoice.id)
        if text:
            self.context.status.emit(text)
        return ""

    def _render(self, which: str) -> bytes:
        """The estimate, job card or service history of the order shown, as PDF bytes."""
        assert self.order is not None
        from shopdesk.printing.repair_order import render_estimate, render_job_card
        from shopdesk.printing.service_history import render_history

        if which == "service history":
            self.last_pdf = render_history(self.context.actor, self.order.vehicle_id)
        else:
            render = render_estimate if which == "estimate" else render_job_card
            self.last_pdf = render(self.context.actor, self.order.id)
        return self.last_pdf

    def _file_name(self, which: str) -> str:
        assert self.order is not None
        return f"{self.order.number} {which}.pdf".replace(" ", "-")

    def print_pdf(self, which: str) -> bool:
        """Ctrl+P / Ctrl+J: print the estimate, job card or service history through the print
        dialog (a folder set for "save to folder": written straight there instead)."""
        if self.order is None:
            return False
        pdf = self._render(which)
        if self.pdf_folder is not None:
            (self.pdf_folder / self._file_name(which)).write_bytes(pdf)
            self.context.status.emit(self.tr("Saved {value}").format(
                    value=self.pdf_folder / self._file_name(which)))
            return True
        from shopdesk.gui.invoices.pdf_output import print_document

        printed = print_document(self, pdf)
        if printed:
            self.context.status.emit(self.tr("{number}: sent to the printer").format(
                number=self.order.number))
        return printed

    def save_pdf(self, which: str) -> None:
        """Save as PDF…: the estimate, job card or service history to a file chosen."""
        if self.order is None:
            return
        from shopdesk.gui.invoices.pdf_output import save_pdf

        saved = save_pdf(self, self._render(which), self._file_name(which))
        if saved is not None:
            self.context.status.emit(self.tr("Saved {saved}").format(saved=saved))


def odometer_form(parent: QWidget) -> tuple[QFormLayout, QLineEdit, QLineEdit]:
    """Rows for an odometer reading and the reason it may be lower (check-in dialogs)."""
    form = QFormLayout()
    odometer = QLineEdit()
    odometer.setPlaceholderText(QCoreApplication.translate("order_editor", "km on the dashboard"))
    reason = QLineEdit()
    reason.setPlaceholderText(QCoreApplication.translate("order_editor",
            "Only if lower than last time"))
    form.addRow(QCoreApplication.translate("order_editor", "&Odometer"), odometer)
    form.addRow(QCoreApplication.translate("order_editor", "Reason if &lower"), reason)
    return form, odometer, reason
