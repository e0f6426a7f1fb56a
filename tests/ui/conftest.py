"""Qt test set-up: temporary QSettings for every test under tests/ui, plus window fixtures.

`store` is a `Store` on the test's private path (`pg_store` one on a new PostgreSQL
database); `make_window()` builds the real `MainWindow` (1400×900, shown) and closes it before
the store closes (waiting for its pending writes); `settle(window)` waits until every write the
window submitted has been stored and answered (writes run on a worker thread); `message_boxes`
records every QMessageBox (answering the default button) so no modal dialog can block a
headless test: the static ones (information, question, ...) and message boxes built and
`exec()`ed, whose button is chosen by its text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The offscreen platform says this whenever a top-level window's size limits change; it is about
# the headless test platform, not the application, so it must not fail window tests.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _private_qsettings(qapp: object, tmp_qsettings: Path) -> Path:
    """Apply `tmp_qsettings` to every window test (a QApplication exists first)."""
    return tmp_qsettings


@dataclass
class ShownMessage:
    kind: str  # "information" | "warning" | "critical" | "question" | "about" | "box" (exec'd)
    title: str
    text: str
    buttons: tuple[str, ...] = ()  # a built box's button texts (without the & of mnemonics)


class MessageLog(list[ShownMessage]):
    """The messages shown, in order; `answers` queues replies to questions (default Yes)."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[Any] = []

    def texts(self) -> str:
        return "\n".join(f"{m.title}: {m.text}" for m in self)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageLog:
    """Every QMessageBox shown during the test; `question` replies from `answers` (default Yes);
    a built box clicks the button whose text (without "&") is the next answer, else its default."""
    from PySide6.QtWidgets import QMessageBox

    shown = MessageLog()

    def recorder(kind: str, answer: Any) -> Callable[..., Any]:
        def show(_parent: Any, title: str, text: str, *_args: Any, **_kwargs: Any) -> Any:
            shown.append(ShownMessage(kind, title, text))
            return answer() if callable(answer) else answer
        return show

    def next_answer() -> Any:
        return shown.answers.pop(0) if shown.answers else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "information", recorder("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", recorder("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", recorder("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", recorder("question", next_answer))
    monkeypatch.setattr(QMessageBox, "about", recorder("about", None))

    def exec_box(box: Any) -> int:
        buttons = {button.text().replace("&", ""): button for button in box.buttons()}
        text = "\n".join(part for part in (box.text(), box.informativeText()) if part)
        shown.append(ShownMessage("box", box.windowTitle(), text, tuple(buttons)))
        answer = shown.answers.pop(0) if shown.answers and isinstance(shown.answers[0], str) else None
        button = buttons[answer.replace("&", "")] if answer is not None else box.defaultButton()
        if button is None:
            return 0
        button.click()
        return box.result()

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    return shown


@pytest.fixture
def store(tmp_store_path: Path) -> Iterator[Any]:
    from imr_desk.core.store import Store

    opened = Store(tmp_store_path)
    yield opened
    opened.close()


@pytest.fixture
def pg_store(pg_target: str) -> Iterator[Any]:
    from imr_desk.core.store import Store

    opened = Store(pg_target)
    yield opened
    opened.close()


@pytest.fixture
def make_window(qtbot: Any, store: Any) -> Iterator[Callable[..., Any]]:
    """Build shown MainWindows (on `store` unless given another); all closed at teardown."""
    from imr_desk.ui.main_window import MainWindow

    windows: list[Any] = []

    def make(on_store: Any = None) -> Any:
        window = MainWindow(on_store or store)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        qtbot.waitUntil(lambda window=window: window.store_ops.is_idle() and not window.isVisible(), timeout=30_000)
        window.store_ops.shutdown()


def wait_for_writes(qtbot: Any, window: Any, timeout: int = 10_000) -> None:
    """Wait until every store write `window` submitted has been done and answered."""
    qtbot.waitUntil(window.store_ops.is_idle, timeout=timeout)


@pytest.fixture
def settle(qtbot: Any) -> Callable[[Any], None]:
    """`settle(window)`: wait for the window's pending store writes (see `wait_for_writes`)."""
    return lambda window: wait_for_writes(qtbot, window)


# The corpus letter most window tests open: four decisions over three pages.
LETTER_FILE = "CM16-0243453.pdf"


@pytest.fixture
def letter_path(corpus_dir: Path) -> Path:
    return corpus_dir / "dwc-2016" / LETTER_FILE


@pytest.fixture
def opened(make_window: Callable[..., Any], store: Any, letter_path: Path) -> Any:
    """A window with the corpus letter imported and open."""
    result = store.import_file(letter_path)
    assert result.status == "imported", result.message
    window = make_window()
    window.queue.reload()
    assert window.open_letter(result.letter_id)
    return window
