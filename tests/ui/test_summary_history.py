"""File ▸ Include Edit History in Summary: Export Summary PDF… of one letter then ends with its
History section (`build_case_summary(..., history=store.history(id))`, read back from the PDF);
off, it does not. The window's summaries also carry the store's deadlines for the case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtWidgets import QFileDialog

from imr_desk.core.reports.history_section import HEADING
from imr_desk.ui.printing import report_inputs

pytestmark = pytest.mark.usefixtures("message_boxes")


def export_text(window: Any, out: Path, qtbot: Any, monkeypatch: Any) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "PDF documents (*.pdf)"))
    window.menu_actions.export_pdf.trigger()
    qtbot.waitUntil(lambda: out.exists() and not window.menu_actions.reports.is_busy(), timeout=60_000)
    with pymupdf.open(out) as pdf:
        return "\n".join(page.get_text() for page in pdf)


def test_history_only_when_chosen(opened: Any, tmp_path: Path, qtbot: Any, monkeypatch: Any, settle: Any) -> None:
    window = opened
    window.editing.set_review_state("in_review")
    settle(window)
    letter_id = window.current.letter_id
    assert window.store.history(letter_id)
    without = export_text(window, tmp_path / "plain.pdf", qtbot, monkeypatch)
    assert f"\n{HEADING}\n" not in without
    assert not window.extras.summary_history.isChecked()
    window.extras.summary_history.setChecked(True)
    with_history = export_text(window, tmp_path / "history.pdf", qtbot, monkeypatch)
    assert f"\n{HEADING}\n" in with_history
    assert "In review" in with_history.split(f"\n{HEADING}\n", 1)[1]


def test_report_inputs_read_the_store(opened: Any) -> None:
    record = opened.current.record
    inputs = report_inputs(opened.store, [record], with_history=True)
    assert inputs.history == opened.store.history(record.letter_id)
    assert inputs.deadlines[record.letter_id] == opened.store.case_deadlines(record.letter_id)
    assert report_inputs(opened.store, [record, record], with_history=True).history is None  # a batch: none
