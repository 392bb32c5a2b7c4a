"""Card text as families see it: plain text with inline Markdown (bold, italics, links) only.

Raw HTML is refused by the schemas before anything is rendered (validation, the second line of
defence). Here is the first: render_inline() is the one function that turns content's Markdown
into HTML. Python-Markdown is set up without its HTML handling and without block syntax, so a step
that starts with "1." or "#" stays a sentence; its output is then sanitised to the inline set we
allow (<strong>, <em>, <code>, and <a href> to https, http, mailto, tel or this site), everything
else being escaped text. plain() is the text of that same rendering: what Markdown would show,
never a tag that the marks around it hid from validation (<**script**>).
"""

from __future__ import annotations

import re
from html import escape as escape_text
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
from markupsafe import Markup, escape

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")

_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
LINK_START = "]("
"""What every link _LINK_TARGET finds starts with: a text without it has no link to check."""
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_MARKDOWN_MARK = re.compile(r"[\\`*_{}\[\]<>]")
_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension)\s*(?=\d)")
_KEEP_INLINE = {"backtick", "escape", "link", "entity", "not_strong", "em_strong", "em_strong2"}


def _inline_converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    md.preprocessors.deregister("html_block")
    # Markdown names its processors in priority order only in the registries' _priority
    for name in [item.name for item in md.parser.blockprocessors._priority]:  # type: ignore[attr-defined]
        if name != "paragraph":
            md.parser.blockprocessors.deregister(name)
    for name in [item.name for item in md.inlinePatterns._priority]:  # type: ignore[attr-defined]
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
    return Markup(sanitised(html.replace("\n", " ")))


ALLOWED_TAGS = {"strong", "em", "code", "a"}


class _Sanitiser(HTMLParser):
    """Rebuilds HTML keeping only ALLOWED_TAGS (a with a safe href, and a title), every other
    tag and all text escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.out.append(escape_text(self.get_starttag_text() or "", quote=False))
            return
        if tag == "a":
            found = dict(attrs)
            href = found.get("href") or ""
            if not safe_href(href):
                self.open.append("!a")  # its words stay, as text; the link goes
                return
            title = found.get("title")
            shown = f' title="{escape(title)}"' if title else ""
            self.out.append(f'<a href="{escape(href)}"{shown}>')
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED_TAGS and (tag in self.open or f"!{tag}" in self.open):
            while self.open:
                name = self.open.pop()
                if not name.startswith("!"):
                    self.out.append(f"</{name}>")
                if name in (tag, f"!{tag}"):
                    break
        else:
            self.out.append(escape_text(f"</{tag}>", quote=False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(escape_text(self.get_starttag_text() or "", quote=False))

    def handle_data(self, data: str) -> None:
        self.out.append(escape_text(data, quote=False))

    def handle_comment(self, data: str) -> None:
        self.out.append(escape_text(f"<!--{data}-->", quote=False))

    def handle_decl(self, decl: str) -> None:
        self.out.append(escape_text(f"<!{decl}>", quote=False))

    def handle_pi(self, data: str) -> None:
        self.out.append(escape_text(f"<?{data}>", quote=False))

    def unknown_decl(self, data: str) -> None:
        self.out.append(escape_text(f"<![{data}]>", quote=False))


def sanitised(html: str) -> str:
    """`html` with only the inline set we allow left as markup; the rest escaped text."""
    parser = _Sanitiser()
    parser.feed(html)
    parser.close()
    parser.out.extend(f"</{name}>" for name in reversed(parser.open) if name[0] != "!")
    return "".join(parser.out)


def safe_href(href: str) -> bool:
    """A link a family may follow: https, http, mailto, tel, or a page of this site."""
    bare = re.sub(r"[\x00-\x20\x7f]", "", href)  # browsers drop these inside a scheme
    scheme = _SCHEME.match(bare)
    if scheme is None:
        return bare.startswith(("/", "#")) and not bare.startswith(("//", "/\\"))
    return scheme.group(1).lower() in ALLOWED_SCHEMES


def plain(text: str) -> str:
    """The text that render_inline(text) shows, without its markup: for <head>, JSON-LD, feeds,
    messages. Its result is text, to be escaped where it is written."""
    return render_inline(text).striptags()


def link_problems(text: str) -> list[str]:
    """Links a family should never be sent to: anything but https, http, mailto and tel."""
    problems = []
    for target in _LINK_TARGET.findall(text):
        scheme = _SCHEME.match(target)
        if scheme is None:
            # "/page/" and "#part" stay on the site; "//host/" (and "/\\host/", which browsers
            # read the same) leaves it without saying how
            if not target.startswith(("/", "#")) or target.startswith(("//", "/\\")):
                problems.append(
                    f'the link "{target}" is not a full address — '
                    "write it as https://… (or mailto:, tel:)"
                )
        elif scheme.group(1).lower() not in ALLOWED_SCHEMES:
            problems.append(
                f'links starting with "{scheme.group(1)}:" are not allowed — '
                "use https://, http://, mailto: or tel:"
            )
        elif problem := address_problem(target):
            problems.append(problem)
    return problems


def address_problem(url: str) -> str | None:
    """What makes a web address pretend to be another: a user name before the host
    (https://school.example@evil.example/ opens evil.example) or letters outside ASCII in the
    host, which can imitate a known site (exаmple.org with a Cyrillic а)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("https", "http"):
        return None
    if "@" in parts.netloc:
        return (
            f'the address "{url}" has "@" before its site name, so it opens '
            f'"{parts.netloc.rsplit("@", 1)[1]}" — write the site\'s own address'
        )
    if not parts.netloc.isascii():
        return (
            f'the site name in "{url}" has letters that are not plain a–z, which can '
            "imitate another site — write the address as plain a–z letters (for an "
            "international name, its xn-- form)"
        )
    return None


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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that starts like a formula (= + - @, a tab
    or carriage return) gets a leading apostrophe, as OWASP advises against CSV injection."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text
