"""`kitchen-table check` (make check): validate content/ without building the site.

Prints every mistake as `path:line: field: problem` and exits 1, or a one-line summary and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from .errors import ContentInvalid
from .library import load_library
from .translations import summary_lines, translation_status


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name or !ENV: read them as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_languages(mkdocs_yml: Path) -> tuple[str, ...]:
    """The languages of the i18n plugin in mkdocs.yml, the default first."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = (plugin["i18n"] or {}).get("languages") or []
            ordered = sorted(entries, key=lambda entry: not entry.get("default", False))
            return tuple(str(entry["locale"]) for entry in ordered)
    return ("en",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kitchen-table", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate everything under content/")
    check.add_argument("--root", type=Path, default=Path.cwd(),
                       help="the repository (the folder with mkdocs.yml and content/)")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    languages = site_languages(root / "mkdocs.yml")
    try:
        library = load_library(root, languages)
    except ContentInvalid as invalid:
        for error in invalid.errors:
            sys.stderr.write(f"{error}\n")
        sys.stderr.write(f"{invalid}: nothing was built. Fix the lines above and run again.\n")
        return 1
    for warning in library.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stdout.write(f"content OK: {len(library.activities)} activities in "
                     f"{len(languages)} languages ({', '.join(languages)})\n\n"
                     "Translations of activity cards:\n")
    for line in summary_lines(translation_status(library)):
        sys.stdout.write(f"  {line}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
