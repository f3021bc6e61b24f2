"""Moodle XML import: each type as Moodle's reader reads it, what is skipped and why, hostile
files refused, and our own export read back as the same questions."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quizapp.bank.schema import OTHER_ANSWER, Bank, NumericRange, Question, SetInfo
from quizapp.export.moodle_xml import bank_to_moodle_xml
from quizapp.imports import ImportFormatError, ParsedImport, parse_upload
from quizapp.imports.apkg_media import in_set
from quizapp.imports.moodle_xml import parse_moodle_xml

FIXTURES = Path(__file__).parent / "fixtures" / "moodle_xml"


def upload(name: str) -> ParsedImport:
    return parse_upload(name, (FIXTURES / name).read_bytes(), slug_hint="peru")


@pytest.fixture(scope="module")
def parsed() -> ParsedImport:
    return upload("questions.xml")


def by_prompt(parsed: ParsedImport, start: str) -> Question:
    (question,) = [q for q in parsed.questions if q.prompt.startswith(start)]
    return question


def test_single_choice_keeps_partial_credit_feedback_and_sanitized_html(parsed) -> None:
    q = by_prompt(parsed, "Who founded")
    assert (q.key, q.type, q.topic) == ("mc1", "multiple_choice", "leaders")
    assert q.prompt == "Who founded Shining Path?"
    assert q.prompt_html == "<p>Who founded <b>Shining Path</b>?</p>"
    assert q.choices == ("Abimael Guzmán", "Guzmán & Iparraguirre", "Víctor Polay")
    assert q.answer == "Abimael Guzmán"
    assert q.weights == {"Guzmán & Iparraguirre": 50.0}
    assert q.feedback == {"Abimael Guzmán": "Right.",
                          "Guzmán & Iparraguirre": "Half: he founded it alone."}
    assert q.explanation == "Guzmán founded it in 1969."
    assert q.tags == ("founders", "exam 1", "category:Default for Peru/Leaders")


def test_several_full_answers_stay_right_and_a_fixed_order_is_named(parsed) -> None:
    q = by_prompt(parsed, "Which are seasons?")
    assert (q.answer, q.weights) == ("spring", {"summer": 100.0})
    assert any("'Two right answers, fixed order', line 39: the options' fixed order" in w
               for w in parsed.warnings)


def test_single_false_is_multiple_response_with_its_fractions(parsed) -> None:
    q = by_prompt(parsed, "Which colours")
    assert (q.type, q.answer) == ("multiple_response", ["red", "white"])
    assert q.weights == {"red": 50.0, "white": 50.0, "blue": -100.0}
    assert q.feedback == {"red": "Yes.", "blue": "No blue."}


def test_true_false_reads_the_fractions_and_both_feedbacks(parsed) -> None:
    q = by_prompt(parsed, "The war began")
    assert (q.type, q.answer, q.topic) == ("true_false", False, "dates")
    assert q.prompt == "The war began in 1980.\nIt ended in 2000."  # moodle_auto_format lines
    assert q.feedback == {"true": "No: it never formally ended.", "false": "Right."}


def test_short_answer_accepts_full_answers_weights_partial_ones_and_any_other(parsed) -> None:
    q = by_prompt(parsed, "Who was captured")
    assert q.prompt == "Who was captured in 1992? (a <b> is text here)"  # plain_text format
    assert (q.type, q.answer, q.accept) == ("short_answer", "Abimael Guzmán",
                                            ("Guzman", "Gonzalo"))
    assert q.weights == {"Gonzalo": 50.0}
    assert q.feedback[OTHER_ANSWER] == "Think of 12 September 1992."


def test_moodles_missing_word_is_a_cloze_and_case_sensitivity_is_named(parsed) -> None:
    q = by_prompt(parsed, "____ founded")
    assert (q.type, q.prompt, q.answer) == ("cloze", "____ founded Shining Path.", "Guzmán")
    assert any("'missing word'" in w and "case-sensitive" in w for w in parsed.warnings)


def test_numerical_tolerances_become_ranges_with_feedback(parsed) -> None:
    q = by_prompt(parsed, "In which year")
    assert (q.type, q.answer) == ("short_answer", "1992")
    assert q.numeric == (NumericRange("1992", "1992"), NumericRange("1990", "1994", 50.0))
    assert q.feedback == {"1992": "Exactly.", "1990..1994": "Close.",
                          OTHER_ANSWER: "Later than you think."}
    assert any("'nu'" in w and "units are not kept" in w for w in parsed.warnings)
    assert by_prompt(parsed, "What is pi").numeric == (NumericRange("3.135", "3.145"),)


def test_matching_keeps_pairs_and_text_less_subquestions_as_distractors(parsed) -> None:
    q = by_prompt(parsed, "Match each region")
    assert (q.type, q.topic) == ("matching", "regions")
    assert q.answer == {"VRAEM": "coca", "Lima": "capital", "Ayacucho": "origin of the war"}
    assert q.choices == ("fishing",)  # "coca" is already a pair's answer
    assert any("'ma'" in w and "the item 'Cusco' has no match" in w for w in parsed.warnings)


def test_an_ordering_takes_its_items_in_the_order_of_their_fractions(parsed) -> None:
    q = by_prompt(parsed, "Put the events in order.")
    assert q.type == "ordering"
    assert q.answer == ["Shining Path is founded", "The war begins", "Guzmán is captured",
                        "The truth commission reports"]
    assert any("'Order of events'" in w and "Moodle shows 3 of its 4 items" in w
               for w in parsed.warnings)


def test_a_cloze_with_one_gap_maps_to_its_type(parsed) -> None:
    short = by_prompt(parsed, "Shining Path was founded in")
    assert (short.type, short.prompt) == ("cloze", "Shining Path was founded in ____.")
    assert (short.answer, short.accept, short.weights) == ("Ayacucho", ("Huamanga",),
                                                           {"Huamanga": 50.0})
    assert short.feedback == {"Ayacucho": "Right", "Huamanga": "The old name"}
    choice = by_prompt(parsed, "Its leader was")
    assert (choice.type, choice.prompt, choice.answer) == ("multiple_choice",
                                                           "Its leader was ____.", "Guzmán")
    assert choice.choices == ("Polay", "Guzmán", "Fujimori")
    number = by_prompt(parsed, "Guzmán was captured in")
    assert (number.type, number.answer) == ("cloze", "1992")
    assert number.numeric == (NumericRange("1992", "1992"), NumericRange("1990", "1994", 50.0))


def test_what_has_no_quizapp_type_is_skipped_naming_question_line_and_type(parsed) -> None:
    skipped = [w for w in parsed.warnings if w.endswith("skipped")]
    assert skipped == [
        "question 13 'cloze two gaps', line 134: a cloze with 2 gaps: quizapp's cloze has "
        "exactly one, skipped",
        "question 15 'Essay on causes', line 149: essay questions (graded by hand) are not "
        "supported, skipped",
        "question 16 'Intro', line 153: descriptions (text without a question) are not "
        "supported, skipped",
        "question 17 'Calculated one', line 157: Moodle's 'calculated' questions have no "
        "quizapp type, skipped",
        "question 18 'Drag words', line 161: Moodle's 'ddwtos' questions have no quizapp "
        "type, skipped",
    ]
    assert len(parsed.questions) == 14


def test_an_embedded_image_is_kept_for_the_set_and_one_that_is_no_image_is_left_out(
        parsed) -> None:
    q = by_prompt(parsed, "Who is shown here?")
    (image,) = parsed.media
    assert (image.name, image.content_type) == ("guzman_portrait.png", "image/png")
    assert q.prompt_html == (f'<p>Who is shown here? <img src="/media/_/{image.sha256}" '
                             'alt="portrait">  </p>')
    assert [w.split(": ", 1)[1] for w in parsed.warnings if "'with image'" in w] == [
        "the embedded file 'tick.png' outside the question text is not imported",
        "the image 'evil.svg' is not a PNG, JPEG, GIF or WebP image (SVG is not accepted), "
        "left out",
        "the image 'missing.png' is not embedded in the file, left out",
    ]


@pytest.mark.parametrize(("name", "message"), [
    ("billion_laughs.xml", "declares XML entities"),
    ("external_entity.xml", "declares XML entities or refers to external files"),
    ("not_xml.xml", "line 1: this is not well-formed XML"),
    ("wrong_root.xml", "a Moodle XML file has a <quiz> root element, not <rss>"),
    ("empty_quiz.xml", "no question quizapp can import: question 1 'Only an essay', line 4: "
                       "essay questions"),
])
def test_hostile_or_empty_files_are_refused_with_a_reason(name: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message):
        upload(name)


def test_a_choice_question_without_a_full_answer_is_an_error_naming_it() -> None:
    text = ('<quiz><question type="multichoice"><name><text>Bad</text></name>'
            '<questiontext><text>Q?</text></questiontext><single>true</single>'
            '<answer fraction="50"><text>a</text></answer>'
            '<answer fraction="0"><text>b</text></answer></question></quiz>')
    with pytest.raises(ImportFormatError, match="question 1 'Bad', line 1: .* worth 100%"):
        parse_moodle_xml(text, slug_hint="x")


def test_a_true_false_question_without_answers_is_an_error_naming_it() -> None:
    text = ('<quiz><question type="truefalse"><name><text>Bare</text></name>'
            '<questiontext><text>Q?</text></questiontext></question></quiz>')
    with pytest.raises(ImportFormatError, match="question 1 'Bare', line 1: .*true and false"):
        parse_moodle_xml(text, slug_hint="x")


def test_more_questions_than_the_limit_are_refused() -> None:
    one = ('<question type="truefalse"><questiontext><text>Q?</text></questiontext>'
           '<answer fraction="100"><text>true</text></answer></question>')
    with pytest.raises(ImportFormatError, match="more than 2 questions"):
        parse_moodle_xml(f"<quiz>{one * 3}</quiz>", slug_hint="x", max_questions=2)


def test_a_quiz_document_is_recognised_by_its_content_too() -> None:
    data = (FIXTURES / "questions.xml").read_bytes()
    assert len(parse_upload("questions.txt", data).questions) == 14
    with pytest.raises(ImportFormatError, match="<quiz> root"):
        parse_upload("feed.xml", (FIXTURES / "wrong_root.xml").read_bytes())


EXPORTED = (
    Question("mc", "leaders", "multiple_choice", "Who <script>x</script>?", "Guzmán & co",
             choices=("Guzmán & co", "Artemio", "Polay"), explanation="Line one\nline two",
             weights={"Polay": 25.0}, feedback={"Artemio": "Captured in 2012."}),
    Question("mr", "leaders", "multiple_response", "Which led it?", ["A", "B"],
             choices=("A", "B", "C"), feedback={"C": "No."}),
    Question("tf", "dates", "true_false", "It began in 1980.", True,
             feedback={"true": "Yes.", "false": "No, it did."}),
    Question("sa", "dates", "short_answer", "Who?", "Guzmán", accept=("Guzman", "Gonzalo"),
             weights={"Gonzalo": 50.0}, feedback={OTHER_ANSWER: "Think again."}),
    Question("cz", "dates", "cloze", "____ founded it.", "Guzmán", accept=("Guzman",)),
    Question("nu", "dates", "short_answer", "Year?", "1992",
             numeric=(NumericRange("1992", "1992"), NumericRange("1990", "1994", 50.0)),
             feedback={"1990..1994": "Close."}),
    Question("ma", "regions", "matching", "Match.", {"VRAEM": "coca", "Lima": "capital"}),
    Question("rich", "regions", "short_answer", "A bold claim", "yes",
             prompt_html="<p>A <b>bold</b> claim</p>"),
    Question("or", "regions", "ordering", "Order.", ["a <b>", "b & c", "d"],
             explanation="First a."),
)


def test_our_moodle_xml_export_reads_back_as_the_same_questions() -> None:
    bank = Bank(SetInfo("peru", "Peru"), EXPORTED)
    back = parse_moodle_xml(bank_to_moodle_xml(bank), slug_hint="peru")
    assert back.warnings == ()
    assert [_fields(q) for q in back.questions] == [_fields(q) for q in EXPORTED]


def _fields(q: Question) -> tuple[object, ...]:
    return (q.key, q.topic, q.type, q.prompt, q.answer, q.accept, q.choices, q.explanation,
            q.weights, q.feedback, q.numeric, q.prompt_html)


def test_moodles_escaped_star_is_a_star_and_a_wildcard_is_kept_and_named() -> None:
    text = ('<quiz><question type="shortanswer"><name><text>stars</text></name>'
            '<questiontext><text>Five times three?</text></questiontext>'
            '<answer fraction="100"><text>5\\*3</text></answer>'
            '<answer fraction="100"><text>fif*</text></answer></question></quiz>')
    parsed = parse_moodle_xml(text, slug_hint="x")
    assert (parsed.questions[0].answer, parsed.questions[0].accept) == ("5*3", ("fif*",))
    assert parsed.warnings == ("question 1 'stars', line 1: the wildcard * in the answer "
                               "'fif*' is kept as a plain *",)


def test_the_upload_page_takes_moodle_xml_and_lists_what_it_skipped(app, user_client) -> None:
    ana = user_client("instructor")
    page = ana.get("/instructor/import").get_data(as_text=True)
    assert ".xml" in page and "Moodle XML" in page
    form = {"file": (io.BytesIO((FIXTURES / "questions.xml").read_bytes()), "questions.xml"),
            "target": "", "title": "From Moodle", "separator": ""}
    response = ana.post("/instructor/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = ana.get(response.location).get_data(as_text=True)
    assert "14</strong> new questions" in preview and "Essay on causes" in preview
    done = ana.post(response.location)
    assert done.location.endswith("/instructor/sets/from-moodle")
    assert "Put the events in order." in ana.get(done.location).get_data(as_text=True)
    (image,) = upload("questions.xml").media
    served = ana.get(f"/media/from-moodle/{image.sha256}")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", image.data)


def test_an_exported_image_is_embedded_as_moodle_does_and_reads_back() -> None:
    image = upload("questions.xml").media[0]
    shown = (f'<p>Whose portrait? <img src="/media/peru/{image.sha256}" alt="him"> '
             f'<img src="/media/peru/{"0" * 64}" alt="gone"></p>')
    question = Question("img", "leaders", "short_answer", "Whose portrait?", "Guzmán",
                        prompt_html=shown)
    text = bank_to_moodle_xml(Bank(SetInfo("peru", "Peru"), (question,)), media=(image,))
    written = ET.fromstring(text).find("question[@type='shortanswer']/questiontext")
    assert written is not None
    assert written.findtext("text") == (
        '<p>Whose portrait? <img src="@@PLUGINFILE@@/guzman_portrait.png" alt="him"> </p>')
    (file,) = written.iterfind("file")  # an image the set does not hold means nothing to Moodle
    assert (file.get("name"), file.get("encoding")) == ("guzman_portrait.png", "base64")
    back = parse_moodle_xml(text, slug_hint="peru")
    assert back.media == (image,)
    (read,) = in_set(back.questions, "peru")
    assert read.prompt_html == (f'<p>Whose portrait? <img src="/media/peru/{image.sha256}" '
                                'alt="him"> </p>')


@pytest.mark.parametrize("fraction", ["NaN", "Infinity", "lots"])
def test_a_fraction_that_is_no_number_is_an_error_naming_the_question(fraction: str) -> None:
    text = ('<quiz><question type="multichoice"><name><text>Odd</text></name>'
            '<questiontext><text>Q?</text></questiontext>'
            f'<answer fraction="{fraction}"><text>a</text></answer>'
            '<answer fraction="100"><text>b</text></answer></question></quiz>')
    with pytest.raises(ImportFormatError, match=f"question 1 'Odd', line 1: the answer "
                                                f"fraction '{fraction}' is not a number"):
        parse_moodle_xml(text, slug_hint="x")
