"""The year's plan in numbers: school weeks and weeks planned, how much of the library each band
uses over the year, how far apart a card comes back, and (given a built site) the bytes each
"Save for offline" keeps.

    .venv/bin/python bench/year_plan.py [built site folder]
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from kitchen_table.cli import site_languages  # noqa: E402
from kitchen_table.library import load_library  # noqa: E402
from kitchen_table.plan import school_weeks  # noqa: E402
from kitchen_table.weeks import BANDS  # noqa: E402


def main() -> int:
    languages = site_languages(ROOT / "mkdocs.yml")
    library = load_library(ROOT, languages)
    out = sys.stdout.write
    mondays = school_weeks(library.school) if library.school else []
    origins = defaultdict(int)
    for week in library.weeks:
        for band in week.packs:
            origins[week.origin.get(band, "?")] += 1
    out(
        f"school weeks: {len(mondays)}; weeks with packs: {len(library.weeks)}; "
        f"band-weeks by origin: {dict(origins)} (today {library.today})\n"
    )
    for band, grades in BANDS.items():
        suited = {a.id for a in library.activities if set(a.grades) & set(grades)}
        seen: dict[str, list[int]] = defaultdict(list)
        for index, week in enumerate(library.weeks):
            for card in week.packs.get(band, ()):
                seen[card].append(index)
        gaps = [b - a for uses in seen.values() for a, b in zip(uses, uses[1:], strict=False)]
        out(
            f"{band}: {len(seen)}/{len(suited)} suited cards used "
            f"({100 * len(seen) / max(1, len(suited)):.0f}%), "
            f"{sum(len(u) for u in seen.values())} slots; weeks between repeats: "
            f"min {min(gaps, default=0)}, median {statistics.median(gaps) if gaps else 0}\n"
        )
    if len(sys.argv) > 1:
        site = Path(sys.argv[1])
        sizes = defaultdict(list)
        for manifest in site.glob("**/weeks/*/offline.json"):
            parts = manifest.relative_to(site).parts
            language = parts[0] if parts[0] != "weeks" else languages[0]
            for entry in json.loads(manifest.read_text("utf-8"))["bands"].values():
                sizes[language].append(entry["bytes"])
        for language in languages:
            values = sizes[language]
            out(
                f"offline save {language}: {len(values)} band-weeks, "
                f"{min(values) / 1024:.0f}-{max(values) / 1024:.0f} KB "
                f"(median {statistics.median(values) / 1024:.0f} KB, uncompressed, as cached)\n"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
