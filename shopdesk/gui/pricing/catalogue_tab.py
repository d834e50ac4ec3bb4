"""Supplier catalogues: import a supplier's price file (map unknown columns, see new, changed
and refused rows, then Import), link lines to parts, and update part costs with a preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopdesk import formatting
from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.parts.lazy_view import LazyView
from shopdesk.gui.pricing.reprice_tab import change_rows
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import FormDialog, show_refusal
from shopdesk.gui.widgets.rows_model import RowsModel, read_only_table
from shopdesk.services.access import Actor
from shopdesk.services.pricing import catalogue, catalogue_costs
from shopdesk.services.stock import parts, suppliers


class MappingDialog(FormDialog):
    """Say what each column of the price file holds (or ignore it)."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Columns of the price file"), parent, intro=self.tr(
            "Some columns were not recognised. Say what each column holds; the supplier part "
            "number and the cost are needed."))
        self.setMinimumWidth(0)
        form = self.form
        self.combos: dict[str, QComboBox] = {}
        guesses = catalogue.guess_mapping(headers)
        for header in headers:
            combo = QComboBox()
            combo.addItem(self.tr("(ignore this column)"), catalogue.IGNORE)
            for key, label in catalogue.FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(guesses[header] or catalogue.IGNORE)))
            form.addRow(f"{header}:", combo)
            self.combos[header] = combo

    def chosen(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def do_save(self) -> dict[str, str]:
        return self.chosen()  # (the caller reads the file with it)


class ImportPreviewDialog(FormDialog):
    """What the file would do: new and changed lines, refused rows; Import or Cancel (the
    caller imports)."""

    def __init__(self, plan: catalogue.ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Import price file — {supplier}").format(
            supplier=plan.supplier_name), parent, intro=self.tr(
            "{new} new line(s), {changed} changed, {same} unchanged, {errors} row(s) with "
            "errors (they are skipped). Nothing is imported until you press Import.").format(
            new=len(plan.new), changed=len(plan.changed), same=plan.unchanged,
            errors=len(plan.errors)), ok_text=self.tr("&Import {count} line(s)").format(
            count=len(plan.rows)), save=lambda: plan)
        self.plan = plan
        self.resize(860, 560)
        self.summary = self.intro
        layout = self.body
        self.lines = RowsModel([self.tr("Row"), self.tr("Supplier no."), self.tr("Description"),
                                self.tr("Cost per pack"), self.tr("Pack"),
                                self.tr("Old cost")], self)
        rows = [(r.row, r.supplier_sku, r.description, formatting.money(r.cost),
                 formatting.quantity(r.pack_size), "—") for r in plan.new[:2000]]
        rows += [(r.row, r.supplier_sku, r.description, formatting.money(r.cost),
                  formatting.quantity(r.pack_size), formatting.money(old))
                 for r, old, _pack in plan.changed[:2000]]
        self.lines.set_rows(sorted(rows))
        layout.addWidget(read_only_table(self.lines, (50, 120, 300, 100, 60)), 2)
        self.errors = RowsModel([self.tr("Row"), self.tr("Problem")], self)
        self.errors.set_rows([(e.row, e.message) for e in plan.errors[:2000]])
        if plan.errors:
            layout.addWidget(QLabel(self.tr("Rows with errors:")))
            layout.addWidget(read_only_table(self.errors, (60,)), 1)
        self.import_button = self.ok_button
        self.import_button.setEnabled(bool(plan.rows))


class CostPreviewDialog(FormDialog):
    """Part costs the catalogue would change, and the matrix prices that would follow; Apply
    or Cancel (the caller applies)."""

    def __init__(self, actor: Actor, shown: catalogue_costs.CostPreview,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Update costs from {supplier}").format(
            supplier=shown.supplier_name), parent, intro=self.tr(
            "{count} part cost(s) would change (cost per unit = cost per pack / pack "
            "size):").format(count=len(shown.costs)), ok_text=self.tr("&Apply"),
            save=lambda: shown)
        size_within(self, 900, 600)  # no larger than the window it opens over
        layout = self.body
        self.costs = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Supplier no."),
                                self.tr("Pack"), self.tr("Old cost"), self.tr("New cost")],
                               self)
        self.costs.set_rows([(c.sku, c.name, c.supplier_sku, formatting.quantity(c.pack_size),
                              formatting.money(c.old_cost), formatting.money(c.new_cost))
                             for c in shown.costs])
        layout.addWidget(read_only_table(self.costs, (110, 260, 110, 60, 90)), 1)
        layout.addWidget(QLabel(self.tr("Then the markup matrix reprices {count} price(s):")
                                .format(count=len(shown.prices))))
        self.prices = RowsModel([self.tr("SKU"), self.tr("Part"), self.tr("Level"),
                                 self.tr("Cost"), self.tr("Old price"), self.tr("New price"),
                                 self.tr("Old margin"), self.tr("New margin")], self)
        self.prices.set_rows(change_rows(actor, shown.prices))
        layout.addWidget(read_only_table(self.prices, (110, 240, 70, 80, 80, 80, 80)), 1)
        self.apply_button = self.ok_button
        self.apply_button.setEnabled(bool(shown.costs))


class CatalogueTab(QWidget):
    """One supplier's catalogue: import, link, update costs."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.supplier = QComboBox()
        for supplier in suppliers.active_suppliers(self.context.actor):
            self.supplier.addItem(supplier.name, supplier.id)
        with_lines = catalogue_costs.suppliers_with_lines(self.context.actor)
        if with_lines:
            self.supplier.setCurrentIndex(max(0, self.supplier.findData(with_lines[0])))
        self.supplier.currentIndexChanged.connect(self.refilter)
        self.filter = QComboBox()
        self.filter.addItem(self.tr("All lines"), "all")
        self.filter.addItem(self.tr("Not linked to a part"), "unlinked")
        self.filter.addItem(self.tr("Linked to a part"), "linked")
        self.filter.currentIndexChanged.connect(self.refilter)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Supplier number, description or barcode…"))
        self.search_box.returnPressed.connect(self.refilter)
        bar.addWidget(QLabel(self.tr("Supplier:")))
        bar.addWidget(self.supplier, 2)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.search_box, 2)
        layout.addLayout(bar)
        self.table = LazyView(catalogue_costs.catalogue_list(self.context.actor,
                                                             self.supplier_id() or 0))
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("hintLabel")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("&Import price file…"))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.auto_button = QPushButton(self.tr("Link &automatically"))
        self.auto_button.clicked.connect(self.auto_link)
        self.link_button = QPushButton(self.tr("Lin&k to part…"))  # (Alt+L: Levels)
        self.link_button.clicked.connect(self.link_to_part)
        self.costs_button = QPushButton(self.tr("Update c&osts…"))
        self.costs_button.clicked.connect(self.update_costs)
        for button in (self.import_button, self.auto_button, self.link_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.costs_button)
        layout.addLayout(buttons)
        for button in (self.import_button, self.auto_button, self.link_button,
                       self.costs_button):
            button.setEnabled(self.supplier.count() > 0)
        self._count()
        if not self.supplier.count():
            self.summary.setText(self.tr("Add a supplier on the Purchasing screen first."))

    def supplier_id(self) -> int | None:
        return self.supplier.currentData()

    def refilter(self) -> None:
        self.table.set_source(catalogue_costs.catalogue_list(self.context.actor,
            self.supplier_id() or 0, self.search_box.text(), self.filter.currentData()))
        self._count()

    def _count(self) -> None:
        count = self.table.lazy.rowCount()
        self.summary.setText(self.tr("{count} line(s) shown.").format(count=count) if count else
                             self.tr("No catalogue lines here yet: import the supplier's price "
                                     "file (.xlsx or .csv). No stock items are created."))

    # --- import ----------------------------------------------------------------------------
    def choose_file(self) -> str:
        """The price file to import ("" when the user cancels)."""
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Supplier price file"), "",
            self.tr("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        return path

    def choose_columns(self, headers: list[str]) -> dict[str, str] | None:
        """Ask what unknown columns hold (None: cancelled)."""
        dialog = MappingDialog(headers, self)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_import(self, plan: catalogue.ImportPlan) -> bool:
        """Show the plan; True when the user presses Import."""
        return ImportPreviewDialog(plan, self).exec() == QDialog.DialogCode.Accepted

    def import_file(self, path: str = "") -> None:
        """Read a price file, let the user map unknown columns and confirm, then import."""
        from shopdesk.io.catalogue_file import read_headers, read_price_file

        supplier_id = self.supplier_id()
        path = path or self.choose_file()
        if not path or supplier_id is None:
            return
        try:
            headers = read_headers(path)
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Price file not read"))
            return
        chosen: dict[str, str] = {}
        if any(guess is None for guess in catalogue.guess_mapping(headers).values()):
            picked = self.choose_columns(headers)
            if picked is None:
                return
            chosen = picked

        def work(_progress: object) -> catalogue.ImportPlan:
            read = read_price_file(path, chosen)
            return catalogue.plan_import(self.context.actor, supplier_id, read.rows)

        self.import_button.setEnabled(False)
        run_task(self, self.tr("Reading {name}…").format(name=Path(path).name), work,
                 on_done=self._planned, on_failed=self._import_failed)

    def _import_failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Price file not imported"), message)

    def _planned(self, plan: catalogue.ImportPlan) -> None:
        self.import_button.setEnabled(True)
        if not self.confirm_import(plan):
            self.summary.setText(self.tr("Nothing was imported."))
            return
        try:
            with self.context.changing():
                result = catalogue.apply_import(self.context.actor, plan)
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Price file not imported"))
            return
        self.refilter()
        self.summary.setText(self.tr("Imported {added} new and {updated} changed line(s); "
                                     "{linked} linked to parts; {errors} row(s) skipped.").format(
            added=result.added, updated=result.updated, linked=result.linked,
            errors=len(plan.errors)))

    # --- links -----------------------------------------------------------------------------
    def auto_link(self) -> None:
        supplier_id = self.supplier_id()
        if supplier_id is None:
            return
        with self.context.changing():
            linked = catalogue.auto_link(self.context.actor, supplier_id)
        self.refilter()
        self.summary.setText(self.tr("{count} line(s) linked by supplier number or "
                                     "barcode.").format(count=linked))

    def ask_part_code(self, line: str) -> str:
        """The SKU or barcode of the part a catalogue line is ("" to give up)."""
        text, ok = QInputDialog.getText(self, self.tr("Link to part"),
                                        self.tr("SKU or barcode of the part for {line}:")
                                        .format(line=line))
        return text.strip() if ok else ""

    def link_to_part(self) -> None:
        key = self.table.current_key()
        if key is None:
            return
        line = catalogue.get_line(self.context.actor, int(key))
        code = self.ask_part_code(line.supplier_sku)
        if not code:
            return
        part = parts.find_by_code(self.context.actor, code)
        if part is None:
            QMessageBox.warning(self, self.tr("Not linked"),
                                self.tr("No part has the SKU or barcode {code}").format(
                                    code=code))
            return
        try:
            with self.context.changing():
                catalogue.link(self.context.actor, line.id, part.id)
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Not linked"))
            return
        self.summary.setText(self.tr("{line} linked to {sku}.").format(
            line=line.supplier_sku, sku=part.sku))
        self.table.refresh()

    # --- costs -----------------------------------------------------------------------------
    def confirm_costs(self, shown: catalogue_costs.CostPreview) -> bool:
        """Show the cost (and price) changes; True when the user presses Apply."""
        dialog = CostPreviewDialog(self.context.actor, shown, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def update_costs(self) -> None:
        """Preview part costs from the catalogue (and the matrix prices after), then apply."""
        supplier_id = self.supplier_id()
        if supplier_id is None:
            return
        shown = catalogue_costs.preview(self.context.actor, supplier_id)
        if not shown.costs:
            self.summary.setText(self.tr("Every linked part already has the catalogue's "
                                         "cost."))
            return
        if not self.confirm_costs(shown):
            self.summary.setText(self.tr("No cost was changed."))
            return
        try:
            with self.context.changing():
                costs, prices = catalogue_costs.apply(self.context.actor, shown)
        except ShopDeskError as exc:
            show_refusal(self, exc, self.tr("Costs not changed"))
            return
        self.summary.setText(self.tr("{costs} cost(s) and {prices} price(s) changed.").format(
            costs=costs, prices=prices))
