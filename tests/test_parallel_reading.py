"""A large library's cards are read in several processes while the first reads the rest of the
library (kitchen_table.parallel): the editor gets the same library, and the same messages in
the same order, as from one process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT

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


READ_BOTH_WAYS = """
import json, sys
from pathlib import Path
from kitchen_table import parallel
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library
project = Path(sys.argv[1])
parallel.cores = lambda: 2
readings = []
for worth in (10**9, 50):
    parallel.WORTH_A_PROCESS = worth
    helpers = parallel._helpers(int(sys.argv[2]))
    try:
        library = load_library(project, site_languages(project / "mkdocs.yml"))
        readings.append((helpers, [repr(library.activities), repr(library.weeks)]))
    except ContentInvalid as invalid:
        readings.append((helpers, [str(error) for error in invalid.errors]))
print(json.dumps(readings))
"""
"""Both readings, in a process of its own: the cards are shared only where no other thread runs
(a test before this one may have left one)."""


@pytest.mark.parametrize("mistakes", [False, True], ids=["valid", "with mistakes"])
def test_the_cards_read_in_two_processes_give_what_one_gives(project: Path, mistakes: bool) -> None:
    _many_cards(project, mistakes)
    done = subprocess.run(
        [str(BIN / "python"), "-c", READ_BOTH_WAYS, str(project), str(COPIES)],
        env={**ENV, "PYTHONPATH": str(ROOT / "hooks")},
        capture_output=True,
        text=True,
        check=True,
    )
    (alone_helpers, alone), (shared_helpers, shared) = json.loads(done.stdout)
    assert (alone_helpers, shared_helpers) == (0, 1)  # the second reading did share the cards
    assert len(alone) > (10 if mistakes else 1)
    if not mistakes:
        assert alone[0].count("Activity(") > COPIES
    assert shared == alone
