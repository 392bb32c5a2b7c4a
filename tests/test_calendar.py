"""school-year.ics updates cleanly: a family's calendar app changes an event it already has
instead of adding it twice. Read with icalendar, with vobject (a second parser) and against
RFC 5545's line rules."""

from __future__ import annotations

import dataclasses
import datetime
import re
import sys
from pathlib import Path

import icalendar
import pytest
import vobject
from conftest import ROOT
from kitchen_table.calendar import event_key, sequences, versions_text
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library

sys.path.insert(0, str(ROOT / "hooks"))
from guides import school_calendar  # noqa: E402

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
SCHOOL = LIBRARY.school
STAMP = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)


def events(school, versions, language="en") -> dict[str, icalendar.Event]:
    raw = school_calendar(school, language, "https://example.org/kt/", versions, STAMP).to_ical()
    return {str(e["uid"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}


def recorded(school, before=None) -> dict[str, tuple[int, str]]:
    """What `make check` would write into content/calendar-versions.yml."""
    import yaml

    data = yaml.safe_load(versions_text(school, before or {}))["events"]
    return {key: (value["sequence"], value["fingerprint"]) for key, value in data.items()}


def test_new_words_keep_the_uid_and_raise_the_sequence() -> None:
    assert SCHOOL is not None
    first = recorded(SCHOOL)
    before = events(SCHOOL, first)
    moved = list(SCHOOL.dates)
    moved[2] = dataclasses.replace(moved[2], what={**moved[2].what, "en": "Family conferences"})
    changed = dataclasses.replace(SCHOOL, dates=tuple(moved))
    after = events(changed, first)  # a build before make check rewrote the file
    assert set(after) == set(before)  # the same UIDs: updated, not doubled
    uid = f"{event_key(SCHOOL, SCHOOL.dates[2])}@example.org"
    assert int(after[uid]["sequence"]) == int(before[uid]["sequence"]) + 1
    assert str(after[uid]["summary"]) == "Family conferences"
    for other in set(before) - {uid}:
        assert after[other]["sequence"] == before[other]["sequence"]
    # make check records the change; the next build says the same, and the next change is +2
    second = recorded(changed, first)
    assert events(changed, second)[uid]["sequence"] == after[uid]["sequence"]
    again = list(changed.dates)
    again[2] = dataclasses.replace(again[2], what={**again[2].what, "es": "Reuniones"})
    assert (
        sequences(dataclasses.replace(changed, dates=tuple(again)), second)[
            event_key(SCHOOL, SCHOOL.dates[2])
        ]
        == 2
    )


def test_dtstamp_is_the_build_time_and_pinned_builds_match(monkeypatch) -> None:
    from kitchen_table.calendar import build_time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("KITCHEN_TABLE_TODAY", "2026-12-04")
    assert build_time() == STAMP
    monkeypatch.delenv("KITCHEN_TABLE_TODAY")
    today = datetime.datetime.now(datetime.UTC).date()
    # unpinned: the day of the build, so two builds of one day write the same calendar
    assert build_time() == datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)


@pytest.mark.parametrize("language", ["en", "ar", "zh"])
def test_the_built_calendar_reads_in_a_second_strict_parser(site: Path, language: str) -> None:
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    raw = (site / prefix / "school-year" / "school-year.ics").read_bytes()
    # RFC 5545 3.1: CRLF line ends, lines of at most 75 octets, folded lines start with a space
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
    text = raw.decode("utf-8")
    parsed = vobject.readOne(text, validate=True)
    vevents = parsed.vevent_list
    assert len(vevents) == len(SCHOOL.dates)
    uids = [event.uid.value for event in vevents]
    assert len(set(uids)) == len(uids)
    for event, day in zip(vevents, SCHOOL.dates, strict=True):
        assert event.dtstart.value == day.start
        assert event.summary.value == day.what_in(language)
        assert int(event.sequence.value) >= 0
        stamp = event.dtstamp.value
        assert stamp.tzinfo is not None and stamp <= datetime.datetime.now(datetime.UTC)
        assert re.fullmatch(r"\d{4}-\d{4}-[a-z-]+-\d{4}-\d{2}-\d{2}@[\w.-]+", event.uid.value)
    # the same content, the same UIDs and sequences in every language's file
    english = vobject.readOne((site / "school-year" / "school-year.ics").read_text("utf-8"))
    assert [(e.uid.value, e.sequence.value) for e in english.vevent_list] == [
        (e.uid.value, e.sequence.value) for e in vevents
    ]


def test_the_committed_versions_file_is_up_to_date() -> None:
    """make check writes content/calendar-versions.yml; a change to school.yml without it would
    still raise the SEQUENCE, but the file should be committed with the change."""
    text = (ROOT / "content/calendar-versions.yml").read_text("utf-8")
    assert text == versions_text(SCHOOL, LIBRARY.calendar_versions)
