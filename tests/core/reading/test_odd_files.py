"""Files that are not plain letters on disk: named pipes and devices are refused at once (never
read until they block or fill memory), and a file name that is not valid UTF-8 is shown in
a form any terminal and JSON writer can carry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from imr_desk.core.model import LetterError
from imr_desk.core.parsing.letters import error_source, read_letter
from imr_desk.core.reading.files import display_name
from imr_desk.core.reading.load import load_document

needs_posix = pytest.mark.skipif(os.name != "posix", reason="named pipes and /dev are POSIX")


@needs_posix
def test_a_named_pipe_is_refused_without_being_opened(tmp_path: Path) -> None:
    pipe = tmp_path / "letter.pdf"
    os.mkfifo(pipe)  # opening it for reading would block until a writer comes
    with pytest.raises(LetterError) as caught:
        load_document(pipe)
    assert caught.value.code == "unreadable"
    assert caught.value.message == "letter.pdf: this is not a regular file (a pipe, device or socket); it was not read."


@needs_posix
def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LetterError) as caught:
        read_letter(Path("/dev/zero"))
    assert caught.value.code == "unreadable" and caught.value.message.startswith("zero: this is not a regular file")


@needs_posix
def test_parse_goes_on_past_a_pipe(tmp_path: Path, corpus_dir: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    letter = corpus_dir / "seeds" / "000_907277739bb1d4b6.txt"
    result = subprocess.run(
        [sys.executable, "-m", "imr_desk", "parse", str(pipe), str(letter)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["error"]["code"] == "unreadable" and "decisions" in second
    assert result.returncode == 1


def test_a_name_that_is_not_utf8_is_shown_with_its_odd_bytes_escaped() -> None:
    raw = os.fsdecode(b"CM16-\xe9t\xff.pdf")  # Latin-1 bytes on a UTF-8 file system
    assert display_name(Path("/in", raw)) == "CM16-\\xe9t\\xff.pdf"
    assert display_name(Path("/in/CM16-0213037 é.pdf")) == "CM16-0213037 é.pdf"
    display_name(Path("/in", raw)).encode("utf-8")  # never a surrogate that cannot be written


@needs_posix
def test_parse_of_a_file_whose_name_is_not_utf8_names_it_and_goes_on(tmp_path: Path, corpus_dir: Path) -> None:
    letter_bytes = (corpus_dir / "seeds" / "000_907277739bb1d4b6.txt").read_bytes()
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/letter-\xe9.txt"))
    odd.write_bytes(letter_bytes)
    plain = tmp_path / "plain.txt"
    plain.write_bytes(letter_bytes)
    result = subprocess.run(
        [sys.executable, "-m", "imr_desk", "parse", os.fsencode(odd), str(plain)],
        capture_output=True, timeout=60, check=False,
    )
    lines = result.stdout.decode("utf-8").splitlines()
    assert [json.loads(line)["source"]["file"] for line in lines] == ["letter-\\xe9.txt", "plain.txt"]
    assert result.returncode == 0, result.stderr
    assert error_source(odd).file == "letter-\\xe9.txt"
