"""docs/architecture.md draws the package as it is: every module of imr_desk is named there
(as its path below imr_desk/, e.g. ``core/store/facade.py``), and every module path it names
exists. Module sizes keep to the project's rule (none over 600 lines) and each has a
docstring."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "imr_desk"
DOC = ROOT / "docs" / "architecture.md"


def package_modules() -> list[str]:
    return sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def test_every_module_is_named_in_the_architecture_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [module for module in package_modules() if module not in text and not module.endswith("__init__.py")]
    assert missing == [], f"docs/architecture.md does not name: {missing}"


def test_every_module_the_doc_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:core|ui|commands)/[\w/]+\.py|[a-z_]+\.py)`", text))
    existing = set(package_modules())
    outside = {name for name in named if not name.startswith(("core/", "ui/", "commands/"))}
    gone = sorted(name for name in named - outside if name not in existing)
    assert gone == [], f"docs/architecture.md names modules that do not exist: {gone}"


def test_modules_keep_to_the_size_rule_and_have_a_docstring() -> None:
    too_long, undocumented = [], []
    for module in package_modules():
        source = (PACKAGE / module).read_text(encoding="utf-8")
        if len(source.splitlines()) > 600:
            too_long.append(module)
        if source.strip() and ast.get_docstring(ast.parse(source)) is None:
            undocumented.append(module)
    assert too_long == [] and undocumented == []
