"""How a letter greets a customer, built from the name's parts in the document language:
"Dear Nathan Jackson," / "尊敬的张伟先生/女士：" (no title is on file, so none is guessed); a
company without a contact person: "Dear Sir or Madam," / "尊敬的客户："; no name at all:
"Dear Customer," / "尊敬的客户："."""

from __future__ import annotations

from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.services.crm.names import full_name

PERSON = QT_TRANSLATE_NOOP("Letters", "Dear {name},")
COMPANY = QT_TRANSLATE_NOOP("Letters", "Dear Sir or Madam,")
NO_NAME = QT_TRANSLATE_NOOP("Letters", "Dear Customer,")


def salutation(kind: str, first_name: str, last_name: str, company_name: str = "", *,
               language_code: str | None = None) -> str:
    """The greeting line of a letter to this customer, in ``language_code`` (default: the
    language in use on this thread, i.e. the document's while a letter is printed).

    A person's name is written whole, as on the envelope (a Chinese name family name first:
    last_name + first_name, never reordered further); a company is greeted through its
    contact person when one is named, else formally."""
    name = full_name(first_name, last_name)
    if name:
        return translate("Letters", PERSON, language_code).format(name=name)
    if kind == "company" and (company_name or "").strip():
        return translate("Letters", COMPANY, language_code)
    return translate("Letters", NO_NAME, language_code)
