"""Starting the window on a chosen store: `imr-desk --db PATH [FILES]` (issue 12 item 25).

The window took no `--db` ("invalid choice"), though every command takes it. Now the window's
command line is ``[--db PATH] [FILE ...]`` (`gui_launch.window_arguments`), `launch_window`
opens the window on that store, and a store `--db` names that does not exist is created only
after asking: create it, choose another store file, or quit (nothing is created).
`imr_desk/cli.py` sends that command line to the window and lists ``--db`` in
``imr-desk --help``; ``imr-desk --db PATH COMMAND`` gives the command that store.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

from imr_desk import cli, gui_launch
from imr_desk.core.store import Store
from imr_desk.gui_launch import EXIT_USAGE, WindowArguments, window_arguments
from imr_desk.ui import app as app_module
from imr_desk.ui.app import CHOOSE_STORE, CREATE_STORE, QUIT

COMMANDS = tuple(cli.SUBCOMMANDS)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], WindowArguments()),
        (["a.pdf", "b.txt"], WindowArguments(None, ["a.pdf", "b.txt"])),
        (["--db", "cases.db"], WindowArguments(Path("cases.db"), [])),
        (["--db=cases.db", "a.pdf"], WindowArguments(Path("cases.db"), ["a.pdf"])),
        (["a.pdf", "--db", "cases.db", "b.pdf"], WindowArguments(Path("cases.db"), ["a.pdf", "b.pdf"])),
        (["--db", "cases.db", "--", "-odd.pdf"], WindowArguments(Path("cases.db"), ["-odd.pdf"])),
        (["--help"], None),
        (["--version"], None),
        (["--dbx", "cases.db"], None),
        (["--db"], None),
        (["--db", "--help"], None),
        (["--db="], None),
        (["import", "a.pdf"], None),
        (["--db", "cases.db", "export"], None),  # a command, with the command's option before it
        (["--db", "postgresql://desk@db/imr"], WindowArguments("postgresql://desk@db/imr", [])),  # not a file
    ],
)
def test_the_window_command_line(argv: list[str], expected: WindowArguments | None) -> None:
    assert window_arguments(argv, COMMANDS) == expected


def test_launch_window_opens_the_store_db_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], Path | None]] = []
    monkeypatch.setattr(app_module, "run", lambda paths, db=None: calls.append((paths, db)) or 0)
    store_path = tmp_path / "cases.db"
    assert gui_launch.launch_window(["--db", str(store_path), "letter.pdf"]) == 0
    assert calls == [(["letter.pdf"], store_path)]


def test_launch_window_refuses_options_it_does_not_know(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "run", lambda *_a, **_k: pytest.fail("the window was started"))
    assert gui_launch.launch_window(["--dbx", "cases.db"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "usage: imr-desk [--db PATH] [FILE ...]" in error and "Traceback" not in error


def test_imr_desk_db_path_files_opens_the_window_on_that_store(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], Path | None]] = []
    monkeypatch.setattr(app_module, "run", lambda paths, db=None: calls.append((paths, db)) or 0)
    store_path = tmp_path / "cases.db"
    assert cli.main(["--db", str(store_path), "letter.pdf"]) == 0
    assert cli.main([f"--db={store_path}"]) == 0
    assert calls == [(["letter.pdf"], store_path), ([], store_path)]


def test_imr_desk_help_lists_the_window_db_option() -> None:
    output = io.StringIO()
    with contextlib.redirect_stdout(output), pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    assert "--db PATH" in output.getvalue()


# --- a store --db names that does not exist --------------------------------------------------


def test_a_missing_store_is_created_only_after_asking(tmp_path: Path, message_boxes: Any) -> None:
    path = tmp_path / "new" / "cases.db"
    path.parent.mkdir()
    message_boxes.answers.append(CREATE_STORE)
    store = app_module.open_store(path)
    try:
        assert store is not None and path.is_file()
    finally:
        if store is not None:
            store.close()
    [asked] = message_boxes
    assert asked.kind == "box" and str(path) in asked.text
    assert set(asked.buttons) == {name.replace("&", "") for name in (CREATE_STORE, CHOOSE_STORE, QUIT)}


def test_quitting_at_the_question_creates_nothing(tmp_path: Path, message_boxes: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs the error hook
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "mistyped.db"
    message_boxes.answers.append(QUIT)
    assert app_module.run([], db=path) == 1
    assert not list(folder.iterdir())  # no store, no -wal or -shm
    assert [m.kind for m in message_boxes] == ["box"]


def test_choosing_another_store_opens_it_without_creating_the_missing_one(
        tmp_path: Path, message_boxes: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    existing = tmp_path / "real.db"
    Store(existing).close()
    chosen = [str(tmp_path / "another-new.db"), str(existing)]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (chosen.pop(0), ""))
    missing = tmp_path / "mistyped.db"
    message_boxes.answers.extend([CHOOSE_STORE, CHOOSE_STORE])  # the new name is asked about too
    store = app_module.open_store(missing)
    try:
        assert store is not None and Path(store.path) == existing
    finally:
        if store is not None:
            store.close()
    assert not missing.exists() and not (tmp_path / "another-new.db").exists()
    assert [str(missing) in message_boxes[0].text, "another-new.db" in message_boxes[1].text] == [True, True]


def test_the_default_store_is_created_without_asking(tmp_store_path: Path, message_boxes: Any) -> None:
    assert not tmp_store_path.exists()
    store = app_module.open_store()
    try:
        assert store is not None and tmp_store_path.is_file()
    finally:
        if store is not None:
            store.close()
    assert not message_boxes


def test_the_window_creates_a_postgresql_store_only_after_asking(pg_target: str, message_boxes: Any) -> None:
    store = app_module.open_store(pg_target.replace("desk_store_tests@", "desk_store_tests:s3cret@"))
    try:
        assert store is not None and store.is_postgres and store.count() == 0
        assert "s3cret" not in str(store.path)
    finally:
        if store is not None:
            store.close()
    [asked] = message_boxes  # an empty database: Yes (the default answer here) creates the store
    assert asked.kind == "question" and "has no imr-desk store yet" in asked.text and "s3cret" not in asked.text
    message_boxes.clear()
    again = app_module.open_store(pg_target)  # a store now: opened without asking
    assert again is not None
    again.close()
    assert list(message_boxes) == []
