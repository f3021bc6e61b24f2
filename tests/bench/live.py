"""Live class quiz at classroom scale (issue 25): 300 players answer one question within 10 s
while they poll the game's state, on gunicorn's sync workers.

Usage: python tests/bench/live.py [--database-url URL] [--players 300] [--runs 3]

Each run seeds a fresh database (tests/bench/seed.py: the students, with progress on the Peru
set) and one instructor, starts gunicorn (2 sync workers, production config, one
X-Forwarded-For per student as in tests/bench/web.py), logs everyone in over HTTP, and has the
instructor create a one-question game (``POST /live/new``) which every player joins
(``POST /live/join``). Then, as ``static/js/live.js`` does, every player polls
``/live/<id>/state`` 1.5 s after its previous poll returned, with ``If-None-Match`` (a 304 while
nothing moved), and the host's screen polls too. The host starts the question; each player
answers once (``X-Live-Fragment: 1``) at a random moment of the next 10 s (a seeded RNG), or at
once if their phone saw the question later than that; some tap twice (two requests at once)
and some send the answer again after the first reply (a retry). When every answer is in, the
host reveals the results and the players' polls fetch them.

The client is one asyncio loop with a fresh connection per request (sync workers close each
one), so that it costs little next to the server: the report gives its CPU time and how late
its timers fired. Printed (JSON): p50/p95/p99/max of the answer, of the state poll (its 304s
and 200s apart) and of the host's poll, errors, and a check of the database afterwards:
exactly one quiz answer, one live answer and one review log per player for the question, and
every player's card for it holding as many reps as it has logs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import html
import json
import os
import pstats
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, func, insert, select
from sqlalchemy.engine import Engine
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

sys.path.insert(0, str(Path(__file__).parent))
from seed import PASSWORD, seed  # noqa: E402
from web import _free_port, _request, log_in, log_in_all, start_gunicorn  # noqa: E402

from quizapp.models import (  # noqa: E402
    Card,
    LiveAnswer,
    LivePlayer,
    LiveSession,
    QuizAnswer,
    ReviewLog,
    User,
)

HOST_USERNAME = "bench-host"
POLL_S = 1.5  # live.js: views.POLL_MS
WINDOW_S = 10.0  # every player answers within this many seconds of the question opening
QUESTION_SECONDS = 20  # the game's time per question: the window plus room for the slowest
LOBBY_S = 4.0  # the players poll the lobby this long before the host starts
REVEAL_S = 4.0  # and the results this long after the host reveals
DOUBLE_TAP, RETRY = 0.05, 0.05  # shares of players who send their answer twice
TARGET_P99_MS = 500.0
_PANEL_QUESTION = re.compile(r'name="question_id" value="(\d+)"')
_PANEL_KIND = re.compile(r'live-answer-form" data-type="([a-z_]+)"')
_PANEL_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_PANEL_CHOICE = re.compile(r'name="choice" value="([^"]*)"')
_TYPED_GUESSES = ("Lima", "Cusco", "Bolívar", "1821", "Atahualpa", "Titicaca")


# ----------------------------------------------------------------------------- the client


@dataclass
class Reply:
    """One HTTP response as the benchmark needs it."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Sample:
    """One request: what it was, when it was sent (seconds on the loop's clock), its status
    (0: no reply) and how long until the whole reply was read."""

    kind: str
    sent: float
    status: int
    ms: float


@dataclass
class Player:
    """A signed-in student's phone."""

    username: str
    cookie: str
    csrf: str
    xff: str
    etag: str | None = None
    busy: bool = False
    question: dict[str, Any] | None = None
    seen: asyncio.Event = field(default_factory=asyncio.Event)
    seen_at: float = 0.0
    version: int | None = None  # the game's version on the last panel shown


class Client:
    """Raw HTTP/1.1 over asyncio streams, one connection per request, every request timed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.samples: list[Sample] = []
        self.failures: list[str] = []

    async def send(self, kind: str, method: str, path: str, headers: dict[str, str],
                   form: dict[str, str] | None = None) -> Reply | None:
        """The reply (None when the connection failed or timed out, counted as an error)."""
        body = urlencode(form).encode() if form is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                 "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
        if form is not None:
            lines += ["Content-Type: application/x-www-form-urlencoded",
                      f"Content-Length: {len(body)}"]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
        start = time.perf_counter()
        try:
            data = await asyncio.wait_for(self._exchange(raw), timeout=30)
        except (OSError, TimeoutError) as exc:
            self.samples.append(Sample(kind, start, 0, (time.perf_counter() - start) * 1000))
            self.failures.append(f"{kind} {path}: {exc!r}")
            return None
        reply = _parse(data)
        self.samples.append(Sample(kind, start, reply.status, (time.perf_counter() - start) * 1000))
        return reply

    async def _exchange(self, raw: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(raw)
            return await reader.read()  # the sync worker closes the connection after the reply
        finally:
            writer.close()


def _parse(data: bytes) -> Reply:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        key = name.strip().lower()
        # Only the session cookie matters here; keep its value.
        if key == "set-cookie" and value.strip().startswith("session="):
            headers["session"] = value.strip().split(";", 1)[0]
        headers[key] = value.strip()
    return Reply(int(status_line.split()[1]), headers, body)


def _headers(player: Player, **extra: str) -> dict[str, str]:
    return {"Cookie": player.cookie, "X-Forwarded-For": player.xff, **extra}


def _keep_cookie(player: Player, reply: Reply | None) -> None:
    if reply is not None and "session" in reply.headers:
        player.cookie = reply.headers["session"]


# ----------------------------------------------------------------------------- set-up


def add_host(url: str) -> None:
    """The instructor, written straight into the database (the register form is rate-limited
    and makes students)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(User).values(username=HOST_USERNAME, role="instructor",
                                         password_hash=generate_password_hash(PASSWORD)))
    engine.dispose()


def create_game(port: int, host: Player, engine: Engine) -> tuple[int, str]:
    """The host's one-question game on the Peru set, made through the form; (id, PIN)."""
    form = urlencode({"set_slug": "peru", "class_id": "0", "count": "1",
                      "seconds": str(QUESTION_SECONDS), "csrf_token": host.csrf})
    status, _, _ = _request(port, "POST", "/live/new", _headers(
        host, **{"Content-Type": "application/x-www-form-urlencoded"}), form)
    if status != 302:
        raise RuntimeError(f"POST /live/new gave {status}")
    with engine.connect() as conn:
        row = conn.execute(select(LiveSession.id, LiveSession.pin)
                           .order_by(LiveSession.id.desc()).limit(1)).one()
    return int(row.id), str(row.pin)


async def join_all(client: Client, players: list[Player], pin: str) -> None:
    """Every player joins with the PIN, four at a time (before the measured window)."""
    gate = asyncio.Semaphore(4)

    async def join(player: Player) -> None:
        async with gate:
            reply = await client.send("join", "POST", "/live/join", _headers(player), {
                "pin": pin, "name": player.username, "csrf_token": player.csrf})
            _keep_cookie(player, reply)
            if reply is None or reply.status != 302:
                client.failures.append(f"join {player.username}: "
                                       f"{reply.status if reply else 'no reply'}")

    await asyncio.gather(*(join(p) for p in players))


# ----------------------------------------------------------------------------- the game


@dataclass
class Clock:
    """When the game moved (perf_counter seconds); the measured window is [start, reveal)."""

    start: float = float("inf")
    reveal: float = float("inf")
    stop: bool = False


async def poll_loop(client: Client, path: str, player: Player, clock: Clock, kind: str,
                    offset: float) -> None:
    """live.js's poll: 1.5 s after the previous one came back, skipped while an answer is in
    flight, with the last ETag; a 200 replaces the panel (and may show the question)."""
    await asyncio.sleep(offset)
    while not clock.stop:
        if not player.busy:
            headers = _headers(player, Accept="application/json")
            if player.etag:
                headers["If-None-Match"] = player.etag
            reply = await client.send(kind, "GET", path, headers)
            _keep_cookie(player, reply)
            if reply is not None and reply.status == 200:
                player.etag = reply.headers.get("etag")
                _show(player, json.loads(reply.body))
        await asyncio.sleep(POLL_S)


def _show(player: Player, state: dict[str, Any]) -> None:
    """Read the question off the panel the first time it appears."""
    player.version = state.get("version")
    if player.question is not None or state.get("phase") != "question":
        return
    panel = state["html"]
    qid, kind = _PANEL_QUESTION.search(panel), _PANEL_KIND.search(panel)
    if qid is None or kind is None:
        return  # "answer in" (a reload after answering) or no form
    token = _PANEL_CSRF.search(panel)
    player.question = {"id": qid[1], "kind": kind[1], "csrf": token[1] if token else player.csrf,
                       "choices": [html.unescape(c) for c in _PANEL_CHOICE.findall(panel)]}
    player.seen_at = time.perf_counter()
    player.seen.set()


def _answer_form(question: dict[str, Any], rng: random.Random) -> dict[str, str]:
    form = {"question_id": question["id"], "csrf_token": question["csrf"]}
    if question["kind"] == "multiple_choice":
        form["choice"] = rng.choice(question["choices"])
    elif question["kind"] == "true_false":
        form["truth"] = rng.choice(("true", "false"))
    else:
        form["text"] = rng.choice(_TYPED_GUESSES)
    return form


async def answer(client: Client, game_id: int, player: Player, clock: Clock, at: float,
                 repeat: str, rng: random.Random) -> None:
    """Answer once at ``at`` seconds after the start (or as soon as the question showed);
    ``repeat``: "double" sends it twice at once, "retry" again after the first reply."""
    await player.seen.wait()
    await asyncio.sleep(max(0.0, clock.start + at - time.perf_counter()))
    assert player.question is not None
    form = _answer_form(player.question, rng)
    headers = _headers(player, **{"X-Live-Fragment": "1", "Accept": "application/json"})
    path = f"/live/{game_id}/answer"
    player.busy = True
    if repeat == "double":
        replies = await asyncio.gather(*(client.send("answer", "POST", path, headers, form)
                                         for _ in range(2)))
    else:
        replies = [await client.send("answer", "POST", path, headers, form)]
        if repeat == "retry":
            replies.append(await client.send("answer", "POST", path, headers, form))
    for reply in replies:
        _keep_cookie(player, reply)
    player.etag = None  # live.js forgets the ETag after an answer
    player.busy = False


async def host_move(client: Client, game_id: int, host: Player, move: str, then: str) -> None:
    """A move from the host's screen (live.js sends it as a fragment request, with the version
    the screen showed); the game must be at ``then`` afterwards."""
    form = {"move": move, **({"version": str(host.version)} if host.version is not None else {})}
    reply = await client.send("move", "POST", f"/live/{game_id}/move", _headers(
        host, **{"X-Live-Fragment": "1", "X-CSRFToken": host.csrf}), form)
    phase = json.loads(reply.body).get("phase") if reply and reply.status == 200 else None
    if phase != then:
        raise RuntimeError(f"move {move}: {reply.status if reply else 'no reply'}, {phase}")
    host.version, host.etag = json.loads(reply.body if reply else b"{}").get("version"), None


async def loop_lag(clock: Clock, lags: list[float]) -> None:
    """How late a 5 ms timer fires: the client's own queueing, inside every latency."""
    while not clock.stop:
        before = time.perf_counter()
        await asyncio.sleep(0.005)
        lags.append((time.perf_counter() - before - 0.005) * 1000)


async def play(port: int, game_id: int, host: Player, players: list[Player],
               rng: random.Random) -> dict[str, Any]:
    """Lobby, the question with everyone's answers, the reveal; the raw figures."""
    client, clock, began = Client(port), Clock(), time.perf_counter()
    lags: list[float] = []
    state = f"/live/{game_id}/state"
    polls = [asyncio.create_task(poll_loop(client, state, p, clock, "poll", rng.uniform(0, POLL_S)))
             for p in players]
    # The host's screen asks for its own view (host.html's data-state-url).
    polls.append(asyncio.create_task(poll_loop(client, f"{state}?as=host", host, clock,
                                               "host_poll", 0)))
    lag_task = asyncio.create_task(loop_lag(clock, lags))
    await asyncio.sleep(LOBBY_S)
    repeats = rng.choices(("double", "retry", ""), (DOUBLE_TAP, RETRY, 1 - DOUBLE_TAP - RETRY),
                          k=len(players))
    answers = [asyncio.create_task(answer(client, game_id, p, clock, rng.uniform(0, WINDOW_S),
                                          repeat, random.Random(rng.random())))
               for p, repeat in zip(players, repeats, strict=True)]
    cpu, server, machine = time.process_time(), _server_cpu(port), _machine_busy()
    clock.start = time.perf_counter()
    await host_move(client, game_id, host, "start", "question")
    done, late = await asyncio.wait(answers, timeout=QUESTION_SECONDS + 10)
    for task in late:
        task.cancel()
    await asyncio.sleep(max(0.0, clock.start + WINDOW_S - time.perf_counter()) + POLL_S)
    clock.reveal = time.perf_counter()
    window_s = clock.reveal - clock.start
    client_cpu, server_cpu = time.process_time() - cpu, _server_cpu(port) - server
    busy, total = (now - then for now, then in zip(_machine_busy(), machine, strict=True))
    window_lags = list(lags)
    await host_move(client, game_id, host, "reveal", "reveal")
    await asyncio.sleep(REVEAL_S)
    clock.stop = True
    await asyncio.gather(*polls, lag_task)
    return {"game_s": time.perf_counter() - began, "client": client, "clock": clock, "window_s": window_s, "lags": window_lags,
            "client_cpu_s": client_cpu, "server_cpu_s": server_cpu,
            "machine_busy": busy / max(total, 1),
            "unanswered": len(late), "repeats": repeats,
            "seen_late": sum(p.seen_at - clock.start > WINDOW_S for p in players)}


_GUNICORN: dict[int, int] = {}  # port → the master's pid, for its workers' CPU time


def _machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine so far: how much CPU others left us."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def _server_cpu(port: int) -> float:
    """CPU seconds the gunicorn workers have used so far (from /proc)."""
    master = _GUNICORN.get(port)
    if master is None:
        return 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in children:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------- figures


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    rank = max(1, round(share * len(values) + 0.5))
    return values[min(rank, len(values)) - 1]


def latency(samples: Iterator[Sample] | list[Sample]) -> dict[str, Any]:
    """Count and p50/p95/p99/max in ms of the requests that got a reply."""
    ms = sorted(s.ms for s in samples if s.status)
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50_ms": round(_percentile(ms, 0.50), 1),
            "p95_ms": round(_percentile(ms, 0.95), 1), "p99_ms": round(_percentile(ms, 0.99), 1),
            "max_ms": round(ms[-1], 1)}


def figures(raw: dict[str, Any]) -> dict[str, Any]:
    """The latency table and the errors of one game."""
    client: Client = raw["client"]
    clock: Clock = raw["clock"]
    samples = client.samples
    in_window = [s for s in samples if clock.start <= s.sent < clock.reveal]
    polls = [s for s in in_window if s.kind == "poll"]
    expected = {"answer": (200,), "poll": (200, 304), "host_poll": (200, 304), "move": (200,),
                "join": (302,)}
    errors = [s for s in samples if s.status not in expected[s.kind]]
    lags = sorted(raw["lags"]) or [0.0]
    return {
        "answer": latency(s for s in samples if s.kind == "answer"),
        "poll_all": latency(polls),
        "poll_304": latency(s for s in polls if s.status == 304),
        "poll_200": latency(s for s in polls if s.status == 200),
        "host_poll": latency(s for s in in_window if s.kind == "host_poll"),
        "lobby_poll": latency(s for s in samples if s.kind == "poll" and s.sent < clock.start),
        "reveal_poll_200": latency(s for s in samples if s.kind == "poll"
                                   and s.sent >= clock.reveal and s.status == 200),
        "join": latency(s for s in samples if s.kind == "join"),
        "window_s": round(raw["window_s"], 2),
        "requests_per_s_in_window": round(len(in_window) / raw["window_s"], 1),
        "errors": len(errors) + raw["unanswered"],
        "error_statuses": dict(sorted(_count(f"{s.status} {s.kind}" for s in errors).items())),
        "failures": client.failures[:10],
        "answers_not_sent": raw["unanswered"],
        "players_who_saw_the_question_after_10s": raw["seen_late"],
        "double_taps": raw["repeats"].count("double"), "retries": raw["repeats"].count("retry"),
        "client_cpu_share_of_one_core": round(raw["client_cpu_s"] / raw["window_s"], 3),
        "server_cpu_share_of_two_cores": round(raw["server_cpu_s"] / raw["window_s"] / 2, 3),
        "machine_cpu_busy_share": round(raw["machine_busy"], 3),  # everyone's, ours included
        "client_loop_lag_ms": {"p99": round(_percentile(lags, 0.99), 1),
                               "max": round(lags[-1], 1)},
    }


def in_worker(access_log: Path) -> dict[str, Any]:
    """Time inside a gunicorn worker per kind of request (the whole game, every phase): what
    the client saw minus this is time queued for a worker (or for the CPU)."""
    kinds: dict[str, list[Sample]] = {}
    for line in access_log.read_text().splitlines():
        method, path, status, micros = line.split()
        kind = ("answer" if path.endswith("/answer") else
                f"state_{status}" if path.endswith("/state") else None)
        if kind:
            kinds.setdefault(kind, []).append(Sample(kind, 0, int(status), int(micros) / 1000))
    report: dict[str, Any] = {kind: latency(samples) for kind, samples in sorted(kinds.items())}
    for kind, samples in kinds.items():
        report[kind]["mean_ms"] = round(statistics.fmean(s.ms for s in samples), 1)
    return report


def _count(items: Iterator[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def stored(engine: Engine, game_id: int, players: int) -> dict[str, Any]:
    """What the database holds for the game's question: one of each per player, no more."""
    with engine.connect() as conn:
        question_id = conn.execute(select(LiveAnswer.question_id)
                                   .where(LiveAnswer.session_id == game_id).limit(1)).scalar()
        users = select(LivePlayer.user_id).where(LivePlayer.session_id == game_id)
        attempts = select(LivePlayer.attempt_id).where(LivePlayer.session_id == game_id)
        quiz_answers = conn.execute(select(func.count()).where(
            QuizAnswer.question_id == question_id, QuizAnswer.attempt_id.in_(attempts))
        ).scalar_one()
        live = conn.execute(select(func.count(), func.count(func.distinct(LiveAnswer.player_id)))
                            .where(LiveAnswer.session_id == game_id)).one()
        began = select(LiveSession.created_at).where(LiveSession.id == game_id).scalar_subquery()
        # The seeded logs are all older than the game.
        logs = (select(ReviewLog.user_id, func.count().label("n"))
                .where(ReviewLog.question_id == question_id, ReviewLog.reviewed_at >= began,
                       ReviewLog.user_id.in_(users)).group_by(ReviewLog.user_id).subquery())
        per_user = [int(n) for n in conn.execute(select(  # PostgreSQL's sum is a Decimal
            func.count(), func.coalesce(func.sum(logs.c.n), 0),
            func.coalesce(func.max(logs.c.n), 0))).one()]
        per_card = (select(ReviewLog.card_id, func.count().label("n"))
                    .group_by(ReviewLog.card_id).subquery())
        mismatched = conn.execute(select(func.count()).select_from(Card).join(
            per_card, per_card.c.card_id == Card.id).where(
            Card.question_id == question_id, Card.user_id.in_(users),
            per_card.c.n != Card.reps)).scalar_one()
    ok = (quiz_answers == live[0] == live[1] == per_user[0] == per_user[1] == players
          and per_user[2] == 1 and mismatched == 0)
    return {"question_id": question_id, "quiz_answers": quiz_answers, "live_answers": live[0],
            "players_with_a_live_answer": live[1], "review_logs": per_user[1],
            "players_with_a_review_log": per_user[0], "most_review_logs_of_one_player": per_user[2],
            "cards_whose_reps_differ_from_their_logs": mismatched, "ok": ok}


# ----------------------------------------------------------------------------- one run


def one_run(args: argparse.Namespace, workdir: Path, run: int) -> dict[str, Any]:
    """Seed, serve, sign in, join, play, check."""
    url = args.database_url or f"sqlite:///{workdir / 'live.sqlite'}"
    with contextlib.redirect_stdout(sys.stderr):
        info = seed(url, args.players, heavy_logs=100)
    add_host(url)
    port = _free_port()
    access = workdir / "instance" / "access.log"
    # Each request's time inside a worker (µs), to tell queueing from service time.
    os.environ["GUNICORN_CMD_ARGS"] = (f"--access-logfile {access} "
                                       "--access-logformat '%(m)s %(U)s %(s)s %(D)s'")
    server = start_gunicorn(url, port, args.workers, workdir / "instance")
    _GUNICORN[port] = server.pid
    engine = create_engine(url)
    load = os.getloadavg()[0]
    try:
        signed_in = log_in_all(port, info.usernames)
        players = [Player(u, c, t, x) for u, (c, t, x) in zip(info.usernames, signed_in,
                                                               strict=True)]
        host = Player(HOST_USERNAME, *log_in(port, HOST_USERNAME, "10.200.0.1"), "10.200.0.1")
        game_id, pin = create_game(port, host, engine)
        rng = random.Random(args.seed * 1000 + run)
        joins = Client(port)
        asyncio.run(join_all(joins, players, pin))
        if joins.failures:
            raise RuntimeError("; ".join(joins.failures[:5]))
        raw = asyncio.run(play(port, game_id, host, players, rng))
        raw["client"].samples += joins.samples
        result = {"run": run, "load_average_at_start": round(load, 2), **figures(raw)}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log = (workdir / "instance" / "gunicorn.log").read_text(errors="replace")
        if "Traceback" in log:
            kept = Path(tempfile.gettempdir()) / f"quizapp-live-bench-gunicorn-{run}.log"
            kept.write_text(log)
            print(log[-3000:], f"(the whole log: {kept})", file=sys.stderr)
    result["in_worker"] = in_worker(access)
    # The share of the game's time the workers spent serving it: near 1, requests queue.
    served = sum(k["mean_ms"] * k["n"] for k in result["in_worker"].values()) / 1000
    result["worker_busy_share"] = round(served / (raw["game_s"] * args.workers), 3)
    result["stored"] = stored(engine, game_id, len(players))
    engine.dispose()
    result["target_met"] = _met(result)
    return result


def _met(result: dict[str, Any]) -> bool:
    return bool(result["answer"]["p99_ms"] < TARGET_P99_MS
            and result["poll_all"]["p99_ms"] < TARGET_P99_MS
            and result["errors"] == 0 and result["stored"]["ok"])


def spread(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median, min and max over the runs of the headline figures."""
    keys = [("answer", "p50_ms"), ("answer", "p99_ms"), ("answer", "max_ms"),
            ("poll_all", "p99_ms"), ("poll_304", "p50_ms"), ("poll_304", "p99_ms"),
            ("poll_200", "p50_ms"), ("poll_200", "p99_ms"), ("host_poll", "p99_ms"),
            ("reveal_poll_200", "p99_ms")]
    out: dict[str, Any] = {}
    for group, key in keys:
        values = [r[group][key] for r in runs if key in r[group]]
        if values:
            out[f"{group}.{key}"] = {"median": statistics.median(values), "min": min(values),
                                     "max": max(values)}
    out["errors"] = [r["errors"] for r in runs]
    out["stored_ok"] = [r["stored"]["ok"] for r in runs]
    out["target_met"] = [r["target_met"] for r in runs]
    return out


# ----------------------------------------------------------------------------- in process


class Timer:
    """Each request's wall and CPU time and statement count, by kind; optionally profiled."""

    def __init__(self, engine: Engine, profile: str | None) -> None:
        self.rows: dict[str, list[tuple[float, float, int]]] = {}
        self.statements = 0
        self.profilers = {kind: cProfile.Profile() for kind in (profile or "").split(",") if kind}
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_: object) -> None:
        self.statements += 1

    def __call__(self, kind: str, request: Callable[[], Any]) -> Any:
        """Run one request and keep its figures."""
        before, wall, cpu = self.statements, time.perf_counter(), time.process_time()
        profiler = self.profilers.get(kind)
        if profiler:
            profiler.enable()
        result = request()
        if profiler:
            profiler.disable()
        self.rows.setdefault(kind, []).append(((time.perf_counter() - wall) * 1000,
                                               (time.process_time() - cpu) * 1000,
                                               self.statements - before))
        return result

    def report(self) -> dict[str, Any]:
        """Median wall and CPU ms and statements per request, by kind."""
        return {kind: {"n": len(rows), "wall_ms": round(statistics.median(r[0] for r in rows), 2),
                       "cpu_ms": round(statistics.median(r[1] for r in rows), 2),
                       "statements": statistics.median(r[2] for r in rows)}
                for kind, rows in self.rows.items()}


def in_process(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Every player's requests of one game through Flask's test client (production config,
    no HTTP, no second worker): what each kind of request costs the server by itself."""
    from bench_cycle import BASE_URL, _logged_in

    url = f"sqlite:///{workdir / 'live.sqlite'}"
    with contextlib.redirect_stdout(sys.stderr):
        seed(url, args.players, heavy_logs=100)
    add_host(url)
    os.environ.update(QUIZAPP_DATABASE_URL=url, QUIZAPP_PRODUCTION="1",
                      QUIZAPP_SECRET_KEY=secrets.token_hex(32),
                      QUIZAPP_INSTANCE_PATH=str(workdir / "instance"))
    from quizapp import create_app
    from quizapp.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    timer = Timer(engine, args.profile)
    players = _logged_in(app, args.players)
    host = _host_client(app)
    start = host.post("/live/new", base_url=BASE_URL, data={
        "set_slug": "peru", "class_id": "0", "count": "1", "seconds": "60"},
        headers={"X-CSRFToken": host.csrf})
    game_id = int(start.headers["Location"].rstrip("/").split("/")[-2])
    with engine.connect() as conn:
        pin = conn.execute(select(LiveSession.pin).where(LiveSession.id == game_id)).scalar_one()
    _play_in_process(timer, host, players, game_id, pin, random.Random(args.seed))
    timer("healthz", partial(_get, host, "/healthz"))
    report = timer.report()
    report["statements_listed"] = "SQL statements sent, per request"
    for kind, profiler in timer.profilers.items():
        print(f"\n===== cProfile of {kind} =====", file=sys.stderr)
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(args.profile_lines)
    return report


def _get(client: FlaskClient, path: str, etag: str | None = None) -> TestResponse:
    from bench_cycle import BASE_URL

    return client.get(path, base_url=BASE_URL, headers={"If-None-Match": etag} if etag else {})


def _post_answer(client: FlaskClient, path: str, form: dict[str, str], token: str
                 ) -> TestResponse:
    from bench_cycle import BASE_URL

    return client.post(path, base_url=BASE_URL, data=form,
                       headers={"X-Live-Fragment": "1", "X-CSRFToken": token})


def _play_in_process(timer: Timer, host: _HostClient, players: list[tuple[FlaskClient, str]],
                     game_id: int, pin: str, rng: random.Random) -> None:
    """Each player joins and polls the lobby; the host starts; each player sees the question,
    polls again (304), answers, answers again (a retry), sees "answer in"; the host's screen
    polls after each answer; the host reveals and every player fetches the results."""
    from bench_cycle import BASE_URL

    state, answer_path = f"/live/{game_id}/state", f"/live/{game_id}/answer"
    etags: list[str] = []
    for n, (client, token) in enumerate(players, start=1):
        client.post("/live/join", base_url=BASE_URL, headers={"X-CSRFToken": token},
                    data={"pin": pin, "name": f"student{n:04d}"})
        etags.append(timer("lobby_200", partial(_get, client, state)).headers["ETag"])
        timer("lobby_304", partial(_get, client, state, etags[-1]))
    _move(host, game_id, "start")
    for (client, token), etag in zip(players, etags, strict=True):
        shown = timer("question_200", partial(_get, client, state, etag))
        timer("question_304", partial(_get, client, state, shown.headers["ETag"]))
        player = Player("", "", token, "")
        _show(player, shown.get_json())
        assert player.question is not None
        form = _answer_form(player.question, rng)
        reply = timer("answer", partial(_post_answer, client, answer_path, form, token))
        assert reply.status_code == 200, reply.status_code
        timer("answer_again", partial(_post_answer, client, answer_path, form, token))
        timer("answered_200", partial(_get, client, state))
        timer("host_200", partial(_get, host, f"{state}?as=host"))
    _move(host, game_id, "reveal")
    for client, _ in players:
        timer("reveal_200", partial(_get, client, state))


class _HostClient(FlaskClient):
    csrf = ""


def _host_client(app: Any) -> _HostClient:
    from bench_cycle import _CSRF, BASE_URL

    app.test_client_class = _HostClient
    client: _HostClient = app.test_client()
    client.environ_base.update(REMOTE_ADDR="10.200.0.1", HTTP_REFERER=f"{BASE_URL}/live/new")
    match = _CSRF.search(client.get("/login", base_url=BASE_URL).text)
    assert match is not None
    client.csrf = match[1]
    response = client.post("/login", base_url=BASE_URL, data={
        "username": HOST_USERNAME, "password": PASSWORD, "csrf_token": match[1]})
    assert response.status_code == 302, response.status_code
    return client


def _move(host: _HostClient, game_id: int, move: str) -> None:
    from bench_cycle import BASE_URL

    seen = _get(host, f"/live/{game_id}/state?as=host").get_json()["version"]
    response = host.post(f"/live/{game_id}/move", base_url=BASE_URL,
                         data={"move": move, "version": str(seen)},
                         headers={"X-Live-Fragment": "1", "X-CSRFToken": host.csrf})
    assert response.status_code == 200, response.status_code
    assert response.get_json()["version"] == seen + 1, response.get_json()


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir; "
                        "a PostgreSQL database given here is emptied first")
    parser.add_argument("--players", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--in-process", action="store_true",
                        help="time each kind of request through Flask's test client instead")
    parser.add_argument("--profile", help="with --in-process: cProfile these kinds of request "
                        "(comma-separated, e.g. lobby_304,answer,reveal_200) and print the "
                        "profiles to stderr")
    parser.add_argument("--profile-lines", type=int, default=60)
    args = parser.parse_args()
    if args.in_process:
        with tempfile.TemporaryDirectory(prefix="quizapp-live-bench-") as tmp:
            print(json.dumps(in_process(args, Path(tmp)), indent=2))
        return
    runs = []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="quizapp-live-bench-") as tmp:
            runs.append(one_run(args, Path(tmp), run))
        print(json.dumps(runs[-1]), file=sys.stderr)
    database = (args.database_url or "sqlite").split(":", 1)[0]
    print(json.dumps({"database": database, "players": args.players, "workers": args.workers,
                      "code": _code_version(), "runs": runs, "spread": spread(runs)}, indent=2))


def _code_version() -> str:
    """The commit measured, and whether the app's files differed from it (the working tree
    is shared with people editing it)."""
    def git(*words: str) -> str:
        return subprocess.run(["git", *words], capture_output=True, text=True,
                              cwd=Path(__file__).parent).stdout.strip()

    dirty = git("status", "--porcelain", "--", "../../quizapp")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes in quizapp/" if dirty else "")


if __name__ == "__main__":
    main()
