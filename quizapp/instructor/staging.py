"""Uploads kept on the server between an import's preview and its confirmation (pure).

The browser only holds a random token; the bytes and the upload's details live in a private
folder (files 0600), bound to the user who uploaded them, and expire after an hour. Each user
keeps at most a few uploads: staging one more drops that user's oldest.
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
MAX_UPLOADS_PER_USER = 3
MAX_BYTES_PER_USER = 40 * 1024 * 1024
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class StagedUpload:
    """An uploaded file waiting for confirmation."""

    user_id: int
    filename: str
    target: str
    title: str
    data: bytes
    #: front/back separator chosen for a flashcard text file ("" to tell by the file)
    separator: str = ""


def stage(folder: Path, upload: StagedUpload, *, now: float | None = None,
          max_uploads: int = MAX_UPLOADS_PER_USER, max_bytes: int = MAX_BYTES_PER_USER) -> str:
    """Keep an upload and return its token. Expired uploads are cleared on the way, and the
    user's oldest ones while the user would keep more than ``max_uploads`` or ``max_bytes``."""
    now = time.time() if now is None else now
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    clear_expired(folder, now=now)
    _make_room(folder, upload.user_id, len(upload.data), max_uploads, max_bytes)
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
                        target=str(meta["target"]), title=str(meta["title"]), data=data,
                        separator=str(meta.get("separator", "")))


def discard(folder: Path, token: str) -> None:
    """Forget an upload (after it was imported or cancelled)."""
    if _TOKEN_RE.match(token):
        for suffix in (".bin", ".json"):
            (folder / f"{token}{suffix}").unlink(missing_ok=True)


def _make_room(folder: Path, user_id: int, size: int, max_uploads: int, max_bytes: int) -> None:
    kept = sorted(_uploads_of(folder, user_id))
    while kept and (len(kept) >= max_uploads or sum(s for _, _, s in kept) + size > max_bytes):
        _, token, _ = kept.pop(0)
        discard(folder, token)


def _uploads_of(folder: Path, user_id: int) -> list[tuple[float, str, int]]:
    """(time, token, size) of each upload this user has staged."""
    found = []
    for meta in folder.glob("*.json"):
        try:
            if json.loads(meta.read_text(encoding="utf-8")).get("user_id") != user_id:
                continue
            data = meta.with_suffix(".bin").stat()
        except (OSError, ValueError):
            continue
        found.append((data.st_mtime, meta.stem, data.st_size))
    return found


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
