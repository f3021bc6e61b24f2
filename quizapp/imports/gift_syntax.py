"""GIFT's lexical layer: escape-aware searching and splitting, escaping and unescaping text.

Shared by the importer (:mod:`quizapp.imports.gift`) and the exporter
(:mod:`quizapp.export.gift`), so that what one writes the other reads back exactly.
"""

from __future__ import annotations

import re

#: Characters that carry meaning in GIFT and are written with a backslash in text.
SPECIAL_CHARS = "~=#{}:"
_UNESCAPES = {**{c: c for c in SPECIAL_CHARS}, "\\": "\\", "n": "\n"}
_RAW_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def find_unescaped(text: str, target: str, start: int = 0) -> int:
    """Index of the first ``target`` at or after ``start`` not preceded by a backslash, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text.startswith(target, i):
            return i
        else:
            i += 1
    return -1


def split_unescaped(text: str, separators: str) -> list[tuple[str, str]]:
    """Split at unescaped separator characters: ``[(separator or "", piece), ...]``.

    The first piece (before any separator) has separator ``""``.
    """
    parts: list[tuple[str, str]] = []
    sep, begin, i = "", 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in separators:
            parts.append((sep, text[begin:i]))
            sep, begin = text[i], i + 1
        i += 1
    parts.append((sep, text[begin:]))
    return parts


def unescape(raw: str, *, keep_lines: bool = False) -> str:
    """Text of a raw GIFT fragment: line breaks in the file become spaces (unless
    ``keep_lines``: HTML needs them inside ``<pre>``), escapes resolved."""
    flat = raw if keep_lines else _RAW_LINE_BREAK.sub(" ", raw)
    out: list[str] = []
    i = 0
    while i < len(flat):
        char = flat[i]
        if char == "\\" and i + 1 < len(flat) and flat[i + 1] in _UNESCAPES:
            out.append(_UNESCAPES[flat[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def clean(raw: str) -> str:
    """Unescaped text with surrounding whitespace removed."""
    return unescape(raw).strip()


def escape(text: str) -> str:
    """Write text so that a GIFT reader gives it back unchanged (one physical line)."""
    out = text.replace("\\", "\\\\")
    for char in SPECIAL_CHARS:
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
