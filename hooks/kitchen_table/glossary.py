"""content/glossary.yml: US school words (IEP, PTA, report card, ...) with a short definition per
language, and how a page marks a term's first appearance.

The schema checks the form; here: languages are the site's, the same word is not defined twice
in one language. A language missing from a term shows the English (the translation status page
counts them).
`mark_first_terms` finds the first appearance of each term in a page's HTML text, outside links,
headings and code, and hands it to a callback that writes the markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .schemas import validate
from .source import read_document
from .translation_model import not_a_language


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    forms: tuple[str, ...]
    """Every way the word is written (term first, then `also`)."""


@dataclass(frozen=True)
class Term:
    id: str
    entries: Mapping[str, Entry]

    def in_language(self, language: str) -> Entry:
        return self.entries.get(language) or self.entries["en"]


@dataclass(frozen=True)
class Glossary:
    source: str
    terms: tuple[Term, ...]
    translations: Mapping[str, str]
    """language -> original, human, reviewed-machine or machine."""
    patterns: dict[str, tuple[re.Pattern[str] | None, dict[str, Term]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """term_pattern's answer per language, made on first use (every guide and card page asks)."""

    def missing(self, language: str) -> int:
        """How many terms have no definition in `language` yet."""
        return sum(language not in term.entries for term in self.terms)

    def sorted_terms(self, language: str) -> list[Term]:
        return sorted(self.terms, key=lambda term: term.in_language(language).term.casefold())


def read_glossary(
    file: Path, root: Path, schema: Path, languages: tuple[str, ...]
) -> tuple[Glossary | None, list[ContentError], list[ContentError]]:
    """The glossary (None when the file is absent), its errors and its warnings (none yet)."""
    display = file.relative_to(root).as_posix()
    if not file.exists():
        return None, [], []
    doc = read_document(file, display)
    if not doc.errors:
        validate(doc, schema)
    if doc.errors:
        return None, doc.errors, []
    data = doc.data
    warnings: list[ContentError] = []
    for language in data["translations"]:
        if language not in languages:
            doc.error(
                ("translations", language), not_a_language(language, languages, text_block=False)
            )
    seen: dict[tuple[str, str], str] = {}
    terms = []
    for term_id, blocks in data["terms"].items():
        entries = {}
        for language, block in blocks.items():
            if language not in languages:
                doc.error(
                    ("terms", term_id, language),
                    not_a_language(language, languages, text_block=False),
                )
                continue
            forms = tuple(
                dict.fromkeys(form.strip() for form in [block["term"], *block.get("also", [])])
            )
            for form in forms:
                key = (language, form.casefold())
                if key in seen and seen[key] != term_id:
                    doc.error(
                        ("terms", term_id, language, "term"),
                        f'"{form}" is already a term of {seen[key]} — a word can have '
                        "one definition per language: merge the two or reword one",
                    )
                seen.setdefault(key, term_id)
            entries[language] = Entry(block["term"].strip(), block["definition"].strip(), forms)
        terms.append(Term(term_id, entries))
    for language in languages:
        if language not in data["translations"] and any(language in t.entries for t in terms):
            doc.error(
                ("translations",),
                f"says nothing about {language} — add {language}: "
                "machine (or human, reviewed-machine)",
            )
    if doc.errors:
        return None, doc.errors, []
    return Glossary(display, tuple(terms), dict(data["translations"])), [], warnings


# -- marking the first appearance of each term in a page ----------------------------------------

_SKIP = {
    "a",
    "abbr",
    "h1",
    "h2",
    "h3",
    "h4",
    "code",
    "pre",
    "script",
    "style",
    "summary",
    "button",
    "title",
    "time",
}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_ENTITY = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def term_pattern(
    glossary: Glossary, language: str
) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    """One pattern for every form of every term in `language` (longest first, so "school
    counselor" wins over "counselor"), and the term each form belongs to (by folded form)."""
    if language not in glossary.patterns:
        glossary.patterns[language] = _term_pattern(glossary, language)
    return glossary.patterns[language]


def _term_pattern(
    glossary: Glossary, language: str
) -> tuple[re.Pattern[str] | None, dict[str, Term]]:
    forms: dict[str, Term] = {}
    for term in glossary.terms:
        for form in term.in_language(language).forms:
            forms.setdefault(form.casefold(), term)
    if not forms:
        return None, forms
    words: list[str] = []
    spaceless: list[str] = []
    for form in sorted(forms, key=len, reverse=True):
        original = next(
            f for t in [forms[form]] for f in t.in_language(language).forms if f.casefold() == form
        )
        body = re.escape(original)
        if original.isupper() and len(original) <= 6:
            body = f"(?-i:{body})"  # IEP, PTA, ESL: only in capitals ("pta" is no term)
        # Chinese has no spaces between words: match anywhere; other forms as whole words
        (spaceless if _SPACELESS.search(original) else words).append(body)
    # one look around the words, not one per word: the pattern is tried at every character
    pieces = [f"(?:{'|'.join(spaceless)})"] if spaceless else []
    if words:
        pieces.append(rf"(?<![\w-])(?:{'|'.join(words)})(?![\w-])")
    return re.compile("|".join(pieces), re.IGNORECASE), forms


def mark_first_terms(
    html: str, glossary: Glossary, language: str, mark: Callable[[Term, str], str]
) -> str:
    """`html` with the first appearance of each term replaced by `mark(term, text_found)`
    (which returns escaped markup). Text inside links, headings, code and the like is left."""
    pattern, forms = term_pattern(glossary, language)
    if pattern is None:
        return html
    done: set[str] = set()
    depth = 0  # how many skipped elements we are inside
    stack: list[str] = []
    out = []
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag:
                closing, name = tag.group(1), tag.group(2).lower()
                if name in _SKIP and not piece.endswith("/>") and name not in _VOID:
                    if closing:
                        if stack and stack[-1] == name:
                            stack.pop()
                            depth -= 1
                    else:
                        stack.append(name)
                        depth += 1
            out.append(piece)
            continue
        if depth or not piece.strip():
            out.append(piece)
            continue

        def replace(found: re.Match[str]) -> str:
            term = forms[found.group(0).casefold()]
            if term.id in done:
                return found.group(0)
            done.add(term.id)
            return mark(term, found.group(0))

        # a term never marks up inside a character reference (&amp;, &#60;): it would break it
        out.extend(
            part if _ENTITY.fullmatch(part) else pattern.sub(replace, part)
            for part in _ENTITY.split(piece)
        )
    return "".join(out)
