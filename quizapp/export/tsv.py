"""A question bank as plain tab-separated flashcards for Anki's "Import File" and Quizlet's import.

Format: one card per line, ``front<TAB>back``, UTF-8, ``\\n`` line ends, nothing else. No header
lines, because Quizlet has none: it would turn ``#separator:tab`` into a card, while Anki
auto-detects the tab separator without them. What each side does to the text, and how it is made
to read the same in both:

* Anki skips lines starting with ``#`` (comments/headers): such a front gets a leading space.
* Anki's CSV reader treats a ``"`` at the start of a field as quoting and drops it: straight
  double quotes become typographic ones (“ ”).
* Anki switches "Allow HTML" on when it spots a tag, and would then render ``<script>`` or
  ``<img onerror=…>`` from question text: ``<`` and ``>`` become ‹ and ›, so Anki imports
  plain text (it escapes ``&`` itself) and Quizlet shows the same characters.
* Tabs and line breaks inside a field would split cards or columns: they become spaces.

A card is text for a person, not a question to read back: an ordering or matching question's
items are listed on the front (a matching one's distractors among its right-hand items, and on
the back after the pairs as "match nothing"); importing the file again gives short answers.
"""

from __future__ import annotations

import re

from quizapp.bank.schema import Bank, Question
from quizapp.export.anki import scrambled, true_false_prompt

_OPENING_QUOTE = re.compile(r'(^|[\s(\[{])"')


def plain_field(text: str) -> str:
    """One field's text made safe for both importers (see the module docstring)."""
    text = " ".join(text.split())  # tabs, newlines and runs of spaces
    text = _OPENING_QUOTE.sub("\\1“", text).replace('"', "”")
    return text.replace("<", "‹").replace(">", "›")


def _listing(items: list[str], *, numbered: bool = False) -> str:
    if numbered:
        return "; ".join(f"{i}. {item}" for i, item in enumerate(items, start=1))
    return " / ".join(items)


def card_sides(question: Question) -> tuple[str, str]:
    """Plain front and back text of one question, before field clean-up."""
    answer, prompt = question.answer, question.prompt
    if question.type == "multiple_choice":
        options = [f"{chr(ord('A') + i)}. {c}" for i, c in enumerate(question.choices)]
        letter = options[question.choices.index(str(answer))] if answer in question.choices else ""
        return f"{prompt} — {_listing(options)}", letter or str(answer)
    if question.type == "true_false":
        return true_false_prompt(prompt), "True" if answer else "False"
    if question.type == "ordering" and isinstance(answer, list):
        return f"{prompt} — {_listing(scrambled(answer, question.key))}", _listing(
            answer, numbered=True
        )
    if question.type == "matching" and isinstance(answer, dict):
        return _matching_sides(question, answer)
    back = str(answer)
    if question.accept:
        back += f" (also: {', '.join(question.accept)})"
    return prompt, back


def _matching_sides(question: Question, pairs: dict[str, str]) -> tuple[str, str]:
    """The left items and every right-hand item, distractors (``choices``) among them,
    scrambled; on the back the pairs, then the items that match nothing."""
    rights = _listing(scrambled([*pairs.values(), *question.choices], question.key))
    front = f"{question.prompt} — {_listing(list(pairs))} (match with: {rights})"
    back = "; ".join(f"{left} → {right}" for left, right in pairs.items())
    if question.choices:
        back += f"; match nothing: {_listing(list(question.choices))}"
    return front, back


def _citation(question: Question, attribution: str) -> str:
    """Where the answer comes from, for the back: the quote, its section and the credit."""
    where = "; ".join(p for p in (question.source.section, attribution) if p)
    quote = f"“{question.source.quote}”" if question.source.quote else ""
    return " ".join(p for p in (quote, f"({where})" if where else "") if p)


def bank_to_tsv(bank: Bank) -> str:
    """The bank as ``front<TAB>back`` lines that both Anki and Quizlet import as flashcards;
    each back ends with the source quote and the profile's attribution (CC BY-NC asks for it)."""
    lines = []
    for question in bank.questions:
        front, back = card_sides(question)
        citation = _citation(question, bank.info.source.attribution)
        front, back = plain_field(front), plain_field(f"{back} — {citation}" if citation else back)
        if front.startswith("#"):
            front = f" {front}"
        lines.append(f"{front}\t{back}\n")
    return "".join(lines)
