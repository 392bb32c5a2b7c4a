"""content/resources/<id>.yml: the community resources (food, health, legal help, library, ...)
families find on the site, as the pages, the map and the open data read them.

This is the model: a resource's details, its opening hours and its words per language
(`translation_model.py`'s rules). Reading and checking the files is resource_checks.py, the
settings of mkdocs.yml's `extra.resources` resource_settings.py, the map's GeoJSON
resource_map.py and the HSDS open data hsds.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .text import tel_href
from .translation_model import TextFields, Translatable, TranslatedText

TEXT_FIELDS = ("name", "description", "fees", "eligibility")
FIELDS = TextFields(
    fingerprinted=TEXT_FIELDS, translated=TEXT_FIELDS, optional=frozenset({"fees", "eligibility"})
)
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
RESERVED_IDS = {"index", "categories", "languages", "free", "page"}
"""Names the resources list pages use under resources/ (resources/page/2/ ... are the list's next
pages)"""
fingerprint = FIELDS.fingerprint
"""A resource's fingerprint, what its translations record in translated_from:."""


@dataclass(frozen=True)
class ResourceText(TranslatedText):
    """A resource's words in one language."""

    name: str
    description: str
    fees: str | None = None
    eligibility: str | None = None


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Resource(Translatable[ResourceText]):
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
