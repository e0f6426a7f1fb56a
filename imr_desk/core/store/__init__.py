"""The case store: letters, corrections, notes, review states and history, in one SQLite file
or a firm's PostgreSQL database.

`Store` (in `facade`) is the only way the rest of imr-desk reads or changes stored cases; the
modules beside it are its parts, each working on the `StoreConnection` (``connection``) it is
given. An edit's ``expected_version=`` is the letter version the caller read, or `ANY_VERSION`.
"""

from imr_desk.core.store.cases import ReadOnlyLetterError
from imr_desk.core.store.connection import ANY_VERSION, AnyVersion, ExpectedVersion, StoreBusyError
from imr_desk.core.store.facade import Store, default_db_path
from imr_desk.core.store.importing import ImportResult
from imr_desk.core.store.schema import StaleRecordError, StoreError
from imr_desk.core.store.search import QueueRow, SearchFilters, SearchHit

__all__ = [
    "ANY_VERSION",
    "AnyVersion",
    "ExpectedVersion",
    "ImportResult",
    "QueueRow",
    "ReadOnlyLetterError",
    "SearchFilters",
    "SearchHit",
    "StaleRecordError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "default_db_path",
]
