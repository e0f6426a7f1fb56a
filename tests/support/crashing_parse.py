"""A parse function for `ImportPool` tests whose worker dies (as a crash in MuPDF would kill it)
on any file whose name contains "crash"; every other file is parsed as the import parses it."""

from __future__ import annotations

import os

from imr_desk.core.store.import_pool import ParseOutcome, parse_letter_file


def parse_or_die(path: str, name: str, data: bytes, packed: bool) -> ParseOutcome:
    if "crash" in name:
        os._exit(70)  # the worker process ends at once, as a segfault would end it
    return parse_letter_file(path, name, data, packed)
