"""The one error type for content problems, shaped for editors: `path:line: field: problem`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one content file, where an editor can find and fix it."""

    path: str
    """The file, relative to the repository root, with forward slashes."""
    line: int
    field: str
    """Where in the file: `grades[1]`, `text.es.steps[2]`; `yaml` for a file that cannot be read."""
    problem: str
    """What is wrong — how to fix it."""

    def __post_init__(self) -> None:
        # every reader of an error (the terminal, GitHub's annotations, a translator's import
        # report) gets one line, whichever check quoted the editor's value into it
        object.__setattr__(self, "field", _one_line(self.field))
        object.__setattr__(self, "problem", _one_line(self.problem))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.problem}"


def _one_line(text: str) -> str:
    """A line break, tab or other control character an editor typed into a value is shown
    escaped (`\\n`, `\\t`, `\\u2028`): every message stays one `path:line: field: problem` line,
    whichever check quoted the value."""
    return text.translate(_ESCAPES) if any(ch in _UNSEEN for ch in text) else text


_UNSEEN = {chr(code) for code in (*range(32), 0x7F, 0x85, 0x2028, 0x2029)}
_ESCAPES = {
    ord(ch): {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04x}") for ch in _UNSEEN
}


class ContentInvalid(Exception):
    """Raised once, after every file has been read, with every mistake found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        count = len(self.errors)
        super().__init__(f"{count} content error{'s' if count != 1 else ''}")
