"""Synthetic libraries for `make bench`: the sample school's content, multiplied.

`make_library(target, cards)` copies the project (mkdocs.yml, hooks, overrides, docs, content) to
`target` and fills content/ with `cards` activity cards made from the sample cards, and with
newcomer guides and community resources in proportion (PROPORTIONS, MINIMUMS), made from the
sample's guides and resources in turn. Every item has the same words in all eight languages, its
own id and a numbered title (or name); translations keep a correct `translated_from`, so none is
marked stale, and every file is valid (`load_library` accepts the library). The sample's own
cards, guides and resources are replaced by the generated ones; its glossary, school year and
strings are kept as they are.

One generator per content type, in GENERATORS.

`make_floor(target, library)` writes "the floor": plain MkDocs + Material + mkdocs-static-i18n on
the same pages with the same text, as hand-written Markdown, with no hooks: one Markdown page for
every HTML page our site builds (cards and their print views, catalogs, guides, glossary, school
year, resources and their filtered lists, weekly packs, the page for schools, translation status).
"""

from __future__ import annotations

import copy
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from content_library import CARDS_PER_PAGE, format_date, list_pages  # noqa: E402
from guides import dates_view, glossary_view  # noqa: E402
from kitchen_site.booklets import TALK_ABOUT, TALK_ABOUT_SIDE_BY_SIDE, booklet_path  # noqa: E402
from kitchen_table import guides as guide_model  # noqa: E402
from kitchen_table import resources as resource_model  # noqa: E402
from kitchen_table.activities import fingerprint  # noqa: E402
from kitchen_table.addresses import (  # noqa: E402
    GENERATED_FOLDERS,
    language_prefix,
    page_file,
    written_beside_mkdocs,
)
from kitchen_table.cli import site_languages  # noqa: E402
from kitchen_table.library import Library, load_library  # noqa: E402
from kitchen_table.source import YAML12_NUMBER  # noqa: E402
from kitchen_table.strings import fill  # noqa: E402
from kitchen_table.taxonomy import GRADES, in_language  # noqa: E402
from kitchen_table.text import plain  # noqa: E402
from kitchen_table.weeks import BANDS  # noqa: E402
from resources import list_view, resource_view  # noqa: E402

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/{kind}.schema.json\n"
GENERATED_DOCS = GENERATED_FOLDERS
"""Folders our builds write under docs/: never copied as if they were hand-written pages."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes text that YAML 1.2 tools read as a number (a fingerprint such as 1717889e20) in
    quotes, as the content files have it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if YAML12_NUMBER.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def copy_project(target: Path) -> Path:
    """The project's sources without the built site, the generated pages or the sample cards."""
    for name in ("overrides", "hooks", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns(*GENERATED_DOCS))
    # weeks.yml names the sample cards by id: the synthetic cards have other ids
    shutil.copytree(
        ROOT / "content",
        target / "content",
        ignore=shutil.ignore_patterns("activities", "guides", "resources", "weeks.yml"),
    )
    return target


def _samples(kind: str) -> list[dict]:
    return [
        yaml.load(file.read_text(encoding="utf-8"), Loader=_Loader)
        for file in sorted((ROOT / "content" / kind).glob("*.yml"))
    ]


def sample_cards() -> list[dict]:
    return _samples("activities")


def _write(folder: Path, kind: str, item: dict) -> None:
    body = yaml.dump(item, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    (folder / f"{item['id']}.yml").write_text(
        SCHEMA_LINE.format(kind=kind) + body, encoding="utf-8"
    )


def html_pages(site: Path) -> set[str]:
    """Every HTML page of a built site, by its path (es/activities/x/index.html), the pages our
    build writes beside MkDocs' included (kitchen_table.addresses.BESIDE_MKDOCS: booklets,
    offline pages, each language's 404). The floor builds those from Markdown, so its
    es/404/index.html is counted as the es/404.html our build writes."""
    return {
        _NOT_FOUND_PAGE.sub(r"\g<1>404.html", file.relative_to(site).as_posix())
        for file in site.rglob("*.html")
    }


def pages_beside_mkdocs(site: Path) -> int:
    """How many of a built site's HTML pages our build writes beside MkDocs' own."""
    return sum(
        written_beside_mkdocs(file.relative_to(site).as_posix()) for file in site.rglob("*.html")
    )


_NOT_FOUND_PAGE = re.compile(r"(^|/)404/index\.html$")


def generate_activities(content: Path, count: int) -> int:
    """`count` cards in content/activities/, made from the sample cards in turn."""
    folder = content / "activities"
    folder.mkdir(parents=True, exist_ok=True)
    samples = sample_cards()
    ids = [sample["id"] for sample in samples]
    for number in range(1, count + 1):
        card = copy.deepcopy(samples[(number - 1) % len(samples)])
        card["id"] = f"{card['id']}-{number}"
        # a series stays within one round of copies: "next" names that round's copy
        if card.get("next") in ids:
            following = ids.index(card["next"]) + 1 + len(samples) * ((number - 1) // len(samples))
            if following <= count:
                card["next"] = f"{card['next']}-{following}"
            else:
                del card["next"]
        for text in card["text"].values():
            text["title"] = f"{text['title']} {number}"
        english = fingerprint(card["text"]["en"])
        for language, text in card["text"].items():
            if language != "en":
                text["translated_from"] = english
        _write(folder, "activity", card)
    return count


def _translations_from(texts: dict, english: str) -> None:
    """Every translation that records the English it was made from records `english`."""
    for language, text in texts.items():
        if language != "en" and "translated_from" in text:
            text["translated_from"] = english


def _numbered_copies(
    content: Path,
    count: int,
    folder_name: str,
    kind: str,
    name_field: str,
    fingerprint: Callable[[dict], str],
) -> int:
    """`count` files in content/<folder_name>/, made from the sample's in turn, each with a
    numbered id and a numbered `name_field` in every language, translations recording the new
    English fingerprint."""
    folder = content / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    samples = _samples(folder_name)
    for number in range(1, count + 1):
        item = copy.deepcopy(samples[(number - 1) % len(samples)])
        item["id"] = f"{item['id']}-{number}"
        for text in item["text"].values():
            text[name_field] = f"{text[name_field]} {number}"
        _translations_from(item["text"], fingerprint(item["text"]["en"]))
        _write(folder, kind, item)
    return count


def generate_guides(content: Path, count: int) -> int:
    """`count` newcomer guides in content/guides/, made from the sample's guides in turn (the same
    order in the list, so the list keeps the sample's grouping)."""
    return _numbered_copies(content, count, "guides", "guide", "title", guide_model.fingerprint)


def generate_resources(content: Path, count: int) -> int:
    """`count` community resources in content/resources/, made from the sample's in turn (the same
    places, categories, hours and languages spoken, so the filtered lists keep their shares)."""
    return _numbered_copies(
        content, count, "resources", "resource", "name", resource_model.fingerprint
    )


GENERATORS: dict[str, Callable[[Path, int], int]] = {
    "activities": generate_activities,
    "guides": generate_guides,
    "resources": generate_resources,
}
"""Content type -> generator(content folder, how many)."""
PROPORTIONS: dict[str, float] = {"activities": 1.0, "guides": 0.02, "resources": 0.25}
"""How many items of each type per activity card in a synthetic library.

Guides: a district with 1,000 activities has perhaps 20 newcomer guides (0.02 per card). Guides
explain how the district's schools work (enrolling, conferences, special education...), so their
number hardly grows with the activities; the sample's 12 are the floor (MINIMUMS): even a small
library has them all.

Resources: a district of 1,000 activities serves an area whose community directory lists perhaps
250 places that help families (food, health, legal help, libraries, classes: 0.25 per card). The
sample's 28 are the minimum. Both shares are estimates, not counts taken from a real district:
change them here when a district's real numbers are known.

So: 200 cards -> 12 guides and 50 resources; 1,000 -> 20 and 250; 3,000 -> 60 and 750.
"""
MINIMUMS: dict[str, int] = {"guides": 12, "resources": 28}
"""The fewest items of a type in any synthetic library: the sample's own counts."""


def counts_for(cards: int) -> dict[str, int]:
    """How many items of each content type a library of `cards` activity cards holds."""
    return {
        kind: max(MINIMUMS.get(kind, 0), round(cards * share))
        for kind, share in PROPORTIONS.items()
    }


def make_library(target: Path, cards: int) -> dict[str, int]:
    """A project at `target` with `cards` activity cards (and other types in proportion)."""
    copy_project(target)
    counts = counts_for(cards)
    return {
        kind: generate(target / "content", counts[kind]) for kind, generate in GENERATORS.items()
    }


def languages_of(project: Path) -> tuple[str, ...]:
    return site_languages(project / "mkdocs.yml")


# -- the floor: the same pages and words, hand-written Markdown, no hooks --------------------------


def make_floor(target: Path, project: Path) -> int:
    """Plain MkDocs + Material + static-i18n with one Markdown page per page of our site, holding
    the same words. Returns the number of pages."""
    languages = languages_of(project)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    library = load_library(project, languages, config.get("extra"), site_url=config["site_url"])
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict))
    floor = {
        "site_name": config["site_name"],
        "site_url": config["site_url"],
        "docs_dir": "docs",
        # only the interface words Material lacks (ht, so): none of our templates
        "theme": {"name": "material", "language": "en", "font": False, "custom_dir": "overrides"},
        "nav": config["nav"],
        "plugins": ["search", {"i18n": i18n}],
        "validation": config["validation"],
    }
    target.mkdir(parents=True, exist_ok=True)
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(floor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shutil.copytree(
        project / "overrides" / "partials" / "languages",
        target / "overrides" / "partials" / "languages",
    )
    docs = target / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns(*GENERATED_DOCS))
    pages = floor_pages(library, config)
    for relative, text in pages.items():
        page = docs / relative
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return len(pages) + len(languages)  # and the home pages


_file = page_file


def _link(page: str, target: str) -> str:
    """A Markdown link from page `page` to page `target` (paths without .md), as a hand-written
    site links them: MkDocs checks it and turns it into the page's address in that language."""
    return posixpath.relpath(f"{target}.md", posixpath.dirname(page))


def _page(*parts: str | None) -> str:
    return "\n\n".join(part for part in parts if part) + "\n"


def floor_pages(library: Library, config: dict) -> dict[str, str]:
    """Markdown path -> Markdown text, for every page our hooks generate (the hand-written pages
    of docs/ are copied as they are)."""
    pages: dict[str, str] = {}
    for language in library.languages:
        pages.update(_activity_pages(library, language))
        pages.update(_guide_pages(library, language))
        pages.update(_resource_pages(library, language, config))
        pages.update(_newsletter_pages(library, language, config))
        pages.update(_beside_mkdocs_pages(library, language, config))
    pages["translations/index.md"] = "# Translation status\n"
    return pages


def _activity_pages(library: Library, language: str) -> dict[str, str]:
    pages: dict[str, str] = {}
    default = library.languages[0]
    taxonomy = library.taxonomy
    words = library.strings[language]
    cards = library.activities

    def listing(path: str, title: str, chosen) -> str:
        """A list's first page; its next pages (as many as ours has) are added beside it."""
        chosen = list(chosen)
        first, base = path, path.removesuffix("/index")
        for number in range(1, list_pages(len(chosen)) + 1):
            here = first if number == 1 else f"{base}/page/{number}"
            part = chosen[(number - 1) * CARDS_PER_PAGE : number * CARDS_PER_PAGE]
            items = "".join(
                f"- [{plain(a.text_in(language).title)}]"
                f"({_link(here, f'activities/{a.id}')}) — {plain(a.text_in(language).summary)}\n"
                for a in part
            )
            if number > 1:
                pages[_file(here, language, default)] = f"# {title} {number}\n\n{items}"
            else:
                text = f"# {title}\n\n{items}"
        return text

    for activity in cards:
        text = activity.text_in(language)
        body = [
            f"# {plain(text.title)}",
            plain(text.summary),
            "## Steps",
            *[f"{n}. {plain(step)}" for n, step in enumerate(text.steps, 1)],
            "## Talk about",
            *[f"- {plain(prompt)}" for prompt in text.talk_about],
            plain(text.why_it_matters),
            plain(text.tell_the_teacher),
        ]
        pages[_file(f"activities/{activity.id}", language, default)] = "\n\n".join(body) + "\n"
        if language != default and activity.is_translated(language):
            # the bilingual print view: the home language beside English
            english = activity.text_in(default)
            both = [
                *body,
                f"## {plain(english.title)}",
                plain(english.summary),
                *[f"{n}. {plain(step)}" for n, step in enumerate(english.steps, 1)],
            ]
            pages[_file(f"activities/{activity.id}/bilingual", language, default)] = (
                "\n\n".join(both) + "\n"
            )
    pages[_file("activities/index", language, default)] = listing(
        "activities/index", words["all_activities"], cards
    )
    pages[_file("grades/index", language, default)] = f"# {words['activities_by_grade']}\n"
    for grade in GRADES:
        label = in_language(taxonomy.grades[grade], language)
        pages[_file(f"grades/{grade.lower()}", language, default)] = listing(
            f"grades/{grade.lower()}", label, [a for a in cards if grade in a.grades]
        )
    pages[_file("skills/index", language, default)] = f"# {words['activities_by_skill']}\n"
    for area in taxonomy.areas:
        pages[_file(f"skills/{area.id}", language, default)] = listing(
            f"skills/{area.id}",
            in_language(area.labels, language),
            [a for a in cards if area.id in a.areas(taxonomy)],
        )
    return pages


def _guide_pages(library: Library, language: str) -> dict[str, str]:
    """hooks/guides.py's pages: the guides and their list, the glossary, the school year."""
    pages: dict[str, str] = {}
    default = library.languages[0]
    words = library.strings[language]
    if library.guides:
        items = "".join(
            f"- [{plain(g.text_in(language).title)}]"
            f"({_link('guides/index', f'guides/{g.id}')}) — "
            f"{plain(g.text_in(language).summary)}\n"
            for g in library.guides
        )
        pages[_file("guides/index", language, default)] = _page(
            f"# {words['guides']}",
            words["guides_intro"],
            items,
            words["school_year_link"] if library.school else None,
            words["glossary"] if library.glossary else None,
        )
    for guide in library.guides:
        text = guide.text_in(language)
        sections = [
            _page(
                f"## {plain(section.heading)}",
                plain(section.body),
                "".join(f"- {plain(point)}\n" for point in section.points),
            )
            for section in text.sections
        ]
        provenance = guide.provenance_note(language, words)
        pages[_file(f"guides/{guide.id}", language, default)] = _page(
            None if guide.is_translated(language) else words["guide_not_translated"],
            f"# {plain(text.title)}",
            plain(text.summary),
            *sections,
            f"## {words['questions_you_can_ask']}",
            "".join(f"- {plain(question)}\n" for question in text.questions),
            f"## {words['sources']}",
            "".join(f"- [{source.name}]({source.url})\n" for source in guide.sources),
            provenance,
            words["all_guides"],
            words["glossary"] if library.glossary else None,
        )
    if library.glossary is not None:
        terms = "".join(
            f"{term['term']}"
            + (f" ({words['in_english']}: {term['english']})" if term["english"] else "")
            + f"\n:   {term['definition']}\n\n"
            for term in glossary_view(library, language)
        )
        pages[_file("glossary/index", language, default)] = _page(
            f"# {words['glossary']}", words["glossary_intro"], terms
        )
    if library.school is not None:
        school = library.school
        dates = "".join(f"- {day['when']}: {day['what']}\n" for day in dates_view(school, language))
        pages[_file("school-year/index", language, default)] = _page(
            f"# {fill(words['school_year'], year=school.year)}",
            fill(words["school_year_intro"], school=school.details["name"]),
            words["add_to_calendar"],
            dates,
            fill(words["school_year_questions"], phone=school.details["office_phone"]),
        )
    return pages


def _resource_pages(library: Library, language: str, config: dict) -> dict[str, str]:
    """hooks/resources.py's pages: each resource, the list, and the list filtered by category,
    by language spoken and to free places."""
    pages: dict[str, str] = {}
    if not library.resources:
        return pages
    default = library.languages[0]
    words = library.strings[language]
    sample = bool((config.get("extra", {}).get("resources") or {}).get("sample_data"))
    notice = words["resources_sample_notice"] if sample else None
    for resource in library.resources:
        here = f"resources/{resource.id}/"
        view = resource_view(library, resource, language, here)
        hours = "".join(f"- {block['days']}: {block['times']}\n" for block in view["hours"])
        cost = " — ".join(
            part for part in (words["cost_free"] if view["free"] else "", view["fees"]) if part
        )
        pages[_file(f"resources/{resource.id}", language, default)] = _page(
            f"# {plain(view['name'])}",
            notice,
            view["organization"],
            view["category_label"] + (f" · {words['cost_free']}" if view["free"] else ""),
            words["out_of_date"] if view["out_of_date"] else None,
            view["provenance"] if view["translated"] else words["not_translated"],
            f"## {words['offers']}",
            plain(view["description"]),
            f"## {words['eligibility']}" if view["eligibility"] else None,
            plain(view["eligibility"] or ""),
            view["call"] if view["phone"] else None,
            f"{words['directions']} · {words['open_in_map_app']}",
            f"## {words['address']}",
            view["address"],
            f"## {words['hours']}",
            hours or words["call_for_hours"],
            f"## {words['languages_spoken']}",
            "".join(f"- {name}\n" for name in view["spoken"]),
            f"## {words['cost']}",
            plain(cost),
            f"## {words['documents']}",
            "".join(f"- {name}\n" for name in view["documents"]) or words["documents_none"],
            f"## {words['accessibility']}" if view["access"] else None,
            "".join(f"- {name}\n" for name in view["access"]),
            f"{words['website']}: {view['website']}" if view["website"] else None,
            f"{words['email']}: {view['email']}" if view["email"] else None,
            fill(words["last_verified"], date=view["verified"]),
            words["report_problem"] if view["report"] else None,
            words["resources_all"],
        )
    taxonomy = library.taxonomy
    listings = {"resources/index": ("all", words["resources_title"])}
    for category in sorted({r.category for r in library.resources}):
        label = in_language(taxonomy.resource_categories[category].labels, language)
        listings[f"resources/categories/{category}"] = (
            f"category:{category}",
            fill(words["resources_category_title"], category=label),
        )
    for code in sorted({code for r in library.resources for code in r.languages}):
        label = in_language(taxonomy.resource_languages[code], language)
        listings[f"resources/languages/{code}"] = (
            f"language:{code}",
            fill(words["resources_language_title"], language=label),
        )
    listings["resources/free"] = ("free", words["resources_free_title"])
    for first, (listing, title) in listings.items():
        base = first.removesuffix("index").rstrip("/") + "/"
        pages.update(_resource_list_pages(library, language, listing, title, first, base, notice))
    return pages


def _resource_list_pages(
    library: Library,
    language: str,
    listing: str,
    title: str,
    first: str,
    base: str,
    notice: str | None,
) -> dict[str, str]:
    """A list of places' first page and its next pages (base/page/2 ...), as many as ours has."""
    pages: dict[str, str] = {}
    default = library.languages[0]
    words = library.strings[language]
    number, count = 1, 1
    while number <= count:
        path = first if number == 1 else f"{base}page/{number}"
        here = base if number == 1 else f"{base}page/{number}/"
        view = list_view(library, listing, language, here, number)
        count = view["pages"]
        number += 1
        items = "".join(
            f"- [{plain(item['name'])}]({_link(path, 'resources/' + item['id'])})"
            f" — {item['organization']}"
            f" — {item['category_label']}{' · ' + words['cost_free'] if item['free'] else ''}"
            f" — {item['address']}{' · ' + item['phone'] if item['phone'] else ''}"
            f"{' — ' + words['out_of_date'] if item['out_of_date'] else ''}\n"
            for item in view["items"]
        )
        pages[_file(path, language, default)] = _page(
            f"# {title}",
            notice,
            words["resources_intro"],
            f"## {words['resources_kind']}",
            "".join(f"- {c['label']} ({c['count']})\n" for c in view["categories"]),
            f"## {words['resources_staff_speak']}",
            "".join(f"- {s['label']} ({s['count']})\n" for s in view["spoken"]),
            f"{words['resources_free_only']} ({view['free_count']})",
            fill(words["resources_count"], n=view["total"]),
            items,
            words["catalog_page"] if view["pages"] > 1 else None,
            f"{words['open_data']}: resources.geojson · HSDS 3 (CSV)",
        )
    return pages


def _newsletter_pages(library: Library, language: str, config: dict) -> dict[str, str]:
    """hooks/newsletter.py's pages: the weekly packs (when content/weeks.yml has weeks) and the
    page for schools."""
    pages: dict[str, str] = {}
    default = library.languages[0]
    words = library.strings[language]
    taxonomy = library.taxonomy

    def week_title(week) -> str:
        return fill(words["week_title"], date=format_date(words, week.start))

    def band_label(band: str) -> str:
        return words["band_" + band.lower().replace("-", "_")]

    if library.weeks:
        pages[_file("weeks/index", language, default)] = _page(
            f"# {words['weeks']}",
            "".join(f"- {week_title(week)}\n" for week in library.weeks),
            "".join(f"- {label}\n" for label in [words["weeks_feed"], *map(band_label, BANDS)]),
        )
    for week in library.weeks:
        bands = [
            _page(
                f"## {band_label(band)}",
                "".join(
                    f"- [{plain(library.activity(i).text_in(language).title)}]"
                    f"({_link(f'weeks/{week.slug}', f'activities/{i}')}) — "
                    f"{plain(library.activity(i).text_in(language).summary)}\n"
                    for i in ids
                ),
            )
            for band, ids in week.packs.items()
        ]
        pages[_file(f"weeks/{week.slug}", language, default)] = _page(
            f"# {week_title(week)}", *bands
        )
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict))
    names = [entry["name"] for entry in i18n["languages"] if entry.get("build", True)]
    prefix = language_prefix(language, default)
    grades = [(in_language(taxonomy.grades[g], language), f"grades/{g.lower()}/") for g in GRADES]
    skills = [(in_language(a.labels, language), f"skills/{a.id}/") for a in taxonomy.areas]
    pages[_file("for-schools/index", language, default)] = _page(
        f"# {words['for_schools']}",
        words["for_schools_intro"],
        words["stable_urls"],
        f"## {words['link_builder']}",
        f"{words['filter_grade']}: {words['filter_any']}, "
        + ", ".join(label for label, _ in grades),
        f"{words['filter_skill']}: {words['filter_any']}, "
        + ", ".join(label for label, _ in skills),
        f"{words['filter_language']}: " + ", ".join(names),
        words["link_make"],
        f"## {words['link_static']}",
        "".join(
            f"- {label}: {config['site_url']}{prefix}{path}\n" for label, path in grades + skills
        ),
    )
    return pages


def _beside_mkdocs_pages(library: Library, language: str, config: dict) -> dict[str, str]:
    """The pages our build writes beside MkDocs' (kitchen_table.addresses.BESIDE_MKDOCS), as
    Markdown pages with the same words, so the floor pays for them too: each week's booklet
    per band (its cards' steps and questions, beside English in the side-by-side languages),
    the offline page (when there are weeks, as ours) and, in each language but the default, the
    404 page with every language's words and home link."""
    pages: dict[str, str] = {}
    default = library.languages[0]
    words = library.strings[language]
    school = library.school
    name = school.details["name"] if school else config["site_name"]
    phone = school.details["office_phone"] if school else ""
    side = language in (school.side_by_side if school else ()) and language != default
    talk = TALK_ABOUT_SIDE_BY_SIDE if side else TALK_ABOUT

    def card_text(card_id: str, shown: str) -> str:
        activity = library.activity(card_id)
        text = activity.text_in(shown)
        return _page(
            f"## {plain(text.title)}",
            plain(text.summary),
            fill(library.strings[shown]["minutes"], n=activity.minutes),
            "".join(f"1. {plain(step)}\n" for step in text.steps),
            "".join(f"- {plain(question)}\n" for question in text.talk_about[:talk]),
        )

    for week in library.weeks:
        title = fill(words["week_title"], date=format_date(words, week.start))
        for band, ids in week.packs.items():
            label = words["band_" + band.lower().replace("-", "_")]
            shown = (language, default) if side else (language,)
            pages[_file(booklet_path(week, band).rstrip("/"), language, default)] = _page(
                f"# {title} · {label}",
                f"{name} · {phone}",
                words["booklet_scan"],
                *(card_text(card, other) for other in shown for card in ids),
            )
    if library.weeks:
        pages[_file("offline/index", language, default)] = _page(
            f"# {words['offline_title']}",
            words["offline_none"],
            words["offline_intro"],
            config["site_name"],
        )
    if language != default:
        pages[_file("404", language, default)] = _page(
            f"# {words['not_found_title']}",
            *(
                f"{theirs['not_found_title']}: {theirs['not_found_text']} "
                f"{theirs['not_found_home']}"
                for theirs in (library.strings[other] for other in library.languages)
            ),
        )
    return pages
