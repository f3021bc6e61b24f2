"""Where each entity is named, sentence by sentence, including "the group"-style back-references."""

from __future__ import annotations

import re
import unicodedata

from quizapp.bank.entities import COORDINATED, Catalog, Mention
from quizapp.bank.gazetteer import Gazetteer
from quizapp.bank.text import Sentence


def plain(text: str) -> str:
    """Accent- and curly-quote-free text of the same length (offsets stay valid)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[:1] or char
        out.append({"’": "'", "‘": "'", "\u00a0": " "}.get(char, base))
    return "".join(out)


def _form_pattern(forms: list[tuple[str, str]]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(plain(form)) for form, _ in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])")


def find_mentions(sents: list[Sentence], catalog: Catalog, gaz: Gazetteer) -> list[Mention]:
    """Every explicit mention (longest form wins) plus resolved group anaphors, in text order."""
    forms = [(f, e.name) for e in catalog.entities.values() for f in e.forms()]
    forms.sort(key=lambda fe: (-len(fe[0]), fe[0]))
    owner = {plain(f): name for f, name in reversed(forms)}
    pattern = _form_pattern(forms)
    mentions: list[Mention] = []
    for s in sents:
        for m in pattern.finditer(plain(s.text)):
            surface = s.text[m.start() : m.end()]
            mentions.append(Mention(owner[m.group(0)], surface, s.index, m.start(), m.end()))
    mentions.extend(_coordinated(sents))
    mentions.extend(_group_anaphors(sents, mentions, catalog, gaz))
    return sorted(mentions, key=lambda m: (m.sentence, m.start))


def _coordinated(sents: list[Sentence]) -> list[Mention]:
    """"Medellín and Cali Cartels" names two groups."""
    found: list[Mention] = []
    for s in sents:
        for m in COORDINATED.finditer(s.text):
            for number in (1, 2):
                name = f"{m.group(number)} {m.group(3)[:-1]}"
                found.append(Mention(name, m.group(number), s.index, *m.span(number)))
    return found


def _in_own_apposition(candidate: Mention, sentence: str, anaphor_start: int) -> bool:
    """"the Gallegos, an armed wing of the gang": "the gang" is not the Gallegos."""
    between = sentence[candidate.end : anaphor_start]
    return between.startswith(",") and between.count(",") == 1


def _group_anaphors(
    sents: list[Sentence], mentions: list[Mention], catalog: Catalog, gaz: Gazetteer
) -> list[Mention]:
    """"the group" names the last group mentioned earlier in the same paragraph."""
    anaphors = sorted(gaz.words("group_anaphors"), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in anaphors) + r")", re.I)
    groups = {e.name for e in catalog.of_kind("group")}
    resolved: list[Mention] = []
    for s in sents:
        for m in pattern.finditer(s.text):
            earlier = [
                x for x in [*mentions, *resolved]
                if x.entity in groups
                and sents[x.sentence].paragraph == s.paragraph
                and (x.sentence, x.start) < (s.index, m.start())
                and not (x.sentence == s.index and _in_own_apposition(x, s.text, m.start()))
            ]
            if earlier:
                last = max(earlier, key=lambda x: (x.sentence, x.start))
                resolved.append(Mention(last.entity, m.group(0), s.index, m.start(), m.end()))
    return resolved
