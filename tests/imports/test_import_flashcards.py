"""Plain-text flashcards as Anki and Quizlet export them: front/back, separators, Anki's
headers (with the real Anki library's own export), and a .txt that is no GIFT."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection, DeckIdLimit

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.export.tsv import bank_to_tsv
from quizapp.imports import ImportFormatError, parse_upload


def _anki_export(tmp_path: Path, *, with_html: bool) -> bytes:
    """Two notes exported by Anki's own "Notes in Plain Text" (headers, quoting, tags)."""
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        deck = col.decks.id("Peru::Leaders")
        model = col.models.by_name("Basic (and reversed card)")
        for front, back, tags in (("Who led <b>the</b> Shining Path?", 'Abimael Guzmán, "Gonzalo"',
                                   ["peru", "leaders"]),
                                  ("Capital\tof Peru", "Lima;<br>city", [])):
            note = col.new_note(model)
            note["Front"], note["Back"], note.tags = front, back, tags
            col.add_note(note, deck)
        out = tmp_path / "notes.txt"
        col.export_note_csv(out_path=str(out), limit=DeckIdLimit(deck), with_html=with_html,
                            with_tags=True, with_deck=True, with_notetype=True, with_guid=True)
        return out.read_bytes()
    finally:
        col.close()


def test_ankis_plain_text_export_imports_front_back_deck_and_tags(tmp_path) -> None:
    parsed = parse_upload("notes.txt", _anki_export(tmp_path, with_html=True), slug_hint="deck")
    first, second = parsed.questions
    assert (first.prompt, first.answer) == ("Who led the Shining Path?",
                                            'Abimael Guzmán, "Gonzalo"')
    assert first.prompt_html == "Who led <b>the</b> Shining Path?"
    assert (first.topic, sorted(first.tags), first.type) == ("leaders", ["leaders", "peru"],
                                                             "short_answer")
    assert (second.prompt, second.answer) == ("Capital of Peru", "Lima;\ncity")


def test_reimporting_an_edited_anki_export_keeps_each_notes_key(tmp_path) -> None:
    """The guid column is the key, so importing a newer export into the set updates."""
    data = _anki_export(tmp_path, with_html=False)
    first = parse_upload("notes.txt", data, slug_hint="deck")
    edited = data.decode().replace("Lima; city", "Lima").encode()
    again = parse_upload("renamed.txt", edited, slug_hint="other-name")
    assert [q.key for q in first.questions] == [q.key for q in again.questions]
    assert again.questions[1].answer == "Lima"


def test_our_tsv_export_imports_back_one_card_per_question() -> None:
    questions = (
        Question("q1", "leaders", "short_answer", "Who founded the Shining Path?", "Guzmán",
                 source=SourceRef("History", "Guzmán founded it.")),
        Question("q2", "dates", "true_false", "It began in 1980.", True),
    )
    bank = Bank(SetInfo("peru", "Peru", source=SetSource(title="Profile")), questions)
    parsed = parse_upload("peru.txt", bank_to_tsv(bank).encode(), slug_hint="peru")
    assert [q.prompt for q in parsed.questions] == ["Who founded the Shining Path?",
                                                    "True or false: It began in 1980."]
    assert parsed.questions[0].answer.startswith("Guzmán")


def test_a_quizlet_txt_is_read_as_flashcards_not_gift() -> None:
    quizlet = "Lima\tcapital of Peru\nCusco\tInca capital, in the south\n"
    parsed = parse_upload("quizlet.txt", quizlet.encode(), slug_hint="quizlet")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Lima", "capital of Peru"), ("Cusco", "Inca capital, in the south")]


@pytest.mark.parametrize(("separator", "text"), [
    ("comma", "Lima,capital of Peru\nCusco,Inca capital\n"),
    (";", "Lima;capital of Peru\nCusco;Inca capital\n"),
])
def test_a_chosen_separator_splits_front_and_back(separator, text) -> None:
    parsed = parse_upload("cards.txt", text.encode(), slug_hint="q", separator=separator)
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Lima", "capital of Peru"), ("Cusco", "Inca capital")]


def test_a_card_without_a_back_is_refused_naming_its_line() -> None:
    with pytest.raises(ImportFormatError, match="line 2"):
        parse_upload("cards.tsv", b"Lima\tcapital\nCusco with no back\n", slug_hint="q")


def test_gift_in_a_txt_file_is_still_gift() -> None:
    parsed = parse_upload("moodle.txt", b"Capital of Peru? {=Lima}\n", slug_hint="m")
    assert parsed.questions[0].type == "short_answer" and parsed.questions[0].answer == "Lima"
