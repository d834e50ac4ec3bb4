"""Phones and e-mail addresses: normalised when understood, flagged (never refused) when not.

libphonenumber's metadata and the e-mail rules are imported by the functions that use them:
the search (which needs only :func:`digits_of`) and opening the window do without them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.models.customers import Channel
from shopdesk.services.access import Actor

#: How the customer prefers to be reached, as the forms, the reminder list and its exports
#: name it (context "Labels").
CHANNEL_LABELS = {Channel.PHONE: QT_TRANSLATE_NOOP("Labels", "Phone call"),
                  Channel.SMS: QT_TRANSLATE_NOOP("Labels", "Text message"),
                  Channel.EMAIL: QT_TRANSLATE_NOOP("Labels", "E-mail"),
                  Channel.LETTER: QT_TRANSLATE_NOOP("Labels", "Letter"),
                  Channel.NONE: QT_TRANSLATE_NOOP("Labels", "Do not contact")}
_CHANNEL_BY_VALUE = {channel.value: label for channel, label in CHANNEL_LABELS.items()}


def channel_label(value: str) -> str:
    """A preferred channel ("sms") as a person reads it ("Text message"), in the language in
    use on this thread; an unknown value as it is."""
    label = _CHANNEL_BY_VALUE.get(value)
    return translate("Labels", label) if label else value

# Region assumed for numbers typed without a country code, by the shop's currency.
_REGION_BY_CURRENCY = {"USD": "US", "CAD": "CA", "GBP": "GB", "AUD": "AU", "NZD": "NZ",
                       "EUR": "DE", "CHF": "CH", "ZAR": "ZA", "INR": "IN", "MXN": "MX",
                       "CNY": "CN", "HKD": "HK", "SGD": "SG", "JPY": "JP", "SEK": "SE",
                       "NOK": "NO", "DKK": "DK", "PLN": "PL"}
DEFAULT_REGION = "US"


def shop_region(actor: Actor) -> str:
    """The phone region of the shop (from its currency; US when unknown: no shop open)."""
    from shopdesk.models.base import database_proxy
    from shopdesk.models.settings import ShopSettings

    if database_proxy.obj is None:
        return DEFAULT_REGION
    shop = ShopSettings.get_or_none(ShopSettings.id == 1)
    return region_of_currency(shop.currency if shop else "")


def region_of_currency(currency: str) -> str:
    """The phone region assumed for a shop that bills in ``currency`` (US when unknown)."""
    return _REGION_BY_CURRENCY.get(currency, DEFAULT_REGION)


@dataclass(frozen=True)
class PhoneCheck:
    """A phone as typed, its E.164 form ("" if not understood) and any problem."""

    number: str
    e164: str
    problem: str

    @property
    def digits(self) -> str:
        """The digits to search by: the E.164 digits, else the typed digits."""
        return digits_of(self.e164 or self.number)


def digits_of(text: str) -> str:
    """Only the ASCII digits of ``text``."""
    return re.sub(r"\D", "", text)


@functools.lru_cache(maxsize=4096)
def check_phone(number: str, region: str = DEFAULT_REGION) -> PhoneCheck:
    """Normalise a phone number with Google's libphonenumber; flag what it cannot validate.
    (Remembered: an import checks each number when matching and again when saving.)"""
    import phonenumbers

    text = " ".join(number.split())
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return PhoneCheck(text, "", QT_TRANSLATE_NOOP(
            "Errors", "Not a phone number we understand; saved as typed"))
    if not phonenumbers.is_valid_number(parsed):
        return PhoneCheck(text, "", QT_TRANSLATE_NOOP(
            "Errors", "This number does not look valid; saved as typed"))
    return PhoneCheck(text, phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.E164), "")


def example_phone(region: str = DEFAULT_REGION) -> str:
    """A mobile number as people write it in ``region`` (a form's hint)."""
    import phonenumbers

    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return ""
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


def format_phone(e164: str, number: str, region: str = DEFAULT_REGION) -> str:
    """A phone as shown: national format for the shop's region, international otherwise."""
    if not e164:
        return number
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return number
    same = phonenumbers.region_code_for_number(parsed) == region
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if same
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, fmt)


def check_email(email: str) -> tuple[str, str]:
    """(address, problem): the normalised address, or the address as typed and why it is odd.

    Syntax only: the shop is offline, so no DNS look-up.
    """
    text = email.strip()
    if not text:
        return "", ""
    import email_validator

    try:
        result = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as exc:
        return text, f"{exc}".rstrip(".") + "; saved as typed"
    return result.normalized, ""
