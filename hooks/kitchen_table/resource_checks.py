"""content/resources/<id>.yml read and checked: every community resource, or every mistake in
any of them, and the notices of listings not checked with the service recently.

The schema (content/schema/resource.schema.json) checks each file's form, aligned with the Open
Referral Human Services Data Specification (HSDS 3). Here are the rules a schema cannot express:
the id is the file name, ids are unique, category / languages / documents / access exist in
content/taxonomy.yml, the position is inside the service area, hours close after they open,
`last_verified` is a real day not in the future, a paid service says what it costs, and every
translation records the English it was made from (translation_model.py). The month names of
content/strings, which every resource page's dates use, are twelve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from .errors import ContentError
from .resource_settings import ResourceSettings
from .resources import DAYS, FIELDS, RESERVED_IDS, OpeningHours, Resource, ResourceText
from .schemas import validate
from .source import Document, check_id, content_files, id_clash, read_document
from .taxonomy import Taxonomy
from .text import address_problem, link_problems
from .translation_model import check_translations


def read_resources(
    folder: Path,
    root: Path,
    schema: Path,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    settings: ResourceSettings,
) -> tuple[list[Resource], list[ContentError], list[ContentError]]:
    """Every resource in `folder`, every mistake in any of them, and the out-of-date notices."""
    resources: list[Resource] = []
    errors: list[ContentError] = []
    notices: list[ContentError] = []
    seen: dict[str, str] = {}
    for file, display in content_files(folder, root, errors):
        doc = read_document(file, display)
        if not doc.errors:
            validate(doc, schema)
            _check_resource(doc, file.stem, taxonomy, languages, settings)
        if clash := id_clash(file, display, seen):
            doc.error(("id",), clash)
        if doc.errors:
            errors.extend(doc.errors)
            continue
        resource = _resource(doc, file.stem, settings)
        if resource.out_of_date:
            notices.append(
                ContentError(
                    display,
                    doc.line(("last_verified",)),
                    "last_verified",
                    f"{resource.last_verified.isoformat()} is more than "
                    f'{settings.verified_within_months} months ago, so the site shows "may be out '
                    "of date\" — check the details with the service, then write today's date",
                )
            )
        resources.append(resource)
    return resources, errors, notices


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last))


def _check_resource(
    doc: Document,
    stem: str,
    taxonomy: Taxonomy | None,
    languages: tuple[str, ...],
    settings: ResourceSettings,
) -> None:
    data = doc.data
    if not isinstance(data, dict):
        return  # the schema has said what is wrong
    check_id(
        doc,
        stem,
        reserved=RESERVED_IDS,
        reserved_for="the resources list pages",
        example="maple-hollow-food-pantry.yml",
    )
    if taxonomy is not None:
        _check_references(doc, taxonomy)
    _check_place(doc, settings)
    _check_hours(doc)
    verified = data.get("last_verified")
    if isinstance(verified, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", verified):
        try:
            day = dt.date.fromisoformat(verified)
        except ValueError:
            doc.error(
                ("last_verified",),
                f'"{verified}" is not a day of the calendar — write '
                "the date as YYYY-MM-DD, e.g. 2026-09-14",
            )
        else:
            if day > settings.today:
                doc.error(
                    ("last_verified",),
                    f"{verified} is in the future — write the day the "
                    "details were checked (today at the latest)",
                )
    texts = data.get("text")
    if (
        data.get("free") is False
        and isinstance(texts, dict)
        and isinstance(texts.get("en"), dict)
        and not texts["en"].get("fees")
    ):
        doc.error(
            ("text", "en", "fees"),
            "is missing: free is false, so say what it costs — add fees: (or write free: true)",
        )
    website = data.get("website")
    if isinstance(website, str) and (problem := address_problem(website)):
        doc.error(("website",), problem)
    if not isinstance(texts, dict):
        return
    for language, text in texts.items():
        if not isinstance(text, dict):
            continue
        for name in FIELDS.translated:
            if isinstance(text.get(name), str):
                for problem in link_problems(text[name]):
                    doc.error(("text", language, name), problem)
    check_translations(doc, languages, FIELDS)


def _check_references(doc: Document, taxonomy: Taxonomy) -> None:
    data = doc.data
    category = data.get("category")
    if isinstance(category, str) and category not in taxonomy.resource_categories:
        doc.error(
            ("category",), _unknown(category, taxonomy.resource_categories, "resource_categories")
        )
    for name, known, group in (
        ("languages", taxonomy.resource_languages, "resource_languages"),
        ("documents", taxonomy.resource_documents, "resource_documents"),
        ("accessibility", taxonomy.resource_access, "resource_access"),
    ):
        values = data.get(name)
        if not isinstance(values, list):
            continue
        for index, value in enumerate(values):
            if isinstance(value, str) and value not in known:
                doc.error((name, index), _unknown(value, known, group))


def _unknown(value: str, known: Mapping[str, object], group: str) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"add it to content/taxonomy.yml under {group}"
    return f'"{value}" is not in {group} in content/taxonomy.yml — {hint}'


def _check_place(doc: Document, settings: ResourceSettings) -> None:
    where = doc.data.get("location")
    if settings.area is None or not isinstance(where, dict):
        return
    lat, lon = where.get("latitude"), where.get("longitude")
    if (
        not (isinstance(lat, int | float) and isinstance(lon, int | float))
        or isinstance(lat, bool)
        or isinstance(lon, bool)
    ):
        return
    if not settings.area.contains(lat, lon):
        hint = (
            "latitude and longitude look swapped — swap them"
            if settings.area.contains(lon, lat)
            else "check the numbers on a map (or widen extra.resources.service_area in mkdocs.yml)"
        )
        doc.error(
            ("location",),
            f"{lat:g}, {lon:g} is outside the service area ({settings.area.describe()}) — {hint}",
        )


def _check_hours(doc: Document) -> None:
    hours = doc.data.get("hours")
    if not isinstance(hours, list):
        return
    for index, block in enumerate(hours):
        if not isinstance(block, dict):
            continue
        opens, closes = block.get("opens"), block.get("closes")
        if (
            isinstance(opens, str)
            and isinstance(closes, str)
            and len(opens) == len(closes) == 5
            and closes <= opens
        ):
            doc.error(
                ("hours", index, "closes"),
                f"{closes} is not after {opens} — write the "
                'closing time in 24-hour form, e.g. "17:00" '
                "for 5 pm",
            )


def _resource(doc: Document, stem: str, settings: ResourceSettings) -> Resource:
    data = doc.data
    texts = {}
    for language, text in data["text"].items():
        texts[language] = ResourceText(
            language=language,
            translation=text["translation"],
            name=text["name"].strip(),
            description=text["description"].strip(),
            fees=(text.get("fees") or "").strip() or None,
            eligibility=(text.get("eligibility") or "").strip() or None,
            translated_from=text.get("translated_from"),
        )
    verified = dt.date.fromisoformat(data["last_verified"])
    address = data["address"]
    return Resource(
        id=stem,
        source=doc.path,
        organization=data["organization"].strip(),
        category=data["category"],
        street=address["street"].strip(),
        city=address["city"].strip(),
        postal_code=address.get("postal_code"),
        latitude=float(data["location"]["latitude"]) if "location" in data else None,
        longitude=float(data["location"]["longitude"]) if "location" in data else None,
        hours=tuple(
            OpeningHours(
                tuple(d for d in DAYS if d in block["days"]), block["opens"], block["closes"]
            )
            for block in data["hours"]
        ),
        languages=tuple(data["languages"]),
        free=data["free"],
        last_verified=verified,
        texts=texts,
        phone=data.get("phone"),
        phone_extension=data.get("phone_extension"),
        website=data.get("website"),
        email=data.get("email"),
        documents=tuple(data.get("documents") or ()),
        accessibility=tuple(data.get("accessibility") or ()),
        english_fingerprint=FIELDS.fingerprint(data["text"]["en"]),
        out_of_date=verified < _months_before(settings.today, settings.verified_within_months),
    )


def month_name_problems(
    strings: Mapping[str, Mapping[str, str]], folder: Path, root: Path
) -> list[ContentError]:
    """month_names must name twelve months, or dates would be wrong on every resource page."""
    errors = []
    for language, words in strings.items():
        names = words.get("month_names")
        if names is None:
            continue
        count = len(names.split(",") if "," in names else names.split())
        if count != 12:
            file = folder / f"{language}.yml"
            lines = file.read_text(encoding="utf-8").splitlines()
            line = next(
                (n for n, text in enumerate(lines, 1) if text.startswith("month_names:")), 1
            )
            errors.append(
                ContentError(
                    file.relative_to(root).as_posix(),
                    line,
                    "month_names",
                    f"names {count} months, not 12 — write the twelve month "
                    "names separated by spaces (or by commas)",
                )
            )
    return errors
