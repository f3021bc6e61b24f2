"""Seed a fresh benchmark database: N students with progress on the Peru set, and one heavy student.

Usage: python tests/bench/seed.py --database-url URL [--students 300] [--heavy-logs 50000]

Students get cards for most Peru questions (learning and review states, a few due now) and one
review log per rep, so that every card's ``reps`` equals its number of logs; the benchmark checks
that this still holds after the load (nothing applied twice, nothing lost). Rows go in with Core
``insert`` executemany: seeding 100,000 logs through the ORM would take minutes.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from werkzeug.security import generate_password_hash

from quizapp import create_app, srs
from quizapp.extensions import db
from quizapp.models import Card, Question, QuestionSet, ReviewLog, User

PASSWORD = "bench password 2024"
SET_SLUG = "peru"
HEAVY_USERNAME = "heavy"
BATCH = 5000


@dataclass(frozen=True)
class Seeded:
    """What the benchmark needs to know about the seeded database."""

    usernames: list[str]
    heavy_username: str
    question_ids: list[int]
    set_slug: str


def reset_database(url: str) -> None:
    """Empty a PostgreSQL database (SQLite files are simply created fresh by the caller)."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _card_row(rng: random.Random, user_id: int, question_id: int, now: datetime
              ) -> dict[str, Any]:
    """A plausible studied card: mostly review state, some learning, about a tenth due now."""
    reps = rng.randint(1, 6)
    if rng.random() < 0.15:
        last = now - timedelta(minutes=rng.randint(1, 30))
        return dict(user_id=user_id, question_id=question_id, state=srs.LEARNING, step=1,
                    stability=rng.uniform(0.5, 3), difficulty=rng.uniform(3, 8), last_review=last,
                    due=last + timedelta(minutes=10), reps=reps, lapses=0)
    stability = rng.uniform(1, 90)
    last = now - timedelta(days=rng.uniform(0.5, 60))
    due = now - timedelta(hours=rng.uniform(0, 48)) if rng.random() < 0.1 else (
        last + timedelta(days=stability))
    return dict(user_id=user_id, question_id=question_id, state=srs.REVIEW, step=None,
                stability=stability, difficulty=rng.uniform(1, 10), last_review=last, due=due,
                reps=reps, lapses=0)


def _log_rows(card: dict[str, Any], card_id: int, n: int, now: datetime, days: int,
              rng: random.Random) -> list[dict[str, Any]]:
    """``n`` past answers for one card, spread over the last ``days`` days."""
    rows = []
    for i in range(n):
        at = now - timedelta(seconds=rng.uniform(60, days * 86400))
        rows.append(dict(user_id=card["user_id"], card_id=card_id,
                         question_id=card["question_id"], rating=rng.choice(srs.RATINGS),
                         reviewed_at=at, duration_ms=rng.randint(800, 9000), origin="flashcard",
                         client_id=f"seed-{card_id}-{i}",
                         prev_state=srs.NEW if i == 0 else srs.REVIEW, prev_card={}))
    return rows


def _insert(table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start:start + BATCH])


def _add_users(usernames: list[str]) -> dict[str, int]:
    hashed = generate_password_hash(PASSWORD)  # one slow hash, shared by every account
    _insert(User, [dict(username=u, password_hash=hashed, role="student", new_per_day=20,
                        max_reviews_per_day=9999) for u in usernames])
    rows = db.session.execute(select(User.username, User.id).where(User.username.in_(usernames)))
    return {name: uid for name, uid in rows}


def _add_progress(user_ids: list[int], question_ids: list[int], now: datetime,
                  share: float, rng: random.Random) -> None:
    """Cards for ``share`` of the questions per student, and their past review logs."""
    cards = [_card_row(rng, uid, qid, now) for uid in user_ids for qid in question_ids
             if rng.random() < share]
    _insert(Card, cards)
    ids = {(u, q): c for c, u, q in db.session.execute(
        select(Card.id, Card.user_id, Card.question_id).where(Card.user_id.in_(user_ids)))}
    logs = [row for card in cards for row in _log_rows(
        card, ids[card["user_id"], card["question_id"]], card["reps"], now, 60, rng)]
    _insert(ReviewLog, logs)


def _add_heavy_history(user_id: int, question_ids: list[int], logs: int, now: datetime,
                       rng: random.Random) -> None:
    """A year of answers (``logs`` in all) over every question, for the dashboard."""
    per_card = max(1, logs // len(question_ids))
    cards = [_card_row(rng, user_id, qid, now) for qid in question_ids]
    for i, card in enumerate(cards):
        card["reps"] = per_card + (1 if i < logs - per_card * len(question_ids) else 0)
    _insert(Card, cards)
    ids = {q: c for q, c in db.session.execute(
        select(Card.question_id, Card.id).where(Card.user_id == user_id))}
    rows = [row for card in cards for row in _log_rows(
        card, ids[card["question_id"]], card["reps"], now, 365, rng)]
    _insert(ReviewLog, rows)


def seed(database_url: str, students: int = 300, heavy_logs: int = 50_000,
         seed_value: int = 7) -> Seeded:
    """Migrate a fresh database, load the bundled sets and add students with progress."""
    from quizapp.maintenance import prepare_database

    reset_database(database_url)
    app = create_app({"SECRET_KEY": "seed", "SQLALCHEMY_DATABASE_URI": database_url,
                      "LOAD_BUNDLED_SETS": True})
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    usernames = [f"student{i:04d}" for i in range(1, students + 1)]
    with app.app_context():
        for line in prepare_database():
            print(line)
        set_id = db.session.execute(
            select(QuestionSet.id).where(QuestionSet.slug == SET_SLUG)).scalar_one()
        question_ids = list(db.session.execute(select(Question.id).where(
            Question.set_id == set_id, Question.retired.is_(False))
            .order_by(Question.position)).scalars())
        ids = _add_users(usernames + [HEAVY_USERNAME])
        _add_progress([ids[u] for u in usernames], question_ids, now, 0.6, rng)
        _add_heavy_history(ids[HEAVY_USERNAME], question_ids, heavy_logs, now, rng)
        db.session.commit()
        db.engine.dispose()
    return Seeded(usernames, HEAVY_USERNAME, question_ids, SET_SLUG)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--heavy-logs", type=int, default=50_000)
    args = parser.parse_args()
    info = seed(args.database_url, args.students, args.heavy_logs)
    print(f"seeded {len(info.usernames)} students, {len(info.question_ids)} questions")


if __name__ == "__main__":
    main()
