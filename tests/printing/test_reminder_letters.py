"""Reminder letters read back from the PDFs: greeting first, one whole letter per vehicle for a
fleet, a long-overdue car folded to one "not seen since" line, in English and in Chinese."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from pypdf import PdfReader

from shopdesk import formatting
from shopdesk.i18n import documents
from shopdesk.printing.reminder_letter import render_letters
from shopdesk.services.crm import customers, vehicles
from shopdesk.services.crm.customers import CustomerInput, PhoneInput
from shopdesk.services.crm.vehicles import VehicleInput
from shopdesk.services.shop import settings
from shopdesk.services.workshop import reminders
from tests.helpers.workshop import workshop

TODAY = dt.date.today()


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def _fleet(owner) -> tuple[int, dt.date]:
    """Ann Smith's Honda (workshop helper) and a fleet: Acme Fleet Ltd (contact Nathan
    Jackson) with a Honda Accord seen half a year ago, due for its oil service within the
    limit, and a Honda Civic last seen 1,000 days ago (long overdue)."""
    workshop(owner)
    settings.update_settings(owner, phone="(217) 555-0100", address="9 Main Street\nSpringfield")
    acme = customers.add_customer(owner, CustomerInput(
        kind="company", company_name="Acme Fleet Ltd", first_name="Nathan",
        last_name="Jackson", phones=[PhoneInput("(217) 555-0199")], address="5 Depot Road",
        city="Springfield", postcode="62702", preferred_channel="letter")).customer
    accord = vehicles.add_vehicle(owner, acme.id, VehicleInput(
        plate="FL-001", make="Honda", model="Accord", year=2019)).vehicle
    vehicles.record_odometer(owner, accord.id, 40000, TODAY - dt.timedelta(days=360))
    vehicles.record_odometer(owner, accord.id, 46000, TODAY - dt.timedelta(days=180))
    civic = vehicles.add_vehicle(owner, acme.id, VehicleInput(
        plate="FL-002", make="Honda", model="Civic", year=2015)).vehicle
    seen = TODAY - dt.timedelta(days=1000)
    vehicles.record_odometer(owner, civic.id, 80000, seen)
    return acme.id, seen


def _letters(owner, tmp_path: Path, customer_id: int) -> list[str]:
    """The pages of the customer's letters, in the order of their cars' plates."""
    rows = reminders.reminder_list(owner, TODAY + dt.timedelta(days=400))
    files = render_letters(rows, tmp_path)
    [path] = [f for f in files if f.name.startswith(f"reminder-{customer_id}-")]
    return sorted(_pages(path), key=lambda page: re.findall(r"(?:FL|AB)-\w+", page))


def test_fleet_gets_one_whole_letter_per_vehicle_greeting_first(owner, tmp_path):
    acme, seen = _fleet(owner)
    accord, civic = _letters(owner, tmp_path, acme)
    for page, plate in ((accord, "FL-001"), (civic, "FL-002")):
        # each page a whole letter: letterhead, address, greeting, the car, closing
        for expected in ("Test Garage", "Acme Fleet Ltd", "Attn. Nathan Jackson",
                         "5 Depot Road", "Dear Nathan Jackson,", "Kind regards,",
                         "(217) 555-0100"):
            assert expected in page, (plate, expected)
        assert page.index("Dear Nathan Jackson,") < page.index(plate)
        assert "Jackson, Nathan" not in page and "Sir or Madam" not in page
    assert "FL-002" not in accord and "FL-001" not in civic
    # within the limit: the service is listed with its date
    assert "2019 Honda Accord (FL-001) is due for:" in accord
    assert "Oil service: was due on" in accord
    # long overdue: one line, when the car was last seen, a check-up offered
    assert (f"We have not seen your 2015 Honda Civic (FL-002) since {formatting.date(seen)}"
            in " ".join(civic.split()))
    assert "check-up" in civic and "was due on" not in civic and "due for:" not in civic


def test_person_letter_greets_by_name(owner, tmp_path):
    _fleet(owner)
    [ann] = _letters(owner, tmp_path, 1)
    assert "Dear Ann Smith," in ann and "Smith, Ann" not in ann
    assert ann.index("Dear Ann Smith,") < ann.index("AB-123-CD")


def test_chinese_letter_has_no_english_sentence(owner, tmp_path):
    acme, _seen = _fleet(owner)
    with documents("zh_CN"):
        accord, civic = _letters(owner, tmp_path, acme)
    for page in (accord, civic):
        assert "尊敬的Nathan Jackson先生/女士：" in page
        assert page.index("尊敬的") < page.index("FL-00")
        assert "此致" in page and "联系人：Nathan Jackson" in page
        # what is left once the customer's, the shop's and the cars' own words are taken out
        # must hold no English
        rest = " ".join(page.split())
        for data in ("Test Garage", "Acme Fleet Ltd", "Nathan Jackson", "Depot Road",
                     "Main Street", "Springfield", "Honda Accord", "Honda Civic",
                     "Oil service", "FL-001", "FL-002"):
            rest = rest.replace(data, "")
        assert not re.findall(r"[A-Za-z]{2,}", rest), rest
    assert "您的 2019 Honda Accord (FL-001) 需要进行以下保养" in " ".join(accord.split())
    assert "自" in civic and "一直未见到您的 2015 Honda Civic (FL-002)" in civic
