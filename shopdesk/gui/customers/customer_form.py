"""The customer's details as form fields (used by check-in and by Edit customer)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from shopdesk.errors import translate_text
from shopdesk.gui.i18n import label as shown
from shopdesk.gui.widgets.form_rows import FormRows
from shopdesk.services.access import Actor
from shopdesk.services.crm.contact_details import (
    CHANNEL_LABELS,
    check_email,
    check_phone,
    example_phone,
    shop_region,
)
from shopdesk.services.crm.customers import CustomerInput, CustomerKind, PhoneInput
from shopdesk.services.pricing import pricing


class CustomerForm(QWidget):
    """Name, phones, e-mail, address; ``full`` adds tax ID, terms, consent, channel, notes."""

    def __init__(self, actor: Actor, full: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = shop_region(actor)  # how phones are read and shown
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows = FormRows(form)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Person"), CustomerKind.PERSON.value)
        self.kind.addItem(self.tr("Company"), CustomerKind.COMPANY.value)
        self.rows.add("kind", self.tr("&Type"), self.kind)
        self.first_name = self.rows.add("first_name", self.tr("&First name"), QLineEdit())
        self.last_name = self.rows.add("last_name", self.tr("&Last name"), QLineEdit())
        self.company_name = self.rows.add("company_name", self.tr("Compan&y"), QLineEdit())
        self.phone = self.rows.add("phone", self.tr("&Phone"), QLineEdit())
        self.phone.setPlaceholderText(self.tr("e.g. {phone}").format(
            phone=example_phone(self.region)))
        self.phone2 = self.rows.add("phone1", self.tr("Second phone"), QLineEdit())
        self.phone_labels = ["mobile", "home"]  # kept from the customer's saved phones
        self.extra_phones: list[tuple[QLineEdit, str, QWidget]] = []
        self.form = form
        self.add_phone_button: QPushButton | None = None
        if full:  # any number of phones (the check-in form keeps its two, for speed)
            self.add_phone_button = QPushButton(self.tr("+ Add a phone"))
            self.add_phone_button.clicked.connect(lambda: self.add_phone().setFocus())
            form.addRow("", self.add_phone_button)
        self.email = self.rows.add("email", self.tr("E-&mail"), QLineEdit())
        self.address = self.rows.add("address", self.tr("Street"), QLineEdit())
        self.city = self.rows.add("city", self.tr("City"), QLineEdit())
        self.postcode = self.rows.add("postcode", self.tr("Postcode"), QLineEdit())
        self.full = full
        if full:
            self.tax_id = self.rows.add("tax_id", self.tr("Company tax ID"), QLineEdit())
            self.terms = QSpinBox()
            self.terms.setRange(-1, 365)
            self.terms.setSpecialValueText(self.tr("Shop default"))
            self.terms.setSuffix(self.tr(" days"))
            self.rows.add("payment_terms_days", self.tr("Payment terms"), self.terms)
            self.channel = QComboBox()
            for channel, label in CHANNEL_LABELS.items():
                self.channel.addItem(shown(label), channel.value)
            self.rows.add("preferred_channel", self.tr("Contact by"), self.channel)
            self.price_level = QComboBox()
            for level in pricing.levels(actor):
                self.price_level.addItem(level.name, level.code)
            self.rows.add("price_level", self.tr("Pri&ce level"), self.price_level)
            self.consent = QCheckBox(self.tr("Agrees to offers and reminders"))
            self.rows.add("marketing_consent", self.tr("Marketing"), self.consent)
            self.notes = QPlainTextEdit()
            self.notes.setFixedHeight(60)
            self.rows.add("notes", self.tr("Notes"), self.notes)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.phone.editingFinished.connect(lambda: self._check_phone(self.phone, "phone"))
        self.phone2.editingFinished.connect(lambda: self._check_phone(self.phone2, "phone1"))
        self.email.editingFinished.connect(self._check_email)
        self._kind_changed()

    def add_phone(self, number: str = "", label: str = "other") -> QLineEdit:
        """One more phone row (with its Remove button) above "+ Add a phone"."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(number)
        remove = QPushButton(self.tr("Remove"))
        remove.setToolTip(self.tr("Remove this phone"))
        layout.addWidget(edit, 1)
        layout.addWidget(remove)
        position = self.form.getWidgetPosition(self.add_phone_button)[0]
        self.form.insertRow(position, self.tr("Phone"), row)
        entry = (edit, label, row)
        self.extra_phones.append(entry)
        remove.clicked.connect(lambda: self.remove_phone(edit))
        edit.editingFinished.connect(lambda: self._check_extra(edit))
        return edit

    def remove_phone(self, edit: QLineEdit) -> None:
        """Take an added phone row off the form."""
        for entry in list(self.extra_phones):
            if entry[0] is edit:
                self.extra_phones.remove(entry)
                self.form.removeRow(entry[2])

    def _check_extra(self, edit: QLineEdit) -> None:
        text = edit.text().strip()
        problem = translate_text(check_phone(text, self.region).problem) if text else ""
        edit.setToolTip(problem)
        edit.setStyleSheet("border: 1px solid #9a5b00;" if problem else "")

    def _kind_changed(self) -> None:
        company = self.kind.currentData() == CustomerKind.COMPANY.value
        self.company_name.setPlaceholderText(self.tr("required") if company else self.tr(
                "optional"))
        self.first_name.setPlaceholderText(self.tr("contact person") if company else "")

    def _check_phone(self, edit: QLineEdit, key: str) -> None:
        text = edit.text().strip()
        self.rows.show(key, translate_text(check_phone(text, self.region).problem)
                       if text else "")

    def _check_email(self) -> None:
        self.rows.show("email", check_email(self.email.text())[1])

    def value(self) -> CustomerInput:
        """What the form says, as the service takes it."""
        phones = [PhoneInput(self.phone.text(), self.phone_labels[0])]
        if self.phone2.text().strip():
            phones.append(PhoneInput(self.phone2.text(), self.phone_labels[1]))
        phones += [PhoneInput(edit.text(), label) for edit, label, _row in self.extra_phones
                   if edit.text().strip()]
        data = CustomerInput(
            kind=self.kind.currentData(), first_name=self.first_name.text(),
            last_name=self.last_name.text(), company_name=self.company_name.text(),
            phones=phones, email=self.email.text(), address=self.address.text(),
            city=self.city.text(), postcode=self.postcode.text())
        if self.full:
            data.tax_id = self.tax_id.text()
            data.payment_terms_days = self.terms.value() if self.terms.value() >= 0 else None
            data.preferred_channel = self.channel.currentData()
            data.price_level = self.price_level.currentData() or "retail"
            data.marketing_consent = self.consent.isChecked()
            data.notes = self.notes.toPlainText()
        return data

    def set_value(self, data: CustomerInput) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.company_name.setText(data.company_name)
        self.phone.setText(data.phones[0].number if data.phones else "")
        self.phone2.setText(data.phones[1].number if len(data.phones) > 1 else "")
        self.phone_labels = [p.label for p in data.phones[:2]] + ["mobile", "home"][
            len(data.phones[:2]):]
        for edit, _label, _row in list(self.extra_phones):
            self.remove_phone(edit)
        if self.add_phone_button is not None:
            for extra in data.phones[2:]:
                self.add_phone(extra.number, extra.label)
        self.email.setText(data.email)
        self.address.setText(data.address)
        self.city.setText(data.city)
        self.postcode.setText(data.postcode)
        if self.full:
            self.tax_id.setText(data.tax_id)
            self.terms.setValue(-1 if data.payment_terms_days is None
                                else data.payment_terms_days)
            self.channel.setCurrentIndex(max(0, self.channel.findData(data.preferred_channel)))
            self.price_level.setCurrentIndex(max(0, self.price_level.findData(
                data.price_level)))
            self.consent.setChecked(data.marketing_consent)
            self.notes.setPlainText(data.notes)
