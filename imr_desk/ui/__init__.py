"""Qt user interface of imr-desk; the only package that imports PySide6.

PySide6 6.12 ships abi3 modules built against Python 3.12+ headers, where None, True and
False are immortal: on Python 3.11 a Qt method that returns nothing (or some that return a
bool) hands the object back without a new reference, so its reference count falls by one per
call until the interpreter aborts ("Fatal Python error: none_dealloc: deallocating None") -
within a minute of scrolling a letter. Importing this package first gives these three objects
a reference count no session can use up, which is what Python 3.12 does for them.
"""

import ctypes
import sys

if sys.version_info < (3, 12):
    for _immortal in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_immortal)).value += 1 << 56
