"""Which areas of the shop a change touched, as Anki's OpChanges: typed, derived from the writes.

Every write of a service is audited (``audit.record``), and an audit entry names the kind of
record changed (``entity``) and what was done (``action``). :func:`of` turns that pair into
:class:`Changes` flags with the one table below, and ``audit.record`` hands them to
:func:`touch`; the few writes that are not audited (a draft invoice's lines, automatic grades)
call ``touch`` themselves. A caller that wants to know what its service calls touched
collects them::

    with changes.collect() as done:
        invoices.issue(actor, draft_id)
    done.changes  # INVOICES, and PARTS | STOCK for the parts sold, CUSTOMERS for the grade

The GUI wraps each operation this way (``AppContext.changing``, the form dialogs' Save) and
tells its screens once the operation returned; a screen refreshes when a change touches an
area it shows. Nothing is collected (and :func:`touch` costs one check) outside ``collect``.
Collectors are per thread: a background task's writes are told by the task's caller.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class Changes(enum.Flag):
    """Areas of the shop a change can touch (combine with ``|``; test with ``&``)."""

    NONE = 0
    CUSTOMERS = enum.auto()  # customers, contact details, tags, grades, blacklist, merges
    VEHICLES = enum.auto()  # vehicles, odometer readings, owners
    CONTACTS = enum.auto()  # interactions and follow-ups, complaints, inquiries, surveys
    APPOINTMENTS = enum.auto()
    REMINDERS = enum.auto()  # service reminders sent, maintenance packages
    REPAIR_ORDERS = enum.auto()  # orders, their lines, inspections, the job clock
    INVOICES = enum.auto()  # invoices and credit notes
    PAYMENTS = enum.auto()  # payments, refunds, store credit
    PARTS = enum.auto()  # the parts catalogue: names, prices, barcodes, deposits
    STOCK = enum.auto()  # on hand: stock movements, stock-takes
    PURCHASING = enum.auto()  # suppliers and purchase orders
    PRICING = enum.auto()  # price levels, markup matrix, supplier catalogues
    COUNTER = enum.auto()  # cores, lost sales, comebacks, warranty work and claims
    SETTINGS = enum.auto()  # the shop's settings, tax rates, numbering, workshop options
    USERS = enum.auto()
    EVERYTHING = (CUSTOMERS | VEHICLES | CONTACTS | APPOINTMENTS | REMINDERS | REPAIR_ORDERS
                  | INVOICES | PAYMENTS | PARTS | STOCK | PURCHASING | PRICING | COUNTER
                  | SETTINGS | USERS)


C = Changes

#: the areas a change to each kind of audited record touches (``audit.record``'s ``entity``;
#: imports audit the kind of file: customers, vehicles, parts, prices, stock)
ENTITIES: dict[str, Changes] = {
    "customer": C.CUSTOMERS,
    "customers": C.CUSTOMERS,
    "tag": C.CUSTOMERS,
    "grading rules": C.CUSTOMERS | C.SETTINGS,
    "vehicle": C.VEHICLES,
    "vehicles": C.VEHICLES | C.CUSTOMERS,
    "interaction": C.CONTACTS,
    "complaint": C.CONTACTS,
    "inquiry": C.CONTACTS,
    "survey": C.CONTACTS,
    "appointment": C.APPOINTMENTS,
    "maintenance package": C.REMINDERS,
    "repair order": C.REPAIR_ORDERS,
    "repair order line": C.REPAIR_ORDERS,
    "workshop settings": C.SETTINGS | C.REPAIR_ORDERS,
    "invoice": C.INVOICES,
    "credit note": C.INVOICES,
    "numbering": C.SETTINGS,
    "part": C.PARTS,
    "parts": C.PARTS,
    "prices": C.PARTS | C.PRICING,
    "stock": C.PARTS | C.STOCK,
    "stock count": C.PARTS | C.STOCK,
    "stock-take": C.PARTS | C.STOCK,
    "supplier": C.PURCHASING,
    "purchase order": C.PURCHASING,
    "price level": C.PRICING | C.PARTS,
    "markup matrix": C.PRICING | C.PARTS,
    "pricing": C.PRICING | C.PARTS,
    "supplier catalogue": C.PRICING | C.PARTS,
    "lost sale": C.COUNTER,
    "supplier claim": C.COUNTER | C.PURCHASING,
    "warranty settings": C.COUNTER | C.SETTINGS,
    "settings": C.SETTINGS,
    "shop": C.SETTINGS,
    "tax rate": C.SETTINGS,
    "user": C.USERS,
    "database": C.EVERYTHING,  # a restore
}

#: what some actions touch besides their record (an action's first word, or the whole action)
ACTIONS: dict[str, Changes] = {
    "payment": C.PAYMENTS | C.INVOICES,
    "refund": C.PAYMENTS | C.INVOICES,
    "invoice": C.INVOICES,  # a repair order invoiced
    "stock": C.STOCK,  # "stock sale", "stock receipt", ...
    "receive": C.STOCK | C.PARTS,
    "return part": C.STOCK | C.PARTS,
    "post": C.STOCK,
    "core deposit": C.COUNTER,
    "core return": C.COUNTER | C.STOCK | C.INVOICES,
    "lost sale": C.COUNTER,
    "comeback": C.COUNTER,
    "warranty": C.COUNTER,
    "warranty order": C.COUNTER | C.REPAIR_ORDERS,
    "warranty line": C.COUNTER,
    "claim": C.COUNTER,
    "remind": C.REMINDERS,
    "book": C.APPOINTMENTS,
    "clock on": C.REPAIR_ORDERS,
    "clock off": C.REPAIR_ORDERS,
}


def of(entity: str, action: str = "") -> Changes:
    """The areas an audited change touches (``Changes.NONE`` for a kind not in the table)."""
    found = ENTITIES.get(entity, C.NONE)
    if action:
        found |= ACTIONS.get(action, C.NONE) | ACTIONS.get(action.split(" ", 1)[0], C.NONE)
    return found


@dataclass
class Collected:
    """What the writes inside one :func:`collect` touched."""

    changes: Changes = C.NONE
    outermost: bool = True  # no other collect() was open on this thread when it began


_local = threading.local()


def _stack() -> list[Collected]:
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def touch(changes: Changes) -> None:
    """Tell every open collector of this thread that ``changes`` were written."""
    stack = getattr(_local, "stack", None)
    if stack:
        for collected in stack:
            collected.changes |= changes


def note_audited(entity: str, action: str) -> None:
    """Called by ``audit.record`` for each entry (cheap when nothing collects)."""
    if getattr(_local, "stack", None):
        touch(of(entity, action))


@contextmanager
def collect() -> Iterator[Collected]:
    """Collect the areas the writes made inside the ``with`` touch (nested: each sees its own
    and the outer ones see everything)."""
    stack = _stack()
    collected = Collected(outermost=not stack)
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.remove(collected)
