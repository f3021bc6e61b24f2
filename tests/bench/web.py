"""Web throughput at classroom scale: the answer cycle, review submission, study page and
dashboard vs. /healthz.

Usage: python tests/bench/web.py [--database-url URL] [--students 300] [--duration 10]

Seeds a fresh database (tests/bench/seed.py), starts gunicorn (2 sync workers, production config,
behind a simulated reverse proxy: QUIZAPP_PROXY_FIX=1 and one X-Forwarded-For per student, so the
per-address login limit sees a classroom, not one client), logs every student in over HTTP, then
drives wrk (tests/bench/load.lua) on each endpoint with the same threads, connections and
duration, alternating, ``--rounds`` times. ``answer_cycle`` is what a student pays per card with
JavaScript: the rating POST with ``X-Study-Fragment: 1``, which records the answer and returns
the next card (templates/study/session.html); ``review`` is the same POST without it (a 302 to
the study page, the no-JavaScript flow). Prints JSON: medians of req/s, p50/p99 (ms), the
per-round ratio to /healthz (median), unexpected statuses, and a consistency check of the stored
reviews. Needs the Debian packages wrk (and postgresql for a PostgreSQL URL).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).parent))
from seed import PASSWORD, Seeded, seed  # noqa: E402

from quizapp.models import Card, ReviewLog  # noqa: E402

HERE = Path(__file__).parent
MODES = ("healthz", "answer_cycle", "review", "study", "progress")
ANSWERING = ("answer_cycle", "review")  # each request stores one review
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(url: str, port: int, workers: int, instance: Path) -> subprocess.Popen[bytes]:
    """gunicorn with the production config on 127.0.0.1; returns once /healthz answers."""
    instance.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QUIZAPP_DATABASE_URL": url, "QUIZAPP_PRODUCTION": "1",
           "QUIZAPP_SECRET_KEY": secrets.token_hex(32), "QUIZAPP_PROXY_FIX": "1",
           "QUIZAPP_INSTANCE_PATH": str(instance)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "quizapp:create_app()"], env=env, stdout=subprocess.DEVNULL,
        stderr=(instance / "gunicorn.log").open("wb"))  # a pipe nobody reads would fill up
    for _ in range(200):
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start: see " + str(instance / "gunicorn.log"))


def _request(port: int, method: str, path: str, headers: dict[str, str] | None = None,
             body: str | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        jar = dict(c.split(";", 1)[0].split("=", 1) for c in cookies)
        return response.status, jar, response.read().decode()
    finally:
        conn.close()


def log_in(port: int, username: str, xff: str) -> tuple[str, str]:
    """Log one student in through the form; returns (Cookie header, CSRF token)."""
    # The cookies are Secure in production; this client sends them over plain HTTP anyway.
    status, jar, html = _request(port, "GET", "/login", {"X-Forwarded-For": xff})
    match = _CSRF.search(html)
    if status != 200 or match is None:
        raise RuntimeError(f"login page: {status}")
    form = urlencode({"username": username, "password": PASSWORD, "csrf_token": match[1]})
    headers = {"Cookie": f"session={jar['session']}", "X-Forwarded-For": xff,
               "Content-Type": "application/x-www-form-urlencoded"}
    status, jar, _ = _request(port, "POST", "/login", headers, form)
    if status != 302 or "session" not in jar:
        raise RuntimeError(f"login of {username} failed: {status}")
    return f"session={jar['session']}", match[1]


LOGIN_RETRIES: list[str] = []


def _log_in_retrying(port: int, username: str, xff: str) -> tuple[str, str]:
    # On SQLite a login holds the write lock while it checks the password hash, so logins
    # queued in both workers can time out ("database is locked"); retried and counted.
    for _ in range(3):
        try:
            return log_in(port, username, xff)
        except RuntimeError:
            LOGIN_RETRIES.append(username)
    return log_in(port, username, xff)


def log_in_all(port: int, usernames: list[str]) -> list[tuple[str, str, str]]:
    """(cookie, csrf, address) per student, logged in two at a time."""
    addresses = [f"10.{i // 250}.{i % 250}.7" for i in range(len(usernames))]
    with ThreadPoolExecutor(2) as pool:
        logged = list(pool.map(lambda a: _log_in_retrying(port, *a),
                               zip(usernames, addresses, strict=True)))
    return [(cookie, csrf, xff) for (cookie, csrf), xff in zip(logged, addresses, strict=True)]


def write_sessions(path: Path, sessions: list[tuple[str, str, str]], question_ids: list[int]
                   ) -> Path:
    """The wrk script's data file: sessions, then the question ids to answer."""
    lines = ["\t".join(s) for s in sessions] + [f"Q\t{q}" for q in question_ids]
    path.write_text("\n".join(lines) + "\n")
    return path


def run_wrk(port: int, mode: str, data: Path, tag: str, args: argparse.Namespace,
            duration: int) -> dict[str, Any]:
    """One wrk run; the Lua script's figures as a dict."""
    out = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency",
         "-s", str(HERE / "load.lua"), f"http://127.0.0.1:{port}", "--", mode, str(data), tag],
        check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    result: dict[str, Any] = json.loads(line[5:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def consistency(engine: Engine, acknowledged: int, sent: int, in_flight_max: int
                ) -> dict[str, Any]:
    """Stored bench reviews vs. answers acknowledged and sent; duplicates; cards vs. logs."""
    bench = ReviewLog.client_id.like("bench-%")
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).where(bench)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(
            ReviewLog.user_id.concat(":").concat(ReviewLog.client_id)))).where(bench)).scalar_one()
        per_card = (select(ReviewLog.card_id, func.count().label("n"))
                    .group_by(ReviewLog.card_id).subquery())
        mismatched = conn.execute(select(func.count()).select_from(Card).join(
            per_card, per_card.c.card_id == Card.id).where(per_card.c.n != Card.reps)).scalar_one()
    ok = (acknowledged <= stored <= sent and stored - acknowledged <= in_flight_max
          and distinct == stored and mismatched == 0)
    return {"answers_acknowledged": acknowledged, "answers_sent": sent, "reviews_stored": stored,
            "in_flight_at_cutoff": stored - acknowledged, "duplicate_reviews": stored - distinct,
            "cards_whose_reps_differ_from_their_logs": mismatched, "ok": ok}


def _median(runs: list[dict[str, Any]], key: str, scale: float = 1.0) -> float:
    return round(statistics.median(r[key] for r in runs) / scale, 1 if scale == 1.0 else 2)


def summarise(rounds: list[dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """Medians per endpoint and the per-round ratios to /healthz."""
    report: dict[str, Any] = {}
    for mode in MODES:
        runs = [r[mode] for r in rounds]
        report[mode] = {
            "req_per_s": _median(runs, "rps"), "p50_ms": _median(runs, "p50_us", 1000),
            "p99_ms": _median(runs, "p99_us", 1000),
            "ratio_to_healthz": round(statistics.median(
                r[mode]["rps"] / r["healthz"]["rps"] for r in rounds), 3),
            "non_2xx": sum(r["unexpected"] for r in runs),  # not the expected 200 (302)
            "socket_errors": sum(r["socket_errors"] + r["timeouts"] for r in runs),
        }
    cycles = [r["answer_cycle"] for r in rounds]
    # Answers whose fragment held a next card (not the end of the day's queue, a cheaper page).
    report["answer_cycle"]["next_card_shown"] = round(
        sum(r["cards_shown"] for r in cycles) / max(1, sum(r["requests"] for r in cycles)), 3)
    return report


def measure(port: int, data: dict[str, Path], args: argparse.Namespace
            ) -> tuple[list[dict[str, dict[str, Any]]], list[dict[str, Any]]]:
    """A short warm-up of each endpoint, then ``rounds`` alternating rounds; also every run
    that stored reviews (for the consistency check)."""
    warm = {mode: run_wrk(port, mode, data[mode], "warm", args, 2) for mode in MODES}
    rounds = [{mode: run_wrk(port, mode, data[mode], f"r{n}", args, args.duration)
               for mode in MODES} for n in range(args.rounds)]
    answering = [r[mode] for r in (warm, *rounds) for mode in ANSWERING]
    return rounds, answering


def bench(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Seed, serve, log in, load, check; the JSON report."""
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite'}"
    os.environ.setdefault("QUIZAPP_INSTANCE_PATH", str(workdir / "instance"))
    with contextlib.redirect_stdout(sys.stderr):  # keep stdout for the JSON
        info: Seeded = seed(url, args.students, args.heavy_logs)
    port = _free_port()
    server = start_gunicorn(url, port, args.workers, workdir / "instance")
    try:
        students = log_in_all(port, info.usernames)
        heavy = log_in_all(port, [info.heavy_username])
        for cookie, _, xff in (students[0], heavy[0]):
            status, _, _ = _request(port, "GET", "/progress", {"Cookie": cookie,
                                                               "X-Forwarded-For": xff})
            assert status == 200, f"logged-in GET /progress gave {status}"
        sessions = write_sessions(workdir / "students.tsv", students, info.question_ids)
        data = {"healthz": sessions, "answer_cycle": sessions, "review": sessions,
                "study": sessions, "progress": write_sessions(workdir / "heavy.tsv", heavy, info.question_ids)}
        rounds, review_runs = measure(port, data, args)
    finally:
        server.terminate()
        server.wait(timeout=30)  # workers finish the requests in flight first
        errors = (workdir / "instance" / "gunicorn.log").read_text(errors="replace")
        if "Traceback" in errors:
            print(errors[-3000:], file=sys.stderr)
    engine = create_engine(url)
    check = consistency(engine, sum(r["requests"] - r["unexpected"] for r in review_runs),
                        sum(r["sent"] for r in review_runs), args.connections * len(review_runs))
    engine.dispose()
    return {"database": url.split(":", 1)[0], "students": args.students,
            "heavy_student_logs": args.heavy_logs, "workers": args.workers,
            "wrk": {"threads": args.threads, "connections": args.connections,
                    "duration_s": args.duration, "rounds": args.rounds},
            "endpoints": summarise(rounds), "consistency": check,
            "failed_logins_retried": len(LOGIN_RETRIES)}


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir; "
                        "a PostgreSQL database given here is emptied first")
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--heavy-logs", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-") as tmp:
        print(json.dumps(bench(args, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
