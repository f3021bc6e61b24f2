"""Images imported from Anki: stored with the set, served to those who may see it, shown on
the study card."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest
from media_helpers import image_package, import_package, png, sha256
from sqlalchemy import select
from support import login

from quizapp.extensions import db
from quizapp.imports import parse_apkg, parse_upload
from quizapp.imports.apkg_media import sniff_image_type
from quizapp.instructor import importing
from quizapp.models import MediaFile, Question, QuestionSet

FLAG = png(rgb=(217, 16, 35))


def _flag_set(app, tmp_path: Path, owner) -> str:
    package = image_package(tmp_path, {"flag.png": FLAG},
                            [('Whose flag is this? <img src="flag.png">', "Peru")])
    return import_package(app, package, owner=owner)


def test_an_image_on_the_front_is_stored_once_and_the_prompt_shows_it(app, tmp_path,
                                                                      make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    with app.app_context():
        (row,) = db.session.execute(select(MediaFile)).scalars()
        (question,) = db.session.execute(select(Question)).scalars()
        assert (row.name, row.content_type, row.size, row.data) == (
            "flag.png", "image/png", len(FLAG), FLAG)
        assert question.prompt == "Whose flag is this?"
        assert f'<img src="/media/{slug}/{sha256(FLAG)}"' in question.details["prompt_html"]


def test_importing_the_package_again_keeps_one_copy(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    package = image_package(tmp_path, {"flag.png": FLAG},
                            [('Whose flag? <img src="flag.png">', "Peru"),
                             ('And this one? <img src="flag.png">', "Peru again")])
    import_package(app, package, owner=owner, title="First")
    import_package(app, package, owner=owner, title="Second")
    with app.app_context():
        rows = db.session.execute(select(MediaFile.set_id)).scalars().all()
    assert len(rows) == 2 and len(set(rows)) == 2  # one per set, not one per question


def test_the_owner_gets_the_image_with_safe_headers(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    client = app.test_client()
    login(client, "ana")
    response = client.get(f"/media/{slug}/{sha256(FLAG)}")
    assert response.status_code == 200 and response.data == FLAG
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == 'inline; filename="flag.png"'
    assert "immutable" in response.headers["Cache-Control"]
    again = client.get(f"/media/{slug}/{sha256(FLAG)}",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_study_card_shows_the_image(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    client = app.test_client()
    login(client, "ana")
    page = client.get(f"/study/{slug}").get_data(as_text=True)
    assert f'<img src="/media/{slug}/{sha256(FLAG)}" alt="flag.png">' in page
    assert "Whose flag is this?" in page


def test_the_quiz_question_shows_the_image(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    client = app.test_client()
    login(client, "ana")
    started = client.post(f"/quiz/{slug}", data={"count": 1, "topics": ["flags"],
                                                 "types": ["short_answer"], "feedback": "each"})
    assert started.status_code == 302, started.get_data(as_text=True)
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert f'<img src="/media/{slug}/{sha256(FLAG)}" alt="flag.png">' in page


def test_the_sets_anki_download_carries_its_images_back(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    client = app.test_client()
    login(client, "ana")
    download = client.get(f"/sets/{slug}/export.apkg")
    assert download.status_code == 200
    parsed = parse_apkg(download.data, slug_hint=slug)
    assert [(m.name, m.data) for m in parsed.media] == [("flag.png", FLAG)]
    (question,) = parsed.questions
    assert question.prompt == "Whose flag is this?"
    assert f'<img src="/media/_/{sha256(FLAG)}"' in question.prompt_html


def test_a_cloze_card_shows_its_image_with_the_gap_hidden(app, tmp_path, make_user) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    (folder / "map.png").write_bytes(FLAG)
    deck = genanki.Deck(2_059_400_112, "Maps")
    deck.add_note(genanki.Note(model=genanki.CLOZE_MODEL, fields=[
        'The {{c1::VRAEM}} is here: <img src="map.png">', ""], tags=["topic::regions"]))
    genanki.Package(deck, media_files=[str(folder / "map.png")]).write_to_file(
        str(tmp_path / "maps.apkg"))
    owner = make_user("ana", role="instructor")
    slug = import_package(app, (tmp_path / "maps.apkg").read_bytes(), owner=owner)
    client = app.test_client()
    login(client, "ana")
    page = client.get(f"/study/{slug}").get_data(as_text=True)
    assert "<p>The […] is here:</p>" in page
    assert f'<img src="/media/{slug}/{sha256(FLAG)}" alt="map.png">' in page


def test_image_names_with_spaces_or_escapes_are_found(tmp_path) -> None:
    package = image_package(tmp_path, {"my flag.png": FLAG, "a&b.png": png(rgb=(1, 1, 1))}, [
        ('Spaces <img src="my flag.png">', "x"),
        ("Escaped <img src='a&amp;b.png'>", "y"),
        ('Percent-encoded <img src="my%20flag.png" />', "z"),
    ])
    parsed = parse_apkg(package, slug_hint="p")
    assert not parsed.warnings
    assert sorted(m.name for m in parsed.media) == ["a_b.png", "my_flag.png"]
    assert all("<img src=" in q.prompt_html for q in parsed.questions)


@pytest.mark.parametrize(("data", "kind"), [
    (png(), "image/png"), (b"\xff\xd8\xff\xdb" + bytes(8), "image/jpeg"),
    (b"GIF89a" + bytes(8), "image/gif"), (b"GIF87a" + bytes(8), "image/gif"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None), (b"RIFF\x10\x00\x00\x00WAVE", None),
    (b"\x89PNG", None), (b"", None),
])
def test_the_type_comes_from_the_bytes(data: bytes, kind: str | None) -> None:
    assert sniff_image_type(data) == kind


def test_importing_into_an_existing_set_points_at_that_set(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    other = png(rgb=(0, 90, 0))
    package = image_package(tmp_path, {"flag.png": FLAG, "green.png": other}, [
        ('Whose flag is this? <img src="flag.png">', "Peru"),
        ('And this one? <img src="green.png">', "Nigeria")])
    with app.app_context():
        target = db.session.execute(select(QuestionSet).where(QuestionSet.slug == slug)).scalar_one()
        plan = importing.plan_import(parse_apkg(package, slug_hint="x"), target=target)
        assert (len(plan.created), len(plan.updated), plan.unchanged) == (1, 0, 1)
        importing.save_import(plan, owner=None)
        db.session.commit()
        stored = db.session.execute(select(MediaFile.sha256).where(
            MediaFile.set_id == target.id)).scalars().all()
        prompts = db.session.execute(select(Question.details).where(
            Question.set_id == target.id).order_by(Question.position)).scalars().all()
    assert sorted(stored) == sorted([sha256(FLAG), sha256(other)])
    assert f'src="/media/{slug}/{sha256(other)}"' in prompts[1]["prompt_html"]


def test_the_sets_moodle_xml_download_embeds_its_images(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    slug = _flag_set(app, tmp_path, owner)
    client = app.test_client()
    login(client, "ana")
    download = client.get(f"/instructor/sets/{slug}/export.xml")
    assert download.status_code == 200
    parsed = parse_upload(f"{slug}.xml", download.data, slug_hint=slug)
    assert [(m.name, m.data) for m in parsed.media] == [("flag.png", FLAG)]
