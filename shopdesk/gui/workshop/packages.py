"""Repair orders → Packages: the shop's maintenance packages (which cars, how often, the
price), and the package dialog (its lines entered from the keyboard). Owner's: a clerk sees
the list, New, Edit and Archive are disabled (the service refuses them too)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError, ValidationError
from shopdesk.gui.context import AppContext
from shopdesk.gui.dialogs.shortcuts import describe
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import SAVE, ErrorLine, FormDialog, show_refusal
from shopdesk.gui.widgets.list_keys import open_on_enter
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.money import MoneyError, to_money, to_quantity
from shopdesk.services.access import Permission
from shopdesk.services.changes import Changes
from shopdesk.services.crm import fuel as fuels
from shopdesk.services.stock import parts
from shopdesk.services.workshop import maintenance
from shopdesk.services.workshop.maintenance import PackageInput
from shopdesk.services.workshop.repair_orders import LineInput

KINDS = (("labour", QT_TRANSLATE_NOOP("PackagesPage", "Labour")),
         ("part", QT_TRANSLATE_NOOP("PackagesPage", "Part")),
         ("fee", QT_TRANSLATE_NOOP("PackagesPage", "Fee")))
HEADERS = (QT_TRANSLATE_NOOP("PackagesPage", "Package"),
           QT_TRANSLATE_NOOP("PackagesPage", "Which cars"),
           QT_TRANSLATE_NOOP("PackagesPage", "Due"),
           QT_TRANSLATE_NOOP("PackagesPage", "Season"),
           QT_TRANSLATE_NOOP("PackagesPage", "Price"))
LINE_HEADERS = (QT_TRANSLATE_NOOP("PackagesPage", "Kind"),
                QT_TRANSLATE_NOOP("PackagesPage", "Description"),
                QT_TRANSLATE_NOOP("PackagesPage", "Part"),
                QT_TRANSLATE_NOOP("PackagesPage", "Qty / hours"),
                QT_TRANSLATE_NOOP("PackagesPage", "Hours"),
                QT_TRANSLATE_NOOP("PackagesPage", "Unit price"))


class _GreyedRows(RowsModel):
    """Rows; those listed in ``greyed`` (archived packages) drawn grey."""

    def __init__(self, headers: list[str], parent: Any = None) -> None:
        super().__init__(headers, parent)
        self.greyed: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and \
                index.row() in self.greyed:
            return QColor("#8a8a8a")
        return super().data(index, role)


def cars_text(pkg: Any) -> str:
    """Which cars a package is for: make model engine, fuels, years ("Any car" when open)."""
    parts_ = [" ".join(x for x in (pkg.make, pkg.model, pkg.engine) if x)]
    if pkg.fuel_types:
        chosen = fuels.fuel_set(pkg.fuel_types)
        parts_.append(translate("PackagesPage", ", ").join(
            shown(fuels.LABELS[f]) for f in fuels.KNOWN_FUELS if f in chosen))
    if pkg.year_from or pkg.year_to:
        parts_.append(f"{pkg.year_from or ''}–{pkg.year_to or ''}")
    text = translate("PackagesPage", "; ").join(p for p in parts_ if p)
    return text or translate("PackagesPage", "Any car")


def due_text(pkg: Any) -> str:
    """"every 10,000 km or 12 months" in the screen's language."""
    km = translate("PackagesPage", "{km} km").format(
        km=formatting.number(pkg.interval_km)) if pkg.interval_km else ""
    months = translate("PackagesPage", "{months} months").format(
        months=pkg.interval_months) if pkg.interval_months else ""
    if km and months:
        return translate("PackagesPage", "every {km} or {months}").format(km=km, months=months)
    if km or months:
        return translate("PackagesPage", "every {what}").format(what=km or months)
    return ""


class PackagesPage(QWidget):
    """The packages list: Enter edits, Insert or Alt+N new, Alt+A archives or restores (asked
    first), typing in the find box narrows the list."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.packages: list[Any] = []  # the rows shown
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Find a package"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.refresh)
        self.find.returnPressed.connect(self.edit)
        self.show_archived = QCheckBox(self.tr("Show arch&ived"))
        self.show_archived.toggled.connect(self.refresh)
        self.new_button = QPushButton(self.tr("&New package…"))
        self.new_button.clicked.connect(self.new)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.archive_button = QPushButton(self.tr("&Archive"))
        self.archive_button.clicked.connect(self.archive)
        owner = context.can(Permission.CHANGE_PRICES)
        for button in (self.new_button, self.edit_button, self.archive_button):
            button.setEnabled(owner)
        self.back_button = QPushButton(self.tr("Repair or&ders"))  # (the screen connects it)
        self.back_button.setToolTip(self.tr("Back to the repair orders"))
        bar.addWidget(self.back_button)
        bar.addWidget(self.find, 1)
        for w in (self.show_archived, self.new_button, self.edit_button, self.archive_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.model = _GreyedRows([self.tr(h) for h in HEADERS], self)
        self.view = read_only_table(self.model, (200, 260, 220, 100))
        header = self.view.horizontalHeader()  # the cars take the room left; all in view
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        open_on_enter(self.view, lambda _index: self.edit())
        self.view.selectionModel().currentRowChanged.connect(self._follow)
        layout.addWidget(self.view, 1)
        self.error = ErrorLine()
        layout.addWidget(self.error)
        QShortcut(QKeySequence("Insert"), self, activated=self.new).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        describe(self, {"Insert": self.tr("New maintenance package")},
                 {"Insert": self.new_button})
        context.on_change(self, Changes.REMINDERS | Changes.PARTS | Changes.PRICING
                          | Changes.SETTINGS, self.refresh)
        self.setTabOrder(self.find, self.view)

    def refresh(self) -> None:
        """Re-read the packages (the find box narrows by name, description or car)."""
        keep = self.current()
        needle = self.find.text().strip().casefold()
        found = maintenance.all_packages(self.context.actor, self.show_archived.isChecked())
        rows, self.packages, greyed = [], [], set()
        for pkg in found:
            cells = (pkg.name, cars_text(pkg), due_text(pkg),
                     f"{pkg.season_from}–{pkg.season_to}" if pkg.season_from else "",
                     self._price(pkg))
            if needle and needle not in " ".join((*cells, pkg.description or "")).casefold():
                continue
            if pkg.archived:
                greyed.add(len(rows))
            rows.append(cells)
            self.packages.append(pkg)
        self.model.greyed = greyed
        self.model.set_rows(rows)
        ids = [p.id for p in self.packages]
        row = ids.index(keep.id) if keep is not None and keep.id in ids else 0
        if rows:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._follow()

    def _price(self, pkg: Any) -> str:
        if pkg.fixed_price is not None:
            return formatting.money(pkg.fixed_price)
        return self.tr("sum of lines: {amount}").format(
            amount=formatting.money(maintenance.list_price(self.context.actor, pkg)))

    def current(self) -> Any:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.packages):
            return None
        return self.packages[index.row()]

    def _follow(self, *_args: object) -> None:
        pkg = self.current()
        self.archive_button.setText(self.tr("Rest&ore") if pkg is not None and pkg.archived
                                    else self.tr("&Archive"))
        owner = self.context.can(Permission.CHANGE_PRICES)
        self.edit_button.setEnabled(owner and pkg is not None)
        self.archive_button.setEnabled(owner and pkg is not None)

    def activate(self) -> None:
        self.refresh()
        self.find.setFocus(Qt.FocusReason.OtherFocusReason)

    def new(self) -> None:
        if self.new_button.isEnabled():
            self._open(None)

    def edit(self) -> None:
        pkg = self.current()
        if pkg is not None and self.edit_button.isEnabled():
            self._open(pkg)

    def _open(self, pkg: Any) -> None:
        dialog = PackageDialog(self.context, pkg, self)
        if dialog.exec():
            self.refresh()
            saved = dialog.saved
            ids = [p.id for p in self.packages]
            if saved is not None and saved.id in ids:
                self.view.setCurrentIndex(self.model.index(ids.index(saved.id), 0))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def archive(self) -> None:
        """Archive the current package (or restore an archived one), asked first."""
        pkg = self.current()
        if pkg is None or not self.archive_button.isEnabled():
            return
        question = (self.tr("Bring back the package {name}?") if pkg.archived else
                    self.tr("Archive the package {name}? It is no longer offered or reminded; "
                            "orders that had it keep its name.")).format(name=pkg.name)
        if not confirm(self, self.tr("Packages"), question):
            return
        self.error.clear()
        try:
            with self.context.changing():
                maintenance.archive_package(self.context.actor, pkg.id, not pkg.archived,
                                            version=pkg.version)
        except ShopDeskError as exc:
            show_refusal(self.error, exc)
        self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)


def confirm(parent: QWidget, title: str, question: str) -> bool:
    """Ask a yes-or-no question (Yes: Enter or Y, No: Esc or N)."""
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


@dataclass
class _Line:
    """A line as the dialog shows it, and what it saves."""

    data: LineInput
    sku: str


class PackageDialog(FormDialog):
    """A package: name, which cars, when due, the price, and its lines (Alt+L or Insert adds
    the line typed in the line row, Delete removes the line selected)."""

    def __init__(self, context: AppContext, package: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Package") if package is None else
                         self.tr("Package {name}").format(name=package.name), parent,
                         context=context, ok=SAVE)
        self.setMinimumWidth(760)
        self.package = package
        self.name = self.rows.add("name", self.tr("&Name"), QLineEdit())
        self.description = self.rows.add("description", self.tr("Desc&ription"), QLineEdit())
        self.make, self.model, self.engine = QLineEdit(), QLineEdit(), QLineEdit()
        self.make.setPlaceholderText(self.tr("Make (empty: any)"))
        self.model.setPlaceholderText(self.tr("Model"))
        self.engine.setPlaceholderText(self.tr("Engine"))
        self._add_row("car", self.tr("&Cars"), self.make, self.model, self.engine)
        self.year_from, self.year_to = QLineEdit(), QLineEdit()
        self.year_from.setPlaceholderText(self.tr("from"))
        self.year_to.setPlaceholderText(self.tr("to"))
        self._add_row("year", self.tr("&Years"), self.year_from, self.year_to)
        self.fuel_boxes: dict[str, QCheckBox] = {}
        for fuel in fuels.KNOWN_FUELS:
            self.fuel_boxes[fuel] = QCheckBox(shown(fuels.LABELS[fuel]))
        self._add_row("fuel_types", self.tr("&Fuel (none: any)"), *self.fuel_boxes.values())
        self.km, self.months = QLineEdit(), QLineEdit()
        self.km.setPlaceholderText(self.tr("km"))
        self.months.setPlaceholderText(self.tr("months"))
        self._add_row("interval", self.tr("E&very (km / months)"), self.km, self.months)
        self.season_from, self.season_to = QLineEdit(), QLineEdit()
        for edit in (self.season_from, self.season_to):
            edit.setPlaceholderText(self.tr("MM-DD"))
        self._add_row("season", self.tr("Sea&son (from / to)"), self.season_from,
                      self.season_to)
        self.fixed_price = self.rows.add("fixed_price", self.tr("Fixed &price"), QLineEdit())
        self.fixed_price.setPlaceholderText(self.tr("Empty: the sum of the lines"))
        # the line row: kind, part SKU, description, quantity, hours, unit price; Alt+L adds
        self.line_kind = QComboBox()
        for value, text in KINDS:
            self.line_kind.addItem(translate("PackagesPage", text), value)
        self.line_sku, self.line_description = QLineEdit(), QLineEdit()
        self.line_qty, self.line_hours, self.line_price = QLineEdit(), QLineEdit(), QLineEdit()
        self.line_sku.setPlaceholderText(self.tr("Part no. or scan"))
        self.line_description.setPlaceholderText(self.tr("Description"))
        self.line_qty.setPlaceholderText(self.tr("Qty / hours"))
        self.line_hours.setPlaceholderText(self.tr("Hours"))
        self.line_price.setPlaceholderText(self.tr("Price (empty: list)"))
        # the numbers are short: the description gets the room the row has left
        for edit, chars in ((self.line_sku, 14), (self.line_qty, 9), (self.line_hours, 7),
                            (self.line_price, 14)):
            edit.setMaximumWidth(edit.fontMetrics().averageCharWidth() * chars + 16)
        self.line_description.setMinimumWidth(
            self.line_description.fontMetrics().averageCharWidth() * 16)
        self.line_sku.editingFinished.connect(self._fill_from_part)
        self.add_line_button = QPushButton(self.tr("Add line (Alt+L)"))  # (a shortcut: added
        # at once, not after a mnemonic's animated click)
        self.add_line_button.setAutoDefault(False)
        self.add_line_button.clicked.connect(self.add_line)
        line_row = self._add_row("lines", self.tr("L&ines"), self.line_kind, self.line_sku,
                                 self.line_description, self.line_qty, self.line_hours,
                                 self.line_price, self.add_line_button)
        layout = line_row.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.setStretch(2, 3)
        self.lines: list[_Line] = []
        self.lines_model = RowsModel([translate("PackagesPage", h) for h in LINE_HEADERS], self)
        self.lines_view = read_only_table(self.lines_model, (80, 260, 110, 90, 70))
        self.lines_view.setMinimumHeight(120)
        self.body.addWidget(self.lines_view)
        self.lines_hint = QLabel(self.tr("Alt+L or Insert adds the line; Delete removes the "
                                         "line selected."))
        self.lines_hint.setWordWrap(True)
        self.body.addWidget(self.lines_hint)
        for keys, slot in (("Alt+L", self.add_line), ("Insert", self.add_line),
                           ("Delete", self.remove_line)):
            QShortcut(QKeySequence(keys), self if keys != "Delete" else self.lines_view,
                      activated=slot).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        describe(self, {"Alt+L": self.tr("Add the line typed to the package"),
                        "Insert": self.tr("Add the line typed to the package")},
                 {"Alt+L": self.add_line_button})
        describe(self.lines_view, {"Delete": self.tr("Remove the package line selected")})
        if package is not None:
            self._fill(package)
        size_within(self, 960, self.sizeHint().height())  # room for the line row's description

    def _add_row(self, key: str, label: str, *widgets: QWidget) -> QWidget:
        """A form row of several fields side by side: its label's mnemonic (and a refusal's
        focus) goes to the first."""
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            layout.addWidget(w)
        self.rows.add(key, label, box)
        caption = self.form.labelForField(box.parentWidget())
        if isinstance(caption, QLabel):
            # a label's mnemonic clicks a button buddy: the box is the buddy, and hands the
            # focus to its first (Alt+F goes to the fuels, ticking none)
            box.setFocusProxy(widgets[0])
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            caption.setBuddy(box)
        self.rows.fields[key] = widgets[0]
        return box

    def _fill(self, pkg: Any) -> None:
        self.name.setText(pkg.name)
        self.description.setText(pkg.description or "")
        self.make.setText(pkg.make or "")
        self.model.setText(pkg.model or "")
        self.engine.setText(pkg.engine or "")
        self.year_from.setText(str(pkg.year_from or ""))
        self.year_to.setText(str(pkg.year_to or ""))
        chosen = fuels.fuel_set(pkg.fuel_types) if pkg.fuel_types else set()
        for fuel, box in self.fuel_boxes.items():
            box.setChecked(fuel in chosen)
        self.km.setText(str(pkg.interval_km or ""))
        self.months.setText(str(pkg.interval_months or ""))
        self.season_from.setText(pkg.season_from or "")
        self.season_to.setText(pkg.season_to or "")
        self.fixed_price.setText("" if pkg.fixed_price is None else str(pkg.fixed_price))
        for line in maintenance.lines_of(self.context.actor, pkg):  # type: ignore[union-attr]
            part = line.part if line.part_id else None
            self.lines.append(_Line(LineInput(
                line.kind, line.description, line.quantity, line.unit_price, line.part_id,
                hours=line.hours), part.sku if part is not None else ""))
        self._show_lines()

    def _fill_from_part(self) -> None:
        """A part number typed or scanned: the line is a part line, described by the part."""
        code = self.line_sku.text().strip()
        if not code:
            return
        part = parts.find_by_code(self.context.actor, code)  # type: ignore[union-attr]
        if part is not None:
            self.line_kind.setCurrentIndex(self.line_kind.findData("part"))
            if not self.line_description.text().strip():
                self.line_description.setText(part.name)

    def add_line(self) -> None:
        """Add the line typed in the line row to the table (the part looked up by its SKU)."""
        self.rows.show("lines", "")
        self.error.clear()
        code = self.line_sku.text().strip()
        kind = self.line_kind.currentData()
        part_id = None
        description = self.line_description.text().strip()
        if code:
            part = parts.find_by_code(self.context.actor, code)  # type: ignore[union-attr]
            if part is None:
                self.rows.show("lines", self.tr("No part has the number or barcode {code}")
                               .format(code=code), "error")
                self.line_sku.setFocus()
                self.line_sku.selectAll()
                return
            kind, part_id, description = "part", part.id, description or part.name
        if not description:
            self.rows.show("lines", self.tr("Describe the line or give a part number"), "error")
            self.line_description.setFocus()
            return
        for edit, parse in ((self.line_qty, to_quantity), (self.line_hours, to_quantity),
                            (self.line_price, to_money)):
            try:
                bad = bool(edit.text().strip()) and parse(edit.text().strip()) < 0
            except MoneyError:
                bad = True
            if bad:
                self.rows.show("lines", self.tr("{text} is not a number (0 or more)").format(
                    text=edit.text().strip()), "error")
                edit.setFocus()
                edit.selectAll()
                return
        self.lines.append(_Line(LineInput(
            kind, description, self.line_qty.text().strip() or "1",
            self.line_price.text().strip() or None, part_id,
            hours=self.line_hours.text().strip() or None), code))
        self._show_lines()
        for edit in (self.line_sku, self.line_description, self.line_qty, self.line_hours,
                     self.line_price):
            edit.clear()
        self.line_kind.setCurrentIndex(0)
        self.line_kind.setFocus()

    def remove_line(self) -> None:
        index = self.lines_view.currentIndex()
        if index.isValid() and index.row() < len(self.lines):
            del self.lines[index.row()]
            self._show_lines()

    def _show_lines(self) -> None:
        kinds = {value: translate("PackagesPage", text) for value, text in KINDS}
        self.lines_model.set_rows([
            (kinds.get(str(li.data.kind), str(li.data.kind)), li.data.description, li.sku,
             formatting.number(Decimal(str(li.data.quantity))),
             "" if li.data.hours in (None, "") or not Decimal(str(li.data.hours))
             else formatting.number(Decimal(str(li.data.hours))),
             "" if li.data.unit_price in (None, "") else formatting.money(
                 Decimal(str(li.data.unit_price)), symbol=False))
            for li in self.lines])

    def _number(self, edit: QLineEdit, field: str) -> int | None:
        text = edit.text().strip().replace(",", "")
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(QT_TRANSLATE_NOOP("Errors", "A whole number, like 12"),
                                  {field: QT_TRANSLATE_NOOP("Errors", "A whole number")})
        return int(text)

    def _price(self) -> str | None:
        text = self.fixed_price.text().strip()
        if not text:
            return None
        try:
            bad = to_money(text) < 0
        except MoneyError:
            bad = True
        if bad:
            raise ValidationError(
                QT_TRANSLATE_NOOP("Errors", "The package price is an amount of money, or "
                                            "empty for the sum of the lines"),
                {"fixed_price": QT_TRANSLATE_NOOP("Errors", "Not an amount")})
        return text

    def data(self) -> PackageInput:
        """What the form holds, for the service."""
        return PackageInput(
            self.name.text(), [li.data for li in self.lines], self.description.text().strip(),
            self._price(), self.make.text(), self.model.text(),
            self.engine.text(), self._number(self.year_from, "year"),
            self._number(self.year_to, "year"),
            [fuel for fuel, box in self.fuel_boxes.items() if box.isChecked()],
            self._number(self.km, "interval"), self._number(self.months, "interval"),
            self.season_from.text(), self.season_to.text())

    def do_save(self) -> object:
        return maintenance.save_package(self.context.actor, self.data(),  # type: ignore
                                        self.package)
