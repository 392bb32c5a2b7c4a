"""A corpus of broken files (tests/bad_content/<kind>/...), each with the exact errors it must
produce in tests/bad_content/expected.yml. `pytest --update-golden` rewrites that file from what
the code says; review the diff.

<kind> is what the file stands in for: activities/<name> is added to content/activities/ beside
the valid sample cards, taxonomy/<name> replaces content/taxonomy.yml, strings/<name> replaces
content/strings/es.yml, glossary/<name> content/glossary.yml and school/<name> content/school.yml.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV, ROOT, copy_project
from kitchen_table.cli import site_languages
from kitchen_table.errors import ContentInvalid
from kitchen_table.library import load_library

CORPUS = Path(__file__).parent / "bad_content"
EXPECTED_FILE = CORPUS / "expected.yml"
CASES = sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.glob("*/*") if path.is_file())
LANGUAGES = site_languages(ROOT / "mkdocs.yml")
SAMPLE_CARDS = sorted(p.stem for p in (ROOT / "content/activities").glob("*.yml"))


def _expected() -> dict[str, list[str]]:
    if not EXPECTED_FILE.exists():
        return {}
    return yaml.safe_load(EXPECTED_FILE.read_text("utf-8")) or {}


def place(case: str, project: Path) -> str:
    """Put the broken file where it belongs; return its path as error messages name it."""
    kind, name = case.split("/", 1)
    source = CORPUS / case
    if kind == "activities":
        target = project / "content/activities" / name
    elif kind == "taxonomy":
        target = project / "content/taxonomy.yml"
    elif kind in ("glossary", "school"):
        target = project / f"content/{kind}.yml"
    else:
        target = project / "content/strings/es.yml"
    target.write_bytes(source.read_bytes())
    return target.relative_to(project).as_posix()


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("bad-content") / "project")


def errors_for(case: str, base: Path, tmp_path: Path) -> list[str]:
    project = tmp_path / "project"
    shutil.copytree(base / "content", project / "content")
    place(case, project)
    try:
        load_library(project, LANGUAGES)
    except ContentInvalid as invalid:
        return [str(error) for error in invalid.errors]
    return []


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60, f"only {len(CASES)} bad files"


@pytest.mark.parametrize("case", CASES)
def test_bad_file_gives_its_exact_errors(
    case: str, base_project: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    actual = errors_for(case, base_project, tmp_path)
    if request.config.getoption("--update-golden"):
        expected = _expected()
        expected[case] = actual
        EXPECTED_FILE.write_text(
            yaml.safe_dump(dict(sorted(expected.items())), allow_unicode=True, width=100), "utf-8"
        )
    assert actual, f"{case} was accepted"
    assert actual == _expected().get(case), case
    for line in actual:
        path, line_number, field, problem = line.split(":", 3)
        assert path.startswith("content/") and int(line_number) >= 1
        assert field.strip() and " — " in problem, f"no fix given: {line}"
        assert "Traceback" not in line


def test_every_bad_file_at_once(base_project: Path, tmp_path: Path) -> None:
    """One run with the whole activities corpus: every file reported, no traceback, exit 1,
    and the valid sample cards beside them still all read (none of their lines are errors)."""
    project = tmp_path / "project"
    shutil.copytree(base_project, project)
    for case in CASES:
        if case.startswith("activities/"):
            place(case, project)
    result = subprocess.run(
        [str(BIN / "kitchen-table"), "check"],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for case in CASES:
        if case.startswith("activities/"):
            for line in _expected().get(case, []):
                assert line in result.stderr, line
    for card in SAMPLE_CARDS:
        assert f"content/activities/{card}.yml:" not in result.stderr


def test_symbolic_link_card_is_refused(base_project: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(base_project / "content", project / "content")
    (project / "content/activities/linked.yml").symlink_to(
        project / "content/activities/spoon-count.yml"
    )
    with pytest.raises(ContentInvalid) as invalid:
        load_library(project, LANGUAGES)
    assert [str(e) for e in invalid.value.errors] == [
        "content/activities/linked.yml:1: (top level): the file is a symbolic link — replace it "
        "with the real file"
    ]
