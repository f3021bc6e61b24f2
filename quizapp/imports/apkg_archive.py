"""The zip layer of an Anki package, treated as hostile: bombs and path tricks refused up front.

Every member is checked from the central directory before any byte is decompressed; then only the
collection member is read, streaming, with a size cap. Nothing is ever extracted to disk by name.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from typing import IO, Any

from quizapp.imports.errors import ImportFormatError

MAX_ENTRIES = 2_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_COLLECTION_BYTES = 200 * 1024 * 1024
_RATIO_FLOOR_BYTES = 1024  # below this a high ratio is harmless (and common for tiny files)
_CHUNK = 1024 * 1024
#: Preferred first: new Anki puts a stub "please update" collection.anki2 beside its real .anki21b.
COLLECTION_NAMES = ("collection.anki21b", "collection.anki21", "collection.anki2")
NEW_FORMAT_MESSAGE = (
    "this .apkg was exported by a newer Anki in the new format; re-export it with "
    "'Support older Anki versions' ticked"
)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               NotImplementedError, RuntimeError, zlib.error)


def collection_database(data: bytes) -> bytes:
    """The SQLite bytes of the package's collection; raise :class:`ImportFormatError` if unsafe."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise ImportFormatError("not an Anki package: the file is not a zip archive") from None
    with archive:
        members = archive.infolist()
        check_members(members)
        names = {m.filename: m for m in members}
        name = next((n for n in COLLECTION_NAMES if n in names), None)
        if name is None:
            raise ImportFormatError(
                "not an Anki package: no collection.anki2 or collection.anki21 inside"
            )
        raw = _read_capped(archive, names[name])
    return _zstd_decompress(raw) if name.endswith("b") else raw


def check_members(members: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs (entries, total size, ratio) and zip slip (paths, symlinks)."""
    if len(members) > MAX_ENTRIES:
        raise ImportFormatError(
            f"refused: the archive has {len(members):,} entries (limit {MAX_ENTRIES:,})"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise ImportFormatError(
            f"refused: the archive would unpack to {total:,} bytes (limit {MAX_TOTAL_BYTES:,})"
        )
    for member in members:
        _check_member(member)


def _check_member(member: zipfile.ZipInfo) -> None:
    entry = f"archive member {member.filename!r}"
    if member.file_size > _RATIO_FLOOR_BYTES:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ImportFormatError("refused: compression ratio over 100:1 (zip bomb)", entry=entry)
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
        raise ImportFormatError("refused: the path leaves the archive (zip slip)", entry=entry)
    if stat.S_ISLNK(member.external_attr >> 16):
        raise ImportFormatError("refused: symbolic links are not allowed", entry=entry)
    if member.flag_bits & 0x1:
        raise ImportFormatError("refused: encrypted members are not supported", entry=entry)


def _read_capped(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    entry = f"archive member {member.filename!r}"
    try:
        with archive.open(member) as stream:
            return _read_stream(stream, entry)
    except ZIP_ERRORS:
        raise ImportFormatError("the archive is damaged and cannot be read", entry=entry) from None


def _read_stream(stream: IO[bytes], entry: str) -> bytes:
    """All bytes of a stream, refusing more than :data:`MAX_COLLECTION_BYTES`."""
    out = bytearray()
    while chunk := stream.read(_CHUNK):
        out += chunk
        if len(out) > MAX_COLLECTION_BYTES:
            raise ImportFormatError(
                f"refused: the collection is larger than {MAX_COLLECTION_BYTES:,} bytes",
                entry=entry,
            )
    return bytes(out)


def load_zstandard() -> Any | None:
    """The optional ``zstandard`` module, or ``None`` when it is not installed."""
    try:
        import zstandard
    except ImportError:
        return None
    return zstandard


def zstd_decompressed(raw: bytes, limit: int) -> bytes | None:
    """zstd-compressed bytes (a media file of Anki's newer packages) decompressed, or None when
    they are damaged, come to more than ``limit`` bytes, or ``zstandard`` is not installed."""
    module = load_zstandard()
    if module is None:
        return None
    out = bytearray()
    try:
        with module.ZstdDecompressor().stream_reader(io.BytesIO(raw)) as stream:
            while len(out) <= limit and (chunk := stream.read(_CHUNK)):
                out += chunk
    except module.ZstdError:
        return None
    return bytes(out) if len(out) <= limit else None


def _zstd_decompress(raw: bytes) -> bytes:
    module = load_zstandard()
    if module is None:
        raise ImportFormatError(NEW_FORMAT_MESSAGE)
    entry = "archive member 'collection.anki21b'"
    try:
        with module.ZstdDecompressor().stream_reader(io.BytesIO(raw)) as stream:
            return _read_stream(stream, entry)
    except module.ZstdError:
        raise ImportFormatError("the collection is damaged (zstd)", entry=entry) from None
