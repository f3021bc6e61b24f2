"""The study page's Undo: enabled exactly when pressing it would undo an answer."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp import srs
from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.extensions import db
from quizapp.models import ReviewLog, User, utcnow
from quizapp.study import services as study

FRAGMENT = {"X-Study-Fragment": "1"}


def bank(slug: str) -> Bank:
    return Bank(SetInfo(slug, slug.title()), tuple(
        Question(f"{slug}{i}", "groups", "short_answer", f"{slug} prompt {i}?", f"Answer {i}")
        for i in range(3)))


def _undo_button(html: str) -> str:
    buttons = re.findall(r'<button[^>]*data-key="u"[^>]*>', html)
    assert len(buttons) == 1, buttons
    return buttons[0]


def _undo_disabled(html: str) -> bool:
    """Whether Undo is disabled, checking that a disabled one says why to screen readers."""
    button = _undo_button(html)
    if " disabled" not in button:
        return False
    assert 'aria-describedby="undo-why"' in button and 'title="Nothing to undo' in button
    assert re.search(r'<span id="undo-why" class="visually-hidden">Nothing to undo', html)
    return True


def _answer(client, slug: str, html: str, **kwargs):
    fields = dict(re.findall(r'name="(question_id|client_id)" type="hidden" value="([^"]*)"',
                             html))
    return client.post(f"/study/{slug}/review", data={**fields, "rating": "3"}, **kwargs)


def _logs() -> int:
    return db.session.execute(select(func.count()).select_from(ReviewLog)).scalar_one()


def test_undo_is_disabled_until_an_answer_and_again_once_it_is_undone(app, save_set,
                                                                        user_client) -> None:
    save_set(bank("alpha"))
    client = user_client()
    page = client.get("/study/alpha").get_data(as_text=True)
    assert _undo_disabled(page)
    assert "Nothing to undo yet: answer a card first." in page
    assert _answer(client, "alpha", page).status_code == 302
    assert not _undo_disabled(client.get("/study/alpha").get_data(as_text=True))
    client.post("/study/alpha/undo")
    assert _undo_disabled(client.get("/study/alpha").get_data(as_text=True))
    with app.app_context():
        assert _logs() == 0


def test_answered_in_place_the_fragment_enables_undo_and_undoing_disables_it(
        app, save_set, user_client) -> None:
    save_set(bank("alpha"))
    client = user_client()
    page = client.get("/study/alpha").get_data(as_text=True)
    for _ in range(2):
        answered = _answer(client, "alpha", page, headers=FRAGMENT).get_data(as_text=True)
        assert not _undo_disabled(answered)
        page = answered
    once = client.post("/study/alpha/undo", headers=FRAGMENT).get_data(as_text=True)
    assert "Undid your last answer." in once and not _undo_disabled(once)  # one answer left
    twice = client.post("/study/alpha/undo", headers=FRAGMENT).get_data(as_text=True)
    assert "Undid your last answer." in twice and _undo_disabled(twice)


def test_undo_belongs_to_the_set_being_studied(app, save_set, user_client) -> None:
    save_set(bank("alpha"))
    save_set(bank("beta"))
    client = user_client()
    _answer(client, "alpha", client.get("/study/alpha").get_data(as_text=True))
    assert _undo_disabled(client.get("/study/beta").get_data(as_text=True))
    client.post("/study/beta/undo")  # a stale page's Undo: nothing of beta's to undo
    with app.app_context():
        assert _logs() == 1
    assert not _undo_disabled(client.get("/study/alpha").get_data(as_text=True))
    assert not _undo_disabled(client.get("/study/all").get_data(as_text=True))


def test_undo_is_disabled_when_a_quiz_answered_that_card_since(app, save_set,
                                                               user_client) -> None:
    save_set(bank("alpha"))
    client = user_client()
    page = client.get("/study/alpha").get_data(as_text=True)
    _answer(client, "alpha", page)
    question_id = int(re.search(r'name="question_id" type="hidden" value="(\d+)"', page)[1])
    with app.app_context():
        user = db.session.get_one(User, client.user.id)
        study.record_review(user, question_id, srs.AGAIN, client_id="quiz", now=utcnow(),
                            origin="quiz")
        db.session.commit()
    html = client.get("/study/alpha").get_data(as_text=True)
    assert _undo_disabled(html) and "a quiz answered your last card again since" in html
