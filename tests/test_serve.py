"""The README's first command: ``quizapp serve`` migrates, loads the Peru set and serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from support import free_port, wait_until_serving

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
def test_quizapp_serve_answers_with_the_peru_set(tmp_path: Path, production: bool) -> None:
    port = free_port()
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
        wait_until_serving(base, server)
        session = requests.Session()
        page = session.get(base + "/register", timeout=5)
        assert page.status_code == 200 and "Create your account" in page.text
        assert (tmp_path / "instance" / "quizapp.sqlite").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0]
    assert "Loaded set 'peru'" in output


def test_production_without_a_secret_key_refuses_before_touching_the_database(
        tmp_path: Path) -> None:
    env = {**os.environ, "QUIZAPP_INSTANCE_PATH": str(tmp_path / "instance")}
    for name in ("QUIZAPP_DATABASE_URL", "QUIZAPP_SECRET_KEY", "QUIZAPP_PRODUCTION"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp.cli", "serve", "--production", "--port",
         str(free_port())], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "QUIZAPP_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "instance" / "quizapp.sqlite").exists()
