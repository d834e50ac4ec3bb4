"""A comeback in the window: the repair order is marked as a comeback of the vehicle's
earlier invoiced order, shows whether that work is still under warranty, its lines are done
at no charge, the invoice is zero, and the owner's comeback report shows it by technician and
by part/supplier with the warranty cost checked against the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from shopdesk.gui.counter.comeback_panel import ComebackDialog
from shopdesk.gui.counter.reports import CounterReports
from shopdesk.models.invoices import Invoice
from shopdesk.models.parts import Part
from shopdesk.models.repair_orders import LineKind, RepairOrderLine, Status
from shopdesk.models.warranty import Comeback, WarrantyLine
from shopdesk.services.counter import comebacks, warranty
from shopdesk.services.sales import invoices
from shopdesk.services.workshop import repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput
from tests.helpers.parts import make_supplier
from tests.helpers.workshop import workshop


def _when_modal(act) -> None:
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        act(dialog)
    QTimer.singleShot(0, poll)


def _invoiced(owner, order_id):
    repair_orders.record_approval(owner, order_id)
    repair_orders.set_status(owner, order_id, Status.DONE)
    return invoices.issue(owner, repair_order_invoicing.invoice_order(owner, order_id).id)


def test_comeback_at_no_charge_linked_to_the_original_and_in_the_owners_report(
        qtbot, make_window, owner, technician):
    shop = workshop(owner)
    supplier = make_supplier(owner, "Motorparts Ltd")
    Part.update(supplier=supplier.id).where(Part.id == shop.oil_filter.id).execute()
    warranty.set_part(owner, shop.oil_filter.id, warranty.Terms(12, 20000))
    warranty.set_labour(owner, warranty.Terms(6, 10000), cost_rate="40.00")
    original = repair_orders.open_order(owner, shop.vehicle_id, odometer=46500)
    repair_orders.add_line(owner, original.id, LineInput(LineKind.PART,
                                                         part_id=shop.oil_filter.id))
    repair_orders.add_line(owner, original.id, LineInput(
        LineKind.LABOUR, "Replace oil filter", "1", technician_id=technician.user_id))
    _invoiced(owner, original.id)
    comeback = repair_orders.open_order(owner, shop.vehicle_id, odometer=47300,
                                        concerns="Oil leak at the filter")
    window = make_window(owner)
    screen = window.show_screen("repair_orders")
    screen.open_order(comeback.id)
    editor, panel = screen.editor, screen.editor.comeback_panel
    assert panel.label.text() == "" and not panel.warranty_button.isEnabled()

    def choose(dialog: ComebackDialog) -> None:
        assert dialog.model.rowCount() == 1 and dialog.model.row(0)[0] == original.number
        qtbot.keyClicks(dialog.reason, "Filter leaking")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    _when_modal(choose)
    qtbot.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    link = Comeback.get()
    assert (link.repair_order_id, link.original_id, link.reason) == (
        comeback.id, original.id, "Filter leaking")
    text = panel.label.text()
    assert f"Comeback of {original.number}" in text and "under warranty" in text
    assert "800 km" in text and "Oil filter 12 months / 20,000 km covered" in text
    # the replacement filter and the labour, both at no charge
    qtbot.keyClicks(editor.line_part, "OF-100")
    qtbot.keyClick(editor.line_part, Qt.Key.Key_Return)
    editor.line_kind.setCurrentIndex(0)  # labour
    qtbot.keyClicks(editor.line_description, "Refit filter, new seal")
    editor.line_qty.setText("0.5")
    editor.line_tech.setCurrentIndex(editor.line_tech.findData(technician.user_id))
    qtbot.keyClick(editor.line_description, Qt.Key.Key_Return)
    assert editor.lines_model.rowCount() == 2
    for row in (0, 1):
        editor.select_line(row)
        qtbot.mouseClick(panel.warranty_button, Qt.MouseButton.LeftButton)
    assert [editor.lines_model.row(i)[5] for i in (0, 1)] == ["$0.00", "$0.00"]
    assert "No charge (warranty): Oil filter, Refit filter, new seal" in panel.label.text()
    qtbot.mouseClick(editor.approve_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.done_button, Qt.MouseButton.LeftButton)
    shown: list = []

    def issue_and_close(view) -> None:  # Make invoice shows the draft: Issue, then close
        shown.append(view.invoice.status)
        view.issue_button.click()
        view.accept()

    _when_modal(issue_and_close)
    qtbot.mouseClick(editor.invoice_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "" and shown == ["draft"]
    invoice = Invoice.get(Invoice.source_id == comeback.id)
    assert invoice.status == "issued"
    assert invoice.gross == Decimal("0.00")  # nothing charged: no revenue
    # the owner's report
    reports = CounterReports(screen.context, window, tab="comebacks")
    qtbot.addWidget(reports)
    tab = reports.comebacks
    assert reports.tabs.currentWidget() is tab
    report = tab.report
    # the ledger: warranty lines x their unit cost (filter at 4.00, 0.5 h at 40.00)
    ledger = sum((comebacks.line_cost(owner, RepairOrderLine.get_by_id(w.line_id), w)
                  for w in WarrantyLine.select()), Decimal("0.00"))
    assert ledger == report.warranty_cost == Decimal("24.00")
    assert (report.parts_cost, report.labour_cost) == (Decimal("4.00"), Decimal("20.00"))
    assert tab.rows_model.row(0)[:2] == (comeback.number, original.number)
    assert tab.rows_model.row(0)[5:] == ("Tina Tech", "$24.00", "Filter leaking")
    assert tab.tech_model.row(0) == ("Tina Tech", "1", "$24.00", "$49.99")
    assert tab.part_model.row(0) == ("OF-100 Oil filter", "Motorparts Ltd", "1", "1", "$4.00",
                                     "$9.99")
    assert "Comebacks: 1 · warranty cost $24.00 (parts $4.00, labour $20.00)" in \
        tab.summary.text()
    today = dt.date.today()
    assert comebacks.summary(owner, today, today).count == Comeback.select().count()


def test_owner_sets_labour_and_package_warranty_terms(qtbot, make_window, owner):
    from shopdesk.gui.counter.warranty_dialog import WarrantyDialog

    shop = workshop(owner)
    window = make_window(owner)
    reports = CounterReports(window.show_screen("invoices").context, window, tab="comebacks")
    qtbot.addWidget(reports)
    reports.show()
    opened: list[WarrantyDialog] = []

    def fill(dialog: WarrantyDialog) -> None:
        opened.append(dialog)
        dialog.table.selectRow(0)
        dialog.package_months.setText("6")
        qtbot.mouseClick(dialog.package_button, Qt.MouseButton.LeftButton)
        assert dialog.model.row(0) == ("Oil service", "6 months")
        dialog.months.setText("12")
        dialog.km.setText("abc")
        dialog.save()
        assert "whole number" in dialog.error.text()
        dialog.km.setText("20000")
        dialog.cost_rate.setText("37.50")
        qtbot.keyClick(dialog.months, Qt.Key.Key_Return)
    _when_modal(fill)
    qtbot.mouseClick(reports.comebacks.terms_button, Qt.MouseButton.LeftButton)
    assert opened and warranty.labour_terms(owner) == warranty.Terms(12, 20000)
    assert warranty.settings(owner).labour_cost_rate == Decimal("37.50")
    assert warranty.package_terms(owner, shop.package.id) == warranty.Terms(6, None)


def test_failed_part_sent_back_from_the_comeback_until_credited(
        qtbot, make_window, owner, technician):
    from shopdesk.gui.counter.fields_dialog import FieldsDialog
    from shopdesk.services.counter import warranty_claims

    shop = workshop(owner)
    supplier = make_supplier(owner, "Motorparts Ltd")
    Part.update(supplier=supplier.id).where(Part.id == shop.oil_filter.id).execute()
    original = repair_orders.open_order(owner, shop.vehicle_id, odometer=46500)
    repair_orders.add_line(owner, original.id, LineInput(LineKind.PART,
                                                         part_id=shop.oil_filter.id))
    _invoiced(owner, original.id)
    comeback = repair_orders.open_order(owner, shop.vehicle_id, odometer=46900)
    comebacks.mark(owner, comeback.id, original.id, "Leaking")
    repair_orders.add_line(owner, comeback.id, LineInput(LineKind.PART,
                                                         part_id=shop.oil_filter.id))
    window = make_window(owner)
    screen = window.show_screen("repair_orders")
    screen.open_order(comeback.id)
    editor, panel = screen.editor, screen.editor.comeback_panel
    assert panel.failed_button.isEnabled()
    editor.select_line(0)

    def send(dialog: FieldsDialog) -> None:
        assert dialog.edits[0].text() == "1"
        dialog.edits[2].setText("Seal split")
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)
    _when_modal(send)
    qtbot.mouseClick(panel.failed_button, Qt.MouseButton.LeftButton)
    [claim] = warranty_claims.claims(owner)
    assert (claim.kind, claim.supplier, claim.expected, claim.reference) == (
        "warranty", "Motorparts Ltd", Decimal("4.00"), comeback.number)
    reports = CounterReports(screen.context, window)
    qtbot.addWidget(reports)
    reports.show()
    tab = reports.cores
    assert tab.claims_model.row(0)[1:4] == ("Warranty", "Motorparts Ltd", "OF-100 Oil filter")
    tab.claims_view.selectRow(0)

    def credit(dialog: FieldsDialog) -> None:
        qtbot.keyClick(dialog.edits[0], Qt.Key.Key_Return)  # the expected 4.00 arrived
    _when_modal(credit)
    qtbot.mouseClick(tab.credit_button, Qt.MouseButton.LeftButton)
    assert warranty_claims.claims(owner) == [] and warranty_claims.open_total(owner) == 0
    [done] = warranty_claims.claims(owner, status=None)
    assert (done.status, done.received) == ("credited", Decimal("4.00"))
