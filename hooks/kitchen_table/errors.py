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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.problem}"


class ContentInvalid(Exception):
    """Raised once, after every file has been read, with every mistake found."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        count = len(self.errors)
        super().__init__(f"{count} content error{'s' if count != 1 else ''}")
