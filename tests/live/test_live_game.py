"""Live class quiz through the app: host, join, answer, polls, and what the answers feed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from support import login, make_test_app, password_hash

from quizapp.bank.schema import Bank, Question, SetInfo
from quizapp.extensions import db as _db
from quizapp.models import (
    Card,
    LiveAnswer,
    LivePlayer,
    LiveSession,
    QuizAnswer,
    QuizAttempt,
    ReviewLog,
    User,
    utcnow,
)
from quizapp.models import Question as QuestionRow

QUESTIONS = (
    Question(key="mc", topic="groups", type="multiple_choice",
             prompt="Which group split from the FARC?", answer="Ex-FARC Mafia",
             choices=("Ex-FARC Mafia", "Shining Path", "Tren de Aragua")),
    Question(key="tf", topic="dates", type="true_false", prompt="Guzmán was captured in 1992.",
             answer=True),
    Question(key="sa", topic="leaders", type="short_answer",
             prompt="Who founded the Shining Path?", answer="Abimael Guzmán",
             accept=("Guzmán",)),
    # Not asked live: a phone cannot put items in order in a few seconds.
    Question(key="ord", topic="dates", type="ordering", prompt="Put in order.",
             answer=["1980", "1992"]),
)
RIGHT = {"mc": {"choice": "Ex-FARC Mafia"}, "tf": {"truth": "true"},
         "sa": {"text": "Abimael Guzman"}}
WRONG = {"mc": {"choice": "Shining Path"}, "tf": {"truth": "false"}, "sa": {"text": "Fujimori"}}


@pytest.fixture
def live_set(save_set, make_user):
    """A published set of four questions (three of live types) owned by an instructor."""
    owner = make_user("host", role="instructor")
    qset = save_set(Bank(SetInfo(slug="live-basics", title="Live basics"), QUESTIONS),
                    owner_id=owner.id)
    return qset


@pytest.fixture
def host(app, live_set):
    """A test client logged in as the set's instructor."""
    client = app.test_client()
    assert login(client, "host").status_code == 302
    return client


def _open_game(host, slug: str = "live-basics", **options) -> tuple[int, str]:
    data = {"set_slug": slug, "class_id": 0, "count": 10, "seconds": 20, **options}
    response = host.post("/live/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    game_id = int(re.search(r"/live/(\d+)/host", response.location).group(1))
    html = host.get(f"/live/{game_id}/host").get_data(as_text=True)
    return game_id, re.search(r'class="live-pin"[^>]*>(\d{6})<', html).group(1)


def _join(client, pin: str, name: str):
    return client.post("/live/join", data={"pin": pin, "name": name})


def _players(user_client, pin: str, count: int) -> list:
    """``count`` new students who joined the game as P0, P1, …"""
    players = [user_client() for _ in range(count)]
    for number, client in enumerate(players):
        _join(client, pin, f"P{number}")
    return players


def _current_key(app, game_id: int) -> tuple[int, str]:
    with app.app_context():
        game = _db.session.get(LiveSession, game_id)
        question = _db.session.get(QuestionRow, game.question_ids[game.current_index])
        return question.id, question.key


def _answer(app, client, game_id: int, right: bool = True):
    question_id, key = _current_key(app, game_id)
    form = (RIGHT if right else WRONG)[key]
    return client.post(f"/live/{game_id}/answer", data={"question_id": question_id, **form})


def _move(host, game_id: int, move: str):
    return host.post(f"/live/{game_id}/move", data={"move": move})


def test_a_whole_game_scores_players_and_schedules_their_cards_once(app, host, user_client):
    game_id, pin = _open_game(host)
    ana, ben = user_client(), user_client()
    assert _join(ana, pin, "Ana").status_code == 302
    assert _join(ben, pin, "Ben").status_code == 302
    lobby = host.get(f"/live/{game_id}/host").get_data(as_text=True)
    assert "2 players joined" in lobby and "Ana" in lobby and "Ben" in lobby
    _move(host, game_id, "start")
    for _ in range(3):
        assert _answer(app, ana, game_id, right=True).status_code == 302
        assert _answer(app, ben, game_id, right=False).status_code == 302
        _answer(app, ana, game_id, right=False)  # a second tap: the first answer stands
        _move(host, game_id, "reveal")
        _move(host, game_id, "next")
    final = host.get(f"/live/{game_id}/host").get_data(as_text=True)
    assert "Final results" in final
    assert final.index("Ana") < final.index("Ben")
    with app.app_context():
        attempts = {p.display_name: _db.session.get(QuizAttempt, p.attempt_id)
                    for p in _db.session.execute(select(LivePlayer)).scalars()}
        assert attempts["Ana"].score == 1.0 and attempts["Ben"].score == 0.0
        assert all(a.finished_at is not None for a in attempts.values())
        for name, attempt in attempts.items():
            reviews = _db.session.execute(select(func.count()).select_from(ReviewLog).where(
                ReviewLog.user_id == attempt.user_id, ReviewLog.origin == "live")).scalar()
            cards = _db.session.execute(select(func.count()).select_from(Card).where(
                Card.user_id == attempt.user_id, Card.reps == 1)).scalar()
            assert (reviews, cards) == (3, 3), name
        points = dict(_db.session.execute(
            select(LivePlayer.display_name, func.sum(LiveAnswer.points))
            .join(LiveAnswer, LiveAnswer.player_id == LivePlayer.id)
            .group_by(LivePlayer.display_name)).all())
        assert points["Ben"] == 0 and 1500 <= points["Ana"] <= 3000
    ana_page = ana.get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "Game over" in ana_page and "#1" in ana_page


def test_only_live_types_are_asked_and_the_ordering_question_is_left_out(app, host):
    game_id, _ = _open_game(host)
    with app.app_context():
        game = _db.session.get(LiveSession, game_id)
        keys = {_db.session.get(QuestionRow, qid).key for qid in game.question_ids}
    assert keys == {"mc", "tf", "sa"}


def test_the_reveal_shows_the_distribution_the_answer_and_the_source(app, host, user_client):
    game_id, pin = _open_game(host)
    players = _players(user_client, pin, 3)
    _move(host, game_id, "start")
    _answer(app, players[0], game_id, right=True)
    _answer(app, players[1], game_id, right=False)
    _move(host, game_id, "reveal")
    html = host.get(f"/live/{game_id}/host").get_data(as_text=True)
    assert "2 of 3 answered" in html
    assert "No answer" in html and "Leaderboard" in html
    assert 'class="live-bar is-right"' in html
    mine = players[0].get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "Right" in mine and "You are <strong>#1</strong> of 3" in mine
    missed = players[2].get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "Not answered" in missed


def test_a_late_answer_or_one_to_another_question_is_refused_and_stores_nothing(
        app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    question_id, key = _current_key(app, game_id)
    with app.app_context():
        other = next(qid for qid in _db.session.get(LiveSession, game_id).question_ids
                     if qid != question_id)
    wrong_question = ana.post(f"/live/{game_id}/answer", data={"question_id": other, "text": "x"},
                              headers={"X-Live-Fragment": "1"})
    assert wrong_question.status_code == 409
    with app.app_context():
        _db.session.execute(update(LiveSession).values(deadline=utcnow() - timedelta(seconds=5)))
        _db.session.commit()
    late = ana.post(f"/live/{game_id}/answer", data={"question_id": question_id, **RIGHT[key]},
                    headers={"X-Live-Fragment": "1"})
    assert late.status_code == 409 and "time is up" in late.get_json()["error"]
    with app.app_context():
        assert _db.session.execute(select(func.count()).select_from(QuizAnswer)).scalar() == 0
        assert _db.session.execute(select(func.count()).select_from(ReviewLog)).scalar() == 0


def test_only_the_host_moves_the_game_and_students_cannot_host(app, host, user_client):
    game_id, pin = _open_game(host)
    other_teacher, student = user_client("instructor"), user_client()
    _join(student, pin, "Stu")
    assert _move(other_teacher, game_id, "start").status_code == 404
    assert _move(student, game_id, "start").status_code == 404
    assert other_teacher.get(f"/live/{game_id}/host").status_code == 404
    assert student.get(f"/live/{game_id}/qr.svg").status_code == 404
    assert student.get("/live/new").status_code == 403
    with app.app_context():
        assert _db.session.get(LiveSession, game_id).phase == "lobby"


def test_a_stale_move_changes_nothing(app, host):
    game_id, _ = _open_game(host)
    _move(host, game_id, "start")
    response = _move(host, game_id, "start")  # a second tab's old Start button
    assert response.status_code == 302
    assert "Nothing changed" in host.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert _db.session.get(LiveSession, game_id).version == 1


def test_a_wrong_pin_or_taken_name_keeps_the_form_with_the_reason(app, host, user_client):
    game_id, pin = _open_game(host)
    wrong = "000000" if pin != "000000" else "111111"
    ana, ben = user_client(), user_client()
    page = _join(ana, wrong, "Ana").get_data(as_text=True)
    assert "No game is running with this PIN" in page and 'value="Ana"' in page
    assert "digits" in _join(ana, "12ab", "Ana").get_data(as_text=True)
    _join(ana, pin, "Ana")
    taken = _join(ben, pin, " ana ").get_data(as_text=True)
    assert "already called" in taken
    with app.app_context():
        assert _db.session.execute(select(func.count()).select_from(LivePlayer)).scalar() == 1


def test_joining_again_or_reloading_returns_to_the_game_where_it_is(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _answer(app, ana, game_id)
    again = _join(ana, pin, "Someone else")
    assert again.location.endswith(f"/live/{game_id}/play")
    page = ana.get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "Answer in" in page
    with app.app_context():
        assert _db.session.execute(select(LivePlayer.display_name)).scalars().all() == ["Ana"]


def test_a_poll_with_nothing_new_is_a_304_and_a_move_makes_it_a_200(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    first = ana.get(f"/live/{game_id}/state")
    assert first.status_code == 200 and first.get_json()["phase"] == "lobby"
    etag = first.headers["ETag"]
    assert ana.get(f"/live/{game_id}/state", headers={"If-None-Match": etag}).status_code == 304
    _move(host, game_id, "start")
    moved = ana.get(f"/live/{game_id}/state", headers={"If-None-Match": etag})
    assert moved.status_code == 200
    assert moved.get_json()["phase"] == "question" and "Send answer" in moved.get_json()["html"]
    # The host's poll also changes when someone answers (the live count).
    host_etag = host.get(f"/live/{game_id}/state?as=host").headers["ETag"]
    assert host.get(f"/live/{game_id}/state?as=host",
                    headers={"If-None-Match": host_etag}).status_code == 304
    _answer(app, ana, game_id)
    counted = host.get(f"/live/{game_id}/state?as=host", headers={"If-None-Match": host_etag})
    assert counted.status_code == 200 and counted.get_json()["answered"] == 1


def test_a_stranger_cannot_read_a_games_state_even_with_a_guessed_etag(app, host, user_client):
    game_id, _ = _open_game(host)
    stranger = user_client()
    assert stranger.get(f"/live/{game_id}/state").status_code == 404
    guessed = f'"p{stranger.user.id}-v0-lobby"'
    assert stranger.get(f"/live/{game_id}/state",
                        headers={"If-None-Match": guessed}).status_code == 404
    assert stranger.get(f"/live/{game_id}/state?as=host").status_code == 404


def test_the_game_attempt_is_played_only_in_the_game_then_shows_in_the_history(
        app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    with app.app_context():
        attempt_id = _db.session.execute(select(LivePlayer.attempt_id)).scalar_one()
    assert ana.get(f"/quiz/attempt/{attempt_id}").status_code == 404
    assert "live</span>" not in ana.get("/quiz/history").get_data(as_text=True)
    _move(host, game_id, "end")
    assert "live</span>" in ana.get("/quiz/history").get_data(as_text=True)
    assert ana.get(f"/quiz/attempt/{attempt_id}/results").status_code == 200


def test_class_members_see_their_classs_game_without_the_pin(app, host, user_client):
    created = host.post("/classes/new", data={"name": "Crime 101"})
    class_id = int(created.location.rstrip("/").rsplit("/", 1)[-1])
    code = re.search(r'id="join-code">([A-Z0-9]{8})<',
                     host.get(f"/classes/{class_id}").get_data(as_text=True)).group(1)
    member, outsider = user_client(), user_client()
    member.post("/classes/join", data={"code": code})
    _open_game(host, class_id=class_id)
    assert "Join the Crime 101 game" in member.get("/live").get_data(as_text=True)
    assert "Crime 101" not in outsider.get("/live").get_data(as_text=True)


def test_a_game_left_for_an_hour_ends_and_its_pin_stops_working(app, host, user_client):
    game_id, pin = _open_game(host)
    with app.app_context():
        _db.session.execute(update(LiveSession).values(moved_at=utcnow() - timedelta(hours=2)))
        _db.session.commit()
    page = _join(user_client(), pin, "Ana").get_data(as_text=True)
    assert "No game is running with this PIN" in page
    _move(host, game_id, "start")  # too late: nothing starts
    with app.app_context():
        assert _db.session.get(LiveSession, game_id).phase == "lobby"
    _open_game(host)  # opening the next game closes the timed-out one
    with app.app_context():
        assert _db.session.get(LiveSession, game_id).ended_at is not None


def test_most_missed_asks_what_the_class_got_wrong_first(app, host, user_client, live_set):
    created = host.post("/classes/new", data={"name": "Crime 101"})
    class_id = int(created.location.rstrip("/").rsplit("/", 1)[-1])
    code = re.search(r'id="join-code">([A-Z0-9]{8})<',
                     host.get(f"/classes/{class_id}").get_data(as_text=True)).group(1)
    host.post(f"/classes/{class_id}/sets", data={"set_id": live_set.id, "due_on": ""})
    student = user_client()
    student.post("/classes/join", data={"code": code})
    # A first game where the class misses the true/false question only.
    first_id, pin = _open_game(host, class_id=class_id)
    _join(student, pin, "Stu")
    _move(host, first_id, "start")
    for _ in range(3):
        _answer(app, student, first_id, right=_current_key(app, first_id)[1] != "tf")
        _move(host, first_id, "reveal")
        _move(host, first_id, "next")
    second_id, _ = _open_game(host, class_id=class_id, most_missed="y")
    with app.app_context():
        asked = [_db.session.get(QuestionRow, qid).key
                 for qid in _db.session.get(LiveSession, second_id).question_ids]
    assert asked == ["tf"]


def test_the_qr_code_is_an_svg_drawn_here(app, host):
    game_id, pin = _open_game(host)
    response = host.get(f"/live/{game_id}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg") and pin in \
        response.get_data(as_text=True)


def test_joins_are_rate_limited_per_student(tmp_path):
    app = make_test_app(tmp_path, RATELIMIT_ENABLED=True,
                        LIVE_JOIN_LIMIT_PER_STUDENT="3 per 10 minutes")
    with app.app_context():
        _db.session.add(User(username="guesser", role="student", password_hash=password_hash()))
        _db.session.commit()
    client = app.test_client()
    login(client, "guesser")
    codes = [client.post("/live/join", data={"pin": f"{n:06d}", "name": "G"}).status_code
             for n in range(4)]
    assert codes == [200, 200, 200, 429]
    with app.app_context():
        _db.engine.dispose()


def test_the_set_class_and_teach_pages_lead_to_a_new_game_preselected(app, host, live_set):
    set_page = host.get(f"/instructor/sets/{live_set.slug}").get_data(as_text=True)
    assert f'href="/live/new?set={live_set.slug}"' in set_page
    assert 'href="/live/new"' in host.get("/instructor/").get_data(as_text=True)
    created = host.post("/classes/new", data={"name": "Crime 101"})
    class_id = int(created.location.rstrip("/").rsplit("/", 1)[-1])
    host.post(f"/classes/{class_id}/sets", data={"set_id": live_set.id, "due_on": ""})
    class_page = host.get(f"/classes/{class_id}").get_data(as_text=True)
    link = re.search(r'href="(/live/new\?[^"]+)"[^>]*>Start a live quiz', class_page).group(1)
    form = host.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(rf'<option selected value="{live_set.slug}">|<option value="{live_set.slug}" selected>', form)
    assert re.search(rf'<option selected value="{class_id}">|<option value="{class_id}" selected>', form)


def test_a_student_in_a_game_finds_it_again_and_the_host_finds_past_games(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    assert f'href="/live/{game_id}/play"' in ana.get("/live").get_data(as_text=True)
    _move(host, game_id, "end")
    assert f'href="/live/{game_id}/play"' not in ana.get("/live").get_data(as_text=True)
    recent = host.get("/live/new").get_data(as_text=True)
    assert f'href="/live/{game_id}/host"' in recent and "1 player · over" in recent


def test_the_host_is_told_when_the_set_has_fewer_questions_than_asked(app, host):
    response = host.post("/live/new", data={"set_slug": "live-basics", "class_id": 0,
                                            "count": 10, "seconds": 20}, follow_redirects=True)
    assert "This game has 3 questions" in response.get_data(as_text=True)


def _version(app, game_id: int) -> int:
    with app.app_context():
        return _db.session.get(LiveSession, game_id).version


def _time_passes(app, game_id: int, seconds: float) -> None:
    """Move the game's clock back, as if ``seconds`` had passed since its last move."""
    with app.app_context():
        game = _db.session.get(LiveSession, game_id)
        shift = timedelta(seconds=seconds)
        game.moved_at -= shift
        if game.deadline:
            game.deadline -= shift
        if game.question_started_at:
            game.question_started_at -= shift
        _db.session.commit()


def test_a_move_pressed_twice_acts_once(app, host, user_client):
    game_id, pin = _open_game(host)
    _join(user_client(), pin, "Ana")
    _move(host, game_id, "start")
    seen = _version(app, game_id)
    for _ in range(2):  # a double press, or the same button in a second tab
        host.post(f"/live/{game_id}/move", data={"move": "skip", "version": seen})
    with app.app_context():
        assert _db.session.get(LiveSession, game_id).current_index == 1


def test_time_up_shows_the_results_even_with_the_host_screen_closed(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _time_passes(app, game_id, 22)  # 20 s and the grace second gone, nobody moved
    state = ana.get(f"/live/{game_id}/state").get_json()
    assert state["phase"] == "reveal" and "Not answered" in state["html"]
    assert _answer(app, ana, game_id).status_code == 302  # refused: the form's answer is late
    with app.app_context():
        assert _db.session.execute(select(func.count()).select_from(QuizAnswer)).scalar() == 0
    assert _move(host, game_id, "pause").status_code == 302  # too late to pause and reopen it
    assert ana.get(f"/live/{game_id}/state").get_json()["phase"] == "reveal"
    _move(host, game_id, "next")
    assert ana.get(f"/live/{game_id}/state").get_json()["phase"] == "question"


def test_a_paused_game_says_so_when_an_answer_comes(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _move(host, game_id, "pause")
    question_id, key = _current_key(app, game_id)
    refused = ana.post(f"/live/{game_id}/answer", data={"question_id": question_id, **RIGHT[key]},
                       headers={"X-Live-Fragment": "1"})
    assert refused.status_code == 409 and "paused" in refused.get_json()["error"]


def test_ending_a_timed_out_game_files_its_answers(app, host, user_client):
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _answer(app, ana, game_id)
    _time_passes(app, game_id, 2 * 3600)
    timed_out = ana.get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "Game over" in timed_out and "See your answers" not in timed_out  # not filed yet
    _move(host, game_id, "end")
    assert "See your answers" in ana.get(f"/live/{game_id}/play").get_data(as_text=True)
    with app.app_context():
        attempt = _db.session.get(QuizAttempt, _db.session.execute(
            select(LivePlayer.attempt_id)).scalar_one())
        assert attempt.finished_at is not None and attempt.score == 1.0
        assert _db.session.get(LiveSession, game_id).ended_at is not None
    assert ana.get(f"/quiz/attempt/{attempt.id}/results").status_code == 200


def test_skipped_and_missed_before_joining_questions_do_not_count_against_a_player(
        app, host, user_client):
    game_id, pin = _open_game(host)
    early, late = user_client(), user_client()
    _join(early, pin, "Early")
    _move(host, game_id, "start")
    _answer(app, early, game_id)
    _move(host, game_id, "reveal")
    _move(host, game_id, "next")
    _join(late, pin, "Late")  # joins during question 2
    _move(host, game_id, "skip")  # nobody answers question 2
    _answer(app, early, game_id)
    _answer(app, late, game_id)
    _move(host, game_id, "reveal")
    _move(host, game_id, "next")
    with app.app_context():
        attempts = {p.display_name: _db.session.get(QuizAttempt, p.attempt_id)
                    for p in _db.session.execute(select(LivePlayer)).scalars()}
        assert attempts["Early"].score == 1.0 and len(attempts["Early"].question_ids) == 2
        assert attempts["Late"].score == 1.0 and len(attempts["Late"].question_ids) == 1


def test_a_players_results_open_only_once_the_game_is_over(app, host, user_client):
    game_id, pin = _open_game(host, count=1)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _answer(app, ana, game_id)  # the last question answered: the attempt is complete
    with app.app_context():
        attempt_id = _db.session.execute(select(LivePlayer.attempt_id)).scalar_one()
    assert ana.get(f"/quiz/attempt/{attempt_id}/results").status_code == 404
    assert ana.post(f"/quiz/attempt/{attempt_id}/discard").status_code == 404
    _move(host, game_id, "reveal")
    _move(host, game_id, "next")
    assert ana.get(f"/quiz/attempt/{attempt_id}/results").status_code == 200


def test_a_draft_set_cannot_be_hosted_and_a_class_game_assigns_its_set(
        app, host, user_client, save_set, live_set):
    draft = save_set(Bank(SetInfo(slug="draft", title="Draft"), QUESTIONS[:2]),
                     owner_id=live_set.owner_id, status="draft")
    refused = host.post("/live/new", data={"set_slug": draft.slug, "class_id": 0, "count": 5,
                                           "seconds": 20})
    assert refused.status_code == 200 and "publish it first" in refused.get_data(as_text=True)
    created = host.post("/classes/new", data={"name": "Crime 101"})
    class_id = int(created.location.rstrip("/").rsplit("/", 1)[-1])
    _open_game(host, class_id=class_id)
    assert "Live basics" in host.get(f"/classes/{class_id}").get_data(as_text=True)


def test_the_host_cannot_join_their_own_game(app, host):
    _, pin = _open_game(host)
    assert "You host this game" in _join(host, pin, "Teacher").get_data(as_text=True)


@pytest.mark.parametrize("name", ["\u200b", "Ana\u200b", "ＡＮＡ"])
def test_names_that_look_the_same_or_show_nothing_are_refused(app, host, user_client, name):
    _, pin = _open_game(host)
    _join(user_client(), pin, "Ana")
    page = _join(user_client(), pin, name).get_data(as_text=True)
    assert "already called" in page or "at least one letter" in page
    with app.app_context():
        assert _db.session.execute(select(func.count()).select_from(LivePlayer)).scalar() == 1


def test_a_name_that_grows_when_folded_still_joins(app, host, user_client):
    _, pin = _open_game(host)
    assert _join(user_client(), pin, "ß" * 24).status_code == 302


def test_skipping_the_last_question_ends_the_game_on_every_phone(app, host, user_client):
    game_id, pin = _open_game(host, count=1)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    _move(host, game_id, "skip")
    state = ana.get(f"/live/{game_id}/state")
    assert state.status_code == 200 and state.get_json()["phase"] == "ended"
    assert "Game over" in ana.get(f"/live/{game_id}/play").get_data(as_text=True)


def test_a_player_joining_during_the_results_waits_for_the_next_question(
        app, host, user_client):
    game_id, pin = _open_game(host)
    _join(user_client(), pin, "Ana")
    _move(host, game_id, "start")
    _move(host, game_id, "reveal")
    late = user_client()
    _join(late, pin, "Late")
    page = late.get(f"/live/{game_id}/play").get_data(as_text=True)
    assert "the next one is yours" in page
    _move(host, game_id, "next")
    assert "Send answer" in late.get(f"/live/{game_id}/play").get_data(as_text=True)


def test_typed_answers_group_as_one_bar_in_the_first_players_spelling(app, host, user_client):
    game_id, pin = _open_game(host)
    players = _players(user_client, pin, 3)
    _move(host, game_id, "start")
    while _current_key(app, game_id)[1] != "sa":
        _move(host, game_id, "skip")
    question_id, _ = _current_key(app, game_id)
    for client, text in zip(players, ("Abimael Guzman", "abimael  guzman", "Fujimori"), strict=True):
        client.post(f"/live/{game_id}/answer", data={"question_id": question_id, "text": text})
    _move(host, game_id, "reveal")
    html = host.get(f"/live/{game_id}/host").get_data(as_text=True)
    labels = {}
    for right, block in re.findall(r'<li class="live-bar( is-right)?">(.*?)</li>', html, re.S):
        label = re.search(r'class="live-bar-label">(.*?)</span>\s*<meter', block, re.S).group(1)
        label = re.sub(r"<[^>]+>|✓|right answer:", "", label).strip()
        count = int(re.search(r'class="live-bar-count">(\d+)<', block).group(1))
        labels[label] = (bool(right), count)
    assert labels.get("Abimael Guzman") == (True, 2), labels
    assert labels.get("Fujimori") == (False, 1), labels


def test_a_player_is_told_a_tap_sends_a_choice_but_not_a_typed_answer(app, host, user_client):
    """live.js sends a tapped option at once; the phone says so beside the options (a stranger
    looked for the "Send answer" press), and not for an answer that is typed."""
    game_id, pin = _open_game(host)
    ana = user_client()
    _join(ana, pin, "Ana")
    _move(host, game_id, "start")
    told = {}
    for _ in range(3):
        page = ana.get(f"/live/{game_id}/play").get_data(as_text=True)
        kind = re.search(r'live-answer-form" data-type="(\w+)"', page).group(1)
        told[kind] = "A tap on an option sends it at once." in page
        _move(host, game_id, "reveal")
        _move(host, game_id, "next")
    assert told == {"multiple_choice": True, "true_false": True, "short_answer": False}
