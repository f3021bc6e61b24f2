"""Fixtures for the instructor tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from instructor_helpers import FIXTURES


@pytest.fixture
def upload() -> Callable[..., dict[str, Any]]:
    """Form data for the import form from a fixture file (or given bytes)."""

    def make(name: str, data: bytes | None = None, **fields: str) -> dict[str, Any]:
        raw = (FIXTURES / name).read_bytes() if data is None else data
        return {"file": (io.BytesIO(raw), name), "target": "", "title": "", **fields}

    return make
