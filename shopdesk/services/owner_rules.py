"""What only the owner may allow: discounts above a role's limit, issue dates other than today.

Held here, in the services, so no window, command or script gets around them. A clerk (or a
technician) is refused with :class:`~shopdesk.errors.NeedsOwner`; the window then asks the
owner's password there and then (:func:`shopdesk.services.shop.users.owner_approval`) and
calls the service again with the :class:`~shopdesk.services.access.Approval`, which the
service's audit entry names beside the clerk.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shopdesk.errors import NeedsOwner, Term
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.services.access import ROLE_LABELS, Actor, Approval, approving_owner
from shopdesk.services.shop.settings import discount_limit


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_discount(actor: Actor, percent: Decimal, approval: Approval | None = None) -> None:
    """Refuse a discount of ``percent`` above ``actor``'s role limit (any 100 % discount by
    someone other than the owner) unless an owner approved it."""
    if not percent or approving_owner(actor, approval) is not None:
        return
    limit = discount_limit(actor)
    if limit is None or (percent <= limit and percent < 100):
        return
    raise NeedsOwner(QT_TRANSLATE_NOOP("Errors", "A discount of {percent}% needs the owner's "
                                                 "approval: a {role} may give up to "
                                                 "{limit}%"),
                     what=f"a {_text(percent)}% discount", percent=_text(percent),
                     role=Term("Labels", ROLE_LABELS[actor.role], lower=True),
                     limit=_text(min(limit, Decimal(99))))


def check_issue_date(actor: Actor, day: dt.date, approval: Approval | None = None) -> None:
    """Refuse an issue date other than today unless the actor is, or an owner approved it."""
    if day == dt.date.today() or approving_owner(actor, approval) is not None:
        return
    raise NeedsOwner(QT_TRANSLATE_NOOP("Errors", "Issuing with the date {date} (not today) "
                                                 "needs the owner's approval"),
                     what=f"the issue date {day.isoformat()}", date=day.isoformat())


def approved_by(actor: Actor, approval: Approval | None) -> dict[str, str]:
    """What an audit entry adds when an owner approved ``actor``'s action ({} when not)."""
    if approval is None or approving_owner(actor, None) is not None:
        return {}  # (an owner needs nobody's approval)
    return {"approved_by": approval.owner.username, "approved": approval.what}
