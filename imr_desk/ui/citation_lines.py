"""The citations read from a decision's guideline line, one line each, under that field.

`CitationLines` is a read-only, word-wrapped label the decision's form puts under the Claims
Administrator's and MAXIMUS's guideline fields: one line per structured citation
(``decisions[].citations``), in the one-line form the CSV export and the case summary print
(`core.store.finding_words.citation_line`, e.g. ``MTUS: ACOEM Low Back Complaints, Ch. 12,
pp. 303``; ``MTUS: not addressed`` where the reviewer went outside the MTUS). Nothing is shown
for a line with no citation. The text can be selected and copied; it wraps, never clips.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from imr_desk.core.findings import Citation
from imr_desk.core.store.finding_words import citation_line

CITED_PREFIX = "Cited: "


def citation_texts(citations: Iterable[Citation]) -> list[str]:
    """Each citation's line, each once, in the letter's order."""
    return list(dict.fromkeys(citation_line(citation) for citation in citations))


class CitationLines(QLabel):
    """The citations of one guideline field (hidden when it has none)."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._field_label = field_label
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setObjectName("citationLines")
        self.setAccessibleName(f"Citations of the {field_label}")
        self.setContentsMargins(6, 0, 0, 4)
        self.hide()

    def lines(self) -> list[str]:
        """The lines shown (without the bullet)."""
        return [line.removeprefix("• ") for line in self.text().split("\n")[1:]] if self.text() else []

    def set_citations(self, citations: Iterable[Citation]) -> None:
        texts = citation_texts(citations)
        self.setText(CITED_PREFIX.strip() + "\n" + "\n".join(f"• {text}" for text in texts) if texts else "")
        self.setToolTip(f"The citations read from the {self._field_label}" if texts else "")
        self.setVisible(bool(texts))
