"""content/resources/<id>.yml: community resources (food, health, legal help, library, ...).

The schema (content/schema/resource.schema.json) checks each file's form, aligned with the Open
Referral Human Services Data Specification (HSDS 3). Here are the rules a schema cannot express:
the id is the file name, ids are unique, category / languages / documents / access exist in
content/taxonomy.yml, the position is inside the service area, hours close after they open,
`last_verified` is a real day not in the future, a paid service says what it costs, and every
translation records the English it was made from.

The site's settings (service area, how recent a check must be, where problems are reported) live
in mkdocs.yml under `extra.resources`; `settings_from_extra` turns that plain mapping into
`ResourceSettings`. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .errors import ContentError
from .schemas import validate
from .source import Document, check_id, content_files, id_clash, read_document
from .strings import fill
from .taxonomy import Taxonomy
from .text import address_problem, link_problems, tel_href

TEXT_FIELDS = ("name", "description", "fees", "eligibility")
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
RESERVED_IDS = {"index", "categories", "languages", "free"}
"""Names the resources list pages use under resources/."""
CONFIG = "mkdocs.yml"
ID_NAMESPACE = uuid.UUID("6f0b7c52-3c1e-5d2a-9a57-4b1f0e8d2c11")
"""The uuid5 namespace of the open data's ids (hsds.py); a site may set its own in
extra.resources.id_namespace (e.g. when several sites share resource ids)."""


def fingerprint(english: Mapping[str, object]) -> str:
    """A short fingerprint of a resource's English words, as for activity cards."""
    words = {name: english.get(name) for name in TEXT_FIELDS}
    canonical = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:10]


# -- settings from mkdocs.yml extra.resources ------------------------------------------------------


@dataclass(frozen=True)
class ServiceArea:
    """Where resources may be: a box (south, west, north, east) or a circle (center, radius)."""

    south: float
    west: float
    north: float
    east: float
    center: tuple[float, float] | None = None
    radius_km: float | None = None

    def contains(self, latitude: float, longitude: float) -> bool:
        if self.center is not None and self.radius_km is not None:
            return distance_km(self.center, (latitude, longitude)) <= self.radius_km
        return self.south <= latitude <= self.north and self.west <= longitude <= self.east

    def describe(self) -> str:
        if self.center is not None:
            return f"within {self.radius_km:g} km of {self.center[0]:g}, {self.center[1]:g}"
        return (
            f"latitude {self.south:g} to {self.north:g}, longitude {self.west:g} to {self.east:g}"
        )


@dataclass(frozen=True)
class ResourceSettings:
    area: ServiceArea | None = None
    verified_within_months: int = 12
    report_problem: str = ""
    """Where "Report a problem" leads: an email address, or a web address in which {id} is
    replaced by the resource's id (e.g. a new-issue URL)."""
    today: dt.date = field(default_factory=dt.date.today)
    state: str = ""
    """address.state_province of every resource in the open data (HSDS requires it)."""
    country: str = ""
    """address.country: the ISO 3166-1 two-letter code, e.g. US."""
    currency: str = "USD"
    """cost_option.currency: the ISO 4217 code of fees."""
    category_descriptions: Mapping[str, str] = field(default_factory=dict)
    """A sentence for each resource category (HSDS taxonomy_term.description)."""
    id_namespace: uuid.UUID = ID_NAMESPACE

    def report_link(self, resource_id: str, subject: str) -> str:
        target = self.report_problem
        if not target:
            return ""
        if target.startswith(("https://", "http://")):
            return target.replace("{id}", quote(resource_id, safe=""))
        address = target.removeprefix("mailto:")
        return f"mailto:{address}?subject={quote(fill(subject, id=resource_id), safe='')}"


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def settings_from_extra(
    extra: Mapping[str, Any] | None, today: dt.date | None = None
) -> tuple[ResourceSettings, list[ContentError]]:
    """`extra.resources` of mkdocs.yml as settings, and every mistake in it."""
    errors: list[ContentError] = []
    section = (extra or {}).get("resources") or {}
    where = "extra.resources"

    def bad(name: str, problem: str) -> None:
        errors.append(ContentError(CONFIG, 1, f"{where}.{name}", problem))

    if not isinstance(section, Mapping):
        bad("", "should be a set of fields (service_area:, verified_within_months:, ...)")
        section = {}
    area = None
    raw = section.get("service_area")
    if isinstance(raw, Mapping) and "bounds" in raw:
        bounds = raw["bounds"]
        if (
            isinstance(bounds, list)
            and len(bounds) == 4
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in bounds)
            and bounds[0] < bounds[2]
            and bounds[1] < bounds[3]
        ):
            south, west, north, east = map(float, bounds)
            area = ServiceArea(south, west, north, east)
        else:
            bad(
                "service_area.bounds",
                "should be [south, west, north, east] in decimal degrees, "
                "south below north and west below east",
            )
    elif isinstance(raw, Mapping) and "center" in raw:
        center, radius = raw.get("center"), raw.get("radius_km")
        if (
            isinstance(center, list)
            and len(center) == 2
            and all(isinstance(n, int | float) for n in center)
            and isinstance(radius, int | float)
            and radius > 0
        ):
            lat, lon = float(center[0]), float(center[1])
            reach = radius / 111.0  # a box around the circle, for the map's first view
            area = ServiceArea(
                lat - reach,
                lon - reach / max(math.cos(math.radians(lat)), 0.01),
                lat + reach,
                lon + reach / max(math.cos(math.radians(lat)), 0.01),
                (lat, lon),
                float(radius),
            )
        else:
            bad(
                "service_area",
                "write center: [latitude, longitude] and radius_km: a number above 0",
            )
    elif raw is not None:
        bad(
            "service_area",
            "write bounds: [south, west, north, east], or center: [lat, lon] with radius_km:",
        )
    months = section.get("verified_within_months", 12)
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        bad("verified_within_months", "should be a whole number of months, e.g. 12")
        months = 12
    report = section.get("report_problem", "")
    if not isinstance(report, str) or (
        report and not (report.startswith(("https://", "mailto:")) or "@" in report)
    ):
        bad(
            "report_problem",
            "write an email address or an https:// address (where {id} becomes the resource's id)",
        )
        report = ""
    texts: dict[str, str] = {}
    for name, pattern, fix in (
        ("state", r"[^\x00-\x1f\x7f]{1,60}", "write the state or province, e.g. VT"),
        ("country", r"[A-Z]{2}", "write the two-letter ISO 3166 country code, e.g. US"),
        ("currency", r"[A-Z]{3}", "write the three-letter ISO 4217 currency code, e.g. USD"),
    ):
        value = section.get(name, "USD" if name == "currency" else "")
        if not isinstance(value, str) or (value and not re.fullmatch(pattern, value)):
            bad(name, fix)
            value = ""
        texts[name] = value
    descriptions = section.get("category_descriptions") or {}
    if not isinstance(descriptions, Mapping) or not all(
        isinstance(v, str) and v.strip() for v in descriptions.values()
    ):
        bad(
            "category_descriptions",
            "write one sentence for each category id, e.g. food: Groceries, meals and pantries",
        )
        descriptions = {}
    namespace = ID_NAMESPACE
    if "id_namespace" in section:
        try:
            namespace = uuid.UUID(str(section["id_namespace"]))
        except ValueError:
            bad("id_namespace", "write a UUID such as 6f0b7c52-3c1e-5d2a-9a57-4b1f0e8d2c11")
    settings = ResourceSettings(
        area,
        months,
        report,
        today or dt.date.today(),
        state=texts["state"],
        country=texts["country"],
        currency=texts["currency"] or "USD",
        category_descriptions={str(k): v.strip() for k, v in descriptions.items()},
        id_namespace=namespace,
    )
    return settings, errors


def open_data_problems(
    settings: ResourceSettings, resources: list[Resource], config: Path | None = None
) -> list[ContentError]:
    """What the HSDS open data needs from extra.resources and is not there, as editor errors
    (at the line of `resources:` in mkdocs.yml, where the setting goes)."""
    if not resources:
        return []
    errors = []
    where = "extra.resources"
    line = 1
    if config is not None and config.is_file():
        text = config.read_text(encoding="utf-8", errors="replace").splitlines()
        line = next((n for n, row in enumerate(text, 1) if re.match(r"\s+resources:", row)), 1)
    for name, hsds, example in (("state", "state_province", "VT"), ("country", "country", "US")):
        if not getattr(settings, name):
            errors.append(ContentError(
                CONFIG, line, f"{where}.{name}",
                f"is missing — the open data (HSDS address.{hsds}) needs it: add "
                f"{name}: {example} under extra: resources: in mkdocs.yml"))
    for category in sorted({r.category for r in resources}):
        if category not in settings.category_descriptions:
            errors.append(ContentError(
                CONFIG, line, f"{where}.category_descriptions.{category}",
                "is missing — the open data (HSDS taxonomy_term.description) needs one sentence "
                f"about the category: add {category}: ... under category_descriptions:"))
    return errors


# -- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceText:
    language: str
    translation: str
    name: str
    description: str
    fees: str | None = None
    eligibility: str | None = None
    translated_from: str | None = None


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Resource:
    id: str
    source: str
    organization: str
    category: str
    street: str
    city: str
    postal_code: str | None
    latitude: float | None
    longitude: float | None
    hours: tuple[OpeningHours, ...]
    languages: tuple[str, ...]
    free: bool
    last_verified: dt.date
    texts: Mapping[str, ResourceText]
    phone: str | None = None
    phone_extension: str | None = None
    website: str | None = None
    email: str | None = None
    documents: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    english_fingerprint: str = ""
    out_of_date: bool = False
    """Not verified within the months set in mkdocs.yml: the site says "may be out of date"."""

    def text_in(self, language: str) -> ResourceText:
        """The words in `language`, or the English ones where there is no translation yet."""
        return self.texts.get(language) or self.texts["en"]

    def is_stale(self, language: str) -> bool:
        text = self.texts.get(language)
        return (
            text is not None
            and text.translated_from is not None
            and text.translated_from != self.english_fingerprint
        )

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street, self.city, self.postal_code) if part)

    @property
    def phone_link(self) -> str | None:
        """tel: with digits only (and a leading +), as phones dial it."""
        if not self.phone:
            return None
        href = tel_href(self.phone)
        if href is None:
            return None
        # a comma is a pause: phones dial the extension once the call is answered
        extension = f",{self.phone_extension}" if self.phone_extension else ""
        return f"{href}{extension}"

    @property
    def has_position(self) -> bool:
        """A map pin: HSDS makes coordinates optional, so an imported place may have none."""
        return self.latitude is not None and self.longitude is not None


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
    check_id(doc, stem, reserved=RESERVED_IDS, reserved_for="the resources list pages",
             example="maple-hollow-food-pantry.yml")
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
        if language not in languages:
            doc.error(
                ("text", language),
                f'"{language}" is not a language of this site — use one '
                f"of {', '.join(languages)} (a new language is added in mkdocs.yml first)",
            )
        if not isinstance(text, dict):
            continue
        for name in TEXT_FIELDS:
            if isinstance(text.get(name), str):
                for problem in link_problems(text[name]):
                    doc.error(("text", language, name), problem)
    english = texts.get("en")
    if not isinstance(english, dict):
        return
    current = fingerprint(english)
    for language, text in texts.items():
        if (
            language != "en"
            and language in languages
            and isinstance(text, dict)
            and "translated_from" not in text
            and text.get("translation") in ("human", "reviewed-machine", "machine")
        ):
            doc.error(
                ("text", language, "translated_from"),
                f"is missing — add translated_from: \"{current}\" (the fingerprint of the "
                "English text this translation was made from)",
            )


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
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)) or isinstance(
            lat, bool) or isinstance(lon, bool):
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
        english_fingerprint=fingerprint(data["text"]["en"]),
        out_of_date=verified < _months_before(settings.today, settings.verified_within_months),
    )


def geojson(
    resources: tuple[Resource, ...] | list[Resource], taxonomy: Taxonomy, site_url: str = ""
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of every resource, with its English words."""
    base = site_url.rstrip("/")
    features = []
    for resource in resources:
        english = resource.texts["en"]
        features.append(
            {
                "type": "Feature",
                "id": resource.id,
                # RFC 7946 3.2: a feature without a position has a null geometry
                "geometry": {
                    "type": "Point",
                    "coordinates": [resource.longitude, resource.latitude],
                }
                if resource.has_position
                else None,
                "properties": {
                    "id": resource.id,
                    "name": english.name,
                    "organization": resource.organization,
                    "description": english.description,
                    "category": resource.category,
                    "category_label": taxonomy.resource_categories[resource.category].labels["en"],
                    "address": resource.address,
                    "phone": resource.phone,
                    "website": resource.website,
                    "email": resource.email,
                    "languages": list(resource.languages),
                    "free": resource.free,
                    "last_verified": resource.last_verified.isoformat(),
                    "url": f"{base}/resources/{resource.id}/"
                    if base
                    else f"resources/{resource.id}/",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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
