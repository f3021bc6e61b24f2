"""Anki note types for the .apkg export: fixed ids, frozen field lists, card templates and CSS.

Why frozen: Anki identifies a note type by its id and compares its field list on import. Adding,
removing or renaming a field later makes Anki create a second note type ("... -a1b2c") and leaves
earlier imports on the old one, so every type carries its spare fields (Explanation, Also accepted,
Source, Section, Attribution, Key, Extra) from the start. Template and CSS text may change freely:
Anki updates them when the package is newer.
"""

from __future__ import annotations

from typing import Any, Final

import genanki

# Chosen once at random in genanki's recommended range [2**30, 2**31) and never to change.
BASIC_MODEL_ID: Final = 1_607_392_319
CLOZE_MODEL_ID: Final = 1_551_872_404
CHOICE_MODEL_ID: Final = 1_398_118_677
TYPED_MODEL_ID: Final = 1_294_467_033

#: Trailing fields shared by every note type, in this order (the back of every card shows them).
COMMON_FIELDS: Final[tuple[str, ...]] = (
    "Explanation",
    "Also accepted",
    "Source",
    "Section",
    "Attribution",
    "Key",
    "Extra",
)
BASIC_FIELDS: Final = ("Front", "Back", *COMMON_FIELDS)
CLOZE_FIELDS: Final = ("Text", *COMMON_FIELDS)
CHOICE_FIELDS: Final = ("Question", "Options", "Answer", *COMMON_FIELDS)
TYPED_FIELDS: Final = ("Question", "Answer", *COMMON_FIELDS)

#: A multiple-response note (on the choice note type): the hint over its options, and the
#: classes that tell quizapp's importer the options, right answers and credits apart.
RESPONSE_HINT: Final = "Several may be right: choose every right option."
RESPONSE_OPTIONS_CLASS: Final = "choices all-that-apply"
RESPONSE_ANSWERS_CLASS: Final = "right-options"
RESPONSE_WEIGHTS_CLASS: Final = "option-credit"
#: A matching note's offered right-hand items (front, scrambled, distractors included) and
#: its distractors (back, in the question's order), as quizapp's importer finds them.
MATCHING_OFFERED_CLASS: Final = "choices"
MATCHING_DISTRACTORS_CLASS: Final = "match-nothing"
MATCHING_DISTRACTORS_LABEL: Final = "Match nothing:"

CSS: Final = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  color: #1d1d1f;
  background-color: #fdfdfd;
  text-align: left;
}
.qa { max-width: 40em; margin: 0 auto; padding: 0 0.5em; }
.prompt { font-size: 1.1em; }
.hint { color: #6e6e73; font-size: 0.8em; margin-top: 0.6em; }
.choices, .items { margin: 0.6em 0 0; padding-left: 1.6em; }
.choices li, .items li { margin: 0.25em 0; }
.answer { font-size: 1.1em; font-weight: 600; color: #0b6b3a; }
.answer ol { font-weight: 500; }
.answer ul { margin: 0.2em 0 0; padding-left: 1.2em; }
.answer .option-credit { font-weight: 400; font-size: 0.9em; }
.prompt img, .extra img { max-width: 100%; height: auto; }
.pairs { border-collapse: collapse; margin-top: 0.3em; }
.pairs td { border-bottom: 1px solid #d2d2d7; padding: 0.3em 0.8em 0.3em 0; vertical-align: top; }
.accepted, .explanation, .extra { margin-top: 0.7em; font-size: 0.9em; }
.label { color: #6e6e73; }
.source { margin-top: 1.2em; padding-top: 0.6em; border-top: 1px solid #d2d2d7;
  font-size: 0.75em; color: #6e6e73; }
.source blockquote { margin: 0 0 0.4em; padding-left: 0.8em; border-left: 3px solid #d2d2d7;
  font-style: italic; }
.cloze { font-weight: 700; color: #0a58ca; }
input#typeans { font-size: 1em; width: 100%; box-sizing: border-box; margin-top: 0.6em; }
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode {
  color: #e8e8ed; background-color: #1f1f21;
}
.nightMode .answer, .night_mode .answer { color: #6fd49b; }
.nightMode .cloze, .night_mode .cloze { color: #8ab4ff; }
.nightMode .hint, .night_mode .hint, .nightMode .label, .night_mode .label,
.nightMode .source, .night_mode .source { color: #a1a1a6; }
.nightMode .source, .night_mode .source, .nightMode .pairs td, .night_mode .pairs td,
.nightMode .source blockquote, .night_mode .source blockquote { border-color: #48484a; }
@media (max-width: 480px) { .card { font-size: 18px; } .qa { padding: 0 0.2em; } }
"""


def _if_field(field: str, html: str) -> str:
    """Wrap ``html`` in an Anki conditional so an empty field leaves no empty box behind."""
    return f"{{{{#{field}}}}}{html}{{{{/{field}}}}}"


#: The back-of-card tail every note type shares: explanation, aliases, then the cited source.
BACK_TAIL: Final = "\n".join(
    (
        _if_field(
            "Also accepted",
            '<div class="accepted"><span class="label">Also accepted:</span> '
            "{{Also accepted}}</div>",
        ),
        _if_field("Explanation", '<div class="explanation">{{Explanation}}</div>'),
        _if_field("Extra", '<div class="extra">{{Extra}}</div>'),
        '<div class="source">',
        _if_field("Source", "<blockquote>{{Source}}</blockquote>"),
        _if_field("Section", '<div><span class="label">Section:</span> {{Section}}</div>'),
        _if_field("Attribution", "<div>{{Attribution}}</div>"),
        "</div>",
    )
)


def _qa(body: str) -> str:
    return f'<div class="qa">\n{body}\n</div>'


def _model(model_id: int, name: str, fields: tuple[str, ...], front: str, back: str,
           *, cloze: bool = False) -> Any:
    """One genanki model; ``Any`` because genanki is untyped."""
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": f} for f in fields],
        templates=[{"name": "Card 1", "qfmt": _qa(front), "afmt": _qa(back)}],
        css=CSS,
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


_ANSWER_RULE = '\n<hr id="answer">\n'

BASIC_MODEL: Final = _model(
    BASIC_MODEL_ID,
    "quizapp Basic",
    BASIC_FIELDS,
    '<div class="prompt">{{Front}}</div>',
    '<div class="prompt">{{Front}}</div>' + _ANSWER_RULE
    + '<div class="answer">{{Back}}</div>\n' + BACK_TAIL,
)
CLOZE_MODEL: Final = _model(
    CLOZE_MODEL_ID,
    "quizapp Cloze",
    CLOZE_FIELDS,
    '<div class="prompt">{{cloze:Text}}</div>',
    '<div class="prompt">{{cloze:Text}}</div>' + _ANSWER_RULE + BACK_TAIL,
    cloze=True,
)
CHOICE_MODEL: Final = _model(
    CHOICE_MODEL_ID,
    "quizapp Multiple choice",
    CHOICE_FIELDS,
    '<div class="prompt">{{Question}}</div>\n{{Options}}',
    '<div class="prompt">{{Question}}</div>\n{{Options}}' + _ANSWER_RULE
    + '<div class="answer">{{Answer}}</div>\n' + BACK_TAIL,
)
TYPED_MODEL: Final = _model(
    TYPED_MODEL_ID,
    "quizapp Typed answer",
    TYPED_FIELDS,
    # nc: compares ignoring accents ("Tupac" matches "Túpac"), as Anki >= 2.1.50 supports.
    '<div class="prompt">{{Question}}</div>\n{{type:nc:Answer}}',
    '<div class="prompt">{{Question}}</div>' + _ANSWER_RULE
    + "{{type:nc:Answer}}\n" + BACK_TAIL,
)
