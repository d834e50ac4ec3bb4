"""Inquiries: a customer's question, the answer given; answered ones are a knowledge base."""

from __future__ import annotations

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.base import utcnow
from shopdesk.models.crm import Inquiry, InquiryStatus
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require
from shopdesk.services.crm.search_index import words


def ask(actor: Actor, customer_id: int | None, question: str, answer: str = "") -> Inquiry:
    """Record a question (answered at once if ``answer`` is given)."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if not question.strip():
        raise ValidationError("Write the question", {"question": "The question"})
    with db.atomic():
        row = Inquiry.create(customer=customer_id, question=question.strip(),
                             asked_by=actor.user_id)
        audit.record(actor, "create", "inquiry", row.id, f"Question: {question.strip()[:80]}")
        if answer.strip():
            row = answer_inquiry(actor, row.id, answer)
    return row


def answer_inquiry(actor: Actor, inquiry_id: int, answer: str) -> Inquiry:
    """Give (or correct) the answer; the inquiry becomes part of the knowledge base."""
    require(actor, Permission.EDIT_CUSTOMERS)
    if not answer.strip():
        raise ValidationError("Write the answer", {"answer": "The answer"})
    with db.atomic():
        row = Inquiry.get_or_none(Inquiry.id == inquiry_id)
        if row is None:
            raise NotFoundError("There is no such inquiry")
        before = row.answer
        row.answer, row.status = answer.strip(), InquiryStatus.ANSWERED.value
        row.answered_at, row.answered_by = utcnow(), actor.user_id
        row.save()
        audit.record(actor, "answer", "inquiry", row.id, f"Answered: {row.question[:80]}",
                     {"answer": before}, {"answer": row.answer})
    return row


def knowledge_base(actor: Actor, text: str = "", limit: int = 50) -> list[Inquiry]:
    """Answered inquiries whose question or answer contains every word of ``text``."""
    query = Inquiry.select().where(Inquiry.status == InquiryStatus.ANSWERED.value)
    for word in words(text):
        query = query.where(Inquiry.question.contains(word) | Inquiry.answer.contains(word))
    return list(query.order_by(Inquiry.answered_at.desc()).limit(limit))


def of_customer(actor: Actor, customer_id: int) -> list[Inquiry]:
    return list(Inquiry.select().where(Inquiry.customer == customer_id)
                .order_by(Inquiry.asked_at.desc()))
