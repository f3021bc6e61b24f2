"""Plain-text flashcards as Anki ("Notes in Plain Text") and Quizlet export them: a card a line,
front and back split by a separator. Pure: no flask, no sqlalchemy.

* Anki writes header lines first: ``#separator:tab`` (or ``comma``, ``semicolon``, ``pipe``,
  ``colon``, ``space``, or the character itself), ``#html:true``, ``#tags column:3``,
  ``#deck:Name``, ``#deck column:2``, ``#guid column:1`` (the key: re-importing updates),
  ``#notetype column:1``; ``#columns:`` and the other ``#`` lines are skipped. Its
  fields are quoted as in CSV when they hold the separator, a quote or a line break.
* Quizlet writes ``term<TAB>definition`` lines (tab unless the user chose another separator),
  with no header.

Without a ``#separator:`` header the separator is the one the user chose, else a tab. Each card
becomes a short answer (front: the question, back: the answer); with ``#html:true`` the fields'
markup is flattened to text and a formatted front kept as sanitized HTML beside it. A line with
no back is an error naming it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from quizapp.bank.schema import KEY_RE, Question
from quizapp.imports.common import (
    DEFAULT_TOPIC,
    MAX_QUESTIONS,
    Draft,
    ParsedImport,
    Where,
    check_question_cap,
    derived_key,
    finalize,
    topic_name,
)
from quizapp.imports.errors import ImportFormatError
from quizapp.imports.richtext import plain_text, rich_html

SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":",
                   "space": " "}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$", re.IGNORECASE)
_MARKUP = re.compile(r"<[a-z/][^>]*>", re.IGNORECASE)


def separator_named(name: str) -> str:
    """The character a separator name (``tab``, ``comma``, ...) or a single character means."""
    value = SEPARATOR_NAMES.get(name.strip().lower(), name if len(name) == 1 else "")
    if not value:
        raise ImportFormatError(f"unknown separator {name!r}; use one of "
                                f"{', '.join(SEPARATOR_NAMES)} or a single character")
    return value


def looks_like_flashcards(text: str) -> bool:
    """True for an Anki plain-text export (its ``#separator:``/``#html:`` headers) or tab
    separated lines with no GIFT answer block (Quizlet's ``.txt``)."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if lines and re.match(r"#(separator|html|notetype|deck|columns):", lines[0], re.IGNORECASE):
        return True
    cards = [line for line in lines if not line.startswith(("#", "//"))]
    return bool(cards) and all("\t" in line for line in cards) and "{" not in text


def parse_flashcards(text: str, *, slug_hint: str, separator: str | None = None,
                     max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse Anki or Quizlet plain-text flashcards; raise :class:`ImportFormatError` naming
    the line of a card with no back."""
    headers, body_start = _headers(text)
    chosen = separator_named(headers["separator"]) if "separator" in headers else separator
    layout = _Layout(
        html=headers.get("html", "").strip().lower() == "true",
        tags=_column(headers.get("tags column", "")),
        deck=_column(headers.get("deck column", "")),
        guid=_column(headers.get("guid column", "")),
        notetype=_column(headers.get("notetype column", "")),
        topic=_topic(headers.get("deck", "")))
    lines = text.lstrip("\ufeff").splitlines()[body_start:]
    drafts: list[Draft] = []
    rows = csv.reader(lines, delimiter=chosen or "\t", quotechar='"', strict=False)
    for fields in rows:
        number = body_start + rows.line_num
        if not any(f.strip() for f in fields) or fields[0].startswith("#"):
            continue
        check_question_cap(len(drafts) + 1, max_questions, Where(line=number))
        drafts.append(_card(fields, layout, Where(line=number)))
    if not drafts:
        raise ImportFormatError("the file holds no flashcard (front and back on a line)")
    return ParsedImport(finalize(drafts, slug_hint), None, ())


def _headers(text: str) -> tuple[dict[str, str], int]:
    """Anki's leading ``#name:value`` lines (names lower-cased) and the first line after them."""
    headers: dict[str, str] = {}
    lines = text.lstrip("\ufeff").splitlines()
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match is None:
            return headers, index
        headers[match.group(1).strip().lower()] = match.group(2)
    return headers, len(lines)


@dataclass(frozen=True)
class _Layout:
    """What Anki's headers say about the columns (0-based), and the defaults."""

    html: bool
    tags: int | None
    deck: int | None
    guid: int | None
    notetype: int | None
    topic: str

    def cell(self, fields: list[str], column: int | None) -> str:
        """The field in ``column``, "" when there is none."""
        return fields[column] if column is not None and column < len(fields) else ""

    def sides(self, fields: list[str]) -> list[str]:
        """The note's own fields: every column but tags, deck, guid and note type."""
        special = {self.tags, self.deck, self.guid, self.notetype}
        return [f for i, f in enumerate(fields) if i not in special]


def _column(value: str) -> int | None:
    return int(value) - 1 if value.strip().isdigit() and int(value) > 0 else None


def _topic(deck: str) -> str:
    return topic_name(deck.split("::")[-1]) if deck.strip() else ""


def _card(fields: list[str], layout: _Layout, where: Where) -> Draft:
    sides = layout.sides(fields)
    if len(sides) < 2 or not sides[0].strip() or not sides[1].strip():
        raise where.error("a flashcard needs a front and a back, split by the separator "
                          "(choose the separator the file uses)")
    front, back = sides[0], sides[1]
    guid = layout.cell(fields, layout.guid).strip()
    key = (guid if KEY_RE.match(guid) else derived_key("anki", guid)) if guid else ""
    question = Question(
        key=key, topic=_topic(layout.cell(fields, layout.deck)) or layout.topic or DEFAULT_TOPIC,
        type="short_answer", prompt=_text(front, layout.html), answer=_text(back, layout.html),
        tags=tuple(layout.cell(fields, layout.tags).split()),
        prompt_html=rich_html(front, "html") if layout.html and _MARKUP.search(front) else "")
    return Draft(question, where)


def _text(field: str, html: bool) -> str:
    return plain_text(field, "html" if html else "plain").strip()
