"""How an import's time grows with its size, and how long students wait meanwhile (not part of
the test suite).

For each size, a CSV whose rows all share one prompt (the worst case for key collisions, like
the 1 MB, 40,000-row file of the reliability issue) is parsed in-process, then imported by
``quizapp import`` into a fresh SQLite database while a "student" connection takes the write
lock every 10 ms (BEGIN IMMEDIATE; COMMIT), as an answer does. Printed: parse time, CLI time
(start-up and migrations included) and the student's longest wait for the lock.

Run: cd /work/main && .venv/bin/python tests/bench/bench_import_scale.py [ROWS ...]
(default 5000 20000). Point PYTHONPATH at another checkout to measure its code.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from quizapp.imports import ImportFormatError, parse_upload


def csv_rows(rows: int) -> bytes:
    """A CSV of ``rows`` questions with one and the same prompt."""
    body = "".join("short_answer,Which group controls the VRAEM?,Shining Path\n"
                   for _ in range(rows))
    return ("type,prompt,answer\n" + body).encode("utf-8")


def parse_seconds(data: bytes) -> tuple[float, str]:
    """Seconds to parse, and the outcome."""
    start = time.perf_counter()
    try:
        outcome = f"{len(parse_upload('rows.csv', data).questions)} questions"
    except ImportFormatError as exc:
        outcome = f"refused: {exc}"
    return time.perf_counter() - start, outcome


class Student(threading.Thread):
    """Takes the write lock every 10 ms and records the longest wait."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path, self.longest, self.stopped = path, 0.0, threading.Event()

    def run(self) -> None:
        while not self.path.exists():
            time.sleep(0.01)
        connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        while not self.stopped.wait(0.01):
            start = time.perf_counter()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("COMMIT")
            except sqlite3.OperationalError:
                continue  # the database is being created or migrated
            self.longest = max(self.longest, time.perf_counter() - start)
        connection.close()


def cli_import(path: Path, rows: int) -> tuple[float, float, int]:
    """Seconds of ``quizapp import``, the student's longest wait, and the exit code."""
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_file = folder / f"rows{rows}.csv"
    csv_file.write_bytes(csv_rows(rows))
    env = {**os.environ, "QUIZAPP_DATABASE_URL": f"sqlite:///{path}",
           "QUIZAPP_SECRET_KEY": "bench", "QUIZAPP_INSTANCE_PATH": str(folder),
           "QUIZAPP_IMPORT_MAX_QUESTIONS": str(max(rows, 10_000))}
    subprocess.run([sys.executable, "-m", "quizapp.cli", "setup"], env=env, check=True,
                   capture_output=True)
    student = Student(path)
    student.start()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "quizapp.cli", "import", str(csv_file)],
                          env=env, capture_output=True)
    seconds = time.perf_counter() - start
    student.stopped.set()
    student.join()
    return seconds, student.longest, done.returncode


def main() -> None:
    """Print a line per size."""
    sizes = [int(a) for a in sys.argv[1:]] or [5_000, 20_000]
    for rows in sizes:
        parse, outcome = parse_seconds(csv_rows(rows))
        database = Path(tempfile.mkdtemp(prefix="bench-db-")) / "bench.sqlite"
        cli, wait, code = cli_import(database, rows)
        print(f"{rows:>6} rows: parse {parse:6.2f} s ({outcome}); quizapp import {cli:6.2f} s "
              f"(exit {code}); a student's longest wait for the write lock {wait * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
