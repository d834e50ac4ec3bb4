"""The parts counter in the window: a battery sold with its core line and the core taken
back from the invoice; a lost sale in two keystrokes seen in the report and in reorder
suggestions; the cores report; the part form's core deposit and warranty."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QDialog

from shopdesk.gui.counter.core_return_dialog import CoreReturnDialog
from shopdesk.gui.counter.fields_dialog import FieldsDialog
from shopdesk.gui.counter.lost_sale_dialog import LostSaleDialog
from shopdesk.gui.counter.reports import CounterReports
from shopdesk.gui.invoices.counter_sale import CounterSale
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.parts.part_dialog import PartDialog
from shopdesk.models.cores import CoreMovement
from shopdesk.models.invoices import Invoice
from shopdesk.models.lost_sales import LostSale
from shopdesk.models.parts import Part
from shopdesk.services.counter import cores, lost_sales, warranty, warranty_claims
from shopdesk.services.sales import invoices
from shopdesk.services.stock import purchasing
from tests.helpers.counter import battery
from tests.helpers.invoices import customer_with_car, stocked_part
from tests.helpers.parts import make_part, make_supplier


def _when_modal(act) -> None:
    """Run ``act(dialog)`` on the next modal dialog as soon as it opens."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or isinstance(dialog, CounterSale):
            QTimer.singleShot(20, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def _counter_sale(qtbot, window, monkeypatch) -> CounterSale:
    screen = window.show_screen("invoices")
    opened: list[CounterSale] = []
    monkeypatch.setattr(CounterSale, "exec", lambda self: opened.append(self) or 0)
    screen.counter_sale()
    sale = opened[0]
    sale.show()
    qtbot.waitExposed(sale)
    return sale


def test_battery_sold_with_its_core_then_the_core_taken_back(
        qtbot, make_window, owner, clerk, monkeypatch):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    window = make_window(clerk)
    sale = _counter_sale(qtbot, window, monkeypatch)
    sale.set_customer(customer.id, customer.display_name)
    qtbot.keyClicks(sale.scan, "BAT-70")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    # the core deposit shows as its own line under the battery
    assert [sale.model.row(i)[:5] for i in range(sale.model.rowCount())] == [
        ("Battery 70Ah", "BAT-70", "1", "$129.00", "$129.00"),
        ("Core deposit: Battery 70Ah", "BAT-70", "1", "$18.00", "$18.00")]
    assert "$161.70" in sale.total_label.text()  # (129 + 18) + 10% tax
    sale.table.selectRow(1)
    sale.remove_line()  # the core alone cannot go: it follows its battery
    assert sale.message.text().startswith("The core deposit follows its part")
    assert sale.model.rowCount() == 2

    def pay(dialog) -> None:
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    _when_modal(pay)
    declined: list[bool] = []  # paid: the printer dialog comes up; Esc there, nothing printed
    monkeypatch.setattr(QPrintDialog, "exec",
                        lambda _self: declined.append(True) or QDialog.DialogCode.Rejected)
    qtbot.mouseClick(sale.card_button, Qt.MouseButton.LeftButton)
    invoice = sale.invoice
    assert invoice.gross == invoice.paid == Decimal("161.70")
    assert declined == [True] and not sale.printed
    # the customer comes back with the old battery: Core return on the invoice
    shown: list[int] = []
    monkeypatch.setattr(InvoiceView, "exec", lambda self: shown.append(self.invoice_id) or 0)
    view = InvoiceView(window.screens["invoices"].context, invoice.id, window)
    qtbot.addWidget(view)
    view.show()
    assert view.core_button.isVisible()

    def take_back(dialog: CoreReturnDialog) -> None:
        assert dialog.model.row(0)[0] == invoice.number and dialog.model.row(0)[4] == "1"
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)  # 1 core, refunded in cash
    _when_modal(take_back)
    qtbot.mouseClick(view.core_button, Qt.MouseButton.LeftButton)
    note = Invoice.get(Invoice.kind == "credit_note")
    assert shown == [note.id] and note.credited_invoice_id == invoice.id
    assert note.gross == Decimal("-19.80")  # the deposit and its tax, nothing else
    assert not view.core_button.isVisible()  # nothing left to take back on this invoice
    assert cores.on_hand(owner, part.id) == Decimal("1") == sum(
        m.quantity for m in CoreMovement.select())
    assert Part.get_by_id(part.id).on_hand == Decimal("9")  # not back in sellable stock


def test_cores_report_lists_cores_out_and_sends_cores_back_to_the_supplier(
        qtbot, make_window, owner):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    draft = invoices.create_draft(owner, customer.id, lines=[invoices.LineDraft(
        part_id=part.id, quantity=3)])
    sale = invoices.issue(owner, draft.id)
    cores.return_core(owner, part.id, 1, customer_id=customer.id)
    window = make_window(owner)
    screen = window.show_screen("invoices")
    reports = CounterReports(screen.context, window)
    qtbot.addWidget(reports)
    reports.show()
    tab = reports.cores
    assert tab.out_model.row(0)[:2] == (sale.customer_name, sale.number)
    assert tab.out_model.row(0)[4:] == ("2", "$36.00")
    out_count, out_deposit = cores.outstanding_total(owner)
    assert tab.out_title.text() == "Cores out with customers: 2 · deposits $36.00"
    assert (out_count, out_deposit) == (Decimal("2"), Decimal("36.00"))
    assert tab.hand_model.row(0) == ("BAT-70", "Battery 70Ah", "Acme Parts", "1", "$18.00")
    tab.hand_view.selectRow(0)

    def send(dialog: FieldsDialog) -> None:
        dialog.edits[2].setText("RMA-7")
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)
    _when_modal(send)
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)
    assert tab.hand_model.rowCount() == 0
    assert tab.claims_model.row(0)[1:] == ("Cores", "Acme Parts", "BAT-70 Battery 70Ah", "1",
                                           "$18.00", "RMA-7")
    tab.claims_view.selectRow(0)

    def credit(dialog: FieldsDialog) -> None:
        dialog.edits[0].setText("17.50")
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)
    _when_modal(credit)
    qtbot.mouseClick(tab.credit_button, Qt.MouseButton.LeftButton)
    assert tab.claims_model.rowCount() == 0
    [claim] = warranty_claims.claims(owner, status=None)
    assert (claim.status, claim.received) == ("credited", Decimal("17.50"))


def test_lost_sale_in_two_keystrokes_shows_in_report_and_reorder_suggestions(
        qtbot, make_window, owner, clerk, monkeypatch):
    supplier = make_supplier(owner)
    make_part(owner, sku="WB-55", name="Wiper blade 55cm", supplier=supplier.id)  # none in
    window = make_window(clerk)
    sale = _counter_sale(qtbot, window, monkeypatch)
    assert "WB-55" not in {s.sku for s in purchasing.reorder_suggestions(owner)}
    qtbot.keyClicks(sale.scan, "wb-55")  # out of stock: the clerk records the lost sale

    def save(dialog: LostSaleDialog) -> None:
        assert dialog.part.sku == "WB-55" and dialog.reason.currentData() == "out_of_stock"
        dialog.quantity.setText("2")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)  # Enter saves
    _when_modal(save)
    qtbot.keyClick(sale.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    if LostSale.select().count() == 0:  # offscreen may swallow a new window's first key
        _when_modal(save)
        qtbot.keyClick(sale.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert sale.message.text() == "Lost sale recorded" and sale.scan.text() == ""
    # a request for something the shop does not know: the typed words are kept
    qtbot.keyClicks(sale.scan, "TOWBAR GOLF")
    qtbot.keyClick(sale.scan, Qt.Key.Key_Return)  # no such part

    def save_text(dialog: LostSaleDialog) -> None:
        assert dialog.part is None and dialog.text.text() == "TOWBAR GOLF"
        assert dialog.reason.currentData() == "not_stocked"
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    _when_modal(save_text)
    qtbot.mouseClick(sale.lost_button, Qt.MouseButton.LeftButton)
    rows = {(r.part_id is not None, r.label): r for r in lost_sales.ranking(owner)}
    assert rows[(True, "Wiper blade 55cm")].quantity == Decimal("2")
    assert rows[(False, "TOWBAR GOLF")].count == 1
    [row] = LostSale.select().where(LostSale.part.is_null(False))
    assert row.username == "carl"
    # the report shows both, most asked for first
    reports = CounterReports(window.screens["invoices"].context, window, tab="lost")
    qtbot.addWidget(reports)
    assert reports.tabs.currentWidget() is reports.lost
    assert reports.comebacks is None  # the clerk does not see the owner's comebacks
    assert [reports.lost.model.row(i)[:4] for i in range(2)] == [
        ("Wiper blade 55cm", "WB-55", "1", "2"), ("TOWBAR GOLF", "", "1", "1")]
    assert reports.lost.summary.text() == "2 lost sales of 2 parts or requests"
    # and the reorder suggestions now propose the wiper blade
    [suggestion] = [s for s in purchasing.reorder_suggestions(owner) if s.sku == "WB-55"]
    assert suggestion.lost == Decimal("2") and suggestion.suggested >= 1
    assert "lost 2" in suggestion.basis
    purchasing_screen = window.show_screen("purchasing")
    purchasing_screen.refresh_suggestions()
    rows = [purchasing_screen.suggestion_model.row(i)
            for i in range(purchasing_screen.suggestion_model.rowCount())]
    [wiper] = [r for r in rows if r[0] == "WB-55"]
    assert wiper[7] == "sold 0 + lost 2 in 90 days"  # the clerk sees why it is suggested


def test_part_form_sets_core_deposit_and_warranty_and_refuses_bad_numbers(
        qtbot, make_window, owner):
    part = stocked_part(owner, sku="ALT-1", name="Alternator")
    window = make_window(owner)
    screen = window.show_screen("invoices")
    dialog = PartDialog(screen.context, Part.get_by_id(part.id), parent=window)
    qtbot.addWidget(dialog)
    dialog.core_deposit.setText("45.00")
    dialog.warranty_months.setText("twelve")
    dialog.save()
    assert "whole number" in dialog.error.text() and cores.deposit_of(owner, part.id) == 0
    dialog.warranty_months.setText("24")
    dialog.warranty_km.setText("40,000")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert cores.deposit_of(owner, part.id) == Decimal("45.00")
    assert warranty.part_terms(owner, part.id) == warranty.Terms(24, 40000)


def test_core_return_from_the_customer_file_and_refused_without_a_sale(
        qtbot, make_window, owner, clerk):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    invoices.issue(clerk, invoices.create_draft(clerk, customer.id, lines=[
        invoices.LineDraft(part_id=part.id, quantity=2)]).id)
    window = make_window(clerk)
    screen = window.show_screen("customers")
    qtbot.keyClicks(screen.find_edit, "Smith")
    qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    view = screen.file_view
    assert view.customer_id == customer.id

    def too_many(dialog: CoreReturnDialog) -> None:
        dialog.quantity.setText("3")
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
        assert dialog.error.text().startswith("Only 2 core(s) of BAT-70 are outstanding")
        dialog.quantity.setText("2")
        dialog.method.setCurrentIndex(dialog.method.findData("store credit"))
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    _when_modal(too_many)
    [action] = [a for a in view.more.actions() if a.text() == "&Core return…"]
    action.trigger()
    [note] = Invoice.select().where(Invoice.kind == "credit_note")
    assert note.gross == Decimal("-39.60") and cores.on_hand(owner, part.id) == Decimal("2")
    # nothing left out with this customer: the dialog says so and cannot refund
    dialog = CoreReturnDialog(window.screens["customers"].context, customer_id=customer.id)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0 and "must match an earlier sale" in dialog.error.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_lost_sale_reason_follows_what_the_shelf_says(qtbot, owner):
    from shopdesk.gui.context import AppContext
    from shopdesk.models.base import database_proxy

    in_stock = stocked_part(owner, sku="OF-1", qty=5)
    context = AppContext(database_proxy.obj, owner)
    for part, text, reason in ((None, "Roof box", "not_stocked"),
                               (Part.get_by_id(in_stock.id), "", "price")):
        dialog = LostSaleDialog(context, text=text, part=part)
        qtbot.addWidget(dialog)
        assert dialog.reason.currentData() == reason
    empty = LostSaleDialog(context, text="   ")
    qtbot.addWidget(empty)
    empty.text.setText("")
    empty.save()
    assert empty.error.text().startswith("Say what the customer asked for")
    assert LostSale.select().count() == 0


def test_a_scan_beyond_the_shelf_says_so_and_ctrl_l_records_it_out_of_stock(
        qtbot, make_window, owner, clerk, monkeypatch):
    stocked_part(owner, sku="WB-55", name="Wiper blade 55cm", qty=1)  # one on the shelf
    customer, _car = customer_with_car(owner)
    window = make_window(clerk)
    sale = _counter_sale(qtbot, window, monkeypatch)
    sale.set_customer(customer.id, customer.display_name)
    for _ in range(2):  # the customer wants two
        qtbot.keyClicks(sale.scan, "WB-55")
        qtbot.keyClick(sale.scan, Qt.Key.Key_Return)
    assert [sale.model.row(i)[1:3] for i in range(sale.model.rowCount())] == [("WB-55", "1")]
    assert sale.message.text() == ("Only 1 piece of WB-55 Wiper blade 55cm in stock · Ctrl+L "
                                   "records the lost sale")
    assert sale.scan.text() == ""

    def save(dialog: LostSaleDialog) -> None:  # one is on the shelf, yet it is out of stock
        assert dialog.part.sku == "WB-55" and dialog.reason.currentData() == "out_of_stock"
        qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    _when_modal(save)
    qtbot.keyClick(sale.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    if LostSale.select().count() == 0:  # offscreen may swallow a new window's first key
        _when_modal(save)
        qtbot.keyClick(sale.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    [lost] = LostSale.select()
    assert (lost.part.sku, lost.customer_id, lost.reason, lost.quantity) == (
        "WB-55", customer.id, "out_of_stock", Decimal(1))
    assert sale.message.text() == "Lost sale recorded"
    sale.reject()
