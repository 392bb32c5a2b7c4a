"""The editors' workflow: a new card from its template, errors on the pull request's lines,
schemas that agree with the validator, and CI files that call the Makefile."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ENV, ROOT
from jsonschema import Draft202012Validator
from kitchen_table.cli import site_languages
from kitchen_table.library import load_library

GOLDEN = ROOT / "tests/golden/activities"
# Golden cases whose mistake only the validator's own rules catch (ids, taxonomy, translations,
# links): the schema alone accepts them. Every other failing case must fail the schema alone too.
BEYOND_THE_SCHEMA = {
    "id-differs-from-file",
    "unknown-skill",
    "unknown-material",
    "unknown-setting",
    "language-not-configured",
    "javascript-link",
    "translation-without-fingerprint",
    "sms-too-long",
    "next-unknown-card",
    "next-is-itself",
}


def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "kitchen-table"), *args],
        cwd=project,
        env={**ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_new_activity_validates_once_filled_in(project: Path) -> None:
    created = run(project, "new", "activity", "leaf-rubbing")
    assert created.returncode == 0, created.stderr
    card = project / "content/activities/leaf-rubbing.yml"
    text = card.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/activity.schema.json")
    assert "id: leaf-rubbing" in text

    unfilled = run(project, "check")
    assert unfilled.returncode == 1
    problems = [
        line
        for line in unfilled.stderr.splitlines()
        if line.startswith("content/activities/leaf-rubbing.yml:")
    ]
    fields = {line.split(": ")[1] for line in problems}
    assert {
        "grades",
        "skills",
        "setting",
        "text.en.title",
        "text.en.summary",
        "text.en.steps[0]",
        "text.en.why_it_matters",
    } <= fields, problems
    assert all(re.match(r"content/activities/leaf-rubbing.yml:\d+: ", line) for line in problems)

    data = yaml.safe_load(text)
    data.update(
        grades=["1", "2"],
        skills=["science.nature"],
        setting="outdoors",
        materials=["paper", "crayons", "leaves"],
    )
    data.pop("standards")
    english = data["text"]["en"]
    english.pop("credits")
    english.update(
        title="Leaf rubbing",
        summary="Make pictures of leaves with a crayon.",
        steps=["Find three leaves.", "Put paper on a leaf.", "Rub with a crayon."],
        talk_about=["Which leaf has the most lines?"],
        why_it_matters="Looking closely is how scientists start.",
        tell_the_teacher="Tell the teacher which leaf your child liked.",
    )
    english.pop("easier")
    english.pop("harder")
    card.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    filled = run(project, "check")
    assert filled.returncode == 0, filled.stderr
    cards = len(list((project / "content/activities").glob("*.yml")))  # the sample's, and this one
    assert f"content OK: {cards} activities" in filled.stdout


@pytest.mark.parametrize(
    ("card_id", "message"),
    [
        ("Leaf Rubbing", "is not a valid id"),
        ("spoon-count", "exists already"),
        ("index", "is not a valid id"),
    ],
)
def test_new_activity_refuses_bad_or_taken_ids(project: Path, card_id: str, message: str) -> None:
    result = run(project, "new", "activity", card_id)
    assert result.returncode == 2 and message in result.stderr


def test_check_annotates_the_pull_request_in_github_actions(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    card.write_text(card.read_text("utf-8").replace("minutes: 10", "minutes: 90, maybe"), "utf-8")
    result = run(project, "check", GITHUB_ACTIONS="true")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "::error file=content/activities/spoon-count.yml,line=5,title=minutes::should be a "
        'whole number, not "90, maybe" — write a whole number of minutes from 5 to 60'
    )
    local = run(project, "check")
    assert local.stderr.splitlines()[0].startswith("content/activities/spoon-count.yml:5: minutes:")


def test_annotation_escaping() -> None:
    from kitchen_table.cli import github_annotation
    from kitchen_table.errors import ContentError

    # a line break quoted from an editor's value is escaped where the error is made (errors.py),
    # so GitHub shows one annotation line; %, : and , are escaped as workflow commands want
    error = ContentError("content/a,b.yml", 3, "text.en:x", "100% wrong\nsecond line")
    assert github_annotation("warning", error) == (
        "::warning file=content/a%2Cb.yml,line=3,title=text.en%3Ax::100%25 wrong\\nsecond line"
    )


def test_readability_is_a_warning_never_an_error(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    data = yaml.safe_load(card.read_text("utf-8"))
    english = data["text"]["en"]
    english["steps"] = [
        "Simultaneously enumerate the institutional cutlery, demonstrating mathematical "
        "correspondence between quantitative representations and individual manipulatives, "
        "notwithstanding organizational considerations regarding the subsequent mealtime."
    ] * len(english["steps"])
    card.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    line = next(
        number
        for number, text in enumerate(card.read_text("utf-8").splitlines(), 1)
        if text == "  en:"
    )
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "spoon-count" in line]
    assert len(warning) == 1 and warning[0].startswith(
        f"warning: content/activities/spoon-count.yml:{line}: text.en: reads at about grade "
    )


def test_links_lists_the_addresses_content_links_to(project: Path) -> None:
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text("utf-8").replace(
        "Start with three spoons and count them together.",
        "Start with three spoons, like [this video](https://example.org/spoons) shows.",
    )
    card.write_text(text, "utf-8")
    result = run(project, "links")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    sources = {
        source.url
        for guide in load_library(project, site_languages(project / "mkdocs.yml")).guides
        for source in guide.sources
    }
    assert lines == sorted({"https://example.org/spoons", *sources})


@pytest.mark.parametrize(
    "schema_file", sorted((ROOT / "content/schema").glob("*.json")), ids=lambda path: path.name
)
def test_schemas_are_valid_json_schema(schema_file: Path) -> None:
    Draft202012Validator.check_schema(json.loads(schema_file.read_text("utf-8")))


def test_schema_alone_agrees_with_the_validator() -> None:
    """The schema file is the single source of truth: an editor's tool using it alone accepts
    every valid card and refuses every card whose mistake is one of form."""
    schema = json.loads((ROOT / "content/schema/activity.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    for card in (ROOT / "content/activities").glob("*.yml"):
        assert not list(validator.iter_errors(yaml.safe_load(card.read_text("utf-8")))), card
    for case in sorted(GOLDEN.glob("*.yml")):
        golden = yaml.safe_load(case.read_text("utf-8"))
        try:
            data = yaml.safe_load(golden["card"])
        except yaml.YAMLError:
            continue  # a syntax error: no schema sees it
        schema_says_valid = validator.is_valid(data)
        if not golden["errors"] or case.stem in BEYOND_THE_SCHEMA:
            assert schema_says_valid, case.stem
        elif case.stem not in {"duplicate-key", "anchor-and-alias", "empty-file"}:
            assert not schema_says_valid, case.stem


def test_published_schemas_are_the_source_files(site: Path) -> None:
    for schema in (ROOT / "content/schema").glob("*.schema.json"):
        assert (site / "schema" / schema.name).read_bytes() == schema.read_bytes()


def test_pre_commit_checks_every_content_file_against_its_schema() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [
        hook
        for repo in config["repos"]
        for hook in repo["hooks"]
        if hook["id"] == "check-jsonschema"
    ]
    content = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "content").rglob("*.yml")
        if "templates" not in path.parts
    ]
    for path in content:
        matching = [hook for hook in hooks if re.search(hook["files"], path)]
        assert len(matching) == 1, path
        schema = matching[0]["args"][matching[0]["args"].index("--schemafile") + 1]
        assert (ROOT / schema).is_file()
    assert any(hook["id"] == "ruff" for repo in config["repos"] for hook in repo["hooks"])


def _steps(workflow: str) -> list[str]:
    data = yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text("utf-8"))
    return [
        step.get("run", step.get("uses", ""))
        for job in data["jobs"].values()
        for step in job.get("steps", [])
    ]


def test_pull_request_workflow_runs_the_makefile_checks() -> None:
    data = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text("utf-8"))
    assert "pull_request" in data[True]  # YAML 1.1 reads the key `on` as true
    steps = _steps("pull-request.yml")
    for command in ("make check", "make build", "make test"):
        assert command in steps, steps
    assert steps.index("make check") < steps.index("make build") < steps.index("make test")


def test_publish_workflow_builds_with_the_makefile_and_deploys_the_site() -> None:
    data = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    assert data[True]["push"]["branches"] == ["main"]
    steps = _steps("publish.yml")
    # the languages are built in parts, one runner each, then merged (ENGINES.md, issue 23)
    parts = data["jobs"]["part"]
    groups = parts["strategy"]["matrix"]["languages"]
    from kitchen_table.cli import site_languages

    built = [language for group in groups for language in group.split(",")]
    assert sorted(built) == sorted(site_languages(ROOT / "mkdocs.yml"))  # each once, none left
    assert any(
        step.startswith("make build-part LANGUAGES=${{ matrix.languages }}") for step in steps
    )
    assert any(step.startswith("make merge PARTS=") for step in steps)
    assert any(step.startswith("actions/deploy-pages") for step in steps)
    upload = next(
        step
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "site"
