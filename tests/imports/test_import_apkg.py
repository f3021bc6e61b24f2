"""Anki .apkg import: real packages (genanki, Anki itself) and hostile archives and databases."""

from __future__ import annotations

import io
import sqlite3
import struct
import types
import zipfile
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection, ExportAnkiPackageOptions
from media.media_helpers import png

from quizapp.bank.schema import Bank, Question, SetInfo, SourceRef
from quizapp.export.anki import ExportOptions, question_note, write_apkg
from quizapp.imports import ImportFormatError, apkg_archive, parse_apkg, parse_upload

DECK_ID = 2_059_400_110
QUIZAPP_BANK = Bank(SetInfo("peru", "Peru"), (
    Question("p-mc", "Leaders", "multiple_choice", "Who was “Comrade Artemio”? <b>x</b>",
             "Florindo", accept=("Artemio",), choices=("Jorge", "Florindo", "Victor"),
             explanation="Captured in 2012.\nSecond line", source=SourceRef("Groups", "…quote")),
    Question("p-tf", "dates", "true_false", "Guzmán died in 2021.", True),
    Question("p-sa", "dates", "short_answer", "Year of capture?", "1992", accept=("92",)),
    Question("p-cz", "regions", "cloze", "It began in {{c2::x}} ____.", "Ayacucho"),
    Question("p-mt", "leaders", "matching", "Match.", {"Artemio": "Florindo", "Raúl": "Jorge"},
             choices=("Victor", "Abimael")),
    Question("p-or", "dates", "ordering", "Order.", ["War declared", "Capture", "Death"]),
))


def genanki_package(tmp_path: Path, notes: list[genanki.Note]) -> bytes:
    deck = genanki.Deck(DECK_ID, "Peru")
    for note in notes:
        deck.add_note(note)
    out = tmp_path / "deck.apkg"
    genanki.Package(deck).write_to_file(str(out))
    return out.read_bytes()


def peru_notes() -> list[genanki.Note]:
    return [
        genanki.Note(
            model=genanki.BASIC_MODEL,
            fields=["Who founded the <i>Shining Path</i>?<script>alert(1)</script>",
                    "<b>Abimael Guzmán</b><img src=x onerror=alert(1)><br>&amp; others"],
            tags=["topic::leaders", "peru"], guid="peru-leaders-guzman",
        ),
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=["The {{c1::VRAEM::valley}} produces coca; {{c2::Lima}} is the capital.",
                    "Source: profile"],
            tags=["topic::regions"],
        ),
        genanki.Note(model=genanki.BASIC_MODEL, fields=['<img src="map.png">', "Peru"]),
    ]


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def collection_of(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("collection.anki2")


def test_genanki_package_basic_and_cloze_notes_as_questions(tmp_path: Path) -> None:
    parsed = parse_apkg(genanki_package(tmp_path, peru_notes()), slug_hint="peru")
    basic, cloze1, cloze2 = parsed.questions
    assert (basic.key, basic.type) == ("peru-leaders-guzman", "short_answer")
    assert basic.topic == "leaders"
    assert basic.prompt == "Who founded the Shining Path?"
    assert basic.answer == "Abimael Guzmán\n& others"  # <br> is a line break
    assert basic.tags == ("peru",)
    assert (cloze1.type, cloze1.topic) == ("cloze", "regions")
    assert cloze1.prompt == "The ____ (valley) produces coca; Lima is the capital."
    assert cloze1.answer == "VRAEM" and cloze1.explanation == "Source: profile"
    assert cloze2.prompt == "The VRAEM produces coca; ____ is the capital."
    assert cloze2.key == cloze1.key + "-c2"
    first_image, second_image, empty = parsed.warnings
    assert first_image == ("note 1 (guid peru-leaders-guzman): the image 'x' is only on a "
                           "card's back, not imported")
    assert second_image.startswith("note 3 (guid ") and second_image.endswith(
        "the image 'map.png' is not in the package's media, skipped")
    assert empty.startswith("note 3 (guid ") and "front or back is empty" in empty


def test_an_invalid_note_is_an_error_naming_the_note(tmp_path: Path) -> None:
    """A note whose Options list has a single item would be a multiple choice with no wrong
    option: the import fails as a whole and the error names that note (number and guid)."""
    model = genanki.Model(1_607_392_319, "Choices", fields=[{"name": "Front"}, {"name": "Back"},
                                                           {"name": "Options"}],
                          templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
    notes = [
        genanki.Note(model=model, fields=["Capital of Peru?", "Lima", ""], guid="ok-guid-1"),
        genanki.Note(model=model, fields=["Who led it?", "A. Guzmán",
                                          "<ul><li>Guzmán</li></ul>"],
                     guid="bad-guid-2"),
    ]
    with pytest.raises(ImportFormatError) as info:
        parse_apkg(genanki_package(tmp_path, notes), slug_hint="peru")
    assert info.value.entry == "note 2 (guid bad-guid-2)"
    assert str(info.value) == ("note 2 (guid bad-guid-2): a multiple_choice question needs the "
                               "answer and at least 1 wrong choice")


def test_no_script_or_event_handler_survives(tmp_path: Path) -> None:
    parsed = parse_apkg(genanki_package(tmp_path, peru_notes()), slug_hint="peru")
    for question in parsed.questions:
        for text in (question.prompt, str(question.answer), question.explanation):
            assert "<" not in text and "alert" not in text and "onerror" not in text


def test_keys_from_guids_are_stable_across_imports(tmp_path: Path) -> None:
    first = parse_apkg(genanki_package(tmp_path, peru_notes()), slug_hint="peru")
    again = parse_apkg(genanki_package(tmp_path, peru_notes()), slug_hint="peru")
    assert [q.key for q in first.questions] == [q.key for q in again.questions]


def anki_collection(path: Path) -> Collection:
    col = Collection(str(path))
    basic, cloze = col.models.by_name("Basic"), col.models.by_name("Cloze")
    assert basic is not None and cloze is not None
    note = col.new_note(basic)
    note["Front"], note["Back"], note.tags = "Capital of Peru?", "Lima", ["topic::Geography"]
    col.add_note(note, col.decks.id("Default"))
    note = col.new_note(cloze)
    note["Text"] = "{{c1::Abimael Guzmán}} founded the Shining Path."
    col.add_note(note, col.decks.id("Default"))
    return col


def anki_export(tmp_path: Path, *, legacy: bool) -> bytes:
    col = anki_collection(tmp_path / "collection.anki2")
    out = tmp_path / "export.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False,
                                       with_media=False, legacy=legacy)
    col.export_anki_package(out_path=str(out), options=options, limit=None)
    col.close()
    return out.read_bytes()


def test_package_exported_by_anki_itself(tmp_path: Path) -> None:
    basic, cloze = parse_upload("deck.apkg", anki_export(tmp_path, legacy=True)).questions
    assert (basic.prompt, basic.answer, basic.topic) == ("Capital of Peru?", "Lima", "geography")
    assert (cloze.prompt, cloze.answer) == ("____ founded the Shining Path.", "Abimael Guzmán")


def test_new_anki_format_without_zstandard_asks_for_a_legacy_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apkg_archive, "load_zstandard", lambda: None)
    with pytest.raises(ImportFormatError, match="Support older Anki versions"):
        parse_apkg(anki_export(tmp_path, legacy=False), slug_hint="x")


def test_new_schema_note_types_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A collection.anki21b holds Anki's current schema (note types in their own tables)."""
    anki_collection(tmp_path / "c.anki2").close()
    database = (tmp_path / "c.anki2").read_bytes()
    identity = types.SimpleNamespace(
        ZstdDecompressor=lambda: types.SimpleNamespace(stream_reader=lambda raw: raw),
        ZstdError=ValueError,
    )
    monkeypatch.setattr(apkg_archive, "load_zstandard", lambda: identity)
    package = zip_bytes({"collection.anki21b": database, "collection.anki2": b"stub"})
    basic, cloze = parse_apkg(package, slug_hint="x").questions
    assert (basic.type, basic.answer) == ("short_answer", "Lima")
    assert (cloze.type, cloze.answer) == ("cloze", "Abimael Guzmán")


def test_not_a_zip() -> None:
    with pytest.raises(ImportFormatError, match="not a zip archive"):
        parse_upload("deck.apkg", b"SQLite format 3\x00 but not zipped")


def test_zip_without_a_collection() -> None:
    with pytest.raises(ImportFormatError, match="no collection.anki2"):
        parse_apkg(zip_bytes({"media": b"{}", "readme.txt": b"hi"}), slug_hint="x")


def test_collection_that_is_not_sqlite() -> None:
    with pytest.raises(ImportFormatError, match="not an SQLite database"):
        parse_apkg(zip_bytes({"collection.anki2": b"x" * 5000}), slug_hint="x")


def test_zip_bomb_by_ratio_is_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = zip_bytes({"collection.anki2": bytes(20 * 1024 * 1024)},
                     compression=zipfile.ZIP_DEFLATED)
    assert len(bomb) < 100_000
    monkeypatch.setattr(zipfile.ZipFile, "open", pytest.fail)  # no member may be opened
    with pytest.raises(ImportFormatError) as info:
        parse_apkg(bomb, slug_hint="x")
    assert "compression ratio" in str(info.value)
    assert info.value.entry == "archive member 'collection.anki2'"


def test_zip_bomb_by_declared_size_is_refused() -> None:
    package = bytearray(zip_bytes({"collection.anki2": b"tiny"}))
    header = package.index(b"PK\x01\x02")  # central directory: the sizes zipfile trusts
    struct.pack_into("<I", package, header + 24, 3_000_000_000)
    with pytest.raises(ImportFormatError, match="would unpack to 3,000,000,000 bytes"):
        parse_apkg(bytes(package), slug_hint="x")


def test_too_many_entries_are_refused() -> None:
    package = zip_bytes({f"{n}": b"" for n in range(2_001)})
    with pytest.raises(ImportFormatError, match="2,001 entries"):
        parse_apkg(package, slug_hint="x")


@pytest.mark.parametrize("name", ["../evil.txt", "media/../../evil.txt", "/etc/evil",
                                  "C:\\evil.txt", "..\\evil.txt"])
def test_zip_slip_names_are_refused(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    package = zip_bytes({"collection.anki2": collection_of(genanki_package(tmp_path, [])),
                         name: b"owned"})
    (tmp_path / "deck.apkg").unlink()
    with pytest.raises(ImportFormatError, match="zip slip"):
        parse_apkg(package, slug_hint="x")
    assert list(tmp_path.rglob("*")) == []


def test_symlink_members_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        link = zipfile.ZipInfo("media/link")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("collection.anki2", b"")
    with pytest.raises(ImportFormatError, match="symbolic links"):
        parse_apkg(out.getvalue(), slug_hint="x")


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM notes; END", "trigger"),
        ("CREATE VIEW v AS SELECT * FROM notes", "view"),
    ],
)
def test_database_with_code_in_it_is_refused(tmp_path: Path, statement: str, kind: str) -> None:
    path = tmp_path / "collection.anki2"
    path.write_bytes(collection_of(genanki_package(tmp_path, peru_notes())))
    with sqlite3.connect(path) as connection:
        connection.execute(statement)
    connection.close()
    package = zip_bytes({"collection.anki2": path.read_bytes()})
    with pytest.raises(ImportFormatError, match=f"contains a {kind}"):
        parse_apkg(package, slug_hint="x")


def test_corrupt_database_is_refused(tmp_path: Path) -> None:
    database = bytearray(collection_of(genanki_package(tmp_path, peru_notes())))
    page_size = struct.unpack(">H", database[16:18])[0]
    for page in range(1, len(database) // page_size):
        database[page * page_size : page * page_size + 16] = b"\xff" * 16
    with pytest.raises(ImportFormatError, match="damaged|not a readable"):
        parse_apkg(zip_bytes({"collection.anki2": bytes(database)}), slug_hint="x")


def test_database_without_notes_table(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE things (x)")
    connection.close()
    with pytest.raises(ImportFormatError, match="not a readable Anki collection"):
        parse_apkg(zip_bytes({"collection.anki2": path.read_bytes()}), slug_hint="x")


def test_quizapp_anki_export_reads_back_every_type() -> None:
    """Notes of quizapp's own export give back keys, types, choices, aliases and sources."""
    out = io.BytesIO()
    write_apkg([QUIZAPP_BANK], out, options=ExportOptions(timestamp=1_700_000_000))
    parsed = parse_upload("peru.apkg", out.getvalue(), slug_hint="peru")
    comparable = ("key", "type", "prompt", "answer", "accept", "choices", "explanation", "source")
    by_key = {q.key: q for q in parsed.questions}
    assert sorted(by_key) == sorted(q.key for q in QUIZAPP_BANK.questions)
    for original in QUIZAPP_BANK.questions:
        back = by_key[original.key]
        for name in comparable:
            assert getattr(back, name) == getattr(original, name), (original.key, name)
        assert back.topic == original.topic.lower()


def test_a_matching_note_whose_back_lost_its_extra_items_keeps_the_fronts(
        tmp_path: Path) -> None:
    """A user who rewrote the back in Anki: the front's offered items in no pair are still
    the distractors (in the front's order)."""
    matching = QUIZAPP_BANK.questions[4]
    note = question_note(QUIZAPP_BANK, matching)
    note.fields[1] = note.fields[1].split('<div class="label">')[0]
    (back,) = parse_apkg(genanki_package(tmp_path, [note]), slug_hint="peru").questions
    assert (back.type, back.answer) == ("matching", matching.answer)
    assert sorted(back.choices) == sorted(matching.choices)


def test_accepted_answers_with_a_comma_survive_an_anki_round_trip(tmp_path: Path) -> None:
    from quizapp.bank.schema import Bank, Question, SetInfo
    from quizapp.export.anki import ExportOptions, write_apkg

    question = Question(key="k1", topic="groups", type="short_answer", prompt="Who?",
                        answer="Guzmán", accept=("Guzmán, Abimael", "Comrade Gonzalo"))
    out = tmp_path / "deck.apkg"
    write_apkg([Bank(SetInfo(slug="s", title="S"), (question,))], out, options=ExportOptions(timestamp=1_700_000_000))
    (back,) = parse_apkg(out.read_bytes(), slug_hint="s").questions
    assert back.accept == ("Guzmán, Abimael", "Comrade Gonzalo")


def test_clozes_in_any_field_make_one_question_per_number_with_every_gap_hidden(
        tmp_path: Path) -> None:
    """AnkiDroid's decks: c1 twice (both hidden on its card), c2 in the second field, and
    sounds, which are skipped with a warning naming the note."""
    col = Collection(str(tmp_path / "c.anki2"))
    cloze = col.models.by_name("Cloze")
    assert cloze is not None
    note = col.new_note(cloze)
    note["Text"] = "{{c1::Guzmán}} and {{c1::Iparraguirre}} led it [sound:intro.mp3]"
    note["Back Extra"] = "From {{c2::1980}} on."
    col.add_note(note, col.decks.id("Default"))
    out = tmp_path / "cloze.apkg"
    col.export_anki_package(out_path=str(out), limit=None, options=ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=False, legacy=True))
    col.close()
    parsed = parse_apkg(out.read_bytes(), slug_hint="deck")
    first, second = parsed.questions
    assert (first.prompt, first.answer) == ("____ and […] led it", "Guzmán, Iparraguirre")
    assert "Guzmán" not in first.prompt and "Iparraguirre" not in first.prompt
    assert (second.prompt, second.answer) == ("From ____ on.", "1980")
    assert first.explanation == ""  # the second field is a cloze text, not an extra
    assert parsed.warnings[0].endswith("the sound 'intro.mp3' is not imported, skipped")


def test_every_card_is_a_question_reverse_cards_too(tmp_path: Path) -> None:
    """Anki's reversed note types: a question per card Anki made (the optional reverse only
    when asked for), keyed by the note and the card's ordinal."""
    col = Collection(str(tmp_path / "c.anki2"))
    both = col.models.by_name("Basic (and reversed card)")
    optional = col.models.by_name("Basic (optional reversed card)")
    assert both is not None and optional is not None
    note = col.new_note(both)
    note["Front"], note["Back"] = "Lima", "capital of <b>Peru</b>"
    col.add_note(note, col.decks.id("Default"))
    note = col.new_note(optional)
    note["Front"], note["Back"], note["Add Reverse"] = "Cusco", "Inca capital", ""
    col.add_note(note, col.decks.id("Default"))
    out = tmp_path / "reversed.apkg"
    col.export_anki_package(out_path=str(out), limit=None, options=ExportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, with_media=False, legacy=True))
    col.close()
    parsed = parse_apkg(out.read_bytes(), slug_hint="deck")
    assert [(q.prompt, q.answer) for q in parsed.questions] == [
        ("Lima", "capital of Peru"), ("capital of Peru", "Lima"), ("Cusco", "Inca capital")]
    forward, reverse, _ = parsed.questions
    assert reverse.key == forward.key + "-card2"
    again = parse_apkg(out.read_bytes(), slug_hint="deck")
    assert [q.key for q in again.questions] == [q.key for q in parsed.questions]


def _anki_package(tmp_path: Path, *, legacy: bool, image: bytes) -> bytes:
    """A deck made and exported by Anki itself, a picture on the front of its one note."""
    col = Collection(str(tmp_path / f"pictures-{legacy}.anki2"))
    try:
        name = col.media.write_data("flag.png", image)
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"], note["Back"] = f'Whose flag? <img src="{name}">', "Peru"
        col.add_note(note, col.decks.id("Default"))
        out = tmp_path / f"pictures-{legacy}.apkg"
        col.export_anki_package(out_path=str(out), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy))
    finally:
        col.close()
    return out.read_bytes()


@pytest.mark.parametrize("legacy", [True, False], ids=["legacy", "anki-2.1.50-format"])
def test_an_image_on_the_front_of_an_anki_deck_is_kept(tmp_path: Path, legacy: bool) -> None:
    image = png()
    parsed = parse_apkg(_anki_package(tmp_path, legacy=legacy, image=image), slug_hint="flags")
    (question,) = parsed.questions
    (media,) = parsed.media
    assert (media.name, media.content_type, media.data) == ("flag.png", "image/png", image)
    assert question.prompt == "Whose flag?" and not parsed.warnings
    assert question.prompt_html == (f'<p>Whose flag?</p><p><img src="/media/_/{media.sha256}" '
                                    'alt="flag.png"></p>')


def test_an_image_only_front_is_asked_as_image(tmp_path: Path) -> None:
    image = png()
    package = genanki.Package(genanki.Deck(DECK_ID, "Peru"))
    (tmp_path / "map.png").write_bytes(image)
    package.media_files = [str(tmp_path / "map.png")]
    package.decks[0].add_note(genanki.Note(model=genanki.BASIC_MODEL,
                                           fields=['<img src="map.png">', "Peru"]))
    package.write_to_file(str(tmp_path / "map.apkg"))
    (question,) = parse_apkg((tmp_path / "map.apkg").read_bytes(), slug_hint="m").questions
    assert question.prompt == "[image]" and question.prompt_html.startswith("<p><img src=")


def test_a_deck_that_yields_no_question_is_an_error_saying_why(tmp_path: Path) -> None:
    """A deck of sound-only cards creates no empty set: the upload is refused, naming them."""
    note = genanki.Note(model=genanki.BASIC_MODEL, fields=["[sound:hola.mp3]", "[sound:adios.mp3]"])
    with pytest.raises(ImportFormatError, match="no question quizapp can import.*hola.mp3"):
        parse_apkg(genanki_package(tmp_path, [note]), slug_hint="sounds")


def test_a_cloze_repeating_one_word_asks_for_it_once(tmp_path: Path) -> None:
    note = genanki.Note(model=genanki.CLOZE_MODEL,
                        fields=["{{c1::Lima}} is the capital; {{c1::Lima}} has the port.", ""])
    (question,) = parse_apkg(genanki_package(tmp_path, [note]), slug_hint="d").questions
    assert question.answer == "Lima"
