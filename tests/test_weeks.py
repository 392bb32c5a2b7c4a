"""content/weeks.yml: the weekly packs. Golden cases in tests/golden/weeks/<case>.yml hold a
weeks.yml that goes in and the exact errors (file:line: field: problem) that must come out,
checked against the sample library's cards."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

GOLDEN = Path(__file__).parent / "golden" / "weeks"
CASES = sorted(GOLDEN.glob("*.yml"))
LANGUAGES = site_languages(ROOT / "mkdocs.yml")


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)


def errors_for(tmp_path: Path, weeks: str) -> list[str]:
    content = tmp_path / "content"
    for name in ("schema", "strings", "activities", "guides"):
        shutil.copytree(ROOT / "content" / name, content / name)
    for name in ("taxonomy.yml", "school.yml", "glossary.yml"):
        shutil.copy2(ROOT / "content" / name, content / name)
    (content / "weeks.yml").write_text(weeks, encoding="utf-8")
    try:
        load_library(tmp_path, LANGUAGES)
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    golden = yaml.safe_load(case.read_text(encoding="utf-8"))
    actual = errors_for(tmp_path, golden["weeks"])
    if request.config.getoption("--update-golden"):
        golden["errors"] = actual
        golden["weeks"] = _Literal(golden["weeks"])
        case.write_text(
            yaml.safe_dump(
                golden, allow_unicode=True, sort_keys=False, width=100, default_style=None
            ),
            encoding="utf-8",
        )
    assert actual == golden["errors"]


def test_the_sample_weeks_are_valid() -> None:
    library = load_library(ROOT, LANGUAGES)
    assert len(library.weeks) >= 4
    for week in library.weeks:
        assert week.start.weekday() == 0
        assert all(len(ids) == 3 for ids in week.packs.values())


# -- the year's plan (kitchen_table.plan) ------------------------------------------------------

SAMPLE = load_library(ROOT, LANGUAGES)


def _plan(activities, kept=(), day=None):
    from kitchen_table.plan import plan_year
    from kitchen_table.weeks import read_weeks

    by_hand, errors = read_weeks(
        ROOT / "content/weeks.yml",
        ROOT,
        ROOT / "content/schema/weeks.schema.json",
        list(activities),
    )
    assert not errors
    return plan_year(
        SAMPLE.school, activities, SAMPLE.taxonomy, by_hand, kept, day or datetime.date(2026, 12, 4)
    )


def test_every_school_week_has_three_suited_cards_per_band() -> None:
    from kitchen_table.plan import school_weeks
    from kitchen_table.weeks import BANDS

    mondays = school_weeks(SAMPLE.school)
    first = next(d.start for d in SAMPLE.school.dates if d.kind == "first-day")
    last = next(d.end for d in SAMPLE.school.dates if d.kind == "last-day")
    assert mondays[0] <= first < mondays[0] + datetime.timedelta(days=7)
    assert mondays[-1] <= last < mondays[-1] + datetime.timedelta(days=7)
    breaks = [d for d in SAMPLE.school.dates if d.kind == "break"]
    for monday in mondays:  # a week wholly inside a break is not a school week
        assert not any(
            b.start <= monday and monday + datetime.timedelta(days=4) <= b.end for b in breaks
        )
    whole = [b for b in breaks if (b.end - b.start).days >= 4]
    assert whole and all(
        b.start - datetime.timedelta(days=b.start.weekday()) not in mondays for b in whole
    )
    plan = _plan(SAMPLE.activities).weeks
    assert [week.start for week in plan] == mondays
    for week in plan:
        assert set(week.packs) == set(BANDS)
        for band, ids in week.packs.items():
            assert len(set(ids)) == 3
            for card in ids:
                assert set(SAMPLE.activity(card).grades) & set(BANDS[band]), (week.slug, card)


def test_a_week_set_by_hand_is_what_weeks_yml_says() -> None:
    from kitchen_table.weeks import read_weeks

    by_hand, _ = read_weeks(
        ROOT / "content/weeks.yml",
        ROOT,
        ROOT / "content/schema/weeks.schema.json",
        list(SAMPLE.activities),
    )
    plan = {week.start: week for week in _plan(SAMPLE.activities).weeks}
    for week in by_hand:
        for band, ids in week.packs.items():
            assert plan[week.start].packs[band] == ids
            assert plan[week.start].origin[band] == "hand"


def test_the_plan_is_the_same_every_time_and_spaces_cards_out() -> None:
    from kitchen_table.weeks import BANDS

    first, second = _plan(SAMPLE.activities).weeks, _plan(SAMPLE.activities).weeks
    assert first == second
    # planned weeks never repeat a card of the week before, and use every suited card
    for band in BANDS:
        suited = {a.id for a in SAMPLE.activities if set(a.grades) & set(BANDS[band])}
        used = {card for week in first for card in week.packs[band]}
        assert used == suited, band
        for before, week in zip(first, first[1:], strict=False):
            if week.origin[band] == "planned":
                assert not set(before.packs[band]) & set(week.packs[band]), (week.slug, band)


def test_started_weeks_keep_their_cards_when_cards_are_added_or_removed() -> None:
    day = datetime.date(2026, 12, 4)
    written = _plan(SAMPLE.activities, day=day).weeks
    # a new card for every grade, and a card taken away that started weeks used
    new = dataclasses.replace(
        SAMPLE.activities[0],
        id="a-new-card",
        grades=("PK", "K", "1", "2", "3", "4", "5", "6", "7", "8"),
    )
    gone = written[0].packs["PK-K"][0]
    changed = [a for a in SAMPLE.activities if a.id != gone] + [new]
    again = _plan(changed, kept=written, day=day)
    started = [w for w in written if w.start <= day]
    assert started and len(started) < len(written)
    for before, after in zip(written, again.weeks, strict=True):
        if before.start <= day:
            expected = {
                b: tuple(c for c in ids if c != gone or after.origin[b] == "hand")
                for b, ids in before.packs.items()
            }
            assert after.packs == expected, before.slug
    assert any(
        "a-new-card" in ids for w in again.weeks if w.start > day for ids in w.packs.values()
    )
    assert any(gone in warning.problem for warning in again.warnings)  # make check says so
    # without the plan file the new card would have changed started weeks: the file is needed
    assert _plan(changed, day=day).weeks[: len(started)] != again.weeks[: len(started)]


def test_a_next_card_comes_in_a_later_week() -> None:
    cards = list(SAMPLE.activities)
    band_cards = [a for a in cards if "3" in a.grades]
    first, follow = band_cards[0], band_cards[1]

    class WithNext:  # the optional `next:` field, whether or not the card model has it yet
        def __init__(self, card, following):
            self._card, self.next = card, following

        def __getattr__(self, name):
            return getattr(self._card, name)

    cards[cards.index(first)] = WithNext(first, follow.id)
    plan = _plan(cards, day=datetime.date(2026, 8, 1)).weeks
    weeks_with = [i for i, w in enumerate(plan) if first.id in w.packs["3-5"]]
    after = weeks_with[0] + 1
    assert follow.id in plan[after].packs["3-5"] or follow.id in plan[after + 1].packs["3-5"]


def test_make_check_lists_the_weeks_still_to_come_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kitchen_table import cli

    for name in ("content", "mkdocs.yml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / name)
    monkeypatch.setenv("KITCHEN_TABLE_TODAY", "2026-12-04")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "content/weeks-plan.yml").unlink(missing_ok=True)
    assert cli.check(tmp_path) == 0
    plan_file = (tmp_path / "content/weeks-plan.yml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.check(tmp_path) == 0
    assert "no week still to come changed" in capsys.readouterr().out
    card = tmp_path / "content/activities/spoon-count.yml"
    shutil.copy2(card, tmp_path / "content/activities/spoon-count-again.yml")
    text = (tmp_path / "content/activities/spoon-count-again.yml").read_text(encoding="utf-8")
    (tmp_path / "content/activities/spoon-count-again.yml").write_text(
        text.replace("id: spoon-count", "id: spoon-count-again"), encoding="utf-8"
    )
    assert cli.check(tmp_path) == 0
    out = capsys.readouterr().out
    changed = [line for line in out.splitlines() if line.strip().startswith("changed: week of")]
    assert changed and all(line.split("week of ")[1][:10] > "2026-12-04" for line in changed)
    after = (tmp_path / "content/weeks-plan.yml").read_text(encoding="utf-8")
    assert after != plan_file
    started = plan_file.split("  - start: 2026-12-07")[0]
    assert after.startswith(started)


def test_band_names_say_grades_once_in_every_language() -> None:
    """ "Grades Grade 1 – Grade 2" / "Grados 1.er grado – 2.º grado" no more: a band's name is
    its own words in each language, and names no grade word twice."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    from kitchen_site.booklets import band_label
    from kitchen_table.weeks import BANDS

    for language in LANGUAGES:
        grade_word = {
            "en": "Grade",
            "es": "grado",
            "zh": "年级",
            "vi": "Lớp",
            "ar": "الصف",
            "ht": "Klas",
            "so": "Fasal",
            "pt": "ano",
        }[language]
        labels = [band_label(SAMPLE, band, language) for band in BANDS]
        assert len(set(labels)) == len(BANDS), language
        for label in labels:
            assert label.count(grade_word) <= 1, (language, label)
            assert label.lower().count(grade_word.lower()) <= 1, (language, label)
