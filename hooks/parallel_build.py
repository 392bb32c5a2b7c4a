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

Outgrowing one machine: `make build-part LANGUAGES=es,zh OUT=parts/a` runs steps 1 and 2 for
some languages and keeps their folders in `parts/a/<language>/` with `parts/a/part.json` (the
languages, the engine, the day and a fingerprint of the sources it was built from);
`make merge PARTS="parts/a parts/b"` checks that the parts are of the same sources, day and
engine and hold every language once, then runs steps 3 and 4 on copies of their folders: the
same code as `make build`, so the same site, byte for byte (tests/test_build_parts.py). The
build is deterministic for that: every time it writes is the build's day (SOURCE_DATE_EPOCH,
set here to midnight UTC of today or of KITCHEN_TABLE_TODAY when it is not set).

The engine is MkDocs, or ProperDocs with KITCHEN_TABLE_ENGINE=properdocs (hooks/build_engine.py,
imported before anything imports MkDocs).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
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

import build_engine  # noqa: F401, I001 - first: it decides what `import mkdocs` loads
import i18n_adapter
import jinja2
from content_library import GENERATED_MARK
from kitchen_table.calendar import build_time
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


PART_FILE = "part.json"
PART_FORMAT = 1
_SOURCES = ("content", "overrides", "hooks", "docs")
_NOT_SOURCES = ("__pycache__", ".egg-info")


def build_languages(config: MkDocsConfig) -> list[str]:
    """The languages to build, the default first (the order the i18n plugin builds them in)."""
    return i18n_adapter.build_languages(config)


def _build_one_language(task: tuple[str, str]) -> tuple[str, str | None]:
    """In a pool worker: build `language` alone into `folder`. Returns (language, error)."""
    language, folder = task
    config = _config
    assert config is not None
    # What the plugin's own loop does before each language's build, minus the loop itself:
    # its on_post_build stops after recording this language, and the sitemap and search
    # entries start empty so that this folder holds this language's part only.
    i18n_adapter.build_only(config, language)
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
    return _configure(
        load_config(config_file=config_file, site_dir=site_dir, strict=strict), strict
    )


def _configure(config: MkDocsConfig, strict: bool) -> MkDocsConfig:
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
    found = [match for part in parts if (match := _URLSET.match(part))]
    if len(found) != len(parts):
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
    # the build's day, as MkDocs stamps its own (the latest page's update_date)
    day = utils.get_build_datetime().date()
    stamp = int(datetime.datetime.combine(day, datetime.time(), datetime.UTC).timestamp())
    with gzip.GzipFile(site / "sitemap.xml.gz", mode="wb", mtime=stamp) as packed:
        packed.write(sitemap.encode("utf-8"))
    # search: Pagefind indexes the merged site (hooks/search.py, a once-per-build hook)
    return site


def _once_per_build(config: MkDocsConfig) -> None:
    """The hooks' on_post_build marked @once_per_build (hooks/i18n_adapter.py), in mkdocs.yml's
    order, now that every language is in config.site_dir (they check every_language_built(),
    true here: this process builds no language). The others are per-language work (a
    language's QR codes, its "nothing lost" check), done already by each language's build."""
    # MkDocs types the hooks option as a list; it holds a dict of path -> module
    for module in config.hooks.values():  # type: ignore[attr-defined]
        event = getattr(module, "on_post_build", None)
        if i18n_adapter.is_once_per_build(event):
            event(config)


def _replace(site_dir: Path, built: Path) -> None:
    """Put the new site in place of the old one, never leaving a half site at site_dir."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    built.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _build(
    config: MkDocsConfig, languages: list[str], scratch: Path, jobs: int | None
) -> dict[str, Path]:
    """Build each of `languages` into its own folder under `scratch`, in a pool of processes."""
    global _config
    folders = {language: scratch / language for language in languages}
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(languages)))
    _config = config
    # fork: workers inherit the validated library and the loaded theme; the default language
    # goes first (its build writes the assets and the 404 page)
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(jobs) as pool:
            results = pool.imap_unordered(
                _build_one_language, [(lang, str(folders[lang])) for lang in languages]
            )
            errors = [error for _, error in results if error]
    finally:
        _config = None
    if errors:
        raise MkDocsException("; ".join(errors) + ": nothing was published.")
    log.info(f"Built {', '.join(languages)} with {jobs} processes")
    return folders


def _finish(
    config: MkDocsConfig, languages: list[str], folders: dict[str, Path], target: Path
) -> None:
    """Merge the languages' folders, run the once-per-build work, put the site in place."""
    config["site_dir"] = str(folders[languages[0]])
    i18n_adapter.all_built(config)
    built = _merge(config, languages, folders)
    _once_per_build(config)
    config["site_dir"] = str(target)
    _replace(target, built)
    config.plugins.on_shutdown()


def _scratch_beside(target: Path) -> str:
    """Remove what a build killed outright left beside target; the parent folder to use."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for left in target.parent.glob(f".{target.name}.*"):
        if left.is_dir() and left.name != f".{target.name}.old":
            shutil.rmtree(left, ignore_errors=True)
    return str(target.parent)


def parallel_build(
    config_file: str = "mkdocs.yml",
    site_dir: str | None = None,
    jobs: int | None = None,
    strict: bool = True,
) -> None:
    """Build the site into site_dir (default: mkdocs.yml's), languages in parallel."""
    start = time.monotonic()
    config = _prepare(config_file, site_dir, strict)
    target = Path(config.site_dir).resolve()
    languages = build_languages(config)
    with tempfile.TemporaryDirectory(
        prefix=f".{target.name}.", dir=_scratch_beside(target)
    ) as scratch:
        folders = _build(config, languages, Path(scratch), jobs)
        _finish(config, languages, folders, target)
    log.info(
        f"Built {len(languages)} languages into {target} in {time.monotonic() - start:.2f} seconds"
    )


# -- parts: some languages on each machine, then one merge ---------------------------------------


def sources_fingerprint(root: Path) -> str:
    """A fingerprint of what a build reads: content/, overrides/, hooks/, the hand-written
    pages and assets of docs/ (not the pages the build generates there) and mkdocs.yml."""
    digest = hashlib.sha256()
    files = [root / "mkdocs.yml"]
    for folder in _SOURCES:
        files += [
            path
            for path in (root / folder).rglob("*")
            if path.is_file() and not any(part.endswith(_NOT_SOURCES) for part in path.parts)
        ]
    for path in sorted(files, key=lambda path: path.relative_to(root).as_posix()):
        data = path.read_bytes()
        if path.suffix == ".md" and GENERATED_MARK.encode() in data:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _manifest(config: MkDocsConfig, languages: list[str]) -> dict[str, Any]:
    root = Path(config.config_file_path).parent
    return {
        "kitchen_table_part": PART_FORMAT,
        "languages": languages,
        "engine": build_engine.version(),
        "source_date_epoch": int(os.environ["SOURCE_DATE_EPOCH"]),
        "today": os.environ.get("KITCHEN_TABLE_TODAY") or build_time().date().isoformat(),
        "sources": sources_fingerprint(root),
    }


def _chosen(config: MkDocsConfig, wanted: list[str]) -> list[str]:
    languages = build_languages(config)
    unknown = [language for language in wanted if language not in languages]
    if unknown or not wanted:
        raise MkDocsException(
            f"LANGUAGES={','.join(wanted)}: {', '.join(unknown) or 'no language'} is not a "
            f"language of this site — choose among {','.join(languages)}"
        )
    return [language for language in languages if language in wanted]


def build_part(
    config_file: str, wanted: list[str], out: str, jobs: int | None = None, strict: bool = True
) -> None:
    """Build some languages into the part folder `out` (replaced only when all succeeded)."""
    start = time.monotonic()
    config = _prepare(config_file, None, strict)
    languages = _chosen(config, wanted)
    default = build_languages(config)[0]
    target = Path(out).resolve()
    with tempfile.TemporaryDirectory(
        prefix=f".{target.name}.", dir=_scratch_beside(target)
    ) as scratch:
        part = Path(scratch) / "part"
        folders = _build(config, languages, part, jobs)
        for language, folder in folders.items():
            if language != default:  # what _merge reads of it; the rest is the default's
                for name in folder.iterdir():
                    if name.name not in (language, "sitemap.xml"):
                        shutil.rmtree(name) if name.is_dir() else name.unlink()
        manifest = _manifest(config, languages)
        (part / PART_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _replace(target, part)
    config.plugins.on_shutdown()
    log.info(
        f"Built the part {', '.join(languages)} into {target} "
        f"in {time.monotonic() - start:.2f} seconds"
    )


def read_parts(parts: list[str]) -> tuple[dict[str, Any], dict[str, Path]]:
    """The parts' common manifest and each language's folder; refuses parts that do not make
    one site (another commit, another day, another engine, a language twice)."""
    manifests: dict[str, dict[str, Any]] = {}
    folders: dict[str, Path] = {}
    for part in parts:
        file = Path(part) / PART_FILE
        try:
            manifest = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as failure:
            raise MkDocsException(
                f"{file}: not a part made by make build-part ({failure})"
            ) from None
        if manifest.get("kitchen_table_part") != PART_FORMAT:
            raise MkDocsException(f"{file}: made by another version of make build-part")
        manifests[part] = manifest
        for language in manifest["languages"]:
            if language in folders:
                raise MkDocsException(
                    f"{part}: {language} is in {folders[language].parent} "
                    "too: build each language in one part only"
                )
            folders[language] = Path(part) / language
    first_part, first = next(iter(manifests.items()))
    for key, what in (
        ("sources", "sources (content, templates, hooks)"),
        ("source_date_epoch", "SOURCE_DATE_EPOCH"),
        ("today", "day (KITCHEN_TABLE_TODAY)"),
        ("engine", "engine"),
    ):
        for part, manifest in manifests.items():
            if manifest.get(key) != first.get(key):
                raise MkDocsException(
                    f"{part}: built from other {what} than {first_part} "
                    f"({manifest.get(key)} / {first.get(key)}): build every part of one "
                    "commit with the same SOURCE_DATE_EPOCH and KITCHEN_TABLE_TODAY"
                )
    return first, folders


def merge_parts(
    config_file: str, parts: list[str], site_dir: str | None = None, strict: bool = True
) -> None:
    """Merge parts (make build-part) into site_dir: the site `make build` writes."""
    start = time.monotonic()
    manifest, part_folders = read_parts(parts)
    os.environ["SOURCE_DATE_EPOCH"] = str(manifest["source_date_epoch"])
    pinned = os.environ.setdefault("KITCHEN_TABLE_TODAY", manifest["today"])
    if pinned != manifest["today"]:
        raise MkDocsException(
            f"KITCHEN_TABLE_TODAY={pinned}, but the parts were built for "
            f"{manifest['today']}: merge them with the day they were built for"
        )
    config = load_config(config_file=config_file, site_dir=site_dir, strict=strict)
    root = Path(config.config_file_path).parent
    if sources_fingerprint(root) != manifest["sources"]:
        raise MkDocsException(
            "the parts were built from other sources than this checkout: "
            "merge them in a checkout of the commit they were built from"
        )
    if build_engine.version() != manifest["engine"]:
        raise MkDocsException(
            f"the parts were built with {manifest['engine']}: merge them "
            f"with it (KITCHEN_TABLE_ENGINE), not {build_engine.version()}"
        )
    languages = build_languages(config)
    missing = [language for language in languages if language not in part_folders]
    if missing:
        raise MkDocsException(
            f"no part holds {', '.join(missing)}: build it with make "
            f"build-part LANGUAGES={','.join(missing)} and merge it too"
        )
    config = _configure(config, strict)
    target = Path(config.site_dir).resolve()
    with tempfile.TemporaryDirectory(
        prefix=f".{target.name}.", dir=_scratch_beside(target)
    ) as scratch:
        folders = {language: Path(scratch) / language for language in languages}
        for language in languages:  # copies: the parts stay as they were
            shutil.copytree(part_folders[language], folders[language])
        _finish(config, languages, folders, target)
    log.info(
        f"Merged {len(parts)} parts ({len(languages)} languages) into {target} "
        f"in {time.monotonic() - start:.2f} seconds"
    )


def pin_build_day() -> None:
    """Every time the build writes (sitemap, its .gz, the calendar's DTSTAMP) is the build's
    day: SOURCE_DATE_EPOCH when set, else midnight UTC of KITCHEN_TABLE_TODAY or of today."""
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        os.environ["SOURCE_DATE_EPOCH"] = str(int(build_time().timestamp()))


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
    parser.add_argument(
        "--languages", help="make build-part: build these languages only (es,zh) into --part"
    )
    parser.add_argument("--part", help="make build-part: the part's folder (parts/a)")
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="PART",
        help="make merge: merge these parts into the site (--site-dir)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="warnings and errors only")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also the details of a failure (its traceback)"
    )
    args = parser.parse_args(argv)
    if bool(args.languages) != bool(args.part) or (args.merge and args.part):
        parser.error("build a part with --languages and --part together, or --merge parts")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _logging(logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO)
    if os.environ.pop("SITE_LANGUAGE", None):  # a preview's setting: a build has every language
        log.info("SITE_LANGUAGE is for make serve: building every language")
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        if args.merge:
            merge_parts(args.config_file, args.merge, args.site_dir, args.strict)
            return 0
        pin_build_day()
        if args.part:
            wanted = [language.strip() for language in args.languages.split(",")]
            build_part(
                args.config_file,
                [language for language in wanted if language],
                args.part,
                args.jobs,
                args.strict,
            )
        else:
            parallel_build(args.config_file, args.site_dir, args.jobs, args.strict)
    except MkDocsException as failure:
        log.error(str(failure))
        return 1
    except (Exception, KeyboardInterrupt) as failure:  # noqa: BLE001 - reported, exit 1
        log.debug("the build failed", exc_info=True)
        log.error(
            f"The build failed: {_described(failure)}. Nothing was published: the "
            "previous site is unchanged (run with -v for the details)."
        )
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
