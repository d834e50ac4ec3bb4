"""The import wizard: choose a file and what it holds → map its columns (with a preview of
the first rows as they will be saved) → check every row (problems by row and column) →
import in the background with progress and Cancel (all or nothing: nothing written; else the
batches already saved stay, and the wizard says up to which row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopdesk.errors import ShopDeskError
from shopdesk.gui.context import AppContext
from shopdesk.gui.tasks import run_task
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.form_dialog import show_refusal
from shopdesk.gui.widgets.list_keys import leave_on_tab
from shopdesk.gui.widgets.rows_model import RowsModel
from shopdesk.io.importing import (
    FIELDS,
    KIND_LABELS,
    KINDS,
    ImportReport,
    Sample,
    guess_mapping,
    missing_fields,
    preview,
    read_sample,
    run_import,
    write_error_workbook,
)
from shopdesk.io.sheet_reader import sheet_names
from shopdesk.services import changes
from shopdesk.services.shop import import_mappings

#: What each import changes, for ``AppContext.notify``.
PREVIEW_ROWS = 20


class ImportWizard(QDialog):
    """Import a spreadsheet. ``kind`` preselects what the file holds (e.g. "parts")."""

    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 kind: str | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        size_within(self, 900, 620)  # no larger than the window it opens over
        self.headers: list[str] = []
        self.combos: dict[str, QComboBox] = {}
        self.report: ImportReport | None = None
        self.result: ImportReport | None = None
        self.sample: Sample | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page(kind))
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._check_page())
        self.pages.addWidget(self._done_page())
        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.back_button = QPushButton(self.tr("< &Back"))
        self.next_button = QPushButton(self.tr("&Next >"))
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._show(0)

    # --- pages -----------------------------------------------------------------------------
    def _file_page(self, kind: str | None) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        intro = QLabel(self.tr(
            "Bring in the lists you already keep: an Excel workbook (.xlsx) or a CSV file. "
            "Nothing is saved until the last step, and then in one go."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.kind_box = QComboBox()
        for key in KINDS:
            self.kind_box.addItem(self._kind_label(key), key)
        if kind in KINDS:
            self.kind_box.setCurrentIndex(KINDS.index(kind))
        form.addRow(self.tr("The file holds:"), self.kind_box)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Choose an .xlsx or .csv file"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("File:"), row)
        self.sheet_box = QComboBox()
        self.sheet_label = QLabel(self.tr("Sheet:"))
        form.addRow(self.sheet_label, self.sheet_box)
        self.sheet_box.hide()
        self.sheet_label.hide()
        self.path_edit.textChanged.connect(self._fill_sheets)
        return page

    def _fill_sheets(self, path: str) -> None:
        """Offer the workbook's sheets when it has more than one."""
        names = sheet_names(path) if Path(path).is_file() else []
        self.sheet_box.clear()
        self.sheet_box.addItems(names)
        self.sheet_box.setVisible(len(names) > 1)
        self.sheet_label.setVisible(len(names) > 1)

    def _kind_label(self, key: str) -> str:
        labels = {"customers": self.tr("Customers"),
                  "vehicles": self.tr("Vehicles (with their owners)"),
                  "parts": self.tr("Parts catalogue"), "prices": self.tr("Price updates"),
                  "stock": self.tr("Stock counts")}
        return labels.get(key, KIND_LABELS[key])

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        layout.addWidget(self.mapping_intro)
        self.mapping_grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.mapping_grid)
        self.mapping_scroll = QScrollArea()
        self.mapping_scroll.setWidgetResizable(True)
        self.mapping_scroll.setWidget(holder)
        layout.addWidget(self.mapping_scroll)
        layout.addWidget(QLabel(self.tr("The first rows as they will be saved:")))
        self.preview_model = RowsModel([], self)
        self.preview_view = leave_on_tab(QTableView())
        self.preview_view.setModel(self.preview_model)
        self.preview_view.verticalHeader().hide()
        layout.addWidget(self.preview_view, 1)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.check_summary = QLabel()
        self.check_summary.setObjectName("importCheckSummary")
        self.check_summary.setWordWrap(True)
        layout.addWidget(self.check_summary)
        self.problems_model = RowsModel([self.tr("Row"), self.tr("Column"), self.tr("Problem")],
                                        self)
        self.problems_view = leave_on_tab(QTableView())
        self.problems_view.setModel(self.problems_model)
        self.problems_view.verticalHeader().hide()
        self.problems_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.problems_view, 1)
        self.valid_rows = QRadioButton(self.tr("Import the valid rows; leave out the rejected"))
        self.all_or_nothing = QRadioButton(self.tr("Import nothing if any row is rejected"))
        self.valid_rows.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.valid_rows)
        group.addButton(self.all_or_nothing)
        layout.addWidget(self.valid_rows)
        layout.addWidget(self.all_or_nothing)
        self.save_errors_button = QPushButton(self.tr("&Save rejected rows…"))
        self.save_errors_button.setToolTip(self.tr(
            "A workbook of the rejected rows with an errors column: fix it and import it again"))
        self.save_errors_button.clicked.connect(self.save_errors)
        row = QHBoxLayout()
        row.addWidget(self.save_errors_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.done_label = QLabel()
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        layout.addWidget(self.done_label)
        self.done_model = RowsModel([self.tr("Row"), self.tr("Column"), self.tr("Problem")],
                                    self)
        self.done_view = leave_on_tab(QTableView())
        self.done_view.setModel(self.done_model)
        self.done_view.verticalHeader().hide()
        self.done_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.done_view, 1)
        self.done_save_button = QPushButton(self.tr("&Save rejected rows…"))
        self.done_save_button.clicked.connect(lambda: self.save_errors())
        row = QHBoxLayout()
        row.addWidget(self.done_save_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _problem_rows(self, report: ImportReport) -> list[tuple]:
        """Problems and notes of a report, by row, for a table."""
        rows = [(p.row, p.column, p.message) for p in report.problems]
        rows += [(p.row, p.column, self.tr("Note: {text}").format(text=p.message))
                 for p in report.warnings]
        return sorted(rows, key=lambda r: r[0])

    # --- navigation ------------------------------------------------------------------------
    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back_button.setEnabled(index in (1, 2))
        self.next_button.setVisible(index < 3)
        self.next_button.setText(self.tr("&Import") if index == 2 else self.tr("&Next >"))
        self.close_button.setText(self.tr("Close") if index == 3 else self.tr("Cancel"))
        self.message.clear()

    def back(self) -> None:
        self._show(max(self.pages.currentIndex() - 1, 0))

    def next(self) -> None:
        step = self.pages.currentIndex()
        try:
            if step == 0:
                self.open_file()
            elif step == 1:
                self.check_rows()
            elif step == 2:
                self.start_import()
        except ShopDeskError as exc:
            show_refusal(self.message, exc)

    @property
    def kind(self) -> str:
        return self.kind_box.currentData()

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), "",
            self.tr("Spreadsheets (*.xlsx *.csv *.txt);;All files (*)"))
        if path:
            self.path_edit.setText(path)

    # --- step 1: open the file, map the columns --------------------------------------------
    def open_file(self) -> None:
        """Read the chosen file's headers and first rows (in the background: a big workbook
        takes a moment), then guess (or recall) the mapping."""
        path = self.path_edit.text().strip()
        if not path:
            self.message.setText(self.tr("Choose a file first."))
            return
        kind = self.kind
        sheet = self.sheet_box.currentText() if self.sheet_box.count() > 1 else None
        self.next_button.setEnabled(False)
        self.task = run_task(self, self.tr("Opening the file…"),
                             lambda _progress: read_sample(kind, path, sheet, PREVIEW_ROWS),
                             on_done=self._opened, on_failed=self._failed)

    def _opened(self, sample: Sample) -> None:
        self.next_button.setEnabled(True)
        self.sample = sample
        self.headers = sample.headers
        mapping = (import_mappings.recall(self.context.actor, self.kind, self.headers)
                   or guess_mapping(self.kind, self.headers))
        self.mapping_intro.setText(self.tr(
            "Header found on row {row} of {name}. Check what each column is; columns set to "
            "“ignore” are not imported.").format(row=sample.header_row, name=sample.name))
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.combos.clear()
        for index, header in enumerate(self.headers):
            combo = QComboBox()
            combo.addItem(self.tr("— ignore —"), "")
            for field in FIELDS[self.kind]:
                combo.addItem(field.label + (" *" if field.needed else ""), field.key)
            combo.setCurrentIndex(max(combo.findData(mapping.get(header, "")), 0))
            combo.currentIndexChanged.connect(self.refresh_preview)
            self.mapping_grid.addWidget(QLabel(header), index // 2, (index % 2) * 2)
            self.mapping_grid.addWidget(combo, index // 2, (index % 2) * 2 + 1)
            self.combos[header] = combo
        shown_rows = min((len(self.headers) + 1) // 2, 5)
        self.mapping_scroll.setFixedHeight(shown_rows * 36 + 14)
        self._show(1)
        self.refresh_preview()

    def mapping(self) -> dict[str, str]:
        """The columns as mapped now: header -> field key ("" ignored)."""
        return {h: c.currentData() for h, c in self.combos.items()}

    def set_mapping(self, header: str, key: str) -> None:
        """Map a column (tests and keyboard users)."""
        combo = self.combos[header]
        combo.setCurrentIndex(combo.findData(key))

    def refresh_preview(self) -> None:
        """Show the first rows as they would be saved, with their problems."""
        mapping = self.mapping()
        missing = missing_fields(self.kind, mapping)
        if missing:
            self.message.setText(self.tr("Still to map: {what}").format(what=", ".join(missing)))
            self.preview_model.set_rows([])
            return
        self.message.clear()
        try:
            report = preview(self.context.actor, self.kind, self.sample, mapping)
        except ShopDeskError as exc:
            show_refusal(self.message, exc)
            return
        labels: list[str] = []
        for row in report.preview:
            labels += [k for k in row.shown if k not in labels]
        self.preview_model = RowsModel([self.tr("Row"), self.tr("Check"), *labels], self)
        self.preview_model.set_rows([
            (row.number, self._verdict(row), *(row.shown.get(k, "") for k in labels))
            for row in report.preview])
        self.preview_view.setModel(self.preview_model)
        self.preview_view.resizeColumnsToContents()
        self.preview_view.setColumnWidth(1, min(self.preview_view.columnWidth(1), 320))

    def _verdict(self, row: Any) -> str:
        """A preview row's check: its problems, else its notes, else OK."""
        if row.problems:
            return "; ".join(row.problems.values())
        if row.warnings:
            return self.tr("OK. Note: {notes}").format(notes="; ".join(row.warnings.values()))
        return self.tr("OK")

    # --- step 2: check every row -----------------------------------------------------------
    def check_rows(self) -> None:
        """A dry run of the whole file in the background: problems by row and column."""
        missing = missing_fields(self.kind, self.mapping())
        if missing:
            self.message.setText(self.tr("Still to map: {what}").format(what=", ".join(missing)))
            return
        import_mappings.remember(self.context.actor, self.kind, self.headers, self.mapping())
        self.task = run_task(self, self.tr("Checking every row…"), self._work(dry_run=True),
                             on_done=self._checked, on_failed=self.message.setText)

    def _work(self, *, dry_run: bool) -> Any:
        actor, kind, path, mapping = (self.context.actor, self.kind,
                                      self.path_edit.text().strip(), self.mapping())
        all_or_nothing = self.all_or_nothing.isChecked()
        sheet = self.sample.sheet_name if self.sheet_box.count() > 1 else None

        def work(progress: Any) -> ImportReport:
            return run_import(actor, kind, path, mapping, dry_run=dry_run,
                              all_or_nothing=all_or_nothing, progress=progress, sheet=sheet)
        return work

    def _checked(self, report: ImportReport) -> None:
        self.report = report
        self.check_summary.setText(self.tr(
            "{rows} rows checked: {created} to add, {updated} to update, {unchanged} "
            "unchanged, {rejected} rejected.").format(
            rows=report.rows_read, created=report.created, updated=report.updated,
            unchanged=report.unchanged, rejected=report.rejected))
        self.problems_model.set_rows(self._problem_rows(report))
        self.problems_view.resizeColumnsToContents()
        self.save_errors_button.setEnabled(bool(report.rejected))
        self._show(2)

    def save_errors(self, path: str = "") -> None:
        """Write the rejected rows to a workbook to fix and import again."""
        report = self.result or self.report
        if report is None:
            return
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save the rejected rows"),
                str(Path(self.path_edit.text()).with_name(
                    Path(self.path_edit.text()).stem + " - rejected.xlsx")),
                self.tr("Excel workbook (*.xlsx)"))
        if path:
            count = write_error_workbook(report, path)
            self.message.setText(self.tr("{count} rejected rows saved to {path}").format(
                count=count, path=path))

    # --- step 3: import --------------------------------------------------------------------
    def start_import(self) -> None:
        """Import in the background; after Cancel the wizard says what was kept (see engine)."""
        self.next_button.setEnabled(False)
        self.task = run_task(self, self.tr("Importing…"), self._work(dry_run=False),
                             on_done=self._imported, on_failed=self._failed)

    def _failed(self, message: str) -> None:
        self.next_button.setEnabled(True)
        self.message.setText(message)

    def _imported(self, report: ImportReport) -> None:
        self.next_button.setEnabled(True)
        self.result = report
        if report.written:
            text = self.tr("Imported: {created} added, {updated} updated, {unchanged} "
                           "unchanged, {rejected} rejected.")
        else:
            text = self.tr("Nothing was imported: {rejected} rows were rejected and you chose "
                           "all or nothing. Save the rejected rows, fix them and try again.")
        self.done_label.setText(text.format(created=report.created, updated=report.updated,
                                            unchanged=report.unchanged,
                                            rejected=report.rejected))
        self.done_model.set_rows(self._problem_rows(report))
        self.done_view.resizeColumnsToContents()
        self.done_view.setVisible(bool(report.problems or report.warnings))
        self.done_save_button.setVisible(bool(report.rejected))
        if report.written:  # (written on the task's thread: told from here)
            self.context.notify(changes.of(report.kind, "import"))
            self.context.status.emit(report.summary())
        self._show(3)


def open_import_wizard(context: AppContext, parent: QWidget | None = None,
                       kind: str | None = None) -> ImportWizard:
    """Open the wizard (non-blocking) and return it."""
    wizard = ImportWizard(context, parent, kind)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
