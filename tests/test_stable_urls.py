"""Stable URLs are a promise to schools: newsletters already sent link to these addresses.
tests/golden/urls.txt lists every card's address in every language; a card may be added, but
none of the listed addresses may change or disappear. After adding cards, append their
addresses with `pytest tests/test_stable_urls.py --update-golden` (it only ever adds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from kitchen_table.activities import card_address
from kitchen_table.cli import site_languages, site_url
from kitchen_table.library import load_library

PROMISED = Path(__file__).parent / "golden" / "urls.txt"
LANGUAGES = site_languages(ROOT / "mkdocs.yml")


def addresses_now() -> list[str]:
    library = load_library(ROOT, LANGUAGES)
    base = site_url(ROOT / "mkdocs.yml")
    return [
        card_address(base, LANGUAGES[0], activity.id, language)
        for activity in library.activities
        for language in LANGUAGES
    ]


def test_no_promised_address_changes_or_disappears(request: pytest.FixtureRequest) -> None:
    now = addresses_now()
    promised = PROMISED.read_text(encoding="utf-8").split() if PROMISED.exists() else []
    if request.config.getoption("--update-golden"):
        added = [address for address in now if address not in promised]
        PROMISED.write_text("".join(f"{a}\n" for a in [*promised, *added]), encoding="utf-8")
        promised = [*promised, *added]
    gone = [address for address in promised if address not in now]
    assert not gone, (
        f"{len(gone)} address(es) that schools may have sent would stop working, "
        f"e.g. {gone[0]} — keep the card's id (its file name)"
    )
    assert len(promised) >= len(LANGUAGES) * 26


def test_every_promised_address_is_built(site: Path) -> None:
    base = site_url(ROOT / "mkdocs.yml")
    for address in PROMISED.read_text(encoding="utf-8").split():
        assert (site / address.removeprefix(base) / "index.html").is_file(), address
