"""content/guides/<id>.yml: newcomer guides to how US schools work, one file per guide.

The schema (content/schema/guide.schema.json) checks each guide's form; here are the rules a
schema cannot express: the id is the file name, ids are unique, every translation has as many
sections (and points in each) and questions as the English, links go only to https, http, mailto
and tel, every {placeholder} is a detail of content/school.yml, and a written `sms:` fits in two
text message segments with the guide's link. Translations record the fingerprint of the English
they were made from, as activity cards do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import sms
from .addresses import DEFAULT_SITE_URL, permanent_address
from .errors import ContentError
from .schemas import validate
from .school import DETAILS, School
from .source import Document, check_id, content_files, id_clash, read_document
from .text import address_problem, link_problems, phone_markdown
from .translation_model import TextFields, Translatable, TranslatedText, check_translations

RESERVED_IDS = {"index"}
TEXT_FIELDS = ("title", "summary", "sections", "questions")
FIELDS = TextFields(
    fingerprinted=TEXT_FIELDS,
    translated=("title", "summary", "sms", "sections", "questions"),
    fingerprinted_when_written=("sms",),
    optional=frozenset({"sms"}),
)
"""Placeholders count as written, so changing the school's phone number does not make every
translation stale; the English `sms:` counts only when there is one, so a guide without it
keeps the fingerprint it always had."""
PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
# a "[" not yet closed before a placeholder: it sits in the words of a link ("[call {…}](tel:…)")
_OPEN_LINK_TEXT = re.compile(r"\[[^\]]*\Z")
fingerprint = FIELDS.fingerprint
"""A guide's fingerprint, what its translations record in translated_from:."""


@dataclass(frozen=True)
class Section:
    heading: str
    body: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuideText(TranslatedText):
    """A guide's words in one language, with the school's details filled in."""

    title: str
    summary: str
    sections: tuple[Section, ...]
    questions: tuple[str, ...]
    sms: str | None = None
    """The text message schools send for the guide, without its link; None: made from the title."""


def guide_address(site_url: str | None, default_language: str, guide_id: str, language: str) -> str:
    """The guide's permanent, shareable address in `language` (what a QR code or a text opens)."""
    return permanent_address(site_url, default_language, "guides", guide_id, language)


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Guide(Translatable[GuideText]):
    id: str
    source: str
    order: int
    sources: tuple[Source, ...]
    texts: Mapping[str, GuideText]
    english_fingerprint: str = ""


def read_guides(
    folder: Path,
    root: Path,
    schema: Path,
    school: School | None,
    languages: tuple[str, ...],
    site_url: str | None = None,
) -> tuple[list[Guide], list[ContentError]]:
    """Every guide in `folder` (none when the folder is absent), and every mistake in them.
    `school` is None when content/school.yml is broken: its own errors say so, and placeholders
    are then not checked. `site_url` starts the links text messages are measured with."""
    guides: list[Guide] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for file, display in content_files(folder, root, errors):
        doc = read_document(file, display)
        if not doc.errors:
            validate(doc, schema)
            _check_guide(doc, file.stem, school, languages, root)
            link = partial(guide_address, site_url or DEFAULT_SITE_URL, languages[0], file.stem)
            sms.check_written(doc, languages, link, fill=partial(fill, school=school))
        if clash := id_clash(file, display, seen):
            doc.error(("id",), clash)
        if doc.errors:
            errors.extend(doc.errors)
            continue
        guides.append(_guide(doc, file.stem, school))
    guides.sort(key=lambda guide: (guide.order, guide.id))
    return guides, errors


def _check_guide(
    doc: Document, stem: str, school: School | None, languages: tuple[str, ...], root: Path
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return
    check_id(
        doc, stem, reserved=RESERVED_IDS, reserved_for="the list of guides", example="enrolling.yml"
    )
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        url = source.get("url") if isinstance(source, dict) else None
        if isinstance(url, str) and (problem := address_problem(url)):
            doc.error(("sources", index, "url"), problem)
    texts = data.get("text")
    if not isinstance(texts, dict):
        return
    school_ok = school is not None or not (root / "content" / "school.yml").exists()
    for language, text in texts.items():
        if isinstance(text, dict):
            for location, value in _text_values(("text", language), text):
                _check_value(doc, location, value, school, school_ok)
    english = check_translations(doc, languages, FIELDS)
    if english is None:
        return
    for language, text in texts.items():
        if language != "en" and isinstance(text, dict) and language in languages:
            _check_same_shape(doc, language, english, text)


def _check_same_shape(doc: Document, language: str, english: dict, text: dict) -> None:
    for name, what in (("sections", "sections"), ("questions", "questions")):
        mine, theirs = text.get(name), english.get(name)
        if isinstance(mine, list) and isinstance(theirs, list) and len(mine) != len(theirs):
            doc.error(
                ("text", language, name),
                f"has {len(mine)} {what} but the English has {len(theirs)} — translate "
                f"each English one as one",
            )
    mine, theirs = text.get("sections"), english.get("sections")
    if not (isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs)):
        return
    for index, (section, original) in enumerate(zip(mine, theirs, strict=True)):
        if not (isinstance(section, dict) and isinstance(original, dict)):
            continue
        count, wanted = len(section.get("points") or []), len(original.get("points") or [])
        if count != wanted:
            doc.error(
                ("text", language, "sections", index, "points"),
                f"has {count} points but the English section has {wanted} — translate "
                "each English point as one point",
            )


def _text_values(location: tuple, text: dict) -> list[tuple[tuple, str]]:
    values: list[tuple[tuple, str]] = []
    for name in ("title", "summary", "sms"):
        if isinstance(text.get(name), str):
            values.append(((*location, name), text[name]))
    for index, question in enumerate(text.get("questions") or []):
        if isinstance(question, str):
            values.append(((*location, "questions", index), question))
    for index, section in enumerate(text.get("sections") or []):
        if not isinstance(section, dict):
            continue
        here = (*location, "sections", index)
        for name in ("heading", "body"):
            if isinstance(section.get(name), str):
                values.append(((*here, name), section[name]))
        points = section.get("points")
        for number, point in enumerate(points if isinstance(points, list) else []):
            if isinstance(point, str):
                values.append(((*here, "points", number), point))
    return values


def _check_value(
    doc: Document, location: tuple, value: str, school: School | None, school_ok: bool
) -> None:
    for name in PLACEHOLDER.findall(value):
        if name.removeprefix("school.") in DETAILS and name.startswith("school."):
            if school is None and not school_ok:
                continue  # content/school.yml is broken: its own errors say so
            if school is None:
                doc.error(
                    location,
                    f"{{{name}}} needs content/school.yml, which is missing — "
                    "add it (see the sample) or write the detail out",
                )
            continue
        known = [f"school.{detail}" for detail in DETAILS]
        typed = name.removeprefix("school.")
        # a shared word first ({school.phone} -> office_phone), then a close spelling
        close = [
            f"school.{detail}"
            for detail in DETAILS
            if set(typed.split("_")) & set(detail.split("_"))
        ]
        close = close or difflib.get_close_matches(f"school.{typed}", known, n=1, cutoff=0.6)
        hint = (
            f"did you mean {{{close[0]}}}?"
            if close
            else "use one of " + ", ".join(f"{{{k}}}" for k in known)
        )
        doc.error(location, f"{{{name}}} is not a detail of content/school.yml — {hint}")
    for problem in link_problems(fill(value, school)):
        doc.error(location, problem)
    if "\ufeff" in value:
        doc.error(
            location,
            "holds an invisible byte-order mark (U+FEFF) — delete it (retype the words around it)",
        )


def fill(text: str, school: School | None, *, phone_links: bool = False) -> str:
    """`text` with {school.x} replaced by the school's detail. With `phone_links` (text shown as
    a sentence on the page, not a title or a text message) a phone number becomes a tel: link,
    unless the writer already put it inside a link of their own."""
    if school is None:
        return text
    values = school.placeholders()

    def detail(found: re.Match[str]) -> str:
        name = found.group(1)
        value = values.get(name, found.group(0))
        inside_link = _OPEN_LINK_TEXT.search(text, 0, found.start()) is not None
        if phone_links and name in values and name.endswith("_phone") and not inside_link:
            return phone_markdown(value)
        return value

    return PLACEHOLDER.sub(detail, text)


def _guide(doc: Document, stem: str, school: School | None) -> Guide:
    data = doc.data
    texts = {}
    for language, text in data["text"].items():
        texts[language] = GuideText(
            language=language,
            translation=text["translation"],
            title=fill(text["title"].strip(), school),
            summary=fill(text["summary"].strip(), school),
            sections=tuple(
                Section(
                    fill(s["heading"].strip(), school),
                    fill(s["body"].strip(), school, phone_links=True),
                    tuple(fill(p.strip(), school, phone_links=True) for p in s.get("points") or ()),
                )
                for s in text["sections"]
            ),
            questions=tuple(fill(q.strip(), school, phone_links=True) for q in text["questions"]),
            translated_from=text.get("translated_from"),
            sms=fill(text["sms"].strip(), school) if text.get("sms") else None,
        )
    return Guide(
        id=stem,
        source=doc.path,
        order=data["order"],
        sources=tuple(Source(s["name"].strip(), s["url"]) for s in data["sources"]),
        texts=texts,
        english_fingerprint=fingerprint(data["text"]["en"]),
    )
