"""Pure import parsers: bank YAML/JSON, CSV, Moodle GIFT and Anki .apkg -> validated questions.

Every parser returns a :class:`ParsedImport` whose questions all pass
``schema.question_errors`` and have keys unique within the import, or raises
:class:`ImportFormatError` naming the line or entry: an import is all or nothing.
"""

from __future__ import annotations

from quizapp.imports.apkg import parse_apkg
from quizapp.imports.bankfile import parse_bank_file
from quizapp.imports.common import ParsedImport
from quizapp.imports.csvfile import parse_csv
from quizapp.imports.errors import ImportFormatError
from quizapp.imports.gift import parse_gift
from quizapp.imports.sniff import MAX_UPLOAD_BYTES, parse_upload

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ImportFormatError",
    "ParsedImport",
    "parse_apkg",
    "parse_bank_file",
    "parse_csv",
    "parse_gift",
    "parse_upload",
]
