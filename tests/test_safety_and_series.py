"""Safety lines and series: the safety box above the steps in every language (and on paper, and
in the two-language print), `make check`'s warning for a card that needs one, and "Try next"
leading to the next card in the same language."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from kitchen_table.safety import _PATTERNS, HAZARDS, _may_mention, fold, hazards, safety_warnings
from kitchen_table.text import plain

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
LIBRARY = load_library(ROOT, LANGUAGES)
WITH_SAFETY = [a for a in LIBRARY.activities if a.texts["en"].safety]
IN_SERIES = [a for a in LIBRARY.activities if a.next]


def page(site: Path, language: str, path: str) -> str:
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    return (site / prefix / path / "index.html").read_text("utf-8")


def shown(markup: str) -> str:
    """The page's words as a reader gets them: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_the_sample_needs_no_safety_warning_and_has_lines_and_series() -> None:
    assert safety_warnings(LIBRARY, ROOT) == []
    # the sample shows both at work: cards with water, scissors, balloons; several series
    assert {"water", "blades", "balloons"} <= {h for a in WITH_SAFETY for h in hazards(a)}
    starts = {a.id for a in IN_SERIES} - {a.next for a in IN_SERIES}
    assert len(starts) >= 3, "at least three series (chains of next: cards)"


def test_bath_time_card_says_to_stay_with_the_child() -> None:
    bath = LIBRARY.activity("bath-sink-or-float")
    assert "water" in hazards(bath)
    assert "stay with your child" in bath.texts["en"].safety.lower()
    assert all(bath.texts[language].safety for language in LANGUAGES)


def test_check_warns_when_a_card_involves_a_hazard_without_a_safety_line(project: Path) -> None:
    # one card per hazard, each given the hazard's first word in its first English step
    quiet = (a for a in LIBRARY.activities if not hazards(a) and not a.texts["en"].safety)
    cards = dict(zip(HAZARDS, quiet, strict=False))
    assert len(cards) == len(HAZARDS)
    for hazard, activity in cards.items():
        card = project / activity.source
        step = activity.texts["en"].steps[0]
        text = card.read_text("utf-8")
        assert step in text
        card.write_text(text.replace(step, f"{step} Then a {HAZARDS[hazard][0]}.", 1), "utf-8")
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"], cwd=project, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr  # a warning: the editor is never stuck
    for hazard, activity in cards.items():
        warning = next(line for line in result.stderr.splitlines() if activity.source in line)
        assert re.match(
            rf"warning: {re.escape(activity.source)}:\d+: text\.en\.safety: "
            rf'the card involves {hazard} \("{HAZARDS[hazard][0]}"\) but has no '
            "safety line — add safety: ",
            warning,
        ), warning


def test_whole_words_only() -> None:
    from dataclasses import replace

    spoon = LIBRARY.activity("spoon-count")
    english = replace(spoon.texts["en"], steps=("Record a song. Stir the rice. Then sink it.",))
    card = replace(spoon, texts={**spoon.texts, "en": english})
    # "record" is not "cord", "rice" alone is not a hazard; "sink" is water
    assert set(hazards(card)) == {"water"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_safety_box_is_above_the_steps_in_every_language(site: Path, language: str) -> None:
    assert WITH_SAFETY
    for activity in WITH_SAFETY:
        markup = page(site, language, f"activities/{activity.id}")
        box = re.search(
            r'<div class="kt-safety" role="note" aria-labelledby="kt-safety" '
            r'lang="([^"]+)"[^>]*>(.*?)</div>',
            markup,
            re.S,
        )
        assert box, f"{language}/{activity.id}: no safety box"
        assert box.group(1) == language
        assert LIBRARY.strings[language]["safety"] in shown(box.group(2))
        assert plain(activity.texts[language].safety) in shown(box.group(2))
        assert box.start() < markup.index('id="kt-steps"'), "the box comes before the steps"
        if language != LANGUAGES[0]:
            both = page(site, language, f"activities/{activity.id}/bilingual")
            cells = re.findall(
                r'<div class="kt-bilingual__cell kt-safety" lang="([^"]+)"[^>]*>'
                r"(.*?)</div>",
                both,
                re.S,
            )
            assert [lang for lang, _ in cells] == [language, "en"]
            assert plain(activity.texts[language].safety) in shown(cells[0][1])
            assert plain(activity.texts["en"].safety) in shown(cells[1][1])
            assert both.index("kt-safety") < both.index('class="kt-steps"')


def test_a_card_without_hazards_has_no_box(site: Path) -> None:
    plain_card = next(a for a in LIBRARY.activities if not a.texts["en"].safety)
    assert 'class="kt-safety"' not in page(site, "en", f"activities/{plain_card.id}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_try_next_leads_to_the_next_card_in_the_same_language(site: Path, language: str) -> None:
    assert IN_SERIES
    for activity in IN_SERIES:
        here = f"activities/{activity.id}"
        markup = page(site, language, here)
        link = re.search(
            r'<p class="kt-next"><span class="kt-next__label">([^<]+)</span>\s*'
            r'<a href="([^"]+)" lang="([^"]+)">(.*?)</a>',
            markup,
            re.S,
        )
        assert link, f"{language}/{activity.id}: no next link"
        following = LIBRARY.activity(activity.next)
        assert html.unescape(link.group(1)) == LIBRARY.strings[language]["next_card"]
        assert shown(link.group(4)) == plain(following.text_in(language).title)
        assert link.group(3) == following.text_in(language).language
        prefix = "" if language == LANGUAGES[0] else f"{language}/"
        target = (site / prefix / here / link.group(2) / "index.html").resolve()
        assert target == (site / prefix / "activities" / following.id / "index.html").resolve()
        assert target.is_file()


@pytest.mark.slow  # builds a site of its own
def test_a_translation_without_its_safety_line_shows_the_english_one(project: Path) -> None:
    card = project / "content/activities/bath-sink-or-float.yml"
    spanish = LIBRARY.activity("bath-sink-or-float").texts["es"].safety
    lines = card.read_text("utf-8").splitlines(keepends=True)
    kept = [line for line in lines if spanish not in line]
    assert len(kept) == len(lines) - 1
    card.write_text("".join(kept), "utf-8")
    site = project / "site"
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "SITE_LANGUAGE": "es"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    markup = (site / "es/activities/bath-sink-or-float/index.html").read_text("utf-8")
    box = re.search(r'<div class="kt-safety"[^>]*lang="en" dir="ltr">(.*?)</div>', markup, re.S)
    assert box, "the English safety line, marked as English"
    assert LIBRARY.strings["es"]["safety"] in shown(box.group(1))
    assert plain(LIBRARY.activity("bath-sink-or-float").texts["en"].safety) in shown(box.group(1))


def test_the_quick_look_for_hazard_words_misses_no_letter() -> None:
    """safety.fold writes every letter that the case-insensitive patterns take for an ASCII
    letter as that letter, so the quick look before the patterns never misses a hazard."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        character = chr(code)
        if 0xD800 <= code <= 0xDFFF or not letters.fullmatch(character):
            continue
        ascii_letter = next(
            letter
            for letter in "abcdefghijklmnopqrstuvwxyz"
            if re.fullmatch(letter, character, re.IGNORECASE)
        )
        assert fold(character) == ascii_letter, hex(code)


def test_the_quick_look_finds_the_hazards_the_patterns_find() -> None:
    for words in ("A bathtub and a KNIFE", "ſciſſors", "İce cubes", "the jump ropes", "no risk"):
        quick = [hazard for hazard in HAZARDS if _PATTERNS[hazard].search(words)]
        assert [hazard for hazard in _may_mention(words) if hazard in quick] == quick, words
