"""Logging for the window and the commands: one rotating file in the platform log folder.

`setup_logging()` sends the `imr_desk` loggers (and Python warnings) to
``<user log dir>/imr-desk.log`` (``platformdirs.user_log_dir("imr-desk")``; on Linux
``~/.local/state/imr-desk/log``), rotated at 1 MB with five old files kept. The folder is
created private (0700) and the log files are 0600. ``IMR_DESK_LOG_DIR`` points it elsewhere.

Privacy: log records name files, case numbers, letter ids and what happened to them — never
the text of a letter, a field value or a note. Modules log through
``logging.getLogger(__name__)`` and follow that rule. A logged exception keeps its traceback
(files, lines, functions) and its type but not its message, which may quote a letter (a
damaged cell read back, a value that failed to convert): `PrivateFormatter`.

A log that cannot be written (a full disk, a file-size limit, a folder gone) never stops or
clutters the program: the first failure prints one plain line on standard error and the
handler then drops every later record of the run (no "--- Logging error ---" tracebacks).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs

from imr_desk import __version__

LOG_FILE_NAME = "imr-desk.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(name)s: %(message)s"

_ROOT_LOGGER = "imr_desk"


def _printable(text: str) -> str:
    """`text` with any undecodable file-name bytes (surrogate escapes) shown as ``\\xe9``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def warn_log_unwritable(path: str | os.PathLike[str], error: BaseException | None) -> None:
    """The one line saying the log cannot be written and the program goes on without it."""
    reason = ""
    if isinstance(error, OSError):
        reason = f" ({error.strerror or error})"
    elif error is not None:
        reason = f" ({type(error).__name__})"
    try:
        print(f"imr-desk: cannot write the log file {_printable(os.fspath(path))}{reason}; going on without a log.",
              file=sys.stderr, flush=True)
    except (OSError, ValueError):  # standard error is gone too: nothing more to do
        pass


class PrivateFormatter(logging.Formatter):
    """The log's format; an exception is logged with its traceback and type, not its message."""

    def formatException(  # logging's name (camelCase)
        self, ei: tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
    ) -> str:
        _kind, value, tb = ei
        if value is None:
            return ""
        return "".join(_exception_lines(value, tb, set())).rstrip("\n")


def _exception_lines(error: BaseException, tb: TracebackType | None, seen: set[int]) -> list[str]:
    """Like `traceback.format_exception`, each exception's message left out (chains kept)."""
    seen.add(id(error))
    lines: list[str] = []
    cause, context = error.__cause__, error.__context__
    if cause is not None and id(cause) not in seen:
        lines += _exception_lines(cause, cause.__traceback__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not error.__suppress_context__ and id(context) not in seen:
        lines += _exception_lines(context, context.__traceback__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_tb(tb)
    kind = type(error)
    if kind.__module__ in ("builtins", "__main__"):
        name = kind.__qualname__
    else:
        name = f"{kind.__module__}.{kind.__qualname__}"
    detail = f" [errno {error.errno}]" if isinstance(error, OSError) and error.errno else ""
    lines.append(f"{name}{detail} (message not logged: it may quote a letter)\n")
    return lines


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and every rollover) are mode 0600.

    When a record cannot be written, the first failure prints one line on standard error
    (`warn_log_unwritable`) and every later record is dropped: a full disk under the log folder
    costs one warning, not a traceback per record."""

    broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.broken:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        if self.broken:
            return
        self.broken = True
        warn_log_unwritable(self.baseFilename, sys.exc_info()[1])
        try:
            self.close()
        except Exception:  # closing flushes, which may fail the same way
            pass

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
        warn_log_unwritable(path, exc)
        return None
    handler.setFormatter(PrivateFormatter(LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level)
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").addHandler(handler)
    logger.info("imr-desk %s started (%s), Python %s", __version__, component, sys.version.split()[0])
    return path
