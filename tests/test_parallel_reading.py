"""A large library's cards are read in several processes while the first reads the rest of the
library (kitchen_table.parallel): the editor gets the same library, and the same messages in
the same order, as from one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from kitchen_table import parallel
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import Library, load_library

LANGUAGES = site_languages(ROOT / "mkdocs.yml")
COPIES = 260
"""Cards in the test library: enough for a helper process with WORTH_A_PROCESS lowered."""


def _many_cards(project: Path, mistakes: bool) -> None:
    cards = project / "content" / "activities"
    samples = sorted(cards.glob("*.yml"))
    for number in range(COPIES):
        sample = samples[number % len(samples)]
        new_id = f"{sample.stem}-copy-{number}"
        text = sample.read_text(encoding="utf-8").replace(f"id: {sample.stem}\n", f"id: {new_id}\n")
        if mistakes and number % 37 == 5:
            text = text.replace("minutes: ", "minutes: many ", 1)  # the schema's message
        if mistakes and number % 53 == 7:
            text += "  broken: [\n"  # not YAML
        if mistakes and number % 41 == 3:
            text = text.replace(f"id: {new_id}\n", "id: Not An Id\n")  # the id's message
        (cards / f"{new_id}.yml").write_text(text, encoding="utf-8")


def _read(project: Path, worth: int, monkeypatch: pytest.MonkeyPatch) -> Library | list[str]:
    monkeypatch.setattr(parallel, "WORTH_A_PROCESS", worth)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    try:
        return load_library(project, LANGUAGES)
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]


@pytest.mark.parametrize("mistakes", [False, True], ids=["valid", "with mistakes"])
def test_the_cards_read_in_two_processes_give_what_one_gives(
    project: Path, monkeypatch: pytest.MonkeyPatch, mistakes: bool
) -> None:
    _many_cards(project, mistakes)
    alone = _read(project, 10**9, monkeypatch)
    shared = _read(project, 50, monkeypatch)
    assert parallel._helpers(COPIES) == 1  # the second reading did share the cards
    if mistakes:
        assert isinstance(alone, list) and len(alone) > 10
        assert shared == alone
    else:
        assert isinstance(alone, Library) and isinstance(shared, Library)
        assert len(alone.activities) > COPIES
        assert shared.activities == alone.activities
        assert shared.weeks == alone.weeks
