"""Drafts generated from a profile; exports download as attachments and import back."""

from __future__ import annotations

import io

import pytest
from instructor_helpers import count_sets, set_rows, small_bank

from quizapp.bank.schema import Question, load_bank
from quizapp.content.services import to_bank
from quizapp.extensions import db as _db
from quizapp.imports import parse_upload
from quizapp.models import QuestionSet
from quizapp.paths import questions_dir

PROFILE = questions_dir() / "sources" / "peru.txt"


def test_pasted_profile_becomes_a_draft_only_its_owner_sees(app, user_client) -> None:
    ana, bo, student = user_client("instructor"), user_client("instructor"), user_client()
    response = ana.post("/instructor/generate", data={
        "title": "Peru draft", "text": PROFILE.read_text(encoding="utf-8")})
    assert response.status_code == 302
    slug = response.location.rsplit("/", 1)[-1]
    rows = set_rows(app, slug)
    assert len(rows) > 50 and {"groups", "leaders", "regions", "dates"} <= {r.topic for r in rows}
    with app.app_context():
        qset = _db.session.execute(_db.select(QuestionSet)).scalar_one()
        assert (qset.status, qset.owner_id, qset.title) == ("draft", ana.user.id, "Peru draft")
    assert ana.get(f"/sets/{slug}").status_code == 200
    assert bo.get(f"/instructor/sets/{slug}").status_code == 404
    assert student.get(f"/sets/{slug}").status_code == 404
    ana.post(f"/instructor/sets/{slug}/settings",
             data={"title": "Peru draft", "description": "", "status": "published"})
    assert student.get(f"/sets/{slug}").status_code == 200


def test_the_instructor_sees_what_was_found_and_what_was_not_asked(app, user_client) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    response = ana.post("/instructor/generate", data={
        "title": "Peru draft", "text": PROFILE.read_text(encoding="utf-8")})
    page = ana.get(response.location).get_data(as_text=True)
    assert "How this draft was generated" in page
    assert "Abimael Guzmán" in page and "dated events" in page  # facts found
    assert "Facts not asked" in page and "give-away filters" in page  # ... and why not
    assert "sentence already asked" in page
    with app.app_context():
        report = _db.session.execute(_db.select(QuestionSet)).scalar_one().generation_report
    assert report["questions"] == len(set_rows(app, response.location.rsplit("/", 1)[-1]))
    bundled_like = ana.get("/instructor/sets/new")  # a set made by hand has no report
    assert "How this draft was generated" not in bundled_like.get_data(as_text=True)
    assert bo.get(response.location).status_code == 404


def test_uploaded_txt_profile_works_too(app, user_client) -> None:
    ana = user_client("instructor")
    data = {"title": "", "text": "", "file": (io.BytesIO(PROFILE.read_bytes()), "peru.txt")}
    response = ana.post("/instructor/generate", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert count_sets(app) == 1


@pytest.mark.parametrize(("text", "status", "message"), [
    ("   ", 200, "Paste the profile text or choose a .txt file."),
    ("Nothing to see here. Just words about the weather.", 400, "no recognisable facts"),
])
def test_unusable_profile_is_refused(app, user_client, text, status, message) -> None:
    ana = user_client("instructor")
    response = ana.post("/instructor/generate", data={"title": "", "text": text})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert count_sets(app) == 0


@pytest.mark.parametrize(("fmt", "mimetype"), [
    ("yaml", "application/yaml"), ("csv", "text/csv"), ("gift", "text/plain")])
def test_exports_are_attachments_that_import_back(app, user_client, save_set, fmt,
                                                  mimetype) -> None:
    ana = user_client("instructor")
    qset = save_set(small_bank(), owner_id=ana.user.id, status="draft")
    response = ana.get(f"/instructor/sets/small/export.{fmt}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Disposition"] == f'attachment; filename="small.{fmt}"'
    parsed = parse_upload(f"small.{fmt}", response.data, slug_hint="small")
    with app.app_context():
        expected = to_bank(_db.session.get(QuestionSet, qset.id))
    assert _comparable(parsed.questions) == _comparable(expected.questions)
    if fmt == "yaml":
        assert load_bank(response.get_data(as_text=True)) == expected


def _comparable(questions: tuple[Question, ...]) -> list[tuple[object, ...]]:
    return [(q.key, q.topic, q.type, q.prompt, q.answer, sorted(q.choices)) for q in questions]


def test_unknown_export_format_is_404(user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id)
    assert ana.get("/instructor/sets/small/export.docx").status_code == 404
