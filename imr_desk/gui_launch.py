"""Start the window: check that Qt can run here before importing it, then hand over to the UI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def launch_window(paths: Sequence[str]) -> int:
    """Open the review window with `paths` imported and opened; return the exit status."""
    from .ui.app import run

    return run(list(paths))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(launch_window(sys.argv[1:]))
