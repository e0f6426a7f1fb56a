"""Notes on a letter beyond adding one: edit a note's text and tag, a plain highlight, the tags in use.

Like `edits`, each function takes the open `StoreConnection` and does one version-checked
edit of one letter (`edits.letter_edit`): locked, all or nothing, recorded in the letter's
history and undoable (`edits.apply_history` puts an edited note's earlier text and tag back,
and switches a highlight off). Adding a note and deleting one are `Store.annotate` and
`Store.delete_annotation`.

A highlight is a note with a span of the letter and no text; it may be given a tag, and text
later (`edit_annotation`). A note on the whole letter cannot lose its text: delete it instead.
"""

from __future__ import annotations

from typing import Any

from imr_desk.core.fields import check_note_length
from imr_desk.core.model import Region, Span
from imr_desk.core.records import Annotation, HistoryEntry
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection
from imr_desk.core.store.edits import letter_edit
from imr_desk.core.store.read import read_record
from imr_desk.core.store.rows import loads

TAG_MAX_LENGTH = 60  # characters of a note's tag ("question", "follow up with adjuster", ...)
HIGHLIGHT_TARGET = "Highlight"


def clean_tag(tag: str | None) -> str | None:
    """A tag as stored: white space collapsed, None for none; ValueError when too long."""
    text = " ".join((tag or "").split())
    if len(text) > TAG_MAX_LENGTH:
        raise ValueError(f"Tag: {len(text):,} characters, more than the {TAG_MAX_LENGTH} a tag holds.")
    return text or None


def note_target(note: str, tag: str | None, span: Span | None) -> str:
    """How the history names a note: ``Note (question)``, ``Highlight``."""
    word = "Note" if note or span is None else HIGHLIGHT_TARGET
    return f"{word} ({tag})" if tag else word


def note_value(note: str, tag: str | None, span: Span | None) -> dict[str, Any]:
    """A note's before/after in the history (what `history_words.readable_value` reads)."""
    return {"note": note, "tag": tag, "span": list(span) if span else None}


def edit_annotation(
    connection: StoreConnection, letter_id: int, annotation_id: int, note: str, tag: str | None, *,
    expected_version: ExpectedVersion,
) -> HistoryEntry | None:
    """Change a note's text and tag (an undoable edit); None when both are as they were."""
    check_note_length(note)
    new_tag = clean_tag(tag)
    with letter_edit(connection, letter_id, expected_version) as edit:
        row = connection.one(
            "SELECT * FROM annotations WHERE id = ? AND letter_id = ? AND active = 1", [annotation_id, letter_id]
        )
        if row is None:
            raise ValueError(f"Letter {letter_id} has no note {annotation_id} (was it deleted?).")
        span = loads(row["span"])
        if not note.strip() and span is None:
            raise ValueError("A note on the whole letter needs text; delete the note instead.")
        new_note = note if note.strip() else ""
        if new_note == row["note"] and new_tag == row["tag"]:
            edit.changed = False
            return None
        connection.db.execute(
            "UPDATE annotations SET note = ?, tag = ? WHERE id = ?", [new_note, new_tag, annotation_id]
        )
        before = note_value(row["note"], row["tag"], span)
        after = note_value(new_note, new_tag, span)
        return edit.add_history(
            "edit_annotation", note_target(new_note or row["note"], new_tag or row["tag"], span), before, after,
            annotation_id=annotation_id,
        )


def highlight(
    connection: StoreConnection, letter_id: int, span: Span, *, tag: str | None = None,
    regions: list[Region] | None = None, expected_version: ExpectedVersion,
) -> tuple[Annotation, HistoryEntry]:
    """Highlight a span of the letter without a note (an undoable edit)."""
    new_tag = clean_tag(tag)
    with letter_edit(connection, letter_id, expected_version) as edit:
        record = read_record(connection, letter_id)
        checked = edit.check_span(record, span)
        if checked is None or checked[0] == checked[1]:
            raise ValueError("Select some of the letter's text to highlight.")
        annotation = edit.add_annotation(record, "", new_tag, checked, regions)
        entry = edit.add_history(
            "highlight", note_target("", new_tag, checked), None, note_value("", new_tag, checked),
            annotation_id=annotation.id,
        )
        return annotation, entry


def used_tags(connection: StoreConnection) -> list[str]:
    """The tags of the notes in the store, most used first (then by name)."""
    rows = connection.db.execute(
        "SELECT tag, count(*) AS uses FROM annotations WHERE active = 1 AND tag IS NOT NULL AND tag != '' "
        "GROUP BY tag ORDER BY uses DESC, lower(tag), tag"
    ).fetchall()
    return [str(row[0]) for row in rows]
