"""The Settings screen: the shop's details at a glance and the way into the settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from shopdesk import paths
from shopdesk.gui.context import AppContext
from shopdesk.gui.i18n import label
from shopdesk.services.access import ROLE_LABELS
from shopdesk.services.changes import Changes
from shopdesk.services.shop import settings, users


class SettingsScreen(QWidget):
    """Summary of shop, invoicing, tax rates, users and where the data lives."""

    def __init__(self, context: AppContext, open_dialog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("settingsSummary")
        layout.addWidget(self.summary)
        self.change_button = QPushButton(self.tr("&Change settings…  (Ctrl+,)"))
        self.change_button.clicked.connect(open_dialog)
        layout.addWidget(self.change_button)
        layout.addStretch(1)
        context.on_change(self, Changes.SETTINGS | Changes.USERS, self.activate)
        self.activate()

    def activate(self) -> None:
        """Re-read the settings each time the screen is shown."""
        s = settings.get_settings()
        default = self.tr(" (default)")
        actor = self.context.actor
        rates = ", ".join(f"{t.code} {t.rate.normalize()}%" + (default if t.is_default else "")
                          for t in settings.list_tax_rates(actor)) or self.tr("none yet")
        staff = ", ".join(f"{u.username} ({label(ROLE_LABELS[u.role])})"
                          for u in users.list_users(actor, include_inactive=False))
        address = s.address.replace("\n", "<br>") or "—"
        prices = (self.tr("prices include tax") if s.prices_include_tax
                  else self.tr("prices exclude tax"))
        self.summary.setText(
            self.tr("<h2>{name}</h2><p>{address}<br>Phone {phone} · Email {email} · Tax ID "
                    "{tax_id}</p><h3>Invoicing</h3><p>Currency {currency} · invoice numbers "
                    "{prefix}-YEAR-NUMBER · {prices} · payment terms {days} days</p>"
                    "<p>Tax rates: {rates}</p><h3>Staff</h3><p>{staff}</p><h3>Data</h3>"
                    "<p>Database: {database}<br>Data folder: {data_dir}</p>").format(
                name=s.name or self.tr("Your shop"), address=address, phone=s.phone or "—",
                email=s.email or "—", tax_id=s.tax_id or "—", currency=s.currency,
                prefix=s.invoice_prefix, prices=prices, days=s.payment_terms_days,
                rates=rates, staff=staff, database=self.context.target.shown(),
                data_dir=paths.data_dir()))
