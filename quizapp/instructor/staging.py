"""Uploads kept on the server between an import's preview and its confirmation (pure).

The browser only holds a random token; the bytes and the upload's details live in a private
folder, bound to the user who uploaded them, and expire after an hour.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_AGE_SECONDS = 3600
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class StagedUpload:
    """An uploaded file waiting for confirmation."""

    user_id: int
    filename: str
    target: str
    title: str
    data: bytes


def stage(folder: Path, upload: StagedUpload, *, now: float | None = None) -> str:
    """Keep an upload and return its token (old uploads are cleared on the way)."""
    now = time.time() if now is None else now
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    clear_expired(folder, now=now)
    token = secrets.token_urlsafe(24)
    meta = {k: v for k, v in asdict(upload).items() if k != "data"}
    _write_private(folder / f"{token}.bin", upload.data)
    _write_private(folder / f"{token}.json", json.dumps(meta).encode("utf-8"))
    return token


def load(folder: Path, token: str, user_id: int) -> StagedUpload | None:
    """The upload behind ``token`` if it exists and belongs to ``user_id``."""
    if not _TOKEN_RE.match(token):
        return None
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    return StagedUpload(user_id=user_id, filename=str(meta["filename"]),
                        target=str(meta["target"]), title=str(meta["title"]), data=data)


def discard(folder: Path, token: str) -> None:
    """Forget an upload (after it was imported or cancelled)."""
    if _TOKEN_RE.match(token):
        for suffix in (".bin", ".json"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)


def clear_expired(folder: Path, *, now: float) -> None:
    """Remove uploads older than an hour."""
    for path in folder.glob("*.*"):
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
