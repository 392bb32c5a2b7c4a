"""`kitchen-table`: the editors' commands, without building the site.

- `kitchen-table check` (`make check`): validate content/; print every mistake as
  `path:line: field: problem` (as GitHub annotations when run in GitHub Actions) and exit 1, or
  print warnings (readability, a card that needs a safety line) and the translation summary
  and exit 0.
- `kitchen-table new activity ID` (`make new-activity ID=...`): start a card from the template;
  `kitchen-table new resource ID` (`make new-resource ID=...`) a community resource.
  `kitchen-table new guide ID` (`make new-guide ID=...`) starts a newcomer guide the same way.
- `kitchen-table links` (`make linkcheck`): the web addresses content links to.
- `kitchen-table translations export LANG --to DIR [--format po|xliff]`
  (`make translations-export`): a translator's file of every string of content/ in LANG;
  `translations template --to DIR` the .pot, `translations glossary --to DIR` the school words
  as TBX, `translations import FILE [--provenance human|reviewed-machine]` the file back into
  content/ (see CONTRIBUTING.md, "Translators' files").
- `kitchen-table import-hsds FILE` (`make import-hsds FILE=...`): an HSDS 3 CSV export (a folder
  or .zip, e.g. from a 211) -> content/resources/<id>.yml (hsds_read.py, hsds_import.py);
  existing files are never overwritten; the summary counts services read, imported and skipped,
  and why.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import calendar, plan
from .activities import RESERVED_IDS
from .errors import ContentError, ContentInvalid
from .library import Library, load_library
from .readability import readability_warnings
from .resources import RESERVED_IDS as RESOURCE_RESERVED_IDS
from .safety import safety_warnings
from .source import ID_FORM
from .text import link_targets
from .translations import guide_translation_status, status_of, summary_lines, translation_status


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name or !ENV: read them as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _config(mkdocs_yml: Path | dict) -> Any:
    """mkdocs.yml read (or, given what _config read already, that)."""
    if isinstance(mkdocs_yml, dict):
        return mkdocs_yml
    return yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def site_extra(mkdocs_yml: Path | dict) -> dict:
    """mkdocs.yml's `extra:` (the resources' service area and other settings)."""
    extra = _config(mkdocs_yml).get("extra")
    return extra if isinstance(extra, dict) else {}


def site_url(mkdocs_yml: Path | dict) -> str | None:
    """mkdocs.yml's `site_url`: the start of the links in text messages."""
    url = _config(mkdocs_yml).get("site_url")
    return url if isinstance(url, str) else None


def site_languages(mkdocs_yml: Path | dict) -> tuple[str, ...]:
    """The languages of the i18n plugin in mkdocs.yml, the default first."""
    config = _config(mkdocs_yml)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            ordered = sorted(entries, key=lambda entry: not entry.get("default", False))
            return tuple(str(entry["locale"]) for entry in ordered)
    return ("en",)


def github_annotation(level: str, error: ContentError) -> str:
    """`::error file=…,line=…,title=…::message`, escaped as GitHub's workflow commands want."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return (
        f"::{level} file={prop(error.path)},line={error.line},title={prop(error.field)}"
        f"::{data(error.problem)}"
    )


def _report(level: str, error: ContentError) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return github_annotation(level, error)
    return str(error) if level == "error" else f"warning: {error}"


def check(root: Path) -> int:
    config = _config(root / "mkdocs.yml")  # read once
    languages = site_languages(config)
    try:
        library = load_library(root, languages, site_extra(config), site_url=site_url(config))
    except ContentInvalid as invalid:
        for error in invalid.errors:
            sys.stderr.write(f"{_report('error', error)}\n")
        sys.stderr.write(f"{invalid}: nothing was built. Fix the lines above and run again.\n")
        return 1
    for warning in [
        *library.warnings,
        *readability_warnings(library, root),
        *safety_warnings(library, root),
        *library.resource_notices,
        *library.plan_notices,
    ]:
        sys.stderr.write(f"{_report('warning', warning)}\n")
    sys.stdout.write(
        f"content OK: {len(library.activities)} activities and "
        f"{len(library.resources)} community resources in "
        f"{len(languages)} languages ({', '.join(languages)})\n\n"
        "Translations of activity cards:\n"
    )
    for line in summary_lines(translation_status(library)):
        sys.stdout.write(f"  {line}\n")
    if library.guides:
        sys.stdout.write(f"\nTranslations of newcomer guides ({len(library.guides)}):\n")
        for line in summary_lines(guide_translation_status(library)):
            sys.stdout.write(f"  {line}\n")
    if library.resources:
        sys.stdout.write(f"\nTranslations of community resources ({len(library.resources)}):\n")
        for line in summary_lines(status_of(library.resources, library.languages)):
            sys.stdout.write(f"  {line}\n")
    if library.glossary is not None:
        sys.stdout.write(f"\nGlossary: {len(library.glossary.terms)} terms\n")
    if library.weeks:
        _report_plan(root, library)
    if library.school is not None:
        _write_unless_ci(
            root,
            calendar.VERSIONS_FILE,
            calendar.versions_text(library.school, library.calendar_versions),
            "the school year's dates",
        )
    return 0


def _write_unless_ci(root: Path, name: str, text: str, why: str) -> bool:
    """Bring a file `make check` keeps (content/weeks-plan.yml, content/calendar-versions.yml)
    up to date: written on an editor's machine, only warned about in CI (which writes nothing).
    True when it was already up to date."""
    target = root / name
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return True
    if os.environ.get("CI"):
        stale = ContentError(
            name, 1, "", f"not up to date ({why}) — run make check and commit {name}"
        )
        sys.stderr.write(f"{_report('warning', stale)}\n")
        return False
    target.write_text(text, encoding="utf-8")
    sys.stdout.write(f"  {name} updated ({why}): commit it with your change\n")
    return False


def _report_plan(root: Path, library: Library) -> None:
    """Say which weeks still to come the content's changes moved, and keep content/weeks-plan.yml
    up to date (not in CI, which checks a pull request and writes nothing)."""
    day = library.today or plan.today()
    started = sum(week.start <= day for week in library.weeks)
    sys.stdout.write(
        f"\nWeekly packs: {len(library.weeks)} weeks ({started} started by {day}, "
        "kept as content/weeks-plan.yml has them)\n"
    )
    changes = plan.changed_weeks(library.planned_from, library.weeks, day)
    for monday, bands in changes:
        sys.stdout.write(f"  changed: week of {monday}: {', '.join(bands)}\n")
    if not changes:
        sys.stdout.write("  no week still to come changed\n")
    _write_unless_ci(root, plan.PLAN_FILE, plan.plan_text(library.weeks), "the weekly packs")


def external_links(root: Path) -> int:
    """Every http(s) address linked from content, one per line, for a link checker."""
    library = load_library(
        root, site_languages(root / "mkdocs.yml"), site_extra(root / "mkdocs.yml")
    )
    found: set[str] = {r.website for r in library.resources if r.website}
    for activity in library.activities:
        pieces = []
        for text in activity.texts.values():
            pieces += [
                text.summary,
                *text.steps,
                *text.talk_about,
                text.why_it_matters,
                text.tell_the_teacher,
                text.easier or "",
                text.harder or "",
                text.credits or "",
            ]
        found.update(
            target
            for piece in pieces
            for target in link_targets(piece)
            if target.startswith(("http://", "https://"))
        )
    for guide in library.guides:
        found.update(source.url for source in guide.sources)
        for guide_text in guide.texts.values():
            pieces = [guide_text.summary, *guide_text.questions]
            for section in guide_text.sections:
                pieces += [section.body, *section.points]
            found.update(
                target
                for piece in pieces
                for target in link_targets(piece)
                if target.startswith(("http://", "https://"))
            )
    # RFC 2606 names (the sample data's *.example) can never answer: nothing to check there
    reserved = (".example", ".invalid", ".test", ".localhost")
    found = {url for url in found if not (urlsplit(url).hostname or "").endswith(reserved)}
    sys.stdout.write("".join(f"{url}\n" for url in sorted(found)))
    return 0


def new_activity(root: Path, activity_id: str, kind: str = "activity") -> int:
    folder, example, reserved = {
        "activity": ("activities", "leaf-rubbing", RESERVED_IDS),
        "resource": ("resources", "food-bank", RESOURCE_RESERVED_IDS),
        "guide": ("guides", "bus-rides", RESERVED_IDS),
    }[kind]
    target = root / "content" / folder / f"{activity_id}.yml"
    if not ID_FORM.match(activity_id) or activity_id in reserved:
        sys.stderr.write(
            f'"{activity_id}" is not a valid id — use lowercase letters, digits and '
            f"hyphens, e.g. make new-{kind} ID={example}\n"
        )
        return 2
    if target.exists():
        sys.stderr.write(f"{target.relative_to(root)} exists already — choose another id\n")
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    template = (root / "content" / "templates" / f"{kind}.yml").read_text(encoding="utf-8")
    target.write_text(template.replace("__ID__", activity_id), encoding="utf-8")
    sys.stdout.write(f"created {target.relative_to(root)}: fill it in, then run make check\n")
    return 0


def import_hsds(root: Path, source: Path) -> int:
    from .hsds_import import import_export, summary, write_files
    from .hsds_read import ImportRefused, read_export
    from .taxonomy import read_taxonomy

    content = root / "content"
    doc, taxonomy = read_taxonomy(
        content / "taxonomy.yml",
        "content/taxonomy.yml",
        content / "schema" / "taxonomy.schema.json",
    )
    if taxonomy is None:
        for error in doc.errors:
            sys.stderr.write(f"{error}\n")
        return 1
    try:
        outcome = import_export(read_export(source), taxonomy)
    except ImportRefused as refused:
        sys.stderr.write(f"{refused}\nimported nothing\n")
        return 1
    written, problems = write_files(root, outcome.files)
    lines = summary(outcome, written, problems)
    for line in lines[:-1]:
        sys.stderr.write(f"{line}\n")
    sys.stdout.write(f"{lines[-1]}\n")
    return 1 if outcome.problems or problems or not written else 0


def _library(root: Path) -> Library | None:
    """The content, or None (every mistake printed) when it does not pass `make check`."""
    try:
        return load_library(
            root,
            site_languages(root / "mkdocs.yml"),
            site_extra(root / "mkdocs.yml"),
            site_url=site_url(root / "mkdocs.yml"),
        )
    except ContentInvalid as invalid:
        for error in invalid.errors:
            sys.stderr.write(f"{error}\n")
        sys.stderr.write(f"{invalid}: fix content/ first (make check), then run again.\n")
        return None


def translations(root: Path, args: argparse.Namespace) -> int:
    from .catalogs import po_bytes, tbx_bytes, units_for, xliff_bytes
    from .translatable import read_translatable
    from .translation_import import import_catalog

    library = _library(root)
    if library is None:
        return 1
    if args.action == "import":
        outcome = import_catalog(root, args.file, library, args.provenance)
        for line in outcome.notices:
            sys.stderr.write(f"notice: {line}\n")
        for line in outcome.problems:
            sys.stderr.write(f"{line}\n")
        if outcome.problems:
            sys.stderr.write(
                f"{len(outcome.problems)} problems: nothing was written. Fix the "
                "lines above in the translator's file and import it again.\n"
            )
            return 1
        sys.stdout.write(
            f"imported {outcome.changed} changed strings into "
            f"{len(outcome.written)} files"
            + "".join(f"\n  {path}" for path in sorted(outcome.written))
            + "\n"
        )
        return 0
    target: Path = args.to
    target.mkdir(parents=True, exist_ok=True)
    translatable = read_translatable(root, library)
    if args.action == "glossary":
        (target / "glossary.tbx").write_bytes(tbx_bytes(translatable))
        sys.stdout.write(f"wrote {target / 'glossary.tbx'}\n")
        return 0
    if args.action == "template":
        units = units_for(translatable, "en", root, history=False)
        (target / "kitchen-table.pot").write_bytes(po_bytes(units, None))
        sys.stdout.write(f"wrote {target / 'kitchen-table.pot'}: {len(units)} strings\n")
        return 0
    languages = library.languages[1:] if args.language == "all" else (args.language,)
    for language in languages:
        if language not in library.languages[1:]:
            sys.stderr.write(
                f'"{language}" is not a translated language of this site — use one '
                f"of {', '.join(library.languages[1:])} (or all)\n"
            )
            return 2
        units = units_for(translatable, language, root)
        if args.format == "xliff":
            out = target / f"{language}.xlf"
            out.write_bytes(xliff_bytes(units, language))
        else:
            out = target / f"{language}.po"
            out.write_bytes(po_bytes(units, language))
        words = sum(len(unit.english.split()) for unit in units)
        todo = sum(1 for unit in units if unit.fuzzy or not unit.translation)
        sys.stdout.write(
            f"wrote {out}: {len(units)} strings, {words} English words, {todo} to "
            "translate or check\n"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kitchen-table", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the repository (the folder with mkdocs.yml and content/)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate everything under content/")
    new = commands.add_parser("new", help="start a new content file from its template")
    new.add_argument("kind", choices=["activity", "resource", "guide"])
    new.add_argument("id", help="the new card's, resource's or guide's id, e.g. leaf-rubbing")
    commands.add_parser("links", help="list the web addresses content links to")
    hsds = commands.add_parser("import-hsds", help="turn an HSDS CSV export into resource files")
    hsds.add_argument("file", type=Path, help="a folder or .zip of HSDS CSV files")
    words = commands.add_parser("translations", help="translators' PO/XLIFF files, out and in")
    actions = words.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write DIR/LANG.po (or .xlf) for a translator")
    export.add_argument("language", help="a language code such as es, or all")
    export.add_argument("--to", type=Path, required=True, help="the folder to write into")
    export.add_argument("--format", choices=["po", "xliff"], default="po")
    template = actions.add_parser("template", help="write DIR/kitchen-table.pot")
    template.add_argument("--to", type=Path, required=True)
    glossary = actions.add_parser("glossary", help="write the school words as DIR/glossary.tbx")
    glossary.add_argument("--to", type=Path, required=True)
    back = actions.add_parser("import", help="write a translated PO or XLIFF file into content/")
    back.add_argument("file", type=Path, help="LANG.po or LANG.xlf")
    back.add_argument(
        "--provenance",
        choices=["human", "reviewed-machine"],
        default="human",
        help="who translated it: human (default), or reviewed-machine when a "
        "person checked a machine translation",
    )
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if args.command == "new":
        return new_activity(root, args.id, args.kind)
    if args.command == "links":
        return external_links(root)
    if args.command == "import-hsds":
        return import_hsds(root, args.file)
    if args.command == "translations":
        return translations(root, args)
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
