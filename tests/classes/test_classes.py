"""Classes: create with a join code, join, leave, assign sets, students see assigned sets."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.classes import services
from quizapp.extensions import db as _db
from quizapp.models import ClassSet, SchoolClass, User, utcnow


def _bank(slug: str, title: str) -> Bank:
    return Bank(SetInfo(slug=slug, title=title), (
        Question(key="k1", topic="dates", type="true_false", prompt="Guzmán was captured in 1992.",
                 answer=True),))


def _new_class(client, name: str = "Crime 101") -> tuple[int, str]:
    response = client.post("/classes/new", data={"name": name})
    assert response.status_code == 302
    class_id = int(response.location.rstrip("/").rsplit("/", 1)[-1])
    html = client.get(f"/classes/{class_id}").get_data(as_text=True)
    code = re.search(r'id="join-code">([A-Z0-9]{8})<', html)
    assert code, "no join code on the class page"
    return class_id, code.group(1)


def test_join_codes_use_an_unambiguous_alphabet() -> None:
    codes = {services.new_join_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and not set(c) & set("01ILO") for c in codes)
    assert services.normalise_code(" abcd-efgh ") == "ABCDEFGH"


def test_student_joins_and_sees_published_assigned_sets(app, user_client, save_set) -> None:
    ana, stu = user_client("instructor"), user_client()
    published = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    draft = save_set(_bank("peru-draft", "Peru draft"), owner_id=ana.user.id, status="draft")
    class_id, code = _new_class(ana)
    for qset in (published, draft):
        assert ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id}).status_code == 302
    stu.post("/classes/join", data={"code": code.lower()})
    html = stu.get("/classes/").get_data(as_text=True)
    assert "Crime 101" in html and "Peru basics" in html
    assert "Peru draft" not in html  # students see a set once it is published
    with app.app_context():
        student = _db.session.get(User, stu.user.id)
        assert services.assigned_set_ids(student) == {published.id}
    assert f"<li>{stu.user.username}</li>" in ana.get(f"/classes/{class_id}").get_data(as_text=True)


def test_wrong_code_is_refused_and_joining_twice_is_harmless(app, user_client) -> None:
    ana, stu = user_client("instructor"), user_client()
    _, code = _new_class(ana)
    html = stu.post("/classes/join", data={"code": "ZZZZZZZZ"},
                    follow_redirects=True).get_data(as_text=True)
    assert "No class has that code" in html
    stu.post("/classes/join", data={"code": code})
    stu.post("/classes/join", data={"code": code})
    with app.app_context():
        student = _db.session.get(User, stu.user.id)
        assert [k.name for k in services.member_classes(student)] == ["Crime 101"]


def test_leave_and_unassign(app, user_client, save_set) -> None:
    ana, stu = user_client("instructor"), user_client()
    qset = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    class_id, code = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id})
    stu.post("/classes/join", data={"code": code})
    ana.post(f"/classes/{class_id}/sets/{qset.id}/remove")
    assert "Peru basics" not in stu.get("/classes/").get_data(as_text=True)
    stu.post(f"/classes/{class_id}/leave")
    assert "Leave Crime 101" not in stu.get("/classes/").get_data(as_text=True)
    assert stu.post(f"/classes/{class_id}/leave").status_code == 404


def test_cannot_assign_another_instructors_set(app, user_client, save_set) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    bos = save_set(_bank("bos-set", "Bo's set"), owner_id=bo.user.id, status="draft")
    class_id, _ = _new_class(ana)
    assert ana.post(f"/classes/{class_id}/sets", data={"set_id": bos.id}).status_code == 400
    with app.app_context():
        klass = _db.session.get(SchoolClass, class_id)
        assert services.class_sets(klass) == []


def test_assigned_sets_come_first_on_the_home_and_study_pages(app, user_client,
                                                             save_set) -> None:
    """Zeta is assigned to the student's class, Alpha is merely published: Zeta comes first
    (with a badge) although the lists are otherwise by title; a student in no class sees
    them by title."""
    ana, stu, loner = user_client("instructor"), user_client(), user_client()
    zeta = save_set(_bank("zeta", "Zeta"), owner_id=ana.user.id)
    save_set(_bank("alpha", "Alpha"), owner_id=ana.user.id)
    class_id, code = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": zeta.id})
    stu.post("/classes/join", data={"code": code})
    for page in ("/", "/study"):
        html = stu.get(page).get_data(as_text=True)
        assert html.index("Zeta") < html.index("Alpha"), page
        assert html.count("assigned to your class") == 1, page
        html = loner.get(page).get_data(as_text=True)
        assert html.index("Alpha") < html.index("Zeta"), page
        assert "assigned to your class" not in html, page


def test_the_assign_menu_offers_own_sets_newest_first_then_bundled_ones(
        app, user_client, save_set, peru_set) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    save_set(_bank("older", "Older set"), owner_id=ana.user.id, status="draft")
    newer = save_set(_bank("newer", "Newer set"), owner_id=ana.user.id)
    save_set(_bank("bos-set", "Bo's set"), owner_id=bo.user.id)
    class_id, _ = _new_class(ana)

    def offered() -> list[str]:
        html = ana.get(f"/classes/{class_id}").get_data(as_text=True)
        return re.findall(r'<option value="\d+">([^<]+) \(', html)

    # Bo's set is not Ana's to assign; her draft is (students see it once it is published).
    assert offered() == ["Newer set", "Older set", peru_set.title]
    ana.post(f"/classes/{class_id}/sets", data={"set_id": newer.id})
    assert offered() == ["Older set", peru_set.title]  # what is assigned is not offered again


def _due_on(app, class_id: int, set_id: int):
    with app.app_context():
        return _db.session.get_one(ClassSet, (class_id, set_id)).due_on


def test_instructor_sets_changes_and_clears_a_due_date(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    qset = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    class_id, _ = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id, "due_on": "2026-12-09"})
    assert _due_on(app, class_id, qset.id) == date(2026, 12, 9)
    html = ana.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "Due 9 Dec 2026" in html and 'value="2026-12-09"' in html
    ana.post(f"/classes/{class_id}/sets/{qset.id}/due", data={"due_on": "2027-01-15"})
    assert _due_on(app, class_id, qset.id) == date(2027, 1, 15)
    ana.post(f"/classes/{class_id}/sets/{qset.id}/due",
             data={"due_on": "2027-01-15", "clear": "Clear"})
    assert _due_on(app, class_id, qset.id) is None
    assert "No due date" in ana.get(f"/classes/{class_id}").get_data(as_text=True)


def _text(html: str) -> str:
    """What a screen reader reads of an element's content: its text, tags dropped."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_assigned_set_has_a_compact_due_control_named_after_it(app, user_client,
                                                                    save_set) -> None:
    """Per set one form: a date input labelled "Due date for <set>", Save, and Clear only
    when a date is set, each button naming the set for screen readers."""
    ana = user_client("instructor")
    dated = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    undated = save_set(_bank("peru-more", "Peru more"), owner_id=ana.user.id)
    class_id, _ = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": dated.id, "due_on": "2026-12-09"})
    ana.post(f"/classes/{class_id}/sets", data={"set_id": undated.id})
    html = ana.get(f"/classes/{class_id}").get_data(as_text=True)
    assert "css/instructor.css" in html  # where the class page's compact layout lives
    forms = dict(re.findall(r'<form method="post" action="/classes/\d+/sets/(\d+)/due"'
                            r' class="due-form"[^>]*>(.*?)</form>', html, re.S))
    assert set(forms) == {str(dated.id), str(undated.id)}
    for qset, has_date in ((dated, True), (undated, False)):
        form = forms[str(qset.id)]
        label = re.search(rf'<label for="due-{qset.id}">(.*?)</label>', form, re.S)
        assert label and _text(label[1]) == f"Due date for {qset.title}"
        assert f'<input type="date" id="due-{qset.id}" name="due_on"' in form
        buttons = [_text(b) for b in re.findall(r"<button[^>]*>(.*?)</button>", form, re.S)]
        expected = [f"Save the due date of {qset.title}"]
        if has_date:
            expected.append(f"Clear the due date of {qset.title}")
        assert buttons == expected


def test_an_invalid_due_date_is_refused_with_a_message(app, user_client, save_set) -> None:
    ana = user_client("instructor")
    qset = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    other = save_set(_bank("peru-more", "Peru more"), owner_id=ana.user.id)
    class_id, _ = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id, "due_on": "2026-12-09"})
    for bad in ("2026-02-30", "next week", "0001-01-01"):
        html = ana.post(f"/classes/{class_id}/sets/{qset.id}/due", data={"due_on": bad},
                        follow_redirects=True).get_data(as_text=True)
        assert "Enter the due date as a real date" in html, bad
        assert _due_on(app, class_id, qset.id) == date(2026, 12, 9), bad
    html = ana.post(f"/classes/{class_id}/sets", data={"set_id": other.id, "due_on": "31/31"},
                    follow_redirects=True).get_data(as_text=True)
    assert "Enter the due date as a real date" in html
    with app.app_context():
        klass = _db.session.get_one(SchoolClass, class_id)
        assert [s.title for s in services.class_sets(klass)] == ["Peru basics"]


def test_another_instructor_cannot_set_a_due_date(app, user_client, save_set) -> None:
    ana, bo = user_client("instructor"), user_client("instructor")
    qset = save_set(_bank("peru-basics", "Peru basics"), owner_id=ana.user.id)
    class_id, code = _new_class(ana)
    ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id})
    assert bo.post(f"/classes/{class_id}/sets/{qset.id}/due",
                   data={"due_on": "2026-12-09"}).status_code == 404
    stu = user_client()
    stu.post("/classes/join", data={"code": code})
    assert stu.post(f"/classes/{class_id}/sets/{qset.id}/due",
                    data={"due_on": "2026-12-09"}).status_code == 403
    assert ana.post(f"/classes/{class_id}/sets/999999/due",
                    data={"due_on": "2026-12-09"}).status_code == 404
    assert _due_on(app, class_id, qset.id) is None


def test_students_see_dated_sets_first_with_due_and_overdue(app, user_client,
                                                          save_set) -> None:
    """Zeta is due soonest, Mid later, Alpha undated: home and Classes list them in that
    order with "Due …"; a day already past in the student's time zone reads overdue."""
    ana, stu = user_client("instructor"), user_client()
    alpha = save_set(_bank("alpha", "Alpha"), owner_id=ana.user.id)
    mid = save_set(_bank("mid", "Mid"), owner_id=ana.user.id)
    zeta = save_set(_bank("zeta", "Zeta"), owner_id=ana.user.id)
    class_id, code = _new_class(ana)
    # The student's own calendar day (their zone, not UTC): at 01:00 UTC it is still
    # yesterday in Lima. Two days back stays overdue even if midnight passes mid-test.
    today = services.local_today(utcnow(), stu.user.timezone)
    soon, later = today - timedelta(days=2), today + timedelta(days=40)
    for qset, due in ((alpha, ""), (mid, later.isoformat()), (zeta, soon.isoformat())):
        ana.post(f"/classes/{class_id}/sets", data={"set_id": qset.id, "due_on": due})
    stu.post("/classes/join", data={"code": code})
    for page in ("/", "/classes/"):
        html = stu.get(page).get_data(as_text=True)
        assert html.index("Zeta") < html.index("Mid") < html.index("Alpha"), page
        assert services.due_badge(soon, today).text + " · overdue" in html, page
        assert services.due_badge(later, today).text in html, page
        assert html.count("overdue</span>") == 1, page


def test_due_badges_read_like_a_calendar() -> None:
    today = date(2026, 12, 2)
    assert services.due_badge(None, today) is None
    assert services.due_badge(date(2026, 12, 9), today) == services.DueBadge("Due 9 Dec", False)
    assert services.due_badge(date(2026, 12, 1), today) == services.DueBadge("Due 1 Dec", True)
    assert services.due_badge(date(2027, 1, 5), today).text == "Due 5 Jan 2027"
    late = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)  # already 3 Dec in Auckland
    assert services.local_today(late, "Pacific/Auckland") == date(2026, 12, 3)
    assert services.local_today(late, "Nowhere/Else") == date(2026, 12, 2)
