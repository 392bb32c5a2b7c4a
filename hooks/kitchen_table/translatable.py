"""One view of every translatable English string of content/, with its place, its file line, each
language's translation and where that translation comes from (the translators' view; the rules
of translations themselves, fields, fingerprints and staleness, are translation_model.py's).

Translators' files (PO, XLIFF, TBX), the translation status page and the import are all made
from this view, so every content type is covered once: activity cards, newcomer guides, the
glossary, community resources, school.yml's dates, taxonomy labels and the interface strings
(content/weeks.yml names cards only: it has no words of its own).

An `Entry` is one English string. Entries are grouped in `Block`s: the strings translated
together, whose language blocks record one provenance (`translation:`) and, for cards, guides and
resources, the fingerprint of the English they were made from (`translated_from:`). The glossary
records its provenance per language for the whole file; taxonomy labels, school dates and the
interface strings record none (their provenance is "not recorded").
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import activities as activity_model
from . import guides as guide_model
from . import resources as resource_model
from .library import Library
from .source import Document, Location, field_name, folder_files, read_document
from .taxonomy import in_language
from .translation_model import MISSING, PROVENANCES, TextFields, is_stale, strings_in

NOT_RECORDED = "not recorded"
"""The provenance of translations whose file has no place to record it."""
PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


@dataclass(frozen=True)
class Place:
    """Where a value stands: a file (relative to the repository) and a location in it."""

    file: str
    location: Location


@dataclass(frozen=True)
class Translation:
    text: str
    line: int


@dataclass
class Block:
    """Strings translated together: one provenance (and fingerprint) per language."""

    key: str
    """The block's name, the start of its entries' contexts: activities/spoon-count."""
    kind: str
    """activity, guide, resource, glossary, school, taxonomy or strings."""
    file: str
    english: Any = None
    """The English data the fingerprint is made from (cards, guides, resources)."""
    fingerprint: Callable[[Any], str] | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    """language -> original, human, reviewed-machine, machine or NOT_RECORDED; absent: missing."""
    translated_from: dict[str, str] = field(default_factory=dict)
    place_of: Callable[[str, Location], Place] | None = None
    """(language, English location) -> where that language's value goes."""
    block_place: Callable[[str], Place] | None = None
    """language -> the mapping that holds the language's block (None: no block per language)."""
    notes: tuple[str, ...] = ()
    """What a translator needs for every string of the block (grade and skill...)."""
    link_for: Callable[[str], str] | None = None
    """language -> the permanent address a text message of this block ends with."""

    @property
    def current(self) -> str | None:
        return self.fingerprint(self.english) if self.fingerprint else None

    def is_stale(self, language: str) -> bool:
        return is_stale(self.translated_from.get(language), self.current)


@dataclass
class Entry:
    context: str
    """Stable and unique: activities/spoon-count:steps[2]."""
    english: str
    block: Block
    location: Location
    """The English value's location in the block's file."""
    line: int
    notes: tuple[str, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)
    sms: bool = False
    """A text message: it must fit its segments with its link."""
    optional: bool = False
    """A translation may leave it out (an optional field such as easier:, sms:)."""
    list_item: tuple[str, int] | None = None
    """("steps", 5) for an item of a list of 5: a translation keeps one item per English item."""
    terms: tuple[tuple[str, str, dict[str, str]], ...] = ()
    """The glossary's school words in the English: (term id, English term, {language: term})."""

    def term_notes(self, language: str) -> list[str]:
        return [
            f"school word: {english} = {translated.get(language, '(not in the glossary yet)')}"
            f" in the glossary (content/glossary.yml, {term_id})"
            for term_id, english, translated in self.terms
        ]

    def place(self, language: str) -> Place:
        assert self.block.place_of is not None
        return self.block.place_of(language, self.location)


@dataclass
class TranslatableStrings:
    """Every translatable string of content/, in blocks (see the module's docstring)."""

    languages: tuple[str, ...]
    blocks: list[Block]
    entries: list[Entry]

    def by_context(self) -> dict[str, Entry]:
        return {entry.context: entry for entry in self.entries}


def read_translatable(root: Path, library: Library) -> TranslatableStrings:
    """Every translatable string of the (valid) content below `root`."""
    reader = _Reader(root, library)
    reader.read()
    return TranslatableStrings(library.languages, reader.blocks, reader.entries)


class _Reader:
    def __init__(self, root: Path, library: Library) -> None:
        self.root = root
        self.library = library
        self.languages = library.languages
        self.blocks: list[Block] = []
        self.entries: list[Entry] = []
        self.terms = _glossary_terms(library)
        self.term_of = {
            form: index for index, (_, forms, _) in enumerate(self.terms) for form in forms
        }
        alternatives = "|".join(
            re.escape(form) for form in sorted(self.term_of, key=len, reverse=True)
        )
        self.term_pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)") if alternatives else None

    def read(self) -> None:
        content = self.root / "content"
        from .addresses import DEFAULT_SITE_URL
        from .cli import site_url

        url = site_url(self.root / "mkdocs.yml") or DEFAULT_SITE_URL
        for file in _yml(content / "activities"):
            self._texts(
                file,
                "activity",
                "activities",
                activity_model.FIELDS,
                lambda stem, lang: activity_model.card_address(url, "en", stem, lang),
            )
        for file in _yml(content / "guides"):
            self._texts(
                file,
                "guide",
                "guides",
                guide_model.FIELDS,
                lambda stem, lang: guide_model.guide_address(url, "en", stem, lang),
            )
        for file in _yml(content / "resources"):
            self._texts(file, "resource", "resources", resource_model.FIELDS, None)
        if (content / "glossary.yml").is_file():
            self._glossary(content / "glossary.yml")
        if (content / "school.yml").is_file():
            self._school(content / "school.yml")
        self._taxonomy(content / "taxonomy.yml")
        self._strings(content / "strings")

    def _doc(self, file: Path) -> Document:
        return read_document(file, file.relative_to(self.root).as_posix())

    def _entry(
        self,
        block: Block,
        context: str,
        english: str,
        location: Location,
        doc: Document,
        notes: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> Entry:
        hints = [*block.notes, *notes, *_placeholder_notes(english)]
        entry = Entry(
            context,
            english,
            block,
            location,
            doc.line(location),
            tuple(hints),
            terms=self._terms_in(english),
            **kwargs,
        )
        self.entries.append(entry)
        return entry

    def _terms_in(self, english: str) -> tuple[tuple[str, str, dict[str, str]], ...]:
        if self.term_pattern is None:
            return ()
        found = dict.fromkeys(self.term_of[form] for form in self.term_pattern.findall(english))
        return tuple(
            (self.terms[index][0], self.terms[index][1][0], self.terms[index][2]) for index in found
        )

    # -- cards, guides, resources: text.<language>.<field> -------------------------------------

    def _texts(
        self,
        file: Path,
        kind: str,
        folder: str,
        fields: TextFields,
        link: Callable[[str, str], str] | None,
    ) -> None:
        doc = self._doc(file)
        data = doc.data
        texts = data["text"]
        english = texts["en"]
        stem = file.stem
        block = Block(
            f"{folder}/{stem}",
            kind,
            doc.path,
            english,
            fields.fingerprint,
            place_of=lambda language, location: Place(doc.path, ("text", language, *location[2:])),
            block_place=lambda language: Place(doc.path, ("text",)),
            notes=self._card_notes(data) if kind == "activity" else (),
            link_for=(lambda language: link(stem, language)) if link else None,
        )
        for language, text in texts.items():
            if language == "en" or language not in self.languages:
                continue
            block.provenance[language] = text.get("translation", NOT_RECORDED)
            if text.get("translated_from") is not None:
                block.translated_from[language] = str(text["translated_from"])
        self.blocks.append(block)
        for name in fields.translated:
            value = english.get(name)
            if value is None:
                continue
            for location, words, item in strings_in(("text", "en", name), value):
                notes: list[str] = []
                sms_entry = name == "sms"
                if sms_entry and block.link_for is not None:
                    notes.append(_sms_note(block.link_for("en")))
                entry = self._entry(
                    block,
                    f"{block.key}:{field_name(location[2:])}",
                    words,
                    location,
                    doc,
                    tuple(notes),
                    sms=sms_entry,
                    optional=name in fields.optional,
                    list_item=item,
                )
                for language, text in texts.items():
                    if language == "en" or language not in self.languages:
                        continue
                    value_there = _get(text, location[2:])
                    if isinstance(value_there, str):
                        there = ("text", language, *location[2:])
                        entry.translations[language] = Translation(value_there, doc.line(there))

    def _card_notes(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        taxonomy = self.library.taxonomy
        grades = ", ".join(
            in_language(taxonomy.grades[str(grade)], "en")
            for grade in data.get("grades", [])
            if str(grade) in taxonomy.grades
        )
        skills = ", ".join(
            in_language(taxonomy.skills[skill].labels, "en")
            for skill in data.get("skills", [])
            if skill in taxonomy.skills
        )
        return (f"activity card for {grades}; skills: {skills}",)

    # -- glossary: terms.<id>.<language>.term|definition ---------------------------------------

    def _glossary(self, file: Path) -> None:
        doc = self._doc(file)
        data = doc.data
        block = Block(
            "glossary",
            "glossary",
            doc.path,
            place_of=lambda language, location: Place(
                doc.path, (location[0], location[1], language, *location[3:])
            ),
            block_place=None,
        )
        for language, provenance in (data.get("translations") or {}).items():
            if language != "en" and language in self.languages:
                block.provenance[language] = provenance
        self.blocks.append(block)
        for term_id, term in data["terms"].items():
            english = term["en"]
            for name in ("term", "definition"):
                if not isinstance(english.get(name), str):
                    continue
                location = ("terms", term_id, "en", name)
                note = (
                    "a school word: the word as families read it in your language's text; "
                    "other forms (also:) are edited in content/glossary.yml"
                    if name == "term"
                    else f"the definition of the school word "
                    f"{english['term']}, one or two plain sentences"
                )
                entry = Entry(
                    f"glossary/{term_id}:{name}",
                    english[name],
                    block,
                    location,
                    doc.line(location),
                    (note, *_placeholder_notes(english[name])),
                )
                self.entries.append(entry)
                for language, text in term.items():
                    if (
                        language != "en"
                        and language in self.languages
                        and isinstance(text, dict)
                        and isinstance(text.get(name), str)
                    ):
                        entry.translations[language] = Translation(
                            text[name], doc.line(("terms", term_id, language, name))
                        )
        for language in self.languages[1:]:
            if language not in block.provenance and any(
                language in entry.translations for entry in self.entries if entry.block is block
            ):
                block.provenance[language] = NOT_RECORDED

    # -- school.yml dates, taxonomy labels: a mapping of languages ----------------------------

    def _school(self, file: Path) -> None:
        doc = self._doc(file)
        block = self._label_block("school", "school", doc)
        for index, date in enumerate(doc.data.get("dates") or []):
            what = date.get("what") if isinstance(date, dict) else None
            if isinstance(what, dict) and isinstance(what.get("en"), str):
                when = f"{date.get('start')}" + (f" to {date['end']}" if date.get("end") else "")
                self._label(
                    block,
                    f"school:dates[{date.get('start')},{date.get('kind')}].what",
                    ("dates", index, "what"),
                    what,
                    doc,
                    (
                        f"a date of the school year ({date.get('kind')}, {when}): what "
                        "happens, as the school-year page and the calendar show it",
                    ),
                )

    def _taxonomy(self, file: Path) -> None:
        doc = self._doc(file)
        block = self._label_block("taxonomy", "taxonomy", doc)
        for location, labels in _label_mappings(doc.data, ()):
            self._label(
                block,
                f"taxonomy:{field_name(location)}",
                location,
                labels,
                doc,
                (_taxonomy_note(location),),
            )

    def _label_block(self, key: str, kind: str, doc: Document) -> Block:
        block = Block(
            key,
            kind,
            doc.path,
            place_of=lambda language, location: Place(doc.path, (*location[:-1], language)),
            block_place=None,
        )
        self.blocks.append(block)
        return block

    def _label(
        self,
        block: Block,
        context: str,
        location: Location,
        labels: Mapping[str, Any],
        doc: Document,
        notes: tuple[str, ...],
    ) -> None:
        english_location = (*location, "en")
        entry = self._entry(block, context, labels["en"], english_location, doc, notes)
        for language, words in labels.items():
            if language != "en" and language in self.languages and isinstance(words, str):
                entry.translations[language] = Translation(words, doc.line((*location, language)))
                block.provenance.setdefault(language, NOT_RECORDED)

    # -- content/strings/<language>.yml ---------------------------------------------------------

    def _strings(self, folder: Path) -> None:
        english = self._doc(folder / "en.yml")
        block = Block(
            "strings",
            "strings",
            english.path,
            place_of=lambda language, location: Place(
                f"content/strings/{language}.yml", location[-1:]
            ),
            block_place=None,
        )
        self.blocks.append(block)
        others = {
            language: self._doc(folder / f"{language}.yml")
            for language in self.languages[1:]
            if (folder / f"{language}.yml").is_file()
        }
        for key, words in english.data.items():
            if not isinstance(words, str) or not words.strip():
                continue  # an empty English string (translation_original) has nothing to say
            entry = self._entry(
                block,
                f"strings:{key}",
                words,
                (key,),
                english,
                ("a word of the site itself (a heading, a button, a label)",),
            )
            for language, doc in others.items():
                if isinstance(doc.data.get(key), str):
                    entry.translations[language] = Translation(doc.data[key], doc.line((key,)))
                    block.provenance.setdefault(language, NOT_RECORDED)


def _yml(folder: Path) -> list[Path]:
    return [file for file in folder_files(folder) if file.suffix == ".yml"]


def _get(data: Any, location: Location) -> Any:
    for part in location:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _label_mappings(data: Any, location: Location) -> Iterator[tuple[Location, dict]]:
    """Each {en: ..., es: ...} mapping of taxonomy.yml, in file order."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str):
            yield location, data
            return
        for key, value in data.items():
            yield from _label_mappings(value, (*location, key))


def _taxonomy_note(location: Location) -> str:
    kinds = {
        "grades": "a grade's name",
        "skills": "a skill area's name (catalog headings, filters)",
        "settings": "where an activity happens",
        "materials": "a material "
        '(in the list "You need", lowercase unless your language needs otherwise)',
        "resource_categories": "a kind of community resource",
        "resource_languages": "a language's name, as families read it in your language",
        "resource_documents": "a paper a service asks families to bring",
        "resource_access": "an accessibility feature of a service",
    }
    return f"taxonomy label: {kinds.get(str(location[0]), str(location[0]))}"


def _placeholder_notes(english: str) -> list[str]:
    return [
        f"keep {{{name}}} exactly as it is (the site fills it in)"
        for name in dict.fromkeys(PLACEHOLDER.findall(english))
    ]


def _sms_note(link: str) -> str:
    from . import sms

    with_link = sms.message("", link)
    room = {
        encoding: parts * sms.MAX_SEGMENTS - len(with_link)
        for encoding, (_, parts) in (("GSM-7", (160, 153)), ("UCS-2", (70, 67)))
    }
    return (
        f"SMS: sent with its link ({link}) in at most {sms.MAX_SEGMENTS} segments: at most "
        f"{room['GSM-7']} characters in the plain GSM alphabet, {room['UCS-2']} when a "
        "character is outside it (accents such as ã, õ, Chinese, Arabic, Vietnamese)"
    )


def _glossary_terms(library: Library) -> list[tuple[str, tuple[str, ...], dict[str, str]]]:
    """(term id, English forms, {language: the term}) of each glossary term."""
    if library.glossary is None:
        return []
    found = []
    for term in library.glossary.terms:
        english = term.entries.get("en")
        if english is None:
            continue
        translated = {
            language: entry.term for language, entry in term.entries.items() if language != "en"
        }
        found.append((term.id, (english.term, *english.forms), translated))
    return found


# -- the English a stale translation was made from, from git history -----------------------------


def older_english(root: Path, block: Block, made_from: str) -> Any | None:
    """The English data of `block` whose fingerprint is `made_from`, from the git history of its
    file; None when the history does not have it (no git, a copied folder, a rewritten history)."""
    if block.fingerprint is None:
        return None
    try:
        commits = subprocess.run(
            ["git", "log", "--format=%H", "--", block.file],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    for commit in commits[:200]:
        shown = subprocess.run(
            ["git", "show", f"{commit}:{block.file}"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if shown.returncode != 0:
            continue
        try:
            data = yaml.safe_load(shown.stdout)
        except yaml.YAMLError:
            continue
        english = (data or {}).get("text", {}).get("en") if isinstance(data, dict) else None
        if isinstance(english, dict) and block.fingerprint(english) == made_from:
            return english
    return None


def status_counts(translatable: TranslatableStrings) -> dict[str, dict[str, int]]:
    """language -> {original, human, reviewed-machine, machine, not recorded, stale, missing}:
    strings counted over every content type."""
    counts: dict[str, dict[str, int]] = {}
    for language in translatable.languages[1:]:
        tally = dict.fromkeys((*PROVENANCES, NOT_RECORDED, "stale", MISSING), 0)
        for entry in translatable.entries:
            if language not in entry.translations:
                if not entry.optional or entry.block.provenance.get(language) is None:
                    tally[MISSING] += 1
                continue
            provenance = entry.block.provenance.get(language, NOT_RECORDED)
            tally[provenance if provenance in tally else NOT_RECORDED] += 1
            if entry.block.is_stale(language):
                tally["stale"] += 1
        counts[language] = tally
    return counts
