"""content/weeks.yml: the weekly packs. Golden cases in tests/golden/weeks/<case>.yml hold a
weeks.yml that goes in and the exact errors (file:line: field: problem) that must come out,
checked against the sample library's cards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

GOLDEN = Path(__file__).parent / "golden" / "weeks"
CASES = sorted(GOLDEN.glob("*.yml"))
LANGUAGES = site_languages(ROOT / "mkdocs.yml")


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)


def errors_for(tmp_path: Path, weeks: str) -> list[str]:
    content = tmp_path / "content"
    for name in ("schema", "strings", "activities", "guides"):
        shutil.copytree(ROOT / "content" / name, content / name)
    for name in ("taxonomy.yml", "school.yml", "glossary.yml"):
        shutil.copy2(ROOT / "content" / name, content / name)
    (content / "weeks.yml").write_text(weeks, encoding="utf-8")
    try:
        load_library(tmp_path, LANGUAGES)
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    golden = yaml.safe_load(case.read_text(encoding="utf-8"))
    actual = errors_for(tmp_path, golden["weeks"])
    if request.config.getoption("--update-golden"):
        golden["errors"] = actual
        golden["weeks"] = _Literal(golden["weeks"])
        case.write_text(
            yaml.safe_dump(
                golden, allow_unicode=True, sort_keys=False, width=100, default_style=None
            ),
            encoding="utf-8",
        )
    assert actual == golden["errors"]


def test_the_sample_weeks_are_valid() -> None:
    library = load_library(ROOT, LANGUAGES)
    assert len(library.weeks) >= 4
    for week in library.weeks:
        assert week.start.weekday() == 0
        assert all(len(ids) == 3 for ids in week.packs.values())
