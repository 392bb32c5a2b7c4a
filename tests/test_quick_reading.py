"""The quick reading (yaml-rs) must give exactly the careful reading's data (PyYAML, walked by hand)
or step aside: a file it reads differently would publish words the editor never wrote, or let
through a mistake the careful reading refuses. Checked on every YAML file the project holds (the
sample, golden and bad-content corpora), on YAML that versions 1.1 and 1.2 read differently,
and on random text."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kitchen_table.source import (
    _IMPLICIT,
    _LONGEST_WORD_FORM,
    _NUMBER_STARTS,
    Document,
    _compose,
    read_document,
    read_text,
)


def assert_alike(text: str) -> None:
    doc = read_text(text, "file.yml")
    if doc.unread_lines is None:
        return  # read carefully
    careful = Document("file.yml")
    _compose(text, careful)
    assert careful.errors == [], f"read quickly, but the careful reading refuses it: {text!r}"
    assert doc.data == careful.data and type(doc.data) is type(careful.data), text


FILES = sorted(
    file
    for folder in ("content", "tests/golden", "tests/bad_content", "tests/xss")
    for file in (ROOT / folder).rglob("*.yml")
)


@pytest.mark.parametrize("file", FILES, ids=lambda file: str(file.relative_to(ROOT)))
def test_every_project_file_reads_the_same_both_ways(file: Path) -> None:
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # refused before either reading
    assert_alike(text)


def test_the_sample_cards_take_the_quick_reading() -> None:
    cards = sorted((ROOT / "content/activities").glob("*.yml"))
    quick = [c for c in cards if read_document(c, c.name).unread_lines is not None]
    assert len(quick) >= len(cards) * 0.8, f"only {len(quick)} of {len(cards)} read quickly"


DIFFERENT_IN_1_1 = [
    "a: yes\n",
    "a: No\n",
    "a: on\n",
    "a: OFF\n",
    "a: y\n",
    "a: n\n",  # booleans to PyYAML
    "a: 012\n",
    "a: 0o12\n",
    "a: 1e3\n",
    "a: 1.5e3\n",
    "a: 1_000\n",
    "a: 1:30\n",
    "a: 0b101\n",
    "a: [012, 1e3]\n",
    "a: {b: 0o7}\n",
    "- 012\n",
    "a: .5\n",
    "a: -.inf\n",
    "a: 0x1F\n",
    "1: a\n",
    "true: a\n",
    "~: a\n",
    "a: null\n",
    "a: ~\n",
    "a:\n",
    "a: ''\n",
    "a: 2024-01-05\n",
    "a: 2024-01-05T10:00:00Z\n",
    "a: '2024-01-05'\n",
    "a: &x 1\nb: *x\n",
    "a: &x 1\n",
    "a: !!str 12\n",
    "a: !foo x\n",
    "a: !!binary aGk=\n",
    "a: !!python/name:os.system x\n",
    "!!str a: b\n",
    "<<: {a: 1}\nb: 2\n",
    "a:\n  !x b\n",
    "a: b\n---\nc: d\n",
    "--- \na: b\n",
    "a: b\n...\n",
    "a:\tb\n",
    "a: b\x85c\n",
    "a: b\u2028c\n",
    "a: b\x1cc\n",
    'a: "b\\x1cc"\n',
    "a: 'it''s'\n",
    'a: "\\u00e9"\n',
    "a: |\n  x\n  y\n",
    "a: >-\n  x\n\n  y\n",
    "a: |+\n  x\n\n",
    "a: x\n  y\n  **z**\n",
    "a: b\r\nc: d\r\n",
    "a: b # c\n",
    "a: b#c\n",
    "a: 'b' \n",
    "a: [b, c, ]\n",
    "? a\n: b\n",
    "a: b\nc: d\na: e\n",
    "a: [1, [2, [3]]]\n",
    "a: {b: {c: d}}\n",
    "[a, b]\n",
    "just text\n",
    # numbers and the texts that look like them (a resource's map point, phone, hours, zip)
    "a: -72.5745\n",
    "a: 1.\n",
    "a: -.5\n",
    "a: +.5\n",
    "a: 1.5e+3\n",
    "a: 1E+3\n",
    "a: 0.5e3\n",
    "a: [1.5, -.5]\n",
    "a: .nan\n",
    "a: .inf\n",
    "a: -0.0\n",
    "a: 555-0121\n",
    "a: -012\n",
    "a: +012\n",
    "a: x-012\n",
    "a: '12:00'\n",
    "a: 12:00\n",
    "a: '00100'\n",
    'a: "yes"\nb: yes\n',
    "a: 'yes'\nb: [yes]\n",
    "a: 'on'\nb: {c: on}\n",
    "a: '12:00'\nb: 12:00 # c\n",
    "a: '1:30'\nb:\n- 1:30\n",
    "a: '1:30'\nb: |\n  1:30\n",
    "a: 'no'\nb: x\r\nc: no\r\n",
    "a: '0o7'\n",
    'a: "1e3"\n',
    "a: '7121071388'\n",
]


@pytest.mark.parametrize("text", DIFFERENT_IN_1_1)
def test_yaml_that_the_two_versions_may_read_differently(text: str) -> None:
    assert_alike(text)


def test_a_quick_file_still_gives_the_line_of_a_mistake(tmp_path: Path) -> None:
    file = tmp_path / "card.yml"
    file.write_text("id: x\ntext:\n  en:\n    title: Hi\n    steps:\n      - one\n      - two\n")
    doc = read_document(file, "content/activities/card.yml")
    assert doc.unread_lines is not None  # read quickly: lines are found only when asked
    doc.error(("text", "en", "steps", 1), "a problem")
    assert str(doc.errors[0]) == "content/activities/card.yml:7: text.en.steps[1]: a problem"


def test_only_a_number_can_be_a_long_plain_value() -> None:
    """The quick reading asks PyYAML's resolvers about a text only when it is short or starts like
    a number: every other resolver (booleans, null, ~, <<, =, !) matches nothing longer."""
    for start, resolvers in _IMPLICIT.items():
        if start in _NUMBER_STARTS:
            continue
        for tag, pattern in resolvers:
            for word in ("false", "FALSE", "Null", "~", "<<", "=", "!"):
                if pattern.match(word):
                    assert pattern.match(word + "x" * (_LONGEST_WORD_FORM + 1)) is None, tag
            longest = re._parser.parse(pattern.pattern, pattern.flags).getwidth()[1]  # type: ignore[attr-defined]
            assert longest <= _LONGEST_WORD_FORM - 1, (start, tag, longest)  # and $'s newline


def test_a_file_without_a_backslash_is_read_literally() -> None:
    """Its data's characters are all in its text (the checks for a character look there)."""
    plain = read_text("a: b\nc: [d, e]\n", "file.yml")
    assert plain.literal and plain.text == "a: b\nc: [d, e]\n"
    escaped = read_text('a: "\\u202e"\n', "file.yml")
    assert not escaped.literal and escaped.text is None and escaped.data == {"a": "\u202e"}


YAMLISH = st.lists(
    st.sampled_from(
        [
            *"ab01eoxyn:-[]{},'\"#&*!|>?%@`. \n\r\t\\~_é\u2028+E5",
            "yes",
            "No",
            "null",
            "true",
            "0o",
            "e3",
            "  ",
            "\n  ",
            ": ",
            "- ",
            "<<",
            "12:00",
            ".5",
            "'yes'",
            '"1:30"',
        ]
    ),
    max_size=40,
).map("".join)
YAMLISH = YAMLISH | YAMLISH.map("a: {}".format) | YAMLISH.map("a:\n  {}\nb: c\n".format)


@pytest.mark.slow  # a property-based run of many examples
@settings(
    max_examples=int(os.environ.get("QUICK_READING_EXAMPLES", "3000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(YAMLISH)
def test_random_text_reads_the_same_both_ways(text: str) -> None:
    assert_alike(text)
