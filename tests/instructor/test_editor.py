"""Sets list, set settings, the question editor (validation per type), reorder, delete, copy."""

from __future__ import annotations

import pytest
from instructor_helpers import question_ids, set_rows, small_bank, upload

from quizapp.bank.schema import Bank, SetInfo, SourceRef
from quizapp.bank.schema import Question as BankQuestion
from quizapp.extensions import db as _db
from quizapp.models import Card, QuestionSet

COMMON = {"topic": "leaders", "explanation": "", "section": "", "quote": "", "tags": "peru, test"}


def test_index_lists_own_sets_with_status_and_counts(user_client, save_set) -> None:
    ana = user_client("instructor", "ana")
    save_set(small_bank("ana-set", "Ana's set"), owner_id=ana.user.id, status="draft")
    save_set(small_bank("bo-set", "Bo's set"), owner_id=None, status="published")
    html = ana.get("/instructor/").get_data(as_text=True)
    assert "Ana&#39;s set" in html and "draft" in html
    assert ">3</td>" in html
    assert "Bo&#39;s set" not in html  # neither bundled nor Ana's


def test_create_set_then_publish(app, user_client) -> None:
    ana = user_client("instructor")
    response = ana.post("/instructor/sets/new",
                        data={"title": "Peru basics", "description": "", "status": "draft"})
    assert response.status_code == 302 and response.location.endswith("/instructor/sets/peru-basics")
    ana.post("/instructor/sets/peru-basics/settings",
             data={"title": "Peru basics", "description": "Start here", "status": "published"})
    with app.app_context():
        qset = _db.session.execute(_db.select(QuestionSet)).scalar_one()
        assert (qset.status, qset.description, qset.owner_id) == ("published", "Start here",
                                                                  ana.user.id)


@pytest.mark.parametrize(("title", "slug"), [("History", "history-2"), ("All", "all-2"),
                                             ("New", "new-2")])
def test_a_set_never_takes_the_slug_of_a_page(app, user_client, title, slug) -> None:
    """/quiz/history, /study/all and /instructor/sets/new stay pages; the set is still
    reachable for quizzes and study under its own slug."""
    ana = user_client("instructor")
    response = ana.post("/instructor/sets/new",
                        data={"title": title, "description": "", "status": "published"})
    assert response.location.endswith(f"/instructor/sets/{slug}")
    assert ana.get(f"/quiz/{slug}").status_code == 200
    assert ana.get(f"/study/{slug}").status_code == 200


def test_a_bank_file_with_a_reserved_slug_is_refused() -> None:
    from quizapp.bank.schema import BankFormatError, load_bank

    with pytest.raises(BankFormatError, match="reserved"):
        load_bank("set: {slug: history, title: History}\nquestions: []\n")


@pytest.mark.parametrize(("qtype", "fields", "stored"), [
    ("multiple_choice", {"correct": "Guzmán", "wrong": "Artemio\nRaúl", "accept": ""}, "Guzmán"),
    ("true_false", {"truth": "false"}, False),
    ("short_answer", {"answer": "Ayacucho", "accept": "Ayacucho town"}, "Ayacucho"),
    ("cloze", {"answer": "Ayacucho", "accept": ""}, "Ayacucho"),
    ("ordering", {"items": "first\nsecond\nthird"}, ["first", "second", "third"]),
    ("matching", {"pairs": "Artemio -> Flores\nRaúl -> Quispe"}, {"Artemio": "Flores",
                                                                  "Raúl": "Quispe"}),
])
def test_each_question_type_can_be_added(app, user_client, save_set, qtype, fields,
                                         stored) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    prompt = "The insurgency began in ____." if qtype == "cloze" else "A new question?"
    response = ana.post(f"/instructor/sets/small/questions/new/{qtype}",
                        data={**COMMON, "prompt": prompt, **fields})
    assert response.status_code == 302
    added = set_rows(app, "small")[-1]
    assert (added.type, added.answer, added.tags) == (qtype, stored, ["peru", "test"])
    if qtype == "multiple_choice":
        assert sorted(added.choices) == ["Artemio", "Guzmán", "Raúl"]


@pytest.mark.parametrize(("qtype", "fields", "message"), [
    ("multiple_choice", {"correct": "Guzmán", "wrong": "Artemio"}, "at least 2 wrong options"),
    ("multiple_choice", {"correct": "Guzmán", "wrong": "Guzmán\nRaúl"}, "exactly one option"),
    ("ordering", {"items": "first\nsecond"}, "at least 3 items"),
    ("ordering", {"items": "a\nb\na"}, "must be different"),
    ("matching", {"pairs": "Artemio -> Flores"}, "at least 2 pairs"),
    ("matching", {"pairs": "Artemio: Flores\nRaúl -> Quispe"}, "Line 1 is not written as"),
    ("cloze", {"answer": "Ayacucho"}, "Mark the gap with ____"),
    ("short_answer", {"answer": ""}, "This field is required"),
])
def test_invalid_questions_are_refused_with_a_message(app, user_client, save_set, qtype, fields,
                                                      message) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    response = ana.post(f"/instructor/sets/small/questions/new/{qtype}",
                        data={**COMMON, "prompt": "No gap here", **fields})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(set_rows(app, "small")) == 3


def test_editing_keeps_the_key_and_students_progress(app, user_client, save_set,
                                                     make_user) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="published")
    student = make_user("stu")
    mc = set_rows(app, "small")[0]
    with app.app_context():
        _db.session.add(Card(user_id=student.id, question_id=mc.id, reps=3))
        _db.session.commit()
    form = ana.get(f"/instructor/sets/small/questions/{mc.id}/edit").get_data(as_text=True)
    assert "Florindo Eleuterio Flores" in form and "Jorge Quispe Palomino" in form
    response = ana.post(f"/instructor/sets/small/questions/{mc.id}/edit", data={
        **COMMON, "prompt": "Who used the alias Comrade Artemio?",
        "correct": "Florindo Eleuterio Flores",
        "wrong": "Jorge Quispe Palomino\nVictor Quispe Palomino", "accept": "Artemio"})
    assert response.status_code == 302
    edited = set_rows(app, "small")[0]
    assert (edited.id, edited.key, edited.prompt) == (mc.id, "q-mc",
                                                      "Who used the alias Comrade Artemio?")
    assert edited.choices == mc.choices  # same options keep the order students saw
    assert edited.accept == ["Artemio"]
    with app.app_context():
        card = _db.session.execute(_db.select(Card)).scalar_one()
        assert (card.question_id, card.reps) == (mc.id, 3)


def test_move_up_and_down(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    first, second, third = question_ids(app, "small")
    ana.post(f"/instructor/sets/small/questions/{third}/move/up")
    assert question_ids(app, "small") == [first, third, second]
    ana.post(f"/instructor/sets/small/questions/{first}/move/down")
    assert question_ids(app, "small") == [third, first, second]
    ana.post(f"/instructor/sets/small/questions/{third}/move/up")  # already first: no change
    assert question_ids(app, "small") == [third, first, second]


def test_delete_asks_first_then_removes(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    target = question_ids(app, "small")[1]
    page = ana.get(f"/instructor/sets/small/questions/{target}/delete")
    assert page.status_code == 200 and "Delete this question?" in page.get_data(as_text=True)
    assert target in question_ids(app, "small")
    ana.post(f"/instructor/sets/small/questions/{target}/delete")
    assert target not in question_ids(app, "small")
    assert ana.get(f"/instructor/sets/small/questions/{target}/edit").status_code == 404


def _preview(client, slug: str, question_id: int) -> str:
    html = client.get(f"/instructor/sets/{slug}/questions/{question_id}/preview").get_data(
        as_text=True)
    return html.split('class="question-preview"', 1)[1].split('class="actions"', 1)[0]


def test_preview_shows_the_question_as_students_see_it(app, user_client, save_set) -> None:
    """The quiz's own answer markup (disabled, nothing to submit), then the flashcard's back."""
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    mc, tf, sa = question_ids(app, "small")
    preview = _preview(ana, "small", mc)
    assert "Who was known as Comrade Artemio?" in preview
    assert "<fieldset disabled" in preview and 'type="submit"' not in preview
    assert preview.count('class="quiz-option"') == 3
    assert '<kbd aria-hidden="true">3</kbd>' in preview and "Keys 1–3 choose" in preview
    assert '<p class="answer">Florindo Eleuterio Flores</p>' in preview
    tf_preview = _preview(ana, "small", tf)
    assert tf_preview.count('class="quiz-option"') == 2 and "True or false?" in tf_preview
    assert '<p class="answer">True</p>' in tf_preview
    assert 'id="answer-text" name="text"' in _preview(ana, "small", sa)


EVERY_TYPE = Bank(SetInfo("every", "Every type"), (
    BankQuestion("e-cz", "regions", "cloze", "It began in ____ in 1980.", "Ayacucho",
                 accept=("Ayacucho region",),
                 source=SourceRef("Criminal Groups", "It began in Ayacucho.")),
    BankQuestion("e-or", "dates", "ordering", "Put in order.", ["first", "second", "third"]),
    BankQuestion("e-mt", "leaders", "matching", "Match.", {"Artemio": "Flores", "Raúl": "Quispe"}),
))


def test_preview_of_cloze_ordering_and_matching_uses_the_quiz_markup(app, user_client,
                                                                     save_set) -> None:
    ana = user_client("instructor")
    save_set(EVERY_TYPE, owner_id=ana.user.id, status="draft")
    cloze, ordering, matching = question_ids(app, "every")
    preview = _preview(ana, "every", cloze)
    assert 'class="quiz-prompt cloze-sentence">It began in <label' in preview
    assert 'class="cloze-gap"' in preview and "in 1980." in preview
    assert "Also accepted: Ayacucho region" in preview  # the flashcard's back, with the quote
    assert "It began in Ayacucho." in preview and "<cite>Criminal Groups — Every type" in preview
    preview = _preview(ana, "every", ordering)
    assert preview.count('class="order-item"') == 3 and 'data-ordering' in preview
    assert preview.count('class="match-row"') == 0
    preview = _preview(ana, "every", matching)
    assert preview.count('class="match-row"') == 2


def test_delete_confirmation_shows_the_student_view_too(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    mc = question_ids(app, "small")[0]
    html = ana.get(f"/instructor/sets/small/questions/{mc}/delete").get_data(as_text=True)
    assert html.count('class="quiz-option"') == 3 and "Delete question" in html


def test_bundled_sets_are_read_only_for_everyone_but_copyable(app, user_client,
                                                              save_set) -> None:
    """Each start reloads a bundled set from its bank file, so an edit would be lost: nobody
    edits it, not even an admin, and the set page offers a copy to edit instead."""
    bundled = save_set(small_bank("bundled-set", "Bundled"), status="published")
    with app.app_context():
        _db.session.get(QuestionSet, bundled.id).bundled = True
        _db.session.commit()
    ana = user_client("instructor")
    qid = question_ids(app, "bundled-set")[0]
    page = ana.get("/instructor/sets/bundled-set").get_data(as_text=True)
    assert "reloaded from its bank file at every start" in page and "Copy to edit" in page
    assert ana.get(f"/instructor/sets/bundled-set/questions/{qid}/edit").status_code == 403
    assert ana.post(f"/instructor/sets/bundled-set/questions/{qid}/delete").status_code == 403
    response = ana.post("/instructor/sets/bundled-set/copy")
    copy_slug = response.location.rsplit("/", 1)[-1]
    copy_ids = question_ids(app, copy_slug)
    assert len(copy_ids) == 3
    assert ana.get(f"/instructor/sets/{copy_slug}/questions/{copy_ids[0]}/edit").status_code == 200
    admin = user_client("admin")
    assert admin.get(f"/instructor/sets/bundled-set/questions/{qid}/edit").status_code == 403
    assert admin.post("/instructor/sets/bundled-set/settings",
                      data={"title": "Renamed", "status": "draft"}).status_code == 403
    refused = admin.post("/instructor/import", data=upload("small.gift", target="bundled-set"),
                         content_type="multipart/form-data")
    assert refused.status_code == 200 and "Not a valid choice" in refused.get_data(as_text=True)
    with app.app_context():
        qset = _db.session.get(QuestionSet, bundled.id)
        assert (qset.title, qset.status) == ("Bundled", "published")


def test_mass_assignment_of_owner_is_ignored(app, user_client, make_user) -> None:
    other = make_user("other", role="instructor")
    ana = user_client("instructor")
    ana.post("/instructor/sets/new", data={"title": "Mine", "status": "draft",
                                           "owner_id": str(other.id), "bundled": "y"})
    with app.app_context():
        qset = _db.session.execute(_db.select(QuestionSet)).scalar_one()
        assert (qset.owner_id, qset.bundled) == (ana.user.id, False)
