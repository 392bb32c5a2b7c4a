"""Every language of the site: pages, direction, alternates, fallbacks, stale translations."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT, mkdocs
from kitchen_table.activities import fingerprint
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
RTL = {"ar"}


def page_path(site: Path, language: str, path: str) -> Path:
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    return site / prefix / path / "index.html"


def test_the_site_has_eight_languages() -> None:
    assert LANGUAGES == ("en", "es", "zh", "vi", "ar", "ht", "so", "pt")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_in_every_language(site: Path, language: str) -> None:
    for activity in LIBRARY.activities:
        markup = page_path(site, language, f"activities/{activity.id}").read_text("utf-8")
        text = activity.text_in(language)
        assert activity.is_translated(language), f"{activity.id} lacks {language}"
        assert f'<article class="kt-card" lang="{language}">' in markup
        words = re.sub(r'<a class="kt-term"[^>]*><abbr[^>]*>|</abbr></a>', "", markup)
        assert re.sub(r"\*+", "", text.steps[0]).split("[")[0][:30] in words  # glossary marks


def test_html_lang_and_dir_on_every_page(site: Path) -> None:
    checked = 0
    for file in site.rglob("*.html"):
        relative = file.relative_to(site).as_posix()
        first = relative.split("/")[0]
        language = first if first in LANGUAGES else LANGUAGES[0]
        markup = file.read_text("utf-8")
        direction = "rtl" if language in RTL else "ltr"
        tag = re.search(r"<html\b[^>]*>", markup).group(0)
        assert f'lang="{language}"' in tag and f'dir="{direction}"' in tag, (relative, tag)
        checked += 1
    assert checked > len(LIBRARY.activities) * len(LANGUAGES)


def test_every_page_names_all_its_alternates(site: Path) -> None:
    for language in LANGUAGES:
        markup = page_path(site, language, "activities/spoon-count").read_text("utf-8")
        found = re.findall(r'<link rel="alternate ?" href="[^"]+" hreflang="([^"]+)">', markup)
        assert sorted(found) == sorted(LANGUAGES)
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    block = re.search(
        r"<url>\s*<loc>[^<]*/activities/spoon-count/</loc>.*?</url>", sitemap, re.S
    ).group(0)
    assert sorted(re.findall(r'hreflang="([^"]+)"', block)) == sorted(LANGUAGES)


def test_language_selector_names_languages_in_their_own_script(site: Path) -> None:
    markup = page_path(site, "so", "activities/spoon-count").read_text("utf-8")
    names = re.findall(r'hreflang="[^"]+" class="md-select__link">\s*([^<]+?)\s*<', markup)
    assert names == [
        "English",
        "Español",
        "中文",
        "Tiếng Việt",
        "العربية",
        "Kreyòl ayisyen",
        "Soomaali",
        "Português",
    ]


def test_interface_words_are_translated(site: Path) -> None:
    for language in LANGUAGES:
        markup = page_path(site, language, "activities/spoon-count").read_text("utf-8")
        assert LIBRARY.strings[language]["talk_about"] in markup
        if language != "en":
            assert LIBRARY.strings[language]["talk_about"] != LIBRARY.strings["en"]["talk_about"]
    for language in ("ht", "so"):  # Material ships none: overrides/partials/languages/
        markup = page_path(site, language, "").read_text("utf-8")
        assert 'placeholder="Search"' not in markup


# each language's own search index, of its own pages: tests/test_search.py


# -- missing and stale translations ------------------------------------------------------------


def _remove_translation(card: Path, language: str) -> None:
    lines = card.read_text("utf-8").splitlines(keepends=True)
    start = lines.index(f"  {language}:\n")
    end = start + 1
    while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
        end += 1
    card.write_text("".join(lines[:start] + lines[end:]), "utf-8")


@pytest.mark.slow  # builds a site of its own
def test_missing_translation_shows_english_under_a_banner(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    _remove_translation(card, "so")
    site = project / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    markup = (site / "so/activities/spoon-count/index.html").read_text("utf-8")
    words = LIBRARY.strings["so"]
    assert words["not_translated"] in markup
    assert '<article class="kt-card" lang="en" dir="ltr">' in markup
    assert "Spoon count" in markup
    catalog = (site / "so/activities/index.html").read_text("utf-8")
    assert re.search(r'href="spoon-count/" lang="en">Spoon count<', catalog)
    status = (site / "translations/index.html").read_text("utf-8")
    row = re.search(r'<tr id="card-spoon-count">.*?</tr>', status, re.S).group(0)
    assert row.count('class="kt-status__missing"') == 1


@pytest.mark.slow  # builds a site of its own
def test_stale_translation_is_flagged(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text("utf-8")
    card.write_text(
        text.replace(
            "Put a small pile of spoons on the table, up to ten.",
            "Put a small pile of spoons on the table, up to twenty.",
            1,
        ),
        "utf-8",
    )
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"], cwd=project, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0
    import yaml

    new = fingerprint(yaml.safe_load(card.read_text("utf-8"))["text"]["en"])
    for language in LANGUAGES[1:]:
        assert (
            f"stale: content/activities/spoon-count.yml: text.{language} was translated "
            f'from an older English text — update it, then set translated_from: "{new}"'
            in result.stdout
        )
    site = project / "site"
    assert mkdocs("build", "--strict", "--site-dir", str(site), cwd=project).returncode == 0
    markup = (site / "es/activities/spoon-count/index.html").read_text("utf-8")
    assert LIBRARY.strings["es"]["translation_stale"] in markup
    english = (site / "activities/spoon-count/index.html").read_text("utf-8")
    assert 'class="kt-stale"' not in english
    status = (site / "translations/index.html").read_text("utf-8")
    assert (
        re.search(r'<tr id="totals-es">(.*?)</tr>', status, re.S).group(1).count("<td>1</td>") >= 1
    )


STALE = re.compile(r"stale: (\S+): text\.(\w+) was translated from an older English text")


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        (
            "content/activities/spoon-count.yml",
            "count the spoons together",
            "count the forks together",
        ),
        ("content/guides/enrolling.yml", "How to sign your child up:", "How to enroll your child:"),
    ],
)
def test_a_changed_english_sms_flags_translations_as_stale(
    project: Path, source: str, old: str, new: str
) -> None:
    def stale() -> set[tuple[str, str]]:
        result = subprocess.run(
            [str(BIN / "kitchen-table"), "check"],
            cwd=project,
            env=ENV,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return set(STALE.findall(result.stdout))

    assert stale() == set(), "the sample content has no stale translation"
    file = project / source
    text = file.read_text("utf-8")
    line = next(line for line in text.splitlines() if old in line)
    # the English block's sms, and nothing else
    assert text.count(old) == 1 and line.startswith("    sms: ")
    assert text.index(line) < text.index("\n  es:")
    file.write_text(text.replace(old, new), "utf-8")
    assert stale() == {(source, language) for language in LANGUAGES[1:]}


def test_the_fingerprint_counts_the_english_sms_only_when_there_is_one() -> None:
    from kitchen_table import activities, guides

    for module in (activities, guides):
        english = {"title": "Spoon count", "summary": "Count spoons."}
        before = module.fingerprint(english)
        assert module.fingerprint({**english, "sms": None}) == before
        assert module.fingerprint({**english, "sms": ""}) == before
        with_sms = module.fingerprint({**english, "sms": "Count spoons tonight:"})
        assert with_sms != before
        assert module.fingerprint({**english, "sms": "Count forks tonight:"}) != with_sms


def test_translation_needs_its_fingerprint(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text("utf-8")
    card.write_text(re.sub(r"\n    translated_from: \S+", "", text, count=1), "utf-8")
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"], cwd=project, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert re.search(
        r"spoon-count.yml:\d+: text.es.translated_from: is missing — add "
        r"translated_from: \"[0-9a-f]{10}\" ",
        result.stderr,
    )
