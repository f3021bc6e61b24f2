"""CSV export of a bank (pure): one row per question, the columns the CSV importer reads.

Cells that a spreadsheet would run as a formula (starting ``= + - @``) get a leading ``'``;
quizapp's CSV importer removes it again, so export then import gives the same questions
(apart from ``explanation``, which has no column).
"""

from __future__ import annotations

import csv
import io

from quizapp.bank.schema import Bank, Question
from quizapp.imports.csvfile import join_values, neutralise

CSV_COLUMNS: tuple[str, ...] = (
    "id", "topic", "type", "prompt", "answer", "accept", "choices", "section", "quote", "tags",
)


def bank_to_csv(bank: Bank) -> str:
    """The bank as CSV text with a header row (``\\r\\n`` line ends, as spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for question in bank.questions:
        writer.writerow([neutralise(cell) for cell in question_row(question)])
    return out.getvalue()


def question_row(question: Question) -> list[str]:
    """The cells of one question, in :data:`CSV_COLUMNS` order (not yet neutralised)."""
    return [
        question.key,
        question.topic,
        question.type,
        question.prompt,
        answer_cell(question),
        join_values(question.accept),
        join_values(question.choices),
        question.source.section,
        question.source.quote,
        join_values(question.tags),
    ]


def answer_cell(question: Question) -> str:
    """The answer as the CSV importer reads it for the question's type."""
    answer = question.answer
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list):
        return join_values(answer)
    if isinstance(answer, dict):
        return join_values([f"{left} -> {right}" for left, right in answer.items()])
    return answer
