"""The README's first command: ``quizapp serve`` migrates, loads the Peru set and serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
def test_quizapp_serve_answers_with_the_peru_set(tmp_path: Path, production: bool) -> None:
    port = _free_port()
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance"),
           "QUIZAPP_SECRET_KEY": "serve-test-key"}
    env.pop("QUIZAPP_DATABASE_URL", None)
    args = [sys.executable, "-m", "quizapp.cli", "serve", "--port", str(port)]
    if production:
        args += ["--production", "--workers", "2"]
    server = subprocess.Popen(args, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
            if server.poll() is not None:
                pytest.fail("quizapp serve exited: " + (server.stdout.read() or "")[-2000:])
        else:
            pytest.fail("quizapp serve did not answer on /healthz")
        session = requests.Session()
        page = session.get(base + "/register", timeout=5)
        assert page.status_code == 200 and "Create your account" in page.text
        assert (tmp_path / "instance" / "quizapp.sqlite").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0]
    assert "Loaded set 'peru'" in output
