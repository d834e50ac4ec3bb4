"""A letter's greeting from the name's parts, in English and in Chinese."""

from __future__ import annotations

import pytest

from shopdesk.services.crm.salutation import salutation


@pytest.mark.parametrize(("kind", "first", "last", "company", "english", "chinese"), [
    ("person", "Nathan", "Jackson", "", "Dear Nathan Jackson,", "尊敬的Nathan Jackson先生/女士："),
    ("person", "伟", "张", "", "Dear 张伟,", "尊敬的张伟先生/女士："),
    # a Chinese name in pinyin: written as the form holds it, never reordered by guess
    ("person", "Wei", "Zhang", "", "Dear Wei Zhang,", "尊敬的Wei Zhang先生/女士："),
    ("person", "张伟", "", "", "Dear 张伟,", "尊敬的张伟先生/女士："),
    ("person", "Nathan", "", "", "Dear Nathan,", "尊敬的Nathan先生/女士："),
    ("person", "  ", "", "", "Dear Customer,", "尊敬的客户："),
    ("company", "", "", "Acme Fleet Ltd", "Dear Sir or Madam,", "尊敬的客户："),
    # a company with a contact person: the letter greets the person
    ("company", "Nathan", "Jackson", "Acme Fleet Ltd", "Dear Nathan Jackson,",
     "尊敬的Nathan Jackson先生/女士："),
    ("company", "", "", "", "Dear Customer,", "尊敬的客户："),
])
def test_salutation_in_both_languages(kind, first, last, company, english, chinese):
    assert salutation(kind, first, last, company, language_code="en") == english
    assert salutation(kind, first, last, company, language_code="zh_CN") == chinese


def test_salutation_never_writes_the_list_order():
    """The list's "Jackson, Nathan" never reaches a letter."""
    assert "," not in salutation("person", "Nathan", "Jackson", language_code="en")[:-1]
