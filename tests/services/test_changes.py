"""Typed change notices (services/changes.py): every audited kind of record has its areas, and
real service calls on a real database report what they touched."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from shopdesk.services import changes
from shopdesk.services.changes import Changes
from shopdesk.services.pricing import pricing_matrix
from shopdesk.services.pricing import pricing_reprice as reprice
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import appointments, repair_order_invoicing, repair_orders
from shopdesk.services.workshop.repair_orders import LineInput, Status
from tests.helpers.invoices import customer_with_car, stocked_part

ROOT = Path(__file__).resolve().parents[2] / "shopdesk"
#: audit entities written as expressions, and the kinds they can be
IMPORT_KINDS = {"customers", "vehicles", "parts", "prices", "stock"}
DYNAMIC = {"noun": {"invoice", "credit note"}, "self.kind": IMPORT_KINDS,
           "self.handler.kind": IMPORT_KINDS,  # (a batched import's "import batch" entries)
           "'part' if part_id else 'lost sale'": {"part", "lost sale"}}


def audited_entities() -> dict[str, list[str]]:
    """Each ``entity`` given to ``audit.record`` in the code -> where."""
    found: dict[str, list[str]] = {}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "record" and isinstance(node.func.value, ast.Name) \
                    and node.func.value.id == "audit":
                entity = node.args[2] if len(node.args) > 2 else next(
                    k.value for k in node.keywords if k.arg == "entity")
                where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                if isinstance(entity, ast.Constant):
                    found.setdefault(entity.value, []).append(where)
                else:
                    kinds = DYNAMIC.get(ast.unparse(entity))
                    assert kinds is not None, f"{where}: say which kinds {ast.unparse(entity)} " \
                                              "can be in DYNAMIC"
                    for kind in kinds:
                        found.setdefault(kind, []).append(where)
    return found


def test_every_audited_kind_of_record_touches_an_area():
    entities = audited_entities()
    assert len(entities) > 30  # (the walk found the services)
    missing = {kind: where for kind, where in entities.items() if not changes.of(kind)}
    assert not missing, "add these to changes.ENTITIES: " + repr(missing)


def test_nothing_is_collected_outside_collect_and_nesting_sees_inner_writes():
    changes.touch(Changes.PARTS)  # nobody listens: nothing happens
    with changes.collect() as outer:
        changes.touch(Changes.PARTS)
        with changes.collect() as inner:
            changes.touch(Changes.STOCK)
    assert outer.outermost and not inner.outermost
    assert inner.changes == Changes.STOCK
    assert outer.changes == Changes.PARTS | Changes.STOCK


def test_an_action_adds_what_it_touches_besides_its_record():
    assert changes.of("part", "stock sale") == Changes.PARTS | Changes.STOCK
    assert changes.of("repair order", "invoice") == Changes.REPAIR_ORDERS | Changes.INVOICES
    assert changes.of("invoice", "payment") == Changes.INVOICES | Changes.PAYMENTS
    assert changes.of("database", "restore") == Changes.EVERYTHING
    assert changes.of("no such record") == Changes.NONE


def test_issuing_a_sale_touches_invoices_parts_and_stock(db, owner):
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    with changes.collect() as made:
        draft = invoices.create_draft(owner, customer.id, vehicle.id,
                                      lines=[LineDraft(part_id=part.id, quantity=2)])
    assert made.changes & Changes.INVOICES
    with changes.collect() as line:
        invoices.add_line(owner, draft.id, LineDraft("Wiper", "1", "12.00"))
    assert line.changes == Changes.INVOICES  # a draft's lines are not audited: told all the same
    with changes.collect() as issued:
        invoices.issue(owner, draft.id)
    assert issued.changes & Changes.INVOICES and issued.changes & Changes.PARTS \
        and issued.changes & Changes.STOCK


def test_make_invoice_touches_repair_orders_and_invoices(db, owner):
    part = stocked_part(owner)
    _customer, vehicle = customer_with_car(owner)
    order = repair_orders.open_order(owner, vehicle.id, odometer=84000, concerns="Oil change")
    repair_orders.add_line(owner, order.id, LineInput("part", part_id=part.id, quantity=1))
    repair_orders.record_approval(owner, order.id, method="phone")
    repair_orders.set_status(owner, order.id, Status.DONE)
    with changes.collect() as made:
        repair_order_invoicing.invoice_order(owner, order.id)
    assert made.changes & Changes.INVOICES and made.changes & Changes.REPAIR_ORDERS


def test_checking_in_an_appointment_touches_appointments_and_repair_orders(db, owner):
    customer, vehicle = customer_with_car(owner)
    booked = appointments.book(owner, customer.id, dt.datetime.combine(
        dt.date.today(), dt.time(9)), vehicle_id=vehicle.id, what="Noise")
    with changes.collect() as done:
        appointments.check_in(owner, booked.id, odometer=84000)
    assert done.changes & Changes.APPOINTMENTS and done.changes & Changes.REPAIR_ORDERS


def test_repricing_in_bulk_touches_parts_and_prices(db, owner):
    stocked_part(owner, sku="BP-1", name="Brake pads", cost="10.00", retail_price="0",
                 category="Brakes")
    pricing_matrix.set_matrix(owner, "retail", [("0", "", "x2")])
    shown = reprice.preview(owner, reprice.Selection(category="Brakes"))
    assert shown.changes
    with changes.collect() as done:
        reprice.apply(owner, shown)
    assert done.changes == Changes.PARTS | Changes.PRICING


@pytest.mark.parametrize("areas", [Changes.NONE, Changes.EVERYTHING])
def test_everything_is_every_area(areas):
    assert (Changes.EVERYTHING & areas) == areas
    assert all(flag in Changes.EVERYTHING for flag in Changes if flag)
