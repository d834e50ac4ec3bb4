"""The relationship log: interactions (with follow-ups), inquiries, complaints and surveys."""

from __future__ import annotations

import enum

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import BaseModel, VersionedModel, utcnow
from shopdesk.models.customers import Customer
from shopdesk.models.users import User
from shopdesk.models.vehicles import Vehicle


class InteractionKind(enum.StrEnum):
    CALL = "call"
    VISIT = "visit"
    MESSAGE = "message"
    EMAIL = "email"


class Interaction(BaseModel):
    """A call, visit, message or email: what was said, by whom, when; maybe a follow-up task."""

    customer = peewee.ForeignKeyField(Customer, backref="interactions", on_delete="RESTRICT")
    vehicle = peewee.ForeignKeyField(Vehicle, null=True, on_delete="SET NULL")
    kind = peewee.CharField(index=True)
    summary = peewee.TextField()
    at = peewee.DateTimeField(default=utcnow, index=True)
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    follow_up_on = peewee.DateField(null=True, index=True)
    follow_up_note = peewee.CharField(default="")
    follow_up_user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    follow_up_done_at = peewee.DateTimeField(null=True)


class InquiryStatus(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class Inquiry(BaseModel):
    """A question a customer asked and the answer given; answered ones form a knowledge base."""

    customer = peewee.ForeignKeyField(Customer, null=True, backref="inquiries",
                                      on_delete="RESTRICT")
    question = peewee.TextField()
    answer = peewee.TextField(default="")
    status = peewee.CharField(default=InquiryStatus.OPEN.value, index=True)
    asked_at = peewee.DateTimeField(default=utcnow)
    asked_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    answered_at = peewee.DateTimeField(null=True)
    answered_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")


class ComplaintStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in progress"
    RESOLVED = "resolved"


class Complaint(VersionedModel):
    """A complaint: owned by a member of staff, worked, resolved, satisfaction recorded."""

    noun = QT_TRANSLATE_NOOP("Records", "complaint")

    customer = peewee.ForeignKeyField(Customer, backref="complaints", on_delete="RESTRICT")
    opened_on = peewee.DateField()
    subject = peewee.CharField()
    details = peewee.TextField(default="")
    repair_order_id = peewee.IntegerField(null=True)  # the repair orders issue adds the table
    invoice_id = peewee.IntegerField(null=True)  # the invoicing issue adds the table
    owner = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
    status = peewee.CharField(default=ComplaintStatus.OPEN.value, index=True)
    resolution = peewee.TextField(default="")
    resolved_on = peewee.DateField(null=True)
    satisfaction = peewee.IntegerField(null=True)  # 1-5, the customer's view of the resolution
    created_by = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")


class Survey(BaseModel):
    """A satisfaction survey after a job: 1-5 per dimension, 0-10 would-recommend."""

    customer = peewee.ForeignKeyField(Customer, backref="surveys", on_delete="RESTRICT")
    invoice_id = peewee.IntegerField(null=True)
    taken_on = peewee.DateField(index=True)
    quality = peewee.IntegerField()
    price = peewee.IntegerField()
    speed = peewee.IntegerField()
    staff = peewee.IntegerField()
    recommend = peewee.IntegerField()
    comment = peewee.TextField(default="")
    user = peewee.ForeignKeyField(User, null=True, on_delete="RESTRICT")
