"""`kitchen-table translations import FILE`: a translator's PO or XLIFF file back into content/.

Every problem that would break the site (a lost or renamed placeholder, a broken Markdown link,
raw HTML, a text message over its segments, a step split in two, a new translation without all
its steps) is reported at once as `es.po:LINE: msgctxt: problem`, and nothing is written. Unknown
contexts (content removed since the export) are reported and skipped. Otherwise each changed
value is edited in place (yamledit.py): English and every untouched translation stay byte for
byte as they were. A language block with a changed string records the provenance given and the
fingerprint of the current English; a string still marked fuzzy keeps its block stale.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sms
from .catalogs import Returned, read_catalog
from .errors import ContentInvalid
from .guides import fill
from .library import Library, load_library
from .source import field_name
from .text import link_problems, link_targets
from .translatable import NOT_RECORDED, Block, Entry, TranslatableStrings, read_translatable
from .yamledit import EditError, Quoted, YamlFile

PROVENANCES = ("human", "reviewed-machine")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?]")
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
_LINK = re.compile(r"\[[^\[\]]*\]\([^()\s]*\)")
_LIST_IN_ONE = re.compile(r"\n\s*(?:[-*•]|\d+[.)])\s")


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    """`es.po:LINE: msgctxt: problem`: nothing is written when there is one."""
    notices: list[str] = field(default_factory=list)
    """Skipped entries and what stays stale: written, but worth reading."""
    written: dict[str, str] = field(default_factory=dict)
    """file -> its new text."""
    changed: int = 0


def import_catalog(
    root: Path,
    path: Path,
    library: Library,
    provenance: str = "human",
    language: str | None = None,
    write: bool = True,
    translatable: TranslatableStrings | None = None,
) -> Outcome:
    """Read `path` (.po or .xlf), check it, and (unless there is a problem) write it back.
    `translatable`: the content's strings when the caller has read them already (unchanged)."""
    outcome = Outcome()
    name = path.name
    header_language, returned = read_catalog(path)
    language = language or header_language or path.stem
    if language not in library.languages[1:]:
        outcome.problems.append(
            f"{name}:1: Language: {language!r} is not a translated language of this site — use "
            f"one of {', '.join(library.languages[1:])} (the file's Language header, or its name)"
        )
        return outcome
    translatable = translatable or read_translatable(root, library)
    entries = translatable.by_context()
    files: dict[str, YamlFile] = {}
    touched: dict[str, set[str]] = defaultdict(set)  # block key -> changed contexts
    fuzzy_in: dict[str, bool] = defaultdict(bool)  # block key -> a string stays fuzzy
    new_blocks: dict[str, dict[str, tuple[Entry, Returned]]] = defaultdict(dict)
    seen: set[str] = set()

    for item in returned:
        where = f"{name}:{item.line}: {item.context or '(no msgctxt)'}"
        entry = entries.get(item.context)
        if entry is None:
            outcome.notices.append(
                f"{where}: unknown context (removed or renamed since the export?) — skipped"
            )
            continue
        if item.context in seen:
            outcome.problems.append(f"{where}: appears twice in the file — keep one")
            continue
        seen.add(item.context)
        block = entry.block
        current = entry.translations.get(language)
        if item.fuzzy and current is None:
            continue  # a suggestion nobody confirmed yet: not a translation
        if item.english != entry.english:
            outcome.notices.append(
                f"{where}: the English has changed since the export — "
                "imported, and the translation stays marked out of date"
            )
            fuzzy_in[block.key] = True
        if item.fuzzy:
            fuzzy_in[block.key] = True
        if not item.translation.strip():
            continue
        problems = _problems(entry, item.translation, language, library)
        outcome.problems.extend(f"{where}: {problem}" for problem in problems)
        if problems:
            continue
        if current is None and block.block_place is not None and language not in block.provenance:
            new_blocks[block.key][item.context] = (entry, item)
            continue
        if current is not None and current.text == item.translation:
            continue
        place = entry.place(language)
        try:
            _file(files, root, place.file).set(place.location, item.translation)
        except EditError as exc:
            outcome.problems.append(f"{where}: {exc} — edit {place.file} by hand")
            continue
        touched[block.key].add(item.context)

    blocks = {block.key: block for block in translatable.blocks}
    in_file = defaultdict(set)
    for item in returned:
        if item.context in entries:
            in_file[entries[item.context].block.key].add(item.context)
    for key, block in blocks.items():
        if block.fingerprint is None or block.block_place is None:
            continue
        stale_resolved = (
            block.is_stale(language)
            and not fuzzy_in[key]
            and in_file[key] >= {e.context for e in translatable.entries if e.block is block}
        )
        if (touched[key] or stale_resolved) and not fuzzy_in[key] and language in block.provenance:
            text = _file(files, root, block.file)
            text.set(("text", language, "translation"), provenance)
            text.set(("text", language, "translated_from"), Quoted(block.current or ""))
        elif touched[key] and fuzzy_in[key] and block.is_stale(language):
            outcome.notices.append(
                f"{name}: {key}: strings still marked fuzzy — the {language} "
                "translation stays marked out of date"
            )
    for key, found in new_blocks.items():
        _new_block(
            outcome,
            files,
            root,
            blocks[key],
            translatable,
            language,
            found,
            provenance,
            name,
            fuzzy_in[key],
        )
    for key, block in blocks.items():
        if (
            touched[key]
            and block.kind == "glossary"
            and block.provenance.get(language) not in (provenance, None)
        ):
            _file(files, root, block.file).set(("translations", language), provenance)

    try:
        new_texts = {path: yaml_file.result() for path, yaml_file in files.items()}
    except EditError as exc:
        outcome.problems.append(f"{name}:1: (file): {exc} — nothing written")
        return outcome
    new_texts = {
        path: text for path, text in new_texts.items() if text != (root / path).read_text("utf-8")
    }
    if new_texts:
        po_lines = {item.context: item.line for item in returned}
        _check_whole(root, library, new_texts, translatable, language, outcome, name, po_lines)
    if outcome.problems:
        return outcome
    outcome.written = new_texts
    outcome.changed = sum(len(contexts) for contexts in touched.values()) + sum(
        len(found) for found in new_blocks.values()
    )
    if write:
        for target, edited in new_texts.items():
            (root / target).write_text(edited, encoding="utf-8")
    return outcome


def _file(files: dict[str, YamlFile], root: Path, path: str) -> YamlFile:
    if path not in files:
        files[path] = YamlFile((root / path).read_text("utf-8"))
    return files[path]


def _problems(entry: Entry, words: str, language: str, library: Library) -> list[str]:
    """What in a translation would break the site (or mislead families)."""
    english = entry.english
    problems = []
    wanted, got = _PLACEHOLDER.findall(english), _PLACEHOLDER.findall(words)
    for placeholder in dict.fromkeys(wanted):
        if placeholder not in got:
            problems.append(
                f"the placeholder {{{placeholder}}} is missing — keep it exactly as "
                "in the English (the site fills it in)"
            )
    for placeholder in dict.fromkeys(got):
        if placeholder not in wanted:
            problems.append(
                f"{{{placeholder}}} is not a placeholder of the English — write the "
                f"English's ({', '.join('{' + p + '}' for p in wanted) or 'none'}) "
                "as they are"
            )
    if _HTML.search(words):
        problems.append(
            "holds raw HTML (<…>) — write plain text; **bold**, *italics* and "
            "[words](https://…) links are allowed"
        )
    problems.extend(link_problems(words))
    if words.count("[") != words.count("]") or words.count("](") != len(_LINK.findall(words)):
        problems.append("has a broken Markdown link — write links as [words](https://…)")
    for target in link_targets(english):
        if target not in link_targets(words):
            problems.append(
                f"the link to {target} is missing — keep the English's links as "
                "[words in your language](the same address)"
            )
    if entry.list_item is not None and _LIST_IN_ONE.search("\n" + words.strip()):
        name, count = entry.list_item
        problems.append(
            f"holds several items — the English has {count} {name}, each its own "
            "entry: translate this one as one"
        )
    if entry.sms and entry.block.link_for is not None:
        sent = fill(words, library.school) if entry.block.kind == "guide" else words
        if problem := sms.too_long(sent, entry.block.link_for(language)):
            problems.append(f"SMS: {problem}")
    if "\ufeff" in words:
        problems.append("holds an invisible byte-order mark (U+FEFF) — delete it")
    return problems


def _new_block(
    outcome: Outcome,
    files: dict[str, YamlFile],
    root: Path,
    block: Block,
    translatable: TranslatableStrings,
    language: str,
    found: Mapping[str, tuple[Entry, Returned]],
    provenance: str,
    name: str,
    fuzzy: bool,
) -> None:
    """A language block that does not exist yet: written when every required string is there."""
    entries = [entry for entry in translatable.entries if entry.block is block]
    required = [entry for entry in entries if not entry.optional]
    lacking = [entry for entry in required if entry.context not in found]
    if lacking:
        first = lacking[0]
        what = (
            f"{len(lacking)} of its {len(required)} strings are not translated yet"
            if len(lacking) > 1
            else "1 string is not translated yet"
        )
        item = next((entry.list_item for entry in lacking if entry.list_item is not None), None)
        hint = f" (the English has {item[1]} {item[0]}: translate each one)" if item else ""
        outcome.notices.append(
            f"{name}: {block.key}: a new {language} translation is written "
            f"once all its strings are translated: {what}{hint}, such as "
            f"{first.context} — nothing written for it yet"
        )
        return
    data: dict[str, Any] = {"translation": provenance}
    if not fuzzy:
        data["translated_from"] = Quoted(block.current or "")
    for entry in entries:
        if entry.context in found:
            _put_new(data, entry.location[2:], found[entry.context][1].translation)
    place = block.block_place(language) if block.block_place else None
    assert place is not None
    try:
        _file(files, root, place.file).set((*place.location, language), data)
    except EditError as exc:
        outcome.problems.append(f"{name}:1: {block.key}: {exc}")


def _put_new(data: dict[str, Any], location: tuple, value: str) -> None:
    """Put `value` at `location` ("sections", 0, "heading") in nested new data."""
    target: Any = data
    for part, following in zip(location, (*location[1:], None), strict=True):
        if following is None:
            if isinstance(part, int):
                target.append(value)
            else:
                target[part] = value
            return
        container: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if part >= len(target):
                target.append(container)
            target = target[part]
        else:
            target = target.setdefault(part, container)


def _check_whole(
    root: Path,
    library: Library,
    new_texts: Mapping[str, str],
    translatable: TranslatableStrings,
    language: str,
    outcome: Outcome,
    name: str,
    po_lines: Mapping[str, int],
) -> None:
    """Read the content as it would be, as the build reads it: any mistake is refused."""
    from .cli import site_extra, site_url

    lines: dict[tuple[str, str], str] = {}
    for entry in translatable.entries:
        place = entry.place(language)
        lines[(place.file, field_name(place.location))] = entry.context
    with tempfile.TemporaryDirectory(prefix="kitchen-table-import-") as scratch:
        copy = Path(scratch)
        shutil.copytree(root / "content", copy / "content")
        shutil.copy2(root / "mkdocs.yml", copy / "mkdocs.yml")
        for path, text in new_texts.items():
            (copy / path).write_text(text, encoding="utf-8")
        try:
            load_library(
                copy,
                library.languages,
                site_extra(root / "mkdocs.yml"),
                site_url=site_url(root / "mkdocs.yml"),
            )
        except ContentInvalid as invalid:
            for error in invalid.errors:
                context = lines.get((error.path, error.field))
                if context:
                    outcome.problems.append(
                        f"{name}:{po_lines.get(context, 1)}: {context}: {error.problem}"
                    )
                else:
                    outcome.problems.append(
                        f"{name}:1: {error.path}:{error.line}: {error.field}: {error.problem}"
                    )


def provenance_label(value: str) -> str:
    return value if value != NOT_RECORDED else "not recorded"
