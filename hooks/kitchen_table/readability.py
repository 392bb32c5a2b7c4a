"""How hard a card's (or guide's) English is to read: a warning for editors, never an error.

The Flesch-Kincaid grade over the card's English sentences, worked out as textstat 0.7.3 does it
(its syllables are pyphen's en_US hyphenation points, read from pyphen's dictionary file as
pyphen reads it; tests/test_readability_grade.py holds both equal). Not textstat itself:
importing it loads pkg_resources, about a quarter of a second of every `make check`, and it
counts each word's syllables again in every card; nor pyphen's import, which lists every
dictionary it ships, and its reading of the file, twice as slow. Families may be
tired or reading in a second language, so the aim is about grade 7 or below whatever the
child's grade.
"""

from __future__ import annotations

import importlib.util
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


_DIGIT = re.compile(r"\d")
_IGNORED = (
    "%",
    "#",
    "LEFTHYPHENMIN",
    "RIGHTHYPHENMIN",
    "COMPOUNDLEFTHYPHENMIN",
    "COMPOUNDRIGHTHYPHENMIN",
)
"""The lines of a hyph_*.dic that are not patterns (pyphen's `ignored`)."""


def dictionary_file() -> Path:
    """pyphen's en_US hyphenation dictionary, found without importing pyphen (its import reads
    the list of every dictionary it ships)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyphen is not installed: run make install")
    return Path(list(spec.submodule_search_locations)[0]) / "dictionaries" / "hyph_en_US.dic"


def hyphenation_patterns(file: Path) -> dict[str, tuple[int, tuple[int, ...]]]:
    """The patterns of a hyph_*.dic as pyphen's HyphDict holds them (tests compare the two):
    letters -> (offset of the first non-zero value, the values from there to the last)."""
    lines = file.read_bytes().split(b"\n")
    encoding = lines[0].decode().strip()
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for raw in lines[1:]:
        pattern = raw.decode(encoding).strip()
        if not pattern or pattern.startswith(_IGNORED):
            continue
        if "^^" in pattern or ("/" in pattern and "=" in pattern):
            raise ValueError(f"{file.name}: a pattern pyphen reads in its own way: {pattern}")
        letters = _DIGIT.sub("", pattern)
        values = [0] * (len(letters) + 1)
        for before, digit in enumerate(_DIGIT.finditer(pattern)):
            values[digit.start() - before] = int(digit.group())
        if max(values) == 0:
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns[letters] = start, tuple(values[start:end])
    return patterns


class Grader:
    """Flesch-Kincaid grades, each word's syllables counted once for all the texts graded."""

    def __init__(self) -> None:
        self._patterns = hyphenation_patterns(dictionary_file())
        self._longest = max(len(letters) for letters in self._patterns)
        self._syllables: dict[str, int] = {}

    def positions(self, word: str) -> list[int]:
        """pyphen's Pyphen(lang="en_US").positions(word) (left and right 2): where the word may
        be hyphenated."""
        pointed = f".{word.lower()}."
        references = [0] * (len(pointed) + 1)
        for i in range(len(pointed) - 1):
            stop = min(i + self._longest, len(pointed)) + 1
            for j in range(i + 1, stop):
                pattern = self._patterns.get(pointed[i:j])
                if not pattern:
                    continue
                offset, values = pattern
                part = slice(i + offset, i + offset + len(values))
                references[part] = map(max, values, references[part])
        right = len(word) - 2
        return [
            i - 1 for i, reference in enumerate(references) if reference % 2 and 2 <= i - 1 <= right
        ]

    def _word_syllables(self, word: str) -> int:
        count = self._syllables.get(word)
        if count is None:
            count = self._syllables[word] = len(self.positions(word)) + 1
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
