"""content/strings/<language>.yml: the site's own words (headings, buttons, labels) per language.

English is the reference: every other language has exactly its keys, so nothing on a page is
silently left in English and adding a language means adding one file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .errors import ContentError
from .schemas import validate
from .source import read_document


def read_strings(folder: Path, root: Path, schema: Path, languages: tuple[str, ...]
                 ) -> tuple[dict[str, dict[str, str]], list[ContentError]]:
    strings: dict[str, dict[str, str]] = {}
    errors: list[ContentError] = []
    docs = {}
    for language in languages:
        file = folder / f"{language}.yml"
        display = file.relative_to(root).as_posix()
        if not file.exists():
            errors.append(ContentError(
                display, 1, "file", f"the site has the language {language} but no words for it "
                f"— copy content/strings/en.yml to {display} and translate it"))
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
        for key in english.data:
            if key not in doc.data:
                doc.error((key,), f'is missing — add {key}: with the words for '
                                  f'"{english.data[key]}"')
            elif _placeholders(doc.data[key]) != _placeholders(english.data[key]):
                wanted = ", ".join(sorted(_placeholders(english.data[key]))) or "none"
                doc.error((key,), f"the words in {{curly brackets}} must be those of the English "
                                  f"({wanted}) — keep them exactly as they are, untranslated")
        for key in doc.data:
            if key not in english.data:
                close = difflib.get_close_matches(key, list(english.data), n=1, cutoff=0.6)
                hint = f"did you mean {close[0]}?" if close else "remove it"
                doc.error((key,), f"unknown key (not in content/strings/en.yml) — {hint}")
        errors.extend(doc.errors)
        strings[language] = dict(doc.data)
    return strings, errors


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))
