"""content/school.yml: the school's own details and the dates of its school year.

Guides show the details through placeholders such as {school.office_phone}, so a school adapts
every guide by editing this one file. The schema checks the form; here are the rules it cannot
express: dates are real days, an end is not before its start, the dates are in order and lie in
the school year named by `year`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .schemas import validate
from .source import Document, read_document
from .translation_model import not_a_language

_DAY_FORM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DETAILS = (
    "name",
    "short_name",
    "office_phone",
    "attendance_phone",
    "email",
    "address",
    "enrollment_office",
    "lunch_application",
)
"""The details a guide may show: {school.<detail>}."""


@dataclass(frozen=True)
class SchoolDate:
    kind: str
    """first-day, last-day, conferences, break, no-school, early-dismissal, testing or event."""
    start: datetime.date
    end: datetime.date
    """The last day (the same as start for a single day)."""
    what: Mapping[str, str]
    """What happens, per language (en always)."""

    def what_in(self, language: str) -> str:
        return self.what.get(language) or self.what["en"]


@dataclass(frozen=True)
class School:
    source: str
    details: Mapping[str, str]
    year: str
    dates: tuple[SchoolDate, ...]
    side_by_side: tuple[str, ...] = ()
    """Languages whose weekly paper packs print each activity beside its English."""

    def placeholders(self) -> dict[str, str]:
        """{school.x} -> its value, for every detail a guide may use."""
        return {f"school.{name}": value for name, value in self.details.items()}


def read_school(
    file: Path, root: Path, schema: Path, languages: tuple[str, ...]
) -> tuple[School | None, list[ContentError], list[ContentError]]:
    """The school, its errors, and its warnings (a date without words in a site language)."""
    display = file.relative_to(root).as_posix()
    if not file.exists():
        return None, [], []  # optional: a site of activity cards only needs no school file
    doc = read_document(file, display)
    if not doc.errors:
        validate(doc, schema)
        _check_dates(doc, languages)
        _check_booklets(doc, languages)
    if doc.errors:
        return None, doc.errors, []
    data = doc.data
    details = {name: str(data[name]).strip() for name in DETAILS if name in data}
    details.setdefault("attendance_phone", details["office_phone"])
    dates = tuple(
        SchoolDate(
            kind=entry["kind"],
            start=_day(entry["start"]),
            end=_day(entry.get("end") or entry["start"]),
            what={lang: text.strip() for lang, text in entry["what"].items()},
        )
        for entry in data["dates"]
    )
    warnings = []
    for index, entry in enumerate(data["dates"]):
        missing = [lang for lang in languages if lang not in entry["what"]]
        if missing:
            warnings.append(
                ContentError(
                    display,
                    doc.line(("dates", index, "what")),
                    f"dates[{index}].what",
                    f"no words in {', '.join(missing)} yet — English is shown; add "
                    f"{missing[0]}: ...",
                )
            )
    side_by_side = tuple((data.get("booklets") or {}).get("side_by_side") or ())
    return School(display, details, str(data["year"]), dates, side_by_side), [], warnings


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _check_booklets(doc: Document, languages: tuple[str, ...]) -> None:
    booklets = doc.data.get("booklets") if isinstance(doc.data, dict) else None
    chosen = booklets.get("side_by_side") if isinstance(booklets, dict) else None
    for index, language in enumerate(chosen if isinstance(chosen, list) else ()):
        if isinstance(language, str) and language not in languages[1:]:
            doc.error(
                ("booklets", "side_by_side", index),
                f'"{language}" is not a language to print beside {languages[0]} — use one of '
                f"{', '.join(languages[1:])}",
            )


def _check_dates(doc: Document, languages: tuple[str, ...]) -> None:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("dates"), list):
        return
    year = data.get("year")
    first_year = int(year[:4]) if isinstance(year, str) and year[:4].isdigit() else None
    if (
        isinstance(year, str)
        and first_year is not None
        and year[5:].isdigit()
        and int(year[5:]) != first_year + 1
    ):
        doc.error(
            ("year",), f'"{year}" is not two years in a row — write "{first_year}-{first_year + 1}"'
        )
        first_year = None
    previous: datetime.date | None = None
    for index, entry in enumerate(data["dates"]):
        if not isinstance(entry, dict):
            continue
        days = {}
        for name in ("start", "end"):
            value = entry.get(name)
            if not isinstance(value, str) or not _DAY_FORM.match(value):
                continue  # the schema has said what is wrong
            try:
                days[name] = _day(value)
            except ValueError:
                doc.error(
                    ("dates", index, name),
                    f'"{value}" is not a day of the calendar — '
                    "check the month (01-12) and the day of the month",
                )
        start, end = days.get("start"), days.get("end")
        if start and end and end < start:
            doc.error(
                ("dates", index, "end"),
                f"{end} is before the start, {start} — write the "
                "last day of the break, or delete end: for a single day",
            )
        if (
            start
            and first_year is not None
            and not (
                datetime.date(first_year, 7, 1) <= start <= datetime.date(first_year + 1, 6, 30)
            )
        ):
            doc.error(
                ("dates", index, "start"),
                f"{start} is outside the school year {year} "
                f"(July {first_year} to June {first_year + 1}) — check the year",
            )
        if start and previous and start < previous:
            doc.error(
                ("dates", index, "start"),
                f"{start} comes before the date above it "
                f"({previous}) — keep the dates in the order they happen",
            )
        if start:
            previous = start
        what = entry.get("what")
        if isinstance(what, dict):
            for language in what:
                if language not in languages:
                    doc.error(
                        ("dates", index, "what", language),
                        not_a_language(language, languages, text_block=False),
                    )
