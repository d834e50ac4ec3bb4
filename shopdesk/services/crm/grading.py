"""Customer grades from spend and visits over the last 12 months, thresholds set by the owner.

VIP: spend or visits at the VIP threshold; regular: at the regular threshold; occasional: any
activity in the window; lapsed: came before, not in the window; new: never came yet. A
manual override (with a reason) wins over the automatic grade until cleared. Recomputed on
demand (:func:`regrade`) and by invoicing whenever an invoice changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from shopdesk.errors import ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.customers import Customer, Grade, GradingRules
from shopdesk.money import MoneyError, to_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.changes import Changes, touch
from shopdesk.services.crm.customer_activity import Activity, activity

WINDOW_DAYS = 365
GRADE_LABELS = {
    Grade.VIP: QT_TRANSLATE_NOOP("Labels", "VIP"),
    Grade.REGULAR: QT_TRANSLATE_NOOP("Labels", "Regular"),
    Grade.OCCASIONAL: QT_TRANSLATE_NOOP("Labels", "Occasional"),
    Grade.LAPSED: QT_TRANSLATE_NOOP("Labels", "Lapsed"),
    Grade.NEW: QT_TRANSLATE_NOOP("Labels", "New"),
}


@dataclass(frozen=True)
class Rules:
    vip_spend: Decimal
    vip_visits: int
    regular_spend: Decimal
    regular_visits: int
    lapsed_months: int = 12


def rules(actor: Actor) -> Rules:
    """The owner's thresholds."""
    row = GradingRules.get_by_id(1)
    return Rules(row.vip_spend, row.vip_visits, row.regular_spend, row.regular_visits,
                 row.lapsed_months)


def rules_version(actor: Actor) -> int:
    """The version of the thresholds (what a settings page shows, to pass to set_rules)."""
    return GradingRules.get_by_id(1).version


def set_rules(actor: Actor, new: Rules, *, version: int | None = None) -> None:
    """Change the thresholds (owner only) and regrade everyone. ``version``: the one the page
    showed (:func:`rules_version`); thresholds another PC saved since are refused."""
    require(actor, Permission.CHANGE_SETTINGS)
    problems = {}
    try:
        vip_spend, regular_spend = to_money(new.vip_spend), to_money(new.regular_spend)
    except MoneyError as exc:
        raise ValidationError(str(exc), {"vip_spend": str(exc)}) from None
    if vip_spend < regular_spend:
        problems["vip_spend"] = "VIP spend must be at least the regular spend"
    if new.vip_visits < new.regular_visits or new.regular_visits < 0:
        problems["vip_visits"] = "VIP visits must be at least the regular visits"
    if not 1 <= new.lapsed_months <= 120:
        problems["lapsed_months"] = "Between 1 and 120 months"
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    with db.atomic():
        row = GradingRules.get_by_id(1)
        before = rules(actor).__dict__
        row.vip_spend, row.vip_visits = vip_spend, new.vip_visits
        row.regular_spend, row.regular_visits = regular_spend, new.regular_visits
        row.lapsed_months, row.updated_by = new.lapsed_months, actor.user_id
        if version is not None:
            row.version = version
        row.save_checked()
        audit.record(actor, "update", "grading rules", 1, "Changed the grade thresholds",
                     before, rules(actor).__dict__)
    regrade(actor)


def grade_for(act: Activity, r: Rules, today: dt.date) -> Grade:
    """The automatic grade for one customer's activity (pure: test it with explicit inputs)."""
    def reaches(spend: Decimal, visits: int) -> bool:
        return (spend > 0 and act.spend >= spend) or (visits > 0 and act.visits >= visits)

    if reaches(r.vip_spend, r.vip_visits):
        return Grade.VIP
    if reaches(r.regular_spend, r.regular_visits):
        return Grade.REGULAR
    window_start = today - dt.timedelta(days=WINDOW_DAYS)
    recent = act.visits > 0 or act.spend > 0 or (
        act.last_visit is not None and act.last_visit >= window_start)
    if recent:
        return Grade.OCCASIONAL
    if act.last_visit is not None:
        return Grade.LAPSED
    return Grade.NEW


def regrade(actor: Actor, customer_ids: Iterable[int] | None = None,
            today: dt.date | None = None) -> int:
    """Recompute automatic grades (everyone when ``customer_ids`` is None); returns changes."""
    today = today or dt.date.today()
    r = rules(actor)
    acts = activity(actor, customer_ids, today - dt.timedelta(days=WINDOW_DAYS))
    by_grade: dict[Grade, list[int]] = defaultdict(list)
    for cid, act in acts.items():
        by_grade[grade_for(act, r, today)].append(cid)
    changed = 0
    now = utcnow()
    with db.atomic():
        for grade, ids in by_grade.items():
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                changed += (Customer.update(auto_grade=grade.value, graded_at=now)
                            .where(Customer.id.in_(chunk) & (Customer.auto_grade != grade.value))
                            .execute())
                (Customer.update(grade=grade.value)
                 .where(Customer.id.in_(chunk) & Customer.grade_override.is_null())
                 .execute())
    if changed:
        touch(Changes.CUSTOMERS)  # (automatic grades are not audited)
    return changed


def override(actor: Actor, customer_id: int, grade: Grade | str | None, reason: str = "", *,
             version: int | None = None) -> None:
    """Set a grade by hand (with a reason), or clear the override (``grade`` None).
    ``version``: the customer's version the person saw; a customer another PC changed since
    is refused (:class:`ConflictError`, nothing written)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if grade is not None:
        try:
            grade = Grade(grade)
        except ValueError:
            raise ValidationError(f"Unknown grade {grade!r}", {"grade": "Unknown grade"}) from None
        if not reason.strip():
            raise ValidationError("Say why the grade is set by hand",
                                  {"reason": "Why (e.g. fleet contract)"})
    with db.atomic():
        customer = Customer.get_by_id(customer_id)
        before = {"grade": customer.grade, "override": customer.grade_override}
        customer.grade_override = grade.value if grade else None
        customer.grade_override_reason = reason.strip() if grade else ""
        customer.grade = grade.value if grade else customer.auto_grade
        if version is not None:
            customer.version = version
        customer.save_checked()
        audit.record(actor, "grade", "customer", customer_id,
                     f"Grade of {customer.display_name}: "
                     + (f"{GRADE_LABELS[grade]} by hand ({reason.strip()})" if grade
                        else "automatic again"),
                     before, {"grade": customer.grade, "override": customer.grade_override})
