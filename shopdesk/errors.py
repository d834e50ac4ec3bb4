"""Errors a person can act on, in their own language.

A refusal is raised with an English *template* marked for translation and its values apart::

    raise ValidationError(QT_TRANSLATE_NOOP("Errors", "{number} is already paid in full"),
                          number=invoice.number)

``str(exc)`` is the English text (logs, tests); :meth:`ShopDeskError.translated` is the text in
the language of the screen (or of the command line), looked up in the ``Errors`` context of
the catalogues, with the values put in after the lookup. A template that is not marked (older
code, an f-string) shows as it is. Values that are amounts or dates should be formatted by
the raiser with :mod:`shopdesk.formatting` (it follows the same language).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shopdesk.i18n import QT_TRANSLATE_NOOP

#: the catalogue context of every refusal's text
CONTEXT = "Errors"


@dataclass(frozen=True)
class Term:
    """A word from the catalogues put into a refusal (a status, a role), shown in the same
    language as the refusal: ``Term("Labels", "Invoiced")``."""

    context: str
    text: str
    lower: bool = False  # in the middle of a sentence ("A clerk cannot ...")

    def shown(self, english: bool = False) -> str:
        """The word in English, or in the language in use."""
        if english:
            text = self.text
        else:
            from shopdesk import i18n

            text = i18n.translate(self.context, self.text)
        return text.lower() if self.lower else text


def _fill(template: str, values: Mapping[str, Any], english: bool = True) -> str:
    if not values:
        return template
    shown = {k: v.shown(english) if isinstance(v, Term) else v for k, v in values.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return template


def translate_text(template: str, values: Mapping[str, Any] | None = None) -> str:
    """``template`` (marked in the ``Errors`` context) in the language in use, filled."""
    from shopdesk import i18n

    return _fill(i18n.translate(CONTEXT, template), values or {}, english=False)


class ShopDeskError(Exception):
    """Base of every error whose message is meant for the user."""

    def __init__(self, message: str = "", /, **values: Any) -> None:
        self.template = message
        self.values = values
        super().__init__(_fill(message, values))

    def translated(self) -> str:
        """The message in the language of the screen (English when not translated)."""
        return translate_text(self.template, self.values)


class Cancelled(ShopDeskError):
    """The person pressed Cancel while work ran in the background (raised by its progress
    report; the work rolls back what it had not yet committed)."""

    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP("Errors", "Cancelled: nothing was changed"))


class DatabaseOpenError(ShopDeskError):
    """The database could not be opened (missing, unreachable, not a database, too new, locked)."""


class NotFoundError(ShopDeskError):
    """A record the user asked for does not exist."""


class AccessDenied(ShopDeskError):
    """The signed-in user's role does not allow this."""


class NeedsOwner(AccessDenied):
    """Allowed only with the owner's approval (a discount above the role's limit, an issue date
    other than today): the window asks the owner's password there and then and calls again
    with the approval. ``what`` names the thing to approve, for the audit log."""

    def __init__(self, message: str = "", /, what: str = "", **values: Any) -> None:
        super().__init__(message, **values)
        self.what = what


class ConflictError(ShopDeskError):
    """Someone else changed the record since it was read; nothing was saved."""


class ValidationError(ShopDeskError):
    """Input was refused. ``fields`` maps a field name to its problem, for inline messages
    (each problem a template in the ``Errors`` context too, filled with the same values)."""

    def __init__(self, message: str, fields: dict[str, str] | None = None, /,
                 **values: Any) -> None:
        super().__init__(message, **values)
        self.fields = dict(fields or {})

    def field_text(self, name: str) -> str:
        """The problem with field ``name`` in the screen's language ("" when none)."""
        problem = self.fields.get(name, "")
        return translate_text(problem, self.values) if problem else ""


def user_message(exc: BaseException) -> str:
    """What to show a person for ``exc``: a ShopDesk refusal in their language, else the
    exception's own text."""
    if isinstance(exc, ShopDeskError):
        return exc.translated()
    return str(exc)


class DiskFullError(ShopDeskError):
    """The disk holding the database is full: the write was rolled back, nothing saved."""


class BusyError(ShopDeskError):
    """Another PC or process held the database's write lock longer than we wait."""
