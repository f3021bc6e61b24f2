"""Moodle's text formats (``[plain]``, ``[moodle]``, ``[html]``, ``[markdown]``) read into
plain text and, for rich ones, sanitized HTML (nh3's allow-list; markdown by markdown-it-py).

Pure module: no flask, no sqlalchemy.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from quizapp.imports.common import html_to_text

FORMATS = ("plain", "moodle", "html", "markdown")
_MARKER = re.compile(r"^\s*\[(plain|moodle|html|markdown)\]", re.IGNORECASE)
_ALLOWED_TAGS = {
    "a", "abbr", "audio", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "source",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "audio": {"src", "controls"},
    "source": {"src", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
#: The only images a prompt may show: a set's own, as the app serves them (/media/<slug>/<sha256>,
#: the slug "_" until the import service fills it in). Outside images would leak who reads.
_INTERNAL_IMAGE = re.compile(r"^/media/(?:[a-z0-9][a-z0-9-]{0,79}|_)/[0-9a-f]{64}$")
# Raw HTML inside markdown is not trusted either: it is escaped, then the result sanitized.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def split_marker(text: str, default: str = "moodle") -> tuple[str, str]:
    """The format named by a leading ``[format]`` marker (else ``default``) and the text
    after it."""
    match = _MARKER.match(text)
    if match is None:
        return default, text
    return match.group(1).lower(), text[match.end():]


def sanitize_html(markup: str) -> str:
    """Untrusted HTML reduced to an allow-list of tags and attributes (http/https/mailto links,
    ``rel="noopener noreferrer"``; images only from the app's own media paths)."""
    return nh3.clean(markup, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=_internal_images_only)


def _internal_images_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop an image's ``src`` unless it is one of the app's own media paths."""
    if tag == "img" and attribute == "src" and not _INTERNAL_IMAGE.match(value):
        return None
    return value


def rich_html(text: str, text_format: str) -> str:
    """Sanitized HTML for ``[html]`` and ``[markdown]`` text; "" for plain formats."""
    if text_format == "html":
        return sanitize_html(text).strip()
    if text_format == "markdown":
        return sanitize_html(_MARKDOWN.render(text)).strip()
    return ""


def plain_text(text: str, text_format: str) -> str:
    """The text a student reads, without markup: HTML and markdown flattened, line breaks
    kept where the format keeps them."""
    html = rich_html(text, text_format)
    if not html:
        return "\n".join(" ".join(line.split()) for line in text.strip().split("\n"))
    return html_to_text(re.sub(r"</(p|pre|li|h\d|tr|div)>", r"</\1><br>", html))
