"""Side views: welcome page, notes panel, history dialog and the recent-files list."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from imr_desk.core.model import Letter, Source
from imr_desk.core.records import Annotation, CaseRecord, HistoryEntry, ReviewState
from imr_desk.ui.annotations_panel import AnnotationsPanel
from imr_desk.ui.history_dialog import HistoryDialog, readable_value
from imr_desk.ui.recent_files import MAX_RECENT, RecentFiles
from imr_desk.ui.welcome_view import WelcomeView

# The offscreen platform plugin warns that it cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"
LETTER_TEXT = (
    "Dear Ms. Example: The requested physical therapy, 12 sessions, is not medically necessary "
    "and appropriate. The reviewer found no documented functional improvement after prior therapy."
)


def save_screenshot(widget: QWidget, name: str) -> Path:
    """Grab `widget` into tests/_artifacts/<name>.png (and /tmp/shots/ for a look)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path))
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    shutil.copy(path, shots / path.name)
    return path


def make_record(annotations: list[Annotation]) -> CaseRecord:
    letter = Letter(source=Source(file="invented.txt", kind="text"), text=LETTER_TEXT)
    return CaseRecord(
        letter_id=7, letter=letter, parsed=letter, decision_keys=[], corrections=[],
        annotations=annotations, review=ReviewState(), version=3, file_name="invented.txt",
        sha256="0" * 64, imported_at="2026-11-23T10:00:00Z",
    )


def note(annotation_id: int, text: str, *, tag: str | None = None, span: tuple[int, int] | None = None) -> Annotation:
    return Annotation(
        id=annotation_id, letter_id=7, note=text, tag=tag, span=span, regions=[],
        user="paralegal", created_at="2026-11-23T10:15:00Z",
    )


# -- welcome view ----------------------------------------------------------------------------

def test_welcome_view_buttons_emit_their_requests(qtbot: Any) -> None:
    view = WelcomeView()
    qtbot.addWidget(view)
    view.resize(900, 640)
    view.show()
    for button, signal in (
        (view.open_button, view.openLettersRequested),
        (view.import_button, view.importFolderRequested),
        (view.samples_button, view.openSamplesRequested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.open_button.text() == "Open letters…"
    assert view.samples_button.text() == "Open sample letters"
    save_screenshot(view, "welcome_view")


def test_welcome_view_reads_in_a_dark_palette(qtbot: Any) -> None:
    view = WelcomeView()
    qtbot.addWidget(view)
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2d30"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Button, "#35373a"), (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                         (QPalette.ColorRole.PlaceholderText, "#8a8d91")):
        dark.setColor(role, colour)
    view.setPalette(dark)
    view.setAutoFillBackground(True)
    view.resize(900, 640)
    view.show()
    wrapped = [label for label in view.findChildren(QLabel) if label.wordWrap()]
    assert all(label.height() >= label.heightForWidth(label.width()) for label in wrapped)
    image = view.grab().toImage()
    assert image.pixelColor(5, 5).lightness() < 80  # the background follows the palette
    title = next(label for label in view.findChildren(QLabel) if label.text() == "Welcome to imr-desk")
    box = title.geometry()
    brightest = max(
        image.pixelColor(x, y).lightness()
        for x in range(box.left(), box.right(), 2) for y in range(box.top(), box.bottom(), 2)
    )
    assert brightest > 180  # light text on the dark background
    save_screenshot(view, "welcome_view_dark")


# -- annotations panel -----------------------------------------------------------------------

def test_annotations_panel_empty_state_then_notes(qtbot: Any) -> None:
    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.set_record(None)
    assert panel.stack.currentWidget() is panel.empty_label
    assert "Select text in the letter" in panel.empty_label.text()
    panel.set_shortcut_hint("Ctrl+M")
    assert "press Ctrl+M" in panel.empty_label.text()
    span = (LETTER_TEXT.index("physical"), LETTER_TEXT.index(", is not"))
    notes = [note(1, "Check the PT count", tag="follow-up", span=span), note(2, "Whole-letter note")]
    panel.set_record(make_record(notes))
    assert panel.stack.currentWidget() is panel.list
    assert panel.annotation_ids() == [1, 2]
    assert panel.list.item(0).data(Qt.ItemDataRole.UserRole + 2) == "“physical therapy, 12 sessions”"
    assert panel.list.item(1).data(Qt.ItemDataRole.UserRole + 2) == "Whole letter"
    assert not panel.delete_button.isEnabled()
    panel.resize(360, 300)
    panel.show()
    save_screenshot(panel, "annotations_panel")


def test_annotation_click_activates_and_delete_key_requests_deletion(qtbot: Any) -> None:
    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.set_record(make_record([note(11, "First"), note(12, "Second", tag="question")]))
    panel.show()
    second = panel.list.visualItemRect(panel.list.item(1)).center()
    with qtbot.waitSignal(panel.annotationActivated, check_params_cb=lambda i: i == 12, timeout=1000):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert panel.delete_button.isEnabled()
    with qtbot.waitSignal(panel.deleteRequested, check_params_cb=lambda i: i == 12, timeout=1000):
        qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    with qtbot.waitSignal(panel.deleteRequested, check_params_cb=lambda i: i == 12, timeout=1000):
        qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)


def test_annotations_panel_keeps_selection_across_refresh_without_emitting(qtbot: Any) -> None:
    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.set_record(make_record([note(1, "a"), note(2, "b"), note(3, "c")]))
    panel.select_annotation(2)
    with qtbot.assertNotEmitted(panel.annotationActivated):
        panel.set_record(make_record([note(1, "a"), note(2, "b edited")]))
    assert panel.current_annotation_id() == 2
    panel.set_record(make_record([note(1, "a")]))
    assert panel.current_annotation_id() is None
    assert not panel.delete_button.isEnabled()


# -- history dialog --------------------------------------------------------------------------

def history_entries() -> list[HistoryEntry]:
    long_rationale = "The guideline supports up to ten visits of therapy for this condition. " * 4
    return [
        HistoryEntry(1, 7, "correct", "Decision date", "2016-11-03", "2016-11-04", "maria", "2026-11-23T10:00:00Z"),
        HistoryEntry(
            2, 7, "correct", "Reviewer specialty",
            ["Orthopedic Surgery"], ["Orthopedic Surgery", "Sports Medicine"],
            "maria", "2026-11-23T10:01:00Z",
        ),
        HistoryEntry(3, 7, "correct", "Decision 1 · Rationale", "", long_rationale, "maria", "2026-11-23T10:02:00Z"),
        HistoryEntry(
            4, 7, "add_decision", "Decision 3 (added)",
            None, {"request": "MRI of the lumbar spine", "outcome": "upheld"},
            "maria", "2026-11-23T10:03:00Z",
        ),
        HistoryEntry(
            5, 7, "review", "Review state", "unreviewed", "verified", "maria", "2026-11-23T10:04:00Z", undone=True
        ),
    ]


def test_history_dialog_lists_newest_first_readably(qtbot: Any) -> None:
    dialog = HistoryDialog(history_entries(), title="CM16-0221706")
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 5
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == ["When", "Who", "What", "From", "To"]
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(5)]
    assert rows[0][2] == "Changed: Review state (undone)"
    assert rows[0][3:] == ["Unreviewed", "Verified"]
    assert rows[1][2:] == ["Added decision: Decision 3 (added)", "—", "MRI of the lumbar spine (upheld)"]
    assert rows[2][4] == table.item(2, 4).toolTip()  # shown whole, wrapped (only past 400 characters shortened)
    assert table.item(2, 4).toolTip().startswith("The guideline supports up to ten visits")
    assert len(table.item(2, 4).toolTip()) > 200
    assert rows[3][3:] == ["Orthopedic Surgery", "Orthopedic Surgery, Sports Medicine"]
    assert rows[4][3:] == ["11/03/2016", "11/04/2016"]
    assert rows[4][1] == "maria"
    assert "2026" in rows[4][0]
    greyed = dialog.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert table.item(0, 0).foreground().color() == greyed
    assert table.item(1, 0).foreground().color() != greyed
    assert dialog.windowTitle() == "History — CM16-0221706"
    dialog.show()
    save_screenshot(dialog, "history_dialog")


def test_history_dialog_with_no_entries_says_so(qtbot: Any) -> None:
    dialog = HistoryDialog([])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.table.isVisible()
    assert any("No edits yet" in label.text() and label.isVisible() for label in dialog.findChildren(QLabel))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        ([], "—"),
        (True, "Yes"),
        ({"note": "see p. 2", "tag": None}, "see p. 2"),
        ("a\n  b", "a b"),
        (3, "3"),
    ],
)
def test_readable_value(value: Any, shown: str) -> None:
    assert readable_value(value) == shown


# -- recent files ----------------------------------------------------------------------------

def test_recent_files_newest_first_capped_and_pruned(tmp_path: Path) -> None:
    recent = RecentFiles()
    files = []
    for number in range(MAX_RECENT + 2):
        path = (tmp_path / f"letter-{number}.pdf").resolve()
        path.write_bytes(b"%PDF-1.4")
        files.append(path)
        recent.add(path)
    listed = recent.paths()
    assert len(listed) == MAX_RECENT
    assert listed[0] == str(files[-1]) and listed[-1] == str(files[2])
    recent.add(files[5])
    assert recent.paths()[0] == str(files[5]) and len(recent.paths()) == MAX_RECENT
    files[-1].unlink()
    assert str(files[-1]) not in recent.paths()
    assert len(QSettings().value("recent/files")) == MAX_RECENT - 1  # pruned in the settings too
    again = RecentFiles()  # a new run reads the same list
    assert again.paths() == recent.paths()
    recent.clear()
    assert again.paths() == []


def test_recent_files_menu_emits_the_chosen_path(qtbot: Any, tmp_path: Path) -> None:
    recent = RecentFiles()
    first, second = (tmp_path / "a&b.pdf").resolve(), (tmp_path / "second.txt").resolve()
    for path in (first, second):
        path.write_text("letter")
        recent.add(path)
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = recent.menu(parent)
    labels = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert labels == ["&1 second.txt", "&2 a&&b.pdf", "&Clear Menu"]
    with qtbot.waitSignal(recent.fileChosen, check_params_cb=lambda p: p == str(first), timeout=1000):
        menu.actions()[1].trigger()
    menu.actions()[-1].trigger()  # Clear Menu
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == ["No recent letters", "&Clear Menu"]
    assert not menu.actions()[-1].isEnabled()
