"""The notes on the open letter: a list of cards (tag chip, note, quoted text, who and when).

Choosing a note (click, arrow keys, Enter) emits `annotationActivated(id)` so the window can
show its span in the letter; the Delete key or the Delete button emits `deleteRequested(id)`,
F2 or the Edit button opens `NoteEditor` (the note's text, and its tag picked from the tags
already used in the store, `set_used_tags`, or typed) and emits `editRequested(id, note, tag)`
(the window asks the store, then calls `set_record` again). A highlight (a note without text)
shows as "Highlight". With no notes the panel says how to add one.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.fields import ADD_NOTE_WORDS
from imr_desk.core.records import Annotation, CaseRecord

from .history_dialog import format_timestamp
from .icons import icon
from .theme import colours

ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1
EXCERPT_ROLE = Qt.ItemDataRole.UserRole + 2
EXCERPT_CHARS = 160
PADDING = 8
HIGHLIGHT_WORD = "Highlight"  # what a note without text shows


def note_words(annotation: Annotation) -> str:
    """The note's text on one line, or "Highlight" for a highlight without text."""
    return " ".join(annotation.note.split()) or HIGHLIGHT_WORD


def excerpt(record: CaseRecord, annotation: Annotation) -> str:
    """The quoted letter text the note is attached to (whitespace collapsed), or 'Whole letter'."""
    if annotation.span is None:
        return "Whole letter"
    start, end = annotation.span
    text = " ".join(record.letter.text[start:end].split())
    if not text:
        return "Whole letter"
    shortened = text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"
    return f"“{shortened}”"


class _AnnotationDelegate(QStyledItemDelegate):
    """Paints one note as three lines: [tag] note / quoted excerpt / who · when."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 3 * line + 2 * PADDING + 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        annotation: Annotation = index.data(ANNOTATION_ROLE)
        style = option.widget.style() if option.widget else None
        self.initStyleOption(option, index)
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlphaF(0.7)
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        area = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.save()
        x = area.left()
        if annotation.tag:
            x = self._paint_chip(painter, option.font, annotation.tag, QRect(x, area.top(), area.width(), line))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        note_rect = QRect(x, area.top(), area.right() - x, line)
        note = note_words(annotation)
        bold.setItalic(not annotation.note.strip())
        painter.setFont(bold)
        shown_note = QFontMetrics(bold).elidedText(note, Qt.TextElideMode.ElideRight, note_rect.width())
        painter.drawText(note_rect, Qt.AlignmentFlag.AlignVCenter, shown_note)
        italic = QFont(option.font)
        italic.setItalic(True)
        painter.setFont(italic)
        painter.setPen(muted)
        quote_rect = QRect(area.left(), area.top() + line + 2, area.width(), line)
        excerpt = QFontMetrics(italic).elidedText(index.data(EXCERPT_ROLE), Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(quote_rect, Qt.AlignmentFlag.AlignVCenter, excerpt)
        painter.setFont(option.font)
        who_rect = QRect(area.left(), area.top() + 2 * (line + 2), area.width(), line)
        who = f"{annotation.user} · {format_timestamp(annotation.created_at)}"
        shown_who = metrics.elidedText(who, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(who_rect, Qt.AlignmentFlag.AlignVCenter, shown_who)
        painter.restore()

    @staticmethod
    def _paint_chip(painter: QPainter, font: QFont, tag: str, rect: QRect) -> int:
        """Draw the tag as a rounded chip at the left of `rect`; return the x after it."""
        chip_font = QFont(font)
        chip_font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
        metrics = QFontMetrics(chip_font)
        label = metrics.elidedText(tag, Qt.TextElideMode.ElideRight, 120)
        chip = QRect(rect.left(), rect.top() + 1, metrics.horizontalAdvance(label) + 12, rect.height() - 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        scheme = colours()
        painter.setBrush(QColor(scheme.corrected))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setFont(chip_font)
        painter.setPen(QColor(scheme.badge_text))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        return chip.right() + 6


class NoteEditor(QDialog):
    """Edit a note's text and tag; the tag box offers the tags already used (or takes a new one).

    A note on the whole letter needs text (OK stays off without); a highlight may have none."""

    def __init__(self, annotation: Annotation, used_tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit highlight" if not annotation.note.strip() else "Edit note")
        self._needs_text = annotation.span is None
        self.note_edit = QPlainTextEdit(annotation.note, self)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("No note: a highlight only" if not self._needs_text else "The note")
        self.tag_box = QComboBox(self)
        self.tag_box.setEditable(True)
        self.tag_box.setAccessibleName("Tag")
        self.tag_box.addItems(["", *[tag for tag in used_tags if tag]])
        self.tag_box.setCurrentText(annotation.tag or "")
        completer = QCompleter(used_tags, self.tag_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_box.setCompleter(completer)
        line_edit = self.tag_box.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("No tag")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Note:", self.note_edit)
        form.addRow("&Tag:", self.tag_box)
        form.addRow(self.buttons)
        self.note_edit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.resize(460, 260)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def tag(self) -> str:
        return " ".join(self.tag_box.currentText().split())

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.note()) or not self._needs_text)


class _NotesList(QListWidget):
    deletePressed = Signal()
    editPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem() is not None:
            self.deletePressed.emit()
            return
        if event.key() == Qt.Key.Key_F2 and self.currentItem() is not None:
            self.editPressed.emit()
            return
        super().keyPressEvent(event)


class AnnotationsPanel(QWidget):
    """Lists the open letter's notes; emits the window's cue to show or delete one."""

    annotationActivated = Signal(int)
    deleteRequested = Signal(int)
    editRequested = Signal(int, str, str)  # note id, its new text, its new tag ("" for none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self._used_tags: list[str] = []
        self.open_editor: NoteEditor | None = None  # the editor while it is open
        self.list = _NotesList(self)
        self.list.setItemDelegate(_AnnotationDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Notes")
        self.list.setUniformItemSizes(True)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setMargin(16)
        self.set_shortcut_hint("")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.list)
        self.delete_button = QPushButton(icon("delete-decision"), "Delete note", self)
        self.delete_button.setToolTip("Delete the selected note (Delete)")
        self.delete_button.setEnabled(False)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Edit the selected note's text and tag (F2)")
        self.edit_button.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemActivated.connect(self._emit_activated)
        self.list.deletePressed.connect(self._request_delete)
        self.delete_button.clicked.connect(self._request_delete)
        self.list.editPressed.connect(self.edit_current)
        self.edit_button.clicked.connect(self.edit_current)

    def set_used_tags(self, tags: list[str]) -> None:
        """The tags the note editor offers (`store_ops.used_note_tags`), most used first."""
        self._used_tags = list(tags)

    def set_shortcut_hint(self, shortcut: str) -> None:
        """Name the window's "annotate" shortcut in the empty-state hint (e.g. 'Ctrl+M')."""
        how = f"press {shortcut}" if shortcut else f"right-click and choose {ADD_NOTE_WORDS}"
        self.empty_label.setText(f"No notes on this letter.\nSelect text in the letter and {how} to add a note.")

    def set_record(self, record: CaseRecord | None) -> None:
        """Show `record`'s notes (None: no letter open); the selected note stays selected."""
        current = self.current_annotation_id()
        self._filling = True
        try:
            self.list.clear()
            if record is not None:
                for annotation in record.annotations:
                    item = QListWidgetItem(self.list)
                    item.setData(ANNOTATION_ROLE, annotation)
                    item.setData(EXCERPT_ROLE, excerpt(record, annotation))
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 f"{annotation.tag or 'Note'}: {note_words(annotation)}")
                    item.setToolTip(annotation.note or HIGHLIGHT_WORD)
                    if annotation.id == current:
                        self.list.setCurrentItem(item)
        finally:
            self._filling = False
        self.stack.setCurrentWidget(self.list if self.list.count() else self.empty_label)
        self._update_buttons()

    def annotation_ids(self) -> list[int]:
        return [self.list.item(row).data(ANNOTATION_ROLE).id for row in range(self.list.count())]

    def current_annotation_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ANNOTATION_ROLE).id if item is not None else None

    def select_annotation(self, annotation_id: int) -> None:
        """Select a note without emitting (e.g. the user clicked its highlight in the letter)."""
        self._filling = True
        try:
            for row in range(self.list.count()):
                if self.list.item(row).data(ANNOTATION_ROLE).id == annotation_id:
                    self.list.setCurrentRow(row)
        finally:
            self._filling = False
        self._update_buttons()

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._update_buttons()
        if current is not None and not self._filling:
            self._emit_activated(current)

    def _emit_activated(self, item: QListWidgetItem) -> None:
        self.annotationActivated.emit(item.data(ANNOTATION_ROLE).id)

    def _request_delete(self) -> None:
        annotation_id = self.current_annotation_id()
        if annotation_id is not None:
            self.deleteRequested.emit(annotation_id)

    def _update_buttons(self) -> None:
        chosen = self.list.currentItem() is not None
        self.delete_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def edit_current(self) -> None:
        """Open the note editor on the selected note; on OK with a change, emit `editRequested`."""
        item = self.list.currentItem()
        if item is None:
            return
        annotation: Annotation = item.data(ANNOTATION_ROLE)
        editor = NoteEditor(annotation, self._used_tags, self)
        self.open_editor = editor
        try:
            accepted = editor.exec() == QDialog.DialogCode.Accepted
        finally:
            self.open_editor = None
        note, tag = editor.note(), editor.tag()
        editor.deleteLater()
        if accepted and (note != annotation.note or tag != (annotation.tag or "")):
            self.editRequested.emit(annotation.id, note, tag)
