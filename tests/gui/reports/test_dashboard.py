"""The owner's monthly dashboard: figures, charts, drill-down to invoices, computed in the
background without freezing the window; not offered to other roles."""

from __future__ import annotations

import threading
import time

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt, QTimer

from shopdesk.gui.context import AppContext
from shopdesk.gui.invoices.invoice_view import InvoiceView
from shopdesk.gui.reports import dashboard
from shopdesk.reports import monthly
from tests.reports.test_monthly import MARCH, shop  # noqa: F401  (fixture)


def _march(qtbot, window):
    screen = window.show_screen("reports")
    assert isinstance(screen, dashboard.MonthlyDashboard)
    screen.set_month(MARCH)
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.month.start == MARCH
                    and not screen.busy, timeout=20000)
    return screen


def test_owner_sees_the_month_with_tiles_charts_and_tables(qtbot, make_window, owner,
                                                           shop):  # noqa: F811
    window = make_window(owner)
    screen = _march(qtbot, window)
    tiles = {t.key: t for t in screen.tiles}
    assert tiles["revenue"].value.text() == "$194.96"
    assert tiles["revenue"].changes.text() == \
        "+1,851.6% vs last month\n+39.3% vs last year"
    assert tiles["gross_profit"].value.text() == "$174.96"
    assert tiles["margin"].value.text() == "89.7%"
    assert tiles["receivables"].value.text() == "$153.98"
    assert screen.status.text() == "March 2026 against February 2026 and March 2025"
    views = screen.chart_views
    assert all(isinstance(v, QChartView) for v in views)
    assert [v.chart().title() for v in views] == [
        "Revenue by kind", "Revenue by day (1st to last)", "Technicians' hours"]
    split = views[0].series.barSets()
    assert [s.label() for s in split] == ["March 2026", "February 2026", "March 2025"]
    assert [split[0].at(i) for i in range(3)] == [120.0, 69.96, 5.0]
    assert [views[2].series.barSets()[i].at(0) for i in range(2)] == [1.5, 1.75]
    customers = screen.tables["top_customers"].model()
    assert customers.row(0) == ("Ann Smith", "1", "$139.98", "$0.00", "$139.98")
    assert screen.pdf_button.isEnabled() and screen.xlsx_button.isEnabled()


def test_double_click_shows_the_invoices_behind_and_opens_one(qtbot, make_window, owner,
                                                              shop):  # noqa: F811
    window = make_window(owner)
    screen = _march(qtbot, window)
    revenue = next(t for t in screen.tiles if t.key == "revenue")
    qtbot.mouseDClick(revenue, Qt.MouseButton.LeftButton)
    drill = screen.drill
    assert drill is not None and drill.isVisible()
    assert drill.model.rowCount() == 4  # three invoices and the credit note
    assert "4 documents" in drill.heading.text()
    drill.close()
    # a customer's row: only Ann's March invoice
    table = screen.tables["top_customers"]
    drill = screen.open_row("top_customers", 0)
    assert drill.model.rowCount() == 1
    assert drill.model.row_values(0)[0] == shop["ann_march"].number
    view = drill.open_row(0)
    assert isinstance(view, InvoiceView) and view.invoice_id == shop["ann_march"].id
    view.close()
    drill.close()
    # a line with nothing behind it says so
    assert screen.open_row("satisfaction", 0) is None
    assert screen.status.text() == "No invoices stand behind that line"
    assert table.rows[0].drill == "customer"


def test_the_report_is_computed_off_the_gui_thread_and_the_window_keeps_answering(
        qtbot, make_window, owner, shop, monkeypatch):  # noqa: F811
    real_build = monthly.build
    threads = []

    def slow_build(*args, **kwargs):
        threads.append(threading.get_ident())
        time.sleep(0.8)  # as a large shop's month takes
        return real_build(*args, **kwargs)

    monkeypatch.setattr(monthly, "build", slow_build)
    window = make_window(owner)
    screen = window.show_screen("reports")
    qtbot.waitUntil(lambda: not screen.busy, timeout=20000)
    stalls, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    screen.set_month(MARCH)
    qtbot.waitUntil(lambda: screen.busy, timeout=5000)
    qtbot.waitUntil(lambda: not screen.busy and screen.report.month.start == MARCH,
                    timeout=20000)
    timer.stop()
    assert threads and all(t != threading.get_ident() for t in threads)
    assert len(stalls) > 40  # the event loop kept running all through
    assert max(stalls) < 0.5


def test_clerk_and_technician_are_not_offered_the_reports(qtbot, make_window, db, clerk,
                                                          technician):
    for actor in (clerk, technician):
        window = make_window(actor)
        assert "reports" not in window.specs
        assert window.show_screen("reports") is None
        refused = dashboard.build(AppContext(db, actor))
        qtbot.addWidget(refused)
        assert isinstance(refused, dashboard.NotForYourRole)
        assert "for the owner" in refused.text()


def test_save_as_pdf_and_excel_from_the_screen(qtbot, make_window, owner, shop,  # noqa: F811
                                               tmp_path, monkeypatch):
    import openpyxl
    import pypdf
    from PySide6.QtWidgets import QFileDialog

    window = make_window(owner)
    screen = _march(qtbot, window)
    for button, name in ((screen.pdf_button, "march"), (screen.xlsx_button, "march.xlsx")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, n=name, **_k: (str(tmp_path / n), ""))
        button.click()
    qtbot.waitUntil(lambda: (tmp_path / "march.pdf").exists()
                    and (tmp_path / "march.xlsx").exists(), timeout=20000)
    text = pypdf.PdfReader(tmp_path / "march.pdf").pages[0].extract_text()
    assert "$194.96" in text  # the name got its .pdf
    assert openpyxl.load_workbook(tmp_path / "march.xlsx")["Summary"]["B4"].value == 194.96


def test_saved_report_is_in_the_shops_document_language(qtbot, make_window, owner,
                                                        shop, tmp_path,  # noqa: F811
                                                        monkeypatch):
    """The screen is English, the shop prints in Chinese: the workbook is all Chinese (its
    figures' labels too, so the month is added up again in Chinese), the screen unchanged."""
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from shopdesk import i18n
    from shopdesk.services.shop import settings

    settings.update_settings(owner, language="zh_CN")
    window = make_window(owner)
    try:
        screen = _march(qtbot, window)
        assert screen.report.kpi("revenue").label == "Revenue"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *_a, **_k: (str(tmp_path / "march.xlsx"), ""))
        screen.xlsx_button.click()
        qtbot.waitUntil(lambda: (tmp_path / "march.xlsx").exists(), timeout=20000)
    finally:
        i18n.set_document_language("")
    book = openpyxl.load_workbook(tmp_path / "march.xlsx")
    assert book.sheetnames[0] == "概要"
    figures = {row[0].value: row[1].value for row in book["概要"].iter_rows(min_row=4)
               if row[0].value}
    assert figures["营业额"] == 194.96
    assert screen.report.kpi("revenue").label == "Revenue"  # the screen stays English
