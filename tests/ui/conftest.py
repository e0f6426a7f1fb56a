"""Qt test set-up: every test under tests/ui gets temporary QSettings (never the user's)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_qsettings(qapp: object, tmp_qsettings: Path) -> Path:
    """Apply `tmp_qsettings` to every window test (a QApplication exists first)."""
    return tmp_qsettings
