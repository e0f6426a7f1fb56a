"""Start the window: check that Qt can run here before importing it, then hand over to the UI.

Without these checks a machine with no display, or without the system libraries Qt needs,
gets Qt's own abort (a core dump and a line about "xcb" that means little to a paralegal).
Instead, `launch_window()` says in plain words what is missing and how to fix it, and
returns a non-zero exit status:

- no display: on Linux, neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` is set and
  ``QT_QPA_PLATFORM`` does not name another platform (``offscreen`` works anywhere);
- missing libraries: importing ``PySide6.QtGui`` / ``QtWidgets`` fails, or (on X11) one of
  the libraries Qt's xcb platform plugin loads when the window opens cannot be loaded;
- an X display that does not answer (``DISPLAY`` left over from a closed session).

The window's command line is ``imr-desk [--db PATH] [FILE ...]`` (`window_arguments` reads
it; ``--`` ends the options, so a file may start with ``-``): ``--db`` names the store the
window opens, like every command's ``--db``; a store it names that does not exist yet is
created only after asking (`imr_desk.ui.app.open_store`).

This module imports no Qt at import time (the ui package is the only place that does).
``IMR_DESK_SMOKE_TEST=1`` makes the window close itself once it has been shown (for the
packaged-bundle check and the start-up benchmark; see `imr_desk.ui.smoke_test`).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .logging_setup import setup_logging

log = logging.getLogger(__name__)

EXIT_CANNOT_START = 3
EXIT_USAGE = 2
WINDOW_USAGE = "usage: imr-desk [--db PATH] [FILE ...]"
DB_OPTION = "--db"


@dataclass(frozen=True)
class WindowArguments:
    """What the window's command line asks for: the store (None: the default one) and the
    letter files and folders to import and open."""

    db: Path | str | None = None
    paths: list[str] = field(default_factory=list)


def window_arguments(argv: Sequence[str], commands: Collection[str] = ()) -> WindowArguments | None:
    """`argv` read as the window's command line, or None when it is not one: its first file is
    one of `commands` (a subcommand), or it has another option (``--help``, ``--version``, a
    mistyped one), or ``--db`` lacks its PATH. The caller hands None cases to the commands'
    parser, which prints the help, the version, the command's work or the error."""
    db: Path | str | None = None
    paths: list[str] = []
    words = list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            paths.extend(words[index:])
            break
        if not word.startswith("-") or word == "-":
            paths.append(word)
            continue
        name, equals, value = word.partition("=")
        if name != DB_OPTION:
            return None
        if not equals:
            if index >= len(words) or words[index].startswith("-"):
                return None
            value = words[index]
            index += 1
        if not value:
            return None
        # a PostgreSQL connection string stays text (the store reads it); anything else is a file
        db = value if value.lower().startswith(("postgresql://", "postgres://")) else Path(value).expanduser()
    if paths and paths[0] in commands:
        return None  # a command ("imr-desk --db PATH import …"): for the commands' parser
    return WindowArguments(db, paths)


# Every Debian package Qt's widgets need on a bare system (the same list as packaging/setup.sh).
QT_DEBIAN_PACKAGES = (
    "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 "
    "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 "
    "libxcb-render-util0 libxcb-image0"
)
# shared library named in an ImportError -> the Debian package that provides it
IMPORT_LIBRARY_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
}
# libraries the xcb platform plugin loads when the window opens -> Debian package
XCB_LIBRARY_PACKAGES = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
}


def display_problem(env: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open for lack of a display, or None if a display is there.

    ``QT_QPA_PLATFORM`` may list platforms ("wayland;xcb", "offscreen"); any platform that
    needs no display (offscreen, minimal, vnc, eglfs, ...) means none is needed.
    """
    if not platform.startswith("linux"):
        return None
    needs = {"xcb": ("DISPLAY",), "wayland": ("WAYLAND_DISPLAY",), "wayland-egl": ("WAYLAND_DISPLAY",)}
    requested = [name.split(":")[0] for name in env.get("QT_QPA_PLATFORM", "").split(";") if name]
    if any(name not in needs for name in requested):
        return None
    variables = {var for name in requested for var in needs[name]} or {"DISPLAY", "WAYLAND_DISPLAY"}
    if any(env.get(var) for var in variables):
        return None
    return (
        "imr-desk cannot open its window: no graphical display was found "
        f"({' and '.join(sorted(variables))} not set).\n"
        "  - Start imr-desk from a desktop session, or over SSH with X forwarding (ssh -X).\n"
        "  - The commands work without a display: imr-desk parse, import, export, search, report\n"
        "    (see imr-desk --help).\n"
        "  - To run the window without showing it (automated checks), set QT_QPA_PLATFORM=offscreen."
    )


def _install_hint(packages: Sequence[str]) -> str:
    named = " ".join(dict.fromkeys(packages))
    return (
        f"  On Debian/Ubuntu install them with:\n"
        f"    sudo apt-get install {named}\n"
        f"  (packaging/setup.sh installs every library Qt needs: {QT_DEBIAN_PACKAGES})"
    )


def qt_import_problem() -> str | None:
    """Why Qt's GUI modules cannot be imported here, or None if they can."""
    try:
        import PySide6.QtGui
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        reason = str(exc)
        packages = [pkg for lib, pkg in IMPORT_LIBRARY_PACKAGES.items() if lib in reason]
        return (
            f"imr-desk cannot start Qt, the toolkit that draws its window: {reason}\n"
            "  Qt needs system libraries that are not installed on this machine.\n"
            + _install_hint(packages or QT_DEBIAN_PACKAGES.split())
        )
    return None


def missing_libraries(libraries: Mapping[str, str]) -> dict[str, str]:
    """The entries of `libraries` (shared library -> package) that cannot be loaded."""
    missing = {}
    for library, package in libraries.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing[library] = package
    return missing


def xcb_problem(env: Mapping[str, str], platform: str) -> str | None:
    """On X11, a missing xcb library or an unreachable display (Qt aborts on both); else None."""
    qpa = env.get("QT_QPA_PLATFORM", "")
    uses_xcb = qpa.startswith("xcb") or (not qpa and bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY"))
    if not platform.startswith("linux") or not uses_xcb:
        return None
    missing = missing_libraries(XCB_LIBRARY_PACKAGES)
    if missing:
        return (
            f"imr-desk cannot open its window on this X11 display: the libraries "
            f"{', '.join(missing)} are missing.\n" + _install_hint(list(missing.values()))
        )
    display = env.get("DISPLAY", "")
    if not x_display_reachable(display):
        return (
            f"imr-desk cannot open its window: the X display {display!r} (the DISPLAY variable) "
            "does not answer.\n"
            "  - Check that the desktop session (or the SSH X forwarding) is still running,\n"
            "    or unset DISPLAY and use the commands (imr-desk --help)."
        )
    return None


def x_display_reachable(display: str) -> bool:
    """Whether an X server answers at `display` (asked through libxcb, as Qt would)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; Qt reports it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode() or None, None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def start_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """The first reason the window cannot start here, or None when it can."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    return display_problem(env, platform) or qt_import_problem() or xcb_problem(env, platform)


def launch_window(argv: Sequence[str]) -> int:
    """Open the review window for its command line `argv` (``[--db PATH] [FILE ...]``: the
    files are imported and the first opened); return the exit status."""
    arguments = window_arguments(argv)
    if arguments is None:
        print(f"{WINDOW_USAGE}\nimr-desk: the window takes only --db PATH and letter files "
              "(run 'imr-desk --help' for the commands).", file=sys.stderr)
        return EXIT_USAGE
    setup_logging("window")
    problem = start_problem()
    if problem:
        log.error("window not started: %s", problem.splitlines()[0])
        print(problem, file=sys.stderr)
        return EXIT_CANNOT_START
    from .ui.app import run  # installs the unexpected-error dialog (imr_desk.ui.errors)

    if os.environ.get("IMR_DESK_SMOKE_TEST"):
        from .ui.smoke_test import close_when_shown

        close_when_shown()
    return run(arguments.paths, db=arguments.db)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(launch_window(sys.argv[1:]))
