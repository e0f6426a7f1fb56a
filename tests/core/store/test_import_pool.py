"""Parallel import (`core/store/import_pool.py`) gives what a serial import gives, on both backends.

The same batch — corpus letters, a letter in a nested folder, a second copy of a case (other
bytes), the same bytes twice, a damaged PDF, a text file that is no letter, a name that does not
exist — is imported serially (`importing.import_paths`, into a store file of its own) and through
an `ImportPool` (into the backend under test): the results (status, letter ids, case numbers,
messages naming each file) and the stored letters are the same. Also: Stop leaves only whole
letters, a worker that dies costs only the file that killed it, and stored bytes are never parsed.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from imr_desk.core.reading.document import sha256_hex
from imr_desk.core.store import Store
from imr_desk.core.store.import_pool import CRASHED, ImportPool, ParseOutcome, parse_letter_file
from imr_desk.core.store.importing import ImportResult, import_paths
from tests.support.crashing_parse import parse_or_die

LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf", "CM16-0231706.pdf", "CM16-0240434.pdf")


@pytest.fixture(scope="module")
def pool() -> ImportPool:
    with ImportPool(2) as shared:  # started once for the module: each start costs ~0.4 s
        yield shared


def mixed_batch(folder: Path, corpus_dir: Path) -> list[Path]:
    """Files and a folder covering every result an import can give."""
    letters = corpus_dir / "dwc-2016"
    (folder / "nested").mkdir(parents=True)
    for name in LETTERS[:3]:
        shutil.copy(letters / name, folder / name)
    shutil.copy(letters / LETTERS[3], folder / "nested" / LETTERS[3])
    rescan = (letters / LETTERS[0]).read_bytes() + b"\n% re-scanned\n"
    (folder / "nested" / "rescan-of-first.pdf").write_bytes(rescan)  # another copy of the first case
    shutil.copy(letters / LETTERS[1], folder / "nested" / "same-bytes-again.pdf")
    (folder / "nested" / "damaged.pdf").write_bytes((letters / LETTERS[2]).read_bytes()[:4000])
    (folder / "nested" / "shopping.txt").write_text("Milk, eggs, bread. Call the plumber on Tuesday.\n")
    seed = sorted((corpus_dir / "seeds").glob("*.txt"))[0]
    shutil.copy(seed, folder / "nested" / "seed-letter.txt")
    return [folder / LETTERS[0], folder / LETTERS[1], folder / LETTERS[2], folder / "nested",
            folder / "vanished.pdf"]


def facts(results: list[ImportResult]) -> list[tuple[object, ...]]:
    return [(Path(r.path).name, r.status, r.letter_id, r.case_number, r.message, r.copy_of,
             r.error.code if r.error else None) for r in results]


def test_pooled_import_gives_what_a_serial_import_gives(
    store: Store, pool: ImportPool, tmp_path: Path, corpus_dir: Path
) -> None:
    batch = mixed_batch(tmp_path / "inbox", corpus_dir)
    with Store(tmp_path / "serial.db") as serial_store:
        serial = import_paths(serial_store.connection, batch)
        serial_letters = {i: serial_store.load(i).letter.to_json() for i in serial_store.connection.letter_ids()}
    seen: list[ImportResult] = []
    steps: list[tuple[int, int, str]] = []
    pooled = pool.import_paths(store.connection, batch, on_result=seen.append,
                               progress=lambda d, t, m: steps.append((d, t, m)))
    assert facts(pooled) == facts(serial)
    assert seen == pooled
    assert steps[-1] == (9, 9, "Import finished")
    statuses = [r.status for r in pooled]
    assert statuses.count("imported") == 5 and statuses.count("copy") == 1
    assert statuses.count("duplicate") == 1 and statuses.count("error") == 3
    by_name = {Path(r.path).name: r for r in pooled}
    assert by_name["damaged.pdf"].message.startswith("damaged.pdf: ")
    assert by_name["shopping.txt"].error is not None and by_name["shopping.txt"].error.code == "not_a_letter"
    assert "vanished.pdf" in by_name["vanished.pdf"].message
    assert {i: store.load(i).letter.to_json() for i in store.connection.letter_ids()} == serial_letters


def test_bytes_already_stored_are_not_parsed_again(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    first = tmp_path / LETTERS[0]
    shutil.copy(corpus_dir / "dwc-2016" / LETTERS[0], first)
    stored = import_paths(store.connection, [first])[0]
    # a pool whose every worker would die: the file must never reach it
    with ImportPool(1, parse=parse_or_die) as dying:
        again = dying.import_paths(store.connection, [first, first.rename(tmp_path / "crash-same-bytes.pdf")])
    assert [(Path(r.path).name, r.status, r.letter_id) for r in again][1:] == [
        ("crash-same-bytes.pdf", "duplicate", stored.letter_id)]
    assert again[0].status == "error"  # the first path was renamed away: it vanished


def test_a_worker_that_dies_costs_only_the_file_that_killed_it(
    store: Store, tmp_path: Path, corpus_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index, name in enumerate(LETTERS):
        shutil.copy(corpus_dir / "dwc-2016" / name, inbox / f"{index}-{name}")
    killer = inbox / "2a-crash.pdf"
    killer.write_bytes((corpus_dir / "dwc-2016" / LETTERS[0]).read_bytes() + b"\n% kills its reader\n")
    with ImportPool(2, parse=parse_or_die) as dying:
        results = dying.import_paths(store.connection, [inbox])
    assert [Path(r.path).name for r in results] == sorted(p.name for p in inbox.iterdir())
    crashed = next(r for r in results if r.path == str(killer))
    assert crashed.status == "error" and crashed.message == f"2a-crash.pdf: {CRASHED}. [unreadable]"
    assert sorted(r.status for r in results if r is not crashed) == ["imported"] * 4
    assert store.count() == 4


def test_stop_keeps_whole_letters_and_looks_at_no_more_files(
    store: Store, pool: ImportPool, tmp_path: Path, corpus_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = (corpus_dir / "dwc-2016" / LETTERS[1]).read_bytes()
    for index in range(30):
        (inbox / f"{index:02d}.pdf").write_bytes(source + f"\n% copy {index}\n".encode())
    stop = [False]
    steps: list[tuple[int, int, str]] = []

    def press_stop(_result: ImportResult) -> None:
        stop[0] = True

    results = pool.import_paths(store.connection, [inbox], cancelled=lambda: stop[0], on_result=press_stop,
                                progress=lambda d, t, m: steps.append((d, t, m)))
    assert 1 <= len(results) < 30
    assert steps[-1] == (len(results), 30, "Import cancelled")
    assert [Path(r.path).name for r in results] == [f"{i:02d}.pdf" for i in range(len(results))]
    assert all(r.status in ("imported", "copy") for r in results)
    assert len(store.connection.letter_ids()) == len(results)
    for letter_id in store.connection.letter_ids():  # every stored letter is whole
        assert store.load(letter_id).letter.decisions
    # the pool is fine for the next import, which stores the rest
    rest = pool.import_paths(store.connection, [inbox])
    assert sum(r.status != "duplicate" for r in rest) == 30 - len(results)


def test_the_outcome_a_worker_sends_back_is_plain_data() -> None:
    outcome = ParseOutcome(error_code="unreadable", error_message="x.pdf: no such file.")
    assert outcome.prepared is None and outcome.log_lines == []


@pytest.mark.parametrize("packed", [True, False])
def test_a_worker_sends_back_its_letter_prepared_for_the_store_kind(corpus_dir: Path, packed: bool) -> None:
    path = corpus_dir / "dwc-2016" / LETTERS[0]
    data = path.read_bytes()
    outcome = pickle.loads(pickle.dumps(parse_letter_file(str(path), path.name, data, packed)))
    assert outcome.prepared is not None and outcome.error_code is None
    assert outcome.prepared.packed is packed and outcome.prepared.data == data
    assert outcome.prepared.letter.source.sha256 == sha256_hex(data)  # named in the prepared parse
    assert all(isinstance(cell, bytes) is packed for cell in outcome.prepared.decision_cells)
