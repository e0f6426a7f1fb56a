"""Fixtures shared by the store tests: `store`, a new Store in the test's own folder.

The store lives at `tmp_store_path` (tests/conftest.py), so no test touches a real store;
it is closed after the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imr_desk.core.store import Store


@pytest.fixture
def store(tmp_store_path: Path) -> Iterator[Store]:
    """A new, empty store in the test's folder, closed after the test."""
    opened = Store(tmp_store_path)
    yield opened
    opened.close()
