"""The names a document is made out to: a person's full name in their script's order, and the
cash customer's in the language the document is printed or exported in."""

from __future__ import annotations

from shopdesk import i18n
from shopdesk.services.crm.names import full_name
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import CASH_CUSTOMER, customer_shown


def test_full_name_in_the_order_of_its_script():
    assert full_name("Ann", "Smith") == "Ann Smith"
    assert full_name(" Ann ", "") == "Ann" and full_name("", "Smith") == "Smith"
    assert full_name("伟", "张") == "张伟"  # family name first, no space
    assert full_name("", "") == ""


def test_the_cash_customer_is_named_in_the_documents_language():
    assert customer_shown(CASH_CUSTOMER, None) == "Cash customer"
    with i18n.documents("zh_CN"):
        assert customer_shown(CASH_CUSTOMER, None) == "散客"
        assert customer_shown(CASH_CUSTOMER, 7) == "Cash customer"  # a customer so named
        assert customer_shown("张伟", 7) == "张伟"


def test_an_invoice_is_made_out_to_the_customers_full_name(owner):
    from shopdesk.services.crm import customers
    from shopdesk.services.crm.customers import CustomerInput

    zhang = customers.add_customer(owner, CustomerInput(first_name="伟", last_name="张"))
    draft = invoices.create_draft(owner, zhang.customer.id,
                                  lines=[invoices.LineDraft("Check", 1, "10.00", kind="fee")])
    assert draft.customer_name == "张伟"
