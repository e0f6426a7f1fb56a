"""`imr-desk report`: stored case numbers, letter files, selections, and every error path."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store
from tests.support.report_support import pdf_pages_text

LETTERS = ("CM16-0229336.pdf", "CM16-0221706.pdf", "CM16-0248698.pdf")


@pytest.fixture
def stored(corpus_dir: Path, tmp_store_path: Path) -> Path:
    """A store holding three corpus letters; the second is verified, the first has a note."""
    with Store(tmp_store_path) as store:
        ids = [store.import_file(corpus_dir / "dwc-2016" / name).letter_id for name in LETTERS]
        store.set_review_state(ids[1], "verified", expected_version=store.version(ids[1]))
        store.annotate(ids[0], "Call the adjuster <today> & confirm", expected_version=store.version(ids[0]))
    return tmp_store_path


def run(*args: str) -> int:
    return main(["report", *map(str, args)])


def test_case_number_from_store(stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.pdf"
    assert run("CM16-0229336", "--db", stored, "--out", out) == 0
    texts = pdf_pages_text(out)
    assert "CM16-0229336" in texts[0]
    assert "Call the adjuster <today> & confirm" in " ".join(texts)
    assert capsys.readouterr().out.strip() == f"Wrote {out} ({len(texts)} page{'s' * (len(texts) > 1)}, 1 letter)."


def test_letter_file_is_parsed_without_a_store(corpus_dir: Path, tmp_path: Path, tmp_store_path: Path) -> None:
    out = tmp_path / "file.pdf"
    assert run(corpus_dir / "dwc-2016" / "CM16-0221706.pdf", "--out", out) == 0
    text = " ".join(pdf_pages_text(out))
    assert "CM16-0221706" in text and "not stored" in text
    assert not tmp_store_path.exists(), "reporting a file must not create a store"


def test_batch_of_given_letters_with_summaries(stored: Path, tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    assert run("CM16-0229336", "cm16-0221706", "--batch", "--with-summaries", "--title", "Week 49",
               "--db", stored, "--out", out) == 0
    texts = pdf_pages_text(out)
    assert "Week 49" in texts[0] and "2 letters selected" in texts[0]
    assert sum("FINAL DETERMINATION \u00b7 CASE SUMMARY" in page for page in texts) == 2


def test_selection_by_state_and_dates(stored: Path, tmp_path: Path) -> None:
    out = tmp_path / "verified.pdf"
    assert run("--state", "verified", "--db", stored, "--out", out) == 0
    first = pdf_pages_text(out)[0]
    assert "CM16-0221706" in first and "CM16-0229336" not in first
    assert run("--all", "--db", stored, "--out", out) == 0
    assert all(name.removesuffix(".pdf") in pdf_pages_text(out)[0] for name in LETTERS)
    assert run("--from", "2017-01-01", "--to", "2017-12-31", "--db", stored, "--out", out) == 0
    first = pdf_pages_text(out)[0]
    assert "CM16-0248698" in first and "CM16-0229336" not in first


def test_errors_name_the_problem_and_write_nothing(stored: Path, tmp_path: Path, corpus_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "never.pdf"
    assert run("CM16-0229336", "CM99-0000000", "--batch", "--db", stored, "--out", out) == 1
    err = capsys.readouterr().err
    assert "CM99-0000000: no stored letter has this case number" in err and "no report was written" in err
    assert run("missing-letter.pdf", "--db", stored, "--out", out) == 1
    assert "missing-letter.pdf: no such file" in capsys.readouterr().err
    bad = tmp_path / "notes.txt"
    bad.write_text("Shopping list: milk, eggs.\n", encoding="utf-8")
    assert run(bad, "--out", out) == 1
    assert "notes.txt" in capsys.readouterr().err
    assert run("CM16-0229336", "--db", stored, "--out", tmp_path / "no-such-folder" / "x.pdf") == 1
    assert "does not exist" in capsys.readouterr().err
    assert run("CM16-0229336", "--db", stored, "--out", tmp_path) == 1
    assert "is a folder" in capsys.readouterr().err
    assert run("CM16-0229336", "--db", tmp_path / "nowhere.db", "--out", out) == 1
    assert "there is no store at" in capsys.readouterr().err
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a SQLite database at all" * 10)
    assert run("CM16-0229336", "--db", damaged, "--out", out) == 1
    assert "damaged.db is damaged" in capsys.readouterr().err
    assert run("--state", "in_review", "--db", stored, "--out", out) == 1
    assert "no stored letters match" in capsys.readouterr().err
    assert not out.exists()


def test_bad_arguments_exit_2(stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run("--out", out) == 2
    assert "name a case number or letter file" in capsys.readouterr().err
    assert run("CM16-0229336", "CM16-0221706", "--db", stored, "--out", out) == 2
    assert "add --batch" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run("--from", "2017-13-01", "--db", stored, "--out", out)
    assert exit_info.value.code == 2
    assert "is not a date like" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        run("CM16-0229336")
    assert exit_info.value.code == 2
    assert not out.exists()


def test_existing_output_is_replaced_whole(stored: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"old contents")
    assert run("CM16-0248698", "--db", stored, "--out", out) == 0
    with pymupdf.open(out) as document:
        assert document.page_count >= 5
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["summary.pdf"]


def test_a_case_with_two_copies_reports_its_copy_of_record_and_says_so(
    corpus_dir: Path, tmp_path: Path, tmp_store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = corpus_dir / "dwc-2016" / "CM16-0229336.pdf"
    rescan = tmp_path / "CM16-0229336-rescan.pdf"
    pdf = pymupdf.open(original)
    pdf.set_metadata({"title": "re-scan"})  # other bytes, the same letter: a second copy of the case
    rescan.write_bytes(pdf.tobytes())
    with Store(tmp_store_path) as store:
        first = store.import_file(original)
        second = store.import_file(rescan)
    assert (first.status, second.status) == ("imported", "copy")
    out = tmp_path / "summary.pdf"
    assert run("CM16-0229336", "--db", tmp_store_path, "--out", out) == 0
    said = capsys.readouterr().err
    assert "CM16-0229336 has 2 copies; reporting the copy of record (CM16-0229336.pdf, letter" in said
    assert "CM16-0229336.pdf" in " ".join(pdf_pages_text(out))


@pytest.mark.parametrize("batch", [False, True])
def test_the_summary_uses_the_service_record_entered(stored: Path, tmp_path: Path, batch: bool) -> None:
    assert main(["service", "CM16-0229336", "--served-on", "2016-12-20", "--by", "fax", "--db", str(stored)]) == 0
    out = tmp_path / "served.pdf"
    extra = ("--batch", "--with-summaries") if batch else ()
    assert run("CM16-0229336", *extra, "--db", stored, "--out", out) == 0
    text = " ".join(" ".join(pdf_pages_text(out)).split())
    assert "Served Dec 20, 2016 by fax to a California address (assumed)" in text  # only the address assumed
    assert "Served Dec 20, 2016 (assumed)" not in text
