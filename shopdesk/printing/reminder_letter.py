"""Service reminder letters: one PDF per customer holding one letter per vehicle, each on a
page of its own and whole: the shop's letterhead and the date, the customer's address, the
greeting, the car and what is due, the work recommended earlier, the closing, and the shop's
contact at the foot. A service overdue by more than the fold limit is not listed: the letter
says when the car was last seen and offers a check-up."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from shopdesk import formatting
from shopdesk.i18n import in_document_language, translate
from shopdesk.printing import fonts
from shopdesk.printing.document import (
    MARGIN,
    PAPER,
    DocumentData,
    footer,
    letterhead,
    shop_paper,
    styles,
)
from shopdesk.printing.invoice import letterhead as shop_letterhead
from shopdesk.services.crm.names import full_name
from shopdesk.services.crm.salutation import salutation
from shopdesk.services.shop.settings import get_settings
from shopdesk.services.workshop.reminders import ReminderRow


def car_text(row: ReminderRow) -> str:
    """The car as a letter names it: "2018 Honda Accord (AB-123-CD)"."""
    car = row.vehicle or translate("Letters", "car")
    return f"{car} ({row.plate})" if row.plate else car


def due_line(row: ReminderRow, today: dt.date) -> str:
    """One service due, as a line of the letter."""
    day = formatting.date(row.due.due_on)
    if row.due.due_on < today:
        return translate("Letters", "{service}: was due on {date}").format(
            service=row.package, date=day)
    if row.due.due_km:
        return translate("Letters", "{service}: due by {date} or at about {km} km").format(
            service=row.package, date=day, km=formatting.number(row.due.due_km))
    return translate("Letters", "{service}: due by {date}").format(service=row.package, date=day)


def not_seen_line(rows: list[ReminderRow]) -> str:
    """The one line that stands for every long-overdue service of a car."""
    first = rows[0]
    services = translate("Letters", ", ").join(sorted({r.package for r in rows}))
    seen = [r.last_seen for r in rows if r.last_seen]
    if any(r.seen_lately for r in rows):  # here lately, but these were never done since
        return translate("Letters", "Your {car} is well overdue for its servicing "
                                    "({services}). We would be glad to give it a check-up and "
                                    "bring it up to date.").format(
            car=car_text(first), services=services)
    if seen:
        return translate("Letters", "We have not seen your {car} since {date}: its servicing "
                                    "({services}) is well overdue. We would be glad to give it "
                                    "a check-up and bring it up to date.").format(
            car=car_text(first), date=formatting.date(max(seen)), services=services)
    return translate("Letters", "We have not seen your {car} for a long time: its servicing "
                                "({services}) is well overdue. We would be glad to give it a "
                                "check-up and bring it up to date.").format(
        car=car_text(first), services=services)


def letter_paragraphs(rows: list[ReminderRow], today: dt.date) -> list[tuple[str, str]]:
    """The letter for one vehicle (all ``rows`` are its services due) as (style, text) pairs,
    from the address block to the closing."""
    first = rows[0]
    shop = get_settings()
    address = [first.addressee]
    contact = full_name(first.first_name, first.last_name)
    if first.kind == "company" and contact and contact != first.addressee:
        address.append(translate("Letters", "Attn. {name}").format(name=contact))
    if first.address:
        address.append(first.address)
    parts = [("base", "\n".join(address)), ("gap", ""),
             ("base", salutation(first.kind, first.first_name, first.last_name,
                                 first.company_name))]
    folded = [r for r in rows if r.long_overdue]
    listed = [r for r in rows if not r.long_overdue]
    if folded:
        parts.append(("base", not_seen_line(folded)))
    if listed:
        parts.append(("base", translate(
            "Letters", "Our records show that your {car} is due for:").format(
                car=car_text(first))))
        parts += [("item", due_line(r, today)) for r in listed]
        parts.append(("gap", ""))
        parts.append(("base", translate(
            "Letters", "Regular maintenance keeps your car safe and reliable, and keeps its "
                       "value up.")))
    recs = sorted({text for r in rows for text in r.recommendations})
    if recs:
        parts.append(("base", translate(
            "Letters", "At your last visit we also recommended: {work}.").format(
                work=translate("Letters", "; ").join(recs))))
    parts.append(("base", translate(
        "Letters", "Call us on {phone} to book a time that suits you.").format(phone=shop.phone)
        if shop.phone else translate("Letters", "Call us to book a time that suits you.")))
    parts += [("gap", ""), ("base", translate("Letters", "Kind regards,")),
              ("base", shop.name)]
    return parts


def by_vehicle(rows: list[ReminderRow]) -> dict[int, list[ReminderRow]]:
    """The rows grouped by vehicle, in the order they come."""
    grouped: dict[int, list[ReminderRow]] = {}
    for row in rows:
        grouped.setdefault(row.due.vehicle_id, []).append(row)
    return grouped


@in_document_language
def render_customer(rows: list[ReminderRow], path: str | Path, *,
                    today: dt.date | None = None) -> Path:
    """Write the letters for one customer (all ``rows`` are theirs): one page per vehicle."""
    today = today or dt.date.today()
    st = styles()
    body = ParagraphStyle("letter", parent=st["base"], fontSize=10.5, leading=14.5)
    item = ParagraphStyle("item", parent=body, leftIndent=6 * mm, bulletIndent=1.5 * mm)
    shop = shop_letterhead()
    head = DocumentData("", "", shop, facts=[(translate("Printing", "Date"),
                                              formatting.date(today))],
                        footer=" · ".join(x for x in (shop.name, shop.address.replace("\n", ", "),
                                                        shop.phone, shop.email, shop.website)
                                          if x))
    pagesize = PAPER.get(shop_paper().upper(), A4)
    width = pagesize[0] - 2 * MARGIN - 12  # (the frame's own padding: 6 pt each side)
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=18 * mm,
                            title=translate("Letters", "Service reminder"),
                            author=shop.name, creator="ShopDesk")
    story: list = []
    for theirs in by_vehicle(rows).values():
        if story:
            story.append(PageBreak())
        story += [letterhead(head, st, width), Spacer(1, 12 * mm)]
        for style, text in letter_paragraphs(theirs, today):
            if style == "gap":
                story.append(Spacer(1, 4 * mm))
            elif style == "item":
                story.append(Paragraph(fonts.rich(text), item, bulletText="•"))
            else:
                story += [Paragraph(fonts.rich(text), body), Spacer(1, 2.5 * mm)]

    def page(canvas, _doc) -> None:
        footer(canvas, head, pagesize)

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return Path(path)


@in_document_language
def render_letters(rows: list[ReminderRow], folder: str | Path, *,
                   today: dt.date | None = None) -> list[Path]:
    """Write one PDF per customer into ``folder`` (a letter per vehicle in it); returns the
    files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    by_customer: dict[int, list[ReminderRow]] = {}
    for row in rows:
        by_customer.setdefault(row.due.customer_id, []).append(row)
    written = []
    for customer_id, theirs in by_customer.items():
        slug = re.sub(r"[^A-Za-z0-9]+", "-", theirs[0].customer).strip("-")[:40] or "customer"
        written.append(render_customer(theirs, folder / f"reminder-{customer_id}-{slug}.pdf",
                                       today=today))
    return written
