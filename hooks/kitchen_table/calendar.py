"""The school year's calendar events, and content/calendar-versions.yml (written by `make check`).

A family adds /school-year/school-year.ics to a phone once; each later import or refresh must
change the events it already has, never add them twice. So each date of content/school.yml keeps
one UID for as long as its kind and first day stay the same (its words, in any language, may
change: the UID no longer hashes the English text), and its SEQUENCE grows by one each time its
words or its last day change. How many times an event has changed cannot be read from the
content alone: content/calendar-versions.yml records, per event, the last SEQUENCE and a
fingerprint of what it said. `make check` rewrites the file; when a build finds an event changed
since (the file not yet rewritten) it sends the recorded SEQUENCE plus one, so a calendar still
sees a newer version.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from .errors import ContentError
from .schemas import validate
from .school import School, SchoolDate
from .source import read_document

VERSIONS_FILE = "content/calendar-versions.yml"


def event_key(school: School, date: SchoolDate) -> str:
    """What names an event for good: the year, its kind and its first day."""
    return f"{school.year}-{date.kind}-{date.start.isoformat()}"


def event_fingerprint(date: SchoolDate) -> str:
    """Changes when anything a calendar shows of the event changes (any language's words, the
    last day)."""
    shown = {"end": date.end.isoformat(), "what": dict(sorted(date.what.items()))}
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def read_versions(root: Path) -> tuple[dict[str, tuple[int, str]], list[ContentError]]:
    """content/calendar-versions.yml: event key -> (sequence, fingerprint); empty when absent."""
    file = root / VERSIONS_FILE
    if not file.exists():
        return {}, []
    doc = read_document(file, VERSIONS_FILE)
    if not doc.errors:
        validate(doc, root / "content" / "schema" / "calendar-versions.schema.json")
    if doc.errors:
        return {}, list(doc.errors)
    events = doc.data["events"] or {}
    return {key: (int(v["sequence"]), str(v["fingerprint"])) for key, v in events.items()}, []


def sequences(school: School, recorded: Mapping[str, tuple[int, str]]) -> dict[str, int]:
    """Each event's SEQUENCE: as recorded when it has not changed, one more when it has, 0 for a
    new event."""
    out = {}
    for date in school.dates:
        key = event_key(school, date)
        sequence, fingerprint = recorded.get(key, (-1, ""))
        out[key] = sequence if fingerprint == event_fingerprint(date) else sequence + 1
    return out


def versions_text(school: School, recorded: Mapping[str, tuple[int, str]]) -> str:
    """The new content/calendar-versions.yml."""
    lines = [
        "# yaml-language-server: $schema=schema/calendar-versions.schema.json",
        "#",
        "# Written by `make check`: do not edit it, but commit it with content/school.yml. It",
        "# counts how often each date of the school year changed, so families' calendar apps",
        "# update the event (SEQUENCE in school-year.ics) instead of adding it twice.",
        "events:",
    ]
    numbers = sequences(school, recorded)
    for date in school.dates:
        key = event_key(school, date)
        lines += [
            f"  {key}:",
            f"    sequence: {numbers[key]}",
            f"    fingerprint: '{event_fingerprint(date)}'",
        ]
    return "\n".join(lines) + "\n"


def build_time() -> datetime.datetime:
    """When this build runs (the calendar's DTSTAMP): SOURCE_DATE_EPOCH, or midnight UTC of the
    day KITCHEN_TABLE_TODAY pins, or of today. A day, not a second: two builds of the same
    content on the same day write the same file (a preview equals a full build, parts built on
    several machines merge), and calendar apps follow SEQUENCE for changes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    pinned = os.environ.get("KITCHEN_TABLE_TODAY", "").strip()
    if pinned:
        day = datetime.date.fromisoformat(pinned)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    today = datetime.datetime.now(datetime.UTC).date()
    return datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
