"""Moodle GIFT import: categories, titles, ids and tags, escapes, text formats and the
answer-block types, read as Moodle's own reader (question/format/gift/format.php) reads them.

Questions are separated by blank lines, ``//`` lines are comments (``// [id:x] [tag:y]`` lines
give the id and tags), ``$CATEGORY: $course$/top/a/b`` sets the topic of the questions after it
to ``b`` and tags them with the whole path (``category:a/b``). A ``[html]`` or ``[markdown]``
question keeps its text as sanitized HTML beside the plain text. Descriptions and essays have
no quizapp type: they are skipped with a warning naming the line, and the rest imports; a file
that yields no question at all is an error. A ``// quizapp: {json}`` comment written by
quizapp's exporter restores the fields GIFT cannot carry (source, aliases of a multiple-choice
answer), so an export reads back exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from quizapp.bank.schema import CLOZE_GAP, KEY_RE, Question, SourceRef, question_from_dict
from quizapp.imports.common import (
    DEFAULT_TOPIC,
    MAX_QUESTIONS,
    Draft,
    ParsedImport,
    Where,
    check_question_cap,
    check_something_imports,
    finalize,
    topic_name,
)
from quizapp.imports.errors import ImportFormatError
from quizapp.imports.gift_answers import Answers, Skip, read_answers
from quizapp.imports.gift_syntax import clean, find_unescaped, unescape
from quizapp.imports.richtext import plain_text, rich_html, sanitize_html, split_marker

META_PREFIX = "quizapp:"
#: First line of the comment block an ordering question is exported as (GIFT has no such type).
ORDERING_MARK = "ORDERING QUESTION, NOT IMPORTED BY MOODLE"
#: The blank Moodle writes into a missing-word question's text (and its exports keep).
MOODLE_BLANK = "_____"
_ID_TAG = re.compile(r"\[id:([^\]]*)\]")
_TAG_TAG = re.compile(r"\[tag:([^\]]*)\]")
CATEGORY_TAG = "category:"
# Moodle's category contexts and its top category are not part of the instructor's path.
_CONTEXT = re.compile(r"^\$\w+\$$|^top$", re.IGNORECASE)
_TOPIC_LENGTH = 40


@dataclass(frozen=True)
class _Category:
    """The category the questions after a ``$CATEGORY:`` line belong to."""

    topic: str = DEFAULT_TOPIC
    tag: str = ""


@dataclass
class _Block:
    """One question's lines: comment texts and the question text, with its first line number."""

    line: int
    comments: list[str] = field(default_factory=list)
    text_lines: list[str] = field(default_factory=list)


def parse_gift(text: str, *, slug_hint: str, max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse Moodle GIFT text into questions; raise :class:`ImportFormatError` naming the line."""
    category = _Category()
    drafts: list[Draft] = []
    warnings: list[str] = []
    number = 0
    for block in _blocks(text):
        if not block.text_lines:
            number += 1
            check_question_cap(number, max_questions, Where(line=block.line))
            ordering = _ordering(block)
            if isinstance(ordering, Skip):
                warnings.append(f"question {number} (line {block.line}): {ordering.reason}")
            else:
                drafts.append(ordering)
            continue
        body = "\n".join(block.text_lines).strip()
        if body.startswith("$CATEGORY:"):
            category = _category(body.removeprefix("$CATEGORY:"))
            continue
        number += 1
        where = Where(line=block.line)
        check_question_cap(number, max_questions, where)
        result = _question(block, body, category, where)
        if isinstance(result, Skip):
            warnings.append(f"question {number} ({where.label()}): {result.reason}, skipped")
            continue
        draft, notes = result
        drafts.append(draft)
        warnings.extend(f"question {number} ({where.label()}): {n}" for n in notes)
    check_something_imports(drafts, warnings)
    return ParsedImport(finalize(drafts, slug_hint), None, tuple(warnings))


def _category(raw: str) -> _Category:
    """Topic (the last part) and tag (the whole path) of a ``$CATEGORY:`` path; Moodle writes
    a ``/`` inside a name as ``//``."""
    parts = [p.replace("\0", "/").strip() for p in clean(raw).replace("//", "\0").split("/")]
    path = [p for p in parts if p and not _CONTEXT.match(p)]
    if not path:
        return _Category()
    return _Category(topic_name(path[-1])[:_TOPIC_LENGTH].strip(),
                     CATEGORY_TAG + "/".join(path))


def _ordering(block: _Block) -> Draft | Skip:
    """An ordering question from the comment block quizapp's export writes (Moodle skips it)."""
    where = Where(line=block.line)
    for comment in block.comments:
        if comment.startswith(META_PREFIX):
            try:
                data = json.loads(comment.removeprefix(META_PREFIX)).get("question")
                question = question_from_dict(data, f"line {block.line}")
            except (ValueError, AttributeError, RecursionError):
                break
            if question.type == "ordering":
                return Draft(question, where, firm_key=True)
    return Skip("an ordering question written as a comment (GIFT has no ordering type), "
                "not imported: import the bank YAML or CSV export to keep it")


def _blocks(text: str) -> Iterator[_Block]:
    """Blank-line separated blocks that contain question text, and the comment blocks that
    hold an exported ordering question (other comment-only blocks are dropped)."""
    block: _Block | None = None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if block is not None and (block.text_lines or _holds_ordering(block)):
                yield block
            block = None
            continue
        if block is None:
            block = _Block(line=number)
        if line.lstrip().startswith("//"):
            block.comments.append(line.lstrip()[2:].strip())
        else:
            if not block.text_lines:
                block.line = number
            block.text_lines.append(line)
    if block is not None and (block.text_lines or _holds_ordering(block)):
        yield block


def _holds_ordering(block: _Block) -> bool:
    return bool(block.comments) and block.comments[0].startswith(ORDERING_MARK)


def _question(block: _Block, body: str, category: _Category, where: Where
              ) -> tuple[Draft, list[str]] | Skip:
    title, body = _split_title(body, where)
    text_format, body = split_marker(body)
    opening = find_unescaped(body, "{")
    if opening < 0:
        return Skip("descriptions (text without an answer block) are not supported")
    closing = find_unescaped(body, "}", opening + 1)
    if closing < 0:
        raise _at(where, body, opening, "the answer block '{' is never closed with '}'")
    if find_unescaped(body, "{", closing + 1) >= 0:
        raise _at(where, body, closing, "only one answer block per question is supported")
    before, after = body[:opening], body[closing + 1 :]
    gap_follows = bool(after.strip())
    try:
        answers = read_answers(body[opening + 1 : closing], has_text_after=gap_follows,
                               text_format=text_format)
    except ValueError as exc:
        raise _at(where, body, opening, str(exc)) from None
    if isinstance(answers, Skip):
        return answers
    if answers.type == "short_answer" and before.count(MOODLE_BLANK) == 1:
        # Moodle's own export of a missing-word question: the blank in the text, answers last.
        before, _, after = before.partition(MOODLE_BLANK)
        answers = replace(answers, type="cloze", gap=True)
    meta = _meta(block.comments, where)
    gap = answers.gap or meta.get("type") == "cloze"
    notes = list(answers.notes)
    raw = before + CLOZE_GAP + after if gap else before.rstrip() + " " + after.lstrip()
    prompt_html = rich_html(unescape(raw, keep_lines=True).strip(), text_format)
    prompt = plain_text(clean(raw), text_format if prompt_html else "plain")
    question = _build(answers, prompt, category, block.comments, meta)
    if answers.type == "cloze":
        prompt_html = ""
    prompt_html = sanitize_html(str(meta["prompt_html"])) if "prompt_html" in meta else prompt_html
    question = replace(question, prompt_html=prompt_html)
    key, firm = _key(block.comments, title)
    return Draft(replace(question, key=key), where, firm_key=firm), notes


def _build(
    answers: Answers, prompt: str, category: _Category, comments: list[str], meta: dict[str, Any]
) -> Question:
    tags = tuple(t.strip() for c in comments for t in _TAG_TAG.findall(c) if t.strip())
    if category.tag and category.tag not in tags:
        tags += (category.tag,)
    source = meta.get("source") or {}
    return Question(
        key="",
        topic=str(meta.get("topic") or category.topic),
        type=str(meta.get("type") or answers.type),
        prompt=prompt,
        answer=answers.answer,
        accept=tuple(meta.get("accept") or answers.accept),
        choices=answers.choices,
        explanation=answers.explanation,
        source=SourceRef(str(source.get("section", "")), str(source.get("quote", ""))),
        tags=tuple(meta["tags"] if "tags" in meta else tags),
        weights=_exact_weights(meta) or answers.weights,
        feedback=answers.feedback,
        numeric=answers.numeric,
    )


def _exact_weights(meta: dict[str, Any]) -> dict[str, float]:
    """The weights quizapp's export rounded to Moodle's grades, as they were (its comment)."""
    weights = meta.get("weights")
    if not isinstance(weights, dict):
        return {}
    return {str(k): float(v) for k, v in weights.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and -100 <= v <= 100}


def _split_title(body: str, where: Where) -> tuple[str, str]:
    if not body.startswith("::"):
        return "", body
    end = find_unescaped(body, "::", 2)
    if end < 0:
        raise where.error("the question title '::' is never closed with '::'")
    return clean(body[2:end]), body[end + 2 :].strip()


def _key(comments: list[str], title: str) -> tuple[str, bool]:
    """The question's key and whether it is firm (an explicit ``[id:...]``)."""
    for comment in comments:
        match = _ID_TAG.search(comment)
        if match:
            return match.group(1).strip(), True
    return (title, False) if KEY_RE.match(title) else ("", False)


def _meta(comments: list[str], where: Where) -> dict[str, Any]:
    """The ``// quizapp: {...}`` comment's fields (written by quizapp's GIFT export)."""
    for comment in comments:
        if comment.startswith(META_PREFIX):
            try:
                data = json.loads(comment.removeprefix(META_PREFIX))
            except (ValueError, RecursionError):
                data = None
            if not isinstance(data, dict) or not _meta_is_valid(data):
                raise where.error("the '// quizapp:' comment is not valid quizapp metadata")
            return data
    return {}


def _meta_is_valid(data: dict[str, Any]) -> bool:
    def texts(value: Any) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    source = data.get("source", {})
    return (
        all(texts(data[k]) for k in ("accept", "tags") if k in data)
        and all(isinstance(data[k], str) for k in ("topic", "type", "prompt_html") if k in data)
        and isinstance(source, dict)
        and all(isinstance(v, str) for v in source.values())
    )


def _at(where: Where, body: str, offset: int, reason: str) -> ImportFormatError:
    """An error on the physical line of ``offset`` within a block starting at ``where.line``."""
    line = (where.line or 1) + body[:offset].count("\n")
    return ImportFormatError(reason, line=line)
