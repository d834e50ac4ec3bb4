"""The owner's Pricing dialog, opened from the Parts screen (More ▸ Pricing and markup…)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from shopdesk.gui.context import AppContext
from shopdesk.gui.pricing.catalogue_tab import CatalogueTab
from shopdesk.gui.pricing.levels_tab import LevelsTab, ManualTab
from shopdesk.gui.pricing.matrix_tab import MatrixTab
from shopdesk.gui.pricing.reprice_tab import RepriceTab
from shopdesk.gui.widgets.dialog_size import size_within
from shopdesk.gui.widgets.tab_order import focus_first_field
from shopdesk.services.access import Permission, require


class PricingDialog(QDialog):
    """Reprice, markup matrix, price levels, prices set by hand, supplier catalogues."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        require(context.actor, Permission.CHANGE_PRICES)  # margins and costs: owner only
        super().__init__(parent)
        self.setObjectName("pricingDialog")
        self.setWindowTitle(self.tr("Pricing and markup"))
        size_within(self, 980, 640)  # no larger than the window it opens over
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.reprice = RepriceTab(context)
        self.matrix = MatrixTab(context)
        self.levels = LevelsTab(context)
        self.manual = ManualTab(context)
        self.catalogue = CatalogueTab(context)
        self.tabs.addTab(self.reprice, self.tr("&Reprice"))
        self.tabs.addTab(self.matrix, self.tr("&Markup matrix"))
        self.tabs.addTab(self.levels, self.tr("Price &levels"))
        self.tabs.addTab(self.manual, self.tr("Set by &hand"))
        self.tabs.addTab(self.catalogue, self.tr("Supplier &catalogues"))
        self.levels.levels_changed.connect(self.matrix.reload_levels)
        self.tabs.currentChanged.connect(self._tab_shown)
        layout.addWidget(self.tabs, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        focus_first_field(self, self.tabs.currentWidget())  # not the tabs: the first field

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.manual:
            self.manual.reload()
