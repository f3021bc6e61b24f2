"""`quizapp generate` from the command line: the committed bank, the report, and bad input
refused with a message and a non-zero exit, leaving no file (or the old one) behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bank_quality import ROOT
from click.testing import CliRunner

from quizapp.cli import main

PERU = ROOT / "questions" / "sources" / "peru.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["generate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_generate_writes_the_committed_bank_readable_by_all(tmp_path: Path) -> None:
    out = tmp_path / "peru.yaml"
    code, report, err = _run(str(PERU), "-o", str(out), "--report")
    assert code == 0
    assert out.read_bytes() == (ROOT / "questions" / "peru.yaml").read_bytes()
    assert out.stat().st_mode & 0o044 == 0o044 & ~_umask()  # not mkstemp's owner-only 0600
    assert f"Wrote {out.read_text(encoding='utf-8').count('- id: ')} questions" in err
    for heading in ("By topic", "By type", "never asked"):
        assert heading in report


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"Peru\x00\x01binary", "binary"),
    (b"The weather was mild and the harvest was good.\n", "no recognisable facts"),
    (b"Peru. " * 200_000, "limited to"),
])
def test_bad_profiles_exit_non_zero_and_keep_the_old_output(tmp_path: Path, content: bytes,
                                                           message: str) -> None:
    source, out = tmp_path / "profile.txt", tmp_path / "bank.yaml"
    source.write_bytes(content)
    out.write_text("the previous bank\n", encoding="utf-8")
    code, _, err = _run(str(source), "-o", str(out))
    assert code != 0
    assert message in err
    assert out.read_text(encoding="utf-8") == "the previous bank\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank.yaml", "profile.txt"]


def test_a_missing_profile_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "missing.txt"), "-o", str(tmp_path / "bank.yaml"))
    assert code != 0
    assert "missing.txt" in err and "Traceback" not in err
    assert not (tmp_path / "bank.yaml").exists()
