"""Images and Anki packages holding them, for the media tests (built with genanki)."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import genanki
from flask import Flask

from quizapp.extensions import db
from quizapp.imports import parse_apkg
from quizapp.instructor import importing
from quizapp.models import User

DECK_ID = 2_059_400_111
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(2)</script></svg>")
HTML = b"<!doctype html><script>alert(1)</script>"


def png(width: int = 2, height: int = 1, rgb: tuple[int, int, int] = (200, 30, 30),
        padding: int = 0) -> bytes:
    """A real PNG image; ``padding`` bytes of a private chunk make it as large as needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    extra = chunk(b"prVt", bytes(padding)) if padding else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def sha256(data: bytes) -> str:
    """Hex SHA-256, as the media route names an image."""
    return hashlib.sha256(data).hexdigest()


def image_package(tmp_path: Path, files: dict[str, bytes],
                  fronts: list[tuple[str, str]]) -> bytes:
    """An .apkg with basic notes (front, back) and the given media files."""
    folder = tmp_path / "media"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    deck = genanki.Deck(DECK_ID, "Pictures")
    for index, (front, back) in enumerate(fronts):
        deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=[front, back],
                                   guid=f"picture-{index}", tags=["topic::flags"]))
    out = tmp_path / "pictures.apkg"
    genanki.Package(deck, media_files=[str(folder / n) for n in files]).write_to_file(str(out))
    return out.read_bytes()


def import_package(app: Flask, data: bytes, *, owner: User, title: str = "Pictures") -> str:
    """Import a package as ``owner`` through the import service; the new set's slug."""
    with app.app_context():
        parsed = parse_apkg(data, slug_hint="pictures")
        plan = importing.plan_import(parsed, target=None, title=title)
        qset = importing.save_import(plan, owner=db.session.get(User, owner.id))
        db.session.commit()
        return qset.slug
