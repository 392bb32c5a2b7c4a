"""SMS segment counting (GSM-7 vs UCS-2) and the check of a card's written `sms:` text."""

from __future__ import annotations

import pytest
from kitchen_table.sms import MAX_SEGMENTS, count, text_for, too_long

LINK = "https://example.org/kitchen-table/vi/activities/spoon-count/"


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        # the extension table's characters take two places each
        ("{" * 80, "GSM-7", 160, 1),
        ("a" * 159 + "€", "GSM-7", 161, 2),
        ("^{}\\[~]|€\f", "GSM-7", 20, 1),
        # Spanish accents that GSM-7 lacks (á, í, ó, ú but not é) make a text Unicode
        ("Cuéntele", "GSM-7", 8, 1),
        ("¿Cuántas cucharas?", "UCS-2", 18, 1),
        ("ا" * 70, "UCS-2", 70, 1),
        ("ا" * 71, "UCS-2", 71, 2),
        ("Đi như các con vật", "UCS-2", 18, 1),
        ("学动物走路" * 14, "UCS-2", 70, 1),
        # an emoji is two UTF-16 units
        ("🙂" * 35, "UCS-2", 70, 1),
        ("a" + "🙂" * 35, "UCS-2", 71, 2),
    ],
)
def test_count(text: str, encoding: str, units: int, segments: int) -> None:
    counted = count(text)
    assert (counted.encoding, counted.units, counted.segments) == (encoding, units, segments)


def test_a_part_never_splits_an_escape_pair() -> None:
    # 152 plain characters then "€": 154 septets would fit 153 only by splitting the pair
    assert count("a" * 152 + "€" + "a" * 153).segments == 3
    assert count("a" * 153 + "a" * 153).segments == 2


def test_a_part_never_splits_an_emoji() -> None:
    # 66 units, then an emoji (2) that does not fit the 67 of the first part
    assert count("ا" * 66 + "🙂" + "ا" * 66).segments == 3
    assert count("ا" * 67 + "ا" * 67).segments == 2


def test_too_long_says_how_long_it_may_be() -> None:
    assert too_long("Try counting spoons tonight!", LINK) is None
    problem = too_long("ا" * 120, LINK)
    assert problem is not None
    assert f"over the limit of {MAX_SEGMENTS}" in problem
    assert "Unicode" in problem
    # the room it names really fits
    room = int(problem.split("at most ")[1].split(" ")[0])
    assert count(f"{'ا' * room} {LINK}").segments == 2
    assert count(f"{'ا' * (room + 1)} {LINK}").segments == 3


def test_a_message_made_from_a_long_title_drops_the_lead_in() -> None:
    title = "ب" * 60
    made = text_for(None, title, "جرّبوا هذا في البيت مع طفلكم الليلة: {title}", LINK)
    assert made == f"{title} {LINK}"
    assert (
        text_for(None, "Spoon count", "Try this: {title}", LINK) == f"Try this: Spoon count {LINK}"
    )
    assert text_for("Count spoons tonight!", "x", "{title}", LINK).startswith("Count spoons")
