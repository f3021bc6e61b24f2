"""Imports through the browser flow: upload → preview → confirm; errors, limits, ownership."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from instructor_helpers import FIXTURES, count_sets, set_rows, small_bank, upload
from support import PASSWORD, login, make_test_app
from werkzeug.security import generate_password_hash

from quizapp.bank.schema import dump_bank
from quizapp.imports.csvfile import COLUMNS, OPTIONAL_COLUMNS
from quizapp.models import QuestionSet


def _preview(client, form) -> tuple[str, str]:
    response = client.post("/instructor/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.location
    return location, client.get(location).get_data(as_text=True)


def test_gift_preview_then_confirm_creates_a_draft_set(app, user_client) -> None:
    ana = user_client("instructor")
    location, html = _preview(ana, upload("small.gift", title="Peru from Moodle"))
    assert "3</strong> new questions" in html
    assert "Who was known by the alias “Comrade Artemio”?" in html
    assert count_sets(app) == 0  # nothing written before confirming
    done = ana.post(location)
    assert done.status_code == 302 and done.location.endswith("/instructor/sets/peru-from-moodle")
    rows = set_rows(app, "peru-from-moodle")
    assert [(r.key, r.type, r.topic) for r in rows] == [
        ("artemio", "multiple_choice", "leaders"), ("guzman-tf", "true_false", "dates"),
        ("ayacucho", "cloze", "dates")]
    assert rows[2].accept == ["Ayacucho town"]
    assert ana.post(location).status_code == 404  # the staged upload is gone


def test_an_essay_is_listed_as_skipped_and_the_rest_imports(app, user_client) -> None:
    ana = user_client("instructor")
    data = (FIXTURES / "small.gift").read_bytes() + b"\n\n::q:: Write about it. {}\n"
    location, html = _preview(ana, upload("moodle.gift", data))
    assert "3</strong> new questions" in html
    assert ("question 4 (line 17): essay questions (an empty answer block) are not "
            "supported, skipped") in html
    ana.post(location)
    assert [r.key for r in set_rows(app, "moodle")] == ["artemio", "guzman-tf", "ayacucho"]


def test_a_gift_file_with_nothing_to_import_creates_nothing(app, user_client) -> None:
    ana = user_client("instructor")
    response = ana.post("/instructor/import", data=upload("moodle.gift", b"Essay? {}\n"),
                        content_type="multipart/form-data")
    assert "holds no question quizapp can import" in response.get_data(as_text=True)
    assert count_sets(app) == 0


def test_import_page_documents_the_csv_columns_and_links_a_sample(app, user_client) -> None:
    html = user_client("instructor").get("/instructor/import").get_data(as_text=True)
    docs = html.split("<summary>File formats</summary>", 1)[1].split("</details>", 1)[0]
    assert all(f"<code>{column}</code>" in docs for column in COLUMNS + OPTIONAL_COLUMNS)
    assert 'href="/static/samples/questions-sample.csv"' in docs
    for name in ("YAML", "GIFT", ".apkg"):
        assert name in docs
    with app.test_client() as anyone:
        response = anyone.get("/static/samples/questions-sample.csv")
        assert response.status_code == 200 and response.data.startswith(b"id,topic,type,")
        response.close()


def test_csv_import_names_the_new_set_after_the_file(app, user_client) -> None:
    ana = user_client("instructor")
    location, html = _preview(ana, upload("small.csv"))
    assert "2</strong> new questions" in html and "Put these events in order." in html
    ana.post(location)
    rows = set_rows(app, "small")
    assert [r.type for r in rows] == ["multiple_choice", "ordering"]
    assert rows[1].answer == ["Shining Path declares war", "Guzmán captured", "Guzmán dies"]


def test_yaml_import_into_an_existing_set_updates_by_id(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="published")
    original = set_rows(app, "small")
    bank = small_bank()
    changed = replace(bank.questions[2], answer="Huanta")
    new = replace(bank.questions[1], key="q-new")
    edited = replace(bank, questions=(bank.questions[0], changed, new))
    data = dump_bank(edited).encode("utf-8")
    location, html = _preview(ana, upload("edit.yaml", data, target="small"))
    assert "1</strong> new question" in html and "1</strong> updated" in html
    assert "1</strong> unchanged" in html
    ana.post(location)
    rows = set_rows(app, "small")
    assert [r.key for r in rows] == ["q-mc", "q-tf", "q-sa", "q-new"]
    assert rows[2].answer == "Huanta" and rows[2].id == original[2].id  # progress kept
    assert count_sets(app) == 1


def test_yaml_slug_of_someone_elses_set_never_overwrites_it(app, user_client, save_set) -> None:
    save_set(small_bank("peru", "Bundled Peru"), status="published")
    ana = user_client("instructor")
    data = dump_bank(small_bank("peru", "My Peru")).encode("utf-8")
    location, _ = _preview(ana, upload("peru.yaml", data))
    ana.post(location)
    assert count_sets(app) == 2
    assert [r.key for r in set_rows(app, "peru-2")] == ["q-mc", "q-tf", "q-sa"]


@pytest.mark.parametrize(("name", "data", "where"), [
    ("broken.gift", None, "line 4"),
    ("broken.csv", b"topic,type,prompt,answer\nleaders,multiple_choice,Who?,X\n", "line 2"),
    ("bad.yaml", b"set: {slug: x, title: X}\nquestions:\n- id: a\n  type: nope\n",
     "questions[0]"),
    ("latin1.gift", "Capital of Perú? {=Lima}".encode("latin-1"), "UTF-8"),
    ("notes.docx", b"hello", "unsupported file type"),
])
def test_malformed_upload_stays_on_the_form_with_the_place_by_the_file_field(
        app, user_client, name, data, where) -> None:
    ana = user_client("instructor")
    response = ana.post("/instructor/import", data=upload(name, data, title="Kept title"),
                        content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The import form again (what was typed kept), the parser's message under the file field.
    assert "Preview the import" in html and 'value="Kept title"' in html
    error = re.search(r'<small id="file-errors" class="field-error">([^<]*)</small>', html)
    assert error is not None, html
    assert where in error.group(1) and "Nothing was imported" in error.group(1)
    assert 'aria-describedby="file-errors"' in html and 'aria-invalid="true"' in html
    assert count_sets(app) == 0
    assert not list((FIXTURES.parent / "uploads").glob("*"))  # nothing staged in the tests dir


def test_upload_over_the_limit_is_413(tmp_path) -> None:
    (tmp_path / "small").mkdir()
    small_app = make_test_app(tmp_path / "small", MAX_CONTENT_LENGTH=2048)
    from quizapp.extensions import db
    from quizapp.models import User

    with small_app.app_context():
        db.session.add(User(username="ana", role="instructor",
                            password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    client = small_app.test_client()
    login(client, "ana")
    big = {"file": (io.BytesIO(b"// padding\n" * 400), "big.gift"), "target": "", "title": ""}
    response = client.post("/instructor/import", data=big, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)
    with small_app.app_context():
        assert db.session.execute(db.select(QuestionSet)).first() is None


def test_another_instructor_cannot_preview_or_confirm_my_upload(app, user_client) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    location, _ = _preview(ana, upload("small.gift"))
    assert bo.get(location).status_code == 404
    assert bo.post(location).status_code == 404
    assert count_sets(app) == 0


def test_cannot_import_into_another_instructors_set(app, user_client, save_set) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    save_set(small_bank("bos"), owner_id=bo.user.id, status="draft")
    response = ana.post("/instructor/import", data=upload("small.gift", target="bos"),
                        content_type="multipart/form-data")
    assert response.status_code == 200  # the form refuses a target that is not offered
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert len(set_rows(app, "bos")) == 3


def test_cancel_drops_the_upload(app, user_client) -> None:
    ana = user_client("instructor")
    location, _ = _preview(ana, upload("small.gift"))
    ana.post(location + "/cancel")
    assert ana.get(location).status_code == 404
    assert count_sets(app) == 0


def test_a_quizlet_export_with_a_chosen_separator_imports(app, user_client) -> None:
    ana = user_client("instructor")
    quizlet = b"Lima,capital of Peru\nCusco,Inca capital\n"
    location, html = _preview(ana, upload("quizlet.txt", quizlet, separator="comma"))
    assert "2</strong> new questions" in html
    ana.post(location)
    rows = set_rows(app, "quizlet")
    assert [(r.prompt, r.answer, r.type) for r in rows] == [
        ("Lima", "capital of Peru", "short_answer"), ("Cusco", "Inca capital", "short_answer")]
