"""The import wizard: file → mapping with preview → problems by row and column → import in
the background; Cancel writes nothing; a clerk cannot import parts."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QApplication, QProgressDialog

from shopdesk.gui.imports import ImportWizard
from shopdesk.models.customers import Customer
from shopdesk.models.parts import Part


def _parts_file(path, rows=3, bad=True):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Supplier price list"])
    ws.append(["Item code", "Description", "RRP", "Shelf"])
    for i in range(rows):
        ws.append([f"P-{i:05d}", f"Part {i}", "1,234.50", "A1"])
    if bad:
        ws.append(["P-BAD", "Broken price", "twelve", "A2"])
    wb.save(path)
    return path


def _wizard(qtbot, window, kind=None) -> ImportWizard:
    wizard = window.open_import(kind)
    qtbot.addWidget(wizard)
    return wizard


def test_file_menu_import_maps_previews_checks_and_imports_parts(qtbot, make_window, owner,
                                                                  tmp_path):
    window = make_window(owner)
    assert window.import_action.text() == "&Import spreadsheet…"
    window.import_action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    qtbot.addWidget(wizard)
    wizard.kind_box.setCurrentIndex(wizard.kind_box.findData("parts"))
    wizard.path_edit.setText(str(_parts_file(tmp_path / "list.xlsx")))
    assert not wizard.sheet_box.isVisible()  # one sheet: nothing to choose
    _open(qtbot, wizard)
    assert "row 2" in wizard.mapping_intro.text()  # the header below the title was found
    assert wizard.mapping() == {"Item code": "sku", "Description": "name",
                                "RRP": "retail_price", "Shelf": "bin_location"}
    model = wizard.preview_model
    headers = [model.headerData(c, _h()) for c in range(model.columnCount())]
    assert headers[:5] == ["Row", "Check", "SKU", "Name", "Retail price"]
    assert model.row(0)[:5] == (3, "OK", "P-00000", "Part 0", "$1,234.50")  # as it will be saved
    assert model.row(3)[1] == "'twelve' is not a number"
    wizard.next_button.click()  # check every row, in the background
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10000)
    assert "3 to add" in wizard.check_summary.text() and "1 rejected" in \
        wizard.check_summary.text()
    assert wizard.problems_model.row(0) == (6, "RRP", "'twelve' is not a number")
    assert Part.select().count() == 0  # checking saved nothing
    saved = tmp_path / "rejected.xlsx"
    wizard.save_errors(str(saved))
    sheet = openpyxl.load_workbook(saved).active
    assert [c.value for c in sheet[2]] == ["P-BAD", "Broken price", "twelve", "A2",
                                           "Row 6: RRP: 'twelve' is not a number"]
    wizard.next_button.click()  # import
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=10000)
    assert wizard.done_label.text().startswith("Imported: 3 added, 0 updated")
    assert Part.select().count() == 3


def test_mapping_a_column_by_hand_is_remembered_for_the_next_file(qtbot, make_window, owner,
                                                                   tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("Nom complet,Portable\nAnn Lee,217-555-0142\n", encoding="utf-8")
    window = make_window(owner)
    wizard = _wizard(qtbot, window, "customers")
    wizard.path_edit.setText(str(path))
    _open(qtbot, wizard)
    assert "Still to map" in wizard.message.text()
    wizard.set_mapping("Nom complet", "name")
    wizard.set_mapping("Portable", "phone")
    assert wizard.message.text() == ""
    assert wizard.preview_model.row(0)[:3] == (2, "OK", "Lee, Ann")
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10000)
    again = _wizard(qtbot, window, "customers")
    again.path_edit.setText(str(path))
    _open(qtbot, again)
    assert again.mapping() == {"Nom complet": "name", "Portable": "phone"}


def test_cancel_during_the_import_writes_nothing(qtbot, make_window, owner, tmp_path):
    window = make_window(owner)
    wizard = _wizard(qtbot, window, "parts")
    wizard.path_edit.setText(str(_parts_file(tmp_path / "big.xlsx", rows=6000, bad=False)))
    _open(qtbot, wizard)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=30000)
    wizard.start_import()
    wizard.task.cancel()  # what the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: wizard.next_button.isEnabled(), timeout=30000)
    assert wizard.message.text() == "Cancelled: nothing was changed"
    assert wizard.pages.currentIndex() == 2
    assert Part.select().count() == 0
    assert not any(isinstance(w, QProgressDialog) and w.isVisible()
                   for w in QApplication.topLevelWidgets())


def test_a_clerk_is_told_that_parts_imports_are_the_owners(qtbot, make_window, clerk, tmp_path):
    window = make_window(clerk)
    parts_screen = window.show_screen("parts")
    assert not parts_screen.import_action.isEnabled()
    customers_screen = window.show_screen("customers")
    assert customers_screen.import_button.isEnabled()
    wizard = _wizard(qtbot, window, "parts")
    wizard.path_edit.setText(str(_parts_file(tmp_path / "list.xlsx")))
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.next_button.isEnabled(), timeout=10000)
    assert "Only the owner can import the parts catalogue" in wizard.message.text()
    assert Customer.select().count() == 0 and Part.select().count() == 0


def test_a_workbook_with_several_sheets_asks_which_one(qtbot, make_window, owner, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Read me"
    wb.active.append(["This workbook lists our customers on the next sheet"])
    sheet = wb.create_sheet("Customers")
    sheet.append(["Customer", "Mobile"])
    sheet.append(["Ann Lee", "217-555-0142"])
    wb.save(tmp_path / "book.xlsx")
    wizard = _wizard(qtbot, make_window(owner), "customers")
    wizard.path_edit.setText(str(tmp_path / "book.xlsx"))
    assert [wizard.sheet_box.itemText(i) for i in range(wizard.sheet_box.count())] == [
        "Read me", "Customers"]
    assert wizard.sheet_box.isVisible()
    wizard.sheet_box.setCurrentText("Customers")
    _open(qtbot, wizard)
    assert wizard.mapping() == {"Customer": "name", "Mobile": "phone"}
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10000)
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 3, timeout=10000)
    assert Customer.get().display_name == "Lee, Ann"


def _open(qtbot, wizard) -> None:
    """Next on the first page: the file is read in the background."""
    wizard.next_button.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 1, timeout=10000)


def _h():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_the_customers_and_parts_toolbars_open_the_wizard_on_their_kind(qtbot, make_window,
                                                                        owner):
    window = make_window(owner)
    customers_screen = window.show_screen("customers")
    customers_screen.import_button.click()
    wizard = window.findChild(ImportWizard)
    qtbot.addWidget(wizard)
    assert wizard.kind == "customers" and wizard.isVisible()
    wizard.close()
    parts_screen = window.show_screen("parts")
    parts_screen.import_action.trigger()
    opened = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert [w.kind for w in opened] == ["parts"]
    for w in opened:
        qtbot.addWidget(w)
