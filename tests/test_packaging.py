"""Packaging: the wheel and sdist carry every module and resource, the installed wheel runs
(commands and the window, offscreen) away from the source tree, and the desktop files are valid.

The wheel test builds with `python -m build` (its isolated build environment comes from PyPI),
installs the wheel with `--no-deps` into a fresh venv and borrows the project venv's
site-packages through a `.pth` file, so no dependency is downloaded again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import xml.etree.ElementTree as ElementTree
import zipfile
from configparser import ConfigParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.imr_desk.ImrDesk"
ICON_NAMES = (
    "app open import-folder export-pdf print print-preview undo redo zoom-in zoom-out fit-width "
    "find next previous next-unreviewed in-review verified assign add-decision delete-decision "
    "annotate history"
).split()


def source_modules() -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in (ROOT / "imr_desk").rglob("*.py")}


def resource_files() -> set[str]:
    found = set()
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            found.add("imr_desk/resources/" + path.relative_to(ROOT / "resources").as_posix())
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


@pytest.mark.slow
def test_wheel_has_every_module_and_resource(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    assert source_modules() <= names, sorted(source_modules() - names)
    assert resource_files() <= names, sorted(resource_files() - names)
    for icon in ICON_NAMES:
        assert f"imr_desk/resources/icons/{icon}.svg" in names
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert f"imr_desk/resources/icons/app-{size}.png" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


@pytest.mark.slow
def test_sdist_has_sources_resources_and_licence(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md", "LICENSE"} <= names
    assert source_modules() <= names
    assert {n.replace("imr_desk/resources/", "resources/") for n in resource_files()} <= names


@pytest.mark.slow
def test_installed_wheel_runs_commands_and_window(built: dict[str, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-index", str(built["wheel"])],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    site = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())
    # the dependencies (PySide6, pymupdf, ...) come from the project venv; its editable
    # imr_desk is not picked up because .pth files inside an added folder are not processed
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY"}}
    env.update(
        QT_QPA_PLATFORM="offscreen", IMR_DESK_DB=str(tmp_path / "store.db"),
        IMR_DESK_LOG_DIR=str(tmp_path / "logs"),
    )

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**env, **extra}
        )

    where = run(str(python), "-c", "import imr_desk.resources as r; print(r.RESOURCES_DIR)")
    resources = Path(where.stdout.strip())
    assert resources.is_relative_to(site), where.stdout + where.stderr
    assert (resources / "icons" / "app-256.png").is_file()

    script = venv / "bin" / "imr-desk"
    version = run(str(script), "--version")
    assert version.returncode == 0 and version.stdout.startswith("imr-desk "), version.stderr
    parsed = run(str(script), "parse", str(resources / "samples" / "sample-upheld.pdf"))
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["header"]["case_number"] == "CM99-0000101"
    window = run(str(script), IMR_DESK_SMOKE_TEST="1")
    assert window.returncode == 0, window.stderr
    assert "imr-desk: window shown after" in window.stderr


def test_desktop_entry_is_consistent() -> None:
    entry = ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "imr-desk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "imr-desk %F"
    assert desktop["Icon"] == "imr-desk"
    assert desktop["MimeType"] == "application/pdf;text/plain;"
    assert "Office;" in desktop["Categories"]
    result = subprocess.run(["desktop-file-validate", str(PACKAGING / "imr-desk.desktop")],
                            capture_output=True, text=True) if _have("desktop-file-validate") else None
    assert result is None or result.returncode == 0, result.stdout


def _have(program: str) -> bool:
    return any((Path(d) / program).is_file() for d in os.environ.get("PATH", "").split(os.pathsep))


def test_appstream_metainfo_is_valid_and_matches() -> None:
    path = PACKAGING / f"{APP_ID}.metainfo.xml"
    root = ElementTree.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == "imr-desk.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "AGPL-3.0-or-later"
    from imr_desk import __version__

    assert root.find("releases/release").get("version") == __version__
    assert root.find("provides/binary").text == "imr-desk"
    assert len(root.findall("description/p")) >= 2
    if _have("appstreamcli"):
        result = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_icons_are_valid_24px_svgs_and_app_pngs_have_their_sizes() -> None:
    import struct

    from PySide6.QtSvg import QSvgRenderer

    icons = ROOT / "resources" / "icons"
    for name in ICON_NAMES:
        path = icons / f"{name}.svg"
        root = ElementTree.parse(path).getroot()
        assert root.get("viewBox") == "0 0 24 24", name
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid() and renderer.defaultSize().width() == 24, name
    for size in (16, 32, 48, 64, 128, 256, 512):
        header = (icons / f"app-{size}.png").read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)
