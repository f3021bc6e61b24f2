"""Images of an Anki package: read from its media, checked by their bytes, kept for the set.

An .apkg holds its media as zip members ``0``, ``1``... and a ``media`` member mapping those
numbers to the names the notes use: JSON (``{"0": "map.png"}``) in legacy packages; in Anki
2.1.50+'s own format a zstd-compressed protobuf list (``MediaEntries``), each member compressed
too (read when the optional ``zstandard`` module is installed). Only the images a question shows
are read, each capped in size; the type is sniffed from the magic bytes (PNG, JPEG, GIF, WebP) and
never taken from the name, so SVG (which can carry script) or HTML named ``x.png`` is refused.
Prompts refer to a stored image as ``/media/<set slug>/<sha256>``; the parser does not know the
slug yet, so it writes :data:`SLUG_PLACEHOLDER` and the import service puts the slug in
(:func:`in_set`).

Pure module: no flask, no sqlalchemy.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import urllib.parse
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from quizapp.bank.schema import Question
from quizapp.imports.apkg_archive import ZIP_ERRORS, check_members, zstd_decompressed
from quizapp.imports.apkg_db import proto_fields
from quizapp.imports.common import MediaFile
from quizapp.imports.errors import ImportFormatError

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PACKAGE_IMAGE_BYTES = 20 * 1024 * 1024
_MAX_MAP_BYTES = 4 * 1024 * 1024
#: The prompt of a card whose front is only images.
IMAGE_ONLY_PROMPT = "[image]"
# An image's src: quoted (a name may hold spaces, as Anki allows) or bare.
_IMAGE_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
                        re.IGNORECASE)
#: Never a set slug (slugs are ``[a-z0-9-]``): marks a path whose slug the service fills in.
SLUG_PLACEHOLDER = "_"
_IMAGE_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
               "image/webp": ".webp"}


def sniff_image_type(data: bytes) -> str | None:
    """The image type named by the file's magic bytes, or None (SVG, HTML, anything else)."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in _IMAGE_TYPES if data.startswith(magic)), None)


def media_path(sha256: str, slug: str = SLUG_PLACEHOLDER) -> str:
    """Where the app serves a set's image."""
    return f"/media/{slug}/{sha256}"


#: ``src="<media_path>"`` in a prompt's HTML; its group is the image's SHA-256.
STORED_IMAGE_SRC = re.compile(r'src="/media/[^"/]*/([0-9a-f]{64})"')


def shown_images(prompt_html: str) -> list[str]:
    """The SHA-256 of every stored image ``prompt_html`` shows, in order."""
    return STORED_IMAGE_SRC.findall(prompt_html)


def safe_media_name(name: str, content_type: str) -> str:
    """A file name safe anywhere: the base name's letters, digits and ``._-``, ending in the
    extension of the sniffed type."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = stem.strip("._")[:80].rsplit(".", 1)[0] or "image"
    return stem + _EXTENSIONS[content_type]


def in_set(questions: Iterable[Question], slug: str) -> tuple[Question, ...]:
    """The questions with their image paths pointing at the set ``slug``."""
    placeholder = f"/media/{SLUG_PLACEHOLDER}/"
    return tuple(
        replace(q, prompt_html=q.prompt_html.replace(placeholder, f"/media/{slug}/"))
        if placeholder in q.prompt_html else q
        for q in questions)


class PackageMedia:
    """The media of one package: names the notes use, read on demand within the limits.

    ``load(name)`` gives the checked image or a reason it is not used (for the note's
    warning); images over the package's total raise :class:`ImportFormatError`.
    """

    def __init__(self, package: bytes) -> None:
        self._archive = zipfile.ZipFile(io.BytesIO(package))
        check_members(self._archive.infolist())
        self._members = {m.filename: m for m in self._archive.infolist()}
        self._names, self._compressed = _media_map(self._archive, self._members.get("media"))
        self._loaded: dict[str, MediaFile | str] = {}
        self.total = 0

    def load(self, reference: str) -> MediaFile | str:
        """The image a note's ``src`` names, or why it is skipped."""
        name = _referenced_name(reference, self._names)
        if name not in self._loaded:
            self._loaded[name] = self._read(name)
        return self._loaded[name]

    def _read(self, name: str) -> MediaFile | str:
        member = self._members.get(self._names.get(name, ""))
        if member is None:
            return "is not in the package's media"
        if member.file_size > MAX_IMAGE_BYTES:
            return (f"is {member.file_size:,} bytes, over the {MAX_IMAGE_BYTES:,}-byte limit "
                    "for one image")
        data = self._bytes(member)
        if data is None:
            return f"cannot be read (damaged, or over the {MAX_IMAGE_BYTES:,}-byte limit)"
        content_type = sniff_image_type(data)
        if content_type is None:
            return "is not a PNG, JPEG, GIF or WebP image (SVG is not accepted)"
        self.total += len(data)
        if self.total > MAX_PACKAGE_IMAGE_BYTES:
            raise ImportFormatError(
                f"refused: the package's images come to more than {MAX_PACKAGE_IMAGE_BYTES:,} "
                "bytes, the most one import stores; split the deck or shrink its images")
        digest = hashlib.sha256(data).hexdigest()
        return MediaFile(safe_media_name(name, content_type), digest, content_type, data)

    def _bytes(self, member: zipfile.ZipInfo) -> bytes | None:
        """A media member's bytes (decompressed in the newer format), None if unreadable."""
        try:
            data = self._archive.read(member)
        except ZIP_ERRORS:
            return None
        return zstd_decompressed(data, MAX_IMAGE_BYTES) if self._compressed else data


@dataclass
class NoteImages:
    """The images of one note's fronts: loaded from the package (into ``files``, shared by
    the whole import), with a warning for each one that cannot be used."""

    package: PackageMedia
    files: dict[str, MediaFile]
    warnings: list[str] = field(default_factory=list)
    shown: set[str] = field(default_factory=set)

    def illustrate(self, question: Question, front: str) -> Question:
        """The question with the images of its card's front after its text (``prompt_html``);
        an image-only front gets the prompt ``[image]``."""
        pictures = [p for p in map(self._picture, dict.fromkeys(image_sources(front))) if p]
        if not pictures:
            return question
        text = f"<p>{html.escape(question.prompt)}</p>" if question.prompt else ""
        images = "".join(f'<p><img src="{media_path(p.sha256)}" alt="{html.escape(p.name)}">'
                         "</p>" for p in pictures)
        return replace(question, prompt=question.prompt or IMAGE_ONLY_PROMPT,
                       prompt_html=text + images)

    def _picture(self, reference: str) -> MediaFile | None:
        self.shown.add(reference)
        loaded = self.package.load(reference)
        if isinstance(loaded, str):
            self.warnings.append(f"the image {reference!r} {loaded}, skipped")
            return None
        self.files[loaded.sha256] = loaded
        return loaded

    def unshown(self, values: tuple[str, ...]) -> list[str]:
        """Warnings for the note's images no card's front shows."""
        names = (n for value in values for n in image_sources(value))
        backs = dict.fromkeys(n for n in names if n not in self.shown)
        return [f"the image {name!r} is only on a card's back, not imported" for name in backs]


def image_sources(markup: str) -> list[str]:
    """The ``src`` of every image in the markup, in order."""
    return [next(filter(None, groups), "") for groups in _IMAGE_SRC.findall(markup)]


def _referenced_name(reference: str, names: dict[str, str]) -> str:
    """The media name a ``src`` means: as written, else HTML- and URL-decoded (Anki writes
    either)."""
    if reference in names:
        return reference
    unescaped = html.unescape(reference)
    return unescaped if unescaped in names else urllib.parse.unquote(unescaped)


def _media_map(archive: zipfile.ZipFile,
               member: zipfile.ZipInfo | None) -> tuple[dict[str, str], bool]:
    """Media names to member names, and whether the members are zstd-compressed (Anki's newer
    format); empty when the package has no readable ``media`` member."""
    if member is None or member.file_size > _MAX_MAP_BYTES:
        return {}, False
    try:
        raw = archive.read(member)
    except ZIP_ERRORS:
        return {}, False
    try:
        mapping = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        entries = zstd_decompressed(raw, _MAX_MAP_BYTES)
        return (_media_entries(entries), True) if entries is not None else ({}, False)
    if not isinstance(mapping, dict):
        return {}, False
    return {str(name): str(number) for number, name in mapping.items()}, False


def _media_entries(data: bytes) -> dict[str, str]:
    """Names to member names from a ``MediaEntries`` message: entry *i* is member ``i``
    (or its ``legacy_zip_filename``, field 255); an entry's name is its field 1."""
    names: dict[str, str] = {}
    entries = [value for number, value in proto_fields(data) if number == 1]
    for index, entry in enumerate(entries):
        if not isinstance(entry, bytes):
            continue
        fields = proto_fields(entry)
        name = next((v for n, v in fields if n == 1 and isinstance(v, bytes)), b"")
        member = next((v for n, v in fields if n == 255 and isinstance(v, int)), index)
        if name:
            names.setdefault(name.decode("utf-8", "replace"), str(member))
    return names
