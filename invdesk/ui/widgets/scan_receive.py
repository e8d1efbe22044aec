"""Receive a distributor's bag or reel against an open purchase order.

Scan the bag: its SKU (or MPN) finds the supplier part, and its open purchase order
lines are listed, the one whose order reference is printed on the bag first. The
quantity on the bag, in packs of the supplier part, is proposed. Then, with the scanner
alone: scan a location label to receive into it, or scan the bag again to receive into
the order's destination. Afterwards the new stock can get our own label.
"""

from __future__ import annotations

from decimal import Decimal

import peewee as pw
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from invdesk.core import purchasing, quantity
from invdesk.core.barcodes import Resolution
from invdesk.core.models import (
    Company,
    Part,
    PurchaseOrder,
    PurchaseOrderLine,
    StockLocation,
    SupplierPart,
)
from invdesk.core.supplier_barcodes import SupplierLabel
from invdesk.ui.widgets.scan_workflow import UserSource, Workflow


def supplier_parts(found: Resolution) -> list[SupplierPart]:
    """The supplier parts a supplier barcode can mean: by SKU, else through the MPN."""
    by_sku = [m["id"] for m in found.matches if m["kind"] == "supplierpart"]
    if by_sku:
        return list(SupplierPart.select().where(SupplierPart.id.in_(by_sku))
                    .order_by(SupplierPart.id))
    makers = [m["id"] for m in found.matches if m["kind"] == "manufacturerpart"]
    if not makers:
        return []
    query = (SupplierPart.select(SupplierPart).join(Company)
             .where(SupplierPart.manufacturer_part.in_(makers)).order_by(SupplierPart.id))
    rows = list(query)
    label = found.label
    if label is not None and label.supplier and len(rows) > 1:
        named = [r for r in rows
                 if r.supplier.name.lower().startswith(label.supplier.lower()[:4])]
        rows = named or rows
    return rows


def open_lines(candidates: list[SupplierPart], order_reference: str | None
               ) -> list[PurchaseOrderLine]:
    """Open lines (placed orders, not fully received) for these supplier parts; the
    order named on the bag first, then the oldest."""
    if not candidates:
        return []
    query = (PurchaseOrderLine.select(PurchaseOrderLine, PurchaseOrder)
             .join(PurchaseOrder)
             .where(PurchaseOrderLine.supplier_part.in_([c.id for c in candidates]),
                    PurchaseOrder.status == "placed",
                    PurchaseOrderLine.received < PurchaseOrderLine.quantity)
             .order_by(PurchaseOrder.id, PurchaseOrderLine.id).limit(100))
    if order_reference:
        wanted = order_reference.strip().upper()
        query = query.order_by(
            pw.Case(None, [(pw.fn.upper(PurchaseOrder.reference) == wanted, 0)], 1),
            PurchaseOrder.id, PurchaseOrderLine.id)
    return list(query)


class Receive(Workflow):
    title = "Receive"
    print_labels = Signal(list)   # ids of the stock items just received

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.label: SupplierLabel | None = None
        self.bag_text = ""
        self.received_ids: list[int] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.parts_box = QComboBox()
        self.parts_box.currentIndexChanged.connect(self._list_lines)
        self.lines = QListWidget()
        self.lines.setObjectName("lines")
        self.packs = QLineEdit()
        self.packs.setObjectName("packs")
        self.location_label = QLabel("the order's destination")
        self.location: StockLocation | None = None
        form = QFormLayout()
        form.addRow("Supplier part", self.parts_box)
        form.addRow("Open order lines", self.lines)
        form.addRow("Packs to receive", self.packs)
        form.addRow("Into", self.location_label)
        self.receive_button = QPushButton("Receive")
        self.receive_button.clicked.connect(lambda: self.receive())
        self.print_button = QPushButton("Print our label")
        self.print_button.clicked.connect(
            lambda: self.print_labels.emit(list(self.received_ids)))
        buttons = QHBoxLayout()
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(form)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.log)
        self.reset()

    def reset(self) -> None:
        super().reset()
        self._clear()
        self.received_ids = []
        self.print_button.setEnabled(False)

    def _clear(self) -> None:
        self.label = None
        self.bag_text = ""
        self.location = None
        self.location_label.setText("the order's destination")
        self.summary.setText("")
        self.parts_box.blockSignals(True)
        self.parts_box.clear()
        self.parts_box.blockSignals(False)
        self.lines.clear()
        self.packs.clear()
        self.receive_button.setEnabled(False)
        self.say("Scan the supplier's barcode on the bag or reel.")

    # ------------------------------------------------------------ scans

    def handle(self, text: str, found: Resolution) -> bool:
        if found.kind == "supplier":
            if self.label is not None and text.strip() == self.bag_text:
                self.receive()
                return True
            self.bag(text, found)
            return True
        if found.kind == "location" and self.label is not None:
            node = StockLocation.get_or_none(StockLocation.id == found.id)
            if node is None:
                return False
            self.location = node
            self.location_label.setText(node.path)
            self.receive()
            return True
        return False

    def bag(self, text: str, found: Resolution) -> None:
        self._clear()
        label = found.label
        self.label, self.bag_text = label, text.strip()
        what = ", ".join(f"{k} {v}" for k, v in (
            ("SKU", label.sku), ("MPN", label.mpn),
            ("qty", quantity.format(label.quantity) if label.quantity is not None else None),
            ("order", label.order), ("lot", label.lot)) if v)
        self.summary.setText(f"{label.supplier or 'Supplier'} bag: {what}")
        candidates = supplier_parts(found)
        if not candidates:
            self.fail(f"No supplier part has SKU {label.sku or '-'} or MPN "
                      f"{label.mpn or '-'}; add it to the part's suppliers first.")
            self.say("Scan another bag.")
            return
        self.parts_box.blockSignals(True)
        for sp in candidates:
            part = Part.get_by_id(sp.part_id)
            self.parts_box.addItem(f"{sp.sku} — {part.name}", sp.id)
        self.parts_box.blockSignals(False)
        self._list_lines()

    def _list_lines(self) -> None:
        self.lines.clear()
        sp_id = self.parts_box.currentData()
        if sp_id is None or self.label is None:
            return
        sp = SupplierPart.get_by_id(sp_id)
        rows = open_lines([sp], self.label.order)
        for row in rows:
            order = row.order
            left = purchasing.outstanding(row)
            text = (f"{order.reference}: {quantity.format(row.received)} of "
                    f"{quantity.format(row.quantity)} received, {quantity.format(left)} open")
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, row.id)
            self.lines.addItem(entry)
        if not rows:
            self.fail(f"No open purchase order line for {sp.sku}.")
            self.say("Scan another bag.")
            return
        self.lines.setCurrentRow(0)
        if self.label.quantity is not None and sp.pack_quantity:
            self.packs.setText(quantity.format(
                quantity.normal(self.label.quantity / sp.pack_quantity)))
        self.receive_button.setEnabled(True)
        self.ok(f"Matched {sp.sku} on {rows[0].order.reference}.")
        self.say("Check the line and quantity; scan a location label to receive into it, "
                 "or scan the bag again to receive into the order's destination.")

    # ------------------------------------------------------------ receiving

    def receive(self) -> list | None:
        entry = self.lines.currentItem()
        if self.label is None or entry is None:
            self.fail("Scan a bag with an open order line first.")
            return None
        row = PurchaseOrderLine.get_or_none(
            PurchaseOrderLine.id == entry.data(Qt.ItemDataRole.UserRole))
        if row is None:
            self.fail("That order line no longer exists; scan the bag again.")
            return None
        order = PurchaseOrder.get_by_id(row.order_id)
        items = self.attempt(purchasing.receive_line, order, row, self.packs.text(),
                             location=self.location, batch=self.label.lot,
                             note=f"Received by scan of {self.label.supplier or 'supplier'} "
                                  f"bag")
        if not items:
            return None
        self.received_ids = [i.id for i in items]
        where = StockLocation.get_by_id(items[0].location_id).path
        total = sum((i.quantity for i in items), Decimal(0))
        part = Part.get_by_id(items[0].part_id)
        self._clear()
        self.print_button.setEnabled(True)
        self.ok(f"Received {quantity.format(total)} {part.units} of {part.name} on "
                f"{order.reference} into {where} (stock item "
                f"{', '.join(map(str, self.received_ids))}).")
        self.say("Print our label for it, or scan the next bag.")
        return items
