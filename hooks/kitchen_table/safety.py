"""Cards that need a safety line: a warning from `make check` when a card's English mentions
water, heat, blades, cords, balloons or small objects and the card has no `safety:` line.

A warning, not an error: a word list cannot tell "use a knife" from "no knife needed", and an
editor must never be stuck with no way to pass. The reviewers' checklist (CONTRIBUTING.md)
makes the safety line required in practice, and the sample library has no such warning (a test
keeps it so).

The words are matched as whole words (or their plural), case-insensitively, in the English
title, summary, steps, talk-about prompts, easier and harder; a card's materials count too
(materials: [water] is water even when the steps say "the tub").
"""

from __future__ import annotations

import re
from pathlib import Path

from .activities import Activity
from .errors import ContentError
from .library import Library
from .source import read_document
from .text import plain

HAZARDS: dict[str, tuple[str, ...]] = {
    "water": (
        "water",
        "bath",
        "bathtub",
        "tub",
        "sink",
        "pool",
        "bucket",
        "puddle",
        "pond",
        "river",
        "lake",
        "ice",
    ),
    "heat": (
        "stove",
        "oven",
        "hot",
        "boil",
        "boiling",
        "burner",
        "kettle",
        "microwave",
        "toaster",
        "candle",
        "flame",
        "fire",
        "lighter",
    ),
    "blades": ("knife", "knives", "scissors", "blade", "razor", "peeler", "grater", "cutter"),
    "cords": ("cord", "string", "yarn", "rope", "ribbon", "shoelace", "cable", "wire", "jump rope"),
    "balloons": ("balloon",),
    "small objects": (
        "bottle cap",
        "coin",
        "bead",
        "button",
        "marble",
        "dry bean",
        "dried bean",
        "battery",
        "batteries",
        "magnet",
        "pebble",
        "small toy",
        "dice",
        "paper clip",
        "small things",
        "small objects",
    ),
}
"""Each hazard and the English words that show a card involves it. Documented in
CONTRIBUTING.md ("What a reviewer checks"): keep the two in step. Words with an everyday
second meaning stay out ("matches" as in "the answer matches", "iron" the nutrient, "cut" as in
"cut the recipe in half"): the reviewer catches those cards."""

MATERIAL_HAZARDS: dict[str, str] = {
    "water": "water",
    "scissors": "blades",
    "string": "cords",
    "coins": "small objects",
    "dry-food": "small objects",
    "dice": "small objects",
    "toys": "small objects",
}
"""Material ids (content/taxonomy.yml) that involve a hazard whatever the words say."""

EXAMPLES: dict[str, str] = {
    "water": "Stay with your child the whole time they are near water.",
    "heat": "An adult handles the stove and anything hot.",
    "blades": "Use child-safe scissors. An adult uses the knife.",
    "cords": "Never put string around the neck. Put it away after you play.",
    "balloons": "Pieces of a popped balloon can choke a child: throw them away at once.",
    "small objects": "Keep small things away from babies and toddlers: they can choke.",
}
"""What a safety line for each hazard might say: the warning's example."""

_PATTERNS = {
    hazard: re.compile(
        r"\b(?:" + "|".join(re.escape(word) for word in words) + r")(?:s|es)?\b", re.IGNORECASE
    )
    for hazard, words in HAZARDS.items()
}


_LIKE_ASCII = "\u0130\u0131\u017f\u212a"
"""İ ı ſ K: the letters a case-insensitive pattern takes for i, s or k, which lower() keeps apart
(test_safety_and_series checks that no other letter is taken for an ASCII one)."""
_AS_ASCII = str.maketrans(dict(zip(_LIKE_ASCII, "iisk", strict=True)))


def fold(words: str) -> str:
    """`words` in lowercase, every letter that _PATTERNS would match as an ASCII letter written
    as that letter: a pattern can match only where fold() has one of its hazard's words."""
    if any(letter in words for letter in _LIKE_ASCII):
        words = words.translate(_AS_ASCII)
    return words.lower()


def _may_mention(words: str) -> list[str]:
    """The hazards whose words `words` may hold (a quick look before the patterns search)."""
    folded = fold(words)
    return [hazard for hazard, said in HAZARDS.items() if any(word in folded for word in said)]


def hazards(activity: Activity) -> dict[str, list[str]]:
    """The hazards a card involves, each with the words (or material ids) that show it."""
    english = activity.texts["en"]
    words = " ".join(
        plain(piece)
        for piece in (
            english.title,
            english.summary,
            *english.steps,
            *english.talk_about,
            english.easier or "",
            english.harder or "",
        )
    )
    found: dict[str, list[str]] = {}
    for hazard in _may_mention(words):
        matches = sorted({match.group(0).lower() for match in _PATTERNS[hazard].finditer(words)})
        if matches:
            found[hazard] = [f'"{match}"' for match in matches]
    for material in activity.materials:
        if material_hazard := MATERIAL_HAZARDS.get(material):
            found.setdefault(material_hazard, []).append(f"materials: {material}")
    return found


def safety_warnings(library: Library, root: Path) -> list[ContentError]:
    """A warning for each card whose English involves a hazard and has no safety line."""
    warnings = []
    for activity in library.activities:
        if activity.texts["en"].safety:
            continue
        found = hazards(activity)
        if not found:
            continue
        shown = "; ".join(f"{hazard} ({', '.join(words)})" for hazard, words in found.items())
        line = read_document(root / activity.source, activity.source).line(("text", "en"))
        warnings.append(
            ContentError(
                activity.source,
                line,
                "text.en.safety",
                f"the card involves {shown} but has no safety line — add safety: with what keeps "
                f'the child safe, e.g. "{EXAMPLES[next(iter(found))]}" (and translate it)',
            )
        )
    return warnings
