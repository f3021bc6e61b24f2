"""Typed answers (short answer, cloze): folding, aliases, typo allowance, near-miss guard.

The policy is the one in ``docs/formats-and-grading.md`` ("Typed-answer grading policy").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from quizapp.grading.outcome import Grade, not_right

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼʻ`´′"), None)
_ARTICLES = frozenset({"the", "el", "la", "los", "las"})
_COMBINING_TILDE = "\u0303"
# A comma between digit groups is a thousands separator ("70,000" is 70000).
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A whole answer like "70 000" is one number written with spaces between groups.
_SPACED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")


@dataclass(frozen=True)
class _Target:
    """An accepted spelling (or a rival entity) prepared for comparison."""

    text: str
    key: str
    exact_only: bool
    is_alias: bool = False


def normalise(text: str) -> str:
    """Fold text for comparison: case, accents (keeping ñ), punctuation, spaces, leading article."""
    return _fold(text, fold_accents=True)


def _fold(text: str, *, fold_accents: bool) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    if fold_accents:
        folded = _strip_accents(folded)
    # Hyphens and all other punctuation become spaces; apostrophes vanish (O'Brien = OBrien).
    words = "".join(c if c.isalnum() else " " for c in _join_thousands(folded)).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _strip_accents(text: str) -> str:
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        # ñ is a letter of its own in Spanish (peña ≠ pena), so its tilde stays.
        keeps_enye = char == _COMBINING_TILDE and bool(kept) and kept[-1] == "n"
        if unicodedata.combining(char) and not keeps_enye:
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _join_thousands(text: str) -> str:
    stripped = text.strip()
    if _SPACED_NUMBER.fullmatch(stripped):
        return stripped.replace(" ", "")
    return _THOUSANDS_COMMA.sub("", text)


def _key(text: str) -> str:
    # Text made only of punctuation still has to compare equal to itself, not to "".
    return normalise(text) or unicodedata.normalize("NFKC", text).casefold().strip()


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _target(text: str, *, is_alias: bool = False) -> _Target:
    exact_only = any(c.isdigit() for c in text) or _is_acronym(text)
    return _Target(text.strip(), _key(text), exact_only, is_alias)


def _typo_allowance(given_key: str, target: _Target) -> int:
    """Edits forgiven between the input and ``target``: 0 up to 3 chars, 1 up to 9, then 2."""
    if target.exact_only:
        return 0
    shorter = min(len(given_key), len(target.key))
    if shorter <= 3:
        return 0
    return 1 if shorter <= 9 else 2


def grade_text(
    given: str, answer: str, accept: Sequence[str] = (), *, others: Sequence[str] = ()
) -> Grade:
    """Grade a typed answer against the answer, its accepted aliases and rival entities.

    Args:
        given: What the student typed.
        answer: The canonical answer, quoted back in messages.
        accept: Other spellings or names that count as right (e.g. "MRTA").
        others: Other entities of the same kind (distractors); an input at least as close to
            one of them as to the answer is wrong, even within the typo allowance.

    Returns:
        The grade, with reason exact, alias, typo, near_miss_other_entity, wrong or empty.
    """
    if not given.strip():
        return not_right("empty", answer)
    given_key = _key(given)
    targets = [_target(answer)] + [_target(a, is_alias=True) for a in accept if a.strip()]
    for target in targets:
        if target.key == given_key:
            return _exact_grade(given, answer, target)
    accepted_keys = {t.key for t in targets}
    # The answer itself may be among the distractors passed in; it is no rival.
    rivals = [_target(o) for o in others if o.strip() and _key(o) not in accepted_keys]
    return _nearest_grade(given_key, answer, targets, rivals)


def _exact_grade(given: str, answer: str, target: _Target) -> Grade:
    if target.is_alias:
        message = f"Accepted: “{target.text}” is another name for {answer.strip()}."
        return Grade(True, 1.0, "alias", message, target.text)
    same_spelling = _fold(given, fold_accents=False) == _fold(answer, fold_accents=False)
    message = "Correct." if same_spelling else f"Correct — the spelling is {target.text}."
    return Grade(True, 1.0, "exact", message, target.text)


def _nearest_grade(
    given_key: str, answer: str, targets: list[_Target], rivals: list[_Target]
) -> Grade:
    accepted = _closest_within_allowance(given_key, targets)
    nearest_rival = min(rivals, key=lambda r: _distance(given_key, r), default=None)
    if accepted is not None:
        if nearest_rival is None or _distance(given_key, nearest_rival) > accepted[0]:
            return _typo_grade(answer, accepted[1])
        return _near_miss(nearest_rival, answer)
    rival = _closest_within_allowance(given_key, rivals)
    if rival is not None:
        return _near_miss(rival[1], answer)
    return not_right("wrong", answer)


def _distance(given_key: str, target: _Target) -> int:
    return int(OSA.distance(given_key, target.key))


def _closest_within_allowance(
    given_key: str, targets: Sequence[_Target]
) -> tuple[int, _Target] | None:
    scored = [(_distance(given_key, t), t) for t in targets]
    fitting = [(d, t) for d, t in scored if d <= _typo_allowance(given_key, t)]
    return min(fitting, key=lambda pair: pair[0]) if fitting else None


def _typo_grade(answer: str, target: _Target) -> Grade:
    spelling = target.text
    if target.is_alias:
        spelling = f"{target.text} (another name for {answer.strip()})"
    message = f"Accepted with a typo — the spelling is {spelling}."
    return Grade(True, 1.0, "typo", message, target.text)


def _near_miss(rival: _Target, answer: str) -> Grade:
    message = f"Not right — that points to {rival.text}, not to the answer, {answer.strip()}."
    return Grade(False, 0.0, "near_miss_other_entity", message)
