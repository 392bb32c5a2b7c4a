"""Which card (and guide) is translated into which language, by whom, and which translations
are stale."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .library import Library

MISSING = "missing"
STALE = "stale"


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


def translation_status(library: Library) -> TranslationStatus:
    cards = []
    for activity in library.activities:
        states = {language: activity.texts[language].translation
                  if activity.is_translated(language) else MISSING
                  for language in library.languages}
        stale = frozenset(language for language in library.languages
                          if activity.is_stale(language))
        cards.append(CardStatus(activity.id, activity.source,
                                states, stale, activity.english_fingerprint))
    return TranslationStatus(library.languages, tuple(cards))


def guide_translation_status(library: Library) -> TranslationStatus:
    """The same for the newcomer guides (content/guides/): each guide is a row."""
    guides = []
    for guide in library.guides:
        states = {language: guide.texts[language].translation
                  if guide.is_translated(language) else MISSING
                  for language in library.languages}
        stale = frozenset(language for language in library.languages if guide.is_stale(language))
        guides.append(CardStatus(guide.id, guide.source, states, stale, guide.english_fingerprint))
    return TranslationStatus(library.languages, tuple(guides))


def summary_lines(status: TranslationStatus) -> list[str]:
    """The per-language totals `make check` prints, one line per language."""
    total = len(status.cards)
    lines = [f"{'language':<9}{'present':>9}{'human':>7}{'checked':>9}{'machine':>9}"
             f"{'stale':>7}{'missing':>9}"]
    for language in status.languages:
        counts = status.totals(language)
        present = total - counts[MISSING]
        by_people = counts["human"] + counts["original"]
        lines.append(f"{language:<9}{present:>5}/{total:<3}{by_people:>7}"
                     f"{counts['reviewed-machine']:>9}{counts['machine']:>9}{counts[STALE]:>7}"
                     f"{counts[MISSING]:>9}")
    for card in status.cards:
        for language in sorted(card.stale):
            lines.append(f"stale: {card.source}: text.{language} was translated from an older "
                         "English text — update it, then set translated_from: "
                         f'"{card.fingerprint}"')
    return lines
