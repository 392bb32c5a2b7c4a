"""The fast validator (jsonschema-rs) may only ever say "valid" where jsonschema says so too:
a file it lets through gets no editor message, so any disagreement would publish a broken card."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from kitchen_table.schemas import surely_valid, validator_for
from test_fuzz import VALID, mutated_cards

SCHEMAS = ROOT / "content" / "schema"
ACTIVITY = SCHEMAS / "activity.schema.json"


def _loaded(file: Path) -> object:
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def _cases() -> list[tuple[Path, Path]]:
    cases = [(file, ACTIVITY) for file in sorted((ROOT / "content/activities").glob("*.yml"))]
    cases += [(file, ACTIVITY) for file in sorted((ROOT / "tests/golden/activities").glob("*"))]
    for kind, schema in (
        ("activities", "activity"),
        ("taxonomy", "taxonomy"),
        ("strings", "strings"),
    ):
        cases += [
            (file, SCHEMAS / f"{schema}.schema.json")
            for file in sorted((ROOT / "tests/bad_content" / kind).rglob("*.yml"))
        ]
    return cases


@pytest.mark.parametrize(("file", "schema"), _cases(), ids=lambda item: item.name)
def test_fast_and_full_validators_agree_on_every_known_file(file: Path, schema: Path) -> None:
    data = _loaded(file)
    if surely_valid(data, schema):
        assert validator_for(schema).is_valid(data), f"{file}: the fast validator lets it through"


def test_sample_cards_take_the_fast_path() -> None:
    for file in sorted((ROOT / "content/activities").glob("*.yml")):
        assert surely_valid(_loaded(file), ACTIVITY), file


@pytest.mark.parametrize("text", ["\x1c", " \x1d ", "\x1e\x1f"])
def test_text_the_two_regex_engines_read_differently_goes_to_jsonschema(text: str) -> None:
    card = {**VALID, "text": {"en": {**VALID["text"]["en"], "summary": text}}}
    assert not validator_for(ACTIVITY).is_valid(card)  # Python's \s: blank, so refused
    assert not surely_valid(card, ACTIVITY)


@pytest.mark.slow  # a property-based run of 300 mutated cards
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cards())
def test_fast_validator_never_accepts_what_jsonschema_refuses(card: dict) -> None:
    if surely_valid(card, ACTIVITY):
        assert validator_for(ACTIVITY).is_valid(card)
