"""The guardrails can fail: a planted upward import breaks an import-linter contract, a
planted circle (inside a function, as lazy imports are) is found by tools/import_graph.py.

The checks themselves run over the real package in .ci/run (tools/guardrails.sh); these
tests run them over a copy of the package with one wrong import added.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.import_graph import circles

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def copy_with(tmp_path: Path, module: str, added_line: str) -> Path:
    """A copy of the project's package and config in `tmp_path` with `added_line` appended to
    `module` (a path inside imr_desk/)."""
    shutil.copytree(ROOT / "imr_desk", tmp_path / "imr_desk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "imr_desk" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n" + added_line + "\n", encoding="utf-8")
    return tmp_path


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=300, check=False,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/parsing/parser.py", "def _late() -> None:\n    from imr_desk.core.store import Store",
         "along the letter's path"),
        ("core/model.py", "import PySide6.QtCore", "core never imports Qt"),
        ("ui/icons.py", "from imr_desk.commands import store_access", "the window does not import the commands"),
    ],
)
def test_a_planted_wrong_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str) -> None:
    result = lint_imports(copy_with(tmp_path, module, line))
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout


def test_circles_are_found_and_lone_modules_are_not() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.slow
def test_a_circle_through_a_lazy_import_is_found(tmp_path: Path) -> None:
    folder = copy_with(tmp_path, "core/fields.py", "def _late() -> None:\n    from imr_desk.core import model")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_graph.py")], cwd=folder, capture_output=True, text=True,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}, timeout=300, check=False,
    )
    assert result.returncode == 1
    assert "circle: imr_desk.core.fields <-> imr_desk.core.model" in result.stdout
