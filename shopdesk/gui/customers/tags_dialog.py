"""Tick a customer's tags; make a new tag with a colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.widgets.form_dialog import SAVE, FormDialog, refusal_text
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.crm import customers

if TYPE_CHECKING:
    from shopdesk.services.crm.customers import Customer

COLOURS = [(QT_TRANSLATE_NOOP("TagsDialog", "Slate"), "#627d98"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Green"), "#2e7d32"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Red"), "#b42318"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Blue"), "#1f4e79"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Purple"), "#7c3aed"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Amber"), "#b45309"),
           (QT_TRANSLATE_NOOP("TagsDialog", "Teal"), "#0e7490")]


class TagsDialog(FormDialog):
    """One check box per tag (a shop has a handful), and a line to add a new one."""

    def __init__(self, context: AppContext, customer: Customer,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Tags of {customer.display_name}", parent=parent, context=context,
                         ok=SAVE)
        self.context, self.customer = context, customer
        self.boxes: dict[int, QCheckBox] = {}
        mine = {t.id for t in customers.tags_of(context.actor, customer.id)}
        for tag in customers.all_tags(context.actor):
            self._add_box(tag.id, tag.name, tag.colour, tag.id in mine)
        new_row = QWidget()
        row = QHBoxLayout(new_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("new tag"))
        self.colour = QComboBox()
        for name, colour in COLOURS:
            self.colour.addItem(self.tr(name), colour)
        add = QPushButton(self.tr("&Add"))
        add.clicked.connect(self.add_tag)
        row.addWidget(self.new_name, 1)
        row.addWidget(self.colour)
        row.addWidget(add)
        self.rows.add("name", self.tr("New tag"), new_row)

    def _add_box(self, tag_id: int, name: str, colour: str, checked: bool) -> None:
        box = QCheckBox(name)
        box.setChecked(checked)
        box.setStyleSheet(f"QCheckBox {{ color: {colour}; font-weight: 600; }}")
        self.boxes[tag_id] = box
        self.form.insertRow(max(0, self.form.rowCount() - 1), box)

    def add_tag(self) -> None:
        from shopdesk.errors import ValidationError

        try:
            with self.context.changing():
                tag = customers.add_tag(self.context.actor, self.new_name.text(),
                                        self.colour.currentData())
        except ValidationError as exc:
            self.rows.show("name", refusal_text(exc), "error")
            return
        if tag.id not in self.boxes:
            self._add_box(tag.id, tag.name, tag.colour, True)
        else:
            self.boxes[tag.id].setChecked(True)
        self.new_name.clear()

    def do_save(self) -> object:
        customers.set_tags(self.context.actor, self.customer.id,
                           [tid for tid, box in self.boxes.items() if box.isChecked()])
        return True
