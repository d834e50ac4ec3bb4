"""The monthly report's figures as text (shared by the dashboard, the PDF, the xlsx and the
command line), through :mod:`shopdesk.formatting`."""

from __future__ import annotations

from decimal import Decimal

from shopdesk import formatting
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate
from shopdesk.reports.monthly import Kpi, MonthlyReport, Period
from shopdesk.services.crm.grading import GRADE_LABELS

DASH = "—"


def value(unit: str, amount: Decimal | int | None) -> str:
    """One figure as the shop writes it; a dash when there is none."""
    if amount is None:
        return DASH
    if unit == "text":
        return str(amount)
    if unit == "money":
        return formatting.money(amount)
    if unit == "percent":
        return f"{formatting.quantity(Decimal(amount))}%"
    if unit == "hours":
        return formatting.money(Decimal(amount), symbol=False)
    if unit == "quantity":
        return formatting.quantity(Decimal(amount))
    if unit == "number":
        return formatting.quantity(Decimal(amount))
    return formatting.number(amount)


def change(kpi: Kpi, against: int) -> str:
    """"+3.2%" / "-1.0%" against the previous month (1) or last year (2); a dash for none.
    A percentage figure changes in points."""
    if kpi.unit == "percent":
        now, then = kpi.values[0], kpi.values[against]
        if now is None or then is None:
            return DASH
        diff = Decimal(now) - Decimal(then)
        return translate("Reports", "{change} pts").format(
            change=f"{'+' if diff > 0 else ''}{formatting.quantity(diff)}")
    pct = kpi.change(against)
    if pct is None:
        return DASH
    return f"{'+' if pct > 0 else ''}{formatting.quantity(pct)}%"


def grade_name(grade: str) -> str:
    """A customer grade as the customer file shows it (``vip`` -> "VIP" / "贵宾")."""
    label = GRADE_LABELS.get(grade)  # type: ignore[call-overload]
    return translate("Labels", label) if label else grade.title()


def month_name(period: Period) -> str:
    """"March 2026"."""
    return formatting.month(period.start)


def period_names(report: MonthlyReport) -> tuple[str, str, str]:
    """The three periods' names: this month, the previous month, the same month last year."""
    return tuple(month_name(p) for p in report.periods)  # type: ignore[return-value]


SECTIONS = {"sales": QT_TRANSLATE_NOOP("Printing", "Sales"),
            "customers": QT_TRANSLATE_NOOP("Printing", "Customers"),
            "workshop": QT_TRANSLATE_NOOP("Printing", "Workshop"),
            "stock": QT_TRANSLATE_NOOP("Printing", "Stock and receivables"),
            "crm": QT_TRANSLATE_NOOP("Printing", "Customer care")}
