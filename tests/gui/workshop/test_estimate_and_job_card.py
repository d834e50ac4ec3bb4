"""The repair-order editor's estimate work by keyboard: an inspection finding priced onto the
estimate (Alt+M), the line just added selected (Ctrl+D declines it), the current line kept
across a refresh, the technician's cursor on the lines; the estimate and the job card printed
through the print dialog or saved as PDF; and check-in's choices (order, job card)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

from shopdesk.gui.customers.check_in_dialog import CheckInDialog
from shopdesk.gui.invoices import pdf_output
from shopdesk.gui.widgets.tab_order import walk
from shopdesk.models.customers import Customer
from shopdesk.models.repair_orders import Approval, Condition, LineKind, RepairOrder
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.gui.test_fits_125 import demo_shop, small_screen  # noqa: F401 (fixtures)
from tests.helpers.workshop import workshop

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


class _PrintToFile(QDialog):
    """The print dialog, answered at once: printed to a PDF file in ``folder``."""

    folder = Path()
    printed: list[Path] = []

    def __init__(self, printer: QPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printer = printer

    def exec(self) -> int:
        path = self.folder / f"printed-{len(self.printed) + 1}.pdf"
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(path))
        self.printed.append(path)
        return QDialog.DialogCode.Accepted


@pytest.fixture
def printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    _PrintToFile.folder, _PrintToFile.printed = tmp_path, []
    monkeypatch.setattr(pdf_output, "QPrintDialog", _PrintToFile)
    return _PrintToFile.printed


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _inspected(owner):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id, odometer=52000,
                                     concerns="Wipers smear")
    repair_orders.set_inspection(owner, order.id, [
        ("Front brake pads", Condition.OK, "6 mm"), ("Wiper blades", Condition.SOON, "smear"),
        ("Battery", Condition.URGENT, "fails load test")])
    return shop, order


def _editor(window, order_id):
    screen = window.show_screen("repair_orders")
    screen.open_order(order_id)
    return screen.editor


def _key(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.windowHandle(), key, modifiers)


def test_findings_are_priced_onto_the_estimate_most_urgent_first(qtbot, make_window, owner,
                                                                 clerk):
    _shop, order = _inspected(owner)
    window = make_window(clerk)
    editor = _editor(window, order.id)
    assert editor.quote_button.isVisible()
    said = editor.findings_label.text()
    assert said.index("Battery") < said.index("Wiper blades") and "Front brake" not in said
    assert walk(editor.lines_view)[1:3] == [editor.quote_button, editor.line_kind]  # as shown
    # Alt+M: the urgent battery into the new line, as a part, the cursor in its price
    _key(qtbot, window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.line_price)
    assert editor.line_description.text() == "Battery — fails load test"
    assert editor.line_kind.currentData() == LineKind.PART.value
    qtbot.keyClicks(editor.line_price, "189")
    _key(qtbot, window, Qt.Key.Key_Return)
    line = repair_orders.lines_of(owner, order.id)[-1]
    assert (line.description, line.unit_price, line.kind) == (
        "Battery — fails load test", 189, "part")
    assert editor.selected_line() == line.id  # the line just added is the selected one
    assert "Battery" not in editor.findings_label.text()  # on the estimate now
    # the next Alt+M offers the wipers; Ctrl+D marks the battery declined
    _key(qtbot, window, Qt.Key.Key_D, CTRL)
    assert editor.lines_model.row(0)[-1] == "declining…"
    _key(qtbot, window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: editor.line_description.text() == "Wiper blades — smear")
    # a finding chosen in the inspection is the one priced, even one already quoted
    editor.inspection_view.setCurrentIndex(editor.inspection_model.index(2, 0))
    editor.quote_finding()
    assert editor.line_description.text() == "Battery — fails load test"
    # an OK finding is not work: it says so
    editor.inspection_view.setCurrentIndex(editor.inspection_model.index(0, 0))
    repair_orders.set_inspection(owner, order.id, [("Tyres", Condition.OK, "")])
    editor.show_order(order.id)
    assert not editor.quote_button.isVisible() and not editor.findings_label.isVisible()


def test_the_current_line_is_kept_when_the_order_is_refreshed(qtbot, make_window, owner,
                                                              clerk):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id)
    for text in ("Road test", "Check the handbrake"):
        repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, text, "0.2"))
    window = make_window(clerk)
    editor = _editor(window, order.id)
    editor.select_line(1)
    editor.toggle_declined()  # a refresh
    assert editor.selected_line() == repair_orders.lines_of(owner, order.id)[1].id
    editor.record_approval()  # another, after a saved change
    assert editor.selected_line() == repair_orders.lines_of(owner, order.id)[1].id
    assert [li.approval for li in repair_orders.lines_of(owner, order.id)] == [
        Approval.APPROVED.value, Approval.DECLINED.value]


def test_a_technician_opens_a_job_on_its_lines(qtbot, make_window, owner, technician):
    shop = workshop(owner)
    order = repair_orders.open_order(owner, shop.vehicle_id)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Road test", "0.2",
                                                      technician_id=technician.user_id))
    repair_orders.record_approval(owner, order.id)
    window = make_window(technician)
    editor = _editor(window, order.id)
    assert window.focusWidget() is editor.lines_view and editor.selected_line() is not None


def test_estimate_and_job_card_go_to_the_printer_or_a_file(qtbot, make_window, owner, clerk,
                                                           printed, tmp_path, monkeypatch):
    _shop, order = _inspected(owner)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Replace wipers", "0.3"))
    repair_orders.record_approval(owner, order.id, method="phone")
    window = make_window(clerk)
    editor = _editor(window, order.id)
    editor.line_description.setFocus()
    _key(qtbot, window, Qt.Key.Key_P, CTRL)
    _key(qtbot, window, Qt.Key.Key_J, CTRL)
    assert len(printed) == 2
    estimate, job_card = (_text(p) for p in printed)
    assert "ESTIMATE" in estimate and "Replace wipers" in estimate and "$24.00" in estimate
    assert "JOB CARD" in job_card and "Replace wipers" in job_card and "$" not in job_card
    assert "(217) 555-0142" in estimate and "(217) 555-0142" in job_card  # who to call
    assert window.statusBar().currentMessage() == f"{order.number}: sent to the printer"
    # Save as PDF…: the same documents to a file chosen
    chosen = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(chosen), "")))
    menu = editor.save_pdf_button.menu()
    assert [a.text() for a in menu.actions()] == ["&Estimate", "&Job card", "Service &history"]
    menu.actions()[1].trigger()
    assert "JOB CARD" in _text(chosen.with_suffix(".pdf"))
    # a print cancelled prints nothing
    monkeypatch.setattr(_PrintToFile, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert editor.print_pdf("estimate") is False


def _answer(dialog_type, answer) -> None:
    """Call ``answer(dialog)`` once a ``dialog_type`` is the open modal dialog."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_type) and dialog.isVisible():
            answer(dialog)
        else:
            QTimer.singleShot(10, look)
    QTimer.singleShot(0, look)


def test_check_in_opens_the_order_and_prints_the_job_card_unless_told_not_to(
        qtbot, make_window, clerk, printed):
    window = make_window(clerk)
    customers = window.show_screen("customers")

    def fill(dialog: CheckInDialog, last: str, plate: str = "", order: bool = True,
             job_card: bool = True) -> None:
        assert not dialog.open_order.isEnabled() and not dialog.print_job_card.isEnabled()
        dialog.customer.first_name.setText("Dana")
        dialog.customer.last_name.setText(last)
        dialog.vehicle.plate.setText(plate)
        assert dialog.open_order.isEnabled() == bool(plate)
        dialog.note.setText("Noise from the front left")
        dialog.open_order.setChecked(order)
        dialog.print_job_card.setChecked(job_card)
        assert dialog.print_job_card.isEnabled() == (bool(plate) and order)
        dialog.save()

    # no order wanted: the customer's file, as before
    _answer(CheckInDialog, lambda d: fill(d, "One", "KY-1", order=False))
    customers.check_in()
    assert RepairOrder.select().count() == 0 and not printed
    assert window.current_key() == "customers"
    assert customers.file_view.name_label.text() == "One, Dana"
    # no car: no order (the ticks do not apply)
    _answer(CheckInDialog, lambda d: fill(d, "Two"))
    customers.check_in()
    assert RepairOrder.select().count() == 0 and not printed
    # the order, no job card: the order in the editor
    _answer(CheckInDialog, lambda d: fill(d, "Three", "KY-3", job_card=False))
    customers.check_in()
    order = RepairOrder.get()
    assert order.concerns == "Noise from the front left" and not printed
    assert window.current_key() == "repair_orders"
    assert window.screens["repair_orders"].editor.order.id == order.id
    # the order and its job card
    _answer(CheckInDialog, lambda d: fill(d, "Four", "KY-4"))
    customers.check_in()
    assert RepairOrder.select().count() == 2 and len(printed) == 1
    assert "JOB CARD" in _text(printed[0]) and "KY-4" in _text(printed[0])
    assert Customer.select().count() == 4


def test_form_labels_mnemonics_reach_their_fields(qtbot, make_window, clerk):
    window = make_window(clerk)
    dialog = CheckInDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    for key, field in ((Qt.Key.Key_P, dialog.customer.phone), (Qt.Key.Key_A, dialog.vehicle.plate),
                       (Qt.Key.Key_D, dialog.vehicle.odometer), (Qt.Key.Key_N, dialog.note)):
        qtbot.keyClick(dialog.windowHandle(), key, ALT)
        assert QApplication.focusWidget() is field, key


def test_on_a_short_pane_the_price_of_a_finding_is_typed_in_view(qtbot, db, request):
    window, order = request.getfixturevalue("small_screen")  # 1366 x 768 at 125 %
    orders = window.show_screen("repair_orders")
    orders.open_order(order.id)
    qtbot.wait(20)
    editor, scroll = orders.editor, orders.editor_scroll
    _key(qtbot, window, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.line_price)
    assert editor.line_description.text() == "Front brake pads — 2 mm left"
    top_left = editor.line_price.mapTo(scroll.viewport(), QPoint(0, 0))
    assert scroll.viewport().rect().contains(QRect(top_left, editor.line_price.size()))
