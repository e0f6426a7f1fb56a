"""The stable face for scripts: ``from imr_desk.core import …`` gives the documented names,
lazily (importing the model alone loads neither the store nor pymupdf)."""

from __future__ import annotations

import subprocess
import sys

import imr_desk.core as core
from imr_desk.core.analysis.analyse import read_letter
from imr_desk.core.model import LetterError
from imr_desk.core.store import StaleRecordError, Store, StoreError

DOCUMENTED = ["Store", "StoreError", "StaleRecordError", "read_letter", "parse_text", "LetterError"]


def test_the_documented_names_import_from_core() -> None:
    from imr_desk.core import LetterError as face_error
    from imr_desk.core import StaleRecordError as face_stale
    from imr_desk.core import Store as face_store
    from imr_desk.core import StoreError as face_store_error
    from imr_desk.core import parse_text  # noqa: F401
    from imr_desk.core import read_letter as face_read

    assert (face_store, face_store_error, face_stale, face_read, face_error) == (
        Store, StoreError, StaleRecordError, read_letter, LetterError,
    )
    assert set(DOCUMENTED) <= set(core.__all__) and set(DOCUMENTED) <= set(dir(core))


def test_every_name_of_the_face_resolves() -> None:
    for name in core.__all__:
        assert getattr(core, name) is not None, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        core.NoSuchThing  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_importing_the_model_loads_no_store_and_no_pymupdf() -> None:
    code = "import sys, imr_desk.core.model; print('pymupdf' in sys.modules, 'imr_desk.core.store' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_all_lists_exactly_the_lazy_names() -> None:
    assert sorted(core.__all__) == sorted(core.STABLE_NAMES)
