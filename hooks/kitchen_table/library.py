"""Everything under content/, read and validated at once: the library, or every mistake in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .activities import Activity, read_activities
from .errors import ContentError, ContentInvalid
from .strings import read_strings
from .taxonomy import Taxonomy, missing_labels, read_taxonomy


@dataclass(frozen=True)
class Library:
    languages: tuple[str, ...]
    """The site's languages, the default (English) first."""
    taxonomy: Taxonomy
    strings: dict[str, dict[str, str]]
    activities: tuple[Activity, ...]
    warnings: tuple[ContentError, ...] = ()

    _by_id: dict[str, Activity] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # every card page looks its card up several times: index once, not a scan per lookup
        object.__setattr__(self, "_by_id", {activity.id: activity for activity in self.activities})

    def activity(self, activity_id: str) -> Activity:
        return self._by_id[activity_id]


def load_library(root: Path, languages: tuple[str, ...]) -> Library:
    """Read content/ below `root`. Raises ContentInvalid with every error of every file."""
    content = root / "content"
    schemas = content / "schema"
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    if "en" not in languages:
        raise ContentInvalid([ContentError("mkdocs.yml", 1, "plugins.i18n.languages",
                                           "English (en) must be one of the site's languages")])

    taxonomy_doc, taxonomy = read_taxonomy(content / "taxonomy.yml", "content/taxonomy.yml",
                                           schemas / "taxonomy.schema.json")
    errors.extend(taxonomy_doc.errors)
    if taxonomy is not None:
        for location, language in missing_labels(taxonomy_doc, languages):
            line = taxonomy_doc.line(location)
            warnings.append(ContentError(
                taxonomy_doc.path, line, ".".join(location),
                f"no label in {language} yet — English is shown; add {language}: ..."))

    strings, string_errors = read_strings(content / "strings", root,
                                          schemas / "strings.schema.json", languages)
    errors.extend(string_errors)

    activities, activity_errors = read_activities(content / "activities", root,
                                                  schemas / "activity.schema.json",
                                                  taxonomy, languages)
    errors.extend(activity_errors)
    if not activities and not activity_errors:
        errors.append(ContentError("content/activities", 1, "activities",
                                   "there are no activity cards — add at least one .yml file"))
    if errors or taxonomy is None:
        raise ContentInvalid(errors)
    return Library(languages, taxonomy, strings, tuple(activities), tuple(warnings))
