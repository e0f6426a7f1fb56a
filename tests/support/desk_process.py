"""A second desk in a process of its own, for tests/ui/test_two_desks.py.

    python -m tests.support.desk_process STORE LETTER_ID SETTINGS_DIR

opens the real `MainWindow` (offscreen) on the PostgreSQL store STORE, shows letter LETTER_ID
and prints ``READY``. It then reads commands, one a line, from standard input and answers each
on standard output once the window has stored it:

    type FIELD TEXT     types TEXT into the field's editor and presses Return  -> DONE type
    assign NAME         Edit ▸ Assign Case To…, NAME typed, Assign clicked      -> DONE assign
    exit                closes the window (its presence goes with it)           -> BYE

Every message box the window would show is printed as ``MESSAGE title: text`` instead (and
answered with its default), so nothing blocks. The person at this desk is ``$IMR_DESK_USER``.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


def say(line: str) -> None:
    print(line, flush=True)


class Commands(QObject):
    """Standard input's lines, handed to the UI thread."""

    line = Signal(str)


def _patch_message_boxes() -> None:
    def show(_parent: Any, title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
        say(f"MESSAGE {title}: {' '.join(text.split())}")
        return QMessageBox.StandardButton.Ok

    for name in ("information", "warning", "critical", "question"):
        setattr(QMessageBox, name, show)


def _when_idle(window: Any, then: Any) -> None:
    """Call `then()` once every write the window submitted is stored and answered."""
    def check() -> None:
        if window.store_ops.is_idle():
            then()
        else:
            QTimer.singleShot(20, check)
    QTimer.singleShot(20, check)


def main(argv: list[str]) -> int:
    target, letter_id, settings_dir = argv[0], int(argv[1]), argv[2]
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, settings_dir)
    app = QApplication(["imr-desk-second-desk"])
    app.setOrganizationName("imr-desk-tests")
    app.setApplicationName("imr-desk-tests")
    _patch_message_boxes()
    from imr_desk.core.store import Store
    from imr_desk.ui.assign_dialog import AssignDialog
    from imr_desk.ui.main_window import MainWindow

    store = Store(target)
    window = MainWindow(store)
    window.resize(1200, 800)
    window.show()
    if not window.open_letter(letter_id):
        say("FAILED to open the letter")
        return 1

    def handle(line: str) -> None:
        command, _, rest = line.strip().partition(" ")
        if command == "type":
            field, _, text = rest.partition(" ")
            editor = window.fields.editor_for(field)
            editor.setFocus()
            editor.selectAll()
            QTest.keyClicks(editor, text)
            QTest.keyClick(editor, Qt.Key.Key_Return)
            _when_idle(window, lambda: say("DONE type"))
        elif command == "assign":
            window.extras.assign_case.trigger()

            def fill() -> None:
                dialogs = [d for d in window.findChildren(AssignDialog) if d.isVisible()]
                if not dialogs:
                    QTimer.singleShot(20, fill)
                    return
                dialogs[0].person.setCurrentText(rest)
                dialogs[0].assign_button.click()
                _when_idle(window, lambda: say("DONE assign"))
            fill()
        elif command == "exit":
            window.close()
            _when_idle(window, lambda: (say("BYE"), app.quit()))
        else:
            say(f"UNKNOWN {line.strip()}")

    commands = Commands()
    commands.line.connect(handle, Qt.ConnectionType.QueuedConnection)

    def read() -> None:
        for line in sys.stdin:
            commands.line.emit(line)
        commands.line.emit("exit")  # the test went away

    threading.Thread(target=read, daemon=True).start()
    _when_idle(window, lambda: say("READY"))
    status = app.exec()
    store.close()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
