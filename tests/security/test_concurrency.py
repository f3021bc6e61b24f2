"""Under gunicorn with two workers on SQLite, every answer is stored exactly once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, func, select, text
from support import PASSWORD, TEST_DATABASE_URL, free_port, password_hash, wait_until_serving

from quizapp.models import Card, ReviewLog

pytestmark = pytest.mark.slow


@pytest.fixture
def gunicorn(tmp_path: Path):
    """quizapp under gunicorn (2 sync workers, production config) on a fresh database."""
    url = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'load.sqlite'}"
    port = free_port()
    env = {**os.environ, "QUIZAPP_DATABASE_URL": url, "QUIZAPP_SECRET_KEY": "load-test-key",
           "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("QUIZAPP_PRODUCTION", None)
    if TEST_DATABASE_URL:
        _reset_database(url)
    subprocess.run([sys.executable, "-m", "quizapp.cli", "setup"], env=env, check=True,
                   capture_output=True)
    engine = create_engine(url)
    with engine.begin() as conn:
        for name in ("ana", "ben"):
            conn.execute(text(
                "INSERT INTO users (username, password_hash, role, active, session_version,"
                " created_at, failed_logins, new_per_day, max_reviews_per_day,"
                " desired_retention, maximum_interval, timezone) VALUES (:u, :p, 'student', true,"
                " 1, CURRENT_TIMESTAMP, 0, 500, 500, 0.9, 36500, 'America/Lima')"),
                {"u": name, "p": password_hash()})
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--env", "QUIZAPP_PRODUCTION=0", "quizapp:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, server)
    yield base, engine
    server.terminate()
    server.communicate(timeout=10)  # also closes the stderr pipe
    engine.dispose()


def _reset_database(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def _session(base: str, username: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = session.post(base + "/login", data={"username": username, "password": PASSWORD,
                                                   "csrf_token": token}, allow_redirects=False)
    assert response.status_code == 302
    return session, token


def test_concurrent_reviews_are_stored_exactly_once(gunicorn) -> None:
    base, engine = gunicorn
    with engine.connect() as conn:
        question_ids = list(conn.execute(text("SELECT id FROM questions ORDER BY id LIMIT 40")).scalars())
    jobs = []
    for name in ("ana", "ben"):
        session, token = _session(base, name)
        for i, qid in enumerate(question_ids):
            jobs.append((session, token, qid, f"{name}-{i}"))
        # The same answer sent 8 times at once (double clicks, retries, two tabs).
        jobs.extend([(session, token, question_ids[0], f"{name}-dup")] * 8)

    def submit(job) -> int:
        session, token, qid, client_id = job
        response = session.post(
            base + "/study/peru/review", allow_redirects=False,
            data={"question_id": qid, "rating": "3", "client_id": client_id, "csrf_token": token})
        return response.status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(submit, jobs))
    assert statuses.count(302) == len(jobs), sorted(set(statuses))
    with engine.connect() as conn:
        logs = conn.execute(select(func.count()).select_from(ReviewLog)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(ReviewLog.client_id)))).scalar_one()
        reps = conn.execute(select(func.sum(Card.reps))).scalar_one()
        first_card_reps = conn.execute(
            select(Card.reps).where(Card.question_id == question_ids[0])).scalars().all()
    expected = 2 * (len(question_ids) + 1)
    assert logs == distinct == expected
    assert reps == expected
    assert first_card_reps == [2, 2]  # its own answer plus the deduplicated one, per student


def _login_status(base: str, username: str, password: str) -> int:
    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return session.post(base + "/login", data={"username": username, "password": password,
                                               "csrf_token": token},
                        allow_redirects=False).status_code


def test_item07_login_throttle_holds_across_gunicorn_workers(gunicorn) -> None:
    """Wrong passwords spread over both workers (fresh connections) still throttle the name
    from this address: the failures are counted in the database, not in one process's memory;
    an unknown name is throttled the same way."""
    base, _engine = gunicorn
    for name in ("ana", "nobody"):
        with ThreadPoolExecutor(max_workers=5) as pool:
            statuses = list(pool.map(lambda _, n=name: _login_status(base, n, "wrong password"),
                                     range(5)))
        assert all(status == 200 for status in statuses), statuses  # the form, with a message
        assert _login_status(base, name, PASSWORD) == 429
    assert _login_status(base, "ben", PASSWORD) == 302
