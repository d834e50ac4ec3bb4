"""The Settings screen: the shop's details at a glance and the way into the settings dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from shopdesk import paths
from shopdesk.gui.context import AppContext
from shopdesk.services import settings, users
from shopdesk.services.access import ROLE_LABELS


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
        self.change_button = QPushButton("&Change settings…  (Ctrl+,)")
        self.change_button.clicked.connect(open_dialog)
        layout.addWidget(self.change_button)
        layout.addStretch(1)
        context.changed.connect(lambda area: self.activate())
        self.activate()

    def activate(self) -> None:
        """Re-read the settings each time the screen is shown."""
        s = settings.get_settings()
        rates = ", ".join(f"{t.code} {t.rate.normalize()}%" + (" (default)" if t.is_default
                                                              else "")
                          for t in settings.list_tax_rates()) or "none yet"
        staff = ", ".join(f"{u.username} ({ROLE_LABELS[u.role]})"
                          for u in users.list_users(include_inactive=False))
        address = s.address.replace("\n", "<br>") or "—"
        self.summary.setText(
            f"<h2>{s.name or 'Your shop'}</h2>"
            f"<p>{address}<br>Phone {s.phone or '—'} · Email {s.email or '—'} · "
            f"Tax ID {s.tax_id or '—'}</p>"
            f"<h3>Invoicing</h3><p>Currency {s.currency} · invoice numbers "
            f"{s.invoice_prefix}-YEAR-NUMBER · prices "
            f"{'include' if s.prices_include_tax else 'exclude'} tax · payment terms "
            f"{s.payment_terms_days} days</p><p>Tax rates: {rates}</p>"
            f"<h3>Staff</h3><p>{staff}</p>"
            f"<h3>Data</h3><p>Database: {self.context.target.describe()}<br>"
            f"Data folder: {paths.data_dir()}</p>")
