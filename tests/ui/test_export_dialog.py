"""File ▸ Export Letters… (issue 13 item 6): JSON Lines or CSV of the selected or all letters,
written on a worker thread with progress, atomically, never over the store; long CSV cells cut
with a visible marker. Also the window's position and size surviving save/restore cycles."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QSize
from PySide6.QtWidgets import QMainWindow

from imr_desk.core.store import ANY_VERSION
from imr_desk.core.store.export import SPREADSHEET_CELL_LIMIT
from imr_desk.resources import RESOURCES_DIR
from imr_desk.ui import settings

pytestmark = pytest.mark.usefixtures("message_boxes")
ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture
def samples(store: Any) -> list[int]:
    ids = []
    for pdf in sorted((RESOURCES_DIR / "samples").glob("*.pdf")):
        result = store.import_file(pdf)
        assert result.status == "imported", result.message
        ids.append(result.letter_id)
    return ids


def run_export(qtbot: Any, dialog: Any, path: Path, *, csv_format: bool, selected: bool) -> None:
    (dialog.csv if csv_format else dialog.jsonl).setChecked(True)
    (dialog.selected if selected else dialog.all).setChecked(True)
    dialog.path_edit.setText(str(path))
    dialog.export_button.click()
    assert dialog.is_running()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)


def test_export_writes_jsonl_and_csv_with_progress_and_a_cut_marker(
    make_window: Any, store: Any, samples: list[int], tmp_path: Path, qtbot: Any
) -> None:
    long_summary = "The worker reports pain in the lower back and both knees. " * 700  # 41,300 characters
    store.correct(samples[0], "case_summary", long_summary, expected_version=ANY_VERSION)
    window = make_window()
    window.queue.reload()
    dialog = window.export_letters()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert window.menu_actions.export_letters.shortcut().toString()
    run_export(qtbot, dialog, tmp_path / "letters.jsonl", csv_format=False, selected=False)
    assert dialog.status.text() == f"Exported 4 letter(s) to {tmp_path / 'letters.jsonl'}."
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 4
    assert dialog.progress_bar.text() == "Letter 4 of 4"
    lines = (tmp_path / "letters.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["store"]["letter_id"] for line in lines] == samples
    assert json.loads(lines[0])["case_summary"] == long_summary  # JSON keeps every character
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "export-dialog.png"))
    Path("/tmp/shots").mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / "export-dialog.png", "/tmp/shots/export-dialog.png")

    run_export(qtbot, dialog, tmp_path / "letters.csv", csv_format=True, selected=False)
    text = (tmp_path / "letters.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert {row["letter_id"] for row in rows} == {str(i) for i in samples}
    first = next(row for row in rows if row["letter_id"] == str(samples[0]))
    assert len(first["case_summary"]) == SPREADSHEET_CELL_LIMIT and first["case_summary"].endswith("characters more]")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # no temporary file left
    dialog.close()


def test_export_of_the_selection_and_refusals(
    make_window: Any, store: Any, samples: list[int], tmp_path: Path, qtbot: Any
) -> None:
    window = make_window()
    window.queue.reload()
    for letter_id in (samples[1], samples[2]):
        row = window.queue.model.row_for_letter(letter_id)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        window.queue.table.selectionModel().select(window.queue.model.index(row, 0), flags)
    assert sorted(window.queue.selected_letter_ids()) == [samples[1], samples[2]]
    dialog = window.export_letters()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.addWidget(dialog)
    assert dialog.selected.isChecked() and dialog.selected.text() == "The 2 letters selected in the queue"
    run_export(qtbot, dialog, tmp_path / "two.jsonl", csv_format=False, selected=True)
    ids = [json.loads(line)["store"]["letter_id"] for line in (tmp_path / "two.jsonl").read_text().splitlines()]
    assert sorted(ids) == [samples[1], samples[2]]
    before = store.path.read_bytes()
    dialog.path_edit.setText(str(store.path))
    dialog.export_button.click()
    assert not dialog.is_running() and "the store's own file" in dialog.status.text()
    dialog.path_edit.setText(str(tmp_path / "no such folder" / "x.csv"))
    dialog.export_button.click()
    assert "does not exist" in dialog.status.text()
    assert store.path.read_bytes() == before
    (tmp_path / "kept.jsonl").write_text("earlier export\n", encoding="utf-8")
    dialog.path_edit.setText(str(tmp_path / "kept.jsonl"))
    dialog.export_button.click()  # and stop it at once: the earlier file stays as it was
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20_000)
    if dialog.status.text().startswith("Export stopped"):
        assert (tmp_path / "kept.jsonl").read_text(encoding="utf-8") == "earlier export\n"
    else:  # the worker wrote both letters before the stop arrived: the whole file, never half
        assert len((tmp_path / "kept.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_window_comes_back_where_it_was_after_restarts(qtbot: Any) -> None:
    place, size = QPoint(210, 170), QSize(1180, 760)
    for _cycle in range(3):  # each restart: restore, show, save on close — no drift
        window = QMainWindow()
        qtbot.addWidget(window)
        restored = settings.restore_window(window, {})
        if not restored:
            window.resize(size)
            window.move(place)
        window.show()
        qtbot.waitExposed(window)
        assert window.pos() == place and window.size() == size
        settings.save_window(window, {})
        window.close()
    again = QMainWindow()
    qtbot.addWidget(again)
    assert settings.restore_window(again, {})
    assert again.pos() == place and again.size() == size
