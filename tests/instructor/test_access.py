"""Access matrix over every instructor and class-admin route (taken from the app's url_map).

Anonymous visitors are sent to log in, students get 403, and another instructor gets 404 on
anything that names an object (set, question, class, staged upload) that is not theirs.
"""

from __future__ import annotations

import pytest
from instructor_helpers import question_ids, set_rows, small_bank, upload

from quizapp import create_app
from quizapp.classes import services as classes
from quizapp.extensions import db as _db
from quizapp.models import User

# Class pages every logged-in user may use; every other classes.* route is for instructors.
STUDENT_CLASS_ENDPOINTS = {"classes.mine", "classes.join", "classes.leave"}
OBJECT_ARGS = {"slug", "question_id", "class_id", "token"}


def _guarded_routes() -> list[tuple[str, str, frozenset[str]]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "LOAD_BUNDLED_SETS": False})
    routes = []
    for rule in app.url_map.iter_rules():
        instructor = rule.endpoint.startswith("instructor.")
        class_admin = (rule.endpoint.startswith("classes.")
                       and rule.endpoint not in STUDENT_CLASS_ENDPOINTS)
        if instructor or class_admin:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                routes.append((rule.rule, method, frozenset(rule.arguments)))
    return routes


ROUTES = _guarded_routes()
IDS = [f"{method} {rule}" for rule, method, _ in ROUTES]


@pytest.fixture
def world(app, user_client):
    """Instructor Bo's set, class and staged upload, plus the URL values that name them."""
    bo = user_client("instructor", "bo")
    from quizapp.content.services import save_bank

    with app.app_context():
        owner = _db.session.get(User, bo.user.id)
        qset = save_bank(small_bank("bos-set"), owner=owner, status="draft").question_set
        klass = classes.create_class(owner, "Bo's class")
        classes.assign_set(klass, qset)
        _db.session.commit()
        values = {"slug": qset.slug, "class_id": klass.id, "set_id": qset.id}
    staged = bo.post("/instructor/import", data=upload("small.gift"),
                     content_type="multipart/form-data")
    values.update(question_id=question_ids(app, "bos-set")[0],
                  token=staged.location.rsplit("/", 1)[-1],
                  qtype="short_answer", fmt="yaml", direction="down")
    return values


def _url(rule: str, values: dict[str, object]) -> str:
    for name, value in values.items():
        for converter in ("", "int:"):
            rule = rule.replace(f"<{converter}{name}>", str(value))
    assert "<" not in rule, f"no test value for {rule}"
    return rule


def test_every_guarded_route_is_covered() -> None:
    endpoints = {rule for rule, _, _ in ROUTES}
    assert "/instructor/" in endpoints and "/classes/<int:class_id>" in endpoints
    assert len(ROUTES) >= 20


@pytest.mark.parametrize(("rule", "method", "args"), ROUTES, ids=IDS)
def test_anonymous_is_sent_to_log_in(app, world, rule, method, args) -> None:
    response = app.test_client().open(_url(rule, world), method=method)
    assert response.status_code == 302
    assert response.location.startswith("/login")


@pytest.mark.parametrize(("rule", "method", "args"), ROUTES, ids=IDS)
def test_student_is_forbidden(app, world, user_client, rule, method, args) -> None:
    response = user_client().open(_url(rule, world), method=method)
    assert response.status_code == 403


@pytest.mark.parametrize(("rule", "method", "args"),
                         [r for r in ROUTES if r[2] & OBJECT_ARGS],
                         ids=[i for i, r in zip(IDS, ROUTES, strict=True) if r[2] & OBJECT_ARGS])
def test_other_instructor_gets_404_and_changes_nothing(app, world, user_client, rule, method,
                                                      args) -> None:
    before = [(r.key, r.prompt, r.position) for r in set_rows(app, "bos-set")]
    response = user_client("instructor").open(_url(rule, world), method=method)
    assert response.status_code == 404
    assert [(r.key, r.prompt, r.position) for r in set_rows(app, "bos-set")] == before


def test_admin_may_open_any_instructors_set(app, world, user_client) -> None:
    admin = user_client("admin")
    assert admin.get(_url("/instructor/sets/<slug>", world)).status_code == 200
    assert admin.get(_url("/classes/<int:class_id>", world)).status_code == 200
