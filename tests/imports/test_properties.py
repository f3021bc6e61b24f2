"""Arbitrary input never crashes a parser: it imports, or raises ImportFormatError."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.bank.schema import question_errors
from quizapp.imports import (
    ImportFormatError,
    ParsedImport,
    parse_bank_file,
    parse_csv,
    parse_gift,
    parse_upload,
)

# Text biased towards each format's syntax, so the parsers get past their first checks.
GIFT_ALPHABET = st.sampled_from(list("{}=~#:\\-> \n/%T.,abc12$[]") + ["->", "::", "####", "//"])
CSV_ALPHABET = st.sampled_from(list(',"|\n\'=-@ abc1') + ["type,prompt,answer\n",
                                                         "true_false", "matching", "a -> b"])
YAML_ALPHABET = st.sampled_from(list(":-[]{}\n ,'\"&*!abc12") + ["set:", "questions:", "id:"])
SETTINGS = settings(derandomize=True, max_examples=300, deadline=None)


def text_of(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=200), st.lists(alphabet, max_size=60).map("".join))


def imports_or_refuses(parse: object, text: str) -> None:
    try:
        parsed = parse(text)  # type: ignore[operator]
    except ImportFormatError:
        return
    assert isinstance(parsed, ParsedImport)
    assert all(question_errors(q) == [] for q in parsed.questions)
    assert len({q.key for q in parsed.questions}) == len(parsed.questions)


@SETTINGS
@given(text_of(GIFT_ALPHABET))
def test_gift_never_raises_anything_else(text: str) -> None:
    imports_or_refuses(lambda t: parse_gift(t, slug_hint="p"), text)


@SETTINGS
@given(text_of(CSV_ALPHABET))
def test_csv_never_raises_anything_else(text: str) -> None:
    imports_or_refuses(lambda t: parse_csv(t, slug_hint="p"), text)


@SETTINGS
@given(text_of(YAML_ALPHABET))
def test_bank_file_never_raises_anything_else(text: str) -> None:
    imports_or_refuses(parse_bank_file, text)


@settings(derandomize=True, max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["a.apkg", "a.csv", "a.gift", "a.json", "a.x"]))
def test_any_upload_never_raises_anything_else(data: bytes, name: str) -> None:
    try:
        parse_upload(name, data)
    except ImportFormatError:
        pass
