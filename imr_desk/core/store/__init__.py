"""The case store: letters, corrections, notes, review states and history in one SQLite file.

`Store` (in `facade`) is the only way the rest of imr-desk reads or changes stored cases; the
modules beside it are its parts, each working on the open database connection it is given.
"""

from imr_desk.core.store.facade import Store, default_db_path
from imr_desk.core.store.importing import ImportResult
from imr_desk.core.store.schema import StaleRecordError, StoreError
from imr_desk.core.store.search import QueueRow, SearchFilters, SearchHit

__all__ = [
    "ImportResult",
    "QueueRow",
    "SearchFilters",
    "SearchHit",
    "StaleRecordError",
    "Store",
    "StoreError",
    "default_db_path",
]
