"""Bar charts for the dashboard (Qt Charts), built from plain numbers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter

COLOURS = ("#2f6fad", "#9fb3c8", "#e0a84b", "#5c946e")


def bar_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              *, label_format: str = "%.0f") -> QChartView:
    """A grouped bar chart in a view; ``series``: (name, one value per category)."""
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(len(series) > 1)
    bars = QBarSeries()
    low = high = 0.0
    for i, (name, values) in enumerate(series):
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(COLOURS[i % len(COLOURS)]))
        bar_set.append([float(v) for v in values])
        bars.append(bar_set)
        low, high = min(low, *values, 0.0), max(high, *values, 0.0)
    chart.addSeries(bars)
    x_axis = QBarCategoryAxis()
    x_axis.append(list(categories) or [""])
    if len(categories) > 12:  # the days of a month do not fit: the bars speak for themselves
        x_axis.setLabelsVisible(False)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(x_axis)
    y_axis = QValueAxis()
    y_axis.setRange(low, high * 1.08 if high else 1.0)
    y_axis.setLabelFormat(label_format)
    y_axis.applyNiceNumbers()
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(y_axis)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    view.series = bars  # for drill-down wiring and tests
    return view
