"""Link an unknown code (a product box's EAN, a maker's reel label) to one of ours.

Scan the unknown code, then scan our label of the part, stock item or location it
should open (or type the id and press Link). From then on scanning the code opens
that object. An existing link can be removed here too.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from invdesk.core import barcodes, users
from invdesk.core.barcodes import Resolution
from invdesk.ui.widgets.scan_workflow import UserSource, Workflow

KINDS = (("part", "Part"), ("stockitem", "Stock item"), ("location", "Location"))


class LinkCode(Workflow):
    title = "Link a code"

    def __init__(self, user: UserSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(user, parent)
        self.code: str | None = None
        self.code_label = QLabel()
        self.code_label.setObjectName("code")
        self.kind_box = QComboBox()
        for kind, title in KINDS:
            self.kind_box.addItem(title, kind)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("id")
        self.link_button = QPushButton("Link")
        self.link_button.clicked.connect(self._link_typed)
        self.unlink_button = QPushButton("Unlink")
        self.unlink_button.clicked.connect(self.unlink)
        row = QHBoxLayout()
        for widget in (self.kind_box, self.id_edit, self.link_button, self.unlink_button):
            row.addWidget(widget)
        self.layout_.addWidget(self.code_label)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.log)
        self.reset()

    def reset(self) -> None:
        super().reset()
        self.code = None
        self.code_label.setText("")
        self.link_button.setEnabled(False)
        self.unlink_button.setEnabled(False)
        self.say("Scan the unknown code to link.")

    def handle(self, text: str, found: Resolution) -> bool:
        if self.code is not None and found.kind in dict(KINDS) and found.via != "link":
            self.link(found.kind, found.id)
            return True
        if found.kind == "unknown":
            self.start(text.strip(), found)
            return True
        if found.via == "link":
            self.code = text.strip()
            self.code_label.setText(f"Code: {self.code} (linked to {found.kind} {found.id})")
            self.unlink_button.setEnabled(True)
            self.link_button.setEnabled(False)
            self.say("This code is already linked; Unlink removes the link.")
            return True
        return False

    def start(self, code: str, found: Resolution) -> None:
        if users.is_badge(code):
            self.fail(found.reason or "A sign-in badge cannot be linked.")
            return
        if found.reason.startswith("Not a barcode we know (it holds"):
            self.fail(found.reason)
            return
        self.code = code
        self.code_label.setText(f"Code: {code}")
        self.link_button.setEnabled(True)
        self.unlink_button.setEnabled(False)
        self.fail(f"Unknown code {code}: scan the label it stands for to link it.")
        self.say("Now scan the label of the part, stock item or location it stands for "
                 "(or choose and type its id).")

    def _link_typed(self) -> None:
        text = self.id_edit.text().strip()
        if not text.isdigit():
            self.fail(f"Type the id (a whole number), not {text!r}.")
            return
        self.link(self.kind_box.currentData(), int(text))

    def link(self, kind: str, object_id: int) -> None:
        if self.code is None:
            self.fail("Scan the unknown code first.")
            return
        code = self.code
        if self.attempt(barcodes.link, code, kind, object_id) is None:
            return
        self.reset()
        self.ok(f"Linked {code} to {dict(KINDS)[kind].lower()} {object_id}.")

    def unlink(self) -> None:
        if self.code is None:
            return
        code = self.code
        result = self.attempt(barcodes.unlink, code)
        if result is None:
            return
        self.reset()
        self.ok(f"Unlinked {code} from {result[0]} {result[1]}.")
