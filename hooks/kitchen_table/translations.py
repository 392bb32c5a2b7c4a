"""Which card, guide and community resource is translated into which language, by whom, and
which translations are stale: the summary `make check` prints, made from the translation
model's rules (translation_model.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from .library import Library
from .translation_model import MISSING

STALE = "stale"


class _Item(Protocol):
    """A content item with words per language (a Translatable) and its file."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def english_fingerprint(self) -> str: ...
    def state(self, language: str) -> str: ...
    def is_stale(self, language: str) -> bool: ...


@dataclass(frozen=True)
class CardStatus:
    id: str
    source: str
    states: dict[str, str]
    """language -> original, human, reviewed-machine, machine or missing."""
    stale: frozenset[str]
    """Languages whose translation was made from an older English text."""
    fingerprint: str
    """The fingerprint of the English text now: what an updated translation records."""


@dataclass(frozen=True)
class TranslationStatus:
    languages: tuple[str, ...]
    cards: tuple[CardStatus, ...]

    def totals(self, language: str) -> Counter[str]:
        counts: Counter[str] = Counter(card.states[language] for card in self.cards)
        counts[STALE] = sum(language in card.stale for card in self.cards)
        return counts


def status_of(items: Iterable[_Item], languages: tuple[str, ...]) -> TranslationStatus:
    """One row per content item (a card, a guide): who made each language's words, and which
    translations are stale."""
    return TranslationStatus(
        languages,
        tuple(
            CardStatus(
                item.id,
                item.source,
                {language: item.state(language) for language in languages},
                frozenset(language for language in languages if item.is_stale(language)),
                item.english_fingerprint,
            )
            for item in items
        ),
    )


def translation_status(library: Library) -> TranslationStatus:
    """The activity cards' translations, a row per card."""
    return status_of(library.activities, library.languages)


def guide_translation_status(library: Library) -> TranslationStatus:
    """The same for the newcomer guides (content/guides/): each guide is a row."""
    return status_of(library.guides, library.languages)


def summary_lines(status: TranslationStatus) -> list[str]:
    """The per-language totals `make check` prints, one line per language."""
    total = len(status.cards)
    lines = [
        f"{'language':<9}{'present':>9}{'human':>7}{'checked':>9}{'machine':>9}"
        f"{'stale':>7}{'missing':>9}"
    ]
    for language in status.languages:
        counts = status.totals(language)
        present = total - counts[MISSING]
        by_people = counts["human"] + counts["original"]
        lines.append(
            f"{language:<9}{present:>5}/{total:<3}{by_people:>7}"
            f"{counts['reviewed-machine']:>9}{counts['machine']:>9}{counts[STALE]:>7}"
            f"{counts[MISSING]:>9}"
        )
    for card in status.cards:
        for language in sorted(card.stale):
            lines.append(
                f"stale: {card.source}: text.{language} was translated from an older "
                "English text — update it, then set translated_from: "
                f'"{card.fingerprint}"'
            )
    return lines
