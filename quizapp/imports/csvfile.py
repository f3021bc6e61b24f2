"""Spreadsheet (CSV) import: one question per row, ``|`` between the values of multi-valued cells.

Columns (header row, any order, case-insensitive): ``id`` (optional), ``topic``, ``type``,
``prompt``, ``answer``, ``accept``, ``choices``, ``section``, ``quote``, ``tags`` and optionally
``explanation``. A ``true_false`` answer is ``true`` or ``false``; an ``ordering`` answer is the
items in order, ``|``-separated; a ``matching`` answer is ``left -> right`` pairs, ``|``-separated,
and its ``choices`` are its distractors (extra right-hand items, ``|``-separated).
A literal ``|`` inside a value is written ``\\|``. Cells that quizapp's export neutralised against
spreadsheet formula injection (a leading ``'`` before ``= + - @``) are restored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from quizapp.bank.schema import Answer, Question, SourceRef
from quizapp.imports.common import (
    DEFAULT_TOPIC,
    MAX_QUESTIONS,
    Draft,
    ParsedImport,
    Where,
    check_question_cap,
    combined_error,
    settle,
)
from quizapp.imports.errors import ImportFormatError

COLUMNS: tuple[str, ...] = (
    "id", "topic", "type", "prompt", "answer", "accept", "choices", "section", "quote", "tags",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("explanation",)
REQUIRED_COLUMNS: tuple[str, ...] = ("type", "prompt", "answer")
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
# One value up to its unescaped | (the cell gets a final | so the last value ends too).
_VALUE = re.compile(r"((?:\\[\\|]|[^|])*)\|")
_ESCAPED = re.compile(r"\\([\\|])")
_BOOLEANS = {"true": True, "t": True, "yes": True, "false": False, "f": False, "no": False}
_MAX_ERRORS = 50


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (and to one already prefixed)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def join_values(values: list[str] | tuple[str, ...]) -> str:
    """A multi-valued cell: values separated by ``|`` (a ``|`` or ``\\`` inside a value
    written ``\\|`` or ``\\\\``)."""
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_values(cell: str) -> tuple[str, ...]:
    """The values of a multi-valued cell (blank values dropped); ``\\|`` and ``\\\\`` are a
    ``|`` and a ``\\`` inside a value, any other backslash is kept as written."""
    values = [_ESCAPED.sub(r"\1", part).strip() for part in _VALUE.findall(cell + "|")]
    return tuple(v for v in values if v)


def parse_csv(text: str, *, slug_hint: str, max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse CSV text; raise one :class:`ImportFormatError` listing every bad row by line."""
    rows = _rows(text.removeprefix("\ufeff"))
    header_line, header = next(rows, (1, []))
    columns = _columns(header, header_line)
    drafts: list[Draft] = []
    problems: list[ImportFormatError] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        check_question_cap(len(drafts) + len(problems) + 1, max_questions, Where(line=line))
        try:
            drafts.append(_draft(columns, cells, Where(line=line)))
        except ImportFormatError as exc:
            problems.append(exc)
            if len(problems) >= _MAX_ERRORS:
                break
    questions, invalid = settle(drafts, slug_hint)
    problems = sorted(problems + invalid, key=lambda p: p.line or 0)
    if problems:
        raise combined_error(problems)
    return ParsedImport(questions, None)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, cells)`` of each record; csv errors become located errors."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFormatError(f"not valid CSV ({exc})", line=start) from None
        yield start, cells
        start = reader.line_num + 1


def _columns(header: list[str], line: int) -> list[str]:
    names = [h.strip().lower() for h in header]
    where = Where(line=line)
    known = COLUMNS + OPTIONAL_COLUMNS
    unknown = [n for n in names if n not in known]
    if unknown:
        raise where.error(f"unknown column {unknown[0]!r}; the columns are {', '.join(known)}")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise where.error(f"column {duplicates[0]!r} appears twice")
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    if missing:
        raise where.error(f"missing column {missing[0]!r} (the header row must name the columns)")
    return names


def _draft(columns: list[str], cells: list[str], where: Where) -> Draft:
    if len(cells) > len(columns):
        raise where.error(f"the row has {len(cells)} cells but the header names {len(columns)}")
    row = {name: restore(cell) for name, cell in zip(columns, cells, strict=False)}
    qtype = re.sub(r"[\s-]+", "_", row.get("type", "").strip().lower())
    key = row.get("id", "").strip()
    question = Question(
        key=key,
        topic=row.get("topic", "").strip() or DEFAULT_TOPIC,
        type=qtype,
        prompt=row.get("prompt", "").strip(),
        answer=_answer(qtype, row.get("answer", ""), where),
        accept=split_values(row.get("accept", "")),
        choices=split_values(row.get("choices", "")),
        explanation=row.get("explanation", "").strip(),
        source=SourceRef(row.get("section", "").strip(), row.get("quote", "").strip()),
        tags=split_values(row.get("tags", "")),
    )
    return Draft(question, where, firm_key=bool(key))


def _answer(qtype: str, cell: str, where: Where) -> Answer:
    if qtype == "true_false":
        value = _BOOLEANS.get(cell.strip().lower())
        if value is None:
            raise where.error(f"a true_false answer must be true or false, not {cell.strip()!r}")
        return value
    if qtype in ("ordering", "multiple_response"):
        return list(split_values(cell))
    if qtype == "matching":
        return _pairs(cell, where)
    return cell.strip()


def _pairs(cell: str, where: Where) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in split_values(cell):
        left, arrow, right = item.partition("->")
        if not arrow or not left.strip() or not right.strip():
            raise where.error(f"a matching pair must read 'left -> right', not {item!r}")
        if left.strip() in pairs:
            raise where.error(f"the left-hand item {left.strip()!r} appears twice")
        pairs[left.strip()] = right.strip()
    return pairs
