"""Logging for the window and the commands: one rotating file in the platform log folder.

`setup_logging()` sends the `imr_desk` loggers (and Python warnings) to
``<user log dir>/imr-desk.log`` (``platformdirs.user_log_dir("imr-desk")``; on Linux
``~/.local/state/imr-desk/log``), rotated at 1 MB with five old files kept. The folder is
created private (0700) and the log files are 0600. ``IMR_DESK_LOG_DIR`` points it elsewhere.

Privacy: log records name files, case numbers, letter ids and what happened to them — never
the text of a letter, a field value or a note. Modules log through
``logging.getLogger(__name__)`` and follow that rule.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from . import __version__

LOG_FILE_NAME = "imr-desk.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(name)s: %(message)s"

_ROOT_LOGGER = "imr_desk"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and every rollover) are mode 0600."""

    def _open(self):  # type: ignore[no-untyped-def]
        old_umask = os.umask(0o077)
        try:
            stream = super()._open()
        finally:
            os.umask(old_umask)
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return stream


def log_dir() -> Path:
    """The folder the log files go to (``IMR_DESK_LOG_DIR`` overrides the platform's)."""
    override = os.environ.get("IMR_DESK_LOG_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir("imr-desk", appauthor=False))


def log_file() -> Path:
    """The current log file."""
    return log_dir() / LOG_FILE_NAME


def _installed_handler(logger: logging.Logger) -> PrivateRotatingFileHandler | None:
    for handler in logger.handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            return handler
    return None


def setup_logging(component: str, level: int = logging.INFO) -> Path | None:
    """Log `imr_desk.*` to the rotating file; return its path, or None if it cannot be written.

    `component` ("window", "parse", "import", ...) goes into the start-up record. Calling it
    again is harmless: the handler is installed once per process. When the folder cannot be
    created the program still runs; a one-line note on standard error says why.
    """
    logger = logging.getLogger(_ROOT_LOGGER)
    existing = _installed_handler(logger)
    if existing is not None:
        return Path(existing.baseFilename)
    path = log_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        print(f"imr-desk: cannot write the log file {path}: {exc.strerror or exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").addHandler(handler)
    logger.info("imr-desk %s started (%s), Python %s", __version__, component, sys.version.split()[0])
    return path
