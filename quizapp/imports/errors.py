"""The one error every import parser raises for input it cannot accept."""

from __future__ import annotations


class ImportFormatError(ValueError):
    """An uploaded file cannot be imported; the message names the line or entry at fault.

    Attributes:
        line: 1-based line number of the problem in a text file, when known.
        entry: The entry at fault when lines do not apply (``"note 3 (guid abc)"``,
            ``"questions[2].answer"``), when known.
        reason: The message without its location prefix.
    """

    def __init__(self, reason: str, *, line: int | None = None, entry: str | None = None) -> None:
        self.line = line
        self.entry = entry
        self.reason = reason
        if line is not None:
            message = f"line {line}: {reason}"
        elif entry:
            message = f"{entry}: {reason}"
        else:
            message = reason
        super().__init__(message)
