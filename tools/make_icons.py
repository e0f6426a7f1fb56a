"""Write the toolbar and app icons to resources/icons/ and render the app icon PNGs.

Every icon is a 24x24-viewBox SVG in one clean line style: 1.75 px round strokes in a
mid-tone slate (#5f6b7a) that reads on light and dark toolbars, with a single accent colour
where the meaning needs one (green = add / verified, amber = in review, red = delete).
The app icon is drawn filled and rendered to PNG at the sizes desktops ask for.

    .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)

SLATE = "#5f6b7a"
GREEN = "#2e8b57"
AMBER = "#c98a1b"
RED = "#c0392b"

# A page with a folded corner, shared by the document icons.
PAGE = '<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/>'
LENS = '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.3 15.3L21 21"/>'
ZOOM = '<circle cx="10.5" cy="10.5" r="7"/><path d="M15.6 15.6L21 21"/>'


def _accent(color: str, body: str) -> str:
    return f'<g stroke="{color}">{body}</g>'


# icon name -> SVG elements drawn with the default slate stroke
LINE_ICONS: dict[str, str] = {
    "open": '<path d="M3 18V6a1 1 0 0 1 1-1h5l2 2h7a1 1 0 0 1 1 1v2"/>'
    '<path d="M3 19l3.2-8.2A1 1 0 0 1 7.1 10H21l-3.3 8.3a1 1 0 0 1-.9.7H3z"/>',
    "import-folder": '<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>'
    + _accent(GREEN, '<path d="M12 10v6"/><path d="M9 13l3 3 3-3"/>'),
    "export-pdf": PAGE + '<path d="M12 11v6"/><path d="M9 14l3 3 3-3"/>',
    "print": '<path d="M7 9V3h10v6"/>'
    '<path d="M7 17H5a2 2 0 0 1-2-2v-4a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v4a2 2 0 0 1-2 2h-2"/>'
    '<path d="M7 14h10v7H7z"/>',
    "print-preview": '<path d="M11 21H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h7l5 5v3"/><path d="M14 3v5h5"/>'
    '<circle cx="16" cy="16" r="3"/><path d="M18.2 18.2L21 21"/>',
    "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>',
    "redo": '<path d="M15 14l5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>',
    "zoom-in": ZOOM + '<path d="M10.5 7.5v6"/><path d="M7.5 10.5h6"/>',
    "zoom-out": ZOOM + '<path d="M7.5 10.5h6"/>',
    "fit-width": '<path d="M3 5v14"/><path d="M21 5v14"/><path d="M7 12h10"/>'
    '<path d="M10 9l-3 3 3 3"/><path d="M14 9l3 3-3 3"/>',
    "find": LENS,
    "next": '<path d="M9 5l7 7-7 7"/>',
    "previous": '<path d="M15 5l-7 7 7 7"/>',
    "next-unreviewed": '<path d="M4 5l7 7-7 7"/>' + _accent(AMBER, '<circle cx="17.5" cy="12" r="3.5"/>'),
    "in-review": _accent(
        AMBER,
        '<circle cx="12" cy="12" r="8.5"/><path d="M12 3.5a8.5 8.5 0 0 1 0 17z" fill="' + AMBER + '"/>',
    ),
    "verified": _accent(GREEN, '<circle cx="12" cy="12" r="8.5"/><path d="M8 12.5l3 3 5-6"/>'),
    "assign": '<rect x="3" y="14" width="18" height="6" rx="1.5"/><path d="M6.5 17h5"/>'
    + _accent(GREEN, '<path d="M16 3v8"/><path d="M13 8l3 3 3-3"/>'),
    "add-decision": PAGE + _accent(GREEN, '<path d="M12 11v6"/><path d="M9 14h6"/>'),
    "delete-decision": PAGE + _accent(RED, '<path d="M9.5 11.5l5 5"/><path d="M14.5 11.5l-5 5"/>'),
    "annotate": '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13 7l4 4"/><path d="M13 20h7"/>',
    "history": '<path d="M3.5 12a8.5 8.5 0 1 0 2.5-6"/><path d="M3 3.5V8h4.5"/><path d="M12 7.5V12l3 2"/>',
}

APP_ICON = f"""<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">
  <title>imr-desk</title>
  <rect x="0.5" y="0.5" width="23" height="23" rx="5" fill="#24527a"/>
  <path d="M6 4h8.5L18 7.5V19a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z" fill="#ffffff"/>
  <path d="M14.5 4v3.5H18" fill="#d5dde6"/>
  <rect x="7" y="7" width="5" height="1.3" rx="0.6" fill="#24527a"/>
  <rect x="7" y="9.6" width="8.5" height="1" rx="0.5" fill="#9aa7b5"/>
  <rect x="7" y="11.6" width="8.5" height="1" rx="0.5" fill="#9aa7b5"/>
  <rect x="6.6" y="13.3" width="6.4" height="2" rx="0.4" fill="#f2c14e" opacity="0.85"/>
  <rect x="7" y="13.8" width="5.6" height="1" rx="0.5" fill="#5f6b7a"/>
  <rect x="7" y="16.4" width="4.5" height="1" rx="0.5" fill="#9aa7b5"/>
  <circle cx="17" cy="17" r="4.6" fill="{GREEN}" stroke="#ffffff" stroke-width="1.2"/>
  <path d="M14.9 17.1l1.5 1.5 2.8-3.2" fill="none" stroke="#ffffff" stroke-width="1.5"
        stroke-linecap="round" stroke-linejoin="round"/>
</svg>
"""


def line_icon_svg(name: str, body: str) -> str:
    """Wrap `body` in the shared SVG header with the slate stroke style."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" '
        f'fill="none" stroke="{SLATE}" stroke-width="1.75" stroke-linecap="round" '
        f'stroke-linejoin="round">\n  <title>{name}</title>\n  {body}\n</svg>\n'
    )


def write_svgs(directory: Path) -> list[Path]:
    """Write every icon SVG into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in LINE_ICONS.items():
        path = directory / f"{name}.svg"
        path.write_text(line_icon_svg(name, body), encoding="utf-8")
        written.append(path)
    app_path = directory / "app.svg"
    app_path.write_text(APP_ICON, encoding="utf-8")
    written.append(app_path)
    return written


def render_app_pngs(directory: Path) -> list[Path]:
    """Render app.svg to app-<size>.png for every size in APP_PNG_SIZES."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(directory / "app.svg"))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {directory / 'app.svg'} is not a valid SVG")
    written = []
    for size in APP_PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = directory / f"app-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"make_icons: could not write {path}")
        written.append(path)
    del app
    return written


def main() -> int:
    svgs = write_svgs(ICONS_DIR)
    pngs = render_app_pngs(ICONS_DIR)
    print(f"wrote {len(svgs)} SVG icons and {len(pngs)} PNG sizes to {ICONS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
