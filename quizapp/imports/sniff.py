"""Choosing a parser for an uploaded file by its name and its first bytes."""

from __future__ import annotations

import csv
import io
import os

from quizapp.imports.apkg import parse_apkg
from quizapp.imports.bankfile import parse_bank_file, parse_bank_json
from quizapp.imports.common import MAX_QUESTIONS, ParsedImport
from quizapp.imports.csvfile import REQUIRED_COLUMNS, parse_csv
from quizapp.imports.errors import ImportFormatError
from quizapp.imports.flashcards import looks_like_flashcards, parse_flashcards, separator_named
from quizapp.imports.gift import parse_gift
from quizapp.imports.moodle_xml import looks_like_moodle_xml, parse_moodle_xml

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
TEXT_EXTENSIONS = (".yaml", ".yml", ".json", ".csv", ".gift", ".txt", ".tsv", ".xml")
SUPPORTED = ".yaml, .yml, .json, .csv, .gift, .txt, .tsv, .xml (Moodle XML) or .apkg"
MOODLE_XML = ".xml"
FLASHCARDS = "flashcards"


def parse_upload(filename: str, data: bytes, *, slug_hint: str = "import",
                 max_questions: int = MAX_QUESTIONS, separator: str | None = None
                 ) -> ParsedImport:
    """Parse an uploaded file, choosing the format by extension, checked against the content;
    a file of more than ``max_questions`` questions is refused as soon as that is seen.

    ``separator`` (a character, or a name such as ``tab``/``comma``) reads a text file as
    front/back flashcards split by it, as Quizlet exports them with a custom separator.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFormatError(f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    extension = os.path.splitext(filename.lower())[1]
    if extension == ".apkg" or (extension not in TEXT_EXTENSIONS and data.startswith(ZIP_MAGIC)):
        return parse_apkg(data, slug_hint=slug_hint, max_questions=max_questions)
    if data.startswith(ZIP_MAGIC):
        raise ImportFormatError(f"this {extension} file is a zip archive; Anki packages end .apkg")
    if extension not in TEXT_EXTENSIONS and extension:
        raise ImportFormatError(f"unsupported file type {extension!r}; use {SUPPORTED}")
    text = decode_text(data)
    kind = FLASHCARDS if separator else sniff_text_kind(text, extension)
    if kind == FLASHCARDS:
        chosen = separator_named(separator) if separator else None
        return parse_flashcards(text, slug_hint=slug_hint, separator=chosen,
                                max_questions=max_questions)
    if kind == ".csv":
        return parse_csv(text, slug_hint=slug_hint, max_questions=max_questions)
    if kind == MOODLE_XML:
        return parse_moodle_xml(text, slug_hint=slug_hint, max_questions=max_questions)
    if kind == ".gift":
        return parse_gift(text, slug_hint=slug_hint, max_questions=max_questions)
    if extension == ".json":
        return parse_bank_json(text, max_questions=max_questions)
    return parse_bank_file(text, max_questions=max_questions)


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is allowed); any other encoding is refused with the offending line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFormatError("the file is UTF-16 text, not UTF-8; save it as UTF-8 and retry")
    if b"\x00" in data:
        raise ImportFormatError("this is a binary file, not text; save it as UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read); "
            "save it as UTF-8 (in Excel: 'CSV UTF-8') and upload it again",
            line=line,
        ) from None


def sniff_text_kind(text: str, extension: str) -> str:
    """``.yaml``, ``.csv``, ``.gift``, ``.xml`` or :data:`FLASHCARDS` for a text upload: by its
    extension, checked against the content (an Anki plain-text export may end ``.csv`` or
    ``.txt``; Quizlet's tab-separated ``.txt`` is no GIFT; a ``<quiz>`` document is Moodle XML).
    An ``.xml`` file is always read as Moodle XML, whose reader names what else it is."""
    if extension in (".yaml", ".yml", ".json"):
        return ".yaml"
    if extension == MOODLE_XML or extension != ".gift" and looks_like_moodle_xml(text):
        return MOODLE_XML
    if extension == ".tsv" or looks_like_flashcards(text) and extension != ".gift":
        return FLASHCARDS
    if extension in (".csv", ".gift"):
        return extension
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("set:", "{", "---")):
        return ".yaml"
    if _looks_like_csv_header(stripped):
        return ".csv"
    return ".gift"


def _looks_like_csv_header(text: str) -> bool:
    first_line = text.split("\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first_line)), [])
    except csv.Error:
        return False
    names = {cell.strip().lower() for cell in header}
    return set(REQUIRED_COLUMNS) <= names
