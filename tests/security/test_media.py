"""The media route and the images an Anki package brings: who may fetch them, what is refused
at import, and the headers that keep a browser from reading an image as anything else."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from flask import Flask
from media.media_helpers import HTML, SVG, image_package, import_package, png, sha256
from sqlalchemy import func, select, update
from support import login

from quizapp.extensions import db
from quizapp.imports import ImportFormatError, apkg_media, parse_apkg
from quizapp.imports.richtext import sanitize_html
from quizapp.models import MediaFile, Question, QuestionSet, User

FLAG = png(rgb=(217, 16, 35))
# The smallest JPEG header is enough: the type comes from the bytes, not from a name.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _client(app: Flask, user: User):
    client = app.test_client()
    assert login(client, user.username).status_code == 302
    return client


def _media_rows(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(MediaFile)).scalar_one()


def _set_status(app: Flask, slug: str, status: str) -> None:
    with app.app_context():
        db.session.execute(update(QuestionSet).where(QuestionSet.slug == slug)
                           .values(status=status))
        db.session.commit()


@pytest.fixture
def draft(app, tmp_path, make_user) -> tuple[User, str]:
    """An instructor's draft set with one image on a card's front."""
    owner = make_user("ana", role="instructor")
    package = image_package(tmp_path, {"flag.png": FLAG},
                            [('Whose flag? <img src="flag.png">', "Peru")])
    return owner, import_package(app, package, owner=owner)


def test_another_users_unpublished_set_hides_its_images(app, draft, make_user) -> None:
    owner, slug = draft
    url = f"/media/{slug}/{sha256(FLAG)}"
    assert _client(app, owner).get(url).status_code == 200
    for other in (make_user("bo", role="instructor"), make_user("cy")):
        assert _client(app, other).get(url).status_code == 404
    anonymous = app.test_client().get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    _set_status(app, slug, "published")
    assert _client(app, make_user("di")).get(url).status_code == 200


def test_only_the_sets_own_images_by_exact_hash(app, draft, tmp_path, make_user) -> None:
    owner, slug = draft
    mine = _client(app, owner)
    other_owner = make_user("bo", role="instructor")
    theirs = image_package(tmp_path, {"x.png": png(rgb=(1, 2, 3))},
                           [('Theirs <img src="x.png">', "x")])
    their_slug = import_package(app, theirs, owner=other_owner, title="Theirs")
    _set_status(app, their_slug, "published")
    their_sha = sha256(png(rgb=(1, 2, 3)))
    assert mine.get(f"/media/{their_slug}/{their_sha}").status_code == 200  # published
    assert mine.get(f"/media/{slug}/{their_sha}").status_code == 404  # not this set's
    for bad in ("0" * 64, sha256(FLAG).upper(), sha256(FLAG)[:63], "..%2f..%2fetc%2fpasswd"):
        assert mine.get(f"/media/{slug}/{bad}").status_code == 404
    assert mine.get(f"/media/no-such-set/{sha256(FLAG)}").status_code == 404


def test_served_with_the_sniffed_type_and_protective_headers(app, tmp_path, make_user) -> None:
    owner = make_user("ana", role="instructor")
    package = image_package(tmp_path, {"photo.png": JPEG},  # a JPEG named .png
                            [('Where? <img src="photo.png">', "Cusco")])
    slug = import_package(app, package, owner=owner)
    response = _client(app, owner).get(f"/media/{slug}/{sha256(JPEG)}")
    assert response.status_code == 200 and response.data == JPEG
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == 'inline; filename="photo.jpg"'
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response.headers["ETag"] == f'"{sha256(JPEG)}"'
    assert "img-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("disguised", [SVG, HTML, b"GIF8not really"], ids=["svg", "html", "gif"])
def test_svg_or_html_named_png_is_refused_and_nothing_stored(app, tmp_path, make_user,
                                                             disguised: bytes) -> None:
    package = image_package(tmp_path, {"flag.png": disguised},
                            [('Whose flag? <img src="flag.png">', "Peru")])
    parsed = parse_apkg(package, slug_hint="flags")
    assert parsed.media == ()
    assert parsed.warnings == ("note 1 (guid picture-0): the image 'flag.png' is not a PNG, "
                               "JPEG, GIF or WebP image (SVG is not accepted), skipped",)
    (question,) = parsed.questions
    assert question.prompt == "Whose flag?" and "<img" not in question.prompt_html
    import_package(app, package, owner=make_user("ana", role="instructor"))
    assert _media_rows(app) == 0


def test_an_image_over_the_size_limit_is_skipped(tmp_path) -> None:
    noise = random.Random(7).randbytes(apkg_media.MAX_IMAGE_BYTES)  # incompressible
    big = png(padding=0) + noise  # a PNG, but over 2 MB
    package = image_package(tmp_path, {"big.png": big, "flag.png": FLAG},
                            [('Big <img src="big.png"> and small <img src="flag.png">', "x")])
    parsed = parse_apkg(package, slug_hint="flags")
    assert [m.name for m in parsed.media] == ["flag.png"]
    assert parsed.warnings == (
        f"note 1 (guid picture-0): the image 'big.png' is {len(big):,} bytes, over the "
        f"{apkg_media.MAX_IMAGE_BYTES:,}-byte limit for one image, skipped",)


def test_images_over_the_package_limit_refuse_the_import_and_store_nothing(
        app, tmp_path, make_user, monkeypatch) -> None:
    ana = make_user("ana", role="instructor")
    images = {f"{n}.png": png(width=40 + n, height=40) for n in range(3)}
    monkeypatch.setattr(apkg_media, "MAX_PACKAGE_IMAGE_BYTES",
                        sum(map(len, images.values())) - 1)
    package = image_package(tmp_path, images,
                            [(f'Card {n} <img src="{n}.png">', "x") for n in range(3)])
    with pytest.raises(ImportFormatError, match="images come to more than"):
        parse_apkg(package, slug_hint="flags")
    response = _client(app, ana).post(
        "/instructor/import", content_type="multipart/form-data",
        data={"file": (io.BytesIO(package), "big.apkg"), "target": "", "title": ""})
    assert response.status_code == 400
    assert "split the deck or shrink its images" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Question)).scalar_one() == 0
    assert _media_rows(app) == 0


def test_media_names_cannot_leave_the_folder_or_carry_markup() -> None:
    assert apkg_media.safe_media_name("../../etc/<b>flag map.svg", "image/png") == "b_flag_map.png"
    assert apkg_media.safe_media_name("..", "image/gif") == "image.gif"
    assert apkg_media.safe_media_name('a"onload=x.jpg', "image/jpeg") == "a_onload_x.jpg"


def test_prompts_show_no_image_but_the_apps_own(tmp_path: Path) -> None:
    own = f"/media/flags/{sha256(FLAG)}"
    markup = (f'<img src="{own}" onerror="alert(1)"><img src="https://tracker.example/p.gif">'
              f'<img src="javascript:alert(1)"><img src="{own}/../../x">'
              '<img src="data:image/svg+xml;base64,PHN2Zz4=">')
    assert sanitize_html(markup) == f'<img src="{own}"><img><img><img><img>'
