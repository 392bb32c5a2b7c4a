"""Strings files are data: their {placeholders} are filled by fill(), never by str.format."""

from __future__ import annotations

import re

from conftest import ROOT
from kitchen_table.strings import fill, placeholder_problem


def test_fill_replaces_only_the_names_it_is_given() -> None:
    assert fill("{n} minutes", n=10) == "10 minutes"
    # what str.format would run (an attribute lookup, 900,000 spaces, repr) stays as written
    hostile = "{n.__class__} {n:>900000} {n!r} {0} {{n}} {n}}"
    assert fill(hostile, n=3) == "{n.__class__} {n:>900000} {n!r} {0} {3} 3}"
    assert fill("{title}", title="{n}", n=1) == "{n}"  # a value is never filled again


def test_placeholder_problems_name_the_bad_part() -> None:
    assert placeholder_problem("{n} minutos") is None
    for text, shown in [
        ("{n}} min", '"}"'),
        ("{n.__class__}", '"{n.__class__}"'),
        ("{n:>900000}", '"{n:>900000}"'),
        ("{ n }", '"{ n }"'),
        ("{{n}}", '"{}"'),
        ("{0}", '"{0}"'),
        ("{n", '"{n"'),
    ]:
        problem = placeholder_problem(text, {"n"})
        assert problem and problem.startswith(f"{shown} is not a placeholder"), (text, problem)
        assert "(here: {n})" in problem


def test_no_template_or_hook_formats_translators_words() -> None:
    found = []
    for file in [*ROOT.glob("overrides/**/*.html"), *ROOT.glob("hooks/**/*.py")]:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"(words|strings)\b[^#]*\.format\(|\]\.format\(", line):
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "use fill() / the fill filter:\n" + "\n".join(found)
