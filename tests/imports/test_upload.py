"""parse_upload: choosing the parser by extension and content, size and encoding limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.imports import MAX_UPLOAD_BYTES, ImportFormatError, parse_upload

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "fixture", "count"),
    [
        ("bank.yaml", "peru_sample.yaml", 5),
        ("bank.yml", "peru_sample.yaml", 5),
        ("moodle.gift", "moodle_examples.gift", 12),
        ("moodle.txt", "moodle_examples.gift", 12),
        ("SHEET.CSV", "peru_questions.csv", 6),
        ("sheet.txt", "peru_questions.csv", 6),
        ("no-extension", "peru_sample.yaml", 5),
    ],
)
def test_dispatch_by_extension_and_content(name: str, fixture: str, count: int) -> None:
    parsed = parse_upload(name, (FIXTURES / fixture).read_bytes(), slug_hint="up")
    assert len(parsed.questions) == count


def test_bank_metadata_only_from_bank_files() -> None:
    assert parse_upload("b.yaml", (FIXTURES / "peru_sample.yaml").read_bytes()).info is not None
    assert parse_upload("m.gift", (FIXTURES / "moodle_examples.gift").read_bytes()).info is None


def test_slug_hint_prefixes_derived_keys() -> None:
    parsed = parse_upload("m.gift", b"Capital of Peru? {=Lima}\n", slug_hint="geo")
    assert parsed.questions[0].key.startswith("geo-")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("deck.pdf", b"%PDF-1.7", "unsupported file type '.pdf'"),
        ("sheet.csv", b"PK\x03\x04rest", "zip archive"),
        ("sheet.csv", b"type,prompt\x00,answer", "binary file"),
        ("moodle.gift", "Qué? {=sí}".encode("utf-16"), "not UTF-8"),
        ("moodle.gift", "Qué? {=sí}".encode("cp1252"), "not UTF-8"),
    ],
)
def test_refused_uploads(name: str, data: bytes, words: str) -> None:
    with pytest.raises(ImportFormatError, match=words):
        parse_upload(name, data)


def test_oversized_upload_is_refused_before_parsing() -> None:
    with pytest.raises(ImportFormatError, match="larger than 20 MB"):
        parse_upload("big.gift", b" " * (MAX_UPLOAD_BYTES + 1))
