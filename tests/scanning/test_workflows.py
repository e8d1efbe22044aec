"""Each scan workflow end to end, driven by scanned texts only (pytest-qt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import barcodes, bom, builds, companies, parts, purchasing, sales, stock
from invdesk.core.models import BarcodeLink, BuildAllocation, SalesAllocation, StockItem
from invdesk.ui import scan
from invdesk.ui.widgets.scan_panel import ScanPanel
from tests.core.helpers import item, location, part, snapshot
from tests.scanning.test_supplier_barcodes import EOT, GS, RS

pytestmark = pytest.mark.usefixtures("sqlite_db")


@pytest.fixture
def desk(qtbot, qtmodeltester):
    panel = scan.make_panel()
    qtbot.addWidget(panel)
    scanner = scan.Scanner(panel, sounds=scan.Sounds(enabled=False))
    panel.show()
    yield panel, scanner
    qtmodeltester.check(panel.codes)
    scanner.stop()


def ours(kind, obj):
    return barcodes.encode(kind, obj.id)


def last(panel: ScanPanel) -> str:
    return panel.banner.text()


def test_check_in_moves_each_scanned_item_and_undoes_the_last(desk):
    panel, scanner = desk
    a, b = item("10", name="Resistor"), item("5", name="Capacitor", path="Lab/Drawer")
    bench = location("Lab/Bench")
    panel.set_workflow("checkin")
    scanner.scan(ours("stockitem", a))
    assert "Scan a location first" in last(panel)
    scanner.scan(ours("location", bench))
    scanner.scan(ours("stockitem", a))
    assert "→ Lab/Bench" in last(panel)
    scanner.scan(ours("stockitem", b))
    assert [StockItem.get_by_id(i.id).location_id for i in (a, b)] == [bench.id, bench.id]
    scanner.scan(ours("stockitem", b))   # already there: refused, said so
    assert "already in Lab/Bench" in last(panel)
    assert scanner.sounds.played[-1] is False
    panel.workflows["checkin"].undo_last()
    assert StockItem.get_by_id(b.id).location.path == "Lab/Drawer"
    assert StockItem.get_by_id(a.id).location_id == bench.id
    assert panel.codes.rowCount() == 5


def test_stocktake_counts_reviews_and_commits_once(desk):
    panel, scanner = desk
    shelf = location("Lab/Shelf A")
    a = item("100", name="Resistor")
    b = item("40", name="Capacitor")
    c = item("7", name="Diode")
    stray = item("3", name="LED", path="Lab/Drawer")
    panel.set_workflow("stocktake")
    take = panel.workflows["stocktake"]
    scanner.scan(ours("location", shelf))
    assert len(take.rows) == 3
    scanner.scan(ours("stockitem", a))
    scanner.scan(ours("stockitem", b))
    scanner.scan(ours("stockitem", stray))
    take.table.item(1, 3).setText("38")        # two capacitors short
    scanner.scan(ours("location", shelf))      # review
    assert take.reviewing
    differences = {row.item.id: counted for row, counted in take.differences()}
    assert differences == {b.id: 38, c.id: 0, stray.id: 3}
    before = snapshot()
    take.table.item(1, 3).setText("lots")      # a bad count: refused, nothing recorded
    take.commit()
    assert "counted quantity" in last(panel) and snapshot() == before
    take.table.item(1, 3).setText("38")
    scanner.scan(ours("location", shelf))      # commit
    assert "recorded: 3 change(s)" in last(panel)
    quantities = {i.id: StockItem.get_by_id(i.id).quantity for i in (a, b, c, stray)}
    assert quantities == {a.id: 100, b.id: 38, c.id: 0, stray.id: 3}
    assert StockItem.get_by_id(stray.id).location_id == shelf.id
    assert take.location is None


@pytest.fixture
def ordered():
    p = part("Shift register")
    store = location("Stores/Inbox")
    digikey = companies.add("DigiKey", supplier=True)
    ti = companies.add("Texas Instruments", manufacturer=True)
    sp = companies.add_supplier_part(p, digikey, "296-1600-5-ND", mpn="SN74HC595N",
                                     manufacturer=ti, pack_quantity=5)
    po = purchasing.new(digikey, reference="PO-0042", destination=store)
    line = purchasing.add_line(po, sp, 10)
    purchasing.place(po)
    return p, sp, po, line, store


def digikey_bag(qty=25, order="PO-0042"):
    return (f"[)>{RS}06{GS}P296-1600-5-ND{GS}1PSN74HC595N{GS}K{order}{GS}1TLOT9{GS}"
            f"Q{qty}{RS}{EOT}")


def test_receiving_a_supplier_bag_against_its_purchase_order(desk, ordered):
    panel, scanner = desk
    p, sp, po, line, store = ordered
    shelf = location("Lab/Shelf B")
    labels = []
    receive = panel.workflows["receive"]
    receive.print_labels.connect(labels.append)
    scanner.scan(digikey_bag())                      # no workflow chosen: receive starts
    assert panel.current_workflow() is receive
    assert receive.lines.count() == 1 and receive.packs.text() == "5"
    scanner.scan(ours("location", shelf))            # receive into the scanned location
    (new,) = StockItem.select().where(StockItem.part == p)
    assert (new.quantity, new.location_id, new.batch) == (25, shelf.id, "LOT9")
    assert purchasing.line(po, line.id).received == 5
    receive.print_button.click()
    assert labels == [[new.id]]
    scanner.scan(digikey_bag(qty=25))
    scanner.scan(digikey_bag(qty=25))                # the same bag again: into the inbox
    assert StockItem.select().where(StockItem.location == store).count() == 1
    assert purchasing.get(po.id).status == "complete"


def test_a_bag_nobody_ordered_is_refused_with_a_reason(desk, ordered):
    panel, scanner = desk
    before = snapshot()
    scanner.scan(f"[)>{RS}06{GS}P999-ND{GS}1PNOPE{GS}Q1{RS}{EOT}")
    assert "No supplier part" in last(panel)
    receive = panel.workflows["receive"]
    scanner.scan(digikey_bag(qty=100))               # more than the line still expects
    scanner.scan(ours("location", location("Lab/Shelf C")))
    assert "cannot receive" in last(panel)
    assert snapshot()["stock_item"] == before["stock_item"]
    assert receive.receive_button.isEnabled()


def test_the_bag_finds_its_line_through_the_mpn_too(desk, ordered):
    panel, scanner = desk
    scanner.scan(f">[)>06{GS}KPO-0042{GS}1PSN74HC595N{GS}Q10")
    receive = panel.workflows["receive"]
    assert receive.parts_box.count() == 1 and receive.lines.count() == 1
    assert receive.packs.text() == "2"


def test_pick_for_a_build_allocates_each_scanned_item(desk):
    panel, scanner = desk
    board = parts.add("Board", assembly=True)
    chip = part("Chip")
    bom.add_line(board, chip, 2)
    build = builds.new(board, 3)
    chips = stock.receive(chip, location("Lab/Shelf A"), "4")
    more = stock.receive(chip, location("Lab/Shelf A"), "10")
    panel.set_workflow("pick")
    scanner.scan(ours("stockitem", chips))
    assert "Scan a build order" in last(panel)
    scanner.scan(ours("build", build))
    scanner.scan(ours("stockitem", chips))
    scanner.scan(ours("stockitem", more))
    allocated = {a.item_id: a.quantity for a in BuildAllocation.select()}
    assert allocated == {chips.id: 4, more.id: 2}
    scanner.scan(ours("stockitem", more))
    assert "already has all" in last(panel)
    other = item("1", name="Other")
    scanner.scan(ours("stockitem", other))
    assert "needs no Other" in last(panel)


def test_pick_for_a_sales_order(desk):
    panel, scanner = desk
    widget = parts.add("Widget", salable=True)
    customer = companies.add("ACME", customer=True)
    order = sales.new(customer)
    sales.add_line(order, widget, 3)
    stocked = stock.receive(widget, location("Lab/Shelf A"), "5")
    panel.set_workflow("pick")
    scanner.scan(ours("salesorder", order))
    scanner.scan(ours("stockitem", stocked))
    (allocation,) = SalesAllocation.select()
    assert (allocation.item_id, allocation.quantity) == (stocked.id, Decimal(3))
    assert panel.workflows["pick"].table.item(0, 3).text() == "0"


def test_an_unknown_code_is_linked_by_scanning_our_label(desk):
    panel, scanner = desk
    glue = part("Glue")
    scanner.scan("4006381333931")                    # unknown: the link workflow starts
    assert panel.current_workflow() is panel.workflows["link"]
    assert scanner.sounds.played[-1] is False
    scanner.scan(ours("part", glue))
    assert barcodes.resolve("4006381333931").id == glue.id
    panel.set_workflow("")
    opened = []
    scanner.window = type("W", (), {"open_object": lambda self, k, i: opened.append((k, i))
                                    or True})()
    scanner.scan("4006381333931")                    # now it opens the part
    assert opened == [("part", glue.id)]
    panel.set_workflow("link")
    scanner.scan("4006381333931")
    panel.workflows["link"].unlink()
    assert BarcodeLink.select().count() == 0


def test_binary_junk_is_answered_with_a_failure_and_changes_nothing(desk):
    panel, scanner = desk
    before = snapshot()
    for junk in ("\x00\x01\x02", "[)>\x1e06\x1d", "IVD:SI999"):
        scanner.scan(junk)
        assert scanner.sounds.played[-1] is False
    assert snapshot() == before
    assert panel.codes.rowCount() == 3


def test_the_panel_entry_box_is_a_scan_source(desk, qtbot):
    panel, scanner = desk
    p = part("Fuse")
    seen = []
    scanner.routed.connect(lambda text, found: seen.append(found.kind))
    panel.entry.setText(ours("part", p))
    panel.entry.returnPressed.emit()
    assert seen == ["part"] and panel.entry.text() == ""


def test_feedback_sounds_are_generated_tones(tmp_path):
    import wave

    scan._tone(tmp_path / "ok.wav", [(1760, 0.08)])
    with wave.open(str(tmp_path / "ok.wav")) as sound:
        assert sound.getframerate() == 22050 and sound.getnframes() == int(22050 * 0.08)
    sounds = scan.Sounds(enabled=True)
    sounds.play(False)          # offscreen: recorded, not played
    assert sounds.played == [False]


def test_stocktake_piece_by_piece(desk):
    panel, scanner = desk
    shelf = location("Lab/Shelf A")
    reels = item("5", name="Reel")
    panel.set_workflow("stocktake")
    take = panel.workflows["stocktake"]
    take.pieces_box.setChecked(True)
    scanner.scan(ours("location", shelf))
    for _ in range(3):
        scanner.scan(ours("stockitem", reels))
    assert take.counted(0) == 3
    scanner.scan(ours("location", shelf))
    scanner.scan(ours("location", shelf))
    assert StockItem.get_by_id(reels.id).quantity == 3


def test_badges_are_never_shown_nor_offered_for_linking(desk):
    panel, scanner = desk
    scanner.scan("IVD:BADGE:NOBODY1234")
    assert panel.current_workflow() is None
    assert scanner.sounds.played[-1] is False
    shown = panel.codes.data(panel.codes.index(0))
    assert "NOBODY" not in shown


def test_a_valid_badge_goes_to_the_window_and_stays_hidden(desk):
    from invdesk.core import auth, users

    panel, scanner = desk
    badge = users.issue_badge(auth.owner())
    opened = []
    scanner.window = type("W", (), {"open_object": lambda self, k, i: opened.append((k, i))
                                    or True})()
    scanner.scan(badge)
    assert opened == [("badge", auth.owner().id)]
    assert badge not in panel.codes.data(panel.codes.index(0))
