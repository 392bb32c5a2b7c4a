"""`make check`'s readability warning grades the English as textstat 0.7.3 does (its
Flesch-Kincaid grade, pyphen's syllables): the same grade for every sample card and guide, and
for random text, so that the warnings editors read are the ones they always read."""

from __future__ import annotations

import pytest
import textstat
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library
from kitchen_table.readability import (
    _PUNCTUATION,
    Grader,
    _more_than_two_words,
    dictionary_file,
    hyphenation_patterns,
)
from kitchen_table.text import plain
from pyphen import Pyphen


def english_texts() -> list[str]:
    library = load_library(ROOT, site_languages(ROOT / "mkdocs.yml"))
    texts = []
    for activity in library.activities:
        english = activity.texts["en"]
        sentences = [
            english.summary,
            *english.steps,
            *english.talk_about,
            english.why_it_matters,
            english.tell_the_teacher,
        ]
        texts.append(" ".join(plain(sentence) for sentence in sentences))
    for guide in library.guides:
        sentences = [guide.texts["en"].summary, *guide.texts["en"].questions]
        for section in guide.texts["en"].sections:
            sentences += [section.body, *section.points]
        texts.append(" ".join(plain(sentence) for sentence in sentences))
    return texts


def test_every_sample_text_gets_textstats_grade() -> None:
    grader = Grader()
    texts = english_texts()
    assert len(texts) > 10
    for text in texts:
        assert grader.grade(text) == textstat.flesch_kincaid_grade(text), text


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".",
        "Hi.",
        "Go! Now? Yes.",
        "Don't stop. It's the kids' toy...",
        "İstanbul ÉTÉ",
        "a_b 3.5",
    ],
)
def test_edge_texts_get_textstats_grade(text: str) -> None:
    assert Grader().grade(text) == textstat.flesch_kincaid_grade(text)


WORDS = st.lists(
    st.sampled_from(
        [
            "the",
            "cat",
            "elephant",
            "beautiful",
            "extraordinary",
            "I",
            "a",
            "don't",
            "kids'",
            ".",
            "!",
            "?",
            ",",
            "...",
            " ",
            "  ",
            "-",
            "e.g.",
            "3",
            "2.5",
            "café",
            "naïve",
            "\n",
        ]
    )
    | st.text(max_size=6),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_random_text_gets_textstats_grade(text: str) -> None:
    textstat.textstat._cache_clear()  # its lru caches key on the text only
    assert Grader().grade(text) == textstat.flesch_kincaid_grade(text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | WORDS)
def test_a_sentence_of_more_than_two_words_is_counted_as_textstat_counts(sentence: str) -> None:
    expected = len(_PUNCTUATION.sub("", sentence).split()) > 2
    assert _more_than_two_words(sentence) is expected


def test_the_hyphenation_patterns_and_points_are_pyphens() -> None:
    pyphen = Pyphen(lang="en_US")
    grader = Grader()
    assert hyphenation_patterns(dictionary_file()) == pyphen.hd.patterns
    words = {
        word for text in english_texts() for word in _PUNCTUATION.sub("", text.lower()).split()
    }
    assert len(words) > 300
    for word in sorted(words):
        assert grader.positions(word) == list(pyphen.positions(word)), word


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéïñ'-", max_size=20))
def test_random_words_are_hyphenated_as_pyphen_does(word: str) -> None:
    assert GRADER.positions(word) == list(PYPHEN.positions(word))


GRADER = Grader()
PYPHEN = Pyphen(lang="en_US")
