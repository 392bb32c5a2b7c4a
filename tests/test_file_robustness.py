"""A content file that is a folder, a FIFO, unreadable or missing, or a content folder that is a
file: `make check` names the path and the problem and exits 1. Never a traceback, never a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ENV, ROOT
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

LANGUAGES = ("en", "es", "zh", "vi", "ar", "ht", "so", "pt")
FILES = [
    "taxonomy.yml",
    "school.yml",
    "glossary.yml",
    "weeks.yml",
    "strings/es.yml",
    "schema/activity.schema.json",
    "schema/taxonomy.schema.json",
    "activities/spoon-count.yml",
    f"guides/{sorted((ROOT / 'content/guides').glob('*.yml'))[0].name}",
    f"resources/{sorted((ROOT / 'content/resources').glob('*.yml'))[0].name}",
]
FOLDERS = ["activities", "guides", "resources", "strings", "schema"]


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentInvalid) as invalid:
        load_library(root, LANGUAGES)
    return [str(error) for error in invalid.value.errors]


FOUNDATIONS = [name for name in FILES if name == "taxonomy.yml" or name.startswith("schema/")]
"""Read before anything else: when one is broken, nothing else is read (and so reported)."""


@pytest.mark.parametrize("group", ["foundations", "others"])
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_content_file_that_is_a_folder_or_a_fifo_is_named(
    root: Path, kind: str, group: str
) -> None:
    names = [n for n in FILES if (n in FOUNDATIONS) == (group == "foundations")]
    for name in names:  # all at once: every mistake is reported in one run
        file = root / "content" / name
        file.unlink()
        file.mkdir() if kind == "folder" else os.mkfifo(file)
    problem = (
        "this is a folder, not a file — move the folder away and put the file back (git "
        "checkout -- the file)"
        if kind == "folder"
        else "this is not a regular file (a pipe, socket or device) — replace it with an "
        "ordinary text file"
    )
    errors = errors_of(root)
    assert sorted(errors) == sorted(f"content/{name}:1: file: {problem}" for name in names)


@pytest.mark.parametrize("name", ["taxonomy.yml", "schema/guide.schema.json", "strings/es.yml"])
def test_a_missing_file_that_the_site_needs_is_named(root: Path, name: str) -> None:
    (root / "content" / name).unlink()
    wanted = {
        "strings/es.yml": "content/strings/es.yml:1: file: the site has the language es "
        "but no words for it"
    }.get(name, f"content/{name}:1: file: the file is missing — restore it")
    errors = errors_of(root)
    assert any(error.startswith(wanted) for error in errors), errors


def test_an_unreadable_file_is_named(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests may run as root, who reads any file: the refusal is the operating system's
    target = root / "content/activities/spoon-count.yml"
    opened = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):
        if self == target:
            raise PermissionError(13, "Permission denied")
        return opened(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    errors = errors_of(root)
    assert (
        "content/activities/spoon-count.yml:1: file: the file cannot be read (Permission "
        "denied) — check its permissions"
    ) in errors, errors


@pytest.mark.parametrize("name", FOLDERS)
def test_a_content_folder_that_is_a_file_is_named(root: Path, name: str) -> None:
    shutil.rmtree(root / "content" / name)
    (root / "content" / name).write_text("oops\n", encoding="utf-8")
    errors = errors_of(root)
    assert errors == [
        f"content/{name}:1: folder: this should be a folder of .yml files but it "
        "is a file — move the file away and put the folder back (git checkout -- "
        "the folder)"
    ], errors


def test_make_check_exits_1_without_a_traceback_or_a_hang(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "content/taxonomy.yml").unlink()
    os.mkfifo(tmp_path / "content/taxonomy.yml")  # reading it would wait for ever
    shutil.rmtree(tmp_path / "content/schema")
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    shown = result.stdout + result.stderr
    assert result.returncode == 1, shown
    assert "Traceback" not in shown
    assert "content/schema/activity.schema.json:1: file: the file is missing" in shown
    assert "content/taxonomy.yml:1: file: this is not a regular file" in shown
