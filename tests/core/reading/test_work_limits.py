"""A PDF that asks for more work than any letter is refused as `too_large` before MuPDF does
the work: nested forms that multiply text runs, too many pages, too many pages to OCR. Truly
blank pages are never sent to OCR."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from imr_desk.core.model import LetterError
from imr_desk.core.reading import limits
from imr_desk.core.reading.load import load_document
from tests.support.hostile_pdfs import many_pages_pdf, nested_forms_pdf

GIGABYTE = 1024**3


class CountingReader:
    """A page reader that records which pages it was asked to read and reads none."""

    def __init__(self) -> None:
        self.asked: list[list[int]] = []

    def read_pages(self, pages: list[Any], page_indexes: list[int], file_name: str, **kwargs: Any) -> dict:
        self.asked.append(list(page_indexes))
        return {}

    def unavailable_reason(self) -> str | None:
        return None


def parse_capped(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """`imr-desk parse path` in a child process that may use at most 1 GB of memory (past that
    it fails with MemoryError instead of taking the machine down)."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))

    result = subprocess.run(
        [sys.executable, "-m", "imr_desk", "parse", str(path)], capture_output=True, text=True,
        preexec_fn=cap_memory, timeout=120, check=False,
    )
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("depth", [5, 7, 9])  # 100 thousand to a billion text runs in 2-3 KB
def test_nested_forms_that_multiply_text_runs_are_refused_under_a_gigabyte(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(nested_forms_pdf(depth=depth, fan_out=10))
    status, (line,) = parse_capped(path)
    assert status == 1
    assert line["error"]["code"] == "too_large"
    message = line["error"]["message"]
    assert message.startswith("bomb.pdf: page 1 ") and "more than any letter" in message


@pytest.mark.parametrize("pages", [3, 12])
def test_a_letter_of_dense_pages_is_refused_under_a_gigabyte(tmp_path: Path, pages: int) -> None:
    """Each page alone passes (10,000 text runs), but not a letter of many of them."""
    one_page = pymupdf.open(stream=nested_forms_pdf(depth=4, fan_out=10))
    pdf = pymupdf.open()
    for _ in range(pages):
        pdf.insert_pdf(one_page)
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf.tobytes())
    status, (line,) = parse_capped(path)
    if pages == 3:
        assert line.get("error", {}).get("code") != "too_large"  # read whole (what it is, is the parser's say)
        assert status in (0, 1)
    else:
        assert line["error"]["code"] == "too_large"
        assert "its pages ask MuPDF to interpret over" in line["error"]["message"]


def test_a_small_nest_of_forms_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "forms.pdf"
    path.write_bytes(nested_forms_pdf(depth=2, fan_out=10))  # 100 runs: a page of a real letter
    document = load_document(path)
    assert document.text.count("CM16-0213037") == 100
    document.close()


def test_too_many_pages_are_refused_before_any_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(many_pages_pdf(limits.MAX_PAGES + 1))
    reader = CountingReader()
    with pytest.raises(LetterError) as caught:
        load_document(path, page_reader=reader)
    assert caught.value.code == "too_large"
    assert f"has {limits.MAX_PAGES + 1} pages" in caught.value.message
    assert f"at most {limits.MAX_PAGES}" in caught.value.message
    assert reader.asked == []


def test_more_scanned_pages_than_ocr_reads_in_a_letter_are_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "scans.pdf"
    path.write_bytes(many_pages_pdf(limits.MAX_OCR_PAGES + 5, with_image=True))
    reader = CountingReader()
    with pytest.raises(LetterError) as caught:
        load_document(path, page_reader=reader)
    assert caught.value.code == "too_large"
    assert f"{limits.MAX_OCR_PAGES + 5} pages without text" in caught.value.message
    assert reader.asked == []


def test_truly_blank_pages_are_not_sent_to_ocr(corpus_dir: Path, tmp_path: Path) -> None:
    pdf = pymupdf.open(corpus_dir / "dwc-2016" / "CM16-0221706.pdf")
    real_pages = pdf.page_count
    for _ in range(3):
        pdf.new_page()  # nothing on it: no text, image or drawing
    drawn = pdf.new_page()
    drawn.draw_rect(pymupdf.Rect(72, 72, 300, 300))  # a drawing: maybe text drawn as curves
    path = tmp_path / "with-blank-pages.pdf"
    path.write_bytes(pdf.tobytes())
    reader = CountingReader()
    document = load_document(path, page_reader=reader)
    document.close()
    assert reader.asked == [[real_pages + 3]]


def test_more_characters_than_any_letter_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_LETTER_CHARS", 20_000)
    path = tmp_path / "forms.pdf"
    path.write_bytes(nested_forms_pdf(depth=3, fan_out=10))  # 26,000 characters and the page break
    with pytest.raises(LetterError) as caught:
        load_document(path)
    assert caught.value.code == "too_large"
    assert "26,001 characters" in caught.value.message and "at most 20,000" in caught.value.message
