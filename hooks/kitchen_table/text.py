"""Card text as families see it: plain text with inline Markdown (bold, italics, links) only.

Raw HTML is refused by the schemas before anything is rendered; here Python-Markdown is set up
without its HTML handling and without block syntax, so a step that starts with "1." or "#" stays
a sentence, and whatever reaches the page is escaped text plus <strong>, <em> and <a>.
"""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")

_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_MARKDOWN_MARK = re.compile(r"[\\`*_{}\[\]<>]")
_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension)\s*(?=\d)")
_KEEP_INLINE = {"backtick", "escape", "link", "entity", "not_strong", "em_strong", "em_strong2"}


def _inline_converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in [item.name for item in md.parser.blockprocessors._priority]:
        if name != "paragraph":
            md.parser.blockprocessors.deregister(name)
    for name in [item.name for item in md.inlinePatterns._priority]:
        if name not in _KEEP_INLINE:
            md.inlinePatterns.deregister(name)
    return md


_CONVERTER = _inline_converter()


# Anything Python-Markdown (as set up above) would change in a text besides wrapping it in <p>:
# marks, escapes, characters to encode, tabs, carriage returns, a blank line (two paragraphs).
_MARKDOWN_SIGNS = re.compile(r"[*_\[\]`\\&<>\t\r\x02\x03]|\n\s*\n")


def render_inline(text: str) -> Markup:
    """Text with inline Markdown -> safe HTML without a wrapping paragraph."""
    if link_problems(text):  # refused by validation; never rendered as a link either
        return Markup.escape(text)
    if not _MARKDOWN_SIGNS.search(text):
        # most text has no Markdown at all: what the converter would return, ten times faster
        return Markup(text.strip().replace("\n", " "))
    return _converted(text)


def _converted(text: str) -> Markup:
    _CONVERTER.reset()
    html = _CONVERTER.convert(text.strip())
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return Markup(html.replace("\n", " "))


def plain(text: str) -> str:
    """Text with the Markdown marks removed: for titles in <head>, JSON-LD, messages."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"(?<!\w)(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2", text).strip()


def link_problems(text: str) -> list[str]:
    """Links a family should never be sent to: anything but https, http, mailto and tel."""
    problems = []
    for target in _LINK_TARGET.findall(text):
        scheme = _SCHEME.match(target)
        if scheme is None:
            # "/page/" and "#part" stay on the site; "//host/" leaves it without saying how
            if not target.startswith(("/", "#")) or target.startswith("//"):
                problems.append(f'the link "{target}" is not a full address — '
                                "write it as https://… (or mailto:, tel:)")
        elif scheme.group(1).lower() not in ALLOWED_SCHEMES:
            problems.append(f'links starting with "{scheme.group(1)}:" are not allowed — '
                            "use https://, http://, mailto: or tel:")
    return problems


def tel_href(number: str) -> str | None:
    """A phone number as a tel: address (digits only, and a leading +), as phones dial it; None
    for a number without digits."""
    dialled = _EXTENSION.split(number, maxsplit=1)[0]  # "555-0142 ext. 12": the line itself
    digits = "".join(c for c in dialled if c.isdigit())
    if not digits:
        return None
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


def phone_markdown(number: str) -> str:
    """A phone number as an inline Markdown link a phone dials with one tap. The number is a
    left-to-right isolate (U+2066 … U+2069), so an Arabic sentence shows 555-0142, not 0142-555."""
    href = tel_href(number)
    if href is None:
        return number
    label = _MARKDOWN_MARK.sub(r"\\\g<0>", number)
    return f"[\u2066{label}\u2069]({href})"


def link_targets(text: str) -> list[str]:
    """The addresses of the Markdown links in `text`."""
    return _LINK_TARGET.findall(text)
