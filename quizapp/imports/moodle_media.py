"""Images a Moodle XML question text embeds: ``<file name="x.png" encoding="base64">`` beside
the text, which refers to it as ``<img src="@@PLUGINFILE@@/x.png">``.

Each image is decoded within the same limits as an Anki package's, its type sniffed from its
bytes (PNG, JPEG, GIF, WebP; never SVG), and kept for the set; the text then points at the
stored copy (``/media/_/<sha256>``, the import service fills in the set). An image that cannot
be kept is taken out of the text and named in a warning.

Pure module: no flask, no sqlalchemy.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from quizapp.imports.apkg_media import (
    MAX_IMAGE_BYTES,
    MAX_PACKAGE_IMAGE_BYTES,
    media_path,
    safe_media_name,
    sniff_image_type,
)
from quizapp.imports.common import MediaFile
from quizapp.imports.errors import ImportFormatError

_PLUGINFILE_IMAGE = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*([\"'])@@PLUGINFILE@@/([^\"']*)\1[^>]*>", re.IGNORECASE)
# Base64 holds 3 bytes in 4 characters (line breaks aside).
_MAX_ENCODED = MAX_IMAGE_BYTES * 4 // 3 + 4


class EmbeddedImages:
    """The images kept from one file, at most :data:`MAX_PACKAGE_IMAGE_BYTES` in all."""

    def __init__(self) -> None:
        self._kept: dict[str, MediaFile] = {}
        self._total = 0

    @property
    def media(self) -> tuple[MediaFile, ...]:
        """The images kept, each once."""
        return tuple(self._kept.values())

    def resolve(self, text_element: ET.Element, markup: str,
                extra_files: Mapping[str, str] | None = None) -> tuple[str, tuple[str, ...]]:
        """``markup`` with each embedded image pointing at its stored copy, those that cannot
        be kept removed, and a note for each of them; ``extra_files`` (name: base64) are
        embedded files found outside ``text_element`` (Moodle 1.9's old image field)."""
        files = {(f.get("name") or ""): (f.text or "") for f in text_element.iterfind("file")}
        files.update(extra_files or {})
        notes: list[str] = []

        def stored(match: re.Match[str]) -> str:
            name = urllib.parse.unquote(html.unescape(match.group(2)))
            image = self._load(name, files.get(name))
            if isinstance(image, str):
                notes.append(f"the image {name!r} {image}, left out")
                return ""
            return match.group(0).replace(f"@@PLUGINFILE@@/{match.group(2)}",
                                          media_path(image.sha256))

        return _PLUGINFILE_IMAGE.sub(stored, markup), tuple(notes)

    def _load(self, name: str, encoded: str | None) -> MediaFile | str:
        """The image, or why it is not kept."""
        if encoded is None:
            return "is not embedded in the file"
        if len(encoded) > _MAX_ENCODED:
            return f"is over the {MAX_IMAGE_BYTES:,}-byte limit for one image"
        try:
            data = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            return "is not valid base64"
        content_type = sniff_image_type(data)
        if content_type is None:
            return "is not a PNG, JPEG, GIF or WebP image (SVG is not accepted)"
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self._kept:
            self._total += len(data)
            if self._total > MAX_PACKAGE_IMAGE_BYTES:
                raise ImportFormatError(
                    f"refused: the file's images come to more than {MAX_PACKAGE_IMAGE_BYTES:,} "
                    "bytes, the most one import stores; split the file or shrink its images")
            self._kept[digest] = MediaFile(safe_media_name(name, content_type), digest,
                                           content_type, data)
        return self._kept[digest]
