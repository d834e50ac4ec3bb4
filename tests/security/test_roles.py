"""Issue 21, item 6: roles held in the services, not only in the window.

Costs and margins go to the owner and to whoever the owner grants "see costs" (Settings →
Users); a clerk or a technician asking a service for them gets none (or a refusal). A discount
above a role's limit, a line given away at 100 % and an issue date other than today need the
owner: refused for a clerk, allowed with the owner's approval (their password), which the
audit log records with both names. Each test here failed on the code before this change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from shopdesk import i18n
from shopdesk.errors import AccessDenied, NeedsOwner, ShopDeskError
from shopdesk.io.exports.records import export_records
from shopdesk.models.audit import AuditEntry
from shopdesk.models.base import utcnow
from shopdesk.models.users import User
from shopdesk.reports import inventory
from shopdesk.services.access import Permission
from shopdesk.services.pricing import pricing_reprice
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.shop import settings, users
from shopdesk.services.stock import parts, stock, stocktake
from shopdesk.services.stock.parts_lists import movements_list, parts_list
from shopdesk.services.workshop import repair_orders
from shopdesk.services.workshop.repair_orders import LineInput, LineKind
from tests.conftest import PASSWORD
from tests.helpers.cli import run_shopdesk
from tests.helpers.invoices import customer_with_car, stocked_part

YESTERDAY = dt.date.today() - dt.timedelta(days=1)
TOMORROW = dt.date.today() + dt.timedelta(days=1)


def _columns(source) -> list[str]:
    return [c.key for c in source.columns]


def _header(path) -> list[str]:
    return [c.value for c in openpyxl.load_workbook(path).active[1]]


# --- costs and margins -----------------------------------------------------------------------
def test_a_clerk_and_a_technician_get_no_cost_from_the_parts_services(owner, clerk,
                                                                      technician) -> None:
    part = stocked_part(owner)  # 20 at 4.00
    assert parts.get_part(owner, part.id).cost == Decimal("4.00")
    for actor in (clerk, technician):
        assert not actor.can(Permission.SEE_COSTS)
        assert parts.get_part(actor, part.id).cost is None
        with pytest.raises(AccessDenied):
            stock.valuation(actor)
        assert "cost" not in _columns(parts_list(actor))
        assert "unit_cost" not in _columns(movements_list(actor, part.id))
        assert [d.value for d in inventory.dead_stock(actor, 0)] == [None]
    assert parts.update_part(clerk, part.id, part.version, bin_location="B-7").cost is None
    assert stock.valuation(owner).total == Decimal("80.00")
    assert "cost" in _columns(parts_list(owner))
    assert "unit_cost" in _columns(movements_list(owner, part.id))


def test_invoice_lines_carry_no_unit_cost_for_a_clerk(owner, clerk) -> None:
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    draft = invoices.create_draft(clerk, customer.id, vehicle.id,
                                  [LineDraft(part_id=part.id, quantity=1)])
    (line,) = invoices.lines_for(clerk, draft)
    assert line.unit_cost is None and line.unit_price == Decimal("9.99")
    (line,) = invoices.lines_for(owner, draft)
    assert line.unit_cost == Decimal("4.00")


def test_the_parts_export_has_no_cost_column_for_a_clerk(owner, clerk, db_url,
                                                         tmp_path) -> None:
    stocked_part(owner)
    export_records(clerk, "parts", tmp_path / "clerk.xlsx")
    export_records(owner, "parts", tmp_path / "owner.xlsx")
    assert "Cost" not in _header(tmp_path / "clerk.xlsx")
    assert "SKU" in _header(tmp_path / "clerk.xlsx")
    assert "Cost" in _header(tmp_path / "owner.xlsx")
    # the command line holds the database already: it exports as the owner
    done = run_shopdesk("export", "parts", str(tmp_path / "cli.xlsx"), "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert "Cost" in _header(tmp_path / "cli.xlsx")


def test_the_owner_grants_a_clerk_the_costs(owner, clerk, technician) -> None:
    part = stocked_part(owner)
    with pytest.raises(AccessDenied):
        users.update_user(clerk, "carl", see_costs=True)  # not by themselves
    row = users.update_user(owner, "carl", see_costs=True)
    assert row.see_costs
    carl = users.actor_for("carl")  # signed in again: the grant is theirs
    assert carl.can(Permission.SEE_COSTS) and not carl.can(Permission.CHANGE_PRICES)
    assert parts.get_part(carl, part.id).cost == Decimal("4.00")
    assert stock.valuation(carl).total == Decimal("80.00")
    entry = AuditEntry.select().where(AuditEntry.action == "update").order_by(
        AuditEntry.id.desc()).get()
    assert entry.username == "olivia" and '"see_costs": true' in entry.after
    assert [u.see_costs for u in users.list_users(owner) if u.username == "tina"] == [False]
    users.update_user(owner, "carl", see_costs=False)
    assert parts.get_part(users.actor_for("carl"), part.id).cost is None


# --- discounts -------------------------------------------------------------------------------
def test_a_clerk_cannot_give_a_line_away(owner, clerk) -> None:
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    with pytest.raises(NeedsOwner, match="100%"):
        invoices.create_draft(clerk, customer.id, vehicle.id,
                              [LineDraft(part_id=part.id, quantity=1, discount_percent=100)])
    draft = invoices.create_draft(clerk, customer.id, vehicle.id,
                                  [LineDraft(part_id=part.id, quantity=1, discount_percent=10)])
    (line,) = invoices.lines_of(owner, draft)
    with pytest.raises(NeedsOwner):
        invoices.change_line(clerk, line.id, discount_percent=100)
    with pytest.raises(NeedsOwner):
        invoices.add_line(clerk, draft.id, LineDraft("Labour", 1, "80.00", kind="labour",
                                                     discount_percent="10.5"))
    with pytest.raises(NeedsOwner):
        invoices.update_draft(clerk, draft.id, draft.version, discount_percent=50)
    invoices.change_line(clerk, line.id, quantity=2)  # the 10% it has stays allowed
    assert invoices.lines_of(owner, draft)[0].discount_percent == Decimal("10")


def test_the_owner_sets_the_limits_and_approves_above_them(owner, clerk, technician) -> None:
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    draft = invoices.create_draft(clerk, customer.id, vehicle.id,
                                  [LineDraft(part_id=part.id, quantity=1)])
    (line,) = invoices.lines_of(owner, draft)
    with pytest.raises(AccessDenied):
        settings.update_settings(clerk, clerk_discount_limit="50")
    with pytest.raises(ShopDeskError):
        settings.update_settings(owner, clerk_discount_limit="100")  # 100%: always the owner
    settings.update_settings(owner, clerk_discount_limit="25")
    invoices.change_line(clerk, line.id, discount_percent=25)
    with pytest.raises(NeedsOwner, match="25"):
        invoices.change_line(clerk, line.id, discount_percent=30)
    with pytest.raises(ShopDeskError, match="not an owner"):
        users.owner_approval(clerk, "olivia", "wrong password", "a 30% discount")
    with pytest.raises(ShopDeskError, match="not an owner"):
        users.owner_approval(clerk, "carl", PASSWORD, "a 30% discount")  # a clerk's own
    # (after the wrong password the owner's next try waits its second, as at sign-in)
    approval = users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount",
                                    now=utcnow() + dt.timedelta(seconds=2))
    invoices.change_line(clerk, line.id, approval=approval, discount_percent=30)
    assert invoices.lines_of(owner, draft)[0].discount_percent == Decimal("30")
    approved = AuditEntry.select().where(AuditEntry.action == "approve").get()
    assert approved.username == "olivia" and "carl" in approved.after
    used = AuditEntry.select().where(AuditEntry.action == "discount").get()
    assert used.username == "carl" and '"approved_by": "olivia"' in used.after
    # the owner needs nobody; a technician's limit is 0% until the owner raises it
    invoices.change_line(owner, line.id, discount_percent=100)
    order = repair_orders.open_order(owner, vehicle.id)
    with pytest.raises(NeedsOwner):
        repair_orders.add_line(clerk, order.id, LineInput(LineKind.LABOUR, "Brakes", 1, "80",
                                                          discount_percent=40))
    repair_orders.add_line(clerk, order.id, LineInput(LineKind.LABOUR, "Brakes", 1, "80",
                                                      discount_percent=20))


# --- issue dates -----------------------------------------------------------------------------
@pytest.mark.parametrize("day", [YESTERDAY, TOMORROW], ids=["past", "future"])
def test_a_clerk_issues_only_today(owner, clerk, day) -> None:
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    draft = invoices.create_draft(clerk, customer.id, vehicle.id,
                                  [LineDraft(part_id=part.id, quantity=1)])
    with pytest.raises(NeedsOwner, match=day.isoformat()):
        invoices.issue(clerk, draft.id, today=day)
    assert invoices.get(owner, draft.id).number is None  # nothing written, no number used
    approval = users.owner_approval(clerk, "olivia", PASSWORD,
                                    f"the issue date {day.isoformat()}")
    issued = invoices.issue(clerk, draft.id, today=day, approval=approval)
    assert issued.issue_date == day
    entry = AuditEntry.select().where(AuditEntry.action == "approved date").get()
    assert entry.username == "carl" and '"approved_by": "olivia"' in entry.after


def test_a_clerk_issues_today_and_the_owner_any_day(owner, clerk) -> None:
    part = stocked_part(owner)
    customer, vehicle = customer_with_car(owner)
    drafts = [invoices.create_draft(clerk, customer.id, vehicle.id,
                                    [LineDraft(part_id=part.id, quantity=1)]) for _ in range(2)]
    assert invoices.issue(clerk, drafts[0].id, today=dt.date.today()).number
    assert invoices.issue(owner, drafts[1].id, today=YESTERDAY).issue_date == YESTERDAY


def test_stock_take_values_and_reprice_previews_are_the_owners(owner, clerk) -> None:
    part = stocked_part(owner)  # 20 at 4.00
    take = stocktake.start(clerk)
    stocktake.enter_count(clerk, take.id, part.id, "18")
    assert [d.value for d in stocktake.differences_for(clerk, take.id)] == [None]
    assert [d.value for d in stocktake.differences_for(owner, take.id)] == [Decimal("-8.00")]
    assert [d.value for d in stocktake.shown_to(clerk, stocktake.post(clerk, take.id))] == [None]
    with pytest.raises(AccessDenied):
        pricing_reprice.preview(clerk, pricing_reprice.Selection())
    assert pricing_reprice.preview(owner, pricing_reprice.Selection()).changes == []


def test_the_refusals_read_in_chinese(owner, clerk) -> None:
    customer, vehicle = customer_with_car(owner)
    draft = invoices.create_draft(clerk, customer.id, vehicle.id,
                                  [LineDraft("Labour", 1, "80.00", kind="labour")])
    with pytest.raises(NeedsOwner) as discount:
        invoices.change_line(clerk, invoices.lines_of(owner, draft)[0].id, discount_percent=100)
    with pytest.raises(NeedsOwner) as dated:
        invoices.issue(clerk, draft.id, today=YESTERDAY)
    with pytest.raises(ShopDeskError) as wrong:
        users.owner_approval(clerk, "olivia", "nope-nope", "a 100% discount")
    i18n.set_language("zh_CN")
    try:
        assert discount.value.translated() == "100% 的折扣需要店主批准：前台最多可给 10%"
        assert dated.value.translated() == (f"以 {YESTERDAY.isoformat()}（不是今天）为开票日期"
                                            "需要店主批准")
        assert wrong.value.translated() == "这不是店主的用户名和密码"
    finally:
        i18n.set_language("en")


# --- the owner's password at a clerk's desk: the same growing delay as sign-in ---------------
T0 = dt.datetime(2026, 11, 2, 9, 0, 0)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_wrong_owner_passwords_at_a_desk_grow_a_delay_then_lock(owner, clerk) -> None:
    waits = []
    at = 0.0
    for n in range(1, users.LOCK_AFTER + 1):
        with pytest.raises(ShopDeskError, match="not an owner"):
            users.owner_approval(clerk, "olivia", f"guess-{n}", "a 30% discount", now=_at(at))
        if n < users.LOCK_AFTER:  # at once, even the right password: wait
            with pytest.raises(ShopDeskError, match=r"try again in \d+ s") as early:
                users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount", now=_at(at))
            waits.append(early.value.values["seconds"])
            at += early.value.values["seconds"]
    assert waits == [1, 2, 4, 8, 16, 30, 30, 30, 30]
    with pytest.raises(ShopDeskError, match="locked after 10 wrong passwords"):
        users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount", now=_at(at + 3600))
    assert not AuditEntry.select().where(AuditEntry.action == "approve").exists()
    failed = [e.summary for e in AuditEntry.select().where(
        AuditEntry.action == "failed approval").order_by(AuditEntry.id)]
    assert failed[0] == "Wrong password for olivia (1 in a row) (asked by Carl Clerk)"
    assert len(failed) == 2 * users.LOCK_AFTER  # every refused try, wrong or too early
    users.unlock(owner, "olivia")
    assert users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount",
                                now=_at(at + 3601)).owner.username == "olivia"


def test_approval_and_sign_in_share_one_count_and_the_right_password_resets_it(
        owner, clerk) -> None:
    with pytest.raises(ShopDeskError, match="Wrong username"):
        users.authenticate("olivia", "guess", now=T0)
    with pytest.raises(ShopDeskError, match="try again in 1 s"):
        users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount", now=_at(0.5))
    with pytest.raises(ShopDeskError, match="not an owner"):
        users.owner_approval(clerk, "olivia", "guess", "a 30% discount", now=_at(1))
    with pytest.raises(ShopDeskError, match="try again in 2 s"):  # the second in a row
        users.authenticate("olivia", PASSWORD, now=_at(1.5))
    assert users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount", now=_at(3))
    assert User.get(User.username == "olivia").failed_sign_ins == 0
    with pytest.raises(ShopDeskError, match="not an owner"):
        users.owner_approval(clerk, "olivia", "guess", "a 30% discount", now=_at(4))
    with pytest.raises(ShopDeskError, match="try again in 1 s"):  # counted from one again
        users.owner_approval(clerk, "olivia", PASSWORD, "a 30% discount", now=_at(4.5))
