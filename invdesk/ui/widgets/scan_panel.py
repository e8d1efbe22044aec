"""The scan panel: live camera preview, the last codes scanned, a box to type or paste
a code, a banner that flashes green or red, and the scan workflows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from invdesk.ui.widgets.scan_workflow import Workflow

OK_STYLE = "background:#1b5e20;color:white;padding:6px;font-weight:bold;"
FAIL_STYLE = "background:#b71c1c;color:white;padding:6px;font-weight:bold;"
IDLE_STYLE = "padding:6px;"
NO_WORKFLOW = ""


@dataclass(frozen=True)
class ScannedCode:
    time: dt.datetime
    text: str
    source: str      # camera | wedge | typed
    summary: str     # what it was and what happened
    ok: bool


def visible(text: str) -> str:
    names = {"\x1d": "<GS>", "\x1e": "<RS>", "\x04": "<EOT>"}
    return "".join(names.get(c, c if c.isprintable() else "·") for c in text)


class LastCodesModel(QAbstractListModel):
    """The most recent scans, newest first."""

    LIMIT = 50

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.codes: list[ScannedCode] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.codes)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.codes):
            return None
        code = self.codes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{code.time:%H:%M:%S}  {visible(code.text)[:60]}  —  {code.summary}")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{code.source}: {visible(code.text)}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1b5e20" if code.ok else "#b71c1c"))
        if role == Qt.ItemDataRole.UserRole:
            return code.text
        return None

    def add(self, code: ScannedCode) -> None:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.codes.insert(0, code)
        self.endInsertRows()
        if len(self.codes) > self.LIMIT:
            self.beginRemoveRows(QModelIndex(), self.LIMIT, len(self.codes) - 1)
            del self.codes[self.LIMIT:]
            self.endRemoveRows()


class ScanPanel(QWidget):
    """The page where scanning happens. Emits ``entered`` for typed codes and
    ``camera_toggled`` for the camera button; the scan router does the rest."""

    entered = Signal(str)
    camera_toggled = Signal(bool)
    settings_requested = Signal()

    def __init__(self, workflows: list[tuple[str, Workflow]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan_panel")
        self.preview = QLabel("Camera off")
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 240)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.camera_button = QPushButton("Start camera")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self._toggle_camera)
        self.camera_state = QLabel("")
        self.settings_button = QPushButton("Settings…")
        self.settings_button.clicked.connect(self.settings_requested)
        self.entry = QLineEdit()
        self.entry.setObjectName("entry")
        self.entry.setPlaceholderText("Type or paste a code, then Enter")
        self.entry.returnPressed.connect(self._entered)
        self.banner = QLabel("Ready to scan.")
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(IDLE_STYLE)
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(lambda: self.banner.setStyleSheet(IDLE_STYLE))
        self.codes = LastCodesModel(self)
        self.codes_view = QListView()
        self.codes_view.setModel(self.codes)
        self.codes_view.setWordWrap(True)

        self.workflow_box = QComboBox()
        self.workflow_box.setObjectName("workflow")
        self.workflow_box.addItem("Open what is scanned", NO_WORKFLOW)
        self.workflow_stack = QStackedWidget()
        self.workflow_stack.addWidget(QLabel("Scan any label to open what it names: a part, "
                                             "a stock item, a location, an order. Choose a "
                                             "workflow above to check in, count, receive, "
                                             "pick or link codes."))
        self.workflows: dict[str, Workflow] = {}
        for key, workflow in workflows:
            self.add_workflow(key, workflow)
        self.workflow_box.currentIndexChanged.connect(self._workflow_chosen)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.preview, 3)
        camera_row = QHBoxLayout()
        camera_row.addWidget(self.camera_button)
        camera_row.addWidget(self.camera_state, 1)
        camera_row.addWidget(self.settings_button)
        left_layout.addLayout(camera_row)
        left_layout.addWidget(self.entry)
        left_layout.addWidget(QLabel("Last codes"))
        left_layout.addWidget(self.codes_view, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.workflow_box)
        right_layout.addWidget(self.workflow_stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ------------------------------------------------------------ workflows

    def add_workflow(self, key: str, workflow: Workflow) -> None:
        self.workflows[key] = workflow
        self.workflow_stack.addWidget(workflow)
        self.workflow_box.addItem(workflow.title, key)

    def set_workflow(self, key: str) -> Workflow | None:
        index = self.workflow_box.findData(key)
        if index >= 0:
            self.workflow_box.setCurrentIndex(index)
        return self.current_workflow()

    def current_workflow(self) -> Workflow | None:
        return self.workflows.get(self.workflow_box.currentData() or NO_WORKFLOW)

    def _workflow_chosen(self, index: int) -> None:
        workflow = self.current_workflow()
        if workflow is None:
            self.workflow_stack.setCurrentIndex(0)
        else:
            self.workflow_stack.setCurrentWidget(workflow)

    # ------------------------------------------------------------ camera and codes

    def _toggle_camera(self, on: bool) -> None:
        self.camera_button.setText("Stop camera" if on else "Start camera")
        self.camera_toggled.emit(on)

    def set_camera_running(self, on: bool) -> None:
        self.camera_button.blockSignals(True)
        self.camera_button.setChecked(on)
        self.camera_button.setText("Stop camera" if on else "Start camera")
        self.camera_button.blockSignals(False)
        if not on:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Camera off")

    def show_frame(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self.preview.setPixmap(pixmap.scaled(self.preview.size(),
                                             Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.FastTransformation))

    def set_camera_state(self, state: str, message: str) -> None:
        self.camera_state.setText(message)

    def _entered(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        if text.strip():
            self.entered.emit(text)

    def record(self, text: str, source: str, summary: str, ok: bool) -> None:
        self.codes.add(ScannedCode(dt.datetime.now(), text, source, summary, ok))

    def flash(self, ok: bool, message: str) -> None:
        self.banner.setText(message)
        self.banner.setStyleSheet(OK_STYLE if ok else FAIL_STYLE)
        self._banner_timer.start(2500)
