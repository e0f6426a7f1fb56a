"""The pure-Python core of imr-desk: the letter's path from file to printed summary, with no Qt.

Stages, each a subpackage, importing only the ones before it::

    reading -> ocr -> parsing -> deadlines -> analysis -> store -> reports

beside the letter model (`model`), the records the store hands out (`records`) and the field
registry (`fields`), which every stage may use.

This package is also the stable face for scripts and benchmarks (see docs/architecture.md)::

    from imr_desk.core import Store, StoreError, StaleRecordError, read_letter, parse_text, LetterError

`read_letter` and `parse_text` give analysed letters (categories, citations, diagnoses and
checks filled by `analysis.analyse.analyse`, also here). The names load lazily, so
``import imr_desk.core.model`` does not pull in the store or pymupdf.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from imr_desk.core.analysis.analyse import analyse, parse_text, read_letter
    from imr_desk.core.model import Decision, Letter, LetterError
    from imr_desk.core.ocr.pages import Tesseract
    from imr_desk.core.reading.document import Document
    from imr_desk.core.records import Annotation, CaseRecord, Correction, ReviewState
    from imr_desk.core.reports.batch import build_batch_report
    from imr_desk.core.reports.summary import build_case_summary, unstored_record
    from imr_desk.core.store import ANY_VERSION, ImportResult, SearchFilters, StaleRecordError, Store, StoreError

# name -> the module that defines it
STABLE_NAMES: dict[str, str] = {
    "Store": "imr_desk.core.store",
    "StoreError": "imr_desk.core.store",
    "StaleRecordError": "imr_desk.core.store",
    "ImportResult": "imr_desk.core.store",
    "ANY_VERSION": "imr_desk.core.store",
    "SearchFilters": "imr_desk.core.store",
    "read_letter": "imr_desk.core.analysis.analyse",
    "parse_text": "imr_desk.core.analysis.analyse",
    "analyse": "imr_desk.core.analysis.analyse",
    "Letter": "imr_desk.core.model",
    "Decision": "imr_desk.core.model",
    "LetterError": "imr_desk.core.model",
    "CaseRecord": "imr_desk.core.records",
    "Correction": "imr_desk.core.records",
    "Annotation": "imr_desk.core.records",
    "ReviewState": "imr_desk.core.records",
    "Document": "imr_desk.core.reading.document",
    "Tesseract": "imr_desk.core.ocr.pages",
    "build_case_summary": "imr_desk.core.reports.summary",
    "build_batch_report": "imr_desk.core.reports.batch",
    "unstored_record": "imr_desk.core.reports.summary",
}

__all__ = [
    "ANY_VERSION",
    "Annotation",
    "CaseRecord",
    "Correction",
    "Decision",
    "Document",
    "ImportResult",
    "Letter",
    "LetterError",
    "ReviewState",
    "SearchFilters",
    "StaleRecordError",
    "Store",
    "StoreError",
    "Tesseract",
    "analyse",
    "build_batch_report",
    "build_case_summary",
    "parse_text",
    "read_letter",
    "unstored_record",
]


def __getattr__(name: str) -> Any:
    module_name = STABLE_NAMES.get(name)
    if module_name is None:
        raise AttributeError(f"module 'imr_desk.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(STABLE_NAMES))
