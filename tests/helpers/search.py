"""A shop where several customers' phones end in the same digits, for the search box tests.

Four customers' phones end in 4624, one has 4624 in the middle of its number:

* Torres, Ana   — (217) 555-4624, last visit four years ago (an old customer);
* Baker, Bob    — (217) 555-4624 too (a second phone), car in the shop now (open repair order);
* Adams, Amy    — (312) 555-4624, visited ten days ago;
* 王, 小明       — 138 0013 4624, an invoice a month ago;
* Middle, Max   — (217) 462-4001 (4624 inside the number, not at the end), visited last week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shopdesk.services.access import Actor
from shopdesk.services.crm import customers, interactions
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.sales import invoices
from shopdesk.services.sales.invoices import LineDraft
from shopdesk.services.workshop import repair_orders
from tests.services.customer_helpers import car, person


@dataclass
class Regulars:
    torres: int
    baker: int
    adams: int
    wang: int
    middle: int
    baker_order: str  # the open repair order's number


def regulars(owner: Actor, today: dt.date | None = None) -> Regulars:
    """The customers above (see the module's doc); ``owner`` does everything."""
    today = today or dt.date.today()
    torres = person(owner, first="Ana", last="Torres", phone="(217) 555-4624", email="")
    car(owner, torres.id, plate="TOR 1", vin="1FTFW1ET5DFC10312", make="Ford", model="F-150")
    interactions.log(owner, torres.id, "visit", "Tyres",
                     at=dt.datetime.combine(today - dt.timedelta(days=4 * 365), dt.time(9)))
    baker = customers.add_customer(owner, CustomerInput(
        first_name="Bob", last_name="Baker",
        phones=[PhoneInput("(312) 555-0101"), PhoneInput("(217) 555-4624", "home")])).customer
    van = car(owner, baker.id, plate="BK 77 VAN", vin="WDB9066351S123456", make="Mercedes",
              model="Sprinter")
    order = repair_orders.open_order(owner, van.id, odometer=120000, concerns="Brakes")
    adams = person(owner, first="Amy", last="Adams", phone="(312) 555-4624", email="")
    car(owner, adams.id, plate="AA-100-AA", vin="JHMCM56557C404453", make="Honda",
        model="Civic")
    interactions.log(owner, adams.id, "visit", "Oil change",
                     at=dt.datetime.combine(today - dt.timedelta(days=10), dt.time(9)))
    wang = person(owner, first="小明", last="王", phone="138 0013 4624", email="")
    car(owner, wang.id, plate="京A 12345", vin="LSVAU2180N2123456", make="大众",
        model="帕萨特")
    draft = invoices.create_draft(owner, wang.id, lines=[
        LineDraft("Labour: inspection", "1", "50.00", kind="labour")])
    invoices.issue(owner, draft.id, today=today - dt.timedelta(days=30))
    middle = person(owner, first="Max", last="Middle", phone="(217) 462-4001", email="")
    interactions.log(owner, middle.id, "visit", "Wipers",
                     at=dt.datetime.combine(today - dt.timedelta(days=7), dt.time(9)))
    return Regulars(torres.id, baker.id, adams.id, wang.id, middle.id, order.number)
