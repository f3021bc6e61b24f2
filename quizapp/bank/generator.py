"""Public entry points: read a profile, generate a grounded question bank, report on it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from quizapp.bank import cloze, figures, matching, templates, timeline
from quizapp.bank.drafts import Draft
from quizapp.bank.facts import Facts, extract_facts
from quizapp.bank.gazetteer import Gazetteer, load_gazetteer
from quizapp.bank.report import render_report
from quizapp.bank.schema import Bank, SetInfo, SetSource
from quizapp.bank.select import finalize

MAX_PROFILE_BYTES = 1_000_000


class ProfileError(ValueError):
    """The profile cannot be used: empty, binary, too large, or without recognisable facts."""


@dataclass(frozen=True)
class GenerationResult:
    """The generated bank plus what is needed to explain it."""

    bank: Bank
    facts: Facts | None = field(default=None, repr=False, compare=False)
    dropped: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def report(self) -> str:
        """Human-readable counts per topic and type, facts found and facts not used."""
        return render_report(self.bank, self.facts, self.dropped)


def _check_bytes(data: bytes, where: str) -> str:
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError(f"{where} is {len(data):,} bytes; profiles are limited to "
                           f"{MAX_PROFILE_BYTES:,} bytes")
    if b"\x00" in data:
        raise ProfileError(f"{where} looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{where} is not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise ProfileError(f"{where} is empty")
    return text


def read_profile(path: str | os.PathLike[str]) -> str:
    """Read a profile file and check it is non-empty UTF-8 text of at most 1 MB."""
    try:
        size = os.path.getsize(path)
        if size > MAX_PROFILE_BYTES:
            raise ProfileError(f"{os.fspath(path)} is {size:,} bytes; profiles are limited to "
                               f"{MAX_PROFILE_BYTES:,} bytes")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ProfileError(f"cannot read {os.fspath(path)}: {exc.strerror}") from None
    return _check_bytes(data, os.fspath(path))


def _drafts(facts: Facts, gaz: Gazetteer) -> list[Draft]:
    return [
        *cloze.entity_clozes(facts, gaz),
        *cloze.date_clozes(facts, gaz),
        *templates.group_names(facts, gaz),
        *templates.aliases(facts, gaz),
        *templates.leadership(facts, gaz),
        *templates.described(facts, gaz),
        *templates.neighbours(facts, gaz),
        *timeline.event_years(facts),
        *timeline.single_event_years(facts),
        *timeline.timelines(facts),
        *matching.alias_matching(facts),
        *matching.acronym_matching(facts),
        *matching.leader_matching(facts),
        *matching.place_matching(facts),
        *figures.figure_questions(facts, gaz),
    ]


def _default_source(slug: str, country: str, gaz: Gazetteer) -> SetSource:
    publisher = gaz.raw.get("publisher") or {}
    return SetSource(
        file=f"sources/{slug}.txt",
        title=str(publisher.get("source_title_template", "{country}")).format(country=country),
        publisher=str(publisher.get("name", "")),
        license=str(publisher.get("license", "")),
        url=str(publisher.get("url", "")),
    )


def generate(text: str, *, slug: str, title: str | None = None,
             source: SetSource | None = None) -> GenerationResult:
    """Build a deterministic question bank from profile text; raise ProfileError on bad input."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ProfileError("the profile is not valid text (it contains lone surrogates)") from None
    text = _check_bytes(data, "the profile")
    gaz = load_gazetteer()
    facts = extract_facts(text, gaz, fallback_country=slug.replace("-", " ").title())
    if not facts.mentions and not facts.dates:
        raise ProfileError("the profile has no recognisable facts (no groups, people, places "
                           "or dates were found)")
    questions, dropped = finalize(_drafts(facts, gaz), facts, slug)
    if not questions:
        raise ProfileError("no question could be generated from the profile's facts")
    publisher = gaz.raw.get("publisher") or {}
    template = str(publisher.get("title_template", "{country}"))
    info = SetInfo(
        slug=slug,
        title=title or template.format(country=facts.country),
        description=(f"Questions on the groups, leaders, regions and dates of the "
                     f"{facts.country} profile, each with the sentence it comes from."),
        source=source or _default_source(slug, facts.country, gaz),
    )
    return GenerationResult(Bank(info=info, questions=tuple(questions)), facts, tuple(dropped))
