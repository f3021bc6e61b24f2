"""The instructor's set page stays usable for large sets: topic filter and pages of 50."""

from __future__ import annotations

import re

from support import peru_bank


def test_large_set_is_paged_and_filterable(peru_set, user_client) -> None:
    teacher = user_client("instructor")
    total = len(peru_bank().questions)
    first = teacher.get("/instructor/sets/peru").get_data(as_text=True)
    assert f"{total} questions" in first
    assert first.count('class="question-row"') == 50
    assert "Page 1 of" in first and 'rel="next"' in first
    last_page = -(-total // 50)
    last = teacher.get(f"/instructor/sets/peru?page={last_page}").get_data(as_text=True)
    assert last.count('class="question-row"') == total - 50 * (last_page - 1)
    leaders = sum(q.topic == "leaders" for q in peru_bank().questions)
    filtered = teacher.get("/instructor/sets/peru?topic=leaders").get_data(as_text=True)
    assert f"{leaders} questions on leaders" in filtered
    assert set(re.findall(r'<span class="chip">(\w+)</span> <span class="chip">', filtered)) == {"leaders"}
    assert teacher.get("/instructor/sets/peru?page=999").status_code == 200  # clamped, not an error
