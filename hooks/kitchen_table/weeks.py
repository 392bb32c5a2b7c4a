"""content/weeks.yml: the weekly rhythm — three activity cards a week for each grade band.

The schema (content/schema/weeks.schema.json) checks the form; here are the rules it cannot
express: a start is a real Monday, weeks are in order and each appears once, every id is a card
in content/activities/, and every card suits the band (it has at least one of the band's grades).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .activities import Activity
from .errors import ContentError
from .schemas import validate
from .source import Document, read_document

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

BANDS: dict[str, tuple[str, ...]] = {
    "PK-K": ("PK", "K"),
    "1-2": ("1", "2"),
    "3-5": ("3", "4", "5"),
    "6-8": ("6", "7", "8"),
}
"""The grade bands of the weekly packs, and the grades each one holds."""


@dataclass(frozen=True)
class Week:
    start: datetime.date
    packs: Mapping[str, tuple[str, ...]]
    """Band -> three activity ids, in the order to send them."""
    origin: Mapping[str, str] = field(default_factory=dict)
    """Band -> "hand" (set in weeks.yml), "kept" (a started week, as content/weeks-plan.yml
    has it) or "planned" (chosen from the library; may change until the week starts)."""

    @property
    def slug(self) -> str:
        return self.start.isoformat()


def read_weeks(
    file: Path, root: Path, schema: Path, activities: list[Activity], *, cards: bool = True
) -> tuple[tuple[Week, ...], list[ContentError]]:
    """The weeks of content/weeks.yml (none when there is no file), and every mistake in it.
    `activities` are the valid cards; an id of a card file with mistakes of its own is not
    reported again here. `cards=False` (content/weeks-plan.yml, written by `make check`): the
    ids are what was planned then, and a card removed since is not a mistake."""
    if not file.exists():
        return (), []
    doc = read_document(file, file.relative_to(root).as_posix())
    if not doc.errors:
        validate(doc, schema)
    if isinstance(doc.data, dict) and isinstance(doc.data.get("weeks"), list):
        # the rules beyond the schema too, so an editor sees every mistake at once
        broken = {card.stem for card in (root / "content" / "activities").glob("*.yml")}
        _check(doc, {activity.id: activity for activity in activities}, broken, cards_too=cards)
    if doc.errors:
        return (), list(doc.errors)
    weeks = tuple(
        Week(
            datetime.date.fromisoformat(entry["start"]),
            {band: tuple(entry["packs"][band]) for band in BANDS if band in entry["packs"]},
        )
        for entry in doc.data["weeks"]
    )
    return weeks, []


def _check(
    doc: Document, cards: Mapping[str, Activity], files: set[str], *, cards_too: bool = True
) -> None:
    previous: datetime.date | None = None
    for index, entry in enumerate(doc.data["weeks"]):
        if not isinstance(entry, dict):
            continue  # the schema has said what is wrong
        if cards_too:
            _check_packs(doc, index, entry.get("packs"), cards, files)
        if not isinstance(entry.get("start"), str) or not _DAY.match(entry["start"]):
            continue
        try:
            start = datetime.date.fromisoformat(entry["start"])
        except ValueError:
            doc.error(
                ("weeks", index, "start"),
                f"{entry['start']} is not a real day — check the month and the day (YYYY-MM-DD)",
            )
            continue
        if start.weekday() != 0:
            monday = start - datetime.timedelta(days=start.weekday())
            doc.error(
                ("weeks", index, "start"),
                f"{start} is a {start.strftime('%A')}, not a Monday — write the Monday the "
                f"week starts: {monday}",
            )
        if previous is not None and start <= previous:
            doc.error(
                ("weeks", index, "start"),
                f"{start} does not come after the week before ({previous}) — keep the "
                "weeks in date order, each once",
            )
        previous = start


def _check_packs(
    doc: Document, index: int, packs: object, cards: Mapping[str, Activity], files: set[str]
) -> None:
    if not isinstance(packs, dict):
        return
    for band, ids in packs.items():
        if band not in BANDS or not isinstance(ids, list):
            continue
        for position, card_id in enumerate(ids):
            card = cards.get(card_id) if isinstance(card_id, str) else None
            if not isinstance(card_id, str) or (card is None and card_id in files):
                continue  # the schema, or the card's own file, says what is wrong
            where = ("weeks", index, "packs", band, position)
            if card is None:
                close = difflib.get_close_matches(card_id, list(cards), n=1, cutoff=0.6)
                hint = (
                    f"did you mean {close[0]}?"
                    if close
                    else "use the name of a file in content/activities/ without .yml"
                )
                doc.error(where, f'"{card_id}" is not an activity card — {hint}')
            elif not set(card.grades) & set(BANDS[band]):
                doc.error(
                    where,
                    f"{card_id} is for grades {', '.join(card.grades)}, not for "
                    f"grades {band} — choose a card for {band}",
                )
