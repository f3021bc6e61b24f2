"""A bounded soak: students answer flashcards on two gunicorn workers while a 10,000-question
import runs, then the per-address limits are measured against the same two workers (not part
of the test suite).

Printed: answers sent (each answer is sent twice at times: a double click), acknowledged
(302), stored (distinct client ids in review_logs), lost (acknowledged, not stored), doubled
(stored twice), 5xx; the import's time; then how many of 150 logins and of 1,000 class-join
guesses from one address the two workers accepted.

Run: cd /work/main && .venv/bin/python tests/bench/soak.py [--students 40] [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
_QUESTION = re.compile(r'name="question_id" type="hidden" value="(\d+)"')


def start_server(folder: Path, students: int) -> tuple[str, subprocess.Popen[bytes], str, dict]:
    """gunicorn with two sync workers on a fresh SQLite database with ``students`` accounts."""
    url = f"sqlite:///{folder / 'soak.sqlite'}"
    env = {**os.environ, "QUIZAPP_DATABASE_URL": url, "QUIZAPP_SECRET_KEY": "soak",
           "QUIZAPP_INSTANCE_PATH": str(folder)}
    subprocess.run([sys.executable, "-m", "quizapp.cli", "setup"], env=env, check=True,
                   capture_output=True)
    engine = create_engine(url)
    hashed = generate_password_hash(PASSWORD)
    with engine.begin() as conn:
        for n in range(students):
            conn.execute(text(
                "INSERT INTO users (username, password_hash, role, active, session_version,"
                " created_at, failed_logins, new_per_day, max_reviews_per_day,"
                " desired_retention, maximum_interval, timezone) VALUES (:u, :p, 'student', 1,"
                " 1, CURRENT_TIMESTAMP, 0, 9999, 9999, 0.9, 36500, 'America/Lima')"),
                {"u": f"s{n:03d}", "p": hashed})
    engine.dispose()
    port = 20000 + random.Random().randrange(20000)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
         "quizapp:create_app()"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.1)
    return base, server, url, env


def log_in(base: str, username: str) -> requests.Session:
    """A logged-in session (fails loudly)."""
    session = requests.Session()
    token = _TOKEN.search(session.get(base + "/login").text)[1]
    done = session.post(base + "/login", allow_redirects=False,
                        data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert done.status_code == 302, done.status_code
    return session


class Tally:
    """What the students saw."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent = self.acknowledged = 0
        self.acknowledged_ids: set[str] = set()
        self.statuses: Counter[int] = Counter()

    def record(self, client_id: str, status: int) -> None:
        """One POST's outcome."""
        with self.lock:
            self.sent += 1
            self.statuses[status] += 1
            if status == 302:
                self.acknowledged += 1
                self.acknowledged_ids.add(client_id)


def student(base: str, session: requests.Session, name: str, stop: threading.Event,
            tally: Tally) -> None:
    """Answer cards until told to stop; one answer in ten is sent twice."""
    rng, n = random.Random(name), 0
    while not stop.is_set():
        page = session.get(base + "/study/peru")
        if page.status_code >= 500:
            tally.record("", page.status_code)
            continue
        question, token = _QUESTION.search(page.text), _TOKEN.search(page.text)
        if question is None or token is None:
            return
        client_id, n = f"{name}-{n}", n + 1
        data = {"question_id": question[1], "rating": "3", "client_id": client_id,
                "csrf_token": token[1]}
        for _ in range(2 if rng.random() < 0.1 else 1):
            response = session.post(base + "/study/peru/review", data=data,
                                    allow_redirects=False)
            tally.record(client_id, response.status_code)


def big_gift(path: Path, questions: int) -> None:
    """A GIFT file of ``questions`` multiple-choice questions."""
    blocks = [f"// [id:soak{i:05d}]\nWhich number is {i}? {{={i} ~{i + 1} ~{i + 2}}}"
              for i in range(questions)]
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def soak(base: str, url: str, env: dict, folder: Path, students: int,
         seconds: float) -> requests.Session:
    """Students answer while the import runs; print the figures; return one student's
    session (for the class-join guesses)."""
    sessions = [log_in(base, f"s{n:03d}") for n in range(students)]
    gift = folder / "big.gift"
    big_gift(gift, 10_000)
    stop, tally = threading.Event(), Tally()
    threads = [threading.Thread(target=student, args=(base, s, f"s{n:03d}", stop, tally))
               for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    start = time.perf_counter()
    imported = subprocess.run([sys.executable, "-m", "quizapp.cli", "import", str(gift)],
                              env=env, capture_output=True, text=True)
    import_seconds = time.perf_counter() - start
    time.sleep(max(0.0, seconds - import_seconds - 1))
    stop.set()
    for thread in threads:
        thread.join()
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT client_id FROM review_logs")).scalars().all()
    engine.dispose()
    stored = Counter(rows)
    lost = len(tally.acknowledged_ids - set(stored))
    doubled = sum(1 for c in stored.values() if c > 1)
    errors = sum(c for s, c in tally.statuses.items() if s >= 500)
    print(f"import of 10,000 questions: {import_seconds:.1f} s, exit {imported.returncode}")
    print(f"{students} students: sent {tally.sent}, acknowledged {tally.acknowledged} "
          f"({len(tally.acknowledged_ids)} distinct answers), stored {len(stored)}, "
          f"lost {lost}, doubled {doubled}, 5xx {errors}; statuses {dict(tally.statuses)}")
    return sessions[0]


def limits(base: str) -> None:
    """150 logins and 1,000 class-join guesses from one address, as fast as 8 threads go."""
    def attempt(n: int) -> int:
        session = requests.Session()
        token = _TOKEN.search(session.get(base + "/login").text)[1]
        return session.post(base + "/login", allow_redirects=False, data={
            "username": f"nobody{n}", "password": "guess", "csrf_token": token}).status_code

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        logins = Counter(pool.map(attempt, range(150)))
    print(f"150 logins from one address in {time.perf_counter() - start:.1f} s: "
          f"{sum(c for s, c in logins.items() if s != 429)} answered, {logins[429]} refused (429)")


def joins(base: str, session: requests.Session) -> None:
    """1,000 random join codes from one student."""
    token = _TOKEN.search(session.get(base + "/classes/").text)[1]
    rng = random.Random(1)
    start = time.perf_counter()
    statuses: Counter[int] = Counter()
    for _ in range(1000):
        code = "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(8))
        statuses[session.post(base + "/classes/join", allow_redirects=False,
                              data={"code": code, "csrf_token": token}).status_code] += 1
    print(f"1,000 join guesses from one student in {time.perf_counter() - start:.1f} s: "
          f"{statuses[302]} checked, {statuses[429]} refused (429)")


def main() -> None:
    """Run the soak, then the limits, against two workers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="quizapp-soak-"))
    base, server, url, env = start_server(folder, args.students)
    try:
        student_session = soak(base, url, env, folder, args.students, args.seconds)
        joins(base, student_session)
        time.sleep(61)  # the students' logins count against the address's minute
        limits(base)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
