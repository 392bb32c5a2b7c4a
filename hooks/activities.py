"""Activity cards: content/activities/*.yml -> a page per card and language, and the catalogs.

Owns the generated folders docs/activities/, docs/grades/ and docs/skills/ (gitignored). Events:
- on_config: validate the whole library (abort with every error), write the generated pages;
  templates are compiled once per process (content_library.compile_templates_once);
- on_serve: watch content/ and hand-written pages, not generated ones (one rebuild per edit);
- on_page_markdown: "Edit this page" on a card opens its YAML file;
- on_post_build: every valid card got its page in this language, or the build fails;
- on_page_content: the card (with its print, share and read-aloud tools), its bilingual print
  view, the catalog with its filters, and the home page, rendered from overrides/partials/;
- on_page_context: the interface words of the page's language, and a card's JSON-LD.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from content_library import (
    CARDS_PER_PAGE,
    compile_templates_once,
    generated_languages,
    language_names,
    library_for,
    list_order,
    list_page_links,
    list_pages,
    page_language,
    page_source,
    page_title,
    qr_cache,
    qr_code,
    render,
    site_languages,
    sync_generated_pages,
    watch_hand_written_pages,
)
from kitchen_table.activities import Activity, card_address
from kitchen_table.addresses import folders_of, page_file
from kitchen_table.library import Library
from kitchen_table.strings import fill
from kitchen_table.taxonomy import GRADES, Taxonomy, in_language
from kitchen_table.text import plain
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

ACTIVITY_FOLDERS = folders_of("activities")
MINUTES_CHOICES = (10, 20, 30)
"""The catalog's time filter: "10 minutes or less", and so on."""
CARDS_FILE = "activities/cards.json"
"""Every card of a language in a few words, fetched by the catalog's filters when one is used
(the list's pages hold only some of the cards)."""


# -- on_config: validate, then write the pages ---------------------------------------------------


@event_priority(-110)  # after the i18n plugin has set up this build's language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    library = library_for(config)
    compile_templates_once(config)
    languages = generated_languages(config)
    sync_generated_pages(config, ACTIVITY_FOLDERS, lambda: _generate_pages(library, languages))
    return config


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable
) -> LiveReloadServer:
    watch_hand_written_pages(server, Path(config.docs_dir))
    return server


def _generate_pages(library: Library, languages: tuple[str, ...] | None = None) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    taxonomy = library.taxonomy
    for language in languages or library.languages:  # a preview's rebuild: one
        words = library.strings[language]

        def add(path: str, **meta: Any) -> None:
            pages[page_file(path, language, default)] = page_source(meta)  # noqa: B023

        for activity in library.activities:
            text = activity.text_in(language)
            # Material writes the description into an attribute without escaping it
            add(
                f"activities/{activity.id}",
                title=text.title,
                description=plain(text.summary),
                activity=activity.id,
            )
            if language != default and activity.is_translated(language):
                # the home language beside English, for the fridge; not a search result
                add(
                    f"activities/{activity.id}/bilingual",
                    title=fill(words["bilingual_title"], title=text.title),
                    description=plain(text.summary),
                    bilingual=activity.id,
                    search={"exclude": True},
                )

        def add_list(first: str, title: str, catalog: str) -> None:
            add(first, title=title, catalog=catalog)
            count = len(_listed(library, catalog))
            pages_of_list = list_pages(count)
            for number in range(2, pages_of_list + 1):  # its next pages: lists, not results
                add(
                    f"{_list_path(catalog)}page/{number}",  # noqa: B023
                    title=fill(
                        words["catalog_page_title"],  # noqa: B023
                        title=title,  # noqa: B023
                        page=number,
                        pages=pages_of_list,
                    ),
                    catalog=catalog,
                    catalog_page=number,
                    search={"exclude": True},
                )

        add_list("activities/index", words["all_activities"], "all")
        add("grades/index", title=words["activities_by_grade"], catalog="grades")
        for grade in GRADES:
            label = in_language(taxonomy.grades[grade], language)
            add_list(
                f"grades/{grade.lower()}",
                fill(words["grade_catalog_title"], grade=label),
                f"grade:{grade}",
            )
        add("skills/index", title=words["activities_by_skill"], catalog="skills")
        for area in taxonomy.areas:
            label = in_language(area.labels, language)
            add_list(
                f"skills/{area.id}",
                fill(words["skill_catalog_title"], skill=label),
                f"skill:{area.id}",
            )
    return pages


def _listed(library: Library, catalog: str) -> list[Activity]:
    """The cards a list shows, unsorted: all of them, a grade's or a skill's."""
    kind, _, key = catalog.partition(":")
    if kind == "all":
        return list(library.activities)
    if kind == "grade":
        return [a for a in library.activities if key in a.grades]
    if kind == "skill":
        areas = _lists_of(library).areas
        return [a for a in library.activities if key in areas[a.id]]
    return []


@dataclass(frozen=True)
class _Lists:
    """What every list page of one build shares: each card's skill areas, each grade's and
    area's count, each list in each language's order (a list has a page per 24 cards, and
    each page counted them all again: at 1,000 cards, most of a preview's rebuild)."""

    areas: dict[str, tuple[str, ...]]
    grade_counts: dict[str, int]
    area_counts: dict[str, int]
    ordered: dict[tuple[str, str], list[Activity]]


_LISTS: dict[int, tuple[Library, _Lists]] = {}


def _lists_of(library: Library) -> _Lists:
    """This build's _Lists (only the last library's are kept: every build reads its own)."""
    held = _LISTS.get(id(library))
    if held is None or held[0] is not library:
        taxonomy = library.taxonomy
        areas = {a.id: a.areas(taxonomy) for a in library.activities}
        lists = _Lists(
            areas=areas,
            grade_counts={g: sum(g in a.grades for a in library.activities) for g in GRADES},
            area_counts={
                area.id: sum(area.id in areas[a.id] for a in library.activities)
                for area in taxonomy.areas
            },
            ordered={},
        )
        _LISTS.clear()
        held = _LISTS[id(library)] = (library, lists)
    return held[1]


def _ordered(library: Library, catalog: str, language: str) -> list[Activity]:
    """The cards a list shows, in the order its pages show them: by first grade, then title."""
    ordered = _lists_of(library).ordered
    key = (catalog, language)
    if key not in ordered:
        activities = _listed(library, catalog)
        activities.sort(key=lambda a: list_order(a, language))
        ordered[key] = activities
    return ordered[key]


def _list_path(catalog: str) -> str:
    """Where a list's first page is (its next pages are below it, at page/2/ ...)."""
    kind, _, key = catalog.partition(":")
    return {"all": "activities/", "grade": f"grades/{key.lower()}/", "skill": f"skills/{key}/"}[
        kind
    ]


# -- on_post_build: nothing lost ---------------------------------------------------------------


def on_post_build(config: MkDocsConfig) -> None:
    """Every valid card has its page in the language just built, or the build fails."""
    library = library_for(config)
    language = page_language(config)
    root = Path(config.site_dir)
    if language != library.languages[0]:
        root = root / language
    lost = [
        activity.source
        for activity in library.activities
        if not (root / "activities" / activity.id / "index.html").is_file()
    ]
    if lost:
        raise PluginError(
            f"{len(lost)} valid activity card(s) got no page in {language}: "
            f"{', '.join(lost)} — check exclude_docs, not_in_nav and plugins "
            "in mkdocs.yml"
        )
    (root / CARDS_FILE).write_text(
        json.dumps(
            _cards_for_filters(library, language), ensure_ascii=False, separators=(",", ":")
        ),
        encoding="utf-8",
    )


def _cards_for_filters(library: Library, language: str) -> list[dict[str, Any]]:
    """activities/cards.json: every card in the all-activities list's order, with what its line
    in the list shows (title, grades, minutes, free) and what the filters look at. Addresses are
    relative to the file's folder (activities/)."""
    cards = []
    for card in _catalog_view(library, "all", language, "activities", page=0)["cards"]:
        cards.append(
            {
                "url": card["url"],
                "title": card["title"],
                "language": card["language"],
                "grades": card["grades"],
                "minutes": card["minutes"],
                "free": card["cost"] == "free",
                "facts": card["facts"],
            }
        )
    return cards


# -- on_page_markdown: edit the YAML, not the generated page -------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("catalog") or page.meta.get("bilingual"):
        page.edit_url = None  # made from every card: there is no one file to edit
    activity_id = page.meta.get("activity")
    if activity_id and page.edit_url:
        activity = library_for(config).activity(activity_id)
        root = Path(config.config_file_path).parent
        generated = Path(config.docs_dir) / page.file.src_uri
        source = os.path.relpath(root / activity.source, generated.parent)
        page.edit_url = urljoin(page.edit_url, Path(source).as_posix())
    return markdown


# -- on_page_content: the HTML of cards, catalogs and the home page -------------------------------


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not any(page.meta.get(key) for key in ("activity", "bilingual", "catalog", "home")):
        return html  # not a card, a print view, a catalog or the home page: not ours
    library = library_for(config)
    language = page_language(config)
    words = library.strings[language]
    if activity_id := page.meta.get("activity"):
        card = _card_view(library, library.activity(activity_id), language, config)
        return render(config, "partials/activity.html", card=card, words=words)
    if activity_id := page.meta.get("bilingual"):
        activity = library.activity(activity_id)
        default = library.languages[0]
        columns = [
            (_card_view(library, activity, shown, config), library.strings[shown])
            for shown in (language, default)
        ]
        return render(
            config,
            "partials/activity-bilingual.html",
            columns=columns,
            page_words=words,
            back_url=_url(f"activities/{activity_id}/", f"activities/{activity_id}/bilingual/"),
        )
    if catalog := page.meta.get("catalog"):
        here = page.file.src_uri.split(".")[0].removesuffix("/index").removesuffix("index")
        view = _catalog_view(
            library, catalog, language, here, int(page.meta.get("catalog_page", 1))
        )
        filters = _filter_choices(library, language, config) if view["kind"] == "all" else None
        return render(
            config,
            "partials/catalog.html",
            catalog=view,
            words=words,
            title=page_title(page),
            filters=filters,
        )
    if page.meta.get("home"):
        view = _catalog_view(library, "home", language, "")
        # the page's own Markdown is already HTML: keep it as markup, not text to escape
        return (
            render(config, "partials/my-child.html", catalog=view, words=words)
            + Markup(html)
            + render(config, "partials/home.html", catalog=view, words=words)
        )
    return html


def _editors_guide(config: MkDocsConfig) -> str:
    """Where "Help translate it" leads: the editors' guide in the repository."""
    repo = (config.repo_url or "").rstrip("/")
    return f"{repo}/blob/main/CONTRIBUTING.md#add-a-translation"


def _url(target: str, here: str) -> str:
    """A link from the page at `here` (e.g. activities/x/) to `target`, in the same language."""
    return get_relative_url(target, here or ".")


def _card_address(config: MkDocsConfig, activity_id: str, language: str) -> str:
    """The card's permanent, shareable address in `language` (what a QR code opens)."""
    return card_address(config.site_url, site_languages(config)[0], activity_id, language)


def _share_links(title: str, address: str) -> dict[str, str]:
    """Links that open the family's own apps with the title and address filled in. They are
    plain links: nothing is sent anywhere until the family taps one and sends it."""
    message = quote(f"{title} {address}", safe="")
    return {"whatsapp": f"https://wa.me/?text={message}", "sms": f"sms:?&body={message}"}


@functools.lru_cache(maxsize=8192)
def _qr_code(address: str, title: str, cache: Path) -> Markup:
    """The card's address as an inline SVG QR code: printed on paper, scanned with a phone.
    (Cached: the English card's code is drawn again on each bilingual print view.)"""
    svg = qr_code(address, cache).svg_inline(
        scale=1, border=4, omitsize=True, title=title, svgclass="kt-qr__code"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def _card_view(
    library: Library, activity: Activity, language: str, config: MkDocsConfig
) -> dict[str, Any]:
    taxonomy = library.taxonomy
    text = activity.text_in(language)
    here = f"activities/{activity.id}/"
    default = library.languages[0]
    address = _card_address(config, activity.id, language)
    words = library.strings[language]
    names = language_names(config)
    if language == default:
        bilingual = [
            {
                "label": names[other],
                "language": other,
                "url": _url(f"{other}/activities/{activity.id}/bilingual/", here),
            }
            for other in library.languages[1:]
            if activity.is_translated(other)
        ]
    elif activity.is_translated(language):
        bilingual = [
            {
                "label": names[language],
                "language": language,
                "url": _url(f"activities/{activity.id}/bilingual/", here),
            }
        ]
    else:
        bilingual = []
    return {
        "text": text,
        "grades": [
            {
                "label": in_language(taxonomy.grades[g], language),
                "url": _url(f"grades/{g.lower()}/", here),
            }
            for g in activity.grades
        ],
        "skills": [
            {
                "label": in_language(taxonomy.skills[s].labels, language),
                "url": _url(f"skills/{taxonomy.skills[s].area}/", here),
            }
            for s in activity.skills
        ],
        "minutes": activity.minutes,
        "setting": in_language(taxonomy.settings[activity.setting].labels, language),
        "cost": activity.cost,
        "materials": [
            {
                "label": in_language(taxonomy.materials[m].labels, language),
                "at_home": taxonomy.materials[m].at_home,
            }
            for m in activity.materials
        ],
        "standards": activity.standards,
        "credits": _credits_view(activity, language),
        "provenance": activity.provenance_note(language, library.strings[language]),
        "language": language,
        "translated": activity.is_translated(language),
        "stale": activity.is_stale(language),
        "help_url": _editors_guide(config),
        "address": address,
        "share": _share_links(text.title, address),
        "qr": _qr_code(address, words["scan_to_open"], qr_cache(config)),
        "bilingual": bilingual,
        "safety": _safety_view(activity, language),
        "next": _next_view(library, activity, language, here),
    }


def _credits_view(activity: Activity, language: str) -> dict[str, str] | None:
    """The card's credits in the page's language, or the English ones (marked as English)
    where the translation has none."""
    text = activity.credits_in(language)
    if text is None:
        return None
    return {"words": text.credits or "", "language": text.language}


def _safety_view(activity: Activity, language: str) -> dict[str, str] | None:
    """The safety line in the page's language, or in English (marked as such) where the
    translation has none yet: a safety line is never dropped."""
    text = activity.safety_in(language)
    if text is None:
        return None
    return {
        "words": text.safety or "",
        "language": text.language,
        "dir": "ltr" if text.language != activity.text_in(language).language else "",
    }


def _next_view(
    library: Library, activity: Activity, language: str, here: str
) -> dict[str, str] | None:
    """The card to try next, in the same language (its title, its page in this language)."""
    if activity.next is None:
        return None
    following = library.activity(activity.next)
    return {
        "title": following.text_in(language).title,
        "language": following.text_in(language).language,
        "url": _url(f"activities/{following.id}/", here),
    }


def _card_summary(library: Library, activity: Activity, language: str, here: str) -> dict[str, Any]:
    text = activity.text_in(language)
    grades = [in_language(library.taxonomy.grades[g], language) for g in activity.grades]
    return {
        "title": text.title,
        "summary": text.summary,
        "language": text.language,
        "url": _url(f"activities/{activity.id}/", here),
        "minutes": activity.minutes,
        "grades": grades[0] if len(grades) == 1 else f"{grades[0]} – {grades[-1]}",
        "cost": activity.cost,
        "facts": _filter_facts(library, activity),
    }


def _filter_facts(library: Library, activity: Activity) -> dict[str, str]:
    """What the catalog's filters look at, as the values its URL uses (?grade=3&skill=math)."""
    taxonomy = library.taxonomy
    return {
        "grade": " ".join(grade.lower() for grade in activity.grades),
        "skill": " ".join(activity.areas(taxonomy)),
        "minutes": str(activity.minutes),
        "home": "1" if _all_at_home(activity, taxonomy) else "0",
        "free": "1" if activity.cost == "free" else "0",
        "setting": taxonomy.settings[activity.setting].group,
        "lang": " ".join(
            language for language in library.languages if activity.is_translated(language)
        ),
    }


def _all_at_home(activity: Activity, taxonomy: Taxonomy) -> bool:
    return all(taxonomy.materials[material].at_home for material in activity.materials)


def _filter_choices(library: Library, language: str, config: MkDocsConfig) -> dict[str, Any]:
    """The catalog's filters: each a URL parameter and its choices, labelled in `language`."""
    taxonomy = library.taxonomy
    words = library.strings[language]
    groups = dict.fromkeys(setting.group for setting in taxonomy.settings.values())
    names = language_names(config)
    return {
        "grade": [
            {"value": grade.lower(), "label": in_language(taxonomy.grades[grade], language)}
            for grade in GRADES
        ],
        "skill": [
            {"value": area.id, "label": in_language(area.labels, language)}
            for area in taxonomy.areas
        ],
        "minutes": [
            {"value": str(n), "label": fill(words["minutes_or_less"], n=n)} for n in MINUTES_CHOICES
        ],
        "setting": [{"value": group, "label": words[f"where_{group}"]} for group in groups],
        "lang": [{"value": other, "label": names[other]} for other in library.languages],
    }


def _catalog_view(
    library: Library, catalog: str, language: str, here: str, page: int = 1
) -> dict[str, Any]:
    """What a catalog lists: one page of its cards (for all, a grade, a skill), links to its
    other pages, and links to grades and skills."""
    taxonomy = library.taxonomy
    here = f"{here}/" if here else ""
    kind, _, key = catalog.partition(":")
    activities = _ordered(library, catalog, language)
    lists = _lists_of(library)
    total, pages = len(activities), list_pages(len(activities))
    paged = kind in ("all", "grade", "skill")
    shown = (
        activities
        if page == 0  # every card (the filters' file)
        else activities[(page - 1) * CARDS_PER_PAGE : page * CARDS_PER_PAGE]
    )

    grades = [
        {
            "label": in_language(taxonomy.grades[g], language),
            "value": g.lower(),
            "url": _url(f"grades/{g.lower()}/", here),
            "count": lists.grade_counts[g],
        }
        for g in GRADES
    ]
    skills = [
        {
            "label": in_language(area.labels, language),
            "url": _url(f"skills/{area.id}/", here),
            "count": lists.area_counts[area.id],
        }
        for area in taxonomy.areas
    ]
    return {
        "kind": kind,
        "cards": [_card_summary(library, a, language, here) for a in shown],
        "total": total,
        # only the lists of all cards, a grade's and a skill's have pages
        **(list_page_links(_list_path(catalog), page, pages, here) if paged else {}),
        "page": page,
        "pages": pages,
        "cards_url": _url(CARDS_FILE, here),
        "grades": grades,
        "skills": skills,
        "all_url": _url("activities/", here),
        "grades_url": _url("grades/", here),
        "guides_url": _url("guides/", here),
        "resources_url": _url("resources/", here),
        "glossary_url": _url("glossary/", here),
        "school_year_url": _url("school-year/", here),
        "skills_url": _url("skills/", here),
    }


# -- on_page_context: words for every page, JSON-LD for cards -------------------------------------


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    library = library_for(config)
    language = page_language(config)
    context["words"] = library.strings[language]
    if activity_id := page.meta.get("activity"):
        context["activity_jsonld"] = _jsonld(library, library.activity(activity_id), language, page)
    return context


def _jsonld(library: Library, activity: Activity, language: str, page: Page) -> dict[str, Any]:
    """schema.org LearningResource + HowTo, so search engines and apps understand the card."""
    taxonomy = library.taxonomy
    text = activity.text_in(language)
    return {
        "@context": "https://schema.org",
        "@type": ["LearningResource", "HowTo"],
        "@id": page.canonical_url,
        "url": page.canonical_url,
        "name": text.title,
        "description": plain(text.summary),
        "inLanguage": text.language,
        "educationalLevel": [in_language(taxonomy.grades[g], "en") for g in activity.grades],
        "teaches": [in_language(taxonomy.skills[s].labels, language) for s in activity.skills],
        "timeRequired": f"PT{activity.minutes}M",
        "totalTime": f"PT{activity.minutes}M",
        "isAccessibleForFree": activity.cost == "free",
        "learningResourceType": "family activity",
        "audience": {
            "@type": "EducationalAudience",
            "educationalRole": "parent",
            "audienceType": "parents",
        },
        "supply": [
            {"@type": "HowToSupply", "name": in_language(taxonomy.materials[m].labels, language)}
            for m in activity.materials
        ],
        "step": [
            {"@type": "HowToStep", "position": index, "text": plain(step)}
            for index, step in enumerate(text.steps, start=1)
        ],
        **(
            {
                "educationalAlignment": [
                    {"@type": "AlignmentObject", "alignmentType": "teaches", "targetName": code}
                    for code in activity.standards
                ]
            }
            if activity.standards
            else {}
        ),
    }
