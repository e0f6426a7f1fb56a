"""Bad input: every broken file gives a `LetterError` with the spec's code and a plain message
naming the file, through `read_letter` and through `imr-desk parse` (error objects, exit 1,
no traceback, the good files of the same call still parsed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import SCHEMA, LetterError
from imr_desk.core.ocr import pages as ocr
from imr_desk.core.parsing.letters import read_letter

GOOD_LETTER = "CM16-0221706.pdf"


def _missing(tmp: Path, corpus: Path) -> Path:
    return tmp / "no-such-letter.pdf"


def _zero_bytes(tmp: Path, corpus: Path) -> Path:
    path = tmp / "zero.pdf"
    path.write_bytes(b"")
    return path


def _truncated(tmp: Path, corpus: Path) -> Path:
    data = (corpus / "dwc-2016" / GOOD_LETTER).read_bytes()
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_bytes(tmp: Path, corpus: Path) -> Path:
    path = tmp / "random.pdf"
    path.write_bytes(os.urandom(4096))
    return path


def _png(tmp: Path, corpus: Path) -> Path:
    pixmap = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 8, 8), False)
    path = tmp / "picture.pdf"
    path.write_bytes(pixmap.tobytes("png"))
    return path


def _encrypted(tmp: Path, corpus: Path) -> Path:
    path = tmp / "locked.pdf"
    with pymupdf.open(corpus / "dwc-2016" / GOOD_LETTER) as document:
        document.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    return path


def _image_only(tmp: Path, corpus: Path) -> Path:
    path = tmp / "scan.pdf"
    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 200, 200), False)
    pixmap.clear_with(200)
    page.insert_image(pymupdf.Rect(72, 72, 272, 272), pixmap=pixmap)
    document.save(path)
    document.close()
    return path


def _not_a_letter(tmp: Path, corpus: Path) -> Path:
    path = tmp / "invoice.pdf"
    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 72), "INVOICE 2231\nThree boxes of printer paper, delivered on 10/13/2016.\n"
                               "Total due: $41.50")
    document.save(path)
    document.close()
    return path


def _docx(tmp: Path, corpus: Path) -> Path:
    path = tmp / "letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document>IMR ISSUES, DECISIONS AND RATIONALES</document>")
    return path


def _folder(tmp: Path, corpus: Path) -> Path:
    path = tmp / "a-folder.pdf"
    path.mkdir()
    return path


BAD_FILES: dict[str, tuple[Callable[[Path, Path], Path], str, str]] = {
    # name: (maker, error code, words the message must contain)
    "missing": (_missing, "unreadable", "no such file"),
    "zero bytes": (_zero_bytes, "unreadable", "empty (0 bytes)"),
    "truncated": (_truncated, "unreadable", "truncated"),
    "random bytes": (_random_bytes, "unreadable", "not a valid PDF"),
    "png named pdf": (_png, "unsupported", "PNG image"),
    "password": (_encrypted, "encrypted", "password"),
    "no text layer": (_image_only, "empty", "OCR is needed"),
    "not a letter": (_not_a_letter, "not_a_letter", "not an IMR Final Determination letter"),
    "docx": (_docx, "unsupported", "Office document"),
    "folder": (_folder, "unreadable", "folder"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_read_letter_reports_bad_file(case: str, tmp_path: Path, corpus_dir: Path) -> None:
    maker, code, words = BAD_FILES[case]
    path = maker(tmp_path, corpus_dir)
    with pytest.raises(LetterError) as raised:
        read_letter(path, ocr=False)
    assert raised.value.code == code
    assert raised.value.message.startswith(path.name + ":")
    assert words in raised.value.message


def test_image_only_pdf_without_tesseract_says_how_to_get_ocr(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    monkeypatch.setattr(ocr, "tessdata_dir", lambda: None)
    path = _image_only(tmp_path, corpus_dir)
    with pytest.raises(LetterError) as raised:
        read_letter(path, ocr=True)
    assert raised.value.code == "empty"
    assert "OCR is needed" in raised.value.message and "install" in raised.value.message


def test_huge_text_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        line = b"IMR ISSUES, DECISIONS AND RATIONALES and a lot more words on every line\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    started = time.perf_counter()
    with pytest.raises(LetterError) as raised:
        read_letter(path)
    elapsed = time.perf_counter() - started
    assert raised.value.code == "not_a_letter"
    assert "huge.txt" in raised.value.message and "MB" in raised.value.message
    # also when the bytes are handed over directly (the window's drag and drop)
    with pytest.raises(LetterError) as raised_data:
        read_letter(path, data=path.read_bytes())
    assert raised_data.value.code == "not_a_letter"
    print(f"50 MB text file refused in {elapsed * 1000:.0f} ms")


def test_unexpected_failure_becomes_unreadable(monkeypatch: pytest.MonkeyPatch, corpus_dir: Path) -> None:
    from imr_desk.core.parsing import letters

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(letters, "parse_document", broken)
    with pytest.raises(LetterError) as raised:
        read_letter(corpus_dir / "dwc-2016" / GOOD_LETTER)
    assert raised.value.code == "unreadable"
    assert GOOD_LETTER in raised.value.message and "disk on fire" in raised.value.message


def _run_parse(*arguments: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "imr_desk", "parse", *arguments],
        capture_output=True, timeout=120, env={**os.environ, "LC_ALL": "C"},
    )


def test_parse_command_reports_every_bad_file_and_parses_the_good(tmp_path: Path, corpus_dir: Path) -> None:
    good = corpus_dir / "dwc-2016" / GOOD_LETTER
    bad = {case: maker(tmp_path, corpus_dir) for case, (maker, _, _) in BAD_FILES.items()}
    arguments = [str(good), *map(str, bad.values()), str(good)]
    result = _run_parse("--no-ocr", *arguments)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(arguments)
    objects = [json.loads(line) for line in lines]
    assert all(obj["schema"] == SCHEMA for obj in objects)
    for obj in (objects[0], objects[-1]):
        assert "error" not in obj and obj["header"]["case_number"] == "CM16-0221706"
        assert obj["source"]["file"] == GOOD_LETTER
    for obj, (case, path) in zip(objects[1:-1], bad.items()):
        _, code, words = BAD_FILES[case]
        assert obj["error"]["code"] == code, case
        assert words in obj["error"]["message"], case
        assert obj["source"]["file"] == path.name
        assert "decisions" not in obj
    zero = objects[1 + list(bad).index("zero bytes")]
    assert zero["source"]["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_parse_command_all_good_exits_0_and_bad_arguments_exit_2(corpus_dir: Path) -> None:
    good = corpus_dir / "seeds" / "000_907277739bb1d4b6.txt"
    result = _run_parse(str(good))
    assert result.returncode == 0
    (line,) = result.stdout.decode("utf-8").splitlines()
    data = json.loads(line)
    assert data["source"] == {
        "file": good.name, "sha256": data["source"]["sha256"], "kind": "text", "pages": 1, "ocr": False,
    }
    assert len(data["decisions"]) == 3 and data["decisions"][0]["regions"] == []
    no_files = _run_parse()
    assert no_files.returncode == 2 and b"Traceback" not in no_files.stderr
    unknown_option = _run_parse("--frobnicate", str(good))
    assert unknown_option.returncode == 2 and unknown_option.stdout == b""
