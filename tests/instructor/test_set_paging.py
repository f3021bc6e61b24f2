"""The instructor's set page: status and publish actions first, then a question list with its
answers, search, filters and pages of 25 whose links keep the filters."""

from __future__ import annotations

import re
from html import unescape

from instructor_helpers import small_bank
from support import peru_bank

from quizapp.extensions import db as _db
from quizapp.models import QuestionSet

ROW = 'class="question-row'


def _rows(html: str) -> int:
    return html.count(ROW)


def _status(app, slug: str) -> str:
    with app.app_context():
        return _db.session.execute(
            _db.select(QuestionSet.status).where(QuestionSet.slug == slug)).scalar_one()


def test_large_set_is_paged_by_25_and_links_keep_the_filters(peru_set, user_client) -> None:
    teacher = user_client("instructor")
    total = len(peru_bank().questions)
    first = teacher.get("/instructor/sets/peru").get_data(as_text=True)
    assert f"{total} questions" in first and _rows(first) == 25
    assert "Page 1 of" in first and 'rel="next"' in first
    last_page = -(-total // 25)
    last = teacher.get(f"/instructor/sets/peru?page={last_page}").get_data(as_text=True)
    assert _rows(last) == total - 25 * (last_page - 1)
    assert teacher.get("/instructor/sets/peru?page=999").status_code == 200  # clamped
    assert teacher.get("/instructor/sets/peru?page=x").status_code == 200

    leaders = [q for q in peru_bank().questions if q.topic == "leaders"]
    filtered = teacher.get("/instructor/sets/peru?topic=leaders&type=multiple_choice")
    html = filtered.get_data(as_text=True)
    expected = sum(q.type == "multiple_choice" for q in leaders)
    assert f"{expected} matching question" in html
    assert set(re.findall(r'<span class="chip topic">([^<]+)</span>', html)) == {"leaders"}
    assert set(re.findall(r'<span class="chip qtype">([^<]+)</span>', html)) == {"multiple choice"}
    # the filters show what they filter by
    assert '<option value="leaders" selected>leaders</option>' in html
    assert '<option value="multiple_choice" selected>multiple choice</option>' in html
    if expected > 25:
        nxt = re.search(r'href="([^"]+)" rel="next"', html)
        assert nxt is not None
        assert "topic=leaders" in nxt.group(1) and "type=multiple_choice" in nxt.group(1)


def test_each_question_shows_its_answer_and_search_reads_answers(
        user_client, save_set) -> None:
    ana = user_client("instructor", "ana")
    save_set(small_bank(), owner_id=ana.user.id, status="draft")
    html = ana.get("/instructor/sets/small").get_data(as_text=True)
    answers = [unescape(a).strip() for a in re.findall(
        r'<span class="answer-label">Answer</span>([^<]*)</p>', html)]
    assert answers == ["Florindo Eleuterio Flores", "True", "Ayacucho"]
    # "ayacucho" is in no prompt, only in an answer.
    found = ana.get("/instructor/sets/small?q=ayacucho").get_data(as_text=True)
    assert _rows(found) == 1 and "In which region did the insurgency begin?" in found
    assert "1 matching question" in found
    none = ana.get("/instructor/sets/small?q=nothing-like-this").get_data(as_text=True)
    assert _rows(none) == 0 and "No questions match these filters." in none


def test_deleted_questions_are_listed_under_retired(user_client, save_set) -> None:
    ana = user_client("instructor", "ana")
    qset = save_set(small_bank(), owner_id=ana.user.id, status="draft")
    page = ana.get(f"/instructor/sets/{qset.slug}").get_data(as_text=True)
    question_id = re.search(r'/questions/(\d+)/delete', page).group(1)
    ana.post(f"/instructor/sets/{qset.slug}/questions/{question_id}/delete")
    retired = ana.get(f"/instructor/sets/{qset.slug}?flag=retired").get_data(as_text=True)
    assert _rows(retired) == 1 and '<span class="badge retired">retired</span>' in retired
    assert "/edit" not in retired  # a retired question has no actions
    assert _rows(ana.get(f"/instructor/sets/{qset.slug}").get_data(as_text=True)) == 2


def test_the_set_page_leads_with_add_a_question_and_publish(app, user_client) -> None:
    ana = user_client("instructor", "ana")
    created = ana.post("/instructor/sets/new",
                       data={"title": "Fresh", "description": "", "status": "draft"})
    html = ana.get(created.location).get_data(as_text=True)
    assert "Add its first question" in html
    primary = html[html.index('class="set-primary"'):html.index('class="set-secondary')]
    assert "Add a question" in primary and ">Publish</button>" in primary
    assert "Only you can see this set" in html
    assert html.index("Add a question") < html.index(">Settings</a>")


def test_publish_and_unpublish_are_posts_for_the_owner(app, user_client, save_set) -> None:
    ana = user_client("instructor", "ana")
    qset = save_set(small_bank(), owner_id=ana.user.id, status="draft")
    assert ana.get(f"/instructor/sets/{qset.slug}/publish").status_code == 405
    done = ana.post(f"/instructor/sets/{qset.slug}/publish")
    assert done.status_code == 302 and _status(app, qset.slug) == "published"
    html = ana.get(done.location).get_data(as_text=True)
    assert "Published: students can now study this set." in html and ">Unpublish</button>" in html
    ana.post(f"/instructor/sets/{qset.slug}/unpublish")
    assert _status(app, qset.slug) == "draft"

    bo = user_client("instructor", "bo")
    assert bo.post(f"/instructor/sets/{qset.slug}/publish").status_code == 404
    student = user_client("student", "cy")
    assert student.post(f"/instructor/sets/{qset.slug}/publish").status_code == 403
    assert _status(app, qset.slug) == "draft"


def test_publish_needs_the_csrf_token(app, user_client, save_set) -> None:
    ana = user_client("instructor", "ana")
    qset = save_set(small_bank(), owner_id=ana.user.id, status="draft")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert ana.post(f"/instructor/sets/{qset.slug}/publish").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _status(app, qset.slug) == "draft"


def test_bundled_set_offers_no_publish(peru_set, user_client) -> None:
    teacher = user_client("instructor")
    html = teacher.get("/instructor/sets/peru").get_data(as_text=True)
    assert "set-primary" not in html and "read-only" in html
    assert teacher.post("/instructor/sets/peru/unpublish").status_code == 403
