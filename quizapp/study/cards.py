"""A student's card as plain values, read by name, and its scheduling fields for srs."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy.engine import RowMapping

from quizapp import srs
from quizapp.models import Card


@dataclass(frozen=True)
class CardRow:
    """A card's columns as plain values (the review path works without ORM objects)."""

    id: int
    state: str
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool
    buried_until: datetime | None


_CARD_FIELDS = tuple(f.name for f in fields(CardRow))
# Labelled ``c_<name>``, so they can share a row with a question's columns.
CARD_COLUMNS = tuple(Card.__table__.c[name].label(f"c_{name}") for name in _CARD_FIELDS)
STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps",
                "lapses")
_TIMES = ("due", "last_review", "buried_until")


def card_from(row: RowMapping | None) -> CardRow | None:
    """The card in a row selected with :data:`CARD_COLUMNS` (None: the row has no card)."""
    if row is None or row["c_id"] is None:
        return None
    return CardRow(**{name: row[f"c_{name}"] for name in _CARD_FIELDS})


def fuzz_key(user_id: int, question_id: int) -> int:
    """Stable per-(student, question) id for fsrs, known before the card row exists."""
    return user_id * 2**32 + question_id


def card_state(card: Card | CardRow | None, now: datetime) -> srs.CardState:
    """The card's scheduling fields as an srs record (a fresh new card when there is no row)."""
    if card is None or card.state == srs.NEW:
        return srs.new_card(now)
    return srs.CardState(**{f: getattr(card, f) for f in STATE_FIELDS})


def snapshot(card: Card | CardRow) -> dict[str, Any]:
    """The card's values as JSON, stored with each answer so that undo restores them."""
    data: dict[str, Any] = {f: getattr(card, f) for f in STATE_FIELDS}
    data.update(suspended=card.suspended, leech=card.leech, buried_until=card.buried_until)
    for name in _TIMES:
        value = data[name]
        data[name] = value.isoformat() if value is not None else None
    return data


def restore(card: Card, saved: dict[str, Any]) -> None:
    """Put back the values :func:`snapshot` saved."""
    for name, value in saved.items():
        if name in _TIMES and value is not None:
            value = datetime.fromisoformat(value)
        setattr(card, name, value)
