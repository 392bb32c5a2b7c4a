"""content/strings/<language>.yml: the site's own words (headings, buttons, labels) per language.

English is the reference: every other language has exactly its keys, so nothing on a page is
silently left in English and adding a language means adding one file.

Translators' words are data, never a format string: a placeholder is `{name}` and nothing else
(no `{n.attr}`, `{n:>99}`, `{n!r}`, `{0}`, no lone or doubled brace), each language has exactly
the English placeholders, and the build fills them with `fill()`, which replaces `{name}` with
the values it is given and leaves every other character as written.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .errors import ContentError
from .schemas import validate
from .source import read_document


def read_strings(
    folder: Path, root: Path, schema: Path, languages: tuple[str, ...]
) -> tuple[dict[str, dict[str, str]], list[ContentError]]:
    strings: dict[str, dict[str, str]] = {}
    errors: list[ContentError] = []
    docs = {}
    for language in languages:
        file = folder / f"{language}.yml"
        display = file.relative_to(root).as_posix()
        if not file.exists():
            errors.append(
                ContentError(
                    display,
                    1,
                    "file",
                    f"the site has the language {language} but no words for it "
                    f"— copy content/strings/en.yml to {display} and translate it",
                )
            )
            continue
        doc = read_document(file, display)
        if not doc.errors:
            validate(doc, schema)
        docs[language] = doc
        errors.extend(doc.errors)
    english = docs.get("en")
    if english is None or english.errors:
        return strings, errors
    for language, doc in docs.items():
        if doc.errors:
            continue
        for key, value in doc.data.items():
            english_value = english.data.get(key)
            names = _placeholders(english_value) if isinstance(english_value, str) else set()
            if isinstance(value, str) and (problem := placeholder_problem(value, names)):
                doc.error((key,), problem)
        for key in english.data:
            if key not in doc.data:
                doc.error(
                    (key,), f'is missing — add {key}: with the words for "{english.data[key]}"'
                )
            elif placeholder_problem(doc.data[key]):
                continue  # said above
            elif _placeholders(doc.data[key]) != _placeholders(english.data[key]):
                wanted = ", ".join(sorted(_placeholders(english.data[key]))) or "none"
                doc.error(
                    (key,),
                    f"the words in {{curly brackets}} must be those of the English "
                    f"({wanted}) — keep them exactly as they are, untranslated",
                )
        for key in doc.data:
            if key not in english.data:
                close = difflib.get_close_matches(key, list(english.data), n=1, cutoff=0.6)
                hint = f"did you mean {close[0]}?" if close else "remove it"
                doc.error((key,), f"unknown key (not in content/strings/en.yml) — {hint}")
        errors.extend(doc.errors)
        strings[language] = dict(doc.data)
    return strings, errors


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def placeholder_problem(text: str, names: set[str] | None = None) -> str | None:
    """What is wrong with the {placeholders} of a translator's text, or None."""
    rest = _PLACEHOLDER.sub("", text)
    if "{" not in rest and "}" not in rest:
        return None
    bad = re.search(r"\{[^{}]{0,30}\}?|\}", rest)
    shown = bad.group(0) if bad else "{"
    example = ", ".join(f"{{{name}}}" for name in sorted(names or ())) or "{n}"
    return (
        f'"{shown}" is not a placeholder — a placeholder is a name in curly brackets, '
        f"exactly as in content/strings/en.yml (here: {example}); write no other {{ or }}"
    )


def fill(template: str, **values: object) -> str:
    """`template` with each {name} given in `values` replaced by its value: the only way the
    build puts values into translators' words (never str.format, which would run {n.attr}
    lookups and {n:>900000} padding)."""
    return _PLACEHOLDER.sub(
        lambda found: str(values[found.group(1)]) if found.group(1) in values else found.group(0),
        template,
    )
