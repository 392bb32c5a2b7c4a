"""Translators' files: PO, XLIFF and TBX out, a translator's PO or XLIFF back in.

The files are checked with the tools translators use (GNU msgfmt, translate-toolkit), edited with
translate-toolkit (not the library that wrote them), and imported; the content files are then
compared byte for byte."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import ROOT
from kitchen_table.activities import fingerprint
from kitchen_table.cli import main, site_extra, site_url
from kitchen_table.library import load_library
from kitchen_table.translatable import read_translatable, status_counts
from kitchen_table.translation_import import import_catalog
from translate.storage import po, tbx, xliff

pytestmark = pytest.mark.slow  # each exports or imports a copy's translators' files (CLI, msgfmt)

LANGUAGES = ("es", "zh", "vi", "ar", "ht", "so", "pt")
MSGFMT = shutil.which("msgfmt")


def run(project: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--root", str(project), "translations", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def content_hashes(project: Path) -> dict[str, str]:
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((project / "content").rglob("*"))
        if path.is_file()
    }


def english_strings(project: Path) -> set[str]:
    """The contexts an export must have, found from the YAML itself (not from our reader)."""
    found: set[str] = set()

    def walk(prefix: str, value: object, path: str = "") -> None:
        if isinstance(value, str):
            found.add(f"{prefix}:{path}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(prefix, item, f"{path}[{index}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(prefix, item, f"{path}.{key}" if path else key)

    for folder in ("activities", "guides", "resources"):
        for file in (project / "content" / folder).glob("*.yml"):
            english = yaml.safe_load(file.read_text("utf-8"))["text"]["en"]
            english.pop("translation")
            walk(f"{folder}/{file.stem}", english)
    glossary = yaml.safe_load((project / "content/glossary.yml").read_text("utf-8"))
    for term_id, term in glossary["terms"].items():
        found.update(
            f"glossary/{term_id}:{name}" for name in ("term", "definition") if name in term["en"]
        )
    school = yaml.safe_load((project / "content/school.yml").read_text("utf-8"))
    found.update(f"school:dates[{date['start']},{date['kind']}].what" for date in school["dates"])
    taxonomy = yaml.safe_load((project / "content/taxonomy.yml").read_text("utf-8"))

    def labels(value: object, path: str) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("en"), str):
                found.add(f"taxonomy:{path}")
                return
            for key, item in value.items():
                labels(item, f"{path}.{key}" if path else str(key))

    labels(taxonomy, "")
    strings = yaml.safe_load((project / "content/strings/en.yml").read_text("utf-8"))
    found.update(f"strings:{key}" for key, words in strings.items() if words)
    return found


def test_po_has_every_string_and_passes_msgfmt(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project, "export", "es", "--to", str(project / "out"), capsys=capsys)
    assert code == 0, out
    path = project / "out/es.po"
    if MSGFMT is None:
        pytest.fail("GNU gettext's msgfmt is needed (apt-get install gettext)")
    checked = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "error" not in checked.stderr
    catalog = read_po(path.open("rb"))
    contexts = {message.context for message in catalog if message.id}
    assert contexts == english_strings(project)
    lines = path.read_text("utf-8").splitlines()
    spoon = catalog.get(
        "Count out loud together, one number for each spoon.",
        context="activities/spoon-count:steps[2]",
    )
    assert spoon is not None and spoon.string.startswith("Cuenten en voz alta")
    assert any("Pre-K, Kindergarten" in note and "Counting" in note for note in spoon.auto_comments)
    # #: points at the English line, then at the translation's line
    card = (project / "content/activities/spoon-count.yml").read_text("utf-8").splitlines()
    (english_file, english_line), (_, es_line) = spoon.locations
    assert english_file == "content/activities/spoon-count.yml"
    assert "Count out loud together" in card[english_line - 1]
    assert "Cuenten en voz alta" in card[es_line - 1]
    guide = next(m for m in catalog if m.context == "guides/enrolling:sections[1].body")
    assert "keep {school.office_phone} exactly as it is (the site fills it in)" in " ".join(
        guide.auto_comments
    )
    sms = next(m for m in catalog if m.context == "activities/spoon-count:sms")
    assert any(note.startswith("SMS: ") for note in sms.auto_comments)
    iep = [m for m in catalog if "IEP" in m.id and not m.context.startswith("glossary/")]
    assert iep and all(
        any("school word: IEP = IEP" in note for note in m.auto_comments) for m in iep
    )
    assert 'msgctxt "activities/spoon-count:steps[2]"' in lines
    code, out, _ = run(project, "template", "--to", str(project / "out"), capsys=capsys)
    pot = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(project / "out" / "kitchen-table.pot")],
        capture_output=True,
        text=True,
    )
    assert pot.returncode == 0, pot.stderr
    template = read_po((project / "out/kitchen-table.pot").open("rb"))
    assert {m.context for m in template if m.id} == contexts
    assert all(not m.string for m in template if m.id)


def test_xliff_and_tbx_read_by_translate_toolkit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "out"
    assert (
        run(project, "export", "ar", "--to", str(out), "--format", "xliff", capsys=capsys)[0] == 0
    )
    assert run(project, "export", "ar", "--to", str(out), capsys=capsys)[0] == 0
    raw = (out / "ar.xlf").read_bytes()
    assert b'xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"' in raw
    store = xliff.xlifffile.parsefile(str(out / "ar.xlf"))
    assert store.gettargetlanguage() == "ar"
    units = {unit.xmlelement.get("resname"): unit for unit in store.getunits()}
    catalog = read_po((out / "ar.po").open("rb"))
    messages = {m.context: m for m in catalog if m.id}
    assert set(units) == set(messages)
    for context, message in messages.items():
        assert str(units[context].source) == message.id
        assert str(units[context].target or "") == message.string
    assert run(project, "glossary", "--to", str(out), capsys=capsys)[0] == 0
    terms = tbx.tbxfile.parsefile(str(out / "glossary.tbx")).units
    glossary = yaml.safe_load((project / "content/glossary.yml").read_text("utf-8"))["terms"]
    assert [unit.getid() for unit in terms] == list(glossary)
    iep = terms[0]
    assert [term.text for term in iep.get_target_terms("es")] == [glossary["iep"]["es"]["term"]]


def test_a_round_trip_without_changes_touches_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = content_hashes(project)
    out = project / "out"
    assert run(project, "export", "all", "--to", str(out), capsys=capsys)[0] == 0
    assert (
        run(project, "export", "all", "--to", str(out), "--format", "xliff", capsys=capsys)[0] == 0
    )
    code, text, err = run(project, "import", str(out / "es.po"), capsys=capsys)
    assert code == 0, err
    assert "imported 0 changed strings into 0 files" in text
    library = load_library(
        project,
        ("en", *LANGUAGES),
        site_extra(project / "mkdocs.yml"),
        site_url=site_url(project / "mkdocs.yml"),
    )
    strings = read_translatable(project, library)
    for language in LANGUAGES:
        for name in (f"{language}.po", f"{language}.xlf"):
            outcome = import_catalog(project, out / name, library, translatable=strings)
            assert not outcome.problems and not outcome.written, (name, outcome.problems[:3])
    assert content_hashes(project) == before


def _edit(path: Path, changes: dict[str, str], saved: Path, fuzzy: bool | None = None) -> None:
    """Change translations with translate-toolkit, as another tool would, and save."""
    store = po.pofile.parsefile(str(path))
    found = set()
    for unit in store.units:
        if unit.getcontext() in changes:
            unit.target = changes[unit.getcontext()]
            if fuzzy is not None:
                unit.markfuzzy(fuzzy)
            found.add(unit.getcontext())
    assert found == set(changes)
    store.savefile(str(saved))


def test_an_edited_po_changes_only_its_lines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "out"
    run(project, "export", "es", "--to", str(out), capsys=capsys)
    before = content_hashes(project)
    card = project / "content/activities/spoon-count.yml"
    card_before = card.read_text("utf-8").splitlines(keepends=True)
    long_text = (
        "Decir un número para cada cosa se llama **conteo uno a uno**. Es el comienzo de "
        "todas las matemáticas que su hijo o hija aprenderá en la escuela, desde hoy."
    )
    _edit(
        out / "es.po",
        {
            "activities/spoon-count:title": "Contamos cucharas",
            "activities/spoon-count:why_it_matters": long_text,
            "strings:what_to_do": "Qué hacemos: paso a paso",
            "guides/enrolling:sections[1].body": "Vaya a {school.enrollment_office} o llame al "
            "{school.office_phone}. Es gratis.",
        },
        out / "es-edited.po",
    )
    code, text, err = run(project, "import", str(out / "es-edited.po"), capsys=capsys)
    assert code == 0, err
    changed = {path for path, digest in content_hashes(project).items() if before[path] != digest}
    assert changed == {
        "content/activities/spoon-count.yml",
        "content/strings/es.yml",
        "content/guides/enrolling.yml",
    }
    after = card.read_text("utf-8").splitlines(keepends=True)
    differing = [(old, new) for old, new in zip(card_before, after, strict=False) if old != new]
    assert len(card_before) == len(after)
    assert [new.strip() for _, new in differing] == [
        "translation: human",
        "title: Contamos cucharas",
        "matemáticas que su hijo o hija aprenderá en la escuela, desde hoy.",
    ]
    data = yaml.safe_load(card.read_text("utf-8"))
    assert data["text"]["es"]["why_it_matters"] == long_text
    assert data["text"]["es"]["translated_from"] == fingerprint(data["text"]["en"])
    assert data["text"]["zh"]["translation"] == "machine"
    strings = (project / "content/strings/es.yml").read_text("utf-8")
    assert 'what_to_do: "Qué hacemos: paso a paso"\n' in strings
    assert main(["--root", str(project), "check"]) == 0


def test_refused_with_the_po_line_and_nothing_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "out"
    run(project, "export", "es", "--to", str(out), capsys=capsys)
    before = content_hashes(project)
    bad = {
        "guides/enrolling:sections[1].body": "Llame al {school.phone}, en "
        "{school.enrollment_office}.",
        "activities/spoon-count:title": "Contar <b>cucharas</b>",
        "activities/spoon-count:summary": "Vean [esto](https://example.org",
        "activities/spoon-count:sms": "Esta noche, cuenten cucharas juntos. " * 9,
        "activities/spoon-count:steps[1]": "Uno.\n- Dos.",
        "activities/spoon-count:easier": "Empiecen con tres cucharas. " * 15,
        "strings:minutes": "minutos",
    }
    _edit(out / "es.po", bad, out / "es-bad.po")
    text = (out / "es-bad.po").read_text("utf-8")
    text += '\nmsgctxt "activities/no-such-card:title"\nmsgid "Gone"\nmsgstr "Ido"\n'
    (out / "es-bad.po").write_text(text, "utf-8")
    code, _, err = run(project, "import", str(out / "es-bad.po"), capsys=capsys)
    assert code == 1
    assert content_hashes(project) == before
    problems = [line for line in err.splitlines() if line.startswith("es-bad.po:")]
    po_lines = text.splitlines()
    by_context: dict[str, list[str]] = {}
    for problem in problems:
        found = re.match(r"es-bad\.po:(\d+): (\S+): (.+)", problem)
        assert found, problem
        line, context, _ = found.groups()
        entry = po_lines[int(line) - 1]
        assert f'"{context}"' in entry or entry.startswith("msgid"), problem
        by_context.setdefault(context, []).append(found.group(3))
    assert set(by_context) == set(bad)
    assert "placeholder {school.office_phone} is missing" in " ".join(
        by_context["guides/enrolling:sections[1].body"]
    )
    assert "raw HTML" in by_context["activities/spoon-count:title"][0]
    assert "broken Markdown link" in by_context["activities/spoon-count:summary"][0]
    assert by_context["activities/spoon-count:sms"][0].startswith("SMS: with the link it takes")
    assert "the English has 5 steps" in by_context["activities/spoon-count:steps[1]"][0]
    assert "over the limit of 300" in by_context["activities/spoon-count:easier"][0]
    assert "placeholder {n} is missing" in by_context["strings:minutes"][0]
    assert "activities/no-such-card:title: unknown context" in err
    assert "nothing was written" in err


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def test_stale_is_fuzzy_with_the_older_english(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = project / "content/activities/spoon-count.yml"
    old = "Put a small pile of spoons on the table, up to ten."
    new = "Put a small pile of spoons on the table, up to twelve."
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "sample")
    card.write_text(card.read_text("utf-8").replace(old, new, 1), "utf-8")
    _git(project, "commit", "-qam", "more spoons")
    out = project / "out"
    run(project, "export", "pt", "--to", str(out), capsys=capsys)
    catalog = read_po((out / "pt.po").open("rb"))
    fuzzy = {m.context: m for m in catalog if m.id and m.fuzzy}
    assert set(fuzzy) == {"activities/spoon-count:steps[0]"}
    # translate-toolkit (what Pootle and Weblate's PO reader build on) sees the older English
    unit = next(
        unit
        for unit in po.pofile.parsefile(str(out / "pt.po")).units
        if unit.getcontext() == "activities/spoon-count:steps[0]"
    )
    assert unit.isfuzzy() and unit.prev_source == old
    assert f'#| msgid "{old}"' in (out / "pt.po").read_text("utf-8")
    before = content_hashes(project)
    assert run(project, "import", str(out / "pt.po"), capsys=capsys)[0] == 0
    assert content_hashes(project) == before  # the fuzzy entry keeps the card stale
    _edit(
        out / "pt.po",
        {"activities/spoon-count:steps[0]": "Coloque um montinho de colheres na mesa, até doze."},
        out / "pt-done.po",
        fuzzy=False,
    )
    code, _, err = run(
        project,
        "import",
        str(out / "pt-done.po"),
        "--provenance",
        "reviewed-machine",
        capsys=capsys,
    )
    assert code == 0, err
    data = yaml.safe_load(card.read_text("utf-8"))
    assert data["text"]["pt"]["translation"] == "reviewed-machine"
    assert data["text"]["pt"]["translated_from"] == fingerprint(data["text"]["en"])
    assert data["text"]["es"]["translated_from"] != fingerprint(data["text"]["en"])
    assert main(["--root", str(project), "check"]) == 0
    stale = capsys.readouterr().out
    assert "spoon-count.yml: text.es was translated from an older" in stale
    assert "spoon-count.yml: text.pt was translated" not in stale


def test_stale_without_history_says_so(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = project / "content/activities/spoon-count.yml"
    card.write_text(card.read_text("utf-8").replace("up to ten.", "up to twelve.", 1), "utf-8")
    run(project, "export", "es", "--to", str(project / "out"), capsys=capsys)
    catalog = read_po((project / "out/es.po").open("rb"))
    spoon = [m for m in catalog if m.context and m.context.startswith("activities/spoon-count:")]
    assert spoon and all(m.fuzzy for m in spoon if m.string)
    assert all(
        any("not in the file's git history" in note for note in m.auto_comments) for m in spoon
    )


def test_a_new_translation_is_written_once_complete(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = project / "content/activities/spoon-count.yml"
    text = card.read_text("utf-8")
    start = text.index("\n  pt:\n")
    end = text.index("\n  ht:\n")
    card.write_text(text[:start] + text[end:], "utf-8")
    out = project / "out"
    run(project, "export", "pt", "--to", str(out), capsys=capsys)
    catalog = read_po((out / "pt.po").open("rb"))
    spoon = {
        m.context: m
        for m in catalog
        if m.context and m.context.startswith("activities/spoon-count:")
    }
    assert all(not m.string or m.fuzzy for m in spoon.values())  # suggestions only
    words = {context: f"Tradução {index}" for index, context in enumerate(spoon)}
    partial = dict(list(words.items())[:3])
    _edit(out / "pt.po", partial, out / "pt-partial.po", fuzzy=False)
    before = content_hashes(project)
    code, _, err = run(project, "import", str(out / "pt-partial.po"), capsys=capsys)
    assert code == 0 and content_hashes(project) == before
    assert "a new pt translation is written once all its strings are translated" in err
    _edit(out / "pt.po", words, out / "pt-full.po", fuzzy=False)
    code, _, err = run(project, "import", str(out / "pt-full.po"), capsys=capsys)
    assert code == 0, err
    data = yaml.safe_load(card.read_text("utf-8"))
    pt = data["text"]["pt"]
    assert pt["translation"] == "human"
    assert pt["translated_from"] == fingerprint(data["text"]["en"])
    assert pt["steps"] == [words[f"activities/spoon-count:steps[{i}]"] for i in range(5)]
    assert card.read_text("utf-8").startswith(text[:start])
    assert f'translated_from: "{pt["translated_from"]}"' in card.read_text("utf-8")
    assert main(["--root", str(project), "check"]) == 0


def test_make_translations_export_writes_every_language() -> None:
    result = subprocess.run(
        ["make", "-n", "translations-export"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0 and "translations export all" in result.stdout


def test_the_status_page_links_each_languages_files(site: Path) -> None:
    page = (site / "translations/index.html").read_text("utf-8")
    library = load_library(
        ROOT,
        ("en", *LANGUAGES),
        site_extra(ROOT / "mkdocs.yml"),
        site_url=site_url(ROOT / "mkdocs.yml"),
    )
    strings = read_translatable(ROOT, library)
    counts = status_counts(strings)
    for language in LANGUAGES:
        row = re.search(rf'<tr id="strings-{language}">(.*?)</tr>', page, re.S).group(1)
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        tally = counts[language]
        assert cells[:7] == [
            str(tally[name])
            for name in (
                "original",
                "human",
                "reviewed-machine",
                "machine",
                "not recorded",
                "stale",
                "missing",
            )
        ]
        links = re.findall(r'href="([^"]+)"', row)
        assert links == [f"files/{language}.po", f"files/{language}.xlf"]
        catalog = read_po((site / "translations" / links[0]).open("rb"))
        assert sum(1 for message in catalog if message.id) == len(strings.entries)
        store = xliff.xlifffile.parsefile(str(site / "translations" / links[1]))
        assert store.gettargetlanguage() == language
    for name in ("kitchen-table.pot", "glossary.tbx"):
        assert f'href="files/{name}"' in page
        assert (site / "translations/files" / name).stat().st_size > 0


def test_an_xliff_from_a_translation_office_imports(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = project / "out"
    run(project, "export", "vi", "--to", str(out), "--format", "xliff", capsys=capsys)
    store = xliff.xlifffile.parsefile(str(out / "vi.xlf"))
    unit = next(
        unit
        for unit in store.getunits()
        if unit.xmlelement.get("resname") == "resources/hollow-family-health-center:name"
    )
    unit.target = "Khám với bác sĩ và y tá"
    store.savefile(str(out / "vi-back.xlf"))
    before = content_hashes(project)
    code, _, err = run(project, "import", str(out / "vi-back.xlf"), capsys=capsys)
    assert code == 0, err
    changed = [path for path, digest in content_hashes(project).items() if before[path] != digest]
    assert changed == ["content/resources/hollow-family-health-center.yml"]
    data = yaml.safe_load((project / changed[0]).read_text("utf-8"))["text"]["vi"]
    assert data["name"] == "Khám với bác sĩ và y tá" and data["translation"] == "human"
