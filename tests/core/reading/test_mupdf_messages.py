"""MuPDF's own messages about damaged PDFs go to the log, never to standard output (where
`imr-desk parse` writes JSON Lines)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf


def damaged_pdf(folder: Path) -> Path:
    """A one-page PDF whose content stream is not valid deflate data (MuPDF complains about
    it every time the page is read)."""
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 72), "Case Number: CM16-0213037 " * 3)
    data = pdf.tobytes(deflate=True)
    start = data.find(b"stream") + 8
    damaged = data[:start] + b"\x00\x01garbagegarbage" + data[start + 16:]
    path = folder / "damaged.pdf"
    path.write_bytes(damaged)
    return path


def test_parse_of_a_damaged_pdf_prints_only_json_and_logs_mupdfs_complaint(tmp_path: Path) -> None:
    path = damaged_pdf(tmp_path)
    environment = dict(os.environ, IMR_DESK_LOG_DIR=str(tmp_path / "log"))
    result = subprocess.run(
        [sys.executable, "-m", "imr_desk", "parse", str(path), str(path)],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert all(json.loads(line)["source"]["file"] == "damaged.pdf" for line in lines)
    assert "MuPDF" not in result.stderr  # not on the terminal either: the message is the log's
    log_text = (tmp_path / "log" / "imr-desk.log").read_text(encoding="utf-8")
    assert "zlib error" in log_text and "damaged.pdf" in log_text
