"""Study page and dashboard for one heavy student: 5,000 cards and 50,000 review logs.

Prints, per page, the SQL statements one request sends and its in-process latency (median and
95th percentile over ``--requests`` requests through Flask's test client, after a warm-up).
Not part of the test suite: speed is reported here, never asserted.

Run: cd /work/main && PYTHONPATH=. python tests/bench/bench_study.py [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support import login, make_test_app, password_hash, statements  # noqa: E402

from quizapp import srs  # noqa: E402
from quizapp.bank.schema import Bank, Question, SetInfo  # noqa: E402
from quizapp.content.services import save_bank  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Card, ReviewLog, User  # noqa: E402
from quizapp.models import Question as QuestionRow  # noqa: E402

TOPICS = ("groups", "leaders", "regions", "dates")
SET_SLUG = "big"
BATCH = 5000


def _seed(app: Flask, cards: int, logs: int, rng: random.Random) -> None:
    """A set of ``cards`` + 200 questions; the student "heavy" has studied ``cards`` of them for a
    year (about a tenth due now, 200 still new) and left ``logs`` review logs."""
    now = datetime.now(UTC)
    questions = tuple(Question(f"q{i}", TOPICS[i % 4], "short_answer", f"Prompt {i}?",
                               f"Answer {i}") for i in range(cards + 200))
    with app.app_context():
        set_id = save_bank(Bank(SetInfo(SET_SLUG, "Big set"), questions)).question_set.id
        db.session.add(User(username="heavy", password_hash=password_hash()))
        db.session.flush()
        user_id = db.session.execute(select(User.id).where(User.username == "heavy")).scalar_one()
        question_ids = list(db.session.execute(
            select(QuestionRow.id).where(QuestionRow.set_id == set_id)
            .order_by(QuestionRow.position)).scalars())[:cards]
        db.session.execute(insert(Card), [_card(rng, user_id, q, now) for q in question_ids])
        card_ids = dict(db.session.execute(
            select(Card.question_id, Card.id).where(Card.user_id == user_id)).all())
        rows = [_log(rng, user_id, card_ids[question_ids[i % cards]], question_ids[i % cards], i,
                     now) for i in range(logs)]
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(ReviewLog), rows[start:start + BATCH])
        db.session.commit()


def _card(rng: random.Random, user_id: int, question_id: int, now: datetime) -> dict[str, Any]:
    stability = rng.uniform(1, 90)
    last = now - timedelta(days=rng.uniform(0.5, 60))
    due = (now - timedelta(hours=rng.uniform(0, 48)) if rng.random() < 0.1
           else last + timedelta(days=stability))
    return dict(user_id=user_id, question_id=question_id, state=srs.REVIEW, step=None,
                stability=stability, difficulty=rng.uniform(1, 10), last_review=last, due=due,
                reps=10, lapses=0)


def _log(rng: random.Random, user_id: int, card_id: int, question_id: int, i: int,
         now: datetime) -> dict[str, Any]:
    return dict(user_id=user_id, card_id=card_id, question_id=question_id,
                rating=rng.choice(srs.RATINGS), duration_ms=rng.randint(800, 9000),
                reviewed_at=now - timedelta(seconds=rng.uniform(60, 365 * 86400)),
                origin="flashcard", client_id=f"seed-{i}", prev_state=srs.REVIEW, prev_card={})


def _measure(app: Flask, client: FlaskClient, path: str, requests: int) -> tuple[int, float, float]:
    """(statements in one request, median ms, 95th percentile ms) of GET ``path``."""
    assert client.get(path).status_code == 200, path
    with statements(app) as seen:
        client.get(path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return len(seen), statistics.median(times), statistics.quantiles(times, n=20)[-1]


def _review_statements(app: Flask, client: FlaskClient) -> int:
    """Statements of one flashcard answer (Good) on the card the study page shows."""
    page = client.get(f"/study/{SET_SLUG}").get_data(as_text=True)
    form = dict(re.findall(r'name="(question_id|client_id)" type="hidden" value="([^"]*)"', page))
    with statements(app) as seen:
        response = client.post(f"/study/{SET_SLUG}/review", data={**form, "rating": "3"})
    assert response.status_code in (200, 302, 303), response.status_code
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--logs", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    overrides = {"SQLALCHEMY_DATABASE_URI": args.database_url} if args.database_url else {}
    app = make_test_app(Path(tempfile.mkdtemp(prefix="bench-study-")), **overrides)
    start = time.perf_counter()
    _seed(app, args.cards, args.logs, random.Random(7))
    print(f"seeded {args.cards:,} cards and {args.logs:,} logs in "
          f"{time.perf_counter() - start:.1f} s ({app.config['SQLALCHEMY_DATABASE_URI']})")
    client = app.test_client()
    assert login(client, "heavy").status_code == 302
    print(f"{'page':16} {'statements':>10} {'median ms':>10} {'p95 ms':>8}")
    for path in (f"/study/{SET_SLUG}", "/study/all", "/progress"):
        count, median, p95 = _measure(app, client, path, args.requests)
        print(f"{path:16} {count:>10} {median:>10.1f} {p95:>8.1f}")
    print(f"{'answer (POST)':16} {_review_statements(app, client):>10}")


if __name__ == "__main__":
    main()
