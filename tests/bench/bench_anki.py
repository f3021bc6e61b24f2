"""Benchmark (not a test): median time of write_apkg for a 1,000-question bank; target < 1 s.

Run: cd /work/main && /work/venv/bin/python tests/bench/bench_anki.py
"""

from __future__ import annotations

import io
import statistics
import time
from dataclasses import replace

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.export.anki import ExportOptions, write_apkg
from quizapp.export.tsv import bank_to_tsv

TOPICS = ("groups", "leaders", "regions", "dates")
RUNS = 7


def _question(i: int) -> Question:
    """One of the six question types in turn, with a source quote like the generator's."""
    base = Question(
        key=f"bench-{i:04d}", topic=TOPICS[i % len(TOPICS)], type="short_answer",
        prompt=f"Name leader {i}.", answer=f"Leader {i}", accept=(f"L{i}",), tags=("bench",),
        source=SourceRef(section="History", quote=f"A sentence quoted from the profile, #{i}."),
    )
    variants = (
        base,
        replace(base, type="multiple_choice", prompt=f"Which group is number {i}?",
                answer=f"Group {i}", accept=(), choices=(f"Group {i}", "MRTA", "Los Pulpos")),
        replace(base, type="true_false", prompt=f"Statement {i} is true.", answer=True),
        replace(base, type="cloze", prompt=f"The ____ was founded in {1900 + i % 100}.",
                answer="Shining Path"),
        replace(base, type="ordering", prompt="Put these in order.",
                answer=[f"Event {i}a", f"Event {i}b", f"Event {i}c"]),
        replace(base, type="matching", prompt="Match the aliases.",
                answer={f"Alias {i}": f"Person {i}", f"Alias {i}x": f"Person {i}x"}),
    )
    return variants[i % len(variants)]


def main() -> None:
    """Print the median export time over several runs."""
    source = SetSource(title="Peru Profile", publisher="InSight Crime", license="CC BY-NC 4.0")
    bank = Bank(SetInfo(slug="bench", title="Benchmark", source=source),
                tuple(_question(i) for i in range(1000)))
    options = ExportOptions(timestamp=1_700_000_000)
    apkg_times: list[float] = []
    tsv_times: list[float] = []
    size = 0
    for _ in range(RUNS):
        out = io.BytesIO()
        start = time.perf_counter()
        write_apkg([bank], out, options=options)
        apkg_times.append(time.perf_counter() - start)
        size = len(out.getvalue())
        start = time.perf_counter()
        bank_to_tsv(bank)
        tsv_times.append(time.perf_counter() - start)
    print(f"write_apkg, 1,000 questions: median {statistics.median(apkg_times):.3f} s "
          f"over {RUNS} runs (min {min(apkg_times):.3f} s, max {max(apkg_times):.3f} s), "
          f"{size / 1024:.0f} KiB; target < 1 s")
    print(f"bank_to_tsv, 1,000 questions: median {statistics.median(tsv_times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
