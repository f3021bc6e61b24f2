"""Bad profiles fail early with a clear ProfileError, never with a partial bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.generator import MAX_PROFILE_BYTES, ProfileError, generate, read_profile


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "profile.txt"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"  \n\n \t\n", "is empty"),
    (b"Peru\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
])
def test_unreadable_files_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        read_profile(_write(tmp_path, data))


def test_a_file_over_one_megabyte_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"Peru. " * (MAX_PROFILE_BYTES // 6 + 10))
    with pytest.raises(ProfileError, match="limited to 1,000,000 bytes"):
        read_profile(path)


def test_text_over_one_megabyte_is_refused() -> None:
    with pytest.raises(ProfileError, match="limited"):
        generate("Peru. " * (MAX_PROFILE_BYTES // 6 + 10), slug="peru")


def test_a_missing_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read"):
        read_profile(tmp_path / "nope.txt")


@pytest.mark.parametrize("text", [
    "lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\nsed do eiusmod tempor.",
    "What are your thoughts?\n\nClick here to send InSight Crime your comments.",
])
def test_text_without_facts_is_refused(text: str) -> None:
    with pytest.raises(ProfileError, match="no recognisable facts"):
        generate(text, slug="peru")


def test_empty_text_is_refused_by_generate() -> None:
    with pytest.raises(ProfileError, match="empty"):
        generate("", slug="peru")


def test_a_byte_order_mark_is_not_part_of_the_text(tmp_path: Path) -> None:
    text = read_profile(_write(tmp_path, "\ufeffPeru borders Chile.".encode()))
    assert text == "Peru borders Chile."


def test_text_that_cannot_be_utf8_is_refused() -> None:
    with pytest.raises(ProfileError, match="not valid text"):
        generate("Peru \udcff Chile", slug="peru")
