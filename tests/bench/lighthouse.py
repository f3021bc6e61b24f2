"""Lighthouse (mobile preset) on the main pages: performance, accessibility, best practices.

Usage: python tests/bench/lighthouse.py [--lighthouse PATH] [--out DIR]

Starts ``quizapp serve --production`` (gunicorn, the bundled Peru set, SQLite) on a fresh
instance folder, creates a student and an instructor with the CLI, signs each in through the
login form, then runs Lighthouse 12.2.3 (npm; ``npm install lighthouse@12.2.3`` into a folder
and pass its ``node_modules/.bin/lighthouse``) with Debian's chromium on every page below, the
signed-in ones with the session cookie. Prints one JSON object: each page's three scores and
the audits that lost points; exits 1 if any page is under the issue's bar (accessibility and
best practices 0.95, performance 0.9). Needs node 20 and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))
from web import _free_port, _request  # noqa: E402  (the same HTTP client as the web benchmark)

BARS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95}
PASSWORD = "lighthouse-Pass-2026"
PAGES: dict[str, tuple[str, ...]] = {
    "": ("/", "/login", "/register", "/about"),
    "student": ("/", "/study", "/study/peru", "/quiz/peru", "/quiz/history", "/progress",
                "/sets/peru", "/sets/peru/map", "/sets/peru/timeline", "/sets/peru/map/quiz",
                "/classes/", "/account"),
    "teacher": ("/instructor/", "/instructor/import", "/instructor/sets/new", "/classes/new"),
}
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def serve(instance: Path, port: int) -> subprocess.Popen[bytes]:
    """``quizapp serve --production`` on a fresh instance; returns once /healthz answers."""
    server = subprocess.Popen(
        ["quizapp", "serve", "--production", "--port", str(port)],
        env=_env(instance), stdout=subprocess.DEVNULL,
        stderr=(instance / "serve.log").open("wb"))
    for _ in range(600):
        try:
            if _request(port, "GET", "/healthz", {})[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"quizapp serve did not start: see {instance / 'serve.log'}")


def _env(instance: Path) -> dict[str, str]:
    return {**os.environ, "QUIZAPP_INSTANCE_PATH": str(instance),
            "QUIZAPP_SECRET_KEY": secrets.token_hex(32)}


def create_user(instance: Path, username: str, role: str) -> None:
    subprocess.run(["quizapp", "create-user", "--username", username, "--password", PASSWORD,
                    "--role", role], env=_env(instance), check=True, capture_output=True)


def session_cookie(port: int, username: str) -> str:
    """Sign in through the form; returns the Cookie header."""
    status, jar, html = _request(port, "GET", "/login", {})
    match = _CSRF.search(html)
    if status != 200 or match is None:
        raise RuntimeError(f"login page: {status}")
    form = urlencode({"username": username, "password": PASSWORD, "csrf_token": match[1]})
    status, signed_in, _ = _request(
        port, "POST", "/login", {"Cookie": f"session={jar['session']}",
                                 "Content-Type": "application/x-www-form-urlencoded"}, form)
    if status != 302:
        raise RuntimeError(f"login of {username}: {status}")
    return f"session={signed_in['session']}"


def audit(lighthouse: str, url: str, cookie: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run: the three scores and the audits that lost points."""
    headers = json.dumps({"Cookie": cookie} if cookie else {})
    subprocess.run(
        [lighthouse, url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--form-factor=mobile",
         "--only-categories=performance,accessibility,best-practices", "--output=json",
         f"--output-path={report}", f"--extra-headers={headers}"],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True,
        capture_output=True)
    result = json.loads(report.read_text())
    scores = {name: category["score"] for name, category in result["categories"].items()}
    lost = sorted({ref["id"] for category in result["categories"].values()
                   for ref in category["auditRefs"]
                   if ref["weight"] > 0 and (result["audits"][ref["id"]].get("score") or 1) < 1})
    return {"scores": scores, "lost_points": lost}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--out", type=Path, default=None, help="keep the JSON reports here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance, reports = Path(tmp) / "instance", args.out or Path(tmp) / "reports"
        instance.mkdir()
        reports.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        server = serve(instance, port)
        try:
            create_user(instance, "student", "student")
            create_user(instance, "teacher", "instructor")
            cookies = {"": "", "student": session_cookie(port, "student"),
                       "teacher": session_cookie(port, "teacher")}
            results = {}
            for who, paths in PAGES.items():
                for path in paths:
                    name = f"{who or 'visitor'} {path}"
                    report = reports / (re.sub(r"\W+", "_", name) + ".json")
                    results[name] = audit(args.lighthouse, f"http://127.0.0.1:{port}{path}",
                                          cookies[who], report)
                    print(name, results[name]["scores"], file=sys.stderr, flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps(results, indent=1))
    below = [name for name, r in results.items()
             if any(r["scores"][c] < bar for c, bar in BARS.items())]
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
