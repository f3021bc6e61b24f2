"""CSV import: every type from a spreadsheet, BOM, formula-prefix removal, errors by line."""

from __future__ import annotations

from pathlib import Path

import pytest

import quizapp
from quizapp.bank.schema import QUESTION_TYPES
from quizapp.imports import ImportFormatError, parse_csv, parse_upload
from quizapp.imports.csvfile import COLUMNS, OPTIONAL_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_question_type_from_the_documented_columns() -> None:
    parsed = parse_csv((FIXTURES / "peru_questions.csv").read_text("utf-8"), slug_hint="peru")
    mc, tf, short, cloze, ordering, matching = parsed.questions
    assert mc.choices == ("Florindo Eleuterio Flores", "Jorge Quispe Palomino",
                          "Victor Quispe Palomino")
    assert (mc.answer, mc.accept, mc.tags) == ("Florindo Eleuterio Flores", ("Artemio",),
                                               ("shining-path", "aliases"))
    assert mc.source.quote.startswith("…the 2012 capture")
    assert mc.source.section == "Criminal Groups"
    assert tf.answer is True
    assert (short.answer, short.accept) == ("1992", ("92",))
    assert (cloze.type, cloze.answer) == ("cloze", "Ayacucho")
    assert ordering.answer == ["Shining Path declares war", "Guzmán captured", "Guzmán dies"]
    assert matching.answer == {"Comrade Artemio": "Florindo Eleuterio Flores",
                               "Raúl": "Jorge Quispe Palomino"}
    assert parsed.info is None and parsed.warnings == ()
    assert len({q.key for q in parsed.questions}) == 6
    assert all(q.key.startswith("peru-") for q in parsed.questions)


def test_bom_is_accepted_and_id_column_kept() -> None:
    data = "\ufeffid,type,prompt,answer,topic\nq-1,short_answer,Year?,1992,dates\n".encode()
    (q,) = parse_upload("sheet.csv", data).questions
    assert (q.key, q.topic, q.prompt) == ("q-1", "dates", "Year?")


def test_latin1_bytes_are_refused_with_a_clear_message() -> None:
    data = "type,prompt,answer\nshort_answer,¿Quién?,Guzmán\n".encode("latin-1")
    with pytest.raises(ImportFormatError) as info:
        parse_upload("sheet.csv", data)
    assert info.value.line == 2
    assert "not UTF-8" in str(info.value) and "save it as UTF-8" in str(info.value)


def test_neutralised_formula_cells_are_restored() -> None:
    text = "type,prompt,answer,accept\nshort_answer,'=1+1 is?,'-2,'+two|@x\n"
    (q,) = parse_csv(text, slug_hint="s").questions
    assert (q.prompt, q.answer, q.accept) == ("=1+1 is?", "-2", ("+two", "@x"))


def test_an_apostrophe_that_is_not_a_neutraliser_is_kept() -> None:
    (q,) = parse_csv("type,prompt,answer\nshort_answer,'Tis?,'ok\n", slug_hint="s").questions
    assert (q.prompt, q.answer) == ("'Tis?", "'ok")


def test_escaped_bar_stays_inside_a_value() -> None:
    text = "type,prompt,answer,choices\nmultiple_choice,Pick,a|b,a\\|b|c|d\n"
    (q,) = parse_csv(text, slug_hint="s").questions
    assert q.choices == ("a|b", "c", "d") and q.answer == "a|b"


def test_every_bad_row_is_listed_by_line_and_nothing_is_imported() -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_csv((FIXTURES / "broken.csv").read_text("utf-8"), slug_hint="s")
    message = str(info.value)
    assert info.value.line == 3
    assert "3 problems, nothing imported" in message
    assert "line 3: a true_false answer must be true or false, not 'maybe'" in message
    assert "line 4: prompt is empty" in message
    assert "line 5: a matching pair must read 'left -> right', not 'C'" in message


def test_line_numbers_count_multiline_cells() -> None:
    text = 'type,prompt,answer\nshort_answer,"two\nlines",a\ntrue_false,Q,nope\n'
    with pytest.raises(ImportFormatError) as info:
        parse_csv(text, slug_hint="s")
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "missing column 'type'"),
        ("type,prompt\n", "missing column 'answer'"),
        ("type,prompt,answer,colour\n", "unknown column 'colour'"),
        ("type,prompt,answer,type\n", "column 'type' appears twice"),
    ],
)
def test_bad_headers_are_reported_on_line_1(text: str, words: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_csv(text, slug_hint="s")
    assert info.value.line == 1 and words in str(info.value)


def test_duplicate_ids_and_extra_cells_are_errors() -> None:
    text = ("id,type,prompt,answer\nx,short_answer,A,a\nx,short_answer,B,b\n"
            "y,short_answer,C,c,extra\n")
    with pytest.raises(ImportFormatError) as info:
        parse_csv(text, slug_hint="s")
    assert "line 3: duplicate id 'x'" in str(info.value)
    assert "line 4: the row has 5 cells but the header names 4" in str(info.value)


def test_blank_rows_are_ignored_and_type_spelling_is_forgiving() -> None:
    text = "type,prompt,answer\n\n,,\nTrue False,Sky is blue,TRUE\nShort-Answer,Q,a\n"
    tf, short = parse_csv(text, slug_hint="s").questions
    assert (tf.type, tf.answer, short.type) == ("true_false", True, "short_answer")


def test_the_sample_csv_shipped_with_the_app_imports_cleanly() -> None:
    """The sample linked from the import page: every type and column, no warnings."""
    sample = Path(quizapp.__file__).parent / "static" / "samples" / "questions-sample.csv"
    data = sample.read_bytes()
    parsed = parse_upload(sample.name, data, slug_hint="sample")
    assert parsed.warnings == ()
    assert sorted(q.type for q in parsed.questions) == sorted(QUESTION_TYPES)
    header = data.decode("utf-8").splitlines()[0].split(",")
    assert sorted(header) == sorted(COLUMNS + OPTIONAL_COLUMNS)
    assert all(q.key.startswith("sample-") for q in parsed.questions)
