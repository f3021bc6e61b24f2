"""The import preview shows a matching question's distractors (right-hand items in no pair)."""

from __future__ import annotations

from instructor_helpers import upload


def test_the_preview_lists_a_matching_questions_distractors(user_client) -> None:
    gift = "::sounds:: Match the sounds. {=cat -> miaou =dog -> wouf = -> Chat = -> <b>piou</b>}\n"
    ana = user_client("instructor")
    response = ana.post("/instructor/import", data=upload("sounds.gift", gift.encode()),
                        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    html = ana.get(response.location).get_data(as_text=True)
    assert "cat → miaou; dog → wouf" in html
    assert "Match nothing: Chat / &lt;b&gt;piou&lt;/b&gt;" in html


def test_the_preview_lists_a_multiple_response_questions_right_options(user_client) -> None:
    gift = "::n:: Neighbours of Peru? {~%50%Ecuador ~%50%Bolivia ~%-100%Argentina}\n"
    ana = user_client("instructor")
    response = ana.post("/instructor/import", data=upload("n.gift", gift.encode()),
                        content_type="multipart/form-data")
    html = ana.get(response.location).get_data(as_text=True)
    assert "Ecuador; Bolivia" in html and "Ecuador → Bolivia" not in html
