"""Study pages over HTTP: the card, reveal, rating, undo, bury/suspend, settings, dashboard."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select
from support import PASSWORD, csrf_token, password_hash

from quizapp.bank.schema import Bank, Question, SetInfo, SetSource, SourceRef
from quizapp.content.services import save_bank
from quizapp.extensions import db
from quizapp.models import Card, ReviewLog, User


def bank(slug: str = "views-test") -> Bank:
    return Bank(SetInfo(slug, "Views test"), tuple(
        Question(f"v{i}", topic, "short_answer", f"Prompt {i}?", f"Answer {i}", accept=(f"Alias {i}",))
        for i, topic in enumerate(["groups", "leaders", "regions", "dates"])
    ))


def _form(html: str) -> dict[str, str]:
    fields = dict(re.findall(r'name="(question_id|client_id)" type="hidden" value="([^"]*)"', html))
    assert fields, "no rating form on the page"
    return fields


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_study_page_shows_front_then_answer_with_intervals(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    html = client.get("/study/views-test").get_data(as_text=True)
    assert "Prompt 0?" in html and "4 new" in html
    assert 'id="card-back" hidden' in html
    revealed = client.get(f"/study/views-test?reveal={_form(html)['question_id']}").get_data(as_text=True)
    assert 'id="card-back" hidden' not in revealed
    assert "Answer 0" in revealed and "Also accepted: Alias 0" in revealed
    for label in ("&lt;1m", "&lt;10m"):  # under Anki's 20-minute learn-ahead limit
        assert f'<span class="rate-interval">{label}</span>' in revealed
    assert re.search(r'<span class="rate-interval">\d+d</span>', revealed)  # Easy (fuzzed)


def test_the_answer_cites_the_source_of_its_set(app, save_set, user_client) -> None:
    quoted = tuple(replace(q, source=SourceRef("Criminal Groups", f"Sentence {q.key}."))
                   for q in bank().questions)
    save_set(Bank(SetInfo("views-test", "Views test", source=SetSource(
        title="Peru Profile", publisher="InSight Crime")), quoted))
    client = user_client()
    html = client.get("/study/views-test").get_data(as_text=True)
    revealed = client.get(f"/study/views-test?reveal={_form(html)['question_id']}").get_data(as_text=True)
    assert "<cite>Criminal Groups — Peru Profile, InSight Crime</cite>" in revealed


def test_rating_is_stored_once_even_if_posted_twice(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    fields = _form(client.get("/study/views-test").get_data(as_text=True))
    for _ in range(2):
        response = client.post("/study/views-test/review", data={**fields, "rating": "3"})
        assert response.status_code == 302
    with app.app_context():
        assert _count(ReviewLog) == 1
        assert db.session.execute(select(Card.reps)).scalar_one() == 1
    assert "Prompt 1?" in client.get("/study/views-test").get_data(as_text=True)


def test_bad_rating_is_refused_without_change(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    fields = _form(client.get("/study/views-test").get_data(as_text=True))
    assert client.post("/study/views-test/review", data={**fields, "rating": "9"}).status_code == 400
    for missing in ("question_id", "client_id", "rating"):
        partial = {**fields, "rating": "3"}
        partial.pop(missing, None)
        assert client.post("/study/views-test/review", data=partial).status_code == 400, missing
    assert client.post("/study/views-test/review",
                       data={**fields, "rating": "3", "question_id": "one"}).status_code == 400
    assert client.post("/study/views-test/review",
                       data={**fields, "rating": "3", "question_id": "99999"}).status_code == 404
    with app.app_context():
        assert _count(ReviewLog) == 0


def test_student_cannot_study_another_owners_draft(app, save_set, make_user, user_client) -> None:
    owner = make_user("prof", role="instructor")
    draft = save_set(bank("secret"), owner_id=owner.id, status="draft")
    client = user_client()
    assert client.get("/study/secret").status_code == 404
    with app.app_context():
        qid = db.session.execute(select(func.min(Card.id))).scalar()  # no cards yet
        assert qid is None
        from quizapp.models import Question as Row
        question_id = db.session.execute(select(Row.id).where(Row.set_id == draft.id)).scalars().first()
    response = client.post("/study/secret/review",
                           data={"question_id": question_id, "client_id": "x", "rating": "3"})
    assert response.status_code == 404


def test_cards_are_private_to_each_student(app, save_set, user_client) -> None:
    save_set(bank())
    ana, ben = user_client(username="ana"), user_client(username="ben")
    fields = _form(ana.get("/study/views-test").get_data(as_text=True))
    ana.post("/study/views-test/review", data={**fields, "rating": "3"})
    assert "Prompt 0?" in ben.get("/study/views-test").get_data(as_text=True)
    assert "Prompt 1?" in ana.get("/study/views-test").get_data(as_text=True)
    # Ben undoing does not touch Ana's answer.
    ben.post("/study/views-test/undo")
    with app.app_context():
        assert _count(ReviewLog) == 1


def test_undo_then_suspend_and_bury(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    fields = _form(client.get("/study/views-test").get_data(as_text=True))
    client.post("/study/views-test/review", data={**fields, "rating": "1"})
    client.post("/study/views-test/undo")
    html = client.get("/study/views-test").get_data(as_text=True)
    assert "Prompt 0?" in html
    client.post("/study/views-test/suspend", data={"question_id": fields["question_id"]})
    html = client.get("/study/views-test").get_data(as_text=True)
    assert "Prompt 1?" in html
    bury_id = _form(html)["question_id"]
    client.post("/study/views-test/bury", data={"question_id": bury_id})
    assert "Prompt 2?" in client.get("/study/views-test").get_data(as_text=True)
    progress = client.get("/progress").get_data(as_text=True)
    assert "Suspended cards" in progress and "Prompt 0?" in progress


def test_settings_validate_retention(app, user_client) -> None:
    client = user_client()
    data = {"new_per_day": "5", "max_reviews_per_day": "50", "desired_retention": "0.99",
            "maximum_interval": "365", "timezone": "Europe/Madrid"}
    assert "between 0.70 and 0.97" in client.post("/settings", data=data).get_data(as_text=True)
    client.post("/settings", data={**data, "desired_retention": "0.85"})
    with app.app_context():
        user = db.session.get(User, client.user.id)
        assert (user.new_per_day, user.desired_retention, user.timezone) == (5, 0.85, "Europe/Madrid")


def test_dashboard_counts_move_after_studying(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    html = client.get("/progress").get_data(as_text=True)
    assert re.search(r'id="stat-new">4<', html) and re.search(r'id="stat-done">0<', html)
    fields = _form(client.get("/study/views-test").get_data(as_text=True))
    client.post("/study/views-test/review", data={**fields, "rating": "4"})
    html = client.get("/progress").get_data(as_text=True)
    assert re.search(r'id="stat-new">3<', html) and re.search(r'id="stat-done">1<', html)
    assert "Groups" in html and "Due in the next 30 days" in html and "<svg" in html


def test_a_topic_and_a_mount_point_carry_through_the_links_and_the_answer(
        app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    mounted = {"SCRIPT_NAME": "/quiz"}
    html = client.get("/study/views-test?topic=leaders", environ_overrides=mounted
                      ).get_data(as_text=True)
    assert "Prompt 1?" in html  # the leaders question, not the first one
    question_id = _form(html)["question_id"]
    assert f'href="/quiz/study/views-test?topic=leaders&amp;reveal={question_id}"' in html
    for action in ("review", "undo", "bury", "suspend"):
        assert f'action="/quiz/study/views-test/{action}?topic=leaders"' in html
    answered = client.post("/study/views-test/review?topic=leaders", environ_overrides=mounted,
                           data={**_form(html), "rating": "3"})
    assert answered.headers["Location"] == "/quiz/study/views-test?topic=leaders"
    every_set = client.get("/study/all").get_data(as_text=True)
    assert 'action="/study/all/review"' in every_set and "?reveal=" in every_set


def test_links_are_kept_for_a_bounded_number_of_topics(app, save_set, user_client) -> None:
    save_set(bank())
    client = user_client()
    for n in range(1030):  # a topic is whatever the query string says
        assert client.get(f"/study/views-test?topic=t{n}").status_code == 200
    assert len(app.extensions["quizapp_study_links"]) <= 1024


def test_the_topic_filter_lists_every_topic_of_the_student_s_sets(app, save_set,
                                                                  user_client) -> None:
    """Figures and security were missing: the filter listed four fixed topics."""
    base = bank("topics-test")
    extra = tuple(replace(q, key=f"x{i}", topic=topic)
                  for i, (q, topic) in enumerate(zip(base.questions[:2], ["figures", "security"],
                                                           strict=True)))
    save_set(replace(base, questions=base.questions + extra))
    html = user_client().get("/study").get_data(as_text=True)
    listed = re.findall(r'<option value="([a-z]+)">', html.split('id="topic"', 1)[1])
    assert listed == ["groups", "leaders", "regions", "dates", "figures", "security"]


def test_answers_in_place_carry_on_the_token_they_were_sent_with(csrf_app, monkeypatch) -> None:
    """With CSRF on, as in production: each card swapped in carries the token its answer was
    checked with (not a newly signed one), so a student answers card after card; a forged
    token changes nothing."""

    with csrf_app.app_context():
        save_bank(bank())
        db.session.add(User(username="ana", role="student", password_hash=password_hash()))
        db.session.commit()
    client = csrf_app.test_client()
    client.post("/login", data={"username": "ana", "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    html = client.get("/study/views-test").get_data(as_text=True)
    token = csrf_token(client, "/study/views-test")
    # Later answers: a token signed now would carry another timestamp.
    later = int(time.time()) + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    for _ in range(3):
        response = client.post("/study/views-test/review", headers={"X-Study-Fragment": "1"},
                               data={**_form(html), "rating": "3", "csrf_token": token})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
        assert tokens == {token}
    forged = client.post("/study/views-test/review", headers={"X-Study-Fragment": "1"},
                         data={**_form(html), "rating": "3", "csrf_token": token[:-2] + "xx"})
    assert forged.status_code == 400
    with csrf_app.app_context():
        assert _count(ReviewLog) == 3
