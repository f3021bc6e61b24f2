"""Import services shared by the web UI and the CLI: plan an import, then save it in one go.

A plan says what would be created, updated or left unchanged; applying it saves the questions
with :func:`quizapp.content.services.save_bank` (stable keys, nothing retired). Services flush;
the caller commits once, so a failure leaves nothing behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from quizapp.bank.generator import generate
from quizapp.bank.schema import Bank, SetInfo
from quizapp.bank.schema import Question as BankQuestion
from quizapp.content.services import save_bank, to_bank
from quizapp.imports import ParsedImport
from quizapp.instructor.services import unique_slug
from quizapp.models import Account, QuestionSet

SAVE_CHUNK = 200


@dataclass(frozen=True)
class ImportPlan:
    """What importing a parsed file into a set will do.

    Attributes:
        info: The target set's metadata (a fresh slug for a new set).
        questions: The whole set after the import, in order.
        created: Imported questions whose keys are new to the set.
        updated: Imported questions replacing a different version with the same key.
        unchanged: How many imported questions are already in the set as they are.
        new_set: True when the import creates a set.
        warnings: What the parser could not carry over.
    """

    info: SetInfo
    questions: tuple[BankQuestion, ...]
    created: tuple[BankQuestion, ...]
    updated: tuple[BankQuestion, ...]
    unchanged: int
    new_set: bool
    warnings: tuple[str, ...] = ()


def default_title(parsed: ParsedImport, filename: str) -> str:
    """The file's own set title, else its name without extension."""
    if parsed.info is not None:
        return parsed.info.title
    return os.path.splitext(os.path.basename(filename))[0] or "Imported questions"


def plan_import(parsed: ParsedImport, *, target: QuestionSet | None, title: str = "",
                filename: str = "") -> ImportPlan:
    """Plan importing ``parsed`` into ``target`` (or into a new set when it is None)."""
    if target is None:
        hint = title or (parsed.info.slug if parsed.info else default_title(parsed, filename))
        title = title or default_title(parsed, filename)
        base = parsed.info or SetInfo(slug="set", title=title)
        info = replace(base, slug=unique_slug(hint), title=title)
        return ImportPlan(info, parsed.questions, parsed.questions, (), 0, True, parsed.warnings)
    current = to_bank(target)
    existing = {q.key: q for q in current.questions}
    incoming = {q.key: q for q in parsed.questions}
    merged = [incoming.get(q.key, q) for q in current.questions]
    created = tuple(q for q in parsed.questions if q.key not in existing)
    updated = tuple(q for q in parsed.questions if q.key in existing and existing[q.key] != q)
    unchanged = len(parsed.questions) - len(created) - len(updated)
    return ImportPlan(current.info, (*merged, *created), created, updated, unchanged, False,
                      parsed.warnings)


def apply_import(plan: ImportPlan, *, owner: Account | None,
                 on_progress: Callable[[int], None] | None = None) -> QuestionSet:
    """Save a planned import; ``on_progress(n)`` hears how many more questions were saved.

    New sets start as drafts. Saving goes in growing chunks of the final order so positions are
    right at every step and a progress bar can follow; the caller's single commit makes it
    all or nothing.
    """
    total = len(plan.questions)
    qset: QuestionSet | None = None
    done = 0
    for end in [*range(SAVE_CHUNK, total, SAVE_CHUNK), total]:
        bank = Bank(plan.info, plan.questions[:end])
        qset = save_bank(bank, owner=owner, status="draft", retire_missing=False).question_set
        if on_progress is not None:
            on_progress(end - done)
        done = end
    assert qset is not None
    return qset


def generate_draft(owner: Account, text: str, *, title: str = "") -> QuestionSet:
    """A draft set generated from profile text; raises ``ProfileError`` on unusable text."""
    slug = unique_slug(title or "profile")
    bank = generate(text, slug=slug, title=title or None).bank
    return save_bank(bank, owner=owner, status="draft").question_set
