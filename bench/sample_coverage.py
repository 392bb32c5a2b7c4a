"""How the sample library covers families: cards per grade, per skill area and grade band, the
share that needs only things from home, every card's reading grade (textstat's Flesch-Kincaid
over the same English sentences as `make check`), its next card and whether it has a safety line.

    .venv/bin/python bench/sample_coverage.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import textstat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kitchen_table.cli import site_languages  # noqa: E402
from kitchen_table.library import load_library  # noqa: E402
from kitchen_table.taxonomy import GRADES  # noqa: E402
from kitchen_table.text import plain  # noqa: E402

BANDS = {"PK-K": ("PK", "K"), "1-2": ("1", "2"), "3-5": ("3", "4", "5"), "6-8": ("6", "7", "8")}


def main() -> None:
    library = load_library(ROOT, site_languages(ROOT / "mkdocs.yml"))
    cards = library.activities
    out = sys.stdout
    out.write(
        f"cards: {len(cards)}\nper grade: "
        + ", ".join(f"{g} {sum(g in a.grades for a in cards)}" for g in GRADES)
        + "\n"
    )
    out.write(f"{'area':<18}" + "".join(f"{band:>6}" for band in BANDS) + "\n")
    for area in library.taxonomy.areas:
        counts = [
            sum(
                1
                for a in cards
                if area.id in a.areas(library.taxonomy) and set(a.grades) & set(grades)
            )
            for grades in BANDS.values()
        ]
        out.write(f"{area.id:<18}" + "".join(f"{n:>6}" for n in counts) + "\n")
    home = sum(all(library.taxonomy.materials[m].at_home for m in a.materials) for a in cards)
    out.write(f"only things from home: {home}/{len(cards)}\n")
    fresh = sum(
        all(a.is_translated(lang) and not a.is_stale(lang) for lang in library.languages)
        for a in cards
    )
    out.write(f"in all {len(library.languages)} languages, none stale: {fresh}/{len(cards)}\n\n")
    for a in cards:
        english = a.texts["en"]
        words = " ".join(
            plain(s)
            for s in [
                english.summary,
                *english.steps,
                *english.talk_about,
                english.why_it_matters,
                english.tell_the_teacher,
            ]
        )
        grade = textstat.flesch_kincaid_grade(words)
        out.write(
            f"{a.id:<30} {','.join(a.grades):<10} grade {grade:4.1f}"
            f"  safety {'yes' if english.safety else 'no ':<3}  next {a.next or '-'}\n"
        )


if __name__ == "__main__":
    main()
