"""Reading notes and note types from an Anki collection database that may be hostile.

The database is opened read-only from a private temporary directory, with
``trusted_schema=OFF``; it must pass ``PRAGMA quick_check`` and contain no triggers, views or
virtual tables (code that would run when we read). Both schemas are read: legacy (note types as
JSON in ``col.models``) and Anki 2.1.50+ (``notetypes`` and ``fields`` tables).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.imports.errors import ImportFormatError

MAX_NOTES = 100_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Template:
    """One card template of a note type: its ordinal and its front and back formats."""

    ord: int
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """An Anki note type: its name, whether it is a cloze type, its field names in order and
    its card templates (empty when the collection does not say)."""

    name: str
    is_cloze: bool
    fields: tuple[str, ...]
    templates: tuple[Template, ...] = ()


@dataclass(frozen=True)
class Note:
    """One Anki note: guid, note type id, tags (space separated) and field values."""

    guid: str
    model_id: str
    tags: str
    values: tuple[str, ...]
    #: ordinals of the note's cards (which templates Anki made a card from)
    card_ords: tuple[int, ...] = ()


def read_collection(database: bytes) -> tuple[list[Note], dict[str, NoteType]]:
    """Notes (in creation order) and note types by id from the bytes of a collection file."""
    if not database.startswith(_SQLITE_MAGIC):
        raise ImportFormatError("the collection inside the package is not an SQLite database")
    if database[18:20] == b"\x02\x02":
        # WAL mode needs -wal/-shm files beside a read-only file; rollback mode reads the same data.
        database = database[:18] + b"\x01\x01" + database[20:]
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(database)
        connection = _open(path)
        try:
            return _notes(connection), _note_types(connection)
        except sqlite3.Error as exc:
            raise ImportFormatError(f"not a readable Anki collection ({exc})") from None
        finally:
            connection.close()


def _open(path: Path) -> sqlite3.Connection:
    uri = f"file:{urllib.parse.quote(str(path))}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ImportFormatError(f"the collection cannot be opened ({exc})") from None
    try:
        _check(connection)
    except sqlite3.Error as exc:
        connection.close()
        raise ImportFormatError(f"the collection database is damaged ({exc})") from None
    except ImportFormatError:
        connection.close()
        raise
    return connection


def _check(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA trusted_schema=OFF")
    # Anki's current schema indexes names with its case-insensitive "unicase" collation.
    connection.create_collation("unicase", _unicase)
    (result,) = connection.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise ImportFormatError(f"the collection database is damaged (quick_check: {result})")
    active = connection.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
        " OR sql LIKE 'CREATE VIRTUAL TABLE%'"
    ).fetchone()
    if active is not None:
        kind, name = active
        raise ImportFormatError(
            f"refused: the collection database contains a {kind} ({_text(name)!r});"
            " Anki collections have none"
        )


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _notes(connection: sqlite3.Connection) -> list[Note]:
    rows = connection.execute(
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id LIMIT ?", (MAX_NOTES + 1,)
    ).fetchall()
    if len(rows) > MAX_NOTES:
        raise ImportFormatError(f"refused: more than {MAX_NOTES:,} notes")
    ords = _card_ords(connection)
    return [
        Note(_text(guid), _text(mid), _text(tags), tuple(_text(flds).split("\x1f")),
             tuple(sorted(ords.get(_text(nid), ()))))
        for nid, guid, mid, tags, flds in rows
    ]


def _card_ords(connection: sqlite3.Connection) -> dict[str, set[int]]:
    """Each note's card ordinals (none when the package has no cards table)."""
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    if "cards" not in tables:
        return {}
    ords: dict[str, set[int]] = {}
    query = "SELECT nid, ord FROM cards LIMIT ?"
    for nid, ordinal in connection.execute(query, (MAX_NOTES * 10,)):
        if isinstance(ordinal, int) and 0 <= ordinal < 1000:
            ords.setdefault(_text(nid), set()).add(ordinal)
    return ords


def _note_types(connection: sqlite3.Connection) -> dict[str, NoteType]:
    row = connection.execute("SELECT models FROM col").fetchone()
    legacy = _json_models(_text(row[0])) if row else {}
    if legacy:
        return legacy
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    if not {"notetypes", "fields"} <= tables:
        return {}
    fields: dict[str, list[str]] = {}
    for ntid, name in connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(_text(ntid), []).append(_text(name))
    templates: dict[str, list[Template]] = {}
    if "templates" in tables:
        for ntid, ordinal, config in connection.execute(
                "SELECT ntid, ord, config FROM templates ORDER BY ntid, ord"):
            strings = _proto_strings(config if isinstance(config, bytes) else b"")
            templates.setdefault(_text(ntid), []).append(
                Template(int(ordinal), strings.get(1, ""), strings.get(2, "")))
    types = {}
    for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes"):
        # NotetypeConfig protobuf: field 1 (kind) = 1 means cloze; proto3 omits the default 0.
        is_cloze = isinstance(config, bytes) and config.startswith(b"\x08\x01")
        types[_text(ntid)] = NoteType(_text(name), is_cloze, tuple(fields.get(_text(ntid), [])),
                                      tuple(templates.get(_text(ntid), [])))
    return types


def _proto_strings(data: bytes) -> dict[int, str]:
    """The length-delimited fields of a protobuf message by number (TemplateConfig: 1 is the
    front format, 2 the back), the first of each."""
    found: dict[int, str] = {}
    for number, value in proto_fields(data):
        if isinstance(value, bytes):
            found.setdefault(number, value.decode("utf-8", "replace"))
    return found


def proto_fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """A protobuf message's varint and length-delimited fields, in order, as (number, value);
    reading stops at anything malformed or of another wire type."""
    fields: list[tuple[int, int | bytes]] = []
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, position = _varint(data, position)
            fields.append((number, value))
        elif kind == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                break
            fields.append((number, data[position:position + length]))
            position += length
        else:
            break
    return fields


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return value, len(data) + 1


def _json_models(text: str) -> dict[str, NoteType]:
    try:
        models = json.loads(text) if text.strip() else {}
    except (ValueError, RecursionError):
        raise ImportFormatError("the collection's note types (col.models) are not JSON") from None
    if not isinstance(models, dict):
        return {}
    return {str(k): _json_model(m) for k, m in models.items() if isinstance(m, dict)}


def _json_model(model: dict[str, Any]) -> NoteType:
    raw_fields = model.get("flds")
    fields = raw_fields if isinstance(raw_fields, list) else []
    names = [_text(f.get("name")) for f in fields if isinstance(f, dict)]
    raw_templates = model.get("tmpls")
    templates = tuple(
        Template(t["ord"] if isinstance(t.get("ord"), int) else index,
                 _text(t.get("qfmt")), _text(t.get("afmt")))
        for index, t in enumerate(raw_templates if isinstance(raw_templates, list) else [])
        if isinstance(t, dict))
    return NoteType(_text(model.get("name")), model.get("type") == 1, tuple(names), templates)


def _text(value: object) -> str:
    """Column values of a hostile database can be any type: always text."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
