"""Reading YAML files that editors (or anyone opening a pull request) may get wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kitchen_table.source import MAX_FILE_BYTES, read_document

CARD = "id: x\ngrades: [1]\nminutes: 10\n"


def read(tmp_path: Path, raw: bytes, name: str = "card.yml"):
    file = tmp_path / name
    file.write_bytes(raw)
    return read_document(file, f"content/activities/{name}")


def test_lines_are_remembered_for_keys_and_items(tmp_path: Path) -> None:
    doc = read(tmp_path, b"id: x\ngrades:\n  - 1\n  - 2\ntext:\n  en:\n    title: Hi\n")
    assert doc.errors == []
    assert doc.data == {"id": "x", "grades": [1, 2], "text": {"en": {"title": "Hi"}}}
    assert doc.line(("grades", 1)) == 4
    assert doc.line(("text", "en", "title")) == 7
    assert doc.line(("text", "en", "summary")) == 6  # a missing field: its parent's line


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = read(tmp_path, b"\xef\xbb\xbf" + CARD.encode())
    assert doc.errors == [] and doc.data["id"] == "x"


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    doc = read(tmp_path, b"id: x\ntitle: caf\xe9\n")
    assert [str(e) for e in doc.errors] == [
        "content/activities/card.yml:2: yaml: this line is not UTF-8 text — save the file as UTF-8"
    ]


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + previous] * 9)}]")
    doc = read(tmp_path, "\n".join(lines).encode())
    assert doc.errors and all("anchors and aliases" in e.problem for e in doc.errors)
    assert len(doc.errors) < 100


def test_huge_file_is_refused(tmp_path: Path) -> None:
    doc = read(tmp_path, b"id: x\nnote: " + b"a" * MAX_FILE_BYTES + b"\n")
    assert len(doc.errors) == 1 and "over the 512 KB limit" in doc.errors[0].problem


def test_unusual_tags_are_refused(tmp_path: Path) -> None:
    doc = read(tmp_path, b"id: !!python/object:os.system x\n")
    assert [e.field for e in doc.errors] == ["id"]
    assert "tag" in doc.errors[0].problem


def test_dates_stay_text(tmp_path: Path) -> None:
    doc = read(tmp_path, b"last_verified: 2026-01-31\n")
    assert doc.data == {"last_verified": "2026-01-31"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.yml"
    target.write_text(CARD, encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(target)
    doc = read_document(tmp_path / "link.yml", "content/activities/link.yml")
    assert "symbolic link" in doc.errors[0].problem


def test_a_content_folder_gives_its_yml_files_and_refuses_the_rest(tmp_path: Path) -> None:
    from kitchen_table.source import content_files, id_clash

    folder = tmp_path / "content" / "guides"
    folder.mkdir(parents=True)
    for name in ("b.yml", "A.yml", "a.yml", "notes.txt", ".hidden.yml"):
        (folder / name).write_text("id: x\n", "utf-8")
    (folder / "sub").mkdir()
    errors: list = []
    seen: dict[str, str] = {}
    found = [
        (display, id_clash(file, display, seen))
        for file, display in content_files(folder, tmp_path, errors)
    ]
    assert found == [
        ("content/guides/A.yml", None),
        (
            "content/guides/a.yml",
            "the id a is used by content/guides/A.yml too — give one of "
            "them a different id and file name",
        ),
        ("content/guides/b.yml", None),
    ]
    assert [str(error) for error in errors] == [
        "content/guides/notes.txt:1: file name: only <id>.yml files belong in this folder — "
        "rename it to end in .yml, or move it out"
    ]
    assert list(content_files(tmp_path / "missing", tmp_path, errors)) == []


def test_a_key_that_is_not_a_plain_name_is_quoted_in_messages(tmp_path: Path) -> None:
    # found by the fuzz test: a key ":" made "text.:: problem", which no one can read as
    # file:line: field: problem
    doc = read(tmp_path, b'id: x\ntext:\n  ":": x\n  "a b": y\n')
    doc.error(("text", ":"), "a problem")
    doc.error(("text", "a b"), "another")
    assert [str(e) for e in doc.errors] == [
        'content/activities/card.yml:3: text[":"]: a problem',
        'content/activities/card.yml:4: text["a b"]: another',
    ]
