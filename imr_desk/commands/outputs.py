"""The files the commands write (``export --out``, ``report --out``): refused when they would
destroy data, and written so that a failure never leaves half a file.

`refuse_unsafe_output()` refuses an output that is the store, one of its companions
(``-wal``, ``-shm``, ``-journal``) or an input letter, however the path names it: paths are
compared resolved (``..``, symbolic links) and, when both exist, with `os.path.samefile` (hard
links). The command prints the message and exits with status 2 (`OutputRefused.EXIT_STATUS`).

`checked_output()` does both checks a command makes before any work; `text_output()` is
standard output or an `atomic_output()`. `atomic_output()` writes through a private temporary
file (mode 0600, like the store) in the target's own folder, flushed to disk and renamed over
the target only when complete; on any failure (disk full, an error mid-way, Ctrl+C) the
temporary is removed and the previous file is left untouched. An output named through a
symbolic link is written where the link points (the link stays). `shown()` makes any path or
message printable, whatever bytes a file name holds (a name that is not UTF-8 shows its odd
bytes as ``\\xe9``).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

log = logging.getLogger(__name__)

STORE_COMPANIONS = {"": "the store", "-wal": "the store's write-ahead log", "-shm": "the store's shared-memory file",
                    "-journal": "the store's rollback journal"}


class OutputRefused(Exception):
    """An output file that would destroy data; the message says which file it would destroy."""

    EXIT_STATUS = 2


def shown(text: object) -> str:
    """`text` (a path, a message) as printable text: bytes that are not UTF-8 in a file name
    (surrogate escapes) appear as ``\\xe9``, so no terminal, pipe or log meets a character it
    cannot write."""
    value = os.fspath(text) if isinstance(text, os.PathLike) else str(text)
    if not any("\udc80" <= character <= "\udcff" for character in value):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _same_file(first: Path, second: Path) -> bool:
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # one of them does not exist (yet)
        return False


def _store_files(store: Path) -> Iterator[tuple[Path, str]]:
    """The store's file and its companions, both as named and where a link points."""
    for base in dict.fromkeys((store, store.resolve())):
        for suffix, what in STORE_COMPANIONS.items():
            yield Path(f"{base}{suffix}"), what


def refuse_unsafe_output(out: Path, *, store: Path | str | None = None, inputs: Iterable[Path] = ()) -> None:
    """Raise `OutputRefused` when writing `out` would overwrite `store` (or its ``-wal``,
    ``-shm``, ``-journal``) or one of the `inputs`; log the refusal. A store on a database
    server (a connection string) has no file to protect."""
    problem = None
    if isinstance(store, Path):
        for path, what in _store_files(store):
            if _same_file(out, path):
                problem = f"it is the store {store}" if what == "the store" else f"it is {what} ({path})"
                break
    if problem is None:
        for letter in inputs:
            if _same_file(out, letter):
                problem = f"it is the letter file {letter} given as input"
                break
    if problem is not None:
        log.warning("refused --out %s: %s", shown(out), shown(problem))
        raise OutputRefused(f"will not write to {out}: {problem}; choose another --out file.")


def output_problem(out: Path) -> str | None:
    """Why `out` cannot be written at all (a folder, a missing folder), else None."""
    target = out.resolve()
    if target.is_dir():
        return f"{out} is a folder"
    if not target.parent.is_dir():
        return f"the folder {out.parent} does not exist"
    return None


@overload
def atomic_output(out: Path, *, binary: Literal[False] = False) -> AbstractContextManager[TextIO]: ...


@overload
def atomic_output(out: Path, *, binary: Literal[True]) -> AbstractContextManager[BinaryIO]: ...


def atomic_output(out: Path, *, binary: bool = False) -> AbstractContextManager[IO[Any]]:
    """A private temporary file beside `out` (where a symbolic link points); renamed over it
    when the block ends without error, removed on any failure (the previous file untouched).
    Text is UTF-8 with the newlines written as given; ``binary=True`` gives a bytes file."""
    return _atomic_output(out, binary)


@contextmanager
def _atomic_output(out: Path, binary: bool) -> Iterator[IO[Any]]:
    target = out.resolve()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        stream: IO[Any]
        if binary:
            stream = os.fdopen(descriptor, "wb")
        else:
            stream = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        with stream as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def checked_output(out: Path | None, *, store: Path | str | None = None) -> str | None:
    """Before any work: refuse an `out` that would destroy data (`OutputRefused`, as
    `refuse_unsafe_output`), then why it cannot be written at all (`output_problem`); None
    when it can be, or when there is no `out` (standard output)."""
    if out is None:
        return None
    refuse_unsafe_output(out, store=store)
    return output_problem(out)


@contextmanager
def text_output(out: Path | None) -> Iterator[TextIO]:
    """Standard output, or `out` written whole (`atomic_output`)."""
    if out is None:
        yield sys.stdout
        return
    with atomic_output(out) as fp:
        yield fp


def unchanged_note(out: Path) -> str:
    """What a failed write left: the previous file, or nothing."""
    return "the previous file is unchanged" if out.exists() else "nothing was written"
