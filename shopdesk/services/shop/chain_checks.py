"""``shopdesk check`` walks the two hash chains (the audit log and issued documents) and
names the first broken link: which entry or document, and whether one is missing (deleted),
altered or inserted behind ShopDesk's back (:mod:`shopdesk.services.hash_chain`)."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.services import audit
from shopdesk.services.faults import Fault, invariant
from shopdesk.services.hash_chain import Break
from shopdesk.services.sales import document_chain

AUDIT_TEXTS = {
    "missing": QT_TRANSLATE_NOOP(
        "Check", "audit log entries {first} to {last} of the chain are missing (deleted); "
                 "the next one left is {name}"),
    "missing one": QT_TRANSLATE_NOOP(
        "Check", "audit log entry {first} of the chain is missing (deleted); the next one "
                 "left is {name}"),
    "altered": QT_TRANSLATE_NOOP(
        "Check", "audit log entry {name}, number {first} of the chain, was altered: it no "
                 "longer matches its hash"),
    "inserted": QT_TRANSLATE_NOOP(
        "Check", "audit log entry {name} was inserted outside ShopDesk: the chain never held "
                 "it"),
}
DOCUMENT_TEXTS = {
    "missing": QT_TRANSLATE_NOOP(
        "Check", "issued documents {first} to {last} of the chain are missing (deleted); the "
                 "next one left is {name}"),
    "missing one": QT_TRANSLATE_NOOP(
        "Check", "issued document {first} of the chain is missing (deleted); the next one "
                 "left is {name}"),
    "altered": QT_TRANSLATE_NOOP(
        "Check", "issued document {name}, number {first} of the chain, was altered: its "
                 "number, dates, customer, totals or lines no longer match its hash"),
    "inserted": QT_TRANSLATE_NOOP(
        "Check", "issued document {name} was inserted outside ShopDesk: the chain never held "
                 "it"),
}


def describe(broken: Break, texts: dict[str, str]) -> str:
    """The first broken link in plain words, in the screen's language."""
    key = "missing one" if broken.what == "missing" and broken.seq == broken.seq_to \
        else broken.what
    return translate("Check", texts[key]).format(first=broken.seq, last=broken.seq_to,
                                                 name=broken.name)


@invariant("audit chain")
def _audit_chain(db: peewee.Database) -> Iterable[Fault]:
    broken = audit.first_break(db)
    if broken is not None:
        yield Fault("audit chain", describe(broken, AUDIT_TEXTS))


@invariant("document chain")
def _document_chain(db: peewee.Database) -> Iterable[Fault]:
    broken = document_chain.first_break(db)
    if broken is not None:
        yield Fault("document chain", describe(broken, DOCUMENT_TEXTS))
