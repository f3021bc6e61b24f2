"""Benchmark: a 1,000-question GIFT file through the import pipeline (parse, plan, save, commit).

Run: /work/venv/bin/python tests/bench/bench_instructor_import.py — prints seconds per stage.

The issue's budget is < 5 s for 1,000 GIFT questions including saving. Measured on 2026-11-27
(2 shared cores, Python 3.11.7, SQLite), three runs: parse 0.10–0.18 s, plan + save + commit
0.20–0.38 s, total 0.30–0.56 s; peak RSS about 110 MB (``/usr/bin/time -f %M``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support import make_test_app  # noqa: E402

from quizapp.extensions import db  # noqa: E402
from quizapp.imports import parse_upload  # noqa: E402
from quizapp.instructor import importing  # noqa: E402


def gift_text(n: int) -> bytes:
    """``n`` multiple-choice questions with ids and categories."""
    blocks = [f"$CATEGORY: $course$/top/Peru/Topic{i % 4}\n\n// [id:q{i:04d}] [tag:bench]\n"
              f"::q{i:04d}:: Which answer is right for question {i}? "
              f"{{=right {i} ~wrong a{i} ~wrong b{i} ~wrong c{i}}}" for i in range(n)]
    return "\n\n".join(blocks).encode("utf-8")


def main() -> None:
    """Time each stage once on a fresh SQLite database."""
    data = gift_text(1000)
    app = make_test_app(Path(tempfile.mkdtemp()))
    with app.app_context():
        start = time.perf_counter()
        parsed = parse_upload("bench.gift", data, slug_hint="bench")
        parsed_at = time.perf_counter()
        plan = importing.plan_import(parsed, target=None, title="Bench")
        qset = importing.save_import(plan, owner=None)
        db.session.commit()
        done = time.perf_counter()
        print(f"{len(parsed.questions)} questions ({len(data) / 1024:.0f} KiB) into '{qset.slug}'")
    print(f"parse {parsed_at - start:.2f} s, plan+save+commit {done - parsed_at:.2f} s, "
          f"total {done - start:.2f} s")


if __name__ == "__main__":
    main()
