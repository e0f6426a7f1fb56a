"""The parser reads the same letter alike whatever tool extracted its text.

Each letter is extracted here (in a temporary folder) by ``pdftotext -layout``, plain
``pdftotext`` and pypdf's ``extract_text()``; each text must give the same header, reviewer
and decisions (count, request, outcome, original request, authorized) as the app's own
pymupdf extraction. Long text fields may differ only where the tool changed characters: plain
pdftotext joins a hyphen at a line end (``10-30-``/``2016`` → ``10-302016``), so those are
compared without white space and hyphens.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pymupdf
import pypdf
import pytest

from imr_desk.core.model import Letter, Source
from imr_desk.core.parsing.parser import parse_text

# The 21-decision letter, partial approvals of both forms, colons inside requests,
# headings over two lines and multi-page blocks.
LETTERS = (
    "CM16-0248698.pdf",  # 21 decisions, one partial approval
    "CM16-0239569.pdf",  # five "remaining IMR eligible portion" partial approvals
    "CM16-0229336.pdf",  # "leaving the original request IMR eligible" form
    "CM16-0249536.pdf",  # six decisions, the second partial form, two-line heading
    "CM16-0233904.pdf",  # partial approval without the trailing " is"
    "CM16-0238035.pdf",  # "Labs to include: EKG", "Associated surgical service: ..."
    "CM16-0239110.pdf",  # "day supply: 30:  Overturned"
    "CM16-0243453.pdf",  # outcome word alone on its line
    "CM17-0016311.pdf",  # partial approval without " is", four decisions
    "CM17-0013754.pdf",  # long partial-approval heading
)
DECISION_FIELDS = ("request", "outcome", "original_request", "authorized")
LONG_FIELDS = ("claims_administrator_guideline", "maximus_guideline", "rationale")


def _pdftotext(pdf: Path, out: Path, *options: str) -> str:
    subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), str(out)], check=True, timeout=60)
    return out.read_text(encoding="utf-8")


def _pypdf_text(pdf: Path, tmp_path: Path) -> str:
    # The corpus PDFs carry an (empty-password) AES encryption that pypdf can only open with
    # the optional `cryptography` package; the same pages, saved unencrypted, read the same.
    plain_copy = tmp_path / "decrypted.pdf"
    with pymupdf.open(pdf) as document:
        document.save(plain_copy, encryption=pymupdf.PDF_ENCRYPT_NONE)
    reader = pypdf.PdfReader(plain_copy)
    return "\n".join(page.extract_text() for page in reader.pages)


def _squeezed(value: str | None) -> str | None:
    return None if value is None else re.sub(r"[\s\-]", "", value)


def _assert_same(letter: Letter, reference: Letter, tool: str) -> None:
    assert letter.header == reference.header, tool
    assert letter.reviewer == reference.reviewer, tool
    assert letter.patient == reference.patient, tool
    assert _squeezed(letter.case_summary) == _squeezed(reference.case_summary), tool
    assert len(letter.decisions) == len(reference.decisions), tool
    for number, (decision, wanted) in enumerate(zip(letter.decisions, reference.decisions), 1):
        for name in DECISION_FIELDS:
            assert getattr(decision, name) == getattr(wanted, name), f"{tool}: decision {number} {name}"
        for name in LONG_FIELDS:
            assert _squeezed(getattr(decision, name)) == _squeezed(getattr(wanted, name)), (
                f"{tool}: decision {number} {name}"
            )
    assert letter.warnings == [], tool


@pytest.mark.parametrize("name", LETTERS)
def test_other_extractors_give_the_same_letter(name: str, corpus_dir: Path, read_corpus, tmp_path: Path) -> None:
    pdf = corpus_dir / "dwc-2016" / name
    reference, _ = read_corpus(pdf)
    texts = {
        "pdftotext -layout": _pdftotext(pdf, tmp_path / "layout.txt", "-layout"),
        "pdftotext": _pdftotext(pdf, tmp_path / "plain.txt"),
        "pypdf": _pypdf_text(pdf, tmp_path),
    }
    for tool, text in texts.items():
        assert text.strip(), tool
        _assert_same(parse_text(text, Source(file=name, kind="text")), reference, tool)


def test_plain_pdftotext_really_prints_labels_before_values(corpus_dir: Path, tmp_path: Path) -> None:
    """The header order this test file relies on: labels of a column first, then their values."""
    text = _pdftotext(corpus_dir / "dwc-2016" / LETTERS[0], tmp_path / "plain.txt")
    header = text[: text.index("HOW THE IMR")]
    assert header.index("Priority:") < header.index("CM16-0248698")
    layout = _pdftotext(corpus_dir / "dwc-2016" / LETTERS[0], tmp_path / "layout.txt", "-layout")
    assert re.search(r"Date Assigned:\s+\S+\s+Date of Injury:", layout)
