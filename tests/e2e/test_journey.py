"""A new user's first minutes, in a real browser."""

from __future__ import annotations

import pytest
from support import screenshot

pytestmark = pytest.mark.e2e


def test_register_see_peru_set_and_log_out(server, page) -> None:
    page.goto(server.url + "/")
    page.get_by_role("button", name="Create a free account").click()
    page.get_by_label("Username").fill("newstudent")
    page.get_by_label("Password", exact=True).fill("a fine long passphrase")
    page.get_by_label("Repeat password").fill("a fine long passphrase")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Organized Crime in Peru").wait_for()
    text = page.locator("main").inner_text()
    assert "InSight Crime" in text and "leaders" in text
    screenshot(page, "home-logged-in-1280")
    page.get_by_role("button", name="Log out").click()
    page.get_by_text("You are logged out.").wait_for()
    assert page.get_by_role("link", name="Log in").is_visible()
