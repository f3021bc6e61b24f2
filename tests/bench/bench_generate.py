"""Benchmark: time to generate the Peru bank (prints figures; not part of the test suite).

Run: /work/venv/bin/python tests/bench/bench_generate.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from quizapp.bank.generator import generate, read_profile
from quizapp.bank.schema import dump_bank

PROFILE = Path(__file__).resolve().parents[2] / "questions" / "sources" / "peru.txt"


def main(runs: int = 7) -> None:
    """Generate the bank ``runs`` times (the first one also loads the gazetteer) and report."""
    text = read_profile(PROFILE)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        bank = generate(text, slug="peru").bank
        dump_bank(bank)
        timings.append(time.perf_counter() - start)
    print(f"questions: {len(bank.questions)}")
    print(f"first run (cold caches): {timings[0]:.3f} s")
    print(f"median of {runs} runs:   {statistics.median(timings):.3f} s")
    print(f"slowest run:            {max(timings):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
