"""The contact log: calls, visits, messages, e-mails, with optional follow-up tasks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.crm import Interaction, InteractionKind
from shopdesk.models.customers import Customer
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm import customer_activity, grading

KIND_LABELS = {
    InteractionKind.CALL: QT_TRANSLATE_NOOP("Labels", "Call"),
    InteractionKind.VISIT: QT_TRANSLATE_NOOP("Labels", "Visit"),
    InteractionKind.MESSAGE: QT_TRANSLATE_NOOP("Labels", "Message"),
    InteractionKind.EMAIL: QT_TRANSLATE_NOOP("Labels", "E-mail"),
}


@dataclass
class FollowUp:
    due: dt.date
    note: str = ""
    assignee_id: int | None = None  # None: whoever logs it


def get(actor: Actor, interaction_id: int) -> Interaction:
    """The contact or follow-up with this id, or NotFoundError."""
    row = Interaction.get_or_none(Interaction.id == interaction_id)
    if row is None:
        raise NotFoundError(f"There is no contact number {interaction_id}")
    return row


def log(actor: Actor, customer_id: int, kind: InteractionKind | str, summary: str, *,
        vehicle_id: int | None = None, at: dt.datetime | None = None,
        follow_up: FollowUp | None = None) -> Interaction:
    """Record what was said; a visit also counts for grading and the lapsed list."""
    require(actor, Permission.EDIT_CUSTOMERS)
    try:
        kind = InteractionKind(kind)
    except ValueError:
        raise ValidationError(f"Unknown kind {kind!r}: call, visit, message or e-mail",
                              {"kind": "Call, visit, message or e-mail"}) from None
    if not summary.strip():
        raise ValidationError("Write what was said", {"summary": "What was said"})
    if follow_up is not None and follow_up.due < dt.date.today() - dt.timedelta(days=1):
        raise ValidationError("A follow-up is due today or later",
                              {"follow_up_on": "Today or later"})
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise NotFoundError(f"There is no customer number {customer_id}")
        row = Interaction.create(
            customer=customer_id, vehicle=vehicle_id, kind=kind.value, summary=summary.strip(),
            at=at or utcnow(), user=actor.user_id,
            follow_up_on=follow_up.due if follow_up else None,
            follow_up_note=follow_up.note.strip() if follow_up else "",
            follow_up_user=(follow_up.assignee_id or actor.user_id) if follow_up else None)
        if kind is InteractionKind.VISIT:
            customer_activity.note_visit(actor, customer_id, row.at.date())
        audit.record(actor, "log", "interaction", row.id,
                     f"{KIND_LABELS[kind]} with {customer.display_name}"
                     + (f"; follow up by {follow_up.due:%Y-%m-%d}" if follow_up else ""))
    if kind is InteractionKind.VISIT:

        grading.regrade(actor, [customer_id])
    return row


def complete_follow_up(actor: Actor, interaction_id: int, note: str = "") -> None:
    """Tick a follow-up off (optionally saying how it went, appended to the entry)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    with db.atomic():
        row = Interaction.get_or_none(Interaction.id == interaction_id)
        if row is None or row.follow_up_on is None:
            raise NotFoundError("There is no such follow-up")
        if row.follow_up_done_at is not None:
            raise ValidationError("This follow-up is already done")
        row.follow_up_done_at = utcnow()
        if note.strip():
            row.follow_up_note = (row.follow_up_note + " — done: " + note.strip()).strip(" —")
        row.save()
        audit.record(actor, "follow up", "interaction", interaction_id,
                     f"Follow-up done: {row.follow_up_note}")


def history(actor: Actor, customer_id: int, limit: int = 500) -> list[Interaction]:
    """The customer's interactions, newest first."""
    return list(Interaction.select().where(Interaction.customer == customer_id)
                .order_by(Interaction.at.desc(), Interaction.id.desc()).limit(limit))
