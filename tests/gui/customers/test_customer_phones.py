"""Edit customer takes any number of phones: saved extra phones show as rows, rows can be
added and removed, and each phone keeps its label."""

from __future__ import annotations

from shopdesk.gui.customers.crm_dialogs import EditCustomerDialog
from shopdesk.gui.customers.customer_form import CustomerForm
from shopdesk.models.customers import Customer, CustomerPhone
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.crm import customers
from shopdesk.services.crm.customers import CustomerInput, PhoneInput


def _phones(customer_id: int) -> list[tuple[str, str]]:
    return [(p.number, p.label) for p in CustomerPhone.select().where(
        CustomerPhone.customer == customer_id).order_by(CustomerPhone.id)]


def test_edit_shows_all_phones_adds_and_removes_rows(qtbot, make_window, clerk):
    ann = customers.add_customer(clerk, CustomerInput(
        first_name="Ann", last_name="Smith", phones=[
            PhoneInput("(217) 555-0142", "work"), PhoneInput("(217) 555-0143", "mobile"),
            PhoneInput("(217) 555-0144", "fleet desk")])).customer
    window = make_window(clerk)
    dialog = EditCustomerDialog(window.context, Customer.get_by_id(ann.id), window)
    qtbot.addWidget(dialog)
    form = dialog.customer_form
    assert [e.text() for e, _l, _r in form.extra_phones] == ["(217) 555-0144"]
    form.add_phone_button.click()
    fourth = form.extra_phones[-1][0]
    fourth.setText("(217) 555-0199")
    form.add_phone_button.click()  # an empty row is simply not saved
    form.remove_phone(form.extra_phones[0][0])  # the fleet desk number goes
    assert len(form.extra_phones) == 2
    saved = dialog.do_save()
    assert saved.customer.id == ann.id
    numbers = [n for n, _label in _phones(ann.id)]
    assert len(numbers) == 3 and "(217) 555-0144" not in " ".join(numbers)
    labels = [label for _n, label in _phones(ann.id)]
    assert labels == ["work", "mobile", "other"]  # saved labels kept; the new one is "other"


def test_check_in_form_keeps_two_phone_fields_and_no_add_button(qtbot):
    form = CustomerForm(COMMAND_LINE, full=False)
    qtbot.addWidget(form)
    assert form.add_phone_button is None
    form.phone.setText("(217) 555-0142")
    form.phone2.setText("(217) 555-0143")
    assert [(p.number, p.label) for p in form.value().phones] == [
        ("(217) 555-0142", "mobile"), ("(217) 555-0143", "home")]
