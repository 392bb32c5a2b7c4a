"""The year's plan: a pack of three cards for each grade band in every school week.

Reads what content/school.yml says of the year (its first and last day, its breaks), the cards,
the weeks content/weeks.yml sets by hand and content/weeks-plan.yml, the plan as it stood when
`make check` last wrote it. No MkDocs inside.

How started weeks stay fixed without a database: content/weeks-plan.yml is committed with the
content. A week whose Monday has come (today, or KITCHEN_TABLE_TODAY=YYYY-MM-DD when pinned) keeps
the cards that file lists for it, whatever cards were added, changed or removed since; only weeks
still to come are planned afresh from the library, and `make check` rewrites the file and lists
which of them changed. A week set by hand in weeks.yml is always what weeks.yml says.

The planner is deterministic (the same content and the same started weeks give the same plan) and
walks the year week by week, choosing for each band, one card at a time, the card that
1. has not been in the band's packs in the last six weeks (when the band has too few cards for
   that, the one sent longest ago);
2. an earlier card of the band names as its `next` card;
3. adds least to the skill areas the band has had this month (skills balanced over each month);
4. needs only things found at home and is free (the cards most homes can do);
5. the band has had least often this year;
then a fixed hash of band, week and card id breaks ties. A pack lists its at-home, free cards first.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .activities import Activity
from .errors import ContentError
from .school import School
from .taxonomy import Taxonomy
from .weeks import BANDS, Week

TODAY_VARIABLE = "KITCHEN_TABLE_TODAY"
"""Pins the day the build and `make check` think it is (tests, and a preview of a later week)."""
PLAN_FILE = "content/weeks-plan.yml"
SPACING_WEEKS = 6
"""No card twice in a band within this many weeks (when the band has enough cards)."""
CARDS_PER_PACK = 3
_BREAK_KINDS = ("break", "no-school")


def today() -> datetime.date:
    """Today in UTC, or the day KITCHEN_TABLE_TODAY pins (YYYY-MM-DD)."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(
                f"{TODAY_VARIABLE}={pinned!r} is not a day — write it as YYYY-MM-DD"
            ) from None
    return datetime.datetime.now(datetime.UTC).date()


def school_weeks(school: School) -> list[datetime.date]:
    """The Monday of every week between the first and the last day of school that has at least
    one school day (Monday to Friday not inside a break or a day without school)."""
    first = next((d.start for d in school.dates if d.kind == "first-day"), None)
    last = next((d.end for d in school.dates if d.kind == "last-day"), None)
    if first is None or last is None or last < first:
        return []
    closed = {
        date.start + datetime.timedelta(days=n)
        for date in school.dates
        if date.kind in _BREAK_KINDS
        for n in range((date.end - date.start).days + 1)
    }
    mondays = []
    monday = first - datetime.timedelta(days=first.weekday())
    while monday <= last:
        days = [monday + datetime.timedelta(days=n) for n in range(5)]
        if any(first <= day <= last and day not in closed for day in days):
            mondays.append(monday)
        monday += datetime.timedelta(days=7)
    return mondays


def next_cards(activity: Activity) -> tuple[str, ...]:
    """The card(s) a card names as its `next` one (an optional field; none when absent)."""
    value = getattr(activity, "next", None)
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


@dataclass(frozen=True)
class Plan:
    weeks: tuple[Week, ...]
    warnings: tuple[ContentError, ...] = ()


def plan_year(
    school: School | None,
    activities: Sequence[Activity],
    taxonomy: Taxonomy,
    by_hand: Sequence[Week],
    kept: Sequence[Week],
    day: datetime.date,
) -> Plan:
    """Every week's packs: by hand where weeks.yml says, kept from the plan file where the week
    has started (`day` is today), planned otherwise."""
    hand = {week.start: week for week in by_hand}
    stored = {week.start: week for week in kept}
    cards = {activity.id: activity for activity in activities}
    mondays = sorted({*(school_weeks(school) if school else ()), *hand})
    planner = _Planner(activities, taxonomy)
    weeks: list[Week] = []
    warnings: list[ContentError] = []
    for monday in mondays:
        packs: dict[str, tuple[str, ...]] = {}
        origin: dict[str, str] = {}
        set_by_hand = hand[monday].packs if monday in hand else {}
        old = stored[monday].packs if monday <= day and monday in stored else {}
        for band in BANDS:
            if band in set_by_hand:
                packs[band], origin[band] = tuple(set_by_hand[band]), "hand"
            elif band in old:
                present = tuple(card for card in old[band] if card in cards)
                for card in old[band]:
                    if card not in cards:
                        warnings.append(
                            ContentError(
                                PLAN_FILE,
                                1,
                                f"{monday}.{band}",
                                f"{card} was sent in this started week but is no longer a "
                                "card — the week now shows the other cards; restore the card "
                                "file if families still use the link",
                            )
                        )
                packs[band], origin[band] = present, "kept"
            else:
                packs[band], origin[band] = planner.choose(band, monday), "planned"
            planner.record(band, monday, packs[band])
        packs = {band: ids for band, ids in packs.items() if ids}
        weeks.append(Week(monday, packs, origin={b: origin[b] for b in packs}))
    return Plan(tuple(weeks), tuple(warnings))


class _Planner:
    def __init__(self, activities: Sequence[Activity], taxonomy: Taxonomy) -> None:
        self.cards = {activity.id: activity for activity in activities}
        self.areas = {activity.id: activity.areas(taxonomy) for activity in activities}
        self.easy = {
            activity.id: activity.cost == "free"
            and all(taxonomy.materials[m].at_home for m in activity.materials)
            for activity in activities
        }
        self.suited = {
            band: sorted(a.id for a in activities if set(a.grades) & set(grades))
            for band, grades in BANDS.items()
        }
        self.last: dict[str, dict[str, datetime.date]] = defaultdict(dict)
        self.uses: dict[str, Counter[str]] = defaultdict(Counter)
        self.month: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
        self.wanted: dict[str, set[str]] = defaultdict(set)

    def choose(self, band: str, monday: datetime.date) -> tuple[str, ...]:
        load = Counter(self.month[(band, monday.year, monday.month)])
        # a card's rank is (_rank_start, the load of its areas this month, not easy, uses),
        # lowest first, the hash of _tie breaking ties. Only the load changes while a pack is
        # chosen, and it is the same for cards with the same areas: the cards are put in kinds
        # that rank alike, once, and each pick ranks the kinds (the same choice as ranking
        # every card in full)
        uses = self.uses[band]
        kinds: dict[tuple[tuple[bool, int, bool], tuple[str, ...], bool, int], list[str]] = {}
        for card in self.suited[band]:
            kind = (self._rank_start(band, monday, card), self.areas[card], self.easy[card])
            kinds.setdefault((*kind, uses[card]), []).append(card)
        ties: dict[str, str] = {}
        chosen: list[str] = []
        for _ in range(CARDS_PER_PACK):
            if not kinds:
                break
            top = min(kind[0] for kind in kinds)
            ranks = {
                kind: (sum(load[area] for area in kind[1]), not kind[2], kind[3])
                for kind in kinds
                if kind[0] == top
            }
            least = min(ranks.values())
            # the hash that breaks ties is the costly part of a rank: it is worked out only
            # for the cards tied on everything else (the same choice as ranking with it)
            tied = [(card, kind) for kind in ranks if ranks[kind] == least for card in kinds[kind]]
            for card, _kind in tied:
                if card not in ties:
                    ties[card] = self._tie(band, monday, card)
            best, its_kind = min(tied, key=lambda pair: ties[pair[0]])
            kinds[its_kind].remove(best)
            if not kinds[its_kind]:
                del kinds[its_kind]
            chosen.append(best)
            load.update(self.areas[best])
        return tuple(sorted(chosen, key=lambda card: not self.easy[card]))

    def _rank_start(self, band: str, monday: datetime.date, card: str) -> tuple[bool, int, bool]:
        """What a card's rank begins with: sent recently (and when), not wanted next."""
        last = self.last[band].get(card)
        recent = last is not None and (monday - last).days < SPACING_WEEKS * 7
        return (recent, last.toordinal() if recent and last else 0, card not in self.wanted[band])

    @staticmethod
    def _tie(band: str, monday: datetime.date, card: str) -> str:
        return hashlib.sha256(f"{band}|{monday}|{card}".encode()).hexdigest()

    def record(self, band: str, monday: datetime.date, ids: Iterable[str]) -> None:
        for card in ids:
            if card not in self.cards:
                continue
            self.last[band][card] = monday
            self.uses[band][card] += 1
            self.month[(band, monday.year, monday.month)].update(self.areas[card])
            self.wanted[band].discard(card)
            self.wanted[band].update(
                n for n in next_cards(self.cards[card]) if n in self.suited[band]
            )


def changed_weeks(
    before: Sequence[Week], after: Sequence[Week], day: datetime.date
) -> list[tuple[datetime.date, list[str]]]:
    """The weeks still to come whose packs differ between two plans: (Monday, bands)."""
    old = {week.start: week.packs for week in before}
    changes = []
    for week in after:
        if week.start <= day:
            continue
        bands = [
            band
            for band in BANDS
            if tuple(old.get(week.start, {}).get(band, ())) != tuple(week.packs.get(band, ()))
        ]
        if bands:
            changes.append((week.start, bands))
    return changes


def plan_text(weeks: Sequence[Week]) -> str:
    """content/weeks-plan.yml: every week's packs, in the form of weeks.yml."""
    lines = [
        "# yaml-language-server: $schema=schema/weeks.schema.json",
        "#",
        "# The year's plan, written by `make check`: do not edit it (set a week by hand in",
        "# weeks.yml instead), but commit it with your change. A week whose Monday has come keeps",
        "# the cards listed here, so what families were sent never changes when cards are added,",
        "# changed or removed; weeks still to come are planned again from the library.",
        "weeks:",
    ]
    # a week none of whose cards is left (every one removed) keeps nothing: it is not written,
    # so the file stays valid and the week is planned again from the cards there are
    for week in (week for week in weeks if week.packs):
        lines.append(f"  - start: {week.slug}")
        lines.append("    packs:")
        for band, ids in week.packs.items():
            lines.append(f"      {band}: [{', '.join(ids)}]")
    return "\n".join(lines) + "\n"
