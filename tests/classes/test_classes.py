"""Classes: create with a join code, join, leave, assign sets, students see assigned sets."""

from __future__ import annotations

import re

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.classes import services
from quizapp.extensions import db as _db
from quizapp.models import SchoolClass, User


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
