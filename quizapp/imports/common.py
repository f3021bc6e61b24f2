"""Shared pieces of the import parsers: the result type, locations, keys and validation."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import nh3

from quizapp.bank.schema import KEY_RE, Question, SetInfo, question_errors
from quizapp.imports.errors import ImportFormatError

DEFAULT_TOPIC = "imported"
#: Questions one file may hold: past it an import is refused as soon as the parser sees it,
#: so a huge file costs a bounded amount of work (configurable: IMPORT_MAX_QUESTIONS).
MAX_QUESTIONS = 10_000
_MAX_LISTED_ERRORS = 20


@dataclass(frozen=True)
class MediaFile:
    """An image a question shows, as the import will store it with the set.

    Attributes:
        name: A safe file name (letters, digits, ``._-``), for exports.
        sha256: Hex digest of ``data``; prompts refer to the image by it.
        content_type: The type sniffed from the bytes (never from the name).
        data: The file's bytes.
    """

    name: str
    sha256: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedImport:
    """What an import parser found: valid questions, set metadata if any, and warnings.

    Attributes:
        questions: Questions in file order, each valid under ``schema.question_errors`` and with
            a key unique within the import.
        info: Set metadata when the format carries it (bank YAML/JSON), else ``None``.
        warnings: Things that could not be represented and were skipped or simplified.
        media: Images the questions' ``prompt_html`` refers to, to store with the set.
    """

    questions: tuple[Question, ...]
    info: SetInfo | None
    warnings: tuple[str, ...] = ()
    media: tuple[MediaFile, ...] = ()


@dataclass(frozen=True)
class Where:
    """A location in the uploaded file: a line number or a named entry."""

    line: int | None = None
    entry: str | None = None

    def error(self, reason: str) -> ImportFormatError:
        """An :class:`ImportFormatError` at this location."""
        return ImportFormatError(reason, line=self.line, entry=self.entry)

    def label(self) -> str:
        """``"line 12"`` or the entry name, for warnings."""
        return f"line {self.line}" if self.line is not None else (self.entry or "file")


@dataclass(frozen=True)
class Draft:
    """A parsed question before keys are settled.

    Attributes:
        question: The question; its key is ``""`` when the file gave none.
        where: Where it came from, for error messages.
        firm_key: The key was given explicitly (an id column or tag): a duplicate is an error.
            Otherwise a taken or invalid key is replaced by one derived from the content.
    """

    question: Question
    where: Where
    firm_key: bool = False


def check_question_cap(count: int, limit: int, where: Where | None = None) -> None:
    """Refuse a file once it is seen to hold more than ``limit`` questions."""
    if count > limit:
        raise (where or Where()).error(
            f"the file holds more than {limit:,} questions, the most one import takes; "
            "split it into smaller files")


def check_something_imports(drafts: list[Draft], warnings: Iterable[str]) -> None:
    """A file that yields no question is an error that creates nothing (saying why each
    part of it was skipped), not an empty set."""
    if not drafts:
        reasons = "; ".join(warnings)
        raise ImportFormatError("the file holds no question quizapp can import"
                                + (f": {reasons}" if reasons else ""))


def safe_slug(slug_hint: str) -> str:
    """A key prefix made from a slug hint (e.g. a file name), always valid in a key."""
    slug = re.sub(r"[^A-Za-z0-9._:-]+", "-", slug_hint).strip("-._:")[:80]
    return slug or "import"


def derived_key(slug: str, content: str) -> str:
    """A stable key from content: the same slug and content always give the same key."""
    digest = hashlib.sha1(content.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}"


def finalize(drafts: Iterable[Draft], slug_hint: str) -> tuple[Question, ...]:
    """Settle unique keys and validate every draft; raise one error listing all problems."""
    questions, problems = settle(drafts, slug_hint)
    if problems:
        raise combined_error(problems)
    return questions


def settle(
    drafts: Iterable[Draft], slug_hint: str
) -> tuple[tuple[Question, ...], list[ImportFormatError]]:
    """Questions with unique keys, and the problems found (duplicate ids, invalid questions)."""
    drafts = list(drafts)
    problems: list[ImportFormatError] = []
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for draft in drafts:
        key = draft.question.key
        if draft.firm_key:
            if key in taken:
                problems.append(draft.where.error(f"duplicate id {key!r}"))
            taken.add(key)
    slug = safe_slug(slug_hint)
    questions: list[Question] = []
    for draft in drafts:
        question = draft.question
        if not draft.firm_key:
            question = replace(question, key=_free_key(question, slug, taken, next_suffix))
        errors = question_errors(question)
        if errors:
            problems.append(draft.where.error("; ".join(errors)))
        questions.append(question)
    return tuple(questions), problems


def _free_key(question: Question, slug: str, taken: set[str],
              next_suffix: dict[str, int]) -> str:
    """A key not yet taken: the question's own, else one derived from its prompt, numbered
    ``-2``, ``-3``... on a clash. ``next_suffix`` remembers where each base's numbering got to,
    so a file of many equal prompts takes linear time, not quadratic."""
    key = question.key
    if not key or not KEY_RE.match(key) or key in taken:
        key = derived_key(slug, question.prompt)
    base, n = key, next_suffix.get(key, 2)
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    next_suffix[base] = n
    taken.add(key)
    return key


def combined_error(problems: list[ImportFormatError]) -> ImportFormatError:
    """One error for several problems: located at the first, listing up to 20 of them."""
    if len(problems) == 1:
        return problems[0]
    listed = [str(p) for p in problems[:_MAX_LISTED_ERRORS]]
    if len(problems) > _MAX_LISTED_ERRORS:
        listed.append(f"... and {len(problems) - _MAX_LISTED_ERRORS} more problems")
    first = problems[0]
    summary = f"{len(problems)} problems, nothing imported:\n" + "\n".join(listed)
    error = ImportFormatError(summary)
    error.line, error.entry = first.line, first.entry
    return error


_LINE_BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_BLOCK_TAGS = re.compile(r"<\s*/?\s*(?:div|p|li|tr|td|ol|ul|table)\b[^>]*>", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Plain text of untrusted HTML: every tag (and script/style content) removed.

    ``<br>`` becomes a line break; blocks and other whitespace become single spaces.
    """
    flat = " ".join(markup.split())
    spaced = _BLOCK_TAGS.sub(" ", _LINE_BREAK_TAG.sub("\n", flat))
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def topic_name(text: str) -> str:
    """A topic from a category or tag: lower-case, trimmed, ``imported`` when empty."""
    return " ".join(text.split()).lower() or DEFAULT_TOPIC
