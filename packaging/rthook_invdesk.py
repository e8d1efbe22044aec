"""Runs first in the frozen app: native libraries we bundle are found in the bundle.

pyzbar looks libzbar up with ctypes.util.find_library, which searches the system only;
a workbench PC without zbar installed must still decode with the copy we ship.
"""

import ctypes.util
import glob
import os
import sys

_system_find_library = ctypes.util.find_library


def _find_library(name):
    here = getattr(sys, "_MEIPASS", "")
    for pattern in (f"lib{name}.so*", f"lib{name}*.dylib", f"lib{name}*.dll"):
        found = sorted(glob.glob(os.path.join(here, pattern)))
        if found:
            return found[0]
    return _system_find_library(name)


ctypes.util.find_library = _find_library


# benchmarks/startup.py times the frozen app to its main window's first paint.
if os.environ.get("INVDESK_STARTUP_PROBE"):
    from invdesk import startup_probe

    startup_probe.install()
