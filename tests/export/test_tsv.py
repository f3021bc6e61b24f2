"""The tab-separated flashcard export, imported with the real Anki's "Import File" (CSV) code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection, ImportCsvRequest

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.export.tsv import bank_to_tsv, plain_field


def _q(key: str, qtype: str, prompt: str, answer: object, **kw: object) -> Question:
    return Question(key=key, topic="groups", type=qtype, prompt=prompt,
                    answer=answer, **kw)  # type: ignore[arg-type]


QUESTIONS = (
    _q("mc", "multiple_choice", "Which group <script>alert(1)</script> rose in 1980?",
       "Shining Path", choices=("MRTA", "Shining Path", "Los Pulpos")),
    _q("tf", "true_false", '"Los Pulpos" operate in Trujillo.', True),
    _q("sa", "short_answer", "What is MRTA short for?", "Túpac Amaru Revolutionary Movement",
       accept=("Tupac Amaru",)),
    _q("cz", "cloze", "#1 fact: Abimael ____ founded\tthe group.", "Guzmán"),
    _q("or", "ordering", "Put in order.", ["First", "Second", "Third"]),
    _q("ma", "matching", "Match alias to person.", {"Artemio": "Flores", "José": "Quispe"},
       choices=("Guzmán", "Ríos")),
    _q("nl", "short_answer", "Line one\nline two & more", "A & B"),
)
BANK = Bank(SetInfo(slug="peru", title="Peru"), QUESTIONS)

EXPECTED = [
    ("Which group ‹script›alert(1)‹/script› rose in 1980? — A. MRTA / B. Shining Path / "
     "C. Los Pulpos", "B. Shining Path"),
    ("True or false: “Los Pulpos” operate in Trujillo.", "True"),
    ("What is MRTA short for?", "Túpac Amaru Revolutionary Movement (also: Tupac Amaru)"),
    (" #1 fact: Abimael ____ founded the group.", "Guzmán"),
]


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def test_one_front_tab_back_line_per_question_and_nothing_else() -> None:
    lines = bank_to_tsv(BANK).split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(QUESTIONS)
    assert [tuple(line.split("\t")) for line in lines[:4]] == EXPECTED
    assert all(line.count("\t") == 1 for line in lines[:-1])  # Quizlet: term<TAB>definition


def test_ordering_and_matching_show_items_on_the_front_and_the_solution_on_the_back() -> None:
    lines = bank_to_tsv(BANK).split("\n")
    order_front, order_back = lines[4].split("\t")
    assert order_back == "1. First; 2. Second; 3. Third"
    assert order_front.startswith("Put in order. — ")
    assert "First / Second / Third" not in order_front  # scrambled
    match_front, match_back = lines[5].split("\t")
    assert match_back == "Artemio → Flores; José → Quispe; match nothing: Guzmán / Ríos"
    assert match_front.startswith("Match alias to person. — Artemio / José (match with: ")
    offered = match_front.split("(match with: ")[1].removesuffix(")").split(" / ")
    assert sorted(offered) == ["Flores", "Guzmán", "Quispe", "Ríos"]  # distractors among them


def test_anki_imports_every_line_as_plain_text_notes(col: Collection, tmp_path: Path) -> None:
    path = tmp_path / "peru.txt"
    path.write_text(bank_to_tsv(BANK), encoding="utf-8")
    metadata = col.get_csv_metadata(str(path), None)
    assert metadata.delimiter == metadata.TAB and not metadata.is_html
    assert list(metadata.column_labels) == ["", ""]  # no line taken as a header
    col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))

    notes = [col.get_note(nid) for nid in col.find_notes("")]
    fields = sorted((n["Front"], n["Back"]) for n in notes)
    assert len(fields) == len(QUESTIONS)
    assert (" #1 fact: Abimael ____ founded the group.", "Guzmán") in fields  # not a comment
    assert ("True or false: “Los Pulpos” operate in Trujillo.", "True") in fields
    assert ("Line one line two &amp; more", "A &amp; B") in fields  # & escaped: text, not HTML
    assert not any("<script" in front for front, _ in fields)


def test_each_back_cites_its_quote_section_and_the_profiles_credit() -> None:
    """CC BY-NC asks for attribution: a card copied into Quizlet keeps its source."""
    from support import peru_bank

    bank = peru_bank()
    lines = bank_to_tsv(bank).splitlines()
    assert len(lines) == len(bank.questions)
    for question, line in zip(bank.questions, lines, strict=True):
        back = line.split("\t")[1]
        assert back.endswith(f"({question.source.section}; Peru Profile — InSight Crime "
                             f"(CC BY-NC 4.0))"), back
        assert question.source.quote.split(" … ")[0][:30] in back
    first = bank.questions[0]
    assert lines[0].startswith(plain_field(first.prompt))
