"""Read and change the shop's settings and tax rates (owner only; audited)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import list_currencies

from shopdesk.errors import NotFoundError, ValidationError
from shopdesk.i18n import QT_TRANSLATE_NOOP
from shopdesk.models.base import database_proxy as db
from shopdesk.models.settings import SETTINGS_ID, ShopSettings, TaxRate
from shopdesk.money import MoneyError, to_quantity
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require

EDITABLE = (
    "name", "address", "phone", "email", "website", "tax_id", "logo_png", "currency",
    "language", "invoice_prefix", "prices_include_tax", "payment_terms_days", "invoice_footer",
    "allow_negative_stock", "paper_size", "clerk_discount_limit", "technician_discount_limit",
)
#: the settings holding each role's discount limit (the owner has none)
DISCOUNT_LIMITS = {"clerk": "clerk_discount_limit", "technician": "technician_discount_limit"}
#: the language of printed documents and exports; "" = the same as each PC's screen
LANGUAGES = ("", "en", "zh_CN")
PAPER_SIZES = ("A4", "LETTER")
_PREFIX = re.compile(r"^[A-Za-z0-9/-]{0,12}$")
TAX_CODE = re.compile(r"^[A-Z0-9_-]{1,10}$")


def get_settings() -> ShopSettings:
    """The shop's settings row (made with defaults if it is missing)."""
    found = list(ShopSettings.raw(f"SELECT * FROM shop_settings WHERE id = {db.param}",
                                  SETTINGS_ID))  # plain SQL: read on every issue and print
    if found:
        return found[0]
    settings, _ = ShopSettings.get_or_create(id=SETTINGS_ID)
    return settings


def shop_currency(actor: Actor) -> str:
    """The shop's currency code ("" when the shop has no settings yet); reads only."""
    row = ShopSettings.get_or_none(ShopSettings.id == SETTINGS_ID)
    return row.currency if row else ""


def discount_limit(actor: Actor) -> Decimal | None:
    """The largest discount (percent) ``actor``'s role gives without the owner; None: no limit
    (the owner). Below 100 always: a line or invoice given away needs the owner."""
    name = DISCOUNT_LIMITS.get(actor.role.value)
    return None if name is None else getattr(get_settings(), name)


def _snapshot(settings: ShopSettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in EDITABLE}


def _validate(values: dict[str, Any]) -> None:
    problems: dict[str, str] = {}
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown setting: {', '.join(sorted(unknown))}")
    if "name" in values and not str(values["name"]).strip():
        problems["name"] = "The shop needs a name (it is printed on every invoice)"
    if "currency" in values and str(values["currency"]).upper() not in list_currencies():
        problems["currency"] = f"{values['currency']!r} is not a currency code (e.g. USD, EUR)"
    if "invoice_prefix" in values and not _PREFIX.match(str(values["invoice_prefix"])):
        problems["invoice_prefix"] = "Up to 12 letters, digits, / or -"
    if "language" in values and values["language"] not in LANGUAGES:
        problems["language"] = ("Documents are printed in en (English), zh_CN (Simplified "
                                "Chinese) or \"\" (the same as the screen)")
    if "paper_size" in values and str(values["paper_size"]).upper() not in PAPER_SIZES:
        problems["paper_size"] = "Paper size is A4 or Letter"
    if "payment_terms_days" in values:
        days = values["payment_terms_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
            problems["payment_terms_days"] = "Whole days from 0 to 365"
    for name in DISCOUNT_LIMITS.values():
        if name in values:
            try:
                values[name] = to_quantity(values[name])
            except MoneyError:
                values[name] = None
            if values[name] is None or not 0 <= values[name] < 100:
                problems[name] = QT_TRANSLATE_NOOP("Errors", "A discount limit is a percentage "
                                                             "from 0 to 99")
    if problems:
        raise ValidationError("; ".join(problems.values()), problems)


def update_settings(actor: Actor, expected_version: int | None = None,
                    **values: Any) -> ShopSettings:
    """Change settings; refuses if someone saved them since ``expected_version`` was read."""
    require(actor, Permission.CHANGE_SETTINGS)
    _validate(values)
    if "currency" in values:
        values["currency"] = str(values["currency"]).upper()
    if "paper_size" in values:
        values["paper_size"] = str(values["paper_size"]).upper()
    with db.atomic():
        settings = get_settings()
        if expected_version is not None:
            settings.version = expected_version
        before = _snapshot(settings)
        for name, value in values.items():
            setattr(settings, name, value.strip() if isinstance(value, str) else value)
        settings.save_checked()
        old, new = audit.changes(before, _snapshot(settings))
        if new:
            audit.record(actor, "update", "settings", SETTINGS_ID,
                         "Changed " + ", ".join(sorted(new)), old, new)
    return settings


@dataclass(frozen=True)
class TaxRateRow:
    """A tax rate as forms and documents use it."""

    code: str
    name: str
    rate: Decimal
    is_default: bool = False
    archived: bool = field(default=False, compare=False)


def list_tax_rates(actor: Actor, *, include_archived: bool = False) -> list[TaxRateRow]:
    """The shop's tax rates, default first."""
    query = TaxRate.select().order_by(TaxRate.is_default.desc(), TaxRate.code)
    if not include_archived:
        query = query.where(TaxRate.archived == False)  # noqa: E712
    return [TaxRateRow(t.code, t.name, t.rate, t.is_default, t.archived) for t in query]


def check_tax_rate(code: str, name: str, rate: Decimal | str) -> tuple[str, str, Decimal]:
    """The one rule for a tax rate, in Settings and in the set-up wizard: a code of 1 to 10
    letters or digits (upper-cased), a name (printed on invoices), a percentage from 0 to 100
    with up to three decimals ("7.5", "7,5 %"). Returns them cleaned; a refusal names each
    field (``code``, ``name``, ``rate``) and says the first problem."""
    code, name = code.strip().upper(), name.strip()
    problems: dict[str, str] = {}
    if not TAX_CODE.match(code):
        problems["code"] = QT_TRANSLATE_NOOP("Errors",
                                             "A tax code is 1 to 10 letters or digits.")
    if not name:
        problems["name"] = QT_TRANSLATE_NOOP("Errors",
                                             "Give the rate a name (printed on invoices).")
    if isinstance(rate, str):
        rate = rate.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = to_quantity(rate)
    except MoneyError:
        value = Decimal(-1)  # refused below, with the same words as one out of range
    if not Decimal(0) <= value <= Decimal(100):
        problems["rate"] = QT_TRANSLATE_NOOP("Errors",
                                             "The rate is a percentage from 0 to 100.")
    if problems:
        raise ValidationError(next(iter(problems.values())), problems)
    return code, name, value


def save_tax_rate(actor: Actor, code: str, name: str, rate: Decimal | str,
                  *, is_default: bool = False) -> TaxRateRow:
    """Add or change a tax rate; exactly one rate is the default."""
    require(actor, Permission.CHANGE_SETTINGS)
    code, name, value = check_tax_rate(code, name, rate)
    with db.atomic():
        existing = TaxRate.get_or_none(TaxRate.code == code)
        before = None if existing is None else {"name": existing.name, "rate": existing.rate,
                                               "is_default": existing.is_default}
        if existing is None and not TaxRate.select().exists():
            is_default = True
        if is_default:
            TaxRate.update(is_default=False).where(TaxRate.code != code).execute()
        if existing is None:
            TaxRate.create(code=code, name=name.strip(), rate=value, is_default=is_default)
        else:
            if existing.is_default and not is_default:
                raise ValidationError("Make another rate the default first")
            TaxRate.update(name=name.strip(), rate=value, is_default=is_default,
                           archived=False).where(TaxRate.code == code).execute()
        audit.record(actor, "create" if existing is None else "update", "tax rate", code,
                     f"Tax rate {code} {value}%", before,
                     {"name": name.strip(), "rate": value, "is_default": is_default})
    return TaxRateRow(code, name.strip(), value, is_default)


def archive_tax_rate(actor: Actor, code: str) -> None:
    """Stop offering a tax rate (documents that used it keep it)."""
    require(actor, Permission.CHANGE_SETTINGS)
    with db.atomic():
        rate = TaxRate.get_or_none(TaxRate.code == code.upper())
        if rate is None:
            raise NotFoundError(f"There is no tax rate {code!r}")
        if rate.is_default:
            raise ValidationError("The default tax rate cannot be archived; choose another first")
        TaxRate.update(archived=True).where(TaxRate.id == rate.id).execute()
        audit.record(actor, "archive", "tax rate", rate.code, f"Archived tax rate {rate.code}")
