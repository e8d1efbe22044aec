"""One part: stock by location, the figures that matter, a chart of quantity over time,
suppliers and price breaks, BOM (every level), where used, builds and orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee as pw
from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from invdesk.core import bom, quantity, reports
from invdesk.core.models import Part, StockEntry, StockItem, StockOperation
from invdesk.ui.actions import STOCK_CONTEXT, Act
from invdesk.ui.changes import ChangeRelay, touches
from invdesk.ui.models.orders import (
    BuildsModel,
    PartPurchaseLinesModel,
    PartSalesLinesModel,
    SupplierPartsModel,
    WhereUsedModel,
)
from invdesk.ui.models.stock import StockItemsModel
from invdesk.ui.pages.stock import toolbar
from invdesk.ui.widgets.heading import title_label
from invdesk.ui.widgets.table import TableView

FIGURES = ("In stock", "Allocated", "Available", "On order", "Required")


def quantity_series(part: Part) -> list[tuple[dt.date, Decimal]]:
    """The part's total quantity at the end of each day it changed (from the ledger)."""
    day = pw.fn.date(StockOperation.created)
    rows = (StockEntry.select(day.alias("day"), pw.fn.sum(StockEntry.delta).alias("net"))
            .join(StockOperation).switch(StockEntry)
            .join(StockItem, on=(StockEntry.item == StockItem.id))
            .where(StockItem.part == part.id)
            .group_by(day).order_by(day).tuples())
    total = Decimal(0)
    series = []
    for when, net in rows:
        total += quantity.from_db(net or 0)
        if isinstance(when, str):
            when = dt.date.fromisoformat(when[:10])
        elif isinstance(when, dt.datetime):
            when = when.date()
        series.append((when, total))
    return series


class QuantityChart(QChartView):
    def __init__(self) -> None:
        self._chart = QChart()
        self._chart.legend().hide()
        # Charts draw on white unless told otherwise: follow the system's dark scheme.
        if QGuiApplication.palette().window().color().lightness() < 128:
            self._chart.setTheme(QChart.ChartTheme.ChartThemeDark)
        self._chart.setTitle("Quantity over time")
        super().__init__(self._chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.points = 0

    def show_series(self, series_data: list[tuple[dt.date, Decimal]], units: str) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.points = len(series_data)
        if not series_data:
            chart.setTitle("Quantity over time: no history yet")
            return
        chart.setTitle(f"Quantity over time ({units})")
        series = QLineSeries()
        top = Decimal(0)
        previous: Decimal | None = None
        for when, total in series_data:
            stamp = float(QDateTime(when.year, when.month, when.day, 0, 0, 0)
                          .toMSecsSinceEpoch())
            if previous is not None:  # a step: the level holds until the day it changed
                series.append(stamp, float(previous))
            series.append(stamp, float(total))
            previous = total
            top = max(top, total)
        chart.addSeries(series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("yyyy-MM-dd")
        x_axis.setTickCount(6)
        y_axis = QValueAxis()
        y_axis.setRange(0, float(top) * 1.1 or 1.0)
        y_axis.setLabelFormat("%g")
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)


class PartPage(QWidget):
    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.part: Part | None = None
        self.title = title_label()
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, name in enumerate(FIGURES):
            caption = QLabel(name)
            value = QLabel()
            value.setObjectName(f"figure_{name.lower().replace(' ', '_')}")
            big = value.font()
            big.setPointSizeF(big.pointSizeF() * 1.3)
            big.setBold(True)
            value.setFont(big)
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            self.figures[name] = value
        edit = QPushButton("Edit part…")
        edit.clicked.connect(window.actions[Act.PART_EDIT].trigger)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(edit)
        self.tabs = QTabWidget()
        self.stock_table = TableView("part_stock")
        self.stock_table.set_context_actions(window.actions, STOCK_CONTEXT)
        self.stock_table.setDragEnabled(True)
        self.stock_table.object_activated.connect(
            lambda item: window.open_object("stockitem", item.id))
        stock_tab = QWidget()
        stock_layout = QVBoxLayout(stock_tab)
        stock_layout.addLayout(toolbar(window, (Act.STOCK_NEW, Act.STOCK_MOVE,
                                                Act.STOCK_COUNT)))
        stock_layout.addWidget(self.stock_table)
        self.chart = QuantityChart()
        self.suppliers = TableView("part_suppliers")
        self.bom_tree = QTreeWidget()
        self.bom_tree.setHeaderLabels(["Component", "Quantity", "Reference", "Per top assembly"])
        self.bom_tree.setColumnWidth(0, 320)
        self.where_used = TableView("part_where_used")
        self.where_used.object_activated.connect(
            lambda line: window.open_object("part", line.assembly_id))
        self.builds = TableView("part_builds")
        self.purchase_lines = TableView("part_purchase_lines")
        self.sales_lines = TableView("part_sales_lines")
        orders = QWidget()
        orders_layout = QVBoxLayout(orders)
        orders_layout.addWidget(QLabel("Purchase orders"))
        orders_layout.addWidget(self.purchase_lines)
        orders_layout.addWidget(QLabel("Sales orders"))
        orders_layout.addWidget(self.sales_lines)
        for widget, name in ((stock_tab, "Stock"), (self.chart, "History"),
                             (self.suppliers, "Suppliers"), (self.bom_tree, "BOM"),
                             (self.where_used, "Used in"), (self.builds, "Builds"),
                             (orders, "Orders")):
            self.tabs.addTab(widget, name)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addLayout(grid)
        layout.addWidget(self.tabs, 1)
        self._models: list = []
        self._relay = ChangeRelay(self)
        self._relay.changed.connect(self._on_changes)

    # ------------------------------------------------------------ showing a part

    def show_part(self, part_id: int) -> None:
        self.part = Part.get_or_none(Part.id == part_id)
        if self.part is None:
            self.window_.statusBar().showMessage(f"No part {part_id}.", 5000)
            return
        for model in self._models:
            model.close()
            model.deleteLater()
        part = self.part
        self._models = [StockItemsModel(self, part=part), SupplierPartsModel(self, part=part),
                        WhereUsedModel(part, self), BuildsModel(self, part=part),
                        PartPurchaseLinesModel(part, self), PartSalesLinesModel(part, self)]
        for view, model in zip((self.stock_table, self.suppliers, self.where_used, self.builds,
                                self.purchase_lines, self.sales_lines), self._models,
                               strict=True):
            view.setModel(model)
        self._fill()
        self.window_.show_page("part")

    def _fill(self) -> None:
        part = self.part
        assert part is not None
        self.title.setText(part.name)
        flags = [f for f in ("assembly", "component", "purchaseable", "salable", "trackable",
                             "virtual") if getattr(part, f)]
        category = part.category.path if part.category_id else "no category"
        self.subtitle.setText(
            f"IPN {part.ipn or '—'} · {category} · units {part.units} · minimum "
            f"{quantity.format(part.minimum_stock)} · {', '.join(flags) or 'no flags'}"
            f"{'' if part.active else ' · INACTIVE'}\n{part.description}")
        figures = reports.availability(part)
        for name, value in (("In stock", figures.in_stock), ("Allocated", figures.allocated),
                            ("Available", figures.available), ("On order", figures.on_order),
                            ("Required", figures.required)):
            self.figures[name].setText(f"{quantity.format(value)} {part.units}")
        self.chart.show_series(quantity_series(part), part.units)
        self._fill_bom()

    def _fill_bom(self) -> None:
        self.bom_tree.clear()
        part = self.part
        assert part is not None
        self.tabs.setTabEnabled(self.tabs.indexOf(self.bom_tree), bool(part.assembly))
        if not part.assembly:
            return
        parents: dict[int, QTreeWidgetItem] = {}
        for line in bom.explode(part):
            row = QTreeWidgetItem([line.part.name, quantity.format(line.line.quantity),
                                   line.line.reference, quantity.format(line.per_unit)])
            row.setData(0, Qt.ItemDataRole.UserRole, line.part.id)
            owner = parents.get(line.level - 1)
            if owner is None or line.level == 1:
                self.bom_tree.addTopLevelItem(row)
            else:
                owner.addChild(row)
            parents[line.level] = row
        self.bom_tree.expandToDepth(0)

    def figure(self, name: str) -> str:
        return self.figures[name].text()

    # ------------------------------------------------------------ page protocol

    def selected_stock_items(self) -> list[StockItem]:
        return self.stock_table.selected_objects()

    def stock_context(self) -> dict:
        return {"part": self.part} if self.part is not None else {}

    def _on_changes(self, changes: list) -> None:
        if self.part is not None and self.isVisible() and touches(
                changes, ("stock_item", "part", "purchase_order_line", "sales_allocation",
                          "build_allocation")):
            self.part = Part.get_or_none(Part.id == self.part.id)
            if self.part is not None:
                self._fill()


def make(window) -> QWidget:
    page = PartPage(window)
    window.register_opener("part", page.show_part)
    return page
