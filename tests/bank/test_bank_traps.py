"""The traps the Peru text sets for a naive generator, pinned one by one."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from bank_quality import contains

from quizapp.bank.drafts import Draft
from quizapp.bank.gazetteer import load_gazetteer
from quizapp.bank.generator import GenerationResult
from quizapp.bank.schema import Question
from quizapp.bank.select import finalize


def _questions(result: GenerationResult, pattern: str) -> list[Question]:
    return [q for q in result.candidates if re.search(pattern, q.prompt)]


def test_the_group_in_the_may_2021_massacre_is_the_mpcp(peru: GenerationResult) -> None:
    massacre = _questions(peru, r"massacre")
    assert massacre
    for q in massacre:
        assert "Shining Path" not in q.prompt
        assert "MPCP" in q.prompt or "16 people" not in q.prompt
    assert any(q.prompt == "In what year did the MPCP massacre at least 16 people near the "
               "village of San Miguel del Ene?" for q in massacre)


def test_a_year_dating_several_things_is_never_asked_as_the_year_of_one(
    peru: GenerationResult,
) -> None:
    asked_years = {m.group(1) for q in peru.candidates
                   if (m := re.search(r"which of these happened in (\d{4})", q.prompt))}
    assert asked_years  # the template exists ...
    assert not asked_years & {"2015", "2017", "2021", "2022", "2023"}  # ... not for shared years


def test_no_country_bordering_to_the_north_is_a_wrong_option(peru: GenerationResult) -> None:
    north = _questions(peru, r"to the north")
    assert north
    for q in north:
        wrong = [c for c in q.choices if c != q.answer]
        assert not {"Ecuador", "Colombia"} & set(wrong)
        if q.type == "true_false" and ("Ecuador" in q.prompt or "Colombia" in q.prompt):
            assert q.answer is True


def test_the_quispe_palomino_brothers_stay_two_people(peru: GenerationResult) -> None:
    people = {e.name for e in peru.facts.catalog.of_kind("person")}
    assert {"Jorge Quispe Palomino", "Victor Quispe Palomino"} <= people
    alias = {q.prompt: q.answer for q in peru.candidates if q.type == "short_answer"}
    assert alias["By what alias was Jorge Quispe Palomino known?"] == "Raúl"
    assert alias["By what alias was Victor Quispe Palomino known?"] == "José"
    leader = "According to the profile, who led the Militarized Communist Party of Peru (MPCP)?"
    assert alias[leader] == "Victor Quispe Palomino"
    for q in peru.candidates:  # a shared surname is never accepted for either brother
        assert "Palomino" not in q.accept and "Quispe Palomino" not in q.accept


def test_aliases_are_not_people_of_their_own(peru: GenerationResult) -> None:
    people = {e.name for e in peru.facts.catalog.of_kind("person")}
    assert not people & {"Raúl", "José", "Comrade Artemio"}
    victor = [q for q in peru.candidates if q.answer == "Victor Quispe Palomino"]
    assert victor
    for q in victor:  # "Raúl’s brother, ____" with "Quispe Palomino" beside it is a give-away
        assert "Quispe Palomino" not in q.prompt
    leader = next(q for q in victor if q.type == "short_answer" and "led" in q.prompt)
    assert "José" in leader.accept


def test_ndrangheta_keeps_its_apostrophe(peru: GenerationResult) -> None:
    answers = {q.answer for q in peru.candidates if isinstance(q.answer, str)}
    assert "‘Ndrangheta" in answers
    assert "Ndrangheta" not in answers


def test_vague_dates_are_never_on_a_timeline(peru: GenerationResult) -> None:
    timelines = [q for q in peru.bank.questions if q.type == "ordering"]
    assert len(timelines) >= 3
    years = {e.statement: e.year for e in peru.facts.events}
    for q in timelines:
        assert isinstance(q.answer, list)
        dated = [years[item] for item in q.answer]
        assert dated == sorted(dated) and len(set(dated)) == len(dated)
        assert "earliest first" in q.prompt
        assert not any(re.search(r"\d{4}s|century|\d{4}", item) for item in q.answer)


def test_a_fact_told_twice_is_asked_once(peru: GenerationResult) -> None:
    statements = [e.statement for e in peru.facts.events]
    assert len([s for s in statements if "Guzmán died" in s]) == 1
    assert len([e for e in peru.facts.events if e.year == 1980]) == 1


def test_boilerplate_tail_is_gone(peru: GenerationResult) -> None:
    for q in peru.candidates:
        for phrase in ("What are your thoughts", "Creative Commons", "Click here"):
            assert phrase not in q.source.quote and phrase not in q.prompt


def test_sections_are_named(peru: GenerationResult) -> None:
    sections = {q.source.section for q in peru.bank.questions}
    assert sections <= {"Overview", "Geography", "History", "Criminal Groups",
                        "Security Forces", "Judicial System"}
    assert {"Overview", "Criminal Groups", "Security Forces", "Judicial System"} <= sections


def test_one_place_many_names(peru: GenerationResult) -> None:
    vraem = [q for q in peru.candidates if q.answer == "VRAEM" and q.type == "short_answer"]
    assert vraem and all("VRAE" in q.accept for q in vraem)
    huallaga = [q for q in peru.candidates if q.answer == "Alto Huallaga"]
    assert huallaga and all("Huallaga Valley" in q.accept for q in huallaga)


def test_typed_answers_accept_spanish_names_and_acronyms(peru: GenerationResult) -> None:
    mrta = [q for q in peru.candidates if q.answer == "Túpac Amaru Revolutionary Movement"
            and q.type == "cloze"]
    assert mrta and all({"MRTA", "Movimiento Revolucionario Túpac Amaru"} <= set(q.accept)
                        for q in mrta)
    guzman = [q for q in peru.candidates if q.answer == "Abimael Guzmán"
              and q.type == "short_answer"]
    assert guzman and all("Guzmán" in q.accept for q in guzman)


def test_back_references_are_resolved_in_prompts(peru: GenerationResult) -> None:
    for q in peru.candidates:
        if q.type in ("cloze", "multiple_choice", "short_answer"):
            assert not re.match(r"(This|These|It|Its|The group|At this time|In the same year)\b",
                                q.prompt.removeprefix("Which year fills the gap? ")
                                .removeprefix("Who fills the gap? ")), q.prompt
    cloze = next(q for q in peru.candidates if q.type == "cloze" and q.answer == "Ayacucho")
    assert cloze.prompt.startswith("The Shining Path’s insurgency began")


def test_leader_distractors_are_never_other_leaders_of_the_same_group(
    peru: GenerationResult,
) -> None:
    q = next(q for q in peru.candidates if q.type == "multiple_choice"
             and q.prompt == "According to the profile, who led the Shining Path?")
    assert q.answer == "Abimael Guzmán"
    assert "Florindo Eleuterio Flores" not in q.choices


def test_distractors_are_the_same_kind(peru: GenerationResult) -> None:
    people = {e.name for e in peru.facts.catalog.of_kind("person")}
    for q in peru.candidates:
        if q.type == "multiple_choice" and q.answer in people:
            assert all(len(c.split()) >= 2 for c in q.choices)  # people, not places or years
        if q.type == "multiple_choice" and re.fullmatch(r"\d{4}", str(q.answer)):
            assert all(re.fullmatch(r"\d{4}", c) for c in q.choices)


def test_time_bound_descriptions_are_not_asked(peru: GenerationResult) -> None:
    for q in _questions(peru, r"described in the profile"):
        assert not re.search(r"former|then-|sixth|latest", q.prompt)


def test_regions_come_from_the_gazetteer(peru: GenerationResult) -> None:
    q = next(q for q in peru.candidates if q.type == "multiple_choice"
             and q.answer == "Madre de Dios")
    wrong = [c for c in q.choices if c != "Madre de Dios"]
    assert all(contains(" ".join(r for r in _regions()), c) for c in wrong)


def _regions() -> tuple[str, ...]:
    from quizapp.bank.gazetteer import regions_of

    return regions_of("Peru")


def test_time_bound_phrases_are_dropped_from_event_statements(peru: GenerationResult) -> None:
    generated = [q for q in peru.candidates if q.type in ("short_answer", "true_false",
                                                              "ordering", "matching")]
    assert not [q.prompt for q in generated if "sixth president" in q.prompt]
    assert any(q.prompt == "In what year did Dina Boluarte become president?" for q in generated)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_figures_have_wrong_options_far_enough_and_on_the_false_side(
    peru: GenerationResult,
) -> None:
    figures = [q for q in peru.candidates if q.topic == "figures"]
    assert len(figures) >= 10
    for q in figures:
        answer = _number(str(q.answer))
        wrong = [_number(c) for c in q.choices if c != q.answer]
        assert all(abs(w - answer) >= 0.25 * answer or abs(w - answer) >= 20 for w in wrong)
        if re.search(r"(over|more than|at least) \$?____", q.prompt):
            assert all(w > answer for w in wrong), q.prompt  # "over 80,000" is true of 8,000


@pytest.mark.parametrize("name", ["peru", "ecuador"])
def test_wrong_options_come_from_the_answers_family(name: str, request: pytest.FixtureRequest
                                                    ) -> None:
    """A South American answer gets South American wrong options, a sea gets seas: an option
    from another continent or of another sort would give the answer away."""
    result: GenerationResult = request.getfixturevalue(name)
    gaz = load_gazetteer()
    checked = 0
    for q in result.candidates:
        family = gaz.family_of(str(q.answer))
        if q.type != "multiple_choice" or family not in ("South America", "seas"):
            continue
        checked += 1
        strangers = [c for c in q.choices if gaz.family_of(c) not in (family, "")]
        assert len(strangers) <= (1 if family == "seas" else 0), (q.prompt, q.choices)
    assert checked >= (5 if name == "peru" else 2)  # countries are asked by their borders


@pytest.mark.parametrize("name", ["peru", "ecuador"])
def test_no_person_is_offered_twice_under_two_names(name: str, request: pytest.FixtureRequest
                                                    ) -> None:
    """"Adolfo Macías Villamar" beside "José Adolfo Macías Villamar" would be two right answers."""
    result: GenerationResult = request.getfixturevalue(name)
    for q in result.candidates:
        if q.type != "multiple_choice":
            continue
        names = [set(c.casefold().split()) for c in q.choices]
        for a in names:
            assert not any(a < b for b in names if len(a) > 1), q.choices


def test_true_false_prompts_are_plain_statements(peru: GenerationResult) -> None:
    """The page and the exports ask "True or false?" themselves; the prompt is the statement."""
    statements = [q.prompt for q in peru.candidates if q.type == "true_false"]
    assert statements
    assert not [s for s in statements if s.casefold().startswith("true or false")]


def test_rewording_a_question_keeps_its_id(peru: GenerationResult) -> None:
    """Ids come from the fact, the answer and the quote: a better template wording must not
    cost students their progress or turn an Anki re-import into a duplicate note."""
    facts = peru.facts
    where = next(s.index for s in facts.sentences if "Abimael Guzmán" in s.text)
    draft = Draft("leaders", "short_answer", "Who led the Shining Path?", "Abimael Guzmán",
                  (where,), "leads:Abimael Guzmán")
    reworded = replace(draft, prompt="According to the profile, who founded and led the group?")
    before = finalize([draft], facts, "peru").questions
    after = finalize([reworded], facts, "peru").questions
    assert before and [q.key for q in before] == [q.key for q in after]


def test_a_role_without_a_name_is_asked_with_the_country(peru: GenerationResult) -> None:
    prompts = [q.prompt for q in peru.candidates if "defense minister" in q.prompt]
    assert prompts and all("Peru’s defense minister" in p or "____" in p or "The defense minister"
                           in p for p in prompts)
    assert ("In what year did Peru’s defense minister step down after allegedly pressuring "
            "military commanders into promoting allies of the then-president?") in prompts


def test_a_year_is_asked_with_what_the_event_followed(peru: GenerationResult) -> None:
    """A bare "In what year did the minister step down?" tests a date, not the reading."""
    asked = [q.prompt for q in peru.bank.questions if q.prompt.startswith("In what year")]
    assert any(" after " in p for p in asked)
    assert not [p for p in asked if re.search(r"\b(?:its|this|their)\b", p)]
