"""Golden tests: each tests/golden/activities/<case>.yml holds a card that goes in and the exact
errors that must come out (file:line: field: problem). `pytest --update-golden` rewrites the
expected errors from what the code does; review the diff before committing it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

GOLDEN = Path(__file__).parent / "golden" / "activities"
CASES = sorted(GOLDEN.glob("*.yml"))


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)


def errors_for(tmp_path: Path, file_name: str, card: str) -> list[str]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "schema", content / "schema")
    shutil.copytree(ROOT / "content" / "strings", content / "strings")
    shutil.copy2(ROOT / "content" / "taxonomy.yml", content / "taxonomy.yml")
    (content / "activities").mkdir()
    (content / "activities" / file_name).write_text(card, encoding="utf-8")
    try:
        load_library(tmp_path, ("en", "es"))
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    golden = yaml.safe_load(case.read_text(encoding="utf-8"))
    file_name = golden.get("file", f"{case.stem}.yml")
    actual = errors_for(tmp_path, file_name, golden["card"])
    if request.config.getoption("--update-golden"):
        golden["errors"] = actual
        golden["card"] = _Literal(golden["card"])
        case.write_text(
            yaml.safe_dump(golden, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
    assert actual == golden["errors"]


def test_every_rule_has_a_failing_example() -> None:
    """Each validation rule is shown failing in at least one golden case."""
    expected = "\n".join(
        str(error)
        for case in CASES
        for error in yaml.safe_load(case.read_text(encoding="utf-8"))["errors"]
    )
    for phrase in (
        "not valid YAML",
        "tab",
        "appears twice",
        "unknown field",
        "is not allowed here",
        "is missing",
        "above the highest",
        "is not a skill",
        "is not a material",
        "is not a setting",
        "differs from the file name",
        "is not a valid id",
        "steps but the English has",
        "contains HTML",
        "are not allowed — use https",
        "is not a language of this site",
        "anchors and aliases",
        "the file is empty",
        "characters long",
        "needed",
        "allowed",
        "translated_from: is missing",
        "SMS segments",
        "is not a card in content/activities",
        "names this card itself",
    ):
        assert phrase in expected, f"no golden case shows the rule: {phrase}"
