"""The Customers screen as the clerk uses it: check-in, search, contacts, complaints, surveys."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from shopdesk.gui.customers import crm_dialogs
from shopdesk.gui.customers.check_in_dialog import CheckInDialog
from shopdesk.models.crm import Complaint, Interaction, Survey
from shopdesk.models.customers import Customer
from shopdesk.models.vehicles import Vehicle
from shopdesk.services.crm import complaints, customer_lists, customers
from tests.services.customer_helpers import car, person


def _customers_screen(window):
    return window.show_screen("customers")


def test_check_in_a_new_customer_and_car(qtbot, make_window, clerk):
    window = make_window(clerk)
    screen = _customers_screen(window)
    dialog = CheckInDialog(window.context, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer.first_name, "Dana")
    qtbot.keyClicks(dialog.customer.last_name, "Whitfield")
    qtbot.keyClicks(dialog.customer.phone, "217 555 0123")
    qtbot.keyClicks(dialog.customer.email, "dana@example")  # odd, but saved
    dialog.customer.email.editingFinished.emit()
    assert dialog.customer.rows.hints["email"].isVisibleTo(dialog)
    qtbot.keyClicks(dialog.vehicle.plate, "ky-42 tz")
    qtbot.keyClicks(dialog.vehicle.vin, "1HGCM82633A004352")
    dialog.vehicle.vin.editingFinished.emit()
    assert dialog.vehicle.make.text() == "Honda" and dialog.vehicle.year.value() == 2003
    assert "Decoded" in dialog.vehicle.rows.hints["vin"].text()
    qtbot.keyClicks(dialog.vehicle.model, "Accord")
    dialog.vehicle.odometer.setValue(123_456)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    customer = Customer.get(Customer.last_name == "Whitfield")
    assert customer.email_problem  # flagged, not refused
    vehicle = Vehicle.get(Vehicle.customer == customer.id)
    assert (vehicle.plate, vehicle.odometer, vehicle.make) == ("KY-42 TZ", 123_456, "Honda")
    assert customer.last_visit_on == dt.date.today()
    screen.open_customer(customer.id)
    assert screen.file_view.name_label.text() == "Whitfield, Dana"
    assert screen.file_view.vehicles.model.rowCount() == 1


def test_check_in_without_a_name_says_so_on_the_field(qtbot, make_window, clerk):
    window = make_window(clerk)
    dialog = CheckInDialog(window.context, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.customer.phone, "2175550123")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.customer.rows.hints["last_name"].text() == "Give a name (or a company name)"
    assert Customer.select().count() == 0


def test_search_by_plate_fragment_as_you_type(qtbot, make_window, clerk):
    ann = person(clerk)
    car(clerk, ann.id, plate="AB-123-CD")
    person(clerk, first="Bob", last="Jones", phone="312 555 0177", email="")
    window = make_window(clerk)
    screen = _customers_screen(window)
    assert screen.list.lazy.rowCount() == 2
    qtbot.keyClicks(screen.find_edit, "123 c")
    assert screen.list.lazy.rowCount() == 1
    assert screen.list.lazy.data(screen.list.lazy.index(0, 0)) == "Smith, Ann"
    qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    assert screen.stack.currentWidget() is screen.file_view
    assert screen.file_view.name_label.text() == "Smith, Ann"
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Escape)  # a real key press
    assert screen.stack.currentIndex() == 0


def test_global_search_opens_the_only_match(qtbot, make_window, clerk):
    ann = person(clerk)
    car(clerk, ann.id, vin="1HGCM82633A004352")
    window = make_window(clerk)
    window.show_screen("vehicles")
    qtbot.keyClicks(window.ui.searchBox, "004352")
    qtbot.keyClick(window.ui.searchBox, Qt.Key.Key_Return)
    screen = window.screens["customers"]
    assert window.current_key() == "customers"
    assert screen.file_view.customer_id == ann.id


def test_log_a_call_with_follow_up_then_tick_it_off(qtbot, make_window, clerk):
    ann = person(clerk)
    window = make_window(clerk)
    screen = _customers_screen(window)
    screen.open_customer(ann.id)
    dialog = crm_dialogs.InteractionDialog(window.context, customers.get(clerk, ann.id), window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.summary, "Quoted front pads and discs, 340 dollars")
    dialog.follow.setChecked(True)
    dialog.due.setDate(dialog.due.date().currentDate())
    qtbot.keyClicks(dialog.note, "Call back: does she accept the quote?")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    screen.file_view.reload()
    assert screen.file_view.talks.model.rowCount() == 1
    follow_ups = screen.follow_ups
    screen.show_list()
    screen.tabs.setCurrentWidget(follow_ups)  # (the dialog told of the change: a hidden list
    # is re-read when it shows)
    assert "due today: 1" in follow_ups.title.text()
    follow_ups.list.selectRow(0)
    follow_ups.mark_done()
    assert "nothing due today" in follow_ups.title.text()
    assert Interaction.get().follow_up_done_at is not None


def test_open_and_resolve_a_complaint(qtbot, make_window, clerk):
    ann = person(clerk)
    window = make_window(clerk)
    screen = _customers_screen(window)
    screen.open_customer(ann.id)
    dialog = crm_dialogs.ComplaintDialog(window.context, customers.get(clerk, ann.id), window)
    qtbot.addWidget(dialog)
    dialog.save()  # no subject yet
    assert dialog.rows.hints["subject"].text() == "What it is about"
    qtbot.keyClicks(dialog.subject, "Squeal after brake job")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert customer_lists.complaints(clerk).count() == 1
    view = screen.file_view
    view.reload()
    assert "1 open" in view.tabs.tabText(6)
    view.complaints.table.selectRow(0)
    view.start_complaint()
    assert Complaint.get().status == "in progress"
    resolve = crm_dialogs.ResolveDialog(window.context, complaints.get(clerk, Complaint.get().id),
                                        window)
    qtbot.addWidget(resolve)
    qtbot.keyClicks(resolve.resolution, "Cleaned and re-bedded the pads; road test OK")
    resolve.satisfaction.setCurrentIndex(resolve.satisfaction.findData(4))
    resolve.save()
    row = Complaint.get()
    assert (row.status, row.satisfaction) == ("resolved", 4)
    view.reload()
    assert view.tabs.tabText(6) == "Com&plaints"


def _done_order_and_invoice(owner):
    """A repair order (RO-000001) and an issued invoice for Ann Smith's car."""
    from shopdesk.models.repair_orders import LineKind
    from shopdesk.services.sales import invoices
    from shopdesk.services.workshop import repair_orders
    from shopdesk.services.workshop.repair_orders import LineInput

    ann = person(owner)
    vehicle = car(owner, ann.id)
    order = repair_orders.open_order(owner, vehicle.id)
    repair_orders.add_line(owner, order.id, LineInput(LineKind.LABOUR, "Brake job", "1", "80"))
    invoice = invoices.issue(owner, invoices.create_draft(
        owner, ann.id, vehicle.id, [invoices.LineDraft("Brake job", 1, "80.00")]).id)
    return ann, order, invoice


def test_a_complaint_links_the_order_and_invoice_by_their_printed_numbers(
        qtbot, make_window, owner):
    ann, order, invoice = _done_order_and_invoice(owner)
    window = make_window(owner)
    dialog = crm_dialogs.ComplaintDialog(window.context, customers.get(owner, ann.id), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Complaint from Smith, Ann"
    qtbot.keyClicks(dialog.subject, "Squeal after brake job")
    qtbot.keyClicks(dialog.repair_order, "ro-1")  # any case, no zero padding
    qtbot.keyClicks(dialog.invoice, "TG-2020-00007")  # no such invoice
    qtbot.keyClick(dialog.invoice, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.rows.hints["invoice"].text() == "No invoice has this number"
    assert dialog.error.text() == "There is no invoice numbered 'TG-2020-00007'"
    assert not dialog.rows.hints["repair_order"].isVisibleTo(dialog)
    assert dialog.focusWidget() is dialog.invoice and Complaint.select().count() == 0
    dialog.invoice.selectAll()
    year, sequence = invoice.number.split("-")[1:]
    qtbot.keyClicks(dialog.invoice, f"tg-{year}-{int(sequence)}")
    qtbot.keyClick(dialog.invoice, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    row = Complaint.get()
    assert (row.repair_order_id, row.invoice_id) == (order.id, invoice.id)


def test_an_unknown_repair_order_number_is_refused_in_chinese(qtbot, make_window, owner):
    from shopdesk import formatting
    from shopdesk.gui import i18n

    ann, _order, _invoice = _done_order_and_invoice(owner)
    window = make_window(owner)
    assert i18n.install("zh_CN") == "zh_CN"
    try:
        dialog = crm_dialogs.ComplaintDialog(window.context, customers.get(owner, ann.id), window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle() == "Smith, Ann 的投诉"
        qtbot.keyClicks(dialog.subject, "Noise")
        qtbot.keyClicks(dialog.repair_order, "RO-000042")
        qtbot.keyClick(dialog.repair_order, Qt.Key.Key_Return)
        assert dialog.rows.hints["repair_order"].text() == "没有此编号的维修单"
        assert dialog.error.text() == "没有维修单“RO-000042”"
        assert Complaint.select().count() == 0
    finally:
        i18n.install("en")
        formatting.configure(locale="en_US")


def test_record_a_survey(qtbot, make_window, clerk):
    ann = person(clerk)
    window = make_window(clerk)
    dialog = crm_dialogs.SurveyDialog(window.context, customers.get(clerk, ann.id), window)
    qtbot.addWidget(dialog)
    dialog.scores["price"].setValue(3)
    dialog.recommend.setValue(8)
    qtbot.keyClicks(dialog.comment, "Bit pricey, great work")
    dialog.save()
    survey = Survey.get()
    assert (survey.quality, survey.price, survey.recommend) == (5, 3, 8)
    screen = _customers_screen(window)
    screen.open_customer(ann.id)
    assert screen.file_view.surveys.model.row(0)[5] == "8/10"


def test_lower_odometer_is_refused_inline_until_a_reason_is_given(qtbot, make_window, clerk):
    ann = person(clerk)
    vehicle = car(clerk, ann.id, odometer=50_000)
    window = make_window(clerk)
    dialog = crm_dialogs.OdometerDialog(window.context, vehicle, window)
    qtbot.addWidget(dialog)
    dialog.reading.setValue(40_000)
    dialog.save()
    assert dialog.rows.hints["odometer"].text() == "Lower than the last reading"
    qtbot.keyClicks(dialog.reason, "Cluster replaced")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert Vehicle.get_by_id(vehicle.id).odometer == 40_000


def test_blacklisted_customer_is_flagged_on_the_file(qtbot, make_window, clerk):
    ann = person(clerk)
    customers.set_blacklisted(clerk, ann.id, True, "Unpaid invoice")
    window = make_window(clerk)
    screen = _customers_screen(window)
    screen.open_customer(ann.id)
    assert screen.file_view.warning_label.isVisible()
    assert "Blacklisted: Unpaid invoice" in screen.file_view.warning_label.text()


def test_technician_sees_customers_but_cannot_change_them(make_window, technician, owner):
    person(owner)
    window = make_window(technician)
    screen = _customers_screen(window)
    assert not screen.check_in_button.isEnabled()
    screen.open_customer(Customer.get().id)
    assert not screen.file_view.edit_button.isEnabled()


def test_owner_sets_grade_thresholds_and_customers_regrade(qtbot, make_window, owner):
    from shopdesk.services.crm import grading, interactions

    ann = person(owner)
    interactions.log(owner, ann.id, "visit", "Oil change")
    window = make_window(owner)
    dialog = crm_dialogs.GradingRulesDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.vip_spend.setText("lots")
    dialog.save()
    assert dialog.rows.hints["vip_spend"].text() == "An amount"
    dialog.vip_spend.setText("1500.00")
    dialog.vip_visits.setValue(1)
    dialog.regular_visits.setValue(1)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert grading.rules(owner).vip_visits == 1
    assert customers.get(owner, ann.id).grade == "vip"


def test_merge_a_duplicate_from_the_file(qtbot, make_window, clerk):
    keep = person(clerk)
    dup = person(clerk, first="Anne", phone="(217) 555-0199", email="")
    window = make_window(clerk)
    screen = _customers_screen(window)
    screen.open_customer(dup.id)
    dialog = crm_dialogs.MergeDialog(window.context, customers.get(clerk, dup.id), window)
    qtbot.addWidget(dialog)
    dialog.picker.setEditText("Smith, Ann")
    dialog.picker.lookup()
    index = dialog.picker.findData(keep.id)
    assert index >= 0
    dialog.picker.setCurrentIndex(index)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert customers.get(clerk, dup.id).merged_into_id == keep.id


def test_vehicles_screen_finds_a_vin_tail_and_opens_the_owner(qtbot, make_window, clerk):
    ann = person(clerk)
    car(clerk, ann.id, plate="XY-987", vin="1HGCM82633A004352")
    bob = person(clerk, first="Bob", last="Jones", phone="", email="")
    car(clerk, bob.id, plate="QQ 1", vin="")
    window = make_window(clerk)
    screen = window.show_screen("vehicles")
    assert screen.list.lazy.rowCount() == 2
    qtbot.keyClicks(screen.find_edit, "004352")
    assert screen.list.lazy.rowCount() == 1
    assert screen.list.lazy.data(screen.list.lazy.index(0, 0)) == "XY-987"
    screen.list.selectRow(0)
    qtbot.keyClick(screen.list, Qt.Key.Key_Return)
    assert window.current_key() == "customers"
    assert window.screens["customers"].file_view.customer_id == ann.id


def test_transfer_a_vehicle_from_the_file(qtbot, make_window, clerk):
    from shopdesk.services.crm import vehicles

    ann = person(clerk)
    vehicle = car(clerk, ann.id)
    bob = person(clerk, first="Bob", last="Jones", phone="312 555 0177", email="")
    window = make_window(clerk)
    dialog = crm_dialogs.TransferDialog(window.context, vehicles.get(clerk, vehicle.id), window)
    qtbot.addWidget(dialog)
    dialog.save()  # nobody picked yet
    assert dialog.rows.hints["customer"].text() == "Pick the new owner"
    dialog.picker.setEditText("0177")
    dialog.picker.lookup()
    assert dialog.picker.currentData() == bob.id
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert vehicles.get(clerk, vehicle.id).customer_id == bob.id
    assert [h[0] for h in vehicles.ownership_history(clerk, vehicle.id)] == ["Smith, Ann",
                                                                       "Jones, Bob"]


def test_lapsed_customers_export_for_outreach(qtbot, make_window, clerk, tmp_path):
    from shopdesk.services.crm import interactions

    ann = person(clerk)
    car(clerk, ann.id, plate="OLD 1")
    interactions.log(clerk, ann.id, "visit", "Service", at=dt.datetime(2024, 5, 2, 9, 0))
    window = make_window(clerk)
    screen = _customers_screen(window)
    screen.tabs.setCurrentIndex(3)
    assert screen.lapsed_count.text() == "1 customer"
    out = tmp_path / "lapsed.csv"
    messages = []
    window.context.status.connect(messages.append)
    screen.export_lapsed(str(out))
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages[-1] == f"1 customer written to {out}"
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("\"Smith, Ann\",2024-05-02,OLD 1 Honda Accord")
