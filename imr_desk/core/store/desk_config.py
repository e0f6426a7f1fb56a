"""The desk's own settings, shared by the window and the command line: its name and its store.

Tools ▸ Desk Settings… in the window writes them; every ``imr-desk`` command reads them, so a
paralegal who chose the firm's PostgreSQL store in the window imports into that store from the
command line too, and history names the same person whichever way the edit was made. They live
in one small JSON file (core never reads Qt's settings):

    {"user_name": "Dana Reyes", "store": "postgresql://imr_desk@db.firm.example/imr_desk"}

at ``$IMR_DESK_CONFIG`` if set, else ``desk.json`` in the user's configuration folder
(``~/.config/imr-desk/`` on Linux). Like the store it is readable by its owner only (0600, its
folder 0700), and it is replaced whole (written beside it, then renamed), so a crash never
leaves half a file. ``store`` is a store file's path or a connection string *without* a
password (`write_desk_config` refuses one: passwords belong in ``~/.pgpass`` or the file
``PGPASSFILE`` names); "" means the default store file. A file that cannot be read or is not
such an object counts as empty settings, and is named in the log; it is replaced only when the
user saves new settings.

Who is at the desk (`rows.current_user`): the name set here, else ``$IMR_DESK_USER``, else the
operating-system login. Which store (`facade.default_db_path`): ``--db``, else
``$IMR_DESK_DB``, else the store set here, else the default file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from imr_desk.core.store.dialect import mask_password

log = logging.getLogger(__name__)

CONFIG_ENV = "IMR_DESK_CONFIG"  # the settings file's path, where it is not the default
CONFIG_NAME = "desk.json"


@dataclass(frozen=True)
class DeskConfig:
    """The desk's settings: its person's name and its store ("" for neither: the defaults)."""

    user_name: str = ""
    store: str = ""


def config_path() -> Path:
    """The desk settings file: ``$IMR_DESK_CONFIG``, else ``desk.json`` in the config folder."""
    configured = os.environ.get(CONFIG_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("imr-desk", appauthor=False)) / CONFIG_NAME


def default_store_file() -> Path:
    """The store file used when nothing names another: ``imr-desk.sqlite3`` in the user's data
    folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("imr-desk", appauthor=False)) / "imr-desk.sqlite3"


_cache: tuple[Path, tuple[int, int], DeskConfig] | None = None


def read_desk_config() -> DeskConfig:
    """The desk's settings (empty ones when there is no file or it cannot be read). Read again
    only when the file changes: every stored edit asks who is at the desk."""
    global _cache
    path = config_path()
    try:
        status = path.stat()
    except OSError:
        return DeskConfig()
    stamp = (status.st_mtime_ns, status.st_size)
    if _cache is not None and _cache[0] == path and _cache[1] == stamp:
        return _cache[2]
    config = _parse(path)
    _cache = (path, stamp, config)
    return config


def _parse(path: Path) -> DeskConfig:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        log.warning("desk settings %s not read (%s); using the defaults", path, error)
        return DeskConfig()
    if not isinstance(data, dict):
        log.warning("desk settings %s are not a JSON object; using the defaults", path)
        return DeskConfig()
    name, store = data.get("user_name", ""), data.get("store", "")
    return DeskConfig(" ".join(name.split()) if isinstance(name, str) else "",
                      store.strip() if isinstance(store, str) else "")


def write_desk_config(config: DeskConfig) -> Path:
    """Save the desk's settings (whole, 0600, atomically); returns the file. A store naming a
    password is refused (`ValueError`) and nothing is written; an `OSError` says the file could
    not be written (the old one, if any, is left as it was)."""
    store = config.store.strip()
    if mask_password(store) != store:
        raise ValueError("a connection string with a password is never saved in the settings")
    path = config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = json.dumps({"user_name": " ".join(config.user_name.split()), "store": store}, indent=2) + "\n"
    descriptor, temporary = tempfile.mkstemp(prefix=".desk-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:  # mkstemp makes it 0600
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        global _cache
        _cache = None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def update_desk_config(*, user_name: str | None = None, store: str | None = None) -> DeskConfig:
    """Change one or both settings, keeping the other; returns what was saved."""
    current = read_desk_config()
    saved = DeskConfig(current.user_name if user_name is None else user_name,
                       current.store if store is None else store)
    write_desk_config(saved)
    return saved
