"""content/activities/<id>.yml: the activity cards families do at home.

The schema (content/schema/activity.schema.json) checks each card's form; here are the rules a
schema cannot express: the id is the file name, ids are unique, taxonomy references exist, every
translation has as many steps as the English, links go only to https, http, mailto and tel, and
`next:` names another card that exists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from . import sms
from .addresses import DEFAULT_SITE_URL, permanent_address
from .errors import ContentError
from .parallel import in_parallel, started
from .schemas import prepare, validate
from .source import (
    Document,
    check_id,
    folder_files,
    id_clash,
    may_hold,
    not_a_content_file,
    read_document,
)
from .taxonomy import GRADES, Taxonomy
from .text import LINK_START, link_problems
from .translation_model import TextFields, Translatable, TranslatedText, check_translations

RESERVED_IDS = {"index", "page"}  # activities/page/2/ ... are the list's next pages
TEXT_FIELDS = (
    "title",
    "summary",
    "steps",
    "talk_about",
    "why_it_matters",
    "easier",
    "harder",
    "tell_the_teacher",
)
"""The card's words; a change to the English ones flags translations as possibly stale (and so
does a change to the English `sms:` or `safety:`, when there is one)."""
OPTIONAL_FINGERPRINTED = ("safety", "sms")
"""Counted in the fingerprint only when the English has them: a card without one keeps the
fingerprint it always had."""
CHECKED_FIELDS = (*TEXT_FIELDS, "safety", "sms", "credits")
"""The words checked for links and invisible characters, and given to translators. A card's
credits are not in its fingerprint: a credit line changed does not make a translation stale."""
FIELDS = TextFields(
    fingerprinted=TEXT_FIELDS,
    translated=CHECKED_FIELDS,
    fingerprinted_when_written=OPTIONAL_FINGERPRINTED,
    optional=frozenset({"easier", "harder", "sms", "credits"}),
)
fingerprint = FIELDS.fingerprint
"""A card's fingerprint, what its translations record in translated_from:."""


@dataclass(frozen=True)
class ActivityText(TranslatedText):
    """A card's words in one language."""

    title: str
    summary: str
    steps: tuple[str, ...]
    talk_about: tuple[str, ...]
    why_it_matters: str
    tell_the_teacher: str
    easier: str | None = None
    harder: str | None = None
    sms: str | None = None
    """The text message schools send for the card, without its link; None: made from the title."""
    safety: str | None = None
    """What keeps the child safe (an adult stays close near water, ...), shown above the steps."""
    credits: str | None = None
    """Who wrote or adapted the card, in this language (the card's footer)."""


@dataclass(frozen=True)
class Activity(Translatable[ActivityText]):
    id: str
    source: str
    """The YAML file, relative to the repository root: where "Edit this page" leads."""
    grades: tuple[str, ...]
    skills: tuple[str, ...]
    minutes: int
    setting: str
    materials: tuple[str, ...]
    """Material ids; empty when the card needs nothing."""
    cost: str
    texts: Mapping[str, ActivityText]
    standards: tuple[str, ...] = ()
    english_fingerprint: str = ""
    """The fingerprint of the English words now (see fingerprint())."""
    next: str | None = None
    """The id of the card to try after this one (a series that follows a skill over weeks)."""

    def safety_in(self, language: str) -> ActivityText | None:
        """The words whose safety line a page in `language` shows: the language's own, or the
        English one where the translation has none yet (a safety line is never left out)."""
        for text in (self.text_in(language), self.texts["en"]):
            if text.safety:
                return text
        return None

    def credits_in(self, language: str) -> ActivityText | None:
        """The words whose credits a page in `language` shows: the language's own, or the
        English ones where the translation has none (the page marks them as English)."""
        for text in (self.text_in(language), self.texts["en"]):
            if text.credits:
                return text
        return None

    def areas(self, taxonomy: Taxonomy) -> tuple[str, ...]:
        return tuple(dict.fromkeys(taxonomy.skills[s].area for s in self.skills))


def card_address(
    site_url: str | None, default_language: str, activity_id: str, language: str
) -> str:
    """The card's permanent, shareable address in `language` (what a QR code or a text opens)."""
    return permanent_address(site_url, default_language, "activities", activity_id, language)


def read_activities(
    folder: Path,
    root: Path,
    schema: Path,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    site_url: str | None = None,
    cache: dict | None = None,
) -> tuple[list[Activity], list[ContentError]]:
    """Every card in `folder`, and every mistake in any of them. `site_url` (mkdocs.yml's) is
    the start of the links that text messages are measured with. With `cache` (a preview that
    rebuilds after each edit), a card read before, unchanged, with the same schema, taxonomy
    and languages, gives the same result without being read again."""
    return start_reading_activities(folder, root, schema, taxonomy, languages, site_url, cache)()


def start_reading_activities(
    folder: Path,
    root: Path,
    schema: Path,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    site_url: str | None = None,
    cache: dict | None = None,
) -> Callable[[], tuple[list[Activity], list[ContentError]]]:
    """read_activities, started on the other cores when the library is large enough (see
    kitchen_table.parallel.started): what it returns gives read_activities' result."""
    files = folder_files(folder)
    cards = [file for file in files if file.suffix == ".yml"]
    read = partial(
        _read_card,
        root=root,
        schema=schema,
        taxonomy=taxonomy,
        languages=languages,
        site_url=site_url or DEFAULT_SITE_URL,
    )
    if cache is None:
        prepare(schema)
        readings = started(read, cards)

        def results() -> dict[Path, tuple[list[ContentError], Activity | None]]:
            return dict(zip(cards, readings(), strict=True))

    else:

        def results() -> dict[Path, tuple[list[ContentError], Activity | None]]:
            return _read_with(cache, cards, read, schema, taxonomy, languages, site_url, root)

    return lambda: _gathered(files, cards, results(), root)


def _gathered(
    files: list[Path],
    cards: list[Path],
    results: dict[Path, tuple[list[ContentError], Activity | None]],
    root: Path,
) -> tuple[list[Activity], list[ContentError]]:
    """The cards read, in the folder's order, and every mistake, with those between cards."""
    activities: list[Activity] = []
    errors: list[ContentError] = []
    seen: dict[str, str] = {}
    for file in files:
        display = file.relative_to(root).as_posix()
        if file.suffix != ".yml":
            errors.append(not_a_content_file(display))
            continue
        card_errors, activity = results[file]
        errors.extend(card_errors)
        if clash := id_clash(file, display, seen):
            id_line = read_document(file, display).line(("id",))
            errors.append(ContentError(display, id_line, "id", clash))
            activity = None
        if activity is not None:
            activities.append(activity)
    errors.extend(_next_problems(activities, {file.stem for file in cards}, root))
    return activities, errors


def _read_with(
    cache: dict,
    cards: list[Path],
    read: Callable,
    schema: Path,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    site_url: str | None,
    root: Path,
) -> dict[Path, tuple[list[ContentError], Activity | None]]:
    context = hashlib.sha256(
        repr((schema.read_bytes(), taxonomy, languages, site_url, str(root))).encode()
    ).hexdigest()

    def key(file: Path) -> tuple:
        try:
            return (
                context,
                str(file),
                file.is_symlink(),
                hashlib.sha256(file.read_bytes()).hexdigest(),
            )
        except OSError:  # read_document says what is wrong: never a remembered reading
            return (context, str(file), object())

    keys = {file: key(file) for file in cards}
    todo = [file for file in cards if keys[file] not in cache]
    known = {keys[file]: cache[keys[file]] for file in cards if keys[file] in cache}
    known.update(
        (keys[file], result) for file, result in zip(todo, in_parallel(read, todo), strict=True)
    )
    cache.clear()  # only this build's cards: an edited card's old reading goes
    cache.update(known)
    return {file: known[keys[file]] for file in cards}


def _next_problems(activities: list[Activity], known: set[str], root: Path) -> list[ContentError]:
    """`next:` names a card file that exists (checked once every card is read; a card with
    mistakes of its own still counts, its own messages say what to fix). A card naming itself
    is refused while it is read."""
    import difflib

    problems = []
    for activity in activities:
        if activity.next is None or activity.next in known:
            continue
        close = difflib.get_close_matches(activity.next, sorted(known), n=1, cutoff=0.6)
        hint = (
            f"did you mean {close[0]}?"
            if close
            else "write the id of another card (its file name without .yml)"
        )
        line = read_document(root / activity.source, activity.source).line(("next",))
        problems.append(
            ContentError(
                activity.source,
                line,
                "next",
                f"{json.dumps(activity.next, ensure_ascii=False)} is not a card in "
                f"content/activities — {hint}",
            )
        )
    return problems


def _read_card(
    file: Path,
    *,
    root: Path,
    schema: Path,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    site_url: str,
) -> tuple[list[ContentError], Activity | None]:
    """One card read and checked on its own, possibly in another process: its errors, and the
    card when it has no error."""
    doc = read_document(file, file.relative_to(root).as_posix())
    if not doc.errors:
        validate(doc, schema)
        _check_card(doc, file.stem, taxonomy, languages)
        _check_sms(doc, file.stem, languages, site_url)
    activity = None if doc.errors else _activity(doc, file.stem)
    return doc.errors, activity


def _check_card(
    doc: Document, stem: str, taxonomy: Taxonomy | None, languages: tuple[str, ...]
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return  # the schema has said what is wrong
    check_id(
        doc,
        stem,
        reserved=RESERVED_IDS,
        reserved_for="the list of activities",
        example="leaf-rubbing.yml",
    )
    if taxonomy is not None:
        _check_references(doc, taxonomy)
    if isinstance(data.get("credits"), str):
        for problem in link_problems(data["credits"]):
            doc.error(("credits",), problem)
        english = data["text"].get("en") if isinstance(data.get("text"), dict) else None
        if isinstance(english, dict) and english.get("credits") is not None:
            doc.error(
                ("credits",),
                "is written twice, here and under text: en: credits: — "
                "keep the one under text: en: and delete this line",
            )
    if data.get("next") == stem:
        doc.error(
            ("next",),
            "names this card itself — write the id of another card to try next, or remove next:",
        )
    texts = data.get("text")
    if not isinstance(texts, dict):
        return
    if may_hold(doc, LINK_START, "\ufeff"):
        for language, text in texts.items():
            if isinstance(text, dict):
                _check_text(doc, ("text", language), text)
    english = check_translations(doc, languages, FIELDS)
    if english is None:
        return
    if not isinstance(english.get("steps"), list):
        return
    for language, text in texts.items():
        if language == "en" or not isinstance(text, dict):
            continue
        if not isinstance(text.get("steps"), list):
            continue
        if len(text["steps"]) != len(english["steps"]):
            doc.error(
                ("text", language, "steps"),
                f"has {len(text['steps'])} steps but the English has "
                f"{len(english['steps'])} — translate each English step as one step",
            )


def _check_sms(doc: Document, stem: str, languages: tuple[str, ...], site_url: str) -> None:
    """A written `sms:` fits in two SMS segments together with the card's link."""
    sms.check_written(doc, languages, partial(card_address, site_url, languages[0], stem))


def _check_references(doc: Document, taxonomy: Taxonomy) -> None:
    data = doc.data
    for index, skill in enumerate(_strings(data.get("skills"))):
        if skill not in taxonomy.skills:
            doc.error(("skills", index), _unknown("skill", skill, taxonomy.skills))
    setting = data.get("setting")
    if isinstance(setting, str) and setting not in taxonomy.settings:
        doc.error(("setting",), _unknown("setting", setting, taxonomy.settings))
    materials = data.get("materials")
    if isinstance(materials, list):
        for index, material in enumerate(_strings(materials)):
            if material == "none":
                doc.error(
                    ("materials", index),
                    "none is not a material — write materials: none "
                    "(without brackets) when nothing is needed",
                )
            elif material not in taxonomy.materials:
                doc.error(("materials", index), _unknown("material", material, taxonomy.materials))


def _check_text(doc: Document, location: tuple, text: dict) -> None:
    for name in CHECKED_FIELDS:
        value = text.get(name)
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if not isinstance(item, str):
                continue
            here = (*location, name, index) if isinstance(value, list) else (*location, name)
            for problem in link_problems(item):
                doc.error(here, problem)
            if "\ufeff" in item:  # left over from pasting files together; invisible on screen
                doc.error(
                    here,
                    "holds an invisible byte-order mark (U+FEFF) — delete it "
                    "(retype the words around it)",
                )


def _strings(value: object) -> list:
    return [v if isinstance(v, str) else str(v) for v in value] if isinstance(value, list) else []


def _unknown(kind: str, value: str, known: Mapping[str, object]) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.85)
    area, _, sub = value.partition(".")
    if kind == "skill" and sub and area in known and not close:
        subskills = [key.partition(".")[2] for key in known if key.startswith(f"{area}.")]
        return (
            f'"{value}" is not a skill in content/taxonomy.yml — {area} has the sub-skills '
            f"{', '.join(subskills)} (or write just {area})"
        )
    close = close or difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"add it to content/taxonomy.yml under {kind}s"
    return f'"{value}" is not a {kind} in content/taxonomy.yml — {hint}'


def _activity(doc: Document, stem: str) -> Activity:
    data = doc.data
    texts = {}
    for language, text in data["text"].items():
        texts[language] = ActivityText(
            language=language,
            translation=text["translation"],
            title=text["title"].strip(),
            summary=text["summary"].strip(),
            steps=tuple(step.strip() for step in text["steps"]),
            talk_about=tuple(prompt.strip() for prompt in text["talk_about"]),
            why_it_matters=text["why_it_matters"].strip(),
            tell_the_teacher=text["tell_the_teacher"].strip(),
            easier=(text.get("easier") or "").strip() or None,
            harder=(text.get("harder") or "").strip() or None,
            translated_from=text.get("translated_from"),
            sms=(text.get("sms") or "").strip() or None,
            safety=(text.get("safety") or "").strip() or None,
            credits=(text.get("credits") or "").strip() or None,
        )
    if data.get("credits") and not texts["en"].credits:  # a card written before credits
        texts["en"] = replace(texts["en"], credits=data["credits"].strip())  # had languages
    materials = data["materials"]
    grades = {str(g) for g in data["grades"]}
    return Activity(
        id=stem,
        source=doc.path,
        grades=tuple(g for g in GRADES if g in grades),
        skills=tuple(data["skills"]),
        minutes=data["minutes"],
        setting=data["setting"],
        materials=() if materials == "none" else tuple(materials),
        cost=data["cost"],
        texts=texts,
        standards=tuple(data.get("standards") or ()),
        english_fingerprint=fingerprint(data["text"]["en"]),
        next=data.get("next"),
    )
