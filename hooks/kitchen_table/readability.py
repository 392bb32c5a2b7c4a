"""How hard a card's (or guide's) English is to read: a warning for editors, never an error.

Uses textstat's Flesch-Kincaid grade over the card's English sentences. Families may be tired or
reading in a second language, so the aim is about grade 7 or below whatever the child's grade.
"""

from __future__ import annotations

from pathlib import Path

import textstat

from .errors import ContentError
from .library import Library
from .source import read_document
from .text import plain

GRADE_LIMIT = 7.0


def _english_line(root: Path, source: str) -> int:
    """Where the file's English begins (looked up only for the few files that get a warning)."""
    return read_document(root / source, source).line(("text", "en"))


def readability_warnings(
    library: Library, root: Path, limit: float = GRADE_LIMIT
) -> list[ContentError]:
    warnings = []
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
        grade = textstat.flesch_kincaid_grade(text)
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
        grade = textstat.flesch_kincaid_grade(" ".join(plain(s) for s in sentences))
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
