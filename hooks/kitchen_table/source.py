"""Reading one YAML content file into plain data, remembering the line of every key and item.

PyYAML's `safe_load` loses line numbers, keeps the last of two duplicate keys without a word and
expands anchors and aliases (a "billion laughs" file can exhaust memory). Here the file is composed
into YAML nodes and walked by hand: duplicate keys, aliases and unusual tags are refused with the
line where they stand, and every value's position is kept for error messages.

That careful reading is slow (a thousand cards in eight languages take seconds), and a library's
files are nearly all correct. So a plain file (no tags, anchors, aliases, merge keys, tabs, second
documents or number forms that YAML 1.1 and 1.2 read differently, every text one that PyYAML also
reads as text) is read by yaml-rs, three times faster, giving the same data; its lines are found
by the careful reading only when an error needs one. Anything else is read carefully at once.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
import yaml_rs

from .errors import ContentError

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40

Location = tuple[str | int, ...]
"""A place in a document: ("text", "es", "steps", 2) for text.es.steps[2]."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


_PLAIN_KEY = re.compile(r"[\w-]+")


def field_name(location: Location) -> str:
    """`("text", "es", "steps", 2)` -> `text.es.steps[2]`, as editors see it in the file. A key
    that is not a plain name is quoted (`text[":"]`), so the message stays `file:line: field:`."""
    name = ""
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        elif not _PLAIN_KEY.fullmatch(str(part)):
            name += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
        else:
            name += f".{part}" if name else str(part)
    return name or "(top level)"


@dataclass
class Document:
    """A content file's data and where each part of it stands."""

    path: str
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    number_like: dict[Location, str] = field(default_factory=dict)
    """Unquoted values PyYAML reads as text and YAML 1.2 tools as numbers (1717889e20): refused
    by `schemas.validate`, as check-jsonschema refuses them, after the file is read."""
    unread_lines: str | None = field(default=None, repr=False)
    """The text of a quickly read file, whose lines are found when one is first needed."""
    literal: bool = field(default=False, repr=False)
    """True when every text and key of `data` is written in the file as it stands: read from a
    file without a backslash (no escape such as \\u202e or \\x1c, no escaped line break), so
    a character is in the data only if it is in `text`. The checks that look for a character
    then look in `text`, once, instead of in every value."""
    text: str | None = field(default=None, repr=False)
    """The file's text, when `literal` (what the data was read from)."""
    odd_characters: bool = field(default=True, repr=False)
    """False when `text` was found to hold no control character and no direction control."""

    def line(self, location: Location) -> int:
        """The line of `location`, or of its nearest parent that has one."""
        if self.unread_lines is not None:
            text, self.unread_lines = self.unread_lines, None
            careful = Document(self.path)
            _compose(text, careful)
            self.lines = careful.lines
            self.errors.extend(careful.errors)  # none: the quick reading took only plain files
        while location:
            if location in self.lines:
                return self.lines[location]
            location = location[:-1]
        return self.lines.get((), 1)

    def error(self, location: Location, problem: str) -> None:
        where = field_name(location)
        self.errors.append(ContentError(self.path, self.line(location), where, problem))


def folder_files(folder: Path) -> list[Path]:
    """A content folder's files in name order; hidden files and subfolders are passed over,
    except a folder named like a content file (`x.yml/`), which read_document reports."""
    if not folder.is_dir():
        return []
    return [
        file
        for file in sorted(folder.iterdir())
        if not file.name.startswith(".") and (not file.is_dir() or file.suffix == ".yml")
    ]


def file_problem(file: Path) -> str | None:
    """Why `file` cannot be read as a content file (missing, a folder, a FIFO or other special
    file, unreadable), or None. Asked before opening it: reading a FIFO would wait forever."""
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        return "the file is missing — restore it (git checkout -- the file) or create it"
    except NotADirectoryError:
        return "a folder on its path is a file — put the folder back (git checkout -- the folder)"
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror}) — check its permissions"
    if stat.S_ISDIR(mode):
        return (
            "this is a folder, not a file — move the folder away and put the file back "
            "(git checkout -- the file)"
        )
    if not stat.S_ISREG(mode):
        return (
            "this is not a regular file (a pipe, socket or device) — replace it with an "
            "ordinary text file"
        )
    return None


def folder_problem(folder: Path) -> str | None:
    """Why a content folder that should hold files is not a folder, or None."""
    if folder.exists() and not folder.is_dir():
        return (
            "this should be a folder of .yml files but it is a file — move the file away "
            "and put the folder back (git checkout -- the folder)"
        )
    return None


def not_a_content_file(display: str) -> ContentError:
    """The mistake of a file without .yml in a folder of <id>.yml files."""
    return ContentError(
        display,
        1,
        "file name",
        "only <id>.yml files belong in this folder — rename it to end in .yml, or move it out",
    )


def content_files(
    folder: Path, root: Path, errors: list[ContentError]
) -> Iterator[tuple[Path, str]]:
    """The `<id>.yml` files of a content folder (cards, guides, resources) in name order, each
    with its path as editors see it. Any other file is an error, added to `errors` in the same
    order; hidden files and subfolders are passed over."""
    for file in folder_files(folder):
        display = file.relative_to(root).as_posix()
        if file.suffix != ".yml":
            errors.append(not_a_content_file(display))
            continue
        yield file, display


ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""What a file name (and so a web address) may be: lowercase words joined by hyphens."""


def check_id(
    doc: Document, stem: str, *, reserved: set[str], reserved_for: str, example: str
) -> None:
    """The file's id is its name: a valid, visible, unreserved name, the same as `id:`."""
    data = doc.data
    hidden = invisible_character(stem) or invisible_character(str(data.get("id", "")))
    if hidden:
        doc.error(
            ("id",),
            f"the file name or id holds an invisible character ({hidden}) — "
            "delete it (retype the name)",
        )
    elif not ID_FORM.match(stem):
        doc.error(
            ("id",),
            f'the file name "{stem}" is not a valid id — use lowercase letters, '
            f"digits and hyphens only, e.g. {example}",
        )
    elif stem in reserved:
        doc.error(("id",), f'"{stem}" is reserved for {reserved_for} — choose another id')
    elif isinstance(data.get("id"), str) and data["id"] != stem:
        # quoted as JSON quotes it: a line break in the id stays visible and on the one line
        doc.error(
            ("id",),
            f"{json.dumps(data['id'], ensure_ascii=False)} differs from the file "
            f'name "{stem}" — the id and the file name must be the same: write '
            f"id: {stem} (or rename the file)",
        )


def id_clash(file: Path, display: str, seen: dict[str, str]) -> str | None:
    """What is wrong when an earlier file of the folder has the same id (ids become web
    addresses, so case does not tell them apart); `seen` remembers the ids met so far."""
    key = file.stem.lower()
    if key in seen:
        return (
            f"the id {file.stem} is used by {seen[key]} too — "
            "give one of them a different id and file name"
        )
    seen[key] = display
    return None


def read_document(file: Path, display_path: str) -> Document:
    """Read one content file. Problems are collected in `Document.errors`; nothing is raised."""
    doc = Document(display_path)
    if file.is_symlink():
        doc.error((), "the file is a symbolic link — replace it with the real file")
        return doc
    problem = file_problem(file)
    if problem is not None:
        doc.errors.append(ContentError(display_path, 1, "file", problem))
        return doc
    try:
        with file.open("rb") as opened:
            raw = opened.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        doc.errors.append(
            ContentError(
                display_path,
                1,
                "file",
                f"the file cannot be read ({exc.strerror}) — check its permissions",
            )
        )
        return doc
    if len(raw) > MAX_FILE_BYTES:
        size = max(len(raw), file.stat().st_size)
        doc.error(
            (),
            f"the file is {size // 1024} KB, over the {MAX_FILE_BYTES // 1024} KB "
            "limit — a content file holds one short item; split or shorten it",
        )
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.errors.append(
            ContentError(
                display_path, line, "yaml", "this line is not UTF-8 text — save the file as UTF-8"
            )
        )
        return doc
    return read_text(text, display_path)


def read_text(text: str, display_path: str) -> Document:
    """Read a content file's text (what read_document does once the file is read)."""
    doc = Document(display_path)
    if _only_comments(text):
        doc.error((), "the file is empty — fill in the fields (see the README's editor guide)")
        return doc
    # the exact scan walks every character: first a bound it cannot exceed, nearly free (the
    # brackets, and half the longest run of spaces and dashes: indentation can be no longer)
    room = 2 * (MAX_DEPTH - text.count("[") - text.count("{") + 1)
    deep = room <= 0 or " " * room in text.replace("-", " ")
    depth, line = _deepest_nesting(text) if deep else (0, 1)
    if depth > MAX_DEPTH:
        doc.errors.append(
            ContentError(
                display_path,
                line,
                "yaml",
                f"nested {depth} levels deep here — a content file needs "
                "only a few levels: check the brackets and indentation",
            )
        )
        return doc
    odd = _ODD_CHARACTER.search(text) is not None  # one look for two checks, nearly always no
    quick = _quick_data(text, odd)
    if quick is _READ_CAREFULLY:
        _compose(text, doc)
    else:
        doc.data, doc.unread_lines = quick, text
    if "\\" not in text:
        doc.literal, doc.text, doc.odd_characters = True, text, odd
    return doc


def may_hold(doc: Document, *parts: str) -> bool:
    """Whether a text of `doc` may hold one of `parts`: always, unless the data is literal (see
    Document.literal) and its file has none of them."""
    return not doc.literal or doc.text is None or any(part in doc.text for part in parts)


def _only_comments(text: str) -> bool:
    """True when every line of `text` is blank or a comment. A file's first lines nearly always
    say no: they are looked at first (the lines wholly inside its head are the file's own)."""
    head = text[:2048]
    lines = head.splitlines()
    if len(head) < len(text):
        lines.pop()  # may be cut short
    if any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return False
    return not text.strip() or all(
        ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()
    )


DIRECTION_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Invisible embeddings, overrides and isolates: they can show words in another order than
they are written (a link or a phone number reversed). The site sets each text's direction."""
DIRECTION_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
"""The characters DIRECTION_CONTROL finds, one by one (looking for each with `in` is faster)."""


def report_direction_controls(doc: Document) -> None:
    """An error for each text (or key) of `doc` holding a direction control (schemas.validate
    asks, so that these are reported with every other mistake of the file)."""
    todo: list[tuple[Location, Any]] = [((), doc.data)]
    while todo:
        location, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(((*location, key), item) for key, item in value.items())
            found = next((k for k in value if DIRECTION_CONTROL.search(str(k))), None)
            if found is not None:
                value = found
            else:
                continue
        elif isinstance(value, list):
            todo.extend(((*location, index), item) for index, item in enumerate(value))
            continue
        if isinstance(value, str) and (control := DIRECTION_CONTROL.search(value)):
            doc.error(
                location,
                f"holds an invisible direction control (U+"
                f"{ord(control.group(0)):04X}) that can show the words in "
                "another order than they are written — delete it (the site "
                "sets each language's direction itself)",
            )


_READ_CAREFULLY = object()
_NO_ALIASES = yaml_rs.AliasLimits(max_alias_expansions_per_anchor=0)
_TAG = re.compile(r"!(?<=[\s\[{,]!)")
"""A tag where a value starts (yaml-rs drops unknown tags without a word)."""
_ANCHOR = re.compile(r"&(?<=[\s\[{,]&)\S")
"""An anchor where a value starts (YAML 1.2 allows names that libyaml refuses)."""
_NUMBER_WITH_UNDERSCORE = re.compile(r"_(?<=[\s\d\[{,+\-.]_)[\d_.]*[ ]*(?:$|[,\]}]| #)", re.M)
"""A number such as _0 or 1_0: the two read the underscores differently."""
_FLOW_LIST = re.compile(r"\[(?=[^\]\n]*[|>?:{\[]|\s*-|[^\]\n]*,\s*-|[^\]\n]*$)", re.M)
"""A [list] written over several lines, or holding what YAML 1.1 and 1.2 read differently in
one (| > ? : - [ {); a plain one such as grades: [1, 2] is read quickly."""
_FLOW_MAP = re.compile(r"\{(?<=[\s\[{,]\{)(?<![^\s:?,\[{-] \{)")
"""A {mapping} where a value may start: after a space, a bracket or a comma, but not after a
word and a space (call {school.office_phone}: the middle of a text or a comment)."""
# Each pattern starts with the one character it is about, so that the search skips quickly
# to it; what stands before that character is looked behind it.
_LEADING_ZERO = re.compile(
    r"0(?:(?<=[\s\[{,]0)|(?<=[\s\[{,][-+]0))[0-9oO_][0-9_]*[ ]*"
    r"(?:$|[,\]}]| #)",
    re.M,
)
"""A whole number such as 012, -012 or 0o12: octal to PyYAML (YAML 1.1), decimal or text to
yaml-rs. Only where a value starts: a phone number such as 555-0121 is text to both."""
_FLOAT_FORM = re.compile(
    r"[eE](?<=[\d.][eE])[-+]?\d+[ ]*(?:$|[,\]}]| #)|\.(?<=[\s\[{,][-+]\.)", re.M
)
"""A number with an exponent (1e3, 1.5e3: text to PyYAML unless written 1.5e+3) or a sign before
its point (-.5: text to PyYAML); other decimals (-72.5745) are the same number to both. Each
such form is a float to yaml-rs, so this is looked for only in a file that has a float."""
_UNREADABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]"
)
"""Characters PyYAML refuses or takes for line breaks, and yaml-rs reads as text."""
_ODD_CHARACTER = re.compile(f"{_UNREADABLE.pattern[:-1]}{DIRECTION_CONTROL.pattern[1:]}")
"""An unreadable character or a direction control: most files have neither, and one search
says so for both."""
_NEEDS_CARE = (
    _TAG,
    _ANCHOR,
    _NUMBER_WITH_UNDERSCORE,
    _LEADING_ZERO,
    _FLOW_LIST,
    _FLOW_MAP,
)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_AS_TEXT = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_NUMBER_STARTS = frozenset("+-.0123456789")
"""How a number (or a timestamp) starts: a text starting otherwise is a boolean, a null or one
of YAML's marks (~, <<, =, !) only if it is as short as _LONGEST_WORD_FORM."""
_LONGEST_WORD_FORM = 6
"""false, FALSE: the longest of those, and the line break after it that a pattern's $ lets
through (test_quick_reading checks that every resolver keeps to it)."""


def _quick_data(text: str, odd: bool = True) -> Any:
    """The file's data read by yaml-rs, or _READ_CAREFULLY when the file is not plain enough
    for that reading to be sure to equal the careful one. `odd` False: `text` is known to hold
    no _ODD_CHARACTER."""
    if (
        not text.endswith("\n")
        or "\t" in text
        or "\n---" in text
        or "\n..." in text
        or text.lstrip().startswith(("---", "...", "!", "&", "{", "["))
        or any(pattern.search(text) for pattern in _NEEDS_CARE)
        or (odd and _UNREADABLE.search(text))
    ):
        return _READ_CAREFULLY
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=_NO_ALIASES)
    except (yaml_rs.YAMLDecodeError, ValueError, RecursionError):
        return _READ_CAREFULLY  # the careful reading explains what is wrong, with the line
    # a content file is a mapping; other documents (a lone block scalar...) are read carefully
    return data if type(data) is dict and _read_alike(data, text) else _READ_CAREFULLY


def _written_plain(value: str, text: str) -> bool:
    """Whether `value` may stand in `text` without quotes, where a value can: after a key, a
    dash, a bracket or a comma, or alone on a line, up to the line's end, a comment or the
    flow's next comma or bracket. Only such a plain one is a number or boolean to YAML 1.1
    (opens: "12:00" in quotes is text to both readings, 12:00 bare is 720 to PyYAML)."""
    start = text.find(value)
    while start != -1:
        end = after = start + len(value)
        while after < len(text) and text[after] in " \r":
            after += 1
        follows = text[after] if after < len(text) else "\n"
        if (start == 0 or text[start - 1].isspace() or text[start - 1] in "[{,") and (
            follows in "\n,]}:" or (follows == "#" and after > end)
        ):
            return True
        start = text.find(value, start + 1)
    return False


def _read_alike(data: Any, text: str) -> bool:
    """True when PyYAML would have read `data` the same way: every key is text (the careful
    reading keeps keys as written), no merge key, no blank text, and no text that YAML 1.1 reads
    as a boolean or number (yes, no, on, off, 1:30) where it stands unquoted. A float is alike
    once _FLOAT_FORM found none of the forms the two read differently (1e3 is a number to
    yaml-rs, text to PyYAML)."""
    todo = [data]
    floats_checked: bool | None = None
    while todo:
        value = todo.pop()
        kind = type(value)
        if kind is str:
            if value.isspace():  # an empty block scalar: "" to PyYAML, "\n" to yaml-rs
                return False
            if (
                value
                and value[0] in _IMPLICIT
                and (len(value) <= _LONGEST_WORD_FORM or value[0] in _NUMBER_STARTS)
                and any(
                    tag not in _AS_TEXT and pattern.match(value)
                    for tag, pattern in _IMPLICIT[value[0]]
                )
                and _written_plain(value, text)
            ):
                return False
        elif kind is dict:
            for key in value:
                if type(key) is not str or key == "<<":
                    return False
            todo.extend(value.values())
        elif kind is list:
            todo.extend(value)
        elif kind is float:
            if value != value:  # .nan: read alike, but never equal to itself
                return False
            if floats_checked is None:
                floats_checked = _FLOAT_FORM.search(text) is None
            if not floats_checked:
                return False
        elif value is not None and kind is not bool and kind is not int:
            return False
    return True


def _deepest_nesting(text: str) -> tuple[int, int]:
    """A quick over-estimate of how deeply brackets and indentation nest, and where.

    libyaml's parser recurses in C and crashes the whole process (no exception) on a few
    thousand nested brackets, so the depth is measured before it sees the file.
    """
    deepest, deepest_line, brackets = 0, 1, 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" -")
        block = (len(line) - len(stripped)) // 2
        widest = brackets
        quote = None
        for char in line:
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char in "[{":
                brackets += 1
                widest = max(widest, brackets)
            elif char in "]}":
                brackets = max(0, brackets - 1)
            elif char == "#":
                break
        if widest + block > deepest:
            deepest, deepest_line = widest + block, number
    return deepest, deepest_line


# libyaml (shipped in PyYAML's wheels) scans about ten times faster than the pure-Python loader.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, doc: Document) -> None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        doc.errors.append(
            ContentError(
                doc.path,
                line,
                "yaml",
                f"this line holds a control character (U+{code:04X}) that "
                "YAML does not allow — it is usually invisible: delete and retype the line",
            )
        )
        return
    except yaml.MarkedYAMLError as exc:
        doc.errors.append(_syntax_error(doc.path, exc, text))
        return
    except yaml.YAMLError as exc:
        summary = " ".join(str(exc).split())
        doc.error((), f"not valid YAML ({summary}) — check the indentation and quotes")
        return
    finally:
        loader.dispose()
    if node is None:
        doc.error((), "the file is empty — fill in the fields (see the README's editor guide)")
        return
    doc.lines[()] = node.start_mark.line + 1
    walker = _Walker(doc, loader)
    doc.data = walker.value(node, ())
    if doc.data is None and not doc.errors:  # a lone "---" or "..."
        doc.error((), "the file is empty — fill in the fields (see the README's editor guide)")


def _syntax_error(path: str, exc: yaml.MarkedYAMLError, text: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "quoted scalar" in context:
        return ContentError(
            path,
            opened,
            "yaml",
            "the quote that opens on this line is never closed — add the closing quote mark",
        )
    if "flow sequence" in context or "flow mapping" in context:
        return ContentError(
            path,
            opened,
            "yaml",
            "the [ or { on this line is never closed — "
            "close it, or put text that starts with [ or { in quotes",
        )
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "'\\t'" in problem:
        how = "a tab is used for indenting — YAML needs spaces: replace the tab with spaces"
    elif "but found another document" in problem:
        how = "there is a second document (---) — keep one card per file"
    else:
        how = (
            f"not valid YAML ({problem or 'syntax error'}) — check the indentation, and put "
            "text in quotes when it holds ': ' or ' #' or starts with {, [, *, &, ! or a quote"
        )
    return ContentError(path, line, "yaml", how)


class _Walker:
    """Turns YAML nodes into plain data, recording lines, refusing what editors never need."""

    def __init__(self, doc: Document, loader: Any) -> None:  # libyaml's loader or PyYAML's
        self.doc = doc
        self.loader = loader
        self.seen: set[int] = set()
        self.alias_reported = False

    def value(self, node: yaml.Node, location: Location, depth: int = 0) -> Any:
        if id(node) in self.seen:  # only an alias brings back a node already walked
            if not self.alias_reported:
                self.alias_reported = True
                self.doc.error(
                    location,
                    "anchors and aliases (& and *) are not allowed — write the value out in full",
                )
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.doc.error(location[:3], "nested too deeply — a card needs only a few levels")
            return None
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.doc.error(
                location,
                f"the tag {_as_typed(node.tag)} is not allowed — write "
                "plain text, numbers or lists",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.doc.lines[(*location, index)] = item.start_mark.line + 1
                items.append(self.value(item, (*location, index), depth + 1))
            return items
        return self._scalar(cast(yaml.ScalarNode, node), location)  # neither of the above

    def _mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            plain_key = isinstance(key_node, yaml.ScalarNode)
            if not plain_key or key_node.tag == "tag:yaml.org,2002:merge":
                self.doc.errors.append(
                    ContentError(
                        self.doc.path,
                        line,
                        field_name(location),
                        "this key is not a plain name (merge keys << and complex keys are not "
                        "allowed) — write a simple name followed by a colon",
                    )
                )
                continue
            key = key_node.value
            here = (*location, key)
            if key in result:
                self.doc.errors.append(
                    ContentError(
                        self.doc.path,
                        line,
                        field_name(here),
                        f"'{key}' appears twice here (first on line {self.doc.lines[here]}) — "
                        "keep one and delete the other",
                    )
                )
                continue
            self.doc.lines[here] = line
            result[key] = self.value(value_node, here, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, location: Location) -> Any:
        if node.tag == _STR_TAG:  # most values: the text itself, as the constructor would give
            if not node.style and YAML12_NUMBER.match(node.value):  # plain: None or ""
                self.doc.number_like[location] = node.value  # reported with the schema's errors
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text: the schema checks their form
        if node.tag not in _PLAIN_TAGS:
            self.doc.errors.append(
                ContentError(
                    self.doc.path,
                    node.start_mark.line + 1,
                    field_name(location),
                    f"the tag {_as_typed(node.tag)} is not allowed — write plain text, numbers or "
                    "lists",
                )
            )
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            return node.value


_STR_TAG = "tag:yaml.org,2002:str"
YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z"
    r"|0o[0-7]+\Z|0x[0-9a-fA-F]+\Z|[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z"
)
"""What the YAML 1.2 core schema reads as a number; PyYAML (YAML 1.1) reads some of it as
text (1717889e20, 1.5e3, 0o17), so such an unquoted value means two things to two readers."""
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _as_typed(tag: str) -> str:
    """`tag:yaml.org,2002:python/name:os.system` -> `!!python/name:os.system`, as written."""
    return tag.replace("tag:yaml.org,2002:", "!!")


_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


def invisible_character(text: str) -> str | None:
    """The first zero-width or direction-control character: they make look-alike ids."""
    found = _INVISIBLE.search(text)
    return f"U+{ord(found.group(0)):04X}" if found else None
