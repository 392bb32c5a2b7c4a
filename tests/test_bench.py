"""`make bench` at its smallest size, as a smoke test: it runs, and what it reports is sane.
Its times are not checked here (speed goals are reported by `make bench`, never tested)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import BIN, ENV, ROOT

LANGUAGES = 8
CARDS = 200


def test_bench_smallest_size_reports_sane_numbers(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(BIN / "python"),
            "bench/bench.py",
            "--sizes",
            str(CARDS),
            "--ways",
            "parallel,floor",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert "x floor" in result.stdout  # the table
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    [size] = report["results"]
    assert size["cards"] == CARDS and size["languages"] == LANGUAGES
    assert size["generated"] == {"activities": CARDS}
    assert size["validation"]["cards"] == CARDS and size["validation"]["cards_per_second"] > 0
    ours, floor = size["builds"]["parallel"], size["builds"]["floor"]
    for build in (ours, floor):
        assert build["seconds"] > 0 and build["peak_memory_mb"] > 0
        assert build["site"]["card_pages"] == CARDS * LANGUAGES
        assert build["site"]["card_page_html_bytes_mean"] > 1000
    # the floor has the same pages as our site, with the same words (the sample's resources,
    # guides, glossary and school year are copied into every library as they are, and not
    # mirrored in the floor yet)
    ours_pages = ours["site"]["html_pages"] - ours["site"]["pages_not_in_floor"]
    assert ours["site"]["pages_not_in_floor"] > 0 and floor["site"]["pages_not_in_floor"] == 0
    assert ours_pages == floor["site"]["html_pages"]
    assert floor["markdown_pages"] == ours_pages - 1  # all but the 404 page
    assert ours["ratio_to_floor"] > 0
    indexes = ours["site"]["search_index_bytes"]
    assert sorted(indexes) == sorted(["en", "es", "zh", "vi", "ar", "ht", "so", "pt"])
    assert all(size > 1000 for size in indexes.values()), indexes
