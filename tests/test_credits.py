"""A card's credits in each language: `text.<language>.credits`, shown after "Credits:" in the
card's footer; a translation without its own shows the English ones, marked as English; the
translators' files carry them and bring them back.

What each page must show is read from the YAML here, not from the content model."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV, ROOT
from kitchen_table.cli import main, site_languages
from translate.storage import po

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
CARDS = sorted((ROOT / "content/activities").glob("*.yml"))
CREDITS = re.compile(r'<p class="kt-credits">(.*?)</p>', re.S)


def _credits_line(markup: str) -> str:
    found = CREDITS.search(markup)
    assert found, "the card's footer has no credits line"
    return found.group(1)


def _shown(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _strings(language: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / f"content/strings/{language}.yml").read_text("utf-8"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_shows_its_credits_in_the_page_language(site: Path, language: str) -> None:
    label = _strings(language)["credits"]
    prefix = "" if language == LANGUAGES[0] else f"{language}/"
    checked = 0
    for card in CARDS:
        texts = yaml.safe_load(card.read_text("utf-8"))["text"]
        own = (texts.get(language) or {}).get("credits")
        if own is None:
            continue
        line = _credits_line(
            (site / prefix / "activities" / card.stem / "index.html").read_text("utf-8")
        )
        assert _shown(line) == f"{label}: {own}", card.stem
        assert 'lang="' not in line, f"{card.stem}: its own words, not marked as another"
        checked += 1
    assert checked, f"the sample has no card with credits in {language}"


def test_a_translation_without_credits_shows_the_english_ones_marked_english(project: Path) -> None:
    """Two ways a card may lack Spanish credits: none under text: es:, or a card of the older
    form (credits: at the top, in English, and no text: en: credits:)."""
    cards = {
        name: project / f"content/activities/{name}.yml"
        for name in ("spoon-count", "sock-match-pairs")
    }
    english = {}
    for name, card in cards.items():
        data = yaml.safe_load(card.read_text("utf-8"))
        english[name] = data["text"]["en"]["credits"]
        lines = card.read_text("utf-8").splitlines(keepends=True)
        spanish = f"    credits: {data['text']['es']['credits']}\n"
        assert spanish in lines
        lines.remove(spanish)
        if name == "sock-match-pairs":  # the older form
            lines.remove(f"    credits: {english[name]}\n")
            lines.insert(lines.index("text:\n"), f"credits: {english[name]}\n")
        card.write_text("".join(lines), "utf-8")
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
    for name in cards:
        line = _credits_line((site / f"es/activities/{name}/index.html").read_text("utf-8"))
        assert re.fullmatch(
            rf'{re.escape(_strings("es")["credits"])}: <span lang="en" dir="ltr">'
            rf"{re.escape(html.escape(english[name], quote=False))}</span>",
            line,
        ), line


def test_credits_written_in_both_places_are_one_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text("utf-8")
    card.write_text(text.replace("text:\n", "credits: Ms. Rivera\ntext:\n", 1), "utf-8")
    line = text[: text.index("text:\n")].count("\n") + 1
    assert main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        f"content/activities/spoon-count.yml:{line}: credits: is written twice, here and "
        "under text: en: credits:"
    ) in err
    assert "Traceback" not in err


def test_translators_get_the_credits_and_bring_them_back(
    project: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = project / "out"
    assert main(["--root", str(project), "translations", "export", "es", "--to", str(out)]) == 0
    store = po.pofile.parsefile(str(out / "es.po"))  # translate-toolkit, not our writer
    units = {unit.getcontext(): unit for unit in store.units if unit.getcontext()}
    card = project / "content/activities/spoon-count.yml"
    data = yaml.safe_load(card.read_text("utf-8"))
    unit = units["activities/spoon-count:credits"]
    assert unit.source == data["text"]["en"]["credits"]
    assert unit.target == data["text"]["es"]["credits"]
    unit.target = "Biblioteca de ejemplo de la escuela Maple Hollow"
    store.savefile(str(out / "es-edited.po"))
    before = card.read_text("utf-8").splitlines()
    capsys.readouterr()
    assert (
        main(["--root", str(project), "translations", "import", str(out / "es-edited.po")]) == 0
    ), capsys.readouterr().err
    after = card.read_text("utf-8").splitlines()
    changed = [
        (old.strip(), new.strip()) for old, new in zip(before, after, strict=True) if old != new
    ]
    assert changed == [
        ("translation: machine", "translation: human"),
        (
            f"credits: {data['text']['es']['credits']}",
            "credits: Biblioteca de ejemplo de la escuela Maple Hollow",
        ),
    ]
    assert main(["--root", str(project), "check"]) == 0
