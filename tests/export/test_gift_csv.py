"""GIFT and CSV export: round trips through the importers, ordering comments, formula cells."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.export.csvfile import CSV_COLUMNS, bank_to_csv
from quizapp.export.gift import bank_to_gift
from quizapp.imports import parse_csv, parse_gift, parse_upload

INFO = SetInfo("peru", "Organized Crime in Peru", source=SetSource(title="Peru Profile",
                                                                     publisher="InSight Crime"))
ARTEMIO = "“Comrade Artemio”"
QUESTIONS = (
    Question("peru-leaders-artemio", "leaders", "multiple_choice",
             f"Who was known as {ARTEMIO}? {{sic}} a=b #1 ~ \\ :: end",
             "Florindo Eleuterio Flores", accept=("Artemio",),
             choices=("Jorge Quispe Palomino", "Florindo Eleuterio Flores",
                      "Victor Quispe Palomino"),
             explanation="Captured in 2012.\nSecond line #2",
             source=SourceRef("Criminal Groups", "…alias “Comrade Artemio.”"),
             tags=("shining-path", "two words")),
    Question("peru-dates-guzman-tf", "dates", "true_false", "Guzmán died in 2021.", False,
             explanation="He died in 2021: true."),
    Question("peru-dates-capture", "dates", "short_answer", "Year of Guzmán's capture?", "1992",
             accept=("92",)),
    Question("peru-regions-ayacucho", "regions", "cloze",
             "The insurgency began in the mountain town of ____.", "Ayacucho",
             accept=("Ayacucho town",)),
    Question("peru-dates-gap-at-end", "dates", "cloze", "Guzmán was captured in ____", "1992"),
    Question("peru-leaders-aliases", "Leaders/Aliases", "matching", "Match alias: person.",
             {"Comrade Artemio": "Florindo", "Raúl": "Jorge {Quispe}"}, tags=("[odd]",)),
    Question("peru:dates:order", "dates", "ordering", "Put these in order.",
             ["War declared", "Guzmán captured", "Guzmán dies"]),
    Question("peru-leaders-gap-first", "leaders", "cloze", "____ founded the Shining Path.",
             "Abimael Guzmán"),
)
BANK = Bank(INFO, QUESTIONS)


def test_gift_round_trip_is_exact_for_every_type_even_ordering() -> None:
    """Ordering questions come back from their comment block (Moodle skips it)."""
    parsed = parse_gift(bank_to_gift(BANK), slug_hint="peru")
    assert parsed.questions == QUESTIONS
    assert parsed.warnings == ()


def test_a_gap_at_either_end_is_written_as_moodle_writes_a_missing_word() -> None:
    """Text before the answer block (readers other than Moodle's need it) and Moodle's blank
    where the gap is; Moodle reads the same short answer either way."""
    text = bank_to_gift(BANK)
    assert "::peru-leaders-gap-first::[plain]_____ founded the Shining Path. {=Abimael Guzmán}" \
        in text
    assert "::peru-dates-gap-at-end::[plain]Guzmán was captured in _____ {=1992}" in text


def test_moodles_own_missing_word_export_reads_as_a_cloze() -> None:
    parsed = parse_gift("::q1::[moodle]The capital is _____ today. {=Lima =lima city}\n",
                        slug_hint="m")
    (question,) = parsed.questions
    assert (question.type, question.prompt) == ("cloze", "The capital is ____ today.")
    assert question.accept == ("lima city",)


def test_an_ordering_comment_without_its_data_is_named_in_a_warning() -> None:
    text = ("// ORDERING QUESTION, NOT IMPORTED BY MOODLE: GIFT has no ordering type.\n"
            "// Put in order: a, b, c\n\nCapital? {=Lima}\n")
    parsed = parse_gift(text, slug_hint="m")
    assert len(parsed.questions) == 1
    assert parsed.warnings == ("question 1 (line 1): an ordering question written as a comment "
                               "(GIFT has no ordering type), not imported: import the bank "
                               "YAML or CSV export to keep it",)


def test_gift_output_is_plain_moodle_gift() -> None:
    text = bank_to_gift(BANK)
    assert "$CATEGORY: $course$/top/peru/leaders\n" in text
    assert "// [id:peru-leaders-artemio] [tag:shining-path] [tag:two words]\n" in text
    assert ("::peru-dates-guzman-tf::[plain]Guzmán died in 2021. "
            "{FALSE####He died in 2021\\: true.}") in text
    assert ("::peru-regions-ayacucho::[plain]The insurgency began in the mountain town of "
            "{=Ayacucho =Ayacucho town}.") in text
    assert "\t=Comrade Artemio -> Florindo\n" in text
    assert "\\{sic\\} a\\=b \\#1 \\~ \\\\ \\:\\: end" in text


def test_ordering_questions_become_a_visible_comment_block() -> None:
    text = bank_to_gift(BANK)
    block = text[text.index("// ORDERING QUESTION"):].split("\n\n")[0]
    assert "GIFT has no ordering type" in block
    assert "// Put in order: Put these in order.\n//   1. War declared\n//   2. Guzmán captured\n" \
        "//   3. Guzmán dies" in block
    assert all(line.startswith("//") for line in block.strip().splitlines())


def test_gift_export_of_an_imported_moodle_file_reads_back_the_same() -> None:
    moodle = ("Grant is {~buried =entombed ~living} in Grant's tomb.\n\n"
              "Capital? {=Lima =lima city}\n")
    first = parse_gift(moodle, slug_hint="m")
    again = parse_gift(bank_to_gift(Bank(INFO, first.questions)), slug_hint="m")
    assert again.questions == first.questions


def test_csv_round_trip_is_exact_for_every_type() -> None:
    expected = [replace(q, explanation="") for q in QUESTIONS]  # CSV has no explanation column
    parsed = parse_upload("peru.csv", bank_to_csv(BANK).encode("utf-8"), slug_hint="peru")
    assert list(parsed.questions) == expected


def test_csv_header_and_cells() -> None:
    rows = list(csv.reader(io.StringIO(bank_to_csv(BANK))))
    assert tuple(rows[0]) == CSV_COLUMNS
    tf = dict(zip(CSV_COLUMNS, rows[2], strict=True))
    assert (tf["type"], tf["answer"]) == ("true_false", "false")
    matching = dict(zip(CSV_COLUMNS, rows[6], strict=True))
    assert matching["answer"] == "Comrade Artemio -> Florindo|Raúl -> Jorge {Quispe}"
    ordering = dict(zip(CSV_COLUMNS, rows[7], strict=True))
    assert ordering["answer"] == "War declared|Guzmán captured|Guzmán dies"


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
                                       "'=already quoted"])
def test_csv_neutralises_formulas_and_reads_them_back(dangerous: str) -> None:
    question = Question("q-1", "dates", "short_answer", dangerous, dangerous, accept=(dangerous,))
    text = bank_to_csv(Bank(INFO, (question,)))
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert cells[3] == "'" + dangerous
    (back,) = parse_csv(text, slug_hint="s").questions
    assert back == question


def test_csv_keeps_bars_inside_values() -> None:
    question = Question("q-1", "t", "multiple_choice", "Pick", "a|b", choices=("a|b", "c", "d"),
                        tags=("x|y",))
    (back,) = parse_csv(bank_to_csv(Bank(INFO, (question,))), slug_hint="s").questions
    assert back == question


def test_moodle_features_survive_a_gift_round_trip() -> None:
    """Weights, per-answer feedback, numeric ranges, rich prompts and category paths read back
    exactly from quizapp's own GIFT export."""
    from quizapp.bank.schema import Bank, SetInfo
    from quizapp.export.gift import bank_to_gift
    from quizapp.imports import parse_gift

    source = """\
$CATEGORY: $course$/top/Peru/Armed Groups

// [id:mr]
Which are Peruvian groups? {~%50%Shining Path#yes ~%50%MRTA ~%-100%FARC#Colombian}

// [id:mc]
Which seasons? {=spring =summer ~%-50%easter#not a season}

// [id:num]
Pi? {#=3.141..3.142#good =%50%3.1:0.1~#Count again}

// [id:tf]
[markdown]It is **true**. {T#No#Yes}

// [id:sa]
Born where? {=Bethlehem =%25%Nazareth#close}
"""
    first = parse_gift(source, slug_hint="s").questions
    exported = bank_to_gift(Bank(SetInfo(slug="s", title="S"), first))
    again = parse_gift(exported, slug_hint="s").questions
    assert again == first


def test_a_weight_moodle_does_not_grade_is_written_as_its_nearest_grade_and_kept_here() -> None:
    """37.5 % is no Moodle grade (its import would refuse the file): Moodle reads 40 %, and
    quizapp reads back the exact weight from its comment."""
    question = Question("q", "t", "multiple_response", "Which?", ["a", "b"], choices=("a", "b", "c"),
                        weights={"a": 37.5, "b": 62.5, "c": -100.0})
    text = bank_to_gift(Bank(SetInfo("s", "S"), (question,)))
    assert "~%40%a" in text and "~%60%b" in text and "%37.5%" not in text
    (back,) = parse_gift(text, slug_hint="s").questions
    assert back.weights == {"a": 37.5, "b": 62.5, "c": -100.0}
