"""Pure timeline building from "dates" questions and their quotes."""

from __future__ import annotations

from quizapp.atlas.timeline import DatedQuestion, build_timeline, headline, sentences

GUZMAN = ("The Shining Path went into a decline after its leader, Guzmán, was captured and "
          "imprisoned in 1992 — where he remained until his death in 2021 — and later split.")
MPCP = ("In May 2021, the group massacred at least 16 people near the village of San Miguel del "
        "Ene while an attack on police in February 2023 claimed the lives of seven officers.")
WAR = "The Shining Path guerrilla group launched its war against the state in 1980."
PINOCHET = "However, a crackdown in the 1970s by the military regime of Augusto Pinochet forced it."


def q(id: int, type: str, prompt: str, answer: object, quote: str) -> DatedQuestion:
    return DatedQuestion(id=id, type=type, prompt=prompt, answer=answer, quote=quote)


def test_year_answers_make_dated_events_in_order() -> None:
    timeline = build_timeline([
        q(1, "cloze", "Guzmán ... died in ____", "2021", GUZMAN),
        q(2, "short_answer", "In what year was Guzmán captured and imprisoned?", "1992", GUZMAN),
        q(3, "cloze", "launched its war against the state in ____", "1980", WAR),
    ])
    assert [(e.year, e.question_ids) for e in timeline.dated] == [(1980, [3]), (1992, [2]),
                                                                   (2021, [1])]
    assert timeline.approximate == [] and timeline.unplaced == []


def test_vague_dates_are_kept_off_the_axis() -> None:
    timeline = build_timeline([q(1, "cloze", "a crackdown in the ____", "1970s", PINOCHET),
                               q(2, "cloze", "war in ____", "1980", WAR)])
    assert [e.year for e in timeline.dated] == [1980]
    assert [(e.when, e.year) for e in timeline.approximate] == [("1970s", None)]
    assert timeline.approximate[0].sentence_parts() == (
        "However, a crackdown in the ", "1970s", " by the military regime of Augusto Pinochet "
        "forced it.")


def test_statements_name_the_event_and_false_ones_find_the_true_year() -> None:
    timeline = build_timeline([
        q(1, "multiple_choice", "According to the profile, which of these happened in 2021?",
          "the MPCP massacred at least 16 people", MPCP),
        q(2, "true_false", "In 2012, an attack on police claimed the lives of "
          "seven officers.", "False", MPCP),
        q(3, "true_false", "In 2023, the MPCP massacred at least 16 people.",
          False, MPCP),
    ])
    by_year = {e.year: e for e in timeline.dated}
    assert by_year[2021].title == "The MPCP massacred at least 16 people"
    assert by_year[2021].question_ids == [1, 3]
    assert by_year[2023].question_ids == [2]
    assert by_year[2023].title == "An attack on police claimed the lives of seven officers"


def test_ordering_items_join_the_events_their_phrases_name() -> None:
    quote = f"{WAR} … {GUZMAN}"
    timeline = build_timeline([
        q(1, "true_false", "True or false: In 1980, the Shining Path launched its war.", True, WAR),
        q(2, "ordering", "Put these events in order.",
          ["the Shining Path launched its war", "Guzmán was captured and imprisoned"], quote),
        q(3, "short_answer", "In what year was Guzmán captured and imprisoned?", "1992", GUZMAN),
    ])
    assert [(e.year, e.question_ids) for e in timeline.dated] == [(1980, [1, 2]), (1992, [2, 3])]


def test_questions_without_a_date_are_reported_unplaced() -> None:
    timeline = build_timeline([q(7, "matching", "Match", {"a": "b"}, WAR)])
    assert timeline.unplaced == [7] and timeline.dated == []


def test_sentences_split_on_full_stops_and_excerpt_marks() -> None:
    assert sentences("One. Two “three.” … Four") == ["One.", "Two “three.”", "Four"]


def test_a_target_year_is_not_an_event() -> None:
    """"a plan to cut coca cultivation in half by 2021" happened in 2017; 2021 was the aim."""
    plan = "In 2017, Peru’s government launched an ambitious plan to cut coca cultivation in half by 2021."
    timeline = build_timeline([
        q(1, "cloze", "In 2017, Peru’s government launched an ambitious plan to cut coca "
                      "cultivation in half by ____.", "2021", plan),
        q(2, "short_answer", "In what year did Peru’s government launch an ambitious plan to cut "
                             "coca cultivation in half by 2021?", "2017", plan),
    ])
    assert [(e.year, e.question_ids) for e in timeline.dated] == [(2017, [2])]


COCA = ("But by 2015, Colombia had taken back the title, following a 14% decline in Peru’s "
        "cultivations in 2014.")


def test_headlines_drop_connectives_and_their_own_date_and_end_at_a_word() -> None:
    timeline = build_timeline([
        q(1, "short_answer", "By what year had Colombia taken back the title?", "2015", COCA),
        q(2, "cloze", "a crackdown in the ____", "1970s", PINOCHET),
    ])
    coca = timeline.dated[0]
    assert coca.title == COCA  # no question phrases it: the sentence itself, not a cut copy
    assert headline(COCA, "2015") == ("Colombia had taken back the title, following a 14% "
                                      "decline in Peru’s…")
    assert coca.sentence == COCA
    assert timeline.approximate[0].title == timeline.approximate[0].sentence
    assert headline(timeline.approximate[0].sentence, "1970s") == ("A crackdown in the 1970s by the military regime "
                                             "of Augusto Pinochet forced it")


def test_short_headlines_are_not_cut_and_other_years_stay() -> None:
    assert headline(WAR, "1980") == ("The Shining Path guerrilla group launched its war "
                                     "against the state in 1980")
    assert headline(MPCP, "2021").startswith("The group massacred at least 16 people")
    assert headline(MPCP, "2021").endswith("Ene…")
    assert headline("In 2014, and yet more happened.", "2014") == "More happened"
