"""Build a store of N letters fast, on SQLite or PostgreSQL, for the scale benchmark.

    .venv/bin/python benchmarks/scale_store.py 100000 [--backend sqlite|postgresql] [--cache DIR]
                                               [--pg URL] [--base 64] [--rebuild]

1. A base of distinct letters goes through the real write path once: the corpus PDFs are read
   and parsed (`imr_desk.core.read_letter`), their bytes varied by a trailing PDF comment and
   their case numbers made ``CM16-<n>`` (as ``bench_store.py`` does), then `store_letter`.
2. The base is multiplied in SQL, ``INSERT … SELECT`` per batch: every row of every table that
   belongs to a base letter (``letters``, ``originals``, and each table with a ``letter_id`` or
   ``case_id`` column, read from the database itself, so a new schema version needs no change
   here) is copied with a new letter id, its own case (case number, case key, case id) and
   original bytes with their own trailer and real sha256; the case number inside the stored
   parse is replaced too. The full-text tables are filled by the store's own triggers (SQLite's
   FTS5 tables, or rebuilt where one has none; PostgreSQL's ``decisions_search`` and
   ``letters_search``). Tables the store derives (``case_deadlines``, ``deadline_dirty``,
   ``letter_presence``) are not copied: the store's own `refresh_deadlines` computes every
   case's deadlines at the end.
3. The store is checked: `count()`, `queue()` length, a search, `load()` of random letters
   against their base letter, sha256 of sampled originals, and ``PRAGMA quick_check``.

Built stores are cached under ``--cache`` (default /tmp/imr-scale), keyed by backend, schema
version, a fingerprint of the store code (``imr_desk/core/store/*.py``) and N, with a ``.json``
file beside each saying it is complete; building a store removes the older builds of it.
PostgreSQL runs a private server (``tests/support/pg_server.py``) whose data folder is kept in
the cache, or uses --pg.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imr_desk.core import Store, read_letter  # noqa: E402  (the stable face)
from imr_desk.core.store.case_schema import case_key  # noqa: E402
from imr_desk.core.store.importing import store_letter  # noqa: E402
from imr_desk.core.store.schema import SCHEMA_VERSION  # noqa: E402
from tests.support.pg_server import PostgresServer  # noqa: E402

try:  # the compact form of large cells (store schema 6 on SQLite)
    from imr_desk.core.store import packing
except ImportError:  # an older store schema: every cell is plain text
    packing = None  # type: ignore[assignment]

CORPUS = ROOT.parent / "shared" / "corpus" / "dwc-2016"
DEFAULT_CACHE = Path("/tmp/imr-scale")
TRAILER = ("\n% scale copy ", "\n")  # a PDF comment after the end: the bytes differ, the letter not
# Tables the store derives: its `refresh_deadlines` computes the first two, presence is a desk's
# own; PostgreSQL's search rows (schema 9) are written by the store's triggers as rows are copied.
DERIVED_TABLES = {"case_deadlines", "deadline_dirty", "letter_presence", "decisions_search", "letters_search"}
BATCH = 2_000
SEARCH_WORD = "lumbar"  # in some corpus letters, not all: every copy of those must be found


def case_number(n: int) -> str:
    return f"CM16-{n:07d}"


def trailer(n: int) -> bytes:
    return f"{TRAILER[0]}{n}{TRAILER[1]}".encode()


# -- the base: real letters through the real write path ------------------------------------
@dataclass
class BaseLetter:
    letter_id: int
    case_number: str
    prefix: Any  # hashlib state after its stored bytes: a copy is those bytes + its own trailer


def parsed_corpus(count: int) -> list[tuple[Any, bytes, dict[str, Any]]]:
    """(letter, bytes, layout) of the first `count` corpus PDFs, each read and parsed once."""
    parsed = []
    for source in sorted(CORPUS.glob("*.pdf"))[:count]:
        letter, document = read_letter(source, ocr=False)
        parsed.append((letter, source.read_bytes(), document.layout_json()))
        document.close()
    if not parsed:
        raise SystemExit(f"no corpus PDFs in {CORPUS}")
    return parsed


def store_base(store: Store, parsed: list[tuple[Any, bytes, dict[str, Any]]], count: int) -> list[BaseLetter]:
    """Store `count` letters (cycling through `parsed`) with the import's own write path."""
    base = []
    for n in range(count):
        letter, data, layout = parsed[n % len(parsed)]
        varied = data + trailer(n)
        copy = dataclasses.replace(letter, source=dataclasses.replace(letter.source), header=dataclasses.replace(
            letter.header, case_number=case_number(n)))
        copy.source.sha256 = hashlib.sha256(varied).hexdigest()
        letter_id = store_letter(store.connection, copy, varied, layout, imported_by="scale",
                                 imported_at="2026-01-01T00:00:00Z")
        base.append(BaseLetter(letter_id, case_number(n), hashlib.sha256(varied)))
    return base


# -- the schema, read from the database ------------------------------------------------------
@dataclass
class Column:
    name: str
    text: bool  # a text column (the stored parse's case number can be replaced in it)
    auto_id: bool  # an integer key the database assigns (left out of a copy)


def columns(store: Store, table: str) -> list[Column]:
    """The table's writable columns (PostgreSQL's generated ones left out)."""
    if store.is_postgres:
        rows = store.db.query(
            "SELECT column_name, data_type, is_identity, is_generated FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", [table])
        return [Column(r["column_name"], r["data_type"] == "text", r["is_identity"] == "YES")
                for r in rows if r["is_generated"] == "NEVER"]
    info = store.db.execute(f'PRAGMA table_xinfo("{table}")').fetchall()  # cid, name, type, notnull, dflt, pk, hidden
    integer_keys = [r for r in info if r[5]]
    return [Column(r[1], r[2].upper() == "TEXT", len(integer_keys) == 1 and r[5] == 1 and r[2].upper() == "INTEGER")
            for r in info if r[6] == 0]


def tables(store: Store) -> list[str]:
    if store.is_postgres:
        return [r["table_name"] for r in store.db.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]
    return [r[0] for r in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()]


def copied_tables(store: Store) -> list[tuple[str, list[Column]]]:
    """The tables holding rows of a letter or a case, beyond ``letters`` and ``originals``."""
    found = []
    for table in tables(store):
        if table in ("letters", "originals") or table in DERIVED_TABLES:
            continue
        cols = columns(store, table)
        names = {c.name for c in cols}
        if "letter_id" in names or "case_id" in names:
            found.append((table, cols))
    return found


# -- multiplying ------------------------------------------------------------------------------
def _select(cols: list[Column], mapped: dict[str, str], parsed_case: bool, postgres: bool) -> tuple[str, str]:
    """(column list, select list) copying row ``b`` with the `mapped` columns replaced."""
    names, values = [], []
    for col in cols:
        if col.auto_id and col.name not in mapped:
            continue
        names.append(f'"{col.name}"')
        if col.name in mapped:
            values.append(mapped[col.name])
        elif parsed_case and col.name == "parsed_json" and (col.text or not postgres):
            values.append("scale_recase(b.parsed_json, m.base_case, m.new_case)" if not postgres else
                          "replace(b.parsed_json, '\"' || m.base_case || '\"', '\"' || m.new_case || '\"')")
        else:
            values.append(f'b."{col.name}"')
    return ", ".join(names), ", ".join(values)


def recased(cell: Any, old: str, new: str) -> Any:
    """A stored parse with its case number `old` made `new`: plain JSON text, or the store's
    compact form (schema 6 on SQLite: a marked zlib BLOB, ``packing``) unpacked and packed again."""
    old_json, new_json = json.dumps(old), json.dumps(new)
    if isinstance(cell, str):
        return cell.replace(old_json, new_json)
    if isinstance(cell, bytes) and packing is not None and cell.startswith(packing.PACKED_MARKER):
        return packing.pack_text(packing.unpack(cell).replace(old_json, new_json))
    return cell  # a form this builder does not know: copied as it is (check_store notices)


def _original_sql(store: Store) -> tuple[str, str, list[str]]:
    """(size, content) SQL of copy ``m.n`` of original ``o``, and their parameters."""
    if store.is_postgres:
        trail = "convert_to(? || m.n::text || ?, 'UTF8')"
        return f"length(o.content) + length({trail})", f"o.content || {trail}", [*TRAILER, *TRAILER]
    return "length(scale_bytes(o.content, m.n))", "scale_bytes(o.content, m.n)", []


def varied_bytes(content: bytes, n: int) -> bytes:
    return bytes(content) + trailer(n)


def copy_batch(store: Store, base: list[BaseLetter], start: int, stop: int, first_id: int,
               others: list[tuple[str, list[Column]]]) -> None:
    """Copies `start` … `stop` - 1 (copy n of base letter n % len(base), letter id first_id + n)."""
    rows = []
    for n in range(start, stop):
        source = base[n % len(base)]
        digest = source.prefix.copy()
        digest.update(trailer(n))
        rows.append((n, first_id + n, source.letter_id, source.case_number, case_number(n),
                     case_key(case_number(n)), digest.hexdigest()))
    db = store.db
    with store.connection.transaction():
        db.execute("DELETE FROM scale_map")
        store.connection.executemany(
            "INSERT INTO scale_map (n, new_id, base_id, base_case, new_case, new_key, sha) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        size, content, params = _original_sql(store)
        db.execute(
            f"INSERT INTO originals (sha256, kind, size, content) SELECT m.sha, o.kind, {size}, {content} "
            "FROM scale_map m JOIN letters b ON b.id = m.base_id JOIN originals o ON o.sha256 = b.sha256", params)
        names, values = _select(columns(store, "letters"), {
            "id": "m.new_id", "sha256": "m.sha", "case_number": "m.new_case", "case_key": "m.new_key",
            "case_id": "m.new_id", "is_record": "1", "copies": "1"}, parsed_case=False, postgres=store.is_postgres)
        db.execute(f"INSERT INTO letters ({names}) SELECT {values} FROM scale_map m JOIN letters b ON b.id = m.base_id")
        for table, cols in others:
            key = "letter_id" if any(c.name == "letter_id" for c in cols) else "case_id"
            mapped = {name: "m.new_id" for name in ("letter_id", "case_id") if any(c.name == name for c in cols)}
            names, values = _select(cols, mapped, parsed_case=True, postgres=store.is_postgres)
            order = "".join(f', b."{c.name}"' for c in cols if c.auto_id and c.name not in mapped)
            db.execute(f'INSERT INTO "{table}" ({names}) SELECT {values} FROM scale_map m '
                       f'JOIN "{table}" b ON b."{key}" = m.base_id ORDER BY m.n{order}')  # new ids in the base's order


def _fts_without_triggers(store: Store) -> list[str]:
    """SQLite full-text tables no trigger keeps up to date (they are rebuilt after copying)."""
    virtual = [r[0] for r in store.db.execute(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%fts%'").fetchall()]
    triggers = " ".join(r[0] or "" for r in store.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))
    return [name for name in virtual
            if not any(f"INSERT INTO {quoted}" in triggers for quoted in (f"[{name}]", name, f'"{name}"'))]


def multiply(store: Store, base: list[BaseLetter], total: int, report: bool = True) -> None:
    others = copied_tables(store)
    refused = [(t, c.name) for t, cols in others for c in cols
               if c.name.endswith("_id") and c.name not in ("letter_id", "case_id")
               and store.one(f'SELECT 1 AS x FROM "{t}" WHERE "{c.name}" IS NOT NULL LIMIT 1')]
    if refused:
        raise SystemExit(f"the base letters have rows pointing at other rows ({refused}); "
                         "scale_store.py does not know how to copy those")
    temporary = "CREATE TEMP TABLE" if store.is_postgres else "CREATE TEMP TABLE IF NOT EXISTS"
    store.db.execute(f"{temporary} scale_map (n bigint PRIMARY KEY, new_id bigint, base_id bigint, "
                     "base_case text, new_case text, new_key text, sha text)")
    untriggered_fts = [] if store.is_postgres else _fts_without_triggers(store)
    if not store.is_postgres:
        store.db.conn.create_function("scale_recase", 3, recased, deterministic=True)
        store.db.conn.create_function("scale_bytes", 2, varied_bytes, deterministic=True)
    first_id = base[0].letter_id  # the base letters' ids follow one another: copy n gets first_id + n
    started = time.perf_counter()
    for start in range(len(base), total, BATCH):
        copy_batch(store, base, start, min(start + BATCH, total), first_id, others)
        if report:
            done = min(start + BATCH, total)
            print(f"  {done:,} letters ({done / (time.perf_counter() - started):.0f}/s)", file=sys.stderr, flush=True)
    with store.connection.transaction() as db:
        for name in untriggered_fts:
            db.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')
        if store.is_postgres:
            db.execute("SELECT setval(pg_get_serial_sequence('letters', 'id'), (SELECT max(id) FROM letters))")
    store.db.execute("DROP TABLE scale_map")


# -- checking ---------------------------------------------------------------------------------
def check_store(store: Store, total: int, base_count: int, samples: int = 20) -> dict[str, Any]:
    """Check the built store (raises SystemExit naming what is wrong); a few figures of it."""
    problems = []
    if store.count() != total:
        problems.append(f"count() is {store.count()}, not {total}")
    queue = store.queue()
    if len(queue) != total:
        problems.append(f"queue() has {len(queue)} rows, not {total}")
    distinct = store.one("SELECT count(DISTINCT case_key) AS k, count(DISTINCT sha256) AS s FROM letters") or {}
    if distinct.get("k") != total or distinct.get("s") != total:
        problems.append(f"case keys / sha256 not unique: {distinct}")
    rng = random.Random(total)
    ids = [row.letter_id for row in queue]
    first_base = min(ids)
    for letter_id in rng.sample(ids, min(samples, len(ids))):
        record, original = store.load(letter_id), store.load(first_base + (letter_id - first_base) % base_count)
        if record.letter.header.case_number != store.one(
                "SELECT case_number FROM letters WHERE id = ?", [letter_id])["case_number"]:  # type: ignore[index]
            problems.append(f"letter {letter_id}: loaded case number differs from its summary row")
        if [d.to_json() for d in record.letter.decisions] != [d.to_json() for d in original.letter.decisions]:
            problems.append(f"letter {letter_id}: decisions differ from its base letter")
        content = store.one("SELECT o.sha256, o.content FROM originals o JOIN letters l ON l.sha256 = o.sha256 "
                            "WHERE l.id = ?", [letter_id]) or {}
        if hashlib.sha256(bytes(content.get("content") or b"")).hexdigest() != content.get("sha256"):
            problems.append(f"letter {letter_id}: original bytes do not match their sha256")
    base_ids = set(sorted(ids)[:base_count])
    matching = [row.letter_id - first_base for row in store.queue(SEARCH_WORD) if row.letter_id in base_ids]
    expected = sum(len(range(index, total, base_count)) for index in matching)
    hits = len(store.queue(SEARCH_WORD))
    if not matching or hits != expected:
        problems.append(f"searching {SEARCH_WORD!r} finds {hits} letters, not {expected} (base letters {matching})")
    if not store.is_postgres:
        check = store.db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            problems.append(f"quick_check: {check}")
    if problems:
        raise SystemExit("the built store is not sound: " + "; ".join(problems))
    return {"letters": total, "queue_rows": len(queue), f"search_{SEARCH_WORD}_hits": hits}


# -- caching and servers ------------------------------------------------------------------------
class CachedServer(PostgresServer):
    """The private PostgreSQL server, its data folder kept under the cache between runs."""

    def start(self) -> CachedServer:
        if not (self.data_dir / "PG_VERSION").exists():
            super().start()
            return self
        self.run_server()
        return self

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
            self.running = False


@contextmanager
def postgres(cache: Path, url: str | None) -> Iterator[str | None]:
    """The server URL to make databases on: `url`, or a private server under `cache`."""
    if url:
        yield url
        return
    folder = cache / "pg"
    folder.mkdir(parents=True, exist_ok=True)
    server = CachedServer(folder=folder).start()
    try:
        yield server.dsn()
    finally:
        server.stop()


def _database_url(server_url: str, name: str) -> str:
    import psycopg
    from psycopg.conninfo import make_conninfo

    with psycopg.connect(server_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return make_conninfo(server_url, dbname=name)


def _drop(target: str | Path, server_url: str | None) -> None:
    if isinstance(target, Path):
        for companion in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            companion.unlink(missing_ok=True)
        return
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    with psycopg.connect(server_url or "", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{conninfo_to_dict(target)["dbname"]}" WITH (FORCE)')


def store_code_fingerprint() -> str:
    """8 hex digits naming the store code (every module of ``imr_desk/core/store``): a cached
    store written by other store code is built again, even at the same schema version."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "imr_desk" / "core" / "store").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def _prune(cache: Path, backend: str, base_count: int, total: int, key: str, server_url: str | None) -> None:
    """Remove the cache's older builds of this store (other code or schema): they fill the disk."""
    for marker in cache.glob(f"{backend}-*-b{base_count}-n{total}.json"):
        stale = marker.name.removesuffix(".json")
        if stale == key:
            continue
        if backend == "sqlite":
            _drop(cache / f"{stale}.sqlite3", None)
        elif server_url is not None:
            import psycopg

            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{stale.replace("-", "_")}" WITH (FORCE)')
        marker.unlink()


def built_store(total: int, backend: str, cache: Path, server_url: str | None = None, base_count: int = 64,
                report: bool = True, rebuild: bool = False) -> tuple[str, dict[str, Any]]:
    """The store target (file path or connection string) of a sound `total`-letter store, built
    if the cache has none; and its build figures."""
    cache.mkdir(parents=True, exist_ok=True)
    key = f"{backend}-s{SCHEMA_VERSION}-{store_code_fingerprint()}-b{base_count}-n{total}"
    marker = cache / f"{key}.json"
    target: str | Path
    if backend == "sqlite":
        target = cache / f"{key}.sqlite3"
    else:
        if server_url is None:
            raise SystemExit("a PostgreSQL store needs a server (postgres())")
        target = _database_url(server_url, key.replace("-", "_"))
    if rebuild:
        marker.unlink(missing_ok=True)
    if marker.exists():
        return str(target), json.loads(marker.read_text())
    _prune(cache, backend, base_count, total, key, server_url)
    _drop(target, server_url)
    if not isinstance(target, Path):
        _database_url(server_url or "", key.replace("-", "_"))
    started, cpu = time.perf_counter(), time.process_time()
    base_count = min(base_count, total)
    with Store(target) as store:
        base = store_base(store, parsed_corpus(base_count), base_count)
        based = time.perf_counter()
        multiply(store, base, total, report)
        copied = time.perf_counter()
        store.refresh_deadlines()
        deadlines = time.perf_counter()
        if store.is_postgres:
            store.db.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
        else:
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        figures = check_store(store, total, base_count)
    figures.update(base_s=round(based - started, 1), copy_s=round(copied - based, 1),
                   deadlines_s=round(deadlines - copied, 1), total_s=round(time.perf_counter() - started, 1),
                   cpu_s=round(time.process_time() - cpu, 1), schema=SCHEMA_VERSION, base=base_count)
    marker.write_text(json.dumps(figures))
    return str(target), figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("letters", type=int)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--pg", help="a PostgreSQL server URL to create the store's database on")
    parser.add_argument("--rebuild", action="store_true", help="build again even if the cache has the store")
    parser.add_argument("--base", type=int, default=64, help="distinct letters stored through the write path")
    args = parser.parse_args()
    with postgres(args.cache, args.pg) if args.backend == "postgresql" else _nothing() as server_url:
        target, figures = built_store(args.letters, args.backend, args.cache, server_url, args.base,
                                     rebuild=args.rebuild)
    print(target)
    print(json.dumps(figures))
    return 0


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())
