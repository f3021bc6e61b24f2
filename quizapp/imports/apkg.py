"""Anki package (.apkg) import: basic and cloze notes become questions, all HTML removed.

Basic-like notes: the front (``Front``/``Question`` field, else the first) is the prompt and the
back (``Back``/``Answer``, else the second) the answer of a short-answer question. Cloze notes give
one cloze question per deletion number ``{{cN::answer::hint}}``, as Anki gives a card per number:
from clozes in any field, with every deletion of that number hidden (the answer lists them all).
A note type with several card templates (reverse cards, extra templates) gives one question per
card Anki made: the front template's text, answered by the fields only the back shows, keyed by
the note and the card's ordinal.
Images a card's front shows are kept, when the package's media holds them as PNG, JPEG, GIF or
WebP (``apkg_media``): the prompt's HTML shows them after its text. Images only on a back, and
``[sound:...]``, are not imported: each is named in a warning for its note. Tags
``topic::x`` give the topic (else ``imported``). Notes written by quizapp's own Anki export
also give back their key, explanation, accepted answers, source and choices (fields named
``Key``, ``Explanation``, ...), and a matching note its distractors: the right-hand items its
front offers that are in no pair.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

import genanki

from quizapp.bank.schema import CLOZE_GAP, KEY_RE, Question, SourceRef
from quizapp.imports.apkg_archive import collection_database
from quizapp.imports.apkg_db import Note, NoteType, read_collection
from quizapp.imports.apkg_media import NoteImages, PackageMedia
from quizapp.imports.common import (
    DEFAULT_TOPIC,
    MAX_QUESTIONS,
    Draft,
    MediaFile,
    ParsedImport,
    Where,
    check_question_cap,
    check_something_imports,
    derived_key,
    finalize,
    html_to_text,
    safe_slug,
    topic_name,
)

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_SOUND = re.compile(r"\[sound:([^\]]*)\]")
_LIST_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.IGNORECASE | re.DOTALL)
_CHOICE_LETTER = re.compile(r"^[A-Z]\.\s+")
# Markup of quizapp's own Anki export (quizapp.export.anki): hint blocks, ordered items, pairs.
_HINT = re.compile(r'<div class="hint">', re.IGNORECASE)
_ITEMS = re.compile(r'<ol class="items"[^>]*>(.*?)</ol>', re.IGNORECASE | re.DOTALL)
_PAIRS = re.compile(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", re.IGNORECASE | re.DOTALL)
# A matching note's right-hand items offered on the front, and the back's "Match nothing:" list
# (export.anki_templates.MATCHING_*): the items in no pair are its distractors.
_OFFERED = re.compile(r'<ol class="choices"[^>]*>(.*?)</ol>', re.IGNORECASE | re.DOTALL)
_MATCH_NOTHING = re.compile(r'<ul class="match-nothing">(.*?)</ul>', re.IGNORECASE | re.DOTALL)
_TRUE_FALSE_PREFIX = "True or false: "
# A multiple-response note of quizapp's export (export.anki_templates.RESPONSE_*): its options'
# list class, its right options' list and each option's credit (``B. off-beige: +50.0%``).
_ALL_THAT_APPLY = re.compile(r'<ol class="choices all-that-apply"', re.IGNORECASE)
_RIGHT_OPTIONS = re.compile(r'<ul class="right-options">(.*?)</ul>', re.IGNORECASE | re.DOTALL)
_OPTION_CREDIT = re.compile(r'<ul class="option-credit">(.*?)</ul>', re.IGNORECASE | re.DOTALL)
_LETTER = re.compile(r"^([A-Z])\.\s")
_CREDIT = re.compile(r":\s*([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)%$")
_GENERIC = NoteType("", False, ())


def _accepted(markup: str) -> tuple[str, ...]:
    """The "Also accepted" answers: one per list item (quizapp's lossless form, so an answer
    may hold a comma), else the older ", "-joined text."""
    items = _LIST_ITEM.findall(markup)
    texts = [html_to_text(i) for i in items] if items else html_to_text(markup).split(", ")
    return tuple(t.strip() for t in texts if t.strip())


@dataclass(frozen=True)
class _Fields:
    """A note's field values by name (HTML kept) with the note type's field order, and the
    images its fronts show."""

    names: tuple[str, ...]
    values: tuple[str, ...]
    media: NoteImages

    def raw(self, *names: str, position: int | None = None) -> str:
        """The first named field present, else the field at ``position``, else ``""``."""
        for name in names:
            if name in self.names:
                index = self.names.index(name)
                return self.values[index] if index < len(self.values) else ""
        if position is not None and position < len(self.values):
            return self.values[position]
        return ""

    def text(self, *names: str, position: int | None = None) -> str:
        """Like :meth:`raw`, as plain text."""
        return html_to_text(self.raw(*names, position=position))


def parse_apkg(data: bytes, *, slug_hint: str, max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse an Anki package; raise :class:`ImportFormatError` naming the note at fault."""
    notes, note_types = read_collection(collection_database(data))
    check_question_cap(len(notes), max_questions)
    package = PackageMedia(data)
    files: dict[str, MediaFile] = {}
    drafts: list[Draft] = []
    warnings: list[str] = []
    for index, note in enumerate(notes, start=1):
        where = Where(entry=f"note {index} (guid {note.guid})")
        note_type = note_types.get(note.model_id, _GENERIC)
        media = NoteImages(package, files)
        found, notes_on_it = _note_drafts(note, note_type, where, slug_hint, media)
        drafts.extend(found)
        check_question_cap(len(drafts), max_questions, where)  # a cloze note makes several
        warnings.extend(f"{where.entry}: {text}" for text in notes_on_it)
    check_something_imports(drafts, warnings)
    questions = finalize(drafts, slug_hint)
    return ParsedImport(questions, None, tuple(warnings), tuple(files.values()))


def _note_drafts(
    note: Note, note_type: NoteType, where: Where, slug_hint: str, media: NoteImages
) -> tuple[list[Draft], list[str]]:
    values, sounds = _without_sounds(note.values)
    fields = _Fields(note_type.fields, values, media)
    drafts, warnings = _drafts(note, note_type, fields, where, slug_hint)
    return drafts, [*sounds, *dict.fromkeys(media.warnings), *media.unshown(values), *warnings]


def _without_sounds(values: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """The fields with ``[sound:...]`` removed, and a warning for each sound (sounds are not
    imported)."""
    warnings = [f"the sound {name!r} is not imported, skipped"
                for value in values for name in _SOUND.findall(value)]
    return tuple(_SOUND.sub("", value) for value in values), warnings


def _drafts(note: Note, note_type: NoteType, fields: _Fields, where: Where, slug_hint: str
            ) -> tuple[list[Draft], list[str]]:
    base = _base_question(note, fields, slug_hint)
    # Cloze markers are read from the raw HTML, as Anki does: an entity-escaped brace is text.
    first = fields.raw(position=0)
    if note_type.is_cloze:
        # Anki makes a card per cloze number from every field its template shows: any field.
        texts = [value for value in fields.values if _CLOZE.search(value)]
        return _cloze_drafts(base, texts or [first], fields, where)
    if _CLOZE.search(first):
        return _cloze_drafts(base, [first], fields, where)
    if len(note_type.templates) > 1 and not _has_own_key(fields):
        return _card_drafts(base, note, note_type, fields, where)
    front = fields.raw("Front", "Question", position=0)
    answer = fields.text("Back", "Answer", position=1)
    question = fields.media.illustrate(_typed(base, html_to_text(front), answer, fields), front)
    if not question.prompt or not answer:
        return [], ["the front or back is empty once HTML and media are removed, skipped"]
    return [Draft(question, where, firm_key=_has_own_key(fields))], []


def _card_drafts(base: Question, note: Note, note_type: NoteType, fields: _Fields,
                 where: Where) -> tuple[list[Draft], list[str]]:
    """One question per card, as Anki shows them (every template, reverse cards): the front
    template's text is the prompt, the fields only its back shows the answer. Keys are the
    note's key and the card's ordinal, so a re-import updates each card's question."""
    templates = {t.ord: t for t in note_type.templates}
    drafts, warnings = [], []
    for ordinal in note.card_ords or tuple(templates):
        template = templates.get(ordinal)
        if template is None:
            continue
        front = _template_fields(template.front)
        answers = [n for n in _template_fields(template.back) if n not in front]
        shown = _FIELD_REF.sub(lambda m: _field_value(m, fields), template.front)
        answer = html_to_text("<br>".join(fields.raw(n) for n in answers if fields.raw(n)))
        key = base.key if ordinal == min(templates) else f"{base.key}-card{ordinal + 1}"
        question = fields.media.illustrate(
            replace(base, key=key, prompt=html_to_text(shown), answer=answer), shown)
        if not question.prompt or not answer:
            warnings.append(f"card {ordinal + 1} has an empty front or back, skipped")
            continue
        drafts.append(Draft(question, where, firm_key=False))
    return drafts, warnings


_FIELD_REF = re.compile(r"\{\{([^{}]+)\}\}")


def _template_fields(template: str) -> list[str]:
    """The fields a template shows, in order ({{type:X}}, {{hint:X}} as X; no sections)."""
    names = [_field_name(m.group(1)) for m in _FIELD_REF.finditer(template)]
    return list(dict.fromkeys(n for n in names if n))


def _field_name(reference: str) -> str:
    reference = reference.strip()
    if reference[:1] in "#^/" or reference == "FrontSide":
        return ""
    return reference.rsplit(":", 1)[-1].strip()


def _field_value(match: re.Match[str], fields: _Fields) -> str:
    name = _field_name(match.group(1))
    return fields.raw(name) if name and name in fields.names else ""


def _base_question(note: Note, fields: _Fields, slug_hint: str) -> Question:
    key = _note_key(note, fields, slug_hint)
    topic, tags = _topic_and_tags(note.tags, _set_tag(note, key) if _has_own_key(fields) else "")
    return Question(
        key=key,
        topic=topic,
        type="short_answer",
        prompt="",
        answer="",
        accept=_accepted(fields.raw("Also accepted")),
        explanation=fields.text("Explanation"),
        source=SourceRef(fields.text("Section"), fields.text("Source")),
        tags=tags,
    )


def _typed(base: Question, prompt: str, answer: str, fields: _Fields) -> Question:
    """A basic note as multiple choice, true/false or short answer."""
    choices = tuple(html_to_text(item) for item in _LIST_ITEM.findall(fields.raw("Options")))
    if choices and _ALL_THAT_APPLY.search(fields.raw("Options")):
        return _multiple_response(base, prompt, choices, fields.raw("Answer"))
    if choices:
        answer = _CHOICE_LETTER.sub("", answer)
        return replace(base, type="multiple_choice", prompt=prompt, answer=answer, choices=choices)
    structured = _ordering_or_matching(base, fields)
    if structured is not None:
        return structured
    if prompt.startswith(_TRUE_FALSE_PREFIX) and answer in ("True", "False"):
        prompt = prompt.removeprefix(_TRUE_FALSE_PREFIX)
        return replace(base, type="true_false", prompt=prompt, answer=answer == "True")
    return replace(base, prompt=prompt, answer=answer)


def _multiple_response(base: Question, prompt: str, choices: tuple[str, ...],
                        answer: str) -> Question:
    """A multiple-response note of quizapp's export: the right options by their letters, and
    the credits when the question had its own."""
    right_list = _RIGHT_OPTIONS.search(answer)
    right = [_lettered_choice(html_to_text(item), choices)
             for item in _LIST_ITEM.findall(right_list.group(1) if right_list else "")]
    weights: dict[str, float] = {}
    credits = _OPTION_CREDIT.search(answer)
    for item in _LIST_ITEM.findall(credits.group(1) if credits else ""):
        text = html_to_text(item)
        credit = _CREDIT.search(text)
        if credit is not None:
            weights[_lettered_choice(text[:credit.start()], choices)] = float(credit.group(1))
    return replace(base, type="multiple_response", prompt=prompt, answer=right, choices=choices,
                   weights=weights)


def _lettered_choice(text: str, choices: tuple[str, ...]) -> str:
    """The choice ``B. Lima`` names: the option at letter B when its text agrees."""
    letter = _LETTER.match(text)
    if letter is not None:
        index = ord(letter.group(1)) - ord("A")
        if index < len(choices) and choices[index] == text[letter.end():]:
            return choices[index]
    return text


def _ordering_or_matching(base: Question, fields: _Fields) -> Question | None:
    """Ordering and matching notes of quizapp's export: items or pairs on the back."""
    front, back = fields.raw("Front", position=0), fields.raw("Back", position=1)
    prompt = html_to_text(_HINT.split(front, maxsplit=1)[0])
    pairs = {html_to_text(left): html_to_text(right).removeprefix("→").strip()
             for left, right in _PAIRS.findall(back)}
    if len(pairs) >= 2:
        return replace(base, type="matching", prompt=prompt, answer=pairs,
                       choices=_distractors(front, back, pairs))
    items = _ITEMS.search(back)
    if items:
        answer = [html_to_text(item) for item in _LIST_ITEM.findall(items.group(1))]
        return replace(base, type="ordering", prompt=prompt, answer=answer)
    return None


def _distractors(front: str, back: str, pairs: dict[str, str]) -> tuple[str, ...]:
    """A matching note's extra right-hand items: the back's "Match nothing:" list (their
    order), else the front's offered items in no pair (a note edited in Anki), each once."""
    listed = _MATCH_NOTHING.search(back) or _OFFERED.search(front)
    items = [html_to_text(item) for item in _LIST_ITEM.findall(listed.group(1) if listed else "")]
    matched = set(pairs.values())
    return tuple(dict.fromkeys(i for i in items if i.strip() and i not in matched))


def _cloze_drafts(
    base: Question, texts: list[str], fields: _Fields, where: Where
) -> tuple[list[Draft], list[str]]:
    """One question per cloze number, over every field that holds clozes (Anki's cards)."""
    numbers = sorted({int(m.group(1)) for text in texts for m in _CLOZE.finditer(text)})
    if not numbers:
        return [], ["a cloze note without {{c1::...}} deletions, skipped"]
    explanation = base.explanation or _cloze_extra(fields)
    drafts, warnings = [], []
    for number in numbers:
        shown = [text for text in texts if _has_number(text, number)]
        gaps = [m for text in shown for m in _CLOZE.finditer(text) if int(m.group(1)) == number]
        # "{{c1::Lima}} ... {{c1::Lima}}" asks for Lima once, not "Lima, Lima".
        answer = ", ".join(dict.fromkeys(t for t in (html_to_text(g.group(2)) for g in gaps) if t))
        if not answer:
            warnings.append(f"cloze c{number} has an empty answer, skipped")
            continue
        key = base.key if number == numbers[0] else f"{base.key}-c{number}"
        prompt = " ".join(_cloze_prompt(text, number) for text in shown)
        question = replace(base, key=key, type="cloze", prompt=prompt, answer=answer,
                           explanation=explanation)
        question = fields.media.illustrate(question, " ".join(shown))
        drafts.append(Draft(question, where, firm_key=_has_own_key(fields)))
    return drafts, warnings


def _has_number(text: str, number: int) -> bool:
    return any(int(m.group(1)) == number for m in _CLOZE.finditer(text))


def _cloze_extra(fields: _Fields) -> str:
    """The back extra of a cloze note: its named field, else the second field, unless it holds
    clozes of its own (then it is a question's text)."""
    extra = fields.raw("Back Extra", "Extra", position=1)
    return "" if _CLOZE.search(extra) else html_to_text(extra)


def _cloze_prompt(markup: str, number: int) -> str:
    """Plain text with every deletion of ``number`` hidden, as Anki hides them all: the first
    as ``____`` (plus its hint), the others as ``[…]``; every other deletion revealed."""
    seen = 0

    def render(match: re.Match[str]) -> str:
        nonlocal seen
        if int(match.group(1)) != number:
            return match.group(2)
        seen += 1
        if seen > 1:
            return "[…]"
        hint = html.escape(html_to_text(match.group(3) or ""))
        return f"{CLOZE_GAP} ({hint})" if hint else CLOZE_GAP

    return html_to_text(_CLOZE.sub(render, markup))


def _topic_and_tags(tags: str, set_tag: str = "") -> tuple[str, tuple[str, ...]]:
    topic, others = DEFAULT_TOPIC, []
    for tag in tags.split():
        if tag.lower().startswith("topic::") and topic == DEFAULT_TOPIC:
            topic = topic_name(tag[len("topic::") :].replace("_", " "))
        elif tag != set_tag:
            others.append(tag)
    return topic, tuple(dict.fromkeys(others))


def _set_tag(note: Note, key: str) -> str:
    """The set-slug tag quizapp's export adds to each note: the tag whose guid with the key is
    the note's (``genanki.guid_for(slug, key)``), "" for any other note."""
    return next((t for t in note.tags.split() if genanki.guid_for(t, key) == note.guid), "")


def _has_own_key(fields: _Fields) -> bool:
    return bool(KEY_RE.match(fields.text("Key")))


def _note_key(note: Note, fields: _Fields, slug_hint: str) -> str:
    """The question key: a ``Key`` field (quizapp's export), the guid, or one derived from it."""
    own = fields.text("Key")
    if KEY_RE.match(own):
        return own
    if KEY_RE.match(note.guid):
        return note.guid
    return derived_key(safe_slug(slug_hint), f"anki-guid:{note.guid}")
