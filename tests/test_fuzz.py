"""Property-based fuzzing: whatever an editor's file holds, the loader and validator answer with
`path:line: field: problem` errors or a card, never a traceback."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library
from kitchen_table.source import read_document

# file:line: field: problem. The field is a dotted path (text.es.steps[2]); a key that is not a
# plain name appears quoted (text[":"]); a colon appears nowhere else in it.
ERROR_LINE = re.compile(r'^content/[^:]+:\d+: (?:[^:"]|"(?:[^"\\]|\\.)*")+: \S.*$')
VALID = yaml.safe_load((ROOT / "content/activities/spoon-count.yml").read_text("utf-8"))
VALID["text"] = {key: VALID["text"][key] for key in ("en", "es")}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=80),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


ALL_PATHS = [path for path in paths(VALID) if path]


@st.composite
def mutated_cards(draw):
    card = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = card
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation changed the shape: fine, keep mutating
    return card


def fresh_root(tmp_path: Path) -> Path:
    root = tmp_path / "fuzz"
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    shutil.copytree(ROOT / "content/schema", content / "schema")
    shutil.copy2(ROOT / "content/taxonomy.yml", content / "taxonomy.yml")
    (content / "strings").mkdir(parents=True)
    for language in ("en", "es"):
        shutil.copy2(ROOT / f"content/strings/{language}.yml", content / "strings")
    (content / "activities").mkdir()
    return root


@pytest.mark.slow  # 150 mutated cards, each read and checked
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(card=mutated_cards())
def test_mutated_cards_give_clean_errors(tmp_path: Path, card: dict) -> None:
    root = fresh_root(tmp_path)
    file = root / "content/activities/spoon-count.yml"
    file.write_text(yaml.safe_dump(card, allow_unicode=True), "utf-8")
    try:
        library = load_library(root, ("en", "es"))
    except ContentInvalid as invalid:
        assert invalid.errors
        for error in invalid.errors:
            assert ERROR_LINE.match(str(error)), str(error)
            assert error.line >= 1
    else:
        assert [a.id for a in library.activities] == ["spoon-count"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_are_read_without_a_traceback(tmp_path: Path, raw: bytes) -> None:
    file = tmp_path / "any.yml"
    file.write_bytes(raw)
    doc = read_document(file, "content/activities/any.yml")
    for error in doc.errors:
        assert ERROR_LINE.match(str(error)), str(error)


@pytest.mark.parametrize(
    "where, value",
    [
        (("skills", 0), "\n"),
        (("skills", 0), "math\tcounting"),
        (("grades", 0), "K\u2028"),
        (("text", "en", "title"), "\x07"),
    ],
)
def test_a_line_break_in_a_value_stays_inside_one_message_line(
    tmp_path: Path, where: tuple, value: str
) -> None:
    """Found by the fuzz test: a skill written as a line break was quoted into its message as it
    was, and the message broke over two lines an editor's terminal shows as two errors."""
    card = copy.deepcopy(VALID)
    target = card
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    root = fresh_root(tmp_path)
    (root / "content/activities/spoon-count.yml").write_text(
        yaml.safe_dump(card, allow_unicode=True), "utf-8"
    )
    with pytest.raises(ContentInvalid) as invalid:
        load_library(root, ("en", "es"))
    lines = [str(error) for error in invalid.value.errors]
    assert lines
    for line in lines:
        assert len(line.splitlines()) == 1, line
        assert ERROR_LINE.match(line), line
