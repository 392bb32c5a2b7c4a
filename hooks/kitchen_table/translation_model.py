"""The one model of translated words, which every content type with a `text:` block per language
uses: activity cards, newcomer guides and community resources (the glossary and school.yml's
dates share its language check).

For editors and translators, this is where the rules about a translation live, once:
- `translation:` says who made a language's words: original, human, reviewed-machine or machine;
- `translated_from:` is the fingerprint of the English a translation was made from, and one made
  by people or a machine must record it (`make check` prints the fingerprint to copy);
- the fingerprint is made from the fields a content type's `TextFields` names, so when the
  English words change every translation of the older words shows as stale (`is_stale`);
- a page in a language without a translation yet shows the English (`text_in`), and the
  translation status counts it as missing (`state`);
- a language in a `text:` block is one of the site's languages.

The translators' view of every string (translatable.py), the status summary (translations.py)
and the pages all read these rules from here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .source import Document, Location

ORIGINAL = "original"
"""The `translation:` of words written in the language itself (English, usually)."""
TRANSLATED_BY = ("human", "reviewed-machine", "machine")
"""The `translation:` values of words made from the English: they record `translated_from:`."""
PROVENANCES = (ORIGINAL, *TRANSLATED_BY)
"""Every `translation:` value, as content/schema's enums have them."""
MISSING = "missing"
"""The state of a language that has no translation yet."""


@dataclass(frozen=True)
class TextFields:
    """What a content type's `text.<language>` holds, for every rule that reads its words."""

    fingerprinted: tuple[str, ...]
    """The words a translation is made from: a change to the English ones makes it stale."""
    translated: tuple[str, ...]
    """The words translators are given, in the order they read them (the fingerprinted ones and
    the optional ones)."""
    fingerprinted_when_written: tuple[str, ...] = ()
    """Counted in the fingerprint only when the English has them, so a text without one keeps
    the fingerprint it always had."""
    optional: frozenset[str] = frozenset()
    """Words a translation may leave out (the page shows the English's, or none)."""

    def fingerprint(self, english: Mapping[str, object]) -> str:
        """A short fingerprint of the English words: translations record the one they were made
        from, so a translation of an older English text is detected."""
        words = {name: english.get(name) for name in self.fingerprinted}
        for name in self.fingerprinted_when_written:
            if english.get(name):  # only then: a text without one keeps its fingerprint
                words[name] = english[name]
        canonical = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, kw_only=True)
class TranslatedText:
    """The words of one content item in one language, and where they come from."""

    language: str
    translation: str
    """original, human, reviewed-machine or machine: who made these words."""
    translated_from: str | None = None
    """The fingerprint of the English this translation was made from."""


TextT = TypeVar("TextT", bound=TranslatedText)


def provenance_note(translation: str, words: Mapping[str, str]) -> str:
    """What a page says about who made its words: the interface string `translation_<value>`
    of content/strings ("Translated by computer..."), empty where it has none."""
    return words.get(f"translation_{translation}", "")


def is_stale(made_from: str | None, current: str | None) -> bool:
    """A translation that records the fingerprint of another English text than today's."""
    return made_from is not None and current is not None and made_from != current


class Translatable(Generic[TextT]):
    """A content item with its words per language (`texts`, English always) and the fingerprint
    of its English words now. Mixed into the frozen dataclasses Activity, Guide and Resource."""

    texts: Mapping[str, TextT]
    english_fingerprint: str

    def text_in(self, language: str) -> TextT:
        """The words in `language`, or the English ones where there is no translation yet."""
        return self.texts.get(language) or self.texts["en"]

    def is_translated(self, language: str) -> bool:
        return language in self.texts

    def is_stale(self, language: str) -> bool:
        """True when the translation was made from an older English text."""
        text = self.texts.get(language)
        return text is not None and is_stale(text.translated_from, self.english_fingerprint)

    def provenance_note(self, language: str, words: Mapping[str, str]) -> str:
        """What a page in `language` says about who made the words it shows (see
        provenance_note)."""
        return provenance_note(self.text_in(language).translation, words)

    def state(self, language: str) -> str:
        """Who made the words in `language` (original, human, ...), or MISSING."""
        text = self.texts.get(language)
        return text.translation if text is not None else MISSING


# -- the checks every text: block gets -------------------------------------------------------------


def not_a_language(language: str, languages: tuple[str, ...], *, text_block: bool = True) -> str:
    """What is wrong with a language the site does not have (in a `text:` block, the hint says
    where a new language is added)."""
    problem = f'"{language}" is not a language of this site — use one of {", ".join(languages)}'
    return f"{problem} (a new language is added in mkdocs.yml first)" if text_block else problem


def check_translations(
    doc: Document, languages: tuple[str, ...], fields: TextFields
) -> dict[str, Any] | None:
    """The rules of `text:` every content type shares: each language is the site's, and a
    translation made from the English records the English's fingerprint. The English, for the
    content type's own checks (None when the schema has said what is wrong with it)."""
    texts = doc.data.get("text") if isinstance(doc.data, dict) else None
    if not isinstance(texts, dict):
        return None
    for language in texts:
        if language not in languages:
            doc.error(("text", language), not_a_language(language, languages))
    english = texts.get("en")
    if not isinstance(english, dict):
        return None
    current = None  # worked out for the message only: a valid file never needs it here
    for language, text in texts.items():
        if (
            language != "en"
            and language in languages
            and isinstance(text, dict)
            and "translated_from" not in text
            and text.get("translation") in TRANSLATED_BY
        ):
            current = current or fields.fingerprint(english)
            doc.error(
                ("text", language, "translated_from"),
                f'is missing — add translated_from: "{current}" (the fingerprint of the '
                "English text this translation was made from)",
            )
    return english


def strings_in(
    location: Location, value: Any, item: tuple[str, int] | None = None
) -> Iterator[tuple[Location, str, tuple[str, int] | None]]:
    """Every text in `value` (a text, a list, a mapping of them), with its location, and for an
    item of a list of texts (name, how many items)."""
    if isinstance(value, str):
        yield location, value, item
    elif isinstance(value, list):
        for index, part in enumerate(value):
            name = str(location[-1])
            inner = (name, len(value)) if isinstance(part, str) else None
            yield from strings_in((*location, index), part, inner)
    elif isinstance(value, dict):
        for key, part in value.items():
            yield from strings_in((*location, key), part)
