"""``quizapp import FILE``: new sets, into a set, bad files, owners."""

from __future__ import annotations

import click
import pytest
from instructor_helpers import FIXTURES, count_sets, set_rows, small_bank

from quizapp.extensions import db as _db
from quizapp.instructor.cli import import_command
from quizapp.models import QuestionSet


@pytest.fixture
def run(app):
    """Invoke ``quizapp import`` through a click group, as the real CLI attaches it."""

    @click.group()
    def cli() -> None:
        """Test group."""

    cli.add_command(import_command)
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(cli, ["import", *map(str, args)])


def test_import_gift_as_a_new_owned_set(app, run, make_user) -> None:
    ana = make_user("ana", role="instructor")
    result = run(FIXTURES / "small.gift", "--owner", "ana", "--title", "From Moodle")
    assert result.exit_code == 0, result.output
    assert "Set 'from-moodle' (draft): 3 new, 0 updated, 0 unchanged." in result.output
    with app.app_context():
        qset = _db.session.execute(_db.select(QuestionSet)).scalar_one()
        assert (qset.owner_id, qset.title) == (ana.id, "From Moodle")
    assert [r.key for r in set_rows(app, "from-moodle")] == ["artemio", "guzman-tf", "ayacucho"]
    assert "Note:" not in result.output


def test_a_new_set_without_owner_says_only_admins_see_it(app, run) -> None:
    """Without --owner the import still works (an admin loading shared sets), but says that
    the draft has no owner and how to give one."""
    result = run(FIXTURES / "small.gift")
    assert result.exit_code == 0, result.output
    assert ("Note: without --owner nobody owns this set: it is a draft that only admins can see "
            "(under /instructor) and publish. To give a new set to an instructor, import it with "
            "--owner USERNAME.") in result.output
    with app.app_context():
        qset = _db.session.execute(_db.select(QuestionSet)).scalar_one()
        assert (qset.owner_id, qset.status) == (None, "draft")


def test_owner_with_an_existing_set_is_reported_as_ignored(app, run, save_set,
                                                           make_user) -> None:
    make_user("ana", role="instructor")
    save_set(small_bank())
    result = run(FIXTURES / "small.csv", "--set", "small", "--owner", "ana")
    assert result.exit_code == 0, result.output
    assert "--owner is ignored when importing into an existing set" in result.output
    assert "nobody owns" not in result.output
    with app.app_context():
        assert _db.session.execute(_db.select(QuestionSet)).scalar_one().owner_id is None


def test_import_into_an_existing_set(app, run, save_set) -> None:
    save_set(small_bank())
    result = run(FIXTURES / "small.csv", "--set", "small")
    assert result.exit_code == 0, result.output
    assert [r.key for r in set_rows(app, "small")] == ["q-mc", "q-tf", "q-sa", "csv-artemio",
                                                       "csv-order"]


def test_a_bundled_set_refuses_imports_and_names_the_way_out(app, run, save_set) -> None:
    """``--set peru`` once said "1 updated" and the next start reloaded the bank file over it."""
    bundled = save_set(small_bank())
    with app.app_context():
        _db.session.get(QuestionSet, bundled.id).bundled = True
        _db.session.commit()
    before = [(r.key, r.prompt) for r in set_rows(app, "small")]
    result = run(FIXTURES / "small.csv", "--set", "small")
    assert result.exit_code != 0
    assert "'small' is a bundled set" in result.output and "Nothing was imported" in result.output
    assert "Import into a copy instead" in result.output
    assert [(r.key, r.prompt) for r in set_rows(app, "small")] == before


def test_many_questions_are_saved_in_order_with_a_progress_bar(app, run, tmp_path) -> None:
    blocks = [f"// [id:q{i:04d}]\nQuestion number {i}? {{=yes ~no ~maybe}}" for i in range(450)]
    path = tmp_path / "many.gift"
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "Saving questions" in result.output
    rows = set_rows(app, "many")
    assert [r.key for r in rows] == [f"q{i:04d}" for i in range(450)]
    assert [r.position for r in rows] == list(range(450))


@pytest.mark.parametrize(("args", "message"), [
    (["broken.gift"], "line 4"),
    (["small.gift", "--set", "nope"], "no set with the slug 'nope'"),
    (["small.gift", "--owner", "ghost"], "no user named 'ghost'"),
])
def test_bad_input_exits_non_zero_and_writes_nothing(app, run, args, message) -> None:
    result = run(FIXTURES / args[0], *args[1:])
    assert result.exit_code == 1
    assert message in result.output
    assert count_sets(app) == 0
