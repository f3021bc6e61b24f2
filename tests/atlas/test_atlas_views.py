"""Map, place, timeline and "where is it?" pages through the test client."""

from __future__ import annotations

import re
from html import unescape

import pytest
from support import PASSWORD, csrf_token, login, peru_bank

from quizapp.atlas.places import load_places, mentions, normalize
from quizapp.bank.schema import Bank, Question, SetInfo

KEY_PLACES = {"vraem": "VRAEM", "huallaga": "Huallaga Valley", "ayacucho": "Ayacucho",
              "lima": "Lima", "callao": "Callao"}
URLS = ("/sets/{slug}/map", "/sets/{slug}/places/lima", "/sets/{slug}/timeline",
        "/sets/{slug}/map/quiz")


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_map_lists_the_key_places_each_linking_to_its_questions(peru_set, user_client) -> None:
    client = user_client()
    html = client.get("/sets/peru/map").get_data(as_text=True)
    places = {p.id: p for p in load_places()}
    for place_id, name in KEY_PLACES.items():
        link = f'href="/sets/peru/places/{place_id}"'
        # The marker's finger-sized area, the marker itself, and the list beside the map.
        assert html.count(link) == 3, place_id
        page = client.get(f"/sets/peru/places/{place_id}").get_data(as_text=True)
        assert f"<h1>{name}" in page
        quotes = re.findall(r'<blockquote class="atlas-quote">(.*?)<footer>', page, re.S)
        assert quotes and any(mentions(places[place_id], normalize(unescape(q))) for q in quotes)


def test_map_leaves_out_places_the_set_never_mentions(peru_set, user_client) -> None:
    html = user_client().get("/sets/peru/map").get_data(as_text=True)
    assert "/places/arequipa" not in html and "Arequipa" not in html
    assert user_client().get("/sets/peru/places/arequipa").status_code == 404


def test_timeline_is_chronological_with_vague_dates_off_the_axis(peru_set, user_client) -> None:
    html = user_client().get("/sets/peru/timeline").get_data(as_text=True)
    axis, _, approximate = html.partition('id="approx-heading"')
    years = [int(y) for y in re.findall(r'<time datetime="(\d{4})">', axis)]
    assert years == sorted(years) and len(years) == len(set(years))
    assert years.index(1980) < years.index(1992) < years.index(2021)
    assert re.search(r"Guzmán[^.]*was captured and imprisoned", _text(axis))
    assert "1970s" not in _text(axis.split('<ol class="timeline"')[1])
    assert "1970s" in _text(approximate) and "19th century" in _text(approximate)


def _quiz_page(client, n: int) -> tuple[str, int]:
    html = client.get(f"/sets/peru/map/quiz?n={n}").get_data(as_text=True)
    place = re.search(r"<h1>Where is (.+?)\?</h1>", html).group(1)
    return place, len(re.findall(r'<button type="submit" name="choice"', html))


def test_map_quiz_grades_exactly_one_marker_right(peru_set, user_client) -> None:
    client = user_client()
    place, buttons = _quiz_page(client, 0)
    assert buttons >= 5
    verdicts = []
    for number in range(1, buttons + 1):
        html = client.post("/sets/peru/map/quiz", data={"n": "0", "choice": str(number)})
        verdicts.append(html.get_data(as_text=True))
    right = [v for v in verdicts if f"Right: that is {place}." in _text(v)]
    wrong = [v for v in verdicts if "Not quite: you picked" in _text(v)]
    assert len(right) == 1 and len(wrong) == buttons - 1
    assert "/sets/peru/map/quiz?n=1" in right[0]  # the next place follows
    assert user_client().post("/sets/peru/map/quiz", data={"n": "0", "choice": "99"}).status_code == 400


def test_map_quiz_is_deterministic_and_asks_every_place_once_a_round(peru_set, user_client) -> None:
    client = user_client()
    markers = client.get("/sets/peru/map").get_data(as_text=True).count('class="marker ')
    asked = [_quiz_page(client, n)[0] for n in range(markers)]
    assert len(set(asked)) == markers
    assert [_quiz_page(client, n)[0] for n in range(3)] == asked[:3]


def test_map_quiz_needs_the_csrf_token(csrf_app, make_user) -> None:
    from quizapp.content.services import save_bank
    from quizapp.extensions import db

    with csrf_app.app_context():
        save_bank(peru_bank(), bundled=True)
        db.session.commit()
    user = make_user("ana")
    client = csrf_app.test_client()
    token = csrf_token(client)
    client.post("/login", data={"username": user.username, "password": PASSWORD,
                                "csrf_token": token})
    assert client.post("/sets/peru/map/quiz", data={"n": "0", "choice": "1"}).status_code == 400
    token = csrf_token(client, "/sets/peru/map/quiz")
    ok = client.post("/sets/peru/map/quiz", data={"n": "0", "choice": "1", "csrf_token": token})
    assert ok.status_code == 200 and "where-verdict" in ok.get_data(as_text=True)


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_log_in(peru_set, client, url) -> None:
    response = client.get(url.format(slug="peru"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", URLS)
def test_someone_elses_draft_set_is_not_found(save_set, make_user, user_client, url) -> None:
    owner = make_user("owner", role="instructor")
    bank = peru_bank()
    draft = bank.__class__(info=bank.info.__class__(**{**bank.info.__dict__, "slug": "draft-peru"}),
                           questions=bank.questions)
    save_set(draft, owner_id=owner.id, status="draft")
    assert user_client().get(url.format(slug="draft-peru")).status_code == 404
    assert user_client().get(url.format(slug="no-such-set")).status_code == 404


def test_owner_sees_their_draft_map(app, save_set, make_user) -> None:
    owner = make_user("owner2", role="instructor")
    save_set(peru_bank(), owner_id=owner.id, status="draft")
    client = app.test_client()
    login(client, owner.username)
    assert client.get("/sets/peru/map").status_code == 200


def test_map_quiz_points_to_the_scored_where_is_it_quiz(peru_set, user_client) -> None:
    client = user_client()
    html = client.get("/sets/peru/map/quiz").get_data(as_text=True)
    assert "Practice only" in html and 'href="/quiz/peru"' in html
    assert "Where is it? (map)" in client.get("/quiz/peru").get_data(as_text=True)
    graded = client.post("/sets/peru/map/quiz", data={"n": "0", "choice": "1"})
    assert "Practice only" not in graded.get_data(as_text=True)


def test_empty_map_and_timeline_say_what_is_missing_and_never_point_at_each_other(
        save_set, user_client) -> None:
    unquoted_date = Question("d-1", "dates", "true_false", "Guzmán was captured in 1992.", True)
    save_set(Bank(SetInfo("bare", "Bare set"), (unquoted_date,)))
    client = user_client()
    timeline = client.get("/sets/bare/timeline").get_data(as_text=True)
    the_map = client.get("/sets/bare/map").get_data(as_text=True)
    assert "nothing to put on a timeline" in _text(timeline)
    assert "names a place we can put on the map" in _text(the_map)
    for page, other in ((timeline, "/sets/bare/map"), (the_map, "/sets/bare/timeline")):
        assert f'href="{other}"' not in page
        assert 'href="/study/bare' in page and 'href="/sets/bare"' in page
