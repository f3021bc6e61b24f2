"""Reading a set's stored images: one by its hash for the media route, all for an export."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.imports.common import MediaFile as MediaData
from quizapp.models import MediaFile


def stored_image(set_id: int, sha256: str) -> MediaFile | None:
    """The set's image with this SHA-256, or None."""
    stmt = select(MediaFile).where(MediaFile.set_id == set_id, MediaFile.sha256 == sha256)
    return db.session.execute(stmt).scalar_one_or_none()


def sets_media(set_ids: Sequence[int]) -> tuple[MediaData, ...]:
    """Every image of these sets as plain data (one per hash), for the Anki export."""
    stmt = select(MediaFile).where(MediaFile.set_id.in_(set_ids)).order_by(MediaFile.id)
    found: dict[str, MediaData] = {}
    for row in db.session.execute(stmt).scalars():
        found.setdefault(row.sha256, MediaData(row.name, row.sha256, row.content_type, row.data))
    return tuple(found.values())
