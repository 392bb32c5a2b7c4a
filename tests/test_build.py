"""The sample library built with `mkdocs build --strict`: what families get, page by page."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT, mkdocs
from content_library import CARDS_PER_PAGE
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from kitchen_table.taxonomy import GRADES

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)


def page(site: Path, language: str, path: str) -> str:
    prefix = "" if language == "en" else f"{language}/"
    return (site / prefix / path / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


BANDS = {"PK-K": ("PK", "K"), "1-2": ("1", "2"), "3-5": ("3", "4", "5"), "6-8": ("6", "7", "8")}


def test_sample_library_is_useful(site: Path) -> None:
    """A family with one child finds something new every few days: at least 48 cards, 8 for
    every grade, every skill area in every grade band, most with only things from home, every
    card in every language and none out of date."""
    activities = LIBRARY.activities
    assert len(activities) >= 48
    for grade in GRADES:
        count = sum(grade in a.grades for a in activities)
        assert count >= 8, f"grade {grade} has {count} sample cards"
    for band, grades in BANDS.items():
        for area in LIBRARY.taxonomy.areas:
            assert any(
                area.id in a.areas(LIBRARY.taxonomy) and set(a.grades) & set(grades)
                for a in activities
            ), f"no {area.id} card for grades {band}"
    at_home = [
        a for a in activities if all(LIBRARY.taxonomy.materials[m].at_home for m in a.materials)
    ]
    assert len(at_home) > len(activities) / 2
    for language in LIBRARY.languages:
        assert all(a.is_translated(language) and not a.is_stale(language) for a in activities)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_has_a_page_with_its_text(site: Path, language: str) -> None:
    for activity in LIBRARY.activities:
        body = text_of(page(site, language, f"activities/{activity.id}"))
        words = activity.text_in(language)
        assert text_of(words.title.replace("**", "")) in body
        for step in words.steps:
            assert re.sub(r"\*+", "", step) in body, f"{activity.id} ({language}) lost a step"
        assert LIBRARY.strings[language]["talk_about"] in body
        assert LIBRARY.strings[language]["tell_the_teacher"] in body


def test_card_page_structure(site: Path) -> None:
    markup = page(site, "es", "activities/spoon-count")
    assert '<html lang="es"' in markup
    steps = re.search(r'<ol class="kt-steps">(.*?)</ol>', markup, re.S)
    assert steps and steps.group(1).count("<li>") == 5
    assert 'href="../../grades/pk/"' in markup and 'href="../../skills/math/"' in markup
    assert "<strong>conteo uno a uno</strong>" in markup
    assert "Traducido por computadora" in markup  # honest provenance of machine text


def test_language_switcher_and_alternates_keep_the_same_card(site: Path) -> None:
    markup = page(site, "es", "activities/spoon-count")
    assert '<link rel="alternate " href="../../../activities/spoon-count/" hreflang="en">' in markup
    assert re.search(r'<a href="\.\./\.\./\.\./activities/spoon-count/" hreflang="en"', markup)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (
        'hreflang="es" href="https://example.org/kitchen-table/es/activities/spoon-count/"'
        in sitemap
    )


def test_no_edit_link_on_a_card(site: Path) -> None:
    # families never get a pencil to a code host; editors go through /for-schools/ and
    # CONTRIBUTING.md (tests/test_family_walk_pages.py checks every page)
    for language in LANGUAGES:
        markup = page(site, language, "activities/spoon-count")
        assert "github.com/example/kitchen-table/edit/" not in markup


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_json_ld(site: Path, language: str) -> None:
    for activity in LIBRARY.activities:
        markup = page(site, language, f"activities/{activity.id}")
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S)
        assert len(found) == 1
        data = json.loads(found[0])
        assert data["@type"] == ["LearningResource", "HowTo"]
        assert data["inLanguage"] == language
        assert data["timeRequired"] == f"PT{activity.minutes}M"
        assert len(data["step"]) == len(activity.text_in(language).steps)
        assert data["audience"]["educationalRole"] == "parent"
        assert data["url"].endswith(f"activities/{activity.id}/")


def _listed(site: Path, language: str, first: str) -> list[str]:
    """The cards a list shows on its first page and its next pages (page/2/ ...), in order,
    following its "More activities" links as a family does."""
    words = LIBRARY.strings[language]
    listed: list[str] = []
    path = first
    while True:
        markup = page(site, language, path)
        listed += re.findall(
            r'class="kt-catalog__link" href="(?:\.\./)*(?:activities/)?'
            r'([^"./]+)/"',
            markup,
        )
        assert len(re.findall(r'class="kt-catalog__item"', markup)) <= CARDS_PER_PAGE, path
        more = re.search(
            r'<a class="kt-button" rel="next" href="([^"]+)">'
            + re.escape(html.escape(words["more_activities"])),
            markup,
        )
        if more is None:
            return listed
        path = posixpath.normpath(posixpath.join(path, more.group(1)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_list_the_right_cards(site: Path, language: str) -> None:
    listed = _listed(site, language, "activities")
    assert sorted(listed) == sorted(a.id for a in LIBRARY.activities)  # each once
    assert len(LIBRARY.activities) > CARDS_PER_PAGE  # so the sample shows the list's pages
    for grade in GRADES:
        listed = _listed(site, language, f"grades/{grade.lower()}")
        assert sorted(listed) == sorted(a.id for a in LIBRARY.activities if grade in a.grades)
    for area in LIBRARY.taxonomy.areas:
        listed = _listed(site, language, f"skills/{area.id}")
        expected = [a.id for a in LIBRARY.activities if area.id in a.areas(LIBRARY.taxonomy)]
        assert sorted(listed) == sorted(expected)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_filters_read_every_card_from_one_small_file(site: Path, language: str) -> None:
    """A paged list's filters fetch activities/cards.json: every card once, with the address,
    title and facts its line shows, in the list's order."""
    prefix = "" if language == "en" else f"{language}/"
    cards = json.loads((site / prefix / "activities/cards.json").read_text(encoding="utf-8"))
    assert sorted(card["url"].rstrip("/") for card in cards) == sorted(
        a.id for a in LIBRARY.activities
    )
    assert [card["url"].rstrip("/") for card in cards] == _listed(site, language, "activities")
    for card in cards:
        activity = LIBRARY.activity(card["url"].rstrip("/"))
        assert card["title"] == activity.text_in(language).title
        assert card["minutes"] == activity.minutes
        assert card["facts"]["grade"].split() == [g.lower() for g in activity.grades]


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_shows_its_own_text_as_text(site: Path, language: str) -> None:
    home = page(site, language, "")
    source = ROOT / "docs" / ("index.md" if language == "en" else f"index.{language}.md")
    heading = re.search(r"^# (.+)$", source.read_text(encoding="utf-8"), re.M).group(1)
    assert re.search(rf"<h1 id=\"[^\"]*\">{re.escape(heading)}</h1>", home), heading
    assert "&lt;h1" not in home and "&lt;p&gt;" not in home


def test_home_and_nav_lead_to_the_catalogs(site: Path) -> None:
    home = page(site, "es", "")
    assert 'href="grades/3/"' in home and 'href="skills/math/"' in home
    assert 'href="activities/"' in home
    more = re.search(r'<nav class="kt-home-more".*?</nav>', home, re.S).group(0)
    for target in ("guides/", "resources/", "glossary/", "school-year/"):
        assert f'href="{target}"' in more, target
        assert (site / "es" / target / "index.html").is_file(), target
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', home, re.S).group(0)
    assert "Todas las actividades" in nav and "Actividades por grado" in nav
    assert "/activities/spoon-count/" not in nav  # cards stay out of the nav


def test_no_page_calls_a_third_party(site: Path) -> None:
    for file in site.rglob("*.html"):
        markup = file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", markup):
            source = re.search(r'\b(?:src|href)="([^"]+)"', tag)
            if source and 'rel="alternate"' not in tag and 'rel="canonical"' not in tag:
                assert not source.group(1).startswith(("http:", "https:", "//")), (file, tag)
        assert "fonts.googleapis" not in markup and "fonts.gstatic" not in markup


def test_generated_pages_are_not_in_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    for folder in ("docs/activities/", "docs/grades/", "docs/skills/", "site/"):
        assert folder in ignored


# -- an editor's mistakes: all reported, nothing published ---------------------------------------

FIVE_MISTAKES = {
    "grades: [PK, K]": "grades: [PK, K, 10]",
    "minutes: 10": "minutes: 90",
    "skills: [math.counting]": "skills: [math.countin]",
    "cost: free": "cost: cheap",
    "    tell_the_teacher: Tell the teacher": "    tell_the_techer: Tell the teacher",
}


def break_spoon_count(project: Path) -> None:
    card = project / "content" / "activities" / "spoon-count.yml"
    text = card.read_text(encoding="utf-8")
    for old, new in FIVE_MISTAKES.items():
        assert old in text
        text = text.replace(old, new, 1)
    card.write_text(text, encoding="utf-8")


def test_check_prints_five_errors_for_five_mistakes(project: Path) -> None:
    import subprocess

    break_spoon_count(project)
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"], cwd=project, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("content/activities/spoon-count.yml:")
    ]
    assert [line.split(": ")[1] for line in lines] == [
        "grades[2]",
        "skills[0]",
        "minutes",
        "cost",
        "text.en.tell_the_techer",
    ], lines
    assert lines[0].startswith("content/activities/spoon-count.yml:3: grades[2]: ")
    assert "did you mean tell_the_teacher?" in lines[4]
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # builds a site of its own
def test_failed_build_reports_every_error_and_publishes_nothing(project: Path) -> None:
    break_spoon_count(project)
    (project / "content" / "activities" / "broken.yml").write_text(
        "id: broken\ngrades: [1\n", encoding="utf-8"
    )
    result = mkdocs("build", "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.count("content/activities/spoon-count.yml:") == 5
    assert "content/activities/broken.yml:" in result.stderr
    assert "6 content errors: nothing was built" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.slow  # builds a site of its own
def test_deleted_card_leaves_no_page(project: Path) -> None:
    site = project / "site"
    assert mkdocs("build", "--site-dir", str(site), cwd=project).returncode == 0
    assert (site / "es/activities/spoon-count/index.html").exists()
    (project / "content/activities/spoon-count.yml").unlink()
    assert mkdocs("build", "--site-dir", str(site), cwd=project).returncode == 0
    assert not (project / "docs/activities/spoon-count.md").exists()
    assert not (site / "es/activities/spoon-count/index.html").exists()
    assert "spoon-count" not in (site / "activities/index.html").read_text(encoding="utf-8")


@pytest.mark.slow  # builds a site of its own
def test_a_lost_card_page_fails_the_build(project: Path) -> None:
    config = project / "mkdocs.yml"
    exclude = "\nexclude_docs: |\n  activities/spoon-count.pt.md\n"
    config.write_text(config.read_text("utf-8") + exclude, "utf-8")
    result = mkdocs("build", "--site-dir", str(project / "site"), cwd=project)
    assert result.returncode != 0
    assert (
        "1 valid activity card(s) got no page in pt: content/activities/spoon-count.yml"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_headers_file_allows_every_inline_script_and_nothing_else(site: Path) -> None:
    import base64
    import hashlib

    headers = (site / "_headers").read_text(encoding="utf-8")
    policy = re.search(r"Content-Security-Policy: (.*)", headers).group(1)
    assert "Referrer-Policy: same-origin" in headers
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy
    allowed = set(re.findall(r"'(sha256-[^']+)'", policy))
    for file in site.rglob("*.html"):
        markup = file.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', markup)
        assert meta, file
        for script in re.findall(r"<script>(.*?)</script>", markup, re.S):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"sha256-{digest}" in allowed, file
            assert f"'sha256-{digest}'" in meta.group(1), file
    # the one third party named is the map's tile server, for the resources map only
    assert re.findall(r"https?://[^\s;]+", policy) == ["https://tile.openstreetmap.org"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
