"""Benchmark the import parsers on a 1,000-question GIFT file (not part of the test suite).

The issue's budget is < 5 s to import 1,000 GIFT questions including saving; this measures the
parsing part (median of several runs), plus the CSV and bank-YAML parsers on the same questions.

Run: cd /work/main && PYTHONPATH=. /work/venv/bin/python tests/bench/bench_import.py

Measured on 2026-11-27 (2 shared cores, Python 3.11.7), medians of 7 runs: parse_gift 176 ms,
parse_csv 27 ms, parse_bank_file (YAML) 171 ms, bank_to_gift 15 ms. The whole import including
saving is timed by bench_instructor_import.py (0.30–0.56 s for 1,000 questions).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace

from quizapp.bank.schema import Bank, Question, SetInfo, SourceRef, dump_bank
from quizapp.export.csvfile import bank_to_csv
from quizapp.export.gift import bank_to_gift
from quizapp.imports import parse_bank_file, parse_csv, parse_gift

QUESTIONS = 1_000
ROUNDS = 7
TYPES = ("multiple_choice", "true_false", "short_answer", "cloze", "matching")


def _question(n: int) -> Question:
    """A question of a rotating type with escapes, aliases and a source, like a real bank."""
    qtype = TYPES[n % len(TYPES)]
    key, topic = f"bench-{n:04d}", ("groups", "leaders", "regions", "dates")[n % 4]
    source = SourceRef("Criminal Groups", f"Sentence {n} of the profile: {{quoted}} #{n}.")
    base = Question(key, topic, "short_answer", f"Question {n}: who led group #{n}?",
                    f"Person {n}", accept=(f"Alias {n}",), source=source, tags=("bench",),
                    explanation=f"Because of event {n} = fact.")
    if qtype == "multiple_choice":
        choices = (f"Person {n}", f"Other {n}", f"Third {n}", f"Fourth {n}")
        return replace(base, type=qtype, choices=choices)
    if qtype == "true_false":
        return replace(base, type=qtype, answer=n % 2 == 0, accept=())
    if qtype == "cloze":
        return replace(base, type=qtype, prompt=f"Group {n} was led by ____ until {1980 + n}.")
    if qtype == "matching":
        pairs = {f"Alias {n}.{i}": f"Person {n}.{i}" for i in range(4)}
        return replace(base, type=qtype, answer=pairs, accept=())
    return base


def _median_seconds(action: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the median parse time of each format for a 1,000-question bank."""
    bank = Bank(SetInfo("bench", "Benchmark"), tuple(_question(n) for n in range(QUESTIONS)))
    gift, csv_text, yaml_text = bank_to_gift(bank), bank_to_csv(bank), dump_bank(bank)
    assert parse_gift(gift, slug_hint="bench").questions == bank.questions
    print(f"{QUESTIONS:,} questions; GIFT file {len(gift.encode()) / 1024:.0f} KiB")
    for name, action in (
        ("parse_gift", lambda: parse_gift(gift, slug_hint="bench")),
        ("parse_csv", lambda: parse_csv(csv_text, slug_hint="bench")),
        ("parse_bank_file (YAML)", lambda: parse_bank_file(yaml_text)),
        ("bank_to_gift", lambda: bank_to_gift(bank)),
    ):
        print(f"{name:24s} median {_median_seconds(action) * 1000:8.1f} ms over {ROUNDS} runs")


if __name__ == "__main__":
    main()
