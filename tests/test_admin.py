"""Admins manage accounts: roles and deactivation."""

from __future__ import annotations

from support import login

from quizapp.extensions import db
from quizapp.models import User


def test_admin_deactivates_a_user_who_is_logged_out_at_once(app, make_user, user_client) -> None:
    admin = user_client("admin")
    target = make_user("ana")
    ana = app.test_client()
    login(ana, "ana")
    assert ana.get("/account").status_code == 200
    assert "ana" in admin.get("/admin/users").get_data(as_text=True)
    response = admin.post(f"/admin/users/{target.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert ana.get("/account").status_code == 302
    assert login(app.test_client(), "ana").status_code == 200  # refused: stays on the form
    admin.post(f"/admin/users/{target.id}/active", data={"active": "1"})
    assert login(app.test_client(), "ana").status_code == 302


def test_admin_promotes_a_student_to_instructor(app, make_user, user_client) -> None:
    admin = user_client("admin")
    target = make_user("prof")
    prof = app.test_client()
    login(prof, "prof")
    assert prof.get("/instructor/").status_code == 403
    admin.post(f"/admin/users/{target.id}/role", data={"role": "instructor"})
    with app.app_context():
        assert db.session.get(User, target.id).role == "instructor"
    # The new role holds from the next page on, in the session already open.
    page = prof.get("/instructor/")
    assert page.status_code == 200
    assert ">Teach</a>" in page.get_data(as_text=True)
    assert admin.post(f"/admin/users/{target.id}/role", data={"role": "king"}).status_code == 400


def test_admin_cannot_lock_themselves_out(app, user_client) -> None:
    admin = user_client("admin")
    me = admin.user.id
    assert admin.post(f"/admin/users/{me}/active", data={"active": "0"}).status_code == 400
    assert admin.post(f"/admin/users/{me}/role", data={"role": "student"}).status_code == 400
    with app.app_context():
        assert db.session.get(User, me).role == "admin"


def test_only_admins_reach_the_user_list(make_user, user_client) -> None:
    target = make_user("ana")
    for role in ("student", "instructor"):
        client = user_client(role)
        assert client.get("/admin/users").status_code == 403
        assert client.post(f"/admin/users/{target.id}/role", data={"role": "admin"}).status_code == 403


def test_user_search(make_user, user_client) -> None:
    make_user("zelda")
    make_user("ana")
    html = user_client("admin").get("/admin/users?q=zel").get_data(as_text=True)
    assert "zelda" in html and ">ana<" not in html
