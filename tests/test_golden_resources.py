"""Golden tests for community resources: each tests/golden/resources/<case>.yml holds a resource
file that goes in and the exact errors that must come out (file:line: field: problem), checked
against a fixed service area and a fixed "today". `pytest --update-golden` rewrites the expected
errors from what the code does; review the diff before committing it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

GOLDEN = Path(__file__).parent / "golden" / "resources"
CASES = sorted(GOLDEN.glob("*.yml"))
TODAY = dt.date(2026, 11, 1)
LANGUAGES = ("en", "es", "zh", "vi", "ar", "ht", "so", "pt")
EXTRA = {
    "resources": {
        "service_area": {"bounds": [44.50, -72.62, 44.56, -72.54]},
        "verified_within_months": 12,
        "state": "VT",
        "country": "US",
        "category_descriptions": {"food": "Groceries and meals.", "library": "Books."},
    }
}


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(
    _Literal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|"),
)


def library_with(tmp_path: Path, resources: dict[str, str], extra: dict = EXTRA):
    make_content(tmp_path, resources)
    return load_library(tmp_path, LANGUAGES, extra, today=TODAY)


def make_content(tmp_path: Path, resources: dict[str, str]) -> Path:
    content = tmp_path / "content"
    for folder in ("schema", "strings", "activities"):
        shutil.copytree(ROOT / "content" / folder, content / folder)
    shutil.copy2(ROOT / "content" / "taxonomy.yml", content / "taxonomy.yml")
    (content / "resources").mkdir()
    for name, text in resources.items():
        (content / "resources" / name).write_text(text, encoding="utf-8")
    return content


def errors_for(tmp_path: Path, file_name: str, text: str) -> list[str]:
    try:
        library_with(tmp_path, {file_name: text})
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    golden = yaml.safe_load(case.read_text(encoding="utf-8"))
    actual = errors_for(tmp_path, golden["file"], golden["resource"])
    if request.config.getoption("--update-golden"):
        golden["errors"] = actual
        golden["resource"] = _Literal(golden["resource"])
        case.write_text(
            yaml.safe_dump(golden, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
        )
    assert actual == golden["errors"]


def test_every_rule_has_a_failing_example() -> None:
    expected = "\n".join(
        str(error)
        for case in CASES
        for error in yaml.safe_load(case.read_text(encoding="utf-8"))["errors"]
    )
    for phrase in (
        "outside the service area",
        "look swapped",
        "does not have the right form",
        "is not after",
        "is not in resource_languages",
        "did you mean food?",
        "is not a day of the calendar",
        "is in the future",
        "say what it costs",
        "translated_from: is missing",
        "is not a language of this site",
        "is not in resource_documents",
        "is not in resource_access",
        "is reserved",
        "is missing",
        "contains HTML",
    ):
        assert phrase in expected, f"no golden case shows the rule: {phrase}"
    valid = yaml.safe_load((GOLDEN / "valid.yml").read_text(encoding="utf-8"))
    assert valid["errors"] == []


def test_resource_and_card_errors_come_together(tmp_path: Path) -> None:
    """One run lists a broken card and a broken resource: editors fix everything at once."""
    case = yaml.safe_load((GOLDEN / "outside-service-area.yml").read_text(encoding="utf-8"))
    content = make_content(tmp_path, {case["file"]: case["resource"]})
    card = content / "activities" / "spoon-count.yml"
    card.write_text(
        card.read_text(encoding="utf-8").replace("minutes: ", "minutes: 900 #", 1), encoding="utf-8"
    )
    with pytest.raises(ContentInvalid) as invalid:
        load_library(tmp_path, LANGUAGES, EXTRA, today=TODAY)
    errors = [str(error) for error in invalid.value.errors]
    paths = {error.split(":")[0] for error in errors}
    assert paths == {
        "content/activities/spoon-count.yml",
        "content/resources/outside-service-area.yml",
    }, errors
