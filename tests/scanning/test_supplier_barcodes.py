"""Distributor barcodes in every header variant seen in the field, and malformed ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from invdesk.core import supplier_barcodes as sb

GS, RS, EOT = "\x1d", "\x1e", "\x04"

DIGIKEY = (f"[)>{RS}06{GS}PCUSTPN-1{GS}1PSN74HC595N{GS}30P296-1600-5-ND{GS}KPO-0042{GS}"
           f"1K78215121{GS}10K92848329{GS}9D2318{GS}1TLOT-A7{GS}11K1{GS}4LMY{GS}Q25{GS}"
           f"11ZPICK{GS}12Z3286371{GS}13Z999999{GS}20Z{'0' * 20}{RS}{EOT}")
MOUSER = (f">[)>06{GS}KPO-0042{GS}14K001{GS}1PRC0603FR-0710KL{GS}Q100{GS}11K068132071"
          f"{GS}4LTW{GS}1VYageo")
LCSC = ("{pbn:PICK2305230049,on:WM2305230060,pc:C2040,pm:RP2040,qty:10,mc:,cc:1,"
        "pdi:83151062,hp:null,wc:ZH}")
TME = "QTY:1000 PN:SMD0603-5K1-1% PO:31723507/8 CPO:PO-0042 MFR:ROYALOHM MPN:0603WAF5101T5E"


def test_digikey_label():
    label = sb.parse(DIGIKEY)
    assert label.format == "ecia" and label.supplier == "DigiKey"
    assert label.sku == "296-1600-5-ND"       # 30P wins over the customer's P
    assert label.mpn == "SN74HC595N"
    assert label.quantity == Decimal(25)
    assert label.order == "PO-0042" and label.supplier_order == "78215121"
    assert label.lot == "LOT-A7" and label.date_code == "2318" and label.country == "MY"


def test_mouser_label_with_its_stray_header():
    label = sb.parse(MOUSER)
    assert label.supplier == "Mouser"
    assert label.sku is None and label.mpn == "RC0603FR-0710KL"
    assert label.quantity == 100 and label.order == "PO-0042"
    assert label.manufacturer == "Yageo" and label.country == "TW"


@pytest.mark.parametrize("text", [
    f"[)>{RS}06{GS}P123-ND{GS}1PABC{GS}Q5{RS}{EOT}",               # the standard
    f"[)>06{GS}P123-ND{GS}1PABC{GS}Q5{RS}{EOT}",                    # RS lost
    f">[)>06{GS}P123-ND{GS}1PABC{GS}Q5",                            # Mouser, no trailer
    f"[)>{RS}06{GS}P123-ND{GS}1PABC{GS}Q5",                         # trailer cut off
    "[)><RS>06<GS>P123-ND<GS>1PABC<GS>Q5<RS><EOT>",                 # bracket spellings
    "[)>{RS}06{GS}P123-ND{GS}1PABC{GS}Q5{RS}{EOT}",                 # brace spellings
    "[)>^^06^]P123-ND^]1PABC^]Q5^^^D",                              # caret notation
    "[)>\u241e06\u241dP123-ND\u241d1PABC\u241dQ5\u241e\u2404",       # control pictures
    f"  [)>{RS}06{GS}P123-ND{GS}1PABC{GS}Q5{RS}{EOT}\n",           # white space around
])
def test_every_header_variant(text):
    label = sb.parse(text)
    assert (label.sku, label.mpn, label.quantity) == ("123-ND", "ABC", 5)


def test_lcsc_label():
    label = sb.parse(LCSC)
    assert (label.supplier, label.sku, label.mpn, label.quantity, label.order) == \
        ("LCSC", "C2040", "RP2040", 10, "WM2305230060")


def test_tme_label():
    label = sb.parse(TME)
    assert label.supplier == "TME" and label.sku == "SMD0603-5K1-1%"
    assert label.mpn == "0603WAF5101T5E" and label.quantity == 1000
    assert label.order == "PO-0042" and label.supplier_order == "31723507/8"
    assert label.manufacturer == "ROYALOHM"


@pytest.mark.parametrize("text", [
    "[)>", f"[)>{RS}06", f"[)>{RS}06{GS}", f"[)>{RS}99{GS}P1{GS}Q1",
    f"[)>{RS}06{GS}Q5{RS}{EOT}",                  # a quantity but no part number
    f"[)>{RS}06{GS}P1{GS}QMANY{RS}{EOT}",         # a quantity that is not a number
    f"[)>{RS}06P123-ND1PABCQ5",                    # separators lost by the scanner
    "{pbn:PICK1,on:WM1}", "{pc:C1,qty:-3}", "QTY:ten PN:X", "QTY:5",
    "", "hello", "\x00\xff\x10binary", "{" * 50, "[)>" + GS * 1000,
])
def test_malformed_labels_are_not_recognised_and_never_crash(text):
    assert sb.parse(text) is None
    assert isinstance(sb.diagnose(text), str)


def test_a_second_envelope_after_the_first_is_ignored():
    text = f"[)>{RS}06{GS}P1-ND{GS}Q2{RS}12{GS}XYZ{RS}{EOT}"
    assert sb.parse(text).sku == "1-ND"


def test_diagnosis_names_the_problem():
    assert "truncated" in sb.diagnose(f"[)>{RS}06{GS}")
    assert "unknown header" in sb.diagnose("[)>xx")
    assert sb.looks_like(f">[)>06{GS}") and not sb.looks_like("IVD:P1")
