"""`make build`: the whole site, its languages built in parallel on every core, then merged.

Not a hook: a build command (`python hooks/parallel_build.py`) that runs the same MkDocs config,
hooks and plugins as `mkdocs build --strict`, and writes the same site.

mkdocs-static-i18n builds the default language, then every other language one after the other
in the same process (from the default build's on_post_build). Here:

1. once, in this process: load mkdocs.yml, run on_config — the content is validated (every
   error printed once, nothing built) and the generated pages are written under docs/;
2. a pool of processes (forked after step 1, so the validated library is not loaded again) builds
   one language per task, each into its own folder, exactly as the plugin's own loop does: the
   plugin's `current_language` set to that language and `building` set, so that it builds that
   language only and leaves the once-per-build work alone;
3. this process merges the folders, joins the per-language sitemaps as the plugin would have,
   then runs the hooks' once-per-build on_post_build (the search index of every language,
   `_headers` with the CSP hashes of the whole site, the schemas);
4. the merged site replaces site/ only when every step succeeded: a failed build (a content
   error, a template error, a crash in a hook, Ctrl-C or a SIGTERM from CI) leaves the previous
   site/ untouched and no half site, and removes its temporary folder (one left by a build that
   was killed outright, with SIGKILL, is removed by the next build).

The languages' pages are identical to a sequential build's (tests/test_parallel_build.py
compares the two sites file by file).
"""

from __future__ import annotations

import argparse
import gzip
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.kitchen_table.parallel_build")

_URLSET = re.compile(r"(.*?<urlset[^>]*>)(.*?)(\s*</urlset>\s*)$", re.S)

# The config every pool worker inherits when it is forked (set once, before the pool starts).
_config: MkDocsConfig | None = None


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def build_languages(config: MkDocsConfig) -> list[str]:
    """The languages to build, the default first (the order the i18n plugin builds them in)."""
    i18n = _i18n(config)
    default = i18n.default_language
    return [default, *(lang for lang in i18n.build_languages if lang != default)]


def _build_one_language(task: tuple[str, str]) -> tuple[str, str | None]:
    """In a pool worker: build `language` alone into `folder`. Returns (language, error)."""
    language, folder = task
    config = _config
    assert config is not None
    i18n = _i18n(config)
    # What the plugin's own loop does before each language's build, minus the loop itself:
    # `building` makes its on_post_build stop after recording this language, and the sitemap and
    # search entries start empty so that this folder holds this language's part only.
    i18n.current_language = language
    i18n.building = True
    i18n.i18n_files_per_language.clear()
    i18n.search_entries.clear()
    config["site_dir"] = folder
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool ends its workers with SIGTERM
    try:
        build(config)
    except (MkDocsException, OSError) as failure:
        return language, f"{language}: {failure}"
    except Exception as failure:  # a template error, a bug in a hook: reported, never published
        log.debug(f"{language}: the build failed", exc_info=True)
        return language, f"{language}: {_described(failure)}"
    return language, None


def _described(failure: BaseException) -> str:
    """A failure in one line, as an editor or a school can report it: a template error names
    its template and line."""
    where = ""
    if isinstance(failure, jinja2.TemplateSyntaxError):
        where = f" ({failure.filename or failure.name}:{failure.lineno})"
    return f"{type(failure).__name__}{where}: {failure}"


class _Stopped(Exception):
    """SIGTERM (a cancelled CI job): unwinds like an error, so the temporary folder goes."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(f"stopped by signal {signum}")


def _prepare(config_file: str, site_dir: str | None, strict: bool) -> MkDocsConfig:
    """Load the config and run on_config once: validate content, write the generated pages."""
    config = load_config(config_file=config_file, site_dir=site_dir, strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    warnings = utils.CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config.plugins.on_config(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
    if strict and warnings.get_counts():
        raise MkDocsException("Aborted with warnings in strict mode: nothing was built.")
    return config


def merge_sitemaps(parts: list[str]) -> str:
    """One sitemap from each language's: the <url> entries of all, in build order."""
    found = [_URLSET.match(part) for part in parts]
    if not all(found):
        raise MkDocsException("a language's sitemap.xml has no <urlset>: cannot merge it")
    head, tail = found[0].group(1), found[0].group(3)
    return head + "".join(match.group(2) for match in found) + tail


def _merge(config: MkDocsConfig, languages: list[str], folders: dict[str, Path]) -> Path:
    """Move every language's pages into the default language's folder; return that folder."""
    default = languages[0]
    site = folders[default]
    sitemaps = []
    for language in languages:
        folder = folders[language]
        sitemaps.append((folder / "sitemap.xml").read_text(encoding="utf-8"))
        if language != default:
            shutil.move(folder / language, site / language)
    sitemap = merge_sitemaps(sitemaps)
    (site / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    with gzip.GzipFile(
        site / "sitemap.xml.gz", mode="wb", mtime=utils.get_build_timestamp()
    ) as packed:
        packed.write(sitemap.encode("utf-8"))
    # search: Pagefind indexes the merged site (hooks/search.py, a once-per-build hook)
    return site


ONCE_PER_BUILD = -200
"""The priority of the hooks' on_post_build that run once, after the i18n plugin's (-100) has
built every language; the others are per-language work, done already by each language's build."""


def _once_per_build(config: MkDocsConfig) -> None:
    """The hooks' once-per-build on_post_build, now that every language is in config.site_dir
    (they check every_language_built(), which is true here: this process builds no language).
    Per-language ones (a language's QR codes, its "nothing lost" check) are not run again."""
    events = [
        module.on_post_build
        for module in config.hooks.values()
        if getattr(getattr(module, "on_post_build", None), "mkdocs_priority", 0) <= ONCE_PER_BUILD
    ]
    events.sort(key=lambda event: -getattr(event, "mkdocs_priority", 0))
    for event in events:
        event(config)


def _replace(site_dir: Path, built: Path) -> None:
    """Put the new site in place of the old one, never leaving a half site at site_dir."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def parallel_build(
    config_file: str = "mkdocs.yml",
    site_dir: str | None = None,
    jobs: int | None = None,
    strict: bool = True,
) -> None:
    """Build the site into site_dir (default: mkdocs.yml's), languages in parallel."""
    global _config
    start = time.monotonic()
    config = _prepare(config_file, site_dir, strict)
    target = Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    languages = build_languages(config)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(languages)))
    for left in target.parent.glob(f".{target.name}.*"):  # from a build killed outright
        if left.is_dir() and left.name != f".{target.name}.old":
            shutil.rmtree(left, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as scratch:
        folders = {language: Path(scratch) / language for language in languages}
        _config = config
        # fork: workers inherit the validated library and the loaded theme; the default
        # language goes first (its build writes the assets and the 404 page)
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            results = pool.imap_unordered(
                _build_one_language, [(lang, str(folders[lang])) for lang in languages]
            )
            errors = [error for _, error in results if error]
        _config = None
        if errors:
            raise MkDocsException("; ".join(errors) + ": nothing was published.")
        config["site_dir"] = str(folders[languages[0]])
        _i18n(config).building = False
        built = _merge(config, languages, folders)
        _once_per_build(config)
        config["site_dir"] = str(target)
        _replace(target, built)
    config.plugins.on_shutdown()
    log.info(
        f"Built {len(languages)} languages with {jobs} processes into {target} "
        f"in {time.monotonic() - start:.2f} seconds"
    )


def _logging(level: int) -> None:
    from mkdocs.__main__ import ColorFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", help="where to write the site (default: mkdocs.yml's)")
    parser.add_argument("-j", "--jobs", type=int, help="processes (default: one per core)")
    parser.add_argument(
        "--no-strict",
        dest="strict",
        action="store_false",
        help="do not fail on warnings (make build is strict)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also the details of a failure (its traceback)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _logging(logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO)
    if os.environ.pop("SITE_LANGUAGE", None):  # a preview's setting: a build has every language
        log.info("SITE_LANGUAGE is for make serve: building every language")
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        parallel_build(args.config_file, args.site_dir, args.jobs, args.strict)
    except MkDocsException as failure:
        log.error(str(failure))
        return 1
    except (Exception, KeyboardInterrupt) as failure:  # noqa: BLE001 - reported, exit 1
        log.debug("the build failed", exc_info=True)
        log.error(f"The build failed: {_described(failure)}. Nothing was published: the "
                  "previous site is unchanged (run with -v for the details).")
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
