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
    for s in sents if forms else []:
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
            candidates = [
                x for x in [*mentions, *resolved] if x.entity in groups
                and not (x.sentence == s.index and _in_own_apposition(x, s.text, m.start()))
            ]
            found = antecedent(candidates, sents, s.index, m.start())
            if found is not None:
                resolved.append(Mention(found.entity, m.group(0), s.index, m.start(), m.end()))
    return resolved


def subject_like(m: Mention, sentence: str) -> bool:
    """A mention opening its sentence or clause ("Since then, the MPCP", "known as the X")."""
    before = sentence[: m.start]
    return bool(re.fullmatch(r"(?:[^,]*, )?(?:[Tt]he )?|.*\bknown as (?:the )?", before))


def antecedent(candidates: list[Mention], sents: list[Sentence], sentence: int,
               position: int) -> Mention | None:
    """What a back-reference at ``position`` points to: the subject of the nearest earlier
    sentence of the paragraph that has one among the candidates, otherwise the last named."""
    paragraph = sents[sentence].paragraph
    earlier = [x for x in candidates if sents[x.sentence].paragraph == paragraph
               and (x.sentence, x.start) < (sentence, position)]
    if not earlier:
        return None
    # The nearest subject of the paragraph: "Los Zetas, a Mexican group ... In March 2008, its
    # gunmen killed ... the head of the Los León clan. The group recruited ..." is Los Zetas.
    for index in sorted({x.sentence for x in earlier}, reverse=True):
        pool = sorted((x for x in earlier if x.sentence == index), key=lambda x: x.start)
        subjects = [x for x in pool if subject_like(x, sents[index].text)]
        if subjects:
            return subjects[-1]
    nearest = max(x.sentence for x in earlier)
    return sorted((x for x in earlier if x.sentence == nearest), key=lambda x: x.start)[-1]
