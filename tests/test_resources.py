"""Community resources: settings, open data (GeoJSON, HSDS data package), the HSDS import and
export round trip, `kitchen-table check`, and the built pages in every language."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV, ROOT
from content_library import PLACES_PER_PAGE
from jsonschema import Draft202012Validator
from kitchen_table.cli import site_extra, site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.hsds import write_data_package
from kitchen_table.hsds_import import import_export
from kitchen_table.hsds_read import read_export
from kitchen_table.library import load_library
from kitchen_table.resource_map import geojson
from kitchen_table.resource_settings import distance_km, settings_from_extra
from kitchen_table.resources import fingerprint as resource_fingerprint
from kitchen_table.strings import fill

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
EXTRA = site_extra(ROOT / "mkdocs.yml")

# RFC 7946, as much as a feature collection of points needs
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                    "properties": {"type": "object"},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT, LANGUAGES, EXTRA)


def test_sample_has_25_resources_in_every_language(library) -> None:
    assert len(library.resources) >= 25
    for resource in library.resources:
        assert set(resource.texts) == set(LANGUAGES), resource.id
        assert not any(resource.is_stale(language) for language in LANGUAGES), resource.id
        assert resource.phone and re.fullmatch(r"555-01\d\d", resource.phone)
        for address in (resource.website or "", resource.email or ""):
            assert not address or address.endswith(".example"), address


def test_settings_take_a_circle_and_report_mistakes_in_mkdocs_yml() -> None:
    settings, errors = settings_from_extra(
        {"resources": {"service_area": {"center": [44.53, -72.58], "radius_km": 2}}}
    )
    assert errors == []
    assert settings.area.contains(44.535, -72.575)
    assert not settings.area.contains(44.60, -72.58)  # about 7.8 km north
    assert distance_km((44.53, -72.58), (44.60, -72.58)) == pytest.approx(7.78, abs=0.05)
    _, errors = settings_from_extra(
        {
            "resources": {
                "service_area": {"bounds": [1, 2, 0, 3]},
                "verified_within_months": "a year",
                "report_problem": "ftp://x",
            }
        }
    )
    assert [str(e) for e in errors] == [
        "mkdocs.yml:1: extra.resources.service_area.bounds: should be [south, west, north, east] "
        "in decimal degrees, south below north and west below east",
        "mkdocs.yml:1: extra.resources.verified_within_months: should be a whole number of "
        "months, e.g. 12",
        "mkdocs.yml:1: extra.resources.report_problem: write an email address or an https:// "
        "address (where {id} becomes the resource's id)",
    ]


def test_report_link_is_prefilled_with_the_id() -> None:
    by_mail, _ = settings_from_extra({"resources": {"report_problem": "fix@school.example"}})
    assert (
        by_mail.report_link("food-bank", "Problem with {id}")
        == "mailto:fix@school.example?subject=Problem%20with%20food-bank"
    )
    by_issue, _ = settings_from_extra(
        {"resources": {"report_problem": "https://git.example/issues/new?title={id}"}}
    )
    assert (
        by_issue.report_link("food-bank", "x") == "https://git.example/issues/new?title=food-bank"
    )


def test_out_of_date_is_a_notice_not_an_error(library) -> None:
    later = load_library(ROOT, LANGUAGES, EXTRA, today=dt.date(2026, 11, 1))
    old = {notice.path for notice in later.resource_notices}
    assert old == {
        "content/resources/oak-street-farmers-market-vouchers.yml",
        "content/resources/warm-homes-winter-program.yml",
    }
    assert {r.id for r in later.resources if r.out_of_date} == {
        "oak-street-farmers-market-vouchers",
        "warm-homes-winter-program",
    }
    strict = load_library(
        ROOT,
        LANGUAGES,
        {"resources": {**EXTRA["resources"], "verified_within_months": 1}},
        today=dt.date(2026, 11, 1),
    )
    assert len(strict.resource_notices) > len(later.resource_notices)


def test_check_prints_resource_notices(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "warning: content/resources/oak-street-farmers-market-vouchers.yml:" in result.stderr
    assert "may be out of date" in result.stderr
    assert (
        f"{len(list((ROOT / 'content/resources').glob('*.yml')))} community resources"
        in result.stdout
    )


def test_check_lists_the_stale_translations_of_a_resource(project: Path) -> None:
    """A resource's English changed after it was translated: `make check` says, as for cards and
    guides, which translations to update and the fingerprint to write once they are."""
    files = sorted((project / "content/resources").glob("*.yml"))
    file = files[0]
    data = yaml.safe_load(file.read_text("utf-8"))
    data["text"]["en"]["description"] += " Call first on holidays."
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"Translations of community resources ({len(files)}):" in result.stdout
    translated = [language for language in data["text"] if language != "en"]
    assert translated, "the sample resource should have translations"
    shown = file.relative_to(project).as_posix()
    stale = [
        line.strip()
        for line in result.stdout.splitlines()
        if line.strip().startswith(f"stale: {shown}:")
    ]
    assert stale == [
        f"stale: {shown}: text.{language} was translated from an older English text — update "
        f'it, then set translated_from: "{resource_fingerprint(data["text"]["en"])}"'
        for language in sorted(translated)
    ]


def test_geojson_is_valid_and_in_the_service_area(library) -> None:
    data = geojson(library.resources, library.taxonomy, "https://example.org/kt/")
    Draft202012Validator(GEOJSON_SCHEMA).validate(data)
    area = library.resource_settings.area
    for feature in data["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert area.contains(latitude, longitude), feature["id"]  # [lon, lat], not [lat, lon]
        assert feature["properties"]["url"] == f"https://example.org/kt/resources/{feature['id']}/"


def test_data_package_validates_with_frictionless(library, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    write_data_package(library, tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with (tmp_path / "services.csv").open(encoding="utf-8") as file:
        services = list(csv.DictReader(file))
    assert len(services) == len(library.resources)
    assert {row["assured_date"] for row in services} == {
        r.last_verified.isoformat() for r in library.resources
    }


def test_export_then_import_gives_back_the_same_resources(library, tmp_path: Path) -> None:
    write_data_package(library, tmp_path / "export")
    outcome = import_export(read_export(tmp_path / "export"), library.taxonomy)
    assert outcome.problems == []
    files = outcome.files
    project = tmp_path / "project"
    for name in ("schema", "strings", "activities"):
        shutil.copytree(ROOT / "content" / name, project / "content" / name)
    shutil.copy2(ROOT / "content" / "taxonomy.yml", project / "content" / "taxonomy.yml")
    (project / "content" / "resources").mkdir()
    for resource_id, text in files.items():
        (project / "content" / "resources" / f"{resource_id}.yml").write_text(text, "utf-8")
    again = load_library(project, LANGUAGES, EXTRA)
    assert again.resources == library.resources


def test_import_of_a_211_export_maps_labels_and_reports_what_does_not_fit(
    library, tmp_path: Path
) -> None:
    """A directory's export: its own ids, labels instead of codes, a category we lack."""
    export = tmp_path / "export"
    export.mkdir()
    tables = {
        "organization": [["id", "name"], ["9f1c", "Hilltop Pantry"]],
        "service": [
            ["id", "organization_id", "name", "description", "assured_date"],
            ["A-1", "9f1c", "Hilltop groceries", "Food boxes.", "2026-10-01"],
            ["A-2", "9f1c", "Boat rides", "Fun.", "2026-10-01"],
        ],
        "location": [["id", "latitude", "longitude"], ["L1", "44.53", "-72.58"]],
        "service_at_location": [
            ["id", "service_id", "location_id"],
            ["x", "A-1", "L1"],
            ["y", "A-2", "L1"],
        ],
        "address": [["id", "location_id", "address_1", "city"], ["a", "L1", "2 Hill Rd", "MH"]],
        "phone": [["id", "service_id", "number"], ["p", "A-1", "555-0199"]],
        "schedule": [
            ["id", "service_id", "byday", "opens_at", "closes_at"],
            ["s", "A-1", "MO,WE", "09:00:00", "12:00:00"],
        ],
        "language": [["id", "service_id", "name", "code"], ["l", "A-1", "Spanish", ""]],
        "taxonomy_term": [["id", "code", "name"], ["t1", "", "Food"], ["t2", "", "Boating"]],
        "attribute": [
            ["id", "link_id", "taxonomy_term_id"],
            ["1", "A-1", "t1"],
            ["2", "A-2", "t2"],
        ],
        "cost_option": [["id", "service_id", "amount"], ["c", "A-1", "0"]],
    }
    for name, rows in tables.items():
        with (export / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)
    outcome = import_export(read_export(export), library.taxonomy)
    assert outcome.problems == [
        "service.csv:3: category: no taxonomy term (Boating) matches resource_categories in "
        "content/taxonomy.yml — write category: by hand"
    ]
    text = outcome.files["hilltop-groceries"]
    assert 'category: "food"' in text and 'languages: ["es"]' in text and "free: true" in text
    assert '{days: [mo, we], opens: "09:00", closes: "12:00"}' in text


# -- the built site -------------------------------------------------------------------------------


def _page(site: Path, language: str, path: str) -> str:
    prefix = "" if language == "en" else f"{language}/"
    return (site / f"{prefix}{path}" / "index.html").read_text(encoding="utf-8")


def _list_pages(site: Path, language: str, first: str) -> list[str]:
    """A list's pages, from its first along its "More places" links."""
    prefix = "" if language == "en" else f"{language}/"
    pages, path = [], f"{prefix}{first}"
    while path:
        markup = (site / path / "index.html").read_text(encoding="utf-8")
        pages.append(markup)
        found = re.search(r'class="kt-button" rel="next" href="([^"]+)"', markup)
        path = posixpath.normpath(posixpath.join(path, found.group(1))) + "/" if found else ""
    return pages


@pytest.mark.parametrize("language", ["en", "ar"])
def test_long_lists_of_places_are_shared_out_over_pages(site: Path, library, language: str) -> None:
    """No list of places grows with the library: each page shows PLACES_PER_PAGE at most, in the
    list's order, its next pages are not search results, and resources/list.json (what the
    filters read) holds every place in the same order, each linking to its page."""
    pages = _list_pages(site, language, "resources/")
    assert len(pages) == -(-len(library.resources) // PLACES_PER_PAGE) > 1
    shown = [re.findall(r'class="kt-res-item" data-id="([^"]+)"', markup) for markup in pages]
    assert all(len(ids) <= PLACES_PER_PAGE for ids in shown)
    words = library.strings[language]
    assert fill(words["catalog_page"], page=2, pages=len(pages)) in pages[1]
    assert "data-pagefind-body" in pages[0] and "data-pagefind-body" not in pages[1]
    prefix = "" if language == "en" else f"{language}/"
    places = json.loads((site / prefix / "resources/list.json").read_text(encoding="utf-8"))
    assert [place["id"] for place in places] == [i for ids in shown for i in ids]
    for place in places:
        assert (site / prefix / "resources" / place["url"] / "index.html").is_file()
        assert place["name"] == library.resource(place["id"]).text_in(language).name
    # a week's "Save for offline" keeps every page of the list and the file its filters read
    week = sorted((site / prefix / "weeks").glob("*/offline.json"))[0]
    saved = {
        posixpath.normpath(posixpath.join(f"weeks/{week.parent.name}/", url))
        for band in json.loads(week.read_text(encoding="utf-8"))["bands"].values()
        for url in band["urls"]
    }
    assert {"resources", "resources/page/2", "resources/list.json"} <= saved


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_and_resource_pages_in_every_language(site: Path, library, language: str) -> None:
    words = library.strings[language]
    listing = html.unescape(_page(site, language, "resources"))
    assert words["resources_title"] in listing
    assert words["resources_sample_notice"] in listing
    assert fill(words["resources_count"], n=len(library.resources)) in listing  # the whole list's
    names = [
        html.unescape(name)
        for markup in _list_pages(site, language, "resources/")
        for name in re.findall(r'class="kt-res-name"[^>]*>([^<]*)<', markup)
    ]
    assert sorted(names) == sorted(r.texts[language].name for r in library.resources)
    page = _page(site, language, "resources/hollow-family-health-center")
    resource = library.resource("hollow-family-health-center")
    assert f'lang="{language}"' in page
    assert 'href="tel:5550105"' in page
    assert "/edit/main/content/resources/" not in page  # no pencil for families
    assert 'href="geo:44.535000,-72.578000?q=44.535000,-72.578000(' in page
    assert "openstreetmap.org/directions?route=%3B44.535000%2C-72.578000" in page
    assert "issues/new?title=Resource%20hollow-family-health-center%3A%20a%20problem" in page
    for day in ("mo", "sa"):
        assert words[f"day_{day}"] in page
    for code in resource.languages:
        assert library.taxonomy.resource_languages[code][language] in page
    assert words["translation_machine" if language != "en" else "offers"] in page


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "July 30, 2026"),
        ("es", "30 de julio de 2026"),
        ("zh", "2026年7月30日"),
        ("vi", "ngày 30 tháng 7 năm 2026"),
        ("ar", "30 يوليو 2026"),
        ("ht", "30 jiyè 2026"),
        ("so", "30 Luuliyo 2026"),
        ("pt", "30 de julho de 2026"),
    ],
)
def test_last_verified_date_is_written_for_the_reader(site: Path, language: str, date: str) -> None:
    page = _page(site, language, "resources/hollow-family-health-center")
    assert re.search(r'<time datetime="2026-07-30">[^<]*' + re.escape(date), page), language


def test_out_of_date_listings_are_marked(site: Path, library) -> None:
    words = library.strings["en"]
    stale = {r.id for r in library.resources if r.out_of_date}
    assert "oak-street-farmers-market-vouchers" in stale
    for resource in library.resources:
        page = _page(site, "en", f"resources/{resource.id}")
        assert (words["out_of_date"] in page) == (resource.id in stale), resource.id


def test_filter_pages_work_without_javascript(site: Path, library) -> None:
    """Each filtered list, along its pages, shows exactly the places it promises."""

    def listed(language: str, first: str) -> list[str]:
        return [
            place
            for markup in _list_pages(site, language, first)
            for place in re.findall(r'class="kt-res-item" data-id="([^"]+)"', markup)
        ]

    food = listed("en", "resources/categories/food/")
    assert sorted(food) == sorted(r.id for r in library.resources if r.category == "food")
    somali = listed("es", "resources/languages/so/")
    assert sorted(somali) == sorted(r.id for r in library.resources if "so" in r.languages)
    free = listed("en", "resources/free/")
    assert sorted(free) == sorted(r.id for r in library.resources if r.free)
    assert len(free) > PLACES_PER_PAGE  # the sample's free places fill more than one page


def test_only_the_map_page_may_load_tiles(site: Path) -> None:
    def images(html: str) -> str:
        return re.search(r'Content-Security-Policy" content="[^"]*img-src ([^;"]*)', html).group(1)

    assert images(_page(site, "en", "resources")) == "'self' data: https://tile.openstreetmap.org"
    assert images(_page(site, "es", "resources")) == "'self' data: https://tile.openstreetmap.org"
    for path in ("resources/free", "resources/hollow-legal-aid", "activities/spoon-count", ""):
        assert images(_page(site, "en", path)) == "'self' data:", path
    # no page names Leaflet before "Show map" is tapped: the script loads it on request
    assert "leaflet.js" not in re.sub(
        r'data-leaflet-js="[^"]*"', "", _page(site, "en", "resources")
    )


def test_open_data_is_published(site: Path, library) -> None:
    data = json.loads((site / "resources.geojson").read_text(encoding="utf-8"))
    Draft202012Validator(GEOJSON_SCHEMA).validate(data)
    assert len(data["features"]) == len(library.resources)
    package = json.loads((site / "open-data/hsds/datapackage.json").read_text(encoding="utf-8"))
    for entry in package["resources"]:
        assert (site / "open-data/hsds" / entry["path"]).is_file()
    assert (site / "assets/vendor/leaflet-1.9.4/LICENSE").is_file()


def test_new_resource_from_the_template_validates_once_filled_in(project: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "kitchen-table"), *args],
            cwd=project,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("new", "resource", "free").returncode == 2  # a list page's name
    created = run("new", "resource", "hilltop-pantry")
    assert created.returncode == 0, created.stderr
    file = project / "content/resources/hilltop-pantry.yml"
    unfilled = run("check")
    assert unfilled.returncode == 1
    fields = {
        line.split(": ")[1]
        for line in unfilled.stderr.splitlines()
        if line.startswith("content/resources/hilltop-pantry.yml:")
    }
    assert {"organization", "category", "location", "last_verified", "text.en.name"} <= fields
    text = file.read_text("utf-8")
    for old, new in (
        ('organization: ""', "organization: Hilltop"),
        ('category: ""', "category: food"),
        ('street: ""', "street: 2 Hill Road"),
        ('city: ""', "city: Maple Hollow"),
        ('postal_code: ""', 'postal_code: "00100"'),
        ("latitude: 0", "latitude: 44.53"),
        ("longitude: 0", "longitude: -72.58"),
        ('phone: ""', 'phone: "555-0198"'),
        ("website: https://\n", ""),
        ('email: ""\n', ""),
        ("documents: []\n", ""),
        ("accessibility: []\n", ""),
        ('last_verified: ""', "last_verified: 2026-10-01"),
        ('name: ""', "name: Food boxes"),
        ('description: ""', "description: Boxes."),
        ('eligibility: ""', "eligibility: Anyone."),
    ):
        text = text.replace(old, new)
    file.write_text(text, "utf-8")
    filled = run("check")
    assert filled.returncode == 0, filled.stderr
    assert "29 community resources" in filled.stdout


def test_month_names_must_name_twelve_months(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("schema", "strings", "activities", "resources"):
        shutil.copytree(ROOT / "content" / name, content / name)
    shutil.copy2(ROOT / "content" / "taxonomy.yml", content / "taxonomy.yml")
    strings = content / "strings" / "pt.yml"
    strings.write_text(strings.read_text("utf-8").replace("março abril", "março"), "utf-8")
    with pytest.raises(ContentInvalid) as invalid:
        load_library(tmp_path, LANGUAGES, EXTRA)
    line = (
        strings.read_text("utf-8")
        .splitlines()
        .index(
            next(t for t in strings.read_text("utf-8").splitlines() if t.startswith("month_names"))
        )
    )
    assert [str(e) for e in invalid.value.errors] == [
        f"content/strings/pt.yml:{line + 1}: month_names: names 11 months, not 12 — write the "
        "twelve month names separated by spaces (or by commas)"
    ]
