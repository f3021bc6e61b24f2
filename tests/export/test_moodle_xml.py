"""Moodle XML export: each type as Moodle's XML reader expects it (ordering as its 4.4 type),
text escaped, and the download on the set page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quizapp.bank.schema import Bank, NumericRange, Question, SetInfo
from quizapp.export.moodle_xml import bank_to_moodle_xml, question_element

QUESTIONS = (
    Question("mc", "leaders", "multiple_choice", "Who <script>x</script>?", "Guzmán & co",
             choices=("Guzmán & co", "Artemio"), feedback={"Artemio": "Captured in 2012."}),
    Question("mr", "leaders", "multiple_response", "Which led it?", ["A", "B"],
             choices=("A", "B", "C")),
    Question("tf", "dates", "true_false", "It began in 1980.", True),
    Question("cz", "dates", "cloze", "____ founded it.", "Guzmán", accept=("Guzman",)),
    Question("nu", "dates", "short_answer", "Year?", "1992",
             numeric=(NumericRange("1992", "1992"), NumericRange("1990", "1994", 50.0))),
    Question("ma", "regions", "matching", "Match.", {"VRAEM": "coca", "Lima": "capital"}),
    Question("or", "regions", "ordering", "Order.", ["a", "b", "c"]),
)
TEXT = bank_to_moodle_xml(Bank(SetInfo("peru", "Peru"), QUESTIONS))
QUIZ = ET.fromstring(TEXT)


def _question(name: str) -> ET.Element:
    return next(q for q in QUIZ.iter("question") if q.findtext("name/text") == name)


def _answers(name: str) -> list[tuple[str | None, str | None]]:
    return [(a.get("fraction"), a.findtext("text")) for a in _question(name).iter("answer")]


def test_each_type_is_written_as_moodles_type() -> None:
    types = {q.findtext("name/text"): q.get("type") for q in QUIZ.iter("question")}
    assert types == {None: "category", "mc": "multichoice", "mr": "multichoice",
                     "tf": "truefalse", "cz": "shortanswer", "nu": "numerical",
                     "ma": "matching", "or": "ordering"}
    categories = [q.findtext("category/text") for q in QUIZ.iter("question")
                  if q.get("type") == "category"]
    assert categories == ["$course$/top/peru/leaders", "$course$/top/peru/dates",
                          "$course$/top/peru/regions"]


def test_choices_carry_fractions_feedback_and_escaped_html() -> None:
    assert _question("mc").findtext("single") == "true"
    assert _answers("mc") == [("100", "Guzmán &amp; co"), ("0", "Artemio")]
    assert _question("mc").findtext("questiontext/text") == "Who &lt;script&gt;x&lt;/script&gt;?"
    feedback = [a.findtext("feedback/text") for a in _question("mc").iter("answer")]
    assert feedback == ["", "Captured in 2012."]
    assert _question("mr").findtext("single") == "false"
    assert _answers("mr") == [("50", "A"), ("50", "B"), ("-50", "C")]


def test_typed_answers_numbers_and_pairs() -> None:
    assert _answers("tf") == [("100", "true"), ("0", "false")]
    assert _question("cz").findtext("questiontext/text") == "_____ founded it."
    assert _answers("cz") == [("100", "Guzmán"), ("100", "Guzman")]
    tolerances = [a.findtext("tolerance") for a in _question("nu").iter("answer")]
    assert _answers("nu") == [("100", "1992"), ("50", "1992")] and tolerances == ["0", "2"]
    pairs = [(s.findtext("text"), s.findtext("answer/text"))
             for s in _question("ma").iter("subquestion")]
    assert pairs == [("VRAEM", "coca"), ("Lima", "capital")]


def test_a_typed_star_is_escaped_as_moodle_reads_a_wildcard() -> None:
    question = Question("st", "dates", "short_answer", "Five times three?", "5*3",
                        accept=("*",), feedback={"*": "Try again."})
    answers = [(a.get("fraction"), a.findtext("text"))
               for a in question_element(question).iter("answer")]
    assert answers == [("100", "5\\*3"), ("100", "\\*"), ("0", "*")]


def test_a_weight_moodle_refuses_is_written_as_its_nearest_grade_and_named() -> None:
    question = Question("w", "dates", "multiple_choice", "Q?", "a", choices=("a", "b", "c"),
                        weights={"b": 37.0, "c": 33.333333})
    text = ET.tostring(question_element(question), encoding="unicode")
    fractions = [a.get("fraction") for a in ET.fromstring(text).iter("answer")]
    assert fractions == ["100", "40", "33.333333"]
    assert "<!-- quizapp weight 37%, written as the nearest grade Moodle accepts -->" in text


def test_the_category_tag_is_the_category_not_a_moodle_tag_too() -> None:
    question = Question("c", "tomb", "true_false", "Q?", True,
                        tags=("moodle-docs", "category:Ulysses Grant/Tomb"))
    text = bank_to_moodle_xml(Bank(SetInfo("peru", "Peru"), (question,)))
    quiz = ET.fromstring(text)
    assert quiz.findtext("question/category/text") == "$course$/top/Ulysses Grant/Tomb"
    assert [t.text for t in quiz.iterfind("question/tags/tag/text")] == ["moodle-docs"]


def test_an_id_longer_than_moodles_idnumber_column_is_left_to_the_name() -> None:
    element = question_element(Question("k" * 101, "dates", "true_false", "Q?", True))
    assert element.find("idnumber") is None and element.findtext("name/text") == "k" * 101


def test_an_ordering_question_is_moodles_ordering_type_graded_by_relative_order() -> None:
    assert _answers("or") == [("1", "a"), ("2", "b"), ("3", "c")]
    assert _question("or").findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    assert (_question("or").findtext("selecttype"), _question("or").findtext("selectcount")) == (
        "ALL", "0")


def test_the_set_page_offers_the_download(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(Bank(SetInfo("mine", "Mine"), QUESTIONS[:3]), owner_id=ana.user.id, status="draft")
    assert "/instructor/sets/mine/export.xml" in ana.get("/instructor/sets/mine").get_data(
        as_text=True)
    response = ana.get("/instructor/sets/mine/export.xml")
    assert response.headers["Content-Disposition"] == 'attachment; filename="mine.xml"'
    assert response.mimetype == "application/xml"
    assert len(ET.fromstring(response.data).findall("question")) == 5
