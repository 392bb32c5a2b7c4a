"""Everything under content/, read and validated at once: the library, or every mistake in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .activities import Activity, start_reading_activities
from .calendar import read_versions
from .errors import ContentError, ContentInvalid
from .glossary import Glossary, read_glossary
from .guides import Guide, read_guides
from .plan import PLAN_FILE, plan_year
from .plan import today as today_or_pinned
from .resource_checks import month_name_problems, read_resources
from .resource_settings import ResourceSettings, open_data_problems, settings_from_extra
from .resources import Resource
from .school import School, read_school
from .source import file_problem, folder_problem
from .strings import read_strings
from .taxonomy import Taxonomy, missing_labels, read_taxonomy
from .weeks import Week, read_weeks


@dataclass(frozen=True)
class Library:
    languages: tuple[str, ...]
    """The site's languages, the default (English) first."""
    taxonomy: Taxonomy
    strings: dict[str, dict[str, str]]
    activities: tuple[Activity, ...]
    warnings: tuple[ContentError, ...] = ()
    resources: tuple[Resource, ...] = ()
    resource_settings: ResourceSettings = field(default_factory=ResourceSettings)
    resource_notices: tuple[ContentError, ...] = ()
    """Resources not verified recently: shown on the site and by `make check`, not build
    warnings (a strict build would fail on them as time passes, with no mistake made)."""
    guides: tuple[Guide, ...] = ()
    glossary: Glossary | None = None
    """content/glossary.yml, when there is one."""
    school: School | None = None
    """content/school.yml, when there is one."""
    weeks: tuple[Week, ...] = ()
    """Every week's packs, in date order: the school weeks of content/school.yml planned from
    the library (kitchen_table.plan), and any week content/weeks.yml sets by hand."""
    planned_from: tuple[Week, ...] = ()
    """content/weeks-plan.yml as it was read (the plan `make check` wrote last)."""
    today: dt.date | None = None
    plan_notices: tuple[ContentError, ...] = ()
    """A card sent in a started week has been removed since: shown by `make check`, not a build
    warning (an editor may retire a card; --strict must not forbid it)."""
    calendar_versions: Mapping[str, tuple[int, str]] = field(default_factory=dict)
    """content/calendar-versions.yml: each school-year event's last SEQUENCE and fingerprint."""
    """The day the plan was made for: weeks up to it have started."""

    _by_id: dict[str, Activity] = field(init=False, repr=False, compare=False)
    _resources_by_id: dict[str, Resource] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # every card page looks its card up several times: index once, not a scan per lookup
        object.__setattr__(self, "_by_id", {activity.id: activity for activity in self.activities})
        object.__setattr__(self, "_resources_by_id", {r.id: r for r in self.resources})

    def activity(self, activity_id: str) -> Activity:
        return self._by_id[activity_id]

    def resource(self, resource_id: str) -> Resource:
        return self._resources_by_id[resource_id]

    def guide(self, guide_id: str) -> Guide:
        return next(guide for guide in self.guides if guide.id == guide_id)


def load_library(
    root: Path,
    languages: tuple[str, ...],
    extra: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    site_url: str | None = None,
    card_cache: dict | None = None,
) -> Library:
    """Read content/ below `root`. Raises ContentInvalid with every error of every file.

    `extra` is mkdocs.yml's `extra:` (its `resources:` settings); `today` dates the
    "verified within N months" check (tests pin it); `site_url` starts the links that text
    messages are measured with; `card_cache` keeps the cards' readings for the next call (a
    preview rebuilding after each edit, hooks/preview.py)."""
    content = root / "content"
    schemas = content / "schema"
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    if "en" not in languages:
        raise ContentInvalid(
            [
                ContentError(
                    "mkdocs.yml",
                    1,
                    "plugins.i18n.languages",
                    "English (en) must be one of the site's languages",
                )
            ]
        )

    missing = _unreadable_foundations(root)
    if missing:
        raise ContentInvalid(missing)

    taxonomy_doc, taxonomy = read_taxonomy(
        content / "taxonomy.yml", "content/taxonomy.yml", schemas / "taxonomy.schema.json"
    )
    errors.extend(taxonomy_doc.errors)
    if taxonomy is not None:
        for location, language in missing_labels(taxonomy_doc, languages):
            line = taxonomy_doc.line(location)
            warnings.append(
                ContentError(
                    taxonomy_doc.path,
                    line,
                    ".".join(location),
                    f"no label in {language} yet — English is shown; add {language}: ...",
                )
            )

    strings, string_errors = read_strings(
        content / "strings", root, schemas / "strings.schema.json", languages
    )
    errors.extend(string_errors)
    errors.extend(month_name_problems(strings, content / "strings", root))

    # a large library's cards are read on the other cores while this process reads the rest;
    # the mistakes are listed in the same order either way
    cards = start_reading_activities(
        content / "activities",
        root,
        schemas / "activity.schema.json",
        taxonomy,
        languages,
        site_url,
        card_cache,
    )
    settings, setting_errors = settings_from_extra(extra, today)
    resources, resource_errors, notices = read_resources(
        content / "resources", root, schemas / "resource.schema.json", taxonomy, languages, settings
    )
    open_data_errors = (  # the site's settings: the open data needs state, country, ...
        open_data_problems(settings, resources, root / "mkdocs.yml") if extra is not None else []
    )
    school, school_errors, school_warnings = read_school(
        content / "school.yml", root, schemas / "school.schema.json", languages
    )
    glossary, glossary_errors, glossary_warnings = read_glossary(
        content / "glossary.yml", root, schemas / "glossary.schema.json", languages
    )
    guides, guide_errors = read_guides(
        content / "guides", root, schemas / "guide.schema.json", school, languages, site_url
    )

    activities, activity_errors = cards()
    errors.extend(activity_errors)
    if not activities and not activity_errors:
        errors.append(
            ContentError(
                "content/activities",
                1,
                "activities",
                "there are no activity cards — add at least one .yml file",
            )
        )
    errors.extend([*setting_errors, *resource_errors, *open_data_errors])
    weeks, week_errors = read_weeks(
        content / "weeks.yml", root, schemas / "weeks.schema.json", activities
    )
    stored, plan_errors = read_weeks(
        root / PLAN_FILE, root, schemas / "weeks.schema.json", activities, cards=False
    )
    versions, version_errors = read_versions(root)
    errors.extend(
        [
            *school_errors,
            *glossary_errors,
            *guide_errors,
            *week_errors,
            *plan_errors,
            *version_errors,
        ]
    )
    warnings.extend([*school_warnings, *glossary_warnings])
    if errors or taxonomy is None:
        raise ContentInvalid(errors)
    day = today_or_pinned()
    plan = plan_year(school, activities, taxonomy, weeks, stored, day)
    return Library(
        languages,
        taxonomy,
        strings,
        tuple(activities),
        tuple(warnings),
        tuple(resources),
        settings,
        tuple(notices),
        guides=tuple(guides),
        glossary=glossary,
        school=school,
        weeks=plan.weeks,
        planned_from=stored,
        today=day,
        calendar_versions=versions,
        plan_notices=plan.warnings,
    )


SCHEMAS = (
    "activity",
    "calendar-versions",
    "glossary",
    "guide",
    "resource",
    "school",
    "strings",
    "taxonomy",
    "weeks",
)
CONTENT_FOLDERS = ("activities", "guides", "resources", "strings", "schema")


def _unreadable_foundations(root: Path) -> list[ContentError]:
    """What every other file needs and is not there: content/ itself, its folders, the
    schemas, taxonomy.yml. Checked first, so the rest is never read without them."""
    content = root / "content"
    if not content.is_dir():
        missing = folder_problem(content) or (
            "the folder is missing — run this from the project's folder, which holds content/"
        )
        return [ContentError("content", 1, "folder", missing)]
    errors = [
        ContentError(f"content/{name}", 1, "folder", problem)
        for name in CONTENT_FOLDERS
        if (problem := folder_problem(content / name))
    ]
    if not errors:
        errors = [
            ContentError(f"content/schema/{name}.schema.json", 1, "file", problem)
            for name in SCHEMAS
            if (problem := file_problem(content / "schema" / f"{name}.schema.json"))
        ]
    if (problem := file_problem(content / "taxonomy.yml")) is not None:
        errors.append(ContentError("content/taxonomy.yml", 1, "file", problem))
    return errors
