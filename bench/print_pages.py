"""Printed pages of every card (or of the cards named): each language on Letter and A4, and the
two-language print on Letter and A4, in Chromium. Lists every print that is not one sheet.

    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -d /tmp/print-check/kitchen-table
    .venv/bin/python bench/print_pages.py /tmp/print-check/kitchen-table [card-id ...]

(The site folder must be named kitchen-table: it is served below /kitchen-table/, as site_url
says.) A test prints every English card and the longest in each language; this prints them all.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "hooks"))

from conftest import serving  # noqa: E402
from kitchen_table.cli import site_languages  # noqa: E402


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(site: Path, cards: list[str]) -> None:
    languages = site_languages(ROOT / "mkdocs.yml")
    cards = cards or sorted(p.stem for p in (ROOT / "content/activities").glob("*.yml"))
    prints, over = 0, []
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.emulate_media(media="print")
        for card in cards:
            for language in languages:
                prefix = "" if language == languages[0] else f"{language}/"
                views = [("", ("Letter", "A4"))]
                if prefix:
                    views.append(("bilingual/", ("Letter", "A4")))
                for view, papers in views:
                    page.goto(f"{url}/{prefix}activities/{card}/{view}")
                    for paper in papers:
                        prints += 1
                        if (count := pages(page.pdf(format=paper))) != 1:
                            over.append(f"{prefix}activities/{card}/{view} on {paper}: {count}")
        browser.close()
    sys.stdout.write(
        json.dumps({"cards": len(cards), "prints": prints, "not_one_page": over}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
