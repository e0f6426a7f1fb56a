"""The commands never use the store's deprecated edit path (an edit without
``expected_version``): checked in their source and by running each command with
DeprecationWarning turned into an error."""

from __future__ import annotations

import ast
import shutil
import warnings
from pathlib import Path

import pytest

from imr_desk.cli import main

PACKAGE = Path(__file__).resolve().parents[2] / "imr_desk"
EDIT_METHODS = {"correct", "add_decision", "delete_decision", "annotate", "delete_annotation",
                "set_review_state", "undo", "redo"}


def edits_without_a_version(path: Path) -> list[str]:
    """`store.<edit>(...)` calls in `path` that pass no ``expected_version=``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in EDIT_METHODS
                and not any(k.arg == "expected_version" or k.arg is None for k in node.keywords)):
            found.append(f"{path.name}:{node.lineno} {node.func.attr}()")
    return found


def test_command_sources_pass_a_version_to_every_edit() -> None:
    sources = [*sorted((PACKAGE / "commands").glob("*.py")), PACKAGE / "cli.py"]
    assert [hit for path in sources for hit in edits_without_a_version(path)] == []


def test_no_command_takes_the_deprecated_path(tmp_path: Path, corpus_dir: Path, capsys) -> None:
    letter = tmp_path / "letter.pdf"
    shutil.copy(corpus_dir / "dwc-2016" / "CM16-0221706.pdf", letter)
    runs = [["import", str(letter)], ["import", str(letter)], ["export"], ["export", "--format", "csv"],
            ["search", "viagra"], ["report", "CM16-0221706", "--out", str(tmp_path / "a.pdf")],
            ["report", "--all", "--out", str(tmp_path / "b.pdf")],
            ["report", str(letter), "--out", str(tmp_path / "c.pdf")]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for argv in runs:
            assert main(argv) == 0, (argv, capsys.readouterr().err)
    capsys.readouterr()


@pytest.mark.parametrize("source", ["letter_editing.py"])
def test_the_scan_finds_edits_without_a_version(tmp_path: Path, source: str) -> None:
    sample = tmp_path / source
    sample.write_text("store.correct(1, 'header.priority', 'Standard')\n"
                      "store.correct(1, 'header.priority', 'Standard', expected_version=3)\n")
    assert edits_without_a_version(sample) == [f"{source}:1 correct()"]
