"""Warranty terms: defaults on parts, on labour (the shop's rule) and on maintenance packages,
copied onto each invoice line when the invoice is issued, and whether a sold line is still
covered at a later date and odometer reading.

Terms are months and/or km; None means no limit of that kind, and a line with neither has
no warranty. A line is covered while *both* its limits hold (e.g. 12 months or 20,000 km,
whichever comes first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shopdesk.errors import ValidationError
from shopdesk.models.base import database_proxy as db
from shopdesk.models.invoices import DocumentKind, Invoice, InvoiceLine, LineKind
from shopdesk.models.maintenance import MaintenancePackage
from shopdesk.models.repair_orders import RepairOrderLine
from shopdesk.models.warranty import LineWarranty, PackageWarranty, PartWarranty, WarrantySettings
from shopdesk.money import MoneyError, to_money
from shopdesk.services import audit
from shopdesk.services.access import Actor, Permission, require

MAX_MONTHS = 240
MAX_KM = 1_000_000


@dataclass(frozen=True)
class Terms:
    """A warranty: months and/or km (None: no limit of that kind)."""

    months: int | None = None
    km: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.months or self.km)

    def describe(self) -> str:
        """``12 months / 20,000 km``, or ``none``."""
        parts = ([f"{self.months} months"] if self.months else []) + (
            [f"{self.km:,} km"] if self.km else [])
        return " / ".join(parts) or "none"


def parse_terms(months: object, km: object) -> Terms:
    """Typed months and km (blank or 0: no limit) as Terms, or a clear ValidationError."""
    def whole(value: object, what: str, top: int) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            number = int(str(value).strip().replace(",", ""))
        except ValueError:
            raise ValidationError(f"Warranty {what} must be a whole number, not {value!r}",
                                  {what: "Whole number"}) from None
        if not 0 <= number <= top:
            raise ValidationError(f"Warranty {what} must be between 0 and {top:,}",
                                  {what: f"0 to {top:,}"})
        return number or None
    return Terms(whole(months, "months", MAX_MONTHS), whole(km, "km", MAX_KM))


def settings(actor: Actor) -> WarrantySettings:
    """The shop's labour warranty row; its labour cost rate (what one warranty hour costs the
    shop) None for whoever may not see costs."""
    row = _settings()
    if not actor.sees_costs:
        row.labour_cost_rate = None
    return row


def _settings() -> WarrantySettings:
    """The shop's labour warranty row (made by migration 9)."""
    return WarrantySettings.get_or_none(WarrantySettings.id == 1) or WarrantySettings.create(id=1)


def labour_terms(actor: Actor) -> Terms:
    row = _settings()
    return Terms(row.labour_months, row.labour_km)


def part_terms(actor: Actor, part_id: int) -> Terms:
    row = PartWarranty.get_or_none(PartWarranty.part == part_id)
    return Terms(row.months, row.km) if row else Terms()


def package_terms(actor: Actor, package_id: int) -> Terms | None:
    """A package's own warranty (None: it has none set; labour then takes the shop's)."""
    row = PackageWarranty.get_or_none(PackageWarranty.package == package_id)
    return Terms(row.months, row.km) if row else None


def set_labour(actor: Actor, terms: Terms, cost_rate: object | None = None) -> None:
    """Set the shop's labour warranty and (optionally) the cost of one warranty hour."""
    require(actor, Permission.CHANGE_SETTINGS)
    rate = None
    if cost_rate is not None and str(cost_rate).strip():
        try:
            rate = to_money(str(cost_rate).strip())
        except MoneyError:
            raise ValidationError(f"The labour cost rate {cost_rate!r} is not an amount",
                                  {"cost_rate": "Not an amount"}) from None
        if rate < 0:
            raise ValidationError("The labour cost rate cannot be negative")
    with db.atomic():
        row = _settings()
        before = {"months": row.labour_months, "km": row.labour_km,
                  "cost_rate": row.labour_cost_rate}
        row.labour_months, row.labour_km = terms.months, terms.km
        if rate is not None:
            row.labour_cost_rate = rate
        row.save()
        audit.record(actor, "update", "warranty settings", 1,
                     f"Labour warranty {terms.describe()}", before,
                     {"months": terms.months, "km": terms.km, "cost_rate": row.labour_cost_rate})


def set_part(actor: Actor, part_id: int, terms: Terms) -> None:
    """Set (or clear, with empty terms) a part's warranty."""
    require(actor, Permission.MANAGE_STOCK)
    with db.atomic():
        before = part_terms(actor, part_id)
        if before == terms:
            return
        PartWarranty.delete().where(PartWarranty.part == part_id).execute()
        if terms.any:
            PartWarranty.create(part=part_id, months=terms.months, km=terms.km)
        audit.record(actor, "warranty", "part", part_id, f"Warranty {terms.describe()}",
                     {"warranty": before.describe()}, {"warranty": terms.describe()})


def set_package(actor: Actor, package_id: int, terms: Terms) -> None:
    """Set (or clear) the warranty on a maintenance package's work."""
    require(actor, Permission.CHANGE_PRICES)
    if MaintenancePackage.get_or_none(MaintenancePackage.id == package_id) is None:
        raise ValidationError(f"There is no maintenance package #{package_id}")
    with db.atomic():
        PackageWarranty.delete().where(PackageWarranty.package == package_id).execute()
        if terms.any:
            PackageWarranty.create(package=package_id, months=terms.months, km=terms.km)
        audit.record(actor, "warranty", "maintenance package", package_id,
                     f"Warranty {terms.describe()}")


def _labour_for(actor: Actor, invoice: Invoice, line: InvoiceLine) -> Terms:
    """Labour's terms: its package's when the invoice came from a repair order and the line
    came from a package, else the shop's labour warranty."""
    if invoice.source == "repair order" and invoice.source_id:
        row = (RepairOrderLine.select(RepairOrderLine.package)
               .where((RepairOrderLine.repair_order == invoice.source_id)
                      & (RepairOrderLine.kind == LineKind.LABOUR.value)
                      & (RepairOrderLine.description == line.description)
                      & RepairOrderLine.package.is_null(False)).first())
        if row is not None:
            terms = package_terms(actor, row.package)
            if terms is not None:
                return terms
    return labour_terms(actor)


def stamp_lines(actor: Actor, invoice: Invoice, lines: list[InvoiceLine],
                issue_date: dt.date) -> int:
    """Copy the warranty terms onto the lines of an invoice being issued (inside the issuing
    transaction); credit notes carry none. Returns how many lines got a warranty."""
    if invoice.kind != DocumentKind.INVOICE:
        return 0
    made = 0
    for line in lines:
        if line.kind == LineKind.PART and line.part_id is not None:
            terms = part_terms(actor, line.part_id)
        elif line.kind == LineKind.LABOUR:
            terms = _labour_for(actor, invoice, line)
        else:
            continue
        if terms.any and line.unit_price > 0:
            LineWarranty.create(line=line.id, months=terms.months, km=terms.km,
                                starts_on=issue_date, start_odometer=invoice.odometer)
            made += 1
    return made


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Cover:
    """Whether one sold line is still under warranty at a date and reading."""

    line_id: int
    description: str
    terms: Terms
    starts_on: dt.date
    ends_on: dt.date | None
    ends_km: int | None
    covered: bool
    months_since: int
    km_since: int | None


def cover_of(row: LineWarranty, description: str, on: dt.date, odometer: int | None) -> Cover:
    """Is the line covered on ``on`` at ``odometer`` (unknown reading: time decides)?"""
    terms = Terms(row.months, row.km)
    ends_on = add_months(row.starts_on, row.months) if row.months else None
    ends_km = row.start_odometer + row.km if row.km and row.start_odometer is not None \
        else None
    km_since = (odometer - row.start_odometer if odometer is not None
                and row.start_odometer is not None else None)
    covered = (ends_on is None or on <= ends_on) and (
        ends_km is None or odometer is None or odometer <= ends_km)
    months = (on.year - row.starts_on.year) * 12 + on.month - row.starts_on.month - (
        1 if on.day < row.starts_on.day else 0)
    return Cover(row.line_id, description, terms, row.starts_on, ends_on, ends_km, covered,
                 max(months, 0), km_since)


def covers_of_invoice(actor: Actor, invoice_id: int, on: dt.date,
                      odometer: int | None) -> list[Cover]:
    """Each line of an invoice sold with a warranty, and whether it still holds."""
    query = (LineWarranty.select(LineWarranty, InvoiceLine.description)
             .join(InvoiceLine).where(InvoiceLine.invoice == invoice_id)
             .order_by(InvoiceLine.position, InvoiceLine.id))
    return [cover_of(row, row.line.description, on, odometer) for row in query]
