"""Barcode decoding: ZBar alone, zxing-cpp alone and ours, side by side in one run.

    python benchmarks/decode.py [--quick] [--empty N]

The corpus is generated here: every symbology we print (QR, DataMatrix, Code 128) and
every one suppliers print (ECIA DataMatrix, LCSC/TME QR, PDF417, EAN-13, UPC-A,
Code 128), each clean and with blur, noise, perspective, rotation, glare and low
contrast, on a textured background. "Alone" is one pass of that library with its
usual options; "ours, frame" is the fast path the camera runs; "ours, still" adds the
ladder of harder attempts for still images. Runs on one core. Times are the CPU time
of this process (what one core spends; on a busy machine wall time also counts the
waiting for a turn on the core, and is shown for empty frames as well).

Targets: ours decodes more than either alone; under 15 ms median per empty 1280x720
frame (the fast path, which every camera frame pays); no false reads on empty frames.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
import zxingcpp  # noqa: E402

from benchmarks.common import print_table  # noqa: E402
from invdesk.scanning import decode, synth  # noqa: E402

GS, RS, EOT = "\x1d", "\x1e", "\x04"
DIGIKEY = (f"[)>{RS}06{GS}P296-1600-5-ND{GS}1PSN74HC595N{GS}KPO-0042{GS}1K78215121{GS}"
           f"10K92848329{GS}9D2318{GS}1TLOT-A7{GS}4LMY{GS}Q25{GS}11ZPICK{GS}12Z3286371"
           f"{RS}{EOT}")
MOUSER = f">[)>06{GS}KPO-0042{GS}14K001{GS}1PRC0603FR-0710KL{GS}Q100{GS}4LTW{GS}1VYageo"

# (who prints it, symbology, payload, pixels per module)
SYMBOLS = [
    ("ours", "QRCode", "IVD:SI123456", 3),
    ("ours", "DataMatrix", "IVD:L4242", 3),
    ("ours", "Code128", "IVD:P7777", 2),
    ("digikey", "DataMatrix", DIGIKEY, 3),
    ("mouser", "DataMatrix", MOUSER, 3),
    ("lcsc", "QRCode", "{pbn:PICK2305230049,on:WM2305230060,pc:C2040,pm:RP2040,qty:10}", 3),
    ("tme", "QRCode", "QTY:1000 PN:SMD0603-5K1-1% PO:31723507/8 MPN:0603WAF5101T5E", 3),
    ("supplier", "PDF417", "296-1600-5-ND SN74HC595N QTY 25 LOT-A7", 2),
    ("maker", "EAN13", "4006381333931", 2),
    ("maker", "UPCA", "036000291452", 2),
    ("supplier", "Code128", "296-1600-5-ND", 2),
]
EXPECTED = {"036000291452": "0036000291452"}

DISTORTIONS = [
    ("clean", lambda s, i: synth.scene(s, seed=i)),
    ("blur", lambda s, i: synth.blur(synth.scene(s, seed=i), 1.6)),
    ("heavy blur", lambda s, i: synth.blur(synth.scene(s, seed=i), 2.4)),
    ("noise", lambda s, i: synth.noise(synth.scene(s, seed=i), 30, seed=i)),
    ("heavy noise", lambda s, i: synth.noise(synth.scene(s, seed=i), 55, seed=i)),
    ("perspective", lambda s, i: synth.perspective(synth.scene(s, seed=i), 0.25)),
    ("rotation 20", lambda s, i: synth.scene(synth.rotate(s, 20), seed=i)),
    ("rotation 45", lambda s, i: synth.scene(synth.rotate(s, 45), seed=i)),
    ("glare", lambda s, i: synth.scene(synth.glare(s, 1.0, seed=i), seed=i)),
    ("low contrast", lambda s, i: synth.low_contrast(synth.scene(s, seed=i), 35)),
    ("very low contrast", lambda s, i: synth.low_contrast(synth.scene(s, seed=i), 18)),
    ("small", lambda s, i: synth.scene(cv2.resize(s, None, fx=0.6, fy=0.6,
                                                  interpolation=cv2.INTER_AREA), seed=i)),
]


def zbar_alone(image):
    pyzbar = decode._load_zbar()
    if pyzbar is None:
        return []
    return [decode.normalise(decode._ZBAR_NAMES.get(r.type, r.type),
                             decode._bytes_text(r.data))[1]
            for r in pyzbar.decode(decode.to_gray(image))]


def zxing_alone(image):
    return [decode.normalise(r.format.name, r.text)[1]
            for r in zxingcpp.read_barcodes(decode.to_gray(image),
                                            text_mode=zxingcpp.TextMode.Plain)]


def ours_frame(image):
    return [s.text for s in decode.decode_frame(image)]


def ours_still(image):
    return [s.text for s in decode.decode_image(image)]


DECODERS = [("ZBar alone", zbar_alone), ("zxing-cpp alone", zxing_alone),
            ("ours, frame", ours_frame), ("ours, still", ours_still)]


def corpus(quick: bool):
    distortions = DISTORTIONS[::3] if quick else DISTORTIONS
    for index, (who, kind, payload, module) in enumerate(SYMBOLS):
        clean = synth.render(kind, payload, module)
        for d_index, (name, make) in enumerate(distortions):
            yield (f"{who} {kind}", name, make(clean, index * 31 + d_index),
                   EXPECTED.get(payload, payload))


def run_corpus(quick: bool) -> None:
    images = list(corpus(quick))
    print(f"corpus: {len(images)} images, {len(SYMBOLS)} symbols x "
          f"{len(images) // len(SYMBOLS)} conditions\n")
    results = {name: {"hits": 0, "false": 0, "ms": []} for name, _ in DECODERS}
    by_condition: dict[str, dict[str, int]] = {}
    for _label, condition, image, expected in images:
        for name, decoder in DECODERS:
            started = time.process_time()
            texts = decoder(image)
            results[name]["ms"].append((time.process_time() - started) * 1000)
            hit = expected in texts
            results[name]["hits"] += hit
            results[name]["false"] += sum(1 for t in texts if t != expected)
            by_condition.setdefault(condition, {}).setdefault(name, 0)
            by_condition[condition][name] += hit
    rows = [[name, f"{r['hits']}/{len(images)}", f"{100 * r['hits'] / len(images):.0f} %",
             f"{statistics.median(r['ms']):.1f}", r["false"]]
            for name, r in results.items()]
    print_table(["decoder", "decoded", "rate", "median CPU ms/image", "wrong reads"], rows)
    print()
    per_symbol = len(SYMBOLS)
    rows = [[condition, *(f"{counts[name]}/{per_symbol}" for name, _ in DECODERS)]
            for condition, counts in by_condition.items()]
    print_table(["condition", *(name for name, _ in DECODERS)], rows)
    print()
    ours = results["ours, still"]["hits"]
    best_alone = max(results["ZBar alone"]["hits"], results["zxing-cpp alone"]["hits"])
    print(f"target: ours decodes more than either alone: {ours} vs {best_alone} -> "
          f"{'met' if ours > best_alone else 'NOT met'}")


def run_empty(frames: int) -> None:
    print()
    rows = []
    verdicts = []
    for width, height in ((640, 480), (1280, 720), (1920, 1080)):
        scenes = [cv2.cvtColor(synth.background(width, height, seed=100 + i),
                               cv2.COLOR_GRAY2BGR) for i in range(frames)]
        row = [f"{width}x{height}"]
        false_reads = 0
        for name, decoder in DECODERS:
            times, walls = [], []
            for image in scenes:
                started, wall = time.process_time(), time.perf_counter()
                found = decoder(image)
                times.append((time.process_time() - started) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
                false_reads += len(found)
            row.append(f"{statistics.median(times):.1f} ({statistics.median(walls):.0f})")
            if name == "ours, frame" and (width, height) == (1280, 720):
                verdicts.append(("under 15 ms median per 1280x720 frame",
                                 statistics.median(times) < 15))
        row.append(false_reads)
        rows.append(row)
        verdicts.append((f"no false reads on empty {width}x{height} frames", false_reads == 0))
    print_table(["empty frame", *(f"{name} ms" for name, _ in DECODERS), "false reads"], rows)
    print("(CPU ms per frame, wall ms in brackets)")
    print()
    for text, ok in verdicts:
        print(f"target: {text}: {'met' if ok else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a third of the conditions")
    parser.add_argument("--empty", type=int, default=15, metavar="N",
                        help="empty frames per size (default 15)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    cv2.setNumThreads(1)
    print(f"ZBar: {'available' if decode.zbar_available() else 'MISSING'}; "
          f"zxing-cpp {getattr(zxingcpp, '__version__', '')}; one core\n")
    run_corpus(args.quick)
    run_empty(args.empty)


if __name__ == "__main__":
    main()
