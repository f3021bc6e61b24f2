"""The set page's question list: search, filters and pages, read from the query string.

Filtering happens here, over the set's loaded questions, because the search also looks inside
answers (a JSON column: a list, a mapping, ``true``) and a set holds a few hundred questions at
most; the page shows ``PER_PAGE`` of them and its links keep the filters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from quizapp.grading.outcome import describe
from quizapp.instructor.itemstats import ItemStats
from quizapp.models import Question

PER_PAGE = 25
FLAG_FILTERS = {"flagged": "Flagged", "retired": "Retired"}


@dataclass(frozen=True)
class ListQuery:
    """What the instructor asked for: search text, topic, type, flag filter and page."""

    search: str = ""
    topic: str = ""
    qtype: str = ""
    flag: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListQuery:
        """The query from request arguments; unknown flag filters and bad pages are dropped."""
        try:
            page = max(int(args.get("page", "1")), 1)
        except ValueError:
            page = 1
        flag = args.get("flag", "")
        return cls(search=args.get("q", "").strip()[:200], topic=args.get("topic", ""),
                   qtype=args.get("type", ""), flag=flag if flag in FLAG_FILTERS else "",
                   page=page)

    @property
    def filtered(self) -> bool:
        """True when anything narrows the list."""
        return bool(self.search or self.topic or self.qtype or self.flag)

    def args(self, **changes: Any) -> dict[str, Any]:
        """Non-empty URL arguments of this query with ``changes`` applied (for links)."""
        query = replace(self, **changes)
        named = {"q": query.search, "topic": query.topic, "type": query.qtype,
                 "flag": query.flag, "page": query.page if query.page > 1 else ""}
        return {name: value for name, value in named.items() if value}


@dataclass(frozen=True)
class QuestionRow:
    """A question as the list shows it."""

    question: Question
    answer: str
    flags: tuple[str, ...]
    attempts: int


@dataclass(frozen=True)
class QuestionPage:
    """One page of the filtered list and what the filter controls offer."""

    rows: list[QuestionRow]
    total: int
    page: int
    pages: int
    first_number: int
    topics: list[str]
    types: list[str]


def answer_summary(question: Question) -> str:
    """The right answer on one line: ``True``, ``a → b → c``, ``left → right; …``."""
    answer = question.answer
    if isinstance(answer, bool):
        return "True" if answer else "False"
    if isinstance(answer, list) and question.type != "ordering":
        return ", ".join(map(str, answer))
    return describe(answer)  # the grader's rendering: pairs, orders, text


def _matches(row: QuestionRow, query: ListQuery) -> bool:
    q = row.question
    needle = query.search.casefold()
    return ((not needle or needle in q.prompt.casefold() or needle in row.answer.casefold()
             or any(needle in alias.casefold() for alias in q.accept or []))
            and (not query.topic or q.topic == query.topic)
            and (not query.qtype or q.type == query.qtype)
            and (query.flag != "flagged" or bool(row.flags)))


def question_page(questions: Sequence[Question], stats: Mapping[int, ItemStats],
                  query: ListQuery) -> QuestionPage:
    """The page of ``questions`` that ``query`` asks for (its page clamped to the last)."""
    rows = [QuestionRow(q, answer_summary(q), stats[q.id].flags if q.id in stats else (),
                        stats[q.id].attempts if q.id in stats else 0) for q in questions]
    shown = [row for row in rows if _matches(row, query)]
    pages = max(1, -(-len(shown) // PER_PAGE))
    page = min(query.page, pages)
    start = (page - 1) * PER_PAGE
    return QuestionPage(shown[start:start + PER_PAGE], len(shown), page, pages, start + 1,
                        topics=sorted({q.topic for q in questions}),
                        types=sorted({q.type for q in questions}))
