"""Uploads waiting for confirmation: private files, a quota per user, expiry after an hour."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from quizapp.instructor import staging


def _upload(user_id: int, data: bytes = b"type,prompt,answer\n") -> staging.StagedUpload:
    return staging.StagedUpload(user_id, "q.csv", "", "", data)


def test_staged_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        token = staging.stage(tmp_path / "uploads", _upload(1))
    finally:
        os.umask(previous)
    folder = tmp_path / "uploads"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    assert staging.load(folder, token, 1) is not None
    assert staging.load(folder, token, 2) is None  # bound to its uploader


def test_a_user_keeps_at_most_three_uploads_the_oldest_go_first(tmp_path: Path) -> None:
    tokens = [staging.stage(tmp_path, _upload(1)) for _ in range(5)]
    other = staging.stage(tmp_path, _upload(2))
    kept = [t for t in tokens if staging.load(tmp_path, t, 1) is not None]
    assert kept == tokens[2:]
    assert staging.load(tmp_path, other, 2) is not None  # another user's upload stays


def test_a_user_keeps_at_most_a_quota_of_bytes(tmp_path: Path) -> None:
    first = staging.stage(tmp_path, _upload(1, b"x" * 600), max_bytes=1000)
    second = staging.stage(tmp_path, _upload(1, b"y" * 600), max_bytes=1000)
    assert staging.load(tmp_path, first, 1) is None
    assert staging.load(tmp_path, second, 1) is not None


def test_uploads_expire_after_an_hour(tmp_path: Path) -> None:
    old = staging.stage(tmp_path, _upload(1))
    fresh = staging.stage(tmp_path, _upload(2), now=time.time() + staging.MAX_AGE_SECONDS + 1)
    assert staging.load(tmp_path, old, 1) is None
    assert sorted(p.stem for p in tmp_path.iterdir()) == [fresh, fresh]
