"""Core charges: the core line follows its part on the invoice, a core return refunds the
deposit by credit note against the matching sale and puts the core on hand; cores go back
to the supplier with the credit tracked; every report figure agrees with the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shopdesk.errors import AccessDenied, ValidationError
from shopdesk.models.cores import CoreMovement
from shopdesk.models.invoices import Invoice, LineKind, PaymentMethod
from shopdesk.models.parts import Part
from shopdesk.services.counter import cores, warranty_claims
from shopdesk.services.integrity import run_checks
from shopdesk.services.sales import credit_notes, invoices, payments
from shopdesk.services.sales.invoices import LineDraft
from tests.helpers.counter import battery
from tests.helpers.invoices import customer_with_car, stocked_part
from tests.services.customer_helpers import person


def _sell(actor, customer_id, part_id, qty=1):
    draft = invoices.create_draft(actor, customer_id)
    invoices.scan_part(actor, draft.id, part_id, qty)
    return invoices.issue(actor, draft.id)


def test_selling_a_battery_adds_its_core_line_taxed_like_the_part(db, owner, clerk):
    part = battery(owner)
    draft = invoices.create_draft(clerk, None)
    invoices.scan_part(clerk, draft.id, part.id)
    invoices.scan_part(clerk, draft.id, part.id)  # a second battery: one more core too
    lines = invoices.lines_of(owner, draft)
    assert [(li.kind, li.quantity, li.unit_price, li.tax_code) for li in lines] == [
        ("part", Decimal("2.000"), Decimal("129.00"), "STD"),
        ("core", Decimal("2.000"), Decimal("18.00"), "STD")]
    assert lines[1].description == "Core deposit: Battery 70Ah"
    assert not lines[1].takes_stock
    with pytest.raises(ValidationError, match="follows its part"):
        invoices.remove_line(clerk, lines[1].id)
    invoices.change_line(clerk, lines[0].id, quantity=1)
    assert [li.quantity for li in invoices.lines_of(owner, draft)] == [Decimal("1.000")] * 2
    invoice = invoices.issue(clerk, draft.id)
    assert invoice.gross == Decimal("161.70")  # (129 + 18) + 10% tax
    assert Part.get_by_id(part.id).on_hand == Decimal("9")  # the core line takes no stock


def test_removing_the_part_removes_its_core_and_parts_without_deposit_have_none(
        db, owner, clerk):
    part = battery(owner)
    filt = stocked_part(owner, sku="OF-1")
    draft = invoices.create_draft(clerk, None, lines=[LineDraft(part_id=part.id),
                                                      LineDraft(part_id=filt.id)])
    kinds = [li.kind for li in invoices.lines_of(owner, draft)]
    assert kinds == ["part", "part", "core"]
    invoices.remove_line(clerk, invoices.lines_of(owner, draft)[0].id)
    assert [li.sku for li in invoices.lines_of(owner, draft)] == ["OF-1"]


def test_core_return_refunds_the_deposit_and_puts_the_core_on_hand(db, owner, clerk):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    sale = _sell(clerk, customer.id, part.id, 2)
    payments.take_payment(clerk, sale.id, PaymentMethod.CASH, sale.gross)
    [row] = cores.outstanding(owner, customer_id=customer.id)
    assert (row.number, row.outstanding, row.deposit_outstanding) == (
        sale.number, Decimal("2.000"), Decimal("36.00"))
    [note] = cores.return_core(clerk, part.id, 1, customer_id=customer.id,
                               settle=PaymentMethod.CASH)
    assert note.kind == "credit_note" and note.credited_invoice_id == sale.id
    assert note.gross == Decimal("-19.80")  # 18.00 deposit + 10% tax back
    assert [li.kind for li in invoices.lines_of(owner, note)] == [LineKind.CORE]
    assert cores.on_hand(owner, part.id) == Decimal("1.000")
    assert Part.get_by_id(part.id).on_hand == Decimal("8")  # sellable stock unchanged
    [row] = cores.outstanding(owner, customer_id=customer.id)
    assert row.outstanding == Decimal("1.000") and row.returned == Decimal("1.000")
    movement = CoreMovement.get()
    assert (movement.credit_note_id, movement.sale_line_id) == (note.id, row.core_line_id)
    assert cores.outstanding_total(owner) == (Decimal("1.000"), Decimal("18.00"))
    assert run_checks(db) == []


def test_core_return_without_a_matching_sale_is_refused_and_changes_nothing(db, owner, clerk):
    part = battery(owner)
    other = stocked_part(owner, sku="ALT-1", name="Alternator")
    customer, _car = customer_with_car(owner)
    stranger = person(owner, first="Bob", last="Jones", phone="(217) 555-0199",
                      email="bob@example.com")
    _sell(clerk, customer.id, part.id)
    with pytest.raises(ValidationError, match=r"No core of BAT-70 .* outstanding with Jones, Bob"):
        cores.return_core(clerk, part.id, customer_id=stranger.id)
    with pytest.raises(ValidationError, match="No core of ALT-1"):
        cores.return_core(clerk, other.id, customer_id=customer.id)
    with pytest.raises(ValidationError, match="Only 1 core"):
        cores.return_core(clerk, part.id, 2, customer_id=customer.id)
    assert Invoice.select().where(Invoice.kind == "credit_note").count() == 0
    assert cores.on_hand(owner, part.id) == 0 and CoreMovement.select().count() == 0
    cores.return_core(clerk, part.id, customer_id=customer.id)
    with pytest.raises(ValidationError, match="No core of BAT-70"):  # already back
        cores.return_core(clerk, part.id, customer_id=customer.id)


def test_a_clerk_can_credit_only_core_lines_through_a_core_return(db, owner, clerk):
    part = battery(owner)
    sale = _sell(clerk, None, part.id)
    part_line = invoices.lines_of(owner, sale)[0]
    with pytest.raises(AccessDenied):
        credit_notes.issue_credit_note(clerk, sale.id, "faulty", {part_line.id: 1})
    with pytest.raises(ValidationError, match="core deposits only"):
        credit_notes.issue_credit_note(clerk, sale.id, "sneaky", {part_line.id: 1},
                                       core_return=True)
    [note] = cores.return_core(clerk, part.id, invoice_id=sale.id)  # cash sale: by invoice
    assert note.gross == Decimal("-19.80")


def test_a_whole_invoice_credit_settles_its_cores_without_cores_on_hand(db, owner):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    sale = _sell(owner, customer.id, part.id)
    credit_notes.issue_credit_note(owner, sale.id, "wrong battery")
    assert cores.outstanding(owner) == [] and cores.on_hand(owner, part.id) == 0


def test_cores_go_back_to_the_supplier_and_the_credit_is_tracked(db, owner, clerk):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    _sell(clerk, customer.id, part.id, 3)
    cores.return_core(clerk, part.id, 3, customer_id=customer.id)
    with pytest.raises(ValidationError, match="Only 3 core"):
        cores.return_to_supplier(clerk, part.id, quantity=4)
    claim = cores.return_to_supplier(clerk, part.id, quantity=2, reference="RMA-7")
    assert (claim.kind, claim.quantity, claim.expected) == ("core", Decimal("2.000"),
                                                            Decimal("36.00"))
    [row] = cores.on_hand_rows(owner)
    assert (row.sku, row.on_hand, row.value) == ("BAT-70", Decimal("1.000"), Decimal("18.00"))
    assert warranty_claims.open_total(owner) == Decimal("36.00")
    warranty_claims.record_credit(clerk, claim.id, "34.00", "CN-991")
    with pytest.raises(ValidationError, match="already credited"):
        warranty_claims.record_credit(clerk, claim.id, "34.00")
    assert warranty_claims.open_total(owner) == 0
    [closed] = warranty_claims.claims(owner, status=None)
    assert (closed.status, closed.received) == ("credited", Decimal("34.00"))
    ledger = sum((m.quantity for m in CoreMovement.select()), Decimal(0))
    assert ledger == cores.on_hand(owner, part.id) == Decimal("1.000")
    assert run_checks(db) == []


def test_core_deposit_cannot_be_negative_or_set_by_a_clerk(db, owner, clerk):
    part = battery(owner)
    with pytest.raises(ValidationError, match="cannot be negative"):
        cores.set_deposit(owner, part.id, "-1")
    with pytest.raises(ValidationError, match="not an amount"):
        cores.set_deposit(owner, part.id, "abc")
    with pytest.raises(AccessDenied):
        cores.set_deposit(clerk, part.id, "5")
    assert cores.deposit_of(owner, part.id) == Decimal("18.00")


def test_a_repair_order_invoice_carries_the_core_of_its_battery(db, owner):
    from shopdesk.models.repair_orders import LineKind as RoKind
    from shopdesk.models.repair_orders import Status
    from shopdesk.services.workshop import repair_order_invoicing, repair_orders
    from shopdesk.services.workshop.repair_orders import LineInput

    part = battery(owner)
    _customer, car = customer_with_car(owner)
    order = repair_orders.open_order(owner, car.id, odometer=1000)
    repair_orders.add_line(owner, order.id, LineInput(RoKind.PART, part_id=part.id))
    repair_orders.add_line(owner, order.id, LineInput(RoKind.LABOUR, "Fit battery", "0.5",
                                                      "80.00"))
    repair_orders.record_approval(owner, order.id)
    repair_orders.set_status(owner, order.id, Status.DONE)
    draft = repair_order_invoicing.invoice_order(owner, order.id)
    assert [(li.kind, li.quantity, li.unit_price) for li in invoices.lines_of(owner, draft)] == [
        ("part", Decimal("1.000"), Decimal("129.00")),
        ("labour", Decimal("0.500"), Decimal("80.00")),
        ("core", Decimal("1.000"), Decimal("18.00"))]
    invoice = invoices.issue(owner, draft.id)
    assert [r.number for r in cores.outstanding(owner)] == [invoice.number]


def test_an_invoice_discount_applies_to_the_core_and_its_refund_alike(db, owner, clerk):
    part = battery(owner)
    customer, _car = customer_with_car(owner)
    sale = invoices.issue(clerk, invoices.create_draft(
        clerk, customer.id, discount_percent=10, lines=[LineDraft(part_id=part.id)]).id)
    assert sale.gross == Decimal("145.53")  # (129 + 18) less 10% = 132.30, + 10% tax
    core_line = invoices.lines_of(owner, sale)[1]
    assert core_line.discounted == Decimal("16.20")
    [note] = cores.return_core(clerk, part.id, customer_id=customer.id)
    assert note.gross == Decimal("-17.82")  # exactly what the core cost: 16.20 + 1.62 tax
