"""Shared fixtures: each profile is generated once per test session."""

from __future__ import annotations

import pytest
from bank_quality import ROOT

from quizapp.bank.generator import GenerationResult, generate, read_profile

PERU = ROOT / "questions" / "sources" / "peru.txt"
ECUADOR = ROOT / "tests" / "data" / "ecuador.txt"


@pytest.fixture(scope="session")
def peru_text() -> str:
    return read_profile(PERU)


@pytest.fixture(scope="session")
def peru(peru_text: str) -> GenerationResult:
    return generate(peru_text, slug="peru")


@pytest.fixture(scope="session")
def ecuador_text() -> str:
    return read_profile(ECUADOR)


@pytest.fixture(scope="session")
def ecuador(ecuador_text: str) -> GenerationResult:
    return generate(ecuador_text, slug="ecuador")


# Profiles of other countries written for these tests (with and without the usual sections,
# with day-month dates and Portuguese names), each with the facts a teacher would test in
# tests/data/<name>.facts.yaml. Bolivia and Colombia (no headings at all) were written, with
# their facts, by readers who had not seen the generator, and added after its first run on them.
OTHER_PROFILES = ("brazil", "honduras", "guatemala", "paraguay", "bolivia", "colombia")


@pytest.fixture(scope="session")
def other_banks() -> dict[str, tuple[str, GenerationResult]]:
    """Each other profile's text and generated bank, generated once per session."""
    banks = {}
    for name in OTHER_PROFILES:
        text = read_profile(ROOT / "tests" / "data" / f"{name}.txt")
        banks[name] = (text, generate(text, slug=name))
    return banks
