"""What each kind of import can read, and the header names shops use for it.

A column is recognised when its header, normalised (lower case, letters and digits), is one
of a field's names. "Needed" fields must be mapped before an import can run; ``one_of``
groups need at least one of their fields (a customer needs some name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from shopdesk.i18n import LANGUAGES, translate
from shopdesk.io.sheet_reader import normal_header

KINDS = ("customers", "vehicles", "parts", "prices", "stock")
KIND_LABELS = {"customers": "Customers", "vehicles": "Vehicles (with their owners)",
               "parts": "Parts catalogue", "prices": "Price updates", "stock": "Stock counts"}


@dataclass(frozen=True)
class FieldSpec:
    """One thing an import reads: its key, its label and the header names that mean it."""

    key: str
    label: str
    kind: str = "text"  # text, money, quantity, whole, date, yesno
    aliases: tuple[str, ...] = ()
    needed: bool = False

    def names(self) -> frozenset[str]:
        """The headers (normalised) that mean this field: its key, label and aliases, and the
        label as ShopDesk's own exports head it in every shipped language (a count sheet
        exported in Chinese reads back)."""
        return _names(self)


@cache
def _names(spec: FieldSpec) -> frozenset[str]:
    texts = [spec.key.replace("_", " "), spec.label, *spec.aliases]
    texts += [translate("Exports", spec.label, code) for code in LANGUAGES if code != "en"]
    return frozenset(normal_header(n) for n in texts) - {""}


_PHONE = ("phone", "mobile", "tel", "tel.", "telephone", "cell", "cell phone", "mobile phone",
          "phone number", "mobile number", "contact number", "handy", "telefon")
_EMAIL = ("email", "e-mail", "e mail", "mail", "email address", "e-mail address")
_NAME = ("name", "customer", "customer name", "full name", "client", "client name", "contact")

CUSTOMER_FIELDS = (
    FieldSpec("name", "Full name", aliases=_NAME),
    FieldSpec("first_name", "First name", aliases=("first", "given name", "forename",
                                                   "firstname", "vorname", "prenom")),
    FieldSpec("last_name", "Last name", aliases=("last", "surname", "family name", "lastname",
                                                 "nachname", "nom")),
    FieldSpec("company_name", "Company", aliases=("company name", "business", "firm",
                                                  "organisation", "organization", "firma")),
    FieldSpec("phone", "Phone", aliases=_PHONE),
    FieldSpec("phone2", "Second phone", aliases=("home phone", "work phone", "phone 2",
                                                 "other phone", "landline", "phone2")),
    FieldSpec("email", "E-mail", aliases=_EMAIL),
    FieldSpec("address", "Address", aliases=("street", "address 1", "address line 1",
                                             "street address", "strasse")),
    FieldSpec("city", "City", aliases=("town", "suburb", "ort", "ville")),
    FieldSpec("postcode", "Postcode", aliases=("zip", "zip code", "postal code", "post code",
                                               "plz", "zipcode")),
    FieldSpec("country", "Country", aliases=("land", "pays")),
    FieldSpec("tax_id", "Tax ID", aliases=("vat", "vat number", "vat no", "tax number",
                                           "ein", "abn", "gst number")),
    FieldSpec("notes", "Notes", aliases=("note", "comments", "comment", "remarks", "memo")),
    FieldSpec("marketing_consent", "Marketing consent", "yesno",
              aliases=("consent", "marketing", "newsletter", "opt in", "opt-in")),
    FieldSpec("customer_since", "Customer since", "date",
              aliases=("since", "created", "date added", "first visit", "created on")),
    FieldSpec("other_phones", "Other phones", aliases=("more phones", "additional phones")),
    FieldSpec("payment_terms_days", "Payment terms (days)", "whole",
              aliases=("payment terms", "terms", "terms days", "credit days")),
    FieldSpec("preferred_channel", "Preferred channel",
              aliases=("channel", "contact by", "preferred contact", "contact preference")),
)

VEHICLE_FIELDS = (
    FieldSpec("plate", "Plate", aliases=("reg", "reg.", "rego", "registration", "reg no",
                                         "reg number", "registration number", "licence plate",
                                         "license plate", "number plate", "plate number",
                                         "license", "tag", "kennzeichen")),
    FieldSpec("vin", "VIN", aliases=("chassis", "chassis number", "vin number",
                                     "vehicle identification number", "frame number")),
    FieldSpec("make", "Make", aliases=("manufacturer", "brand", "marke")),
    FieldSpec("model", "Model", aliases=("modell",)),
    FieldSpec("year", "Year", "whole", aliases=("model year", "yr", "year of manufacture",
                                                "baujahr")),
    FieldSpec("engine", "Engine", aliases=("engine size", "engine code", "motor")),
    FieldSpec("fuel", "Fuel", aliases=("fuel type", "fuel kind", "energy", "power source",
                                       "kraftstoff", "carburant", "燃油", "燃料", "燃油类型",
                                       "燃料类型", "能源类型", "动力类型", "能源")),
    FieldSpec("colour", "Colour", aliases=("color", "farbe")),
    FieldSpec("odometer", "Odometer", "whole", aliases=("mileage", "km", "kms", "miles",
                                                        "odo", "kilometres", "kilometers")),
    FieldSpec("odometer_date", "Odometer date", "date",
              aliases=("mileage date", "reading date", "last visit", "last service")),
    FieldSpec("vehicle_notes", "Vehicle notes", aliases=("notes", "note", "comments")),
    FieldSpec("owner_name", "Owner name", aliases=(*_NAME, "owner")),
    FieldSpec("owner_company", "Owner company", aliases=("company", "company name")),
    FieldSpec("owner_phone", "Owner phone", aliases=(*_PHONE, "owner mobile")),
    FieldSpec("owner_email", "Owner e-mail", aliases=(*_EMAIL, "owner email")),
)

_SKU = ("sku", "part no", "part number", "part no.", "part #", "part", "item code", "item",
        "item number", "item no", "code", "product code", "article", "article number",
        "artikelnummer", "stock code", "ref", "reference")
PART_FIELDS = (
    FieldSpec("sku", "SKU", aliases=_SKU, needed=True),
    FieldSpec("name", "Name", aliases=("description", "part name", "item name", "product",
                                       "product name", "title", "bezeichnung"), needed=True),
    FieldSpec("brand", "Brand", aliases=("make", "manufacturer", "marke")),
    FieldSpec("category", "Category", aliases=("group", "product group", "type", "class")),
    FieldSpec("unit", "Unit", aliases=("uom", "unit of measure", "units")),
    FieldSpec("cost", "Cost", "money", aliases=("cost price", "buy price", "purchase price",
                                                "net cost", "unit cost", "ek")),
    FieldSpec("retail_price", "Retail price", "money",
              aliases=("price", "sell price", "selling price", "list price", "rrp", "msrp",
                       "retail", "unit price", "vk")),
    FieldSpec("trade_price", "Trade price", "money", aliases=("trade", "wholesale",
                                                              "wholesale price", "dealer price")),
    FieldSpec("tax_code", "Tax class", aliases=("tax", "tax code", "vat code", "tax class")),
    FieldSpec("bin_location", "Bin", aliases=("bin location", "location", "shelf", "lagerort")),
    FieldSpec("reorder_point", "Reorder point", "quantity", aliases=("min", "min stock",
                                                                    "minimum", "reorder level")),
    FieldSpec("reorder_qty", "Reorder quantity", "quantity", aliases=("reorder qty",
                                                                     "order qty", "max")),
    FieldSpec("barcode", "Barcode", aliases=("ean", "upc", "gtin", "ean13", "bar code")),
    FieldSpec("other_barcodes", "Other barcodes", aliases=("more barcodes",
                                                           "additional barcodes")),
    FieldSpec("supplier", "Supplier", aliases=("vendor", "supplier name")),
    FieldSpec("on_hand", "On hand", "quantity",
              aliases=("qty on hand", "stock", "in stock", "quantity on hand", "stock qty",
                       "qty", "quantity")),
)

PRICE_FIELDS = (
    FieldSpec("sku", "SKU", aliases=_SKU, needed=True),
    FieldSpec("retail_price", "Retail price", "money",
              aliases=("price", "new price", "sell price", "list price", "rrp", "retail",
                       "unit price")),
    FieldSpec("trade_price", "Trade price", "money", aliases=("trade", "wholesale",
                                                              "wholesale price")),
    FieldSpec("cost", "Cost", "money", aliases=("cost price", "buy price", "purchase price",
                                                "unit cost")),
)

STOCK_FIELDS = (
    FieldSpec("sku", "SKU", aliases=(*_SKU, "barcode", "ean"), needed=True),
    FieldSpec("counted", "Counted", "quantity",
              aliases=("count", "qty", "quantity", "counted qty", "on hand", "stock",
                       "in stock", "qty on hand", "physical", "menge", "bestand"), needed=True),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "customers": CUSTOMER_FIELDS, "vehicles": VEHICLE_FIELDS, "parts": PART_FIELDS,
    "prices": PRICE_FIELDS, "stock": STOCK_FIELDS}

#: At least one of each group must be mapped.
ONE_OF: dict[str, list[tuple[str, ...]]] = {
    "customers": [("name", "first_name", "last_name", "company_name")],
    "vehicles": [("plate", "vin")],
    "prices": [("retail_price", "trade_price", "cost")],
}


def spec(kind: str, key: str) -> FieldSpec:
    return next(f for f in FIELDS[kind] if f.key == key)


def known_headers(kind: str) -> set[str]:
    """Every header name this kind recognises (to find the header row)."""
    return set().union(*(f.names() for f in FIELDS[kind]))


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """header -> field key for the headers recognised ("" for the rest); each field once."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        name = normal_header(header)
        found = next((f.key for f in FIELDS[kind] if name in f.names() and f.key not in taken),
                     "")
        mapping[header] = found
        if found:
            taken.add(found)
    return mapping


def missing_fields(kind: str, mapping: dict[str, str]) -> list[str]:
    """What still has to be mapped before the import can run, in words ([] when ready)."""
    mapped = {v for v in mapping.values() if v}
    missing = [f"a {f.label} column" for f in FIELDS[kind] if f.needed and f.key not in mapped]
    for group in ONE_OF.get(kind, []):
        if not mapped & set(group):
            labels = [spec(kind, k).label for k in group]
            missing.append("a column for " + ", ".join(labels[:-1]) + " or " + labels[-1])
    return missing
