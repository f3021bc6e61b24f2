"""The answer cycle in process: where a flashcard answer's time goes, without HTTP or wrk.

Seeds a database as tests/bench/web.py does (300 students on the Peru set; skipped when the
file exists), builds the app with the production config (CSRF, rate limiter, Secure cookies,
checkpoints), logs students in through Flask's test client and then times, per request, the
answer in place (the rating POST with ``X-Study-Fragment: 1``), the rating POST alone (302),
the study page and ``/healthz``: the median of 5 rounds. ``--profile MODE`` runs pyinstrument
(``pip install pyinstrument``) over one mode instead and prints its tree. Timings move with
the machine's load; compare runs made back to back. Not part of the test suite.

Run: cd /work/main && PYTHONPATH=. python tests/bench/bench_cycle.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from seed import PASSWORD, seed  # noqa: E402

BASE_URL = "https://localhost"  # production cookies are Secure
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _logged_in(app: Flask, students: int) -> list[tuple[FlaskClient, str]]:
    """(client, CSRF token) per student, each from its own address (the login limit)."""
    clients = []
    for i in range(1, students + 1):
        client = app.test_client()
        client.environ_base.update(REMOTE_ADDR=f"10.0.{i}.7",
                                   HTTP_REFERER=f"{BASE_URL}/study/peru")  # CSRF over https
        match = _CSRF.search(client.get("/login", base_url=BASE_URL).text)
        assert match is not None
        response = client.post("/login", base_url=BASE_URL, data={
            "username": f"student{i:04d}", "password": PASSWORD, "csrf_token": match[1]})
        assert response.status_code == 302, response.status_code
        clients.append((client, match[1]))
    return clients


def _modes(clients: list[tuple[FlaskClient, str]], question_ids: list[int]
           ) -> dict[str, Callable[[], None]]:
    """One request of each kind, rotating over the students; answers at random."""
    rng, count = random.Random(1), [0]
    run_tag = secrets.token_hex(4)

    def student() -> tuple[FlaskClient, str]:
        count[0] += 1
        return clients[count[0] % len(clients)]

    def answer(in_place: bool) -> None:
        client, token = student()
        headers = {"X-CSRFToken": token, **({"X-Study-Fragment": "1"} if in_place else {})}
        response = client.post("/study/peru/review", base_url=BASE_URL, headers=headers, data={
            "question_id": str(rng.choice(question_ids)), "rating": str(rng.randint(1, 4)),
            "client_id": f"cycle-{run_tag}-{count[0]}", "duration_ms": str(rng.randint(500, 9000))})
        assert response.status_code == (200 if in_place else 302), response.status_code

    def page(path: str) -> None:
        assert student()[0].get(path, base_url=BASE_URL).status_code == 200

    return {"answer_cycle": lambda: answer(True), "review": lambda: answer(False),
            "study": lambda: page("/study/peru"), "healthz": lambda: page("/healthz")}


def _per_request_ms(action: Callable[[], None], requests: int) -> float:
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(requests // 5):
            action()
        rounds.append((time.perf_counter() - start) / (requests // 5) * 1000)
    return statistics.median(rounds)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path,
                        default=Path(tempfile.gettempdir()) / "quizapp-bench-cycle.sqlite")
    parser.add_argument("--students", type=int, default=40, help="logged in and rotated")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--profile", choices=("answer_cycle", "review", "study", "healthz"))
    args = parser.parse_args()
    url = f"sqlite:///{args.database}"
    if not args.database.exists():
        seed(url)
    os.environ.update(QUIZAPP_DATABASE_URL=url, QUIZAPP_PRODUCTION="1",
                      QUIZAPP_SECRET_KEY=secrets.token_hex(32),
                      QUIZAPP_INSTANCE_PATH=tempfile.mkdtemp(prefix="bench-cycle-"))
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.models import Question, QuestionSet

    app = create_app()
    with app.app_context():
        question_ids = list(db.session.execute(
            select(Question.id).join(QuestionSet).where(QuestionSet.slug == "peru",
                                                        Question.retired.is_(False))).scalars())
        db.session.remove()
    modes = _modes(_logged_in(app, args.students), question_ids)
    for action in modes.values():  # warm-up: compiled statements, templates
        for _ in range(50):
            action()
    if args.profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0002) as profiler:
            for _ in range(args.requests):
                modes[args.profile]()
        print(profiler.output_text(color=False))
        return
    for name, action in modes.items():
        print(f"{name:13} {_per_request_ms(action, args.requests):6.3f} ms per request")


if __name__ == "__main__":
    main()
