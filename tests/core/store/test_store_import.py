"""Importing real corpus letters into the store, deduplication, bad files, and re-parsing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from imr_desk.core.analysis.analyse import read_letter
from imr_desk.core.reading.document import Document
from imr_desk.core.store import ANY_VERSION, Store

LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf", "CM16-0231706.pdf")


@pytest.fixture
def letter_folder(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(corpus_dir / "dwc-2016" / LETTERS[0], folder)
    shutil.copy(corpus_dir / "dwc-2016" / LETTERS[1], folder / "nested")
    seed = sorted((corpus_dir / "seeds").glob("*.txt"))[0]
    shutil.copy(seed, folder / "nested")
    (folder / "nested" / "notes.md").write_text("not a letter, and not .pdf/.txt: skipped")
    return folder


def test_import_folder_recursively_and_dedup(store: Store, letter_folder: Path, corpus_dir: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    results = store.import_paths([letter_folder], progress=lambda d, t, m: seen.append((d, t, m)))
    assert [r.status for r in results] == ["imported"] * 3
    assert {Path(r.path).name for r in results} == {LETTERS[0], LETTERS[1], next(
        p.name for p in (letter_folder / "nested").glob("*.txt"))}
    assert seen[-1] == (3, 3, "Import finished")
    assert store.count() == 3
    expected = json.loads((corpus_dir / "expected" / f"{LETTERS[0]}.json").read_text())
    first = next(r for r in results if r.path.endswith(LETTERS[0]))
    assert first.case_number == expected["header"]["case_number"]
    assert "imported" in first.message
    again = store.import_file(corpus_dir / "dwc-2016" / LETTERS[0])
    assert again.status == "duplicate" and again.letter_id == first.letter_id
    assert "already in the store" in again.message
    assert store.count() == 3


def test_stored_letter_reopens_without_its_file(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    copy = tmp_path / "moving.pdf"
    shutil.copy(corpus_dir / "dwc-2016" / LETTERS[2], copy)
    fresh, document = read_letter(copy)
    layout = document.layout_json()
    document.close()
    result = store.import_file(copy)
    copy.unlink()
    record = store.load(result.letter_id)
    assert store.original_bytes(result.letter_id) == (corpus_dir / "dwc-2016" / LETTERS[2]).read_bytes()
    assert record.letter.to_json() == fresh.to_json()
    assert record.layout == json.loads(json.dumps(layout))
    block = record.letter.decisions[0].spans["block"]
    rebuilt = Document.from_layout(record.letter.source, record.letter.text, record.layout)
    assert [r.to_json() for r in rebuilt.regions(*block)] == [r.to_json() for r in fresh.decisions[0].regions]


def test_bad_files_are_reported_with_spec_codes_and_not_stored(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes((corpus_dir / "dwc-2016" / LETTERS[0]).read_bytes()[:4000])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    png = tmp_path / "scan.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    not_letter = tmp_path / "recipe.txt"
    not_letter.write_text("Mix flour and water. Bake for 20 minutes.\n" * 20)
    results = store.import_paths([truncated, empty, png, not_letter, tmp_path / "gone.pdf"])
    codes = {Path(r.path).name: r.error.code for r in results}
    assert codes == {"truncated.pdf": "unreadable", "empty.txt": "unreadable", "scan.txt": "unsupported",
                     "recipe.txt": "not_a_letter", "gone.pdf": "unreadable"}
    for result in results:
        assert result.status == "error" and result.letter_id is None
        assert Path(result.path).name in result.message and f"[{result.error.code}]" in result.message
    assert store.count() == 0
    assert store.db.execute("SELECT count(*) FROM originals").fetchone()[0] == 0


def test_cancel_stops_between_files(store: Store, letter_folder: Path) -> None:
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return store.count() >= 1

    results = store.import_paths([letter_folder], cancelled=cancelled)
    assert len(results) == 1 and store.count() == 1


def _pretend_older_parse(store: Store, letter_id: int, request: str) -> None:
    """Make the stored parse look like an older parser's (decision 1's request differed)."""
    import json

    from imr_desk.core.store.packing import unpack

    base = json.loads(unpack(store.one("SELECT base_json FROM decisions WHERE letter_id = ? AND key = 'p0'",
                                [letter_id])["base_json"]))
    parsed = json.loads(unpack(store.one("SELECT parsed_json FROM letter_content WHERE letter_id = ?",
                                         [letter_id])["parsed_json"]))
    base["request"] = request
    if "decisions" in parsed:  # on SQLite the parse leaves its decisions to their rows (schema 6)
        parsed["decisions"][0]["request"] = request
    store.db.execute("UPDATE decisions SET base_json = ? WHERE letter_id = ? AND key = 'p0'",
                     [json.dumps(base), letter_id])
    store.db.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?", [json.dumps(parsed), letter_id])


def test_reparse_keeps_corrections_and_flags_stale_ones(
    store: Store, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / LETTERS[0]).letter_id
    real_request = store.load(letter_id).parsed.decisions[0].request
    _pretend_older_parse(store, letter_id, "Viagra (old parser)")
    store.correct(letter_id, "request", "Viagra 50 mg, 3 months", decision_key="p0", expected_version=ANY_VERSION)
    store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)

    def no_extraction(*args, **kwargs):
        raise AssertionError("reparse must not re-extract or OCR the letter")

    monkeypatch.setattr("imr_desk.core.parsing.letters.load_document", no_extraction)
    monkeypatch.setattr("imr_desk.core.ocr.pages.ocr_pages", no_extraction)
    version = store.version(letter_id)
    flagged = store.reparse(letter_id)
    assert [(c.field, c.decision_key, c.stale) for c in flagged] == [("request", "p0", True)]
    record = store.load(letter_id)
    assert record.parsed.decisions[0].request == real_request
    assert record.letter.decisions[0].request == "Viagra 50 mg, 3 months"
    stale = {c.field: c.stale for c in record.corrections}
    assert stale == {"request": True, "header.priority": False}
    assert record.version == version + 1
    assert record.letter.decisions[0].regions  # pages found again from the stored layout
    assert store.reparse(letter_id) == []  # already flagged: nothing new


def test_loader_progress_reaches_the_caller_with_the_file_name(
    store: Store, letter_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import imr_desk.core.parsing.letters as letters

    real_read_letter = letters.read_letter

    def read_with_ocr_progress(path, **kwargs):
        kwargs["progress"](1, 2, "OCR page 1 of 2")
        return real_read_letter(path, **kwargs)

    monkeypatch.setattr(letters, "read_letter", read_with_ocr_progress)
    seen: list[tuple[int, int, str]] = []
    store.import_paths([letter_folder / LETTERS[0]], progress=lambda d, t, m: seen.append((d, t, m)))
    assert seen == [(0, 1, f"Importing {LETTERS[0]}"), (0, 1, f"{LETTERS[0]}: OCR page 1 of 2"),
                    (1, 1, "Import finished")]


def test_default_store_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from imr_desk.core.store import default_db_path

    monkeypatch.setenv("IMR_DESK_DB", str(tmp_path / "chosen.sqlite3"))
    assert default_db_path() == tmp_path / "chosen.sqlite3"
    with Store() as chosen:
        assert chosen.path == tmp_path / "chosen.sqlite3" and chosen.path.exists()
    monkeypatch.delenv("IMR_DESK_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "imr-desk" / "imr-desk.sqlite3"
