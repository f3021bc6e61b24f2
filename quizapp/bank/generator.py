"""Public entry points: read a profile, generate a grounded question bank, report on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from quizapp.bank import causes, cloze, figures, matching, templates, timeline
from quizapp.bank.drafts import Draft
from quizapp.bank.facts import Facts, extract_facts
from quizapp.bank.gazetteer import Gazetteer, load_gazetteer
from quizapp.bank.report import ReportSummary, render_report, summarize
from quizapp.bank.schema import Bank, Question, SetInfo, SetSource
from quizapp.bank.select import LeftOut, finalize

MAX_PROFILE_BYTES = 1_000_000


class ProfileError(ValueError):
    """The profile cannot be used: empty, binary, too large, or without recognisable facts."""


@dataclass(frozen=True)
class GenerationResult:
    """The generated bank plus what is needed to explain it."""

    bank: Bank
    facts: Facts | None = field(default=None, repr=False, compare=False)
    dropped: tuple[str, ...] = field(default=(), repr=False, compare=False)
    #: question id -> the fact it tests (what the diversity rules count)
    fact_of: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: fact -> why no question asks it (a diversity rule)
    left_out: dict[str, LeftOut] = field(default_factory=dict, repr=False, compare=False)
    #: every draft that passed the filters, before the selection (what the templates can ask)
    candidates: tuple[Question, ...] = field(default=(), repr=False, compare=False)

    def report(self) -> str:
        """Human-readable counts per topic and type, facts found and facts not used."""
        return render_report(self.bank, self.facts, self.dropped, self.left_out)

    def summary(self) -> ReportSummary:
        """The report as plain data (what the instructor's page shows)."""
        return summarize(self.bank, self.facts, self.dropped, self.left_out)


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


# Each template family on its own: one that fails drops its facts (named in the report),
# never the whole run.
_TEMPLATES: tuple[tuple[str, Callable[[Facts, Gazetteer], Iterable[Draft]]], ...] = (
    ("entity clozes", cloze.entity_clozes),
    ("date clozes", cloze.date_clozes),
    ("group names", templates.group_names),
    ("aliases", templates.aliases),
    ("leadership", templates.leadership),
    ("descriptions", templates.described),
    ("borders", templates.neighbours),
    ("two groups named together", templates.coordinated_groups),
    ("event years", lambda f, g: timeline.event_years(f)),
    ("single-event years", lambda f, g: timeline.single_event_years(f)),
    ("timelines", lambda f, g: timeline.timelines(f)),
    ("alias matching", lambda f, g: matching.alias_matching(f)),
    ("local-name matching", lambda f, g: matching.local_name_matching(f, g)),
    ("leader matching", lambda f, g: matching.leader_matching(f)),
    ("place matching", lambda f, g: matching.place_matching(f)),
    ("figures", figures.figure_questions),
    ("causes and effects", causes.cause_effect_questions),
    ("names in causes and effects", causes.cause_effect_gaps),
    ("terms of causes", causes.cause_terms),
    ("comparisons", causes.comparison_questions),
    ("ranks", causes.rank_questions),
)


def _drafts(facts: Facts, gaz: Gazetteer) -> tuple[list[Draft], list[str]]:
    drafts: list[Draft] = []
    failures: list[str] = []
    for name, template in _TEMPLATES:
        try:
            drafts.extend(template(facts, gaz))
        except Exception as exc:  # noqa: BLE001 - one template's bug must not sink the bank
            failures.append(f"template '{name}' failed ({type(exc).__name__}: {exc}); "
                            f"its facts are not asked")
    return drafts, failures


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
    drafts, failures = _drafts(facts, gaz)
    selection = finalize(timeline.one_fact_per_happening(drafts, facts), facts, slug)
    questions = selection.questions
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
    return GenerationResult(Bank(info=info, questions=tuple(questions)), facts,
                            tuple(failures + selection.rejected), selection.fact_of,
                            selection.left_out, tuple(selection.candidates))
