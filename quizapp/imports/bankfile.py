"""Import of quizapp's own bank format (YAML, or JSON with the same structure)."""

from __future__ import annotations

import json
import re

import yaml

from quizapp.bank.schema import Bank, BankFormatError, bank_from_dict, load_bank
from quizapp.imports.common import MAX_QUESTIONS, ParsedImport, check_question_cap
from quizapp.imports.errors import ImportFormatError

_LINE_WHERE = re.compile(r"^line (\d+)$")


def parse_bank_file(text: str, *, max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse bank YAML or JSON text; errors name the entry (``questions[3].answer``) or line."""
    text = text.removeprefix("\ufeff")
    try:
        if text.lstrip().startswith("{"):
            bank = _load_json_or_yaml(text)
        else:
            bank = load_bank(text)
    except BankFormatError as exc:
        raise _located(exc) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        # yaml.safe_load can fail past its own checks (e.g. a date like 2021-02-30).
        raise ImportFormatError(f"not a valid bank file ({exc})") from None
    check_question_cap(len(bank.questions), max_questions)
    return ParsedImport(bank.questions, bank.info)


def parse_bank_json(text: str, *, max_questions: int = MAX_QUESTIONS) -> ParsedImport:
    """Parse bank JSON strictly (a ``.json`` upload): syntax errors name line and column."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as exc:
        raise _json_error(exc) from None
    except RecursionError:
        raise ImportFormatError("not valid JSON (nested too deeply)") from None
    try:
        bank = bank_from_dict(data)
    except BankFormatError as exc:
        raise _located(exc) from None
    check_question_cap(len(bank.questions), max_questions)
    return ParsedImport(bank.questions, bank.info)


def _json_error(exc: json.JSONDecodeError) -> ImportFormatError:
    return ImportFormatError(f"not valid JSON ({exc.msg}, column {exc.colno})", line=exc.lineno)


def _load_json_or_yaml(text: str) -> Bank:
    """JSON first for its precise error positions; YAML flow style (``{set: ...}``) otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        try:
            return load_bank(text)
        except BankFormatError as yaml_error:
            if "not valid YAML" not in str(yaml_error):
                raise
            raise _json_error(exc) from None
    return bank_from_dict(data)


def _located(exc: BankFormatError) -> ImportFormatError:
    reason = str(exc).removeprefix(f"{exc.where}: ") if exc.where else str(exc)
    match = _LINE_WHERE.match(exc.where)
    if match:
        return ImportFormatError(reason, line=int(match.group(1)))
    return ImportFormatError(reason, entry=exc.where or None)
