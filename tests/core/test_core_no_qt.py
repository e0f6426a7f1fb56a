"""`imr_desk.core` stays free of Qt: importing every one of its modules loads no PySide6/shiboken6."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import importlib, json, pkgutil, sys
import imr_desk.core as core
names = sorted(m.name for m in pkgutil.walk_packages(core.__path__, "imr_desk.core."))
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"modules": names, "qt": qt}))
"""


def test_importing_every_core_module_loads_no_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "imr_desk.core.parsing.parser" in report["modules"] and "imr_desk.core.parsing.letters" in report["modules"]
    assert report["qt"] == []


def test_parse_path_imports_no_store_report_or_qt_module() -> None:
    """`imr-desk parse` must start fast: no sqlite_utils, reportlab or Qt on its import path."""
    script = (
        "import sys, imr_desk.cli, imr_desk.commands.parse_cmd, imr_desk.core.parsing.letters;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlite_utils', 'reportlab', 'PySide6', 'shiboken6', 'pypdf'}))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
