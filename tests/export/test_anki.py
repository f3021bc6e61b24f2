"""The .apkg export, checked by importing it into a fresh collection with the real Anki library."""

from __future__ import annotations

import ast
import dataclasses
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import genanki
import pytest
from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportLogWithChanges,
)
from anki.consts import MODEL_CLOZE, QUEUE_TYPE_NEW, QUEUE_TYPE_SUSPENDED
from anki.notes import Note
from hypothesis import given, settings
from hypothesis import strategies as st
from media.media_helpers import png, sha256

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.export import anki as anki_export
from quizapp.export.anki import ExportOptions, deck_name, write_apkg
from quizapp.imports import parse_apkg
from quizapp.imports.apkg_media import in_set
from quizapp.imports.common import MediaFile

ATTRIBUTION = "Peru Profile — InSight Crime (CC BY-NC 4.0)"
T1 = 1_700_000_000.0
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def _q(key: str, topic: str, qtype: str, prompt: str, answer: object, **kw: object) -> Question:
    quote = f"Quote for {key} from the profile."
    return Question(key=key, topic=topic, type=qtype, prompt=prompt, answer=answer,  # type: ignore[arg-type]
                    source=SourceRef(section="History", quote=quote), **kw)  # type: ignore[arg-type]


QUESTIONS = (
    _q("mc-1", "groups", "multiple_choice", f"Which group {SCRIPT} led the insurgency?",
       "Shining Path", choices=("MRTA", "Shining Path", "Los Pulpos"), tags=("drug trafficking",)),
    _q("mc-2", "leaders", "multiple_choice", "Who is 'Comrade Artemio'?",
       "Florindo Flores", choices=("Florindo Flores", "Abimael Guzmán", "Victor Quispe")),
    _q("tf-1", "dates", "true_false", "Guzmán was captured in 1992.", True),
    _q("tf-2", "regions", "true_false", f"The VRAEM {IMG} is in Chile.", False,
       explanation="It is in Peru."),
    _q("sa-1", "groups", "short_answer", "Which movement is abbreviated MRTA?",
       "Túpac Amaru Revolutionary Movement", accept=("MRTA", "Tupac Amaru")),
    _q("sa-2", "regions", "short_answer", "Name the valley region known as VRAEM.",
       "Apurímac, Ene and Mantaro River Valley"),
    _q("cz-1", "leaders", "cloze", "Abimael ____ founded the Shining Path.", "Guzmán",
       accept=("Guzman",)),
    _q("cz-2", "dates", "cloze", "The insurgency began in ____ in Ayacucho {{c2::x}}.", "1980"),
    _q("or-1", "dates", "ordering", "Put these events in order.",
       ["Insurgency begins", "Guzmán captured", "VRAEM offensive"]),
    _q("or-2", "groups", "ordering", "Order by founding date.", ["A", "B", "C", "D"]),
    _q("ma-1", "leaders", "matching", "Match each alias to the person.",
       {"Artemio": "Florindo Flores", "José": "Victor Quispe"}),
    _q("ma-2", "regions", "matching", "Match region to feature.",
       {"VRAEM": "Coca", "Putumayo": "Border", "Lima": "Capital"}),
)
SOURCE = SetSource(title="Peru Profile", publisher="InSight Crime", license="CC BY-NC 4.0")
BANK = Bank(SetInfo(slug="peru", title="Peru: Organized Crime", source=SOURCE), QUESTIONS)
OTHER = Bank(SetInfo(slug="peru-extra", title="Peru Extra", source=SOURCE),
             (_q("x-1", "groups", "true_false", "Los Pulpos operate in Trujillo.", True),))


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def _export(tmp_path: Path, banks: list[Bank], options: ExportOptions, name: str = "a") -> Path:
    path = tmp_path / f"{name}.apkg"
    write_apkg(banks, path, options=options)
    return path


def _import(col: Collection, apkg: Path) -> ImportLogWithChanges:
    options = ImportAnkiPackageOptions(with_scheduling=True)
    request = ImportAnkiPackageRequest(package_path=str(apkg), options=options)
    return col.import_anki_package(request)


def _notes(col: Collection) -> dict[str, Note]:
    """Imported notes by question key."""
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return {note["Key"]: note for note in notes}


@pytest.fixture
def imported(col: Collection, tmp_path: Path) -> dict[str, Note]:
    _import(col, _export(tmp_path, [BANK], ExportOptions(timestamp=T1)))
    return _notes(col)


def test_every_question_becomes_one_note_in_its_topic_deck(
    col: Collection, imported: dict[str, Note]
) -> None:
    assert sorted(imported) == sorted(q.key for q in QUESTIONS)
    names = {d.name for d in col.decks.all_names_and_ids()} - {"Default"}
    topics = ("Dates", "Groups", "Leaders", "Regions")
    assert names == {"Peru: Organized Crime"} | {f"Peru: Organized Crime::{t}" for t in topics}
    for q in QUESTIONS:
        (card,) = imported[q.key].cards()
        assert col.decks.name(card.did) == f"Peru: Organized Crime::{q.topic.title()}"


def test_tags_name_topic_set_and_question_tags_without_spaces(imported: dict[str, Note]) -> None:
    assert sorted(imported["mc-1"].tags) == ["drug_trafficking", "peru", "topic::groups"]
    assert sorted(imported["sa-2"].tags) == ["peru", "topic::regions"]


def test_question_text_never_becomes_html(imported: dict[str, Note]) -> None:
    for note in imported.values():
        for value in note.values():
            assert "<script" not in value.lower() and "<img" not in value.lower()
    assert imported["mc-1"]["Question"] == (
        "Which group &lt;script&gt;alert(1)&lt;/script&gt; led the insurgency?"
    )
    front = imported["tf-2"].cards()[0].question()
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in front
    assert "onerror=\"alert" not in front


def test_cloze_questions_make_cloze_cards_with_the_gap_hidden(imported: dict[str, Note]) -> None:
    note = imported["cz-1"]
    assert note.note_type()["type"] == MODEL_CLOZE  # type: ignore[index]
    (card,) = note.cards()
    assert "Guzmán" not in card.question() and "[...]" in card.question()
    assert "Guzmán" in card.answer() and "Guzman" in card.answer()  # the alias on the back
    # Cloze-like text in the prompt stays text: still one card, shown literally.
    (card,) = imported["cz-2"].cards()
    assert "{{c2::x}}" in card.answer().replace("&#123;", "{").replace("&#125;", "}").replace(
        "&#58;", ":"
    )


def test_multiple_choice_front_lists_the_options_and_back_names_the_answer(
    imported: dict[str, Note],
) -> None:
    (card,) = imported["mc-1"].cards()
    for option in ("MRTA", "Shining Path", "Los Pulpos"):
        assert f"<li>{option}</li>" in card.question()
    assert "B. Shining Path" not in card.question()
    assert "B. Shining Path" in card.answer()


def test_short_answer_is_typed_with_accents_folded_and_aliases_on_the_back(
    imported: dict[str, Note],
) -> None:
    note = imported["sa-1"]
    assert "{{type:nc:Answer}}" in note.note_type()["tmpls"][0]["qfmt"]  # type: ignore[index]
    assert note["Answer"] == "Túpac Amaru Revolutionary Movement"
    assert note["Also accepted"] == ('<ol class="accepted-list" type="1"><li>MRTA</li>'
                                     '<li>Tupac Amaru</li></ol>')
    assert "<li>MRTA</li><li>Tupac Amaru</li>" in note.cards()[0].answer()


def test_true_false_ordering_and_matching_read_as_basic_cards(imported: dict[str, Note]) -> None:
    tf_card = imported["tf-1"].cards()[0]
    assert "True or false: Guzmán was captured in 1992." in tf_card.question()
    assert '<div class="answer">True</div>' in tf_card.answer()
    order = imported["or-2"]
    in_order = "<li>A</li><li>B</li><li>C</li><li>D</li>"
    assert order["Back"] == f'<ol class="items" type="1">{in_order}</ol>'
    assert in_order not in order["Front"]  # the front shows the items scrambled
    match = imported["ma-1"]
    assert "<tr><td>Artemio</td><td>→ Florindo Flores</td></tr>" in match["Back"]
    assert "<li>Artemio</li>" in match["Front"] and "<li>Victor Quispe</li>" in match["Front"]


def test_every_card_back_cites_the_quote_section_and_attribution(
    imported: dict[str, Note],
) -> None:
    for key, note in imported.items():
        back = note.cards()[0].answer()
        assert ATTRIBUTION in back
        assert f"Quote for {key} from the profile." in back
        assert "History" in back
    assert "It is in Peru." in imported["tf-2"].cards()[0].answer()


def test_note_types_keep_their_frozen_field_lists(imported: dict[str, Note]) -> None:
    # Changing these lists makes Anki create a second note type for existing users: don't.
    tail = ["Explanation", "Also accepted", "Source", "Section", "Attribution", "Key", "Extra"]
    expected = {
        "quizapp Basic": ["Front", "Back", *tail],
        "quizapp Cloze": ["Text", *tail],
        "quizapp Multiple choice": ["Question", "Options", "Answer", *tail],
        "quizapp Typed answer": ["Question", "Answer", *tail],
    }
    found = {n.note_type()["name"]: list(n.keys()) for n in imported.values()}  # type: ignore[index]
    assert found == expected


def _review_twice(col: Collection, note: Note) -> tuple[int, int, int]:
    card = note.cards()[0]
    for _ in range(2):
        card.start_timer()
        col.sched.answerCard(card, 3)
    card.load()
    return card.reps, card.ivl, card.type


def test_reimport_with_newer_timestamp_updates_in_place_and_keeps_study_state(
    col: Collection, tmp_path: Path
) -> None:
    _import(col, _export(tmp_path, [BANK], ExportOptions(timestamp=T1)))
    before = _review_twice(col, _notes(col)["mc-2"])
    assert before[0] == 2 and before[1] >= 1
    changed = dataclasses.replace(QUESTIONS[1], prompt="Who used the alias 'Comrade Artemio'?")
    bank2 = dataclasses.replace(BANK, questions=(QUESTIONS[0], changed, *QUESTIONS[2:]))

    log = _import(col, _export(tmp_path, [bank2], ExportOptions(timestamp=T1 + 60), "b"))

    notes = _notes(col)
    assert col.note_count() == len(QUESTIONS) and not log.log.new and not log.log.duplicate
    assert notes["mc-2"]["Question"] == "Who used the alias &#x27;Comrade Artemio&#x27;?"
    card = notes["mc-2"].cards()[0]
    assert (card.reps, card.ivl, card.type) == before
    assert len([m for m in col.models.all_names_and_ids() if m.name.startswith("quizapp")]) == 4


def test_reimport_with_the_same_timestamp_skips_changed_notes(
    col: Collection, tmp_path: Path
) -> None:
    # Why callers must raise the timestamp when content changes (documented in ExportOptions).
    _import(col, _export(tmp_path, [BANK], ExportOptions(timestamp=T1)))
    changed = dataclasses.replace(QUESTIONS[1], prompt="A changed prompt?")
    bank2 = dataclasses.replace(BANK, questions=(QUESTIONS[0], changed, *QUESTIONS[2:]))
    _import(col, _export(tmp_path, [bank2], ExportOptions(timestamp=T1), "b"))
    assert _notes(col)["mc-2"]["Question"] == "Who is &#x27;Comrade Artemio&#x27;?"


def test_reimport_updates_only_changed_notes_and_keeps_the_users_own_edits(
    col: Collection, tmp_path: Path
) -> None:
    """A note the user edited in Anki survives an update of another question; the changed
    question's note is updated. Stamping every note with the export time lost such edits."""
    first_export = time.time() - 3600
    times = {("peru", q.key): first_export for q in QUESTIONS}
    _import(col, _export(tmp_path, [BANK], ExportOptions(timestamp=first_export,
                                                         note_times=times)))
    mine = _notes(col)["mc-1"]
    mine["Explanation"] = "My own mnemonic"
    col.update_note(mine)  # stamped now by Anki
    changed = dataclasses.replace(QUESTIONS[1], prompt="Who used the alias 'Comrade Artemio'?")
    bank2 = dataclasses.replace(BANK, questions=(QUESTIONS[0], changed, *QUESTIONS[2:]))
    later = time.time() + 3600
    options = ExportOptions(timestamp=later, note_times={**times, ("peru", "mc-2"): later})

    log = _import(col, _export(tmp_path, [bank2], options, "b"))

    notes = _notes(col)
    assert notes["mc-1"]["Explanation"] == "My own mnemonic"
    assert notes["mc-2"]["Question"] == "Who used the alias &#x27;Comrade Artemio&#x27;?"
    assert col.note_count() == len(QUESTIONS) and not log.log.new


def test_exports_of_the_same_content_are_byte_identical_with_stable_guids(
    col: Collection, tmp_path: Path
) -> None:
    first = _export(tmp_path, [BANK], ExportOptions(timestamp=T1), "first")
    second = io.BytesIO()
    assert write_apkg([BANK], second, options=ExportOptions(timestamp=T1)) == len(QUESTIONS)
    assert first.read_bytes() == second.getvalue()
    _import(col, first)
    guids = {key: note.guid for key, note in _notes(col).items()}
    assert guids == {q.key: genanki.guid_for("peru", q.key) for q in QUESTIONS}


def test_my_deck_holds_several_sets_with_suspended_cards_tagged(
    col: Collection, tmp_path: Path
) -> None:
    options = ExportOptions(timestamp=T1, suspended_keys=frozenset({"tf-1", "x-1"}))
    path = tmp_path / "mine.apkg"
    assert write_apkg([BANK, OTHER], path, options=options) == len(QUESTIONS) + 1
    _import(col, path)
    notes = _notes(col)
    assert len(notes) == len(QUESTIONS) + 1
    assert col.decks.name(notes["x-1"].cards()[0].did) == "Peru Extra::Groups"
    for key, note in notes.items():
        suspended = key in options.suspended_keys
        assert ("suspended" in note.tags) is suspended
        expected_queue = QUEUE_TYPE_SUSPENDED if suspended else QUEUE_TYPE_NEW
        assert note.cards()[0].queue == expected_queue


def test_deck_names_title_case_topics_and_never_nest_by_accident() -> None:
    assert deck_name("Peru", "drug-trafficking") == "Peru::Drug Trafficking"
    assert deck_name("Peru :: 2024", "groups") == "Peru : 2024::Groups"
    assert anki_export.deck_id("Peru::Groups") == anki_export.deck_id("Peru::Groups")
    assert anki_export.deck_id("Peru::Groups") != anki_export.deck_id("Peru::Leaders")


@pytest.mark.parametrize("bad", [0.0, -5.0, float("nan"), float("inf")])
def test_options_reject_a_timestamp_anki_cannot_compare(bad: float) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        ExportOptions(timestamp=bad)


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and not n.level}
    return {m.split(".")[0] for m in imported}


def test_export_modules_import_neither_anki_nor_web_frameworks() -> None:
    root = Path(anki_export.__file__).parent
    for name in ("anki.py", "anki_templates.py", "tsv.py"):
        assert not _top_level_imports(root / name) & {"anki", "aqt", "flask", "sqlalchemy"}


def test_no_module_of_the_app_imports_anki() -> None:
    """Anki is AGPL: a test dependency, never part of what quizapp ships."""
    package = Path(anki_export.__file__).parents[1]
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if _top_level_imports(p) & {"anki", "aqt"}]
    assert not offenders


def test_the_peru_bank_reads_well_in_anki(col: Collection, tmp_path: Path) -> None:
    """The real bank, not a sample: one note per question, every true/false front asks the
    question once, every back cites its quote and the profile's attribution."""
    from support import peru_bank

    bank = peru_bank()
    _import(col, _export(tmp_path, [bank], ExportOptions(timestamp=T1), name="peru"))
    notes = _notes(col)
    assert set(notes) == {q.key for q in bank.questions}
    for question in bank.questions:
        card = notes[question.key].cards()[0]
        front, back = card.question(), card.answer()
        assert front.count("True or false") == (question.type == "true_false"), question.key
        assert "InSight Crime" in back and question.source.quote.split(" … ")[0][:40] in back


# --------------------------------------------------------------------------- multiple response

COLOURS = _q("mr-1", "groups", "multiple_response", "Which colours are on the flag?",
             ["red", "white"], choices=("red", "white", "green"))
WEIGHTED = dataclasses.replace(
    COLOURS, key="mr-2", choices=("red", "white", "green", "a; b: +1%"),
    weights={"red": 50.0, "white": 50.0, "green": -100.0, "a; b: +1%": 0.0})
RESPONSES = Bank(SetInfo(slug="flags", title="Flags", source=SOURCE), (COLOURS, WEIGHTED))


def test_a_multiple_response_card_lists_the_options_and_shows_every_right_one(
        col: Collection, tmp_path: Path) -> None:
    _import(col, _export(tmp_path, [RESPONSES], ExportOptions(timestamp=T1)))
    notes = _notes(col)
    card = notes["mr-1"].cards()[0]
    front, back = card.question(), card.answer()
    assert "Which colours are on the flag?" in front
    assert "choose every right option" in front
    assert all(f"<li>{c}</li>" in front for c in COLOURS.choices)
    assert "<li>A. red</li><li>B. white</li>" in back and "C. green" not in back.split("<hr")[1]
    weighted_back = notes["mr-2"].cards()[0].answer()
    assert "Credit per option:" in weighted_back and "C. green: -100.0%" in weighted_back


def test_multiple_response_comes_back_from_anki_as_the_same_question(
        col: Collection, tmp_path: Path) -> None:
    """Through Anki itself: imported into a collection, exported again by Anki, read back."""
    parsed = _through_anki(col, tmp_path, RESPONSES)
    assert sorted(parsed, key=lambda q: q.key) == [COLOURS, WEIGHTED]


def _through_anki(col: Collection, tmp_path: Path, bank: Bank) -> tuple[Question, ...]:
    """Our export imported into a real collection, exported again by Anki, read by our import."""
    _import(col, _export(tmp_path, [bank], ExportOptions(timestamp=T1)))
    again = tmp_path / "from-anki.apkg"
    col.export_anki_package(out_path=str(again), options=ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=True, legacy=True),
        limit=None)
    return parse_apkg(again.read_bytes(), slug_hint=bank.info.slug).questions


# --------------------------------------------------------------------------- matching distractors

SOUNDS = _q("ma-d", "animals", "matching", "Match each animal to its sound.",
            {"cat": "miaou", "dog": "wouf"}, choices=("cui <b> & piou", "Chat"))
DISTRACTED = Bank(SetInfo(slug="sounds", title="Sounds", source=SOURCE), (SOUNDS,))


def test_a_matching_card_offers_its_distractors_and_says_they_match_nothing(
        col: Collection, tmp_path: Path) -> None:
    _import(col, _export(tmp_path, [DISTRACTED], ExportOptions(timestamp=T1)))
    card = _notes(col)["ma-d"].cards()[0]
    front, back = card.question(), card.answer().split('<hr id="answer">')[1]
    offered = front.split("…with one of:")[1]
    for item in ("miaou", "wouf", "cui &lt;b&gt; &amp; piou", "Chat"):
        assert f"<li>{item}</li>" in offered
    assert "<tr><td>cat</td><td>→ miaou</td></tr>" in back
    assert "Match nothing:" in back
    assert '<li>cui &lt;b&gt; &amp; piou</li><li>Chat</li>' in back


def test_matching_distractors_come_back_from_anki_in_their_order(
        col: Collection, tmp_path: Path) -> None:
    assert _through_anki(col, tmp_path, DISTRACTED) == (SOUNDS,)


# --------------------------------------------------------------------------- images

FLAG = png(rgb=(217, 16, 35))
FLAG_FILE = MediaFile("flag.png", sha256(FLAG), "image/png", FLAG)
UNUSED = MediaFile("other.png", sha256(png(rgb=(0, 0, 0))), "image/png", png(rgb=(0, 0, 0)))
SHOWN = f'<p><img src="/media/flags/{FLAG_FILE.sha256}" alt="flag.png"></p>'
PICTURES = Bank(SetInfo(slug="flags", title="Flags", source=SOURCE), (
    _q("img-1", "flags", "short_answer", "Whose flag is this?", "Peru",
       prompt_html=f"<p>Whose flag is this?</p>{SHOWN}"),
    _q("img-2", "flags", "cloze", "This is the flag of ____.", "Peru",
       prompt_html=f"<p>This is the flag of ____.</p>{SHOWN}"),
    _q("img-3", "flags", "short_answer", "[image]", "Peru", prompt_html=SHOWN),
))


def test_images_go_into_the_package_media_and_the_notes_show_them(
        col: Collection, tmp_path: Path) -> None:
    path = _export(tmp_path, [PICTURES], ExportOptions(timestamp=T1, media=(FLAG_FILE, UNUSED)))
    _import(col, path)
    assert sorted(os.listdir(col.media.dir())) == ["flag.png"]  # only what a card shows
    assert (Path(col.media.dir()) / "flag.png").read_bytes() == FLAG
    notes = _notes(col)
    assert '<img src="flag.png" alt="flag.png">' in notes["img-1"]["Question"]
    assert '<img src="flag.png"' in notes["img-2"]["Text"]
    for key in ("img-1", "img-2", "img-3"):
        assert '<img src="flag.png"' in notes[key].cards()[0].question()


def test_an_exported_image_imports_back_as_the_same_question_and_file(tmp_path: Path) -> None:
    path = _export(tmp_path, [PICTURES], ExportOptions(timestamp=T1, media=(FLAG_FILE,)))
    parsed = parse_apkg(path.read_bytes(), slug_hint="flags")
    assert in_set(parsed.questions, "flags") == PICTURES.questions
    assert parsed.media == (FLAG_FILE,) and not parsed.warnings


def test_two_sets_images_of_the_same_name_both_travel(col: Collection, tmp_path: Path) -> None:
    other = dataclasses.replace(UNUSED, name="flag.png")
    shown = f'<p><img src="/media/peru-extra/{other.sha256}" alt="flag.png"></p>'
    extra = Bank(OTHER.info, (_q("img-9", "flags", "short_answer", "[image]", "Chile",
                                 prompt_html=shown),))
    _import(col, _export(tmp_path, [PICTURES, extra],
                         ExportOptions(timestamp=T1, media=(FLAG_FILE, other))))
    names = sorted(os.listdir(col.media.dir()))
    assert len(names) == 2 and "flag.png" in names
    renamed = next(n for n in names if n != "flag.png")
    assert (Path(col.media.dir()) / renamed).read_bytes() == other.data
    assert f'<img src="{renamed}"' in _notes(col)["img-9"]["Question"]


# Letters and the characters HTML, Anki's fields and the "B. text: +50.0%" lines treat specially.
_WORD = st.text(alphabet=st.sampled_from(list("abcXYZ019ñé{}:;,.<>&\"'%+-")), min_size=1,
                max_size=6)
_TEXT = st.lists(_WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def _responses(draw: st.DrawFn) -> Question:
    choices = draw(st.lists(_TEXT, min_size=2, max_size=5, unique=True))
    right = [c for c in choices if draw(st.booleans())] or choices[:1]
    weights = {c: float(draw(st.sampled_from([-100, -33.33333, 0, 12.5, 50, 100])))
               for c in choices} if draw(st.booleans()) else {}
    return _q("mr-p", "groups", "multiple_response", draw(_TEXT), right,
              choices=tuple(choices), weights=weights)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(_responses())
def test_every_multiple_response_question_comes_back_from_its_export(question: Question) -> None:
    out = io.BytesIO()
    bank = Bank(SetInfo(slug="flags", title="Flags"), (question,))
    write_apkg([bank], out, options=ExportOptions(timestamp=T1))
    assert parse_apkg(out.getvalue(), slug_hint="flags").questions == (question,)
