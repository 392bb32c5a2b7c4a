"""How hard a card's (or guide's) English is to read: a warning for editors, never an error.

The Flesch-Kincaid grade over the card's English sentences, worked out as textstat 0.7.3 does it
(its syllables are pyphen's en_US hyphenation points; tests/test_readability_grade.py holds the
two equal). Not textstat itself: importing it loads pkg_resources, about a quarter of a second
of every `make check`, and it counts each word's syllables again in every card. Families may be
tired or reading in a second language, so the aim is about grade 7 or below whatever the
child's grade.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from .errors import ContentError
from .library import Library
from .source import read_document
from .text import plain

GRADE_LIMIT = 7.0

_PUNCTUATION = re.compile(r"[^\w\s]")
"""What textstat's remove_punctuation takes out (with its rm_apostrophe=True, the default)."""
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


_WORD_CHARACTER = re.compile(r"\w")


def _more_than_two_words(sentence: str) -> bool:
    """len(_PUNCTUATION.sub("", sentence).split()) > 2, looking no further than needed: taking
    out punctuation leaves the spaces, so a word is a part between spaces with a \\w in it."""
    words = 0
    for part in sentence.split():
        if part.isalnum() or _WORD_CHARACTER.search(part):
            words += 1
            if words > 2:
                return True
    return False


def _rounded(number: float, points: int) -> float:
    """textstat's _legacy_round: half away from zero."""
    scale = 10**points
    return float(math.floor(number * scale + math.copysign(0.5, number))) / scale


class Grader:
    """Flesch-Kincaid grades, each word's syllables counted once for all the texts graded."""

    def __init__(self) -> None:
        from pyphen import Pyphen  # loads its dictionary: only when something is graded

        self._positions = Pyphen(lang="en_US").positions
        self._syllables: dict[str, int] = {}

    def _word_syllables(self, word: str) -> int:
        count = self._syllables.get(word)
        if count is None:
            count = self._syllables[word] = len(self._positions(word)) + 1
        return count

    def grade(self, text: str) -> float:
        """textstat.flesch_kincaid_grade(text)."""
        words = len(_PUNCTUATION.sub("", text).split())
        sentences = _SENTENCE.findall(text)
        short = sum(not _more_than_two_words(sentence) for sentence in sentences)
        sentence_length = _rounded(words / max(1, len(sentences) - short), 1)
        syllables = sum(
            self._word_syllables(word) for word in _PUNCTUATION.sub("", text.lower()).split()
        )
        syllables_per_word = _rounded(syllables / words, 1) if words else 0.0
        return _rounded(float(0.39 * sentence_length) + float(11.8 * syllables_per_word) - 15.59, 1)


def _english_line(root: Path, source: str) -> int:
    """Where the file's English begins (looked up only for the few files that get a warning)."""
    return read_document(root / source, source).line(("text", "en"))


def readability_warnings(
    library: Library, root: Path, limit: float = GRADE_LIMIT
) -> list[ContentError]:
    warnings = []
    grader = Grader()
    for activity in library.activities:
        english = activity.texts["en"]
        sentences = [
            english.summary,
            *english.steps,
            *english.talk_about,
            english.why_it_matters,
            english.tell_the_teacher,
        ]
        text = " ".join(plain(sentence) for sentence in sentences)
        grade = grader.grade(text)
        if grade > limit:
            warnings.append(
                ContentError(
                    activity.source,
                    _english_line(root, activity.source),
                    "text.en",
                    f"reads at about grade {grade:.1f} — shorter sentences and everyday words help "
                    f"families (aim for grade {limit:.0f} or below)",
                )
            )
    for guide in library.guides:
        guide_english = guide.texts["en"]
        sentences = [guide_english.summary, *guide_english.questions]
        for section in guide_english.sections:
            sentences += [section.body, *section.points]
        grade = grader.grade(" ".join(plain(s) for s in sentences))
        if grade > limit:
            warnings.append(
                ContentError(
                    guide.source,
                    _english_line(root, guide.source),
                    "text.en",
                    f"reads at about grade {grade:.1f} — shorter sentences and everyday words help "
                    f"families (aim for grade {limit:.0f} or below)",
                )
            )
    return warnings
