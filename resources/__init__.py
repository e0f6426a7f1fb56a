"""Bundled resources (icons, fonts, sample letters); installed as ``imr_desk.resources``."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent
