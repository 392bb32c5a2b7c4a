"""Validating documents against the JSON Schemas in content/schema/, in editors' words.

The schemas are the single source of truth for every content type: the build validates with them,
editors' tools autocomplete from them, and the editors' guide quotes their descriptions. A schema
may carry `x-fix`, a short "how to fix it" that ends each message about that part.

Most files are valid, so each is first checked by jsonschema-rs (compiled, about a hundred times
faster); only a file it finds invalid goes through jsonschema, whose errors are explained to the
editor. The messages are therefore exactly jsonschema's, and a large library validates quickly.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .source import (
    DIRECTION_CONTROL,
    DIRECTION_CONTROLS,
    Document,
    Location,
    report_direction_controls,
)

if TYPE_CHECKING:  # jsonschema is imported when a file is invalid, not by every `make check`
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_TYPE_WORDS = {
    "object": "a set of fields (name: value)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def validator_for(schema_file: Path) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def fast_validator_for(schema_file: Path) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(json.loads(schema_file.read_text(encoding="utf-8")))


# The one difference between the two validators' regular expressions that could make jsonschema-rs
# accept what jsonschema refuses: Python's \s also matches U+001C-U+001F (Rust's does not). JSON
# writes those characters as \u001c-\u001f.
_DIVERGENT_TEXT = re.compile(r"\\u001[c-f]")
_DIVERGENT_CHARACTERS = "\x1c\x1d\x1e\x1f"
"""The same characters, as a literal file's text holds them."""
# titles, headings and names are plain text: the schemas' rule ("not" this pattern) refuses the
# Markdown marks, which would otherwise show as they are; named in the message
_TITLE_RULE = r"[*`]|\]\(|(^|[\s(])_|_($|[\s.,;:!?)])"
_MARKDOWN_MARKS = re.compile(r"[*`]+|\]\(|(^|[\s(])_|_($|[\s.,;:!?)])")


def _has_direction_controls(data: Any) -> bool:
    try:
        return (
            DIRECTION_CONTROL.search(json.dumps(data, ensure_ascii=False, default=str)) is not None
        )
    except (TypeError, ValueError):
        return False


def _as_json(data: Any) -> str | None:
    """`data` as JSON text, non-ASCII kept as it is (JSON still writes U+0000-U+001F as
    \\u00XX), or None for a value JSON has no type for. One dump serves both checks below."""
    try:
        return json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def prepare(schema_file: Path) -> None:
    """Compile the fast validator now (before the cards' processes are forked, so that each has
    it). A schema that cannot be read or compiled is left for validate() to report, as it
    always has, when a file is checked with it."""
    with contextlib.suppress(ValueError, OSError):
        fast_validator_for(schema_file)


def _fast_valid(data: Any, schema_file: Path) -> bool:
    """jsonschema-rs's answer (False for a value JSON has no type for: jsonschema explains it)."""
    try:
        return bool(fast_validator_for(schema_file).is_valid(data))
    except (TypeError, ValueError):
        return False


def surely_valid(data: Any, schema_file: Path, dumped: str | None = None) -> bool:
    """True when `data` is valid for certain; False when jsonschema must look at it. `dumped`
    is `data` as _as_json wrote it, when the caller has it already."""
    if not _fast_valid(data, schema_file):
        return False
    if dumped is None:
        dumped = _as_json(data)
    return dumped is not None and _DIVERGENT_TEXT.search(dumped) is None


def validate(doc: Document, schema_file: Path) -> bool:
    """Add an error to `doc` for everything its data breaks in the schema. True when it is valid.
    A value YAML 1.2 tools read as a number where ours read text is an error too: editors and
    pre-commit's check-jsonschema would see another value (a fingerprint such as 1717889e20)."""
    before = len(doc.errors)
    for location, value in doc.number_like.items():
        doc.error(
            location,
            f"{value} is text here but a number to YAML 1.2 tools (editors, "
            f'check-jsonschema) — put it in quotes: "{value}"',
        )
    if doc.literal and doc.text is not None:
        # the data's characters are the file's: look for them there, once (faster than
        # writing the data as JSON and searching that)
        text, odd = doc.text, doc.odd_characters  # not odd: none of the characters below
        if odd and any(control in text for control in DIRECTION_CONTROLS):
            report_direction_controls(doc)
        valid = _fast_valid(doc.data, schema_file) and not (
            odd and any(character in text for character in _DIVERGENT_CHARACTERS)
        )
    else:
        dumped = _as_json(doc.data)
        if (
            _has_direction_controls(doc.data)
            if dumped is None
            else DIRECTION_CONTROL.search(dumped) is not None
        ):
            report_direction_controls(doc)
        valid = surely_valid(doc.data, schema_file, dumped)
    if valid:
        return len(doc.errors) == before
    reported: set[Location] = set()
    for error in validator_for(schema_file).iter_errors(doc.data):
        for location, problem in _explain(error):
            if location not in reported:  # one message per place: the first says enough
                reported.add(location)
                doc.error(location, problem)
    return len(doc.errors) == before


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'  # ContentError escapes line breaks


def _fix(error: Any, default: str = "") -> str:
    """The schema's x-fix for `error` (a jsonschema ValidationError, or its parent)."""
    fix = error.schema.get("x-fix") if isinstance(error.schema, dict) else None
    if fix is None and error.validator in ("enum", "const"):
        allowed: Any = (
            error.validator_value if error.validator == "enum" else [error.validator_value]
        )
        shown = list(dict.fromkeys(str(a) for a in allowed))
        fix = f"use one of {', '.join(shown)}" if len(shown) > 1 else f"write {shown[0]}"
    return fix or default


def _with_fix(problem: str, fix: str) -> str:
    return f"{problem} — {fix}" if fix else problem


def _explain(error: ValidationError) -> list[tuple[Location, str]]:
    location: Location = tuple(error.absolute_path)
    # set on every error iter_errors gives (the stubs type them as possibly unset)
    kind: Any = error.validator
    value: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    fix = _fix(error)

    if "propertyNames" in error.schema_path:  # a bad key: name the key, on its own line
        fix = fix or _fix(error.parent) if error.parent else fix
        return [
            (
                (*location, str(value)),
                _with_fix(f'"{value}" is not an allowed name here', fix or "check its spelling"),
            )
        ]

    if kind == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        name = missing.group(1) if missing else "a field"
        known = schema.get("properties", {})
        if isinstance(value, dict) and difflib.get_close_matches(
            name, [key for key in value if key not in known], n=1, cutoff=0.6
        ):
            return []  # a misspelt key: its "unknown field — did you mean …?" says it all
        return [
            (
                (*location, name) if missing else location,
                _with_fix("is missing", f"add {name}: to this block" if missing else fix),
            )
        ]

    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        results = []
        for key in value:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = (
                f"did you mean {close[0]}?"
                if close
                else f"the fields allowed here are {', '.join(known)}"
                if known
                else "remove it"
            )
            results.append(((*location, key), f"unknown field — {hint}"))
        return results

    if kind == "propertyNames":
        key = value
        problem = f'"{key}" is not an allowed name here'
        return [((*location, key), _with_fix(problem, fix))]

    if kind == "type":
        expected: Any = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        if "string" in expected and isinstance(value, bool):
            fix = (
                "YAML reads yes, no, on, off, true and false as a switch — put the words in "
                'quotes, e.g. "No"'
            )
        elif "string" in expected and isinstance(value, int | float):
            fix = f'YAML reads it as a number — put it in quotes: "{value}"'
        elif "string" in expected and isinstance(value, dict):
            fix = (
                "a ': ' inside the text made YAML read it as a field — put the whole text in quotes"
            )
        return [(location, _with_fix(f"should be {words}, not {_describe(value)}", fix))]

    if kind in ("enum", "const"):
        return [(location, _with_fix(f"{_describe(value)} is not allowed here", fix))]

    if kind in ("minItems", "maxItems"):
        limit = error.validator_value
        word = "at least {} needed" if kind == "minItems" else "at most {} allowed"
        problem = f"has {len(value)} item{'s' if len(value) != 1 else ''}; {word.format(limit)}"
        return [(location, _with_fix(problem, fix))]

    if kind == "minLength" and value == "":
        return [(location, "is empty — fill it in (or delete the line if the field is optional)")]
    if kind == "minLength":
        return [(location, _with_fix(f"is shorter than {error.validator_value} characters", fix))]

    if kind == "maxLength":
        problem = f"is {len(value)} characters long, over the limit of {error.validator_value}"
        return [(location, _with_fix(problem, fix or "shorten it"))]

    if kind in ("minimum", "maximum"):
        word = "below the lowest" if kind == "minimum" else "above the highest"
        problem = f"{value} is {word} allowed value, {error.validator_value}"
        return [(location, _with_fix(problem, fix))]

    if kind == "not":
        found = re.search(r"<[*_`~\\]*[A-Za-z!/?][^>\s]{0,15}", str(value))
        if found:
            problem = f"contains HTML ({found.group(0)}…)"
            return [(location, _with_fix(problem, fix))]
        rule = (
            error.validator_value.get("pattern")
            if isinstance(error.validator_value, dict)
            else None
        )
        marks = _MARKDOWN_MARKS.search(str(value)) if rule == _TITLE_RULE else None
        if marks:
            # titles, headings and names are printed as they are: never bold, never a link
            problem = (
                f"is plain text, but has the Markdown mark {marks.group(0).strip()!r} "
                "— remove it: a title is shown exactly as written, never bold or a link"
            )
            return [(location, problem)]
        return [(location, _with_fix(f"{_describe(value)} is not allowed here", fix))]

    if kind == "pattern" and isinstance(value, str) and not value.strip():
        return [
            (location, "is blank — write the words (or delete the line if the field is optional)")
        ]

    if kind == "pattern":
        problem = f"{_describe(value)} does not have the right form"
        return [(location, _with_fix(problem, fix))]

    if kind == "uniqueItems":
        return [(location, "lists the same thing twice — remove the repeat")]

    if kind == "minProperties":
        return [(location, _with_fix("is empty", fix or "fill it in"))]

    return [(location, _with_fix(error.message, fix))]
