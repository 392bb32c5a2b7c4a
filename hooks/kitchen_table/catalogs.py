"""Translators' files made from the one view of translatable strings (translatable.py):

- a GNU gettext PO catalogue per language (and the .pot template), written by Babel;
- XLIFF 1.2 per language, which translation offices' tools (memoQ, Trados, OmegaT) read, and the
  glossary as TBX, written by translate-toolkit.

Each string has a stable `msgctxt` (`activities/spoon-count:steps[2]`; the trans-unit id in
XLIFF), `#:` its English file and line, `#.` what a translator needs, and the current translation.
A translation made from older English is `#, fuzzy` with that English as `#| msgid` (found in the
file's git history). A string not translated yet carries the translation of the same English
elsewhere in the content, marked fuzzy, as a suggestion. Both read back with `read_catalog`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .translatable import Entry, TranslatableStrings, older_english

PROJECT = "Kitchen Table content"
_NO_HISTORY = (
    "the English this translation was made from is not in the file's git history: "
    "compare the translation with the English above"
)


@dataclass(frozen=True)
class Unit:
    """One string as it goes out to a translator (and comes back)."""

    context: str
    english: str
    translation: str
    fuzzy: bool
    previous: str | None
    """The English the (stale) translation was made from, when known."""
    locations: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]
    max_chars: int | None = None


def units_for(
    translatable: TranslatableStrings, language: str, root: Path | None = None, history: bool = True
) -> list[Unit]:
    """The strings of `language`, in content order. `root` (the repository) lets stale
    translations show the older English from git history."""
    memory = _memory(translatable, language)
    older: dict[str, Any] = {}
    units = []
    for entry in translatable.entries:
        block = entry.block
        notes = [*entry.notes, *entry.term_notes(language)]
        translation = entry.translations.get(language)
        text, fuzzy, previous = "", False, None
        if translation is not None:
            text = translation.text
            if block.is_stale(language):
                if block.key not in older:
                    made_from = block.translated_from[language]
                    older[block.key] = (
                        older_english(root, block, made_from)
                        if root is not None and history
                        else None
                    )
                old = older[block.key]
                if old is None:
                    fuzzy = True
                    notes.append(_NO_HISTORY)
                else:
                    before = _value_at(old, entry.location[2:])
                    if before != entry.english:
                        fuzzy = True
                        previous = before if isinstance(before, str) else None
                        if previous is None:
                            notes.append(
                                "this string is new in the English since the translation was made"
                            )
            others = [
                other
                for other in memory.get(entry.english, [])
                if other[1] != text and other[0] != entry.context
            ]
            if others:
                notes.append(
                    "the same English is translated elsewhere as: "
                    + " | ".join(f"{words} ({context})" for context, words in others[:2])
                )
        else:
            suggestions = memory.get(entry.english)
            if suggestions:
                context, text = suggestions[0]
                fuzzy = True
                notes.append(
                    f"suggested from the same English at {context}: check it, then "
                    "clear the fuzzy flag"
                )
        locations = [(entry.block.file, entry.line)]
        if translation is not None:
            locations.append((entry.place(language).file, translation.line))
        units.append(
            Unit(
                entry.context,
                entry.english,
                text,
                fuzzy,
                previous,
                tuple(dict.fromkeys(locations)),
                tuple(notes),
                _max_chars(entry),
            )
        )
    return _stale_shows(translatable, language, units)


def _stale_shows(translatable: TranslatableStrings, language: str, units: list[Unit]) -> list[Unit]:
    """A stale translation whose strings all kept their English (a string was removed from
    the English) still shows as fuzzy, all of it: otherwise nothing would tell the translator."""
    stale_blocks = {
        entry.block.key for entry in translatable.entries if entry.block.is_stale(language)
    }
    shown = {
        entry.block.key
        for entry, unit in zip(translatable.entries, units, strict=True)
        if unit.fuzzy
    }
    silent = stale_blocks - shown
    if not silent:
        return units
    note = (
        "the English changed since this translation was made (a string was removed or "
        "moved): check the whole translation, then clear the fuzzy flags"
    )
    return [
        Unit(
            unit.context,
            unit.english,
            unit.translation,
            True,
            unit.previous,
            unit.locations,
            (*unit.notes, note),
            unit.max_chars,
        )
        if entry.block.key in silent and unit.translation
        else unit
        for entry, unit in zip(translatable.entries, units, strict=True)
    ]


def _memory(translatable: TranslatableStrings, language: str) -> dict[str, list[tuple[str, str]]]:
    """English -> [(context, translation)]: the content's own translation memory."""
    memory: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry in translatable.entries:
        translation = entry.translations.get(language)
        if (
            translation is not None
            and not entry.block.is_stale(language)
            and all(words != translation.text for _, words in memory[entry.english])
        ):
            memory[entry.english].append((entry.context, translation.text))
    return memory


def _value_at(data: Any, location: tuple) -> Any:
    for part in location:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data


def _max_chars(entry: Entry) -> int | None:
    if not entry.sms or entry.block.link_for is None:
        return None
    return 153 * 2 - len(" " + entry.block.link_for("en"))


# -- PO (Babel) -----------------------------------------------------------------------------------


def po_catalog(units: list[Unit], language: str | None) -> Catalog:
    catalog = Catalog(
        locale=None,
        project=PROJECT,
        version="1",
        msgid_bugs_address="",
        creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        revision_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        language_team=language or "",
        fuzzy=False,
    )
    catalog.mime_headers  # noqa: B018 (the headers are made on first use)
    for unit in units:
        message = catalog.add(
            unit.english,
            unit.translation if language else "",
            locations=list(unit.locations) if language else [unit.locations[0]],
            flags=("fuzzy",) if unit.fuzzy and language else (),
            auto_comments=list(unit.notes)
            if language
            else [
                note
                for note in unit.notes
                if not note.startswith(("the same English", "suggested", "the English this"))
            ],
            previous_id=(unit.previous if language and unit.previous else ()),
            context=unit.context,
        )
        if message is not None:
            message.flags.discard("python-format")  # texts, not Python format strings
            message.flags.discard("python-brace-format")
    return catalog


def po_bytes(units: list[Unit], language: str | None) -> bytes:
    catalog = po_catalog(units, language)
    out = io.BytesIO()
    write_po(out, catalog, width=0, include_previous=True, omit_header=False, sort_output=False)
    text = out.getvalue().decode("utf-8")
    header = f'"Language: {language}\\n"\n' if language else ""
    # Babel writes Language only for a known locale (ht and so are not all in CLDR's data)
    if language and '"Language: ' not in text:
        text = text.replace('"MIME-Version: 1.0\\n"\n', '"MIME-Version: 1.0\\n"\n' + header, 1)
    text = text.replace('#, fuzzy\nmsgid ""\n', 'msgid ""\n', 1)
    # no bug address: leave Babel's placeholder out (Last-Translator is the translator's to fill)
    text = text.replace('"Report-Msgid-Bugs-To: EMAIL@ADDRESS\\n"\n', "", 1)
    return text.encode("utf-8")


# -- XLIFF 1.2 and TBX (translate-toolkit) -------------------------------------------------------


def xliff_bytes(units: list[Unit], language: str) -> bytes:
    """XLIFF 1.2 (it validates against OASIS's xliff-core-1.2-strict.xsd; translate-toolkit,
    memoQ, Trados and OmegaT read it). Written with lxml directly: translate-toolkit's writer
    takes minutes on a thousand-card library, and the build writes one file per language."""
    from lxml import etree

    ns = "urn:oasis:names:tc:xliff:document:1.2"
    space = "{http://www.w3.org/XML/1998/namespace}space"
    root = etree.Element(f"{{{ns}}}xliff", nsmap={None: ns}, version="1.2")
    body = etree.SubElement(
        etree.SubElement(
            root,
            f"{{{ns}}}file",
            original="kitchen-table-content",
            attrib={"source-language": "en", "datatype": "plaintext", "target-language": language},
        ),
        f"{{{ns}}}body",
    )

    def add(
        parent: etree._Element, tag: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        element = etree.SubElement(
            parent,
            f"{{{ns}}}{tag}",
            attrib={key.replace("_", "-"): value for key, value in attributes.items()},
        )
        element.text = text
        return element

    for unit in units:
        attributes = {
            "id": unit.context,
            "resname": unit.context,
            "approved": "yes" if unit.translation and not unit.fuzzy else "no",
        }
        if unit.max_chars:
            attributes.update({"maxwidth": str(unit.max_chars), "size_unit": "char"})
        item = add(body, "trans-unit", **attributes)
        item.set(space, "preserve")
        add(item, "source", unit.english)
        if unit.translation:
            add(
                item,
                "target",
                unit.translation,
                state="needs-review-translation" if unit.fuzzy else "translated",
            )
        # the English's place, then the translation's: XLIFF 1.2 wants each context group's
        # name unique in the whole file
        for side, (file, line) in zip(("en", language), unit.locations, strict=False):
            group = add(item, "context-group", name=f"{unit.context} {side}", purpose="location")
            add(group, "context", file, context_type="sourcefile")
            add(group, "context", str(line), context_type="linenumber")
        if unit.notes:
            add(item, "note", "\n".join(unit.notes), **{"from": "developer"})
        if unit.previous:
            previous = add(item, "alt-trans", origin="previous")
            add(previous, "source", unit.previous)
            add(previous, "target", unit.translation)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def tbx_bytes(translatable: TranslatableStrings) -> bytes:
    """The glossary as TBX: each school word with its term in every language, and the English
    definition."""
    from translate.storage import tbx

    store = tbx.tbxfile(sourcelanguage="en")
    terms: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for entry in translatable.entries:
        if entry.block.kind != "glossary":
            continue
        term_id, name = entry.context.split("/", 1)[1].split(":")
        terms[term_id].setdefault("en", {})[name] = entry.english
        for language, translation in entry.translations.items():
            terms[term_id].setdefault(language, {})[name] = translation.text
    for term_id, by_language in terms.items():
        unit = store.addsourceunit(by_language["en"]["term"])
        unit.setid(term_id)
        for language in translatable.languages[1:]:
            if "term" in by_language.get(language, {}):
                unit.set_target_terms([by_language[language]["term"]], language)
        if "definition" in by_language["en"]:
            unit.addnote(by_language["en"]["definition"], origin="definition")
    return bytes(store)


# -- reading a translator's file back -------------------------------------------------------------


@dataclass(frozen=True)
class Returned:
    context: str
    english: str
    translation: str
    fuzzy: bool
    line: int


def read_catalog(path: Path) -> tuple[str | None, list[Returned]]:
    """The language and the entries of a PO or XLIFF file (by its ending)."""
    if path.suffix.lower() in (".xlf", ".xliff"):
        return _read_xliff(path)
    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=False)
    language = catalog.mime_headers and dict(catalog.mime_headers).get("Language")
    returned = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        returned.append(
            Returned(
                message.context or "",
                message.id,
                message.string if isinstance(message.string, str) else "",
                message.fuzzy,
                message.lineno or 1,
            )
        )
    return (language or None), returned


def _read_xliff(path: Path) -> tuple[str | None, list[Returned]]:
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(path))
    language = store.gettargetlanguage()
    returned = []
    for unit in store.getunits():
        if unit.isheader():
            continue
        element = unit.xmlelement
        context = element.get("resname") or unit.getid()
        returned.append(
            Returned(
                context,
                str(unit.source),
                str(unit.target or ""),
                bool(unit.isfuzzy()),
                element.sourceline or 1,
            )
        )
    return language, returned


def field_of(context: str) -> str:
    """`activities/spoon-count:steps[2]` -> `steps[2]` (the field, for messages)."""
    return context.split(":", 1)[-1]
