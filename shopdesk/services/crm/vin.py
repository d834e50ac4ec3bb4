"""Vehicle identification numbers: check (warn, never block) and decode offline."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vininfo import Vin
from vininfo.exceptions import ValidationError as VinError

from shopdesk.i18n import QT_TRANSLATE_NOOP

_ALLOWED = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")


@dataclass(frozen=True)
class VinCheck:
    """A VIN cleaned up, what it says (maker, model year) and a warning if it looks wrong."""

    vin: str
    problem: str = ""
    make: str = ""
    year: int | None = None
    country: str = ""


def clean_vin(text: str) -> str:
    """Upper case without spaces or dashes (as scanners and people type it)."""
    return re.sub(r"[\s\-]", "", text).upper()


def _model_year(years: list[int]) -> int | None:
    latest = dt.date.today().year + 1
    possible = [y for y in years if y <= latest]
    return max(possible) if possible else None


def check_vin(text: str) -> VinCheck:
    """Check and decode a VIN with the ``vininfo`` library (offline).

    Since 1981 a VIN has 17 characters without I, O or Q; North American VINs (first
    character 1-5) carry a check digit in position 9. Anything else is flagged, not refused:
    older cars have shorter numbers.
    """
    vin = clean_vin(text)
    if not vin:
        return VinCheck("")
    if len(vin) != 17:
        return VinCheck(vin, f"A VIN has 17 characters; this one has {len(vin)} "
                             "(fine for a car built before 1981)")
    if not _ALLOWED.match(vin):
        return VinCheck(vin, QT_TRANSLATE_NOOP(
            "Errors", "A VIN never contains I, O or Q; check for 1 and 0"))
    try:
        info = Vin(vin)
        make = info.manufacturer or ""
        if make.lower().startswith("unsupported"):
            make = ""
        year = _model_year(list(info.years))
        country = info.country or ""
        checksum_ok = info.verify_checksum()
    except VinError as exc:
        return VinCheck(vin, str(exc).strip())
    problem = ""
    if vin[0] in "12345" and not checksum_ok:
        problem = QT_TRANSLATE_NOOP(
            "Errors", "The check digit (9th character) does not match: a typing mistake?")
    return VinCheck(vin, problem, make, year, country)
