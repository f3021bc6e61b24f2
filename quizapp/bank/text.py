"""Profile text -> sections, paragraphs and sentences (with the publisher's tail stripped)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pysbd

from quizapp.bank.gazetteer import Gazetteer

_TERMINAL = (".", "?", "!", ":", ";", ",", "”", '"', "’")
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)


# "rival inmate factions there": where? ("there is", "there have been" point nowhere)
POINTING_THERE = re.compile(r"\b[Tt]here\b(?! (?:is|are|was|were|has|have|had|remains?|"
                            r"seems?|appears?|exists?)\b)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the profile, verbatim, with where it sits."""

    text: str
    section: str
    paragraph: int
    index: int
    start: int = 0  # offset inside the paragraph text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (one line of the profile) and the section heading it belongs to."""

    text: str
    section: str
    index: int


def strip_tail(text: str, markers: tuple[str, ...]) -> str:
    """Drop everything from the first line equal to a boilerplate marker onward."""
    wanted = {m.strip().casefold() for m in markers}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        if line.strip().casefold() in wanted:
            return "\n".join(lines[:number])
    return "\n".join(lines)


def is_heading(line: str) -> bool:
    """A short title-like line without sentence punctuation, e.g. "Criminal Groups"."""
    words = line.split()
    if not 1 <= len(words) <= 6 or line.rstrip().endswith(_TERMINAL):
        return False
    return words[0][0].isupper() and not re.search(r"\d", line)


def _blocks(text: str) -> list[list[str]]:
    """Paragraph lines grouped into blocks separated by two or more blank lines."""
    blocks: list[list[str]] = [[]]
    blank_run = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            blank_run += 1
            continue
        if blank_run >= 2 and blocks[-1]:
            blocks.append([])
        blank_run = 0
        blocks[-1].append(line)
    return [b for b in blocks if b]


def paragraphs(text: str, gaz: Gazetteer) -> list[Paragraph]:
    """Paragraphs with section names: headings as given, intro blocks named by position; in a
    profile without any heading, each paragraph is named by what it is about."""
    intro_names = gaz.words("intro_sections") or ("Overview",)
    blocks = _blocks(text)
    headed = any(is_heading(line) for block in blocks for line in block)
    result: list[Paragraph] = []
    section = ""
    for block_number, block in enumerate(blocks):
        for line in block:
            if is_heading(line):
                section = line
                continue
            name = section or intro_names[min(block_number, len(intro_names) - 1)]
            if not headed and result:
                name = _section_by_content(line, gaz) or result[-1].section
            result.append(Paragraph(text=line, section=name, index=len(result)))
    return result


def _section_by_content(line: str, gaz: Gazetteer) -> str:
    """The section whose keywords the paragraph uses most ("" when it uses none)."""
    lowered = line.lower()
    counts = {section: sum(lowered.count(word) for word in words)
              for section, words in gaz.mapping("section_keywords").items()}
    best = max(sorted(counts), key=lambda s: counts[s], default="")
    return best if best and counts[best] else ""


def sentences(paras: list[Paragraph]) -> list[Sentence]:
    """Split paragraphs into verbatim sentences (pysbd keeps "alias “X.”" together)."""
    result: list[Sentence] = []
    for para in paras:
        cursor = 0
        for segment in _SEGMENTER.segment(para.text):
            piece = segment.strip()
            if not piece:
                continue
            start = para.text.find(piece, cursor)
            cursor = start + len(piece) if start >= 0 else cursor
            result.append(Sentence(piece, para.section, para.index, len(result), max(start, 0)))
    return result
