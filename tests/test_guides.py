"""Newcomer guides, the glossary and the school year: validation (golden cases), the built pages
in every language, the glossary's tooltips, the .ics calendar and `make new-guide`.

Each tests/golden/guides/<case>.yml holds a guide that goes in and the exact errors that must
come out; `pytest --update-golden` rewrites them from what the code says (review the diff).
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import BIN, ENV, ROOT
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library
from markupsafe import escape
from test_search import fragments

GOLDEN = Path(__file__).parent / "golden" / "guides"
CASES = sorted(GOLDEN.glob("*.yml"))
LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)


def errors_for(tmp_path: Path, file_name: str, guide: str) -> list[str]:
    content = tmp_path / "content"
    for folder in ("schema", "strings"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    for name in ("taxonomy.yml", "school.yml", "glossary.yml"):
        shutil.copy2(ROOT / "content" / name, content / name)
    (content / "activities").mkdir()
    # the one card of this library: it names no next card, there is no other
    card = (ROOT / "content/activities/spoon-count.yml").read_text(encoding="utf-8")
    (content / "activities" / "spoon-count.yml").write_text(
        re.sub(r"^next: .*\n", "", card, flags=re.M), encoding="utf-8"
    )
    (content / "guides").mkdir()
    (content / "guides" / file_name).write_text(guide, encoding="utf-8")
    try:
        load_library(tmp_path, LANGUAGES)
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    golden = yaml.safe_load(case.read_text(encoding="utf-8"))
    actual = errors_for(tmp_path, f"{case.stem}.yml", golden["guide"])
    if request.config.getoption("--update-golden"):
        golden["errors"] = actual
        golden["guide"] = _Literal(golden["guide"])
        case.write_text(
            yaml.safe_dump(golden, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
    assert actual == golden["errors"]
    for line in actual:
        path, number, field, problem = line.split(":", 3)
        assert path == f"content/guides/{case.stem}.yml" and int(number) >= 1
        assert field.strip() and " — " in problem, line


def test_every_guide_rule_has_a_failing_example() -> None:
    expected = "\n".join(
        error for case in CASES for error in yaml.safe_load(case.read_text("utf-8"))["errors"]
    )
    for phrase in (
        "is not a detail of content/school.yml",
        "sections but the English has",
        "questions but the English has",
        "translated_from: is missing",
        "does not have the right form",
        "contains HTML",
        "are not allowed — use https",
        "differs from the file name",
        "unknown field",
        "is not a language of this site",
        "below the lowest",
        "needed",
        "is missing — add questions",
        "SMS segments, over the limit of 2",
        "counted with its {placeholders} filled in",
    ):
        assert phrase in expected, f"no golden case shows the rule: {phrase}"


def test_guide_and_card_errors_come_together(tmp_path: Path) -> None:
    """One run reports a broken guide, a broken card and a broken school file at once."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    guide = project / "content/guides/enrolling.yml"
    guide.write_text(
        guide.read_text("utf-8").replace("{school.office_phone}", "{school.phone}", 1), "utf-8"
    )
    card = project / "content/activities/spoon-count.yml"
    card.write_text(card.read_text("utf-8").replace("cost: free", "cost: cheap"), "utf-8")
    school = project / "content/school.yml"
    school.write_text(
        school.read_text("utf-8").replace("start: 2026-12-21", "start: 2026-12-41"), "utf-8"
    )
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(
        re.match(
            r"content/guides/enrolling.yml:\d+: text.en.sections\[1\].body: "
            r"\{school.phone\} is not a detail of content/school.yml — did you mean "
            r"\{school.office_phone\}\?",
            line,
        )
        for line in lines
    ), lines
    assert any(
        line.startswith("content/activities/spoon-count.yml:") and "cost" in line for line in lines
    ), lines
    assert any(
        re.match(
            r"content/school.yml:\d+: dates\[4\].start: \"2026-12-41\" is not a day "
            r"of the calendar — ",
            line,
        )
        for line in lines
    ), lines


# -- the sample content --------------------------------------------------------------------------


def test_the_sample_has_the_guides_and_terms_the_issue_asks_for() -> None:
    assert len(LIBRARY.guides) >= 10
    assert LIBRARY.glossary is not None and len(LIBRARY.glossary.terms) >= 40
    ids = {term.id for term in LIBRARY.glossary.terms}
    assert {
        "iep",
        "section-504",
        "pta",
        "report-card",
        "gpa",
        "esl",
        "field-trip",
        "early-dismissal",
        "snow-day",
        "substitute-teacher",
        "counselor",
    } <= ids
    for guide in LIBRARY.guides:
        assert guide.sources and all(s.url.startswith("https://") for s in guide.sources)
        assert len(guide.texts["en"].questions) >= 2


def test_rights_are_stated_where_families_need_them() -> None:
    def english(guide_id: str) -> str:
        text = LIBRARY.guide(guide_id).texts["en"]
        return " ".join(
            [
                text.summary,
                *(s.body for s in text.sections),
                *(p for s in text.sections for p in s.points),
            ]
        )

    assert "Plyler v. Doe" in english("enrolling")
    assert "immigration status" in english("enrolling")
    assert "interpreter at no cost" in english("conferences")
    assert "in writing" in english("special-education")
    assert "Section 504" in english("special-education")


# -- built pages ---------------------------------------------------------------------------------


def page(site: Path, language: str, path: str) -> str:
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    return (site / prefix / path / "index.html").read_text("utf-8")


def article(markup: str) -> str:
    return re.search(r'<article class="kt-guide".*?</article>', markup, re.S).group(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_guide_in_every_language(site: Path, language: str) -> None:
    words = LIBRARY.strings[language]
    for guide in LIBRARY.guides:
        markup = page(site, language, f"guides/{guide.id}")
        text = guide.text_in(language)
        body = article(markup)
        assert f'lang="{text.language}"' in body.split(">")[0]
        assert f">{escape(words['questions_you_can_ask'])}</h2>" in body
        assert len(
            re.findall(r"<li>", body.split('class="kt-questions__list"')[1].split("</ul>")[0])
        ) == len(text.questions)
        for source in guide.sources:
            assert f'href="{source.url}"' in body
        assert "{school." not in markup
        if guide.is_translated(language):
            assert escape(words["guide_not_translated"]) not in markup
        else:  # shown in English under the not-yet-translated note, as cards are
            assert escape(words["guide_not_translated"]) in markup and 'dir="ltr"' in body
    index = page(site, language, "guides")
    assert index.count('class="kt-catalog__link"') == len(LIBRARY.guides)


def test_school_details_fill_the_placeholders(site: Path) -> None:
    body = re.sub(r"<[^>]+>", "", article(page(site, "en", "guides/enrolling")))
    school = LIBRARY.school
    assert school is not None
    assert school.details["office_phone"] in body
    assert school.details["enrollment_office"] in body  # glossary marks removed
    footer = page(site, "es", "guides/enrolling")
    assert school.details["name"] in footer  # the sample notice, from content/school.yml


def _terms(markup: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<a class="kt-term" href="([^"]*)#([^"]+)"><abbr title="([^"]*)">', markup)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_terms_first_appearance_shows_its_definition_once(site: Path, language: str) -> None:
    glossary = LIBRARY.glossary
    assert glossary is not None
    marked = 0
    for guide in LIBRARY.guides:
        body = article(page(site, language, f"guides/{guide.id}"))
        found = _terms(body)
        ids = [term_id for _, term_id, _ in found]
        assert len(ids) == len(set(ids)), f"{guide.id}: a term marked twice: {ids}"
        for href, term_id, title in found:
            term = next(t for t in glossary.terms if t.id == term_id)
            # a translated definition says how it was translated, as the glossary page does
            how = glossary.translations[language] if language in term.entries else "original"
            note = LIBRARY.strings[language][f"translation_{how}"]
            definition = term.in_language(language).definition
            assert unescape(title) == (f"{definition}\n\n{note}" if note else definition)
            assert href == "../../glossary/"
        marked += len(found)
        # the first appearance is the marked one: no plain appearance of the term before it
        text = re.sub(r"<h[12][^>]*>.*?</h[12]>", "", body, flags=re.S)
        shown = guide.text_in(language).language  # English words on an untranslated page
        for _, term_id, _ in found:
            term = next(t for t in glossary.terms if t.id == term_id)
            before = text.split(f'#{term_id}"')[0]
            plain_before = re.sub(r"<[^>]+>", " ", before)
            for form in term.in_language(shown).forms:
                flags = 0 if form.isupper() else re.I
                assert not re.search(
                    rf"(?<![\w-]){re.escape(form)}(?![\w-])", plain_before, flags
                ), (guide.id, term_id, form)
    assert marked >= 2 * len(LIBRARY.guides)


def test_iep_is_marked_in_the_special_education_guide(site: Path) -> None:
    body = article(page(site, "en", "guides/special-education"))
    assert body.count('href="../../glossary/#iep"') == 1
    assert body.count("IEP") > 1  # later appearances stay plain text


def test_cards_mark_terms_too(site: Path) -> None:
    marked = [
        path for path in site.glob("activities/*/index.html") if _terms(path.read_text("utf-8"))
    ]
    assert marked, "no activity card marks a glossary term"


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_page_in_every_language(site: Path, language: str) -> None:
    glossary = LIBRARY.glossary
    assert glossary is not None
    markup = page(site, language, "glossary")
    for term in glossary.terms:
        entry = term.in_language(language)
        block = re.search(
            rf'<div class="kt-glossary__entry" id="{term.id}" lang="(\w+)">'
            r"(.*?)</div>",
            markup,
            re.S,
        )
        assert block, term.id
        assert block.group(1) == (language if language in term.entries else "en")
        assert escape(entry.definition) in block.group(2)
    # the machine-translated glossary says so above its terms; the English one says nothing
    note = LIBRARY.strings[language][f"translation_{glossary.translations[language]}"]
    if note:
        assert markup.index(f'<p class="kt-provenance" role="note">{escape(note)}</p>') < (
            markup.index('<dl class="kt-glossary">')
        )
    else:
        assert 'class="kt-provenance"' not in markup
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    urls = [page["url"] for page in fragments(site, language)]
    assert f"/{prefix}glossary/" in urls  # searchable in the reader's language


@pytest.mark.parametrize("language", LANGUAGES)
def test_school_year_page_and_calendar(site: Path, language: str) -> None:
    school = LIBRARY.school
    assert school is not None
    markup = page(site, language, "school-year")
    for day in school.dates:
        assert f'<time datetime="{day.start.isoformat()}">' in markup
        assert escape(day.what_in(language)) in markup
    assert 'href="school-year.ics"' in markup
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    calendar = icalendar.Calendar.from_ical(
        (site / prefix / "school-year" / "school-year.ics").read_bytes()
    )
    events = calendar.walk("VEVENT")
    assert [(e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for e in events] == [
        (day.start, day.end + datetime.timedelta(days=1), day.what_in(language))
        for day in school.dates
    ]
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_translation_status_lists_guides(site: Path) -> None:
    markup = (site / "translations" / "index.html").read_text("utf-8")
    for guide in LIBRARY.guides:
        assert f'id="guide-{guide.id}"' in markup


# -- make new-guide --------------------------------------------------------------------------------


def test_new_guide_validates_once_filled_in(project: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN / "kitchen-table"), *args],
            cwd=project,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )

    created = run("new", "guide", "bus-rides")
    assert created.returncode == 0, created.stderr
    file = project / "content/guides/bus-rides.yml"
    unfilled = run("check")
    assert unfilled.returncode == 1
    fields = {
        line.split(": ")[1]
        for line in unfilled.stderr.splitlines()
        if line.startswith("content/guides/bus-rides.yml:")
    }
    assert {"sources[0].name", "sources[0].url", "text.en.title", "text.en.summary"} <= fields
    data = yaml.safe_load(file.read_text("utf-8"))
    data["sources"] = [{"name": "SchoolSafety.gov", "url": "https://www.schoolsafety.gov/"}]
    data["text"]["en"].update(
        title="Riding the bus",
        summary="How the school bus works.",
        sections=[
            {"heading": "The stop", "body": "Ask {school.office_phone} where it is."},
            {"heading": "The time", "body": "Be there early."},
        ],
        questions=["Where is the stop?", "When does the bus come?"],
    )
    file.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    filled = run("check")
    assert filled.returncode == 0, filled.stderr
    assert "Translations of newcomer guides (13)" in filled.stdout


def test_hard_english_in_a_guide_is_a_readability_warning(project: Path) -> None:
    guide = project / "content/guides/homework.yml"
    data = yaml.safe_load(guide.read_text("utf-8"))
    for section in data["text"]["en"]["sections"]:
        section["body"] = (
            "Notwithstanding institutional considerations, caregivers should "
            "systematically facilitate independent metacognitive engagement."
        )
    guide.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "homework" in line]
    assert len(warnings) == 1
    assert re.match(
        r"warning: content/guides/homework.yml:\d+: text.en: reads at about grade "
        r"\d+\.\d — ",
        warnings[0],
    ), warnings
