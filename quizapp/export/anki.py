"""Anki export: a question bank as an .apkg that Anki imports cleanly and re-imports as updates.

Pure (genanki only). What makes a second import *update* rather than duplicate:

* each note's guid is ``genanki.guid_for(set slug, question key)`` — stable across exports;
* note types and decks have constant ids (:mod:`quizapp.export.anki_templates`, and a deck id
  hashed from the deck name) and the note types' field lists never change;
* each note's modification time is when its question last changed
  (:attr:`ExportOptions.note_times`, else the package :attr:`ExportOptions.timestamp`), and
  Anki's default import updates an existing note only when the incoming one is *newer*: with
  the same time Anki silently skips a changed note, and a note the user edited in Anki after
  the question last changed keeps the user's edit. Stamping every note with the export time
  would overwrite those edits on every update. Whole seconds count, since Anki keeps note
  times in seconds.

Anki never moves already-imported cards between decks, so renaming a set leaves old cards in the
old deck, and a card's study state (reviews, interval) survives every re-import.

A prompt's images (stored with the set, :attr:`ExportOptions.media`) go into the package's media
under their names and the fields refer to them as Anki's own do (``<img src="flag.png">``). A
multiple-response question is a choice note whose back lists every right option (and the
options' credits when it has weights); quizapp's import reads both back unchanged. A matching
card's front offers its distractors (the question's ``choices``) scrambled among the right-hand
items, and its back lists them, in order, under the pairs as matching nothing.
"""

from __future__ import annotations

import hashlib
import html
import io
import math
import os
import random
import re
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import genanki

from quizapp.bank.schema import CLOZE_GAP, Bank, Question
from quizapp.export import anki_templates as tpl
from quizapp.imports.apkg_media import STORED_IMAGE_SRC, shown_images
from quizapp.imports.common import MediaFile

SUSPENDED_TAG = "suspended"
_DECK_ID_BASE = 1 << 30  # genanki's recommended id range is [2**30, 2**31)


@dataclass(frozen=True)
class ExportOptions:
    """What to export besides the questions themselves.

    Attributes:
        timestamp: Package time in seconds since the epoch; must increase (by at least one whole
            second) whenever content changes, or Anki skips the updated notes on re-import.
        suspended_keys: Keys of questions the student suspended; their notes get the tag
            ``suspended`` and their cards arrive suspended on a first import. Their notes are
            stamped with ``timestamp``: the tag is the student's state, not the question's.
        note_times: When each question last changed, in seconds, by ``(set slug, question
            key)``: its note's modification time, so a re-import updates only the notes whose
            questions changed. A question not in it is stamped with ``timestamp``.
        media: The sets' images; those a prompt shows (``/media/<slug>/<sha256>``) go into
            the package's media and the note refers to them by name, as Anki does.
    """

    timestamp: float
    suspended_keys: frozenset[str] = frozenset()
    note_times: Mapping[tuple[str, str], float] = field(default_factory=dict)
    media: tuple[MediaFile, ...] = ()

    def __post_init__(self) -> None:
        for stamp in (self.timestamp, *self.note_times.values()):
            if not math.isfinite(stamp) or stamp <= 0:
                raise ValueError(f"timestamp must be positive seconds, not {stamp}")

    def note_time(self, slug: str, key: str) -> float:
        """The modification time of the note of question ``key`` in set ``slug``."""
        if key in self.suspended_keys:
            return self.timestamp
        return self.note_times.get((slug, key), self.timestamp)


# --------------------------------------------------------------------------- names and ids


def deck_name(set_title: str, topic: str | None = None) -> str:
    """Anki deck name ``Set title::Topic`` (a ``::`` inside a title would nest decks: cut)."""
    parts = [_deck_part(set_title)]
    if topic is not None:
        parts.append(_deck_part(re.sub(r"[_-]+", " ", topic).title()))
    return "::".join(parts)


def _deck_part(text: str) -> str:
    return " ".join(text.replace("::", ":").split()) or "Untitled"


def deck_id(name: str) -> int:
    """A constant deck id derived from the deck name (same name, same id, on every export)."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return _DECK_ID_BASE + int.from_bytes(digest[:8], "big") % _DECK_ID_BASE


def anki_tag(text: str) -> str:
    """Make ``text`` a valid Anki tag: no whitespace (Anki's tag separator) or quotes."""
    tag = re.sub(r"\s+", "_", text.strip()).replace('"', "")
    return re.sub(r"(?:::)+$", "", re.sub(r"^(?:::)+", "", tag))


def note_tags(slug: str, question: Question, *, suspended: bool) -> list[str]:
    """Tags of a note: ``topic::<topic>``, the set slug, the question's tags, ``suspended``."""
    tags = [anki_tag(f"topic::{question.topic}"), anki_tag(slug)]
    tags += [anki_tag(t) for t in question.tags]
    if suspended:
        tags.append(SUSPENDED_TAG)
    return list(dict.fromkeys(t for t in tags if t))


# --------------------------------------------------------------------------- field text


def escape(text: str) -> str:
    """HTML-escape plain text for a field and keep its line breaks visible."""
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def scrambled(items: Sequence[str], seed: str) -> list[str]:
    """Items in a shuffled order that is the same on every export and never the original one."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    if len(shuffled) > 1 and shuffled == list(items):
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


_TRUE_FALSE_KICKER = re.compile(r"^\s*true or false\s*[:?]\s*", re.IGNORECASE)


def true_false_prompt(prompt: str) -> str:
    """The front text of a true/false question (a prompt that asks it already is not re-asked)."""
    return f"True or false: {_TRUE_FALSE_KICKER.sub('', prompt.strip())}"


def _html_list(items: Sequence[str], css_class: str, list_type: str = "1") -> str:
    lis = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f'<ol class="{css_class}" type="{list_type}">{lis}</ol>'


def _with_hint(prompt: str, hint: str, items_html: str) -> str:
    return f'{escape(prompt)}<div class="hint">{hint}</div>{items_html}'


def _cloze_text(question: Question) -> str:
    """The prompt with its first gap turned into ``{{c1::answer}}``, everything else escaped."""
    before, _, after = question.prompt.partition(CLOZE_GAP)
    answer = _cloze_safe(escape(str(question.answer)))
    return f"{_cloze_safe(escape(before))}{{{{c1::{answer}}}}}{_cloze_safe(escape(after))}"


def _cloze_safe(text: str) -> str:
    # Entities render the same but cannot be parsed as cloze syntax ({{c2::, the :: hint marker).
    return text.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


def _lettered(question: Question, choice: str) -> str:
    """An option with its letter, as the front lists it (``B. Lima``)."""
    if choice not in question.choices:
        return escape(choice)
    return f"{chr(ord('A') + question.choices.index(choice))}. {escape(choice)}"


def _choice_answer(question: Question) -> str:
    """The right option with its letter (``B. Lima``)."""
    return _lettered(question, str(question.answer))


def _response_fields(question: Question) -> list[str]:
    """Question, Options and Answer of a multiple-response note: the options under a hint
    that several may be right; on the back every right option, and each option's credit
    when the question has its own weights."""
    options = (f'<div class="hint">{tpl.RESPONSE_HINT}</div>'
               + _html_list(question.choices, tpl.RESPONSE_OPTIONS_CLASS, "A"))
    right = question.answer if isinstance(question.answer, list) else []
    answer = "".join(f"<li>{_lettered(question, c)}</li>" for c in right)
    answer = f'<ul class="{tpl.RESPONSE_ANSWERS_CLASS}">{answer}</ul>'
    if question.weights:
        credit = "".join(f"<li>{_lettered(question, c)}: {question.weights.get(c, 0.0):+}%</li>"
                         for c in question.choices)
        answer += (f'<div class="label">Credit per option:</div>'
                   f'<ul class="{tpl.RESPONSE_WEIGHTS_CLASS}">{credit}</ul>')
    return [_prompt(question), options, answer]


def _matching_front(question: Question, pairs: dict[str, str]) -> str:
    """The left items, then every right-hand item (the distractors among them) scrambled."""
    lefts = _html_list(list(pairs), "items")
    offered = [*pairs.values(), *question.choices]
    rights = _html_list(scrambled(offered, question.key), tpl.MATCHING_OFFERED_CLASS, "a")
    return _with_hint(question.prompt, "Match each item…", lefts) + (
        f'<div class="hint">…with one of:</div>{rights}'
    )


def _matching_back(question: Question, pairs: dict[str, str]) -> str:
    """The pairs, then the items that match nothing (the distractors, in their order)."""
    rows = "".join(f"<tr><td>{escape(k)}</td><td>→ {escape(v)}</td></tr>" for k, v in pairs.items())
    back = f'<table class="pairs">{rows}</table>'
    if question.choices:
        extra = "".join(f"<li>{escape(item)}</li>" for item in question.choices)
        back += (f'<div class="label">{tpl.MATCHING_DISTRACTORS_LABEL}</div>'
                 f'<ul class="{tpl.MATCHING_DISTRACTORS_CLASS}">{extra}</ul>')
    return back


def _main_fields(question: Question) -> tuple[Any, list[str]]:
    """The note type for a question and its leading (type-specific) field values."""
    answer = question.answer
    if question.type == "cloze":
        return tpl.CLOZE_MODEL, [_cloze_text(question) + _front_images(question)]
    if question.type == "multiple_response":
        return tpl.CHOICE_MODEL, _response_fields(question)
    if question.type == "multiple_choice":
        options = _html_list(question.choices, "choices", "A")
        return tpl.CHOICE_MODEL, [_prompt(question), options, _choice_answer(question)]
    if question.type == "short_answer":
        return tpl.TYPED_MODEL, [_prompt(question), escape(str(answer))]
    if question.type == "true_false":
        front, back = escape(true_false_prompt(question.prompt)), "True" if answer else "False"
    elif question.type == "ordering" and isinstance(answer, list):
        items = _html_list(scrambled(answer, question.key), "items", "a")
        front = _with_hint(question.prompt, "Items, shuffled:", items)
        back = _html_list(answer, "items")
    elif question.type == "matching" and isinstance(answer, dict):
        front, back = _matching_front(question, answer), _matching_back(question, answer)
    else:
        front, back = escape(question.prompt), escape(str(answer))
    return tpl.BASIC_MODEL, [front + _front_images(question), back]


def _prompt(question: Question) -> str:
    """The front's prompt: its sanitized HTML when it has some (Anki shows HTML), else text."""
    return question.prompt_html or escape(question.prompt)


_IMAGE_TAG = re.compile(r"<p><img\b[^>]*></p>|<img\b[^>]*>", re.IGNORECASE)


def _front_images(question: Question) -> str:
    """The images of a rich prompt, for the note types whose front is written from text."""
    return "".join(_IMAGE_TAG.findall(question.prompt_html))


def package_names(media: Sequence[MediaFile]) -> dict[str, str]:
    """Each image's file name in the package, by hash: its own name, made unique."""
    names: dict[str, str] = {}
    for item in sorted(media, key=lambda m: (m.name, m.sha256)):
        name = item.name if item.name not in names.values() else f"{item.sha256[:12]}-{item.name}"
        names.setdefault(item.sha256, name)
    return names


def _with_package_images(question: Question, names: Mapping[str, str]) -> Question:
    """The question with its images referred to by their names in the package (as Anki's
    fields do); an image the package does not hold is left out."""
    if "<img" not in question.prompt_html:
        return question

    def named(match: re.Match[str]) -> str:
        found = STORED_IMAGE_SRC.search(match.group(0))
        if found is None or found.group(1) not in names:
            return ""
        return match.group(0).replace(found.group(0), f'src="{escape(names[found.group(1)])}"')

    return replace(question, prompt_html=_IMAGE_TAG.sub(named, question.prompt_html))


def _common_fields(bank: Bank, question: Question) -> list[str]:
    """Values of :data:`anki_templates.COMMON_FIELDS`, in that order."""
    return [
        escape(question.explanation),
        _html_list(question.accept, "accepted-list", "1") if question.accept else "",
        escape(question.source.quote),
        escape(question.source.section),
        escape(bank.info.source.attribution),
        escape(question.key),
        "",  # Extra: spare, kept empty so the field list never has to change
    ]


# --------------------------------------------------------------------------- notes and package


class _TimedNote(genanki.Note):  # type: ignore[misc]  # genanki is untyped
    """A note written with its own modification time instead of the package's."""

    def __init__(self, *, modified: float | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.modified = modified

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        """genanki's insert, with this note's time (and its cards') as ``mod``."""
        stamp = timestamp if self.modified is None else self.modified
        super().write_to_db(cursor, stamp, deck_id, id_gen)


def question_note(bank: Bank, question: Question, *, suspended: bool = False,
                  modified: float | None = None) -> Any:
    """One genanki note for a question (``Any``: genanki is untyped), stamped ``modified``
    (default: the package time)."""
    model, fields = _main_fields(question)
    note = _TimedNote(
        model=model,
        fields=fields + _common_fields(bank, question),
        tags=note_tags(bank.info.slug, question, suspended=suspended),
        guid=genanki.guid_for(bank.info.slug, question.key),
        modified=modified,
    )
    if suspended:
        for card in note.cards:
            card.suspend = True
    return note


def build_deck_notes(bank: Bank, *, options: ExportOptions) -> list[genanki.Note]:
    """All notes of one bank, in bank order."""
    names = package_names(options.media)
    return [
        question_note(bank, _with_package_images(q, names),
                      suspended=q.key in options.suspended_keys,
                      modified=options.note_time(bank.info.slug, q.key))
        for q in bank.questions
    ]


def _bank_decks(bank: Bank, options: ExportOptions) -> list[Any]:
    """The set's parent deck (with its description) and one sub-deck per topic, notes included."""
    parent_name = deck_name(bank.info.title)
    description = escape(bank.info.description)
    if bank.info.source.attribution:
        description += f"<br><small>Source: {escape(bank.info.source.attribution)}</small>"
    decks: dict[str, Any] = {parent_name: genanki.Deck(deck_id(parent_name), parent_name,
                                                       description=description)}
    for question, note in zip(bank.questions, build_deck_notes(bank, options=options), strict=True):
        name = deck_name(bank.info.title, question.topic)
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        decks[name].add_note(note)
    return list(decks.values())


def write_apkg(
    banks: Sequence[Bank],
    out: str | os.PathLike[str] | BinaryIO,
    *,
    options: ExportOptions,
) -> int:
    """Write the banks as one .apkg to a path or binary file; return the number of notes written.

    The same banks and options always give a byte-identical file.
    """
    decks = [deck for bank in banks for deck in _bank_decks(bank, options)]
    raw = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-media-") as folder:
        package = genanki.Package(decks, media_files=_media_files(banks, options, Path(folder)))
        package.write_to_file(raw, timestamp=options.timestamp)
    data = _normalised_zip(raw.getvalue(), options.timestamp)
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as fh:
            fh.write(data)
    else:
        out.write(data)
    return sum(len(bank.questions) for bank in banks)


def _media_files(banks: Sequence[Bank], options: ExportOptions, folder: Path) -> list[str]:
    """The images the banks' prompts show, written to ``folder`` under their package names
    (genanki reads media from files); paths sorted, so the package is the same every time."""
    shown = {sha for bank in banks for q in bank.questions for sha in shown_images(q.prompt_html)}
    names = package_names(options.media)
    paths: dict[str, Path] = {}
    for item in options.media:
        if item.sha256 in shown and item.sha256 not in paths:
            paths[item.sha256] = folder / names[item.sha256]
            paths[item.sha256].write_bytes(item.data)
    return sorted(str(path) for path in paths.values())


def _normalised_zip(data: bytes, timestamp: float) -> bytes:
    """Re-zip genanki's output with entry times from ``timestamp``, not the temp file's mtime."""
    date_time = time.gmtime(max(timestamp, 315_532_800))[:6]  # zip cannot store times before 1980
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(result, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return result.getvalue()
