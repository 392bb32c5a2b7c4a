"""mkdocs.yml's `extra.resources`: a school's settings for its community resources.

The service area a resource's map position must be inside, how many months a listing's check
stays recent (after that the site shows "may be out of date"), where families report a problem,
and what the open data needs (state, country, currency, a sentence per category, the id
namespace). `settings_from_extra` turns the plain mapping into `ResourceSettings`, with every
mistake as `mkdocs.yml:1: extra.resources.<name>: problem`. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .errors import ContentError
from .strings import fill

if TYPE_CHECKING:
    from .resources import Resource

CONFIG = "mkdocs.yml"
ID_NAMESPACE = uuid.UUID("6f0b7c52-3c1e-5d2a-9a57-4b1f0e8d2c11")
"""The uuid5 namespace of the open data's ids (hsds.py); a site may set its own in
extra.resources.id_namespace (e.g. when several sites share resource ids)."""


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
            errors.append(
                ContentError(
                    CONFIG,
                    line,
                    f"{where}.{name}",
                    f"is missing — the open data (HSDS address.{hsds}) needs it: add "
                    f"{name}: {example} under extra: resources: in mkdocs.yml",
                )
            )
    for category in sorted({r.category for r in resources}):
        if category not in settings.category_descriptions:
            errors.append(
                ContentError(
                    CONFIG,
                    line,
                    f"{where}.category_descriptions.{category}",
                    "is missing — the open data (HSDS taxonomy_term.description) needs one "
                    f"sentence about the category: add {category}: ... under "
                    "category_descriptions:",
                )
            )
    return errors
