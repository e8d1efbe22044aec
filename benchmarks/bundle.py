"""Size of the frozen app: the unpacked folder and the download, against the target.

    python benchmarks/bundle.py [--folder dist/invdesk] [--top 15]

Weighs the folder that ``pyinstaller --noconfirm invdesk.spec`` makes as the frozen-app
test does: the bytes of its files (symbolic links not counted) and a tar.gz of it at
gzip level 6. Prints both against the target of 200 MB, then what the unpacked folder
is made of, by component and by its largest files.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import print_table  # noqa: E402

TARGET_MB = 200

# (component, pattern on the path inside the folder); the first that matches counts.
COMPONENTS = [
    ("OpenCV (cv2, its FFmpeg, OpenBLAS, OpenSSL 1.1)", r"_internal/(cv2|opencv_\w+\.libs)/"),
    ("Qt + PySide6 (with ICU and its data)", r"_internal/(PySide6|shiboken6)/"),
    ("numpy (its OpenBLAS: numpy.libs)", r"_internal/numpy(\.libs)?/"),
    ("psycopg2 (libpq, OpenSSL 3, Kerberos, LDAP)", r"_internal/psycopg2\w*(\.libs)?/"),
    ("Pillow", r"_internal/(PIL|pillow\.libs)/"),
    ("pypdfium2 (PDFium)", r"_internal/pypdfium2\w*/"),
    ("Python (libpython, extension modules, stdlib)",
     r"_internal/(libpython[\d.]+\.so|python3\.\d+/|base_library\.zip)"),
    ("invdesk program (bootloader + every Python module)", r"^invdesk[^/]*$"),
    ("zxing-cpp, ZBar", r"_internal/(zxingcpp/|libzbar)"),
    ("system libraries (X11/xcb, CUPS, D-Bus, glib, ...)", r"^_internal/[^/]+\.so"),
]


def files(folder: Path) -> list[tuple[str, int]]:
    return [(p.relative_to(folder).as_posix(), p.stat().st_size)
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()]


def download_size(folder: Path) -> int:
    """Bytes of the folder as tar.gz (gzip level 6), as users download it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return buffer.tell()


def by_component(listing: list[tuple[str, int]]) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for path, size in listing:
        name = next((name for name, pattern in COMPONENTS if re.search(pattern, path)),
                    "other (resources, ReportLab, small packages)")
        sizes[name] += size
    return sizes


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "dist" / "invdesk",
                        help="the frozen app's folder (default: dist/invdesk)")
    parser.add_argument("--top", type=int, default=15, help="largest files listed (default 15)")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"{args.folder} does not exist; build it with: pyinstaller --noconfirm invdesk.spec")
        return 1

    listing = files(args.folder)
    unpacked = sum(size for _path, size in listing)
    download = download_size(args.folder)
    print(f"frozen app {args.folder.name}/: {len(listing)} files; target < {TARGET_MB} MB\n")
    print_table(["measure", "size", "target", "ok"], [
        [name, mb(size), f"< {TARGET_MB} MB", "yes" if size < TARGET_MB * 1e6 else "NO"]
        for name, size in (("unpacked folder", unpacked), ("download (tar.gz)", download))])
    print()
    components = sorted(by_component(listing).items(), key=lambda item: -item[1])
    print_table(["component", "unpacked", "share"], [
        [name, mb(size), f"{size / unpacked:.0%}"] for name, size in components])
    print()
    largest = sorted(listing, key=lambda item: -item[1])[:args.top]
    print_table(["largest files", "size"], [[path, mb(size)] for path, size in largest])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
