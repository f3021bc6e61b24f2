"""A matching question with distractors, taken as a student takes it: the extra right-hand
items are offered in every select, picking one is a wrong match, and feedback and results name
them."""

from __future__ import annotations

import re

from quizkit import attempt_id_from, page_text, qdb_fixture, start_quiz  # noqa: F401

from quizapp.bank.schema import Bank, Question, SetInfo

PAIRS = {"cat": "miaou", "dog": "wouf"}
MATCH = Question("sounds", "animals", "matching", "Match each animal to its sound.",
                 dict(PAIRS), choices=("Chat", "coin-coin"))


def _start(client, save_set) -> int:
    save_set(Bank(SetInfo(slug="sounds", title="Sounds"), (MATCH,)))
    return attempt_id_from(start_quiz(client, slug="sounds", topics=["animals"],
                                      types=["matching"]))


def _answer(client, qdb, attempt_id: int, rights: list[str]):
    (question,) = qdb.questions(attempt_id)
    return client.post(f"/quiz/attempt/{attempt_id}/answer",
                       data={"question_id": question.id, "left": list(PAIRS), "right": rights})


def _options(page: str) -> list[list[str]]:
    """The options of every select on the page, in page order (the empty "Choose…" left out)."""
    selects = re.findall(r"<select[^>]*>(.*?)</select>", page, flags=re.S)
    return [re.findall(r'<option value="([^"]+)">', select) for select in selects]


def test_every_select_offers_the_distractors_in_a_fixed_order(user_client, save_set) -> None:
    client = user_client()
    attempt_id = _start(client, save_set)
    page = client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)
    offered = _options(page)
    assert offered == [["Chat", "coin-coin", "miaou", "wouf"]] * 2
    assert _options(client.get(f"/quiz/attempt/{attempt_id}").get_data(as_text=True)) == offered


def test_picking_a_distractor_is_a_wrong_match(user_client, save_set, qdb) -> None:
    client = user_client()
    attempt_id = _start(client, save_set)
    response = _answer(client, qdb, attempt_id, ["Chat", "wouf"])
    assert response.status_code == 302
    (answer,) = qdb.answers(attempt_id)
    assert (answer.correct, answer.score) == (False, 0.5)
    assert answer.given == {"cat": "Chat", "dog": "wouf"}
    text = page_text(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Partly right (50%)" in text
    # Pair by pair: the student's pick, right or wrong, and the right one when wrong.
    assert ("Your matches ✗ wrong: cat → matched with Chat right: miaou "
            "✓ right: dog → matched with wouf") in text
    assert "Matching none: Chat; coin-coin" in text


def test_only_distractors_score_nothing_and_results_name_them(user_client, save_set,
                                                              qdb) -> None:
    client = user_client()
    attempt_id = _start(client, save_set)
    _answer(client, qdb, attempt_id, ["coin-coin", "Chat"])
    (answer,) = qdb.answers(attempt_id)
    assert (answer.correct, answer.score) == (False, 0.0)
    results = page_text(client.get(f"/quiz/attempt/{attempt_id}/results").get_data(as_text=True))
    assert "cat → coin-coin; dog → Chat" in results  # in the list of misses
    assert "✗ wrong: cat → matched with coin-coin right: miaou" in results
    assert "Matching none: Chat; coin-coin" in results


def test_the_right_pairs_are_still_right(user_client, save_set, qdb) -> None:
    client = user_client()
    attempt_id = _start(client, save_set)
    _answer(client, qdb, attempt_id, ["miaou", "wouf"])
    (answer,) = qdb.answers(attempt_id)
    assert (answer.correct, answer.score) == (True, 1.0)


def test_an_item_never_offered_is_refused(user_client, save_set, qdb) -> None:
    client = user_client()
    attempt_id = _start(client, save_set)
    assert _answer(client, qdb, attempt_id, ["moo", "wouf"]).status_code == 400
    assert qdb.answers(attempt_id) == []
