"""content/strings/<language>.yml: the site's own words (headings, buttons, labels) per language.

English is the reference: every other language has exactly its keys, so nothing on a page is
silently left in English and adding a language means adding one file.
"""

from __future__ import annotations

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
                doc.error((), f'the key {key} is missing — add {key}: with the words for '
                              f'"{english.data[key]}"')
        for key in doc.data:
            if key not in english.data:
                doc.error((key,), "unknown key (not in content/strings/en.yml) — remove it or "
                                  "check its spelling")
        errors.extend(doc.errors)
        strings[language] = dict(doc.data)
    return strings, errors
